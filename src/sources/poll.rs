//! One poll of one source: fetch, then parse by kind.

use crate::domain::{AdvisoryDraft, FetchState, SourceConfig, SourceKind};

use super::error::display_url;
use super::fetch::{FetchOutcome, FetchedBody};
use super::parse_error::ParseError;
use super::{csaf_poll, feed, kev, ncsc_rss, Fetcher, KevEntry, SourceError};

/// The result of one successful poll.
#[derive(Debug, Default)]
pub struct PollResult {
    /// True when the server returned 304 Not Modified; `drafts` is then empty.
    pub not_modified: bool,
    pub drafts: Vec<AdvisoryDraft>,
    /// The whole catalog, for a `kev` source.
    pub kev: Option<Vec<KevEntry>>,
    /// Validators and cursor to keep for the next poll.
    pub state: FetchState,
    /// Documents of a CSAF provider that failed while the rest parsed, each as
    /// "<document URL>: <reason>" or a message that names the URL.
    pub document_errors: Vec<String>,
}

impl PollResult {
    /// Builds the result of a poll that found nothing new, keeping the previous state.
    pub(crate) fn not_modified(state: &FetchState) -> Self {
        Self { not_modified: true, state: state.clone(), ..Self::default() }
    }
}

/// Fetches `source` and parses what it served.
///
/// `ncsc-rss` and `rss` sources become drafts, a `kev` source fills [`PollResult::kev`], and a
/// `csaf` source walks its provider metadata to the changed documents. `member` sources are
/// rejected before any request.
pub async fn poll(fetcher: &Fetcher, source: &SourceConfig, state: &FetchState) -> Result<PollResult, SourceError> {
    match source.kind {
        SourceKind::NcscRss => poll_feed(fetcher, source, state, ncsc_rss::parse).await,
        SourceKind::Rss => poll_feed(fetcher, source, state, feed::parse).await,
        SourceKind::Kev => poll_kev(fetcher, source, state).await,
        SourceKind::Csaf => csaf_poll::poll_provider(fetcher, source, state).await,
        SourceKind::Member => Err(SourceError::UnsupportedKind { kind: source.kind }),
    }
}

type FeedParser = fn(&str, &[u8]) -> Result<Vec<AdvisoryDraft>, ParseError>;

async fn poll_feed(fetcher: &Fetcher, source: &SourceConfig, state: &FetchState, parse: FeedParser) -> Result<PollResult, SourceError> {
    let body = match fetcher.fetch(&source.url, state).await? {
        FetchOutcome::NotModified => return Ok(PollResult::not_modified(state)),
        FetchOutcome::Body(body) => body,
    };
    let drafts = parse(&source.name, &body.bytes).map_err(|err| parse_error(&body, err))?;
    Ok(PollResult { drafts, state: next_state(&body, state), ..PollResult::default() })
}

async fn poll_kev(fetcher: &Fetcher, source: &SourceConfig, state: &FetchState) -> Result<PollResult, SourceError> {
    let body = match fetcher.fetch(&source.url, state).await? {
        FetchOutcome::NotModified => return Ok(PollResult::not_modified(state)),
        FetchOutcome::Body(body) => body,
    };
    let entries = kev::parse(&body.bytes).map_err(|err| parse_error(&body, err))?;
    Ok(PollResult { kev: Some(entries), state: next_state(&body, state), ..PollResult::default() })
}

/// Wraps a parser's error with the URL of the document it rejected.
pub(crate) fn parse_error(body: &FetchedBody, source: ParseError) -> SourceError {
    SourceError::Parse { context: display_url(&body.final_url), source }
}

/// Combines the validators of `body` with the cursor of the previous state.
fn next_state(body: &FetchedBody, previous: &FetchState) -> FetchState {
    FetchState { etag: body.etag.clone(), last_modified: body.last_modified.clone(), cursor: previous.cursor }
}
