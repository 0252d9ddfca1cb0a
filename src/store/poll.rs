//! Recording the outcome of a poll: its advisories, KEV catalog and the source's health.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::advisory_write::{check_writes, write_advisories};
use super::error::query_error;
use super::kev::{check_catalog, replace_catalog};
use super::source_row::status_text;
use super::sql::{micros, to_bigint, truncate_chars};
use super::{PollCommit, Store, StoreError};
use crate::domain::SourceStatus;

/// Maximum length of a source's stored last error, in characters. A failing server can send
/// a whole HTML page as its error, and staff only need the start of it.
pub const MAX_ERROR_CHARS: usize = 2_000;

impl Store {
    /// Stores a poll's advisories, KEV catalog and the source's success in one transaction.
    ///
    /// On any error nothing is written, and the source's health stays as it was.
    pub async fn commit_poll(&self, commit: &PollCommit) -> Result<(), StoreError> {
        check_writes(&commit.writes)?;
        if let Some(kev) = &commit.kev {
            check_catalog(kev)?;
        }

        let operation = format!("commit the poll of source {:?}", commit.source);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        write_advisories(&mut transaction, &commit.writes).await?;
        if let Some(kev) = &commit.kev {
            replace_catalog(&mut transaction, kev).await?;
        }
        // Last, so that an unknown source rolls back the writes above.
        record_success(&mut transaction, commit).await?;
        transaction.commit().await.map_err(query_error(&operation))?;

        tracing::debug!(source = %commit.source, writes = commit.writes.len(), items = commit.items_seen, "poll committed");
        Ok(())
    }

    /// Records a failed poll: the reason, one more consecutive failure and the backoff time.
    ///
    /// The fetch state, the last success and the stored advisories stay as they were. A reason
    /// longer than [`MAX_ERROR_CHARS`] characters is cut to that length.
    pub async fn record_poll_failure(
        &self,
        source: &str,
        at: DateTime<Utc>,
        reason: &str,
        next_poll_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE sources SET status = $1, last_error = $2, last_error_at = $3, \
             consecutive_failures = consecutive_failures + 1, next_poll_at = $4 WHERE name = $5",
        )
        .bind(status_text(SourceStatus::Failing))
        .bind(truncate_chars(reason, MAX_ERROR_CHARS))
        .bind(micros(at))
        .bind(micros(next_poll_at))
        .bind(source)
        .execute(&self.pool)
        .await
        .map_err(query_error(&format!("record the failed poll of source {source:?}")))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::SourceNotFound { name: source.to_owned() });
        }
        Ok(())
    }
}

/// Stores the new fetch state and a healthy status for the polled source.
async fn record_success(connection: &mut AnyConnection, commit: &PollCommit) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE sources SET etag = $1, last_modified = $2, fetch_cursor = $3, status = $4, last_success = $5, \
         consecutive_failures = 0, items_seen = items_seen + $6, next_poll_at = $7 WHERE name = $8",
    )
    .bind(commit.state.etag.as_deref())
    .bind(commit.state.last_modified.as_deref())
    .bind(commit.state.cursor.map(micros))
    .bind(status_text(SourceStatus::Ok))
    .bind(micros(commit.at))
    .bind(to_bigint(commit.items_seen))
    .bind(micros(commit.next_poll_at))
    .bind(commit.source.as_str())
    .execute(&mut *connection)
    .await
    .map_err(query_error(&format!("record the successful poll of source {:?}", commit.source)))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::SourceNotFound { name: commit.source.clone() });
    }
    Ok(())
}
