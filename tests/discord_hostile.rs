//! Attacks on the Discord adapter with the real serenity client against the fake Discord: the
//! token in a trace-level log, members without a permissions field, and member text that tries
//! to ping or format.

mod support;

use std::process::Command;
use std::time::Duration;

use ketenwacht::config::DiscordSettings;
use ketenwacht::domain::{ChatRef, Platform};
use ketenwacht::conversation::Conversation;
use ketenwacht::platforms::discord::{serve, Token};
use ketenwacht::store::Store;
use serde_json::{json, Value};
use support::fake_discord::{interaction, FakeDiscord};

const TOKEN: &str = "hostile-test-token-never-logged";
const WAIT: Duration = Duration::from_secs(60);
/// The channel of the guild fixtures.
const GUILD_CHANNEL: &str = "600000000000000001";
/// View Channel, Send Messages and Manage Channels.
const MANAGER: &str = "3088";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_log_hides_token() {
    let folder = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
    let fake = FakeDiscord::start().await;
    let (mut command, log_path) = support::process::run_command(folder.path(), &database, "trace");
    command
        .env("DISCORD_TOKEN", TOKEN)
        .env("KETENWACHT_DISCORD_API_URL", fake.url());
    let mut child = command.spawn().expect("ketenwacht run starts");

    fake.wait_identified(WAIT).await;
    fake.wait_for("command registration", 0, WAIT, |request| request.is("PUT", "/commands")).await;
    let mut help = interaction("interaction_slash_guild.json", 1);
    help["data"]["name"] = json!("help");
    let id = help["id"].as_str().unwrap().to_owned();
    fake.dispatch_interaction(help);
    let path = format!("/interactions/{id}/interaction-token-1/callback");
    fake.wait_for("the answer to /help", 0, WAIT, |request| request.is("POST", &path)).await;

    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "ketenwacht exited with {status}");

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("Discord commands registered"), "the log is not at trace level");
    support::process::assert_no_secret(&log, TOKEN);
    let line = log.lines().find(|line| line.contains("interaction-token-1"));
    assert!(line.is_none(), "an interaction token appears in the log: {}", line.unwrap_or_default().chars().take(300).collect::<String>());
}

// ---------------------------------------------------------------------------------------------
// The adapter in this process

struct Bot {
    fake: FakeDiscord,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Bot {
    async fn start(store: &Store) -> Bot {
        let fake = FakeDiscord::start().await;
        let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let store = store.clone();
        let task = tokio::spawn(async move {
            let stopped = async move {
                let _ = stopped.await;
            };
            serve(store.clone(), &settings, Conversation::new(store), &Token::new("fake-bot-token"), stopped).await.expect("the adapter runs");
        });
        fake.wait_identified(WAIT).await;
        fake.wait_for("command registration", 0, WAIT, |request| request.is("PUT", "/commands")).await;
        Bot { fake, stop: Some(stop), task }
    }

    /// Dispatches `payload` as interaction `number` and returns the callback response to it.
    async fn respond(&self, payload: Value, number: u64) -> Value {
        let skip = self.fake.requests().len();
        let id = payload["id"].as_str().unwrap().to_owned();
        self.fake.dispatch_interaction(payload);
        let path = format!("/interactions/{id}/interaction-token-{number}/callback");
        let request = self.fake.wait_for("the response", skip, WAIT, |request| request.is("POST", &path)).await;
        request.json.expect("the response has a JSON body")
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(WAIT, self.task).await.expect("the adapter stops").expect("the adapter task ends cleanly");
    }
}

async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    (store, folder)
}

fn guild_chat() -> ChatRef {
    ChatRef::new(Platform::Discord, GUILD_CHANNEL)
}

/// A guild member whose interaction carries no `permissions` field may not subscribe the channel,
/// neither by command nor by pressing a confirm button.
#[tokio::test]
async fn member_without_permissions_is_refused() {
    let (store, _folder) = sqlite_store().await;
    let bot = Bot::start(&store).await;

    let mut command = interaction("interaction_slash_guild.json", 1);
    command["data"]["name"] = json!("subscribe");
    command["data"]["options"] = json!([{"name": "tier", "type": 4, "value": 0}]);
    command["member"].as_object_mut().unwrap().remove("permissions");
    let refused = bot.respond(command, 1).await;
    assert_eq!(refused["data"]["flags"].as_u64().unwrap_or_default() & 64, 64, "{refused}");
    assert!(store.subscription(&guild_chat()).await.unwrap().is_none());

    let mut press = interaction("interaction_component_guild.json", 2);
    press["data"]["custom_id"] = json!("sub:t=basic;l=nl;c=daily;ok=1");
    press["member"].as_object_mut().unwrap().remove("permissions");
    let refused = bot.respond(press, 2).await;
    assert_eq!(refused["type"], 4, "a refused press leaves the shared message alone: {refused}");
    assert!(store.subscription(&guild_chat()).await.unwrap().is_none());
    bot.stop().await;
}

/// Member text in command options that tries to ping or format is shown literally, and no
/// request the bot makes allows a mention.
#[tokio::test]
async fn member_text_pings_nobody() {
    let (store, _folder) = sqlite_store().await;
    let bot = Bot::start(&store).await;
    let hostile = "@everyone @here <@123> <@&123> <#1> [x](https://evil.example) **b** ||s||";

    let mut command = interaction("interaction_slash_guild.json", 1);
    command["data"]["name"] = json!("subscribe");
    command["data"]["options"] = json!([{"name": "tier", "type": 4, "value": 0}, {"name": "time", "type": 3, "value": hostile}]);
    command["member"]["permissions"] = json!(MANAGER);
    let answer = bot.respond(command, 1).await;
    let content = answer["data"]["content"].as_str().unwrap_or_default().to_owned();
    assert!(!content.is_empty(), "{answer}");

    let mut advisory = interaction("interaction_slash_guild.json", 2);
    advisory["data"]["name"] = json!("advisory");
    advisory["data"]["options"] = json!([{"name": "id", "type": 3, "value": hostile}]);
    let answer = bot.respond(advisory, 2).await;
    let content = format!("{content}\n{}", answer["data"]["content"].as_str().unwrap_or_default());

    for raw in ["@everyone", "@here", "<@123>", "<@&123>", "<#1>", "[x](", "**b**", "||s||"] {
        let unescaped = content.match_indices(raw).any(|(at, _)| !content[..at].ends_with('\\'));
        assert!(!unescaped, "{raw} is not escaped in {content}");
    }
    for request in bot.fake.requests() {
        let Some(body) = request.json else { continue };
        let data = if body.get("data").is_some() { &body["data"] } else { &body };
        if data.get("content").is_some() || data.get("embeds").is_some() {
            assert_eq!(data["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}), "{} {}: {body}", request.method, request.path);
        }
    }
    assert!(store.subscription(&guild_chat()).await.unwrap().is_none(), "a bad time must not subscribe the channel");
    bot.stop().await;
}

/// A member who may not configure the channel cannot replace a shared message for everyone,
/// such as a manager's subscribe steps, by pressing one of its buttons: the reply goes to the
/// member alone.
#[tokio::test]
async fn member_press_keeps_shared_message() {
    let (store, _folder) = sqlite_store().await;
    let bot = Bot::start(&store).await;

    for (number, custom_id) in [(1, "cancel"), (2, "help"), (3, "settings")] {
        let mut press = interaction("interaction_component_guild.json", number);
        press["data"]["custom_id"] = json!(custom_id);
        press["member"]["permissions"] = json!("3072");
        let response = bot.respond(press, number).await;
        assert_eq!(response["type"], 4, "{custom_id}: the shared message was replaced: {response}");
        assert_eq!(response["data"]["flags"].as_u64().unwrap_or_default() & 64, 64, "{custom_id}: {response}");
    }

    let mut manager_press = interaction("interaction_component_guild.json", 4);
    manager_press["data"]["custom_id"] = json!("cancel");
    manager_press["member"]["permissions"] = json!(MANAGER);
    let response = bot.respond(manager_press, 4).await;
    assert_eq!(response["type"], 7, "a manager's press updates the message in place: {response}");
    bot.stop().await;
}
