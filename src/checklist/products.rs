//! Product classes that advisories name, linked to the checklist questions that apply: an
//! advisory about a file transfer server points to the file-sharing questions.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

const PRODUCTS: &str = include_str!("../../data/checklist-products.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductFile {
    class: Vec<ProductClassData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductClassData {
    name: String,
    patterns: Vec<String>,
    items: Vec<String>,
}

/// A class of products, such as mail servers, with the questions that apply to it.
#[derive(Debug)]
pub struct ProductClass {
    pub name: String,
    /// Matches any of the class's product names as a whole word, ignoring case.
    matcher: Regex,
    /// Checklist item ids, most relevant first.
    pub items: Vec<String>,
}

impl ProductClass {
    /// Returns whether `text` names a product of this class.
    pub fn matches(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }
}

/// Every product class, parsed on first use.
pub fn classes() -> &'static [ProductClass] {
    static CLASSES: OnceLock<Vec<ProductClass>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        // The file is part of the program and a test parses it, so a failure is a build defect.
        let file: ProductFile = toml::from_str(PRODUCTS)
            .unwrap_or_else(|error| panic!("data/checklist-products.toml is invalid: {error}"));
        file.class.into_iter().map(compile).collect()
    })
}

fn compile(class: ProductClassData) -> ProductClass {
    let alternatives: Vec<String> = class.patterns.iter().map(|pattern| regex::escape(pattern)).collect();
    let pattern = format!(r"(?i)\b(?:{})\b", alternatives.join("|"));
    let matcher = Regex::new(&pattern)
        .unwrap_or_else(|error| panic!("product class {} has an invalid pattern: {error}", class.name));
    ProductClass { name: class.name, matcher, items: class.items }
}

/// Returns the ids of the checklist items that apply to an advisory naming `texts` (its
/// products and title), without repeats, in the order of the classes.
pub fn items_for(texts: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for class in classes() {
        if texts.iter().any(|text| class.matches(text)) {
            for id in &class.items {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::Checklist;
    use crate::domain::Language;

    #[test]
    fn every_linked_item_exists() {
        let checklist = Checklist::get(Language::Nl);
        for class in classes() {
            assert!(!class.items.is_empty(), "class {} links no items", class.name);
            for id in &class.items {
                assert!(checklist.item(id).is_some(), "class {} links unknown item {id}", class.name);
            }
        }
    }

    #[test]
    fn products_map_to_their_items() {
        assert_eq!(items_for(&["Progress MOVEit Transfer"])[0], "file-sharing.encrypted-transport");
        assert_eq!(items_for(&["Kwetsbaarheden verholpen in Microsoft Exchange Server"])[0], "email.tls");
        assert_eq!(items_for(&["Fortinet FortiOS"])[0], "operations.vulnerability-scans");
        assert_eq!(items_for(&["Ivanti Connect Secure", "Ivanti Policy Secure"]).len(), 2);
    }

    #[test]
    fn unrelated_products_link_nothing() {
        assert!(items_for(&["Adobe Commerce en Magento", "Information exchange platform"]).is_empty());
        assert!(items_for(&["Softwareftp-tool"]).is_empty());
        assert!(items_for(&[]).is_empty());
    }
}
