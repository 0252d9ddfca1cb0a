//! `[delivery]`: pacing per platform and retry limits.

use std::time::Duration;

use serde::Deserialize;

use crate::delivery::pacing::{PacingConfig, PlatformLimits, Rate, DEFAULT_MARGIN};

/// The project's own send limits and the retry budget of a message.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliverySettings {
    /// Telegram messages per second over all chats.
    pub telegram_per_second: u32,
    /// Telegram messages per second to one chat.
    pub telegram_per_chat_per_second: u32,
    /// Telegram messages per minute to one group or channel.
    pub telegram_per_group_per_minute: u32,
    /// Discord requests per second over all channels.
    pub discord_per_second: u32,
    /// Discord messages per 5 seconds to one channel.
    pub discord_per_channel_per_5s: u32,
    /// Webhook messages per second; unlimited when unset.
    pub webhook_per_second: Option<u32>,
    /// Send attempts of one message before it is marked failed.
    pub max_attempts: u32,
    /// How long a worker's claim on a message lasts. After a crash, another worker takes the
    /// message over once the claim has run out.
    #[serde(with = "super::humantime_duration")]
    pub claim_lease: Duration,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            telegram_per_second: 30,
            telegram_per_chat_per_second: 1,
            telegram_per_group_per_minute: 20,
            discord_per_second: 50,
            discord_per_channel_per_5s: 5,
            webhook_per_second: None,
            max_attempts: 8,
            claim_lease: Duration::from_secs(300),
        }
    }
}

impl DeliverySettings {
    /// Returns the pacer's limits.
    pub fn pacing(&self) -> PacingConfig {
        let second = Duration::from_secs(1);
        PacingConfig {
            telegram: PlatformLimits {
                overall: vec![Rate::new(self.telegram_per_second, second)],
                per_chat: vec![Rate::new(self.telegram_per_chat_per_second, second)],
                per_shared_chat: vec![Rate::new(self.telegram_per_group_per_minute, Duration::from_secs(60))],
            },
            discord: PlatformLimits {
                overall: vec![Rate::new(self.discord_per_second, second)],
                per_chat: vec![Rate::new(self.discord_per_channel_per_5s, Duration::from_secs(5))],
                per_shared_chat: Vec::new(),
            },
            terminal: PlatformLimits::default(),
            webhook: PlatformLimits {
                overall: self.webhook_per_second.map(|max| Rate::new(max, second)).into_iter().collect(),
                ..PlatformLimits::default()
            },
            margin: DEFAULT_MARGIN,
        }
    }

    /// Returns the first setting that cannot work, by key, with the reason.
    pub(crate) fn problem(&self) -> Option<(&'static str, &'static str)> {
        let rates = [
            ("delivery.telegram_per_second", self.telegram_per_second),
            ("delivery.telegram_per_chat_per_second", self.telegram_per_chat_per_second),
            ("delivery.telegram_per_group_per_minute", self.telegram_per_group_per_minute),
            ("delivery.discord_per_second", self.discord_per_second),
            ("delivery.discord_per_channel_per_5s", self.discord_per_channel_per_5s),
            ("delivery.webhook_per_second", self.webhook_per_second.unwrap_or(1)),
        ];
        if let Some((key, _)) = rates.iter().find(|(_, value)| *value == 0) {
            return Some((key, "must be at least 1"));
        }
        if !(1..=100).contains(&self.max_attempts) {
            return Some(("delivery.max_attempts", "must be between 1 and 100"));
        }
        if self.claim_lease < Duration::from_secs(1) {
            return Some(("delivery.claim_lease", "must be at least 1s"));
        }
        None
    }
}
