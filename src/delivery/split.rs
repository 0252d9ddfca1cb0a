//! Splitting a digest into message parts on item boundaries.
//!
//! A part's size is what [`render_text`] makes of it, so the digest module's rendering stays
//! the one definition of how long an item is.

use serde::Deserialize;

use crate::digest::{render_text, Digest};
use crate::domain::Platform;

/// Maximum message length per platform, in characters; digests split below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessageSizes {
    /// Telegram's limit for a text message after entity parsing.
    pub telegram: usize,
    /// Discord's limit for a message's content.
    pub discord: usize,
    pub terminal: usize,
    pub webhook: usize,
}

impl Default for MessageSizes {
    fn default() -> Self {
        Self { telegram: 4096, discord: 2000, terminal: 4096, webhook: 4096 }
    }
}

impl MessageSizes {
    /// Returns how `platform` counts a rendered message against its limit. Telegram messages
    /// go out as HTML, so they are counted after escaping.
    pub fn measure(&self, platform: Platform) -> fn(&str) -> usize {
        match platform {
            Platform::Telegram => html_escaped_chars,
            Platform::Discord | Platform::Terminal | Platform::Webhook => plain_chars,
        }
    }

    pub fn max_chars(&self, platform: Platform) -> usize {
        match platform {
            Platform::Telegram => self.telegram,
            Platform::Discord => self.discord,
            Platform::Terminal => self.terminal,
            Platform::Webhook => self.webhook,
        }
    }
}

/// Splits `digest` into parts, in order, each rendering to one message of at most `max_chars`
/// characters. Every part carries the digest's header fields and a run of its items.
///
/// A single item too long for one message gets a part of its own, which renders as more than
/// one message (the renderer cuts the item with an ellipsis). An empty digest has no parts.
pub fn split_digest(digest: &Digest, max_chars: usize) -> Vec<Digest> {
    split_digest_measured(digest, max_chars, plain_chars)
}

/// Splits like [`split_digest`], counting a rendered message's length with `measure`, such as
/// [`html_escaped_chars`] for a platform that escapes the text before sending it.
pub fn split_digest_measured(digest: &Digest, max_chars: usize, measure: fn(&str) -> usize) -> Vec<Digest> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < digest.items.len() {
        let count = largest_fitting_run(digest, start, max_chars, measure);
        parts.push(with_items(digest, start, count));
        start += count;
    }
    parts
}

/// Returns how many items from `start` on fit one message, at least one. Adding an item never
/// makes a rendering shorter, so the count is found by binary search.
fn largest_fitting_run(digest: &Digest, start: usize, max_chars: usize, measure: fn(&str) -> usize) -> usize {
    let fits = |count: usize| match render_text(&with_items(digest, start, count), max_chars).as_slice() {
        [only] => measure(only) <= max_chars,
        _ => false,
    };
    let (mut low, mut high) = (1, digest.items.len() - start);
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(middle) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}

/// Returns the length of `text` in characters.
pub fn plain_chars(text: &str) -> usize {
    text.chars().count()
}

/// Returns the length of `text` in characters once escaped for Telegram's HTML parse mode,
/// where `&` becomes `&amp;` and `<`, `>` become `&lt;`, `&gt;`. The Telegram adapter tests
/// that this matches the escaping it sends.
pub fn html_escaped_chars(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '&' => 5,
            '<' | '>' => 4,
            _ => 1,
        })
        .sum()
}

fn with_items(digest: &Digest, start: usize, count: usize) -> Digest {
    Digest { items: digest.items[start..start + count].to_vec(), ..digest.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::test_data::{advisory, utc};
    use crate::digest::{compose, Window};
    use crate::domain::{Language, Tier};

    fn digest_of(count: usize, title_chars: usize) -> Digest {
        let advisories: Vec<_> = (0..count)
            .map(|n| {
                let mut advisory = advisory(n as u32 + 1, "2025-08-27T10:00:00Z");
                advisory.draft.title = format!("{n:03} {}", "x".repeat(title_chars));
                advisory
            })
            .collect();
        let window = Window { from: utc("2025-08-27T06:00:00Z"), to: utc("2025-08-28T06:00:00Z") };
        compose(&advisories, Tier::Basic, Language::Nl, window)
    }

    fn ids(digest: &Digest) -> Vec<String> {
        digest.items.iter().map(|item| item.id.to_string()).collect()
    }

    #[test]
    fn small_digest_is_one_part() {
        let digest = digest_of(3, 20);
        let parts = split_digest(&digest, 4096);
        assert_eq!(parts.len(), 1);
        assert_eq!(ids(&parts[0]), ids(&digest));
    }

    #[test]
    fn parts_fit_and_keep_order() {
        let digest = digest_of(40, 150);
        for max_chars in [500, 2000, 4096] {
            let parts = split_digest(&digest, max_chars);
            assert!(parts.len() > 1, "{max_chars}: expected several parts");
            let joined: Vec<String> = parts.iter().flat_map(ids).collect();
            assert_eq!(joined, ids(&digest), "{max_chars}: items lost, repeated or reordered");
            for part in &parts {
                let rendered = render_text(part, max_chars);
                assert_eq!(rendered.len(), 1, "{max_chars}: part renders as {} messages", rendered.len());
                assert!(rendered[0].chars().count() <= max_chars);
            }
        }
    }

    #[test]
    fn parts_are_filled() {
        let digest = digest_of(40, 150);
        let parts = split_digest(&digest, 2000);
        for pair in parts.windows(2) {
            let mut grown = pair[0].clone();
            grown.items.push(pair[1].items[0].clone());
            assert!(render_text(&grown, 2000).len() > 1, "the next item would have fit the part before");
        }
    }

    #[test]
    fn oversized_item_stands_alone() {
        let mut digest = digest_of(3, 30);
        digest.items[1].title = "y".repeat(3000);
        let parts = split_digest(&digest, 1000);
        assert_eq!(parts.iter().map(|part| part.items.len()).collect::<Vec<_>>(), [1, 1, 1]);
    }

    #[test]
    fn escaped_parts_fit() {
        let mut digest = digest_of(40, 150);
        for item in &mut digest.items {
            item.title = item.title.replace('x', "&");
        }
        let parts = split_digest_measured(&digest, 4096, html_escaped_chars);
        assert!(parts.len() > split_digest(&digest, 4096).len(), "escaping should need more parts");
        for part in &parts {
            let rendered = render_text(part, 4096);
            assert_eq!(rendered.len(), 1);
            assert!(html_escaped_chars(&rendered[0]) <= 4096);
        }
    }

    #[test]
    fn empty_digest_has_no_parts() {
        assert!(split_digest(&digest_of(0, 10), 4096).is_empty());
    }
}
