//! `ketenwacht outbox`: what staff see of message delivery.

use std::process::ExitCode;

use clap::Subcommand;
use ketenwacht::domain::{OutboxMessage, OutboxStatus};
use serde_json::json;

use super::output::{json, line};
use super::{Context, Format};

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List outbox messages, newest first; `--status failed` shows what could not be delivered.
    List {
        /// Only messages of this status: pending, claimed, sent or failed.
        #[arg(long)]
        status: Option<OutboxStatus>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub async fn run(context: &Context, command: OutboxCommand) -> anyhow::Result<ExitCode> {
    let OutboxCommand::List { status, limit, format } = command;
    let messages = context.store.list_outbox(status, limit).await?;
    match format {
        Format::Json => json(&serde_json::Value::Array(messages.iter().map(message_json).collect())),
        Format::Text if messages.is_empty() => line(&context.text("cli-outbox-empty", &[])),
        Format::Text => {
            for message in &messages {
                let error = message.last_error.as_deref().map(|e| format!("  ({e})")).unwrap_or_default();
                line(&format!(
                    "{}  {}  {}  {}  attempts {}{error}",
                    message.id,
                    message.status,
                    message.chat,
                    message.key,
                    message.attempts
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn message_json(message: &OutboxMessage) -> serde_json::Value {
    json!({
        "id": message.id,
        "key": message.key,
        "chat": message.chat.to_string(),
        "status": message.status,
        "attempts": message.attempts,
        "next_attempt_at": message.next_attempt_at,
        "last_error": message.last_error,
        "created_at": message.created_at,
        "sent_at": message.sent_at,
    })
}
