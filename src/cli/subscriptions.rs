//! `ketenwacht subscriptions`: what staff see and manage of chat subscriptions.

use std::process::ExitCode;

use chrono::{NaiveTime, Utc, Weekday};
use clap::Subcommand;
use ketenwacht::domain::{Cadence, ChatKind, ChatRef, Language, Platform, Subscription, Tier};
use serde_json::json;

use super::output::{json, line};
use super::{Context, Format};

#[derive(Debug, Subcommand)]
pub enum SubscriptionsCommand {
    /// List subscriptions with their tier, cadence and delivery state.
    List {
        /// Include deactivated subscriptions.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Subscribe a webhook chat, which has no conversation of its own; chats on Telegram,
    /// Discord and the terminal subscribe themselves with /subscribe.
    Add {
        /// The chat as webhook:ID, such as webhook:shop-42.
        chat: String,
        /// Tier of the digests: basic, advanced or expert.
        #[arg(long)]
        tier: Tier,
        /// Language of the digests: nl or en.
        #[arg(long, default_value = "nl")]
        language: Language,
        /// Cadence: instant (urgent advisories only), daily or weekly.
        #[arg(long, default_value = "daily")]
        cadence: Cadence,
        /// Local delivery time in Europe/Amsterdam, HH:MM.
        #[arg(long, default_value = "08:00", value_parser = parse_time)]
        time: NaiveTime,
        /// Day of a weekly digest: mon, tue, ..., sun.
        #[arg(long, default_value = "mon", value_parser = parse_weekday)]
        weekday: Weekday,
        /// Whether the chat is a group or channel rather than one person.
        #[arg(long, default_value = "private", value_parser = parse_kind)]
        kind: ChatKind,
        /// Replace an existing subscription of the chat instead of refusing.
        #[arg(long)]
        replace: bool,
    },
    /// Remove a chat's subscription.
    Remove { chat: String },
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| format!("invalid time {text:?}: write it as HH:MM, such as 07:30"))
}

fn parse_weekday(text: &str) -> Result<Weekday, String> {
    text.parse().map_err(|_| format!("invalid weekday {text:?}: use mon, tue, wed, thu, fri, sat or sun"))
}

fn parse_kind(text: &str) -> Result<ChatKind, String> {
    text.parse().map_err(|error: ketenwacht::domain::ParseLabelError| error.to_string())
}

fn parse_chat(text: &str) -> anyhow::Result<ChatRef> {
    let (platform, id) = text
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("invalid chat {text:?}: write it as PLATFORM:ID, such as webhook:shop-42"))?;
    let platform: Platform = platform.parse()?;
    if id.is_empty() || id.chars().count() > 128 || id.chars().any(char::is_control) {
        anyhow::bail!("invalid chat id {id:?}: use 1 to 128 printable characters");
    }
    Ok(ChatRef::new(platform, id))
}

pub async fn run(context: &Context, command: SubscriptionsCommand) -> anyhow::Result<ExitCode> {
    match command {
        SubscriptionsCommand::List { all, format } => {
            let subscriptions = context.store.subscriptions(!all).await?;
            match format {
                Format::Json => json(&serde_json::Value::Array(subscriptions.iter().map(subscription_json).collect())),
                Format::Text if subscriptions.is_empty() => line(&context.text("cli-subscriptions-empty", &[])),
                Format::Text => subscriptions.iter().for_each(|s| line(&summary_line(s))),
            }
        }
        SubscriptionsCommand::Add { chat, tier, language, cadence, time, weekday, kind, replace } => {
            let chat = parse_chat(&chat)?;
            if chat.platform != Platform::Webhook {
                anyhow::bail!(context.text("cli-subscription-webhook-only", &[("chat", chat.to_string())]));
            }
            let existing = context.store.subscription(&chat).await?;
            if existing.is_some() && !replace {
                anyhow::bail!(context.text("cli-subscription-exists", &[("chat", chat.to_string())]));
            }
            let mut subscription = Subscription::new(chat.clone(), kind, tier, language, Utc::now());
            subscription.cadence = cadence;
            subscription.delivery_time = time;
            subscription.weekday = weekday;
            if let Some(existing) = existing {
                subscription.window_start = existing.window_start;
            }
            // NOTE: subscriptions added or removed here are not in the audit log. The log records
            // changes made through a chat, so the operator's shell history is the only record.
            context.store.save_subscription(&subscription).await?;
            line(&context.text("cli-subscription-saved", &[("chat", chat.to_string()), ("tier", tier.to_string())]));
        }
        SubscriptionsCommand::Remove { chat } => {
            let chat = parse_chat(&chat)?;
            let key = if context.store.delete_subscription(&chat).await? { "cli-subscription-removed" } else { "cli-subscription-missing" };
            line(&context.text(key, &[("chat", chat.to_string())]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn summary_line(subscription: &Subscription) -> String {
    let state = match (&subscription.active, &subscription.deactivated_reason) {
        (true, _) => "active".to_owned(),
        (false, Some(reason)) => format!("inactive: {reason}"),
        (false, None) => "inactive".to_owned(),
    };
    format!(
        "{}  {}  {}  {}  {} {}  {}",
        subscription.chat,
        subscription.tier,
        subscription.language,
        subscription.cadence,
        subscription.delivery_time.format("%H:%M"),
        subscription.weekday,
        state
    )
}

fn subscription_json(subscription: &Subscription) -> serde_json::Value {
    json!({
        "id": subscription.id,
        "chat": subscription.chat.to_string(),
        "platform": subscription.chat.platform,
        "chat_id": subscription.chat.chat_id,
        "chat_kind": subscription.chat_kind,
        "tier": subscription.tier,
        "language": subscription.language,
        "cadence": subscription.cadence,
        "delivery_time": subscription.delivery_time.format("%H:%M").to_string(),
        "weekday": subscription.weekday.to_string(),
        "include": subscription.include,
        "exclude": subscription.exclude,
        "include_lower_tiers": subscription.include_lower_tiers,
        "active": subscription.active,
        "deactivated_reason": subscription.deactivated_reason,
        "window_start": subscription.window_start,
    })
}
