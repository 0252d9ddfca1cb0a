//! The Telegram adapter with the real teloxide client against a fake Bot API on 127.0.0.1:
//! conversations in private chats, groups and channels, outbox delivery and its error outcomes,
//! documented update payloads, uploads and webhook mode.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ketenwacht::config::TelegramSettings;
use ketenwacht::conversation::Conversation;
use ketenwacht::delivery::{Pacer, PacingConfig, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{
    Advisory, AdvisoryDraft, AdvisoryId, Cadence, ChatKind, ChatRef, Classification, Language, OutboxMessage, OutboxStatus,
    Platform, Revision, SourceKind, Subscription, Tier, Urgency,
};
use ketenwacht::i18n::text;
use ketenwacht::platforms::telegram::{self, ApiAccess, BotToken, Telegram, TelegramSender};
use ketenwacht::store::{AdvisoryWrite, Store};
use serde_json::{json, Value};
use support::unpaced;
use support::clock::TestClock;
use support::fake_telegram::{ApiFailure, FakeTelegram, BOT_USERNAME};
use support::telegram_bot::{access, assert_html_request, press, sent_to, sent_to_containing, settings, start_bot, TOKEN, WAIT};
use tokio::sync::watch;

const TOKEN_SECRET: &str = "AAtestSECRETtoken_0123456789";

on_both_databases!(
    store: [
        private_chat_in_dutch,
        private_chat_in_english,
        group_admin_check,
        digest_reaches_three_chats,
        pacing_stays_within_limits,
        send_errors_map_to_outcomes,
    ],
);

// ---------------------------------------------------------------------------------------------
// Helpers

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

// ---------------------------------------------------------------------------------------------
// Private chats

/// /start, subscribing through the buttons, /settings, /latest and /unsubscribe in one private
/// chat, choosing `language` for the subscription.
async fn private_flow(store: Store, user: i64, language: Language) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;

    fake.push_update(fake.message(user, user, language.as_str(), "/start"));
    let welcome = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    // A private chat without a chosen language follows the member's app language.
    assert!(welcome.text().contains(&text(language, "conversation-start-welcome")), "{}", welcome.text());
    assert_html_request(&welcome);
    assert!(welcome.callbacks().contains(&"sub".to_owned()), "{:?}", welcome.callbacks());

    let tier_step = press(&fake, user, user, &welcome, |data| data == "sub").await;
    assert!(tier_step.text().contains(&text(Language::Nl, "conversation-subscribe-choose-tier")), "{}", tier_step.text());
    let language_step = press(&fake, user, user, &tier_step, |data| data.contains("t=basic")).await;
    let wanted = format!("l={}", language.as_str());
    let cadence_step = press(&fake, user, user, &language_step, |data| data.ends_with(&wanted)).await;
    let confirm_step = press(&fake, user, user, &cadence_step, |data| data.ends_with("c=daily")).await;
    let done = press(&fake, user, user, &confirm_step, |data| data.ends_with("ok=1")).await;
    let subscribed = match language {
        Language::Nl => "Deze chat is aangemeld",
        Language::En => "This chat is subscribed",
    };
    assert!(done.text().contains(subscribed), "{}", done.text());
    assert!(done.callbacks().is_empty(), "the confirmation keeps no buttons");
    let chat = ChatRef::new(Platform::Telegram, user.to_string());
    let subscription = store.subscription(&chat).await.unwrap().expect("subscription saved");
    assert_eq!(subscription.language, language);
    assert_eq!(subscription.tier, Tier::Basic);
    assert_eq!(subscription.chat_kind, ChatKind::Private);

    let settings_command = match language {
        Language::Nl => "/instellingen",
        Language::En => "/settings",
    };
    fake.push_update(fake.message(user, user, language.as_str(), settings_command));
    fake.wait_for("sendmessage", sent_to_containing(user, text(language, "conversation-settings-title")), WAIT).await;

    fake.push_update(fake.message(user, user, language.as_str(), "/latest"));
    let latest = match language {
        Language::Nl => "voor niveau basis",
        Language::En => "for level basic",
    };
    fake.wait_for("sendmessage", sent_to_containing(user, latest.to_owned()), WAIT).await;

    fake.push_update(fake.message(user, user, language.as_str(), "/unsubscribe"));
    let unsubscribed = match language {
        Language::Nl => "Deze chat is afgemeld",
        Language::En => "This chat is unsubscribed",
    };
    fake.wait_for("sendmessage", sent_to_containing(user, unsubscribed.to_owned()), WAIT).await;
    assert!(store.subscription(&chat).await.unwrap().is_none(), "unsubscribe removes the subscription");

    bot.stop().await;
    let polled = fake.calls("getupdates");
    let mut kinds: Vec<String> = serde_json::from_value(polled[0].body["allowed_updates"].clone()).expect("allowed_updates is set");
    kinds.sort();
    assert_eq!(kinds, ["callback_query", "channel_post", "message", "my_chat_member"]);
    let commands = fake.calls("setmycommands");
    assert_eq!(commands.len(), 6, "menus for nl, en and default in two scopes");
    let dutch_private = commands
        .iter()
        .find(|request| request.body["language_code"] == "nl" && request.body["scope"]["type"] == "all_private_chats")
        .expect("Dutch menu for private chats");
    assert_eq!(dutch_private.body["commands"][2]["description"], text(Language::Nl, "conversation-command-subscribe"));
    assert!(commands.iter().any(|request| request.body["language_code"] == "en" && request.body["scope"]["type"] == "all_group_chats"));
}

async fn private_chat_in_dutch(store: Store) {
    private_flow(store, 501, Language::Nl).await;
}

async fn private_chat_in_english(store: Store) {
    private_flow(store, 502, Language::En).await;
}

// ---------------------------------------------------------------------------------------------
// Groups and channels

async fn group_admin_check(store: Store) {
    let fake = FakeTelegram::start().await;
    let group = -1_001_234_500_001_i64;
    let (member, admin) = (801, 802);
    fake.set_member(group, member, "member");
    fake.set_member(group, admin, "administrator");
    let bot = start_bot(&store, &fake).await;

    let addressed = format!("/aanmelden@{BOT_USERNAME} basis nl dagelijks");
    fake.push_update(fake.message(group, member, "nl", &addressed));
    let refused = fake.wait_for("sendmessage", sent_to(group), WAIT).await;
    assert!(refused.text().contains(&text(Language::Nl, "conversation-not-admin")), "{}", refused.text());
    fake.wait_for("getchatmember", |request| request.body["user_id"] == member, WAIT).await;
    let chat = ChatRef::new(Platform::Telegram, group.to_string());
    assert!(store.subscription(&chat).await.unwrap().is_none(), "a member subscribed the group");

    fake.push_update(fake.message(group, member, "nl", "/aanmelden@another_bot basis"));
    fake.push_update(fake.message(group, admin, "nl", &addressed));
    fake.wait_for("sendmessage", sent_to_containing(group, "Deze chat is aangemeld".into()), WAIT).await;
    let subscription = store.subscription(&chat).await.unwrap().expect("the admin subscribed the group");
    assert_eq!(subscription.chat_kind, ChatKind::Group);
    assert_eq!(fake.calls("sendmessage").len(), 2, "a command for another bot got a reply");

    fake.push_update(fake.message(group, admin, "nl", "/instellingen"));
    let settings = fake.wait_for("sendmessage", sent_to_containing(group, text(Language::Nl, "conversation-settings-title")), WAIT).await;
    let unsubscribe = settings.callbacks().into_iter().find(|data| data == "unsub").expect("an unsubscribe button");
    let press = fake.callback(group, member, settings.message_id().unwrap(), &unsubscribe);
    let query_id = press["callback_query"]["id"].as_str().unwrap().to_owned();
    fake.push_update(press);
    let alert = fake.wait_for("answercallbackquery", |request| request.body["callback_query_id"] == query_id, WAIT).await;
    assert_eq!(alert.body["show_alert"], true);
    assert!(alert.body["text"].as_str().unwrap_or_default().starts_with("Alleen beheerders"), "{}", alert.body);
    assert!(fake.calls("editmessagetext").is_empty(), "a member's press changed the group's message");

    let channel = -1_001_234_500_002_i64;
    fake.push_update(fake.channel_post(channel, "/aanmelden gevorderd en wekelijks"));
    fake.wait_for("sendmessage", sent_to_containing(channel, "This chat is subscribed".into()), WAIT).await;
    let channel_chat = ChatRef::new(Platform::Telegram, channel.to_string());
    assert_eq!(store.subscription(&channel_chat).await.unwrap().unwrap().chat_kind, ChatKind::Channel);
    bot.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Delivery through the outbox

fn advisory(number: u32, title: &str, urgency: Urgency) -> Advisory {
    let changed_at = at("2025-08-27T10:00:00Z");
    let id: AdvisoryId = format!("NCSC-2025-{number:04}").parse().unwrap();
    let draft = AdvisoryDraft::new(id, "ncsc-advisories", SourceKind::NcscRss, title);
    Advisory {
        draft,
        first_seen_at: changed_at,
        changed_at,
        revisions: vec![Revision { version: None, seen_at: changed_at, source: "ncsc-advisories".into() }],
        sources: vec!["ncsc-advisories".into()],
        exploited: false,
        classification: Classification { tier: Tier::Basic, urgency, ecommerce_relevant: false, matched_products: Vec::new(), reasons: Vec::new() },
        tier_override: None,
    }
}

fn hostile_title(number: u32) -> String {
    format!(
        "<b>Lek {number}</b> in <script>alert('x')</script> & Magento &amp; \u{202E}gnp.exe\u{202C} zero\u{200B}width {}",
        "Aaaaaaaaaa".repeat(40)
    )
}

async fn subscribe(store: &Store, chat_id: i64, kind: ChatKind, cadence: Cadence) -> Subscription {
    let chat = ChatRef::new(Platform::Telegram, chat_id.to_string());
    let mut subscription = Subscription::new(chat, kind, Tier::Basic, Language::Nl, at("2025-08-26T00:00:00Z"));
    subscription.cadence = cadence;
    store.save_subscription(&subscription).await.expect("save subscription")
}

async fn save(store: &Store, advisories: Vec<Advisory>) {
    let writes: Vec<AdvisoryWrite> = advisories.into_iter().map(|advisory| AdvisoryWrite { advisory, new_revision: true }).collect();
    store.save_advisories(&writes).await.expect("save advisories");
}

fn worker(store: &Store, fake: &FakeTelegram, clock: &TestClock, pacing: PacingConfig) -> Worker {
    let mut config = WorkerConfig::new("telegram-test-worker");
    config.retry.max_attempts = 3;
    let sender = TelegramSender::new(&access(fake)).expect("build the sender");
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::new(sender));
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(pacing).unwrap()), config).with_clock(clock.clock())
}

async fn outbox(store: &Store) -> Vec<OutboxMessage> {
    let mut messages = store.list_outbox(None, 10_000).await.expect("list outbox");
    messages.sort_by_key(|message| message.id);
    messages
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

async fn digest_reaches_three_chats(store: Store) {
    let fake = FakeTelegram::start().await;
    let (private, group, channel) = (901_i64, -902_i64, -1_001_234_500_903_i64);
    fake.set_chat_type(channel, "channel");
    subscribe(&store, private, ChatKind::Private, Cadence::Daily).await;
    subscribe(&store, group, ChatKind::Group, Cadence::Daily).await;
    subscribe(&store, channel, ChatKind::Channel, Cadence::Daily).await;
    save(&store, (1..=30).map(|number| advisory(number, &hostile_title(number), Urgency::Normal)).collect()).await;

    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:05:00Z")).await.unwrap();
    assert_eq!(report.digests, 3);
    let parts_per_chat = report.digest_parts / 3;
    assert!(parts_per_chat > 1, "the digest should need several messages, got {parts_per_chat}");

    let clock = TestClock::new("2025-08-28T06:06:00Z");
    let worker = worker(&store, &fake, &clock, unpaced());
    for _ in 0..10 {
        if worker.run_once().await.unwrap().claimed == 0 {
            break;
        }
    }
    let messages = outbox(&store).await;
    assert!(messages.iter().all(|message| message.status == OutboxStatus::Sent), "{messages:?}");

    for chat in [private, group, channel] {
        let sent = fake.calls("sendmessage").into_iter().filter(|request| request.chat_id() == Some(chat)).collect::<Vec<_>>();
        assert_eq!(sent.len(), parts_per_chat, "chat {chat}");
        for (index, request) in sent.iter().enumerate() {
            assert_html_request(request);
            assert_eq!(request.body["link_preview_options"]["is_disabled"], true);
            let html = request.text();
            assert!(!html.contains("<script>"), "unescaped script tag in part {index}");
            assert!(!html.contains("<b>"), "unescaped b tag in part {index}");
            assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; Magento &amp;amp;"), "part {index}: {html}");
            assert!(html.contains("\u{202E}gnp.exe\u{202C}"), "right-to-left text changed");
            assert!(html.contains(&"Aaaaaaaaaa".repeat(40)), "a long word was broken");
            if index == 0 {
                assert!(html.starts_with("Ketenwacht-overzicht"), "the header opens the first part");
            }
        }
        let shown: String = sent.iter().map(|request| unescape(request.text())).collect();
        for number in 1..=30 {
            assert!(shown.contains(&format!("<b>Lek {number}</b>")), "chat {chat} misses advisory {number}");
        }
    }
    let channel_post = fake.calls("sendmessage").into_iter().find(|request| request.chat_id() == Some(channel)).unwrap();
    assert!(channel_post.response["result"]["sender_chat"]["id"] == channel, "the channel post appears as the channel");
}

/// Two digests of several parts each, to one private chat and one group, delivered by a worker
/// with the project's real pacing while the fake enforces Telegram's limits: none is exceeded.
async fn pacing_stays_within_limits(store: Store) {
    let fake = FakeTelegram::start().await;
    fake.enforce_rate_limits();
    subscribe(&store, 911, ChatKind::Private, Cadence::Daily).await;
    subscribe(&store, -912, ChatKind::Group, Cadence::Daily).await;
    save(&store, (1..=12).map(|number| advisory(number, &hostile_title(number), Urgency::Normal)).collect()).await;
    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:05:00Z")).await.unwrap();
    assert!(report.digest_parts >= 4, "expected several parts per chat, got {}", report.digest_parts);

    let clock = TestClock::new("2025-08-28T06:06:00Z");
    let worker = worker(&store, &fake, &clock, ketenwacht::config::DeliverySettings::default().pacing());
    for _ in 0..10 {
        if worker.run_once().await.unwrap().claimed == 0 {
            break;
        }
    }
    assert_eq!(fake.rate_limited(), 0, "the fake responded 429");
    let messages = outbox(&store).await;
    assert!(messages.iter().all(|message| message.status == OutboxStatus::Sent), "{messages:?}");
    assert_eq!(fake.calls("sendmessage").len(), report.digest_parts);
}

async fn send_errors_map_to_outcomes(store: Store) {
    let fake = FakeTelegram::start().await;
    let (limited, blocked, missing, migrating, moved_to) = (701_i64, 702_i64, 703_i64, -704_i64, -1_001_234_500_704_i64);
    let mut subscriptions = HashMap::new();
    for chat in [limited, blocked, missing, migrating] {
        let kind = if chat < 0 { ChatKind::Group } else { ChatKind::Private };
        subscriptions.insert(chat, subscribe(&store, chat, kind, Cadence::Instant).await);
    }
    save(&store, vec![advisory(1, "Dringend lek in Magento", Urgency::Urgent)]).await;
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:05:00Z")).await.unwrap();

    fake.fail("sendmessage", Some(limited), ApiFailure::retry_after(30), Some(1));
    fake.fail("sendmessage", Some(blocked), ApiFailure::blocked(), None);
    fake.fail("sendmessage", Some(missing), ApiFailure::chat_not_found(), None);
    fake.fail("sendmessage", Some(migrating), ApiFailure::migrated(moved_to), None);

    let clock = TestClock::new("2025-08-28T06:06:00Z");
    let worker = worker(&store, &fake, &clock, unpaced());
    worker.run_once().await.unwrap();

    let by_chat = |messages: &[OutboxMessage], chat: i64| messages.iter().find(|m| m.chat.chat_id == chat.to_string()).cloned();
    let messages = outbox(&store).await;
    let waiting = by_chat(&messages, limited).unwrap();
    assert_eq!(waiting.status, OutboxStatus::Pending);
    assert_eq!(waiting.attempts, 0, "a rate-limit wait counted as an attempt");
    assert_eq!(waiting.next_attempt_at, at("2025-08-28T06:06:30Z"));
    assert_eq!(worker.metrics().snapshot(Platform::Telegram).rate_limited, 1);

    for (chat, kind) in [(blocked, "Blocked"), (missing, "ChatNotFound")] {
        assert_eq!(by_chat(&messages, chat).unwrap().status, OutboxStatus::Failed, "chat {chat}");
        let stored = store.subscription_by_id(subscriptions[&chat].id).await.unwrap().unwrap();
        assert!(!stored.active, "chat {chat} still active");
        let reason = stored.deactivated_reason.unwrap_or_default();
        assert!(reason.contains(kind), "chat {chat}: {reason}");
        assert!(!reason.contains(TOKEN_SECRET));
    }

    let moved = by_chat(&messages, moved_to).expect("the message follows the migration");
    assert_eq!(moved.status, OutboxStatus::Sent);
    let stored = store.subscription_by_id(subscriptions[&migrating].id).await.unwrap().unwrap();
    assert_eq!(stored.chat.chat_id, moved_to.to_string());
    assert_eq!(fake.calls("sendmessage").iter().filter(|request| request.chat_id() == Some(moved_to)).count(), 1);

    clock.advance(chrono::Duration::seconds(30));
    worker.run_once().await.unwrap();
    assert_eq!(by_chat(&outbox(&store).await, limited).unwrap().status, OutboxStatus::Sent);
}

// ---------------------------------------------------------------------------------------------
// Tests on SQLite only: they exercise the adapter, not the storage

async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
    (Store::connect(&url).await.unwrap(), folder)
}

async fn connected(store: &Store, fake: &FakeTelegram) -> Arc<Telegram> {
    Arc::new(Telegram::connect(&access(fake), store.clone(), settings(), Conversation::new(store.clone())).await.expect("connect to the fake"))
}

fn fixture_update(name: &str) -> Value {
    serde_json::from_slice(&support::fixture(&format!("telegram/{name}"))).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[tokio::test]
async fn documented_updates_parse_and_are_handled() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let chat = ChatRef::new(Platform::Telegram, "-1001234567890");
    store.save_subscription(&Subscription::new(chat.clone(), ChatKind::Group, Tier::Basic, Language::Nl, at("2025-08-26T00:00:00Z"))).await.unwrap();

    for name in ["message.json", "edited_message.json", "callback_query.json", "my_chat_member_added.json", "my_chat_member_removed.json"] {
        let update = parse_update(fixture_update(name));
        assert!(!matches!(update.kind, teloxide::types::UpdateKind::Error(_)), "{name} parsed as an unknown update");
        bot.handle_update(update).await;
    }

    let answered = fake.calls("sendmessage");
    assert_eq!(answered.len(), 1, "only the /start message gets a new message: {answered:?}");
    assert_eq!(answered[0].chat_id(), Some(111_111_111));
    assert_eq!(fake.calls("answercallbackquery").len(), 1);
    assert_eq!(fake.calls("editmessagetext").len(), 1, "the callback edits its message");
    let stored = store.subscription(&chat).await.unwrap().unwrap();
    assert!(!stored.active, "removing the bot deactivates the group's subscription");
}

#[tokio::test]
async fn documents_are_downloaded_within_limit() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let user = 555;
    fake.add_file("doc-1", "documents/file_1.csv", b"vraag;antwoord\n1;ja\n".to_vec());

    let update: teloxide::types::Update =
        parse_update(with_id(fake.document(user, user, "doc-1", "checklist.csv", 20, Some("checklist import"))));
    bot.handle_update(update).await;
    assert_eq!(fake.calls("getfile").len(), 1);
    let download = fake.wait_for("file", |_| true, WAIT).await;
    assert_eq!(download.body["file_path"], "documents/file_1.csv");
    let reply = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    // The file is read as a filled-in questionnaire, which needs an `id` column.
    let export = "/checklist exporteer";
    let missing_column = ketenwacht::i18n::text_with(Language::Nl, "checklist-import-error-column", &[("column", "id".into()), ("export", export.into())]);
    assert_eq!(reply.text(), missing_column);

    let too_large = fake.document(user, user, "doc-2", "big.csv", ketenwacht::conversation::MAX_UPLOAD_BYTES + 1, None);
    bot.handle_update(parse_update(with_id(too_large))).await;
    assert_eq!(fake.calls("getfile").len(), 1, "an oversized document was fetched");
    let refused = fake.wait_for_count("sendmessage", sent_to(user), 2, WAIT).await;
    assert!(refused[1].text().contains("256 KiB"), "{}", refused[1].text());

    let group = -640_i64;
    fake.add_file("doc-3", "documents/file_3.csv", b"a;b\n".to_vec());
    bot.handle_update(parse_update(with_id(fake.document(group, user, "doc-3", "shared.csv", 4, None)))).await;
    assert_eq!(fake.calls("getfile").len(), 1, "a document shared among group members was fetched");
    let addressed = fake.document(group, user, "doc-3", "shared.csv", 4, Some(&format!("/checklist@{BOT_USERNAME} import")));
    bot.handle_update(parse_update(with_id(addressed))).await;
    assert_eq!(fake.calls("getfile").len(), 2, "a document with a command for the bot was not fetched");
    fake.wait_for("sendmessage", sent_to(group), WAIT).await;
}

#[tokio::test]
async fn attachment_goes_out_as_document() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let attachment = ketenwacht::conversation::Attachment {
        file_name: "checklist-nl.csv".into(),
        content_type: "text/csv; charset=utf-8".into(),
        content: b"vraag;antwoord\n".to_vec(),
    };
    let reply = ketenwacht::conversation::Reply::text("Hier is uw checklist & meer").with_attachment(attachment);
    bot.send_reply_to(321, &reply).await.unwrap();

    let text_message = fake.wait_for("sendmessage", sent_to(321), WAIT).await;
    assert_eq!(text_message.text(), "Hier is uw checklist &amp; meer");
    let document = fake.wait_for("senddocument", sent_to(321), WAIT).await;
    assert_eq!(document.body["document"]["file_name"], "checklist-nl.csv", "{}", document.body);
    assert_eq!(document.body["document"]["content"], "vraag;antwoord\n");
}

fn with_id(mut update: Value) -> Value {
    update["update_id"] = json!(1);
    update
}

/// Parses an update from JSON text, as the webhook and teloxide's polling do; teloxide's types
/// do not all read from a `serde_json::Value` directly.
fn parse_update(update: Value) -> teloxide::types::Update {
    serde_json::from_str(&update.to_string()).unwrap_or_else(|error| panic!("{error}: {update}"))
}

#[tokio::test]
async fn webhook_checks_secret_token() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let secret = telegram::webhook::WebhookSecret::new("hook_secret-123").unwrap();
    let app = telegram::webhook::router(bot, secret, "/telegram");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/telegram", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = reqwest::Client::new();
    let start = with_id(fake.message(601, 601, "nl", "/start")).to_string();
    let post = |secret: Option<&str>| {
        let mut request = client.post(&url).header("content-type", "application/json").body(start.clone());
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        request.send()
    };
    assert_eq!(post(None).await.unwrap().status(), 401);
    assert_eq!(post(Some("hook_secret-12")).await.unwrap().status(), 403);
    assert_eq!(post(Some("wrong")).await.unwrap().status(), 403);
    assert!(fake.calls("sendmessage").is_empty(), "a rejected update was handled");

    assert_eq!(post(Some("hook_secret-123")).await.unwrap().status(), 200);
    assert_eq!(fake.calls("sendmessage").len(), 1, "the update was handled before the answer");
    let unreadable = client.post(&url).header("X-Telegram-Bot-Api-Secret-Token", "hook_secret-123").body("{").send().await.unwrap();
    assert_eq!(unreadable.status(), 400);
}

#[tokio::test]
async fn webhook_mode_registers_and_serves() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    // A free port for the bot's own listener: bound on port 0, then released.
    let listen = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let settings = TelegramSettings {
        mode: ketenwacht::config::TelegramMode::Webhook,
        webhook_listen: Some(listen),
        webhook_url: Some("https://bot.example.nl/telegram".into()),
        ..settings()
    };
    let secret = telegram::webhook::WebhookSecret::new("hook_secret-123").unwrap();
    let access = ApiAccess { webhook_secret: Some(secret), ..access(&fake) };
    let (stop, stopped) = watch::channel(false);
    let stopped = async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let task = tokio::spawn(telegram::run(access, store.clone(), settings, Conversation::new(store.clone()), stopped));

    let registered = fake.wait_for("setwebhook", |_| true, WAIT).await;
    assert_eq!(registered.body["url"], "https://bot.example.nl/telegram");
    assert_eq!(registered.body["secret_token"], "hook_secret-123");
    assert_eq!(registered.body["allowed_updates"], json!(["message", "channel_post", "callback_query", "my_chat_member"]));

    let response = reqwest::Client::new()
        .post(format!("http://{listen}/telegram"))
        .header("X-Telegram-Bot-Api-Secret-Token", "hook_secret-123")
        .header("content-type", "application/json")
        .body(with_id(fake.message(610, 610, "nl", "/hulp")).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    fake.wait_for("sendmessage", sent_to(610), WAIT).await;
    assert!(fake.calls("getupdates").is_empty(), "webhook mode polled");

    stop.send(true).unwrap();
    let result = tokio::time::timeout(WAIT, task).await.expect("bot stops").unwrap();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn webhook_mode_needs_secret() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let settings = TelegramSettings {
        mode: ketenwacht::config::TelegramMode::Webhook,
        webhook_listen: Some("127.0.0.1:0".parse().unwrap()),
        webhook_url: Some("https://bot.example.nl/telegram".into()),
        ..settings()
    };
    let error = telegram::run(access(&fake), store.clone(), settings, Conversation::new(store.clone()), std::future::pending()).await.unwrap_err();
    assert!(error.to_string().contains("KETENWACHT_TELEGRAM_WEBHOOK_SECRET"), "{error}");
    assert!(fake.calls("setwebhook").is_empty());
}

#[tokio::test]
async fn free_text_and_migration_are_handled() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;

    bot.handle_update(parse_update(with_id(fake.message(620, 620, "nl", "hallo bot")))).await;
    let pointer = fake.wait_for("sendmessage", sent_to(620), WAIT).await;
    assert_eq!(pointer.text(), text(Language::Nl, "telegram-not-a-command"));
    bot.handle_update(parse_update(with_id(fake.message(-621, 620, "nl", "hallo groep")))).await;
    assert!(fake.calls("sendmessage").iter().all(|request| request.chat_id() != Some(-621)), "free text in a group got a reply");

    let old_group = ChatRef::new(Platform::Telegram, "-622");
    store.save_subscription(&Subscription::new(old_group.clone(), ChatKind::Group, Tier::Basic, Language::Nl, at("2025-08-26T00:00:00Z"))).await.unwrap();
    let mut migration = fake.message(-622, 620, "nl", "x");
    migration["message"].as_object_mut().unwrap().remove("text");
    migration["message"]["migrate_to_chat_id"] = json!(-1_001_234_500_622_i64);
    bot.handle_update(parse_update(with_id(migration))).await;
    assert!(store.subscription(&old_group).await.unwrap().is_none(), "the old group id kept its subscription");
    let new_group = ChatRef::new(Platform::Telegram, "-1001234500622");
    assert!(store.subscription(&new_group).await.unwrap().is_some(), "the subscription did not follow the migration");
}

#[tokio::test]
async fn bot_restarts_after_failed_start() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    fake.fail("getme", None, ApiFailure::retry_after(1), Some(1));
    fake.push_update(fake.message(630, 630, "nl", "/start"));
    let (stop, stopped) = watch::channel(false);
    let stopped = async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let task = tokio::spawn(telegram::run_with_restarts(access(&fake), store.clone(), settings(), Conversation::new(store.clone()), stopped));

    fake.wait_for("sendmessage", sent_to(630), WAIT).await;
    assert_eq!(fake.calls("getme").len(), 3, "one failed getMe, then one each for the adapter and the dispatcher");
    stop.send(true).unwrap();
    tokio::time::timeout(WAIT, task).await.expect("bot stops").unwrap();
}

#[tokio::test]
async fn rejected_token_ends_bot() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let unauthorized = ApiFailure { code: 401, description: "Unauthorized".into(), parameters: None };
    fake.fail("getme", None, unauthorized, None);
    let run = telegram::run_with_restarts(access(&fake), store.clone(), settings(), Conversation::new(store.clone()), std::future::pending());
    tokio::time::timeout(WAIT, run).await.expect("a rejected token ends the bot instead of retrying");
    assert_eq!(fake.calls("getme").len(), 1);
}

#[tokio::test]
async fn reply_waits_out_flood_control() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    fake.fail("sendmessage", Some(650), ApiFailure::retry_after(1), Some(1));

    bot.handle_update(parse_update(with_id(fake.message(650, 650, "nl", "/start")))).await;
    let attempts = fake.calls("sendmessage");
    assert_eq!(attempts.len(), 2, "the reply was not sent again after the wait");
    assert_eq!(attempts[0].response["error_code"], 429);
    assert_eq!(attempts[1].response["ok"], true);
    assert_eq!(attempts[0].text(), attempts[1].text());
}

#[tokio::test]
async fn network_error_hides_token() {
    // Port 1 on the loopback interface has no listener, so the request fails to connect. A
    // reqwest error can carry the request URL (`reqwest::Error::url`), and with it the token.
    let closed = ApiAccess { token: BotToken::new(TOKEN), api_url: Some("http://127.0.0.1:1".parse().unwrap()), webhook_secret: None };
    let sender = TelegramSender::new(&closed).unwrap();
    let chat = ChatRef::new(Platform::Telegram, "42");
    let payload = ketenwacht::delivery::Payload::Text { text: "test".into() };
    match sender.send(&chat, &payload, "key").await {
        ketenwacht::delivery::SendOutcome::Transient(reason) => {
            assert!(!reason.contains(TOKEN_SECRET), "token in {reason}");
            assert!(reason.contains("network error"), "{reason}");
        }
        other => panic!("expected a transient failure, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// `ketenwacht run` as a real process

const BIN: &str = env!("CARGO_BIN_EXE_ketenwacht");

/// Stores the real NCSC snapshot as ingested an hour ago and one Telegram subscription whose
/// daily digest fell due five minutes ago.
async fn prepare_process_database(url: &str, chat_id: i64) {
    use chrono::Timelike;
    use ketenwacht::classify::Classifier;
    use ketenwacht::domain::SourceConfig;
    use ketenwacht::ingest::{storage_precision, Ingestor};
    use ketenwacht::sources::{FetchLimits, Fetcher};

    let store = Store::connect(url).await.unwrap();
    let now = storage_precision(Utc::now());
    let source = SourceConfig { name: "ncsc".into(), kind: SourceKind::NcscRss, url: "https://advisories.ncsc.nl/rss/advisories".into(), interval: Duration::from_secs(900) };
    store.add_source(&source).await.unwrap();
    let ingestor = Ingestor::new(store.clone(), Fetcher::new(FetchLimits::default()).unwrap(), Classifier::builtin(), Duration::from_secs(3600));
    ingestor.ingest_file("ncsc", &support::fixture("sources/ncsc/rss-snapshot-2025-08-28.xml"), now - chrono::Duration::hours(1)).await.unwrap();

    let due = (now - chrono::Duration::minutes(5)).with_timezone(&chrono_tz::Europe::Amsterdam);
    let chat = ChatRef::new(Platform::Telegram, chat_id.to_string());
    let mut subscription = Subscription::new(chat, ChatKind::Private, Tier::Expert, Language::Nl, now - chrono::Duration::days(2));
    subscription.delivery_time = chrono::NaiveTime::from_hms_opt(due.hour(), due.minute(), 0).unwrap();
    store.save_subscription(&subscription).await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_process_answers_and_delivers() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
    let (subscriber, newcomer) = (777_i64, 778_i64);
    prepare_process_database(&url, subscriber).await;
    let fake = FakeTelegram::start().await;
    fake.push_update(fake.message(newcomer, newcomer, "nl", "/start"));

    let config = folder.path().join("ketenwacht.toml");
    std::fs::write(&config, format!("database_url = \"{url}\"\nsources = []\n")).unwrap();
    let log_path = folder.path().join("stderr.log");
    let mut command = std::process::Command::new(BIN);
    command.current_dir(folder.path()).arg("--config").arg(&config).arg("run");
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name.starts_with("TELOXIDE_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    command
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("KETENWACHT_TELEGRAM_API_URL", &fake.url)
        .env("KETENWACHT_TELEGRAM_POLLING_TIMEOUT", "1s")
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap());
    let mut child = command.spawn().expect("ketenwacht run starts");

    let welcome = fake.wait_for("sendmessage", sent_to(newcomer), WAIT).await;
    assert!(welcome.text().contains("Welkom bij Ketenwacht"), "{}", welcome.text());
    let first_poll = fake.calls("getupdates").into_iter().next().expect("the bot polled");
    assert_eq!(first_poll.response["result"][0]["message"]["chat"]["id"], newcomer, "the first poll carried /start");

    let digest = fake.wait_for("sendmessage", sent_to(subscriber), Duration::from_secs(90)).await;
    assert!(digest.text().starts_with("Ketenwacht-overzicht, niveau expert"), "{}", digest.text());
    assert_html_request(&digest);

    std::process::Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "run did not stop cleanly: {status}");
    let last_poll = fake.calls("getupdates").pop().unwrap();
    assert_eq!(last_poll.body["timeout"], 0, "the last poll confirms the handled updates");

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("connected to Telegram"), "{log}");
    assert!(!log.contains(TOKEN_SECRET), "the token appears in the log");
}
