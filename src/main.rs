//! The `ketenwacht` command: parses arguments, sets up logging and hands over to a subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Logs go to stderr so that text and JSON output on stdout stay clean.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn,ketenwacht=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    cli::run(args).await
}
