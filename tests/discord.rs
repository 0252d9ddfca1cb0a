//! The Discord adapter against a fake Discord: the real serenity and poise clients register
//! the commands, respond to slash commands and button presses, and the real outbox worker
//! delivers digests as embeds. Storage-touching scenarios run on SQLite and PostgreSQL.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Europe::Amsterdam;
use ketenwacht::config::DiscordSettings;
use ketenwacht::delivery::{Pacer, PacingConfig, Payload, PermanentKind, Scheduler, SchedulerConfig, SendOutcome, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{Advisory, ChatKind, ChatRef, Language, OutboxStatus, Platform, Subscription, Tier, Urgency};
use ketenwacht::platforms::discord::bot::build_http;
use ketenwacht::platforms::discord::embeds::{MAX_CONTENT_CHARS, MAX_DESCRIPTION_CHARS, MAX_EMBEDS, MAX_EMBEDS_CHARS, URGENT_COLOUR};
use ketenwacht::platforms::discord::sender::MAX_NONCE_CHARS;
use ketenwacht::platforms::discord::{DiscordSender, Token};
use ketenwacht::store::{AdvisoryWrite, Store};
use serde_json::{json, Value};
use support::unpaced;
use support::discord_bot::{button_ids, content, flags, Bot, DM_CHANNEL, EPHEMERAL, GUILD_CHANNEL, MANAGER, MEMBER, WAIT};
use support::fake_discord::{interaction, FakeDiscord, Recorded, Scripted, APPLICATION_ID};
use support::fixture;

on_both_databases!(
    store: [
        dutch_subscribe_flow_through_buttons,
        english_flow_in_direct_message,
        only_managers_change_a_channel,
        digest_reaches_three_channels_as_embeds,
        delivery_errors_reach_the_outbox,
        commands_registered_with_dutch_names,
        advisory_ids_are_suggested,
        uploads_are_checked_then_handed_over,
    ],
);

// ---------------------------------------------------------------------------------------------
// Helpers

fn chat(channel: &str) -> ChatRef {
    ChatRef::new(Platform::Discord, channel)
}

// ---------------------------------------------------------------------------------------------
// Advisories and subscriptions

/// Builds an NCSC advisory with `title` and a link, changed at `changed_at`.
fn advisory(number: u32, title: &str, urgency: Urgency, changed_at: DateTime<Utc>) -> Advisory {
    let mut advisory = support::advisories::advisory(number, changed_at, urgency);
    advisory.draft.title = title.to_owned();
    advisory.draft.url = Some(format!("https://advisories.ncsc.nl/advisory?id=NCSC-2025-{number:04}"));
    advisory
}

async fn save(store: &Store, advisories: Vec<Advisory>) {
    let writes: Vec<AdvisoryWrite> = advisories.into_iter().map(|advisory| AdvisoryWrite { advisory, new_revision: true }).collect();
    store.save_advisories(&writes).await.expect("save advisories");
}

/// Subscribes a Discord channel to the basic daily digest that fell due five minutes ago.
async fn subscribe_due(store: &Store, channel: &str, now: DateTime<Utc>) -> Subscription {
    let due = (now - chrono::Duration::minutes(5)).with_timezone(&Amsterdam);
    let mut subscription = Subscription::new(chat(channel), ChatKind::Group, Tier::Basic, Language::Nl, now - chrono::Duration::days(2));
    subscription.delivery_time = NaiveTime::from_hms_opt(due.hour(), due.minute(), 0).unwrap();
    store.save_subscription(&subscription).await.expect("save subscription")
}

fn discord_worker(store: &Store, fake: &FakeDiscord, urgent_role: Option<u64>) -> Worker {
    paced_worker(store, fake, urgent_role, unpaced())
}

fn paced_worker(store: &Store, fake: &FakeDiscord, urgent_role: Option<u64>, pacing: PacingConfig) -> Worker {
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: urgent_role };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), urgent_role).unwrap();
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Discord, Arc::new(sender));
    let mut config = WorkerConfig::new("discord-test-worker");
    config.retry.max_attempts = 3;
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(pacing).unwrap()), config)
}

fn channel_posts(fake: &FakeDiscord, channel: &str) -> Vec<Recorded> {
    let path = format!("/api/v10/channels/{channel}/messages");
    fake.requests().into_iter().filter(|request| request.method == "POST" && request.path == path).collect()
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async fn dutch_subscribe_flow_through_buttons(store: Store) {
    save(&store, vec![advisory(259, "Kwetsbaarheden verholpen in Magento", Urgency::Normal, Utc::now() - chrono::Duration::hours(1))]).await;
    let mut bot = Bot::start(&store).await;
    let guild = "interaction_slash_guild.json";

    let start = bot.command(guild, "subscribe", json!([]), MANAGER).await;
    assert_eq!(start["type"], 4, "a new message: {start}");
    assert!(content(&start).contains("Stap 1 van 3"), "{}", content(&start));
    assert_eq!(button_ids(&start), ["sub:t=basic", "sub:t=advanced", "sub:t=expert"]);
    assert_eq!(flags(&start) & EPHEMERAL, 0, "the subscribe steps are shown to the channel");

    let language = bot.press("sub:t=basic", MANAGER).await;
    assert_eq!(language["type"], 7, "the message is updated in place: {language}");
    assert_eq!(button_ids(&language), ["sub:t=basic;l=nl", "sub:t=basic;l=en"]);
    let cadence = bot.press("sub:t=basic;l=nl", MANAGER).await;
    assert!(button_ids(&cadence).contains(&"sub:t=basic;l=nl;c=daily".to_owned()), "{cadence}");
    let confirm = bot.press("sub:t=basic;l=nl;c=daily", MANAGER).await;
    assert_eq!(button_ids(&confirm), ["sub:t=basic;l=nl;c=daily;ok=1", "cancel"]);
    let saved = bot.press("sub:t=basic;l=nl;c=daily;ok=1", MANAGER).await;
    assert_eq!(saved["type"], 7);
    assert!(button_ids(&saved).is_empty(), "the buttons are removed once saved: {saved}");
    let subscription = store.subscription(&chat(GUILD_CHANNEL)).await.unwrap().expect("the channel is subscribed");
    assert_eq!(subscription.tier, Tier::Basic);
    assert_eq!(subscription.chat_kind, ChatKind::Group);

    let settings = bot.command(guild, "settings", json!([]), MEMBER).await;
    assert_eq!(flags(&settings) & EPHEMERAL, EPHEMERAL, "settings are personal: {settings}");
    assert!(content(&settings).contains("Niveau"), "{}", content(&settings));

    let latest = bot.command(guild, "latest", json!([]), MEMBER).await;
    assert!(content(&latest).contains("Magento"), "{}", content(&latest));

    let shown = bot.command(guild, "advisory", json!([{"name": "id", "type": 3, "value": "ncsc-2025-0259"}]), MEMBER).await;
    assert!(content(&shown).contains("Magento"), "{}", content(&shown));
    let missing = bot.command(guild, "advisory", json!([{"name": "id", "type": 3, "value": "NCSC-2025-9999"}]), MEMBER).await;
    assert!(content(&missing).contains("NCSC\\-2025\\-9999") || content(&missing).contains("NCSC-2025-9999"), "{}", content(&missing));

    let unsubscribed = bot.command(guild, "unsubscribe", json!([]), MANAGER).await;
    assert!(content(&unsubscribed).to_lowercase().contains("afgemeld"), "{}", content(&unsubscribed));
    assert!(store.subscription(&chat(GUILD_CHANNEL)).await.unwrap().is_none());
    bot.stop().await;
}

async fn english_flow_in_direct_message(store: Store) {
    let mut bot = Bot::start(&store).await;
    let dm = "interaction_slash_dm.json";
    let options = json!([
        {"name": "tier", "type": 4, "value": 1},
        {"name": "language", "type": 4, "value": 1},
        {"name": "time", "type": 3, "value": "07:30"},
        {"name": "lower", "type": 5, "value": true}
    ]);
    let subscribed = bot.command(dm, "subscribe", options, "").await;
    assert!(content(&subscribed).contains("advanced"), "{}", content(&subscribed));
    let subscription = store.subscription(&chat(DM_CHANNEL)).await.unwrap().expect("the member is subscribed");
    assert_eq!(subscription.tier, Tier::Advanced);
    assert_eq!(subscription.language, Language::En);
    assert_eq!(subscription.chat_kind, ChatKind::Private);
    assert_eq!(subscription.delivery_time, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
    assert!(subscription.include_lower_tiers);

    let settings = bot.command(dm, "settings", json!([]), "").await;
    assert!(content(&settings).contains("Level: advanced"), "{}", content(&settings));
    assert!(!button_ids(&settings).is_empty(), "a subscriber may change the settings: {settings}");

    let invalid = bot.command(dm, "subscribe", json!([{"name": "tier", "type": 4, "value": 0}, {"name": "time", "type": 3, "value": "25:00"}]), "").await;
    assert!(content(&invalid).contains("25:00"), "{}", content(&invalid));
    assert_eq!(flags(&invalid) & EPHEMERAL, EPHEMERAL, "errors are shown to the member only: {invalid}");
    assert_eq!(store.subscription(&chat(DM_CHANNEL)).await.unwrap().unwrap().tier, Tier::Advanced, "a rejected request changes nothing");

    let help = bot.command(dm, "help", json!([]), "").await;
    assert!(content(&help).contains("/subscribe"), "{}", content(&help));

    let unsubscribed = bot.command(dm, "unsubscribe", json!([]), "").await;
    assert!(content(&unsubscribed).to_lowercase().contains("unsubscribed"), "{}", content(&unsubscribed));
    assert!(store.subscription(&chat(DM_CHANNEL)).await.unwrap().is_none());
    bot.stop().await;
}

async fn only_managers_change_a_channel(store: Store) {
    let mut bot = Bot::start(&store).await;
    let guild = "interaction_slash_guild.json";
    let basic = json!([{"name": "tier", "type": 4, "value": 0}]);

    let refused = bot.command(guild, "subscribe", basic.clone(), MEMBER).await;
    assert_eq!(flags(&refused) & EPHEMERAL, EPHEMERAL, "the refusal is shown to the member only: {refused}");
    assert!(store.subscription(&chat(GUILD_CHANNEL)).await.unwrap().is_none());

    let pressed = bot.press("sub:t=basic;l=nl;c=daily;ok=1", MEMBER).await;
    assert_eq!(pressed["type"], 4, "a refused press does not overwrite the shared message: {pressed}");
    assert_eq!(flags(&pressed) & EPHEMERAL, EPHEMERAL);
    assert!(store.subscription(&chat(GUILD_CHANNEL)).await.unwrap().is_none());

    let allowed = bot.command(guild, "subscribe", basic, MANAGER).await;
    assert_eq!(flags(&allowed) & EPHEMERAL, 0, "{allowed}");
    assert!(store.subscription(&chat(GUILD_CHANNEL)).await.unwrap().is_some());
    bot.stop().await;
}

/// Titles that try to ping, format, link or hide text.
fn hostile_titles() -> Vec<String> {
    vec![
        "@everyone Kwetsbaarheid verholpen in Magento".to_owned(),
        "<@&123> en <@456> lezen mee: **vet** __onderstreept__ ||verborgen||".to_owned(),
        "[Klik hier](https://evil.example/phish) voor de update".to_owned(),
        format!("Lang woord {}", "A".repeat(5000)),
        "@\u{200B}here [x]\u{200B}(https://evil.example) `code` # kop".to_owned(),
    ]
}

async fn digest_reaches_three_channels_as_embeds(store: Store) {
    let now = Utc::now();
    let channels = ["610000000000000001", "610000000000000002", "610000000000000003"];
    for channel in channels {
        subscribe_due(&store, channel, now).await;
    }
    let mut advisories: Vec<Advisory> = hostile_titles()
        .iter()
        .enumerate()
        .map(|(index, title)| advisory(index as u32 + 1, title, Urgency::Normal, now - chrono::Duration::hours(1)))
        .collect();
    advisories.extend((10..30).map(|number| advisory(number, &format!("Kwetsbaarheid {number} verholpen in WooCommerce"), Urgency::Normal, now - chrono::Duration::hours(2))));
    save(&store, advisories).await;

    let fake = FakeDiscord::start().await;
    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(now).await.unwrap();
    assert_eq!(report.digests, 3, "{report:?}");
    let worker = discord_worker(&store, &fake, None);
    while worker.run_once().await.unwrap().claimed > 0 {}

    for channel in channels {
        let posts = channel_posts(&fake, channel);
        assert!(posts.len() >= 3, "channel {channel}: {} messages; 25 items need at least 3", posts.len());
        let mut embeds = 0;
        for post in &posts {
            let body = post.json.as_ref().expect("a JSON body");
            assert_message_is_safe(body);
            embeds += body["embeds"].as_array().map_or(0, Vec::len);
        }
        assert_eq!(embeds, 25, "channel {channel}: every advisory is one embed");
    }
    let outbox = store.list_outbox(None, 100).await.unwrap();
    assert!(outbox.iter().all(|message| message.status == OutboxStatus::Sent), "{outbox:?}");
}

/// Checks one message body against Discord's limits and for text that could ping or link.
fn assert_message_is_safe(body: &Value) {
    assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}), "{body}");
    let nonce = body["nonce"].as_str().expect("a nonce");
    assert!(nonce.len() <= MAX_NONCE_CHARS, "{nonce}");
    assert_eq!(body["enforce_nonce"], true);

    let content = body["content"].as_str().unwrap_or_default();
    assert!(content.chars().count() <= MAX_CONTENT_CHARS);
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= MAX_EMBEDS);
    let descriptions: Vec<&str> = embeds.iter().map(|embed| embed["description"].as_str().unwrap()).collect();
    assert!(descriptions.iter().map(|text| text.chars().count()).sum::<usize>() <= MAX_EMBEDS_CHARS);
    for text in descriptions.iter().copied().chain([content]) {
        assert!(text.chars().count() <= MAX_DESCRIPTION_CHARS);
        assert!(!text.contains('\u{200B}'), "a zero-width space survived: {text:?}");
        for pattern in ["@everyone", "@here", "<@", "](", "**", "||", "`"] {
            for (at, _) in text.match_indices(pattern) {
                assert!(text[..at].ends_with('\\'), "unescaped {pattern:?} in {text:?}");
            }
        }
    }
}

async fn delivery_errors_reach_the_outbox(store: Store) {
    let now = Utc::now();
    let (limited, forbidden, unknown) = ("620000000000000001", "620000000000000002", "620000000000000003");
    let mut subscriptions = HashMap::new();
    for channel in [limited, forbidden, unknown] {
        subscriptions.insert(channel, subscribe_due(&store, channel, now).await);
    }
    save(&store, vec![advisory(1, "Kwetsbaarheid verholpen in Magento", Urgency::Normal, now - chrono::Duration::hours(1))]).await;

    let fake = FakeDiscord::start().await;
    fake.script(&format!("/channels/{limited}/"), [Scripted::rate_limited(30.0)]);
    fake.script(&format!("/channels/{forbidden}/"), [Scripted::error(403, 50013, "Missing Permissions")]);
    fake.script(&format!("/channels/{unknown}/"), [Scripted::error(404, 10003, "Unknown Channel")]);
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(now).await.unwrap();
    let worker = discord_worker(&store, &fake, None);
    worker.run_once().await.unwrap();

    let outbox = store.list_outbox(None, 100).await.unwrap();
    let status = |channel: &str| outbox.iter().find(|message| message.chat == chat(channel)).map(|message| message.status).unwrap();
    assert_eq!(status(limited), OutboxStatus::Pending, "a rate-limited message waits");
    assert_eq!(status(forbidden), OutboxStatus::Failed);
    assert_eq!(status(unknown), OutboxStatus::Failed);
    let active = |channel: &str| {
        let id = subscriptions[channel].id;
        let store = store.clone();
        async move { store.subscription_by_id(id).await.unwrap().unwrap().active }
    };
    assert!(active(limited).await, "a rate limit keeps the subscription");
    assert!(!active(forbidden).await, "missing permissions deactivate the subscription");
    assert!(!active(unknown).await, "an unknown channel deactivates the subscription");
}

async fn commands_registered_with_dutch_names(store: Store) {
    let bot = Bot::start(&store).await;
    let requests = bot.fake.requests();
    assert!(requests.iter().any(|request| request.is("GET", "/api/v10/gateway")), "the fake gateway URL was asked for");
    let registration = requests.iter().find(|request| request.is("PUT", "/commands")).unwrap();
    assert_eq!(registration.path, format!("/api/v10/applications/{APPLICATION_ID}/commands"));
    assert_eq!(registration.authorization.as_deref(), Some("Bot fake-bot-token"));
    let commands = registration.json.as_ref().unwrap().as_array().unwrap().clone();
    let names: Vec<&str> = commands.iter().map(|command| command["name"].as_str().unwrap()).collect();
    let expected = [
        "start", "help", "subscribe", "unsubscribe", "settings", "latest", "advisory", "digest", "checklist", "ask", "submit", "mydata",
        "forget", "verify", "unverify", "channel", "moderate", "reject", "announce", "withdraw", "audit",
    ];
    assert_eq!(names, expected);

    let find = |name: &str| commands.iter().find(|command| command["name"] == name).unwrap().clone();
    let subscribe = find("subscribe");
    assert_eq!(subscribe["name_localizations"]["nl"], "aanmelden");
    assert_eq!(subscribe["description"], "Subscribe this chat to security advisories");
    assert_eq!(subscribe["description_localizations"]["nl"], "Deze chat aanmelden voor beveiligingsberichten");
    let tier = &subscribe["options"][0];
    assert_eq!(tier["name"], "tier");
    assert_eq!(tier["name_localizations"]["nl"], "niveau");
    assert_eq!(tier["choices"][0]["name"], "Basic");
    assert_eq!(tier["choices"][0]["name_localizations"]["nl"], "Basis");
    assert_eq!(find("help")["name_localizations"]["nl"], "hulp");
    assert_eq!(find("ask")["name_localizations"]["nl"], "vraag");
    let checklist = find("checklist");
    let subcommands: Vec<&str> = checklist["options"].as_array().unwrap().iter().map(|option| option["name"].as_str().unwrap()).collect();
    assert_eq!(subcommands, ["view", "start", "resume", "reset", "export", "import"]);
    assert_eq!(find("advisory")["options"][0]["autocomplete"], true);
    assert_eq!(find("verify")["name_localizations"]["nl"], "verifieer");
    assert_eq!(find("channel")["options"][0]["name"], "tlp");
    bot.stop().await;
}

async fn advisory_ids_are_suggested(store: Store) {
    let now = Utc::now();
    save(&store, (1..=30).map(|number| advisory(number, "Kwetsbaarheid verholpen in Magento", Urgency::Normal, now)).collect()).await;
    let bot = Bot::start(&store).await;
    let payload = interaction("interaction_autocomplete_guild.json", 1);
    let id = payload["id"].as_str().unwrap().to_owned();
    bot.fake.dispatch_interaction(payload);
    let path = format!("/interactions/{id}/interaction-token-1/callback");
    let request = bot.fake.wait_for("autocomplete choices", 0, WAIT, |request| request.is("POST", &path)).await;
    let body = request.json.unwrap();
    assert_eq!(body["type"], 8, "an autocomplete result: {body}");
    let choices: Vec<&str> = body["data"]["choices"].as_array().unwrap().iter().map(|choice| choice["value"].as_str().unwrap()).collect();
    let mut sorted = choices.clone();
    sorted.sort_unstable();
    let expected: Vec<String> = (20..30).map(|number| format!("NCSC-2025-{number:04}")).collect();
    assert_eq!(sorted, expected, "ids containing the typed text");
    bot.stop().await;
}

async fn uploads_are_checked_then_handed_over(store: Store) {
    use ketenwacht::conversation::{Conversation, MAX_UPLOAD_BYTES};
    use ketenwacht::platforms::discord::upload::{receive_upload, Downloader};

    let fake = FakeDiscord::start().await;
    let downloader = Downloader::new(Some(fake.url())).unwrap();
    let conversation = Conversation::new(store.clone());
    let context = ketenwacht::conversation::ChatContext {
        chat: chat(DM_CHANNEL),
        chat_kind: ChatKind::Private,
        user_id: "500000000000000002".into(),
        is_admin: true,
        user_language: Some(Language::Nl),
        member_role_ids: Vec::new(),
    };
    let attachment = |name: &str, url: String, size: usize| -> serenity::all::Attachment {
        serde_json::from_value(json!({"id": "200000000000000001", "filename": name, "size": size, "url": url, "proxy_url": url})).unwrap()
    };

    let url = fake.serve_file("checklist.csv", b"vraag,antwoord\n1,ja\n".to_vec());
    let handed = receive_upload(&downloader, &conversation, &context, &attachment("checklist.csv", url, 20), Language::Nl).await;
    assert!(!handed.private, "the conversation answers the upload itself: {handed:?}");
    assert!(fake.requests().iter().any(|request| request.is("GET", "/files/checklist.csv")));

    let large = attachment("groot.csv", fake.serve_file("groot.csv", vec![b'x'; 10]), MAX_UPLOAD_BYTES + 1);
    let refused = receive_upload(&downloader, &conversation, &context, &large, Language::Nl).await;
    assert!(refused.private, "{refused:?}");
    assert!(refused.plain_text().contains("groot.csv"), "{refused:?}");
    assert!(!fake.requests().iter().any(|request| request.path == "/files/groot.csv"), "a file announced as too large is not downloaded");

    let lying = attachment("klein.csv", fake.serve_file("klein.csv", vec![b'x'; MAX_UPLOAD_BYTES + 10]), 10);
    let refused = receive_upload(&downloader, &conversation, &context, &lying, Language::Nl).await;
    assert!(refused.plain_text().contains("klein.csv"), "a file larger than announced is cut off: {refused:?}");

    let elsewhere = attachment("x.csv", "https://evil.example/x.csv".to_owned(), 10);
    let refused = receive_upload(&downloader, &conversation, &context, &elsewhere, Language::Nl).await;
    assert!(refused.private, "{refused:?}");
}

/// The default Discord pacing keeps a digest of many parts within the channel limit that the
/// fake enforces (5 messages per 5 seconds), so no send draws a 429.
#[tokio::test]
async fn pacing_stays_within_channel_limit() {
    support::db::run_with_store(support::db::TestBackend::Sqlite, |store| async move {
        let now = Utc::now();
        let channel = "640000000000000001";
        subscribe_due(&store, channel, now).await;
        let advisories = (1..=80).map(|number| advisory(number, &format!("Kwetsbaarheid {number} verholpen in Magento"), Urgency::Normal, now - chrono::Duration::hours(1)));
        save(&store, advisories.collect()).await;
        let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(now).await.unwrap();
        assert!(report.digest_parts > 5, "the digest needs more parts than one 5-second window allows: {report:?}");

        let fake = FakeDiscord::start().await;
        fake.limit_channels(5, Duration::from_secs(5));
        let worker = paced_worker(&store, &fake, None, ketenwacht::config::DeliverySettings::default().pacing());
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        while store.list_outbox(Some(OutboxStatus::Pending), 100).await.unwrap().len() > 0 {
            assert!(tokio::time::Instant::now() < deadline, "the digest was not delivered in time");
            worker.run_once().await.unwrap();
        }
        assert_eq!(fake.rate_limited(), 0, "a send exceeded Discord's channel limit");
        assert_eq!(channel_posts(&fake, channel).len(), report.digest_parts);
    })
    .await;
}

#[tokio::test]
async fn fake_limits_channel_rate() {
    let fake = FakeDiscord::start().await;
    fake.limit_channels(5, Duration::from_secs(5));
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), None).unwrap();
    let payload = Payload::Text { text: "Bericht".to_owned() };
    for number in 0..5 {
        assert_eq!(sender.send(&chat("9"), &payload, &format!("key-{number}")).await, SendOutcome::Sent);
    }
    let sixth = sender.send(&chat("9"), &payload, "key-5").await;
    assert!(matches!(sixth, SendOutcome::RateLimited { .. }), "{sixth:?}");
    assert_eq!(sender.send(&chat("10"), &payload, "key-6").await, SendOutcome::Sent, "other channels have their own limit");
    assert_eq!(fake.rate_limited(), 1);
}

/// A slash command and a button press whose conversation is held up by a table lock are
/// deferred within Discord's deadline, and the reply follows once the lock is gone. PostgreSQL only, because
/// SQLite in WAL mode does not block readers.
#[tokio::test]
async fn slow_interactions_are_deferred() {
    use sqlx::{Connection, Executor};

    support::db::with_database(support::db::TestBackend::Postgres, |url| async move {
        let store = Store::connect(&url).await.unwrap();
        let mut bot = Bot::start(&store).await;
        let mut blocker = sqlx::PgConnection::connect(&url).await.unwrap();
        blocker.execute("BEGIN").await.unwrap();
        blocker.execute("LOCK TABLE chat_settings IN ACCESS EXCLUSIVE MODE").await.unwrap();

        let deferred = bot.command("interaction_slash_guild.json", "settings", json!([]), MEMBER).await;
        assert_eq!(deferred["type"], 5, "a deferred response: {deferred}");
        assert_eq!(flags(&deferred) & EPHEMERAL, EPHEMERAL, "settings stay personal when deferred");

        let skip = bot.fake.requests().len();
        blocker.execute("ROLLBACK").await.unwrap();
        let path = format!("/webhooks/{APPLICATION_ID}/interaction-token-1");
        let followup = bot.fake.wait_for("the reply after the deferral", skip, WAIT, |request| request.path.ends_with(&path)).await;
        let body = followup.json.unwrap();
        assert!(body["content"].as_str().unwrap().contains("geen abonnement"), "{body}");
        assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}));

        blocker.execute("BEGIN").await.unwrap();
        blocker.execute("LOCK TABLE chat_settings IN ACCESS EXCLUSIVE MODE").await.unwrap();
        let acknowledged = bot.press("settings", MANAGER).await;
        assert_eq!(acknowledged["type"], 6, "a deferred update: {acknowledged}");
        let skip = bot.fake.requests().len();
        blocker.execute("ROLLBACK").await.unwrap();
        let path = format!("/webhooks/{APPLICATION_ID}/interaction-token-2/messages/@original");
        let edit = bot.fake.wait_for("the edit after the deferral", skip, WAIT, |request| request.is("PATCH", &path)).await;
        let body = edit.json.unwrap();
        assert!(body["content"].as_str().unwrap().contains("geen abonnement"), "{body}");
        assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}));
        bot.stop().await;
        store.close().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Without a database

#[tokio::test]
async fn sender_maps_answers_to_outcomes() {
    let fake = FakeDiscord::start().await;
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), None).unwrap();
    let payload = Payload::Text { text: "Onderhoud vanavond".to_owned() };
    fake.script("/channels/1/", [Scripted::rate_limited(2.5)]);
    fake.script("/channels/2/", [Scripted::error(403, 50001, "Missing Access")]);
    fake.script("/channels/3/", [Scripted::error(404, 10003, "Unknown Channel")]);
    fake.script("/channels/4/", [Scripted::error(502, 0, "Bad Gateway")]);

    assert_eq!(sender.send(&chat("1"), &payload, "k1").await, SendOutcome::RateLimited { retry_after: Duration::from_millis(2500) });
    let forbidden = sender.send(&chat("2"), &payload, "k2").await;
    assert!(matches!(forbidden, SendOutcome::Permanent { kind: PermanentKind::Forbidden, .. }), "{forbidden:?}");
    let unknown = sender.send(&chat("3"), &payload, "k3").await;
    assert!(matches!(unknown, SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, .. }), "{unknown:?}");
    assert!(matches!(sender.send(&chat("4"), &payload, "k4").await, SendOutcome::Transient(_)));
    let invalid = sender.send(&chat("general"), &payload, "k5").await;
    assert!(matches!(invalid, SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, .. }), "{invalid:?}");

    assert_eq!(sender.send(&chat("1"), &payload, "k1").await, SendOutcome::Sent, "the retry goes through");
    let nonces: Vec<Value> = channel_posts(&fake, "1").iter().map(|post| post.json.as_ref().unwrap()["nonce"].clone()).collect();
    assert_eq!(nonces.len(), 2);
    assert_eq!(nonces[0], nonces[1], "a retried send carries the same nonce");
    assert_eq!(sender.send(&chat("1"), &payload, "k1").await, SendOutcome::Sent, "a send repeated after a crash");
    assert_eq!(channel_posts(&fake, "1").len(), 3);
    assert_eq!(fake.messages_in("1").len(), 1, "Discord drops a repeated nonce, so the message exists once");
    assert!(fake.requests().iter().all(|request| request.authorization.as_deref() == Some("Bot fake-bot-token")));

    let closed = DiscordSender::new(Arc::new(build_http(&Token::new("t"), &DiscordSettings { api_url: Some("http://127.0.0.1:9".into()), urgent_role_id: None })), None).unwrap();
    let outcome = closed.send(&chat("1"), &payload, "k6").await;
    match outcome {
        SendOutcome::Transient(reason) => assert!(!reason.contains("127.0.0.1") && !reason.contains("Bot t"), "{reason}"),
        other => panic!("a refused connection is transient, not {other:?}"),
    }
}

#[tokio::test]
async fn urgent_role_is_the_only_mention() {
    let fake = FakeDiscord::start().await;
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: Some(4242) };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), Some(4242)).unwrap();
    let window = ketenwacht::digest::Window { from: Utc::now() - chrono::Duration::days(1), to: Utc::now() };
    let urgent = advisory(7, "<@&123> @everyone Kritieke kwetsbaarheid", Urgency::Urgent, Utc::now() - chrono::Duration::hours(1));
    let normal = advisory(8, "Gewone update", Urgency::Normal, Utc::now() - chrono::Duration::hours(1));
    let digest = ketenwacht::digest::compose(&[normal, urgent], Tier::Basic, Language::Nl, window);
    let payload = Payload::Digest { digest, part: 0, parts: 1 };

    assert_eq!(sender.send(&chat("5"), &payload, "urgent-key").await, SendOutcome::Sent);
    let posts = channel_posts(&fake, "5");
    let body = posts[0].json.as_ref().unwrap();
    assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": ["4242"]}));
    assert!(body["content"].as_str().unwrap().starts_with("<@&4242> "));
    assert!(!body["content"].as_str().unwrap().contains("<@&123>"));
    assert_eq!(body["embeds"][0]["color"], URGENT_COLOUR, "urgent items come first: {body}");
    assert!(body["embeds"][0]["description"].as_str().unwrap().contains("\\<\\@&123>"));
}

#[tokio::test]
async fn fake_records_multipart_attachments() {
    use serenity::all::{ChannelId, CreateAttachment, CreateMessage};

    let fake = FakeDiscord::start().await;
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
    let http = build_http(&Token::new("fake-bot-token"), &settings);
    let file = CreateAttachment::bytes(b"vraag,antwoord\r\n1,ja\r\n".to_vec(), "checklist-nl.csv");
    ChannelId::new(7).send_files(&http, [file], CreateMessage::new().content("Hier is de lijst.")).await.expect("the fake accepts the upload");

    let posts = channel_posts(&fake, "7");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].json.as_ref().unwrap()["content"], "Hier is de lijst.");
    assert_eq!(posts[0].files.len(), 1);
    assert_eq!(posts[0].files[0].file_name, "checklist-nl.csv");
    assert_eq!(posts[0].files[0].content, b"vraag,antwoord\r\n1,ja\r\n");
}

#[tokio::test]
async fn fixtures_parse_into_serenity_types() {
    use serenity::all::{Interaction, Message, Ready};

    let ready: Ready = parse("ready.json");
    assert_eq!(ready.application.id.get().to_string(), APPLICATION_ID);
    match parse::<Interaction>("interaction_slash_guild.json") {
        Interaction::Command(command) => {
            assert_eq!(command.data.name, "settings");
            assert!(command.member.expect("a guild member").permissions.is_some());
        }
        other => panic!("not a slash command: {other:?}"),
    }
    match parse::<Interaction>("interaction_slash_dm.json") {
        Interaction::Command(command) => {
            assert!(command.guild_id.is_none());
            assert_eq!(command.data.options.len(), 4);
        }
        other => panic!("not a slash command: {other:?}"),
    }
    match parse::<Interaction>("interaction_component_guild.json") {
        Interaction::Component(press) => assert_eq!(press.data.custom_id, "sub:t=basic"),
        other => panic!("not a button press: {other:?}"),
    }
    match parse::<Interaction>("interaction_component_dm.json") {
        Interaction::Component(press) => {
            assert!(press.guild_id.is_none());
            assert!(press.message.flags.is_some_and(|flags| flags.contains(serenity::all::MessageFlags::EPHEMERAL)));
        }
        other => panic!("not a button press: {other:?}"),
    }
    assert!(matches!(parse::<Interaction>("interaction_autocomplete_guild.json"), Interaction::Autocomplete(_)));
    let message: Message = parse("message.json");
    assert!(message.embeds.is_empty());
}

fn parse<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let bytes = fixture(&format!("discord/{name}"));
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(&mut deserializer).unwrap_or_else(|error| panic!("{name} does not parse: {error}"))
}
