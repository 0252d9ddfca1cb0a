//! Plain text of one digest item, worded for the tier it is written for.
//!
//! Basic items read as plain action without CVE jargon. Advanced items add the NCSC id, the
//! ratings and an update marker. Expert items add the products and every CVE with its CVSS
//! score. Advanced items name the most relevant supplier checklist question for the products,
//! and expert items every one that applies. Every item marks urgency, shows its TLP label and links its URL.

use super::item::{DigestItem, ItemKind};
use super::split::cut;
use crate::domain::{Cve, Language, NcscRating, Tier, Urgency};
use crate::i18n::{text, text_with, Arg};

/// Separator between the short facts on one line.
const FACT_SEPARATOR: &str = " · ";
/// Maximum length of a summary or remediation excerpt, in characters.
const MAX_EXCERPT_CHARS: usize = 300;
/// Maximum number of products an expert item lists by name. The rest are counted.
const MAX_LISTED_PRODUCTS: usize = 10;

/// Renders one item as lines of plain text.
pub(super) fn render_item(item: &DigestItem, language: Language) -> String {
    let mut lines = match (item.written_for, item.kind) {
        (Tier::Basic, ItemKind::Vulnerability) => basic_vulnerability(item, language),
        (Tier::Basic, ItemKind::Guidance) => guidance(item, language),
        (_, ItemKind::Guidance) => with_facts(guidance(item, language), item, language),
        (Tier::Advanced, ItemKind::Vulnerability) => advanced_vulnerability(item, language),
        (Tier::Expert, ItemKind::Vulnerability) => expert_vulnerability(item, language),
    };
    if let Some(line) = checklist_line(item, language) {
        lines.push(line);
    }
    lines.push(footer(item, language));
    lines.join("\n")
}

fn basic_vulnerability(item: &DigestItem, language: Language) -> Vec<String> {
    let mut lines = Vec::new();
    let named = if item.title_products.is_empty() { &item.products } else { &item.title_products };
    let update = if named.is_empty() {
        lines.push(headline(item, language));
        text(language, "item-basic-update-generic")
    } else {
        let product = join_list(&named[..named.len().min(3)], language);
        text_with(language, "item-basic-update", &[("product", product.into())])
    };

    let urgent = if item.is_urgent() { "yes" } else { "no" };
    let action_id = if item.ecommerce_relevant { "item-basic-action-webshop" } else { "item-basic-action-other" };
    let mut sentences = vec![update, text_with(language, action_id, &[("urgent", urgent.into())])];
    if item.exploited {
        sentences.push(text(language, "item-basic-exploited"));
    }

    let paragraph = sentences.join(" ");
    if lines.is_empty() {
        lines.push(mark_urgent(item, language, paragraph));
    } else {
        lines.push(paragraph);
    }
    lines
}

fn guidance(item: &DigestItem, language: Language) -> Vec<String> {
    let mut lines = vec![headline(item, language)];
    if let Some(summary) = item.summary.as_deref().map(collapse_whitespace).filter(|text| !text.is_empty()) {
        lines.push(cut(&summary, MAX_EXCERPT_CHARS));
    }
    lines
}

fn advanced_vulnerability(item: &DigestItem, language: Language) -> Vec<String> {
    let mut lines = with_facts(vec![headline(item, language)], item, language);
    match item.remediations.first() {
        Some(step) => lines.push(remediation(step, language)),
        None => lines.push(text(language, "item-advanced-action")),
    }
    lines
}

fn expert_vulnerability(item: &DigestItem, language: Language) -> Vec<String> {
    let mut lines = with_facts(vec![headline(item, language)], item, language);
    if !item.products.is_empty() {
        lines.push(products_line(&item.products, language));
    }
    if !item.cves.is_empty() {
        let list: Vec<String> = item.cves.iter().map(|cve| cve_text(cve, language)).collect();
        lines.push(text_with(language, "item-cves", &[("list", list.join(", ").into())]));
    }
    lines.extend(item.remediations.iter().map(|step| remediation(step, language)));
    lines
}

/// Names the supplier checklist questions that apply to the item's products: the most
/// relevant one for advanced readers, all of them for experts, none for basic readers.
fn checklist_line(item: &DigestItem, language: Language) -> Option<String> {
    let shown = match item.written_for {
        Tier::Basic => return None,
        Tier::Advanced => &item.checklist_items[..item.checklist_items.len().min(1)],
        Tier::Expert => &item.checklist_items[..],
    };
    if shown.is_empty() {
        return None;
    }
    Some(text_with(language, "item-checklist", &[("items", shown.join(", ").into())]))
}

/// Returns the title, marked when the item is urgent.
fn headline(item: &DigestItem, language: Language) -> String {
    mark_urgent(item, language, item.title.clone())
}

fn mark_urgent(item: &DigestItem, language: Language, line: String) -> String {
    if item.is_urgent() {
        text_with(language, "item-urgent", &[("text", line.into())])
    } else {
        line
    }
}

/// Appends the line of short facts (NCSC id, rating, update, exploitation, webshops), if any.
fn with_facts(mut lines: Vec<String>, item: &DigestItem, language: Language) -> Vec<String> {
    let mut facts = Vec::new();
    if item.id.is_ncsc() {
        facts.push(item.id.to_string());
    }
    if let Some(rating) = item.ncsc_rating {
        facts.push(rating_text(rating, language));
    }
    if item.updated {
        facts.push(match &item.version {
            Some(version) => text_with(language, "item-updated", &[("version", version.as_str().into())]),
            None => text(language, "item-updated-plain"),
        });
    }
    if item.exploited {
        facts.push(text(language, "item-exploited"));
    }
    if item.ecommerce_relevant && !item.matched_products.is_empty() {
        let products = join_list(&item.matched_products, language);
        facts.push(text_with(language, "item-webshop", &[("products", products.into())]));
    }
    if !facts.is_empty() {
        lines.push(facts.join(FACT_SEPARATOR));
    }
    lines
}

fn rating_text(rating: NcscRating, language: Language) -> String {
    match rating {
        NcscRating::KansSchade { .. } => text_with(language, "item-ncsc-rating", &[("rating", rating.to_string().into())]),
        NcscRating::Label { urgency } => {
            let label = match urgency {
                Urgency::Urgent => "urgent",
                Urgency::Normal => "normal",
            };
            text_with(language, "item-ncsc-label", &[("label", label.into())])
        }
    }
}

fn products_line(products: &[String], language: Language) -> String {
    let listed = &products[..products.len().min(MAX_LISTED_PRODUCTS)];
    let mut names: Vec<String> = listed.to_vec();
    let more = products.len() - listed.len();
    if more > 0 {
        names.push(text_with(language, "item-products-more", &[("count", more.into())]));
    }
    text_with(language, "item-products", &[("products", join_list(&names, language).into())])
}

fn cve_text(cve: &Cve, language: Language) -> String {
    let id = Arg::from(cve.id.as_str());
    match (cve.cvss, cve.severity.as_deref()) {
        (Some(score), Some(severity)) => text_with(
            language,
            "item-cve-scored",
            &[("id", id), ("score", format!("{score:.1}").into()), ("severity", severity.into())],
        ),
        (Some(score), None) => {
            text_with(language, "item-cve-score-only", &[("id", id), ("score", format!("{score:.1}").into())])
        }
        (None, _) => text_with(language, "item-cve-plain", &[("id", id)]),
    }
}

fn remediation(step: &str, language: Language) -> String {
    let step = cut(&collapse_whitespace(step), MAX_EXCERPT_CHARS);
    text_with(language, "item-remediation", &[("text", step.into())])
}

/// Builds the last line: the TLP label and, when the item has one, its link.
fn footer(item: &DigestItem, language: Language) -> String {
    let tlp = text_with(language, "item-tlp", &[("label", item.tlp.as_str().into())]);
    match &item.url {
        Some(url) => [tlp, text_with(language, "item-link", &[("url", url.as_str().into())])].join(FACT_SEPARATOR),
        None => tlp,
    }
}

/// Joins names as a sentence list: "A", "A en B", "A, B en C".
fn join_list(names: &[String], language: Language) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] => text_with(language, "list-two", &[("first", first.as_str().into()), ("second", second.as_str().into())]),
        [rest @ .., last] => {
            text_with(language, "list-many", &[("rest", rest.join(", ").into()), ("last", last.as_str().into())])
        }
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
