//! Window and urgent decisions of one scheduler tick, without a store.

use std::collections::HashSet;

use chrono::{DateTime, NaiveTime, Utc, Weekday};

use super::*;
use crate::delivery::test_data::{advisory, urgent_advisory, utc};
use crate::delivery::urgent::urgent_candidates;
use crate::domain::{Cadence, ChatKind, ChatRef, Language, Platform, Tier, Tlp};

fn subscription(cadence: Cadence, window_start: &str) -> Subscription {
    let chat = ChatRef::new(Platform::Telegram, "42");
    let mut subscription = Subscription::new(chat, ChatKind::Private, Tier::Basic, Language::Nl, utc("2025-01-01T00:00:00Z"));
    subscription.id = 7;
    subscription.cadence = cadence;
    subscription.window_start = utc(window_start);
    subscription
}

/// Plans one tick at `now` with `pool` as every stored advisory and `delivered` as the urgent log.
fn plan_at(subscription: &Subscription, pool: &[Advisory], delivered: &[&str], now: &str) -> (Enqueue, Planned) {
    let now = utc(now);
    let lookback_start = now - chrono::Duration::days(1);
    let filters = Filters::of(subscription).unwrap();
    let candidates = urgent_candidates(pool, subscription, &filters, lookback_start, now);
    let due = due_window(subscription, now);
    let in_window: Vec<Advisory> = match due {
        Some(window) => pool.iter().filter(|advisory| window.contains(advisory.changed_at)).cloned().collect(),
        None => Vec::new(),
    };
    let delivered: HashSet<AdvisoryId> = delivered.iter().map(|id| id.parse().unwrap()).collect();
    let input = PlanInput {
        subscription,
        filters: &filters,
        urgent_candidates: &candidates,
        due: due.map(|window| (window, in_window.as_slice())),
        delivered_urgent: &delivered,
        lookback_start,
        now,
        max_chars: 4096,
        ceiling: crate::digest::PREVIEW_CEILING,
        measure: crate::delivery::split::plain_chars,
    };
    plan(&input).unwrap()
}

fn payloads(enqueue: &Enqueue) -> Vec<Payload> {
    enqueue.messages.iter().map(|message| serde_json::from_value(message.payload.clone()).unwrap()).collect()
}

fn item_ids(payload: &Payload) -> Vec<String> {
    match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => digest.items.iter().map(|item| item.id.to_string()).collect(),
        Payload::Text { .. } | Payload::Message { .. } => Vec::new(),
    }
}

fn end(text: &str) -> Option<DateTime<Utc>> {
    Some(utc(text))
}

#[test]
fn due_window_runs_to_last_due() {
    let daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    assert_eq!(due_window(&daily, utc("2025-08-28T05:59:59Z")), None);
    let window = due_window(&daily, utc("2025-08-28T06:00:00Z")).unwrap();
    assert_eq!((window.from, window.to), (utc("2025-08-27T06:00:00Z"), utc("2025-08-28T06:00:00Z")));
}

#[test]
fn downtime_gives_one_window() {
    let daily = subscription(Cadence::Daily, "2025-08-20T06:00:00Z");
    let window = due_window(&daily, utc("2025-08-28T09:00:00Z")).unwrap();
    assert_eq!((window.from, window.to), (utc("2025-08-20T06:00:00Z"), utc("2025-08-28T06:00:00Z")));
    let mut moved = daily.clone();
    moved.window_start = window.to;
    assert_eq!(due_window(&moved, utc("2025-08-28T09:00:00Z")), None);
}

#[test]
fn instant_never_due() {
    let instant = subscription(Cadence::Instant, "2025-08-01T00:00:00Z");
    assert_eq!(due_window(&instant, utc("2025-08-28T09:00:00Z")), None);
}

#[test]
fn weekly_window_spans_week() {
    let mut weekly = subscription(Cadence::Weekly, "2025-08-18T06:00:00Z");
    weekly.weekday = Weekday::Mon;
    assert_eq!(due_window(&weekly, utc("2025-08-24T12:00:00Z")), None);
    let window = due_window(&weekly, utc("2025-08-25T06:00:00Z")).unwrap();
    assert_eq!(window.to, utc("2025-08-25T06:00:00Z"));
}

#[test]
fn windows_tile_across_dst() {
    let mut daily = subscription(Cadence::Daily, "2025-03-25T01:30:00Z");
    daily.delivery_time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    let mut ends = Vec::new();
    let mut now = utc("2025-03-25T00:00:00Z");
    while now < utc("2025-11-01T00:00:00Z") {
        if let Some(window) = due_window(&daily, now) {
            assert_eq!(window.from, daily.window_start, "a gap or overlap before {}", window.to);
            daily.window_start = window.to;
            ends.push(window.to);
        }
        now += chrono::Duration::minutes(10);
    }
    assert!(ends.contains(&utc("2025-03-30T01:00:00Z")), "spring-forward digest missing");
    assert!(ends.contains(&utc("2025-10-26T00:30:00Z")));
    assert!(!ends.contains(&utc("2025-10-26T01:30:00Z")), "fall-back digest sent twice");
    let mut dates: Vec<_> = ends.iter().map(|end| end.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()).collect();
    let count = dates.len();
    dates.dedup();
    assert_eq!(dates.len(), count, "two digests on one day");
}

#[test]
fn digest_parts_and_window_move() {
    let daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    let pool = vec![advisory(1, "2025-08-27T10:00:00Z"), advisory(2, "2025-08-28T05:00:00Z"), advisory(3, "2025-08-28T07:00:00Z")];
    let (enqueue, planned) = plan_at(&daily, &pool, &[], "2025-08-28T08:00:00Z");

    assert_eq!(enqueue.subscription_id, 7);
    assert_eq!(enqueue.window_start, end("2025-08-28T06:00:00Z"));
    assert_eq!(enqueue.messages.len(), 1);
    assert_eq!(enqueue.messages[0].key, "digest:7:2025-08-28T06:00:00Z:1");
    assert_eq!(enqueue.messages[0].chat, daily.chat);
    assert_eq!(planned.digest_parts, 1);
    let payload = &payloads(&enqueue)[0];
    assert!(matches!(payload, Payload::Digest { part: 1, parts: 1, .. }));
    let mut ids = item_ids(payload);
    ids.sort();
    assert_eq!(ids, ["NCSC-2025-0001", "NCSC-2025-0002"]);
}

#[test]
fn empty_window_moves_only() {
    let daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    let (enqueue, planned) = plan_at(&daily, &[], &[], "2025-08-28T08:00:00Z");
    assert!(enqueue.messages.is_empty());
    assert_eq!(enqueue.window_start, end("2025-08-28T06:00:00Z"));
    assert!(planned.empty_window);
}

#[test]
fn long_digest_split_in_keyed_parts() {
    let mut daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    daily.chat = ChatRef::new(Platform::Discord, "9");
    let pool: Vec<Advisory> = (1..=60)
        .map(|n| {
            let mut advisory = advisory(n, "2025-08-27T12:00:00Z");
            advisory.draft.title = format!("Kwetsbaarheid {n} {}", "lang ".repeat(30));
            advisory
        })
        .collect();
    let now = utc("2025-08-28T08:00:00Z");
    let filters = Filters::of(&daily).unwrap();
    let window = due_window(&daily, now).unwrap();
    let input = PlanInput {
        subscription: &daily,
        filters: &filters,
        urgent_candidates: &[],
        due: Some((window, &pool)),
        delivered_urgent: &HashSet::new(),
        lookback_start: now - chrono::Duration::days(1),
        now,
        max_chars: 2000,
        ceiling: crate::digest::PREVIEW_CEILING,
        measure: crate::delivery::split::plain_chars,
    };
    let (enqueue, planned) = plan(&input).unwrap();
    assert!(planned.digest_parts > 1);
    let count = enqueue.messages.len();
    for (index, (message, payload)) in enqueue.messages.iter().zip(payloads(&enqueue)).enumerate() {
        assert_eq!(message.key, format!("digest:7:2025-08-28T06:00:00Z:{}", index + 1));
        assert!(matches!(payload, Payload::Digest { part, parts, .. } if part == index + 1 && parts == count));
    }
    let total: usize = payloads(&enqueue).iter().map(|payload| item_ids(payload).len()).sum();
    assert_eq!(total, 60);
}

#[test]
fn urgent_goes_out_at_once_to_every_tier() {
    for cadence in Cadence::ALL {
        for tier in [Tier::Basic, Tier::Advanced, Tier::Expert] {
            let mut subscription = subscription(cadence, "2025-08-28T06:00:00Z");
            subscription.tier = tier;
            let mut urgent = urgent_advisory(1, "2025-08-28T09:00:00Z");
            urgent.classification.tier = Tier::Expert;
            let (enqueue, planned) = plan_at(&subscription, &[urgent], &[], "2025-08-28T09:05:00Z");
            assert_eq!(planned.urgent_items, 1, "{cadence} {tier}");
            assert_eq!(enqueue.messages.len(), 1, "{cadence} {tier}");
            assert!(enqueue.messages[0].key.starts_with("urgent:7:"));
            assert!(matches!(payloads(&enqueue)[0], Payload::Urgent { .. }));
            assert_eq!(enqueue.urgent, ["NCSC-2025-0001".parse::<AdvisoryId>().unwrap()]);
            assert_eq!(enqueue.window_start, None, "{cadence} {tier}: urgent moved the window");
        }
    }
}

#[test]
fn urgent_in_one_message() {
    let instant = subscription(Cadence::Instant, "2025-08-28T06:00:00Z");
    let pool: Vec<Advisory> = (1..=3).map(|n| urgent_advisory(n, "2025-08-28T09:00:00Z")).collect();
    let (enqueue, _) = plan_at(&instant, &pool, &[], "2025-08-28T09:05:00Z");
    assert_eq!(enqueue.messages.len(), 1);
    assert_eq!(item_ids(&payloads(&enqueue)[0]).len(), 3);
    assert_eq!(enqueue.urgent.len(), 3);
}

#[test]
fn urgent_not_repeated() {
    let instant = subscription(Cadence::Instant, "2025-08-28T06:00:00Z");
    let pool = vec![urgent_advisory(1, "2025-08-28T09:00:00Z"), urgent_advisory(2, "2025-08-28T09:01:00Z")];
    let (enqueue, _) = plan_at(&instant, &pool, &["NCSC-2025-0001"], "2025-08-28T09:05:00Z");
    assert_eq!(item_ids(&payloads(&enqueue)[0]), ["NCSC-2025-0002"]);
    assert_eq!(enqueue.urgent, ["NCSC-2025-0002".parse::<AdvisoryId>().unwrap()]);

    let (enqueue, planned) = plan_at(&instant, &pool, &["NCSC-2025-0001", "NCSC-2025-0002"], "2025-08-28T09:05:00Z");
    assert!(enqueue.messages.is_empty());
    assert_eq!(planned, Planned::default());
}

#[test]
fn digest_leaves_out_urgent() {
    let daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    let pool = vec![
        urgent_advisory(1, "2025-08-27T09:00:00Z"),
        advisory(2, "2025-08-27T10:00:00Z"),
        urgent_advisory(3, "2025-08-28T05:00:00Z"),
    ];
    // Urgent 1 went out a day ago; urgent 3 goes out in this tick.
    let (enqueue, _) = plan_at(&daily, &pool, &["NCSC-2025-0001"], "2025-08-28T06:00:00Z");
    let payloads = payloads(&enqueue);
    assert_eq!(payloads.len(), 2);
    assert!(matches!(payloads[0], Payload::Urgent { .. }));
    assert_eq!(item_ids(&payloads[0]), ["NCSC-2025-0003"]);
    assert_eq!(item_ids(&payloads[1]), ["NCSC-2025-0002"]);
}

#[test]
fn old_urgent_reaches_digest() {
    // Urgent 1 changed before the lookback (the scheduler was down), so the digest carries it.
    let daily = subscription(Cadence::Daily, "2025-08-20T06:00:00Z");
    let pool = vec![urgent_advisory(1, "2025-08-21T09:00:00Z")];
    let (enqueue, planned) = plan_at(&daily, &pool, &[], "2025-08-28T06:00:00Z");
    assert_eq!(planned.urgent_items, 0);
    assert_eq!(item_ids(&payloads(&enqueue)[0]), ["NCSC-2025-0001"]);
}

#[test]
fn filters_apply_to_urgent_and_digest() {
    let mut daily = subscription(Cadence::Daily, "2025-08-27T06:00:00Z");
    daily.exclude = vec!["windows".into()];
    let mut urgent = urgent_advisory(1, "2025-08-28T05:00:00Z");
    urgent.draft.products = vec!["Microsoft Windows".into()];
    let mut normal = advisory(2, "2025-08-27T10:00:00Z");
    normal.draft.title = "Lek in Windows Server".into();
    let (enqueue, planned) = plan_at(&daily, &[urgent, normal], &[], "2025-08-28T06:00:00Z");
    assert!(enqueue.messages.is_empty());
    assert!(planned.empty_window);
}

#[test]
fn amber_urgent_not_sent() {
    let instant = subscription(Cadence::Instant, "2025-08-28T06:00:00Z");
    let mut amber = urgent_advisory(1, "2025-08-28T09:00:00Z");
    amber.draft.tlp = Tlp::Amber;
    let (enqueue, planned) = plan_at(&instant, &[amber], &[], "2025-08-28T09:05:00Z");
    assert!(enqueue.messages.is_empty());
    assert!(enqueue.urgent.is_empty());
    assert_eq!(planned.urgent_items, 0);
}

#[test]
fn urgent_overflow_deferred() {
    let instant = subscription(Cadence::Instant, "2025-08-28T06:00:00Z");
    let pool: Vec<Advisory> = (1..=30)
        .map(|n| {
            let mut advisory = urgent_advisory(n, "2025-08-28T09:00:00Z");
            advisory.draft.title = format!("Lek {n} {}", "x".repeat(300));
            advisory
        })
        .collect();
    let (enqueue, planned) = plan_at(&instant, &pool, &[], "2025-08-28T09:05:00Z");
    assert_eq!(enqueue.messages.len(), 1);
    assert!(planned.urgent_deferred > 0);
    assert_eq!(planned.urgent_items + planned.urgent_deferred, 30);
    assert_eq!(enqueue.urgent.len(), planned.urgent_items);
}

#[test]
fn digest_key_format() {
    assert_eq!(digest_key(3, utc("2025-03-30T01:00:00Z"), 2), "digest:3:2025-03-30T01:00:00Z:2");
}
