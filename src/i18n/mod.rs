//! Every text a user reads, from the Fluent resources in `locales/`.
//!
//! Each locale folder (`locales/nl/`, `locales/en/`) may hold any number of `.ftl` files, and
//! all of them are compiled in. Dutch is the fallback for a message missing in English.
//! Fluent's Unicode isolation marks (U+2068, U+2069) around placeables are turned off because
//! chat clients show them as stray characters.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{langid, LanguageIdentifier, Loader};

use crate::domain::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// One value passed into a Fluent message: text, or a number for plural selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        // Counts shown to users stay far below 2^53, where f64 would lose precision.
        Arg::Number(value as f64)
    }
}

impl From<f32> for Arg {
    fn from(value: f32) -> Self {
        Arg::Number(f64::from(value))
    }
}

impl From<f64> for Arg {
    fn from(value: f64) -> Self {
        Arg::Number(value)
    }
}

fn language_id(language: Language) -> LanguageIdentifier {
    match language {
        Language::Nl => langid!("nl"),
        Language::En => langid!("en"),
    }
}

/// Looks up message `id` in `language`. A missing id logs a warning and returns the id itself.
pub fn text(language: Language, id: &str) -> String {
    text_with(language, id, &[])
}

/// Looks up message `id` in `language` with named arguments.
///
/// A message missing in English falls back to Dutch. A message missing in both, or one that
/// fails to format (for example because an argument is missing), logs a warning and returns `id`.
pub fn text_with(language: Language, id: &str, args: &[(&str, Arg)]) -> String {
    let fluent_args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            (Cow::Owned((*name).to_owned()), value)
        })
        .collect();
    let lookup_args = if fluent_args.is_empty() { None } else { Some(&fluent_args) };

    match LOCALES.try_lookup_complete(&language_id(language), id, lookup_args) {
        Some(value) => value,
        None => {
            tracing::warn!(language = %language, message_id = id, "missing or unformattable translation");
            id.to_owned()
        }
    }
}

#[cfg(test)]
mod tests;
