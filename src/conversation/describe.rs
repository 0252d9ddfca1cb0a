//! Localised descriptions of subscription settings, shared by every handler.

use chrono::{NaiveTime, Weekday};

use super::command::CommandName;
use crate::digest::tier_name;
use crate::domain::{Cadence, Language, Subscription, Tier};
use crate::i18n::{text, text_with};

/// Returns the tier's name in running text ("basis").
pub(crate) fn tier_label(tier: Tier, language: Language) -> String {
    tier_name(tier, language)
}

/// Returns the tier's name for a button ("Basis").
pub(crate) fn tier_choice(tier: Tier, language: Language) -> String {
    text(language, &format!("conversation-choice-tier-{}", tier.as_str()))
}

/// Returns one sentence on whom the tier suits and what it shows.
pub(crate) fn tier_about(tier: Tier, language: Language) -> String {
    text(language, &format!("conversation-tier-{}-about", tier.as_str()))
}

/// Returns the sentence of every tier, one per line.
pub(crate) fn tiers_about(language: Language) -> String {
    let lines: Vec<String> = Tier::ALL.into_iter().map(|tier| tier_about(tier, language)).collect();
    lines.join("\n")
}

/// Returns the name of `named` in running text of `language` ("Engels").
pub(crate) fn language_name(named: Language, language: Language) -> String {
    text_with(language, "conversation-language-name", &[("language", named.as_str().into())])
}

/// Returns a language's name in that language itself ("English"), for buttons.
pub(crate) fn language_choice(named: Language) -> String {
    text(named, &format!("conversation-choice-language-{}", named.as_str()))
}

/// Describes how often and when digests arrive ("wekelijks op vrijdag om 07:30").
pub(crate) fn cadence_text(cadence: Cadence, time: NaiveTime, weekday: Weekday, language: Language) -> String {
    let weekday = text_with(language, "conversation-weekday", &[("day", crate::domain::weekday_key(weekday).into())]);
    text_with(
        language,
        "conversation-cadence",
        &[
            ("cadence", cadence.as_str().into()),
            ("time", time.format("%H:%M").to_string().into()),
            ("weekday", weekday.into()),
        ],
    )
}

/// Describes the cadence like [`cadence_text`], capitalised for a button.
pub(crate) fn cadence_choice(cadence: Cadence, time: NaiveTime, weekday: Weekday, language: Language) -> String {
    capitalise(&cadence_text(cadence, time, weekday, language))
}

/// Describes tier, language and cadence of a subscription in one sentence.
pub(crate) fn summary(subscription: &Subscription, language: Language) -> String {
    text_with(
        language,
        "conversation-subscription-summary",
        &[
            ("tier", tier_label(subscription.tier, language).into()),
            ("language", language_name(subscription.language, language).into()),
            (
                "cadence",
                cadence_text(subscription.cadence, subscription.delivery_time, subscription.weekday, language).into(),
            ),
        ],
    )
}

/// Returns the command as members type it in `language`, which is the Dutch alias in Dutch
/// where there is one.
pub(crate) fn command_shown(command: CommandName, language: Language) -> String {
    let name = match (language, command.dutch_alias()) {
        (Language::Nl, Some(alias)) => alias,
        _ => command.as_str(),
    };
    format!("/{name}")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
