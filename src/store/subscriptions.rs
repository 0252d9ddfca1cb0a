//! Subscriptions and per-chat settings.

use chrono::{DateTime, Utc};

use crate::domain::{ChatRef, Language, Subscription};

use super::{Store, StoreError};

impl Store {
    /// Inserts or replaces the subscription of `subscription.chat` and returns it with its id.
    /// Replacing keeps the id and `created_at`, and keeps `window_start` unless the caller changed it.
    pub async fn save_subscription(&self, subscription: &Subscription) -> Result<Subscription, StoreError> {
        let _ = subscription;
        todo!("issue-3 store")
    }

    pub async fn subscription(&self, chat: &ChatRef) -> Result<Option<Subscription>, StoreError> {
        let _ = chat;
        todo!("issue-3 store")
    }

    pub async fn subscription_by_id(&self, id: i64) -> Result<Option<Subscription>, StoreError> {
        let _ = id;
        todo!("issue-3 store")
    }

    /// Every subscription, active ones only when `active_only`, ordered by id.
    pub async fn subscriptions(&self, active_only: bool) -> Result<Vec<Subscription>, StoreError> {
        let _ = active_only;
        todo!("issue-3 store")
    }

    /// Deletes a chat's subscription with its pending outbox messages and urgent log, keeping
    /// nothing it no longer needs. Returns false when the chat had none.
    pub async fn delete_subscription(&self, chat: &ChatRef) -> Result<bool, StoreError> {
        let _ = chat;
        todo!("issue-3 store")
    }

    /// Stops delivery to a subscription after a permanent error, and fails its pending outbox
    /// messages with the same reason.
    pub async fn deactivate_subscription(&self, id: i64, reason: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _ = (id, reason, at);
        todo!("issue-3 store")
    }

    /// Moves a chat to a new id on the same platform (a Telegram group that became a
    /// supergroup): its subscription, settings and pending outbox messages follow.
    pub async fn move_chat(&self, from: &ChatRef, new_chat_id: &str) -> Result<(), StoreError> {
        let _ = (from, new_chat_id);
        todo!("issue-3 store")
    }

    /// The language a chat chose, if any; subscriptions carry their own.
    pub async fn chat_language(&self, chat: &ChatRef) -> Result<Option<Language>, StoreError> {
        let _ = chat;
        todo!("issue-3 store")
    }

    pub async fn set_chat_language(&self, chat: &ChatRef, language: Language) -> Result<(), StoreError> {
        let _ = (chat, language);
        todo!("issue-3 store")
    }
}
