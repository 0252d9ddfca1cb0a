//! Storage on SQLite (default) or PostgreSQL, through sqlx.
//!
//! One implementation serves both databases: every query goes through sqlx's `Any` driver in
//! the SQL both accept, with `$N` placeholders, and only the schema in `migrations/sqlite` and
//! `migrations/postgres` differs. Times are stored as BIGINT microseconds since the Unix epoch
//! (UTC), so stored times keep microsecond precision.
//!
//! The files follow the stored concepts. `connect` opens a database and migrates it.
//! `advisories` reads and writes advisories with their revisions, and `tier_override`
//! keeps the staff decisions that replace a classified tier. `sources`
//! keeps the configured sources, `poll` records the outcome of a poll, and `kev` keeps the
//! CISA KEV catalog. `subscriptions` keeps what each chat receives and `chats` the settings
//! of a chat and its move to a new id. `checklist_runs` keeps members' progress through
//! the supplier security checklist. `submissions` keeps member submissions, sealed with the
//! data key by `submission_row`, and `submission_decide` records staff decisions on them.
//! `verified_members` keeps the members staff verified,
//! `tlp_ceilings` the highest TLP label each chat may receive, and `audit` every change staff
//! make and every settings change by a member. `announcements` keeps staff announcements and
//! enqueues them, and `announcement_withdraw` takes back what has not gone out. `outbox`
//! stores the message parts to deliver, `outbox_direct` adds messages outside a
//! subscription, such as moderation cards, and
//! `outbox_claim` hands them to delivery workers and records how sending went.

mod advisories;
mod announcement_withdraw;
mod announcements;
mod advisory_row;
mod advisory_write;
mod audit;
mod chat_id;
mod checklist_runs;
mod chats;
mod connect;
mod error;
mod kev;
mod member_data;
mod outbox;
mod outbox_claim;
mod outbox_direct;
mod outbox_row;
mod poll;
mod settings_changes;
mod source_row;
mod sources;
mod stats;
mod sql;
mod submission_decide;
mod submission_row;
mod submissions;
mod subscription_row;
mod subscriptions;
mod tier_override;
mod tlp_ceilings;
mod verified_members;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use crate::domain::{Advisory, FetchState, KevEntry, Tier};
use crate::config::SubmissionSettings;
use crate::submissions::DataKey;

pub use connect::redact_url;
pub use announcement_withdraw::Withdrawal;
pub use announcements::{Announcement, AnnouncementStatus, Confirmation, NewAnnouncement, MAX_ANNOUNCEMENT_CHARS};
pub use audit::{AuditChange, AuditEntry};
pub use chat_id::MAX_CHAT_ID_CHARS;
pub use checklist_runs::{AnswerRecorded, ChecklistRun, MAX_SUPPLIER_CHARS};
pub use error::StoreError;
pub use member_data::{Forgotten, FORGOTTEN_MEMBER};
pub use outbox::{Enqueue, OutboxDepth, MAX_KEY_CHARS};
pub use outbox_claim::MAX_WORKER_CHARS;
pub use poll::MAX_ERROR_CHARS;
pub use settings_changes::SettingsChange;
pub use submission_decide::{StaffActor, SubmissionChange, MAX_REJECT_REASON_CHARS};
pub use submissions::DRAFT_LIFETIME;
pub use subscription_row::{MAX_PATTERNS, MAX_PATTERN_CHARS};
pub use verified_members::{VerifiedMember, MAX_ORGANISATION_CHARS};

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Filters for listing advisories; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct AdvisoryQuery {
    /// Only advisories whose effective tier (override or classified) is this one.
    pub tier: Option<Tier>,
    /// Only advisories created or changed at or after this time.
    pub changed_since: Option<DateTime<Utc>>,
    /// Only advisories created or changed before this time.
    pub changed_before: Option<DateTime<Utc>>,
    /// Newest first, at most this many.
    pub limit: Option<u32>,
}

/// One advisory to write. Its last revision is appended when `new_revision` is true.
#[derive(Debug, Clone)]
pub struct AdvisoryWrite {
    pub advisory: Advisory,
    pub new_revision: bool,
}

/// Everything one successful poll stores, written in a single transaction.
#[derive(Debug, Clone)]
pub struct PollCommit {
    pub source: String,
    pub at: DateTime<Utc>,
    pub state: FetchState,
    /// Items the poll parsed, added to the source's lifetime count.
    pub items_seen: u64,
    pub next_poll_at: DateTime<Utc>,
    pub writes: Vec<AdvisoryWrite>,
    /// A complete KEV catalog that replaces the stored one.
    pub kev: Option<Vec<KevEntry>>,
}

/// The database handle shared by every component. Clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Encrypts and decrypts submission fields; submissions are off without it.
    data_key: Option<Arc<DataKey>>,
    /// The per-member limits and identity retention of submissions, which every platform's
    /// conversation applies.
    submission_settings: SubmissionSettings,
}

impl Store {
    /// Sets the data key that seals and opens submission fields.
    pub fn with_data_key(mut self, key: DataKey) -> Store {
        self.data_key = Some(Arc::new(key));
        self
    }

    /// Returns whether a data key is set, so that submissions are possible.
    pub fn has_data_key(&self) -> bool {
        self.data_key.is_some()
    }

    /// Sets the submission limits and retention from the `[submissions]` section.
    pub fn with_submission_settings(mut self, settings: SubmissionSettings) -> Store {
        self.submission_settings = settings;
        self
    }

    /// Returns the submission limits and retention.
    pub fn submission_settings(&self) -> SubmissionSettings {
        self.submission_settings
    }
}
