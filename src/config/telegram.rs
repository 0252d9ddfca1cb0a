//! `[telegram]`: how the Telegram adapter receives updates.
//!
//! The bot token and the webhook secret are secrets, so they come only from the environment
//! (`TELOXIDE_TOKEN` or `KETENWACHT_TELEGRAM_TOKEN`, and `KETENWACHT_TELEGRAM_WEBHOOK_SECRET`),
//! never from the file.

use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;

use super::{value_error, ConfigError, Origin};

/// The way updates reach the bot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// The bot requests updates with `getUpdates`. This works behind NAT, for one instance per token.
    #[default]
    Polling,
    /// Telegram POSTs updates to a public HTTPS URL; several instances may share it.
    Webhook,
}

/// Settings of the Telegram adapter. It starts only when a bot token is set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramSettings {
    pub mode: TelegramMode,
    /// Long-polling timeout of one `getUpdates` request.
    #[serde(with = "super::humantime_duration")]
    pub polling_timeout: Duration,
    /// Address the webhook server listens on, such as `0.0.0.0:8443`.
    pub webhook_listen: Option<SocketAddr>,
    /// Path the webhook server accepts updates on.
    pub webhook_path: String,
    /// Public HTTPS URL Telegram posts updates to (the load balancer in front of the instances).
    pub webhook_url: Option<String>,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        Self {
            mode: TelegramMode::Polling,
            polling_timeout: Duration::from_secs(10),
            webhook_listen: None,
            webhook_path: "/telegram".to_owned(),
            webhook_url: None,
        }
    }
}

/// Maximum long-polling timeout. It must stay below the 17 s after which teloxide 0.17's HTTP
/// client (`default_reqwest_settings`) gives up on a request.
const MAX_POLLING_TIMEOUT: Duration = Duration::from_secs(15);

impl TelegramSettings {
    /// Applies the `KETENWACHT_TELEGRAM_*` overrides found by `lookup`, then checks the result.
    pub(super) fn apply_env(&mut self, lookup: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(text) = lookup("KETENWACHT_TELEGRAM_MODE") {
            let origin = Origin::Env("KETENWACHT_TELEGRAM_MODE");
            self.mode = match text.trim().to_ascii_lowercase().as_str() {
                "polling" => TelegramMode::Polling,
                "webhook" => TelegramMode::Webhook,
                _ => return Err(value_error("telegram.mode", &origin, format!("invalid mode {text:?}: use polling or webhook"))),
            };
        }
        if let Some(text) = lookup("KETENWACHT_TELEGRAM_POLLING_TIMEOUT") {
            let origin = Origin::Env("KETENWACHT_TELEGRAM_POLLING_TIMEOUT");
            self.polling_timeout = humantime::parse_duration(text.trim()).map_err(|error| {
                value_error("telegram.polling_timeout", &origin, format!("invalid duration {text:?} ({error}): write it like 10s"))
            })?;
        }
        if let Some(text) = lookup("KETENWACHT_TELEGRAM_WEBHOOK_LISTEN") {
            let origin = Origin::Env("KETENWACHT_TELEGRAM_WEBHOOK_LISTEN");
            let address = text.trim().parse().map_err(|_| {
                value_error("telegram.webhook_listen", &origin, format!("invalid address {text:?}: write it like 0.0.0.0:8443"))
            })?;
            self.webhook_listen = Some(address);
        }
        if let Some(path) = lookup("KETENWACHT_TELEGRAM_WEBHOOK_PATH") {
            self.webhook_path = path;
        }
        if let Some(url) = lookup("KETENWACHT_TELEGRAM_WEBHOOK_URL") {
            self.webhook_url = Some(url);
        }
        self.check(&Origin::Env("KETENWACHT_TELEGRAM_*"))
    }

    /// Returns an error for the first setting that cannot work.
    pub(super) fn check(&self, origin: &Origin) -> Result<(), ConfigError> {
        if self.polling_timeout > MAX_POLLING_TIMEOUT {
            return Err(value_error("telegram.polling_timeout", origin, "must be at most 15s"));
        }
        if !self.webhook_path.starts_with('/') {
            return Err(value_error("telegram.webhook_path", origin, format!("invalid path {:?}: start it with /", self.webhook_path)));
        }
        if let Some(url) = &self.webhook_url {
            match url::Url::parse(url) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
                _ => return Err(value_error("telegram.webhook_url", origin, format!("invalid URL {url:?}: use an https URL (http only for a local Bot API server)"))),
            }
        }
        if self.mode == TelegramMode::Webhook && (self.webhook_listen.is_none() || self.webhook_url.is_none()) {
            return Err(value_error("telegram.mode", origin, "webhook mode needs telegram.webhook_listen and telegram.webhook_url"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn apply(vars: &[(&str, &str)]) -> Result<TelegramSettings, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let mut settings = TelegramSettings::default();
        settings.apply_env(&|name| vars.get(name).cloned())?;
        Ok(settings)
    }

    #[test]
    fn polling_is_default() {
        let settings = apply(&[]).unwrap();
        assert_eq!(settings.mode, TelegramMode::Polling);
        assert_eq!(settings.polling_timeout, Duration::from_secs(10));
    }

    #[test]
    fn webhook_mode_from_env() {
        let settings = apply(&[
            ("KETENWACHT_TELEGRAM_MODE", "webhook"),
            ("KETENWACHT_TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1:8443"),
            ("KETENWACHT_TELEGRAM_WEBHOOK_URL", "https://bot.example.nl/telegram"),
        ])
        .unwrap();
        assert_eq!(settings.mode, TelegramMode::Webhook);
        assert_eq!(settings.webhook_listen, Some("127.0.0.1:8443".parse().unwrap()));
    }

    #[test]
    fn webhook_mode_needs_address_and_url() {
        let error = apply(&[("KETENWACHT_TELEGRAM_MODE", "webhook")]).unwrap_err();
        assert!(error.to_string().contains("webhook_listen"), "{error}");
    }

    #[test]
    fn bad_values_are_rejected() {
        assert!(apply(&[("KETENWACHT_TELEGRAM_MODE", "push")]).is_err());
        assert!(apply(&[("KETENWACHT_TELEGRAM_POLLING_TIMEOUT", "1m")]).is_err());
        assert!(apply(&[("KETENWACHT_TELEGRAM_WEBHOOK_PATH", "telegram")]).is_err());
        assert!(apply(&[("KETENWACHT_TELEGRAM_WEBHOOK_URL", "ftp://x")]).is_err());
    }
}
