//! The header of a digest: tier, window and counts, with dates in Dutch local time.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Amsterdam;

use super::Digest;
use crate::domain::{Language, Tier};
use crate::i18n::{text, text_with};

/// Renders the header lines: tier and window, then the item counts when there are items.
pub(super) fn render_header(digest: &Digest) -> String {
    let language = digest.language;
    let title = text_with(
        language,
        "digest-header",
        &[
            ("tier", tier_name(digest.tier, language).into()),
            ("from", format_date(digest.window.from, language).into()),
            ("to", format_date(digest.window.to, language).into()),
        ],
    );
    if digest.items.is_empty() {
        return title;
    }

    let mut counts = text_with(language, "digest-count", &[("count", digest.items.len().into())]);
    let urgent = digest.items.iter().filter(|item| item.is_urgent()).count();
    if urgent > 0 {
        counts.push(' ');
        counts.push_str(&text_with(language, "digest-count-urgent", &[("count", urgent.into())]));
    }
    format!("{title}\n{counts}")
}

/// Returns the tier's name in `language`.
pub fn tier_name(tier: Tier, language: Language) -> String {
    let id = match tier {
        Tier::Basic => "tier-basic",
        Tier::Advanced => "tier-advanced",
        Tier::Expert => "tier-expert",
    };
    text(language, id)
}

/// Formats a time as Europe/Amsterdam local date and time: "28 augustus 2025 08:00 CEST".
pub fn format_date(at: DateTime<Utc>, language: Language) -> String {
    let local = at.with_timezone(&Amsterdam);
    let month = text_with(language, "digest-month", &[("month", (local.month() as usize).into())]);
    text_with(
        language,
        "digest-date",
        &[
            ("day", local.day().to_string().into()),
            ("month", month.into()),
            ("year", local.year().to_string().into()),
            ("time", local.format("%H:%M").to_string().into()),
            ("zone", local.format("%Z").to_string().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn summer_date_is_cest() {
        assert_eq!(format_date(utc("2025-08-28T06:00:00Z"), Language::Nl), "28 augustus 2025 08:00 CEST");
        assert_eq!(format_date(utc("2025-08-28T06:00:00Z"), Language::En), "28 August 2025 08:00 CEST");
    }

    #[test]
    fn winter_date_is_cet() {
        assert_eq!(format_date(utc("2025-12-31T23:30:00Z"), Language::Nl), "1 januari 2026 00:30 CET");
    }
}
