//! Advisories built in code for delivery and platform tests.

use chrono::{DateTime, Utc};
use ketenwacht::domain::{Advisory, AdvisoryDraft, AdvisoryId, Classification, Revision, SourceKind, Tier, Urgency};

/// A basic, e-commerce relevant NCSC advisory `NCSC-2025-{number}` at version 1.00, titled
/// "Kwetsbaarheid {number} verholpen in Magento" and changed at `changed_at`.
pub fn advisory(number: u32, changed_at: DateTime<Utc>, urgency: Urgency) -> Advisory {
    let id: AdvisoryId = format!("NCSC-2025-{number:04}").parse().unwrap();
    let mut draft = AdvisoryDraft::new(id, "ncsc-advisories", SourceKind::NcscRss, &format!("Kwetsbaarheid {number} verholpen in Magento"));
    draft.version = Some("1.00".parse().unwrap());
    Advisory {
        draft,
        first_seen_at: changed_at,
        changed_at,
        revisions: vec![Revision { version: Some("1.00".parse().unwrap()), seen_at: changed_at, source: "ncsc-advisories".into() }],
        sources: vec!["ncsc-advisories".into()],
        exploited: false,
        classification: Classification { tier: Tier::Basic, urgency, ecommerce_relevant: true, matched_products: Vec::new(), reasons: Vec::new() },
        tier_override: None,
    }
}
