//! `KETENWACHT_*` environment variables, which override the file.

use std::time::Duration;

use super::{validate_fetch, validate_webhook_url, value_error, Config, ConfigError, Origin};

/// Applies every override that `lookup` finds. Takes a lookup so tests need not touch the
/// process environment.
pub(super) fn apply(config: &mut Config, lookup: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    if let Some(url) = lookup("KETENWACHT_DATABASE_URL").or_else(|| lookup("DATABASE_URL")) {
        config.database_url = url;
    }
    if let Some(text) = lookup("KETENWACHT_LANG") {
        config.language = text
            .parse()
            .map_err(|error| value_error("language", &Origin::Env("KETENWACHT_LANG"), error))?;
    }
    if let Some(path) = lookup("KETENWACHT_RULES_FILE") {
        config.rules_file = Some(path.into());
    }
    if let Some(text) = lookup("KETENWACHT_HTTP_ADDRESS") {
        let address = text.trim().parse().map_err(|_| {
            value_error("http.address", &Origin::Env("KETENWACHT_HTTP_ADDRESS"), format!("invalid address {text:?}: write it like 127.0.0.1:9090"))
        })?;
        config.http.address = Some(address);
    }
    if let Some(url) = lookup("KETENWACHT_WEBHOOK_URL") {
        validate_webhook_url(&url, &Origin::Env("KETENWACHT_WEBHOOK_URL"))?;
        config.webhook.url = Some(url);
    }
    super::discord::apply_env(&mut config.discord, &lookup)?;
    config.telegram.apply_env(&lookup)?;
    super::roles::apply_env(&mut config.roles, &lookup)?;
    super::submissions::apply_env(&mut config.submissions, &lookup)?;
    let fetch = &mut config.fetch;
    if let Some(value) = duration(&lookup, "KETENWACHT_FETCH_CONNECT_TIMEOUT", "fetch.connect_timeout")? {
        fetch.connect_timeout = value;
    }
    if let Some(value) = duration(&lookup, "KETENWACHT_FETCH_TOTAL_TIMEOUT", "fetch.total_timeout")? {
        fetch.total_timeout = value;
    }
    if let Some(value) = duration(&lookup, "KETENWACHT_FETCH_MAX_BACKOFF", "fetch.max_backoff")? {
        fetch.max_backoff = value;
    }
    if let Some(value) = number(&lookup, "KETENWACHT_FETCH_MAX_BODY_BYTES", "fetch.max_body_bytes")? {
        fetch.max_body_bytes = value;
    }
    if let Some(value) = number(&lookup, "KETENWACHT_FETCH_MAX_REDIRECTS", "fetch.max_redirects")? {
        fetch.max_redirects = value;
    }
    validate_fetch(&config.fetch, &Origin::Env("KETENWACHT_FETCH_*"))
}

fn duration(lookup: &impl Fn(&str) -> Option<String>, name: &'static str, key: &str) -> Result<Option<Duration>, ConfigError> {
    let Some(text) = lookup(name) else { return Ok(None) };
    humantime::parse_duration(text.trim())
        .map(Some)
        .map_err(|error| value_error(key, &Origin::Env(name), format!("invalid duration {text:?} ({error}): write it like 90s, 15m or 1h")))
}

fn number(lookup: &impl Fn(&str) -> Option<String>, name: &'static str, key: &str) -> Result<Option<usize>, ConfigError> {
    let Some(text) = lookup(name) else { return Ok(None) };
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| value_error(key, &Origin::Env(name), format!("invalid number {text:?}: write a whole number such as 5242880")))
}
