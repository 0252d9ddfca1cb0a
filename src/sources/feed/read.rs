//! Turns a fetched body into a feed-rs model after the hostile-input checks.

use feed_rs::parser::{ParseErrorKind, ParseFeedError};

use super::super::parse_error::ParseError;
use super::super::xml_guard;

/// Version URL prefix that every JSON Feed declares in its `version` member.
const JSON_FEED_VERSION_PREFIX: &str = "https://jsonfeed.org/version/";

/// JSON Feed versions that feed-rs 2.4 reads.
const JSON_FEED_VERSIONS: [&str; 2] = ["1", "1.1"];

/// Reads an RSS, Atom or JSON Feed body. XML passes [`xml_guard::prepare`] first and JSON must
/// declare a JSON Feed version, so feed-rs only ever sees checked input.
pub(crate) fn read_feed(bytes: &[u8]) -> Result<feed_rs::model::Feed, ParseError> {
    if xml_guard::looks_like_json(bytes) {
        check_json_feed(bytes)?;
        return parse_with_feed_rs(bytes);
    }
    if xml_guard::looks_like_markup(bytes) {
        let text = xml_guard::prepare(bytes)?;
        return parse_with_feed_rs(text.as_bytes());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) || bytes == b"\xEF\xBB\xBF" {
        return Err(ParseError::Empty);
    }
    Err(ParseError::NotAFeed(format!(
        "body is neither XML nor JSON; it starts with {:?}",
        xml_guard::preview(bytes)
    )))
}

fn check_json_feed(bytes: &[u8]) -> Result<(), ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|err| json_error(&err))?;
    let version = value.get("version").and_then(serde_json::Value::as_str);
    match version {
        Some(version)
            if version
                .strip_prefix(JSON_FEED_VERSION_PREFIX)
                .is_some_and(|number| JSON_FEED_VERSIONS.contains(&number.trim_end_matches('/'))) =>
        {
            Ok(())
        }
        Some(version) => Err(ParseError::NotAFeed(format!("unsupported JSON Feed version {version:?}"))),
        None => Err(ParseError::NotAFeed(format!(
            "JSON document has no \"version\" member starting with {JSON_FEED_VERSION_PREFIX}, so it is not a JSON Feed"
        ))),
    }
}

pub(crate) fn json_error(err: &serde_json::Error) -> ParseError {
    ParseError::Json { line: err.line(), column: err.column(), detail: err.to_string() }
}

fn parse_with_feed_rs(bytes: &[u8]) -> Result<feed_rs::model::Feed, ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parser = feed_rs::parser::Builder::new().id_generator(stable_entry_id).build();
    parser.parse(body).map_err(|err| match err {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            ParseError::NotAFeed("found no RSS, Atom or JSON Feed root element".to_owned())
        }
        ParseFeedError::ParseError(kind) => ParseError::Xml(kind.to_string()),
        ParseFeedError::JsonSerde(err) => json_error(&err),
        ParseFeedError::JsonUnsupportedVersion(version) => {
            ParseError::NotAFeed(format!("unsupported JSON Feed version {version:?}"))
        }
        ParseFeedError::XmlReader(err) => ParseError::Xml(err.to_string()),
        ParseFeedError::IoError(err) => ParseError::Xml(err.to_string()),
    })
}

/// Names entries that carry no id by their link, else their title. feed-rs would otherwise use
/// a random UUID, and the same entry would look new at every poll. An empty result leaves the
/// choice to the caller.
fn stable_entry_id(
    links: &[feed_rs::model::Link],
    title: &Option<feed_rs::model::Text>,
    _base_uri: Option<&str>,
) -> String {
    if let Some(link) = links.first() {
        return link.href.clone();
    }
    title.as_ref().map(|title| format!("title:{}", title.content.trim())).unwrap_or_default()
}
