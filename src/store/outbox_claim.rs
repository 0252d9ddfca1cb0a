//! Claiming outbox messages for a delivery worker, and recording how sending them went.
//!
//! A message moves from pending to claimed to sent, or back to pending for a retry, or to
//! failed. Sent and failed are final, so a late retry or failure report leaves such a message
//! as it is. The one exception is [`Store::mark_sent`], which turns a failed message into a
//! sent one, because the message did go out.
//!
//! `attempts` counts the failed sends that [`Store::mark_retry`] scheduled again. Marking a
//! message sent or failed leaves it as it is.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::error::query_error;
use super::outbox_row::{decode_outbox_message, OUTBOX_COLUMNS};
use super::poll::MAX_ERROR_CHARS;
use super::sql::{micros, text_problem, truncate_chars};
use super::{Backend, Store, StoreError};
use crate::domain::OutboxMessage;

/// Maximum length of a worker name, in characters.
pub const MAX_WORKER_CHARS: usize = 128;

impl Store {
    /// Claims up to `limit` messages that are pending and due, or claimed with an expired lease,
    /// oldest first (by `next_attempt_at`, then id), for `worker` until `now + lease`.
    ///
    /// On PostgreSQL the claim uses `FOR UPDATE SKIP LOCKED`, so several instances never claim
    /// the same row; SQLite runs one writer at a time, which gives the same guarantee. Fails with
    /// [`StoreError::InvalidClaim`] for an empty or overlong worker name or a lease under one
    /// microsecond.
    pub async fn claim_outbox(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let claimed_until = lease_end(worker, now, lease)?;
        if limit == 0 {
            return Ok(Vec::new());
        }

        // The only query whose text differs per database: SQLite has no row locks and rejects
        // the locking clause, while PostgreSQL needs it to let concurrent claims skip each
        // other's rows instead of claiming them twice.
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET status = 'claimed', claimed_by = $1, claimed_until = $2 \
             WHERE id IN (SELECT id FROM outbox \
                 WHERE (status = 'pending' AND next_attempt_at <= $3) OR (status = 'claimed' AND claimed_until < $3) \
                 ORDER BY next_attempt_at, id LIMIT $4{lock}) \
             RETURNING {OUTBOX_COLUMNS}"
        );
        let rows = sqlx::query(&sql)
            .bind(worker)
            .bind(micros(claimed_until))
            .bind(micros(now))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(query_error(&format!("claim outbox messages for worker {worker:?}")))?;

        // RETURNING gives no order, so the oldest-first order is restored here.
        let mut messages = rows.iter().map(decode_outbox_message).collect::<Result<Vec<_>, _>>()?;
        messages.sort_by_key(|message| (message.next_attempt_at, message.id));
        if !messages.is_empty() {
            tracing::debug!(worker, claimed = messages.len(), "outbox messages claimed");
        }
        Ok(messages)
    }

    /// Marks a message as sent at `at`, whether or not a worker still claims it. Marking it
    /// again keeps the first send time. Fails with a not-found error for an unknown id.
    pub async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = COALESCE(sent_at, $1), failed_at = NULL, \
             claimed_by = NULL, claimed_until = NULL WHERE id = $2",
        )
        .bind(micros(at))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error(&format!("mark outbox message {id} as sent")))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::OutboxMessageNotFound { id });
        }
        Ok(())
    }

    /// Returns a pending or claimed message to pending until `next_attempt_at`, whether or not
    /// a worker still claims it. `counts_attempt` is false for a rate-limit wait, which leaves
    /// `attempts` as it is.
    ///
    /// A sent or failed message stays as it is. An error longer than [`MAX_ERROR_CHARS`]
    /// characters is cut. Fails with a not-found error for an unknown id.
    pub async fn mark_retry(
        &self,
        id: i64,
        next_attempt_at: DateTime<Utc>,
        error: &str,
        counts_attempt: bool,
    ) -> Result<(), StoreError> {
        let operation = format!("schedule a retry of outbox message {id}");
        let updated = sqlx::query(
            "UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2, attempts = attempts + $3, \
             claimed_by = NULL, claimed_until = NULL WHERE id = $4 AND status IN ('pending', 'claimed')",
        )
        .bind(micros(next_attempt_at))
        .bind(truncate_chars(error, MAX_ERROR_CHARS))
        .bind(i64::from(counts_attempt))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            self.check_finished(id, &operation).await?;
        }
        Ok(())
    }

    /// Gives up on a pending or claimed message, storing `error` as its last error, whether or
    /// not a worker still claims it.
    ///
    /// A sent or failed message stays as it is. An error longer than [`MAX_ERROR_CHARS`]
    /// characters is cut. Fails with a not-found error for an unknown id.
    pub async fn mark_failed(&self, id: i64, error: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let operation = format!("mark outbox message {id} as failed");
        let updated = sqlx::query(
            "UPDATE outbox SET status = 'failed', last_error = $1, failed_at = $2, \
             claimed_by = NULL, claimed_until = NULL WHERE id = $3 AND status IN ('pending', 'claimed')",
        )
        .bind(truncate_chars(error, MAX_ERROR_CHARS))
        .bind(micros(at))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            self.check_finished(id, &operation).await?;
        }
        Ok(())
    }

    /// Returns every message claimed by `worker` to pending, due at its old `next_attempt_at`,
    /// for a clean shutdown. Returns how many there were.
    pub async fn release_claims(&self, worker: &str) -> Result<u64, StoreError> {
        let released = sqlx::query(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL \
             WHERE status = 'claimed' AND claimed_by = $1",
        )
        .bind(worker)
        .execute(&self.pool)
        .await
        .map_err(query_error(&format!("release the outbox claims of worker {worker:?}")))?;
        Ok(released.rows_affected())
    }

    /// Fails with a not-found error unless message `id` exists. A mark that changed nothing calls
    /// it to tell an unknown id from a message that is already sent or failed.
    async fn check_finished(&self, id: i64, operation: &str) -> Result<(), StoreError> {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(operation))?;
        match status {
            None => Err(StoreError::OutboxMessageNotFound { id }),
            Some(status) => {
                tracing::debug!(message = id, %status, "outbox message already finished; left as it is");
                Ok(())
            }
        }
    }
}

/// Checks the worker name and lease of a claim and returns the end of the lease.
fn lease_end(worker: &str, now: DateTime<Utc>, lease: Duration) -> Result<DateTime<Utc>, StoreError> {
    let invalid = |reason: String| StoreError::InvalidClaim {
        worker: truncate_chars(worker, MAX_WORKER_CHARS).to_owned(),
        reason,
    };
    if let Some(reason) = text_problem("the worker name", worker, MAX_WORKER_CHARS) {
        return Err(invalid(reason));
    }
    if lease < Duration::from_micros(1) {
        return Err(invalid(format!(
            "the lease of {lease:?} is shorter than one microsecond, the stored precision; \
             use a lease longer than one send"
        )));
    }
    chrono::Duration::from_std(lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .ok_or_else(|| invalid(format!("the lease of {} seconds ends beyond the supported time range", lease.as_secs())))
}
