//! The NCSC-NL advisories RSS feed: id, version, ratings, product and CVEs from each item.



use crate::domain::AdvisoryDraft;

use super::parse_error::ParseError;

/// Parses an NCSC advisories feed into one draft per item. `now` is not used as a date.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Vec<AdvisoryDraft>, ParseError> {
    let _ = (source, bytes);
    Err(ParseError::Empty)
}

