//! Mapping between a subscription and its row, and the checks a subscription passes before it
//! is written.

use chrono::{NaiveTime, Timelike, Weekday};
use sqlx::any::AnyRow;

use super::chat_id::check_chat_id;
use super::poll::MAX_ERROR_CHARS;
use super::sql::{column, micros, text_problem, time, truncate_chars};
use super::StoreError;
use crate::domain::{ChatRef, ParseLabelError, Subscription};

/// Maximum number of include patterns, and separately of exclude patterns, per subscription.
pub const MAX_PATTERNS: usize = 20;

/// Maximum length of one include or exclude pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 200;

/// Columns read by [`decode_subscription`], in order.
pub(crate) const SUBSCRIPTION_COLUMNS: &str = "id, platform, chat_id, chat_kind, tier, language, cadence, \
     delivery_time, weekday, include_patterns, exclude_patterns, include_lower_tiers, active, \
     deactivated_reason, window_start, created_at, updated_at";

/// Stored form of `delivery_time`: local hours and minutes.
const TIME_FORMAT: &str = "%H:%M";

/// Rejects a subscription whose chat id, delivery time or filters the store cannot keep.
pub(crate) fn check_subscription(subscription: &Subscription) -> Result<(), StoreError> {
    check_chat_id(subscription.chat.platform, &subscription.chat.chat_id)?;
    let invalid = |reason: String| StoreError::InvalidSubscription { chat: subscription.chat.clone(), reason };

    let delivery_time = subscription.delivery_time;
    if delivery_time.second() != 0 || delivery_time.nanosecond() != 0 {
        return Err(invalid(format!(
            "the delivery time {delivery_time} is not a whole minute; the store keeps hours and minutes"
        )));
    }
    check_patterns("include", &subscription.include).map_err(invalid)?;
    check_patterns("exclude", &subscription.exclude).map_err(invalid)
}

/// Checks the count and lengths of one pattern list; `list` names it in the reason.
fn check_patterns(list: &str, patterns: &[String]) -> Result<(), String> {
    if patterns.len() > MAX_PATTERNS {
        return Err(format!(
            "{} {list} patterns are more than the maximum of {MAX_PATTERNS}",
            patterns.len()
        ));
    }
    for (index, pattern) in patterns.iter().enumerate() {
        if let Some(reason) = text_problem(&format!("{list} pattern {}", index + 1), pattern, MAX_PATTERN_CHARS) {
            return Err(reason);
        }
    }
    Ok(())
}

/// One subscription, encoded for binding in the order of [`SUBSCRIPTION_COLUMNS`] without `id`.
pub(crate) struct SubscriptionRow<'a> {
    pub(crate) subscription: &'a Subscription,
    pub(crate) delivery_time: String,
    pub(crate) include: String,
    pub(crate) exclude: String,
    pub(crate) deactivated_reason: Option<&'a str>,
}

impl<'a> SubscriptionRow<'a> {
    pub(crate) fn new(subscription: &'a Subscription) -> Result<Self, StoreError> {
        let encode = |patterns: &[String]| {
            serde_json::to_string(patterns).map_err(|error| StoreError::InvalidSubscription {
                chat: subscription.chat.clone(),
                reason: format!("cannot encode its patterns as JSON: {error}"),
            })
        };
        Ok(Self {
            subscription,
            delivery_time: subscription.delivery_time.format(TIME_FORMAT).to_string(),
            include: encode(&subscription.include)?,
            exclude: encode(&subscription.exclude)?,
            deactivated_reason: subscription
                .deactivated_reason
                .as_deref()
                .map(|reason| truncate_chars(reason, MAX_ERROR_CHARS)),
        })
    }

    /// Binds the 16 columns after `id`, as `$1` to `$16`.
    pub(crate) fn bind<'q>(
        &'q self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let subscription = self.subscription;
        query
            .bind(subscription.chat.platform.as_str())
            .bind(subscription.chat.chat_id.as_str())
            .bind(subscription.chat_kind.as_str())
            .bind(subscription.tier.as_str())
            .bind(subscription.language.as_str())
            .bind(subscription.cadence.as_str())
            .bind(self.delivery_time.as_str())
            .bind(crate::domain::weekday_key(subscription.weekday))
            .bind(self.include.as_str())
            .bind(self.exclude.as_str())
            .bind(i64::from(subscription.include_lower_tiers))
            .bind(i64::from(subscription.active))
            .bind(self.deactivated_reason)
            .bind(micros(subscription.window_start))
            .bind(micros(subscription.created_at))
            .bind(micros(subscription.updated_at))
    }
}


fn parse_weekday(text: &str) -> Option<Weekday> {
    let mut day = Weekday::Mon;
    for _ in 0..7 {
        if crate::domain::weekday_key(day) == text {
            return Some(day);
        }
        day = day.succ();
    }
    None
}

/// Decodes a row of [`SUBSCRIPTION_COLUMNS`].
pub(crate) fn decode_subscription(row: &AnyRow) -> Result<Subscription, StoreError> {
    let id: i64 = column(row, 0, "subscription row")?;
    let subject = format!("subscription {id}");
    let corrupt = |reason: String| StoreError::corrupt(&subject, reason);
    let label = |error: ParseLabelError| corrupt(error.to_string());
    let text = |index: usize| -> Result<String, StoreError> { column(row, index, &subject) };
    let flag = |index: usize| -> Result<bool, StoreError> { Ok(column::<i64>(row, index, &subject)? != 0) };
    let stored_time = |index: usize, field: &str| time(column(row, index, &subject)?, &subject, field);
    let patterns = |index: usize| -> Result<Vec<String>, StoreError> {
        let json = text(index)?;
        serde_json::from_str(&json).map_err(|error| corrupt(format!("patterns {json:?}: {error}")))
    };

    let delivery_time = text(7)?;
    let weekday = text(8)?;
    Ok(Subscription {
        id,
        chat: ChatRef::new(text(1)?.parse().map_err(label)?, text(2)?),
        chat_kind: text(3)?.parse().map_err(label)?,
        tier: text(4)?.parse().map_err(label)?,
        language: text(5)?.parse().map_err(label)?,
        cadence: text(6)?.parse().map_err(label)?,
        delivery_time: NaiveTime::parse_from_str(&delivery_time, TIME_FORMAT)
            .map_err(|error| corrupt(format!("delivery time {delivery_time:?}: {error}")))?,
        weekday: parse_weekday(&weekday).ok_or_else(|| corrupt(format!("unknown weekday {weekday:?}")))?,
        include: patterns(9)?,
        exclude: patterns(10)?,
        include_lower_tiers: flag(11)?,
        active: flag(12)?,
        deactivated_reason: column(row, 13, &subject)?,
        window_start: stored_time(14, "window start")?,
        created_at: stored_time(15, "creation time")?,
        updated_at: stored_time(16, "update time")?,
    })
}
