//! The audit log: every change staff make (roles, chat ceilings, announcements) and every
//! settings change by a member, written in the same transaction as the change.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::error::query_error;
use super::sql::{micros, time, truncate_chars};
use super::{Store, StoreError};
use crate::domain::Platform;

/// Maximum length of an audit subject and detail, in characters, as the schema allows.
const MAX_SUBJECT_CHARS: usize = 160;
const MAX_DETAIL_CHARS: usize = 200;

/// A change to record, without its time and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditChange<'a> {
    pub platform: Platform,
    /// The platform user id of the staff member or member who made the change.
    pub actor: &'a str,
    /// The kind of change, such as `verify`, `chat-tlp`, `set-tier` or `announce-confirm`.
    pub action: &'a str,
    /// The member or chat the change applies to.
    pub subject: &'a str,
    /// The new value; empty when there is none.
    pub detail: &'a str,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub platform: Platform,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Appends `change` at `at` inside the caller's transaction. Subject and detail are cut to the
/// stored maximum, because a record of a change must not stop the change itself.
pub(crate) async fn record(connection: &mut AnyConnection, change: &AuditChange<'_>, at: DateTime<Utc>) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (at, platform, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(micros(at))
        .bind(change.platform.as_str())
        .bind(change.actor)
        .bind(change.action)
        .bind(truncate_chars(change.subject, MAX_SUBJECT_CHARS))
        .bind(truncate_chars(change.detail, MAX_DETAIL_CHARS))
        .execute(connection)
        .await
        .map_err(query_error(&format!("record the audit entry {} by {}", change.action, change.actor)))?;
    Ok(())
}

impl Store {
    /// Lists the newest `limit` audit entries, newest first.
    pub async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, platform, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error("list the audit log"))?;
        decode_entries(rows)
    }
}

/// One audit log row as selected: id, at, platform, actor, action, subject, detail.
pub(super) type AuditRow = (i64, i64, String, String, String, String, String);

pub(super) fn decode_entries(rows: Vec<AuditRow>) -> Result<Vec<AuditEntry>, StoreError> {
    rows.into_iter()
        .map(|(id, at, platform, actor, action, subject, detail)| {
            let subject_name = format!("audit entry {id}");
            Ok(AuditEntry {
                id,
                at: time(at, &subject_name, "at")?,
                platform: platform
                    .parse()
                    .map_err(|error: crate::domain::ParseLabelError| StoreError::corrupt(&subject_name, error.to_string()))?,
                actor,
                action,
                subject,
                detail,
            })
        })
        .collect()
}
