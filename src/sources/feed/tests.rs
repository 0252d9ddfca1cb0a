use chrono::{TimeZone, Utc};

use super::*;

macro_rules! quirk {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources/quirks/", $name))
    };
}

fn only(bytes: &[u8]) -> AdvisoryDraft {
    let mut drafts = parse("test", bytes).unwrap();
    assert_eq!(drafts.len(), 1, "expected exactly one draft");
    drafts.remove(0)
}

#[test]
fn rss2_item_maps_every_field() {
    let body = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>DTC</title><language>nl-NL</language>
<item><title>KRITIEK: kwetsbaarheid in &lt;b&gt;WooCommerce&lt;/b&gt;</title>
<link>https://www.digitaltrustcenter.nl/cyberalerts/woo</link><guid>dtc-123</guid>
<pubDate>Tue, 10 Mar 2026 09:15:00 +0100</pubDate>
<description>&lt;p&gt;Update nu: CVE-2026-1111 &amp;amp; cve-2026-2222.&lt;/p&gt;</description></item></channel></rss>"#;
    let draft = only(body.as_bytes());
    assert_eq!(draft.id.as_str(), "test:dtc-123");
    assert_eq!(draft.source, "test");
    assert_eq!(draft.source_kind, SourceKind::Rss);
    assert_eq!(draft.title, "KRITIEK: kwetsbaarheid in WooCommerce");
    assert_eq!(draft.summary.as_deref(), Some("Update nu: CVE-2026-1111 & cve-2026-2222."));
    assert_eq!(draft.url.as_deref(), Some("https://www.digitaltrustcenter.nl/cyberalerts/woo"));
    assert_eq!(draft.published_at, Some(Utc.with_ymd_and_hms(2026, 3, 10, 8, 15, 0).unwrap()));
    assert_eq!(draft.lang.as_deref(), Some("nl-nl"));
    let cves: Vec<&str> = draft.cves.iter().map(|cve| cve.id.as_str()).collect();
    assert_eq!(cves, ["CVE-2026-1111", "CVE-2026-2222"]);
}

#[test]
fn rss1_date_only_dc_date() {
    let draft = only(quirk!("rss_1.0_debian.xml"));
    assert_eq!(draft.published_at, Some(Utc.with_ymd_and_hms(2022, 12, 17, 0, 0, 0).unwrap()));
    assert_eq!(draft.title, "Updated Debian 11: 11.6 released");
    assert!(!draft.summary.unwrap().contains('<'));
}

#[test]
fn rss2_dc_date_and_localised_pubdate() {
    assert_eq!(only(quirk!("rss_2.0_dbengines.xml")).published_at, Some(Utc.with_ymd_and_hms(2023, 1, 3, 15, 0, 0).unwrap()));
    let italian = only(quirk!("rss_2.0_ilmessaggero.xml"));
    assert_eq!(italian.published_at, Some(Utc.with_ymd_and_hms(2022, 11, 15, 23, 38, 15).unwrap()));
    assert_eq!(italian.lang.as_deref(), Some("it-it"));
}

#[test]
fn json_feed_without_ids_gets_stable_ids() {
    let first = parse("blog", quirk!("jsonfeed_elastic_1.1.json")).unwrap();
    let second = parse("blog", quirk!("jsonfeed_elastic_1.1.json")).unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(
        first[0].id.as_str(),
        "blog:https://www.influxdata.com/blog/influxdb-outperforms-graphite-in-time-series-data-metrics-benchmark"
    );
    let ids: Vec<&AdvisoryId> = first.iter().map(|draft| &draft.id).collect();
    let again: Vec<&AdvisoryId> = second.iter().map(|draft| &draft.id).collect();
    assert_eq!(ids, again);
    assert_eq!(first[0].lang.as_deref(), Some("en-us"));
}

#[test]
fn json_feed_entry_without_title_uses_summary() {
    let drafts = parse("example", quirk!("json__example.json")).unwrap();
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].title, "post 2");
    assert_eq!(drafts[1].id.as_str(), "example:1");
    assert_eq!(drafts[1].title, "Hello, world!");
    assert_eq!(drafts[1].summary.as_deref(), Some("Hello, world!"));
}

#[test]
fn atom_entry_document_is_one_entry() {
    let draft = only(quirk!("atom_entry_1.xml"));
    assert_eq!(draft.id.as_str(), "test:urn:uuid:988EF5C55CDEA24EDE1251744888912");
    assert_eq!(draft.title, "Specifications");
    assert_eq!(draft.published_at, Some(Utc.with_ymd_and_hms(2009, 8, 31, 18, 55, 12).unwrap() + chrono::Duration::milliseconds(569)));
}

#[test]
fn atom_xhtml_content_becomes_text() {
    let draft = only(quirk!("atom_example_7.xml"));
    let summary = draft.summary.unwrap();
    assert!(summary.starts_with("This is a follow up from the kernel support"), "{summary}");
    assert!(summary.chars().count() <= text::MAX_SUMMARY_CHARS);
    assert!(summary.ends_with('…'));
}

#[test]
fn latin1_feeds_decode_by_declaration() {
    let draft = only(quirk!("rss_2.0_encoding_1.xml"));
    assert_eq!(draft.title, "Revolução nas telas com pontos quânticos impressos em 3D");
    let court = only(quirk!("rss_0.91_encoding_2.xml"));
    assert!(court.title.contains("atuação na prevenção"), "{}", court.title);
}

#[test]
fn rss091_item_keyed_by_title() {
    let draft = only(quirk!("rss_0.91_missing_id.xml"));
    assert!(draft.id.as_str().starts_with("test:title:Oferta de Empleo"), "{}", draft.id);
    assert_eq!(draft.url, None);
}

#[test]
fn escaped_markup_and_entities_in_attributes() {
    let escaped = only(quirk!("wellformed__rss__item_description_escaped_markup.xml"));
    assert_eq!(escaped.summary.as_deref(), Some("Example description"));
    let reddit = only(quirk!("rss_2.0_reddit.xml"));
    assert_eq!(reddit.url.as_deref(), Some("https://www.reddit.com/r/kevincox/comments/qksbf1/announcing_feedmail/"));
}

#[test]
fn double_encoded_text_is_kept_as_written() {
    // The bytes say "&acirc;&#128;&brvbar;": mojibake of an ellipsis. Repairing it would mean
    // guessing, so the text stays as the feed wrote it.
    let draft = only(quirk!("encoding__bozo_double-encoded-html.xml"));
    assert!(draft.summary.unwrap().contains("&acirc;"));
}

#[test]
fn item_without_title_or_summary_is_skipped() {
    assert!(parse("test", quirk!("wellformed__rss__item_guid_not_permalink.xml")).unwrap().is_empty());
}

#[test]
fn utf8_bom_is_accepted() {
    let body = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title><item><title>caf\xC3\xA9</title><guid>1</guid></item></channel></rss>";
    assert_eq!(only(body).title, "café");
    // feedparser's own BOM case has an <rss> root without a version, which feed-rs does not
    // read as any RSS flavour.
    assert!(matches!(parse("test", quirk!("encoding__utf-8-bom.xml")), Err(ParseError::NotAFeed(_))));
}

#[test]
fn corrupted_ampersands_are_rejected() {
    // Both feedparser's case (an unterminated `</rss`) and a bare `&` in a link are not XML;
    // the feed is reported as broken rather than half-read.
    let feedparser_case = quirk!("illformed__rss_item_link_corrupted_ampersands.xml");
    assert!(matches!(parse("test", feedparser_case), Err(ParseError::Xml(_))));
    let bare = b"<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>http://link/get?a=1&b=2</link></item></channel></rss>";
    assert!(matches!(parse("test", bare), Err(ParseError::Xml(_))), "{:?}", parse("test", bare));
}

#[test]
fn truncated_and_empty_documents_are_rejected() {
    assert!(matches!(parse("test", quirk!("rss_2.0_invalid_1.xml")), Err(ParseError::Xml(detail)) if detail.contains("truncated")));
    assert!(matches!(parse("test", quirk!("illformed__rss_empty_document.xml")), Err(ParseError::Xml(_))));
    assert!(matches!(parse("test", b""), Err(ParseError::Empty)));
    assert!(matches!(parse("test", b"  \r\n"), Err(ParseError::Empty)));
}

#[test]
fn json_that_is_not_a_feed_is_rejected() {
    assert!(matches!(parse("test", br#"{"vulnerabilities": []}"#), Err(ParseError::NotAFeed(_))));
    assert!(matches!(parse("test", br#"[1, 2]"#), Err(ParseError::NotAFeed(_))));
    assert!(matches!(parse("test", br#"{"version": "https://jsonfeed.org/version/9"}"#), Err(ParseError::NotAFeed(_))));
    let broken = parse("test", b"{\"version\": \n\"https://jsonfeed.org/version/1\",");
    assert!(matches!(broken, Err(ParseError::Json { line: 2, .. })), "{broken:?}");
}

#[test]
fn other_bodies_are_not_feeds() {
    assert!(matches!(parse("test", b"Service Unavailable"), Err(ParseError::NotAFeed(_))));
    assert!(matches!(parse("test", b"<opml version=\"2.0\"><body/></opml>"), Err(ParseError::NotAFeed(_))));
    assert!(matches!(parse("test", b"<html><body>502</body></html>"), Err(ParseError::HtmlPage)));
}

#[test]
fn hostile_xml_is_rejected_before_parsing() {
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&lol1;</title></feed>"#;
    assert!(matches!(parse("test", laughs), Err(ParseError::EntityDeclaration)));
    let bad_utf8 = b"<rss version=\"2.0\"><channel><title>\xFF\xFE</title></channel></rss>";
    assert!(matches!(parse("test", bad_utf8), Err(ParseError::Encoding { .. })));
}

#[test]
fn long_item_keys_are_hashed() {
    let guid = "g".repeat(300);
    let body = format!("<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><guid>{guid}</guid></item></channel></rss>");
    let draft = only(body.as_bytes());
    assert!(draft.id.as_str().len() < 40, "{}", draft.id);
}
