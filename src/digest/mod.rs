//! Digests: the advisories of one window chosen for a tier, composed as data, then rendered.
//!
//! [`compose`] chooses and orders the items; [`render_text`] turns a digest into chat message
//! parts and [`render_json`] into JSON. Every text comes from `locales/{nl,en}/digest.ftl`.
//!
//! The JSON form is the serde form of [`Digest`]:
//! `{"tier", "language", "include_lower_tiers", "window": {"from", "to"}, "items": [...]}`,
//! times in RFC 3339 UTC, and each item has the fields of [`DigestItem`].

pub mod filters;
mod header;
mod item;
mod select;
mod split;
mod text;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Advisory, Language, Tier, Tlp};

pub use header::{format_date, tier_name};
pub use item::{DigestItem, ItemKind};
pub use select::shareable_in_community;
pub(crate) use split::cut;

/// The half-open time range `[from, to)` a digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Window {
    /// Returns whether `at` lies in the window. A window whose `from` is not before `to` contains nothing.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }
}

/// A composed digest, before any platform renders it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Digest {
    pub tier: Tier,
    pub language: Language,
    pub window: Window,
    /// Whether items of less technical tiers were included as well.
    pub include_lower_tiers: bool,
    pub items: Vec<DigestItem>,
}

/// The TLP ceiling of a digest composed for no particular chat, such as an operator's preview:
/// the labels TLP 2.0 allows in a community.
pub const PREVIEW_CEILING: Tlp = Tlp::Green;

/// Chooses the advisories of `window` that suit `tier` and orders them: urgent first, then by
/// relevance. Urgent advisories are included for every tier. Labels above
/// [`PREVIEW_CEILING`] are left out.
pub fn compose(advisories: &[Advisory], tier: Tier, language: Language, window: Window) -> Digest {
    compose_with(advisories, tier, language, window, false, PREVIEW_CEILING)
}

/// Composes like [`compose`], and with `include_lower_tiers` also takes advisories of less
/// technical tiers (an expert digest then includes advanced and basic advisories).
///
/// An advisory is chosen when its `changed_at` lies in the window and its effective tier (a
/// staff override, else the classified one) equals `tier`, or it is urgent. Advisories whose TLP
/// label is above `ceiling`, the destination chat's ceiling, are left out, and so are
/// TLP:AMBER+STRICT and TLP:RED whatever the ceiling. Order: urgent, e-commerce relevant,
/// exploited, NCSC severity, most recently changed, then id.
pub fn compose_with(
    advisories: &[Advisory],
    tier: Tier,
    language: Language,
    window: Window,
    include_lower_tiers: bool,
    ceiling: Tlp,
) -> Digest {
    let items = select::select(advisories, tier, window, include_lower_tiers, ceiling);
    Digest { tier, language, window, include_lower_tiers, items }
}

/// Renders a digest as plain-text message parts, each at most `max_chars` characters, split
/// on item boundaries.
///
/// The header (tier, window, counts) opens the first part. An item longer than `max_chars` is
/// cut with an ellipsis. An empty digest renders one part stating that nothing is new. A
/// `max_chars` of 0 is treated as 1.
pub fn render_text(digest: &Digest, max_chars: usize) -> Vec<String> {
    let max_chars = max_chars.max(1);
    let header = header::render_header(digest);
    if digest.items.is_empty() {
        let nothing_new = crate::i18n::text(digest.language, "digest-nothing-new");
        return vec![split::cut(&format!("{header}\n\n{nothing_new}"), max_chars)];
    }

    let mut blocks = Vec::with_capacity(digest.items.len() + 1);
    blocks.push(header);
    blocks.extend(digest.items.iter().map(|item| text::render_item(item, digest.language)));
    split::pack(&blocks, max_chars)
}

/// Renders the header of a digest: tier and window, then the item counts when there are
/// items. Platforms that lay out items themselves (Discord embeds) open with it.
pub fn render_header(digest: &Digest) -> String {
    header::render_header(digest)
}

/// Renders one item as plain text in the wording of its `written_for` tier, as a digest
/// shows it, for replies that present single advisories outside a digest.
pub fn render_item_text(item: &DigestItem, language: Language) -> String {
    text::render_item(item, language)
}

/// Renders a digest as JSON, in the shape described in the module documentation.
pub fn render_json(digest: &Digest) -> serde_json::Value {
    // Serialising cannot fail: every field is a string, number, bool, list or struct, and
    // there are no maps with non-string keys.
    serde_json::to_value(digest).expect("digest serialises to JSON")
}
