//! The `ketenwacht` command: parses arguments, sets up logging and hands over to a subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Logs go to stderr so that text and JSON output on stdout stay clean. A service logs its
    // lifecycle; a one-off command only warnings, unless RUST_LOG says otherwise.
    let default_filter = if args.is_service() { "warn,ketenwacht=info" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default_filter.into()))
        .with_writer(std::io::stderr)
        .init();
    cli::run(args).await
}
