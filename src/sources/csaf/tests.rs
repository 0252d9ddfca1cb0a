use chrono::TimeZone;

use super::*;
use crate::domain::{NcscRating, Rating, SourceKind, Tlp, Version};

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources/", $path))
    };
}

const BSI_20: &[u8] = fixture!("csaf/bsi-2022-0001.json");
const BSI_21: &[u8] = fixture!("csaf/bsi-2022-0001-csaf-2.1.json");
const NCSC: &[u8] = fixture!("csaf/constructed-ncsc-2026-0087.json");

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// Parses the BSI 2.0 example after `edit` changed its JSON value.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<AdvisoryDraft, ParseError> {
    let mut value: serde_json::Value = serde_json::from_slice(BSI_20).unwrap();
    edit(&mut value);
    parse_document("bsi", &serde_json::to_vec(&value).unwrap())
}

fn schema_pointer(result: Result<AdvisoryDraft, ParseError>) -> String {
    match result {
        Err(ParseError::CsafSchema { pointer, .. }) => pointer,
        other => panic!("expected a CSAF schema error, got {other:?}"),
    }
}

#[test]
fn every_example_parses() {
    let documents: [(&str, &[u8]); 7] = [
        ("bsi-2022-0001.json", BSI_20),
        ("bsi-2022-0001-csaf-2.1.json", BSI_21),
        ("rhsa-2021_5217.json", fixture!("csaf/rhsa-2021_5217.json")),
        ("cisco-sa-20180328-smi2.json", fixture!("csaf/cisco-sa-20180328-smi2.json")),
        ("2022-evd-uc-01-na-001.json", fixture!("csaf/2022-evd-uc-01-na-001.json")),
        ("va-24-262-01.json", fixture!("cisa/va-24-262-01.json")),
        ("constructed-ncsc-2026-0087.json", NCSC),
    ];
    for (name, bytes) in documents {
        let draft = parse_document("test", bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(draft.source_kind, SourceKind::Csaf, "{name}");
        assert!(!draft.cves.is_empty(), "{name} has no CVE");
    }
}

#[test]
fn bsi_csaf_20_fields() {
    let draft = parse_document("bsi", BSI_20).unwrap();
    assert_eq!(draft.id.as_str(), "BSI-2022-0001");
    assert_eq!(draft.title, "CVRF-CSAF-Converter: XML External Entities Vulnerability");
    assert_eq!(draft.version, Some(Version::new(1, 0, 0)));
    assert_eq!(draft.tlp, Tlp::Clear);
    assert_eq!(draft.lang.as_deref(), Some("en-us"));
    assert_eq!(draft.published_at, Some(utc("2022-03-17T13:03:42.105Z")));
    assert_eq!(draft.products, ["CSAF Tools CVRF-CSAF-Converter"]);
    assert_eq!(draft.cves.len(), 1);
    assert_eq!(draft.cves[0].id, "CVE-2022-27193");
    assert_eq!(draft.cves[0].cvss, Some(6.1));
    assert_eq!(draft.cves[0].severity.as_deref(), Some("MEDIUM"));
    assert_eq!(draft.remediations, ["Update to the latest version of the product. At least version 1.0.0-rc2"]);
    assert_eq!(draft.ncsc_rating, None);
}

#[test]
fn bsi_csaf_21_matches_20() {
    let old = parse_document("bsi", BSI_20).unwrap();
    let new = parse_document("bsi", BSI_21).unwrap();
    assert_eq!(new.tlp, Tlp::Clear);
    assert_eq!(new.cves, old.cves, "CVSS from metrics[].content must equal scores[]");
    assert_eq!(new.products, old.products);
    assert_eq!(new.id, old.id);
}

#[test]
fn cisa_document_fields() {
    let draft = parse_document("cisa", fixture!("cisa/va-24-262-01.json")).unwrap();
    assert_eq!(draft.id.as_str(), "VA-24-262-01");
    assert_eq!(draft.version, Some(Version::new(1, 0, 0)));
    assert_eq!(draft.tlp, Tlp::Clear);
    assert_eq!(draft.products, ["Planet Fitness Workouts"]);
    assert_eq!(draft.cves[0].id, "CVE-2024-43201");
    assert_eq!(draft.cves[0].cvss, Some(8.8));
    assert_eq!(draft.remediations, ["Fixed in 9.8.12."], "duplicate remediations are merged");
    assert_eq!(
        draft.url.as_deref(),
        Some("https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/IT/white/2024/va-24-262-01.json")
    );
    assert!(draft.summary.unwrap().starts_with("The Planet Fitness Workouts iOS and Android mobile apps"));
}

#[test]
fn red_hat_product_family_and_self_link() {
    let draft = parse_document("rh", fixture!("csaf/rhsa-2021_5217.json")).unwrap();
    assert_eq!(draft.id.as_str(), "RHSA-2021:5217");
    assert_eq!(draft.products, ["Red Hat Single Sign-On"]);
    assert_eq!(draft.url.as_deref(), Some("https://access.redhat.com/errata/RHSA-2021:5217"));
    assert_eq!(draft.lang.as_deref(), Some("en"));
}

#[test]
fn cisco_large_tree_without_tlp() {
    let draft = parse_document("cisco", fixture!("csaf/cisco-sa-20180328-smi2.json")).unwrap();
    assert_eq!(draft.version, Some(Version::new(3, 0, 0)));
    assert_eq!(draft.tlp, Tlp::Clear);
    assert!(draft.products.contains(&"Cisco IOS".to_owned()), "{:?}", draft.products);
    assert!(draft.products.iter().all(|product| !product.contains("12.2(")), "{:?}", draft.products);
    assert_eq!(draft.cves[0].id, "CVE-2018-0171");
    assert_eq!(draft.cves[0].cvss, Some(9.8));
}

#[test]
fn ncsc_document_in_dutch() {
    let draft = parse_document("ncsc-csaf", NCSC).unwrap();
    assert_eq!(draft.id.as_str(), "NCSC-2026-0087");
    assert_eq!(draft.title, "Kwetsbaarheden verholpen in Adobe Commerce");
    assert_eq!(draft.version, Some(Version::new(1, 0, 1)));
    assert_eq!(draft.version.as_ref().unwrap().ncsc_label(), "1.01");
    assert_eq!(draft.lang.as_deref(), Some("nl"));
    assert_eq!(draft.tlp, Tlp::Clear);
    assert_eq!(draft.ncsc_rating, Some(NcscRating::KansSchade { kans: Rating::Medium, schade: Rating::High }));
    assert_eq!(draft.products, ["Adobe Commerce", "Adobe Magento Open Source"]);
    assert_eq!(draft.published_at, Some(Utc.with_ymd_and_hms(2026, 3, 11, 13, 45, 0).unwrap()));
    assert_eq!(draft.url.as_deref(), Some("https://advisories.ncsc.nl/csaf/v2/2026/ncsc-2026-0087.json"));
    assert!(draft.summary.unwrap().starts_with("Adobe heeft kwetsbaarheden verholpen"));
    assert_eq!(draft.remediations.len(), 1);
}

#[test]
fn ncsc_highest_score_per_cve() {
    let draft = parse_document("ncsc-csaf", NCSC).unwrap();
    let scored: Vec<(&str, Option<f32>, Option<&str>)> =
        draft.cves.iter().map(|cve| (cve.id.as_str(), cve.cvss, cve.severity.as_deref())).collect();
    assert_eq!(scored, [("CVE-2026-21001", Some(9.1), Some("CRITICAL")), ("CVE-2026-21002", Some(5.3), Some("MEDIUM"))]);
}

#[test]
fn ncsc_label_note_and_lower_case_id() {
    let mut value: serde_json::Value = serde_json::from_slice(NCSC).unwrap();
    value["document"]["tracking"]["id"] = "ncsc-2026-0087".into();
    value["document"]["notes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"category": "other", "title": "Urgentie", "text": "Urgent"}));
    let draft = parse_document("ncsc-csaf", &serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(draft.id.as_str(), "NCSC-2026-0087");
    assert_eq!(draft.ncsc_rating, Some(NcscRating::Label { urgency: crate::domain::Urgency::Urgent }));
}

#[test]
fn ncsc_letter_ratings() {
    let mut value: serde_json::Value = serde_json::from_slice(NCSC).unwrap();
    value["document"]["notes"][1]["text"] = "H".into();
    value["document"]["notes"][2]["text"] = "L".into();
    let draft = parse_document("ncsc-csaf", &serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(draft.ncsc_rating, Some(NcscRating::KansSchade { kans: Rating::High, schade: Rating::Low }));
}

#[test]
fn missing_required_fields_point_at_them() {
    let cases: [(&str, &str, &str); 6] = [
        ("document", "category", "/document/category"),
        ("document", "csaf_version", "/document/csaf_version"),
        ("document", "title", "/document/title"),
        ("publisher", "namespace", "/document/publisher/namespace"),
        ("tracking", "revision_history", "/document/tracking/revision_history"),
        ("tracking", "initial_release_date", "/document/tracking/initial_release_date"),
    ];
    for (parent, field, expected) in cases {
        let pointer = schema_pointer(edited(|value| {
            let object = match parent {
                "document" => &mut value["document"],
                "publisher" => &mut value["document"]["publisher"],
                _ => &mut value["document"]["tracking"],
            };
            object.as_object_mut().unwrap().remove(field);
        }));
        assert_eq!(pointer, expected, "removing {field}");
    }
}

#[test]
fn wrong_values_point_at_them() {
    let version = schema_pointer(edited(|value| value["document"]["csaf_version"] = "1.2".into()));
    assert_eq!(version, "/document/csaf_version");
    let empty_history = schema_pointer(edited(|value| value["document"]["tracking"]["revision_history"] = serde_json::json!([])));
    assert_eq!(empty_history, "/document/tracking/revision_history");
    let bad_date = schema_pointer(edited(|value| value["document"]["tracking"]["current_release_date"] = "yesterday".into()));
    assert_eq!(bad_date, "/document/tracking/current_release_date");
    let wrong_type = schema_pointer(edited(|value| value["document"]["tracking"]["version"] = 1.into()));
    assert_eq!(wrong_type, "/document/tracking/version");
    let bad_status = schema_pointer(edited(|value| value["document"]["tracking"]["status"] = "published".into()));
    assert_eq!(bad_status, "/document/tracking/status");
    let bad_tlp = schema_pointer(edited(|value| value["document"]["distribution"]["tlp"]["label"] = "PURPLE".into()));
    assert_eq!(bad_tlp, "/document/distribution/tlp/label");
    let bad_score = schema_pointer(edited(|value| value["vulnerabilities"][0]["scores"][0]["cvss_v3"]["baseScore"] = "high".into()));
    assert_eq!(bad_score, "/vulnerabilities/0/scores/0/cvss_v3/baseScore");
    let revision = schema_pointer(edited(|value| {
        value["document"]["tracking"]["revision_history"][0].as_object_mut().unwrap().remove("number");
    }));
    assert_eq!(revision, "/document/tracking/revision_history/0/number");
}

#[test]
fn malformed_documents_are_rejected() {
    assert!(matches!(parse_document("x", b""), Err(ParseError::Empty)));
    assert!(matches!(parse_document("x", &BSI_20[..300]), Err(ParseError::Json { .. })));
    let trailing = [BSI_20, b" trailing"].concat();
    assert!(matches!(parse_document("x", &trailing), Err(ParseError::Json { .. })));
    assert_eq!(schema_pointer(parse_document("x", b"{}")), "/document");
    assert_eq!(schema_pointer(parse_document("x", b"[]")), "");
}

#[test]
fn provider_metadata_example() {
    let metadata = parse_provider_metadata(fixture!("csaf/example-01-provider-metadata.json")).unwrap();
    assert_eq!(metadata.rolie_feed_urls, ["https://www.example.com/.well-known/csaf/feed-tlp-white.json"]);
    assert!(metadata.directory_urls.is_empty());
}

#[test]
fn provider_metadata_directory() {
    let body = br#"{"metadata_version": "2.0", "publisher": {"category": "coordinator", "name": "NCSC", "namespace": "https://www.ncsc.nl/"},
        "distributions": [{"directory_url": "https://advisories.ncsc.nl/csaf/v2/"}]}"#;
    let metadata = parse_provider_metadata(body).unwrap();
    assert_eq!(metadata.directory_urls, ["https://advisories.ncsc.nl/csaf/v2/"]);
}

#[test]
fn provider_metadata_rejections() {
    let publisher = r#""publisher": {"category": "vendor", "name": "x", "namespace": "https://x"}"#;
    let no_distribution = format!(r#"{{"metadata_version": "2.0", {publisher}, "distributions": []}}"#);
    let no_version = format!(r#"{{{publisher}, "distributions": [{{"directory_url": "https://x/"}}]}}"#);
    let no_publisher = r#"{"metadata_version": "2.0", "distributions": [{"directory_url": "https://x/"}]}"#;
    let ftp = format!(r#"{{"metadata_version": "2.0", {publisher}, "distributions": [{{"directory_url": "ftp://x/"}}]}}"#);
    for body in [no_distribution.as_str(), no_version.as_str(), no_publisher, ftp.as_str()] {
        assert!(matches!(parse_provider_metadata(body.as_bytes()), Err(ParseError::ProviderMetadata(_))), "{body}");
    }
    assert!(matches!(parse_provider_metadata(b"{"), Err(ParseError::Json { .. })));
    assert!(matches!(parse_provider_metadata(b""), Err(ParseError::Empty)));
}

#[test]
fn changes_csv_from_cisa() {
    let changes = parse_changes_csv(fixture!("cisa/IT-white-changes.csv")).unwrap();
    assert_eq!(changes.len(), 4);
    assert_eq!(changes[0].path, "csaf_files/IT/white/2024/va-24-254-02.json");
    assert_eq!(changes[0].changed_at, utc("2024-10-03T16:03:00Z"));
    assert!(changes.windows(2).all(|pair| pair[0].changed_at >= pair[1].changed_at));
}

#[test]
fn changes_csv_quoted_and_unsorted() {
    let body = b"\"2024/a,b.json\",\"2024-01-01T00:00:00.000Z\"\n2024/c.json,2024-02-01T10:00:00+01:00\n";
    let changes = parse_changes_csv(body).unwrap();
    assert_eq!(changes[0].path, "2024/c.json");
    assert_eq!(changes[0].changed_at, utc("2024-02-01T09:00:00Z"));
    assert_eq!(changes[1].path, "2024/a,b.json");
    assert!(parse_changes_csv(b"").unwrap().is_empty());
}

#[test]
fn changes_csv_bad_rows() {
    let bad_time = parse_changes_csv(b"a.json,2024-01-01T00:00:00Z\nb.json,yesterday\n");
    assert!(matches!(bad_time, Err(ParseError::ChangesCsv { line: 2, .. })), "{bad_time:?}");
    let three_fields = parse_changes_csv(b"a.json,2024-01-01T00:00:00Z,x\n");
    assert!(matches!(three_fields, Err(ParseError::ChangesCsv { line: 1, .. })), "{three_fields:?}");
    let one_field = parse_changes_csv(b"a.json,2024-01-01T00:00:00Z\nb.json\n");
    assert!(matches!(one_field, Err(ParseError::ChangesCsv { line: 2, .. })), "{one_field:?}");
    let empty_path = parse_changes_csv(b" ,2024-01-01T00:00:00Z\n");
    assert!(matches!(empty_path, Err(ParseError::ChangesCsv { line: 1, .. })), "{empty_path:?}");
}

#[test]
fn rolie_feed_of_cisa_uses_self_link() {
    let changes = parse_rolie_feed(fixture!("cisa/cisa-csaf-it-feed-tlp-white.json")).unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|change| change.path.ends_with(".json")), "{changes:?}");
    let newest = &changes[0];
    assert_eq!(newest.path, "https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/IT/white/2024/va-24-254-02.json");
    assert_eq!(newest.changed_at, utc("2024-10-03T16:03:00Z"));
}

#[test]
fn rolie_feed_example() {
    let changes = parse_rolie_feed(fixture!("csaf/example-01-feed-tlp-white.json")).unwrap();
    assert_eq!(
        changes,
        [DocumentChange {
            path: "https://psirt.domain.tld/advisories/csaf/2020/2020-ESA-001.json".into(),
            changed_at: utc("2021-01-01T12:00:00Z"),
        }]
    );
}

#[test]
fn rolie_never_takes_hash_link() {
    let only_hashes = br#"{"feed": {"entry": [{"id": "A-1", "updated": "2024-01-01T00:00:00Z", "link": [
        {"href": "https://x/a.json.sha512", "ref": "hash"}, {"href": "https://x/a.json.asc", "rel": "signature"}]}]}}"#;
    assert!(matches!(parse_rolie_feed(only_hashes), Err(ParseError::Rolie(reason)) if reason.contains("A-1")));
    let self_link = br#"{"feed": {"entry": [{"id": "A-1", "published": "2024-01-01T00:00:00Z", "link": [
        {"href": "https://x/a.json.sha512", "ref": "hash"}, {"href": "https://x/a.json", "rel": "self"}]}]}}"#;
    assert_eq!(parse_rolie_feed(self_link).unwrap()[0].path, "https://x/a.json");
    let no_date = br#"{"feed": {"entry": [{"id": "A-1", "content": {"src": "https://x/a.json"}}]}}"#;
    assert!(matches!(parse_rolie_feed(no_date), Err(ParseError::Rolie(_))));
    assert!(matches!(parse_rolie_feed(b"{\"entries\": []}"), Err(ParseError::Json { .. })));
}
