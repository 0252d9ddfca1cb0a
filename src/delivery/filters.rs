//! A subscription's include and exclude filters: regular expressions on an advisory's title
//! or products.
//!
//! Patterns are case-insensitive, because members type product names the way they say them
//! ("magento" must match "Magento Open Source"). Their length, count and compiled size are
//! limited, so a member's pattern cannot make matching slow or large.

use regex::{RegexSet, RegexSetBuilder};

use crate::domain::{Advisory, Subscription};

/// Maximum length of one pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 200;
/// Maximum number of patterns in one list (include or exclude).
pub const MAX_PATTERNS: usize = 25;
/// Maximum size of one compiled pattern list, in bytes (the `regex` crate's `size_limit`).
const COMPILED_SIZE_LIMIT: usize = 1 << 20;

/// A filter pattern that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("empty {list} filter pattern: remove it or write a product or title word")]
    Empty { list: &'static str },
    #[error("{list} filter pattern {pattern:?} has {chars} characters; use at most {MAX_PATTERN_CHARS}")]
    TooLong { list: &'static str, pattern: String, chars: usize },
    #[error("{count} {list} filter patterns given; use at most {MAX_PATTERNS}")]
    TooMany { list: &'static str, count: usize },
    #[error("invalid {list} filter pattern {pattern:?}: {reason}")]
    Invalid { list: &'static str, pattern: String, reason: String },
}

/// Compiled include and exclude patterns.
#[derive(Debug, Clone)]
pub struct Filters {
    /// `None` when no include pattern is set, so every advisory is included.
    include: Option<RegexSet>,
    exclude: Option<RegexSet>,
}

impl Filters {
    /// Compiles a subscription's filters.
    pub fn of(subscription: &Subscription) -> Result<Filters, FilterError> {
        Filters::compile(&subscription.include, &subscription.exclude)
    }

    /// Compiles include and exclude patterns, checking every one.
    pub fn compile(include: &[String], exclude: &[String]) -> Result<Filters, FilterError> {
        Ok(Filters { include: compile_list("include", include)?, exclude: compile_list("exclude", exclude)? })
    }

    /// Returns whether an advisory passes: it matches an include pattern (when any are set) and
    /// no exclude pattern, each on its title or on one of its products.
    pub fn passes(&self, advisory: &Advisory) -> bool {
        let draft = &advisory.draft;
        let matches = |set: &RegexSet| {
            set.is_match(&draft.title) || draft.products.iter().any(|product| set.is_match(product))
        };
        let included = self.include.as_ref().is_none_or(matches);
        let excluded = self.exclude.as_ref().is_some_and(matches);
        included && !excluded
    }

    /// Returns whether no pattern is set, so every advisory passes.
    pub fn is_empty(&self) -> bool {
        self.include.is_none() && self.exclude.is_none()
    }
}

fn compile_list(list: &'static str, patterns: &[String]) -> Result<Option<RegexSet>, FilterError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    if patterns.len() > MAX_PATTERNS {
        return Err(FilterError::TooMany { list, count: patterns.len() });
    }
    for pattern in patterns {
        check_pattern(list, pattern)?;
    }

    let set = RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .size_limit(COMPILED_SIZE_LIMIT)
        .dfa_size_limit(COMPILED_SIZE_LIMIT)
        .build()
        .map_err(|error| invalid(list, patterns, error))?;
    Ok(Some(set))
}

fn check_pattern(list: &'static str, pattern: &str) -> Result<(), FilterError> {
    if pattern.trim().is_empty() {
        return Err(FilterError::Empty { list });
    }
    let chars = pattern.chars().count();
    if chars > MAX_PATTERN_CHARS {
        let shown: String = pattern.chars().take(40).collect();
        return Err(FilterError::TooLong { list, pattern: format!("{shown}…"), chars });
    }
    Ok(())
}

/// Names the pattern that failed: the set's error does not name the pattern, so each is
/// compiled alone to find it.
fn invalid(list: &'static str, patterns: &[String], error: regex::Error) -> FilterError {
    let culprit = patterns.iter().find_map(|pattern| {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(COMPILED_SIZE_LIMIT)
            .build()
            .err()
            .map(|error| (pattern.clone(), error))
    });
    match culprit {
        Some((pattern, error)) => FilterError::Invalid { list, pattern, reason: describe(&error) },
        None => FilterError::Invalid { list, pattern: patterns.join(" | "), reason: describe(&error) },
    }
}

fn describe(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => {
            format!("it compiles to more than {limit} bytes; use a shorter or simpler pattern")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::test_data;

    fn advisory(title: &str, products: &[&str]) -> Advisory {
        let mut advisory = test_data::advisory(1, "2025-08-28T06:00:00Z");
        advisory.draft.title = title.to_owned();
        advisory.draft.products = products.iter().map(|product| product.to_string()).collect();
        advisory
    }

    fn filters(include: &[&str], exclude: &[&str]) -> Filters {
        let owned = |list: &[&str]| list.iter().map(|text| text.to_string()).collect::<Vec<_>>();
        Filters::compile(&owned(include), &owned(exclude)).unwrap()
    }

    #[test]
    fn no_patterns_pass_everything() {
        let filters = filters(&[], &[]);
        assert!(filters.is_empty());
        assert!(filters.passes(&advisory("Kwetsbaarheid in Zoom", &[])));
    }

    #[test]
    fn include_matches_title_or_product() {
        let filters = filters(&["magento", "^woo"], &[]);
        assert!(filters.passes(&advisory("Kwetsbaarheden verholpen in Magento", &[])));
        assert!(filters.passes(&advisory("Kwetsbaarheden verholpen", &["WooCommerce Payments"])));
        assert!(!filters.passes(&advisory("Kwetsbaarheid in Zoom", &["Zoom Workplace"])));
        assert!(!filters.passes(&advisory("Plugin for Woo", &[])), "anchored pattern matched mid-title");
    }

    #[test]
    fn exclude_wins_over_include() {
        let filters = filters(&["adobe"], &["acrobat"]);
        assert!(filters.passes(&advisory("Adobe Commerce", &["Adobe Commerce"])));
        assert!(!filters.passes(&advisory("Adobe update", &["Adobe Acrobat Reader"])));
        let only_exclude = filters_only_exclude();
        assert!(only_exclude.passes(&advisory("Apple iOS", &[])));
        assert!(!only_exclude.passes(&advisory("Microsoft Windows", &[])));
    }

    fn filters_only_exclude() -> Filters {
        filters(&[], &["windows"])
    }

    #[test]
    fn invalid_pattern_named() {
        let error = Filters::compile(&["ok".into(), "(unclosed".into()], &[]).unwrap_err();
        assert!(matches!(&error, FilterError::Invalid { list: "include", pattern, .. } if pattern == "(unclosed"), "{error}");
    }

    #[test]
    fn empty_pattern_rejected() {
        let error = Filters::compile(&[], &["  ".into()]).unwrap_err();
        assert_eq!(error, FilterError::Empty { list: "exclude" });
    }

    #[test]
    fn long_and_many_patterns_rejected() {
        let long = "a".repeat(MAX_PATTERN_CHARS + 1);
        let error = Filters::compile(&[long], &[]).unwrap_err();
        assert!(matches!(error, FilterError::TooLong { chars, .. } if chars == MAX_PATTERN_CHARS + 1));
        let many: Vec<String> = (0..=MAX_PATTERNS).map(|n| format!("p{n}")).collect();
        let error = Filters::compile(&[], &many).unwrap_err();
        assert_eq!(error, FilterError::TooMany { list: "exclude", count: MAX_PATTERNS + 1 });
    }

    #[test]
    fn huge_compiled_pattern_rejected() {
        let error = Filters::compile(&[r"\w{100}\w{100}\w{100}".into()], &[]).unwrap_err();
        assert!(matches!(&error, FilterError::Invalid { reason, .. } if reason.contains("bytes")), "{error}");
    }

    #[test]
    fn non_ascii_matched_case_insensitively() {
        let filters = filters(&["überprodukt"], &[]);
        assert!(filters.passes(&advisory("Lek in ÜBERPRODUKT", &[])));
    }
}
