//! `checklist export` and `checklist import`: the questionnaire as a file for a supplier, and
//! reading a filled-in CSV back as a summary with advice.

use super::checklist_browse::subcommand;
use super::checklist_summary::summary;
use crate::checklist::outcome::summarise;
use crate::checklist::questionnaire::{self, Format, ImportError};
use crate::checklist::Checklist;
use crate::conversation::text::shown;
use crate::conversation::{Attachment, ChatContext, Reply, MAX_UPLOAD_BYTES};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Maximum length of a file name shown back, in characters.
const MAX_SHOWN_FILE_NAME_CHARS: usize = 60;
/// Position of the answer column in the exported CSV.
const ANSWER_COLUMN: usize = 3;
/// File name endings read as CSV, in lower case.
const CSV_ENDINGS: [&str; 2] = [".csv", ".txt"];

/// Returns the questionnaire in `content_language` as a file, with a message in `language`.
pub(crate) fn export(content_language: Language, format: Format, language: Language) -> Reply {
    let content = match format {
        Format::Csv => questionnaire::to_csv(content_language),
        Format::Markdown => questionnaire::to_markdown(content_language),
    };
    let attachment = Attachment {
        file_name: questionnaire::file_name(content_language, format),
        content_type: format.content_type().to_owned(),
        content,
    };
    let message = match format {
        Format::Csv => {
            let import = import_command(language);
            let answer_column = questionnaire::csv_layout(content_language).0[ANSWER_COLUMN];
            text_with(language, "checklist-export-ready", &[("import", import.into()), ("column", answer_column.into())])
        }
        // A Markdown file cannot be read back, so the message points to the CSV export instead.
        Format::Markdown => {
            let export_csv = format!("{} {} csv", subcommand(language, "export", "exporteer"), content_language.as_str());
            text_with(language, "checklist-export-ready-markdown", &[("csv", export_csv.into())])
        }
    };
    Reply::text(message).with_attachment(attachment)
}

/// Explains how to send a filled-in questionnaire back.
pub(crate) fn import_how(language: Language) -> Reply {
    Reply::text(text_with(language, "checklist-import-how", &[("import", import_command(language).into())]))
}

/// Reads an uploaded file as a filled-in questionnaire and sums it up with advice. Files of
/// other kinds, too large files and invalid rows get a specific message.
pub(crate) fn import(context: &ChatContext, language: Language, file_name: &str, content: &[u8]) -> Reply {
    let shown_name = shown(file_name, MAX_SHOWN_FILE_NAME_CHARS);
    let lower = file_name.to_lowercase();
    if !CSV_ENDINGS.iter().any(|ending| lower.ends_with(ending)) {
        tracing::info!(chat = %context.chat, file_name = %shown_name, "rejected an upload that is not a CSV file");
        return Reply::text(text(language, "conversation-upload-unsupported"));
    }
    if content.len() > MAX_UPLOAD_BYTES {
        tracing::info!(chat = %context.chat, bytes = content.len(), "rejected a too large questionnaire upload");
        return Reply::text(text_with(language, "checklist-import-too-large", &[("max", (MAX_UPLOAD_BYTES / 1024).into())]));
    }
    let imported = match questionnaire::from_csv(content) {
        Ok(imported) => imported,
        Err(error) => {
            tracing::info!(chat = %context.chat, error = %error, "rejected a questionnaire upload");
            return Reply::text(import_error_text(&error, language));
        }
    };
    let outcome = summarise(Checklist::get(language), None, &imported.answers);
    let title = text_with(language, "checklist-import-title", &[("file", shown_name.into())]);
    summary(title, &outcome, &imported.notes, None, language)
}

/// Explains why a file could not be read, naming the row.
pub(crate) fn import_error_text(error: &ImportError, language: Language) -> String {
    let export = subcommand(language, "export", "exporteer");
    match error {
        ImportError::Empty => text(language, "checklist-import-error-empty"),
        ImportError::NotText => text(language, "checklist-import-error-not-text"),
        ImportError::MissingColumn { column } => {
            let column = column_in(language, column);
            text_with(language, "checklist-import-error-column", &[("column", column.into()), ("export", export.into())])
        }
        ImportError::Malformed { row } => {
            text_with(language, "checklist-import-error-malformed", &[("row", row.to_string().into())])
        }
        ImportError::MissingId { row } => {
            text_with(language, "checklist-import-error-missing-id", &[("row", row.to_string().into())])
        }
        ImportError::UnknownId { row, id } => text_with(
            language,
            "checklist-import-error-unknown-id",
            &[("row", row.to_string().into()), ("id", id.as_str().into()), ("export", export.into())],
        ),
        ImportError::DuplicateId { row, id } => text_with(
            language,
            "checklist-import-error-duplicate-id",
            &[("row", row.to_string().into()), ("id", id.as_str().into())],
        ),
        ImportError::InvalidAnswer { row, value } => text_with(
            language,
            "checklist-import-error-answer",
            &[("row", row.to_string().into()), ("value", value.as_str().into())],
        ),
    }
}

/// Returns the name of the English CSV column `column` as the questionnaire in `language` has it.
fn column_in(language: Language, column: &'static str) -> &'static str {
    let index = questionnaire::CSV_COLUMNS.iter().position(|known| *known == column);
    index.map_or(column, |index| questionnaire::csv_layout(language).0[index])
}

fn import_command(language: Language) -> String {
    subcommand(language, "import", "importeer")
}
