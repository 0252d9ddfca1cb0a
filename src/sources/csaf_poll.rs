//! Polling a CSAF provider: provider metadata, then changes.csv or ROLIE feeds, then the
//! documents that changed since the cursor.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt};
use url::Url;

use crate::domain::{AdvisoryDraft, FetchState, SourceConfig};

use super::csaf::{self, DocumentChange};
use super::error::display_url;
use super::fetch::{check_scheme, parse_fetch_url, FetchOutcome, FetchedBody};
use super::poll::{parse_error, PollResult};
use super::{Fetcher, SourceError};

/// Most documents fetched in one poll. The oldest go first and the cursor stops before the
/// rest, so a provider's whole history arrives over several polls.
pub const MAX_DOCUMENTS_PER_POLL: usize = 200;

/// Documents fetched at the same time from one provider.
const DOCUMENT_CONCURRENCY: usize = 4;

/// A file that lists a provider's documents with the time each last changed.
struct Index {
    url: Url,
    kind: IndexKind,
    /// Base URL for relative document paths: the directory, or the feed URL.
    base: Url,
}

#[derive(Clone, Copy)]
enum IndexKind {
    ChangesCsv,
    Rolie,
}

/// One document to fetch, or a listed path that cannot be fetched, with its change time.
struct Change {
    target: Result<Url, SourceError>,
    changed_at: DateTime<Utc>,
}

pub(crate) async fn poll_provider(fetcher: &Fetcher, source: &SourceConfig, state: &FetchState) -> Result<PollResult, SourceError> {
    let metadata_url = parse_fetch_url(&source.url)?;
    let metadata = fetch_body(fetcher, &metadata_url).await?;
    let provider = csaf::parse_provider_metadata(&metadata.bytes).map_err(|err| parse_error(&metadata, err))?;
    let indexes = list_indexes(&provider, &metadata.final_url)?;

    // A FetchState has room for one pair of validators, so conditional GET only works when the
    // provider has a single index file.
    let conditional = indexes.len() == 1;
    let mut validators = FetchState::default();
    let mut changes = Vec::new();
    for index in &indexes {
        let sent = if conditional { state.clone() } else { FetchState::default() };
        let body = match fetcher.fetch_url(&index.url, &sent).await? {
            FetchOutcome::NotModified if conditional => return Ok(PollResult::not_modified(state)),
            FetchOutcome::NotModified => continue,
            FetchOutcome::Body(body) => body,
        };
        changes.extend(read_changes(index, &body)?);
        if conditional {
            validators.etag = body.etag;
            validators.last_modified = body.last_modified;
        }
    }

    let batch = plan_batch(changes, state.cursor, MAX_DOCUMENTS_PER_POLL);
    let outcomes = fetch_documents(fetcher, &source.name, batch.documents).await;
    finish_poll(&source.name, outcomes, batch.left_out_from, state.cursor, validators)
}

/// Fetches a file that must be read every time: provider metadata or a document.
async fn fetch_body(fetcher: &Fetcher, url: &Url) -> Result<FetchedBody, SourceError> {
    match fetcher.fetch_url(url, &FetchState::default()).await? {
        FetchOutcome::Body(body) => Ok(body),
        // No validators were sent, so a 304 is the server's mistake.
        FetchOutcome::NotModified => {
            Err(SourceError::Status { url: display_url(url), code: 304, reason: "Not Modified (to a request without validators)".into() })
        }
    }
}

/// Lists the changes.csv of every directory distribution, or the ROLIE feeds when there is none.
fn list_indexes(provider: &csaf::ProviderMetadata, metadata_url: &Url) -> Result<Vec<Index>, SourceError> {
    let mut indexes = Vec::new();
    for text in &provider.directory_urls {
        let directory = resolve_directory(metadata_url, text)?;
        let url = directory.join("changes.csv").map_err(|err| invalid_url(text, &err.to_string()))?;
        indexes.push(Index { url, kind: IndexKind::ChangesCsv, base: directory });
    }
    if indexes.is_empty() {
        for text in &provider.rolie_feed_urls {
            let url = metadata_url.join(text.trim()).map_err(|err| invalid_url(text, &err.to_string()))?;
            check_scheme(&url)?;
            indexes.push(Index { url: url.clone(), kind: IndexKind::Rolie, base: url });
        }
    }
    if indexes.is_empty() {
        return Err(SourceError::CsafNoDistribution { url: display_url(metadata_url) });
    }
    Ok(indexes)
}

/// Resolves a `directory_url` and makes it end in `/`, so that `join` stays inside it.
fn resolve_directory(metadata_url: &Url, text: &str) -> Result<Url, SourceError> {
    let mut directory = metadata_url.join(text.trim()).map_err(|err| invalid_url(text, &err.to_string()))?;
    check_scheme(&directory)?;
    if !directory.path().ends_with('/') {
        let path = format!("{}/", directory.path());
        directory.set_path(&path);
    }
    Ok(directory)
}

fn read_changes(index: &Index, body: &FetchedBody) -> Result<Vec<Change>, SourceError> {
    let rows = match index.kind {
        IndexKind::ChangesCsv => csaf::parse_changes_csv(&body.bytes),
        IndexKind::Rolie => csaf::parse_rolie_feed(&body.bytes),
    }
    .map_err(|err| parse_error(body, err))?;
    Ok(rows.into_iter().map(|row| resolve_change(&index.base, index.kind, row)).collect())
}

/// Resolves a listed document path. A path that does not resolve, that switches to another
/// scheme than its index, or that leaves the provider is kept as a failed document: a
/// changes.csv entry must stay inside its directory, and a ROLIE entry on the feed's origin,
/// so that a hostile index cannot point Ketenwacht at other hosts or paths.
fn resolve_change(base: &Url, kind: IndexKind, row: DocumentChange) -> Change {
    let outside = |url: &Url| match kind {
        IndexKind::ChangesCsv => !url.as_str().starts_with(base.as_str()),
        IndexKind::Rolie => url.origin() != base.origin(),
    };
    let target = match base.join(row.path.trim()) {
        Err(err) => Err(invalid_url(&row.path, &err.to_string())),
        Ok(url) if url.scheme() != base.scheme() => {
            let reason = format!("a CSAF document listed under {} may not use the scheme {:?}", display_url(base), url.scheme());
            Err(SourceError::InvalidUrl { url: display_url(&url), reason })
        }
        Ok(url) if outside(&url) => {
            let reason = format!("a CSAF document listed under {} must stay inside it", display_url(base));
            Err(SourceError::InvalidUrl { url: display_url(&url), reason })
        }
        Ok(url) => Ok(url),
    };
    Change { target, changed_at: row.changed_at }
}

fn invalid_url(text: &str, reason: &str) -> SourceError {
    SourceError::InvalidUrl { url: text.chars().take(200).collect(), reason: reason.to_owned() }
}

/// The documents of one poll, oldest first, and the change time of the first one left out.
struct Batch {
    documents: Vec<Change>,
    left_out_from: Option<DateTime<Utc>>,
}

/// Keeps the changes newer than `cursor`, one per URL at its newest time, and takes the
/// oldest `max` of them.
fn plan_batch(changes: Vec<Change>, cursor: Option<DateTime<Utc>>, max: usize) -> Batch {
    let mut newest: HashMap<Url, DateTime<Utc>> = HashMap::new();
    let mut pending = Vec::new();
    for change in changes {
        match change.target {
            Ok(url) => {
                let at = newest.entry(url).or_insert(change.changed_at);
                *at = (*at).max(change.changed_at);
            }
            Err(_) => pending.push(change),
        }
    }
    pending.extend(newest.into_iter().map(|(url, changed_at)| Change { target: Ok(url), changed_at }));
    pending.retain(|change| cursor.is_none_or(|cursor| change.changed_at > cursor));
    pending.sort_by(|a, b| a.changed_at.cmp(&b.changed_at).then_with(|| sort_key(a).cmp(&sort_key(b))));

    let left_out_from = pending.get(max).map(|change| change.changed_at);
    pending.truncate(max);
    Batch { documents: pending, left_out_from }
}

/// Orders documents with equal change times by URL, so batches are the same every poll.
fn sort_key(change: &Change) -> Option<&str> {
    change.target.as_ref().ok().map(Url::as_str)
}

/// One document's result, in batch order.
struct DocumentOutcome {
    changed_at: DateTime<Utc>,
    result: Result<AdvisoryDraft, SourceError>,
}

async fn fetch_documents(fetcher: &Fetcher, source_name: &str, documents: Vec<Change>) -> Vec<DocumentOutcome> {
    stream::iter(documents)
        .map(|change| async move {
            let result = match change.target {
                Ok(url) => fetch_document(fetcher, source_name, &url).await,
                Err(err) => Err(err),
            };
            DocumentOutcome { changed_at: change.changed_at, result }
        })
        .buffered(DOCUMENT_CONCURRENCY)
        .collect()
        .await
}

async fn fetch_document(fetcher: &Fetcher, source_name: &str, url: &Url) -> Result<AdvisoryDraft, SourceError> {
    let body = fetch_body(fetcher, url).await?;
    csaf::parse_document(source_name, &body.bytes).map_err(|err| parse_error(&body, err))
}

/// Collects drafts and failures and moves the cursor no further than the oldest document
/// that failed for a passing reason or was left for a later poll, so those are fetched again.
fn finish_poll(
    source_name: &str,
    outcomes: Vec<DocumentOutcome>,
    left_out_from: Option<DateTime<Utc>>,
    cursor: Option<DateTime<Utc>>,
    validators: FetchState,
) -> Result<PollResult, SourceError> {
    let mut drafts = Vec::new();
    let mut processed_at = Vec::new();
    let mut failures = Vec::new();
    let mut retry_from: Option<DateTime<Utc>> = left_out_from;
    for outcome in outcomes {
        match outcome.result {
            Ok(draft) => {
                drafts.push(draft);
                processed_at.push(outcome.changed_at);
            }
            // A document that is gone or fails the schema would fail again, so the cursor
            // passes it; it is reported once, in this poll's document errors.
            Err(err) if err.is_permanent() => {
                processed_at.push(outcome.changed_at);
                failures.push(err);
            }
            Err(err) => {
                retry_from = Some(retry_from.map_or(outcome.changed_at, |at| at.min(outcome.changed_at)));
                failures.push(err);
            }
        }
    }
    let transient = failures.iter().any(|err| !err.is_permanent());
    if drafts.is_empty() && transient {
        let count = failures.len();
        let first = failures.swap_remove(0);
        return Err(SourceError::CsafDocumentsFailed { count, first: Box::new(first) });
    }

    let complete = retry_from.is_none();
    let state = FetchState {
        // A 304 would hide the documents this poll could not finish until the index changes.
        // Without validators, the next poll reads the index in full and finds them again.
        etag: validators.etag.filter(|_| complete),
        last_modified: validators.last_modified.filter(|_| complete),
        cursor: advance_cursor(cursor, &processed_at, retry_from),
    };
    let document_errors = failures
        .into_iter()
        .map(|err| {
            let retried = !err.is_permanent();
            tracing::warn!(source = source_name, error = %err, retried, "CSAF document failed");
            err.to_string()
        })
        .collect();
    Ok(PollResult { drafts, state, document_errors, ..PollResult::default() })
}

/// Moves the cursor to the newest processed change time before `held_back`, never backwards.
fn advance_cursor(cursor: Option<DateTime<Utc>>, processed_at: &[DateTime<Utc>], held_back: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let newest = processed_at.iter().copied().filter(|at| held_back.is_none_or(|limit| *at < limit)).max();
    cursor.max(newest)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{AdvisoryId, SourceKind};

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 9, 18, hour, 0, 0).unwrap()
    }

    fn change(path: &str, hour: u32) -> Change {
        let base = Url::parse("https://csaf.example/white/").unwrap();
        resolve_change(&base, IndexKind::ChangesCsv, DocumentChange { path: path.into(), changed_at: at(hour) })
    }

    fn urls(batch: &Batch) -> Vec<String> {
        batch.documents.iter().map(|c| c.target.as_ref().unwrap().path().to_owned()).collect()
    }

    fn success(hour: u32) -> DocumentOutcome {
        let id = AdvisoryId::for_feed_item("test", &hour.to_string());
        DocumentOutcome { changed_at: at(hour), result: Ok(AdvisoryDraft::new(id, "test", SourceKind::Csaf, "t")) }
    }

    /// A document that failed for a passing reason (503), so it is worth retrying.
    fn failure(hour: u32) -> DocumentOutcome {
        let error = SourceError::Status { url: format!("https://csaf.example/{hour}.json"), code: 503, reason: "Service Unavailable".into() };
        DocumentOutcome { changed_at: at(hour), result: Err(error) }
    }

    /// A document that is gone (404), so retrying cannot help.
    fn gone(hour: u32) -> DocumentOutcome {
        let error = SourceError::Status { url: format!("https://csaf.example/{hour}.json"), code: 404, reason: "Not Found".into() };
        DocumentOutcome { changed_at: at(hour), result: Err(error) }
    }

    #[test]
    fn resolves_relative_and_rejects_other_scheme() {
        let relative = change("2024/va-24-262-01.json", 1);
        assert_eq!(relative.target.unwrap().as_str(), "https://csaf.example/white/2024/va-24-262-01.json");
        let downgraded = change("http://csaf.example/white/2024/a.json", 1);
        assert!(matches!(downgraded.target, Err(SourceError::InvalidUrl { .. })));
        let file = change("file:///etc/passwd", 1);
        assert!(matches!(file.target, Err(SourceError::InvalidUrl { .. })));
    }

    #[test]
    fn documents_outside_the_directory_are_rejected() {
        for path in ["../../../../etc/passwd", "https://other.example/a.json", "/white2/a.json"] {
            let outside = change(path, 1);
            assert!(matches!(outside.target, Err(SourceError::InvalidUrl { .. })), "{path} accepted");
        }
        assert!(change("2024/a.json", 1).target.is_ok());
    }

    #[test]
    fn directory_gets_trailing_slash() {
        let metadata = Url::parse("https://csaf.example/.well-known/csaf/provider-metadata.json").unwrap();
        let directory = resolve_directory(&metadata, "https://csaf.example/csaf/white").unwrap();
        assert_eq!(directory.join("changes.csv").unwrap().as_str(), "https://csaf.example/csaf/white/changes.csv");
        let relative = resolve_directory(&metadata, "../../csaf/white/").unwrap();
        assert_eq!(relative.as_str(), "https://csaf.example/csaf/white/");
    }

    #[test]
    fn batch_skips_cursor_and_sorts_oldest_first() {
        let changes = vec![change("c.json", 5), change("b.json", 3), change("a.json", 1)];
        let batch = plan_batch(changes, Some(at(1)), 10);
        assert_eq!(urls(&batch), ["/white/b.json", "/white/c.json"]);
        assert_eq!(batch.left_out_from, None);
    }

    #[test]
    fn batch_keeps_newest_time_per_url() {
        let changes = vec![change("a.json", 2), change("a.json", 7)];
        let batch = plan_batch(changes, None, 10);
        assert_eq!(batch.documents.len(), 1);
        assert_eq!(batch.documents[0].changed_at, at(7));
    }

    #[test]
    fn batch_is_bounded() {
        let changes = (0..5).map(|hour| change(&format!("{hour}.json"), hour)).collect();
        let batch = plan_batch(changes, None, 3);
        assert_eq!(urls(&batch), ["/white/0.json", "/white/1.json", "/white/2.json"]);
        assert_eq!(batch.left_out_from, Some(at(3)));
    }

    #[test]
    fn cursor_moves_to_newest_success() {
        let result = finish_poll("test", vec![success(1), success(4)], None, None, FetchState::default()).unwrap();
        assert_eq!(result.state.cursor, Some(at(4)));
        assert!(result.document_errors.is_empty());
    }

    #[test]
    fn cursor_stops_before_oldest_failure() {
        let outcomes = vec![success(1), failure(2), success(3)];
        let validators = FetchState { etag: Some("\"v1\"".into()), ..FetchState::default() };
        let result = finish_poll("test", outcomes, None, Some(at(0)), validators).unwrap();
        assert_eq!(result.state.cursor, Some(at(1)));
        assert_eq!(result.drafts.len(), 2);
        assert_eq!(result.document_errors, ["HTTP 503 Service Unavailable from https://csaf.example/2.json"]);
        assert_eq!(result.state.etag, None, "validators would hide the failed document behind a 304");
    }

    #[test]
    fn cursor_stays_when_oldest_fails() {
        let result = finish_poll("test", vec![failure(2), success(3)], None, Some(at(1)), FetchState::default()).unwrap();
        assert_eq!(result.state.cursor, Some(at(1)));
    }

    #[test]
    fn cursor_stops_before_left_out_documents() {
        let validators = FetchState { etag: Some("\"v1\"".into()), ..FetchState::default() };
        let result = finish_poll("test", vec![success(1), success(2)], Some(at(2)), None, validators).unwrap();
        assert_eq!(result.state.cursor, Some(at(1)));
        assert_eq!(result.state.etag, None);
    }

    #[test]
    fn complete_poll_keeps_validators() {
        let validators = FetchState { etag: Some("\"v1\"".into()), last_modified: Some("Wed, 18 Sep 2024 16:56:00 GMT".into()), cursor: None };
        let result = finish_poll("test", vec![success(1)], None, None, validators).unwrap();
        assert_eq!(result.state.etag.as_deref(), Some("\"v1\""));
        assert!(result.state.last_modified.is_some());
    }

    #[test]
    fn all_documents_failed_is_an_error() {
        let error = finish_poll("test", vec![failure(1), failure(2)], None, None, FetchState::default()).unwrap_err();
        let SourceError::CsafDocumentsFailed { count, first } = &error else { panic!("unexpected error: {error}") };
        assert_eq!(*count, 2);
        assert!(first.to_string().contains("/1.json"), "{first}");
        assert!(error.to_string().starts_with("all 2 changed CSAF documents failed"));
    }

    #[test]
    fn cursor_passes_permanent_failure() {
        let validators = FetchState { etag: Some("\"v1\"".into()), ..FetchState::default() };
        let result = finish_poll("test", vec![success(1), gone(2), success(3)], None, None, validators).unwrap();
        assert_eq!(result.state.cursor, Some(at(3)));
        assert_eq!(result.document_errors, ["HTTP 404 Not Found from https://csaf.example/2.json"]);
        assert_eq!(result.state.etag.as_deref(), Some("\"v1\""));
    }

    #[test]
    fn only_permanent_failures_still_move_cursor() {
        let result = finish_poll("test", vec![gone(1), gone(2)], None, Some(at(0)), FetchState::default()).unwrap();
        assert!(result.drafts.is_empty());
        assert_eq!(result.document_errors.len(), 2);
        assert_eq!(result.state.cursor, Some(at(2)));
    }

    #[test]
    fn nothing_changed_keeps_cursor() {
        let result = finish_poll("test", Vec::new(), None, Some(at(3)), FetchState::default()).unwrap();
        assert_eq!(result.state.cursor, Some(at(3)));
        assert!(result.drafts.is_empty());
    }
}
