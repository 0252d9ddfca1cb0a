//! `[submissions]`: limits on member submissions and how long the submitter stays known.
//!
//! The data key that encrypts submissions is a secret, so it comes from the environment
//! (`KETENWACHT_DATA_KEY`), never from this section.

use serde::Deserialize;

use super::{value_error, ConfigError, Origin};

/// Largest accepted `max_chars`, the length the `text` option of Discord's `/submit` allows.
const MAX_TEXT_CHARS: usize = 4000;
/// Largest accepted `identity_retention_days`, ten years.
const MAX_RETENTION_DAYS: u32 = 3650;

/// Limits per member and the retention of the submitter's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SubmissionSettings {
    /// Maximum length of one submission, in characters.
    pub max_chars: usize,
    /// Maximum number of submissions one member may start in 24 hours.
    pub max_per_day: u32,
    /// Days after which the submitter's identity is removed from a submission.
    pub identity_retention_days: u32,
}

impl Default for SubmissionSettings {
    fn default() -> Self {
        Self { max_chars: 4000, max_per_day: 5, identity_retention_days: 90 }
    }
}

impl SubmissionSettings {
    /// Returns an error naming the first invalid key.
    pub(super) fn check(&self, origin: &Origin) -> Result<(), ConfigError> {
        if !(1..=MAX_TEXT_CHARS).contains(&self.max_chars) {
            let detail = format!("{} is out of range: use 1 to {MAX_TEXT_CHARS} characters", self.max_chars);
            return Err(value_error("submissions.max_chars", origin, detail));
        }
        if self.max_per_day == 0 {
            return Err(value_error("submissions.max_per_day", origin, "must be at least 1"));
        }
        if !(1..=MAX_RETENTION_DAYS).contains(&self.identity_retention_days) {
            let detail = format!("{} is out of range: use 1 to {MAX_RETENTION_DAYS} days", self.identity_retention_days);
            return Err(value_error("submissions.identity_retention_days", origin, detail));
        }
        Ok(())
    }
}

/// Applies the `KETENWACHT_SUBMISSIONS_*` overrides.
pub(super) fn apply_env(settings: &mut SubmissionSettings, lookup: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    if let Some(value) = number(lookup, "KETENWACHT_SUBMISSIONS_MAX_CHARS", "submissions.max_chars")? {
        settings.max_chars = value;
    }
    if let Some(value) = number(lookup, "KETENWACHT_SUBMISSIONS_MAX_PER_DAY", "submissions.max_per_day")? {
        settings.max_per_day = value;
    }
    let retention = "KETENWACHT_SUBMISSIONS_IDENTITY_RETENTION_DAYS";
    if let Some(value) = number(lookup, retention, "submissions.identity_retention_days")? {
        settings.identity_retention_days = value;
    }
    settings.check(&Origin::Env("KETENWACHT_SUBMISSIONS_*"))
}

fn number<T: std::str::FromStr>(lookup: &impl Fn(&str) -> Option<String>, name: &'static str, key: &str) -> Result<Option<T>, ConfigError> {
    let Some(text) = lookup(name) else { return Ok(None) };
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| value_error(key, &Origin::Env(name), format!("invalid number {text:?}: write a whole number such as 5")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(pairs: &[(&str, &str)]) -> Result<SubmissionSettings, ConfigError> {
        let mut settings = SubmissionSettings::default();
        let lookup = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned());
        apply_env(&mut settings, &lookup)?;
        Ok(settings)
    }

    #[test]
    fn environment_overrides_each_limit() {
        let settings = apply(&[
            ("KETENWACHT_SUBMISSIONS_MAX_CHARS", "500"),
            ("KETENWACHT_SUBMISSIONS_MAX_PER_DAY", "2"),
            ("KETENWACHT_SUBMISSIONS_IDENTITY_RETENTION_DAYS", "30"),
        ])
        .unwrap();
        assert_eq!(settings, SubmissionSettings { max_chars: 500, max_per_day: 2, identity_retention_days: 30 });
    }

    #[test]
    fn invalid_limits_name_their_key() {
        let cases = [
            ("KETENWACHT_SUBMISSIONS_MAX_CHARS", "0", "submissions.max_chars"),
            ("KETENWACHT_SUBMISSIONS_MAX_CHARS", "4001", "submissions.max_chars"),
            ("KETENWACHT_SUBMISSIONS_MAX_PER_DAY", "0", "submissions.max_per_day"),
            ("KETENWACHT_SUBMISSIONS_MAX_PER_DAY", "veel", "submissions.max_per_day"),
            ("KETENWACHT_SUBMISSIONS_IDENTITY_RETENTION_DAYS", "0", "submissions.identity_retention_days"),
        ];
        for (name, value, key) in cases {
            let error = apply(&[(name, value)]).unwrap_err().to_string();
            assert!(error.contains(key), "{name}={value}: {error}");
        }
    }

    #[test]
    fn file_section_parses() {
        let text = "[submissions]\nmax_chars = 1000\nidentity_retention_days = 7\n";
        let config = super::super::Config::from_toml(text, std::path::Path::new("test.toml")).unwrap();
        assert_eq!(config.submissions.max_chars, 1000);
        assert_eq!(config.submissions.max_per_day, 5);
        assert_eq!(config.submissions.identity_retention_days, 7);
        assert!(super::super::Config::from_toml("[submissions]\nmax_per_day = 0\n", std::path::Path::new("t.toml")).is_err());
    }
}
