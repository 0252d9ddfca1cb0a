//! `ketenwacht digest`: compose one tier's digest for a recent window.

use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;
use clap::Args;
use ketenwacht::digest::{self, Digest, Window};
use ketenwacht::domain::{Advisory, Language, Tier};
use ketenwacht::store::{AdvisoryQuery, Store};

use super::output::{json, line};
use super::{Context, Format};

/// Maximum window `--since` may reach back, in days.
const MAX_SINCE_DAYS: i64 = 3660;

/// Telegram's message limit, a safe default for every platform.
const DEFAULT_MAX_CHARS: usize = 4096;

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Tier to compose for: basic, advanced or expert.
    #[arg(long)]
    tier: Tier,
    /// How far back the window reaches, such as 24h or 7d.
    #[arg(long, default_value = "7d", value_parser = humantime::parse_duration)]
    since: Duration,
    /// Largest message part in characters; longer digests split between items.
    #[arg(long, default_value_t = DEFAULT_MAX_CHARS, value_parser = clap::value_parser!(usize))]
    max_chars: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(context: &Context, args: DigestArgs) -> anyhow::Result<ExitCode> {
    if args.max_chars < 200 {
        anyhow::bail!(context.text("cli-max-chars-invalid", &[("min", "200".to_owned())]));
    }
    let to = Utc::now();
    let from = chrono::Duration::from_std(args.since)
        .ok()
        .filter(|since| *since <= chrono::Duration::days(MAX_SINCE_DAYS))
        .and_then(|since| to.checked_sub_signed(since))
        .ok_or_else(|| anyhow::anyhow!(context.text("cli-since-invalid", &[("max", MAX_SINCE_DAYS.to_string())])))?;
    print_digest(&context.store, args.tier, context.language, Window { from, to }, args.max_chars, args.format).await?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the advisories changed in `window` and composes the digest of `tier`.
pub async fn load_digest(store: &Store, tier: Tier, language: Language, window: Window) -> anyhow::Result<Digest> {
    let query = AdvisoryQuery { changed_since: Some(window.from), changed_before: Some(window.to), ..AdvisoryQuery::default() };
    let advisories: Vec<Advisory> = store.list_advisories(&query).await?;
    Ok(digest::compose(&advisories, tier, language, window))
}

/// Composes the digest of `tier` for `window` and prints it.
pub async fn print_digest(store: &Store, tier: Tier, language: Language, window: Window, max_chars: usize, format: Format) -> anyhow::Result<()> {
    let digest = load_digest(store, tier, language, window).await?;
    match format {
        Format::Json => json(&serde_json::to_value(&digest)?),
        Format::Text => {
            for part in digest::render_text(&digest, max_chars) {
                line(&part);
                line("");
            }
        }
    }
    Ok(())
}
