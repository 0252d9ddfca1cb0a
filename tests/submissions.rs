//! Member submissions end to end in the terminal chat, and their encryption at rest, each run
//! on SQLite and PostgreSQL. PostgreSQL runs need a server (see `tests/support/db.rs`).

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::{ChatContext, Command, Conversation, Reply};
use ketenwacht::delivery::{Pacer, Payload, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{AdvisoryId, ChatKind, ChatRef, Language, NewOutboxMessage, Platform, SourceKind, Subscription, Tier, Tlp};
use ketenwacht::platforms::terminal::TerminalChat;
use ketenwacht::store::{StaffActor, Store, StoreError};
use ketenwacht::submissions::{DataKey, NewSubmission, SubmissionContent, SubmissionStatus, Submitter};
use sqlx::Row;
use support::clock::TestClock;
use support::fake_sender::FakeSender;
use support::unpaced;

on_both_databases!(
    store: [
        member_report_reaches_green_chats_only,
        staff_decisions_are_checked,
        staff_chat_approves,
        member_limits_and_chats,
        purge_removes_identity_after_retention,
        forget_removes_identity_and_drafts,
        changed_key_explained_to_staff,
    ],
    url: [fields_are_encrypted_at_rest],
);

/// Base64 of the bytes 0 to 31.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
/// Base64 of 32 bytes of 7.
const OTHER_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
const STAFF_GROUP: i64 = -100;
const REPORT: &str = "/submit Fake payment page for webshop customers\n\
                      Seen at hxxps://pay-update[.]example[.]com/checkout from 192.0.2.44, \
                      mail from boef@example.net";

fn key() -> DataKey {
    DataKey::parse(KEY).expect("valid test key")
}

fn roles() -> RoleSettings {
    RoleSettings { staff_telegram_user_ids: vec![7], staff_telegram_group_id: Some(STAFF_GROUP), ..RoleSettings::default() }
}

fn chat(store: &Store, user: &str, member: bool) -> TerminalChat<Vec<u8>> {
    let mut conversation = Conversation::new(store.clone()).with_roles(roles());
    if member {
        conversation = conversation.with_terminal_member();
    }
    TerminalChat::new(conversation, user, Some(Language::En), Vec::new())
}

fn assert_contains(reply: &Reply, expected: &str) {
    let text = reply.plain_text();
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

/// Returns the position of the choice whose label starts with `label`, counted from 0.
fn position(reply: &Reply, label: &str) -> usize {
    let labels: Vec<&str> = reply.choices.iter().flatten().map(|choice| choice.label.as_str()).collect();
    labels.iter().position(|shown| shown.starts_with(label)).unwrap_or_else(|| panic!("no choice {label:?} in {labels:?}"))
}

/// Types the number of the choice whose label starts with `label`; `reply` must be the
/// chat's last reply, whose choices the terminal numbers from 1.
async fn pick(chat: &mut TerminalChat<Vec<u8>>, reply: &Reply, label: &str) -> Reply {
    chat.answer(&(position(reply, label) + 1).to_string()).await
}

/// Presses a button with callback id `callback` as the terminal user `user`, such as a button
/// of a card that was delivered to a staff chat.
async fn press(store: &Store, user: &str, member: bool, callback: &str) -> Reply {
    let mut conversation = Conversation::new(store.clone()).with_roles(roles());
    if member {
        conversation = conversation.with_terminal_member();
    }
    let context = ChatContext {
        chat: ChatRef::new(Platform::Terminal, user),
        chat_kind: ChatKind::Private,
        user_id: user.to_owned(),
        is_admin: true,
        user_language: Some(Language::En),
        member_role_ids: Vec::new(),
    };
    conversation.handle_callback(&context, callback).await
}

/// Presses, as staff, the choice of `reply` whose label starts with `label`.
async fn press_choice(store: &Store, reply: &Reply, label: &str) -> Reply {
    let callback = reply.callbacks()[position(reply, label)].to_owned();
    press(store, "staff", false, &callback).await
}

/// Submits `REPORT` as `user` through the whole dialogue; returns the reply to sending.
async fn submit_green(chat: &mut TerminalChat<Vec<u8>>) -> Reply {
    let preview = chat.answer(REPORT).await;
    send_green(chat, &preview).await
}

/// Chooses TLP:GREEN, the basic tier and anonymity for the draft `preview` shows, and sends it.
async fn send_green(chat: &mut TerminalChat<Vec<u8>>, preview: &Reply) -> Reply {
    let tier = pick(chat, preview, "TLP:GREEN").await;
    let attribution = pick(chat, &tier, "Basic").await;
    let confirm = pick(chat, &attribution, "Stay anonymous").await;
    pick(chat, &confirm, "Send").await
}

async fn subscribe(store: &Store, chat_id: &str, tier: Tier, ceiling: Tlp, start: DateTime<Utc>) -> ChatRef {
    let chat = ChatRef::new(Platform::Telegram, chat_id);
    let subscription = Subscription::new(chat.clone(), ChatKind::Group, tier, Language::En, start);
    store.save_subscription(&subscription).await.expect("save subscription");
    store.set_chat_tlp_ceiling(&chat, ceiling, "7", start).await.expect("set ceiling");
    chat
}

async fn member_report_reaches_green_chats_only(store: Store) {
    let store = store.with_data_key(key());
    let start = Utc::now() - Duration::days(2);
    let green_basic = subscribe(&store, "-201", Tier::Basic, Tlp::Green, start).await;
    let clear_basic = subscribe(&store, "-202", Tier::Basic, Tlp::Clear, start).await;
    let green_expert = subscribe(&store, "-203", Tier::Expert, Tlp::Green, start).await;

    let mut alice = chat(&store, "alice", true);
    let preview = alice.answer(REPORT).await;
    assert_contains(&preview, "hxxps://pay-update[.]example[.]com/checkout");
    assert_contains(&preview, "192.0.2[.]44 (ipv4)");
    assert_contains(&preview, "boef[@]example[.]net (email)");
    assert!(!preview.plain_text().contains("192.0.2.44"), "{}", preview.plain_text());
    let sent = send_green(&mut alice, &preview).await;
    assert_contains(&sent, "Report 1 is with the staff now");

    let cards = store.list_outbox(None, 10).await.unwrap();
    assert_eq!(cards.len(), 1, "one card for the one staff chat");
    assert_eq!(cards[0].key, "submission:1:card:telegram");
    assert_eq!(cards[0].chat, ChatRef::new(Platform::Telegram, STAFF_GROUP.to_string()));
    let Payload::Message { reply, tlp } = serde_json::from_value(cards[0].payload.clone()).unwrap() else {
        panic!("the card is a message payload");
    };
    assert_eq!(tlp, Tlp::Green);
    // A staff chat without a language of its own reads Dutch.
    assert!(reply.plain_text().contains("Melding 1 wacht op een besluit"), "{}", reply.plain_text());
    assert!(!reply.plain_text().contains("alice"), "the notice leaves out the submitter: {}", reply.plain_text());
    assert_eq!(reply.callbacks(), ["md:i=1;do=show"]);
    let shown = press(&store, "staff", false, "md:i=1;do=show").await;
    assert_contains(&shown, "alice on terminal");
    assert_contains(&shown, "hxxps://pay-update[.]example[.]com/checkout");
    assert_eq!(shown.callbacks(), ["md:i=1;do=ok", "md:i=1;do=no", "md:i=1;do=tier", "md:i=1;do=tlp"]);
    let member_show = press(&store, "alice", true, "md:i=1;do=show").await;
    assert_contains(&member_show, "needs the staff role");

    let refused = alice.answer("/moderate").await;
    assert_contains(&refused, "needs the staff role");
    let mut staff = chat(&store, "staff", false);
    let card = staff.answer("/moderate").await;
    assert_contains(&card, "Submission 1 (waiting for a decision)");
    let approved = pick(&mut staff, &card, "Approve").await;
    assert_contains(&approved, "published as advisory member:1 (TLP:GREEN)");

    let advisory = store.advisory(&AdvisoryId::for_feed_item("member", "1")).await.unwrap().expect("advisory stored");
    assert_eq!(advisory.draft.source_kind, SourceKind::Member);
    assert_eq!(advisory.draft.tlp, Tlp::Green);
    assert_eq!(advisory.tier(), Tier::Basic);
    assert_eq!(advisory.draft.title, "Fake payment page for webshop customers");
    let summary = advisory.draft.summary.clone().unwrap_or_default();
    assert!(summary.ends_with("Reported by a member"), "{summary}");
    assert!(!summary.contains("192.0.2.44"), "{summary}");
    assert!(summary.contains("192.0.2[.]44"), "{summary}");
    assert_eq!(advisory.draft.url, None);

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(&telegram) as Arc<dyn Sender>);
    let tick = Utc::now() + Duration::days(2);
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(tick).await.expect("scheduler tick");
    let clock = TestClock::new(&(tick + Duration::minutes(1)).to_rfc3339());
    let worker = Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("submissions"))
        .with_clock(clock.clock());
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    let member_item = |chat: &ChatRef| {
        telegram.delivered().into_iter().filter(|attempt| attempt.chat == *chat).any(|attempt| match attempt.payload {
            Payload::Digest { digest, .. } => digest.items.iter().any(|item| item.id == *advisory.id()),
            _ => false,
        })
    };
    assert!(member_item(&green_basic), "the GREEN chat of the basic tier receives the report");
    assert!(!member_item(&clear_basic), "a CLEAR chat never receives the GREEN report");
    assert!(!member_item(&green_expert), "a chat of another tier does not receive it");
}

async fn staff_decisions_are_checked(store: Store) {
    let store = store.with_data_key(key());
    let mut alice = chat(&store, "alice", true);
    submit_green(&mut alice).await;
    let mut staff = chat(&store, "staff", false);

    let member_press = press(&store, "alice", true, "md:i=1;do=ok").await;
    assert_contains(&member_press, "needs the staff role");
    assert_eq!(store.submission(1).await.unwrap().unwrap().status, SubmissionStatus::Pending, "a member's press changes nothing");

    let tiers = press(&store, "staff", false, "md:i=1;do=tier").await;
    let changed = press_choice(&store, &tiers, "Expert").await;
    assert_contains(&changed, "Submission 1 is changed");
    let tlps = press(&store, "staff", false, "md:i=1;do=tlp").await;
    assert!(!tlps.callbacks().contains(&"md:i=1;l=RED"), "RED is never offered to staff");
    press_choice(&store, &tlps, "TLP:AMBER+STRICT").await;
    let stored = store.submission(1).await.unwrap().unwrap();
    assert_eq!((stored.tier, stored.tlp), (Some(Tier::Expert), Some(Tlp::AmberStrict)));
    let strict = press(&store, "staff", false, "md:i=1;do=ok").await;
    assert_contains(&strict, "stays with the staff");

    let how = press(&store, "staff", false, "md:i=1;do=no").await;
    assert_contains(&how, "/reject 1");
    assert_contains(&staff.answer("/reject 1").await, "Type the number and the reason");
    let rejected = staff.answer("/reject 1 Already in today's digest.").await;
    assert_contains(&rejected, "Submission 1 is rejected");
    assert_contains(&press(&store, "staff", false, "md:i=1;do=ok").await, "was already decided: rejected");
    assert_contains(&staff.answer("/reject 1 again").await, "was already decided: rejected");
    assert_contains(&staff.answer("/moderate 99").await, "Submission 99 was not found");

    let notice = store.list_outbox(None, 10).await.unwrap().into_iter().find(|message| message.key == "submission:1:rejected");
    let notice = notice.expect("a notice to the member is enqueued");
    assert_eq!(notice.chat, ChatRef::new(Platform::Terminal, "alice"));
    let Payload::Message { reply, tlp } = serde_json::from_value(notice.payload).unwrap() else { panic!("a message payload") };
    assert_eq!(tlp, Tlp::Clear);
    assert!(reply.plain_text().contains("Already in today's digest."), "{}", reply.plain_text());
    assert!(!reply.plain_text().contains("payment page"), "the CLEAR notice does not repeat the report");

    let actions: Vec<String> = store.audit_log(10).await.unwrap().into_iter().map(|entry| entry.action).collect();
    assert_eq!(actions, ["submission-reject", "submission-tlp", "submission-tier"]);
}

async fn staff_chat_approves(store: Store) {
    let store = store.with_data_key(key());
    let mut alice = chat(&store, "alice", true);
    submit_green(&mut alice).await;

    // Everyone who writes in the configured staff group is staff.
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let staff_group = ChatContext {
        chat: ChatRef::new(Platform::Telegram, STAFF_GROUP.to_string()),
        chat_kind: ChatKind::Group,
        user_id: "55".to_owned(),
        is_admin: false,
        user_language: None,
        member_role_ids: Vec::new(),
    };
    let card = conversation.handle_command(&staff_group, Command::parse("/modereren", None).unwrap()).await;
    assert_contains(&card, "Melding 1 (wacht op een besluit)");
    let approved = conversation.handle_callback(&staff_group, &card.callbacks()[0]).await;
    assert_contains(&approved, "gepubliceerd als advies member:1");
    let again = conversation.handle_callback(&staff_group, &card.callbacks()[0]).await;
    assert_contains(&again, "Over melding 1 is al besloten: goedgekeurd");

    let entry = store.audit_log(1).await.unwrap().remove(0);
    assert_eq!((entry.platform, entry.actor.as_str(), entry.action.as_str()), (Platform::Telegram, "55", "submission-approve"));
    assert_eq!(entry.subject, "submission 1");
    assert_eq!(store.submission(1).await.unwrap().unwrap().decided_by.as_deref(), Some("55"));
}

async fn member_limits_and_chats(store: Store) {
    let off = chat(&store, "alice", true).answer(REPORT).await;
    assert_contains(&off, "Submissions are switched off");

    let settings = ketenwacht::config::SubmissionSettings { max_chars: 60, max_per_day: 2, identity_retention_days: 90 };
    let store = store.with_data_key(key()).with_submission_settings(settings);
    let mut alice = chat(&store, "alice", true);
    assert_contains(&alice.answer(REPORT).await, "more than the maximum of 60");
    assert_contains(&alice.answer("/submit").await, "Type what you saw after the command");

    let red = alice.answer("/submit Skimmer script on 192.0.2.5").await;
    let refused = pick(&mut alice, &red, "TLP:RED").await;
    assert_contains(&refused, "cannot keep TLP:RED");
    assert_eq!(refused.callbacks().len(), 5, "the TLP choices are offered again");
    alice.answer("/submit Second report").await;
    assert_contains(&alice.answer("/submit Third report").await, "started 2 reports in the last 24 hours");

    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let group = ChatContext {
        chat: ChatRef::new(Platform::Telegram, "-300"),
        chat_kind: ChatKind::Group,
        user_id: "42".to_owned(),
        is_admin: false,
        user_language: None,
        member_role_ids: Vec::new(),
    };
    let in_group = conversation.handle_command(&group, Command::parse("/submit Phishing", None).unwrap()).await;
    assert_contains(&in_group, "Meld dit in een privégesprek");
    let bob = ChatContext { chat: ChatRef::new(Platform::Telegram, "42"), chat_kind: ChatKind::Private, ..group };
    let foreign = conversation.handle_callback(&bob, "sb:i=1;l=GREEN;t=basic;a=1;ok=1").await;
    assert_contains(&foreign, "Melding 1 is geen van uw niet-verstuurde meldingen");
    assert_eq!(store.submission(1).await.unwrap().unwrap().status, SubmissionStatus::Draft, "another member cannot send it");
}

async fn fields_are_encrypted_at_rest(url: String) {
    let store = Store::connect(&url).await.expect("connect").with_data_key(key());
    let mut alice = chat(&store, "alice-4711", true);
    submit_green(&mut alice).await;

    sqlx::any::install_default_drivers();
    let raw = sqlx::AnyPool::connect(&url).await.expect("connect without the store");
    let row = sqlx::query(
        "SELECT status, platform, text_sealed, link_sealed, indicators_sealed, identity_sealed, submitter_hash FROM submissions",
    )
    .fetch_one(&raw)
    .await
    .expect("one submission row");
    let columns: Vec<String> = (0..7).map(|index| row.try_get::<String, _>(index).expect("text column")).collect();
    let stored = columns.join("\n");
    for secret in ["Fake payment page", "pay-update", "example.com", "192.0.2.44", "boef", "alice-4711", "checkout"] {
        assert!(!stored.contains(secret), "{secret:?} is stored in plain text:\n{stored}");
    }
    assert_eq!(columns[0], "pending");
    // The card for the staff chat waits in the outbox, so it must not repeat the report.
    let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM outbox").fetch_all(&raw).await.expect("outbox payloads");
    assert_eq!(payloads.len(), 1, "one card for the one staff chat");
    for secret in ["Fake payment page", "pay-update", "192.0.2", "boef", "alice-4711", "checkout"] {
        assert!(!payloads[0].contains(secret), "{secret:?} is stored in plain text in the outbox:\n{}", payloads[0]);
    }
    raw.close().await;

    let readable = store.submission(1).await.unwrap().expect("the right key reads it");
    assert!(readable.content.text.contains("Fake payment page"));
    assert_eq!(readable.submitter.map(|submitter| submitter.user_id).as_deref(), Some("alice-4711"));

    let wrong = Store::connect(&url).await.expect("connect").with_data_key(DataKey::parse(OTHER_KEY).unwrap());
    let error = wrong.submission(1).await.expect_err("a wrong key cannot read it");
    assert!(matches!(error, StoreError::Decrypt { id: 1, .. }), "{error}");
    assert!(error.to_string().contains("data key differs"), "{error}");
    let keyless = Store::connect(&url).await.expect("connect");
    let error = keyless.submission(1).await.expect_err("no key cannot read it");
    assert!(error.to_string().contains("KETENWACHT_DATA_KEY is not set"), "{error}");
    for opened in [wrong, keyless, store] {
        opened.close().await;
    }
}

fn new_submission(user: &str, created_at: DateTime<Utc>) -> NewSubmission {
    NewSubmission {
        platform: Platform::Telegram,
        language: Language::Nl,
        content: SubmissionContent { text: format!("Melding van {user}"), link: None, indicators: Vec::new() },
        submitter: Submitter { user_id: user.to_owned(), chat_id: Some(user.to_owned()), display_name: None },
        created_at,
    }
}

async fn send(store: &Store, id: i64, user: &str, at: DateTime<Utc>) {
    let choice = ketenwacht::submissions::SendChoice { tlp: Tlp::Green, tier: Tier::Basic, anonymous: false };
    let decision = store.send_submission(id, Platform::Telegram, user, choice, &[], at).await.unwrap();
    assert_eq!(decision, ketenwacht::submissions::Decision::Done);
}

async fn reject_with_notice(store: &Store, id: i64, at: DateTime<Utc>) {
    let notice = NewOutboxMessage {
        key: format!("submission:{id}:rejected"),
        subscription_id: None,
        chat: ChatRef::new(Platform::Telegram, "11"),
        payload: serde_json::to_value(Payload::Text { text: format!("Melding {id} is afgewezen.") }).unwrap(),
        not_before: at,
    };
    let actor = StaffActor { platform: Platform::Telegram, user_id: "7" };
    let decision = store.reject_submission(id, "Staat al in het overzicht.", Some(&notice), actor, at).await.unwrap();
    assert_eq!(decision, ketenwacht::submissions::Decision::Done);
}

async fn purge_removes_identity_after_retention(store: Store) {
    let store = store.with_data_key(key());
    let clock = TestClock::new("2026-01-01T09:00:00Z");
    let now = || (clock.clock())();
    let old = store.create_submission(&new_submission("11", now())).await.unwrap();
    send(&store, old, "11", now()).await;
    reject_with_notice(&store, old, now()).await;
    clock.advance(Duration::days(80));
    let recent = store.create_submission(&new_submission("11", now())).await.unwrap();
    send(&store, recent, "11", now()).await;
    reject_with_notice(&store, recent, now()).await;
    clock.advance(Duration::days(8));
    let stale_draft = store.create_submission(&new_submission("12", now())).await.unwrap();
    clock.advance(Duration::days(2) + Duration::hours(20));
    let fresh_draft = store.create_submission(&new_submission("12", now())).await.unwrap();
    clock.advance(Duration::hours(1));

    // 90 days and 21 hours after the first submission.
    let report = store.purge_submissions(now(), Duration::days(90)).await.unwrap();
    assert_eq!(report.drafts_deleted, 1);
    assert_eq!(report.identities_removed, 1);
    assert_eq!(store.submission(stale_draft).await.unwrap(), None);
    assert!(store.submission(fresh_draft).await.unwrap().is_some());
    let purged = store.submission(old).await.unwrap().expect("the submission itself stays");
    assert_eq!(purged.submitter, None);
    assert_eq!(purged.content.text, "Melding van 11");
    assert!(store.submission(recent).await.unwrap().unwrap().submitter.is_some());
    let ids: Vec<i64> = store.submissions_of_member(Platform::Telegram, "11").await.unwrap().iter().map(|submission| submission.id).collect();
    assert_eq!(ids, [recent], "the purged submission no longer belongs to the member");
    // The rejection notice names the member's private chat, so it goes with the identity.
    let keys: Vec<String> = store.list_outbox(None, 10).await.unwrap().into_iter().map(|message| message.key).collect();
    assert!(!keys.contains(&format!("submission:{old}:rejected")), "{keys:?}");
    assert!(keys.contains(&format!("submission:{recent}:rejected")), "{keys:?}");

    let again = store.purge_submissions(now(), Duration::days(90)).await.unwrap();
    assert_eq!((again.drafts_deleted, again.identities_removed), (0, 0));
}

async fn forget_removes_identity_and_drafts(store: Store) {
    let store = store.with_data_key(key());
    let now = Utc::now();
    let sent = store.create_submission(&new_submission("21", now)).await.unwrap();
    send(&store, sent, "21", now).await;
    let draft = store.create_submission(&new_submission("21", now)).await.unwrap();
    let other = store.create_submission(&new_submission("22", now)).await.unwrap();
    assert_eq!(store.submissions_of_member(Platform::Telegram, "21").await.unwrap().len(), 2);

    assert_eq!(store.forget_submitter(Platform::Telegram, "21").await.unwrap(), 2);
    assert!(store.submissions_of_member(Platform::Telegram, "21").await.unwrap().is_empty());
    assert_eq!(store.submission(draft).await.unwrap(), None);
    assert_eq!(store.submission(sent).await.unwrap().unwrap().submitter, None);
    assert!(store.submission(other).await.unwrap().unwrap().submitter.is_some(), "other members keep theirs");
    assert_eq!(store.submissions_started_since(Platform::Telegram, "21", now - Duration::hours(1)).await.unwrap(), 0);
}

async fn changed_key_explained_to_staff(store: Store) {
    let mut alice = chat(&store.clone().with_data_key(key()), "alice", true);
    submit_green(&mut alice).await;

    let changed = store.with_data_key(DataKey::parse(OTHER_KEY).unwrap());
    let mut staff = chat(&changed, "staff", false);
    let reply = staff.answer("/moderate 1").await;
    assert_contains(&reply, "Submission 1 cannot be read");
    assert!(!reply.plain_text().contains("Something went wrong"), "{}", reply.plain_text());
}
