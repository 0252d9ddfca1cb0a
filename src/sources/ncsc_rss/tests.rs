use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::{NcscRating, Rating, Urgency, Version};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources/ncsc/", $name))
    };
}

fn find<'a>(drafts: &'a [AdvisoryDraft], id: &str) -> &'a AdvisoryDraft {
    drafts.iter().find(|draft| draft.id.as_str() == id).unwrap_or_else(|| panic!("{id} not parsed"))
}

fn kans_schade(kans: Rating, schade: Rating) -> Option<NcscRating> {
    Some(NcscRating::KansSchade { kans, schade })
}

#[test]
fn snapshot_parses_every_item_in_feed_order() {
    let drafts = parse("ncsc", fixture!("rss-snapshot-2025-08-28.xml")).unwrap();
    assert_eq!(drafts.len(), 25);
    let first_ids: Vec<&str> = drafts.iter().take(3).map(|draft| draft.id.as_str()).collect();
    assert_eq!(first_ids, ["NCSC-2025-0271", "NCSC-2025-0270", "NCSC-2025-0234"]);
    for draft in &drafts {
        assert_eq!(draft.source_kind, SourceKind::NcscRss);
        assert_eq!(draft.lang.as_deref(), Some("nl"));
        assert_eq!(draft.tlp, Tlp::Clear);
        assert_eq!(draft.published_at, None, "{} has no pubDate in the snapshot", draft.id);
        assert!(draft.version.is_some(), "{} has no version", draft.id);
        assert!(draft.ncsc_rating.is_some(), "{} has no rating", draft.id);
        assert_eq!(draft.products.len(), 1, "{} has no product", draft.id);
    }
}

#[test]
fn snapshot_citrix_is_high_high() {
    let drafts = parse("ncsc", fixture!("rss-snapshot-2025-08-28.xml")).unwrap();
    let citrix = find(&drafts, "NCSC-2025-0268");
    assert_eq!(citrix.ncsc_rating, kans_schade(Rating::High, Rating::High));
    assert_eq!(citrix.version, Some(Version::new(1, 0, 2)));
    assert_eq!(citrix.version.as_ref().unwrap().written, "1.02");
    assert_eq!(citrix.products, ["Citrix NetScaler ADC en Gateway"]);
    assert_eq!(citrix.title, "Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
    assert_eq!(citrix.url.as_deref(), Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0268"));
}

#[test]
fn snapshot_products_and_ratings() {
    let drafts = parse("ncsc", fixture!("rss-snapshot-2025-08-28.xml")).unwrap();
    assert_eq!(find(&drafts, "NCSC-2025-0259").products, ["Adobe Commerce en Magento"]);
    assert_eq!(find(&drafts, "NCSC-2025-0250").ncsc_rating, kans_schade(Rating::Medium, Rating::Medium));
    assert_eq!(find(&drafts, "NCSC-2025-0234").products, ["CrushFTP"]);
    assert_eq!(find(&drafts, "NCSC-2025-0271").ncsc_rating, kans_schade(Rating::Medium, Rating::High));
}

#[test]
fn later_snapshots_show_a_version_bump() {
    let monday = parse("ncsc", fixture!("rss-snapshot-2025-10-06-new-items.xml")).unwrap();
    let wednesday = parse("ncsc", fixture!("rss-snapshot-2025-10-08-new-items.xml")).unwrap();
    assert_eq!(monday.len(), 1);
    assert_eq!(find(&monday, "NCSC-2025-0303").version, Some(Version::new(1, 0, 1)));
    let bumped = find(&wednesday, "NCSC-2025-0303");
    assert_eq!(bumped.version, Some(Version::new(1, 0, 2)));
    assert!(bumped.version > find(&monday, "NCSC-2025-0303").version);
    assert_eq!(bumped.products, ["Oracle E-Business Suite"]);
    assert_eq!(find(&wednesday, "NCSC-2025-0304").products, ["Redis"]);
}

#[test]
fn constructed_feed_reads_labels_dates_and_cves() {
    let drafts = parse("ncsc", fixture!("constructed-ncsc-2026.xml")).unwrap();
    let ids: Vec<&str> = drafts.iter().map(|draft| draft.id.as_str()).collect();
    assert_eq!(ids, ["NCSC-2026-0101", "NCSC-2026-0100", "NCSC-2026-0099", "NCSC-2026-0098", "NCSC-2026-0097"]);

    let commerce = &drafts[0];
    assert_eq!(commerce.ncsc_rating, Some(NcscRating::Label { urgency: Urgency::Urgent }));
    assert_eq!(commerce.version, Some(Version::new(1, 0, 1)));
    assert_eq!(commerce.published_at, Some(Utc.with_ymd_and_hms(2026, 3, 10, 8, 15, 0).unwrap()));
    let cves: Vec<&str> = commerce.cves.iter().map(|cve| cve.id.as_str()).collect();
    assert_eq!(cves, ["CVE-2026-21001", "CVE-2026-21002"]);
    let summary = commerce.summary.as_deref().unwrap();
    assert!(summary.starts_with("Adobe heeft kwetsbaarheden verholpen"), "{summary}");
    assert!(!summary.contains('<') && !summary.contains("&nbsp;"), "{summary}");
}

#[test]
fn constructed_feed_other_items() {
    let drafts = parse("ncsc", fixture!("constructed-ncsc-2026.xml")).unwrap();
    let woo = find(&drafts, "NCSC-2026-0100");
    assert_eq!(woo.ncsc_rating, Some(NcscRating::Label { urgency: Urgency::Normal }));
    assert_eq!(woo.cves[0].id, "CVE-2026-20999");
    assert_eq!(
        woo.summary.as_deref(),
        Some("Een kwetsbaarheid in de WooCommerce plugin voor WordPress (CVE-2026-20999) kan leiden tot Cross-site Scripting.")
    );

    let cisco = find(&drafts, "NCSC-2026-0099");
    assert_eq!(cisco.ncsc_rating, None);
    assert_eq!(cisco.version, Some(Version::new(1, 0, 2)));
    assert_eq!(cisco.products, ["Cisco IOS XR"]);
    assert!(cisco.cves.is_empty());

    let veeam = find(&drafts, "NCSC-2026-0098");
    assert_eq!(veeam.products, ["Veeam Backup & Replication"]);
    assert_eq!(veeam.ncsc_rating, kans_schade(Rating::Low, Rating::High));
    assert_eq!(veeam.published_at, None);
}

#[test]
fn id_and_version_fall_back_to_guid() {
    let drafts = parse("ncsc", fixture!("constructed-ncsc-2026.xml")).unwrap();
    let gitlab = find(&drafts, "NCSC-2026-0097");
    assert_eq!(gitlab.version, Some(Version::new(1, 0, 1)));
    assert_eq!(gitlab.products, ["GitLab"]);
}

#[test]
fn id_falls_back_to_link() {
    let body = r#"<rss version="2.0"><channel><title>t</title><item><title>Kwetsbaarheden verholpen in Redis</title>
<link>https://advisories.ncsc.nl/advisory?id=ncsc-2025-0304</link></item></channel></rss>"#;
    let drafts = parse("ncsc", body.as_bytes()).unwrap();
    assert_eq!(drafts[0].id.as_str(), "NCSC-2025-0304");
    assert_eq!(drafts[0].version, None);
}

#[test]
fn feed_without_any_ncsc_item_fails() {
    let body = r#"<rss version="2.0"><channel><title>t</title>
<item><title>Nieuws</title><link>https://www.ncsc.nl/a</link></item>
<item><title>Meer nieuws</title><guid>b</guid></item></channel></rss>"#;
    assert!(matches!(parse("ncsc", body.as_bytes()), Err(ParseError::NoAdvisories { total: 2 })));
}

#[test]
fn feed_without_items_is_empty_not_an_error() {
    let body = r#"<rss version="2.0"><channel><title>NCSC</title></channel></rss>"#;
    assert!(parse("ncsc", body.as_bytes()).unwrap().is_empty());
}

#[test]
fn hostile_bodies_are_rejected() {
    assert!(matches!(parse("ncsc", b""), Err(ParseError::Empty)));
    assert!(matches!(parse("ncsc", b"<!DOCTYPE html><html><body>Login</body></html>"), Err(ParseError::HtmlPage)));
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>"#;
    assert!(matches!(parse("ncsc", xxe), Err(ParseError::EntityDeclaration)));
    let truncated = &fixture!("rss-snapshot-2025-08-28.xml")[..900];
    assert!(matches!(parse("ncsc", truncated), Err(ParseError::Xml(_))));
}
