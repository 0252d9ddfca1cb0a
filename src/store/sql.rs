//! Helpers for SQL text that both SQLite and PostgreSQL accept, and for reading and writing
//! the column encodings shared by both schemas.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::StoreError;

/// Maximum number of bound parameters per statement: an `IN (...)` list or a multi-row
/// `INSERT`. Both databases allow far more (SQLite 3.32+ 32,766, PostgreSQL 65,535), but sqlx's
/// SQLite driver looks up the name of every `$N` parameter, which SQLite finds by a linear scan,
/// so binding time grows with the square of the count. Committing 5,000 advisories took 470 ms
/// with 2,000 parameters per statement and 270 ms with 250 (debug build, `tests/store.rs`).
const PARAMETERS_PER_STATEMENT: usize = 250;

/// Maximum number of ids in one `IN (...)` list.
pub(crate) const IDS_PER_QUERY: usize = PARAMETERS_PER_STATEMENT;

/// Rows per multi-row `INSERT` for a table of `columns` columns.
pub(crate) const fn rows_per_insert(columns: usize) -> usize {
    PARAMETERS_PER_STATEMENT / columns
}

/// Builds `$first, $first+1, ...` for `count` parameters.
///
/// sqlx's SQLite driver binds `$N` to the N-th argument, as PostgreSQL does, so one text
/// serves both databases.
pub(crate) fn parameter_list(first: usize, count: usize) -> String {
    let mut text = String::with_capacity(count * 5);
    for number in first..first + count {
        if number > first {
            text.push_str(", ");
        }
        // Writing into a String cannot fail.
        let _ = write!(text, "${number}");
    }
    text
}

/// Builds `($1, $2), ($3, $4), ...` for `rows` rows of `columns` parameters each.
pub(crate) fn values_rows(rows: usize, columns: usize) -> String {
    let mut text = String::with_capacity(rows * columns * 5);
    for row in 0..rows {
        if row > 0 {
            text.push_str(", ");
        }
        text.push('(');
        text.push_str(&parameter_list(row * columns + 1, columns));
        text.push(')');
    }
    text
}

/// Encodes a time as the stored BIGINT: microseconds since the Unix epoch, UTC.
///
/// Nanoseconds are cut to microseconds, the precision PostgreSQL keeps for its own timestamps.
pub(crate) fn micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

/// Decodes a stored BIGINT time; `None` when it lies outside chrono's range.
pub(crate) fn from_micros(value: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value)
}

/// Converts an unsigned count for a BIGINT column, saturating at `i64::MAX`.
pub(crate) fn to_bigint(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Returns at most `max` characters of `text`, cut on a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Returns why `text` cannot be stored as `what`: it is empty or white space, or longer than
/// `max` characters. `what` starts the reason, as in "the chat id".
pub(crate) fn text_problem(what: &str, text: &str, max: usize) -> Option<String> {
    if text.trim().is_empty() {
        return Some(format!("{what} is empty"));
    }
    let length = text.chars().count();
    (length > max).then(|| format!("{what} has {length} characters, more than the maximum of {max}"))
}

/// Reads column `index` of `row`, reporting a type mismatch as corruption of `subject`.
pub(crate) fn column<'r, T>(row: &'r AnyRow, index: usize, subject: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(index).map_err(|error| StoreError::corrupt(subject, error.to_string()))
}

/// Decodes a stored time of `subject`; `field` names it in the error.
pub(crate) fn time(value: i64, subject: &str, field: &str) -> Result<DateTime<Utc>, StoreError> {
    from_micros(value).ok_or_else(|| StoreError::corrupt(subject, format!("{field} {value} is out of range")))
}

/// Counts the rows of `table`, a table name from this module's own code.
pub(crate) async fn count_rows(pool: &AnyPool, table: &'static str) -> Result<u64, StoreError> {
    let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .map_err(|cause| StoreError::query(format!("count the rows of {table}"), cause))?;
    Ok(u64::try_from(count).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_list_numbers_from_first() {
        assert_eq!(parameter_list(3, 3), "$3, $4, $5");
        assert_eq!(parameter_list(1, 0), "");
    }

    #[test]
    fn values_rows_number_across_rows() {
        assert_eq!(values_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_rows(1, 1), "($1)");
    }

    #[test]
    fn micros_round_trip() {
        let time = DateTime::parse_from_rfc3339("2025-06-01T12:34:56.123456Z").unwrap().to_utc();
        assert_eq!(from_micros(micros(time)), Some(time));
    }

    #[test]
    fn text_problem_names_empty_and_long_text() {
        assert_eq!(text_problem("the key", " ", 3).as_deref(), Some("the key is empty"));
        assert_eq!(
            text_problem("the key", "éééé", 3).as_deref(),
            Some("the key has 4 characters, more than the maximum of 3")
        );
        assert_eq!(text_problem("the key", "ééé", 3), None);
    }

    #[test]
    fn truncate_chars_cuts_on_boundaries() {
        assert_eq!(truncate_chars("ééé", 2), "éé");
        assert_eq!(truncate_chars("ab", 5), "ab");
        assert_eq!(truncate_chars("", 0), "");
    }
}
