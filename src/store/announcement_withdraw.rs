//! Withdrawing an announcement: removing its outbox messages that no worker has taken yet.

use chrono::{DateTime, Utc};

use super::announcements::{key_range, subject, AnnouncementStatus};
use super::audit::{record, AuditChange};
use super::error::query_error;
use super::sql::micros;
use super::{Store, StoreError};
use crate::domain::Platform;

/// The outcome of withdrawing an announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawal {
    /// Its pending messages were removed; `gone_out` had been sent or were being sent.
    Withdrawn { removed: u64, gone_out: u64 },
    /// A draft that was never confirmed; it can no longer be confirmed.
    DraftWithdrawn,
    /// Nothing was left to withdraw: every message had been sent or was being sent.
    Delivered { gone_out: u64 },
    AlreadyWithdrawn,
    NotFound,
}

impl Store {
    /// Withdraws announcement `id` for staff member `actor`: removes its pending outbox
    /// messages and records the withdrawal, in one transaction. Claimed messages are being sent
    /// and stay, as do sent and failed ones.
    pub async fn withdraw_announcement(&self, id: i64, platform: Platform, actor: &str, at: DateTime<Utc>) -> Result<Withdrawal, StoreError> {
        let operation = format!("withdraw announcement {id}");
        let (start, end) = key_range(id);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        // A write to the announcement first: SQLite then takes the write lock at once, and
        // PostgreSQL locks the row, so a confirmation in progress commits its outbox messages
        // before they are looked for here.
        let touched = sqlx::query("UPDATE announcements SET status = status WHERE id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        if touched.rows_affected() == 0 {
            return Ok(Withdrawal::NotFound);
        }
        let removed = sqlx::query("DELETE FROM outbox WHERE key >= $1 AND key < $2 AND status = 'pending'")
            .bind(start.as_str())
            .bind(end.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?
            .rows_affected();
        let gone_out: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE key >= $1 AND key < $2 AND status IN ('sent', 'claimed')")
            .bind(start.as_str())
            .bind(end.as_str())
            .fetch_one(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        let gone_out = u64::try_from(gone_out).unwrap_or_default();
        let status: String = sqlx::query_scalar("SELECT status FROM announcements WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;

        let outcome = match status.as_str() {
            status if status == AnnouncementStatus::Withdrawn.as_str() => return Ok(Withdrawal::AlreadyWithdrawn),
            status if status == AnnouncementStatus::Draft.as_str() => Withdrawal::DraftWithdrawn,
            _ if removed == 0 => return Ok(Withdrawal::Delivered { gone_out }),
            _ => Withdrawal::Withdrawn { removed, gone_out },
        };
        sqlx::query("UPDATE announcements SET status = 'withdrawn', withdrawn_at = $1 WHERE id = $2")
            .bind(micros(at))
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        let subject = subject(id);
        let detail = format!("{removed} removed; {gone_out} gone out");
        let change = AuditChange { platform, actor, action: "announce-withdraw", subject: &subject, detail: &detail };
        record(&mut transaction, &change, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        tracing::info!(announcement = id, removed, gone_out, "announcement withdrawn");
        Ok(outcome)
    }
}
