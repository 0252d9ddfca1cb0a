//! Storage on SQLite (default) or PostgreSQL, through sqlx.
//!
//! One implementation serves both databases: queries are written in the SQL both accept, and
//! only the schema in `migrations/sqlite` and `migrations/postgres` differs.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::domain::{Advisory, AdvisoryId, FetchState, KevEntry, SourceConfig, SourceRecord, Tier, TierOverride};

/// A failed storage operation, naming the operation and the value involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("stub")]
    Stub,
}

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

/// The database handle shared by every component.
#[derive(Debug, Clone)]
pub struct Store {}

impl Store {
    /// Opens `url` (`sqlite://...` or `postgres://...`), creating a SQLite file if needed, and
    /// runs the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let _ = url;
        Err(StoreError::Stub)
    }

    pub fn backend(&self) -> Backend {
        todo!()
    }

    pub async fn close(&self) {}

    pub async fn load_advisories(&self, ids: &[AdvisoryId]) -> Result<HashMap<AdvisoryId, Advisory>, StoreError> {
        let _ = ids;
        todo!()
    }

    pub async fn advisory(&self, id: &AdvisoryId) -> Result<Option<Advisory>, StoreError> {
        let _ = id;
        todo!()
    }

    pub async fn list_advisories(&self, query: &AdvisoryQuery) -> Result<Vec<Advisory>, StoreError> {
        let _ = query;
        todo!()
    }

    /// Sets a staff tier override; fails with a not-found error for an unknown id.
    pub async fn set_tier_override(&self, id: &AdvisoryId, tier_override: &TierOverride) -> Result<(), StoreError> {
        let _ = (id, tier_override);
        todo!()
    }

    /// Writes advisories outside a poll (reclassification after a rules or KEV change).
    pub async fn save_advisories(&self, writes: &[AdvisoryWrite]) -> Result<(), StoreError> {
        let _ = writes;
        todo!()
    }

    /// Stores a poll's advisories, KEV catalog and the source's success in one transaction.
    pub async fn commit_poll(&self, commit: &PollCommit) -> Result<(), StoreError> {
        let _ = commit;
        todo!()
    }

    /// Records a failed poll: the reason, one more consecutive failure and the backoff time.
    pub async fn record_poll_failure(&self, source: &str, at: DateTime<Utc>, reason: &str, next_poll_at: DateTime<Utc>) -> Result<(), StoreError> {
        let _ = (source, at, reason, next_poll_at);
        todo!()
    }

    /// Adds a source; fails if the name is taken.
    pub async fn add_source(&self, config: &SourceConfig) -> Result<(), StoreError> {
        let _ = config;
        todo!()
    }

    /// Adds a source or updates its kind, URL and interval, keeping its health and state.
    pub async fn upsert_source(&self, config: &SourceConfig) -> Result<(), StoreError> {
        let _ = config;
        todo!()
    }

    /// Removes a source; its advisories stay. Fails with a not-found error for an unknown name.
    pub async fn remove_source(&self, name: &str) -> Result<(), StoreError> {
        let _ = name;
        todo!()
    }

    /// Every source, ordered by name.
    pub async fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        todo!()
    }

    /// Returns those of `cves` that are in the stored KEV catalog.
    pub async fn exploited_cves(&self, cves: &[String]) -> Result<HashSet<String>, StoreError> {
        let _ = cves;
        todo!()
    }
}
