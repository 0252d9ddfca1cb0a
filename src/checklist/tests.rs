//! Checks of the embedded checklist content: both languages in step, ids well-formed.

use std::collections::HashSet;

use super::*;

fn both() -> [&'static Checklist; 2] {
    [Checklist::get(Language::Nl), Checklist::get(Language::En)]
}

#[test]
fn languages_have_same_sections_and_items() {
    let [dutch, english] = both();
    let section_ids = |list: &Checklist| list.sections.iter().map(|section| section.id.clone()).collect::<Vec<_>>();
    assert_eq!(section_ids(dutch), section_ids(english));
    for (nl, en) in dutch.sections.iter().zip(&english.sections) {
        let nl_items: Vec<(&str, Tier)> = nl.items.iter().map(|item| (item.id.as_str(), item.tier)).collect();
        let en_items: Vec<(&str, Tier)> = en.items.iter().map(|item| (item.id.as_str(), item.tier)).collect();
        assert_eq!(nl_items, en_items, "section {}", nl.id);
    }
}

#[test]
fn every_field_is_filled() {
    for checklist in both() {
        assert!(!checklist.title.trim().is_empty());
        assert!(!checklist.intro.trim().is_empty());
        for section in &checklist.sections {
            for (name, value) in [("id", &section.id), ("alias", &section.alias), ("title", &section.title), ("intro", &section.intro)] {
                assert!(!value.trim().is_empty(), "section {} has an empty {name}", section.id);
            }
            assert!(!section.items.is_empty(), "section {} has no items", section.id);
            for item in &section.items {
                let fields = [
                    ("title", &item.title),
                    ("question", &item.question),
                    ("why", &item.why),
                    ("good", &item.good),
                    ("advice", &item.advice),
                ];
                for (name, value) in fields {
                    assert!(!value.trim().is_empty(), "item {} has an empty {name}", item.id);
                }
                assert!(!item.keywords.is_empty(), "item {} has no keywords", item.id);
                assert!(item.keywords.iter().all(|keyword| !keyword.trim().is_empty()), "item {}", item.id);
            }
        }
    }
}

#[test]
fn ids_are_unique_and_well_formed() {
    let checklist = Checklist::get(Language::Nl);
    let mut seen = HashSet::new();
    for section in &checklist.sections {
        assert!(seen.insert(section.id.clone()), "duplicate section id {}", section.id);
        for item in &section.items {
            assert!(seen.insert(item.id.clone()), "duplicate item id {}", item.id);
            assert!(item.id.starts_with(&format!("{}.", section.id)), "{} is not under {}", item.id, section.id);
            assert!(item.id.len() <= MAX_ITEM_ID_BYTES, "{} is longer than {MAX_ITEM_ID_BYTES} bytes", item.id);
            let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
            assert!(item.id.chars().all(allowed), "{} has characters other than a-z, 0-9, '-' and '.'", item.id);
        }
    }
}

#[test]
fn section_names_point_to_one_section() {
    let mut owners: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for checklist in both() {
        for section in &checklist.sections {
            assert_eq!(section.alias, section.alias.to_lowercase(), "alias of {} is not lower case", section.id);
            for name in [&section.id, &section.alias] {
                let owner = owners.entry(name.clone()).or_insert_with(|| section.id.clone());
                assert_eq!(owner, &section.id, "{name} names two sections");
            }
        }
    }
}

#[test]
fn sections_found_by_id_or_alias() {
    let english = Checklist::get(Language::En);
    assert_eq!(english.section("bestanden").map(|section| section.id.as_str()), Some("file-sharing"));
    assert_eq!(english.section("File-Sharing").map(|section| section.id.as_str()), Some("file-sharing"));
    assert_eq!(Checklist::get(Language::Nl).section("files").map(|section| section.title.as_str()), Some("Bestanden delen (FTP, SMB, SSH)"));
    assert!(english.section("kitchen").is_none());
}

#[test]
fn paper_facts_are_covered() {
    let english = Checklist::get(Language::En);
    let expected = [
        ("storage.separation", "other customers"),
        ("storage.encryption-at-rest", "encrypted"),
        ("storage.retention", "retention period"),
        ("storage.gdpr", "GDPR"),
        ("storage.patching", "patches"),
        ("operations.vulnerability-scans", "internet"),
        ("operations.access-logs", "central"),
        ("api.account-key", "12 characters"),
        ("file-sharing.account", "12 characters"),
        ("file-sharing.encrypted-transport", "SFTP, FTPS or SSH"),
        ("file-sharing.restricted-access", "known addresses"),
        ("portal.account", "12 characters"),
        ("email.tls", "STARTTLS"),
        ("email.sender-authentication", "DMARC, DKIM and SPF"),
    ];
    for (id, phrase) in expected {
        let item = english.item(id).unwrap_or_else(|| panic!("item {id} is missing"));
        assert!(item.question.contains(phrase), "{id}: {:?} lacks {phrase:?}", item.question);
    }
}

/// The walk offers yes, no, don't know and n/a, and advises on "no", so every question must
/// be a yes-or-no question. An open question ("How long do you keep ...?") starts with a
/// question word in both languages.
#[test]
fn every_question_takes_yes_or_no() {
    let question_words: [(Language, &[&str]); 2] = [
        (Language::Nl, &["hoe", "wat", "waarvoor", "welke", "wie", "waar", "wanneer", "waarom"]),
        (Language::En, &["how", "what", "which", "who", "where", "when", "why"]),
    ];
    for (language, words) in question_words {
        for item in Checklist::get(language).items() {
            let first = item.question.split_whitespace().next().unwrap_or("").to_lowercase();
            assert!(!words.contains(&first.as_str()), "{language:?} {}: open question {:?}", item.id, item.question);
        }
    }
}

/// The bot addresses members with the formal "u" (see `locales/nl/conversation.ftl`), so the
/// Dutch checklist and its messages do too, rather than switching to "je" halfway through.
#[test]
fn dutch_texts_use_formal_address() {
    let informal = ["je", "jij", "jou", "jouw", "jezelf"];
    let is_informal = |text: &str| {
        text.split(|c: char| !c.is_alphabetic()).any(|word| informal.contains(&word.to_lowercase().as_str()))
    };
    let checklist = Checklist::get(Language::Nl);
    let mut texts = vec![checklist.title.clone(), checklist.intro.clone()];
    for section in &checklist.sections {
        texts.extend([section.title.clone(), section.intro.clone()]);
        for item in &section.items {
            texts.extend([item.title.clone(), item.question.clone(), item.why.clone(), item.good.clone(), item.advice.clone()]);
        }
    }
    let messages = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/nl/checklist.ftl")).unwrap();
    texts.extend(messages.lines().filter(|line| !line.starts_with('#')).map(str::to_owned));
    for text in texts {
        assert!(!is_informal(&text), "informal address in {text:?}");
    }
}
