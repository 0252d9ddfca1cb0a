//! The lists of a CSAF provider's documents: provider-metadata.json, changes.csv and ROLIE feeds.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::super::feed::json_error;
use super::super::parse_error::ParseError;
use super::{DocumentChange, ProviderMetadata};

#[derive(Deserialize)]
struct RawProviderMetadata {
    #[serde(default)]
    metadata_version: Option<String>,
    #[serde(default)]
    publisher: Option<serde_json::Value>,
    #[serde(default)]
    distributions: Vec<RawDistribution>,
}

#[derive(Deserialize)]
struct RawDistribution {
    #[serde(default)]
    directory_url: Option<String>,
    #[serde(default)]
    rolie: Option<RawRolie>,
}

#[derive(Deserialize)]
struct RawRolie {
    #[serde(default)]
    feeds: Vec<RawRolieFeed>,
}

#[derive(Deserialize)]
struct RawRolieFeed {
    url: String,
}

pub(crate) fn parse_provider_metadata(bytes: &[u8]) -> Result<ProviderMetadata, ParseError> {
    let raw: RawProviderMetadata = serde_json::from_slice(non_empty(bytes)?).map_err(|err| json_error(&err))?;
    if raw.metadata_version.as_deref().is_none_or(|version| version.trim().is_empty()) {
        return Err(ParseError::ProviderMetadata("missing metadata_version".to_owned()));
    }
    if !raw.publisher.as_ref().is_some_and(serde_json::Value::is_object) {
        return Err(ParseError::ProviderMetadata("missing publisher object".to_owned()));
    }
    let mut metadata = ProviderMetadata::default();
    for (index, distribution) in raw.distributions.iter().enumerate() {
        if let Some(url) = &distribution.directory_url {
            metadata.directory_urls.push(http_url(url, &format!("distributions[{index}].directory_url"))?);
        }
        let feeds = distribution.rolie.iter().flat_map(|rolie| &rolie.feeds);
        for (feed_index, feed) in feeds.enumerate() {
            let field = format!("distributions[{index}].rolie.feeds[{feed_index}].url");
            metadata.rolie_feed_urls.push(http_url(&feed.url, &field)?);
        }
    }
    if metadata.directory_urls.is_empty() && metadata.rolie_feed_urls.is_empty() {
        return Err(ParseError::ProviderMetadata(
            "no distribution with a directory_url or a ROLIE feed, so no document can be found".to_owned(),
        ));
    }
    Ok(metadata)
}

fn http_url(url: &str, field: &str) -> Result<String, ParseError> {
    match url::Url::parse(url.trim()) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url.trim().to_owned()),
        _ => Err(ParseError::ProviderMetadata(format!("{field} {url:?} is not an http or https URL"))),
    }
}

/// Reads `path,timestamp` rows without a header and sorts them newest first.
pub(crate) fn parse_changes_csv(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut changes = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|err| ParseError::ChangesCsv {
            line: err.position().map_or(line, |position| position.line() as usize),
            reason: err.to_string(),
        })?;
        let line = record.position().map_or(line, |position| position.line() as usize);
        let bad_row = |reason: String| ParseError::ChangesCsv { line, reason };
        if record.len() != 2 {
            return Err(bad_row(format!("expected 2 fields (path,timestamp), found {}", record.len())));
        }
        let path = record[0].trim();
        if path.is_empty() {
            return Err(bad_row("document path is empty".to_owned()));
        }
        let changed_at = DateTime::parse_from_rfc3339(record[1].trim())
            .map_err(|err| bad_row(format!("timestamp {:?} is not RFC 3339: {err}", &record[1])))?
            .with_timezone(&Utc);
        changes.push(DocumentChange { path: path.to_owned(), changed_at });
    }
    changes.sort_by_key(|change| std::cmp::Reverse(change.changed_at));
    Ok(changes)
}

#[derive(Deserialize)]
struct RawRolieDocument {
    feed: RawRolieBody,
}

#[derive(Deserialize)]
struct RawRolieBody {
    #[serde(default)]
    entry: Vec<RawRolieEntry>,
}

#[derive(Deserialize)]
struct RawRolieEntry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    link: Vec<RawRolieLink>,
    #[serde(default)]
    content: Option<RawRolieContent>,
    #[serde(default)]
    published: Option<DateTime<Utc>>,
    #[serde(default)]
    updated: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct RawRolieLink {
    href: String,
    #[serde(default)]
    rel: Option<String>,
    /// CISA's feed writes `ref` where ROLIE has `rel`, on its hash and signature links.
    #[serde(default, rename = "ref")]
    reference: Option<String>,
}

#[derive(Deserialize)]
struct RawRolieContent {
    #[serde(default)]
    src: Option<String>,
}

/// Reads the entries of a ROLIE feed, newest change first.
pub(crate) fn parse_rolie_feed(bytes: &[u8]) -> Result<Vec<DocumentChange>, ParseError> {
    let raw: RawRolieDocument = serde_json::from_slice(non_empty(bytes)?).map_err(|err| json_error(&err))?;
    let mut changes = raw
        .feed
        .entry
        .iter()
        .enumerate()
        .map(|(index, entry)| rolie_change(index, entry))
        .collect::<Result<Vec<_>, _>>()?;
    changes.sort_by_key(|change| std::cmp::Reverse(change.changed_at));
    Ok(changes)
}

fn rolie_change(index: usize, entry: &RawRolieEntry) -> Result<DocumentChange, ParseError> {
    let name = entry.id.clone().unwrap_or_else(|| format!("feed.entry[{index}]"));
    let path = entry
        .content
        .as_ref()
        .and_then(|content| content.src.as_deref())
        .or_else(|| document_link(&entry.link))
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .ok_or_else(|| ParseError::Rolie(format!("entry {name} has neither content.src nor a link with rel \"self\"")))?;
    let changed_at = entry
        .updated
        .or(entry.published)
        .ok_or_else(|| ParseError::Rolie(format!("entry {name} has neither updated nor published")))?;
    Ok(DocumentChange { path: path.to_owned(), changed_at })
}

/// Finds the `self` link, skipping any link marked as a hash or signature under `rel` or `ref`.
fn document_link(links: &[RawRolieLink]) -> Option<&str> {
    let is_checksum = |link: &RawRolieLink| {
        [&link.rel, &link.reference].into_iter().flatten().any(|kind| matches!(kind.as_str(), "hash" | "signature"))
    };
    links
        .iter()
        .find(|link| link.rel.as_deref() == Some("self") && !is_checksum(link))
        .map(|link| link.href.as_str())
}

fn non_empty(bytes: &[u8]) -> Result<&[u8], ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    Ok(body)
}
