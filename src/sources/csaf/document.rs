//! Turns a checked CSAF document into an advisory draft.

use crate::domain::{AdvisoryDraft, AdvisoryId, Cve, NcscRating, Rating, SourceKind, Tlp, Urgency, Version};

use super::super::feed::language_tag;
use super::super::parse_error::ParseError;
use super::super::text;
use super::check::schema_error;
use super::schema::{Branch, CsafDocument, Cvss, Note, Vulnerability};

/// Maximum number of product names kept; large vendor trees list hundreds of builds.
const MAX_PRODUCTS: usize = 50;

pub(crate) fn to_draft(source: &str, document: &CsafDocument) -> Result<AdvisoryDraft, ParseError> {
    let meta = &document.document;
    let tracking = &meta.tracking;
    let id: AdvisoryId = tracking
        .id
        .parse()
        .map_err(|err| schema_error("/document/tracking/id", format!("invalid advisory id: {err}")))?;
    let version: Version = tracking
        .version
        .parse()
        .map_err(|err| schema_error("/document/tracking/version", format!("{err}")))?;
    let tlp = match meta.distribution.as_ref().and_then(|distribution| distribution.tlp.as_ref()) {
        Some(marking) => marking
            .label
            .parse::<Tlp>()
            .map_err(|err| schema_error("/document/distribution/tlp/label", err.to_string()))?,
        None => Tlp::Clear,
    };

    let mut draft = AdvisoryDraft::new(id, source, SourceKind::Csaf, meta.title.trim());
    draft.version = Some(version);
    draft.published_at = Some(tracking.initial_release_date);
    draft.lang = meta.lang.as_deref().and_then(language_tag);
    draft.tlp = tlp;
    draft.summary = summary(&meta.notes);
    draft.ncsc_rating = ncsc_rating(&meta.notes);
    draft.products = products(document);
    draft.cves = cves(&document.vulnerabilities);
    draft.remediations = remediations(&document.vulnerabilities);
    draft.url = meta
        .references
        .iter()
        .find(|reference| reference.category.as_deref() == Some("self"))
        .map(|reference| reference.url.trim().to_owned());
    Ok(draft)
}

/// Returns the first note of category `summary` as capped plain text.
fn summary(notes: &[Note]) -> Option<String> {
    notes.iter().find(|note| note.category == "summary").and_then(|note| text::summary_text(Some(&note.text)))
}

/// NCSC's rating from its notes: an `Urgent`/`Normaal` note wins over `Kans` and `Schade`
/// notes, because the label replaces the pair in newer NCSC advisories.
fn ncsc_rating(notes: &[Note]) -> Option<NcscRating> {
    let label = notes.iter().find_map(|note| {
        let word = note.text.trim().trim_end_matches('.').trim();
        word.parse::<Urgency>().ok().map(|urgency| NcscRating::Label { urgency })
    });
    if label.is_some() {
        return label;
    }
    let titled = |wanted: &str| {
        notes
            .iter()
            .find(|note| note.title.as_deref().is_some_and(|title| title.trim().eq_ignore_ascii_case(wanted)))
            .and_then(|note| Rating::parse(&note.text))
    };
    Some(NcscRating::KansSchade { kans: titled("kans")?, schade: titled("schade")? })
}

/// `Vendor Product` names from the branches, then the full product names, without duplicates.
fn products(document: &CsafDocument) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(tree) = &document.product_tree {
        for branch in &tree.branches {
            collect_products(branch, None, &mut names);
        }
        for full in &tree.full_product_names {
            push_unique(&mut names, full.name.trim());
        }
    }
    names.truncate(MAX_PRODUCTS);
    names
}

/// Walks a branch. A `product_name` branch is a product; a `product_family` branch is one
/// only when no `product_name` sits below it. Version branches below are never products.
fn collect_products(branch: &Branch, vendor: Option<&str>, names: &mut Vec<String>) {
    let name = branch.name.trim();
    match branch.category.as_str() {
        "vendor" => {
            for child in &branch.branches {
                collect_products(child, Some(name), names);
            }
        }
        "product_name" => push_unique(names, &with_vendor(vendor, name)),
        "product_family" if !has_product_name(branch) => push_unique(names, &with_vendor(vendor, name)),
        _ => {
            for child in &branch.branches {
                collect_products(child, vendor, names);
            }
        }
    }
}

fn has_product_name(branch: &Branch) -> bool {
    branch.branches.iter().any(|child| child.category == "product_name" || has_product_name(child))
}

fn with_vendor(vendor: Option<&str>, product: &str) -> String {
    match vendor {
        Some(vendor) if !vendor.is_empty() && !product.starts_with(vendor) => format!("{vendor} {product}"),
        _ => product.to_owned(),
    }
}

fn push_unique(names: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !names.iter().any(|known| known == name) {
        names.push(name.to_owned());
    }
}

/// Collects one entry per CVE, in document order, with the highest CVSS base score given for it.
fn cves(vulnerabilities: &[Vulnerability]) -> Vec<Cve> {
    let mut cves: Vec<Cve> = Vec::new();
    for vulnerability in vulnerabilities {
        let Some(id) = vulnerability.cve.as_deref().map(|id| id.trim().to_ascii_uppercase()) else {
            continue;
        };
        let best = scores(vulnerability).max_by(|a, b| a.base_score.total_cmp(&b.base_score));
        let position = cves.iter().position(|cve| cve.id == id);
        let cve = match position {
            Some(index) => &mut cves[index],
            None => {
                cves.push(Cve::new(id));
                let last = cves.len() - 1;
                &mut cves[last]
            }
        };
        if let Some(best) = best {
            if cve.cvss.is_none_or(|known| best.base_score > known) {
                cve.cvss = Some(best.base_score);
                cve.severity = best.base_severity.clone();
            }
        }
    }
    cves
}

/// Yields every CVSS object of a vulnerability: CSAF 2.0 `scores` and CSAF 2.1 `metrics`.
fn scores(vulnerability: &Vulnerability) -> impl Iterator<Item = &Cvss> {
    let from_scores = vulnerability.scores.iter().flat_map(|score| [&score.cvss_v2, &score.cvss_v3]);
    let from_metrics = vulnerability
        .metrics
        .iter()
        .flat_map(|metric| [&metric.content.cvss_v2, &metric.content.cvss_v3, &metric.content.cvss_v4]);
    from_scores.chain(from_metrics).flatten()
}

fn remediations(vulnerabilities: &[Vulnerability]) -> Vec<String> {
    let mut details = Vec::new();
    for remediation in vulnerabilities.iter().flat_map(|vulnerability| &vulnerability.remediations) {
        let text = text::html_to_text(&remediation.details);
        push_unique(&mut details, &text);
    }
    details
}
