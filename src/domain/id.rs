//! Advisory identifiers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Longest identifier stored; longer ids from a feed are shortened with a hash.
const MAX_ID_LEN: usize = 120;

/// The stable key of an advisory across sources and revisions.
///
/// NCSC ids (`NCSC-2025-0259`) are normalised to upper case so that the RSS and CSAF copies of
/// one advisory meet. Other sources use their own tracking id or `source:guid`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AdvisoryId(String);

impl AdvisoryId {
    /// Finds an NCSC id such as `NCSC-2025-0259` anywhere in `text`, case-insensitively.
    pub fn find_ncsc(text: &str) -> Option<AdvisoryId> {
        let bytes = text.as_bytes();
        let upper = text.to_ascii_uppercase();
        let mut start = 0;
        while let Some(offset) = upper[start..].find("NCSC-") {
            let at = start + offset;
            let rest = &bytes[at + 5..];
            let year_ok = rest.len() >= 9 && rest[..4].iter().all(u8::is_ascii_digit) && rest[4] == b'-';
            if year_ok {
                let digits = rest[5..].iter().take_while(|b| b.is_ascii_digit()).count();
                if digits >= 4 {
                    return Some(AdvisoryId(upper[at..at + 10 + digits].to_owned()));
                }
            }
            start = at + 5;
        }
        None
    }

    /// Builds the id of an item from a source without its own advisory numbering.
    pub fn for_feed_item(source: &str, item_key: &str) -> AdvisoryId {
        let raw = format!("{source}:{}", item_key.trim());
        if raw.chars().count() <= MAX_ID_LEN && !raw.chars().any(char::is_control) {
            return AdvisoryId(raw);
        }
        AdvisoryId(format!("{source}:{:016x}", stable_hash(item_key)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_ncsc(&self) -> bool {
        self.0.starts_with("NCSC-")
    }
}

/// FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseIdError {
    #[error("advisory id is empty")]
    Empty,
    #[error("advisory id {0:?} is longer than {MAX_ID_LEN} characters or holds control characters")]
    Invalid(String),
}

impl FromStr for AdvisoryId {
    type Err = ParseIdError;

    /// Parses an id typed by a user or stored by a source; NCSC ids are upper-cased.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseIdError::Empty);
        }
        if text.chars().count() > MAX_ID_LEN || text.chars().any(char::is_control) {
            return Err(ParseIdError::Invalid(text.to_owned()));
        }
        if let Some(ncsc) = AdvisoryId::find_ncsc(text) {
            if ncsc.0.len() == text.len() {
                return Ok(ncsc);
            }
        }
        Ok(AdvisoryId(text.to_owned()))
    }
}

impl fmt::Display for AdvisoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncsc_id_found_in_title_and_guid() {
        let id = AdvisoryId::find_ncsc("NCSC-2025-0271 [1.00] [M/H] Kwetsbaarheden").unwrap();
        assert_eq!(id.as_str(), "NCSC-2025-0271");
        let lower = AdvisoryId::find_ncsc("documents/ncsc-2026-0096.json").unwrap();
        assert_eq!(lower.as_str(), "NCSC-2026-0096");
    }

    #[test]
    fn ncsc_id_needs_year_and_number() {
        assert!(AdvisoryId::find_ncsc("NCSC-news").is_none());
        assert!(AdvisoryId::find_ncsc("NCSC-2025-12").is_none());
    }

    #[test]
    fn typed_ncsc_id_is_upper_cased() {
        let id: AdvisoryId = "ncsc-2025-0259".parse().unwrap();
        assert_eq!(id.as_str(), "NCSC-2025-0259");
    }

    #[test]
    fn long_feed_keys_are_hashed() {
        let id = AdvisoryId::for_feed_item("dtc", &"x".repeat(500));
        assert!(id.as_str().len() < 40);
        assert_eq!(id, AdvisoryId::for_feed_item("dtc", &"x".repeat(500)));
    }
}
