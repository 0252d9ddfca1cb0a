//! Mapping between a source and its row.

use std::time::Duration;

use sqlx::any::AnyRow;

use super::sql::{column, time};
use super::StoreError;
use crate::domain::{FetchState, SourceConfig, SourceHealth, SourceRecord, SourceStatus};

/// Columns read by [`decode_source`], in order.
pub(crate) const SELECT_SOURCES: &str = "SELECT name, kind, url, interval_secs, etag, last_modified, fetch_cursor, \
     status, last_success, last_error, last_error_at, consecutive_failures, items_seen, next_poll_at FROM sources";

/// Returns the stored spelling of `status`, the same as its serde name.
pub(crate) fn status_text(status: SourceStatus) -> &'static str {
    match status {
        SourceStatus::Ok => "ok",
        SourceStatus::Failing => "failing",
        SourceStatus::NeverFetched => "never-fetched",
    }
}

fn parse_status(text: &str) -> Option<SourceStatus> {
    [SourceStatus::Ok, SourceStatus::Failing, SourceStatus::NeverFetched]
        .into_iter()
        .find(|status| status_text(*status) == text)
}

/// Decodes a row of [`SELECT_SOURCES`].
pub(crate) fn decode_source(row: &AnyRow) -> Result<SourceRecord, StoreError> {
    let name: String = column(row, 0, "source row")?;
    let subject = format!("source {name:?}");
    let corrupt = |reason: String| StoreError::corrupt(&subject, reason);
    let optional_time = |index: usize, field: &str| -> Result<_, StoreError> {
        let value: Option<i64> = column(row, index, &subject)?;
        value.map(|value| time(value, &subject, field)).transpose()
    };

    let kind: String = column(row, 1, &subject)?;
    let interval_secs: i64 = column(row, 3, &subject)?;
    let status: String = column(row, 7, &subject)?;
    let failures: i64 = column(row, 11, &subject)?;
    let items_seen: i64 = column(row, 12, &subject)?;

    let config = SourceConfig {
        kind: kind.parse().map_err(|error: crate::domain::ParseLabelError| corrupt(error.to_string()))?,
        url: column(row, 2, &subject)?,
        interval: Duration::from_secs(
            u64::try_from(interval_secs)
                .map_err(|_| corrupt(format!("interval {interval_secs} is negative")))?,
        ),
        name,
    };
    let state = FetchState {
        etag: column(row, 4, &subject)?,
        last_modified: column(row, 5, &subject)?,
        cursor: optional_time(6, "cursor")?,
    };
    let health = SourceHealth {
        status: parse_status(&status).ok_or_else(|| corrupt(format!("unknown status {status:?}")))?,
        last_success: optional_time(8, "last success time")?,
        last_error: column(row, 9, &subject)?,
        last_error_at: optional_time(10, "last error time")?,
        consecutive_failures: u32::try_from(failures)
            .map_err(|_| corrupt(format!("failure count {failures} is out of range")))?,
        items_seen: u64::try_from(items_seen)
            .map_err(|_| corrupt(format!("item count {items_seen} is negative")))?,
    };
    Ok(SourceRecord { config, state, health, next_poll_at: optional_time(13, "next poll time")? })
}
