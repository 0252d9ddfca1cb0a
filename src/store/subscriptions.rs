//! Subscriptions: saving, loading, deleting and deactivating them.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::error::query_error;
use super::poll::MAX_ERROR_CHARS;
use super::sql::{micros, truncate_chars};
use super::subscription_row::{check_subscription, decode_subscription, SubscriptionRow, SUBSCRIPTION_COLUMNS};
use super::{Store, StoreError};
use crate::domain::{ChatRef, Subscription};

/// Inserts a subscription or replaces the one of its chat. A replacement keeps the stored id
/// and `created_at`, and moves `window_start` only forward, so that a copy loaded before the
/// scheduler moved the window cannot make a digest repeat what went out.
const UPSERT_SUBSCRIPTION: &str = "INSERT INTO subscriptions \
     (platform, chat_id, chat_kind, tier, language, cadence, delivery_time, weekday, include_patterns, \
     exclude_patterns, include_lower_tiers, active, deactivated_reason, window_start, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
     ON CONFLICT (platform, chat_id) DO UPDATE SET \
     chat_kind = excluded.chat_kind, tier = excluded.tier, language = excluded.language, \
     cadence = excluded.cadence, delivery_time = excluded.delivery_time, weekday = excluded.weekday, \
     include_patterns = excluded.include_patterns, exclude_patterns = excluded.exclude_patterns, \
     include_lower_tiers = excluded.include_lower_tiers, active = excluded.active, \
     deactivated_reason = excluded.deactivated_reason, \
     window_start = CASE WHEN excluded.window_start > subscriptions.window_start \
         THEN excluded.window_start ELSE subscriptions.window_start END, \
     updated_at = excluded.updated_at";

impl Store {
    /// Inserts or replaces the subscription of `subscription.chat` and returns it as stored,
    /// with its id.
    ///
    /// Replacing keeps the id and `created_at`. `window_start` only moves forward: a caller may
    /// skip ahead but never make a digest repeat what went out. A `deactivated_reason` longer
    /// than [`MAX_ERROR_CHARS`] characters is cut. The id of `subscription` must be 0 or the
    /// stored id of its chat; use [`Store::move_chat`] to give a subscription another chat.
    pub async fn save_subscription(&self, subscription: &Subscription) -> Result<Subscription, StoreError> {
        let operation = format!("save the subscription of chat {}", subscription.chat);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        // Dropping the transaction without a commit rolls a rejected write back.
        let stored = upsert_subscription(&mut transaction, subscription).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(stored)
    }

    /// Loads the subscription of `chat`, or `None` when it has none.
    pub async fn subscription(&self, chat: &ChatRef) -> Result<Option<Subscription>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE platform = $1 AND chat_id = $2"
        ))
        .bind(chat.platform.as_str())
        .bind(chat.chat_id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error(&format!("load the subscription of chat {chat}")))?;
        row.as_ref().map(decode_subscription).transpose()
    }

    /// Loads a subscription by id, or `None` when no subscription has that id.
    pub async fn subscription_by_id(&self, id: i64) -> Result<Option<Subscription>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(&format!("load subscription {id}")))?;
        row.as_ref().map(decode_subscription).transpose()
    }

    /// Lists every subscription, active ones only when `active_only`, ordered by id.
    pub async fn subscriptions(&self, active_only: bool) -> Result<Vec<Subscription>, StoreError> {
        let filter = if active_only { " WHERE active = 1" } else { "" };
        let rows = sqlx::query(&format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions{filter} ORDER BY id"))
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("list subscriptions"))?;
        rows.iter().map(decode_subscription).collect()
    }

    /// Deletes a chat's subscription with all its outbox messages, whatever their status, and
    /// its urgent log. The chat's settings stay, because a chat keeps its language without a
    /// subscription. Returns false when the chat had no subscription.
    pub async fn delete_subscription(&self, chat: &ChatRef) -> Result<bool, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_error(&format!("delete the subscription of chat {chat}")))?;
        remove_subscription(&mut connection, chat).await
    }

    /// Stops delivery to a subscription after a permanent error, and fails its pending and
    /// claimed outbox messages with the same reason, in one transaction.
    ///
    /// A reason longer than [`MAX_ERROR_CHARS`] characters is cut. Fails with a not-found error
    /// for an unknown id.
    pub async fn deactivate_subscription(&self, id: i64, reason: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let operation = format!("deactivate subscription {id}");
        let reason = truncate_chars(reason, MAX_ERROR_CHARS);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;

        let updated = sqlx::query(
            "UPDATE subscriptions SET active = 0, deactivated_reason = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(reason)
        .bind(micros(at))
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::SubscriptionNotFound { id });
        }

        let failed = sqlx::query(
            "UPDATE outbox SET status = 'failed', last_error = $1, failed_at = $2, \
             claimed_by = NULL, claimed_until = NULL \
             WHERE subscription_id = $3 AND status IN ('pending', 'claimed')",
        )
        .bind(reason)
        .bind(micros(at))
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;

        transaction.commit().await.map_err(query_error(&operation))?;
        tracing::info!(subscription = id, failed_messages = failed.rows_affected(), "subscription deactivated");
        Ok(())
    }
}

/// Inserts or replaces the subscription of `subscription.chat` inside the caller's transaction;
/// see [`Store::save_subscription`]. On an error the caller must roll back.
pub(super) async fn upsert_subscription(connection: &mut AnyConnection, subscription: &Subscription) -> Result<Subscription, StoreError> {
    check_subscription(subscription)?;
    let row = SubscriptionRow::new(subscription)?;
    let operation = format!("save the subscription of chat {}", subscription.chat);
    let sql = format!("{UPSERT_SUBSCRIPTION} RETURNING {SUBSCRIPTION_COLUMNS}");
    let stored = row.bind(sqlx::query(&sql)).fetch_one(&mut *connection).await.map_err(query_error(&operation))?;
    let stored = decode_subscription(&stored)?;
    if subscription.id != 0 && subscription.id != stored.id {
        return Err(StoreError::InvalidSubscription {
            chat: subscription.chat.clone(),
            reason: format!(
                "it has id {}, but the chat's stored subscription has id {}; save it with id 0 \
                 to create or replace the chat's subscription",
                subscription.id, stored.id
            ),
        });
    }
    Ok(stored)
}

/// Deletes the subscription of `chat` with its outbox messages and urgent log; returns false
/// when the chat had none.
pub(super) async fn remove_subscription(connection: &mut AnyConnection, chat: &ChatRef) -> Result<bool, StoreError> {
    // The outbox and urgent log rows go through their ON DELETE CASCADE foreign keys, in the
    // same statement.
    let deleted = sqlx::query("DELETE FROM subscriptions WHERE platform = $1 AND chat_id = $2")
        .bind(chat.platform.as_str())
        .bind(chat.chat_id.as_str())
        .execute(connection)
        .await
        .map_err(query_error(&format!("delete the subscription of chat {chat}")))?;
    Ok(deleted.rows_affected() > 0)
}
