//! Errors of reading and compiling a rules file.

use std::path::PathBuf;

/// Reason a rules file could not be used. Nothing of a rejected file is kept.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("failed to read rules file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid TOML in {origin}: {source}")]
    Toml {
        origin: String,
        #[source]
        source: toml::de::Error,
    },

    #[error("rule {rule:?} in {origin} has an invalid {key} regex: {source}")]
    Regex {
        origin: String,
        rule: String,
        /// The rule key that contains the regex: `pattern` or `exclude`.
        key: &'static str,
        #[source]
        source: regex::Error,
    },

    #[error("rule {rule:?} in {origin} is invalid: {problem}")]
    Rule { origin: String, rule: String, problem: String },

    #[error("{origin} contains no [[rule]] entries; add at least one rule or use the built-in rules")]
    NoRules { origin: String },
}
