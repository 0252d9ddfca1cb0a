//! `ketenwacht ingest` and `ketenwacht run`: polling sources.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Utc;
use clap::Args;
use ketenwacht::domain::Language;
use ketenwacht::ingest::{Counts, Outcome, SourceReport};

use super::output::{line, text};
use super::Context;

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Poll every source once now, whether due or not, then exit.
    #[arg(long, conflicts_with = "file")]
    once: bool,
    /// Parse a local file as if SOURCE had served it (an RSS file, a CSAF document, a KEV catalog).
    #[arg(long, value_name = "PATH", requires = "source")]
    file: Option<PathBuf>,
    /// The configured source a --file belongs to; its kind decides how the file is parsed.
    #[arg(long, value_name = "NAME", requires = "file")]
    source: Option<String>,
}

impl IngestArgs {
    /// Whether these arguments keep polling instead of running once.
    pub fn is_service(&self) -> bool {
        !self.once && self.file.is_none()
    }
}

pub async fn run(context: &Context, args: IngestArgs) -> anyhow::Result<ExitCode> {
    if let (Some(path), Some(source)) = (&args.file, &args.source) {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let report = context.ingestor.ingest_file(source, &bytes, Utc::now()).await?;
        return Ok(print_reports(context, &[report]));
    }
    if args.once {
        let reports = context.ingestor.poll_sources(Utc::now(), false).await?;
        return Ok(print_reports(context, &reports));
    }
    run_forever(context).await
}

/// Polls due sources until SIGINT or SIGTERM, without delivering anything.
pub async fn run_forever(context: &Context) -> anyhow::Result<ExitCode> {
    tracing::info!(database = %context.database_label(), "ketenwacht ingest started");
    super::run::poll_sources(context, super::run::shutdown_signal()).await;
    tracing::info!("ketenwacht ingest stopped");
    Ok(ExitCode::SUCCESS)
}

/// Prints one line per source; fails the exit code when any source failed.
fn print_reports(context: &Context, reports: &[SourceReport]) -> ExitCode {
    let mut failed = false;
    for report in reports {
        failed |= report_failed(report);
        line(&report_text(context.language, report));
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn report_failed(report: &SourceReport) -> bool {
    matches!(report.outcome, Outcome::Failed(_) | Outcome::Partial(..))
}

/// Returns the localised line for one source's poll.
pub fn report_text(language: Language, report: &SourceReport) -> String {
    let source = report.source.clone();
    let counts = |counts: &Counts| {
        vec![
            ("source", source.clone()),
            ("new", counts.new.to_string()),
            ("updated", counts.updated.to_string()),
            ("unchanged", counts.unchanged.to_string()),
        ]
    };
    match &report.outcome {
        Outcome::Ingested(c) => text(language, "cli-ingest-counts", &counts(c)),
        Outcome::Partial(c, reason) => {
            let mut args = counts(c);
            args.push(("reason", reason.clone()));
            text(language, "cli-ingest-partial", &args)
        }
        Outcome::NotModified => text(language, "cli-ingest-not-modified", &[("source", source)]),
        Outcome::Catalog { entries, reclassified } => text(
            language,
            "cli-ingest-catalog",
            &[("source", source), ("entries", entries.to_string()), ("reclassified", reclassified.to_string())],
        ),
        Outcome::Failed(reason) => text(language, "cli-ingest-failed", &[("source", source), ("reason", reason.clone())]),
    }
}
