//! Members whom staff verified as working for a member organisation.

use chrono::{DateTime, Utc};

use super::audit::{record, AuditChange};
use super::error::query_error;
use super::sql::{text_problem, time, truncate_chars};
use super::{Store, StoreError};
use crate::domain::Platform;

/// Maximum length of an organisation name, in characters.
pub const MAX_ORGANISATION_CHARS: usize = 100;
/// Maximum length of a member id, in characters.
const MAX_USER_ID_CHARS: usize = 128;

/// A verified member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedMember {
    pub platform: Platform,
    pub user_id: String,
    pub organisation: String,
    /// The platform user id of the staff member who verified them.
    pub verified_by: String,
    pub verified_at: DateTime<Utc>,
}

impl Store {
    /// Stores `member` as verified, replacing an earlier verification, and records the change
    /// in the audit log.
    pub async fn verify_member(&self, member: &VerifiedMember) -> Result<(), StoreError> {
        check_member(member.platform, &member.user_id)?;
        check_member(member.platform, &member.verified_by)?;
        if let Some(reason) = text_problem("the organisation", &member.organisation, MAX_ORGANISATION_CHARS) {
            return Err(invalid(member.platform, &member.user_id, reason));
        }
        let operation = format!("verify member {} on {}", member.user_id, member.platform);
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        sqlx::query(
            "INSERT INTO verified_members (platform, user_id, organisation, verified_by, verified_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, user_id) DO UPDATE SET \
             organisation = excluded.organisation, verified_by = excluded.verified_by, verified_at = excluded.verified_at",
        )
        .bind(member.platform.as_str())
        .bind(member.user_id.as_str())
        .bind(member.organisation.as_str())
        .bind(member.verified_by.as_str())
        .bind(super::sql::micros(member.verified_at))
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        let change = AuditChange {
            platform: member.platform,
            actor: &member.verified_by,
            action: "verify",
            subject: &member.user_id,
            detail: &member.organisation,
        };
        record(&mut transaction, &change, member.verified_at).await?;
        transaction.commit().await.map_err(query_error(&operation))
    }

    /// Removes the verification of `user_id` and records the change. Returns `false`, and
    /// records nothing, when the member was not verified.
    pub async fn unverify_member(&self, platform: Platform, user_id: &str, actor: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        check_member(platform, user_id)?;
        check_member(platform, actor)?;
        let operation = format!("unverify member {user_id} on {platform}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let deleted = sqlx::query("DELETE FROM verified_members WHERE platform = $1 AND user_id = $2")
            .bind(platform.as_str())
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        if deleted.rows_affected() == 0 {
            return Ok(false);
        }
        let change = AuditChange { platform, actor, action: "unverify", subject: user_id, detail: "" };
        record(&mut transaction, &change, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(true)
    }

    /// Loads the verification of `user_id`, if any.
    pub async fn verified_member(&self, platform: Platform, user_id: &str) -> Result<Option<VerifiedMember>, StoreError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT organisation, verified_by, verified_at FROM verified_members WHERE platform = $1 AND user_id = $2",
        )
        .bind(platform.as_str())
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error(&format!("load the verification of member {user_id} on {platform}")))?;
        let Some((organisation, verified_by, verified_at)) = row else { return Ok(None) };
        let subject = format!("verification of member {user_id} on {platform}");
        Ok(Some(VerifiedMember {
            platform,
            user_id: user_id.to_owned(),
            organisation,
            verified_by,
            verified_at: time(verified_at, &subject, "verified_at")?,
        }))
    }
}

fn check_member(platform: Platform, user_id: &str) -> Result<(), StoreError> {
    match text_problem("the member id", user_id, MAX_USER_ID_CHARS) {
        Some(reason) => Err(invalid(platform, user_id, reason)),
        None => Ok(()),
    }
}

fn invalid(platform: Platform, user_id: &str, reason: String) -> StoreError {
    StoreError::InvalidMember { platform: platform.to_string(), user_id: truncate_chars(user_id, MAX_USER_ID_CHARS).to_owned(), reason }
}
