//! Merging a freshly parsed draft into what is stored for the same advisory id.

use chrono::{DateTime, Utc};

use crate::classify::Classifier;
use crate::domain::{Advisory, AdvisoryDraft, Revision};

/// Kind of change a draft made to its advisory.
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

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::domain::{AdvisoryId, Cve, NcscRating, Rating, SourceKind, Tier};

    fn draft(kind: SourceKind, version: &str) -> AdvisoryDraft {
        let id: AdvisoryId = "NCSC-2025-0303".parse().unwrap();
        let source = if kind == SourceKind::Csaf { "ncsc-csaf" } else { "ncsc-advisories" };
        let mut draft = AdvisoryDraft::new(id, source, kind, "Kwetsbaarheid verholpen in Oracle E-Business Suite");
        draft.version = Some(version.parse().unwrap());
        draft.products = vec!["Oracle E-Business Suite".into()];
        draft
    }

    fn first(classifier: &Classifier, now: DateTime<Utc>) -> Advisory {
        merge(None, draft(SourceKind::NcscRss, "1.01"), false, classifier, now).advisory
    }

    #[test]
    fn new_advisory_gets_first_revision() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let merged = merge(None, draft(SourceKind::NcscRss, "1.01"), false, &classifier, now);
        assert_eq!(merged.change, Change::New);
        assert!(merged.new_revision);
        assert_eq!(merged.advisory.revisions.len(), 1);
        assert_eq!(merged.advisory.first_seen_at, now);
    }

    #[test]
    fn higher_version_is_an_update() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let stored = first(&classifier, now);
        let later = now + Duration::hours(2);
        let merged = merge(Some(&stored), draft(SourceKind::NcscRss, "1.02"), false, &classifier, later);
        assert_eq!(merged.change, Change::Updated);
        assert!(merged.new_revision);
        assert!(merged.advisory.is_updated());
        assert_eq!(merged.advisory.changed_at, later);
        assert_eq!(merged.advisory.first_seen_at, now);
    }

    #[test]
    fn same_version_again_is_unchanged() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let stored = first(&classifier, now);
        let merged = merge(Some(&stored), draft(SourceKind::NcscRss, "1.0.1"), false, &classifier, now + Duration::hours(1));
        assert_eq!(merged.change, Change::Unchanged);
        assert!(!merged.needs_write);
        assert_eq!(merged.advisory.changed_at, now);
    }

    #[test]
    fn older_version_joins_history_quietly() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let stored = first(&classifier, now);
        let merged = merge(Some(&stored), draft(SourceKind::NcscRss, "1.00"), false, &classifier, now + Duration::hours(1));
        assert_eq!(merged.change, Change::Unchanged);
        assert!(merged.new_revision);
        assert!(merged.needs_write);
        let versions: Vec<String> = merged.advisory.revisions.iter().map(|r| r.version.as_ref().unwrap().to_string()).collect();
        assert_eq!(versions, ["1.0.0", "1.0.1"]);
        assert_eq!(merged.advisory.draft.version.as_ref().unwrap().to_string(), "1.0.1");
    }

    #[test]
    fn richer_source_wins_at_same_version() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let mut stored = first(&classifier, now);
        stored.draft.url = Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0303".into());
        let mut csaf = draft(SourceKind::Csaf, "1.0.1");
        csaf.cves = vec![Cve { id: "CVE-2025-61882".into(), cvss: Some(9.8), severity: Some("CRITICAL".into()) }];
        csaf.ncsc_rating = Some(NcscRating::KansSchade { kans: Rating::High, schade: Rating::High });
        let merged = merge(Some(&stored), csaf, false, &classifier, now);
        assert_eq!(merged.change, Change::Updated);
        assert_eq!(merged.advisory.draft.source_kind, SourceKind::Csaf);
        assert_eq!(merged.advisory.draft.cves.len(), 1);
        assert_eq!(merged.advisory.draft.url, stored.draft.url, "missing CSAF url is filled from RSS");
        assert_eq!(merged.advisory.sources, ["ncsc-advisories", "ncsc-csaf"]);
        assert_eq!(merged.advisory.revisions.len(), 1);
    }

    #[test]
    fn poorer_source_only_fills_gaps() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let csaf = merge(None, draft(SourceKind::Csaf, "1.0.1"), false, &classifier, now).advisory;
        let mut rss = draft(SourceKind::NcscRss, "1.01");
        rss.title = "other title".into();
        rss.url = Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0303".into());
        let merged = merge(Some(&csaf), rss, false, &classifier, now);
        assert_eq!(merged.advisory.draft.title, "Kwetsbaarheid verholpen in Oracle E-Business Suite");
        assert!(merged.advisory.draft.url.is_some());
        assert_eq!(merged.advisory.draft.source_kind, SourceKind::Csaf);
    }

    #[test]
    fn exploitation_makes_it_urgent() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let stored = first(&classifier, now);
        let merged = merge(Some(&stored), draft(SourceKind::NcscRss, "1.01"), true, &classifier, now + Duration::hours(1));
        assert_eq!(merged.change, Change::Updated);
        assert!(merged.advisory.exploited);
        assert_eq!(merged.advisory.urgency(), crate::domain::Urgency::Urgent);
    }

    #[test]
    fn override_is_kept_through_updates() {
        let classifier = Classifier::builtin();
        let now = Utc::now();
        let mut stored = first(&classifier, now);
        stored.tier_override = Some(crate::domain::TierOverride { tier: Tier::Basic, reason: "members run it".into(), set_at: now });
        let merged = merge(Some(&stored), draft(SourceKind::NcscRss, "1.02"), false, &classifier, now);
        assert_eq!(merged.advisory.tier(), Tier::Basic);
    }
}
