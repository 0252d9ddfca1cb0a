//! Storage errors, and the mapping from sqlx errors to them.

use std::path::PathBuf;

use sqlx::error::ErrorKind;

use crate::domain::{AdvisoryId, ChatRef};

/// A failed storage operation, naming the operation and the value involved.
///
/// Database URLs in these messages have their password replaced, so the messages are safe to log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "unsupported database URL {url}: use sqlite://PATH, sqlite::memory: or postgres://USER@HOST/DATABASE"
    )]
    UnsupportedUrl { url: String },

    #[error("cannot open database {url}: folder {} does not exist; create it or choose another path", folder.display())]
    MissingFolder { url: String, folder: PathBuf },

    #[error("cannot open database {url}: {cause}")]
    Open { url: String, cause: sqlx::Error },

    #[error("failed to migrate database {url}: {cause}")]
    Migrate { url: String, cause: sqlx::migrate::MigrateError },

    #[error("source {name:?} not found")]
    SourceNotFound { name: String },

    #[error("source {name:?} already exists")]
    SourceExists { name: String },

    #[error("invalid source {name:?}: {reason}")]
    InvalidSource { name: String, reason: String },

    #[error("advisory {id} not found")]
    AdvisoryNotFound { id: AdvisoryId },

    #[error("cannot save advisory {id}: it is marked as a new revision but has no revisions")]
    MissingRevision { id: AdvisoryId },

    #[error("failed to encode advisory {id} for storage: {reason}")]
    Encode { id: AdvisoryId, reason: String },

    #[error("cannot store the KEV catalog: it lists {cve} more than once")]
    DuplicateKevEntry { cve: String },

    #[error("invalid chat id {chat_id:?} on {platform}: {reason}")]
    InvalidChatId { platform: String, chat_id: String, reason: String },

    #[error("invalid subscription for chat {chat}: {reason}")]
    InvalidSubscription { chat: ChatRef, reason: String },

    #[error("subscription {id} not found")]
    SubscriptionNotFound { id: i64 },

    #[error(
        "cannot move chat {from} to chat id {to:?}: that chat already has a subscription; \
         delete one of the two subscriptions first"
    )]
    ChatTaken { from: ChatRef, to: String },

    #[error("invalid outbox message {key:?}: {reason}")]
    InvalidOutboxMessage { key: String, reason: String },

    #[error("outbox message {id} not found")]
    OutboxMessageNotFound { id: i64 },

    #[error("invalid outbox claim by worker {worker:?}: {reason}")]
    InvalidClaim { worker: String, reason: String },

    #[error("invalid checklist run of member {user_id:?} on {platform}: {reason}")]
    InvalidChecklistRun { platform: String, user_id: String, reason: String },

    #[error("invalid answer for checklist run {run}: {reason}")]
    InvalidChecklistAnswer { run: i64, reason: String },

    #[error("invalid verification of member {user_id:?} on {platform}: {reason}")]
    InvalidMember { platform: String, user_id: String, reason: String },

    #[error("invalid TLP ceiling for chat {chat}: {reason}")]
    InvalidCeiling { chat: ChatRef, reason: String },

    #[error("invalid announcement: {reason}")]
    InvalidAnnouncement { reason: String },
    /// Submissions are read or written without `KETENWACHT_DATA_KEY`.
    #[error("cannot {operation}: submissions are switched off because KETENWACHT_DATA_KEY is not set")]
    DataKeyMissing { operation: String },

    /// A sealed submission field that the data key cannot open.
    #[error("cannot decrypt the {field} of submission {id}: {cause}")]
    Decrypt { id: i64, field: &'static str, cause: crate::submissions::OpenError },

    #[error("invalid submission: {reason}")]
    InvalidSubmission { reason: String },

    /// A stored row that no longer decodes into a domain value.
    #[error("stored {subject} is corrupt: {reason}")]
    Corrupt { subject: String, reason: String },

    /// A unique constraint rejected a write.
    #[error("failed to {operation}: a row with the same key already exists ({cause})")]
    Duplicate { operation: String, cause: sqlx::Error },

    #[error("failed to {operation}: {cause}")]
    Query { operation: String, cause: sqlx::Error },
}

impl StoreError {
    /// Wraps a sqlx error from `operation`, turning a unique-constraint violation into
    /// [`StoreError::Duplicate`].
    pub(crate) fn query(operation: impl Into<String>, cause: sqlx::Error) -> StoreError {
        let operation = operation.into();
        if is_unique_violation(&cause) {
            StoreError::Duplicate { operation, cause }
        } else {
            StoreError::Query { operation, cause }
        }
    }

    pub(crate) fn corrupt(subject: impl Into<String>, reason: impl Into<String>) -> StoreError {
        StoreError::Corrupt { subject: subject.into(), reason: reason.into() }
    }
}

/// Returns a closure for `map_err` that wraps a sqlx error from `operation`.
pub(crate) fn query_error(operation: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |cause| StoreError::query(operation, cause)
}

pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation)
}
