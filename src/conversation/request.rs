//! The arguments of `subscribe`, checked in full before anything is saved.
//!
//! Form: `TIER [LANGUAGE] [CADENCE] [WEEKDAY] [HH:MM] [include=A,B] [exclude=C] [lower]`. The
//! tier comes first; the other words may follow in any order, each at most once. Names are
//! accepted in English and Dutch (`basis`, `dagelijks`, `vrijdag`).

use chrono::{NaiveTime, Weekday};

use crate::digest::filters::{split_filter_list, FilterError, Filters};
use crate::domain::{Cadence, Language, Tier};

/// A subscription as typed after `subscribe`. Missing values take the defaults of
/// [`crate::domain::Subscription::new`], and the chat's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRequest {
    pub tier: Tier,
    pub language: Option<Language>,
    pub cadence: Option<Cadence>,
    pub weekday: Option<Weekday>,
    pub delivery_time: Option<NaiveTime>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub include_lower_tiers: bool,
}

/// One setting of a request, to name it when it is given twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestSetting {
    Language,
    Cadence,
    Weekday,
    Time,
    Lower,
}

impl RequestSetting {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RequestSetting::Language => "language",
            RequestSetting::Cadence => "cadence",
            RequestSetting::Weekday => "weekday",
            RequestSetting::Time => "time",
            RequestSetting::Lower => "lower",
        }
    }
}

/// A rejected argument list of `subscribe`, with values as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("no tier given")]
    TierMissing,
    #[error("unknown tier {0:?}")]
    TierUnknown(String),
    #[error("{0:?} is not a language, cadence or weekday")]
    WordUnknown(String),
    #[error("{setting:?} given twice, the second time as {value:?}")]
    Duplicate { setting: RequestSetting, value: String },
    #[error("invalid time {0:?}")]
    TimeInvalid(String),
    #[error("weekday given for a cadence other than weekly")]
    WeekdayWithoutWeekly,
    #[error("time {0:?} given for the instant cadence")]
    TimeWithInstant(String),
    #[error("unknown option {0:?}")]
    OptionUnknown(String),
    #[error(transparent)]
    Filter(#[from] FilterError),
}

impl SubscriptionRequest {
    /// Parses the arguments of `subscribe`; at least one is expected.
    pub fn parse(arguments: &[String]) -> Result<SubscriptionRequest, RequestError> {
        let (first, rest) = arguments.split_first().ok_or(RequestError::TierMissing)?;
        if is_option(first) || looks_like_time(first) {
            return Err(RequestError::TierMissing);
        }
        let tier = first.parse::<Tier>().map_err(|_| RequestError::TierUnknown(first.clone()))?;
        let mut request = SubscriptionRequest {
            tier,
            language: None,
            cadence: None,
            weekday: None,
            delivery_time: None,
            include: Vec::new(),
            exclude: Vec::new(),
            include_lower_tiers: false,
        };
        for word in rest {
            request.apply(word)?;
        }
        request.check()?;
        Ok(request)
    }

    fn apply(&mut self, word: &str) -> Result<(), RequestError> {
        let duplicate = |setting| RequestError::Duplicate { setting, value: word.to_owned() };
        if let Some((key, value)) = word.split_once('=') {
            return self.apply_option(key, value);
        }
        if matches!(word.to_lowercase().as_str(), "lower" | "lager") {
            if self.include_lower_tiers {
                return Err(duplicate(RequestSetting::Lower));
            }
            self.include_lower_tiers = true;
        } else if looks_like_time(word) {
            let time = parse_time(word).ok_or_else(|| RequestError::TimeInvalid(word.to_owned()))?;
            set_once(&mut self.delivery_time, time).map_err(|()| duplicate(RequestSetting::Time))?;
        } else if let Ok(language) = word.parse::<Language>() {
            set_once(&mut self.language, language).map_err(|()| duplicate(RequestSetting::Language))?;
        } else if let Ok(cadence) = word.parse::<Cadence>() {
            set_once(&mut self.cadence, cadence).map_err(|()| duplicate(RequestSetting::Cadence))?;
        } else if let Some(weekday) = parse_weekday(word) {
            set_once(&mut self.weekday, weekday).map_err(|()| duplicate(RequestSetting::Weekday))?;
        } else {
            return Err(RequestError::WordUnknown(word.to_owned()));
        }
        Ok(())
    }

    fn apply_option(&mut self, key: &str, value: &str) -> Result<(), RequestError> {
        match key.to_lowercase().as_str() {
            "include" => self.include.extend(split_filter_list("include", value)?),
            "exclude" => self.exclude.extend(split_filter_list("exclude", value)?),
            _ => return Err(RequestError::OptionUnknown(key.to_owned())),
        }
        Ok(())
    }

    /// Checks what no single word shows: a weekday or a time that the cadence does not use,
    /// and the filters as a whole.
    fn check(&self) -> Result<(), RequestError> {
        let cadence = self.cadence.unwrap_or(Cadence::Daily);
        if self.weekday.is_some() && cadence != Cadence::Weekly {
            return Err(RequestError::WeekdayWithoutWeekly);
        }
        if let (Some(time), Cadence::Instant) = (self.delivery_time, cadence) {
            return Err(RequestError::TimeWithInstant(time.format("%H:%M").to_string()));
        }
        Filters::compile(&self.include, &self.exclude)?;
        Ok(())
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Result<(), ()> {
    if slot.is_some() {
        return Err(());
    }
    *slot = Some(value);
    Ok(())
}

fn is_option(word: &str) -> bool {
    word.contains('=')
}

/// Returns whether a word is meant as a time: digits around a colon or a dot, such as `7:30`
/// or `25:00`.
fn looks_like_time(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) && word.contains([':', '.'])
}

/// Parses `HH:MM` (also `H:MM` and `HH.MM`) as a time of day.
fn parse_time(word: &str) -> Option<NaiveTime> {
    let (hours, minutes) = word.split_once([':', '.'])?;
    let valid_hours = (1..=2).contains(&hours.len()) && hours.bytes().all(|b| b.is_ascii_digit());
    let valid_minutes = minutes.len() == 2 && minutes.bytes().all(|b| b.is_ascii_digit());
    if !valid_hours || !valid_minutes {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// Parses a weekday in English (`fri`, `friday`) or Dutch (`vr`, `vrijdag`).
fn parse_weekday(word: &str) -> Option<Weekday> {
    let lower = word.to_lowercase();
    let dutch = match lower.as_str() {
        "ma" | "maandag" => Some(Weekday::Mon),
        "di" | "dinsdag" => Some(Weekday::Tue),
        "wo" | "woensdag" => Some(Weekday::Wed),
        "do" | "donderdag" => Some(Weekday::Thu),
        "vr" | "vrijdag" => Some(Weekday::Fri),
        "za" | "zaterdag" => Some(Weekday::Sat),
        "zo" | "zondag" => Some(Weekday::Sun),
        _ => None,
    };
    dutch.or_else(|| lower.parse::<Weekday>().ok())
}


#[cfg(test)]
mod tests;
