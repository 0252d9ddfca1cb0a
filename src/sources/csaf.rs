//! CSAF 2.0 and 2.1: provider metadata, changes.csv, ROLIE feeds and advisory documents.

use chrono::{DateTime, Utc};

use crate::domain::AdvisoryDraft;

use super::parse_error::ParseError;

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
pub fn parse_provider_metadata(bytes: &[u8]) -> Result<ProviderMetadata, ParseError> {
    let _ = bytes;
    Err(ParseError::Empty)
}

/// Reads changes.csv rows (`path,timestamp`), newest first.
pub fn parse_changes_csv(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    let _ = bytes;
    Err(ParseError::Empty)
}

/// Reads the document entries of a ROLIE feed.
pub fn parse_rolie_feed(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    let _ = bytes;
    Err(ParseError::Empty)
}

/// Parses and checks one CSAF document.
pub fn parse_document(source: &str, bytes: &[u8]) -> Result<AdvisoryDraft, ParseError> {
    let _ = (source, bytes);
    Err(ParseError::Empty)
}
