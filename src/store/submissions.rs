//! Member submissions: drafts, lookups, per-member counts, and removal of the submitter's
//! identity. Staff decisions are in `submission_decide`.

use chrono::{DateTime, Duration, Utc};

use super::error::query_error;
use super::sql::micros;
use super::submission_row::{decode_submission, seal, SUBMISSION_COLUMNS};
use super::{Store, StoreError};
use crate::domain::Platform;
use crate::submissions::{NewSubmission, PurgeReport, Submission, SubmissionStatus};

/// How long a draft the member never sent is kept.
pub const DRAFT_LIFETIME: Duration = Duration::hours(24);

impl Store {
    /// Stores a new draft with its private fields sealed; returns its id. Fails with
    /// [`StoreError::DataKeyMissing`] without a data key.
    pub async fn create_submission(&self, submission: &NewSubmission) -> Result<i64, StoreError> {
        let operation = "store a submission draft";
        let key = self.data_key(operation)?;
        if submission.content.text.trim().is_empty() {
            return Err(StoreError::InvalidSubmission { reason: "the text is empty".to_owned() });
        }
        let sealed = seal(key, submission)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO submissions (status, platform, language, anonymous, created_at, text_sealed, link_sealed, \
             indicators_sealed, identity_sealed, submitter_hash) VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(SubmissionStatus::Draft.as_str())
        .bind(submission.platform.as_str())
        .bind(submission.language.as_str())
        .bind(micros(submission.created_at))
        .bind(sealed.text)
        .bind(sealed.link)
        .bind(sealed.indicators)
        .bind(sealed.identity)
        .bind(sealed.submitter_hash)
        .fetch_one(&self.pool)
        .await
        .map_err(query_error(operation))?;
        Ok(id)
    }

    /// Loads submission `id` with its fields decrypted.
    pub async fn submission(&self, id: i64) -> Result<Option<Submission>, StoreError> {
        let operation = format!("load submission {id}");
        let key = self.data_key(&operation)?;
        let row = sqlx::query(&format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(&operation))?;
        row.map(|row| decode_submission(key, &row)).transpose()
    }

    /// Loads the pending submission that waits longest.
    pub async fn oldest_pending_submission(&self) -> Result<Option<Submission>, StoreError> {
        let operation = "load the oldest pending submission";
        let key = self.data_key(operation)?;
        let row = sqlx::query(&format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE status = $1 ORDER BY created_at, id LIMIT 1"))
            .bind(SubmissionStatus::Pending.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(operation))?;
        row.map(|row| decode_submission(key, &row)).transpose()
    }

    /// Counts the pending submissions.
    pub async fn pending_submission_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE status = $1")
            .bind(SubmissionStatus::Pending.as_str())
            .fetch_one(&self.pool)
            .await
            .map_err(query_error("count pending submissions"))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Counts the submissions, drafts included, that a member started at or after `since`.
    pub async fn submissions_started_since(&self, platform: Platform, user_id: &str, since: DateTime<Utc>) -> Result<u64, StoreError> {
        let operation = "count a member's recent submissions";
        let hash = self.data_key(operation)?.submitter_hash(platform.as_str(), user_id);
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE submitter_hash = $1 AND created_at >= $2")
            .bind(hash)
            .bind(micros(since))
            .fetch_one(&self.pool)
            .await
            .map_err(query_error(operation))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Lists a member's submissions whose identity is still stored, oldest first, decrypted.
    pub async fn submissions_of_member(&self, platform: Platform, user_id: &str) -> Result<Vec<Submission>, StoreError> {
        let operation = "list a member's submissions";
        let key = self.data_key(operation)?;
        let hash = key.submitter_hash(platform.as_str(), user_id);
        let rows = sqlx::query(&format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE submitter_hash = $1 ORDER BY id"))
            .bind(hash)
            .fetch_all(&self.pool)
            .await
            .map_err(query_error(operation))?;
        rows.iter().map(|row| decode_submission(key, row)).collect()
    }

    /// Deletes a member's drafts and removes their identity and hash from every other
    /// submission, in one transaction. Returns how many submissions were changed or deleted.
    /// Approved advisories stay, because they name the organisation only when the member
    /// chose to be named.
    pub async fn forget_submitter(&self, platform: Platform, user_id: &str) -> Result<u64, StoreError> {
        let operation = "forget a member's submissions";
        let hash = self.data_key(operation)?.submitter_hash(platform.as_str(), user_id);
        let mut transaction = self.pool.begin().await.map_err(query_error(operation))?;
        let deleted = sqlx::query("DELETE FROM submissions WHERE submitter_hash = $1 AND status = $2")
            .bind(hash.as_str())
            .bind(SubmissionStatus::Draft.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(operation))?;
        let anonymised = sqlx::query("UPDATE submissions SET identity_sealed = NULL, submitter_hash = NULL WHERE submitter_hash = $1")
            .bind(hash.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(operation))?;
        transaction.commit().await.map_err(query_error(operation))?;
        Ok(deleted.rows_affected() + anonymised.rows_affected())
    }

    /// Deletes drafts older than [`DRAFT_LIFETIME`] and removes the identity and hash of
    /// submissions created more than `retention` before `now`, with their rejection notices in
    /// the outbox, in one transaction.
    pub async fn purge_submissions(&self, now: DateTime<Utc>, retention: Duration) -> Result<PurgeReport, StoreError> {
        let operation = "purge expired submission drafts and identities";
        let mut transaction = self.pool.begin().await.map_err(query_error(operation))?;
        let drafts = sqlx::query("DELETE FROM submissions WHERE status = $1 AND created_at < $2")
            .bind(SubmissionStatus::Draft.as_str())
            .bind(micros(now - DRAFT_LIFETIME))
            .execute(&mut *transaction)
            .await
            .map_err(query_error(operation))?;
        let identities = sqlx::query(
            "UPDATE submissions SET identity_sealed = NULL, submitter_hash = NULL \
             WHERE created_at < $1 AND (identity_sealed IS NOT NULL OR submitter_hash IS NOT NULL)",
        )
        .bind(micros(now - retention))
        .execute(&mut *transaction)
        .await
        .map_err(query_error(operation))?;
        // A rejection notice is addressed to the submitter's private chat, so it goes too.
        sqlx::query("DELETE FROM outbox WHERE key IN (SELECT 'submission:' || id || ':rejected' FROM submissions WHERE created_at < $1)")
            .bind(micros(now - retention))
            .execute(&mut *transaction)
            .await
            .map_err(query_error(operation))?;
        transaction.commit().await.map_err(query_error(operation))?;
        Ok(PurgeReport { drafts_deleted: drafts.rows_affected(), identities_removed: identities.rows_affected() })
    }
}
