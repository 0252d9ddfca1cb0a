//! Any RSS 0.9x/1.0/2.0, Atom or JSON Feed, parsed with feed-rs.
//!
//! Used for the Digital Trust Center and NCSC news feeds as well as any feed staff add. Words
//! that mark urgency in those feeds are left to classification.

mod read;

use feed_rs::model::{Entry, Link};

use crate::domain::{AdvisoryDraft, AdvisoryId, SourceKind};

use super::parse_error::ParseError;
use super::text;

pub(crate) use read::{json_error, read_feed};

/// Maximum characters kept of an entry title.
const MAX_TITLE_CHARS: usize = 300;

/// Parses a generic feed into one draft per entry, in feed order.
///
/// An entry without title and summary is skipped with a warning. An entry without an id is
/// keyed by its link, else its title, else its summary, so that it keeps its id between polls.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Vec<AdvisoryDraft>, ParseError> {
    let feed = read_feed(bytes)?;
    let feed_lang = feed.language.as_deref();
    let drafts = feed
        .entries
        .iter()
        .filter_map(|entry| {
            let draft = draft_from_entry(source, entry, feed_lang);
            if draft.is_none() {
                tracing::warn!(source, entry_id = %entry.id, "skipped feed entry without title or summary");
            }
            draft
        })
        .collect();
    Ok(drafts)
}

fn draft_from_entry(source: &str, entry: &Entry, feed_lang: Option<&str>) -> Option<AdvisoryDraft> {
    let summary = entry_summary(entry);
    let title = entry
        .title
        .as_ref()
        .map(|title| text::cap_chars(&text::html_to_text(&title.content), MAX_TITLE_CHARS))
        .filter(|title| !title.is_empty())
        .or_else(|| summary.as_deref().map(text::title_from_summary))?;

    let key = match entry.id.trim() {
        "" => summary.clone().unwrap_or_else(|| title.clone()),
        id => id.to_owned(),
    };
    let mut draft = AdvisoryDraft::new(AdvisoryId::for_feed_item(source, &key), source, SourceKind::Rss, &title);
    draft.cves = text::find_cves([title.as_str(), summary.as_deref().unwrap_or_default()]);
    draft.summary = summary;
    draft.url = entry_link(&entry.links);
    draft.published_at = entry.published.or(entry.updated);
    draft.lang = entry.language.as_deref().or(feed_lang).and_then(language_tag);
    Some(draft)
}

/// Plain text of the summary, else of the content body.
pub(crate) fn entry_summary(entry: &Entry) -> Option<String> {
    let summary = entry.summary.as_ref().map(|summary| summary.content.as_str());
    let content = entry.content.as_ref().and_then(|content| content.body.as_deref());
    text::summary_text(summary).or_else(|| text::summary_text(content))
}

/// The entry's page: an alternate link (RSS links have no `rel`), else the first link.
pub(crate) fn entry_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .or_else(|| links.first())
        .map(|link| link.href.trim().to_owned())
        .filter(|href| !href.is_empty())
}

/// A lower-case language tag such as `nl` or `en-us`, or `None` for an empty value.
pub(crate) fn language_tag(tag: &str) -> Option<String> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    (!tag.is_empty() && tag.len() <= 35).then_some(tag)
}

#[cfg(test)]
mod tests;
