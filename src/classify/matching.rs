//! Matching one compiled rule against the fields of an advisory draft.

use std::ops::Range;

use super::rules::{Field, Rule};
use crate::domain::AdvisoryDraft;

/// Returns the texts the rule's pattern matched, in field order, or `None` when it did not fire.
///
/// A match counts unless it lies inside a match of the rule's `exclude` regex in the same text,
/// so that "geen misbruik bekend" does not count as a report of exploitation.
pub(super) fn match_rule(rule: &Rule, draft: &AdvisoryDraft) -> Option<Vec<String>> {
    let mut matched = Vec::new();
    for &field in &rule.fields {
        for text in field_texts(draft, field) {
            matched.extend(matches_in(rule, text));
        }
    }
    if matched.is_empty() {
        None
    } else {
        Some(matched)
    }
}

/// Joins every field a rule can read, one per line, for the prefilter.
pub(super) fn joined_fields(draft: &AdvisoryDraft) -> String {
    let fields = [Field::Title, Field::Summary, Field::Products, Field::Source, Field::Url];
    let texts: Vec<&str> = fields.into_iter().flat_map(|field| field_texts(draft, field)).collect();
    texts.join("\n")
}

fn field_texts(draft: &AdvisoryDraft, field: Field) -> Vec<&str> {
    match field {
        Field::Title => vec![draft.title.as_str()],
        Field::Summary => draft.summary.iter().map(String::as_str).collect(),
        Field::Products => draft.products.iter().map(String::as_str).collect(),
        Field::Source => vec![draft.source.as_str()],
        Field::Url => draft.url.iter().map(String::as_str).collect(),
    }
}

fn matches_in(rule: &Rule, text: &str) -> Vec<String> {
    // Most rules miss most texts; a plain test is far cheaper than collecting spans.
    if !rule.pattern.is_match(text) {
        return Vec::new();
    }
    let excluded: Vec<Range<usize>> = match &rule.exclude {
        Some(exclude) => exclude.find_iter(text).map(|found| found.range()).collect(),
        None => Vec::new(),
    };
    rule.pattern
        .find_iter(text)
        .filter(|found| !found.is_empty())
        .filter(|found| !excluded.iter().any(|span| span.start <= found.start() && found.end() <= span.end))
        .map(|found| found.as_str().to_owned())
        .collect()
}
