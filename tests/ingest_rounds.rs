//! Whole ingest rounds against a loopback publisher: a broken or hostile source fails with its
//! own reason in its health, keeps what it stored before, and never stops the other sources.

mod support;

use std::time::Duration;

use chrono::{DateTime, Utc};
use ketenwacht::classify::Classifier;
use ketenwacht::domain::{Advisory, SourceConfig, SourceKind, SourceRecord, SourceStatus};
use ketenwacht::ingest::{storage_precision, Ingestor, Outcome, SourceReport};
use ketenwacht::sources::{FetchLimits, Fetcher};
use ketenwacht::store::{AdvisoryQuery, Store};

use support::db::{with_database, TestBackend};
use support::feed_server::{gzip_of_zeros, FeedServer, Scripted};
use support::fixture;

const KIB: usize = 1024;

/// One hostile response and the words its failure reason must contain.
struct Case {
    name: &'static str,
    kind: SourceKind,
    answer: fn() -> Scripted,
    reason: &'static str,
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>t</title><item><title>&lol1;</title></item></channel></rss>"#;

const EXTERNAL_ENTITY: &str = r#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>NCSC-2025-0271 [1.00] [M/H] &e;</title></item></channel></rss>"#;

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "truncated XML",
            kind: SourceKind::NcscRss,
            answer: || {
                let feed = fixture("sources/ncsc/rss-snapshot-2025-08-28.xml");
                Scripted::ok(feed[..feed.len() / 2].to_vec())
            },
            reason: "malformed XML",
        },
        Case {
            name: "malformed JSON",
            kind: SourceKind::Kev,
            answer: || Scripted::ok(&b"{\"catalogVersion\": \"2025.08.25\", \"vulnerabilities\": [{"[..]),
            reason: "malformed JSON at line 1",
        },
        Case {
            name: "undeclared Latin-1",
            kind: SourceKind::Rss,
            answer: || {
                let feed = fixture("fetch/feed-rs-rss_2.0_encoding_1.xml");
                let body_start = feed.iter().position(|byte| *byte == b'\n').unwrap() + 1;
                Scripted::ok(feed[body_start..].to_vec())
            },
            reason: "is not valid UTF-8 text",
        },
        Case {
            name: "wrongly declared encoding",
            kind: SourceKind::Rss,
            answer: || {
                // The Latin-1 bytes stay, while the declaration claims UTF-8.
                let feed = fixture("fetch/feed-rs-rss_2.0_encoding_1.xml");
                let declaration_end = feed.iter().position(|byte| *byte == b'\n').unwrap();
                let mut relabelled = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
                relabelled.extend_from_slice(&feed[declaration_end..]);
                Scripted::ok(relabelled)
            },
            reason: "is not valid UTF-8 text",
        },
        Case { name: "entity expansion", kind: SourceKind::Rss, answer: || Scripted::ok(BILLION_LAUGHS), reason: "declares a DTD or XML entities" },
        Case { name: "external entity", kind: SourceKind::NcscRss, answer: || Scripted::ok(EXTERNAL_ENTITY), reason: "declares a DTD or XML entities" },
        Case {
            name: "HTML page",
            kind: SourceKind::NcscRss,
            answer: || Scripted::ok("<!DOCTYPE html><html><head><title>Onderhoud</title></head><body>Even geduld</body></html>"),
            reason: "received an HTML page instead of a feed",
        },
        Case { name: "oversized body", kind: SourceKind::Rss, answer: || Scripted::ok(vec![b' '; 100 * KIB]), reason: "larger than the limit of 64 KiB" },
        Case {
            name: "endlessly slow body",
            kind: SourceKind::Rss,
            answer: || Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-08-28.xml")).drip(Duration::from_millis(200)),
            reason: "timed out after 1s",
        },
        Case {
            name: "compression bomb",
            kind: SourceKind::Rss,
            answer: || Scripted::ok(gzip_of_zeros(20 * 1024 * KIB)).header("content-encoding", "gzip"),
            reason: "after decompression",
        },
        Case { name: "redirect loop", kind: SourceKind::Rss, answer: || Scripted::redirect("/flaky"), reason: "redirect loop" },
        Case { name: "404", kind: SourceKind::Rss, answer: || Scripted::status(404), reason: "HTTP 404 Not Found" },
        Case { name: "410", kind: SourceKind::NcscRss, answer: || Scripted::status(410), reason: "HTTP 410 Gone" },
        Case { name: "500", kind: SourceKind::Kev, answer: || Scripted::status(500), reason: "HTTP 500 Internal Server Error" },
        Case { name: "503", kind: SourceKind::NcscRss, answer: || Scripted::status(503), reason: "HTTP 503 Service Unavailable" },
    ]
}

/// A valid response of `kind`, served before the hostile one so that something is stored.
fn valid_answer(kind: SourceKind) -> Scripted {
    match kind {
        SourceKind::NcscRss => Scripted::ok(fixture("sources/ncsc/constructed-ncsc-2026.xml")),
        SourceKind::Rss => Scripted::ok(fixture("sources/quirks/rss_1.0_debian.xml")),
        SourceKind::Kev => Scripted::ok(fixture("fetch/kev-sample.json")),
        other => panic!("no valid answer for {other}"),
    }
}

fn config(name: &str, kind: SourceKind, url: String) -> SourceConfig {
    SourceConfig { name: name.into(), kind, url, interval: Duration::from_secs(900) }
}

fn ingestor(store: &Store) -> Ingestor {
    let limits = FetchLimits { max_body_bytes: 64 * KIB, total_timeout: Duration::from_secs(1), ..FetchLimits::default() };
    Ingestor::new(store.clone(), Fetcher::new(limits).unwrap(), Classifier::builtin(), Duration::from_secs(3600))
}

async fn record(store: &Store, name: &str) -> SourceRecord {
    store.sources().await.unwrap().into_iter().find(|r| r.config.name == name).unwrap()
}

async fn stored_from(store: &Store, source: &str) -> Vec<Advisory> {
    let mut advisories: Vec<Advisory> =
        store.list_advisories(&AdvisoryQuery::default()).await.unwrap().into_iter().filter(|a| a.sources.iter().any(|s| s == source)).collect();
    advisories.sort_by(|a, b| a.id().cmp(b.id()));
    advisories
}

fn report<'a>(reports: &'a [SourceReport], source: &str) -> &'a Outcome {
    &reports.iter().find(|r| r.source == source).unwrap().outcome
}

async fn run_case(store: &Store, case: &Case) {
    let server = FeedServer::start().await;
    server.route("/good", Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-08-28.xml")));
    server.route("/flaky", valid_answer(case.kind));
    store.add_source(&config("good", SourceKind::NcscRss, server.url("/good"))).await.unwrap();
    store.add_source(&config("flaky", case.kind, server.url("/flaky"))).await.unwrap();
    let ingestor = ingestor(store);

    let first_round: DateTime<Utc> = storage_precision(Utc::now());
    let reports = ingestor.poll_sources(first_round, false).await.unwrap();
    assert!(!matches!(report(&reports, "flaky"), Outcome::Failed(_)), "{}: valid answer failed: {reports:?}", case.name);
    let kev_before = store.exploited_cves(&["CVE-2024-8068".to_owned()]).await.unwrap();
    let before = stored_from(store, "flaky").await;

    server.route("/flaky", (case.answer)());
    server.route("/good", Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-10-08-new-items.xml")));
    let reports = ingestor.poll_sources(first_round + chrono::Duration::minutes(20), false).await.unwrap();

    let Outcome::Failed(reason) = report(&reports, "flaky") else { panic!("{}: expected a failure, got {reports:?}", case.name) };
    assert!(reason.contains(case.reason), "{}: reason {reason:?} lacks {:?}", case.name, case.reason);
    assert!(!reason.contains("root:"), "{}: file contents leaked: {reason}", case.name);
    assert!(matches!(report(&reports, "good"), Outcome::Ingested(counts) if counts.new >= 1), "{}: {reports:?}", case.name);

    let flaky = record(store, "flaky").await;
    assert_eq!(flaky.health.status, SourceStatus::Failing, "{}", case.name);
    assert_eq!(flaky.health.consecutive_failures, 1, "{}", case.name);
    assert_eq!(flaky.health.last_error.as_deref(), Some(reason.as_str()), "{}", case.name);
    assert_eq!(flaky.health.last_success, Some(first_round), "{}", case.name);
    assert!(flaky.next_poll_at.is_some_and(|at| at > first_round), "{}", case.name);
    assert_eq!(stored_from(store, "flaky").await, before, "{}: stored advisories changed", case.name);
    assert_eq!(store.exploited_cves(&["CVE-2024-8068".to_owned()]).await.unwrap(), kev_before, "{}: KEV changed", case.name);
    assert_eq!(record(store, "good").await.health.status, SourceStatus::Ok, "{}", case.name);

    store.remove_source("flaky").await.unwrap();
    store.remove_source("good").await.unwrap();
}

#[tokio::test]
async fn hostile_sources_fail_alone_on_sqlite() {
    for case in cases() {
        let folder = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
        run_case(&store, &case).await;
        store.close().await;
    }
}

#[tokio::test]
async fn hostile_sources_fail_alone_on_postgres() {
    for case in cases() {
        with_database(TestBackend::Postgres, |url| async move {
            let store = Store::connect(&url).await.unwrap();
            run_case(&store, &case).await;
            store.close().await;
        })
        .await;
    }
}

#[tokio::test]
async fn failing_source_backs_off_and_recovers() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    let server = FeedServer::start().await;
    server.route("/feed", Scripted::status(503));
    store.add_source(&config("ncsc", SourceKind::NcscRss, server.url("/feed"))).await.unwrap();
    let ingestor = ingestor(&store);
    let start = storage_precision(Utc::now());

    for round in 1..=3 {
        ingestor.poll_sources(start, false).await.unwrap();
        let health = record(&store, "ncsc").await;
        assert_eq!(health.health.consecutive_failures, round);
        let wait = health.next_poll_at.unwrap() - start;
        assert_eq!(wait.num_minutes(), 15 * (1 << (round - 1)), "round {round}");
    }
    let due = ingestor.poll_sources(start + chrono::Duration::minutes(10), true).await.unwrap();
    assert!(due.is_empty(), "a backed-off source is not due: {due:?}");

    server.route("/feed", Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-08-28.xml")));
    let later = start + chrono::Duration::hours(2);
    let reports = ingestor.poll_sources(later, true).await.unwrap();
    assert!(matches!(&reports[0].outcome, Outcome::Ingested(counts) if counts.new == 25), "{reports:?}");
    let health = record(&store, "ncsc").await.health;
    assert_eq!(health.status, SourceStatus::Ok);
    assert_eq!(health.consecutive_failures, 0);
    assert_eq!(health.last_success, Some(later));
    assert_eq!(health.items_seen, 25);
}

#[tokio::test]
async fn items_without_date_get_first_seen_time() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    let server = FeedServer::start().await;
    server.route("/feed", Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-08-28.xml")));
    store.add_source(&config("ncsc", SourceKind::NcscRss, server.url("/feed"))).await.unwrap();
    let seen = storage_precision(Utc::now());
    ingestor(&store).poll_sources(seen, false).await.unwrap();

    let advisories = store.list_advisories(&AdvisoryQuery::default()).await.unwrap();
    assert_eq!(advisories.len(), 25);
    for advisory in advisories {
        assert_eq!(advisory.draft.published_at, None);
        assert_eq!(advisory.published_at(), seen, "{}", advisory.id());
    }
}

#[tokio::test]
async fn kev_marks_advisories_exploited() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    let server = FeedServer::start().await;
    let kev = fixture("fetch/kev-sample.json");
    let catalog: serde_json::Value = serde_json::from_slice(&kev).unwrap();
    let cve = catalog["vulnerabilities"][0]["cveID"].as_str().unwrap().to_owned();
    let feed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>NCSC</title>
<item><title>NCSC-2025-0400 [1.00] [M/M] Kwetsbaarheid verholpen in Example Server</title>
<link>https://advisories.ncsc.nl/advisory?id=NCSC-2025-0400</link><guid isPermaLink="false">NCSC-2025-0400 [1.00]</guid>
<description>Het NCSC meldt {cve}.</description></item></channel></rss>"#
    );
    server.route("/feed", Scripted::ok(feed));
    server.route("/kev", Scripted::ok(kev));
    store.add_source(&config("ncsc", SourceKind::NcscRss, server.url("/feed"))).await.unwrap();
    let ingestor = ingestor(&store);
    ingestor.poll_sources(Utc::now(), false).await.unwrap();
    let before = store.advisory(&"NCSC-2025-0400".parse().unwrap()).await.unwrap().unwrap();
    assert!(!before.exploited);

    store.add_source(&config("kev", SourceKind::Kev, server.url("/kev"))).await.unwrap();
    let reports = ingestor.poll_sources(Utc::now(), false).await.unwrap();
    assert!(matches!(report(&reports, "kev"), Outcome::Catalog { reclassified: 1, .. }), "{reports:?}");
    let after = store.advisory(&"NCSC-2025-0400".parse().unwrap()).await.unwrap().unwrap();
    assert!(after.exploited);
    assert_eq!(after.urgency(), ketenwacht::domain::Urgency::Urgent);
}

#[tokio::test]
async fn csaf_document_failing_schema_marks_source_failing() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    let server = FeedServer::start().await;
    let mut metadata: serde_json::Value = serde_json::from_slice(&fixture("fetch/oasis-example-01-provider-metadata.json")).unwrap();
    metadata["distributions"] = serde_json::json!([{ "directory_url": server.url("/") }]);
    server.route("/provider-metadata.json", Scripted::ok(metadata.to_string()));
    server.route("/changes.csv", Scripted::ok("2024/good.json,2024-09-18T16:56:00.000Z\n2024/broken.json,2024-10-03T16:03:00.000Z\n"));
    let valid = fixture("fetch/cisa-va-24-262-01.json");
    let mut broken: serde_json::Value = serde_json::from_slice(&valid).unwrap();
    broken["document"].as_object_mut().unwrap().remove("tracking");
    server.route("/2024/good.json", Scripted::ok(valid));
    server.route("/2024/broken.json", Scripted::ok(broken.to_string()));
    server.route("/ncsc", Scripted::ok(fixture("sources/ncsc/rss-snapshot-2025-10-06-new-items.xml")));
    store.add_source(&config("csaf", SourceKind::Csaf, server.url("/provider-metadata.json"))).await.unwrap();
    store.add_source(&config("ncsc", SourceKind::NcscRss, server.url("/ncsc"))).await.unwrap();

    let reports = ingestor(&store).poll_sources(Utc::now(), false).await.unwrap();
    let Outcome::Partial(counts, reason) = report(&reports, "csaf") else { panic!("expected a partial poll: {reports:?}") };
    assert_eq!(counts.new, 1);
    assert!(reason.contains("broken.json: CSAF document fails the CSAF schema at /document/tracking"), "{reason}");
    assert!(matches!(report(&reports, "ncsc"), Outcome::Ingested(c) if c.new == 1), "{reports:?}");

    let health = record(&store, "csaf").await.health;
    assert_eq!(health.status, SourceStatus::Failing);
    assert_eq!(health.last_error.as_deref(), Some(reason.as_str()));
    assert!(store.advisory(&"VA-24-262-01".parse().unwrap()).await.unwrap().is_some());
}

#[tokio::test]
async fn hidden_characters_and_bad_links_are_cleaned() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("k.db").display())).await.unwrap();
    store.add_source(&config("ncsc", SourceKind::NcscRss, "https://advisories.ncsc.nl/rss/advisories".into())).await.unwrap();
    let feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>NCSC</title>\
<item><title>NCSC-2025-0401 [1.00] [M/H] Kwetsbaarheden verholpen in Woo\u{200b}Commerce &#x1b;[31m\u{202e}plugin</title>\
<link>javascript:alert(1)</link><guid isPermaLink=\"false\">NCSC-2025-0401 [1.00]</guid></item></channel></rss>";
    ingestor(&store).ingest_file("ncsc", feed.as_bytes(), Utc::now()).await.unwrap();

    let advisory = store.advisory(&"NCSC-2025-0401".parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(advisory.draft.title, "Kwetsbaarheden verholpen in WooCommerce [31mplugin");
    assert_eq!(advisory.draft.url, None);
    assert!(advisory.classification.ecommerce_relevant, "{:?}", advisory.classification);
    assert_eq!(advisory.tier(), ketenwacht::domain::Tier::Basic);
}
