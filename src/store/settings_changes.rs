//! Settings changes by members, each written in one transaction with its audit entry.

use chrono::{DateTime, Utc};

use super::audit::{record, AuditChange};
use super::chats::upsert_chat_language;
use super::error::query_error;
use super::subscriptions::{remove_subscription, upsert_subscription};
use super::{Store, StoreError};
use crate::domain::{ChatRef, Language, Subscription};

/// One settings change of a chat by a member: what to write and how the audit log records it.
#[derive(Debug, Clone)]
pub struct SettingsChange<'a> {
    pub chat: &'a ChatRef,
    /// The subscription to insert or replace, if the change touches it.
    pub subscription: Option<&'a Subscription>,
    /// The chat's new language, if the change sets it.
    pub language: Option<Language>,
    /// The platform user id of the member who made the change.
    pub actor: &'a str,
    /// `subscribe`, `set-tier`, `set-language` or `set-cadence`.
    pub action: &'a str,
    /// The new value, such as `expert`, or a summary for `subscribe`.
    pub detail: &'a str,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Writes a member's settings change and its audit entry in one transaction. Returns the
    /// subscription as stored, when the change included one.
    pub async fn change_settings(&self, change: &SettingsChange<'_>) -> Result<Option<Subscription>, StoreError> {
        let chat = change.chat;
        let operation = format!("change the settings of chat {chat}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let stored = match change.subscription {
            Some(subscription) => Some(upsert_subscription(&mut transaction, subscription).await?),
            None => None,
        };
        if let Some(language) = change.language {
            upsert_chat_language(&mut transaction, chat, language).await?;
        }
        let subject = chat.to_string();
        let entry = AuditChange { platform: chat.platform, actor: change.actor, action: change.action, subject: &subject, detail: change.detail };
        record(&mut transaction, &entry, change.at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(stored)
    }

    /// Deletes the subscription of `chat` as [`Store::delete_subscription`] does, and records
    /// `unsubscribe` by `actor` in the same transaction. Returns false, and records nothing,
    /// when the chat had no subscription.
    pub async fn unsubscribe(&self, chat: &ChatRef, actor: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let operation = format!("unsubscribe chat {chat}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        if !remove_subscription(&mut transaction, chat).await? {
            return Ok(false);
        }
        let subject = chat.to_string();
        let entry = AuditChange { platform: chat.platform, actor, action: "unsubscribe", subject: &subject, detail: "" };
        record(&mut transaction, &entry, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(true)
    }
}
