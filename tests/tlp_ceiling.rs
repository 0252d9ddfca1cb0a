//! A seeded property test of TLP ceilings in delivery, run on SQLite and PostgreSQL: random
//! advisories with random TLP labels go to random chats with random ceilings, some of which
//! staff lower or raise after messages were enqueued. No item may ever reach a chat above the
//! chat's ceiling at delivery time, and AMBER+STRICT and RED reach no chat at all. A last test
//! checks that the text, Telegram and Discord renderings show each item's label.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ketenwacht::delivery::{Pacer, Payload, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig, CEILING_REJECTION};
use ketenwacht::domain::{Cadence, ChatKind, ChatRef, Language, OutboxStatus, Platform, Subscription, Tier, Tlp, Urgency};
use ketenwacht::store::{AdvisoryWrite, Store};
use support::unpaced;
use support::clock::TestClock;
use support::fake_sender::FakeSender;

on_both_databases!(store: [no_item_above_ceiling]);

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

    let scheduler = Scheduler::new(store.clone(), SchedulerConfig::default());
    scheduler.tick(start + chrono::Duration::hours(21)).await.expect("first tick");
    change_ceilings(store, &mut rng, &chats, start).await;
    let last_tick = start + chrono::Duration::days(2);
    scheduler.tick(last_tick).await.expect("second tick");
    change_ceilings(store, &mut rng, &chats, start).await;

    let telegram = Arc::new(FakeSender::new(Platform::Telegram));
    let discord = Arc::new(FakeSender::new(Platform::Discord));
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(&telegram) as Arc<dyn Sender>);
    senders.insert(Platform::Discord, Arc::clone(&discord) as Arc<dyn Sender>);
    let clock = TestClock::new(&(last_tick + chrono::Duration::minutes(1)).to_rfc3339());
    let worker = Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("tlp-worker"))
        .with_clock(clock.clock());
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    // The ceilings did not change while the worker ran, so the stored ones are those at delivery.
    let mut ceilings = HashMap::new();
    for chat in &chats {
        ceilings.insert(chat.clone(), store.chat_tlp_ceiling(chat).await.expect("read ceiling"));
    }
    for attempt in telegram.delivered().into_iter().chain(discord.delivered()) {
        let ceiling = ceilings[&attempt.chat];
        for (id, label) in labels_of(&attempt.payload) {
            assert!(label.within_ceiling(ceiling), "seed {seed}: {id} with TLP:{label} reached {} whose ceiling is TLP:{ceiling}", attempt.chat);
            assert!(label <= Tlp::Amber, "seed {seed}: {id} with TLP:{label} reached {}", attempt.chat);
            totals.delivered_items += 1;
        }
    }

    for message in store.list_outbox(None, 10_000).await.expect("list outbox") {
        // Messages of earlier cases go to chats of their own case, which this map leaves out.
        let Some(ceiling) = ceilings.get(&message.chat) else { continue };
        let payload: Payload = serde_json::from_value(message.payload.clone()).expect("payload decodes");
        let above = labels_of(&payload).iter().any(|(_, label)| !label.within_ceiling(*ceiling));
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
        Payload::Text { .. } | Payload::Message { .. } => Vec::new(),
    }
}
