//! The checklist as a file a member mails to a supplier (CSV or Markdown), and reading a
//! filled-in CSV back.
//!
//! The CSV has the columns `id`, `section`, `question`, `answer` and `note` (in Dutch `id`,
//! `onderdeel`, `vraag`, `antwoord` and `opmerking`); `answer` and `note` are empty for the
//! supplier to fill in. It starts with a UTF-8 byte order mark, without which Excel reads
//! the file as Windows-1252, and the Dutch file separates columns with semicolons, because
//! Excel in Dutch settings splits only on the list separator, which is a semicolon there.
//! On reading, only `id` and `answer` are required, in either language, and the separator
//! may be a comma, a semicolon or a tab.

use std::collections::HashMap;

use super::{Answer, Checklist};
use crate::domain::{clean_text, Language};
use crate::i18n::text;

/// Maximum length of a note kept from an imported file, in characters.
pub const MAX_NOTE_CHARS: usize = 300;
/// Maximum length of a cell value shown back in an error, in characters.
const MAX_SHOWN_VALUE_CHARS: usize = 40;

/// The CSV columns of the English questionnaire, in order.
pub const CSV_COLUMNS: [&str; 5] = ["id", "section", "question", "answer", "note"];
/// The CSV columns of the Dutch questionnaire, in order.
pub const DUTCH_CSV_COLUMNS: [&str; 5] = ["id", "onderdeel", "vraag", "antwoord", "opmerking"];
/// The UTF-8 byte order mark that starts an exported CSV file.
const BYTE_ORDER_MARK: &[u8] = "\u{FEFF}".as_bytes();

/// A file format of the exported questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Markdown,
}

impl Format {
    /// Parses `csv`, or `markdown` or `md`, ignoring case.
    pub fn parse(word: &str) -> Option<Format> {
        match word.to_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "markdown" | "md" => Some(Format::Markdown),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
        }
    }
}

/// Returns the file name of an exported questionnaire, such as `checklist-nl.csv`.
pub fn file_name(language: Language, format: Format) -> String {
    format!("checklist-{}.{}", language.as_str(), format.extension())
}

/// Returns the CSV columns and separator of the questionnaire in `language`.
pub fn csv_layout(language: Language) -> ([&'static str; 5], u8) {
    match language {
        Language::Nl => (DUTCH_CSV_COLUMNS, b';'),
        Language::En => (CSV_COLUMNS, b','),
    }
}

/// Writes the questionnaire in `language` as CSV, one row per question, with empty answers.
pub fn to_csv(language: Language) -> Vec<u8> {
    let checklist = Checklist::get(language);
    let (columns, separator) = csv_layout(language);
    let mut writer = csv::WriterBuilder::new().delimiter(separator).from_writer(BYTE_ORDER_MARK.to_vec());
    // Writing to a Vec cannot fail, so neither can these calls.
    let _ = writer.write_record(columns);
    for section in &checklist.sections {
        for item in &section.items {
            let _ = writer.write_record([item.id.as_str(), section.title.as_str(), item.question.as_str(), "", ""]);
        }
    }
    writer.into_inner().unwrap_or_default()
}

/// Writes the questionnaire in `language` as Markdown: per section its introduction and
/// numbered questions with room for an answer and a note.
pub fn to_markdown(language: Language) -> Vec<u8> {
    let checklist = Checklist::get(language);
    let answer_label = text(language, "checklist-export-answer");
    let note_label = text(language, "checklist-export-note");
    let mut lines = vec![
        format!("# {}", checklist.title),
        String::new(),
        checklist.intro.clone(),
        String::new(),
        text(language, "checklist-export-instructions"),
    ];
    let mut number = 0;
    for section in &checklist.sections {
        lines.extend([String::new(), format!("## {}", section.title), String::new(), section.intro.clone(), String::new()]);
        for item in &section.items {
            number += 1;
            lines.push(format!("{number}. **{}** (`{}`)", item.title, item.id));
            lines.push(format!("   {}", item.question));
            lines.push(format!("   - {answer_label}: "));
            lines.push(format!("   - {note_label}: "));
        }
    }
    lines.push(String::new());
    lines.join("\n").into_bytes()
}

/// The answers read from a filled-in questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Item id to answer; questions left empty are missing.
    pub answers: HashMap<String, Answer>,
    /// Item id to the note the supplier wrote, cleaned and cut to [`MAX_NOTE_CHARS`].
    pub notes: HashMap<String, String>,
}

/// Reason a file could not be read as a filled-in questionnaire. `row` counts lines as a
/// spreadsheet does: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text")]
    NotText,
    #[error("the header has no {column:?} column")]
    MissingColumn { column: &'static str },
    #[error("row {row} is not valid CSV")]
    Malformed { row: u64 },
    #[error("row {row} has an answer but no id")]
    MissingId { row: u64 },
    #[error("row {row} has unknown id {id:?}")]
    UnknownId { row: u64, id: String },
    #[error("row {row} repeats id {id:?}")]
    DuplicateId { row: u64, id: String },
    #[error("row {row} has invalid answer {value:?}")]
    InvalidAnswer { row: u64, value: String },
}

/// Reads a filled-in questionnaire, decoded as [`decode::decode`] describes.
pub fn from_csv(content: &[u8]) -> Result<Imported, ImportError> {
    let content = decode::decode(content);
    let content = content.trim_start_matches('\u{FEFF}');
    if decode::is_binary(content) {
        return Err(ImportError::NotText);
    }
    let Some(header_line) = content.lines().find(|line| !line.trim().is_empty()) else {
        return Err(ImportError::Empty);
    };
    let separator = delimiter(header_line);
    if let Some(row) = decode::unclosed_quote_line(content, char::from(separator)) {
        return Err(ImportError::Malformed { row });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes());

    let header = reader.headers().map_err(|error| malformed(1, &error))?.clone();
    let column = |names: &[&str]| header.iter().position(|cell| names.contains(&cell.to_lowercase().as_str()));
    let id_column = column(&["id"]).ok_or(ImportError::MissingColumn { column: "id" })?;
    let answer_column = column(&["answer", "antwoord"]).ok_or(ImportError::MissingColumn { column: "answer" })?;
    let note_column = column(&["note", "opmerking", "toelichting"]);

    let checklist = Checklist::get(Language::Nl);
    let mut imported = Imported::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|error| malformed(error.position().map_or(0, |at| at.line()), &error))?;
        let row = record.position().map_or(0, |at| at.line());
        let cell = |index: usize| record.get(index).unwrap_or("");
        let (id, written) = (cell(id_column), cell(answer_column));
        if id.is_empty() {
            if written.is_empty() {
                continue;
            }
            return Err(ImportError::MissingId { row });
        }
        if checklist.item(id).is_none() {
            return Err(ImportError::UnknownId { row, id: shown(id) });
        }
        if seen.insert(id.to_owned(), row).is_some() {
            return Err(ImportError::DuplicateId { row, id: id.to_owned() });
        }
        if !written.is_empty() {
            let answer = Answer::from_written(written).ok_or_else(|| ImportError::InvalidAnswer { row, value: shown(written) })?;
            imported.answers.insert(id.to_owned(), answer);
        }
        let note = note_column.map(|index| cut(&clean_text(cell(index), false), MAX_NOTE_CHARS)).unwrap_or_default();
        if !note.trim().is_empty() {
            imported.notes.insert(id.to_owned(), note.trim().to_owned());
        }
    }
    Ok(imported)
}

/// Picks the separator the header line uses most: comma, semicolon or tab.
fn delimiter(header_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|separator| header_line.bytes().filter(|byte| byte == separator).count())
        .unwrap_or(b',')
}

fn malformed(row: u64, error: &csv::Error) -> ImportError {
    tracing::debug!(row, error = %error, "imported questionnaire is not valid CSV");
    ImportError::Malformed { row }
}

/// Prepares a cell value for an error message: hidden characters removed, cut.
fn shown(value: &str) -> String {
    cut(&clean_text(value, false), MAX_SHOWN_VALUE_CHARS)
}

fn cut(text: &str, max_chars: usize) -> String {
    crate::digest::cut(text, max_chars)
}

mod decode;

#[cfg(test)]
mod tests;
