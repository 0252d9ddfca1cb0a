//! `[discord]`: where the Discord adapter connects and whom urgent digests mention.
//!
//! The bot token is a secret and never comes from the file: the adapter reads it from
//! `DISCORD_TOKEN` or `KETENWACHT_DISCORD_TOKEN` when it starts.

use serde::Deserialize;

use super::{value_error, ConfigError, Origin};

/// Settings of the Discord adapter. The adapter runs only when a token is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordSettings {
    /// Base URL that replaces `https://discord.com` for REST calls, such as a test server or a
    /// proxy. When set, serenity's own rate limiter is off (it would ignore the URL), so only
    /// the delivery pacing limits requests.
    pub api_url: Option<String>,
    /// Role mentioned in digests that contain urgent advisories; no role is mentioned when unset.
    pub urgent_role_id: Option<u64>,
}

impl DiscordSettings {
    /// Returns the first invalid key and why.
    pub(super) fn check(&self, origin: &Origin) -> Result<(), ConfigError> {
        if let Some(url) = &self.api_url {
            check_api_url(url).map_err(|detail| value_error("discord.api_url", origin, detail))?;
        }
        if self.urgent_role_id == Some(0) {
            return Err(value_error("discord.urgent_role_id", origin, "role id 0 does not exist: copy the role's id from Discord"));
        }
        Ok(())
    }
}

fn check_api_url(url: &str) -> Result<(), String> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => Ok(()),
        Ok(_) => Err(format!("invalid URL {url}: use an http or https URL with a host")),
        Err(error) => Err(format!("invalid URL {url:?}: {error}")),
    }
}

/// Applies `KETENWACHT_DISCORD_API_URL` and `KETENWACHT_DISCORD_URGENT_ROLE_ID`.
pub(super) fn apply_env(settings: &mut DiscordSettings, lookup: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    if let Some(url) = lookup("KETENWACHT_DISCORD_API_URL").filter(|url| !url.trim().is_empty()) {
        settings.api_url = Some(url.trim().to_owned());
    }
    if let Some(text) = lookup("KETENWACHT_DISCORD_URGENT_ROLE_ID") {
        let origin = Origin::Env("KETENWACHT_DISCORD_URGENT_ROLE_ID");
        let id = text.trim().parse().map_err(|_| {
            value_error("discord.urgent_role_id", &origin, format!("invalid role id {text:?}: write the number Discord shows, such as 123456789012345678"))
        })?;
        settings.urgent_role_id = Some(id);
    }
    settings.check(&Origin::Env("KETENWACHT_DISCORD_*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(pairs: &[(&str, &str)]) -> Result<DiscordSettings, ConfigError> {
        let mut settings = DiscordSettings::default();
        let lookup = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned());
        apply_env(&mut settings, &lookup)?;
        Ok(settings)
    }

    #[test]
    fn environment_sets_url_and_role() {
        let settings = apply(&[("KETENWACHT_DISCORD_API_URL", "http://127.0.0.1:9000"), ("KETENWACHT_DISCORD_URGENT_ROLE_ID", "42")]).unwrap();
        assert_eq!(settings.api_url.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(settings.urgent_role_id, Some(42));
    }

    #[test]
    fn invalid_values_are_rejected() {
        assert!(apply(&[("KETENWACHT_DISCORD_API_URL", "ftp://example.org")]).is_err());
        assert!(apply(&[("KETENWACHT_DISCORD_API_URL", "not a url")]).is_err());
        assert!(apply(&[("KETENWACHT_DISCORD_URGENT_ROLE_ID", "@admins")]).is_err());
        assert!(apply(&[("KETENWACHT_DISCORD_URGENT_ROLE_ID", "0")]).is_err());
    }
}
