//! Advisory versions. NCSC titles write `1.01` while CSAF documents write `1.0.1` or an
//! integer `1`; all of them normalise to one comparable value.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid version {0:?}: expected a form like 1.01, 1.0.1 or 1")]
pub struct ParseVersionError(pub String);

/// A normalised advisory version. Equality and order ignore how the source wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    /// The text as the source wrote it, for display next to the normalised form.
    pub written: String,
}

impl Version {
    pub fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self { major, minor, patch, written: format!("{major}.{minor}.{patch}") }
    }

    fn key(&self) -> (u32, u32, u32) {
        (self.major, self.minor, self.patch)
    }

    /// Returns the NCSC title form (`1.01`) when the version fits it, else the semantic form.
    pub fn ncsc_label(&self) -> String {
        if self.minor == 0 && self.patch < 100 {
            format!("{}.{:02}", self.major, self.patch)
        } else {
            self.to_string()
        }
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl FromStr for Version {
    type Err = ParseVersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let written = text.trim();
        let invalid = || ParseVersionError(text.to_owned());
        // Semantic versions may carry a pre-release or build suffix; order ignores it.
        let core = written.split(['-', '+']).next().unwrap_or_default();
        let core = core.strip_prefix(['v', 'V']).unwrap_or(core);
        let parts: Vec<&str> = core.split('.').collect();
        if parts.iter().any(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit())) {
            return Err(invalid());
        }
        let number = |part: &str| part.parse::<u32>().map_err(|_| invalid());
        let (major, minor, patch) = match parts.as_slice() {
            [major] => (number(major)?, 0, 0),
            // NCSC writes the revision as two digits after the dot: 1.01 is the first revision.
            [major, revision] if revision.len() == 2 => (number(major)?, 0, number(revision)?),
            [major, minor] => (number(major)?, number(minor)?, 0),
            [major, minor, patch] => (number(major)?, number(minor)?, number(patch)?),
            _ => return Err(invalid()),
        };
        Ok(Self { major, minor, patch, written: written.to_owned() })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn ncsc_and_semantic_forms_are_equal() {
        assert_eq!(version("1.01"), version("1.0.1"));
        assert_eq!(version("1.00"), version("1.0.0"));
        assert_eq!(version("1"), version("1.0.0"));
        assert_eq!(version("2.03").to_string(), "2.0.3");
    }

    #[test]
    fn versions_order_by_revision() {
        assert!(version("1.02") > version("1.01"));
        assert!(version("1.10") > version("1.09"));
        assert!(version("2.00") > version("1.99"));
        assert!(version("1.0.0-rc1") == version("1.0.0"));
    }

    #[test]
    fn ncsc_label_round_trips() {
        assert_eq!(version("1.0.2").ncsc_label(), "1.02");
        assert_eq!(version("1.2.0").ncsc_label(), "1.2.0");
    }

    #[test]
    fn malformed_versions_are_rejected() {
        for text in ["", "1..2", "a.b", "1.0.0.0", "1.-1", "99999999999"] {
            assert!(text.parse::<Version>().is_err(), "{text:?} parsed");
        }
    }
}
