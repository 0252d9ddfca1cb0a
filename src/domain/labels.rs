//! Small closed sets of labels: member tier, urgency, TLP, language and NCSC ratings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A label text that matches none of the accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} {value:?}: expected one of {expected}")]
pub struct ParseLabelError {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl ParseLabelError {
    fn new(kind: &'static str, value: &str, expected: &'static str) -> Self {
        Self { kind, value: value.to_owned(), expected }
    }
}

/// Member maturity tier an advisory suits, ordered from least to most technical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Shops starting out: plain guidance and action steps.
    Basic,
    /// Members who already share information routinely.
    Advanced,
    /// Mature members who want full technical detail.
    Expert,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Basic, Tier::Advanced, Tier::Expert];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Basic => "basic",
            Tier::Advanced => "advanced",
            Tier::Expert => "expert",
        }
    }
}

impl FromStr for Tier {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "basic" | "basis" => Ok(Tier::Basic),
            "advanced" | "gevorderd" => Ok(Tier::Advanced),
            "expert" => Ok(Tier::Expert),
            _ => Err(ParseLabelError::new("tier", text, "basic, advanced, expert")),
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an advisory needs action now. Urgent items reach every tier at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Normal,
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
        }
    }
}

impl FromStr for Urgency {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "normal" | "normaal" => Ok(Urgency::Normal),
            "urgent" => Ok(Urgency::Urgent),
            _ => Err(ParseLabelError::new("urgency", text, "normal, urgent")),
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Traffic Light Protocol 2.0 label. TLP 1.0's WHITE is read as CLEAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tlp {
    #[serde(rename = "CLEAR", alias = "WHITE")]
    Clear,
    #[serde(rename = "GREEN")]
    Green,
    #[serde(rename = "AMBER")]
    Amber,
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }
}

impl Tlp {
    /// Returns whether a chat may have this label as its ceiling. AMBER+STRICT is for one
    /// organisation and RED for named people, so no chat may receive them.
    pub fn allowed_as_ceiling(self) -> bool {
        matches!(self, Tlp::Clear | Tlp::Green | Tlp::Amber)
    }

    /// Returns whether an item with this label may go to a chat whose ceiling is `ceiling`.
    pub fn within_ceiling(self, ceiling: Tlp) -> bool {
        ceiling.allowed_as_ceiling() && self <= ceiling
    }
}

impl FromStr for Tlp {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let upper = text.trim().to_ascii_uppercase();
        let label = upper.strip_prefix("TLP:").unwrap_or(&upper);
        match label {
            "CLEAR" | "WHITE" => Ok(Tlp::Clear),
            "GREEN" => Ok(Tlp::Green),
            "AMBER" => Ok(Tlp::Amber),
            "AMBER+STRICT" => Ok(Tlp::AmberStrict),
            "RED" => Ok(Tlp::Red),
            _ => Err(ParseLabelError::new("TLP label", text, "CLEAR, GREEN, AMBER, AMBER+STRICT, RED")),
        }
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Language of everything a member reads. Dutch is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nl,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

impl FromStr for Language {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let lower = text.trim().to_ascii_lowercase();
        // Accept full locale tags such as nl-NL or en_GB.
        match lower.get(..2) {
            Some("nl") if lower.len() == 2 || lower[2..].starts_with(['-', '_']) => Ok(Language::Nl),
            Some("en") if lower.len() == 2 || lower[2..].starts_with(['-', '_']) => Ok(Language::En),
            _ => Err(ParseLabelError::new("language", text, "nl, en")),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One NCSC kans (probability) or schade (damage) rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    #[serde(rename = "L")]
    Low,
    #[serde(rename = "M")]
    Medium,
    #[serde(rename = "H")]
    High,
}

impl Rating {
    pub fn letter(self) -> char {
        match self {
            Rating::Low => 'L',
            Rating::Medium => 'M',
            Rating::High => 'H',
        }
    }

    /// Parses `L`, `M` or `H`, and the Dutch words NCSC writes in CSAF notes.
    pub fn parse(text: &str) -> Option<Rating> {
        match text.trim().to_lowercase().as_str() {
            "l" | "low" | "laag" => Some(Rating::Low),
            "m" | "medium" | "midden" | "gemiddeld" => Some(Rating::Medium),
            "h" | "high" | "hoog" => Some(Rating::High),
            _ => None,
        }
    }
}

/// NCSC's own severity: the older kans/schade pair, or the newer Urgent/Normaal label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NcscRating {
    KansSchade { kans: Rating, schade: Rating },
    Label { urgency: Urgency },
}

impl NcscRating {
    /// Whether NCSC itself marks the advisory as needing action now (H/H or `Urgent`).
    pub fn is_urgent(self) -> bool {
        match self {
            NcscRating::KansSchade { kans, schade } => kans == Rating::High && schade == Rating::High,
            NcscRating::Label { urgency } => urgency == Urgency::Urgent,
        }
    }
}

impl fmt::Display for NcscRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NcscRating::KansSchade { kans, schade } => write!(f, "{}/{}", kans.letter(), schade.letter()),
            NcscRating::Label { urgency: Urgency::Urgent } => f.write_str("Urgent"),
            NcscRating::Label { urgency: Urgency::Normal } => f.write_str("Normaal"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlp_reads_white_as_clear() {
        assert_eq!("WHITE".parse::<Tlp>().unwrap(), Tlp::Clear);
        assert_eq!("tlp:amber+strict".parse::<Tlp>().unwrap(), Tlp::AmberStrict);
        assert!("PURPLE".parse::<Tlp>().is_err());
    }

    #[test]
    fn language_accepts_locale_tags() {
        assert_eq!("nl-NL".parse::<Language>().unwrap(), Language::Nl);
        assert_eq!("en_GB".parse::<Language>().unwrap(), Language::En);
        assert!("eng".parse::<Language>().is_err());
        assert!("de".parse::<Language>().is_err());
    }

    #[test]
    fn tier_orders_basic_first() {
        assert!(Tier::Basic < Tier::Advanced && Tier::Advanced < Tier::Expert);
        assert_eq!("Expert".parse::<Tier>().unwrap(), Tier::Expert);
    }

    #[test]
    fn ncsc_rating_urgent_only_for_high_high() {
        let hh = NcscRating::KansSchade { kans: Rating::High, schade: Rating::High };
        let mh = NcscRating::KansSchade { kans: Rating::Medium, schade: Rating::High };
        assert!(hh.is_urgent());
        assert!(!mh.is_urgent());
        assert_eq!(hh.to_string(), "H/H");
    }
}
