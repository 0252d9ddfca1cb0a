//! Any RSS 0.9x/1.0/2.0, Atom or JSON Feed, parsed with feed-rs.

use crate::domain::AdvisoryDraft;

use super::parse_error::ParseError;

/// Parses a generic feed into one draft per entry.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Vec<AdvisoryDraft>, ParseError> {
    let _ = (source, bytes);
    Err(ParseError::Empty)
}
