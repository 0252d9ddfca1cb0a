//! Command-line interface: argument definitions and one module per subcommand.

mod advisories;
mod audit;
mod chat;
mod context;
mod demo;
mod digest;
mod ingest;
mod outbox;
mod output;
mod run;
mod sources;
mod submissions;
mod subscriptions;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ketenwacht::domain::Language;

pub use context::Context;
pub use output::Format;

/// Ketenwacht: security advisories for webshops, sorted by member maturity tier.
#[derive(Debug, Parser)]
#[command(name = "ketenwacht", version, about, propagate_version = true)]
pub struct Cli {
    /// Configuration file; a missing default file means built-in defaults.
    #[arg(long, global = true, value_name = "PATH", env = "KETENWACHT_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL (sqlite://FILE or postgres://...); overrides the config file.
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    /// Output language: nl (default) or en. Also KETENWACHT_LANG.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<Language>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline on the bundled real feed files and print three digests.
    ///
    /// Uses a temporary SQLite database unless --database names one to keep; its sources are
    /// named demo-* so they stay apart from real ones.
    Demo(demo::DemoArgs),
    /// Poll sources and store what they return: all at once with --once, else each on its interval until stopped.
    Ingest(ingest::IngestArgs),
    /// Run everything until stopped (Ctrl-C or SIGTERM): polling, digests, delivery, /metrics.
    Run,
    /// Manage the list of sources and see their health.
    #[command(subcommand)]
    Sources(sources::SourcesCommand),
    /// List, show and re-tier stored advisories.
    #[command(subcommand)]
    Advisories(advisories::AdvisoriesCommand),
    /// Compose the digest of one tier for a recent window.
    Digest(digest::DigestArgs),
    /// Talk to the bot in the terminal, as a private chat: subscribe, preview, change settings.
    Chat(chat::ChatArgs),
    /// List and manage chat subscriptions.
    #[command(subcommand)]
    Subscriptions(subscriptions::SubscriptionsCommand),
    /// See message delivery: pending, sent and failed messages.
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Maintain member submissions: remove expired drafts and submitter identities.
    #[command(subcommand)]
    Submissions(submissions::SubmissionsCommand),
    /// List the audit log, newest first: staff changes and members' settings changes.
    Audit(audit::AuditArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate,
}

impl Command {
    /// Whether the command polls or manages sources, so the configured ones must be stored.
    fn uses_sources(&self) -> bool {
        matches!(self, Command::Ingest(_) | Command::Run | Command::Sources(_))
    }
}

impl Cli {
    /// Whether the command keeps running as a service rather than finishing one task.
    pub fn is_service(&self) -> bool {
        matches!(&self.command, Command::Run) || matches!(&self.command, Command::Ingest(args) if args.is_service())
    }
}

/// Runs the chosen subcommand and turns its error into a message and an exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let config_path = cli.config.clone();
    // Errors before the configuration is read use --lang, or Dutch.
    let mut language = cli.lang.unwrap_or_default();
    let result = match cli.command {
        Command::Demo(args) => demo::run(args, cli.lang, cli.database).await,
        command => match Context::open(config_path, cli.database, cli.lang, command.uses_sources()).await {
            Ok(context) => {
                language = context.language;
                let result = dispatch(&context, command).await;
                context.store.close().await;
                result
            }
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            output::print_error(language, &error);
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(context: &Context, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Demo(_) => unreachable!("demo runs without a configured context"),
        Command::Ingest(args) => ingest::run(context, args).await,
        Command::Run => run::run(context).await,
        Command::Sources(command) => sources::run(context, command).await,
        Command::Advisories(command) => advisories::run(context, command).await,
        Command::Digest(args) => digest::run(context, args).await,
        Command::Chat(args) => chat::run(context, args).await,
        Command::Subscriptions(command) => subscriptions::run(context, command).await,
        Command::Outbox(command) => outbox::run(context, command).await,
        Command::Audit(args) => audit::run(context, args).await,
        Command::Submissions(command) => submissions::run(context, command).await,
        Command::Migrate => {
            output::line(&context.text("cli-migrated", &[("database", context.database_label())]));
            Ok(ExitCode::SUCCESS)
        }
    }
}
