use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::Entry;

use super::*;

fn locale_files(language: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    files
}

/// Parses every `.ftl` file of a locale and returns its message and term ids.
fn message_ids(language: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for path in locale_files(language) {
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            match entry {
                Entry::Message(message) => ids.insert(message.id.name.to_owned()),
                Entry::Term(term) => ids.insert(format!("-{}", term.id.name)),
                _ => false,
            };
        }
    }
    ids
}

#[test]
fn locales_have_same_message_ids() {
    let dutch = message_ids("nl");
    let english = message_ids("en");
    assert!(dutch.contains("digest-header"));
    let only_dutch: Vec<_> = dutch.difference(&english).collect();
    let only_english: Vec<_> = english.difference(&dutch).collect();
    assert!(only_dutch.is_empty(), "missing in en: {only_dutch:?}");
    assert!(only_english.is_empty(), "missing in nl: {only_english:?}");
}

/// A value for every argument name the locale files use, because a message missing an
/// argument fails to format and falls back to its id.
fn every_argument() -> Vec<(String, Arg)> {
    let mut args: Vec<(String, Arg)> = vec![("count".into(), 2usize.into()), ("month".into(), 5usize.into())];
    let variable = regex::Regex::new(r"\$([A-Za-z][A-Za-z0-9_-]*)").unwrap();
    let mut names = BTreeSet::new();
    for path in locale_files("nl").into_iter().chain(locale_files("en")) {
        let source = std::fs::read_to_string(&path).unwrap();
        names.extend(variable.captures_iter(&source).map(|found| found[1].to_owned()));
    }
    args.extend(names.into_iter().filter(|name| name != "count" && name != "month").map(|name| (name, Arg::from("x"))));
    args
}

#[test]
fn every_locale_file_is_loaded() {
    for language in [Language::Nl, Language::En] {
        for id in message_ids(language.as_str()) {
            if id.starts_with('-') {
                continue;
            }
            let arguments = every_argument();
            let borrowed: Vec<(&str, Arg)> = arguments.iter().map(|(name, value)| (name.as_str(), value.clone())).collect();
            let value = text_with(language, &id, &borrowed);
            assert_ne!(value, id, "{language}: {id} is not loaded");
        }
    }
}

#[test]
fn missing_id_returns_id() {
    assert_eq!(text(Language::Nl, "no-such-message"), "no-such-message");
    assert_eq!(text(Language::En, "no-such-message"), "no-such-message");
}

#[test]
fn missing_argument_returns_id() {
    assert_eq!(text(Language::En, "item-link"), "item-link");
}

#[test]
fn text_is_translated() {
    assert_eq!(text(Language::Nl, "tier-advanced"), "gevorderd");
    assert_eq!(text(Language::En, "tier-advanced"), "advanced");
}

#[test]
fn arguments_have_no_isolation_marks() {
    let value = text_with(Language::Nl, "item-link", &[("url", "https://example.nl/a".into())]);
    assert_eq!(value, "Meer informatie: https://example.nl/a");
    assert!(!value.contains(['\u{2068}', '\u{2069}']));
}

#[test]
fn plural_selects_by_count() {
    assert_eq!(text_with(Language::Nl, "digest-count", &[("count", 1usize.into())]), "Eén nieuw of bijgewerkt bericht.");
    assert_eq!(text_with(Language::Nl, "digest-count", &[("count", 3usize.into())]), "3 nieuwe of bijgewerkte berichten.");
    assert_eq!(text_with(Language::En, "digest-count", &[("count", 2usize.into())]), "2 new or updated advisories.");
}

#[test]
fn month_selects_by_number() {
    assert_eq!(text_with(Language::Nl, "digest-month", &[("month", 8usize.into())]), "augustus");
    assert_eq!(text_with(Language::En, "digest-month", &[("month", 12usize.into())]), "December");
}
