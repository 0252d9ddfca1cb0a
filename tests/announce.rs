//! Staff announcements through the conversation and the delivery worker, each run on SQLite
//! and PostgreSQL: audience filtering, preview, confirmation, scheduling and withdrawal.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::{AnnounceStep, Callback, ChatContext, Command, Conversation, Reply};
use ketenwacht::delivery::{Pacer, Payload, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{Audience, AudienceMember, ChatKind, ChatRef, Language, OutboxMessage, Platform, Subscription, Tier};
use ketenwacht::store::Store;
use support::clock::TestClock;
use support::fake_sender::FakeSender;
use support::unpaced;

on_both_databases!(
    store: [
        audience_preview_and_confirm,
        scheduled_then_withdrawn,
        bad_announcements_rejected,
        members_refused,
    ],
);

const STAFF_USER: &str = "7";

fn roles() -> RoleSettings {
    RoleSettings { staff_telegram_user_ids: vec![7], ..RoleSettings::default() }
}

fn staff() -> ChatContext {
    context(Platform::Telegram, "-100", STAFF_USER)
}

fn context(platform: Platform, chat_id: &str, user_id: &str) -> ChatContext {
    ChatContext {
        chat: ChatRef::new(platform, chat_id),
        chat_kind: ChatKind::Group,
        user_id: user_id.to_owned(),
        is_admin: true,
        user_language: None,
        member_role_ids: Vec::new(),
    }
}

async fn command(conversation: &Conversation, context: &ChatContext, text: &str) -> Reply {
    let parsed = Command::parse(text, None).unwrap_or_else(|| panic!("{text:?} is a command"));
    conversation.handle_command(context, parsed).await
}

/// Presses the choice of announcement `id` for `audience` and `step`, which `shown` must offer.
async fn press(conversation: &Conversation, shown: &Reply, id: i64, audience: Audience, step: AnnounceStep) -> Reply {
    let callback = Callback::Announce { id, audience, step }.encode();
    assert!(shown.callbacks().contains(&callback.as_str()), "{callback} not offered in {:?}", shown.callbacks());
    conversation.handle_callback(&staff(), &callback).await
}

fn assert_contains(reply: &Reply, expected: &str) {
    let text = reply.plain_text();
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

/// Subscribes five chats: four active ones of different tiers, platforms and languages, and
/// one deactivated chat that no announcement reaches.
async fn subscribe_chats(store: &Store) {
    let chats = [
        (Platform::Telegram, "1", Tier::Basic, Language::Nl),
        (Platform::Telegram, "2", Tier::Expert, Language::En),
        (Platform::Discord, "3", Tier::Basic, Language::En),
        (Platform::Discord, "4", Tier::Advanced, Language::Nl),
        (Platform::Telegram, "5", Tier::Basic, Language::Nl),
    ];
    for (platform, chat_id, tier, language) in chats {
        let subscription = Subscription::new(ChatRef::new(platform, chat_id), ChatKind::Private, tier, language, Utc::now());
        store.save_subscription(&subscription).await.expect("save subscription");
    }
    let inactive = store.subscription(&ChatRef::new(Platform::Telegram, "5")).await.unwrap().unwrap();
    store.deactivate_subscription(inactive.id, "blocked by the user", Utc::now()).await.unwrap();
}

async fn announcement_messages(store: &Store, id: i64) -> Vec<OutboxMessage> {
    let prefix = format!("announce:{id}:");
    let mut messages: Vec<OutboxMessage> =
        store.list_outbox(None, 1000).await.unwrap().into_iter().filter(|message| message.key.starts_with(&prefix)).collect();
    messages.sort_by(|a, b| a.key.cmp(&b.key));
    messages
}

fn text_of(message: &OutboxMessage) -> String {
    match serde_json::from_value(message.payload.clone()).expect("payload decodes") {
        Payload::Text { text } => text,
        other => panic!("expected a text payload, got {other:?}"),
    }
}

fn worker(store: &Store, telegram: &Arc<FakeSender>, discord: &Arc<FakeSender>, clock: &TestClock) -> Worker {
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(telegram) as Arc<dyn Sender>);
    senders.insert(Platform::Discord, Arc::clone(discord) as Arc<dyn Sender>);
    let pacer = Arc::new(Pacer::new(unpaced()).unwrap());
    Worker::new(store.clone(), senders, pacer, WorkerConfig::new("test-worker")).with_clock(clock.clock())
}

/// Runs the worker until it finds nothing more to send.
async fn deliver(worker: &Worker) {
    while worker.run_once().await.expect("worker batch").claimed > 0 {}
}

async fn audience_preview_and_confirm(store: Store) {
    subscribe_chats(&store).await;
    let conversation = Conversation::new(store.clone()).with_roles(roles());

    let drafted = command(&conversation, &staff(), "/aankondigen Ledenvergadering op 12 december.\nAanmelden via de site.").await;
    assert_contains(&drafted, "Mededeling 1 is bewaard als concept");
    assert_contains(&drafted, "Dit publiek bereikt 4 chats.");
    assert!(announcement_messages(&store, 1).await.is_empty(), "a draft enqueues nothing");

    let everyone = Audience::EVERYONE;
    let no_basic = everyone.toggled(AudienceMember::Tier(Tier::Basic));
    let shown = press(&conversation, &drafted, 1, no_basic, AnnounceStep::Audience).await;
    assert_contains(&shown, "Dit publiek bereikt 2 chats.");
    let telegram_only = no_basic.toggled(AudienceMember::Platform(Platform::Discord));
    let shown_telegram = press(&conversation, &shown, 1, telegram_only, AnnounceStep::Audience).await;
    assert_contains(&shown_telegram, "Dit publiek bereikt 1 chat.");
    let dutch_only = everyone.toggled(AudienceMember::Language(Language::En));
    let shown_dutch = press(&conversation, &drafted, 1, dutch_only, AnnounceStep::Audience).await;
    assert_contains(&shown_dutch, "Dit publiek bereikt 2 chats.");

    let nobody = telegram_only.toggled(AudienceMember::Language(Language::En));
    let empty_preview = press(&conversation, &shown_telegram, 1, nobody, AnnounceStep::Audience).await;
    assert_contains(&empty_preview, "Dit publiek bereikt 0 chats.");
    let empty_preview = press(&conversation, &empty_preview, 1, nobody, AnnounceStep::Preview).await;
    assert_contains(&empty_preview, "Geen enkele aangemelde chat");
    let confirm_nobody = Callback::Announce { id: 1, audience: nobody, step: AnnounceStep::Confirm }.encode();
    assert!(!empty_preview.callbacks().contains(&confirm_nobody.as_str()), "no confirm choice without chats");

    let preview = press(&conversation, &drafted, 1, everyone, AnnounceStep::Preview).await;
    assert_contains(&preview, "Chats in het Nederlands: 2 (Telegram 1, Discord 1).");
    assert_contains(&preview, "Chats in het Engels: 2 (Telegram 1, Discord 1).");
    assert_contains(&preview, "Mededeling van de vereniging\n\nLedenvergadering op 12 december.\nAanmelden via de site.");
    assert_contains(&preview, "Announcement from the association\n\nLedenvergadering op 12 december.");

    let preview = press(&conversation, &shown, 1, no_basic, AnnounceStep::Preview).await;
    assert_contains(&preview, "Chats in het Nederlands: 1 (Discord 1).");
    assert_contains(&preview, "Chats in het Engels: 1 (Telegram 1).");
    let confirmed = press(&conversation, &preview, 1, no_basic, AnnounceStep::Confirm).await;
    assert_contains(&confirmed, "Mededeling 1 gaat naar 2 chats");

    let messages = announcement_messages(&store, 1).await;
    let keys: Vec<&str> = messages.iter().map(|message| message.key.as_str()).collect();
    assert_eq!(keys, ["announce:1:discord:4", "announce:1:telegram:2"]);
    assert!(text_of(&messages[0]).starts_with("Mededeling van de vereniging\n\nLedenvergadering"));
    assert!(text_of(&messages[1]).starts_with("Announcement from the association\n\nLedenvergadering"));
    assert!(messages.iter().all(|message| message.subscription_id.is_some()));

    let again = conversation.handle_callback(&staff(), &Callback::Announce { id: 1, audience: everyone, step: AnnounceStep::Confirm }.encode()).await;
    assert_contains(&again, "Mededeling 1 is al bevestigd.");
    assert_eq!(announcement_messages(&store, 1).await.len(), 2, "a second confirm adds nothing");

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let discord = Arc::new(FakeSender::new(Platform::Discord));
    let clock = TestClock::new(&(Utc::now() + Duration::minutes(1)).to_rfc3339());
    deliver(&worker(&store, &telegram, &discord, &clock)).await;
    let delivered: Vec<String> = telegram.delivered().iter().chain(discord.delivered().iter()).map(|attempt| attempt.chat.to_string()).collect();
    assert_eq!(delivered, ["telegram:2", "discord:4"]);

    let withdrawn = command(&conversation, &staff(), "/intrekken 1").await;
    assert_contains(&withdrawn, "Mededeling 1 is helemaal verstuurd (2 berichten)");

    let log = store.audit_log(10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["announce-confirm", "announce-create"]);
    assert!(log.iter().all(|entry| entry.actor == STAFF_USER && entry.subject == "announcement:1"));
}

async fn scheduled_then_withdrawn(store: Store) {
    subscribe_chats(&store).await;
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let send_at = (Utc::now() + Duration::days(2)).with_timezone(&Amsterdam);
    let typed = format!("/announce at {} Maintenance tonight", send_at.format("%Y-%m-%d %H:%M"));

    let drafted = command(&conversation, &staff(), &typed).await;
    assert_contains(&drafted, "Hij wordt verstuurd op");
    let preview = press(&conversation, &drafted, 1, Audience::EVERYONE, AnnounceStep::Preview).await;
    let confirmed = press(&conversation, &preview, 1, Audience::EVERYONE, AnnounceStep::Confirm).await;
    assert_contains(&confirmed, "Mededeling 1 gaat naar 4 chats");
    let messages = announcement_messages(&store, 1).await;
    assert_eq!(messages.len(), 4);
    let due = messages[0].next_attempt_at.with_timezone(&Amsterdam).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(due, send_at.format("%Y-%m-%d %H:%M").to_string(), "due at the scheduled minute");

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let discord = Arc::new(FakeSender::new(Platform::Discord));
    let clock = TestClock::new(&Utc::now().to_rfc3339());
    let worker = worker(&store, &telegram, &discord, &clock);
    deliver(&worker).await;
    assert!(telegram.attempts().is_empty(), "nothing goes out on Telegram before its time");
    assert!(discord.attempts().is_empty(), "nothing goes out on Discord before its time");

    let withdrawn = command(&conversation, &staff(), "/withdraw 1").await;
    assert_contains(&withdrawn, "Mededeling 1 is ingetrokken: 4 berichten teruggehaald, 0 waren al verstuurd.");
    assert!(announcement_messages(&store, 1).await.is_empty());
    clock.advance(Duration::days(3));
    deliver(&worker).await;
    assert!(telegram.attempts().is_empty(), "a withdrawn announcement is never sent on Telegram");
    assert!(discord.attempts().is_empty(), "a withdrawn announcement is never sent on Discord");

    assert_contains(&command(&conversation, &staff(), "/withdraw 1").await, "Mededeling 1 was al ingetrokken.");
    let late = conversation.handle_callback(&staff(), &Callback::Announce { id: 1, audience: Audience::EVERYONE, step: AnnounceStep::Confirm }.encode()).await;
    assert_contains(&late, "Mededeling 1 was al ingetrokken.");

    let draft = command(&conversation, &staff(), "/announce Draft only").await;
    assert_contains(&draft, "Mededeling 2");
    assert_contains(&command(&conversation, &staff(), "/withdraw 2").await, "Mededeling 2 was een concept");
    let actions: Vec<String> = store.audit_log(10).await.unwrap().into_iter().map(|entry| entry.action).collect();
    assert_eq!(actions, ["announce-withdraw", "announce-create", "announce-withdraw", "announce-confirm", "announce-create"]);
}

async fn bad_announcements_rejected(store: Store) {
    subscribe_chats(&store).await;
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let now = Utc::now().with_timezone(&Amsterdam);
    let at = |offset: Duration| (now + offset).format("%Y-%m-%d %H:%M").to_string();

    let cases = [
        ("/announce".to_owned(), "Typ de tekst na de opdracht"),
        (format!("/announce {}", "a".repeat(1801)), "De mededeling heeft 1801 tekens, meer dan het maximum van 1800."),
        ("/announce at 2026-02-30 09:00 Tekst".to_owned(), "\"2026-02-30 09:00\" is geen datum en tijd"),
        (format!("/announce at {} Tekst", at(-Duration::hours(1))), "is al voorbij"),
        (format!("/announce at {} Tekst", at(Duration::days(91))), "meer dan 90 dagen vooruit"),
        (format!("/announce at {}", at(Duration::days(1))), "Typ de mededeling na de datum en tijd."),
        ("/withdraw".to_owned(), "Typ het nummer van de mededeling"),
        ("/withdraw abc".to_owned(), "\"abc\" is geen nummer van een mededeling"),
        ("/withdraw 99".to_owned(), "Er is geen mededeling 99."),
    ];
    for (typed, expected) in cases {
        let reply = command(&conversation, &staff(), &typed).await;
        assert_contains(&reply, expected);
        assert!(reply.private, "{typed}: an error is shown to staff only");
    }
    assert!(store.announcement(1).await.unwrap().is_none(), "no draft from rejected input");
    assert!(store.audit_log(10).await.unwrap().is_empty());

    let at_the_meeting = command(&conversation, &staff(), "/announce At the meeting we vote").await;
    assert_contains(&at_the_meeting, "Mededeling 1 is bewaard als concept");
    assert_eq!(store.announcement(1).await.unwrap().unwrap().body, "At the meeting we vote");
}

async fn members_refused(store: Store) {
    subscribe_chats(&store).await;
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let member = context(Platform::Discord, "33", "44");
    for typed in ["/announce Hallo allemaal", "/aankondigen Hallo", "/withdraw 1", "/audit"] {
        let reply = command(&conversation, &member, typed).await;
        assert_contains(&reply, "rol staf");
        assert!(reply.private, "{typed}");
    }
    assert!(store.announcement(1).await.unwrap().is_none());

    command(&conversation, &staff(), "/announce Hallo allemaal").await;
    let press = Callback::Announce { id: 1, audience: Audience::EVERYONE, step: AnnounceStep::Confirm }.encode();
    let refused = conversation.handle_callback(&member, &press).await;
    assert_contains(&refused, "rol staf");
    assert!(announcement_messages(&store, 1).await.is_empty(), "a member's press enqueues nothing");
}
