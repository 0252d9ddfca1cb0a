//! Outbox messages outside any subscription, such as a moderation card for a staff chat or a
//! notice to a member, written inside the transaction of the change they report.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::chat_id::check_chat_id;
use super::error::query_error;
use super::outbox::MAX_KEY_CHARS;
use super::sql::{micros, text_problem, truncate_chars};
use super::StoreError;
use crate::domain::{NewOutboxMessage, OutboxStatus};

/// Inserts `messages` as pending, skipping keys already in the outbox; returns how many were new.
/// Fails with [`StoreError::InvalidOutboxMessage`] for a message of a subscription, an empty or
/// overlong key, or an invalid chat id.
pub(crate) async fn insert_direct_messages(
    connection: &mut AnyConnection,
    messages: &[NewOutboxMessage],
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut inserted = 0;
    for message in messages {
        let payload = check(message)?;
        let operation = format!("enqueue outbox message {}", message.key);
        let result = sqlx::query(
            "INSERT INTO outbox (key, subscription_id, platform, chat_id, payload, status, next_attempt_at, created_at) \
             VALUES ($1, NULL, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING",
        )
        .bind(message.key.as_str())
        .bind(message.chat.platform.as_str())
        .bind(message.chat.chat_id.as_str())
        .bind(payload)
        .bind(OutboxStatus::Pending.as_str())
        .bind(micros(message.not_before))
        .bind(micros(now))
        .execute(&mut *connection)
        .await
        .map_err(query_error(&operation))?;
        inserted += usize::try_from(result.rows_affected()).unwrap_or(usize::MAX);
    }
    Ok(inserted)
}

/// Checks a message and encodes its payload.
fn check(message: &NewOutboxMessage) -> Result<String, StoreError> {
    let invalid = |reason: String| StoreError::InvalidOutboxMessage { key: truncate_chars(&message.key, MAX_KEY_CHARS).to_owned(), reason };
    if let Some(reason) = text_problem("the key", &message.key, MAX_KEY_CHARS) {
        return Err(invalid(reason));
    }
    if let Some(subscription) = message.subscription_id {
        return Err(invalid(format!("it belongs to subscription {subscription}; enqueue it with Store::enqueue")));
    }
    check_chat_id(message.chat.platform, &message.chat.chat_id)?;
    serde_json::to_string(&message.payload).map_err(|error| invalid(format!("cannot encode its payload as JSON: {error}")))
}
