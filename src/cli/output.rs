//! Printing: the output format switch, localised lines and error reports.

use std::io::Write;

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

/// Prints one line on stdout. When the reader has gone (`ketenwacht ... | head -1`), the process
/// ends quietly with status 0, as command-line tools do, instead of panicking.
pub fn line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{text}") {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        tracing::error!(error = %error, "failed to write to stdout");
    }
}

pub fn json(value: &serde_json::Value) {
    // A Value always serialises, so the fallback is never taken.
    line(&serde_json::to_string_pretty(value).unwrap_or_default());
}

/// Prints an error and its causes to stderr, after a localised heading.
pub fn print_error(language: Language, error: &anyhow::Error) {
    eprintln!("{}: {error}", i18n::text(language, "cli-error"));
    for cause in error.chain().skip(1) {
        eprintln!("  {}: {cause}", i18n::text(language, "cli-error-cause"));
    }
}
