//! Tests of the pure handlers and of the Fluent messages they use.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::Entry;

use super::callback::{Callback, MAX_CALLBACK_BYTES};
use super::command::{ArgumentProblem, CommandName};
use crate::digest::filters::FilterError;
use super::handlers::{subscribe::request_error_text, welcome};
use super::request::{RequestError, RequestSetting};
use super::Reply;
use crate::domain::{Language, Tier};

const LANGUAGES: [Language; 2] = [Language::Nl, Language::En];

/// Reads the message ids of `locales/{language}/conversation.ftl`.
fn conversation_ids(language: &str) -> BTreeSet<String> {
    message_ids(language, "conversation.ftl")
}

/// Reads the message ids of `locales/{language}/{file}`.
pub(super) fn message_ids(language: &str, file: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language).join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = fluent_syntax::parser::parse(source.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

pub(super) fn source_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// Collects every `"conversation-…"` literal in the module's code, and the ids built with `format!`.
fn ids_used_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    source_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conversation"), &mut files);
    let literal = regex::Regex::new(r#""(conversation-[a-z-]+)""#).unwrap();
    let mut ids = BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        ids.extend(literal.captures_iter(&source).map(|found| found[1].to_owned()));
    }
    for command in CommandName::ALL {
        ids.insert(command.description_id());
        ids.insert(command.example_id());
    }
    for tier in Tier::ALL {
        ids.insert(format!("conversation-choice-tier-{}", tier.as_str()));
        ids.insert(format!("conversation-tier-{}-about", tier.as_str()));
    }
    for language in LANGUAGES {
        ids.insert(format!("conversation-choice-language-{}", language.as_str()));
    }
    ids
}

#[test]
fn conversation_ids_exist_in_both_languages() {
    let dutch = conversation_ids("nl");
    let english = conversation_ids("en");
    assert!(dutch.iter().all(|id| id.starts_with("conversation-")), "every id is prefixed");
    assert_eq!(dutch, english, "nl and en conversation.ftl define different ids");
    let used = ids_used_in_code();
    let missing: Vec<&String> = used.difference(&dutch).collect();
    assert!(missing.is_empty(), "ids used in code but not defined: {missing:?}");
    let unused: Vec<&String> = dutch.difference(&used).collect();
    assert!(unused.is_empty(), "ids defined but never used: {unused:?}");
}

fn assert_no_raw_ids(reply: &Reply) {
    let text = reply.plain_text();
    assert!(!text.contains("conversation-"), "a message id leaked into: {text}");
    for choice in reply.choices.iter().flatten() {
        assert!(!choice.label.starts_with("conversation-"), "label {}", choice.label);
        assert!(choice.callback.len() <= MAX_CALLBACK_BYTES);
        assert!(Callback::parse(&choice.callback).is_ok(), "callback {}", choice.callback);
    }
}

#[test]
fn start_offers_subscribe_and_help() {
    for language in LANGUAGES {
        let reply = welcome::start(language);
        assert_no_raw_ids(&reply);
        assert_eq!(reply.callbacks(), ["sub", "help"]);
    }
    let dutch = welcome::start(Language::Nl).plain_text();
    assert!(dutch.contains("Basis:"));
    assert!(dutch.contains("Gevorderd:"));
    assert!(dutch.contains("Expert:"));
}

#[test]
fn help_lists_every_command_with_example() {
    let dutch = welcome::help(Language::Nl, false);
    assert_no_raw_ids(&dutch);
    let text = dutch.plain_text();
    for command in CommandName::ALL {
        assert!(text.contains(&format!("/{}", command.as_str())), "help lacks {}", command.as_str());
    }
    assert!(text.contains("/aanmelden of /subscribe"));
    assert!(text.contains("Voorbeeld: /advies NCSC-2025-0259"));

    let english = welcome::help(Language::En, false).plain_text();
    assert!(english.contains("/subscribe or /aanmelden"));
    assert!(english.contains("Example: /advisory NCSC-2025-0259"));
}

#[test]
fn help_lists_staff_commands_for_staff() {
    let member = welcome::help(Language::Nl, false).plain_text();
    let staff = welcome::help(Language::Nl, true);
    assert_no_raw_ids(&staff);
    let staff = staff.plain_text();
    for command in CommandName::STAFF {
        let name = format!("/{}", command.as_str());
        assert!(!member.contains(&name), "member help shows {name}");
        assert!(staff.contains(&name), "staff help lacks {name}");
    }
    assert!(staff.contains("Voorbeeld: /kanaal tlp GREEN"), "{staff}");
}

#[test]
fn unknown_command_lists_known_ones() {
    let reply = welcome::unknown("foo", Language::Nl);
    assert_no_raw_ids(&reply);
    let text = reply.plain_text();
    assert!(text.contains("/foo"));
    assert!(text.contains("/nieuwste"));
    assert!(welcome::unknown("foo", Language::En).plain_text().contains("/latest"));
}

#[test]
fn bad_arguments_name_the_limit() {
    let too_many = welcome::bad_arguments(CommandName::Subscribe, &ArgumentProblem::TooMany, Language::Nl);
    assert!(too_many.plain_text().contains("/aanmelden"));
    assert!(too_many.plain_text().contains("16"));
    let too_long = ArgumentProblem::TooLong("aaaa…".to_owned());
    let reply = welcome::bad_arguments(CommandName::Advisory, &too_long, Language::En);
    assert!(reply.plain_text().contains("\"aaaa…\""));
    assert!(reply.plain_text().contains("/advisory"));
}

#[test]
fn every_request_error_has_a_text() {
    let errors = [
        RequestError::TierMissing,
        RequestError::TierUnknown("gold".into()),
        RequestError::WordUnknown("de".into()),
        RequestError::Duplicate { setting: RequestSetting::Language, value: "en".into() },
        RequestError::Duplicate { setting: RequestSetting::Cadence, value: "weekly".into() },
        RequestError::Duplicate { setting: RequestSetting::Weekday, value: "vr".into() },
        RequestError::Duplicate { setting: RequestSetting::Time, value: "08:00".into() },
        RequestError::Duplicate { setting: RequestSetting::Lower, value: "lower".into() },
        RequestError::TimeInvalid("25:00".into()),
        RequestError::WeekdayWithoutWeekly,
        RequestError::TimeWithInstant("07:30".into()),
        RequestError::OptionUnknown("colour".into()),
        RequestError::Filter(FilterError::Empty { option: "include" }),
        RequestError::Filter(FilterError::TooMany { count: 11 }),
        RequestError::Filter(FilterError::TooLong { filter: "x".repeat(101) }),
        RequestError::Filter(FilterError::Invalid { filter: "shop(".into() }),
        RequestError::Filter(FilterError::TooComplex { filter: r"\w{1000}".into() }),
    ];
    for language in LANGUAGES {
        let mut seen = BTreeSet::new();
        for error in &errors {
            let text = request_error_text(error, language);
            assert!(!text.starts_with("conversation-"), "{language}: no text for {error:?}");
            assert!(seen.insert(text.clone()), "{language}: two errors share the text {text}");
        }
    }
    let invalid = request_error_text(&RequestError::Filter(FilterError::Invalid { filter: "shop(".into() }), Language::Nl);
    assert!(invalid.contains("\"shop(\""));
}

#[test]
fn request_error_shows_hostile_value_cut() {
    let hostile = format!("{}\u{202E}{}", "é".repeat(100), "\u{200B}".repeat(100));
    let text = request_error_text(&RequestError::TierUnknown(hostile), Language::Nl);
    assert!(!text.contains('\u{202E}'));
    assert!(!text.contains('\u{200B}'));
    assert!(text.contains(&format!("{}…", "é".repeat(39))));
}
