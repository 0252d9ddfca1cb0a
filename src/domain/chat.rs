//! Chats and their subscriptions: where digests go, for which tier, in which language, when.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{Language, ParseLabelError, Tier};

/// A chat platform, or the terminal and webhook stand-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Telegram,
    Discord,
    /// `ketenwacht chat`: one private conversation in the terminal.
    Terminal,
    /// Generic outgoing webhook: each message is POSTed as JSON to a configured URL.
    Webhook,
}

impl Platform {
    pub const ALL: [Platform; 4] = [Platform::Telegram, Platform::Discord, Platform::Terminal, Platform::Webhook];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "telegram",
            Platform::Discord => "discord",
            Platform::Terminal => "terminal",
            Platform::Webhook => "webhook",
        }
    }
}

impl FromStr for Platform {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Platform::ALL
            .into_iter()
            .find(|platform| platform.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| ParseLabelError { kind: "platform", value: text.to_owned(), expected: "telegram, discord, terminal, webhook" })
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One chat on one platform. `chat_id` is the platform's own id, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChatRef {
    pub platform: Platform,
    pub chat_id: String,
}

impl ChatRef {
    pub fn new(platform: Platform, chat_id: impl Into<String>) -> Self {
        Self { platform, chat_id: chat_id.into() }
    }
}

impl fmt::Display for ChatRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform, self.chat_id)
    }
}

/// Whether a chat is one member's private chat or shared by many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    Private,
    Group,
    Channel,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
            ChatKind::Channel => "channel",
        }
    }

    /// Returns whether only the chat's administrators may change its subscription.
    pub fn is_shared(self) -> bool {
        self != ChatKind::Private
    }
}

impl FromStr for ChatKind {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "private" => Ok(ChatKind::Private),
            "group" | "supergroup" => Ok(ChatKind::Group),
            "channel" => Ok(ChatKind::Channel),
            _ => Err(ParseLabelError { kind: "chat kind", value: text.to_owned(), expected: "private, group, channel" }),
        }
    }
}

/// How often a subscription receives digests. Urgent advisories go out at once for every
/// cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// Urgent advisories only, at once.
    Instant,
    Daily,
    Weekly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Instant, Cadence::Daily, Cadence::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Instant => "instant",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
        }
    }
}

impl FromStr for Cadence {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "instant" | "direct" | "meteen" => Ok(Cadence::Instant),
            "daily" | "dagelijks" => Ok(Cadence::Daily),
            "weekly" | "wekelijks" => Ok(Cadence::Weekly),
            _ => Err(ParseLabelError { kind: "cadence", value: text.to_owned(), expected: "instant, daily, weekly" }),
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returns the lower-case English abbreviation of a weekday, `mon` to `sun`: the spelling the
/// store keeps and Fluent messages select on.
pub fn weekday_key(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Delivery settings of one chat. A chat has at most one subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Assigned by the store; 0 before the first save.
    pub id: i64,
    pub chat: ChatRef,
    pub chat_kind: ChatKind,
    pub tier: Tier,
    pub language: Language,
    pub cadence: Cadence,
    /// Local delivery time in Europe/Amsterdam (default 08:00).
    pub delivery_time: NaiveTime,
    /// Day of a weekly digest (default Monday).
    pub weekday: Weekday,
    /// Regular expressions on product or title; an advisory must match one of them when any
    /// are set.
    pub include: Vec<String>,
    /// Regular expressions on product or title; an advisory matching any of them is left out.
    pub exclude: Vec<String>,
    /// Whether advisories of lower tiers are included too.
    pub include_lower_tiers: bool,
    /// False once delivery failed for good (bot blocked, chat gone); kept so staff can see why.
    pub active: bool,
    pub deactivated_reason: Option<String>,
    /// Start of the next digest window: the end of the last digest enqueued.
    pub window_start: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Subscription {
    /// Creates a subscription with the defaults: daily at 08:00, weekly on Monday, no filters.
    pub fn new(chat: ChatRef, chat_kind: ChatKind, tier: Tier, language: Language, now: DateTime<Utc>) -> Self {
        Self {
            id: 0,
            chat,
            chat_kind,
            tier,
            language,
            cadence: Cadence::Daily,
            delivery_time: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            weekday: Weekday::Mon,
            include: Vec::new(),
            exclude: Vec::new(),
            include_lower_tiers: false,
            active: true,
            deactivated_reason: None,
            window_start: now,
            created_at: now,
            updated_at: now,
        }
    }
}
