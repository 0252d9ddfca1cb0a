//! The real Discord adapter (serenity and poise) running against a [`FakeDiscord`], with
//! helpers to dispatch slash commands and button presses and read the responses.

use std::time::Duration;

use ketenwacht::config::{DiscordSettings, RoleSettings};
use ketenwacht::conversation::Conversation;
use ketenwacht::platforms::discord::{serve, Token};
use ketenwacht::store::Store;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fake_discord::{interaction, FakeDiscord, Recorded};

pub const WAIT: Duration = Duration::from_secs(20);
/// The guild channel of the `*_guild.json` interaction fixtures.
pub const GUILD_CHANNEL: &str = "600000000000000001";
/// The direct message channel of the `*_dm.json` interaction fixtures.
pub const DM_CHANNEL: &str = "600000000000000002";
/// Permissions of a member who may configure the channel: View Channel, Send Messages and
/// Manage Channels.
pub const MANAGER: &str = "3088";
/// Permissions of a member who may not: View Channel and Send Messages.
pub const MEMBER: &str = "3072";
/// Flag of a message shown to the requesting member only.
pub const EPHEMERAL: u64 = 64;
/// Interaction response types (Discord API v10).
pub const NEW_MESSAGE: u64 = 4;
pub const UPDATED_MESSAGE: u64 = 7;

pub struct Bot {
    pub fake: FakeDiscord,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    next_interaction: u64,
    roles: RoleSettings,
}

impl Bot {
    /// Starts the adapter against a fresh fake and waits until the commands are registered.
    pub async fn start(store: &Store) -> Bot {
        Bot::start_with_roles(store, RoleSettings::default()).await
    }

    /// Starts the adapter with `roles` deciding who is staff, against a fresh fake.
    pub async fn start_with_roles(store: &Store, roles: RoleSettings) -> Bot {
        Bot::start_on(FakeDiscord::start().await, store, 0, roles).await
    }

    /// Starts the adapter against `fake`, numbering its interactions after `last_interaction`,
    /// and waits until this client has registered the commands.
    async fn start_on(fake: FakeDiscord, store: &Store, last_interaction: u64, roles: RoleSettings) -> Bot {
        let skip = fake.requests().len();
        let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
        let (stop, stopped) = oneshot::channel::<()>();
        let store = store.clone();
        let task_roles = roles.clone();
        let task = tokio::spawn(async move {
            let stopped = async move {
                let _ = stopped.await;
            };
            serve(store.clone(), &settings, Conversation::new(store).with_roles(task_roles), &Token::new("fake-bot-token"), stopped).await.expect("the adapter runs");
        });
        fake.wait_identified(WAIT).await;
        fake.wait_for("command registration", skip, WAIT, |request| request.is("PUT", "/commands")).await;
        Bot { fake, stop: Some(stop), task, next_interaction: last_interaction, roles }
    }

    /// Stops the adapter and starts a new one over `store` against the same fake, as after a
    /// restart of the service.
    pub async fn restart(mut self, store: &Store) -> Bot {
        let last_interaction = self.next_interaction;
        self.shut_down().await;
        let roles = self.roles.clone();
        Bot::start_on(self.fake, store, last_interaction, roles).await
    }

    /// Dispatches a slash command and returns the first response to it.
    pub async fn command(&mut self, fixture_name: &str, name: &str, options: Value, permissions: &str) -> Value {
        let mut payload = self.next_payload(fixture_name);
        payload["data"]["name"] = json!(name);
        payload["data"]["options"] = options;
        if payload.get("member").is_some() {
            payload["member"]["permissions"] = json!(permissions);
        }
        self.respond(payload, name).await
    }

    /// Dispatches a slash command with `attachment` (an Attachment object) resolved for its
    /// attachment option `options`, and returns the first response to it.
    pub async fn command_with_file(&mut self, fixture_name: &str, name: &str, options: Value, attachment: Value) -> Value {
        let mut payload = self.next_payload(fixture_name);
        let id = attachment["id"].as_str().expect("an attachment id").to_owned();
        payload["data"]["name"] = json!(name);
        payload["data"]["options"] = options;
        payload["data"]["resolved"] = json!({"attachments": {id: attachment}});
        self.respond(payload, name).await
    }

    /// Dispatches a press on the button with `custom_id` on a message shown to everyone in the
    /// guild channel, and returns the response to it.
    pub async fn press(&mut self, custom_id: &str, permissions: &str) -> Value {
        self.press_on("interaction_component_guild.json", custom_id, permissions, false).await
    }

    /// Dispatches a press on the button with `custom_id` on the message of `fixture_name`,
    /// flagged as shown to the member only when `ephemeral`, and returns the response to it.
    pub async fn press_on(&mut self, fixture_name: &str, custom_id: &str, permissions: &str, ephemeral: bool) -> Value {
        let mut payload = self.next_payload(fixture_name);
        payload["data"]["custom_id"] = json!(custom_id);
        if payload.get("member").is_some() {
            payload["member"]["permissions"] = json!(permissions);
        }
        payload["message"]["flags"] = json!(if ephemeral { EPHEMERAL } else { 0 });
        self.respond(payload, custom_id).await
    }

    /// Dispatches the interaction of `fixture_name` after `edit` changed it, such as its member's
    /// roles or its options, and returns the first response to it.
    pub async fn interact(&mut self, fixture_name: &str, what: &str, edit: impl FnOnce(&mut Value)) -> Value {
        let mut payload = self.next_payload(fixture_name);
        edit(&mut payload);
        self.respond(payload, what).await
    }

    /// Returns the number of the last interaction dispatched, which names its token.
    pub fn last_interaction(&self) -> u64 {
        self.next_interaction
    }

    /// Waits until the response to interaction `number` or one of its follow-up messages
    /// contains `text`, and returns the contents of all of them in order.
    pub async fn wait_for_text(&self, number: u64, text: &str) -> Vec<String> {
        let (response, followup) = (format!("/interaction-token-{number}/callback"), format!("/interaction-token-{number}"));
        let belongs = move |request: &Recorded| request.method == "POST" && (request.path.ends_with(&response) || request.path.ends_with(&followup));
        let what = format!("{text:?} in the messages of interaction {number}");
        self.fake
            .wait_for(&what, 0, WAIT, |request| belongs(request) && message_content(request).is_some_and(|content| content.contains(text)))
            .await;
        self.fake.requests().iter().filter(|request| belongs(request)).filter_map(message_content).collect()
    }

    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    async fn shut_down(&mut self) {
        let _ = self.stop.take().expect("the adapter is running").send(());
        let task = &mut self.task;
        tokio::time::timeout(WAIT, task).await.expect("the adapter stops on request").expect("the adapter task ends cleanly");
    }

    fn next_payload(&mut self, fixture_name: &str) -> Value {
        self.next_interaction += 1;
        interaction(fixture_name, self.next_interaction)
    }

    async fn respond(&self, payload: Value, what: &str) -> Value {
        let skip = self.fake.requests().len();
        let id = payload["id"].as_str().unwrap().to_owned();
        let token = payload["token"].as_str().unwrap().to_owned();
        self.fake.dispatch_interaction(payload);
        let path = format!("/interactions/{id}/{token}/callback");
        let request = self.fake.wait_for(&format!("the response to {what}"), skip, WAIT, |request| request.is("POST", &path)).await;
        let body = request.json.expect("the response has a JSON body");
        if body["data"].get("content").is_some() {
            assert_eq!(body["data"]["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}), "{what}: {body}");
        }
        body
    }
}

/// Returns the content of an interaction response or follow-up message.
fn message_content(request: &Recorded) -> Option<String> {
    let body = request.json.as_ref()?;
    let content = body["data"]["content"].as_str().or(body["content"].as_str())?;
    Some(content.to_owned())
}

pub fn content(response: &Value) -> &str {
    response["data"]["content"].as_str().unwrap_or_default()
}

pub fn flags(response: &Value) -> u64 {
    response["data"]["flags"].as_u64().unwrap_or_default()
}

pub fn button_ids(response: &Value) -> Vec<String> {
    let rows = response["data"]["components"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}
