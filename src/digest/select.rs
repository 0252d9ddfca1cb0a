//! Choosing the advisories of a window for a tier, and ordering them.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::item::DigestItem;
use super::Window;
use crate::domain::{Advisory, AdvisoryId, NcscRating, Rating, Tier, Tlp, Urgency};

/// Returns whether a TLP label allows posting in a community chat. TLP 2.0 limits AMBER to the
/// recipient's organisation and RED to the named recipients, so only CLEAR and GREEN qualify.
pub fn shareable_in_community(tlp: Tlp) -> bool {
    matches!(tlp, Tlp::Clear | Tlp::Green)
}

/// Chooses the advisories changed in `window` that suit `tier` and whose TLP label is within
/// `ceiling`, as items ordered for reading.
pub(super) fn select(advisories: &[Advisory], tier: Tier, window: Window, include_lower_tiers: bool, ceiling: Tlp) -> Vec<DigestItem> {
    // One advisory per id, the most recently changed, in case the caller passes duplicates.
    let mut latest: BTreeMap<&AdvisoryId, &Advisory> = BTreeMap::new();
    for advisory in advisories.iter().filter(|advisory| window.contains(advisory.changed_at)) {
        let newer = latest.get(advisory.id()).is_none_or(|seen| advisory.changed_at > seen.changed_at);
        if newer {
            latest.insert(advisory.id(), advisory);
        }
    }

    let mut withheld = 0usize;
    let mut items: Vec<DigestItem> = Vec::new();
    for advisory in latest.into_values() {
        if !suits(advisory, tier, include_lower_tiers) {
            continue;
        }
        if !advisory.draft.tlp.within_ceiling(ceiling) {
            withheld += 1;
            continue;
        }
        items.push(DigestItem::from_advisory(advisory, tier));
    }
    if withheld > 0 {
        tracing::info!(withheld, tier = %tier, ceiling = %ceiling, "left advisories above the chat's TLP ceiling out of a digest");
    }

    items.sort_by(reading_order);
    items
}

fn suits(advisory: &Advisory, tier: Tier, include_lower_tiers: bool) -> bool {
    let own = advisory.tier();
    advisory.urgency() == Urgency::Urgent || own == tier || (include_lower_tiers && own < tier)
}

/// Urgent first, then e-commerce relevant, exploited, NCSC severity, newest change; id last.
fn reading_order(a: &DigestItem, b: &DigestItem) -> Ordering {
    b.is_urgent()
        .cmp(&a.is_urgent())
        .then(b.ecommerce_relevant.cmp(&a.ecommerce_relevant))
        .then(b.exploited.cmp(&a.exploited))
        .then(severity(b.ncsc_rating).cmp(&severity(a.ncsc_rating)))
        .then(b.changed_at.cmp(&a.changed_at))
        .then(a.id.cmp(&b.id))
}

/// Ranks an NCSC rating: by kans plus schade, then schade. `Urgent` ranks with H/H and
/// `Normaal` with M/M; no rating ranks below every rating.
fn severity(rating: Option<NcscRating>) -> Option<(u8, u8)> {
    let rank = |rating: Rating| match rating {
        Rating::Low => 0,
        Rating::Medium => 1,
        Rating::High => 2,
    };
    rating.map(|rating| match rating {
        NcscRating::KansSchade { kans, schade } => (rank(kans) + rank(schade), rank(schade)),
        NcscRating::Label { urgency: Urgency::Urgent } => (4, 2),
        NcscRating::Label { urgency: Urgency::Normal } => (2, 1),
    })
}
