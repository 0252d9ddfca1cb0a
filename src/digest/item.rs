//! One advisory as a digest presents it: the fields every renderer needs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Advisory, AdvisoryId, Cve, NcscRating, SourceKind, Tier, Tlp, Urgency};

/// Whether an item reports fixed vulnerabilities or gives guidance (news, advice, warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// An advisory about vulnerabilities: NCSC advisories, CSAF documents, anything with CVEs.
    Vulnerability,
    /// Everything else, such as Digital Trust Center guidance.
    Guidance,
}

/// One advisory as a digest of a given tier presents it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestItem {
    pub id: AdvisoryId,
    /// The title without the NCSC id, version and rating prefix of NCSC feed titles.
    pub title: String,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub kind: ItemKind,
    /// Affected products from the source, or those named in the title when it lists none.
    pub products: Vec<String>,
    /// Products named in an NCSC title after "verholpen in", for plain-language text.
    pub title_products: Vec<String>,
    pub urgency: Urgency,
    /// Whether the advisory has more than one revision.
    pub updated: bool,
    /// Latest version in NCSC title form (`1.02`), when the source gives one.
    pub version: Option<String>,
    pub ncsc_rating: Option<NcscRating>,
    /// Every CVE with its CVSS score and severity where known.
    pub cves: Vec<Cve>,
    /// Whether a CVE of the advisory is in the CISA KEV catalog.
    pub exploited: bool,
    pub ecommerce_relevant: bool,
    /// Webshop platforms, payment providers and plugins that made the item e-commerce relevant.
    pub matched_products: Vec<String>,
    pub tlp: Tlp,
    pub remediations: Vec<String>,
    /// Ids of the supplier checklist questions that apply to the products the advisory
    /// names, such as `email.tls` for a mail server. Empty in digests stored before the
    /// field existed.
    #[serde(default)]
    pub checklist_items: Vec<String>,
    /// The advisory's effective tier: a staff override, else the classified tier.
    pub advisory_tier: Tier,
    /// The tier the rendered text is written for: the tier of the digest's readers.
    pub written_for: Tier,
    pub published_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
}

impl DigestItem {
    /// Builds the item for a digest whose readers are of tier `written_for`.
    pub fn from_advisory(advisory: &Advisory, written_for: Tier) -> DigestItem {
        let draft = &advisory.draft;
        let title = display_title(&draft.title);
        let title_products = products_in_title(&title);
        let products = if draft.products.is_empty() { title_products.clone() } else { draft.products.clone() };
        let products_and_title: Vec<&str> = products.iter().map(String::as_str).chain([title.as_str()]).collect();
        let checklist_items = crate::checklist::products::items_for(&products_and_title);
        DigestItem {
            id: draft.id.clone(),
            summary: draft.summary.clone(),
            url: draft.url.clone(),
            kind: item_kind(advisory),
            products,
            title_products,
            title,
            urgency: advisory.urgency(),
            updated: advisory.is_updated(),
            version: draft.version.as_ref().map(|version| version.ncsc_label()),
            ncsc_rating: draft.ncsc_rating,
            cves: draft.cves.clone(),
            exploited: advisory.exploited,
            ecommerce_relevant: advisory.classification.ecommerce_relevant,
            matched_products: advisory.classification.matched_products.clone(),
            tlp: draft.tlp,
            remediations: draft.remediations.clone(),
            checklist_items,
            advisory_tier: advisory.tier(),
            written_for,
            published_at: advisory.published_at(),
            changed_at: advisory.changed_at,
        }
    }

    pub fn is_urgent(&self) -> bool {
        self.urgency == Urgency::Urgent
    }
}

fn item_kind(advisory: &Advisory) -> ItemKind {
    let draft = &advisory.draft;
    let from_advisory_source = matches!(draft.source_kind, SourceKind::NcscRss | SourceKind::Csaf);
    if from_advisory_source || draft.id.is_ncsc() || !draft.cves.is_empty() {
        ItemKind::Vulnerability
    } else {
        ItemKind::Guidance
    }
}

/// Strips the `NCSC-2025-0259 [1.00] [M/H]` prefix of NCSC feed titles; other titles are kept.
fn display_title(title: &str) -> String {
    let trimmed = title.trim();
    let Some(id) = AdvisoryId::find_ncsc(trimmed) else {
        return trimmed.to_owned();
    };
    // `find_ncsc` upper-cases the id but keeps its length in bytes.
    let id_len = id.as_str().len();
    let starts_with_id = trimmed.get(..id_len).is_some_and(|head| head.eq_ignore_ascii_case(id.as_str()));
    if !starts_with_id {
        return trimmed.to_owned();
    }

    let mut rest = trimmed[id_len..].trim_start();
    while let Some(inner) = rest.strip_prefix('[') {
        match inner.find(']') {
            Some(end) => rest = inner[end + 1..].trim_start(),
            None => break,
        }
    }
    if rest.is_empty() {
        trimmed.to_owned()
    } else {
        rest.to_owned()
    }
}

/// Lists the products an NCSC title names after "verholpen in" ("Apple MacOS, iOS en iPadOS").
fn products_in_title(title: &str) -> Vec<String> {
    const MARKER: &str = "verholpen in ";
    // ASCII lower-casing keeps byte offsets, so the offset is valid in `title` too.
    let Some(at) = title.to_ascii_lowercase().find(MARKER) else {
        return Vec::new();
    };
    let named = title[at + MARKER.len()..].trim().trim_end_matches('.');
    named
        .split(", ")
        .flat_map(|part| part.split(" en "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncsc_prefix_is_stripped() {
        let title = "NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway";
        assert_eq!(display_title(title), "Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
        assert_eq!(display_title("Kwetsbaarheid in Zoom"), "Kwetsbaarheid in Zoom");
        assert_eq!(display_title("NCSC-2025-0268 [1.02]"), "NCSC-2025-0268 [1.02]");
        assert_eq!(display_title("NCSC-2025-0268 [1.02 zonder einde"), "[1.02 zonder einde");
    }

    #[test]
    fn title_products_split_on_lists() {
        let title = "Kwetsbaarheid verholpen in Apple MacOS, iOS en iPadOS";
        assert_eq!(products_in_title(title), ["Apple MacOS", "iOS", "iPadOS"]);
        assert_eq!(products_in_title("Kwetsbaarheden verholpen in Zoom"), ["Zoom"]);
        assert!(products_in_title("Zo herkent u phishing").is_empty());
    }

    #[test]
    fn title_products_survive_non_ascii() {
        let title = "Kwetsbaarheden VERHOLPEN IN Überprodukt für Zürich";
        assert_eq!(products_in_title(title), ["Überprodukt für Zürich"]);
        let title = "Ü NCSC-2025-0001 verholpen in Ä";
        assert_eq!(products_in_title(title), ["Ä"]);
    }
}
