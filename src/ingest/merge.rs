//! Merging a freshly parsed draft into what is stored for the same advisory id.

use chrono::{DateTime, Utc};

use crate::classify::Classifier;
use crate::domain::{Advisory, AdvisoryDraft, Revision};

/// What a draft changed about its advisory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The advisory was not stored before.
    New,
    /// A higher version arrived, or a richer source filled in fields.
    Updated,
    /// Nothing that is stored changed.
    Unchanged,
}

/// The merged advisory and what changed.
#[derive(Debug, Clone)]
pub struct Merged {
    pub advisory: Advisory,
    pub change: Change,
    /// Whether the last element of `advisory.revisions` must be appended to storage.
    pub new_revision: bool,
    /// Whether anything must be written, even when the change is [`Change::Unchanged`].
    pub needs_write: bool,
}

/// Merges `draft` into `existing`, then classifies the result.
///
/// A higher version replaces the fields and adds a revision. At the same version a richer
/// source (CSAF over RSS) wins, while a poorer one only fills fields that are still empty.
/// An older version re-seen later is recorded in the history without touching the fields.
pub fn merge(
    existing: Option<&Advisory>,
    draft: AdvisoryDraft,
    exploited: bool,
    classifier: &Classifier,
    now: DateTime<Utc>,
) -> Merged {
    let Some(existing) = existing else {
        let classification = classifier.classify(&draft, exploited);
        let revision = Revision { version: draft.version.clone(), seen_at: now, source: draft.source.clone() };
        let advisory = Advisory {
            sources: vec![draft.source.clone()],
            draft,
            first_seen_at: now,
            changed_at: now,
            revisions: vec![revision],
            exploited,
            classification,
            tier_override: None,
        };
        return Merged { advisory, change: Change::New, new_revision: true, needs_write: true };
    };

    let mut advisory = existing.clone();
    let latest = advisory.revisions.iter().filter_map(|r| r.version.as_ref()).max().cloned();
    let known_version = draft
        .version
        .as_ref()
        .is_some_and(|version| advisory.revisions.iter().any(|r| r.version.as_ref() == Some(version)));
    let newer = match (&draft.version, &latest) {
        (Some(version), Some(latest)) => version > latest,
        (Some(_), None) => true,
        (None, _) => false,
    };

    let mut new_revision = false;
    if !known_version && draft.version.is_some() {
        advisory.revisions.push(Revision { version: draft.version.clone(), seen_at: now, source: draft.source.clone() });
        advisory.revisions.sort_by(|a, b| a.version.cmp(&b.version).then(a.seen_at.cmp(&b.seen_at)));
        new_revision = true;
    }
    if !advisory.sources.contains(&draft.source) {
        advisory.sources.push(draft.source.clone());
    }

    let older = !newer && draft.version.is_some() && latest.as_ref().is_some_and(|l| draft.version.as_ref() < Some(l));
    if !older {
        let richer = draft.source_kind.richness() >= advisory.draft.source_kind.richness();
        advisory.draft = if newer || richer { fill_from(draft, &advisory.draft) } else { fill_from(advisory.draft.clone(), &draft) };
    }
    advisory.exploited = exploited;
    advisory.classification = classifier.classify(&advisory.draft, exploited);

    // Only a newer version or changed content moves the advisory into the next digest; an
    // older revision or one more source is history and is stored without moving it.
    let content_changed = advisory.draft != existing.draft
        || advisory.classification != existing.classification
        || advisory.exploited != existing.exploited;
    let change = if newer || content_changed { Change::Updated } else { Change::Unchanged };
    if change == Change::Updated {
        advisory.changed_at = now;
    }
    let needs_write = change == Change::Updated || new_revision || advisory.sources != existing.sources;
    Merged { advisory, change, new_revision, needs_write }
}

/// Keeps `winner`'s fields and fills the ones it lacks from `other`.
fn fill_from(mut winner: AdvisoryDraft, other: &AdvisoryDraft) -> AdvisoryDraft {
    winner.summary = winner.summary.or_else(|| other.summary.clone());
    winner.url = winner.url.or_else(|| other.url.clone());
    winner.version = winner.version.or_else(|| other.version.clone());
    winner.published_at = winner.published_at.or(other.published_at);
    winner.lang = winner.lang.or_else(|| other.lang.clone());
    winner.ncsc_rating = winner.ncsc_rating.or(other.ncsc_rating);
    if winner.products.is_empty() {
        winner.products = other.products.clone();
    }
    for cve in &other.cves {
        if !winner.cves.iter().any(|known| known.id == cve.id) {
            winner.cves.push(cve.clone());
        }
    }
    if winner.remediations.is_empty() {
        winner.remediations = other.remediations.clone();
    }
    winner
}
