//! The configuration file (`ketenwacht.toml`) and its `KETENWACHT_*` environment overrides.
//!
//! Secrets never come from the file: tokens are read from the environment by the component
//! that needs them.

mod defaults;
mod delivery;
mod discord;
mod env;
mod roles;
mod submissions;
mod telegram;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::domain::{Language, SourceConfig, SourceKind, MAX_POLL_INTERVAL, MIN_POLL_INTERVAL};
use crate::sources::FetchLimits;

pub use defaults::default_sources;
pub use delivery::DeliverySettings;
pub use discord::DiscordSettings;
pub use roles::RoleSettings;
pub use submissions::SubmissionSettings;
pub use telegram::{TelegramMode, TelegramSettings};

/// Origin of a configuration value, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Env(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Env(name) => write!(f, "environment variable {name}"),
        }
    }
}

/// A configuration value that could not be used, naming the key and where it was read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid config file {path}: {detail}")]
    Syntax { path: PathBuf, detail: String },
    #[error("invalid value for {key} in {origin}: {detail}")]
    Value { key: String, origin: Origin, detail: String },
}

/// Limits for every HTTP fetch of a source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSettings {
    #[serde(with = "humantime_duration")]
    pub connect_timeout: Duration,
    #[serde(with = "humantime_duration")]
    pub total_timeout: Duration,
    /// Largest body accepted, in bytes, counted after decompression.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    /// Maximum wait between polls of a failing source.
    #[serde(with = "humantime_duration")]
    pub max_backoff: Duration,
}

impl Default for FetchSettings {
    fn default() -> Self {
        let limits = FetchLimits::default();
        Self {
            connect_timeout: limits.connect_timeout,
            total_timeout: limits.total_timeout,
            max_body_bytes: limits.max_body_bytes,
            max_redirects: limits.max_redirects,
            max_backoff: Duration::from_secs(6 * 3600),
        }
    }
}

impl FetchSettings {
    /// Returns the limits the fetcher applies to every request.
    pub fn limits(&self) -> FetchLimits {
        FetchLimits {
            connect_timeout: self.connect_timeout,
            total_timeout: self.total_timeout,
            max_body_bytes: self.max_body_bytes,
            max_redirects: self.max_redirects,
        }
    }
}

/// The operations endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Address for `/healthz` and `/metrics`, such as `127.0.0.1:9090`; off when unset.
    pub address: Option<std::net::SocketAddr>,
}

/// The outgoing webhook platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookSettings {
    /// URL every webhook message is POSTed to; webhook delivery is off when unset.
    pub url: Option<String>,
}

/// One `[[sources]]` entry as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    name: String,
    kind: String,
    url: String,
    #[serde(default = "default_interval", with = "humantime_duration")]
    interval: Duration,
}

fn default_interval() -> Duration {
    Duration::from_secs(15 * 60)
}

/// The file's layout. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    language: Option<String>,
    rules_file: Option<PathBuf>,
    #[serde(default)]
    fetch: FetchSettings,
    #[serde(default)]
    delivery: DeliverySettings,
    #[serde(default)]
    http: HttpSettings,
    #[serde(default)]
    webhook: WebhookSettings,
    #[serde(default)]
    discord: DiscordSettings,
    #[serde(default)]
    telegram: TelegramSettings,
    #[serde(default)]
    roles: RoleSettings,
    #[serde(default)]
    submissions: SubmissionSettings,
    sources: Option<Vec<SourceEntry>>,
}

/// The configuration in force after reading the file and the environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub language: Language,
    /// A staff rules file that replaces the built-in classification rules.
    pub rules_file: Option<PathBuf>,
    pub fetch: FetchSettings,
    pub delivery: DeliverySettings,
    pub http: HttpSettings,
    pub webhook: WebhookSettings,
    pub discord: DiscordSettings,
    pub telegram: TelegramSettings,
    pub roles: RoleSettings,
    pub submissions: SubmissionSettings,
    /// Sources from the file, or the built-in defaults when the file lists none.
    pub sources: Vec<SourceConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://ketenwacht.db".to_owned(),
            language: Language::Nl,
            rules_file: None,
            fetch: FetchSettings::default(),
            delivery: DeliverySettings::default(),
            http: HttpSettings::default(),
            webhook: WebhookSettings::default(),
            discord: DiscordSettings::default(),
            telegram: TelegramSettings::default(),
            roles: RoleSettings::default(),
            submissions: SubmissionSettings::default(),
            sources: default_sources(),
        }
    }
}

impl Config {
    /// Reads `path` if it exists (a missing file means defaults) and applies the environment.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let file = match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => None,
            Err(source) => return Err(ConfigError::Read { path: path.to_owned(), source }),
        };
        let mut config = match file {
            Some(text) => Config::from_toml(&text, path)?,
            None => Config::default(),
        };
        env::apply(&mut config, |name| std::env::var(name).ok())?;
        Ok(config)
    }

    /// Parses the text of a config file; `path` is only used in error messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: FileConfig = toml::from_str(text)
            .map_err(|error| ConfigError::Syntax { path: path.to_owned(), detail: error.to_string() })?;
        let origin = Origin::File(path.to_owned());
        let mut config = Config::default();
        if let Some(url) = file.database_url {
            config.database_url = url;
        }
        if let Some(language) = file.language {
            config.language = language.parse().map_err(|error| value_error("language", &origin, error))?;
        }
        config.rules_file = file.rules_file;
        validate_fetch(&file.fetch, &origin)?;
        config.fetch = file.fetch;
        if let Some((key, detail)) = file.delivery.problem() {
            return Err(value_error(key, &origin, detail));
        }
        config.delivery = file.delivery;
        config.http = file.http;
        if let Some(url) = &file.webhook.url {
            validate_webhook_url(url, &origin)?;
        }
        config.webhook = file.webhook;
        file.discord.check(&origin)?;
        config.discord = file.discord;
        file.telegram.check(&origin)?;
        config.telegram = file.telegram;
        file.roles.check(&origin)?;
        config.roles = file.roles;
        file.submissions.check(&origin)?;
        config.submissions = file.submissions;
        if let Some(entries) = file.sources {
            config.sources = parse_sources(entries, &origin)?;
        }
        Ok(config)
    }
}

fn value_error(key: &str, origin: &Origin, detail: impl std::fmt::Display) -> ConfigError {
    ConfigError::Value { key: key.to_owned(), origin: origin.clone(), detail: detail.to_string() }
}

pub(crate) fn validate_fetch(fetch: &FetchSettings, origin: &Origin) -> Result<(), ConfigError> {
    if fetch.connect_timeout.is_zero() {
        return Err(value_error("fetch.connect_timeout", origin, "must be longer than 0s"));
    }
    if fetch.total_timeout < fetch.connect_timeout {
        return Err(value_error("fetch.total_timeout", origin, "must not be shorter than fetch.connect_timeout"));
    }
    if fetch.max_body_bytes < 1024 {
        return Err(value_error("fetch.max_body_bytes", origin, "must be at least 1024 bytes"));
    }
    if fetch.max_redirects > 20 {
        return Err(value_error("fetch.max_redirects", origin, "must be at most 20"));
    }
    Ok(())
}

pub(crate) fn validate_webhook_url(url: &str, origin: &Origin) -> Result<(), ConfigError> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        Ok(_) => Err(value_error("webhook.url", origin, format!("invalid URL {url}: use an http or https URL"))),
        Err(error) => Err(value_error("webhook.url", origin, format!("invalid URL {url:?}: {error}"))),
    }
}

fn parse_sources(entries: Vec<SourceEntry>, origin: &Origin) -> Result<Vec<SourceConfig>, ConfigError> {
    let mut sources: Vec<SourceConfig> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let key = |field: &str| format!("sources[{index}].{field}");
        let kind: SourceKind = entry.kind.parse().map_err(|error| value_error(&key("kind"), origin, error))?;
        let source = SourceConfig { name: entry.name, kind, url: entry.url, interval: entry.interval };
        validate_source(&source).map_err(|(field, detail)| value_error(&key(field), origin, detail))?;
        if sources.iter().any(|other| other.name == source.name) {
            return Err(value_error(&key("name"), origin, format!("source name {:?} is used twice", source.name)));
        }
        sources.push(source);
    }
    Ok(sources)
}

/// Checks a source's name, kind, URL and interval; returns the failing field and why.
pub fn validate_source(source: &SourceConfig) -> Result<(), (&'static str, String)> {
    let name_ok = !source.name.is_empty()
        && source.name.len() <= 64
        && source.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && source.name.as_bytes()[0].is_ascii_alphanumeric();
    if !name_ok {
        let detail = format!(
            "invalid source name {:?}: use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit",
            source.name
        );
        return Err(("name", detail));
    }
    if source.kind == SourceKind::Member {
        return Err(("kind", "kind member is for approved submissions and cannot be polled".to_owned()));
    }
    match url::Url::parse(&source.url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {}
        Ok(url) => return Err(("url", format!("invalid URL {}: only http and https URLs with a host can be fetched", url))),
        Err(error) => return Err(("url", format!("invalid URL {:?}: {error}", source.url))),
    }
    if source.interval > MAX_POLL_INTERVAL {
        let detail = format!(
            "poll interval {} is too long: use at most {}",
            humantime::format_duration(source.interval),
            humantime::format_duration(MAX_POLL_INTERVAL)
        );
        return Err(("interval", detail));
    }
    if source.interval < MIN_POLL_INTERVAL {
        let detail = format!(
            "poll interval {} is too short: use at least {}",
            humantime::format_duration(source.interval),
            humantime::format_duration(MIN_POLL_INTERVAL)
        );
        return Err(("interval", detail));
    }
    Ok(())
}

/// Reads durations written as `15m`, `90s` or `1h 30m`.
pub(crate) mod humantime_duration {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(deserializer)?;
        humantime::parse_duration(&text)
            .map_err(|error| serde::de::Error::custom(format!("invalid duration {text:?} ({error}): write it like 90s, 15m or 1h")))
    }
}

#[cfg(test)]
mod tests;
