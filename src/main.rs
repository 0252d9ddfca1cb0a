//! The `ketenwacht` command: parses arguments, sets up logging and hands over to a subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Log levels for these crates that apply whatever RUST_LOG sets, because more detail from them
/// writes secrets. tungstenite's trace lines dump gateway frames, and the IDENTIFY frame carries
/// the Discord bot token. serenity's HTTP request span and gateway debug lines quote interaction
/// tokens.
const SECRET_SAFE_DIRECTIVES: [&str; 3] = ["tungstenite=warn", "serenity::http=warn", "serenity::gateway::ws=warn"];

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Logs go to stderr so that text and JSON output on stdout stay clean. A service logs its
    // lifecycle; a one-off command only warnings, unless RUST_LOG says otherwise.
    let default_filter = if args.is_service() { "warn,ketenwacht=info" } else { "warn" };
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default_filter.into());
    for directive in SECRET_SAFE_DIRECTIVES {
        filter = filter.add_directive(directive.parse().expect("valid log directive"));
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    cli::run(args).await
}
