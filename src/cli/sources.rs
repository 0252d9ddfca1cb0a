//! `ketenwacht sources`: add, remove, import, export and list sources with their health.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use ketenwacht::config::validate_source;
use ketenwacht::domain::{SourceConfig, SourceKind, SourceRecord, SourceStatus};
use ketenwacht::sources::opml;
use ketenwacht::store::redact_url;
use serde_json::json;

use super::output::{json, line};
use super::{Context, Format};

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Add a source to poll.
    Add {
        /// Unique name: lower-case letters, digits, '-' or '_'.
        name: String,
        /// Address of the feed, catalog or CSAF provider-metadata.json (http or https).
        url: String,
        /// How to parse it: ncsc-rss, csaf, rss or kev.
        #[arg(long)]
        kind: SourceKind,
        /// Time between polls, such as 15m or 1h (at least 1m).
        #[arg(long, default_value = "15m", value_parser = humantime::parse_duration)]
        interval: Duration,
    },
    /// Remove a source; the advisories it brought stay.
    Remove { name: String },
    /// Add the feeds of an OPML file as rss sources (or the kind in each outline's type).
    ImportOpml { file: PathBuf },
    /// Print the source list as OPML; passwords in source URLs show as REDACTED.
    ExportOpml {
        /// Keep passwords in source URLs, for moving the list to another installation.
        #[arg(long)]
        include_passwords: bool,
    },
    /// List sources with their health: status, last success, last error, failures in a row.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub async fn run(context: &Context, command: SourcesCommand) -> anyhow::Result<ExitCode> {
    match command {
        SourcesCommand::Add { name, url, kind, interval } => {
            let source = SourceConfig { name, kind, url, interval };
            validate_source(&source).map_err(|(_, detail)| anyhow!(detail))?;
            context.store.add_source(&source).await?;
            line(&context.text("cli-source-added", &[("source", source.name), ("kind", kind.to_string())]));
        }
        SourcesCommand::Remove { name } => {
            context.store.remove_source(&name).await?;
            line(&context.text("cli-source-removed", &[("source", name.clone())]));
            if context.config.sources.iter().any(|source| source.name == name) {
                line(&context.text("cli-source-in-config", &[("source", name)]));
            }
        }
        SourcesCommand::ImportOpml { file } => import_opml(context, &file).await?,
        SourcesCommand::ExportOpml { include_passwords } => {
            let mut configs: Vec<SourceConfig> = context.store.sources().await?.into_iter().map(|r| r.config).collect();
            if !include_passwords {
                for config in &mut configs {
                    config.url = redact_url(&config.url);
                }
            }
            super::output::line(opml::export(&configs).trim_end());
        }
        SourcesCommand::List { format } => {
            let records = context.store.sources().await?;
            match format {
                Format::Json => json(&serde_json::Value::Array(records.iter().map(source_json).collect())),
                Format::Text => print_table(context, &records),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks every outline before storing any, so a bad file adds nothing.
async fn import_opml(context: &Context, file: &PathBuf) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let sources = opml::import(&bytes).with_context(|| format!("cannot import {}", file.display()))?;
    for source in &sources {
        validate_source(source).map_err(|(_, detail)| anyhow!("outline {:?}: {detail}", source.name))?;
    }
    let existing = context.store.sources().await?;
    let mut added = 0;
    for source in sources {
        if existing.iter().any(|r| r.config.name == source.name || r.config.url == source.url) {
            line(&context.text("cli-source-skipped", &[("source", source.name)]));
            continue;
        }
        context.store.add_source(&source).await?;
        added += 1;
    }
    line(&context.text("cli-opml-imported", &[("count", added.to_string())]));
    Ok(())
}

fn status_str(status: SourceStatus) -> &'static str {
    match status {
        SourceStatus::Ok => "ok",
        SourceStatus::Failing => "failing",
        SourceStatus::NeverFetched => "never-fetched",
    }
}

fn source_json(record: &SourceRecord) -> serde_json::Value {
    let health = &record.health;
    json!({
        "name": record.config.name,
        "kind": record.config.kind,
        "url": redact_url(&record.config.url),
        "interval_seconds": record.config.interval.as_secs(),
        "status": status_str(health.status),
        "last_success": health.last_success,
        "last_error": health.last_error,
        "last_error_at": health.last_error_at,
        "consecutive_failures": health.consecutive_failures,
        "items_seen": health.items_seen,
        "next_poll_at": record.next_poll_at,
    })
}

fn print_table(context: &Context, records: &[SourceRecord]) {
    if records.is_empty() {
        line(&context.text("cli-sources-empty", &[]));
        return;
    }
    for record in records {
        let health = &record.health;
        let status = context.text(&format!("cli-status-{}", status_str(health.status)), &[]);
        let last_success = health.last_success.map_or_else(|| "-".to_owned(), |at| at.format("%Y-%m-%d %H:%M UTC").to_string());
        line(&context.text(
            "cli-source-line",
            &[
                ("source", record.config.name.clone()),
                ("kind", record.config.kind.to_string()),
                ("status", status),
                ("url", redact_url(&record.config.url)),
                ("lastsuccess", last_success),
                ("failures", health.consecutive_failures.to_string()),
                ("items", health.items_seen.to_string()),
            ],
        ));
        if let Some(error) = &health.last_error {
            line(&context.text("cli-source-last-error", &[("reason", error.clone())]));
        }
    }
}
