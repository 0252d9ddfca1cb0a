//! A subscription's include and exclude filters: case-insensitive regular expressions matched
//! against an advisory's title and each of its products.

use regex::{Regex, RegexBuilder};

use crate::domain::{Advisory, Subscription};

/// Maximum number of filters of one subscription, include and exclude together.
pub const MAX_FILTERS: usize = 10;
/// Maximum length of one filter, in characters.
pub const MAX_FILTER_CHARS: usize = 100;
/// Limit on the compiled size of one filter, in bytes, so that a short pattern with large
/// repetitions cannot take much memory or time. Plain words and alternations stay far below it.
const COMPILED_SIZE_LIMIT: usize = 256 * 1024;

/// A filter list that cannot be used, naming the filter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("{option}= needs at least one pattern")]
    Empty { option: &'static str },
    #[error("{count} filters given: at most {MAX_FILTERS} are allowed")]
    TooMany { count: usize },
    #[error("filter {filter:?} is longer than {MAX_FILTER_CHARS} characters")]
    TooLong { filter: String },
    #[error("filter {filter:?} is not a valid regular expression")]
    Invalid { filter: String },
    #[error("filter {filter:?} compiles to more than {COMPILED_SIZE_LIMIT} bytes")]
    TooComplex { filter: String },
    #[error("a filter is empty: give a word or pattern, such as magento")]
    Blank,
}

/// Compiled include and exclude filters.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    include: Vec<Regex>,
    exclude: Vec<Regex>,
}

impl Filters {
    /// Compiles the filters stored with a subscription.
    pub fn of(subscription: &Subscription) -> Result<Filters, FilterError> {
        Filters::compile(&subscription.include, &subscription.exclude)
    }

    /// Whether no filter is set, so every advisory passes.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Checks the limits and compiles every filter; the first filter at fault is named.
    pub fn compile(include: &[String], exclude: &[String]) -> Result<Filters, FilterError> {
        let count = include.len() + exclude.len();
        if count > MAX_FILTERS {
            return Err(FilterError::TooMany { count });
        }
        Ok(Filters { include: compile_all(include)?, exclude: compile_all(exclude)? })
    }

    /// Returns whether an advisory passes: it matches an include filter (when any are set)
    /// and no exclude filter.
    pub fn accepts(&self, advisory: &Advisory) -> bool {
        let draft = &advisory.draft;
        let texts = || std::iter::once(draft.title.as_str()).chain(draft.products.iter().map(String::as_str));
        let matches_any = |filters: &[Regex]| filters.iter().any(|filter| texts().any(|text| filter.is_match(text)));
        (self.include.is_empty() || matches_any(&self.include)) && !matches_any(&self.exclude)
    }
}

fn compile_all(filters: &[String]) -> Result<Vec<Regex>, FilterError> {
    filters.iter().map(|filter| compile(filter)).collect()
}

fn compile(filter: &str) -> Result<Regex, FilterError> {
    if filter.trim().is_empty() {
        return Err(FilterError::Blank);
    }
    if filter.chars().nth(MAX_FILTER_CHARS).is_some() {
        return Err(FilterError::TooLong { filter: filter.to_owned() });
    }
    RegexBuilder::new(filter)
        .case_insensitive(true)
        .size_limit(COMPILED_SIZE_LIMIT)
        .dfa_size_limit(COMPILED_SIZE_LIMIT)
        .build()
        .map_err(|error| match error {
            regex::Error::CompiledTooBig(_) => FilterError::TooComplex { filter: filter.to_owned() },
            _ => FilterError::Invalid { filter: filter.to_owned() },
        })
}

/// Splits the value of `include=` or `exclude=` on commas outside brackets and braces, so that
/// `a{1,3}` and `[,;]` stay one filter. A backslash escapes the next character.
pub fn split_filter_list(option: &'static str, value: &str) -> Result<Vec<String>, FilterError> {
    let mut filters = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if matches!(c, '[' | '{' | '(') {
            depth += 1;
        } else if matches!(c, ']' | '}' | ')') {
            depth = depth.saturating_sub(1);
        } else if c == ',' && depth == 0 {
            filters.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    filters.push(current);

    if filters.iter().any(String::is_empty) {
        return Err(FilterError::Empty { option });
    }
    Ok(filters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AdvisoryDraft, AdvisoryId, Classification, SourceKind, Tier, Urgency};

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|text| (*text).to_owned()).collect()
    }

    fn advisory(title: &str, products: &[&str]) -> Advisory {
        let id: AdvisoryId = "NCSC-2025-0259".parse().unwrap();
        let mut draft = AdvisoryDraft::new(id, "ncsc-advisories", SourceKind::NcscRss, title);
        draft.products = strings(products);
        let now = chrono::Utc::now();
        Advisory {
            draft,
            first_seen_at: now,
            changed_at: now,
            revisions: Vec::new(),
            sources: Vec::new(),
            exploited: false,
            classification: Classification {
                tier: Tier::Basic,
                urgency: Urgency::Normal,
                ecommerce_relevant: false,
                matched_products: Vec::new(),
                reasons: Vec::new(),
            },
            tier_override: None,
        }
    }

    #[test]
    fn split_keeps_brackets_whole() {
        assert_eq!(split_filter_list("include", "magento,woocommerce").unwrap(), ["magento", "woocommerce"]);
        assert_eq!(split_filter_list("include", "a{1,3},b").unwrap(), ["a{1,3}", "b"]);
        assert_eq!(split_filter_list("include", "[,;]x").unwrap(), ["[,;]x"]);
        assert_eq!(split_filter_list("include", r"a\,b").unwrap(), [r"a\,b"]);
    }

    #[test]
    fn split_rejects_empty_patterns() {
        for value in ["", ",", "a,,b", "a,"] {
            assert_eq!(split_filter_list("exclude", value), Err(FilterError::Empty { option: "exclude" }), "{value:?}");
        }
    }

    #[test]
    fn invalid_pattern_is_named() {
        let error = Filters::compile(&strings(&["magento", "shop("]), &[]).unwrap_err();
        assert_eq!(error, FilterError::Invalid { filter: "shop(".to_owned() });
        let error = Filters::compile(&[], &strings(&["[z-a]"])).unwrap_err();
        assert_eq!(error, FilterError::Invalid { filter: "[z-a]".to_owned() });
    }

    #[test]
    fn huge_repetition_is_too_complex() {
        let error = Filters::compile(&strings(&[r"\w{1000}\w{1000}"]), &[]).unwrap_err();
        assert_eq!(error, FilterError::TooComplex { filter: r"\w{1000}\w{1000}".to_owned() });
    }

    #[test]
    fn limits_on_count_and_length() {
        let eleven = vec!["a".to_owned(); MAX_FILTERS + 1];
        assert_eq!(Filters::compile(&eleven, &[]).unwrap_err(), FilterError::TooMany { count: 11 });
        let split = Filters::compile(&eleven[..6], &eleven[..5]).unwrap_err();
        assert_eq!(split, FilterError::TooMany { count: 11 });
        assert!(Filters::compile(&eleven[..5], &eleven[..5]).is_ok());

        let long = "ä".repeat(MAX_FILTER_CHARS + 1);
        assert_eq!(Filters::compile(&[], std::slice::from_ref(&long)).unwrap_err(), FilterError::TooLong { filter: long });
        assert!(Filters::compile(&["ä".repeat(MAX_FILTER_CHARS)], &[]).is_ok());
    }

    #[test]
    fn filters_match_title_or_product() {
        let magento = advisory("Kwetsbaarheden verholpen in Adobe Commerce", &["Magento Open Source"]);
        let zoom = advisory("Kwetsbaarheden verholpen in Zoom", &[]);

        let include = Filters::compile(&strings(&["MAGENTO", "woocommerce"]), &[]).unwrap();
        assert!(include.accepts(&magento));
        assert!(!include.accepts(&zoom));

        let exclude = Filters::compile(&[], &strings(&["zoom"])).unwrap();
        assert!(exclude.accepts(&magento));
        assert!(!exclude.accepts(&zoom));

        let both = Filters::compile(&strings(&["adobe"]), &strings(&["open source"])).unwrap();
        assert!(!both.accepts(&magento));

        assert!(Filters::default().accepts(&zoom));
    }

    #[test]
    fn exclude_wins_over_include() {
        let filters = Filters::compile(&strings(&["adobe"]), &strings(&["illustrator"])).unwrap();
        assert!(filters.accepts(&advisory("Kwetsbaarheden verholpen in Adobe Commerce", &[])));
        assert!(!filters.accepts(&advisory("Kwetsbaarheden verholpen in Adobe Illustrator", &[])));
    }

    #[test]
    fn no_filters_pass_everything() {
        let filters = Filters::compile(&[], &[]).unwrap();
        assert!(filters.is_empty());
        assert!(filters.accepts(&advisory("Kwetsbaarheden verholpen in Zoom", &[])));
    }

    #[test]
    fn blank_filter_is_rejected() {
        assert_eq!(Filters::compile(&strings(&[" "]), &[]).unwrap_err(), FilterError::Blank);
    }

    #[test]
    fn non_ascii_matches_case_insensitively() {
        let filters = Filters::compile(&strings(&["ÉÉN"]), &[]).unwrap();
        assert!(filters.accepts(&advisory("één product", &[])));
    }
}
