//! The supplier security checklist: questions a webshop puts to the partners, customers and
//! suppliers it shares data with, about storing data, running systems and exchanging data.
//!
//! The content is data, not code: `data/checklist.{nl,en}.toml` hold the sections and
//! questions in each language with the same stable ids, and `data/checklist-products.toml`
//! maps product classes that advisories name to questions. Both are compiled in and parsed
//! once. [`matcher`] finds questions for a free-text question, [`questionnaire`] exports the
//! checklist as a file and reads a filled-in one back, [`outcome`] sums up answers, and
//! [`products`] links advisories to questions.

mod answer;
pub mod matcher;
pub mod outcome;
pub mod products;
pub mod questionnaire;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::domain::{Language, Tier};

pub use answer::Answer;

/// Maximum length of an item id, in bytes, so that an answer's callback id stays within
/// Telegram's 64 bytes with the largest run id (see `conversation::callback`).
pub const MAX_ITEM_ID_BYTES: usize = 32;

const DUTCH: &str = include_str!("../../data/checklist.nl.toml");
const ENGLISH: &str = include_str!("../../data/checklist.en.toml");

/// The checklist in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub title: String,
    pub intro: String,
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
}

/// A group of questions about one way of sharing data, such as file sharing or email.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, such as `file-sharing`.
    pub id: String,
    /// A short name members may type instead of the id, such as `bestanden`.
    pub alias: String,
    pub title: String,
    pub intro: String,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// One question of the checklist.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id: the section id, a dot and a name, such as `file-sharing.encrypted-transport`.
    pub id: String,
    /// The tier of members the question suits best.
    pub tier: Tier,
    /// A short label for buttons and headings.
    pub title: String,
    /// The question to put to the supplier.
    pub question: String,
    /// Reason the question matters.
    pub why: String,
    /// Description of a good answer.
    pub good: String,
    /// Advice for a "no" or "don't know" answer.
    pub advice: String,
    /// Words by which a free-text question finds this item.
    pub keywords: Vec<String>,
}

impl Checklist {
    /// Returns the checklist in `language`, parsed on first use.
    pub fn get(language: Language) -> &'static Checklist {
        static DUTCH_LIST: OnceLock<Checklist> = OnceLock::new();
        static ENGLISH_LIST: OnceLock<Checklist> = OnceLock::new();
        match language {
            Language::Nl => DUTCH_LIST.get_or_init(|| parse(DUTCH, "data/checklist.nl.toml")),
            Language::En => ENGLISH_LIST.get_or_init(|| parse(ENGLISH, "data/checklist.en.toml")),
        }
    }

    /// Finds a section by id, or by its alias in either language, ignoring case.
    pub fn section(&self, name: &str) -> Option<&Section> {
        let name = name.trim().to_lowercase();
        let id = [Language::Nl, Language::En].into_iter().find_map(|language| {
            Checklist::get(language)
                .sections
                .iter()
                .find(|section| section.id == name || section.alias == name)
                .map(|section| section.id.as_str())
        })?;
        self.sections.iter().find(|section| section.id == id)
    }

    /// Finds an item by id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|item| item.id == id)
    }

    /// Finds the section an item belongs to.
    pub fn section_of(&self, item_id: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.items.iter().any(|item| item.id == item_id))
    }

    /// Returns every item, section by section.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|section| section.items.iter())
    }
}

/// Parses an embedded checklist file. The files are part of the program and a test parses
/// them, so a failure here is a build defect, not bad input.
fn parse(source: &str, name: &str) -> Checklist {
    toml::from_str(source).unwrap_or_else(|error| panic!("{name} is not a valid checklist: {error}"))
}

#[cfg(test)]
mod tests;
