//! Builders shared by the delivery module's unit tests.

use chrono::{DateTime, Utc};

use crate::domain::{Advisory, AdvisoryDraft, AdvisoryId, Classification, Revision, SourceKind, Tier, Urgency};

pub(crate) fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A basic, normal advisory `NCSC-2025-{number}` at version 1.00, changed at `changed_at`.
pub(crate) fn advisory(number: u32, changed_at: &str) -> Advisory {
    let id: AdvisoryId = format!("NCSC-2025-{number:04}").parse().unwrap();
    let mut draft = AdvisoryDraft::new(id, "ncsc", SourceKind::NcscRss, &format!("Kwetsbaarheid {number}"));
    draft.version = Some("1.00".parse().unwrap());
    Advisory {
        draft,
        first_seen_at: utc(changed_at),
        changed_at: utc(changed_at),
        revisions: vec![Revision { version: Some("1.00".parse().unwrap()), seen_at: utc(changed_at), source: "ncsc".into() }],
        sources: vec!["ncsc".into()],
        exploited: false,
        classification: Classification {
            tier: Tier::Basic,
            urgency: Urgency::Normal,
            ecommerce_relevant: false,
            matched_products: Vec::new(),
            reasons: Vec::new(),
        },
        tier_override: None,
    }
}

/// Like [`advisory`], classified urgent.
pub(crate) fn urgent_advisory(number: u32, changed_at: &str) -> Advisory {
    let mut advisory = advisory(number, changed_at);
    advisory.classification.urgency = Urgency::Urgent;
    advisory
}

/// A basic digest with one normal item per label in `labels`, in that order.
pub(crate) fn digest_with_tlps(labels: &[crate::domain::Tlp]) -> crate::digest::Digest {
    let window = crate::digest::Window { from: utc("2025-06-01T00:00:00Z"), to: utc("2025-06-02T00:00:00Z") };
    let items = labels
        .iter()
        .zip(1..)
        .map(|(label, number)| {
            let mut advisory = advisory(number, "2025-06-01T08:00:00Z");
            advisory.draft.tlp = *label;
            crate::digest::DigestItem::from_advisory(&advisory, Tier::Basic)
        })
        .collect();
    crate::digest::Digest { tier: Tier::Basic, language: crate::domain::Language::Nl, window, include_lower_tiers: false, items }
}
