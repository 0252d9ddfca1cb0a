//! A member's stored data and its deletion on request: the data of their private chat, their
//! checklist runs and verification, and their user id in the audit log.

use chrono::{DateTime, Utc};

use super::audit::{decode_entries, record, AuditChange, AuditRow};
use super::error::query_error;
use super::subscriptions::remove_subscription;
use super::{AuditEntry, Store, StoreError};
use crate::domain::{ChatRef, Platform};

/// The marker that replaces a forgotten member's user id in the audit log, verifications
/// they made, announcements they wrote and submissions they decided.
pub const FORGOTTEN_MEMBER: &str = "forgotten-member";

/// Maximum number of audit entries `mydata` lists.
const MAX_MEMBER_AUDIT_ENTRIES: u32 = 50;

/// Counts of the data removed by forgetting a member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// Whether the private chat had a subscription.
    pub subscription: bool,
    pub checklist_runs: u64,
    pub verification: bool,
    /// Outbox messages to the private chat, its subscription's included.
    pub outbox_messages: u64,
    /// Audit entries in which the member's id was replaced by [`FORGOTTEN_MEMBER`].
    pub audit_entries: u64,
}

impl Store {
    /// Lists the newest audit entries (at most 50) in which the member acted, or which concern
    /// the member or their private chat.
    pub async fn member_audit_entries(&self, platform: Platform, user_id: &str, private_chat: &ChatRef) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, platform, actor, action, subject, detail FROM audit_log \
             WHERE (platform = $1 AND (actor = $2 OR subject = $2)) OR subject = $3 ORDER BY id DESC LIMIT $4",
        )
        .bind(platform.as_str())
        .bind(user_id)
        .bind(private_chat.to_string())
        .bind(i64::from(MAX_MEMBER_AUDIT_ENTRIES))
        .fetch_all(&self.pool)
        .await
        .map_err(query_error(&format!("list the audit entries of member {user_id} on {platform}")))?;
        decode_entries(rows)
    }

    /// Forgets a member in one transaction. Deletes the subscription, settings, TLP ceiling and
    /// outbox messages of their private chat, and their checklist runs and verification. Their
    /// user id becomes [`FORGOTTEN_MEMBER`] in the audit log, in verifications they made, in
    /// announcements they wrote and in submissions they decided. The audit log records the forgetting without naming them.
    /// Subscriptions of shared chats stay, because they belong to the group.
    pub async fn forget_member(&self, platform: Platform, user_id: &str, private_chat: &ChatRef, at: DateTime<Utc>) -> Result<Forgotten, StoreError> {
        let operation = format!("forget member {user_id} on {platform}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let mut forgotten = Forgotten::default();

        // A write first, so that SQLite takes the write lock at once. The subscription's own
        // messages go to this chat too, so its cascade finds none left.
        let chat = [platform.as_str(), private_chat.chat_id.as_str()];
        forgotten.outbox_messages = execute(&mut transaction, "DELETE FROM outbox WHERE platform = $1 AND chat_id = $2", &chat, &operation).await?;
        forgotten.subscription = remove_subscription(&mut transaction, private_chat).await?;
        execute(&mut transaction, "DELETE FROM chat_settings WHERE platform = $1 AND chat_id = $2", &chat, &operation).await?;
        execute(&mut transaction, "DELETE FROM chat_tlp_ceilings WHERE platform = $1 AND chat_id = $2", &chat, &operation).await?;

        let member = [platform.as_str(), user_id];
        forgotten.checklist_runs =
            execute(&mut transaction, "DELETE FROM checklist_runs WHERE platform = $1 AND user_id = $2", &member, &operation).await?;
        forgotten.verification =
            execute(&mut transaction, "DELETE FROM verified_members WHERE platform = $1 AND user_id = $2", &member, &operation).await? > 0;

        let renamed = [platform.as_str(), user_id, FORGOTTEN_MEMBER];
        // `decided_by` has no platform column, so the audit entries of the decisions, renamed
        // below, tell which submissions this member decided.
        execute(
            &mut transaction,
            "UPDATE submissions SET decided_by = $3 WHERE decided_by = $2 AND EXISTS (SELECT 1 FROM audit_log \
             WHERE audit_log.platform = $1 AND audit_log.actor = $2 AND audit_log.subject = 'submission ' || submissions.id)",
            &renamed,
            &operation,
        )
        .await?;
        let actor = execute(&mut transaction, "UPDATE audit_log SET actor = $3 WHERE platform = $1 AND actor = $2", &renamed, &operation).await?;
        let subject = execute(&mut transaction, "UPDATE audit_log SET subject = $3 WHERE platform = $1 AND subject = $2", &renamed, &operation).await?;
        let chat_subject = [private_chat.to_string(), FORGOTTEN_MEMBER.to_owned()];
        let chat_subject = [chat_subject[0].as_str(), chat_subject[1].as_str()];
        let chat_entries = execute(&mut transaction, "UPDATE audit_log SET subject = $2 WHERE subject = $1", &chat_subject, &operation).await?;
        forgotten.audit_entries = actor + subject + chat_entries;
        execute(&mut transaction, "UPDATE verified_members SET verified_by = $3 WHERE platform = $1 AND verified_by = $2", &renamed, &operation).await?;
        execute(&mut transaction, "UPDATE announcements SET created_by = $3 WHERE platform = $1 AND created_by = $2", &renamed, &operation).await?;

        let change = AuditChange { platform, actor: FORGOTTEN_MEMBER, action: "forget", subject: FORGOTTEN_MEMBER, detail: "" };
        record(&mut transaction, &change, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        tracing::info!(%platform, checklist_runs = forgotten.checklist_runs, audit_entries = forgotten.audit_entries, "member forgotten");
        Ok(forgotten)
    }
}

/// Runs `statement` with text parameters; returns the number of rows it changed.
async fn execute(connection: &mut sqlx::AnyConnection, statement: &str, parameters: &[&str], operation: &str) -> Result<u64, StoreError> {
    let mut query = sqlx::query(statement);
    for parameter in parameters {
        query = query.bind(*parameter);
    }
    Ok(query.execute(connection).await.map_err(query_error(operation))?.rows_affected())
}
