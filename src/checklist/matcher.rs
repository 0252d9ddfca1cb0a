//! Finds the checklist questions that answer a free-text question in Dutch or English, such
//! as "hoe lang moet een wachtwoord zijn?" or "what is DMARC?".
//!
//! Words are lower-cased and split on anything but letters and digits, stop words are
//! dropped, and every word is reduced to a term. A word from the synonym list becomes its
//! concept (`wachtwoord` and `password` both become `#password`), and a long Dutch compound
//! that contains a synonym (`wachtwoordlengte`) adds that concept. Other words become their
//! Snowball stem; a question gets both the Dutch and the English stem because its language
//! is not known. Item titles and keywords are strong terms; the question, why and good-answer
//! texts are weak terms. The score of an item adds, per matching query term, its inverse
//! document frequency, weighted 2 for a strong and 0.5 for a weak match.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::{Checklist, Item};
use crate::domain::Language;

/// Maximum number of items one question returns.
pub const MAX_MATCHES: usize = 4;
/// Items scoring below this share of the best score are left out.
const RELATIVE_CUTOFF: f64 = 0.6;
const STRONG_WEIGHT: f64 = 2.0;
const WEAK_WEIGHT: f64 = 0.5;
/// Minimum length of a compound word that is searched for synonyms inside it.
const MIN_COMPOUND_CHARS: usize = 8;
/// Minimum length of a synonym that is looked for inside a compound word.
const MIN_COMPOUND_PART_CHARS: usize = 5;

/// Concepts with their spellings in Dutch and English. Every spelling is lower case.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("password", &["wachtwoord", "wachtwoorden", "wachtzin", "password", "passwords", "passphrase"]),
    ("length", &["lang", "lange", "langer", "lengte", "tekens", "teken", "karakters", "long", "length", "characters", "character", "chars"]),
    ("encryption", &["versleuteling", "versleuteld", "versleutelde", "versleutelen", "encryptie", "gecodeerd", "encryption", "encrypted", "encrypt", "encrypting"]),
    ("supplier", &["leverancier", "leveranciers", "dienstverlener", "dienstverleners", "supplier", "suppliers", "vendor", "vendors", "provider", "providers"]),
    ("secure", &["veilig", "veilige", "veiligheid", "onveilig", "secure", "safe", "safely", "insecure", "unsafe"]),
    ("mail", &["mail", "mails", "email", "emails", "mailserver", "mailservers"]),
    ("tls", &["tls", "ssl", "https"]),
    ("retention", &["bewaren", "bewaard", "bewaartermijn", "bewaartermijnen", "retention", "retain", "retained", "keep", "kept"]),
    ("delete", &["verwijderen", "verwijderd", "wissen", "gewist", "delete", "deleted", "deletion", "erase"]),
    ("phishing", &["phishing", "nepmail", "nepmails", "spoofing", "phish"]),
    ("update", &["update", "updates", "patch", "patches", "patchen", "patching", "bijwerken", "bijgewerkt"]),
    ("log", &["log", "logs", "logging", "logboek", "logboeken", "toegangslog", "toegangslogs"]),
    ("gdpr", &["avg", "gdpr"]),
    ("scan", &["scan", "scans", "scannen", "scanning", "kwetsbaarheidsscan", "kwetsbaarheidsscans", "pentest"]),
    ("training", &["training", "trainingen", "trainen", "cursus", "cursussen", "bewustwording", "awareness"]),
    ("account", &["account", "accounts", "gebruikersaccount", "login", "inloggen", "inlog"]),
    ("key", &["sleutel", "sleutels", "key", "keys"]),
    ("file", &["bestand", "bestanden", "file", "files"]),
    ("separate", &["gescheiden", "apart", "scheiding", "scheiden", "separate", "separated", "separation"]),
    ("portal", &["portaal", "portalen", "portal", "portals"]),
    ("storage", &["opslag", "opslaan", "opgeslagen", "storage", "store", "stored", "storing"]),
    ("access", &["toegang", "access"]),
];

/// Words that carry no meaning for matching, in Dutch and English.
const STOP_WORDS: &[&str] = &[
    // Dutch
    "de", "het", "een", "en", "of", "is", "zijn", "moet", "moeten", "hoe", "wat", "wie", "waar", "wanneer", "waarom",
    "welke", "welk", "ik", "je", "jij", "jullie", "u", "we", "wij", "ze", "zij", "mijn", "onze", "ons", "uw", "van",
    "voor", "met", "op", "in", "aan", "bij", "naar", "om", "te", "door", "over", "als", "dan", "dat", "die", "dit",
    "deze", "er", "niet", "geen", "wel", "nog", "ook", "al", "maar", "kan", "kun", "kunt", "mag", "mogen", "wordt",
    "worden", "word", "heb", "hebt", "heeft", "hebben", "ben", "was", "waren", "zou", "zo", "dus", "hier", "daar",
    "nodig", "goed", "gebruiken",
    // English
    "the", "a", "an", "and", "or", "are", "be", "been", "was", "were", "how", "what", "who", "where", "when", "why",
    "which", "i", "you", "they", "it", "my", "our", "your", "for", "with", "on", "at", "by", "to", "from",
    "about", "as", "than", "that", "this", "these", "there", "not", "no", "yes", "do", "does", "did", "can", "could",
    "may", "should", "must", "will", "would", "have", "has", "had", "am", "so", "if", "need", "good", "use",
];

/// Returns the ids of the items that best answer `question`, best first, at most
/// [`MAX_MATCHES`]. Returns nothing when no title or keyword of any item matches, which
/// means the checklist does not cover the question.
pub fn find(question: &str) -> Vec<String> {
    let index = Index::get();
    let query = query_terms(question);
    let mut scored: Vec<(f64, &str)> = index
        .items
        .iter()
        .filter_map(|item| {
            let strong_hits = query.iter().filter(|term| item.strong.contains(*term)).count();
            (strong_hits > 0).then(|| (index.score(item, &query), item.id.as_str()))
        })
        .collect();
    // Highest score first; equal scores keep checklist order, because the sort is stable.
    scored.sort_by(|left, right| right.0.total_cmp(&left.0));
    let Some(best) = scored.first().map(|(score, _)| *score) else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(score, _)| *score >= best * RELATIVE_CUTOFF)
        .take(MAX_MATCHES)
        .map(|(_, id)| id.to_owned())
        .collect()
}

struct IndexedItem {
    id: String,
    strong: HashSet<String>,
    weak: HashSet<String>,
}

struct Index {
    items: Vec<IndexedItem>,
    /// Per term, the number of items that contain it, strongly or weakly.
    document_frequency: HashMap<String, usize>,
}

impl Index {
    fn get() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(Index::build)
    }

    /// Indexes every item with its Dutch text under the Dutch stemmer and its English text
    /// under the English stemmer.
    fn build() -> Index {
        let dutch = Checklist::get(Language::Nl);
        let english = Checklist::get(Language::En);
        let mut items = Vec::new();
        for nl in dutch.items() {
            let Some(en) = english.item(&nl.id) else {
                continue;
            };
            let mut strong = item_terms(nl, Algorithm::Dutch, true);
            strong.extend(item_terms(en, Algorithm::English, true));
            let mut weak = item_terms(nl, Algorithm::Dutch, false);
            weak.extend(item_terms(en, Algorithm::English, false));
            items.push(IndexedItem { id: nl.id.clone(), strong, weak });
        }
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for item in &items {
            for term in item.strong.union(&item.weak) {
                *document_frequency.entry(term.clone()).or_default() += 1;
            }
        }
        Index { items, document_frequency }
    }

    fn score(&self, item: &IndexedItem, query: &HashSet<String>) -> f64 {
        let count = self.items.len() as f64;
        query
            .iter()
            .map(|term| {
                let weight = if item.strong.contains(term) {
                    STRONG_WEIGHT
                } else if item.weak.contains(term) {
                    WEAK_WEIGHT
                } else {
                    return 0.0;
                };
                let frequency = self.document_frequency.get(term).copied().unwrap_or(1) as f64;
                weight * (1.0 + count / frequency).ln()
            })
            .sum()
    }
}

/// Returns the strong terms (title and keywords) or the weak terms (question, why and
/// good answer) of an item.
fn item_terms(item: &Item, algorithm: Algorithm, strong: bool) -> HashSet<String> {
    let stemmer = Stemmer::create(algorithm);
    let texts: Vec<&str> = if strong {
        std::iter::once(item.title.as_str()).chain(item.keywords.iter().map(String::as_str)).collect()
    } else {
        vec![item.question.as_str(), item.why.as_str(), item.good.as_str()]
    };
    texts.into_iter().flat_map(words).flat_map(|word| word_terms(&word, &[&stemmer])).collect()
}

/// Returns the terms of a question, with both the Dutch and the English stem of each word.
fn query_terms(question: &str) -> HashSet<String> {
    let dutch = Stemmer::create(Algorithm::Dutch);
    let english = Stemmer::create(Algorithm::English);
    words(question).into_iter().flat_map(|word| word_terms(&word, &[&dutch, &english])).collect()
}

/// Splits text into lower-case words of at least two characters, without stop words.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2 && !STOP_WORDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// Returns a word's concept when it is a synonym, else its stems and the concepts of the
/// synonyms a long compound contains.
fn word_terms(word: &str, stemmers: &[&Stemmer]) -> Vec<String> {
    if let Some(concept) = concept_of(word) {
        return vec![concept];
    }
    let mut terms: Vec<String> = stemmers.iter().map(|stemmer| stemmer.stem(word).into_owned()).collect();
    if word.chars().count() >= MIN_COMPOUND_CHARS {
        for (concept, spellings) in SYNONYMS {
            let inside = spellings
                .iter()
                .any(|spelling| spelling.chars().count() >= MIN_COMPOUND_PART_CHARS && word.contains(spelling));
            if inside {
                terms.push(format!("#{concept}"));
            }
        }
    }
    terms
}

fn concept_of(word: &str) -> Option<String> {
    SYNONYMS
        .iter()
        .find(|(_, spellings)| spellings.contains(&word))
        .map(|(concept, _)| format!("#{concept}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWELVE_CHARACTER_ITEMS: [&str; 3] = ["api.account-key", "file-sharing.account", "portal.account"];

    fn sorted(mut ids: Vec<String>) -> Vec<String> {
        ids.sort();
        ids
    }

    #[test]
    fn password_length_finds_twelve_character_items() {
        for question in ["hoe lang moet een wachtwoord zijn", "How long should a password be?", "wachtwoordlengte"] {
            assert_eq!(sorted(find(question)), TWELVE_CHARACTER_ITEMS, "{question}");
        }
    }

    #[test]
    fn ftp_question_finds_encrypted_transport_first() {
        let found = find("is FTP veilig?");
        assert_eq!(found.first().map(String::as_str), Some("file-sharing.encrypted-transport"), "{found:?}");
        assert!(found.iter().all(|id| id.starts_with("file-sharing.")), "{found:?}");
    }

    #[test]
    fn dmarc_question_finds_sender_authentication() {
        assert_eq!(find("what is DMARC?"), ["email.sender-authentication"]);
        assert_eq!(find("Wat is DKIM"), ["email.sender-authentication"]);
    }

    #[test]
    fn synonyms_cross_languages() {
        assert_eq!(find("versleuteling van opgeslagen gegevens").first().map(String::as_str), Some("storage.encryption-at-rest"));
        assert_eq!(find("how long do suppliers retain data").first().map(String::as_str), Some("storage.retention"));
        assert_eq!(find("wat zegt de AVG").first().map(String::as_str), Some("storage.gdpr"));
    }

    #[test]
    fn unrelated_questions_find_nothing() {
        for question in ["wat kost een taart", "what is the weather tomorrow", "", "?!", "de het een"] {
            assert!(find(question).is_empty(), "{question:?} found {:?}", find(question));
        }
    }

    #[test]
    fn stop_words_and_punctuation_are_ignored() {
        assert_eq!(words("Hoe lang, moet een wachtwoord zijn?"), ["lang", "wachtwoord"]);
        assert_eq!(word_terms("wachtwoorden", &[]), ["#password"]);
    }

    #[test]
    fn synonym_spellings_are_lower_case_and_unique() {
        let mut seen = HashSet::new();
        for (concept, spellings) in SYNONYMS {
            for spelling in *spellings {
                assert_eq!(*spelling, spelling.to_lowercase(), "{concept}: {spelling}");
                assert!(seen.insert(*spelling), "{spelling} belongs to two concepts");
                assert!(!STOP_WORDS.contains(spelling), "{spelling} is also a stop word");
            }
        }
    }
}
