//! When a digest is due: the delivery time of a subscription as instants in Europe/Amsterdam.
//!
//! A local time that the clock skips when summer time starts (02:30 on the last Sunday of
//! March) resolves to the first valid instant after the gap (03:00 CEST). A local time that
//! occurs twice when summer time ends (02:30 on the last Sunday of October) resolves to the
//! earlier instant only, so the digest goes out once.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::{Cadence, Subscription};

/// The time zone of every delivery time.
pub const DELIVERY_TIME_ZONE: Tz = chrono_tz::Europe::Amsterdam;

/// Maximum stretch of skipped local time searched for the end of a gap. Real gaps last one
/// hour in Amsterdam and at most a day anywhere.
const MAX_GAP_MINUTES: u32 = 48 * 60;

/// Days searched for a weekly delivery: one week, plus one day of slack.
const DAYS_SEARCHED: u64 = 8;

/// A subscription's digest schedule: daily or weekly at a local time, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub cadence: Cadence,
    /// Local time in [`DELIVERY_TIME_ZONE`].
    pub delivery_time: NaiveTime,
    /// Day of a weekly digest; ignored for other cadences.
    pub weekday: Weekday,
}

impl Schedule {
    pub fn of(subscription: &Subscription) -> Schedule {
        Schedule { cadence: subscription.cadence, delivery_time: subscription.delivery_time, weekday: subscription.weekday }
    }

    /// Returns the latest due instant at or before `now`, or `None` for an `instant`
    /// subscription, which has no digest schedule.
    pub fn last_due_at_or_before(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = now.with_timezone(&DELIVERY_TIME_ZONE).date_naive();
        (0..=DAYS_SEARCHED)
            .filter_map(|back| today.checked_sub_days(Days::new(back)))
            .filter_map(|date| self.due_on(date))
            .find(|due| *due <= now)
    }

    /// Returns the first due instant strictly after `after`, or `None` for an `instant`
    /// subscription.
    pub fn next_due_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = after.with_timezone(&DELIVERY_TIME_ZONE).date_naive();
        (0..=DAYS_SEARCHED)
            .filter_map(|ahead| today.checked_add_days(Days::new(ahead)))
            .filter_map(|date| self.due_on(date))
            .find(|due| *due > after)
    }

    /// Returns the due instant on a local date, or `None` when nothing is due that day.
    fn due_on(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        match self.cadence {
            Cadence::Instant => None,
            Cadence::Daily => Some(local_instant(date, self.delivery_time)),
            Cadence::Weekly if date.weekday() == self.weekday => Some(local_instant(date, self.delivery_time)),
            Cadence::Weekly => None,
        }
    }
}

/// Resolves a local date and time in [`DELIVERY_TIME_ZONE`] to one instant: the earlier one
/// when the time occurs twice, the first valid one after the gap when the clock skips it.
pub fn local_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    if let Some(instant) = DELIVERY_TIME_ZONE.from_local_datetime(&local).earliest() {
        return instant.to_utc();
    }

    // In a gap: the first whole local minute that exists is where the clock jumped to,
    // because time zone transitions fall on whole minutes.
    let minute_start = local.with_second(0).and_then(|start| start.with_nanosecond(0)).unwrap_or(local);
    (1..=MAX_GAP_MINUTES)
        .filter_map(|minutes| minute_start.checked_add_signed(chrono::Duration::minutes(i64::from(minutes))))
        .find_map(|candidate| DELIVERY_TIME_ZONE.from_local_datetime(&candidate).earliest())
        .map(|instant| instant.to_utc())
        .unwrap_or_else(|| fallback_utc(local))
}

/// Reads a local time as UTC. Only reached if the time zone data had a gap longer than
/// [`MAX_GAP_MINUTES`], which no zone has.
fn fallback_utc(local: NaiveDateTime) -> DateTime<Utc> {
    tracing::error!(%local, "local delivery time has no valid instant within two days; reading it as UTC");
    local.and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn time(text: &str) -> NaiveTime {
        NaiveTime::parse_from_str(text, "%H:%M").unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn daily(at: &str) -> Schedule {
        Schedule { cadence: Cadence::Daily, delivery_time: time(at), weekday: Weekday::Mon }
    }

    fn weekly(at: &str, weekday: Weekday) -> Schedule {
        Schedule { cadence: Cadence::Weekly, delivery_time: time(at), weekday }
    }

    #[test]
    fn summer_and_winter_offsets() {
        assert_eq!(local_instant(date("2025-08-28"), time("08:00")), utc("2025-08-28T06:00:00Z"));
        assert_eq!(local_instant(date("2025-12-01"), time("08:00")), utc("2025-12-01T07:00:00Z"));
    }

    #[test]
    fn spring_gap_goes_to_gap_end() {
        // 2025-03-30: clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
        assert_eq!(local_instant(date("2025-03-30"), time("02:30")), utc("2025-03-30T01:00:00Z"));
        assert_eq!(local_instant(date("2025-03-30"), time("02:00")), utc("2025-03-30T01:00:00Z"));
        assert_eq!(local_instant(date("2025-03-30"), time("02:59")), utc("2025-03-30T01:00:00Z"));
        assert_eq!(local_instant(date("2025-03-30"), time("03:00")), utc("2025-03-30T01:00:00Z"));
        assert_eq!(local_instant(date("2025-03-30"), time("01:59")), utc("2025-03-30T00:59:00Z"));
    }

    #[test]
    fn spring_gap_ignores_seconds() {
        let with_seconds = NaiveTime::from_hms_opt(2, 30, 15).unwrap();
        assert_eq!(local_instant(date("2025-03-30"), with_seconds), utc("2025-03-30T01:00:00Z"));
    }

    #[test]
    fn autumn_overlap_takes_earlier() {
        // 2025-10-26: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        assert_eq!(local_instant(date("2025-10-26"), time("02:30")), utc("2025-10-26T00:30:00Z"));
    }

    #[test]
    fn daily_last_due() {
        let schedule = daily("08:00");
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-28T06:00:00Z")), Some(utc("2025-08-28T06:00:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-28T05:59:59Z")), Some(utc("2025-08-27T06:00:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-28T23:30:00Z")), Some(utc("2025-08-28T06:00:00Z")));
    }

    #[test]
    fn daily_next_due() {
        let schedule = daily("08:00");
        assert_eq!(schedule.next_due_after(utc("2025-08-28T06:00:00Z")), Some(utc("2025-08-29T06:00:00Z")));
        assert_eq!(schedule.next_due_after(utc("2025-08-28T05:00:00Z")), Some(utc("2025-08-28T06:00:00Z")));
    }

    #[test]
    fn daily_across_spring_forward() {
        let schedule = daily("02:30");
        assert_eq!(schedule.next_due_after(utc("2025-03-29T01:30:00Z")), Some(utc("2025-03-30T01:00:00Z")));
        assert_eq!(schedule.next_due_after(utc("2025-03-30T01:00:00Z")), Some(utc("2025-03-31T00:30:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-03-30T00:59:59Z")), Some(utc("2025-03-29T01:30:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-03-30T01:00:00Z")), Some(utc("2025-03-30T01:00:00Z")));
    }

    #[test]
    fn daily_across_fall_back() {
        let schedule = daily("02:30");
        assert_eq!(schedule.next_due_after(utc("2025-10-25T00:30:00Z")), Some(utc("2025-10-26T00:30:00Z")));
        // The second 02:30 of the day (01:30 UTC) is not due again.
        assert_eq!(schedule.next_due_after(utc("2025-10-26T00:30:00Z")), Some(utc("2025-10-27T01:30:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-10-26T01:45:00Z")), Some(utc("2025-10-26T00:30:00Z")));
    }

    #[test]
    fn morning_time_shifts_utc_hour() {
        let schedule = daily("08:00");
        assert_eq!(schedule.next_due_after(utc("2025-03-29T07:00:00Z")), Some(utc("2025-03-30T06:00:00Z")));
        assert_eq!(schedule.next_due_after(utc("2025-10-25T06:00:00Z")), Some(utc("2025-10-26T07:00:00Z")));
    }

    #[test]
    fn weekly_on_weekday() {
        let schedule = weekly("08:00", Weekday::Mon);
        // 2025-08-27 is a Wednesday; the Monday before is 2025-08-25.
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-27T12:00:00Z")), Some(utc("2025-08-25T06:00:00Z")));
        assert_eq!(schedule.next_due_after(utc("2025-08-27T12:00:00Z")), Some(utc("2025-09-01T06:00:00Z")));
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-25T05:59:00Z")), Some(utc("2025-08-18T06:00:00Z")));
    }

    #[test]
    fn weekly_on_dst_sundays() {
        let spring = weekly("02:30", Weekday::Sun);
        assert_eq!(spring.next_due_after(utc("2025-03-29T00:00:00Z")), Some(utc("2025-03-30T01:00:00Z")));
        assert_eq!(spring.next_due_after(utc("2025-03-30T01:00:00Z")), Some(utc("2025-04-06T00:30:00Z")));
        let autumn = weekly("02:30", Weekday::Sun);
        assert_eq!(autumn.next_due_after(utc("2025-10-25T00:00:00Z")), Some(utc("2025-10-26T00:30:00Z")));
        assert_eq!(autumn.next_due_after(utc("2025-10-26T00:30:00Z")), Some(utc("2025-11-02T01:30:00Z")));
    }

    #[test]
    fn instant_has_no_schedule() {
        let schedule = Schedule { cadence: Cadence::Instant, delivery_time: time("08:00"), weekday: Weekday::Mon };
        assert_eq!(schedule.last_due_at_or_before(utc("2025-08-28T12:00:00Z")), None);
        assert_eq!(schedule.next_due_after(utc("2025-08-28T12:00:00Z")), None);
    }

    /// Walks 2025 due by due: one due per local day, each found again as the last due.
    #[test]
    fn one_due_per_day_all_year() {
        for at in ["00:00", "01:59", "02:00", "02:30", "03:00", "08:00", "23:59"] {
            let schedule = daily(at);
            let mut due = schedule.next_due_after(utc("2024-12-31T22:59:59Z")).unwrap();
            let mut dates = Vec::new();
            while due.with_timezone(&DELIVERY_TIME_ZONE).year() == 2025 {
                assert_eq!(schedule.last_due_at_or_before(due), Some(due), "{at}: {due}");
                let before = due - chrono::Duration::seconds(1);
                assert!(schedule.last_due_at_or_before(before).is_some_and(|last| last < due), "{at}: {due}");
                dates.push(due.with_timezone(&DELIVERY_TIME_ZONE).date_naive());
                let next = schedule.next_due_after(due).unwrap();
                assert!(next > due, "{at}: {due} then {next}");
                due = next;
            }
            assert_eq!(dates.len(), 365, "{at}");
            dates.dedup();
            assert_eq!(dates.len(), 365, "{at}: two dues on one local date");
        }
    }
}
