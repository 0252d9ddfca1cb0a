//! One poll of one source: fetch, then parse by kind.

use crate::domain::{AdvisoryDraft, FetchState, SourceConfig};

use super::{Fetcher, KevEntry, SourceError};

/// What one successful poll returned.
#[derive(Debug, Default)]
pub struct PollResult {
    /// True when the server answered 304 Not Modified; `drafts` is then empty.
    pub not_modified: bool,
    pub drafts: Vec<AdvisoryDraft>,
    /// The whole catalog, for a `kev` source.
    pub kev: Option<Vec<KevEntry>>,
    /// Validators and cursor to keep for the next poll.
    pub state: FetchState,
    /// Documents of a CSAF provider that failed while the rest parsed, with the reason each.
    pub document_errors: Vec<String>,
}

/// Fetches `source` and parses what it served.
pub async fn poll(fetcher: &Fetcher, source: &SourceConfig, state: &FetchState) -> Result<PollResult, SourceError> {
    let _ = (fetcher, source, state);
    Err(SourceError::Stub)
}
