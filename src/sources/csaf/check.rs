//! Reading a CSAF document into [`CsafDocument`] and the schema rules serde cannot express.
//! Every failure names the JSON pointer of the offending member.

use serde_path_to_error::{Path, Segment};

use super::super::feed::json_error;
use super::super::parse_error::ParseError;
use super::schema::CsafDocument;

/// CSAF versions this parser reads.
const CSAF_VERSIONS: [&str; 2] = ["2.0", "2.1"];

/// Publisher categories of CSAF 2.0, plus `multiplier` from CSAF 2.1.
const PUBLISHER_CATEGORIES: [&str; 7] = ["coordinator", "discoverer", "multiplier", "other", "translator", "user", "vendor"];

const TRACKING_STATUSES: [&str; 3] = ["draft", "final", "interim"];

/// Deserialises a document. Malformed JSON is [`ParseError::Json`]; valid JSON of the wrong
/// shape is [`ParseError::CsafSchema`] at the pointer of the first bad member.
pub(crate) fn deserialize(bytes: &[u8]) -> Result<CsafDocument, ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let document: CsafDocument = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let inner = err.inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            return json_error(inner);
        }
        let mut pointer = json_pointer(err.path());
        let reason = inner.to_string();
        // serde reports a missing field at its parent object; point at the field itself.
        if let Some(field) = missing_field(&reason) {
            pointer.push('/');
            pointer.push_str(&escape_token(field));
        }
        ParseError::CsafSchema { pointer, reason: strip_position(&reason) }
    })?;
    deserializer.end().map_err(|err| json_error(&err))?;
    Ok(document)
}

/// Applies the schema rules that the typed structs do not already enforce.
pub(crate) fn check(document: &CsafDocument) -> Result<(), ParseError> {
    let meta = &document.document;
    non_empty("/document/category", &meta.category)?;
    if !CSAF_VERSIONS.contains(&meta.csaf_version.as_str()) {
        return Err(schema_error(
            "/document/csaf_version",
            format!("{:?} is not a supported CSAF version; expected 2.0 or 2.1", meta.csaf_version),
        ));
    }
    one_of("/document/publisher/category", &meta.publisher.category, &PUBLISHER_CATEGORIES)?;
    non_empty("/document/publisher/name", &meta.publisher.name)?;
    absolute_uri("/document/publisher/namespace", &meta.publisher.namespace)?;
    non_empty("/document/title", &meta.title)?;

    let tracking = &meta.tracking;
    non_empty("/document/tracking/id", &tracking.id)?;
    one_of("/document/tracking/status", &tracking.status, &TRACKING_STATUSES)?;
    non_empty("/document/tracking/version", &tracking.version)?;
    if tracking.revision_history.is_empty() {
        return Err(schema_error("/document/tracking/revision_history", "must list at least one revision"));
    }
    for (index, revision) in tracking.revision_history.iter().enumerate() {
        non_empty(&format!("/document/tracking/revision_history/{index}/number"), &revision.number)?;
    }
    for (index, note) in meta.notes.iter().enumerate() {
        non_empty(&format!("/document/notes/{index}/text"), &note.text)?;
    }
    Ok(())
}

pub(crate) fn schema_error(pointer: &str, reason: impl Into<String>) -> ParseError {
    ParseError::CsafSchema { pointer: pointer.to_owned(), reason: reason.into() }
}

fn non_empty(pointer: &str, value: &str) -> Result<(), ParseError> {
    if value.trim().is_empty() {
        return Err(schema_error(pointer, "must not be empty"));
    }
    Ok(())
}

fn one_of(pointer: &str, value: &str, allowed: &[&str]) -> Result<(), ParseError> {
    if !allowed.contains(&value) {
        return Err(schema_error(pointer, format!("{value:?} is not one of {}", allowed.join(", "))));
    }
    Ok(())
}

fn absolute_uri(pointer: &str, value: &str) -> Result<(), ParseError> {
    url::Url::parse(value)
        .map(drop)
        .map_err(|err| schema_error(pointer, format!("{value:?} is not an absolute URI: {err}")))
}

/// Turns a serde path such as `document.tracking.revision_history[0]` into the JSON pointer
/// `/document/tracking/revision_history/0`.
fn json_pointer(path: &Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } => pointer.push_str(&escape_token(key)),
            Segment::Enum { variant } => pointer.push_str(&escape_token(variant)),
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// Escapes `~` and `/` in a pointer token as RFC 6901 requires.
fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn missing_field(reason: &str) -> Option<&str> {
    let rest = reason.strip_prefix("missing field `")?;
    Some(&rest[..rest.find('`')?])
}

/// Drops serde_json's " at line L column C" suffix, because the pointer already locates the error.
fn strip_position(reason: &str) -> String {
    match reason.rfind(" at line ") {
        Some(at) => reason[..at].to_owned(),
        None => reason.to_owned(),
    }
}
