//! Reads the text of `announce`: an optional delivery time in front (`at 2026-12-06 09:00`,
//! Dutch `op`), in Europe/Amsterdam time, then the announcement itself.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// Maximum time between now and a scheduled announcement, in days.
pub(crate) const MAX_SCHEDULE_DAYS: i64 = 90;

/// Reason the delivery time in front of an announcement was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScheduleError {
    /// `at` without a date and time as `YYYY-MM-DD HH:MM`, with the text as typed.
    Invalid(String),
    /// The local time does not exist, because the clocks move forward then.
    Skipped(String),
    /// The time is now or in the past.
    Past(String),
    /// The time is more than [`MAX_SCHEDULE_DAYS`] days ahead.
    TooFar(String),
    /// A delivery time without text after it.
    NoText,
}

/// Splits `typed` into the delivery time, if the text starts with `at` or `op` and a date,
/// and the announcement text. A first word `at` followed by anything other than a digit is
/// part of the text, such as "At the meeting …".
pub(crate) fn split_schedule(typed: &str, now: DateTime<Utc>) -> Result<(Option<DateTime<Utc>>, String), ScheduleError> {
    let mut words = typed.splitn(2, char::is_whitespace);
    let first = words.next().unwrap_or_default();
    let rest = words.next().unwrap_or_default().trim_start();
    let is_schedule = ["at", "op"].contains(&first.to_lowercase().as_str()) && rest.starts_with(|c: char| c.is_ascii_digit());
    if !is_schedule {
        return Ok((None, typed.to_owned()));
    }
    let mut parts = rest.splitn(3, char::is_whitespace);
    let date = parts.next().unwrap_or_default();
    let time = parts.next().unwrap_or_default();
    let text = parts.next().unwrap_or_default().trim();
    let shown = format!("{date} {time}").trim().to_owned();
    let local = parse_local(date, time).ok_or_else(|| ScheduleError::Invalid(shown.clone()))?;
    let send_at = match Amsterdam.from_local_datetime(&local) {
        chrono::LocalResult::Single(at) => at.to_utc(),
        // When the clocks go back, the hour happens twice; the first one is meant.
        chrono::LocalResult::Ambiguous(first, _) => first.to_utc(),
        chrono::LocalResult::None => return Err(ScheduleError::Skipped(shown)),
    };
    if send_at <= now {
        return Err(ScheduleError::Past(shown));
    }
    if send_at > now + Duration::days(MAX_SCHEDULE_DAYS) {
        return Err(ScheduleError::TooFar(shown));
    }
    if text.is_empty() {
        return Err(ScheduleError::NoText);
    }
    Ok((Some(send_at), text.to_owned()))
}

fn parse_local(date: &str, time: &str) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-05T12:00:00Z").unwrap().to_utc()
    }

    #[test]
    fn schedule_in_amsterdam_time() {
        let (at, text) = split_schedule("at 2026-12-06 09:00 Ledenvergadering\nmorgen", now()).unwrap();
        assert_eq!(at, Some(DateTime::parse_from_rfc3339("2026-12-06T08:00:00Z").unwrap().to_utc()));
        assert_eq!(text, "Ledenvergadering\nmorgen");
        let (at, _) = split_schedule("op 2027-03-01 09:00 tekst", now()).unwrap();
        assert!(at.is_some());
    }

    #[test]
    fn plain_text_starting_with_at() {
        let (at, text) = split_schedule("At the meeting we vote", now()).unwrap();
        assert_eq!(at, None);
        assert_eq!(text, "At the meeting we vote");
    }

    #[test]
    fn bad_schedules_rejected() {
        let cases = [
            ("at 2026-13-01 09:00 x", ScheduleError::Invalid("2026-13-01 09:00".to_owned())),
            ("at 2026-12-06 9u x", ScheduleError::Invalid("2026-12-06 9u".to_owned())),
            ("at 2026-12-06", ScheduleError::Invalid("2026-12-06".to_owned())),
            ("at 2026-12-05 12:00 x", ScheduleError::Past("2026-12-05 12:00".to_owned())),
            ("at 2027-03-28 02:30 x", ScheduleError::Skipped("2027-03-28 02:30".to_owned())),
            ("at 2027-03-06 09:00 x", ScheduleError::TooFar("2027-03-06 09:00".to_owned())),
            ("at 2026-12-06 09:00", ScheduleError::NoText),
        ];
        for (typed, expected) in cases {
            assert_eq!(split_schedule(typed, now()), Err(expected), "{typed}");
        }
    }
}
