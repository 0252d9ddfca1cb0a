//! The NCSC-NL advisories RSS feed: id, version, ratings, product and CVEs from each item.

mod title;

use feed_rs::model::Entry;

use crate::domain::{AdvisoryDraft, AdvisoryId, SourceKind, Tlp};

use super::feed::{entry_link, entry_summary, read_feed};
use super::parse_error::ParseError;
use super::text;

use title::{parse_title, product, version_in_brackets};

/// Parses an NCSC advisories feed into one draft per item, in feed order.
///
/// The feed is not ordered by advisory number, and an updated advisory comes back as a new item
/// with a higher version, so callers deduplicate on the id. Items without a date get
/// `published_at = None`; storage then uses the time it first saw them. An item without an NCSC
/// id is skipped with a warning, and a feed whose items all lack one is
/// [`ParseError::NoAdvisories`].
pub fn parse(source: &str, bytes: &[u8]) -> Result<Vec<AdvisoryDraft>, ParseError> {
    let feed = read_feed(bytes)?;
    let total = feed.entries.len();
    let drafts: Vec<AdvisoryDraft> = feed
        .entries
        .iter()
        .filter_map(|entry| {
            let draft = draft_from_item(source, entry);
            if draft.is_none() {
                let title = entry.title.as_ref().map(|title| title.content.as_str()).unwrap_or_default();
                tracing::warn!(source, guid = %entry.id, title, "skipped NCSC feed item without an NCSC id");
            }
            draft
        })
        .collect();
    if drafts.is_empty() && total > 0 {
        return Err(ParseError::NoAdvisories { total });
    }
    Ok(drafts)
}

/// Builds a draft from one item. The id comes from the title, else the guid, else the link.
fn draft_from_item(source: &str, entry: &Entry) -> Option<AdvisoryDraft> {
    let raw_title = entry.title.as_ref().map(|title| text::html_to_text(&title.content)).unwrap_or_default();
    let title = parse_title(&raw_title);
    let link = entry_link(&entry.links);
    let id = title
        .id
        .clone()
        .or_else(|| AdvisoryId::find_ncsc(&entry.id))
        .or_else(|| link.as_deref().and_then(AdvisoryId::find_ncsc))?;

    let summary = entry_summary(entry);
    // The id, version and rating have their own fields, so the title keeps only the text
    // after them, as the title of the NCSC CSAF document does.
    let display_title = if title.description.is_empty() { raw_title.as_str() } else { title.description.as_str() };
    let mut draft = AdvisoryDraft::new(id, source, SourceKind::NcscRss, display_title);
    draft.version = title.version.clone().or_else(|| version_in_brackets(&entry.id));
    draft.ncsc_rating = title.rating;
    draft.products = product(&title.description).into_iter().collect();
    draft.cves = text::find_cves([raw_title.as_str(), summary.as_deref().unwrap_or_default()]);
    draft.summary = summary;
    draft.url = link;
    draft.published_at = entry.published.or(entry.updated);
    draft.lang = Some("nl".to_owned());
    draft.tlp = Tlp::Clear;
    Some(draft)
}

#[cfg(test)]
mod tests;
