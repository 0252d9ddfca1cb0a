//! `ketenwacht ingest` and `ketenwacht run`: polling sources.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use chrono::Utc;
use clap::Args;
use ketenwacht::domain::Language;
use ketenwacht::ingest::{Counts, Outcome, SourceReport};

use super::output::{line, text};
use super::Context;

/// Maximum sleep between two checks for due sources.
const MAX_IDLE: Duration = Duration::from_secs(60);

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

/// Polls due sources until SIGINT or SIGTERM.
pub async fn run_forever(context: &Context) -> anyhow::Result<ExitCode> {
    tracing::info!(database = %context.database_label(), "ketenwacht started");
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let reports = context.ingestor.poll_sources(Utc::now(), true).await?;
        for report in &reports {
            tracing::info!(source = %report.source, outcome = ?report.outcome, "source polled");
        }
        let idle = idle_time(context).await;
        tokio::select! {
            _ = tokio::time::sleep(idle) => {}
            _ = &mut shutdown => break,
        }
    }
    tracing::info!("ketenwacht stopped");
    Ok(ExitCode::SUCCESS)
}

/// Sleeps until the next source is due, at least one second and at most [`MAX_IDLE`].
async fn idle_time(context: &Context) -> Duration {
    let Ok(sources) = context.store.sources().await else { return MAX_IDLE };
    let now = Utc::now();
    let next = sources.iter().filter_map(|s| s.next_poll_at).min();
    next.map_or(MAX_IDLE, |at| (at - now).to_std().unwrap_or_default())
        .clamp(Duration::from_secs(1), MAX_IDLE)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "cannot listen for SIGTERM; only Ctrl-C stops ketenwacht");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
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
