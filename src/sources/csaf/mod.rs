//! CSAF 2.0 and 2.1: provider metadata, changes.csv, ROLIE feeds and advisory documents.

use chrono::{DateTime, Utc};

use crate::domain::AdvisoryDraft;

use super::parse_error::ParseError;

mod check;
mod distribution;
mod document;
mod schema;

/// Where a provider publishes its documents, from provider-metadata.json.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderMetadata {
    /// `directory_url` of each directory distribution; changes.csv sits inside it.
    pub directory_urls: Vec<String>,
    /// URL of each ROLIE feed.
    pub rolie_feed_urls: Vec<String>,
}

/// One row of changes.csv, or one entry of a ROLIE feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentChange {
    /// Document address as written: relative to the directory, or absolute.
    pub path: String,
    pub changed_at: DateTime<Utc>,
}

/// Reads the distributions of a provider-metadata.json.
///
/// A document without `metadata_version` or `publisher`, or without any directory or ROLIE
/// distribution, is [`ParseError::ProviderMetadata`].
pub fn parse_provider_metadata(bytes: &[u8]) -> Result<ProviderMetadata, ParseError> {
    distribution::parse_provider_metadata(bytes)
}

/// Reads changes.csv rows (`path,timestamp`, no header), newest first. A row with another
/// field count, an empty path or a timestamp that is not RFC 3339 is [`ParseError::ChangesCsv`].
pub fn parse_changes_csv(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    distribution::parse_changes_csv(bytes)
}

/// Reads the document entries of a ROLIE feed, newest change first. The document URL is
/// `content.src`, else the link whose `rel` is `self`; hash and signature links never count.
pub fn parse_rolie_feed(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    distribution::parse_rolie_feed(bytes)
}

/// Parses and checks one CSAF 2.0 or 2.1 document.
///
/// A document that breaks the CSAF schema in a member Ketenwacht reads is
/// [`ParseError::CsafSchema`] with the JSON pointer of that member; nothing is returned then.
pub fn parse_document(source: &str, bytes: &[u8]) -> Result<AdvisoryDraft, ParseError> {
    let document = check::deserialize(bytes)?;
    check::check(&document)?;
    document::to_draft(source, &document)
}

#[cfg(test)]
mod tests;
