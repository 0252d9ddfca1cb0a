//! When to poll a failing source again.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::SourceRecord;

/// Doublings of the interval before the wait stops growing (unless `max_backoff` caps it first).
const MAX_DOUBLINGS: u32 = 8;

/// Returns the next poll time after one more failure: the source's interval, doubled for
/// each consecutive failure before this one, capped at `max_backoff`.
pub fn next_poll_after_failure(record: &SourceRecord, now: DateTime<Utc>, max_backoff: Duration) -> DateTime<Utc> {
    let doublings = record.health.consecutive_failures.min(MAX_DOUBLINGS);
    let wait = record.config.interval.saturating_mul(1 << doublings).min(max_backoff.max(record.config.interval));
    super::after(now, wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FetchState, SourceConfig, SourceHealth, SourceKind};

    fn record(failures: u32) -> SourceRecord {
        SourceRecord {
            config: SourceConfig {
                name: "ncsc".into(),
                kind: SourceKind::NcscRss,
                url: "https://example.org/".into(),
                interval: Duration::from_secs(15 * 60),
            },
            state: FetchState::default(),
            health: SourceHealth { consecutive_failures: failures, ..SourceHealth::default() },
            next_poll_at: None,
        }
    }

    #[test]
    fn backoff_doubles_then_caps() {
        let now = Utc::now();
        let cap = Duration::from_secs(6 * 3600);
        let wait = |failures| (next_poll_after_failure(&record(failures), now, cap) - now).num_minutes();
        assert_eq!(wait(0), 15);
        assert_eq!(wait(1), 30);
        assert_eq!(wait(2), 60);
        assert_eq!(wait(10), 360);
    }
}
