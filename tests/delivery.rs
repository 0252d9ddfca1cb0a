//! Scheduler and worker scenarios against a real store, each run on SQLite and PostgreSQL.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use ketenwacht::delivery::{
    Pacer, Payload, PermanentKind, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig,
};
use ketenwacht::domain::{
    Advisory, Cadence, ChatKind, ChatRef, Language, OutboxMessage, OutboxStatus, Platform, Subscription, Tier, Urgency,
};
use ketenwacht::store::{AdvisoryWrite, Store};
use support::unpaced;
use support::clock::TestClock;
use support::fake_sender::{Answer, FakeSender};

on_both_databases!(
    store: [
        scheduler_idempotent_across_restart,
        no_skip_no_repeat_across_dst_and_downtime,
        urgent_not_repeated_in_digest,
        urgent_reaches_every_cadence,
        empty_window_sends_nothing,
        worker_sends_in_order,
        worker_retries_then_fails,
        worker_waits_on_rate_limit,
        worker_times_out_hung_send,
        worker_deactivates_blocked_chat,
        worker_follows_migration,
        worker_keeps_unsupported_platform_pending,
        worker_shutdown_releases_claims,
        two_workers_send_once,
    ],
);

// ---------------------------------------------------------------------------------------------
// Builders

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

fn advisory(number: u32, changed_at: &str, urgency: Urgency) -> Advisory {
    support::advisories::advisory(number, at(changed_at), urgency)
}

async fn save(store: &Store, advisories: Vec<Advisory>) {
    let writes: Vec<AdvisoryWrite> = advisories.into_iter().map(|advisory| AdvisoryWrite { advisory, new_revision: true }).collect();
    store.save_advisories(&writes).await.expect("save advisories");
}

async fn subscribe(store: &Store, chat_id: &str, cadence: Cadence, created_at: &str) -> Subscription {
    let chat = ChatRef::new(Platform::Telegram, chat_id);
    let mut subscription = Subscription::new(chat, ChatKind::Private, Tier::Basic, Language::Nl, at(created_at));
    subscription.cadence = cadence;
    store.save_subscription(&subscription).await.expect("save subscription")
}

async fn outbox(store: &Store) -> Vec<OutboxMessage> {
    let mut messages = store.list_outbox(None, 10_000).await.expect("list outbox");
    messages.sort_by_key(|message| message.id);
    messages
}

fn payload(message: &OutboxMessage) -> Payload {
    serde_json::from_value(message.payload.clone()).expect("payload decodes")
}

fn item_ids(payload: &Payload) -> Vec<String> {
    match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => digest.items.iter().map(|item| item.id.to_string()).collect(),
        Payload::Text { .. } | Payload::Message { .. } => Vec::new(),
    }
}

fn worker(store: &Store, sender: &Arc<FakeSender>, clock: &TestClock, configure: impl FnOnce(&mut WorkerConfig)) -> Worker {
    let mut config = WorkerConfig::new("test-worker");
    config.retry.max_attempts = 3;
    configure(&mut config);
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::clone(sender) as Arc<dyn Sender>);
    let pacer = Arc::new(Pacer::new(unpaced()).unwrap());
    Worker::new(store.clone(), senders, pacer, config).with_clock(clock.clock())
}

/// Subscribes each chat in `chat_ids` (instant cadence), then enqueues one urgent message per
/// chat with the same urgent advisory.
async fn urgent_for_chats(store: &Store, chat_ids: &[&str]) -> Vec<Subscription> {
    let mut subscriptions = Vec::new();
    for chat_id in chat_ids {
        subscriptions.push(subscribe(store, chat_id, Cadence::Instant, "2025-08-01T00:00:00Z").await);
    }
    save(store, vec![advisory(1, "2025-08-28T09:00:00Z", Urgency::Urgent)]).await;
    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T09:05:00Z")).await.unwrap();
    assert_eq!(report.urgent_messages, chat_ids.len());
    subscriptions
}

async fn one_urgent_message(store: &Store, chat_id: &str) -> Subscription {
    urgent_for_chats(store, &[chat_id]).await.remove(0)
}

// ---------------------------------------------------------------------------------------------
// Scheduler

async fn scheduler_idempotent_across_restart(store: Store) {
    let subscription = subscribe(&store, "1", Cadence::Daily, "2025-08-27T06:00:00Z").await;
    save(&store, vec![advisory(1, "2025-08-27T10:00:00Z", Urgency::Normal)]).await;

    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:05:00Z")).await.unwrap();
    assert_eq!(report.new_messages, 1);

    // A new scheduler, as after a restart, at the same and a later time.
    let restarted = Scheduler::new(store.clone(), SchedulerConfig::default());
    assert_eq!(restarted.tick(at("2025-08-28T06:05:00Z")).await.unwrap().new_messages, 0);
    assert_eq!(restarted.tick(at("2025-08-28T12:00:00Z")).await.unwrap().new_messages, 0);

    let messages = outbox(&store).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].key, format!("digest:{}:2025-08-28T06:00:00Z:1", subscription.id));
    let stored = store.subscription_by_id(subscription.id).await.unwrap().unwrap();
    assert_eq!(stored.window_start, at("2025-08-28T06:00:00Z"));
}

async fn no_skip_no_repeat_across_dst_and_downtime(store: Store) {
    let mut subscription = Subscription::new(
        ChatRef::new(Platform::Telegram, "1"),
        ChatKind::Private,
        Tier::Basic,
        Language::Nl,
        at("2025-03-27T00:00:00Z"),
    );
    subscription.delivery_time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    let subscription = store.save_subscription(&subscription).await.unwrap();

    // One advisory every three hours from 27 March to 1 April, and 24 to 28 October.
    let mut advisories = Vec::new();
    let mut number = 1;
    for (from, to) in [("2025-03-27T01:00:00Z", "2025-04-01T00:00:00Z"), ("2025-10-24T01:00:00Z", "2025-10-28T00:00:00Z")] {
        let mut time = at(from);
        while time < at(to) {
            advisories.push(advisory(number, &time.to_rfc3339(), Urgency::Normal));
            number += 1;
            time += chrono::Duration::hours(3);
        }
    }
    let expected = advisories.len();
    save(&store, advisories).await;

    // Ticks every 10 minutes, with the scheduler down from 28 March 12:00 to 30 March 20:00.
    let scheduler = Scheduler::new(store.clone(), SchedulerConfig::default());
    let mut now = at("2025-03-27T00:00:00Z");
    while now < at("2025-10-29T00:00:00Z") {
        let down = now >= at("2025-03-28T12:00:00Z") && now < at("2025-03-30T20:00:00Z");
        if !down {
            scheduler.tick(now).await.unwrap();
        }
        now += if now > at("2025-04-02T00:00:00Z") && now < at("2025-10-23T00:00:00Z") {
            chrono::Duration::hours(6)
        } else {
            chrono::Duration::minutes(10)
        };
    }

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for message in outbox(&store).await {
        for id in item_ids(&payload(&message)) {
            *seen.entry(id).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), expected, "advisories skipped");
    assert!(seen.values().all(|count| *count == 1), "advisories repeated: {seen:?}");
    let keys: Vec<String> = outbox(&store).await.into_iter().map(|message| message.key).collect();
    let id = subscription.id;
    assert!(keys.contains(&format!("digest:{id}:2025-03-28T01:30:00Z:1")));
    // Down from 28 March 12:00 to 30 March 20:00 UTC: one catch-up digest on start covers both
    // missed days, ending at the last due time (03:00 CEST, the spring-forward gap's end).
    assert!(keys.contains(&format!("digest:{id}:2025-03-30T01:00:00Z:1")), "the catch-up digest on start");
    assert!(!keys.iter().any(|key| key.contains("2025-03-29T")), "one digest per missed day");
    assert!(keys.contains(&format!("digest:{id}:2025-03-31T00:30:00Z:1")), "the next regular digest");
    assert!(keys.contains(&format!("digest:{id}:2025-10-26T00:30:00Z:1")));
    assert!(!keys.iter().any(|key| key.contains("2025-10-26T01:30:00Z")), "fall-back digest sent twice");
}

async fn urgent_not_repeated_in_digest(store: Store) {
    let subscription = subscribe(&store, "1", Cadence::Daily, "2025-08-27T06:00:00Z").await;
    save(&store, vec![advisory(1, "2025-08-27T09:00:00Z", Urgency::Urgent), advisory(2, "2025-08-27T10:00:00Z", Urgency::Normal)]).await;
    let scheduler = Scheduler::new(store.clone(), SchedulerConfig::default());

    let report = scheduler.tick(at("2025-08-27T09:01:00Z")).await.unwrap();
    assert_eq!(report.urgent_messages, 1);
    assert_eq!(scheduler.tick(at("2025-08-27T09:02:00Z")).await.unwrap().urgent_messages, 0, "urgent repeated");
    let delivered = store.urgent_delivered(subscription.id, &["NCSC-2025-0001".parse().unwrap()]).await.unwrap();
    assert_eq!(delivered.len(), 1);

    scheduler.tick(at("2025-08-28T06:00:00Z")).await.unwrap();
    let messages = outbox(&store).await;
    assert_eq!(messages.len(), 2);
    assert!(matches!(payload(&messages[0]), Payload::Urgent { .. }));
    assert_eq!(item_ids(&payload(&messages[1])), ["NCSC-2025-0002"]);
}

async fn urgent_reaches_every_cadence(store: Store) {
    let instant = subscribe(&store, "1", Cadence::Instant, "2025-08-01T00:00:00Z").await;
    let daily = subscribe(&store, "2", Cadence::Daily, "2025-08-01T00:00:00Z").await;
    let mut weekly = subscribe(&store, "3", Cadence::Weekly, "2025-08-01T00:00:00Z").await;
    weekly.tier = Tier::Expert;
    weekly.exclude = vec!["wordpress".into()];
    store.save_subscription(&weekly).await.unwrap();
    let mut filtered = subscribe(&store, "4", Cadence::Daily, "2025-08-01T00:00:00Z").await;
    filtered.include = vec!["shopware".into()];
    store.save_subscription(&filtered).await.unwrap();
    let late = subscribe(&store, "5", Cadence::Instant, "2025-08-28T09:30:00Z").await;

    save(&store, vec![advisory(1, "2025-08-28T09:00:00Z", Urgency::Urgent)]).await;
    let scheduler = Scheduler::new(store.clone(), SchedulerConfig::default());
    scheduler.tick(at("2025-08-28T10:00:00Z")).await.unwrap();

    let urgent: Vec<Option<i64>> = outbox(&store)
        .await
        .into_iter()
        .filter(|message| message.key.starts_with("urgent:"))
        .map(|message| message.subscription_id)
        .collect();
    assert_eq!(urgent, [Some(instant.id), Some(daily.id), Some(weekly.id)]);
    assert!(!urgent.contains(&Some(filtered.id)), "include filter ignored");
    assert!(!urgent.contains(&Some(late.id)), "urgent from before the subscription existed");
}

async fn empty_window_sends_nothing(store: Store) {
    let subscription = subscribe(&store, "1", Cadence::Daily, "2025-08-27T06:00:00Z").await;
    let report = Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:01:00Z")).await.unwrap();
    assert_eq!(report.empty_windows, 1);
    assert!(outbox(&store).await.is_empty());
    let stored = store.subscription_by_id(subscription.id).await.unwrap().unwrap();
    assert_eq!(stored.window_start, at("2025-08-28T06:00:00Z"));
}

// ---------------------------------------------------------------------------------------------
// Worker

async fn worker_sends_in_order(store: Store) {
    let mut subscription = Subscription::new(ChatRef::new(Platform::Telegram, "1"), ChatKind::Group, Tier::Basic, Language::Nl, at("2025-08-27T06:00:00Z"));
    subscription = store.save_subscription(&subscription).await.unwrap();
    let mut advisories = Vec::new();
    for number in 1..=40 {
        let mut advisory = advisory(number, "2025-08-27T12:00:00Z", Urgency::Normal);
        advisory.draft.title = format!("Kwetsbaarheid {number} {}", "lang ".repeat(40));
        advisories.push(advisory);
    }
    save(&store, advisories).await;
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T06:01:00Z")).await.unwrap();
    let parts = outbox(&store).await.len();
    assert!(parts > 1);

    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    let clock = TestClock::new("2025-08-28T06:02:00Z");
    let report = worker(&store, &sender, &clock, |_| {}).run_once().await.unwrap();
    assert_eq!(report.handled, parts);

    let keys: Vec<String> = sender.delivered().into_iter().map(|attempt| attempt.key).collect();
    let expected: Vec<String> = (1..=parts).map(|part| format!("digest:{}:2025-08-28T06:00:00Z:{part}", subscription.id)).collect();
    assert_eq!(keys, expected);
    assert!(outbox(&store).await.iter().all(|message| message.status == OutboxStatus::Sent));
}

async fn worker_retries_then_fails(store: Store) {
    one_urgent_message(&store, "1").await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    sender.always("1", Answer::Transient("HTTP 502".into()));
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    let worker = worker(&store, &sender, &clock, |_| {});

    for attempt in 1..=2 {
        worker.run_once().await.unwrap();
        let message = &outbox(&store).await[0];
        assert_eq!(message.status, OutboxStatus::Pending);
        assert_eq!(message.attempts, attempt);
        clock.advance(chrono::Duration::hours(2));
    }
    worker.run_once().await.unwrap();
    let failed = store.list_outbox(Some(OutboxStatus::Failed), 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].last_error.as_deref().unwrap_or_default().contains("HTTP 502"));
    assert_eq!(worker.metrics().snapshot(Platform::Telegram).retried, 2);
    assert_eq!(worker.metrics().snapshot(Platform::Telegram).failed, 1);
}

async fn worker_waits_on_rate_limit(store: Store) {
    one_urgent_message(&store, "1").await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    sender.script("1", [Answer::RateLimited(Duration::from_secs(30))]);
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    let worker = worker(&store, &sender, &clock, |_| {});

    worker.run_once().await.unwrap();
    let message = &outbox(&store).await[0];
    assert_eq!(message.status, OutboxStatus::Pending);
    assert_eq!(message.attempts, 0, "a rate-limit wait counted as an attempt");
    assert_eq!(message.next_attempt_at, at("2025-08-28T09:06:30Z"));

    assert_eq!(worker.run_once().await.unwrap().claimed, 0, "claimed before retry_after");
    clock.advance(chrono::Duration::seconds(30));
    worker.run_once().await.unwrap();
    assert_eq!(outbox(&store).await[0].status, OutboxStatus::Sent);
    assert_eq!(worker.metrics().snapshot(Platform::Telegram).rate_limited, 1);
}

async fn worker_times_out_hung_send(store: Store) {
    one_urgent_message(&store, "1").await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    sender.script("1", [Answer::Hang]);
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    let worker = worker(&store, &sender, &clock, |config| config.send_timeout = Duration::from_millis(200));

    worker.run_once().await.unwrap();
    let message = &outbox(&store).await[0];
    assert_eq!(message.status, OutboxStatus::Pending);
    assert_eq!(message.attempts, 1);
    assert!(message.last_error.as_deref().unwrap_or_default().contains("timed out"));
}

async fn worker_deactivates_blocked_chat(store: Store) {
    let subscription = one_urgent_message(&store, "1").await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    sender.always("1", Answer::Permanent(PermanentKind::Blocked));
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    worker(&store, &sender, &clock, |_| {}).run_once().await.unwrap();

    let stored = store.subscription_by_id(subscription.id).await.unwrap().unwrap();
    assert!(!stored.active);
    assert!(stored.deactivated_reason.as_deref().unwrap_or_default().contains("Blocked"));
    assert_eq!(outbox(&store).await[0].status, OutboxStatus::Failed);
}

async fn worker_follows_migration(store: Store) {
    let subscription = one_urgent_message(&store, "-1").await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    sender.script("-1", [Answer::Migrated("-1001".into())]);
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    worker(&store, &sender, &clock, |_| {}).run_once().await.unwrap();

    let delivered = sender.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].chat, ChatRef::new(Platform::Telegram, "-1001"));
    let stored = store.subscription_by_id(subscription.id).await.unwrap().unwrap();
    assert_eq!(stored.chat.chat_id, "-1001");
    assert_eq!(outbox(&store).await[0].status, OutboxStatus::Sent);
}

async fn worker_keeps_unsupported_platform_pending(store: Store) {
    let chat = ChatRef::new(Platform::Discord, "55");
    let subscription = Subscription::new(chat, ChatKind::Channel, Tier::Basic, Language::En, at("2025-08-01T00:00:00Z"));
    let mut subscription = store.save_subscription(&subscription).await.unwrap();
    subscription.cadence = Cadence::Instant;
    store.save_subscription(&subscription).await.unwrap();
    save(&store, vec![advisory(1, "2025-08-28T09:00:00Z", Urgency::Urgent)]).await;
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(at("2025-08-28T09:05:00Z")).await.unwrap();

    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    worker(&store, &sender, &clock, |_| {}).run_once().await.unwrap();
    let message = &outbox(&store).await[0];
    assert_eq!(message.status, OutboxStatus::Pending);
    assert_eq!(message.attempts, 0);
    assert!(sender.attempts().is_empty());
}

async fn worker_shutdown_releases_claims(store: Store) {
    urgent_for_chats(&store, &["1", "2", "3"]).await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    for chat in 1..=3 {
        sender.always(&chat.to_string(), Answer::Hang);
    }
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    let worker = worker(&store, &sender, &clock, |config| {
        config.send_timeout = Duration::from_secs(60);
        config.shutdown_grace = Duration::from_millis(100);
    });

    let shutdown = tokio::time::sleep(Duration::from_millis(300));
    tokio::time::timeout(Duration::from_secs(10), worker.run(shutdown)).await.expect("worker stops within the grace");
    let messages = outbox(&store).await;
    assert_eq!(messages.len(), 3);
    assert!(messages.iter().all(|message| message.status == OutboxStatus::Pending && message.claimed_by.is_none()));
}

async fn two_workers_send_once(store: Store) {
    let chat_ids: Vec<String> = (1..=30).map(|chat| chat.to_string()).collect();
    urgent_for_chats(&store, &chat_ids.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let sender = Arc::new(FakeSender::new(Platform::Telegram));
    let clock = TestClock::new("2025-08-28T09:06:00Z");
    let first = worker(&store, &sender, &clock, |config| {
        config.worker_id = "first".into();
        config.batch_size = 7;
    });
    let second = worker(&store, &sender, &clock, |config| {
        config.worker_id = "second".into();
        config.batch_size = 7;
    });
    for _ in 0..5 {
        let (a, b) = tokio::join!(first.run_once(), second.run_once());
        a.unwrap();
        b.unwrap();
    }

    let mut keys: Vec<String> = sender.delivered().into_iter().map(|attempt| attempt.key).collect();
    assert_eq!(keys.len(), 30);
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 30, "a message was sent twice");
}
