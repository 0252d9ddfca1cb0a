//! Tests of the checklist handlers that need no store, and of the checklist's Fluent messages.

use std::collections::BTreeSet;
use std::path::Path;

use super::callback::{Callback, ChecklistView, RunStep, MAX_CALLBACK_BYTES};
use super::handlers::{ask, checklist_browse, checklist_file};
use super::tests::{message_ids, source_files};
use super::Reply;
use crate::checklist::questionnaire::{Format, ImportError};
use crate::checklist::{Answer, Checklist, MAX_ITEM_ID_BYTES};
use crate::domain::Language;

const LANGUAGES: [Language; 2] = [Language::Nl, Language::En];

fn checklist_ids(language: &str) -> BTreeSet<String> {
    message_ids(language, "checklist.ftl")
}

/// Collects every `"checklist-…"` literal in the code, and the ids built with `format!`.
fn ids_used_in_code() -> BTreeSet<String> {
    let literal = regex::Regex::new(r#""(checklist-[a-z-]+)""#).unwrap();
    let mut ids = BTreeSet::new();
    for folder in ["src/conversation", "src/checklist"] {
        let mut files = Vec::new();
        source_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder), &mut files);
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            ids.extend(literal.captures_iter(&source).map(|found| found[1].to_owned()));
        }
    }
    ids.retain(|id| !id.ends_with('-'));
    for answer in Answer::ALL {
        ids.insert(format!("checklist-answer-{}", answer.as_str()));
    }
    for id in ["checklist-reset-done", "checklist-reset-not-found"] {
        ids.insert(format!("{id}-no-supplier"));
    }
    ids
}

fn assert_clean(reply: &Reply) {
    let text = reply.plain_text();
    assert!(!text.contains("checklist-") || text.contains("Checklist: "), "a message id leaked into: {text}");
    for choice in reply.choices.iter().flatten() {
        assert!(!choice.label.starts_with("checklist-"), "label {}", choice.label);
        assert!(choice.callback.len() <= MAX_CALLBACK_BYTES, "{} is too long", choice.callback);
        assert!(Callback::parse(&choice.callback).is_ok(), "callback {}", choice.callback);
    }
}

#[test]
fn checklist_ids_match_code_and_languages() {
    let dutch = checklist_ids("nl");
    assert_eq!(dutch, checklist_ids("en"), "nl and en checklist.ftl define different ids");
    let used = ids_used_in_code();
    let missing: Vec<&String> = used.difference(&dutch).collect();
    assert!(missing.is_empty(), "ids used in code but not defined: {missing:?}");
    let unused: Vec<&String> = dutch.difference(&used).collect();
    assert!(unused.is_empty(), "ids defined but never used: {unused:?}");
}

#[test]
fn checklist_callbacks_round_trip_within_limit() {
    let checklist = Checklist::get(Language::Nl);
    let mut callbacks = vec![Callback::Checklist(ChecklistView::Sections)];
    for section in &checklist.sections {
        callbacks.push(Callback::Checklist(ChecklistView::Section(&section.id)));
    }
    for item in checklist.items() {
        callbacks.push(Callback::Checklist(ChecklistView::Item(&item.id)));
        for answer in Answer::ALL {
            callbacks.push(Callback::ChecklistAnswer { run: i64::MAX, item: &item.id, answer });
        }
    }
    for step in [RunStep::Next, RunStep::Summary, RunStep::Pause] {
        callbacks.push(Callback::ChecklistRun { run: i64::MAX, step });
    }
    for callback in callbacks {
        let id = callback.encode();
        assert!(id.len() <= MAX_CALLBACK_BYTES, "{id} is longer than {MAX_CALLBACK_BYTES} bytes");
        assert_eq!(Callback::parse(&id), Ok(callback), "id {id}");
    }
    let longest = format!("cla:r={};i={};a=u", i64::MAX, "x".repeat(MAX_ITEM_ID_BYTES));
    assert!(longest.len() <= MAX_CALLBACK_BYTES);
}

#[test]
fn checklist_callbacks_reject_bad_values() {
    for id in ["cla:r=0;i=api.tls;a=y", "cla:r=01;i=api.tls;a=y", "cla:r=1;i=api.tls;a=yes", "clr:r=-1", "clr:r=x", "cl:x=1", "cla:r=1;a=y;i=api.tls"] {
        assert!(matches!(Callback::parse(id), Err(super::CallbackError::Malformed { .. })), "{id}");
    }
    for id in ["cl:s=kitchen", "cl:i=api.removed", "cla:r=1;i=api.removed;a=y"] {
        assert!(matches!(Callback::parse(id), Err(super::CallbackError::Outdated { .. })), "{id}");
    }
}

#[test]
fn browsing_offers_sections_items_and_details() {
    for language in LANGUAGES {
        let sections = checklist_browse::sections(language);
        assert_clean(&sections);
        assert_eq!(sections.callbacks().len(), Checklist::get(language).sections.len());
        let section = checklist_browse::section("email", language);
        assert_clean(&section);
        assert_eq!(section.callbacks(), ["cl:i=email.tls", "cl:i=email.phishing-awareness", "cl:i=email.sender-authentication", "cl"]);
        let item = checklist_browse::item("email.sender-authentication", language);
        assert_clean(&item);
        assert!(item.plain_text().contains("DMARC"));
        assert!(item.plain_text().contains("Checklist: email.sender-authentication"));
    }
}

#[test]
fn ask_answers_password_length_with_twelve_character_items() {
    let reply = ask::ask("hoe lang moet een wachtwoord zijn", Language::Nl);
    assert_clean(&reply);
    assert_eq!(reply.callbacks(), ["cl:i=api.account-key", "cl:i=file-sharing.account", "cl:i=portal.account"]);
    let mentions = reply.plain_text().matches("minstens 12 tekens").count();
    assert!(mentions >= 3, "12 characters mentioned {mentions} times");
}

#[test]
fn ask_choices_tell_equal_titles_apart() {
    let reply = ask::ask("hoe lang moet een wachtwoord zijn", Language::Nl);
    let labels: Vec<&str> = reply.choices.iter().flatten().map(|choice| choice.label.as_str()).collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
    assert!(labels.contains(&"Account of API-sleutel"), "{labels:?}");
    assert!(labels.contains(&"Account met sterk wachtwoord · Bestanden delen (FTP, SMB, SSH)"), "{labels:?}");
    assert!(labels.contains(&"Account met sterk wachtwoord · Klant-, leveranciers- of cloudportaal"), "{labels:?}");
}

#[test]
fn ask_says_when_checklist_does_not_cover() {
    assert!(ask::ask("wat kost een taart", Language::Nl).plain_text().contains("Daar gaat de checklist niet over"));
    assert!(ask::ask("", Language::En).plain_text().contains("/ask what is DMARC?"));
}

#[test]
fn export_attaches_the_questionnaire() {
    let reply = checklist_file::export(Language::En, Format::Markdown, Language::Nl);
    let attachment = reply.attachment.as_ref().expect("an attachment");
    assert_eq!(attachment.file_name, "checklist-en.md");
    assert!(String::from_utf8_lossy(&attachment.content).contains("DMARC"));
    assert!(reply.plain_text().contains("/checklist exporteer en csv"), "{}", reply.plain_text());
    assert!(!reply.plain_text().contains("CSV-bestand terug"), "{}", reply.plain_text());
}

#[test]
fn export_names_the_answer_column_of_the_file() {
    let dutch = checklist_file::export(Language::Nl, Format::Csv, Language::Nl).plain_text();
    assert!(dutch.contains("in de kolom antwoord"), "{dutch}");
    let english = checklist_file::export(Language::En, Format::Csv, Language::Nl).plain_text();
    assert!(english.contains("in de kolom answer"), "{english}");
    let missing = checklist_file::import_error_text(&ImportError::MissingColumn { column: "answer" }, Language::Nl);
    assert!(missing.contains("de kolom antwoord"), "{missing}");
}

#[test]
fn every_import_error_has_a_text() {
    let errors = [
        ImportError::Empty,
        ImportError::NotText,
        ImportError::MissingColumn { column: "answer" },
        ImportError::Malformed { row: 4 },
        ImportError::MissingId { row: 4 },
        ImportError::UnknownId { row: 4, id: "x.y".into() },
        ImportError::DuplicateId { row: 4, id: "api.tls".into() },
        ImportError::InvalidAnswer { row: 4, value: "misschien".into() },
    ];
    for language in LANGUAGES {
        let mut seen = BTreeSet::new();
        for error in &errors {
            let text = checklist_file::import_error_text(error, language);
            assert!(!text.starts_with("checklist-"), "{language}: no text for {error:?}");
            assert!(seen.insert(text.clone()), "{language}: two errors share the text {text}");
            if !matches!(error, ImportError::Empty | ImportError::NotText | ImportError::MissingColumn { .. }) {
                assert!(text.contains(" 4 "), "{language}: {text} does not name the row");
            }
        }
    }
}
