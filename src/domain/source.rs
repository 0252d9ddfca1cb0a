//! Configured sources, their polling state and their health as staff see it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::SourceKind;

/// Shortest poll interval accepted, so that a typo cannot hammer a publisher.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(60);

/// Maximum poll interval accepted: a source polled less than monthly is as good as off, and
/// the bound keeps every time computed from an interval far from overflow.
pub const MAX_POLL_INTERVAL: Duration = Duration::from_secs(30 * 24 * 3600);

/// One source as staff configured it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceConfig {
    /// Unique name, used in logs, the CLI and as the prefix of ids of generic feed items.
    pub name: String,
    pub kind: SourceKind,
    pub url: String,
    #[serde(with = "humantime_serde_secs")]
    pub interval: Duration,
}

/// Conditional-GET validators and cursors kept between polls of one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// For CSAF: the newest changes.csv timestamp already processed.
    pub cursor: Option<DateTime<Utc>>,
}

/// Whether the last poll of a source worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceStatus {
    Ok,
    Failing,
    NeverFetched,
}

/// Health of a source as staff see it: last success, last error and failures in a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHealth {
    pub status: SourceStatus,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub consecutive_failures: u32,
    /// Items parsed over the source's lifetime, counted once per poll that returned them.
    pub items_seen: u64,
}

impl Default for SourceHealth {
    fn default() -> Self {
        Self {
            status: SourceStatus::NeverFetched,
            last_success: None,
            last_error: None,
            last_error_at: None,
            consecutive_failures: 0,
            items_seen: 0,
        }
    }
}

/// A stored source: its configuration, polling state and health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    pub config: SourceConfig,
    pub state: FetchState,
    pub health: SourceHealth,
    /// Earliest time of the next poll; later after failures (backoff).
    pub next_poll_at: Option<DateTime<Utc>>,
}

/// Serialises a duration as whole seconds.
mod humantime_serde_secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(value.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_secs)
    }
}

/// One CISA KEV catalog entry: a CVE known to be exploited in the wild.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KevEntry {
    pub cve: String,
    pub date_added: chrono::NaiveDate,
    pub known_ransomware: bool,
}
