//! `ketenwacht submissions purge`: delete unsent drafts and remove expired submitter identities.

use std::process::ExitCode;

use chrono::{Duration, Utc};
use clap::Subcommand;
use ketenwacht::store::Store;
use ketenwacht::submissions::PurgeReport;

use super::output::line;
use super::Context;

#[derive(Debug, Subcommand)]
pub enum SubmissionsCommand {
    /// Delete drafts older than 24 hours and remove the submitter's identity from submissions
    /// older than submissions.identity_retention_days. `ketenwacht run` also does this hourly.
    Purge,
}

pub async fn run(context: &Context, command: SubmissionsCommand) -> anyhow::Result<ExitCode> {
    match command {
        SubmissionsCommand::Purge => {
            let report = purge(&context.store).await?;
            let arguments = [("drafts", report.drafts_deleted.to_string()), ("identities", report.identities_removed.to_string())];
            line(&context.text("cli-submissions-purged", &arguments));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs one purge with the store's retention setting.
pub async fn purge(store: &Store) -> Result<PurgeReport, ketenwacht::store::StoreError> {
    let retention = Duration::days(i64::from(store.submission_settings().identity_retention_days));
    store.purge_submissions(Utc::now(), retention).await
}
