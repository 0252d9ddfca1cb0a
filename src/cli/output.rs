//! Printing: the output format switch, localised lines and error reports.

use clap::ValueEnum;
use ketenwacht::domain::Language;
use ketenwacht::i18n;

/// Output format of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Returns the localised text `id` with `args` filled in.
pub fn text(language: Language, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, i18n::Arg)> = args.iter().map(|(name, value)| (*name, i18n::Arg::Text(value.clone()))).collect();
    i18n::text_with(language, id, &args)
}

pub fn line(text: &str) {
    println!("{text}");
}

pub fn json(value: &serde_json::Value) {
    // A Value always serialises, so the fallback is never taken.
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

/// Prints an error and its causes to stderr, after a localised heading.
pub fn print_error(language: Language, error: &anyhow::Error) {
    eprintln!("{}: {error}", i18n::text(language, "cli-error"));
    for cause in error.chain().skip(1) {
        eprintln!("  {}: {cause}", i18n::text(language, "cli-error-cause"));
    }
}
