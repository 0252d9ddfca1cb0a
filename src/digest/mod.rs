//! Digests: the advisories of one window chosen for a tier, composed as data, then rendered.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{Advisory, Language, Tier};

/// The half-open time range `[from, to)` a digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// A composed digest, before any platform renders it.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    pub tier: Tier,
    pub language: Language,
    pub window: Window,
    pub items: Vec<DigestItem>,
}

/// One advisory as a digest of a given tier presents it.
#[derive(Debug, Clone, Serialize)]
pub struct DigestItem {}

/// Chooses the advisories of `window` that suit `tier` and orders them: urgent first, then by
/// relevance. Urgent advisories are included for every tier.
pub fn compose(advisories: &[Advisory], tier: Tier, language: Language, window: Window) -> Digest {
    let _ = advisories;
    Digest { tier, language, window, items: Vec::new() }
}

/// Renders a digest as plain-text message parts, each at most `max_chars` characters, split
/// on item boundaries.
pub fn render_text(digest: &Digest, max_chars: usize) -> Vec<String> {
    let _ = (digest, max_chars);
    Vec::new()
}
