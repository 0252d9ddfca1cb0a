//! Staff on Discord, with the real serenity and poise client against a fake Discord on
//! 127.0.0.1. Outbox messages with buttons reach the staff channel, and their buttons work
//! there. Members who are not staff get a rejection for every staff command, and the store
//! stays unchanged.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ketenwacht::config::{DiscordSettings, RoleSettings};
use ketenwacht::conversation::{Callback, Choice, Reply};
use ketenwacht::delivery::{Pacer, Payload, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{ChatKind, ChatRef, Language, OutboxStatus, Platform, Tier, Tlp};
use ketenwacht::i18n::{text, text_with};
use ketenwacht::platforms::discord::bot::build_http;
use ketenwacht::platforms::discord::{DiscordSender, Token};
use ketenwacht::store::{AnnouncementStatus, Store};
use ketenwacht::submissions::advisory::advisory_id;
use ketenwacht::submissions::SubmissionStatus;
use serde_json::{json, Value};
use support::clock::TestClock;
use support::discord_bot::{button_ids, content, flags, Bot, DM_CHANNEL, EPHEMERAL, GUILD_CHANNEL, MANAGER, MEMBER, UPDATED_MESSAGE};
use support::fake_discord::FakeDiscord;
use support::unpaced;

on_both_databases!(store: [card_reaches_staff_channel, members_refused_staff_commands]);

/// A member channel with a GREEN ceiling, beside the fixtures' guild channel.
const MEMBER_CHANNEL: &str = "600000000000000007";
/// The staff role.
const STAFF_ROLE: &str = "300000000000000009";
/// The member whom the staff commands name.
const NAMED_MEMBER: &str = "500000000000000042";

/// Staff are members with [`STAFF_ROLE`] and everyone in `staff_channel`.
fn roles(staff_channel: &str) -> RoleSettings {
    RoleSettings {
        staff_discord_role_ids: vec![STAFF_ROLE.parse().unwrap()],
        staff_telegram_user_ids: Vec::new(),
        staff_discord_channel_id: Some(staff_channel.parse().unwrap()),
        staff_telegram_group_id: None,
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

fn chat(channel: &str) -> ChatRef {
    ChatRef::new(Platform::Discord, channel)
}

fn worker(store: &Store, fake: &FakeDiscord, clock: &TestClock, roles: RoleSettings) -> Worker {
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), None).unwrap();
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Discord, Arc::new(sender));
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("discord-staff-worker"))
        .with_clock(clock.clock())
        .with_roles(roles)
}

/// Builds a payload shaped like a moderation card: member text with Markdown and a mention, and
/// two buttons.
fn card(tlp: Tlp) -> Payload {
    let reply = Reply::text("Melding **phishing** @everyone: hxxps://example[.]com")
        .with_row(vec![Choice::new("Hulp", Callback::Help), Choice::new("Instellingen", Callback::Settings)]);
    Payload::Message { reply, tlp }
}

fn channel_posts(fake: &FakeDiscord, channel: &str) -> Vec<Value> {
    let path = format!("/api/v10/channels/{channel}/messages");
    fake.requests().into_iter().filter(|request| request.method == "POST" && request.path == path).filter_map(|request| request.json).collect()
}

/// An AMBER card goes through the real outbox worker to the staff channel (ceiling CLEAR), as
/// escaped content with its buttons and no mentions, and not to a member channel with a GREEN
/// ceiling. A staff member who may not manage the channel presses a button on it, a message the
/// bot posted outside any interaction, and the card changes in place for everyone.
async fn card_reaches_staff_channel(store: Store) {
    let fake = FakeDiscord::start().await;
    let now = at("2025-09-01T08:00:00Z");
    store.set_chat_tlp_ceiling(&chat(MEMBER_CHANNEL), Tlp::Green, "staff", now).await.unwrap();
    for channel in [GUILD_CHANNEL, MEMBER_CHANNEL] {
        support::outbox::enqueue_for(&store, &chat(channel), ChatKind::Group, now, vec![("card".to_owned(), card(Tlp::Amber))]).await;
    }
    let clock = TestClock::new("2025-09-01T08:01:00Z");
    let worker = worker(&store, &fake, &clock, roles(GUILD_CHANNEL));
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    assert!(channel_posts(&fake, MEMBER_CHANNEL).is_empty(), "the AMBER card reached a GREEN channel");
    let posts = channel_posts(&fake, GUILD_CHANNEL);
    assert_eq!(posts.len(), 1, "{posts:?}");
    let body = &posts[0];
    assert_eq!(body["content"], r"Melding \*\*phishing\*\* \@everyone: hxxps://example\[.\]com");
    assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}));
    assert!(body["nonce"].as_str().is_some_and(|nonce| !nonce.is_empty()), "{body}");
    let buttons: Vec<&str> =
        body["components"][0]["components"].as_array().unwrap().iter().map(|button| button["custom_id"].as_str().unwrap()).collect();
    assert_eq!(buttons, ["help", "settings"]);
    let statuses: HashMap<String, OutboxStatus> =
        store.list_outbox(None, 10).await.unwrap().into_iter().map(|message| (message.chat.chat_id, message.status)).collect();
    assert_eq!(statuses[GUILD_CHANNEL], OutboxStatus::Sent);
    assert_eq!(statuses[MEMBER_CHANNEL], OutboxStatus::Failed);

    let mut bot = Bot::start_with_roles(&store, roles(GUILD_CHANNEL)).await;
    let response = bot.press("help", MEMBER).await;
    assert_eq!(response["type"], UPDATED_MESSAGE, "the staff member's press updates the card: {response}");
    assert!(content(&response).contains(&text(Language::Nl, "conversation-help-intro")), "{response}");
    assert_eq!(flags(&response) & EPHEMERAL, 0);
    bot.stop().await;
}

/// A member who is not staff sends every staff command in a guild channel, where they may
/// manage the channel, and in a direct message, and presses moderation buttons and the buttons
/// of a staff member's announcement. Each time the reply names the staff role, and nothing is
/// stored. A staff member's command then works, so the refusals come from the role.
async fn members_refused_staff_commands(store: Store) {
    let store = support::submissions::with_key(store);
    let report = support::submissions::pending_submission(&store, Platform::Discord, "999").await;
    let mut bot = Bot::start_with_roles(&store, roles("600000000000000099")).await;
    let refusal = text_with(Language::Nl, "staff-role-needed", &[("role", text(Language::Nl, "staff-role-staff").into())]);
    let commands = [
        ("verify", json!([{"name": "member", "type": 6, "value": NAMED_MEMBER}, {"name": "organisation", "type": 3, "value": "Acme BV"}])),
        ("unverify", json!([{"name": "member", "type": 6, "value": NAMED_MEMBER}])),
        ("channel", json!([{"name": "tlp", "type": 1, "options": [{"name": "level", "type": 4, "value": 1}]}])),
        ("channel", json!([{"name": "tlp", "type": 1, "options": [{"name": "level", "type": 4, "value": 2}, {"name": "confirm_verified", "type": 5, "value": true}]}])),
        ("announce", json!([{"name": "message", "type": 3, "value": "De ledenvergadering begint om 19.30 uur."}])),
        ("announce", json!([{"name": "message", "type": 3, "value": "Onderhoud"}, {"name": "schedule", "type": 3, "value": "2026-12-06 09:00"}])),
        ("withdraw", json!([{"name": "announcement", "type": 4, "value": 1}])),
        ("audit", json!([{"name": "entries", "type": 4, "value": 5}])),
        ("moderate", json!([])),
        ("moderate", json!([{"name": "number", "type": 4, "value": report}])),
        ("reject", json!([{"name": "number", "type": 4, "value": report}, {"name": "reason", "type": 3, "value": "Staat al in het overzicht"}])),
    ];
    for fixture in ["interaction_slash_guild.json", "interaction_slash_dm.json"] {
        for (name, options) in &commands {
            let response = bot.interact(fixture, name, |payload| set_command(payload, name, options.clone(), &[])).await;
            assert_eq!(content(&response), refusal, "/{name} {options} in {fixture}: {response}");
            if fixture.contains("guild") {
                assert_eq!(flags(&response) & EPHEMERAL, EPHEMERAL, "/{name}: a refusal is shown to the member only");
            }
        }
    }
    assert!(store.verified_member(Platform::Discord, NAMED_MEMBER).await.unwrap().is_none(), "a member verified someone");
    for channel in [GUILD_CHANNEL, DM_CHANNEL] {
        assert_eq!(store.chat_tlp_ceiling(&chat(channel)).await.unwrap(), Tlp::Clear, "a member set the ceiling of {channel}");
    }

    // The member presses moderation buttons of the report, copied into a guild channel where
    // they may manage the channel, and into their direct message.
    for data in [format!("md:i={report};do=ok"), format!("md:i={report};t=expert"), format!("md:i={report};l=AMBER")] {
        let in_guild = bot.press(&data, MANAGER).await;
        assert_eq!(content(&in_guild), refusal, "{data} in the guild channel: {in_guild}");
        let in_dm = bot.press_on("interaction_component_dm.json", &data, MEMBER, false).await;
        assert_eq!(content(&in_dm), refusal, "{data} in a direct message: {in_dm}");
    }
    let stored = store.submission(report).await.unwrap().expect("the report is stored");
    assert_eq!(stored.status, SubmissionStatus::Pending, "a member decided on the report");
    assert_eq!((stored.tier, stored.tlp), (Some(Tier::Basic), Some(Tlp::Green)), "a member changed the report");
    assert!(store.advisory(&advisory_id(report)).await.unwrap().is_none(), "a member published the report");

    assert!(store.audit_log(10).await.unwrap().is_empty(), "a refused command was logged as a staff action");
    assert!(store.announcement(1).await.unwrap().is_none(), "a member drafted an announcement");

    let draft = json!([{"name": "message", "type": 3, "value": "Onderhoud vanavond"}]);
    let response = bot.interact("interaction_slash_guild.json", "announce", |payload| set_command(payload, "announce", draft, &[STAFF_ROLE])).await;
    let preview = button_ids(&response).into_iter().find(|id| id.starts_with("an:") && id.ends_with(";s=p")).expect("a preview button");
    for custom_id in [preview.as_str(), "an:i=1;a=1ff;s=ok"] {
        let pressed = bot.press(custom_id, MANAGER).await;
        assert_eq!(content(&pressed), refusal, "a member's press on {custom_id}: {pressed}");
        assert_eq!(flags(&pressed) & EPHEMERAL, EPHEMERAL, "{custom_id}: the rejection is shown to the member only");
    }
    let announcement = store.announcement(1).await.unwrap().expect("the staff draft is stored");
    assert_eq!(announcement.status, AnnouncementStatus::Draft, "a member's press confirmed the announcement");
    assert!(store.list_outbox(None, 10).await.unwrap().is_empty(), "a member's press put the announcement in the outbox");

    let (name, options) = &commands[0];
    let response = bot.interact("interaction_slash_guild.json", name, |payload| set_command(payload, name, options.clone(), &[STAFF_ROLE])).await;
    assert!(!content(&response).contains(&refusal), "{response}");
    assert_eq!(store.verified_member(Platform::Discord, NAMED_MEMBER).await.unwrap().expect("staff verified the member").organisation, "Acme BV");
    assert!(button_ids(&response).is_empty());
    bot.stop().await;
}

/// Turns a slash command fixture into `/name` with `options`, given by a member with Manage
/// Channels and `roles`, and resolves the users that the options name, as Discord does.
fn set_command(payload: &mut Value, name: &str, options: Value, roles: &[&str]) {
    payload["data"]["name"] = json!(name);
    let mut users = serde_json::Map::new();
    for option in options.as_array().unwrap() {
        if option["type"] == 6 {
            let id = option["value"].as_str().unwrap();
            users.insert(id.to_owned(), json!({"id": id, "username": "lid", "discriminator": "0", "global_name": null, "avatar": null}));
        }
    }
    payload["data"]["options"] = options;
    payload["data"]["resolved"] = json!({"users": users});
    if payload.get("member").is_some() {
        payload["member"]["permissions"] = json!(MANAGER);
        payload["member"]["roles"] = json!(roles);
    }
}
