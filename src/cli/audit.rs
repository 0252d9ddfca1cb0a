//! `ketenwacht audit`: the audit log of staff changes (verifications, chat TLP ceilings,
//! announcements) and members' settings changes.

use std::process::ExitCode;

use clap::Args;
use ketenwacht::store::AuditEntry;
use serde_json::json;

use super::output::{json, line};
use super::{Context, Format};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Maximum number of entries, newest first.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(context: &Context, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let entries = context.store.audit_log(args.limit).await?;
    match args.format {
        Format::Json => json(&serde_json::Value::Array(entries.iter().map(entry_json).collect())),
        Format::Text if entries.is_empty() => line(&context.text("cli-audit-empty", &[])),
        Format::Text => {
            for entry in &entries {
                let at = entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                line(&format!("{}  {at}  {}:{}  {}  {}  {}", entry.id, entry.platform, entry.actor, entry.action, entry.subject, entry.detail));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn entry_json(entry: &AuditEntry) -> serde_json::Value {
    json!({
        "id": entry.id,
        "at": entry.at,
        "platform": entry.platform.as_str(),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "detail": entry.detail,
    })
}
