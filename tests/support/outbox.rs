//! Outbox messages written by a test, for chats that the scheduler would not write to.

use chrono::{DateTime, Utc};
use ketenwacht::delivery::Payload;
use ketenwacht::domain::{ChatKind, ChatRef, Language, NewOutboxMessage, Subscription, Tier};
use ketenwacht::store::{Enqueue, Store};

/// Enqueues `payloads` for `chat` under the keys `{chat}:{name}`, due at `at`, through a new
/// basic Dutch subscription of the chat, because the store enqueues per subscription.
pub async fn enqueue_for(store: &Store, chat: &ChatRef, kind: ChatKind, at: DateTime<Utc>, payloads: Vec<(String, Payload)>) {
    let subscription = Subscription::new(chat.clone(), kind, Tier::Basic, Language::Nl, at);
    let subscription = store.save_subscription(&subscription).await.expect("save subscription");
    let messages = payloads
        .into_iter()
        .map(|(name, payload)| NewOutboxMessage {
            key: format!("{chat}:{name}"),
            subscription_id: Some(subscription.id),
            chat: chat.clone(),
            payload: serde_json::to_value(&payload).expect("payload encodes"),
            not_before: at,
        })
        .collect();
    let enqueue = Enqueue { subscription_id: subscription.id, messages, urgent: Vec::new(), window_start: None };
    store.enqueue(&enqueue).await.expect("enqueue");
}
