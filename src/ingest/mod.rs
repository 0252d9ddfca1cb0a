//! One polling round over the configured sources, from bytes to stored rows.
//!
//! Each source is fetched and parsed on its own; drafts are merged with what is stored,
//! classified, and written together with the source's health in one transaction. A failing
//! source records its reason and never stops the others.

mod backoff;
mod merge;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use futures_util::stream::{self, StreamExt};

use crate::classify::Classifier;
use crate::domain::{AdvisoryDraft, AdvisoryId, FetchState, KevEntry, SourceKind, SourceRecord};
use crate::sources::{self, Fetcher, ParseError, PollResult};
use crate::store::{AdvisoryWrite, PollCommit, Store, StoreError};

pub use backoff::next_poll_after_failure;
pub use merge::{merge, Change, Merged};

/// Sources polled at the same time in one round.
const CONCURRENT_POLLS: usize = 4;

/// How many advisories one source's poll added, updated or left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// The result of polling one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ingested(Counts),
    /// Stored what parsed, but some documents failed; the reason names them.
    Partial(Counts, String),
    /// The publisher returned 304 Not Modified.
    NotModified,
    /// The KEV catalog was replaced; `entries` CVEs are now known to be exploited.
    Catalog { entries: usize, reclassified: usize },
    Failed(String),
}

/// One line of an ingest report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceReport {
    pub source: String,
    pub outcome: Outcome,
}

/// Failure of a whole ingest round; a single failing source is not one.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("source {0:?} not found: add it with `ketenwacht sources add` first")]
    UnknownSource(String),
    #[error("cannot ingest a file for source {name:?}: {reason}")]
    File { name: String, reason: String },
}

/// Polls sources and stores what they return.
#[derive(Clone)]
pub struct Ingestor {
    store: Store,
    fetcher: Fetcher,
    classifier: Arc<Classifier>,
    max_backoff: Duration,
}

impl Ingestor {
    pub fn new(store: Store, fetcher: Fetcher, classifier: Classifier, max_backoff: Duration) -> Self {
        Self { store, fetcher, classifier: Arc::new(classifier), max_backoff }
    }

    /// Polls every source (or only those that are due) once. The KEV catalog goes first so
    /// that the advisories of the same round are enriched with it.
    pub async fn poll_sources(&self, now: DateTime<Utc>, due_only: bool) -> Result<Vec<SourceReport>, IngestError> {
        let now = storage_precision(now);
        let records: Vec<SourceRecord> = self
            .store
            .sources()
            .await?
            .into_iter()
            .filter(|record| !due_only || record.next_poll_at.is_none_or(|at| at <= now))
            .collect();
        let (catalogs, feeds): (Vec<_>, Vec<_>) = records.into_iter().partition(|r| r.config.kind == SourceKind::Kev);

        let mut reports = Vec::new();
        for record in catalogs {
            reports.push(self.poll_source(&record, now).await);
        }
        let polled: Vec<SourceReport> = stream::iter(feeds)
            .map(|record| async move { self.poll_source(&record, now).await })
            .buffered(CONCURRENT_POLLS)
            .collect()
            .await;
        reports.extend(polled);
        Ok(reports)
    }

    /// Polls one source and records the outcome in its health.
    pub async fn poll_source(&self, record: &SourceRecord, now: DateTime<Utc>) -> SourceReport {
        let now = storage_precision(now);
        let name = record.config.name.clone();
        let result = sources::poll(&self.fetcher, &record.config, &record.state).await;
        let outcome = match result {
            Ok(poll) => self.store_poll(record, poll, now).await,
            Err(error) => Err(error.to_string()),
        };
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(reason) => {
                tracing::warn!(source = %name, reason = %reason, "source poll failed");
                let next = next_poll_after_failure(record, now, self.max_backoff);
                if let Err(error) = self.store.record_poll_failure(&name, now, &reason, next).await {
                    tracing::error!(source = %name, error = %error, "failed to record source failure");
                }
                Outcome::Failed(reason)
            }
        };
        SourceReport { source: name, outcome }
    }

    /// Parses a local file as if `source` had served it, and stores the advisories. A KEV
    /// catalog file replaces the stored catalog and counts as a successful poll.
    pub async fn ingest_file(&self, source: &str, bytes: &[u8], now: DateTime<Utc>) -> Result<SourceReport, IngestError> {
        let now = storage_precision(now);
        let record = self
            .store
            .sources()
            .await?
            .into_iter()
            .find(|record| record.config.name == source)
            .ok_or_else(|| IngestError::UnknownSource(source.to_owned()))?;
        let file_error = |error: ParseError| IngestError::File { name: source.to_owned(), reason: error.to_string() };
        let mut poll = PollResult { state: record.state.clone(), ..PollResult::default() };
        match record.config.kind {
            SourceKind::NcscRss => poll.drafts = sources::ncsc_rss::parse(source, bytes).map_err(file_error)?,
            SourceKind::Rss => poll.drafts = sources::feed::parse(source, bytes).map_err(file_error)?,
            SourceKind::Csaf => poll.drafts = vec![sources::csaf::parse_document(source, bytes).map_err(file_error)?],
            SourceKind::Kev => poll.kev = Some(sources::kev::parse(bytes).map_err(file_error)?),
            SourceKind::Member => {
                let reason = "member sources take submissions, not files".to_owned();
                return Err(IngestError::File { name: source.to_owned(), reason });
            }
        }
        if poll.kev.is_some() {
            let outcome = self.store_poll(&record, poll, now).await.map_err(|reason| IngestError::File { name: source.to_owned(), reason })?;
            return Ok(SourceReport { source: source.to_owned(), outcome });
        }
        // A file shows nothing about whether the source's address responds, so its health, fetch
        // state and next poll time stay as they are; only the advisories are written.
        let (writes, counts) = self.merge_drafts(poll.drafts, now).await?;
        self.store.save_advisories(&writes).await?;
        Ok(SourceReport { source: source.to_owned(), outcome: Outcome::Ingested(counts) })
    }

    /// Merges, classifies and stores one poll's result; returns the reason on failure.
    async fn store_poll(&self, record: &SourceRecord, poll: PollResult, now: DateTime<Utc>) -> Result<Outcome, String> {
        let next_poll_at = after(now, record.config.interval);
        if poll.not_modified {
            let commit = empty_commit(record, poll.state, now, next_poll_at);
            self.store.commit_poll(&commit).await.map_err(|error| error.to_string())?;
            return Ok(Outcome::NotModified);
        }
        if let Some(catalog) = poll.kev {
            return self.store_catalog(record, catalog, poll.state, now, next_poll_at).await.map_err(|e| e.to_string());
        }

        let items_seen = poll.drafts.len() as u64;
        let (writes, counts) = self.merge_drafts(poll.drafts, now).await.map_err(|error| error.to_string())?;
        let commit = PollCommit { items_seen, writes, ..empty_commit(record, poll.state, now, next_poll_at) };
        self.store.commit_poll(&commit).await.map_err(|error| error.to_string())?;

        if poll.document_errors.is_empty() {
            return Ok(Outcome::Ingested(counts));
        }
        let reason = document_failure_reason(&poll.document_errors);
        if let Err(error) = self.store.record_poll_failure(&record.config.name, now, &reason, next_poll_at).await {
            tracing::error!(source = %record.config.name, error = %error, "failed to record document failures");
        }
        Ok(Outcome::Partial(counts, reason))
    }

    async fn store_catalog(
        &self,
        record: &SourceRecord,
        catalog: Vec<KevEntry>,
        state: FetchState,
        now: DateTime<Utc>,
        next_poll_at: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let entries = catalog.len();
        let commit = PollCommit { items_seen: entries as u64, kev: Some(catalog), ..empty_commit(record, state, now, next_poll_at) };
        self.store.commit_poll(&commit).await?;
        let reclassified = self.reclassify_all(now).await?;
        Ok(Outcome::Catalog { entries, reclassified })
    }

    /// Merges drafts with the stored advisories in memory and returns the writes to make.
    async fn merge_drafts(&self, mut drafts: Vec<AdvisoryDraft>, now: DateTime<Utc>) -> Result<(Vec<AdvisoryWrite>, Counts), StoreError> {
        for draft in &mut drafts {
            draft.clean();
        }
        // Oldest version first, so that two versions in one feed build the history in order.
        drafts.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.version.cmp(&b.version)));
        let ids: Vec<AdvisoryId> = drafts.iter().map(|draft| draft.id.clone()).collect();
        let mut known = self.store.load_advisories(&ids).await?;
        let cves: Vec<String> = drafts.iter().flat_map(|d| d.cves.iter().map(|c| c.id.clone())).collect();
        let exploited_cves = self.store.exploited_cves(&cves).await?;

        let mut counts = Counts::default();
        let mut pending: HashMap<AdvisoryId, (Merged, bool)> = HashMap::new();
        for draft in drafts {
            let exploited = draft.cves.iter().any(|cve| exploited_cves.contains(&cve.id));
            let id = draft.id.clone();
            let merged = merge(known.get(&id), draft, exploited, &self.classifier, now);
            match merged.change {
                Change::New => counts.new += 1,
                Change::Updated => counts.updated += 1,
                Change::Unchanged => counts.unchanged += 1,
            }
            known.insert(id.clone(), merged.advisory.clone());
            // A second draft of the same id in one poll must not lose the first one's revision.
            let appended = pending.get(&id).is_some_and(|(_, appended)| *appended);
            let new_revision = merged.new_revision;
            pending.insert(id, (merged, appended || new_revision));
        }
        let writes = pending
            .into_values()
            .filter(|(merged, appended)| merged.needs_write || *appended)
            .map(|(merged, appended)| AdvisoryWrite { advisory: merged.advisory, new_revision: appended })
            .collect();
        Ok((writes, counts))
    }

    /// Classifies every stored advisory again, after a rules or KEV change. Returns how many
    /// changed.
    pub async fn reclassify_all(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let advisories = self.store.list_advisories(&Default::default()).await?;
        let cves: Vec<String> = advisories.iter().flat_map(|a| a.draft.cves.iter().map(|c| c.id.clone())).collect();
        let exploited_cves = self.store.exploited_cves(&cves).await?;
        let mut writes = Vec::new();
        for mut advisory in advisories {
            let exploited = advisory.draft.cves.iter().any(|cve| exploited_cves.contains(&cve.id));
            let classification = self.classifier.classify(&advisory.draft, exploited);
            if classification != advisory.classification || exploited != advisory.exploited {
                let became_urgent = classification.urgency > advisory.classification.urgency;
                advisory.exploited = exploited;
                advisory.classification = classification;
                if became_urgent {
                    advisory.changed_at = now;
                }
                writes.push(AdvisoryWrite { advisory, new_revision: false });
            }
        }
        self.store.save_advisories(&writes).await?;
        Ok(writes.len())
    }
}

/// Returns `now + wait`, or a far-future time when the sum would overflow (a stored interval
/// from before intervals were bounded must not crash the poll loop).
pub(crate) fn after(now: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(wait).ok().and_then(|wait| now.checked_add_signed(wait)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Cuts a time to whole microseconds, the precision the store keeps, so that a time written
/// and read back compares equal to the one still in memory.
pub fn storage_precision(time: DateTime<Utc>) -> DateTime<Utc> {
    time.trunc_subsecs(6)
}

fn empty_commit(record: &SourceRecord, state: FetchState, now: DateTime<Utc>, next_poll_at: DateTime<Utc>) -> PollCommit {
    PollCommit {
        source: record.config.name.clone(),
        at: now,
        state,
        items_seen: 0,
        next_poll_at,
        writes: Vec::new(),
        kev: None,
    }
}

fn document_failure_reason(errors: &[String]) -> String {
    match errors {
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first} (and {} more failed documents)", rest.len()),
        [] => String::new(),
    }
}

