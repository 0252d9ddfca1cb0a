//! `ketenwacht advisories`: list, show and re-tier stored advisories.

use std::process::ExitCode;

use anyhow::anyhow;
use chrono::Utc;
use clap::Subcommand;
use ketenwacht::domain::{Advisory, AdvisoryId, Tier, TierOverride};
use ketenwacht::store::AdvisoryQuery;
use serde_json::json;

use super::output::{json, line};
use super::{Context, Format};

/// Maximum length of a tier override reason, in characters.
const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Subcommand)]
pub enum AdvisoriesCommand {
    /// List stored advisories, newest change first.
    List {
        /// Only advisories of this tier: basic, advanced or expert.
        #[arg(long)]
        tier: Option<Tier>,
        /// At most this many advisories.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one advisory with its revisions and classification.
    Show {
        /// Advisory id, such as NCSC-2025-0259.
        id: AdvisoryId,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Override the tier of one advisory; the override survives later revisions.
    SetTier {
        id: AdvisoryId,
        tier: Tier,
        /// Reason for the chosen tier, kept with the override.
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(context: &Context, command: AdvisoriesCommand) -> anyhow::Result<ExitCode> {
    match command {
        AdvisoriesCommand::List { tier, limit, format } => {
            let query = AdvisoryQuery { tier, limit: Some(limit), ..AdvisoryQuery::default() };
            let advisories = context.store.list_advisories(&query).await?;
            match format {
                Format::Json => json(&serde_json::Value::Array(advisories.iter().map(advisory_json).collect())),
                Format::Text if advisories.is_empty() => line(&context.text("cli-advisories-empty", &[])),
                Format::Text => advisories.iter().for_each(|advisory| line(&summary_line(advisory))),
            }
        }
        AdvisoriesCommand::Show { id, format } => {
            let advisory = context
                .store
                .advisory(&id)
                .await?
                .ok_or_else(|| anyhow!(context.text("cli-advisory-not-found", &[("id", id.to_string())])))?;
            match format {
                Format::Json => json(&advisory_json(&advisory)),
                Format::Text => print_advisory(context, &advisory),
            }
        }
        AdvisoriesCommand::SetTier { id, tier, reason } => {
            let reason = reason.trim().to_owned();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                return Err(anyhow!(context.text("cli-reason-invalid", &[("max", MAX_REASON_CHARS.to_string())])));
            }
            let tier_override = TierOverride { tier, reason, set_at: Utc::now() };
            context.store.set_tier_override(&id, &tier_override).await?;
            line(&context.text("cli-tier-set", &[("id", id.to_string()), ("tier", tier.to_string())]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn summary_line(advisory: &Advisory) -> String {
    let version = advisory.draft.version.as_ref().map(|v| format!(" [{}]", v.written)).unwrap_or_default();
    format!(
        "{}{}  {}  {}  {}",
        advisory.id(),
        version,
        advisory.tier(),
        advisory.urgency(),
        advisory.draft.title
    )
}

fn print_advisory(context: &Context, advisory: &Advisory) {
    line(&summary_line(advisory));
    let field = |id: &str, value: String| line(&format!("  {}: {value}", context.text(id, &[])));
    field("cli-field-source", advisory.sources.join(", "));
    if let Some(url) = &advisory.draft.url {
        field("cli-field-url", url.clone());
    }
    let revisions: Vec<String> = advisory
        .revisions
        .iter()
        .map(|r| format!("{} ({})", r.version.as_ref().map_or("-".to_owned(), |v| v.written.clone()), r.seen_at.format("%Y-%m-%d %H:%M UTC")))
        .collect();
    field("cli-field-revisions", revisions.join(", "));
    field("cli-field-products", advisory.draft.products.join(", "));
    let cves: Vec<String> = advisory.draft.cves.iter().map(|c| c.id.clone()).collect();
    field("cli-field-cves", cves.join(", "));
    field("cli-field-tlp", advisory.draft.tlp.to_string());
    field("cli-field-ecommerce", advisory.classification.ecommerce_relevant.to_string());
    field("cli-field-reasons", advisory.classification.reasons.join("; "));
    if let Some(o) = &advisory.tier_override {
        field("cli-field-override", format!("{} ({})", o.tier, o.reason));
    }
}

/// Builds the JSON of an advisory, with stable keys for scripts.
pub fn advisory_json(advisory: &Advisory) -> serde_json::Value {
    let draft = &advisory.draft;
    let revisions: Vec<serde_json::Value> = advisory
        .revisions
        .iter()
        .map(|r| {
            json!({
                "version": r.version.as_ref().map(|v| v.written.clone()),
                "normalized": r.version.as_ref().map(ToString::to_string),
                "seen_at": r.seen_at,
                "source": r.source,
            })
        })
        .collect();
    json!({
        "id": advisory.id(),
        "source": draft.source,
        "source_kind": draft.source_kind,
        "sources": advisory.sources,
        "title": draft.title,
        "summary": draft.summary,
        "url": draft.url,
        "version": draft.version.as_ref().map(|v| v.written.clone()),
        "revisions": revisions,
        "updated": advisory.is_updated(),
        "published_at": advisory.published_at(),
        "first_seen_at": advisory.first_seen_at,
        "changed_at": advisory.changed_at,
        "tier": advisory.tier(),
        "classified_tier": advisory.classification.tier,
        "tier_override": advisory.tier_override,
        "urgency": advisory.urgency(),
        "ecommerce_relevant": advisory.classification.ecommerce_relevant,
        "matched_products": advisory.classification.matched_products,
        "products": draft.products,
        "cves": draft.cves,
        "exploited": advisory.exploited,
        "ncsc_rating": draft.ncsc_rating.map(|r| r.to_string()),
        "tlp": draft.tlp,
        "lang": draft.lang,
        "remediations": draft.remediations,
        "reasons": advisory.classification.reasons,
    })
}
