//! A seeded property test of TLP ceilings in delivery, run on SQLite and PostgreSQL: random
//! advisories with random TLP labels go to random chats with random ceilings, some of which
//! staff lower or raise after messages were enqueued, and messages with random labels go to
//! those chats and to a staff chat. No item may ever reach a chat above the chat's ceiling at
//! delivery time, except a message to the staff chat up to AMBER+STRICT, and RED reaches no
//! chat at all. Messages
//! with buttons reach a configured staff chat up to AMBER+STRICT, other chats only within their
//! ceiling. A last test checks that the text, Telegram and Discord renderings show each item's
//! label.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::Reply;
use ketenwacht::delivery::{
    Pacer, Payload, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig, CEILING_REJECTION, STAFF_CHAT_MESSAGE_CEILING,
};
use ketenwacht::domain::{Cadence, ChatKind, ChatRef, Language, OutboxStatus, Platform, Subscription, Tier, Tlp, Urgency};
use ketenwacht::domain::NewOutboxMessage;
use ketenwacht::store::{AdvisoryWrite, Enqueue, Store};
use support::unpaced;
use support::clock::TestClock;
use support::fake_sender::FakeSender;

on_both_databases!(store: [no_item_above_ceiling, staff_chat_takes_messages]);

/// Seed of the first case; case `n` uses `FIRST_SEED + n`.
const FIRST_SEED: u64 = 0x7C1F_2026;
const CASES: u64 = 12;
/// Days between the start times of two cases, so that no window or lookback overlaps.
const DAYS_PER_CASE: i64 = 10;

const LABELS: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];
const CEILINGS: [Tlp; 3] = [Tlp::Clear, Tlp::Green, Tlp::Amber];
const STAFF: &str = "staff-1";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

/// The counts over every case, to show the test exercised both outcomes.
#[derive(Default)]
struct Totals {
    delivered_items: usize,
    rejected_messages: usize,
    /// Messages delivered to the staff chat although their label is above its own ceiling.
    staff_messages_above_ceiling: usize,
}

async fn no_item_above_ceiling(store: Store) {
    let mut totals = Totals::default();
    for case in 0..CASES {
        let seed = FIRST_SEED + case;
        let start = at("2025-03-01T00:00:00Z") + chrono::Duration::days(DAYS_PER_CASE * case as i64);
        run_case(&store, seed, case, start, &mut totals).await;
    }
    assert!(totals.delivered_items > 0, "the cases delivered no item at all, so they checked nothing");
    assert!(totals.rejected_messages > 0, "no message was rejected by a lowered ceiling; the seeds do not cover that case");
    assert!(totals.staff_messages_above_ceiling > 0, "no message used the staff chat's exception; the seeds do not cover that case");
}

async fn run_case(store: &Store, seed: u64, case: u64, start: DateTime<Utc>, totals: &mut Totals) {
    let mut rng = fastrand::Rng::with_seed(seed);

    let mut chats = Vec::new();
    let mut subscriptions = Vec::new();
    for index in 0..rng.usize(2..=5) {
        let platform = if rng.bool() { Platform::Telegram } else { Platform::Discord };
        let chat = ChatRef::new(platform, format!("{case}0{index}"));
        let mut subscription = Subscription::new(chat.clone(), ChatKind::Group, Tier::Basic, Language::Nl, start);
        subscription.cadence = if rng.bool() { Cadence::Instant } else { Cadence::Daily };
        subscriptions.push(store.save_subscription(&subscription).await.expect("save subscription").id);
        store.set_chat_tlp_ceiling(&chat, CEILINGS[rng.usize(..CEILINGS.len())], STAFF, start).await.expect("set ceiling");
        chats.push(chat);
    }

    let mut writes = Vec::new();
    for index in 0..rng.u32(3..=12) {
        let number = u32::try_from(case).unwrap() * 100 + index + 1;
        let changed_at = start + chrono::Duration::minutes(rng.i64(60..20 * 60));
        let urgency = if rng.u8(..4) == 0 { Urgency::Urgent } else { Urgency::Normal };
        let mut advisory = support::advisories::advisory(number, changed_at, urgency);
        advisory.draft.tlp = LABELS[rng.usize(..LABELS.len())];
        writes.push(AdvisoryWrite { advisory, new_revision: true });
    }
    store.save_advisories(&writes).await.expect("save advisories");

    // A second generator for the staff chat and the messages, so the draws above stay as they were.
    let mut message_rng = fastrand::Rng::with_seed(seed ^ 0x5EED);
    let staff_id = -900 - i64::try_from(case).unwrap();
    let staff_chat = ChatRef::new(Platform::Telegram, staff_id.to_string());
    let staff_subscription = Subscription::new(staff_chat.clone(), ChatKind::Group, Tier::Basic, Language::Nl, start);
    subscriptions.push(store.save_subscription(&staff_subscription).await.expect("save subscription").id);
    store.set_chat_tlp_ceiling(&staff_chat, CEILINGS[message_rng.usize(..CEILINGS.len())], STAFF, start).await.expect("set ceiling");
    let roles = RoleSettings { staff_telegram_group_id: Some(staff_id), ..RoleSettings::default() };

    let scheduler = Scheduler::new(store.clone(), SchedulerConfig::default());
    scheduler.tick(start + chrono::Duration::hours(21)).await.expect("first tick");
    change_ceilings(store, &mut rng, &chats, start).await;
    let last_tick = start + chrono::Duration::days(2);
    scheduler.tick(last_tick).await.expect("second tick");
    change_ceilings(store, &mut rng, &chats, start).await;
    let mut all_chats = chats.clone();
    all_chats.push(staff_chat.clone());
    for (chat, subscription) in all_chats.iter().zip(&subscriptions) {
        enqueue_messages(store, &mut message_rng, chat, *subscription, last_tick).await;
    }

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let discord = Arc::new(FakeSender::new(Platform::Discord));
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(&telegram) as Arc<dyn Sender>);
    senders.insert(Platform::Discord, Arc::clone(&discord) as Arc<dyn Sender>);
    let clock = TestClock::new(&(last_tick + chrono::Duration::minutes(1)).to_rfc3339());
    let worker = Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("tlp-worker"))
        .with_clock(clock.clock())
        .with_roles(roles);
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    // The ceilings did not change while the worker ran, so the stored ones are those at delivery.
    let mut ceilings = HashMap::new();
    for chat in &all_chats {
        ceilings.insert(chat.clone(), store.chat_tlp_ceiling(chat).await.expect("read ceiling"));
    }
    for attempt in telegram.delivered().into_iter().chain(discord.delivered()) {
        let ceiling = ceilings[&attempt.chat];
        let staff_message = attempt.chat == staff_chat && matches!(attempt.payload, Payload::Message { .. });
        for (id, label) in labels_of(&attempt.payload) {
            let within = allowed(label, ceiling, staff_message);
            assert!(within, "seed {seed}: {id} with TLP:{label} reached {} whose ceiling is TLP:{ceiling}", attempt.chat);
            assert_ne!(label, Tlp::Red, "seed {seed}: {id} with TLP:RED reached {}", attempt.chat);
            if !staff_message {
                assert!(label <= Tlp::Amber, "seed {seed}: {id} with TLP:{label} reached {}", attempt.chat);
            }
            if staff_message && !label.within_ceiling(ceiling) {
                totals.staff_messages_above_ceiling += 1;
            }
            totals.delivered_items += 1;
        }
    }

    for message in store.list_outbox(None, 10_000).await.expect("list outbox") {
        // Messages of earlier cases go to chats of their own case, which this map leaves out.
        let Some(ceiling) = ceilings.get(&message.chat) else { continue };
        let payload: Payload = serde_json::from_value(message.payload.clone()).expect("payload decodes");
        let staff_message = message.chat == staff_chat && matches!(payload, Payload::Message { .. });
        let above = labels_of(&payload).iter().any(|(_, label)| !allowed(*label, *ceiling, staff_message));
        if !above {
            assert_eq!(message.status, OutboxStatus::Sent, "seed {seed}: message {} within the ceiling", message.key);
            continue;
        }
        assert_eq!(message.status, OutboxStatus::Failed, "seed {seed}: message {} above the ceiling", message.key);
        let error = message.last_error.as_deref().unwrap_or_default();
        assert!(error.starts_with(CEILING_REJECTION), "seed {seed}: message {} failed with {error:?}", message.key);
        totals.rejected_messages += 1;
    }

    // Later cases must not send digests of their windows to this case's chats.
    for id in subscriptions {
        store.deactivate_subscription(id, "end of the test case", last_tick).await.expect("deactivate subscription");
    }
}

/// Returns whether an item labelled `label` may reach a chat whose ceiling is `ceiling`;
/// `staff_message` is a message to a configured staff chat.
fn allowed(label: Tlp, ceiling: Tlp, staff_message: bool) -> bool {
    label.within_ceiling(ceiling) || (staff_message && label <= STAFF_CHAT_MESSAGE_CEILING)
}

/// Enqueues up to three messages with random labels for `chat` in its subscription.
async fn enqueue_messages(store: &Store, rng: &mut fastrand::Rng, chat: &ChatRef, subscription: i64, at: DateTime<Utc>) {
    let messages: Vec<NewOutboxMessage> = (0..rng.usize(0..=3))
        .map(|index| {
            let label = LABELS[rng.usize(..LABELS.len())];
            let payload = Payload::Message { reply: Reply::text(format!("Kaart {label}")), tlp: label };
            NewOutboxMessage {
                key: format!("{chat}:message-{index}"),
                subscription_id: Some(subscription),
                chat: chat.clone(),
                payload: serde_json::to_value(&payload).expect("payload encodes"),
                not_before: at,
            }
        })
        .collect();
    let enqueue = Enqueue { subscription_id: subscription, messages, urgent: Vec::new(), window_start: None };
    store.enqueue(&enqueue).await.expect("enqueue messages");
}

/// Sets a random new ceiling on about half of the chats: lowered, raised or the same.
async fn change_ceilings(store: &Store, rng: &mut fastrand::Rng, chats: &[ChatRef], start: DateTime<Utc>) {
    for chat in chats {
        if rng.bool() {
            store.set_chat_tlp_ceiling(chat, CEILINGS[rng.usize(..CEILINGS.len())], STAFF, start).await.expect("change ceiling");
        }
    }
}

#[test]
fn every_renderer_shows_labels() {
    let window = ketenwacht::digest::Window { from: at("2025-06-01T00:00:00Z"), to: at("2025-06-02T00:00:00Z") };
    let advisories: Vec<_> = [Tlp::Clear, Tlp::Green, Tlp::Amber]
        .into_iter()
        .zip(1..)
        .map(|(label, number)| {
            let mut advisory = support::advisories::advisory(number, at("2025-06-01T08:00:00Z"), Urgency::Normal);
            advisory.draft.tlp = label;
            advisory
        })
        .collect();
    let digest = ketenwacht::digest::compose_with(&advisories, Tier::Basic, Language::Nl, window, false, Tlp::Amber);
    assert_eq!(digest.items.len(), 3);

    let text = ketenwacht::digest::render_text(&digest, 4096).join("\n");
    let html = ketenwacht::platforms::telegram::render::payload_html(&Payload::Digest { digest: digest.clone(), part: 1, parts: 1 });
    let embeds: Vec<String> = ketenwacht::platforms::discord::embeds::render_payload(&Payload::Digest { digest, part: 1, parts: 1 }, None)
        .into_iter()
        .flat_map(|message| message.embeds)
        .map(|embed| embed.description)
        .collect();
    for label in ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"] {
        assert!(text.contains(label), "text lacks {label}:\n{text}");
        assert!(html.contains(label), "Telegram HTML lacks {label}:\n{html}");
        assert_eq!(embeds.iter().filter(|embed| embed.contains(label)).count(), 1, "one Discord embed shows {label}: {embeds:?}");
    }
}

fn labels_of(payload: &Payload) -> Vec<(String, Tlp)> {
    match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => digest.items.iter().map(|item| (item.id.to_string(), item.tlp)).collect(),
        Payload::Text { .. } => Vec::new(),
        Payload::Message { tlp, .. } => vec![("message".to_owned(), *tlp)],
    }
}

// ---------------------------------------------------------------------------------------------
// Staff chats

const STAFF_GROUP: i64 = -1_009_000;
const MEMBER_GROUP: i64 = -1_009_001;

/// Messages of every label and a digest with a GREEN item go to the staff group (ceiling CLEAR)
/// and to a member group (ceiling GREEN). The staff group receives messages up to AMBER+STRICT
/// but keeps its own ceiling for the digest; the member group only what its ceiling allows.
async fn staff_chat_takes_messages(store: Store) {
    let start = at("2025-09-01T06:00:00Z");
    let roles = RoleSettings { staff_telegram_group_id: Some(STAFF_GROUP), ..RoleSettings::default() };
    let staff_chat = ChatRef::new(Platform::Telegram, STAFF_GROUP.to_string());
    let member_chat = ChatRef::new(Platform::Telegram, MEMBER_GROUP.to_string());
    store.set_chat_tlp_ceiling(&member_chat, Tlp::Green, STAFF, start).await.expect("set ceiling");

    let green_digest = {
        let window = ketenwacht::digest::Window { from: start - chrono::Duration::days(1), to: start };
        let mut advisory = support::advisories::advisory(1, start - chrono::Duration::hours(2), Urgency::Normal);
        advisory.draft.tlp = Tlp::Green;
        let digest = ketenwacht::digest::compose_with(&[advisory], Tier::Basic, Language::Nl, window, false, Tlp::Green);
        Payload::Digest { digest, part: 1, parts: 1 }
    };
    for chat in [&staff_chat, &member_chat] {
        let mut payloads: Vec<(String, Payload)> = LABELS
            .iter()
            .map(|label| (format!("message-{label}"), Payload::Message { reply: Reply::text(format!("Kaart {label}")), tlp: *label }))
            .collect();
        payloads.push(("digest-GREEN".to_owned(), green_digest.clone()));
        support::outbox::enqueue_for(&store, chat, ChatKind::Group, start, payloads).await;
    }

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(&telegram) as Arc<dyn Sender>);
    let clock = TestClock::new("2025-09-01T06:01:00Z");
    let worker = Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("staff-worker"))
        .with_clock(clock.clock())
        .with_roles(roles);
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    let statuses: HashMap<String, (OutboxStatus, String)> = store
        .list_outbox(None, 100)
        .await
        .expect("list outbox")
        .into_iter()
        .map(|message| (message.key, (message.status, message.last_error.unwrap_or_default())))
        .collect();
    let expect = |chat: &ChatRef, name: &str, sent: bool| {
        let key = format!("{chat}:{name}");
        let (status, error) = &statuses[&key];
        if sent {
            assert_eq!(*status, OutboxStatus::Sent, "{key}: {error}");
        } else {
            assert_eq!(*status, OutboxStatus::Failed, "{key} must not be sent");
            assert!(error.starts_with(CEILING_REJECTION), "{key} failed with {error:?}");
        }
    };
    for label in ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"] {
        expect(&staff_chat, &format!("message-{label}"), true);
    }
    expect(&staff_chat, "message-RED", false);
    expect(&staff_chat, "digest-GREEN", false);

    for label in ["CLEAR", "GREEN"] {
        expect(&member_chat, &format!("message-{label}"), true);
    }
    for label in ["AMBER", "AMBER+STRICT", "RED"] {
        expect(&member_chat, &format!("message-{label}"), false);
    }
    expect(&member_chat, "digest-GREEN", true);
    assert_eq!(telegram.delivered().len(), 7, "four messages to staff, two messages and a digest to members");
}
