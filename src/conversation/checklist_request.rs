//! The arguments of `checklist`, checked in full before anything is stored.
//!
//! Forms (Dutch words in brackets):
//! - `checklist`: list the sections; `checklist SECTION`: list one section's questions.
//! - `checklist start [SECTION] [NAME]` (`begin`): walk through the questions, for supplier
//!   NAME when given. NAME is every word that follows, and may be written as
//!   `supplier=NAME` (`leverancier=NAME`) or between quotes, which makes a name that starts
//!   with a section's id possible: `checklist start leverancier=Email BV`.
//! - `checklist resume [NAME]` (`verder`, `hervat`): continue a stored walk.
//! - `checklist reset [NAME]` (`wis`): delete a stored walk.
//! - `checklist export [nl|en] [csv|markdown]` (`exporteer`): the questionnaire as a file.
//! - `checklist import` (`importeer`): read a filled-in CSV, sent as a file with the command.

use crate::checklist::questionnaire::Format;
use crate::checklist::Checklist;
use crate::domain::{clean_text, Language};
use crate::store::MAX_SUPPLIER_CHARS;

/// A parsed `checklist` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistRequest {
    Sections,
    Section(&'static str),
    Start { section: Option<&'static str>, supplier: Option<String> },
    Resume { supplier: Option<String> },
    Reset { supplier: Option<String> },
    Export { language: Option<Language>, format: Format },
    Import,
}

/// A rejected argument list of `checklist`, with the words as typed (cut for showing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChecklistRequestError {
    #[error("unknown subcommand or section {0:?}")]
    Unknown(String),
    #[error("the supplier name is empty")]
    SupplierEmpty,
    #[error("the supplier name has more than {MAX_SUPPLIER_CHARS} characters")]
    SupplierTooLong,
    #[error("{0:?} is not a language or file format")]
    ExportWord(String),
    #[error("{0:?} is a second language or file format")]
    ExportRepeated(String),
    #[error("{0:?} given after a complete command")]
    Extra(String),
}

/// Maximum length of a word shown back in an error, in characters.
const MAX_SHOWN_WORD_CHARS: usize = 40;
const SUPPLIER_KEYS: [&str; 2] = ["supplier=", "leverancier="];

impl ChecklistRequest {
    /// Parses the arguments of `checklist`.
    pub fn parse(arguments: &[String]) -> Result<ChecklistRequest, ChecklistRequestError> {
        let Some((first, rest)) = arguments.split_first() else {
            return Ok(ChecklistRequest::Sections);
        };
        let request = match first.to_lowercase().as_str() {
            "start" | "begin" => parse_start(rest)?,
            "resume" | "verder" | "hervat" => ChecklistRequest::Resume { supplier: parse_supplier(rest)? },
            "reset" | "wis" => ChecklistRequest::Reset { supplier: parse_supplier(rest)? },
            "export" | "exporteer" => parse_export(rest)?,
            // A path typed after `import` is for platforms that read files by path (the
            // terminal); the conversation itself receives files through uploads.
            "import" | "importeer" => ChecklistRequest::Import,
            _ => match Checklist::get(Language::Nl).section(first) {
                Some(section) if rest.is_empty() => ChecklistRequest::Section(section.id.as_str()),
                Some(_) => return Err(ChecklistRequestError::Extra(shown(&rest[0]))),
                None => return Err(ChecklistRequestError::Unknown(shown(first))),
            },
        };
        Ok(request)
    }
}

fn parse_start(words: &[String]) -> Result<ChecklistRequest, ChecklistRequestError> {
    let section = words.first().and_then(|word| Checklist::get(Language::Nl).section(word));
    let rest = if section.is_some() { &words[1..] } else { words };
    let supplier = parse_supplier(rest)?;
    Ok(ChecklistRequest::Start { section: section.map(|section| section.id.as_str()), supplier })
}

/// Reads a supplier name from the remaining words: `None` when there are none.
fn parse_supplier(words: &[String]) -> Result<Option<String>, ChecklistRequestError> {
    if words.is_empty() {
        return Ok(None);
    }
    let joined = words.join(" ");
    let lower = joined.to_lowercase();
    // The keys are ASCII, so a match in the lower-cased text ends at the same byte in `joined`;
    // `get` keeps a name that lower-cases to other lengths from panicking.
    let without_key = SUPPLIER_KEYS
        .iter()
        .find(|key| lower.starts_with(*key))
        .and_then(|key| joined.get(key.len()..))
        .unwrap_or(joined.as_str());
    clean_supplier(without_key).map(Some)
}

/// Cleans a supplier name: hidden characters removed, white space collapsed, surrounding
/// quotes removed. Rejects an empty name and one longer than [`MAX_SUPPLIER_CHARS`].
pub fn clean_supplier(name: &str) -> Result<String, ChecklistRequestError> {
    let cleaned = clean_text(name, false);
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let quotes: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»'];
    let unquoted = collapsed.trim_matches(quotes).trim();
    if unquoted.is_empty() {
        return Err(ChecklistRequestError::SupplierEmpty);
    }
    if unquoted.chars().count() > MAX_SUPPLIER_CHARS {
        return Err(ChecklistRequestError::SupplierTooLong);
    }
    Ok(unquoted.to_owned())
}

fn parse_export(words: &[String]) -> Result<ChecklistRequest, ChecklistRequestError> {
    let mut language = None;
    let mut format = None;
    for word in words {
        let is_language = matches!(word.to_lowercase().as_str(), "nl" | "en");
        let parsed_format = Format::parse(word);
        if (is_language && language.is_some()) || (parsed_format.is_some() && format.is_some()) {
            return Err(ChecklistRequestError::ExportRepeated(shown(word)));
        }
        if is_language {
            language = word.parse::<Language>().ok();
        } else if parsed_format.is_some() {
            format = parsed_format;
        } else {
            return Err(ChecklistRequestError::ExportWord(shown(word)));
        }
    }
    Ok(ChecklistRequest::Export { language, format: format.unwrap_or(Format::Csv) })
}

fn shown(word: &str) -> String {
    super::text::shown(word, MAX_SHOWN_WORD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ChecklistRequest, ChecklistRequestError> {
        let words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        ChecklistRequest::parse(&words)
    }

    fn start(section: Option<&'static str>, supplier: Option<&str>) -> ChecklistRequest {
        ChecklistRequest::Start { section, supplier: supplier.map(str::to_owned) }
    }

    #[test]
    fn start_forms() {
        assert_eq!(parse("start"), Ok(start(None, None)));
        assert_eq!(parse("start leverancier=Pakketdienst BV"), Ok(start(None, Some("Pakketdienst BV"))));
        assert_eq!(parse("begin Pakketdienst  BV"), Ok(start(None, Some("Pakketdienst BV"))));
        assert_eq!(parse("start email supplier=\"Mail Co\""), Ok(start(Some("email"), Some("Mail Co"))));
        assert_eq!(parse("start bestanden"), Ok(start(Some("file-sharing"), None)));
        assert_eq!(parse("start leverancier=Email BV"), Ok(start(None, Some("Email BV"))));
        assert_eq!(parse("START Supplier=x"), Ok(start(None, Some("x"))));
    }

    #[test]
    fn supplier_names_are_cleaned_and_checked() {
        assert_eq!(clean_supplier("  \u{202e}Pakket\u{200b}dienst\u{1b} BV "), Ok("Pakketdienst BV".to_owned()));
        assert_eq!(clean_supplier("“Pakketdienst BV”"), Ok("Pakketdienst BV".to_owned()));
        assert_eq!(parse("start leverancier="), Err(ChecklistRequestError::SupplierEmpty));
        assert_eq!(parse("start \"\""), Err(ChecklistRequestError::SupplierEmpty));
        assert_eq!(parse(&format!("start {}", "x".repeat(MAX_SUPPLIER_CHARS + 1))), Err(ChecklistRequestError::SupplierTooLong));
        assert!(parse(&format!("start {}", "x".repeat(MAX_SUPPLIER_CHARS))).is_ok());
    }

    #[test]
    fn other_subcommands() {
        assert_eq!(parse(""), Ok(ChecklistRequest::Sections));
        assert_eq!(parse("Email"), Ok(ChecklistRequest::Section("email")));
        assert_eq!(parse("verder Pakketdienst BV"), Ok(ChecklistRequest::Resume { supplier: Some("Pakketdienst BV".into()) }));
        assert_eq!(parse("resume"), Ok(ChecklistRequest::Resume { supplier: None }));
        assert_eq!(parse("wis leverancier=X"), Ok(ChecklistRequest::Reset { supplier: Some("X".into()) }));
        assert_eq!(parse("import /tmp/a.csv"), Ok(ChecklistRequest::Import));
    }

    #[test]
    fn export_options() {
        assert_eq!(parse("export"), Ok(ChecklistRequest::Export { language: None, format: Format::Csv }));
        assert_eq!(parse("exporteer en markdown"), Ok(ChecklistRequest::Export { language: Some(Language::En), format: Format::Markdown }));
        assert_eq!(parse("export md NL"), Ok(ChecklistRequest::Export { language: Some(Language::Nl), format: Format::Markdown }));
        assert_eq!(parse("export pdf"), Err(ChecklistRequestError::ExportWord("pdf".into())));
        assert_eq!(parse("export nl en"), Err(ChecklistRequestError::ExportRepeated("en".into())));
        assert_eq!(parse("export csv md"), Err(ChecklistRequestError::ExportRepeated("md".into())));
    }

    #[test]
    fn unknown_words_are_rejected() {
        assert_eq!(parse("bake"), Err(ChecklistRequestError::Unknown("bake".into())));
        assert_eq!(parse("email extra"), Err(ChecklistRequestError::Extra("extra".into())));
    }
}
