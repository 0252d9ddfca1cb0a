//! Moving a submission on: the member sends or cancels a draft, staff approve, reject or
//! change a pending one. Each step is one transaction with the outbox messages and audit
//! entry it causes.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::advisory_write::write_advisories;
use super::audit::{record, AuditChange};
use super::error::query_error;
use super::outbox_direct::insert_direct_messages;
use super::sql::micros;
use super::tier_override::insert_tier_override;
use super::{AdvisoryWrite, Store, StoreError};
use crate::domain::{Advisory, NewOutboxMessage, Platform, Tier, Tlp};
use crate::submissions::{Decision, SendChoice, SubmissionStatus};

/// Maximum length of a reject reason, in characters, as the schema allows.
pub const MAX_REJECT_REASON_CHARS: usize = 1000;

/// The staff member who acts, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct StaffActor<'a> {
    pub platform: Platform,
    pub user_id: &'a str,
}

/// A change staff make to a pending submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionChange {
    Tier(Tier),
    Tlp(Tlp),
}

impl Store {
    /// Sends draft `id` of the member `user_id` to staff: stores the choices, marks it pending
    /// and enqueues `cards` for the staff chats. A draft of another member counts as not found.
    pub async fn send_submission(
        &self,
        id: i64,
        platform: Platform,
        user_id: &str,
        choice: SendChoice,
        cards: &[NewOutboxMessage],
        at: DateTime<Utc>,
    ) -> Result<Decision, StoreError> {
        let operation = format!("send submission {id}");
        if choice.tlp == Tlp::Red {
            return Err(StoreError::InvalidSubmission { reason: "TLP:RED cannot be stored".to_owned() });
        }
        let hash = self.data_key(&operation)?.submitter_hash(platform.as_str(), user_id);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let updated = sqlx::query(
            "UPDATE submissions SET status = $1, tlp = $2, tier = $3, anonymous = $4 \
             WHERE id = $5 AND status = $6 AND submitter_hash = $7",
        )
        .bind(SubmissionStatus::Pending.as_str())
        .bind(choice.tlp.as_str())
        .bind(choice.tier.as_str())
        .bind(i64::from(choice.anonymous))
        .bind(id)
        .bind(SubmissionStatus::Draft.as_str())
        .bind(hash.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            return owned_status(&mut transaction, id, &hash, &operation).await;
        }
        insert_direct_messages(&mut transaction, cards, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Decision::Done)
    }

    /// Deletes draft `id` of the member `user_id`.
    pub async fn cancel_submission(&self, id: i64, platform: Platform, user_id: &str) -> Result<Decision, StoreError> {
        let operation = format!("cancel submission {id}");
        let hash = self.data_key(&operation)?.submitter_hash(platform.as_str(), user_id);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let deleted = sqlx::query("DELETE FROM submissions WHERE id = $1 AND status = $2 AND submitter_hash = $3")
            .bind(id)
            .bind(SubmissionStatus::Draft.as_str())
            .bind(hash.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        if deleted.rows_affected() == 0 {
            return owned_status(&mut transaction, id, &hash, &operation).await;
        }
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Decision::Done)
    }

    /// Approves pending submission `id`: stores `advisory` with its staff tier override, links
    /// it to the submission and records the decision in the audit log, all or nothing.
    pub async fn approve_submission(&self, id: i64, advisory: &Advisory, actor: StaffActor<'_>, at: DateTime<Utc>) -> Result<Decision, StoreError> {
        let operation = format!("approve submission {id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let updated = sqlx::query(
            "UPDATE submissions SET status = $1, decided_at = $2, decided_by = $3, advisory_id = $4 WHERE id = $5 AND status = $6",
        )
        .bind(SubmissionStatus::Approved.as_str())
        .bind(micros(at))
        .bind(actor.user_id)
        .bind(advisory.id().as_str())
        .bind(id)
        .bind(SubmissionStatus::Pending.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            return current_status(&mut transaction, id, &operation).await;
        }
        write_advisories(&mut transaction, &[AdvisoryWrite { advisory: advisory.clone(), new_revision: true }]).await?;
        if let Some(tier_override) = &advisory.tier_override {
            insert_tier_override(&mut transaction, advisory.id(), tier_override, &operation).await?;
        }
        let detail = format!("{} TLP:{} {}", advisory.id(), advisory.draft.tlp, advisory.tier());
        audit(&mut transaction, actor, "submission-approve", id, &detail, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Decision::Done)
    }

    /// Rejects pending submission `id` with `reason`, enqueues `notice` to the submitter when
    /// given, and records the decision, all or nothing.
    pub async fn reject_submission(
        &self,
        id: i64,
        reason: &str,
        notice: Option<&NewOutboxMessage>,
        actor: StaffActor<'_>,
        at: DateTime<Utc>,
    ) -> Result<Decision, StoreError> {
        let operation = format!("reject submission {id}");
        if let Some(problem) = super::sql::text_problem("the reason", reason, MAX_REJECT_REASON_CHARS) {
            return Err(StoreError::InvalidSubmission { reason: problem });
        }
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let updated = sqlx::query(
            "UPDATE submissions SET status = $1, decided_at = $2, decided_by = $3, reject_reason = $4 WHERE id = $5 AND status = $6",
        )
        .bind(SubmissionStatus::Rejected.as_str())
        .bind(micros(at))
        .bind(actor.user_id)
        .bind(reason)
        .bind(id)
        .bind(SubmissionStatus::Pending.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            return current_status(&mut transaction, id, &operation).await;
        }
        let notices: Vec<NewOutboxMessage> = notice.into_iter().cloned().collect();
        insert_direct_messages(&mut transaction, &notices, at).await?;
        audit(&mut transaction, actor, "submission-reject", id, reason, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Decision::Done)
    }

    /// Changes the tier or TLP label of pending submission `id` and records the change.
    pub async fn change_submission(&self, id: i64, change: SubmissionChange, actor: StaffActor<'_>, at: DateTime<Utc>) -> Result<Decision, StoreError> {
        let operation = format!("change submission {id}");
        let (sql, value, action) = match change {
            SubmissionChange::Tier(tier) => ("UPDATE submissions SET tier = $1 WHERE id = $2 AND status = $3", tier.as_str(), "submission-tier"),
            SubmissionChange::Tlp(Tlp::Red) => {
                return Err(StoreError::InvalidSubmission { reason: "TLP:RED cannot be stored".to_owned() });
            }
            SubmissionChange::Tlp(tlp) => ("UPDATE submissions SET tlp = $1 WHERE id = $2 AND status = $3", tlp.as_str(), "submission-tlp"),
        };
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let updated = sqlx::query(sql)
            .bind(value)
            .bind(id)
            .bind(SubmissionStatus::Pending.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            return current_status(&mut transaction, id, &operation).await;
        }
        audit(&mut transaction, actor, action, id, value, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Decision::Done)
    }
}

async fn audit(connection: &mut AnyConnection, actor: StaffActor<'_>, action: &str, id: i64, detail: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
    let subject = format!("submission {id}");
    let change = AuditChange { platform: actor.platform, actor: actor.user_id, action, subject: &subject, detail };
    record(connection, &change, at).await
}

/// Explains why a staff update changed nothing: the submission's status, or not found.
async fn current_status(connection: &mut AnyConnection, id: i64, operation: &str) -> Result<Decision, StoreError> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_optional(connection)
        .await
        .map_err(query_error(operation))?;
    decision_of(id, status)
}

/// Explains why a member's update changed nothing; another member's submission is not found.
async fn owned_status(connection: &mut AnyConnection, id: i64, hash: &str, operation: &str) -> Result<Decision, StoreError> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1 AND submitter_hash = $2")
        .bind(id)
        .bind(hash)
        .fetch_optional(connection)
        .await
        .map_err(query_error(operation))?;
    decision_of(id, status)
}

fn decision_of(id: i64, status: Option<String>) -> Result<Decision, StoreError> {
    let Some(status) = status else { return Ok(Decision::NotFound) };
    let status: SubmissionStatus =
        status.parse().map_err(|error: crate::domain::ParseLabelError| StoreError::corrupt(format!("submission {id}"), error.to_string()))?;
    Ok(Decision::AlreadyDecided(status))
}
