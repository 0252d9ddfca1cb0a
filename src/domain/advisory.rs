//! The advisory: what a source reported, how it was classified, and its revision history.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AdvisoryId, Language, NcscRating, ParseLabelError, Tier, Tlp, Urgency, Version};

/// The kind of a configured source, which decides how its bytes are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The NCSC-NL advisories RSS feed, whose titles carry id, version and ratings.
    NcscRss,
    /// A CSAF 2.0/2.1 provider: provider-metadata.json, changes.csv, then documents.
    Csaf,
    /// Any RSS 0.9x/1.0/2.0, Atom or JSON Feed.
    Rss,
    /// The CISA Known Exploited Vulnerabilities catalog, used to enrich other advisories.
    Kev,
    /// A member submission approved by staff.
    Member,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::NcscRss => "ncsc-rss",
            SourceKind::Csaf => "csaf",
            SourceKind::Rss => "rss",
            SourceKind::Kev => "kev",
            SourceKind::Member => "member",
        }
    }

    /// Ranks how rich a kind's fields are; a richer source's fields win when two meet.
    pub fn richness(self) -> u8 {
        match self {
            SourceKind::Csaf => 3,
            SourceKind::Member => 2,
            SourceKind::NcscRss => 1,
            SourceKind::Rss | SourceKind::Kev => 0,
        }
    }
}

impl FromStr for SourceKind {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ncsc-rss" => Ok(SourceKind::NcscRss),
            "csaf" => Ok(SourceKind::Csaf),
            "rss" | "atom" | "feed" => Ok(SourceKind::Rss),
            "kev" => Ok(SourceKind::Kev),
            "member" => Ok(SourceKind::Member),
            _ => Err(ParseLabelError {
                kind: "source kind",
                value: text.to_owned(),
                expected: "ncsc-rss, csaf, rss, kev",
            }),
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One CVE named by an advisory, with its CVSS base score where the source gives one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cve {
    pub id: String,
    pub cvss: Option<f32>,
    /// CVSS base severity as the source wrote it (`CRITICAL`, `HIGH`, ...).
    pub severity: Option<String>,
}

impl Cve {
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), cvss: None, severity: None }
    }
}

/// An advisory as one source reported it, before storage and classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryDraft {
    pub id: AdvisoryId,
    /// Name of the configured source that reported it.
    pub source: String,
    pub source_kind: SourceKind,
    pub title: String,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub version: Option<Version>,
    /// Publication time from the source; `None` when the item carries no date.
    pub published_at: Option<DateTime<Utc>>,
    /// Language tag of the source text (`nl`, `en`, ...), when the source states it.
    pub lang: Option<String>,
    pub tlp: Tlp,
    pub ncsc_rating: Option<NcscRating>,
    /// Affected products, vendor first where known (`Adobe Commerce`, `Citrix NetScaler ADC`).
    pub products: Vec<String>,
    pub cves: Vec<Cve>,
    /// Remediation steps from the source (CSAF `remediations`).
    pub remediations: Vec<String>,
}

impl AdvisoryDraft {
    /// Starts a draft with only the required fields; parsers fill in the rest.
    pub fn new(id: AdvisoryId, source: &str, source_kind: SourceKind, title: &str) -> Self {
        Self {
            id,
            source: source.to_owned(),
            source_kind,
            title: title.to_owned(),
            summary: None,
            url: None,
            version: None,
            published_at: None,
            lang: None,
            tlp: Tlp::Clear,
            ncsc_rating: None,
            products: Vec::new(),
            cves: Vec::new(),
            remediations: Vec::new(),
        }
    }

    /// Cleans every text field that came from a feed: control and invisible format characters
    /// go, and a link that is not http or https is dropped. Runs before storing and
    /// classifying, so hidden characters cannot split a product name away from the rules.
    pub fn clean(&mut self) {
        self.title = super::clean_text(&self.title, false);
        self.summary = self.summary.as_deref().map(|summary| super::clean_text(summary, true)).filter(|s| !s.trim().is_empty());
        self.url = self.url.as_deref().and_then(super::clean_link);
        for product in &mut self.products {
            *product = super::clean_text(product, false);
        }
        self.products.retain(|product| !product.trim().is_empty());
        for remediation in &mut self.remediations {
            *remediation = super::clean_text(remediation, true);
        }
        self.cves.retain(|cve| is_cve_id(&cve.id));
    }

    /// Returns the text that classification rules are matched against.
    pub fn searchable_text(&self) -> String {
        let mut text = self.title.clone();
        for part in self.summary.iter().chain(&self.products) {
            text.push('\n');
            text.push_str(part);
        }
        text
    }
}

/// The outcome of classification: the tier an advisory suits and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub tier: Tier,
    pub urgency: Urgency,
    pub ecommerce_relevant: bool,
    /// Webshop products that made the advisory e-commerce relevant.
    pub matched_products: Vec<String>,
    /// Human-readable descriptions of the rules that fired, in the order they fired.
    pub reasons: Vec<String>,
}

/// A staff decision that replaces the classified tier, kept across later revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierOverride {
    pub tier: Tier,
    pub reason: String,
    pub set_at: DateTime<Utc>,
}

/// One version of an advisory as it was first seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub version: Option<Version>,
    pub seen_at: DateTime<Utc>,
    pub source: String,
}

/// A stored advisory: the winning draft fields, its history and its classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub draft: AdvisoryDraft,
    /// When Ketenwacht first saw any version; serves as the publication date when the source gives none.
    pub first_seen_at: DateTime<Utc>,
    /// When the latest revision or field change was stored.
    pub changed_at: DateTime<Utc>,
    pub revisions: Vec<Revision>,
    /// Every source that reported this advisory.
    pub sources: Vec<String>,
    /// Whether a CVE of this advisory is in the CISA KEV catalog.
    pub exploited: bool,
    pub classification: Classification,
    pub tier_override: Option<TierOverride>,
}

impl Advisory {
    pub fn id(&self) -> &AdvisoryId {
        &self.draft.id
    }

    /// Returns the tier used for digests: a staff override wins over the rules.
    pub fn tier(&self) -> Tier {
        self.tier_override.as_ref().map_or(self.classification.tier, |o| o.tier)
    }

    pub fn urgency(&self) -> Urgency {
        self.classification.urgency
    }

    /// Publication time, or first sight for items without a date.
    pub fn published_at(&self) -> DateTime<Utc> {
        self.draft.published_at.unwrap_or(self.first_seen_at)
    }

    /// Whether a later version than the first one has been stored.
    pub fn is_updated(&self) -> bool {
        self.revisions.len() > 1
    }

    pub fn language(&self) -> Option<Language> {
        self.draft.lang.as_deref().and_then(|lang| lang.parse().ok())
    }
}

/// Checks that `id` has the form CVE-YYYY-NNNN, with four or more digits at the end.
fn is_cve_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let (Some("CVE"), Some(year), Some(number), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && number.len() >= 4 && number.len() <= 12 && number.bytes().all(|b| b.is_ascii_digit())
}
