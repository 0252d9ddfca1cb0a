//! The outbox: message parts stored before they are sent, claimed by delivery workers. This
//! file writes and reads them; `outbox_claim` claims them and records how sending went.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::chat_id::check_chat_id;
use super::error::query_error;
use super::outbox_row::{decode_outbox_message, OUTBOX_COLUMNS};
use super::sql::{micros, parameter_list, rows_per_insert, text_problem, truncate_chars, values_rows, IDS_PER_QUERY};
use super::{Store, StoreError};
use crate::domain::{AdvisoryId, NewOutboxMessage, OutboxMessage, OutboxStatus};

/// Maximum length of an outbox idempotency key, in characters. The keys the scheduler builds
/// (`digest:{subscription}:{window end}:{part}`) are well under 100.
pub const MAX_KEY_CHARS: usize = 256;

pub(super) const MESSAGE_COLUMNS: usize = 8;
const URGENT_COLUMNS: usize = 3;

/// Counts of outbox messages by status, for metrics and staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxDepth {
    pub pending: u64,
    pub claimed: u64,
    pub sent: u64,
    pub failed: u64,
}

/// One scheduled delivery, written in a single transaction: the messages (a key already present
/// is skipped), the urgent advisories now delivered, and the subscription's new window start.
#[derive(Debug, Clone)]
pub struct Enqueue {
    pub subscription_id: i64,
    /// Messages of this subscription: each has `subscription_id` set to it.
    pub messages: Vec<NewOutboxMessage>,
    /// Urgent advisories these messages deliver, so later digests leave them out.
    pub urgent: Vec<AdvisoryId>,
    /// Set the subscription's `window_start` to this (only ever forward).
    pub window_start: Option<DateTime<Utc>>,
}

/// One message row, encoded for binding.
pub(super) struct MessageRow<'a> {
    message: &'a NewOutboxMessage,
    payload: String,
}

impl Store {
    /// Writes one [`Enqueue`] atomically; returns how many messages were new.
    ///
    /// Messages whose key is already in the outbox, in any status, are skipped, and so are urgent
    /// advisories already logged, so enqueueing the same keys again returns 0 and changes
    /// nothing. `created_at` of the new messages and the urgent log's delivery time are the
    /// current time. Fails with a not-found error for an unknown subscription, and with
    /// [`StoreError::InvalidOutboxMessage`] for a message with an empty or overlong key, an
    /// invalid chat id or another subscription; then nothing is written.
    pub async fn enqueue(&self, enqueue: &Enqueue) -> Result<usize, StoreError> {
        let subscription_id = enqueue.subscription_id;
        let rows = enqueue
            .messages
            .iter()
            .map(|message| MessageRow::new(message, subscription_id))
            .collect::<Result<Vec<_>, _>>()?;
        let now = micros(Utc::now());

        let operation = format!("enqueue messages for subscription {subscription_id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        // First, because it is a write: SQLite then takes the write lock at once. It also finds
        // an unknown subscription before any insert.
        move_window_forward(&mut transaction, subscription_id, enqueue.window_start, &operation).await?;

        let mut inserted = 0;
        for chunk in rows.chunks(rows_per_insert(MESSAGE_COLUMNS)) {
            inserted += insert_messages(&mut transaction, chunk, now, &operation).await?;
        }
        for chunk in enqueue.urgent.chunks(rows_per_insert(URGENT_COLUMNS)) {
            log_urgent(&mut transaction, subscription_id, chunk, now, &operation).await?;
        }
        transaction.commit().await.map_err(query_error(&operation))?;

        tracing::debug!(subscription = subscription_id, inserted, offered = rows.len(), "outbox messages enqueued");
        Ok(inserted)
    }

    /// Returns which of `advisories` were already delivered to the subscription as urgent.
    pub async fn urgent_delivered(
        &self,
        subscription_id: i64,
        advisories: &[AdvisoryId],
    ) -> Result<HashSet<AdvisoryId>, StoreError> {
        let by_text: HashMap<&str, &AdvisoryId> = advisories.iter().map(|id| (id.as_str(), id)).collect();
        let texts: Vec<&str> = by_text.keys().copied().collect();
        let operation = format!("look up the urgent deliveries of subscription {subscription_id}");

        let mut delivered = HashSet::new();
        for chunk in texts.chunks(IDS_PER_QUERY - 1) {
            let sql = format!(
                "SELECT advisory_id FROM urgent_deliveries WHERE subscription_id = $1 AND advisory_id IN ({})",
                parameter_list(2, chunk.len())
            );
            let mut query = sqlx::query_scalar::<_, String>(&sql).bind(subscription_id);
            for text in chunk {
                query = query.bind(*text);
            }
            let found = query.fetch_all(&self.pool).await.map_err(query_error(&operation))?;
            delivered.extend(found.iter().filter_map(|text| by_text.get(text.as_str())).map(|id| (*id).clone()));
        }
        Ok(delivered)
    }

    /// Lists messages, newest first (by id), of one status or all.
    pub async fn list_outbox(&self, status: Option<OutboxStatus>, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        let operation = "list outbox messages";
        let rows = match status {
            Some(status) => {
                sqlx::query(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE status = $1 ORDER BY id DESC LIMIT $2"))
                    .bind(status.as_str())
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1"))
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(query_error(operation))?;
        rows.iter().map(decode_outbox_message).collect()
    }

    /// Counts the outbox messages of each status.
    pub async fn outbox_depth(&self) -> Result<OutboxDepth, StoreError> {
        let counts: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("count outbox messages by status"))?;

        let mut depth = OutboxDepth::default();
        for (status, count) in counts {
            let count = u64::try_from(count).unwrap_or_default();
            let status: OutboxStatus = status.parse().map_err(|error: crate::domain::ParseLabelError| {
                StoreError::corrupt("outbox status count", error.to_string())
            })?;
            match status {
                OutboxStatus::Pending => depth.pending = count,
                OutboxStatus::Claimed => depth.claimed = count,
                OutboxStatus::Sent => depth.sent = count,
                OutboxStatus::Failed => depth.failed = count,
            }
        }
        Ok(depth)
    }
}

impl<'a> MessageRow<'a> {
    /// Checks `message` for the enqueue of subscription `subscription_id` and encodes it.
    pub(super) fn new(message: &'a NewOutboxMessage, subscription_id: i64) -> Result<Self, StoreError> {
        let invalid = |reason: String| StoreError::InvalidOutboxMessage {
            key: truncate_chars(&message.key, MAX_KEY_CHARS).to_owned(),
            reason,
        };
        if let Some(reason) = text_problem("the key", &message.key, MAX_KEY_CHARS) {
            return Err(invalid(reason));
        }
        if message.subscription_id != Some(subscription_id) {
            return Err(invalid(format!(
                "it belongs to subscription {:?}, but is enqueued for subscription {subscription_id}",
                message.subscription_id
            )));
        }
        check_chat_id(message.chat.platform, &message.chat.chat_id)?;
        let payload = serde_json::to_string(&message.payload)
            .map_err(|error| invalid(format!("cannot encode its payload as JSON: {error}")))?;
        Ok(Self { message, payload })
    }
}

/// Moves the subscription's `window_start` to `window_start` when that is later, and fails with
/// a not-found error for an unknown subscription.
async fn move_window_forward(
    connection: &mut AnyConnection,
    subscription_id: i64,
    window_start: Option<DateTime<Utc>>,
    operation: &str,
) -> Result<(), StoreError> {
    // Without a new start, i64::MIN leaves the window as it is but still touches the row.
    let candidate = window_start.map_or(i64::MIN, micros);
    let updated = sqlx::query(
        "UPDATE subscriptions SET window_start = CASE WHEN $1 > window_start THEN $1 ELSE window_start END \
         WHERE id = $2",
    )
    .bind(candidate)
    .bind(subscription_id)
    .execute(connection)
    .await
    .map_err(query_error(operation))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::SubscriptionNotFound { id: subscription_id });
    }
    Ok(())
}

/// Inserts messages whose key is new as pending; returns how many were inserted.
pub(super) async fn insert_messages(
    connection: &mut AnyConnection,
    rows: &[MessageRow<'_>],
    now: i64,
    operation: &str,
) -> Result<usize, StoreError> {
    let sql = format!(
        "INSERT INTO outbox (key, subscription_id, platform, chat_id, payload, status, next_attempt_at, created_at) \
         VALUES {} ON CONFLICT (key) DO NOTHING",
        values_rows(rows.len(), MESSAGE_COLUMNS)
    );
    let mut query = sqlx::query(&sql);
    for row in rows {
        let message = row.message;
        query = query
            .bind(message.key.as_str())
            .bind(message.subscription_id)
            .bind(message.chat.platform.as_str())
            .bind(message.chat.chat_id.as_str())
            .bind(row.payload.as_str())
            .bind(OutboxStatus::Pending.as_str())
            .bind(micros(message.not_before))
            .bind(now);
    }
    let inserted = query.execute(connection).await.map_err(query_error(operation))?;
    Ok(usize::try_from(inserted.rows_affected()).unwrap_or(usize::MAX))
}

/// Logs urgent advisories as delivered to the subscription; ones already logged keep their time.
async fn log_urgent(
    connection: &mut AnyConnection,
    subscription_id: i64,
    advisories: &[AdvisoryId],
    now: i64,
    operation: &str,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO urgent_deliveries (subscription_id, advisory_id, delivered_at) VALUES {} \
         ON CONFLICT (subscription_id, advisory_id) DO NOTHING",
        values_rows(advisories.len(), URGENT_COLUMNS)
    );
    let mut query = sqlx::query(&sql);
    for advisory in advisories {
        query = query.bind(subscription_id).bind(advisory.as_str()).bind(now);
    }
    query.execute(connection).await.map_err(query_error(operation))?;
    Ok(())
}
