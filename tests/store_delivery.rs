//! Storage scenarios for subscriptions, chat settings and the delivery outbox, each written once
//! and run on both SQLite and PostgreSQL.
//!
//! PostgreSQL runs need a server (see `tests/support/db.rs`); set `KETENWACHT_SKIP_POSTGRES=1`
//! to run the SQLite half alone.

mod support;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use ketenwacht::domain::{
    AdvisoryId, Cadence, ChatKind, ChatRef, Language, NewOutboxMessage, OutboxMessage, OutboxStatus, Platform,
    Subscription, Tier,
};
use ketenwacht::store::{
    Enqueue, OutboxDepth, Store, StoreError, MAX_CHAT_ID_CHARS, MAX_ERROR_CHARS, MAX_KEY_CHARS, MAX_PATTERNS,
    MAX_PATTERN_CHARS, MAX_WORKER_CHARS,
};
use serde_json::json;

on_both_databases!(
    store: [
        subscription_round_trip,
        upsert_keeps_id_and_created_at,
        upsert_moves_window_only_forward,
        subscriptions_unique_per_chat,
        save_rejects_foreign_id,
        subscription_checked_before_write,
        subscription_limits_accepted,
        delete_cascades_but_keeps_language,
        deleted_ids_not_reused,
        deactivate_fails_open_messages,
        deactivate_unknown_subscription,
        move_chat_carries_everything,
        move_chat_replaces_target_settings,
        move_chat_conflict_changes_nothing,
        move_chat_edge_cases,
        chat_language_upsert,
        enqueue_same_keys_twice,
        enqueue_window_only_forward,
        enqueue_checked_before_write,
        enqueue_many_in_chunks,
        urgent_delivered_per_subscription,
        claim_oldest_first_with_limit,
        claim_after_lease_expiry,
        release_claims_of_one_worker,
        retry_counts_attempts,
        marks_idempotent_and_final,
        marks_on_unknown_id,
        claim_checks_worker_and_lease,
        list_and_depth,
        concurrent_claims_never_overlap,
    ],
    url: [subscriptions_survive_reconnect]
);

// ---------------------------------------------------------------------------------------------
// Builders

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

/// Returns the time most scenarios start at.
fn start() -> DateTime<Utc> {
    at("2025-12-01T07:00:00Z")
}

fn minutes(count: i64) -> chrono::Duration {
    chrono::Duration::minutes(count)
}

fn telegram(chat_id: &str) -> ChatRef {
    ChatRef::new(Platform::Telegram, chat_id)
}

fn advisory_id(text: &str) -> AdvisoryId {
    text.parse().expect("valid advisory id")
}

fn subscription(chat: ChatRef) -> Subscription {
    Subscription::new(chat, ChatKind::Group, Tier::Basic, Language::Nl, start())
}

/// Builds a subscription with every field set to something other than its default.
fn full_subscription() -> Subscription {
    Subscription {
        id: 0,
        chat: ChatRef::new(Platform::Discord, "1234567890123456789"),
        chat_kind: ChatKind::Channel,
        tier: Tier::Expert,
        language: Language::En,
        cadence: Cadence::Weekly,
        delivery_time: NaiveTime::from_hms_opt(17, 45, 0).expect("valid time"),
        weekday: Weekday::Sun,
        include: vec!["(?i)magento".to_owned(), "WooCommerce|Shopware".to_owned(), "ünïcødé".to_owned()],
        exclude: vec!["(?i)windows server".to_owned()],
        include_lower_tiers: true,
        active: false,
        deactivated_reason: Some("bot was removed from the channel".to_owned()),
        window_start: at("2025-11-30T16:45:00.123456Z"),
        created_at: at("2025-11-01T10:00:00.000001Z"),
        updated_at: at("2025-11-29T12:00:00.5Z"),
    }
}

async fn saved(store: &Store, chat_id: &str) -> Subscription {
    store.save_subscription(&subscription(telegram(chat_id))).await.expect("save subscription")
}

fn message(key: &str, subscription: &Subscription, not_before: DateTime<Utc>) -> NewOutboxMessage {
    NewOutboxMessage {
        key: key.to_owned(),
        subscription_id: Some(subscription.id),
        chat: subscription.chat.clone(),
        payload: json!({ "kind": "digest", "text": format!("body of {key}") }),
        not_before,
    }
}

fn enqueue_of(subscription: &Subscription, messages: Vec<NewOutboxMessage>) -> Enqueue {
    Enqueue { subscription_id: subscription.id, messages, urgent: Vec::new(), window_start: None }
}

/// Enqueues one message per key, all due at `not_before`.
async fn enqueue_keys(store: &Store, subscription: &Subscription, keys: &[&str], not_before: DateTime<Utc>) {
    let messages = keys.iter().map(|key| message(key, subscription, not_before)).collect();
    store.enqueue(&enqueue_of(subscription, messages)).await.expect("enqueue");
}

/// Lists every outbox message by key.
async fn outbox_by_key(store: &Store) -> HashMap<String, OutboxMessage> {
    let messages = store.list_outbox(None, 10_000).await.expect("list outbox");
    messages.into_iter().map(|message| (message.key.clone(), message)).collect()
}

async fn outbox_message(store: &Store, key: &str) -> OutboxMessage {
    outbox_by_key(store).await.remove(key).unwrap_or_else(|| panic!("no outbox message {key}"))
}

fn keys_of(messages: &[OutboxMessage]) -> Vec<&str> {
    messages.iter().map(|message| message.key.as_str()).collect()
}

const LEASE: Duration = Duration::from_secs(300);

/// Claims everything due at `now` for `worker` and returns the keys.
async fn claim_keys(store: &Store, worker: &str, now: DateTime<Utc>) -> Vec<String> {
    let claimed = store.claim_outbox(worker, now, LEASE, 100).await.expect("claim");
    claimed.into_iter().map(|message| message.key).collect()
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

async fn subscription_round_trip(store: Store) {
    let original = full_subscription();
    let stored = store.save_subscription(&original).await.expect("save");
    assert!(stored.id > 0, "id {}", stored.id);
    assert_eq!(Subscription { id: stored.id, ..original.clone() }, stored);

    assert_eq!(store.subscription(&original.chat).await.expect("load by chat"), Some(stored.clone()));
    assert_eq!(store.subscription_by_id(stored.id).await.expect("load by id"), Some(stored.clone()));
    assert_eq!(store.subscription(&telegram("1234567890123456789")).await.expect("other platform"), None);
    assert_eq!(store.subscription_by_id(stored.id + 1).await.expect("unknown id"), None);
}

async fn upsert_keeps_id_and_created_at(store: Store) {
    let first = saved(&store, "-100200").await;

    let mut changed = subscription(telegram("-100200"));
    changed.tier = Tier::Advanced;
    changed.cadence = Cadence::Instant;
    changed.include = vec!["nginx".to_owned()];
    changed.created_at = start() + minutes(60);
    changed.updated_at = start() + minutes(60);
    let second = store.save_subscription(&changed).await.expect("replace");

    assert_eq!(second.id, first.id);
    assert_eq!(second.created_at, first.created_at);
    assert_eq!(second.updated_at, start() + minutes(60));
    assert_eq!(second.tier, Tier::Advanced);
    assert_eq!(second.cadence, Cadence::Instant);
    assert_eq!(second.include, ["nginx"]);
    assert_eq!(store.subscriptions(false).await.expect("list").len(), 1);

    // Saving the returned copy with its id is the usual edit.
    let mut edited = second.clone();
    edited.language = Language::En;
    let third = store.save_subscription(&edited).await.expect("save with id");
    assert_eq!(third.id, first.id);
    assert_eq!(third.language, Language::En);
}

async fn upsert_moves_window_only_forward(store: Store) {
    let first = saved(&store, "-100201").await;
    assert_eq!(first.window_start, start());

    let mut later = first.clone();
    later.window_start = start() + minutes(90);
    assert_eq!(store.save_subscription(&later).await.expect("forward").window_start, start() + minutes(90));

    // A stale copy, loaded before the window moved, keeps the stored window.
    let stale = Subscription { tier: Tier::Expert, ..first.clone() };
    let stored = store.save_subscription(&stale).await.expect("stale copy");
    assert_eq!(stored.window_start, start() + minutes(90));
    assert_eq!(stored.tier, Tier::Expert);
}

async fn subscriptions_unique_per_chat(store: Store) {
    let group = saved(&store, "-100300").await;
    let private = saved(&store, "4242").await;
    let discord = store
        .save_subscription(&subscription(ChatRef::new(Platform::Discord, "-100300")))
        .await
        .expect("same chat id on another platform");
    assert_eq!(HashSet::from([group.id, private.id, discord.id]).len(), 3);

    let all: Vec<i64> = store.subscriptions(false).await.expect("list").iter().map(|s| s.id).collect();
    let mut sorted = all.clone();
    sorted.sort_unstable();
    assert_eq!(all, sorted, "ordered by id");
    assert_eq!(all.len(), 3);

    store.deactivate_subscription(private.id, "blocked", start()).await.expect("deactivate");
    let active: Vec<i64> = store.subscriptions(true).await.expect("active").iter().map(|s| s.id).collect();
    assert_eq!(active, [group.id, discord.id]);
}

async fn save_rejects_foreign_id(store: Store) {
    let first = saved(&store, "-100400").await;

    let mut moved = first.clone();
    moved.chat = telegram("-100401");
    let error = store.save_subscription(&moved).await.expect_err("id of another chat");
    assert!(matches!(error, StoreError::InvalidSubscription { .. }), "{error}");
    assert!(error.to_string().contains(&format!("id {}", first.id)), "{error}");
    assert_eq!(store.subscription(&telegram("-100401")).await.expect("load"), None, "rolled back");

    let unknown = Subscription { id: first.id + 100, ..first.clone() };
    let error = store.save_subscription(&unknown).await.expect_err("unknown id");
    assert!(matches!(error, StoreError::InvalidSubscription { .. }), "{error}");
    assert_eq!(store.subscription(&first.chat).await.expect("load"), Some(first));
}

async fn subscription_checked_before_write(store: Store) {
    let long_chat_id = "9".repeat(MAX_CHAT_ID_CHARS + 1);
    let cases: Vec<(&str, Subscription)> = vec![
        ("empty chat id", subscription(telegram(""))),
        ("blank chat id", subscription(telegram("  "))),
        ("long chat id", subscription(telegram(&long_chat_id))),
        ("too many includes", Subscription {
            include: (0..=MAX_PATTERNS).map(|n| format!("p{n}")).collect(),
            ..subscription(telegram("1"))
        }),
        ("too many excludes", Subscription {
            exclude: (0..=MAX_PATTERNS).map(|n| format!("p{n}")).collect(),
            ..subscription(telegram("1"))
        }),
        ("long pattern", Subscription {
            include: vec!["é".repeat(MAX_PATTERN_CHARS + 1)],
            ..subscription(telegram("1"))
        }),
        ("empty include", Subscription { include: vec!["ok".to_owned(), String::new()], ..subscription(telegram("1")) }),
        ("blank exclude", Subscription { exclude: vec![" ".to_owned()], ..subscription(telegram("1")) }),
        ("seconds in delivery time", Subscription {
            delivery_time: NaiveTime::from_hms_opt(8, 0, 30).expect("valid time"),
            ..subscription(telegram("1"))
        }),
    ];
    for (case, invalid) in cases {
        let error = store.save_subscription(&invalid).await.expect_err(case);
        let expected_variant = if case.contains("chat id") {
            matches!(error, StoreError::InvalidChatId { .. })
        } else {
            matches!(error, StoreError::InvalidSubscription { .. })
        };
        assert!(expected_variant, "{case}: {error}");
    }
    assert!(store.subscriptions(false).await.expect("list").is_empty());

    let error = store.save_subscription(&subscription(telegram(&long_chat_id))).await.expect_err("long");
    assert!(error.to_string().contains("129 characters"), "{error}");
    let error = store
        .save_subscription(&Subscription { exclude: vec!["a".to_owned(), String::new()], ..subscription(telegram("1")) })
        .await
        .expect_err("empty");
    assert!(error.to_string().contains("exclude pattern 2 is empty"), "{error}");
}

async fn subscription_limits_accepted(store: Store) {
    let at_limit = Subscription {
        include: (0..MAX_PATTERNS).map(|n| format!("{n}{}", "ü".repeat(MAX_PATTERN_CHARS - 2))).collect(),
        exclude: (0..MAX_PATTERNS).map(|n| format!("x{n}")).collect(),
        ..subscription(telegram(&"7".repeat(MAX_CHAT_ID_CHARS)))
    };
    let stored = store.save_subscription(&at_limit).await.expect("limits are inclusive");
    assert_eq!(stored.include, at_limit.include);
    assert_eq!(stored.exclude, at_limit.exclude);

    let long_reason = Subscription {
        active: false,
        deactivated_reason: Some("ß".repeat(MAX_ERROR_CHARS + 10)),
        ..subscription(telegram("2"))
    };
    let stored = store.save_subscription(&long_reason).await.expect("long reason");
    assert_eq!(stored.deactivated_reason.expect("reason").chars().count(), MAX_ERROR_CHARS);
}

async fn delete_cascades_but_keeps_language(store: Store) {
    let doomed = saved(&store, "-100500").await;
    let other = saved(&store, "-100501").await;
    store.set_chat_language(&doomed.chat, Language::En).await.expect("set language");
    let mut enqueue = enqueue_of(&doomed, vec![message("d:1", &doomed, start()), message("d:2", &doomed, start())]);
    enqueue.urgent = vec![advisory_id("NCSC-2025-0001")];
    store.enqueue(&enqueue).await.expect("enqueue");
    enqueue_keys(&store, &other, &["o:1"], start()).await;
    // The oldest message, `d:1`, is sent: sent messages of a deleted subscription go too.
    let claimed = store.claim_outbox("w", start(), LEASE, 1).await.expect("claim");
    assert_eq!(keys_of(&claimed), ["d:1"]);
    store.mark_sent(claimed[0].id, start()).await.expect("sent");

    assert!(store.delete_subscription(&doomed.chat).await.expect("delete"));

    assert_eq!(store.subscription(&doomed.chat).await.expect("load"), None);
    assert_eq!(keys_of(&store.list_outbox(None, 100).await.expect("list")), ["o:1"]);
    let urgent = store.urgent_delivered(doomed.id, &[advisory_id("NCSC-2025-0001")]).await.expect("urgent");
    assert!(urgent.is_empty());
    assert_eq!(store.chat_language(&doomed.chat).await.expect("language"), Some(Language::En));
    assert_eq!(store.subscription(&other.chat).await.expect("other"), Some(other));

    assert!(!store.delete_subscription(&doomed.chat).await.expect("delete again"));
}

async fn deleted_ids_not_reused(store: Store) {
    let first = saved(&store, "-100510").await;
    let latest = saved(&store, "-100511").await;
    assert!(store.delete_subscription(&latest.chat).await.expect("delete"));
    let next = saved(&store, "-100512").await;
    assert!(next.id > latest.id, "id {} of a deleted subscription reused after {}", next.id, first.id);

    // The same holds for outbox rows, which workers mark by id.
    enqueue_keys(&store, &next, &["n:1"], start()).await;
    let removed = outbox_message(&store, "n:1").await;
    assert!(store.delete_subscription(&next.chat).await.expect("delete"));
    enqueue_keys(&store, &first, &["f:1"], start()).await;
    assert!(outbox_message(&store, "f:1").await.id > removed.id);
    let error = store.mark_sent(removed.id, start()).await.expect_err("deleted message");
    assert!(matches!(error, StoreError::OutboxMessageNotFound { .. }), "{error}");
}

async fn deactivate_fails_open_messages(store: Store) {
    let blocked = saved(&store, "-100600").await;
    let other = saved(&store, "-100601").await;
    enqueue_keys(&store, &blocked, &["b:sent", "b:claimed", "b:pending"], start()).await;
    enqueue_keys(&store, &other, &["o:pending"], start() + minutes(1)).await;
    let claimed = store.claim_outbox("w", start(), LEASE, 2).await.expect("claim");
    assert_eq!(keys_of(&claimed), ["b:sent", "b:claimed"]);
    store.mark_sent(claimed[0].id, start()).await.expect("sent");

    let reason = format!("Forbidden: bot was blocked by the user {}", "…".repeat(MAX_ERROR_CHARS));
    store.deactivate_subscription(blocked.id, &reason, start() + minutes(5)).await.expect("deactivate");

    let stored = store.subscription_by_id(blocked.id).await.expect("load").expect("still stored");
    assert!(!stored.active);
    let stored_reason = stored.deactivated_reason.expect("reason");
    assert_eq!(stored_reason.chars().count(), MAX_ERROR_CHARS);
    assert!(reason.starts_with(&stored_reason));
    assert_eq!(stored.updated_at, start() + minutes(5));

    let outbox = outbox_by_key(&store).await;
    assert_eq!(outbox["b:sent"].status, OutboxStatus::Sent);
    for key in ["b:claimed", "b:pending"] {
        assert_eq!(outbox[key].status, OutboxStatus::Failed, "{key}");
        assert_eq!(outbox[key].last_error.as_deref(), Some(stored_reason.as_str()), "{key}");
        assert_eq!(outbox[key].claimed_by, None, "{key}");
        assert_eq!(outbox[key].claimed_until, None, "{key}");
    }
    assert_eq!(outbox["o:pending"].status, OutboxStatus::Pending);
    assert_eq!(claim_keys(&store, "w2", start() + minutes(60)).await, ["o:pending"]);
}

async fn deactivate_unknown_subscription(store: Store) {
    let error = store.deactivate_subscription(77, "gone", start()).await.expect_err("unknown");
    assert!(matches!(error, StoreError::SubscriptionNotFound { id: 77 }), "{error}");
    assert!(error.to_string().contains("77"), "{error}");
}

async fn move_chat_carries_everything(store: Store) {
    let group = saved(&store, "-4001").await;
    store.set_chat_language(&group.chat, Language::En).await.expect("language");
    enqueue_keys(&store, &group, &["g:sent", "g:claimed", "g:pending"], start()).await;
    let claimed = store.claim_outbox("w", start(), LEASE, 2).await.expect("claim");
    store.mark_sent(claimed[0].id, start()).await.expect("sent");

    store.move_chat(&group.chat, "-1004001").await.expect("move");

    let supergroup = telegram("-1004001");
    assert_eq!(store.subscription(&group.chat).await.expect("old"), None);
    let moved = store.subscription(&supergroup).await.expect("new").expect("moved subscription");
    assert_eq!(moved.id, group.id);
    assert_eq!(moved.created_at, group.created_at);
    assert_eq!(store.chat_language(&group.chat).await.expect("old language"), None);
    assert_eq!(store.chat_language(&supergroup).await.expect("new language"), Some(Language::En));

    let outbox = outbox_by_key(&store).await;
    assert_eq!(outbox["g:sent"].chat, group.chat, "a sent message keeps where it went");
    assert_eq!(outbox["g:claimed"].chat, supergroup);
    assert_eq!(outbox["g:claimed"].status, OutboxStatus::Claimed);
    assert_eq!(outbox["g:pending"].chat, supergroup);
}

async fn move_chat_replaces_target_settings(store: Store) {
    let old = telegram("-4101");
    let new = telegram("-1004101");
    store.set_chat_language(&old, Language::En).await.expect("old language");
    store.set_chat_language(&new, Language::Nl).await.expect("new language");

    store.move_chat(&old, "-1004101").await.expect("move settings without a subscription");
    assert_eq!(store.chat_language(&new).await.expect("language"), Some(Language::En));
    assert_eq!(store.chat_language(&old).await.expect("language"), None);

    // Without settings to move, the target keeps its own.
    store.move_chat(&telegram("-4102"), "-1004101").await.expect("nothing to move");
    assert_eq!(store.chat_language(&new).await.expect("language"), Some(Language::En));
}

async fn move_chat_conflict_changes_nothing(store: Store) {
    let old = saved(&store, "-4201").await;
    let new = saved(&store, "-1004201").await;
    store.set_chat_language(&old.chat, Language::En).await.expect("language");
    enqueue_keys(&store, &old, &["old:1"], start()).await;

    let error = store.move_chat(&old.chat, "-1004201").await.expect_err("target has a subscription");
    assert!(matches!(error, StoreError::ChatTaken { .. }), "{error}");
    assert!(error.to_string().contains("-1004201"), "{error}");

    assert_eq!(store.subscription(&old.chat).await.expect("old"), Some(old.clone()));
    assert_eq!(store.subscription(&new.chat).await.expect("new"), Some(new.clone()));
    assert_eq!(store.chat_language(&old.chat).await.expect("language"), Some(Language::En));
    assert_eq!(outbox_message(&store, "old:1").await.chat, old.chat);

    // A chat without a subscription cannot move onto one that has one either.
    store.set_chat_language(&telegram("-4202"), Language::En).await.expect("language");
    let error = store.move_chat(&telegram("-4202"), "-1004201").await.expect_err("target taken");
    assert!(matches!(error, StoreError::ChatTaken { .. }), "{error}");
    assert_eq!(store.chat_language(&telegram("-4202")).await.expect("language"), Some(Language::En));
    assert_eq!(store.chat_language(&new.chat).await.expect("language"), None);
}

async fn move_chat_edge_cases(store: Store) {
    let chat = saved(&store, "-4301").await;
    store.move_chat(&chat.chat, "-4301").await.expect("move onto itself");
    assert_eq!(store.subscription(&chat.chat).await.expect("load"), Some(chat.clone()));

    for invalid in ["", " ", &"1".repeat(MAX_CHAT_ID_CHARS + 1)] {
        let error = store.move_chat(&chat.chat, invalid).await.expect_err("invalid new id");
        assert!(matches!(error, StoreError::InvalidChatId { .. }), "{invalid:?}: {error}");
    }

    // Another platform's chat with the same id is not in the way.
    store.save_subscription(&subscription(ChatRef::new(Platform::Discord, "-1004301"))).await.expect("discord");
    store.move_chat(&chat.chat, "-1004301").await.expect("move");
    assert_eq!(store.subscription(&telegram("-1004301")).await.expect("load").map(|s| s.id), Some(chat.id));
}

async fn chat_language_upsert(store: Store) {
    let chat = telegram("555");
    assert_eq!(store.chat_language(&chat).await.expect("unset"), None);
    store.set_chat_language(&chat, Language::Nl).await.expect("set");
    store.set_chat_language(&chat, Language::En).await.expect("replace");
    assert_eq!(store.chat_language(&chat).await.expect("load"), Some(Language::En));
    assert_eq!(store.chat_language(&ChatRef::new(Platform::Discord, "555")).await.expect("other"), None);

    let error = store.set_chat_language(&telegram(""), Language::En).await.expect_err("empty id");
    assert!(matches!(error, StoreError::InvalidChatId { .. }), "{error}");
}

async fn subscriptions_survive_reconnect(url: String) {
    let first = Store::connect(&url).await.expect("first connect");
    let stored = first.save_subscription(&full_subscription()).await.expect("save");
    first.close().await;

    let second = Store::connect(&url).await.expect("second connect runs the migrations again");
    assert_eq!(second.subscription_by_id(stored.id).await.expect("load"), Some(stored));
    second.close().await;
}

// ---------------------------------------------------------------------------------------------
// Enqueueing

async fn enqueue_same_keys_twice(store: Store) {
    let subscription = saved(&store, "-100700").await;
    let mut enqueue = enqueue_of(
        &subscription,
        vec![
            message("digest:1:a:1", &subscription, start()),
            message("digest:1:a:2", &subscription, start()),
            message("urgent:1:NCSC-2025-0001:1.00", &subscription, start()),
        ],
    );
    enqueue.urgent = vec![advisory_id("NCSC-2025-0001")];
    enqueue.window_start = Some(start() + minutes(60));

    assert_eq!(store.enqueue(&enqueue).await.expect("first"), 3);
    let before = outbox_by_key(&store).await;
    assert_eq!(store.enqueue(&enqueue).await.expect("second"), 0);
    assert_eq!(outbox_by_key(&store).await, before, "nothing changed");

    // A key already present keeps its first payload.
    let mut changed = message("digest:1:a:1", &subscription, start());
    changed.payload = json!({ "kind": "digest", "text": "rewritten" });
    let partly_new = enqueue_of(&subscription, vec![changed, message("digest:1:a:3", &subscription, start())]);
    assert_eq!(store.enqueue(&partly_new).await.expect("third"), 1);

    let outbox = outbox_by_key(&store).await;
    assert_eq!(outbox.len(), 4);
    let first = &outbox["digest:1:a:1"];
    assert_eq!(first.payload, json!({ "kind": "digest", "text": "body of digest:1:a:1" }));
    assert_eq!(first.status, OutboxStatus::Pending);
    assert_eq!(first.attempts, 0);
    assert_eq!(first.subscription_id, Some(subscription.id));
    assert_eq!(first.chat, subscription.chat);
    assert_eq!(first.next_attempt_at, start());
    assert_eq!((first.claimed_by.as_deref(), first.claimed_until, first.sent_at), (None, None, None));
    assert_eq!(store.outbox_depth().await.expect("depth").pending, 4);

    let stored = store.subscription_by_id(subscription.id).await.expect("load").expect("stored");
    assert_eq!(stored.window_start, start() + minutes(60));
    assert_eq!(stored.updated_at, subscription.updated_at, "enqueueing is not an edit");
}

async fn enqueue_window_only_forward(store: Store) {
    let subscription = saved(&store, "-100710").await;
    let window = |store: Store| async move {
        store.subscription_by_id(subscription.id).await.expect("load").expect("stored").window_start
    };
    let move_to = |time: Option<DateTime<Utc>>| Enqueue { window_start: time, ..enqueue_of(&subscription, Vec::new()) };

    store.enqueue(&move_to(Some(start() + minutes(30)))).await.expect("forward");
    assert_eq!(window(store.clone()).await, start() + minutes(30));
    store.enqueue(&move_to(Some(start() + minutes(10)))).await.expect("backward");
    assert_eq!(window(store.clone()).await, start() + minutes(30));
    store.enqueue(&move_to(None)).await.expect("none");
    assert_eq!(window(store.clone()).await, start() + minutes(30));
    let precise = at("2025-12-01T08:00:00.123456Z");
    store.enqueue(&move_to(Some(precise))).await.expect("microseconds");
    assert_eq!(window(store.clone()).await, precise);
}

async fn enqueue_checked_before_write(store: Store) {
    let subscription = saved(&store, "-100720").await;
    let other = saved(&store, "-100721").await;
    let good = || message("good", &subscription, start());

    let unknown = Enqueue { subscription_id: other.id + 100, ..enqueue_of(&subscription, Vec::new()) };
    let error = store.enqueue(&unknown).await.expect_err("unknown subscription");
    assert!(matches!(error, StoreError::SubscriptionNotFound { .. }), "{error}");

    let mut wrong_subscription = message("wrong", &subscription, start());
    wrong_subscription.subscription_id = Some(other.id);
    let mut no_subscription = message("none", &subscription, start());
    no_subscription.subscription_id = None;
    let mut bad_chat = message("chat", &subscription, start());
    bad_chat.chat = telegram("");
    let cases = [
        ("empty key", message("", &subscription, start())),
        ("blank key", message(" \t", &subscription, start())),
        ("long key", message(&"k".repeat(MAX_KEY_CHARS + 1), &subscription, start())),
        ("other subscription", wrong_subscription),
        ("no subscription", no_subscription),
        ("bad chat", bad_chat),
    ];
    for (case, invalid) in cases {
        let mut enqueue = enqueue_of(&subscription, vec![good(), invalid]);
        enqueue.urgent = vec![advisory_id("NCSC-2025-0002")];
        enqueue.window_start = Some(start() + minutes(60));
        let error = store.enqueue(&enqueue).await.expect_err(case);
        let expected_variant = if case == "bad chat" {
            matches!(error, StoreError::InvalidChatId { .. })
        } else {
            matches!(error, StoreError::InvalidOutboxMessage { .. })
        };
        assert!(expected_variant, "{case}: {error}");
    }

    assert!(store.list_outbox(None, 10).await.expect("list").is_empty());
    let urgent = store.urgent_delivered(subscription.id, &[advisory_id("NCSC-2025-0002")]).await.expect("urgent");
    assert!(urgent.is_empty());
    assert_eq!(store.subscription_by_id(subscription.id).await.expect("load"), Some(subscription));
}

async fn enqueue_many_in_chunks(store: Store) {
    let subscription = saved(&store, "-100730").await;
    let keys: Vec<String> = (0..200).map(|n| format!("digest:{}:w:{n:03}", subscription.id)).collect();
    let messages = keys.iter().map(|key| message(key, &subscription, start())).collect();
    let mut enqueue = enqueue_of(&subscription, messages);
    enqueue.urgent = (0..600).map(|n| advisory_id(&format!("NCSC-2025-{n:04}"))).collect();

    assert_eq!(store.enqueue(&enqueue).await.expect("enqueue"), 200);
    assert_eq!(store.outbox_depth().await.expect("depth").pending, 200);
    let delivered = store.urgent_delivered(subscription.id, &enqueue.urgent).await.expect("urgent");
    assert_eq!(delivered.len(), 600);
    assert_eq!(store.enqueue(&enqueue).await.expect("again"), 0);
}

async fn urgent_delivered_per_subscription(store: Store) {
    let first = saved(&store, "-100740").await;
    let second = saved(&store, "-100741").await;
    let mut enqueue = enqueue_of(&first, Vec::new());
    enqueue.urgent = vec![advisory_id("NCSC-2025-0010"), advisory_id("NCSC-2025-0011"), advisory_id("NCSC-2025-0010")];
    store.enqueue(&enqueue).await.expect("log urgent, one twice");

    let requested = [
        advisory_id("NCSC-2025-0010"),
        advisory_id("NCSC-2025-0012"),
        advisory_id("NCSC-2025-0011"),
        advisory_id("NCSC-2025-0010"),
    ];
    let delivered = store.urgent_delivered(first.id, &requested).await.expect("first");
    assert_eq!(delivered, HashSet::from([advisory_id("NCSC-2025-0010"), advisory_id("NCSC-2025-0011")]));
    assert!(store.urgent_delivered(second.id, &requested).await.expect("second").is_empty());
    assert!(store.urgent_delivered(first.id, &[]).await.expect("none asked").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Claiming and marking

async fn claim_oldest_first_with_limit(store: Store) {
    let subscription = saved(&store, "-100800").await;
    // Enqueued out of order: `late` first, then two due at the same time (ties go by id).
    enqueue_keys(&store, &subscription, &["late"], start() + minutes(2)).await;
    enqueue_keys(&store, &subscription, &["tie:1", "tie:2"], start() + minutes(1)).await;
    enqueue_keys(&store, &subscription, &["future"], start() + minutes(60)).await;

    assert!(store.claim_outbox("w", start(), LEASE, 10).await.expect("nothing due").is_empty());

    let now = start() + minutes(5);
    let first = store.claim_outbox("w", now, LEASE, 2).await.expect("claim two");
    assert_eq!(keys_of(&first), ["tie:1", "tie:2"]);
    for message in &first {
        assert_eq!(message.status, OutboxStatus::Claimed);
        assert_eq!(message.claimed_by.as_deref(), Some("w"));
        assert_eq!(message.claimed_until, Some(now + chrono::Duration::from_std(LEASE).expect("lease")));
    }
    let second = store.claim_outbox("w", now, LEASE, 2).await.expect("claim the rest");
    assert_eq!(keys_of(&second), ["late"], "the future message is not due");
    assert!(store.claim_outbox("w", now, LEASE, 2).await.expect("none left").is_empty());
    assert!(store.claim_outbox("w", now, LEASE, 0).await.expect("limit 0").is_empty());

    let stored = outbox_message(&store, "tie:1").await;
    assert_eq!(stored.claimed_by.as_deref(), Some("w"));
    assert_eq!(stored.status, OutboxStatus::Claimed);
}

async fn claim_after_lease_expiry(store: Store) {
    let subscription = saved(&store, "-100810").await;
    enqueue_keys(&store, &subscription, &["m"], start()).await;
    let lease = Duration::from_secs(60);
    let claimed = store.claim_outbox("crashed", start(), lease, 10).await.expect("claim");
    assert_eq!(keys_of(&claimed), ["m"]);

    let lease_end = start() + minutes(1);
    assert!(store.claim_outbox("other", lease_end, lease, 10).await.expect("at the lease end").is_empty());
    let retaken = store
        .claim_outbox("other", lease_end + chrono::Duration::microseconds(1), lease, 10)
        .await
        .expect("after the lease end");
    assert_eq!(keys_of(&retaken), ["m"]);
    assert_eq!(retaken[0].id, claimed[0].id);
    assert_eq!(retaken[0].claimed_by.as_deref(), Some("other"));
    assert_eq!(retaken[0].claimed_until, Some(lease_end + chrono::Duration::microseconds(1) + minutes(1)));

    // The late worker may still report its send; the message is sent once in the store.
    store.mark_sent(claimed[0].id, lease_end).await.expect("late mark by the first worker");
    assert_eq!(outbox_message(&store, "m").await.status, OutboxStatus::Sent);
}

async fn release_claims_of_one_worker(store: Store) {
    let subscription = saved(&store, "-100820").await;
    enqueue_keys(&store, &subscription, &["a:1", "a:2", "b:1"], start()).await;
    store.claim_outbox("a", start(), LEASE, 2).await.expect("claim a");
    store.claim_outbox("b", start(), LEASE, 2).await.expect("claim b");

    assert_eq!(store.release_claims("a").await.expect("release a"), 2);
    assert_eq!(store.release_claims("a").await.expect("release a again"), 0);
    assert_eq!(store.release_claims("nobody").await.expect("release nobody"), 0);

    let outbox = outbox_by_key(&store).await;
    for key in ["a:1", "a:2"] {
        assert_eq!(outbox[key].status, OutboxStatus::Pending, "{key}");
        assert_eq!((outbox[key].claimed_by.as_deref(), outbox[key].claimed_until), (None, None), "{key}");
        assert_eq!(outbox[key].next_attempt_at, start(), "{key}");
        assert_eq!(outbox[key].attempts, 0, "{key}");
    }
    assert_eq!(outbox["b:1"].claimed_by.as_deref(), Some("b"));
    assert_eq!(claim_keys(&store, "c", start()).await, ["a:1", "a:2"]);
}

async fn retry_counts_attempts(store: Store) {
    let subscription = saved(&store, "-100830").await;
    enqueue_keys(&store, &subscription, &["r"], start()).await;
    let id = store.claim_outbox("w", start(), LEASE, 1).await.expect("claim")[0].id;

    store.mark_retry(id, start() + minutes(1), "HTTP 502", true).await.expect("retry");
    let retried = outbox_message(&store, "r").await;
    assert_eq!(retried.status, OutboxStatus::Pending);
    assert_eq!(retried.attempts, 1);
    assert_eq!(retried.next_attempt_at, start() + minutes(1));
    assert_eq!(retried.last_error.as_deref(), Some("HTTP 502"));
    assert_eq!((retried.claimed_by, retried.claimed_until), (None, None));
    assert!(claim_keys(&store, "w", start()).await.is_empty(), "not due before the retry time");

    assert_eq!(claim_keys(&store, "w", start() + minutes(1)).await, ["r"]);
    store.mark_retry(id, start() + minutes(2), "429 Too Many Requests", false).await.expect("rate limit");
    let waited = outbox_message(&store, "r").await;
    assert_eq!(waited.attempts, 1, "a rate-limit wait is not an attempt");
    assert_eq!(waited.last_error.as_deref(), Some("429 Too Many Requests"));

    // A retry of a message nobody claims any more still applies.
    store.mark_retry(id, start() + minutes(3), &"x".repeat(MAX_ERROR_CHARS + 5), true).await.expect("unclaimed");
    let unclaimed = outbox_message(&store, "r").await;
    assert_eq!(unclaimed.attempts, 2);
    assert_eq!(unclaimed.last_error.expect("error").chars().count(), MAX_ERROR_CHARS);
}

async fn marks_idempotent_and_final(store: Store) {
    let subscription = saved(&store, "-100840").await;
    enqueue_keys(&store, &subscription, &["sent", "failed", "unclaimed"], start()).await;
    let claimed = store.claim_outbox("w", start(), LEASE, 2).await.expect("claim");
    let (sent_id, failed_id) = (claimed[0].id, claimed[1].id);
    let unclaimed_id = outbox_message(&store, "unclaimed").await.id;

    store.mark_sent(sent_id, start() + minutes(1)).await.expect("sent");
    store.mark_sent(sent_id, start() + minutes(2)).await.expect("sent again");
    store.mark_retry(sent_id, start() + minutes(3), "late retry", true).await.expect("retry of a sent message");
    store.mark_failed(sent_id, "late failure", start() + minutes(3)).await.expect("failure of a sent message");
    let sent = outbox_message(&store, "sent").await;
    assert_eq!(sent.status, OutboxStatus::Sent);
    assert_eq!(sent.sent_at, Some(start() + minutes(1)), "the first send time stays");
    assert_eq!((sent.attempts, sent.last_error, sent.claimed_by), (0, None, None));

    store.mark_failed(failed_id, "Bad Request: chat not found", start() + minutes(1)).await.expect("failed");
    store.mark_retry(failed_id, start() + minutes(2), "late retry", true).await.expect("retry of a failed message");
    let failed = outbox_message(&store, "failed").await;
    assert_eq!(failed.status, OutboxStatus::Failed);
    assert_eq!(failed.last_error.as_deref(), Some("Bad Request: chat not found"));
    assert_eq!((failed.attempts, failed.claimed_by, failed.claimed_until), (0, None, None));

    store.mark_failed(unclaimed_id, "payload rejected", start()).await.expect("fail an unclaimed message");
    assert_eq!(outbox_message(&store, "unclaimed").await.status, OutboxStatus::Failed);

    // It did go out after all: a send report wins over an earlier failure.
    store.mark_sent(failed_id, start() + minutes(4)).await.expect("sent after failure");
    let recovered = outbox_message(&store, "failed").await;
    assert_eq!(recovered.status, OutboxStatus::Sent);
    assert_eq!(recovered.sent_at, Some(start() + minutes(4)));
}

async fn marks_on_unknown_id(store: Store) {
    let errors = [
        store.mark_sent(4711, start()).await.expect_err("sent"),
        store.mark_retry(4711, start(), "error", true).await.expect_err("retry"),
        store.mark_failed(4711, "error", start()).await.expect_err("failed"),
    ];
    for error in errors {
        assert!(matches!(error, StoreError::OutboxMessageNotFound { id: 4711 }), "{error}");
        assert!(error.to_string().contains("4711"), "{error}");
    }
}

async fn claim_checks_worker_and_lease(store: Store) {
    let subscription = saved(&store, "-100850").await;
    enqueue_keys(&store, &subscription, &["m"], start()).await;
    let long_worker = "w".repeat(MAX_WORKER_CHARS + 1);
    let cases = [
        ("empty worker", "", LEASE),
        ("blank worker", "  ", LEASE),
        ("long worker", long_worker.as_str(), LEASE),
        ("zero lease", "w", Duration::ZERO),
        ("sub-microsecond lease", "w", Duration::from_nanos(999)),
        ("endless lease", "w", Duration::from_secs(u64::MAX)),
    ];
    for (case, worker, lease) in cases {
        let error = store.claim_outbox(worker, start(), lease, 10).await.expect_err(case);
        assert!(matches!(error, StoreError::InvalidClaim { .. }), "{case}: {error}");
    }
    assert_eq!(store.outbox_depth().await.expect("depth").pending, 1, "nothing claimed");
}

async fn list_and_depth(store: Store) {
    let subscription = saved(&store, "-100860").await;
    assert_eq!(store.outbox_depth().await.expect("empty depth"), OutboxDepth::default());
    enqueue_keys(&store, &subscription, &["1", "2", "3", "4", "5", "6"], start()).await;
    let claimed = store.claim_outbox("w", start(), LEASE, 4).await.expect("claim");
    store.mark_sent(claimed[0].id, start()).await.expect("sent");
    store.mark_sent(claimed[1].id, start()).await.expect("sent");
    store.mark_failed(claimed[2].id, "gone", start()).await.expect("failed");

    let depth = store.outbox_depth().await.expect("depth");
    assert_eq!(depth, OutboxDepth { pending: 2, claimed: 1, sent: 2, failed: 1 });

    assert_eq!(keys_of(&store.list_outbox(None, 100).await.expect("all")), ["6", "5", "4", "3", "2", "1"]);
    assert_eq!(keys_of(&store.list_outbox(None, 2).await.expect("limit")), ["6", "5"]);
    assert_eq!(keys_of(&store.list_outbox(Some(OutboxStatus::Sent), 100).await.expect("sent")), ["2", "1"]);
    assert_eq!(keys_of(&store.list_outbox(Some(OutboxStatus::Pending), 1).await.expect("pending")), ["6"]);
    assert_eq!(keys_of(&store.list_outbox(Some(OutboxStatus::Claimed), 100).await.expect("claimed")), ["4"]);
    assert_eq!(keys_of(&store.list_outbox(Some(OutboxStatus::Failed), 100).await.expect("failed")), ["3"]);
    assert!(store.list_outbox(None, 0).await.expect("limit 0").is_empty());
}

async fn concurrent_claims_never_overlap(store: Store) {
    const MESSAGES: usize = 500;
    const WORKERS: usize = 6;
    let subscription = saved(&store, "-100900").await;
    let keys: Vec<String> = (0..MESSAGES).map(|n| format!("c:{n:03}")).collect();
    let messages = keys.iter().map(|key| message(key, &subscription, start())).collect();
    assert_eq!(store.enqueue(&enqueue_of(&subscription, messages)).await.expect("enqueue"), MESSAGES);

    let workers = (0..WORKERS).map(|number| {
        let store = store.clone();
        tokio::spawn(async move {
            let worker = format!("worker-{number}");
            let mut claimed = Vec::new();
            loop {
                let batch = store.claim_outbox(&worker, start(), LEASE, 7).await.expect("claim");
                if batch.is_empty() {
                    return claimed;
                }
                for message in &batch {
                    assert_eq!(message.claimed_by.as_deref(), Some(worker.as_str()));
                }
                claimed.extend(batch.into_iter().map(|message| (message.id, worker.clone())));
                tokio::task::yield_now().await;
            }
        })
    });

    let mut owner_by_id = HashMap::new();
    for handle in workers.collect::<Vec<_>>() {
        for (id, worker) in handle.await.expect("claim task") {
            if let Some(first) = owner_by_id.insert(id, worker.clone()) {
                panic!("message {id} claimed by both {first} and {worker}");
            }
        }
    }
    assert_eq!(owner_by_id.len(), MESSAGES, "every message claimed exactly once");

    for message in store.list_outbox(None, 1_000).await.expect("list") {
        assert_eq!(message.status, OutboxStatus::Claimed, "{}", message.key);
        assert_eq!(message.claimed_by.as_ref(), owner_by_id.get(&message.id), "{}", message.key);
    }
}
