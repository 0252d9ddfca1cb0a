//! Storage scenarios, each written once and run on both SQLite and PostgreSQL.
//!
//! PostgreSQL runs need a server (see `tests/support/db.rs`); set `KETENWACHT_SKIP_POSTGRES=1`
//! to run the SQLite half alone.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use ketenwacht::domain::{
    Advisory, AdvisoryDraft, AdvisoryId, Classification, Cve, FetchState, KevEntry, NcscRating, Rating,
    Revision, SourceConfig, SourceKind, SourceStatus, Tier, TierOverride, Tlp, Urgency, Version,
};
use ketenwacht::store::{
    AdvisoryQuery, AdvisoryWrite, PollCommit, Store, StoreError, MAX_ERROR_CHARS,
};

on_both_databases!(
    store: [
        save_and_load_round_trip,
        load_skips_missing_and_repeated_ids,
        revisions_appended_only_when_new,
        revisions_ordered_by_version,
        unversioned_revision_stored_once,
        new_revision_without_revisions_rejected,
        same_id_twice_in_one_batch,
        tier_override_wins_and_survives,
        tier_override_on_unknown_advisory,
        list_by_window_and_limit,
        source_lifecycle,
        source_config_checked,
        poll_health_transitions,
        poll_failure_for_unknown_source,
        commit_poll_rolls_back_unknown_source,
        commit_poll_rolls_back_constraint_failure,
        commit_poll_rejects_duplicate_kev_entry,
        kev_replaced_and_matched,
        unicode_and_long_titles,
        thousands_in_one_commit,
        concurrent_commits_all_land,
    ],
    url: [migrations_idempotent, corrupt_body_reported, placeholders_bind_by_number]
);

// ---------------------------------------------------------------------------------------------
// Builders

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

fn id(text: &str) -> AdvisoryId {
    text.parse().expect("valid advisory id")
}

fn version(text: &str) -> Version {
    text.parse().expect("valid version")
}

fn revision(version_text: Option<&str>, seen_at: &str) -> Revision {
    Revision {
        version: version_text.map(version),
        seen_at: at(seen_at),
        source: "ncsc-advisories".to_owned(),
    }
}

/// A minimal advisory first seen and changed at `changed_at`, at version 1.00.
fn advisory(id_text: &str, changed_at: &str) -> Advisory {
    let mut draft = AdvisoryDraft::new(
        id(id_text),
        "ncsc-advisories",
        SourceKind::NcscRss,
        &format!("Kwetsbaarheden verholpen ({id_text})"),
    );
    draft.version = Some(version("1.00"));
    Advisory {
        draft,
        first_seen_at: at(changed_at),
        changed_at: at(changed_at),
        revisions: vec![revision(Some("1.00"), changed_at)],
        sources: vec!["ncsc-advisories".to_owned()],
        exploited: false,
        classification: classification(Tier::Basic, Urgency::Normal),
        tier_override: None,
    }
}

fn classification(tier: Tier, urgency: Urgency) -> Classification {
    Classification {
        tier,
        urgency,
        ecommerce_relevant: false,
        matched_products: Vec::new(),
        reasons: Vec::new(),
    }
}

/// Builds an advisory with every field set to something other than its default.
fn full_advisory() -> Advisory {
    let mut draft = AdvisoryDraft::new(
        id("NCSC-2025-0259"),
        "ncsc-csaf",
        SourceKind::Csaf,
        "Kwetsbaarheden verholpen in Adobe Commerce",
    );
    draft.summary =
        Some("Adobe heeft kwetsbaarheden verholpen in Adobe Commerce en Magento Open Source.".to_owned());
    draft.url = Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0259".to_owned());
    draft.version = Some(version("1.02"));
    draft.published_at = Some(at("2025-08-13T09:15:00.123456Z"));
    draft.lang = Some("nl".to_owned());
    draft.tlp = Tlp::Amber;
    draft.ncsc_rating = Some(NcscRating::KansSchade { kans: Rating::High, schade: Rating::Medium });
    draft.products = vec!["Adobe Commerce".to_owned(), "Magento Open Source".to_owned()];
    draft.cves = vec![
        Cve { id: "CVE-2025-54236".to_owned(), cvss: Some(9.1), severity: Some("CRITICAL".to_owned()) },
        Cve::new("CVE-2025-54237"),
    ];
    draft.remediations = vec!["Installeer de beveiligingsupdate APSB25-88.".to_owned()];
    Advisory {
        draft,
        first_seen_at: at("2025-08-13T09:20:00Z"),
        changed_at: at("2025-08-14T11:00:00.5Z"),
        revisions: vec![
            revision(Some("1.00"), "2025-08-13T09:20:00Z"),
            revision(Some("1.02"), "2025-08-14T11:00:00.5Z"),
        ],
        sources: vec!["ncsc-advisories".to_owned(), "ncsc-csaf".to_owned()],
        exploited: true,
        classification: Classification {
            tier: Tier::Advanced,
            urgency: Urgency::Urgent,
            ecommerce_relevant: true,
            matched_products: vec!["Adobe Commerce".to_owned()],
            reasons: vec![
                "names Adobe Commerce, a webshop platform".to_owned(),
                "a CVE is in the CISA KEV catalog".to_owned(),
            ],
        },
        tier_override: None,
    }
}

fn new_revision(advisory: &Advisory) -> AdvisoryWrite {
    AdvisoryWrite { advisory: advisory.clone(), new_revision: true }
}

fn same_revision(advisory: &Advisory) -> AdvisoryWrite {
    AdvisoryWrite { advisory: advisory.clone(), new_revision: false }
}

fn source_config(name: &str) -> SourceConfig {
    SourceConfig {
        name: name.to_owned(),
        kind: SourceKind::NcscRss,
        url: format!("https://feeds.example.nl/{name}.rss"),
        interval: Duration::from_secs(900),
    }
}

fn poll_commit(source: &str, at_text: &str, writes: Vec<AdvisoryWrite>) -> PollCommit {
    PollCommit {
        source: source.to_owned(),
        at: at(at_text),
        state: FetchState {
            etag: Some("\"abc\"".to_owned()),
            last_modified: Some("Wed, 13 Aug 2025 09:00:00 GMT".to_owned()),
            cursor: None,
        },
        items_seen: writes.len() as u64,
        next_poll_at: at(at_text) + chrono::Duration::minutes(15),
        writes,
        kev: None,
    }
}

fn kev_entry(cve: &str, date: &str, known_ransomware: bool) -> KevEntry {
    KevEntry {
        cve: cve.to_owned(),
        date_added: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("valid date"),
        known_ransomware,
    }
}

fn ids_of(advisories: &[Advisory]) -> Vec<&str> {
    advisories.iter().map(|advisory| advisory.id().as_str()).collect()
}

async fn stored(store: &Store, id_text: &str) -> Advisory {
    store
        .advisory(&id(id_text))
        .await
        .expect("load advisory")
        .unwrap_or_else(|| panic!("advisory {id_text} is not stored"))
}

async fn source_record(store: &Store, name: &str) -> ketenwacht::domain::SourceRecord {
    store.source(name).await.expect("load source").unwrap_or_else(|| panic!("source {name} is not stored"))
}

// ---------------------------------------------------------------------------------------------
// Connecting and migrating

async fn migrations_idempotent(url: String) {
    let first = Store::connect(&url).await.expect("first connect");
    first.add_source(&source_config("ncsc-advisories")).await.expect("add source");
    first.close().await;

    let second = Store::connect(&url).await.expect("second connect runs the migrations again");
    let names: Vec<String> =
        second.sources().await.expect("list sources").into_iter().map(|record| record.config.name).collect();
    assert_eq!(names, ["ncsc-advisories"]);
    second.close().await;
}

async fn corrupt_body_reported(url: String) {
    let store = Store::connect(&url).await.expect("connect");
    store
        .save_advisories(&[new_revision(&advisory("NCSC-2025-0001", "2025-06-01T10:00:00Z"))])
        .await
        .expect("save");

    let raw = sqlx::AnyPool::connect(&url).await.expect("open a second pool on the test database");
    sqlx::query("UPDATE advisories SET body = $1 WHERE id = $2")
        .bind("{not json")
        .bind("NCSC-2025-0001")
        .execute(&raw)
        .await
        .expect("corrupt the body");
    raw.close().await;

    let error = store.advisory(&id("NCSC-2025-0001")).await.expect_err("a corrupt body must not load");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    assert!(error.to_string().starts_with("stored advisory NCSC-2025-0001 is corrupt: "), "{error}");
    store.close().await;
}

/// The store writes `$N` placeholders for both databases; SQLite must bind them by number too.
async fn placeholders_bind_by_number(url: String) {
    let _store = Store::connect(&url).await.expect("connect installs the drivers and creates the database");
    let raw = sqlx::AnyPool::connect(&url).await.expect("open a pool on the test database");
    let joined: String = sqlx::query_scalar("SELECT $2 || $1")
        .bind("first")
        .bind("second")
        .fetch_one(&raw)
        .await
        .expect("query");
    assert_eq!(joined, "secondfirst");
    raw.close().await;
}

#[tokio::test]
async fn connect_rejects_unknown_scheme() {
    let error =
        Store::connect("mysql://root:hunter2@127.0.0.1/kw").await.expect_err("mysql is not supported");
    let message = error.to_string();
    assert!(message.contains("use sqlite://PATH"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
}

#[tokio::test]
async fn connect_names_missing_folder() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let missing = folder.path().join("not-there");
    let url = format!("sqlite://{}", missing.join("kw.db").display());
    let error = Store::connect(&url).await.expect_err("the folder does not exist");
    assert!(matches!(error, StoreError::MissingFolder { .. }), "{error}");
    assert!(error.to_string().contains(&missing.display().to_string()), "{error}");
}

#[tokio::test]
async fn connect_creates_sqlite_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("new.db");
    let store = Store::connect(&format!("sqlite://{}", path.display())).await.expect("connect");
    assert!(path.is_file());
    store.close().await;
}

#[tokio::test]
async fn connect_opens_memory_database() {
    let store = Store::connect("sqlite::memory:").await.expect("connect");
    store
        .save_advisories(&[new_revision(&advisory("NCSC-2025-0001", "2025-06-01T10:00:00Z"))])
        .await
        .expect("save");
    assert_eq!(store.advisory_count().await.expect("count"), 1);
    store.close().await;
}

#[tokio::test]
async fn connect_hides_postgres_password() {
    // Nothing listens on port 1, so the connection fails before any authentication.
    let error =
        Store::connect("postgres://app:hunter2@127.0.0.1:1/kw").await.expect_err("nothing listens on port 1");
    let message = error.to_string();
    assert!(
        message.starts_with("cannot open database postgres://app:REDACTED@127.0.0.1:1/kw: "),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Advisories and revisions

async fn save_and_load_round_trip(store: Store) {
    let advisory = full_advisory();
    // The first sight stored revision 1.00; this poll adds 1.02.
    let mut first = advisory.clone();
    first.revisions.truncate(1);
    store.save_advisories(&[new_revision(&first)]).await.expect("save first version");
    store.save_advisories(&[new_revision(&advisory)]).await.expect("save second version");

    assert_eq!(stored(&store, "NCSC-2025-0259").await, advisory);
    assert_eq!(store.advisory(&id("NCSC-2025-9999")).await.expect("load"), None);
}

async fn load_skips_missing_and_repeated_ids(store: Store) {
    let one = advisory("NCSC-2025-0001", "2025-06-01T10:00:00Z");
    let two = advisory("NCSC-2025-0002", "2025-06-02T10:00:00Z");
    store.save_advisories(&[new_revision(&one), new_revision(&two)]).await.expect("save");

    let loaded = store
        .load_advisories(&[id("NCSC-2025-0002"), id("NCSC-2025-0404"), id("NCSC-2025-0002")])
        .await
        .expect("load");
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded.get(&id("NCSC-2025-0002")), Some(&two));
    assert!(store.load_advisories(&[]).await.expect("load nothing").is_empty());
}

async fn revisions_appended_only_when_new(store: Store) {
    let mut advisory = advisory("NCSC-2025-0010", "2025-06-01T10:00:00Z");
    store.save_advisories(&[new_revision(&advisory)]).await.expect("save 1.00");

    // A reclassification rewrites the row without a new revision.
    advisory.classification.tier = Tier::Expert;
    advisory.revisions.push(revision(Some("1.01"), "2025-06-02T10:00:00Z"));
    store.save_advisories(&[same_revision(&advisory)]).await.expect("reclassify");
    let loaded = stored(&store, "NCSC-2025-0010").await;
    assert_eq!(loaded.classification.tier, Tier::Expert);
    assert_eq!(loaded.revisions, [revision(Some("1.00"), "2025-06-01T10:00:00Z")]);

    store.save_advisories(&[new_revision(&advisory)]).await.expect("save 1.01");
    // The same version written another way, seen later: the first sighting is kept.
    let mut again = advisory.clone();
    again.revisions.push(revision(Some("1.0.1"), "2025-06-03T10:00:00Z"));
    store.save_advisories(&[new_revision(&again)]).await.expect("save 1.0.1 again");

    let loaded = stored(&store, "NCSC-2025-0010").await;
    assert_eq!(
        loaded.revisions,
        [revision(Some("1.00"), "2025-06-01T10:00:00Z"), revision(Some("1.01"), "2025-06-02T10:00:00Z")]
    );
    assert_eq!(loaded.revisions[1].version.as_ref().map(|version| version.written.as_str()), Some("1.01"));
    assert!(loaded.is_updated());
}

async fn revisions_ordered_by_version(store: Store) {
    let mut advisory = advisory("NCSC-2025-0011", "2025-06-01T10:00:00Z");
    store.save_advisories(&[new_revision(&advisory)]).await.expect("save 1.00");
    // 1.10 arrives before 1.02; as text "1.10" < "1.02" would be wrong, so order is numeric.
    for (version_text, seen_at) in [
        ("1.10", "2025-06-05T10:00:00Z"),
        ("1.02", "2025-06-06T10:00:00Z"),
        ("2.0.0", "2025-06-04T10:00:00Z"),
    ] {
        advisory.revisions.push(revision(Some(version_text), seen_at));
        store.save_advisories(&[new_revision(&advisory)]).await.expect("save revision");
    }

    let loaded = stored(&store, "NCSC-2025-0011").await;
    let versions: Vec<&str> = loaded
        .revisions
        .iter()
        .map(|revision| revision.version.as_ref().map_or("", |version| version.written.as_str()))
        .collect();
    assert_eq!(versions, ["1.00", "1.02", "1.10", "2.0.0"]);
}

async fn unversioned_revision_stored_once(store: Store) {
    let mut advisory = advisory("dtc:https://dtc.example/nieuws/1", "2025-06-01T10:00:00Z");
    advisory.draft.version = None;
    advisory.revisions = vec![revision(None, "2025-06-01T10:00:00Z")];
    store.save_advisories(&[new_revision(&advisory)]).await.expect("first save");
    advisory.revisions = vec![revision(None, "2025-06-02T10:00:00Z")];
    store.save_advisories(&[new_revision(&advisory)]).await.expect("second save");

    let loaded = stored(&store, "dtc:https://dtc.example/nieuws/1").await;
    assert_eq!(loaded.revisions, [revision(None, "2025-06-01T10:00:00Z")]);
}

async fn new_revision_without_revisions_rejected(store: Store) {
    let good = advisory("NCSC-2025-0012", "2025-06-01T10:00:00Z");
    let mut bad = advisory("NCSC-2025-0013", "2025-06-01T10:00:00Z");
    bad.revisions.clear();

    let error = store
        .save_advisories(&[new_revision(&good), new_revision(&bad)])
        .await
        .expect_err("no revision to append");
    assert!(matches!(error, StoreError::MissingRevision { .. }), "{error}");
    assert!(error.to_string().contains("NCSC-2025-0013"), "{error}");
    assert_eq!(store.advisory_count().await.expect("count"), 0);
}

async fn same_id_twice_in_one_batch(store: Store) {
    let first = advisory("NCSC-2025-0014", "2025-06-01T10:00:00Z");
    let mut second = first.clone();
    second.draft.title = "Bijgewerkt".to_owned();
    second.changed_at = at("2025-06-02T10:00:00Z");
    second.revisions.push(revision(Some("1.01"), "2025-06-02T10:00:00Z"));

    store.save_advisories(&[new_revision(&first), new_revision(&second)]).await.expect("save both");
    let loaded = stored(&store, "NCSC-2025-0014").await;
    assert_eq!(loaded, second, "the later write wins and both revisions are kept");
}

// ---------------------------------------------------------------------------------------------
// Tier overrides and listing

async fn tier_override_wins_and_survives(store: Store) {
    let mut advisory = advisory("NCSC-2025-0020", "2025-06-01T10:00:00Z");
    store.save_advisories(&[new_revision(&advisory)]).await.expect("save");
    let tier_override = TierOverride {
        tier: Tier::Expert,
        reason: "Alleen relevant voor eigen hosting".to_owned(),
        set_at: at("2025-06-01T12:00:00Z"),
    };
    store.set_tier_override(&id("NCSC-2025-0020"), &tier_override).await.expect("set override");

    let loaded = stored(&store, "NCSC-2025-0020").await;
    assert_eq!(loaded.tier_override.as_ref(), Some(&tier_override));
    assert_eq!(loaded.tier(), Tier::Expert);
    assert_eq!(ids_of(&list_tier(&store, Tier::Expert).await), ["NCSC-2025-0020"]);
    assert!(list_tier(&store, Tier::Basic).await.is_empty());

    // A new revision, reclassified, keeps the staff decision.
    advisory.classification.tier = Tier::Advanced;
    advisory.changed_at = at("2025-06-03T10:00:00Z");
    advisory.revisions.push(revision(Some("1.01"), "2025-06-03T10:00:00Z"));
    store.save_advisories(&[new_revision(&advisory)]).await.expect("save revision");

    let loaded = stored(&store, "NCSC-2025-0020").await;
    assert_eq!(loaded.classification.tier, Tier::Advanced);
    assert_eq!(loaded.tier_override.as_ref(), Some(&tier_override));
    assert_eq!(ids_of(&list_tier(&store, Tier::Expert).await), ["NCSC-2025-0020"]);
    assert!(list_tier(&store, Tier::Advanced).await.is_empty());

    // A second override replaces the first.
    let lower = TierOverride {
        tier: Tier::Basic,
        reason: "Toch voor iedereen".to_owned(),
        set_at: at("2025-06-04T09:00:00Z"),
    };
    store.set_tier_override(&id("NCSC-2025-0020"), &lower).await.expect("replace override");
    assert_eq!(stored(&store, "NCSC-2025-0020").await.tier_override, Some(lower));
    assert_eq!(ids_of(&list_tier(&store, Tier::Basic).await), ["NCSC-2025-0020"]);

    assert!(store.clear_tier_override(&id("NCSC-2025-0020")).await.expect("clear override"));
    assert!(!store.clear_tier_override(&id("NCSC-2025-0020")).await.expect("clear again"));
    assert_eq!(stored(&store, "NCSC-2025-0020").await.tier_override, None);
    assert_eq!(ids_of(&list_tier(&store, Tier::Advanced).await), ["NCSC-2025-0020"]);
}

async fn list_tier(store: &Store, tier: Tier) -> Vec<Advisory> {
    store
        .list_advisories(&AdvisoryQuery { tier: Some(tier), ..AdvisoryQuery::default() })
        .await
        .expect("list by tier")
}

async fn tier_override_on_unknown_advisory(store: Store) {
    let tier_override =
        TierOverride { tier: Tier::Basic, reason: "test".to_owned(), set_at: at("2025-06-01T12:00:00Z") };
    let error =
        store.set_tier_override(&id("NCSC-2025-0404"), &tier_override).await.expect_err("unknown advisory");
    assert!(matches!(error, StoreError::AdvisoryNotFound { .. }), "{error}");
    assert_eq!(error.to_string(), "advisory NCSC-2025-0404 not found");
    let error = store.clear_tier_override(&id("NCSC-2025-0404")).await.expect_err("unknown advisory");
    assert!(matches!(error, StoreError::AdvisoryNotFound { .. }), "{error}");
}

async fn list_by_window_and_limit(store: Store) {
    let mut writes = Vec::new();
    for day in 1..=5 {
        let mut advisory = advisory(&format!("NCSC-2025-010{day}"), &format!("2025-06-0{day}T10:00:00Z"));
        if day % 2 == 0 {
            advisory.classification.tier = Tier::Expert;
        }
        writes.push(new_revision(&advisory));
    }
    // Same change time as day 5: the id breaks the tie, descending.
    writes.push(new_revision(&advisory("NCSC-2025-0100", "2025-06-05T10:00:00Z")));
    store.save_advisories(&writes).await.expect("save");

    let list = |query: AdvisoryQuery| {
        let store = store.clone();
        async move {
            ids_of(&store.list_advisories(&query).await.expect("list"))
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(AdvisoryQuery::default()).await,
        [
            "NCSC-2025-0105",
            "NCSC-2025-0100",
            "NCSC-2025-0104",
            "NCSC-2025-0103",
            "NCSC-2025-0102",
            "NCSC-2025-0101"
        ]
    );

    let window = AdvisoryQuery {
        changed_since: Some(at("2025-06-02T10:00:00Z")),
        changed_before: Some(at("2025-06-05T10:00:00Z")),
        ..AdvisoryQuery::default()
    };
    assert_eq!(
        list(window.clone()).await,
        ["NCSC-2025-0104", "NCSC-2025-0103", "NCSC-2025-0102"],
        "since is inclusive, before exclusive"
    );

    assert_eq!(
        list(AdvisoryQuery { limit: Some(2), ..AdvisoryQuery::default() }).await,
        ["NCSC-2025-0105", "NCSC-2025-0100"]
    );
    assert_eq!(
        list(AdvisoryQuery { limit: Some(0), ..AdvisoryQuery::default() }).await,
        Vec::<String>::new()
    );
    assert_eq!(
        list(AdvisoryQuery { tier: Some(Tier::Expert), limit: Some(1), ..window }).await,
        ["NCSC-2025-0104"]
    );

    let listed = store
        .list_advisories(&AdvisoryQuery { limit: Some(1), ..AdvisoryQuery::default() })
        .await
        .expect("list");
    assert_eq!(listed[0].revisions.len(), 1, "listed advisories carry their revisions");
}

// ---------------------------------------------------------------------------------------------
// Sources and polls

async fn source_lifecycle(store: Store) {
    store.add_source(&source_config("ncsc-advisories")).await.expect("add");
    store.add_source(&source_config("dtc")).await.expect("add second");
    let error = store.add_source(&source_config("dtc")).await.expect_err("name taken");
    assert!(matches!(error, StoreError::SourceExists { .. }), "{error}");
    assert_eq!(error.to_string(), "source \"dtc\" already exists");

    let record = source_record(&store, "dtc").await;
    assert_eq!(record.config, source_config("dtc"));
    assert_eq!(record.health.status, SourceStatus::NeverFetched);
    assert_eq!(record.state, FetchState::default());
    assert_eq!(record.next_poll_at, None);

    // Upserting changes the configuration and keeps health and state.
    store.commit_poll(&poll_commit("dtc", "2025-06-01T10:00:00Z", Vec::new())).await.expect("commit poll");
    store
        .record_poll_failure("dtc", at("2025-06-01T11:00:00Z"), "HTTP 503", at("2025-06-01T11:30:00Z"))
        .await
        .expect("record failure");
    let before = source_record(&store, "dtc").await;
    let changed = SourceConfig {
        kind: SourceKind::Rss,
        url: "https://www.digitaltrustcenter.nl/rss.xml".to_owned(),
        interval: Duration::from_secs(3600),
        ..source_config("dtc")
    };
    store.upsert_source(&changed).await.expect("upsert existing");
    let after = source_record(&store, "dtc").await;
    assert_eq!(after.config, changed);
    assert_eq!(after.state, before.state);
    assert_eq!(after.health, before.health);
    assert_eq!(after.next_poll_at, before.next_poll_at);

    store.upsert_source(&source_config("ncsc-news")).await.expect("upsert new");
    let names: Vec<String> =
        store.sources().await.expect("list").into_iter().map(|record| record.config.name).collect();
    assert_eq!(names, ["dtc", "ncsc-advisories", "ncsc-news"]);

    store.remove_source("dtc").await.expect("remove");
    assert_eq!(store.source("dtc").await.expect("load"), None);
    let error = store.remove_source("dtc").await.expect_err("already removed");
    assert!(matches!(error, StoreError::SourceNotFound { .. }), "{error}");
    assert_eq!(error.to_string(), "source \"dtc\" not found");
}

async fn source_config_checked(store: Store) {
    let too_often = SourceConfig { interval: Duration::from_secs(5), ..source_config("hammer") };
    let error = store.add_source(&too_often).await.expect_err("interval below the minimum");
    assert!(matches!(error, StoreError::InvalidSource { .. }), "{error}");
    assert!(error.to_string().contains("5 seconds"), "{error}");

    let unnamed = source_config(" ");
    assert!(matches!(store.upsert_source(&unnamed).await, Err(StoreError::InvalidSource { .. })));
    let no_url = SourceConfig { url: String::new(), ..source_config("empty") };
    assert!(matches!(store.add_source(&no_url).await, Err(StoreError::InvalidSource { .. })));
    assert!(store.sources().await.expect("list").is_empty());
}

async fn poll_health_transitions(store: Store) {
    store.add_source(&source_config("ncsc-csaf")).await.expect("add");

    let mut commit = poll_commit(
        "ncsc-csaf",
        "2025-06-01T10:00:00Z",
        vec![new_revision(&advisory("NCSC-2025-0030", "2025-06-01T10:00:00Z"))],
    );
    commit.state.cursor = Some(at("2025-06-01T09:59:59.999999Z"));
    commit.items_seen = 10;
    store.commit_poll(&commit).await.expect("first success");
    let healthy = source_record(&store, "ncsc-csaf").await;
    assert_eq!(healthy.health.status, SourceStatus::Ok);
    assert_eq!(healthy.health.last_success, Some(at("2025-06-01T10:00:00Z")));
    assert_eq!(healthy.health.consecutive_failures, 0);
    assert_eq!(healthy.health.items_seen, 10);
    assert_eq!(healthy.state, commit.state);
    assert_eq!(healthy.next_poll_at, Some(at("2025-06-01T10:15:00Z")));
    assert_eq!(store.advisory_count().await.expect("count"), 1);

    for (attempt, minute) in [(1, "10"), (2, "40")] {
        let failed_at = at(&format!("2025-06-01T11:{minute}:00Z"));
        store
            .record_poll_failure(
                "ncsc-csaf",
                failed_at,
                &format!("HTTP 503 (attempt {attempt})"),
                failed_at + chrono::Duration::minutes(30),
            )
            .await
            .expect("record failure");
    }
    let failing = source_record(&store, "ncsc-csaf").await;
    assert_eq!(failing.health.status, SourceStatus::Failing);
    assert_eq!(failing.health.consecutive_failures, 2);
    assert_eq!(failing.health.last_error.as_deref(), Some("HTTP 503 (attempt 2)"));
    assert_eq!(failing.health.last_error_at, Some(at("2025-06-01T11:40:00Z")));
    assert_eq!(failing.next_poll_at, Some(at("2025-06-01T12:10:00Z")));
    assert_eq!(failing.health.last_success, healthy.health.last_success, "a failure keeps the last success");
    assert_eq!(failing.health.items_seen, 10);
    assert_eq!(failing.state, healthy.state, "a failure keeps the fetch state");
    assert_eq!(store.advisory_count().await.expect("count"), 1);

    let mut recovery = poll_commit("ncsc-csaf", "2025-06-01T12:10:00Z", Vec::new());
    recovery.items_seen = 5;
    store.commit_poll(&recovery).await.expect("recovery");
    let recovered = source_record(&store, "ncsc-csaf").await;
    assert_eq!(recovered.health.status, SourceStatus::Ok);
    assert_eq!(recovered.health.consecutive_failures, 0);
    assert_eq!(recovered.health.items_seen, 15);
    assert_eq!(recovered.health.last_success, Some(at("2025-06-01T12:10:00Z")));
    assert_eq!(
        recovered.health.last_error.as_deref(),
        Some("HTTP 503 (attempt 2)"),
        "the last error stays visible to staff"
    );
    assert_eq!(recovered.state.cursor, None);

    // A whole HTML error page is cut on a character boundary.
    let long_reason = "é".repeat(MAX_ERROR_CHARS + 10);
    store
        .record_poll_failure(
            "ncsc-csaf",
            at("2025-06-01T13:00:00Z"),
            &long_reason,
            at("2025-06-01T13:30:00Z"),
        )
        .await
        .expect("record long failure");
    let stored_reason = source_record(&store, "ncsc-csaf").await.health.last_error.expect("last error");
    assert_eq!(stored_reason.chars().count(), MAX_ERROR_CHARS);
}

async fn poll_failure_for_unknown_source(store: Store) {
    let error = store
        .record_poll_failure("nope", at("2025-06-01T10:00:00Z"), "timeout", at("2025-06-01T10:30:00Z"))
        .await
        .expect_err("unknown source");
    assert!(matches!(error, StoreError::SourceNotFound { .. }), "{error}");
}

async fn commit_poll_rolls_back_unknown_source(store: Store) {
    store.add_source(&source_config("cisa-kev")).await.expect("add");
    let mut setup = poll_commit("cisa-kev", "2025-06-01T10:00:00Z", Vec::new());
    setup.kev = Some(vec![kev_entry("CVE-2024-0001", "2024-01-10", false)]);
    store.commit_poll(&setup).await.expect("store a catalog");
    let source_before = source_record(&store, "cisa-kev").await;

    let writes = (0..50)
        .map(|number| new_revision(&advisory(&format!("NCSC-2025-{number:04}"), "2025-06-02T10:00:00Z")))
        .collect();
    let mut commit = poll_commit("nope", "2025-06-02T10:00:00Z", writes);
    commit.kev = Some(vec![kev_entry("CVE-2025-0002", "2025-06-01", true)]);
    let error = store.commit_poll(&commit).await.expect_err("unknown source");
    assert!(matches!(error, StoreError::SourceNotFound { .. }), "{error}");

    assert_eq!(store.advisory_count().await.expect("count"), 0, "the advisory writes were rolled back");
    assert_eq!(
        store.kev_entries().await.expect("catalog"),
        [kev_entry("CVE-2024-0001", "2024-01-10", false)],
        "the KEV replacement was rolled back"
    );
    assert_eq!(source_record(&store, "cisa-kev").await, source_before);
}

async fn commit_poll_rolls_back_constraint_failure(store: Store) {
    store.add_source(&source_config("ncsc-advisories")).await.expect("add");
    store
        .record_poll_failure(
            "ncsc-advisories",
            at("2025-06-01T09:00:00Z"),
            "timeout",
            at("2025-06-01T09:30:00Z"),
        )
        .await
        .expect("record failure");
    let source_before = source_record(&store, "ncsc-advisories").await;

    // An empty id cannot come from `AdvisoryId::from_str`, but serde accepts it, and the
    // schema's CHECK constraint rejects it in the middle of the batch.
    let mut broken = advisory("NCSC-2025-0041", "2025-06-02T10:00:00Z");
    broken.draft.id = serde_json::from_str("\"\"").expect("an empty id deserialises");
    let writes = vec![
        new_revision(&advisory("NCSC-2025-0040", "2025-06-02T10:00:00Z")),
        new_revision(&broken),
        new_revision(&advisory("NCSC-2025-0042", "2025-06-02T10:00:00Z")),
    ];
    let mut commit = poll_commit("ncsc-advisories", "2025-06-02T10:00:00Z", writes);
    commit.kev = Some(vec![kev_entry("CVE-2025-0002", "2025-06-01", true)]);

    let error = store.commit_poll(&commit).await.expect_err("the CHECK constraint fails");
    assert!(matches!(error, StoreError::Query { .. }), "{error}");
    assert!(
        error.to_string().starts_with("failed to save 3 advisories from NCSC-2025-0040 to NCSC-2025-0042: "),
        "{error}"
    );

    assert_eq!(store.advisory_count().await.expect("count"), 0);
    assert_eq!(store.kev_count().await.expect("count"), 0);
    assert_eq!(source_record(&store, "ncsc-advisories").await, source_before, "health is unchanged");
}

async fn commit_poll_rejects_duplicate_kev_entry(store: Store) {
    store.add_source(&source_config("cisa-kev")).await.expect("add");
    let mut commit = poll_commit("cisa-kev", "2025-06-01T10:00:00Z", Vec::new());
    commit.kev = Some(vec![
        kev_entry("CVE-2024-0001", "2024-01-10", false),
        kev_entry("cve-2024-0001 ", "2024-01-11", true),
    ]);
    let error = store.commit_poll(&commit).await.expect_err("duplicate CVE");
    assert!(matches!(error, StoreError::DuplicateKevEntry { .. }), "{error}");
    assert!(error.to_string().contains("cve-2024-0001"), "{error}");
    assert_eq!(source_record(&store, "cisa-kev").await.health.status, SourceStatus::NeverFetched);
}

async fn kev_replaced_and_matched(store: Store) {
    store.add_source(&source_config("cisa-kev")).await.expect("add");
    let mut commit = poll_commit("cisa-kev", "2025-06-01T10:00:00Z", Vec::new());
    commit.kev = Some(vec![
        kev_entry("CVE-2024-0003", "2024-03-01", true),
        kev_entry("CVE-2024-0001", "2024-01-10", false),
        kev_entry("CVE-2024-0002", "2024-02-20", false),
    ]);
    store.commit_poll(&commit).await.expect("first catalog");
    assert_eq!(store.kev_count().await.expect("count"), 3);
    assert_eq!(
        store.kev_entries().await.expect("catalog"),
        [
            kev_entry("CVE-2024-0001", "2024-01-10", false),
            kev_entry("CVE-2024-0002", "2024-02-20", false),
            kev_entry("CVE-2024-0003", "2024-03-01", true)
        ]
    );

    let asked = ["cve-2024-0001".to_owned(), "CVE-2099-0001".to_owned(), "CVE-2024-0003".to_owned()];
    let exploited = store.exploited_cves(&asked).await.expect("match");
    assert_eq!(exploited, HashSet::from(["cve-2024-0001".to_owned(), "CVE-2024-0003".to_owned()]));
    assert!(store.exploited_cves(&[]).await.expect("match nothing").is_empty());

    commit.kev = Some(vec![
        kev_entry("CVE-2024-0003", "2024-03-01", true),
        kev_entry("CVE-2025-0004", "2025-05-30", false),
    ]);
    store.commit_poll(&commit).await.expect("second catalog");
    let exploited = store.exploited_cves(&asked).await.expect("match");
    assert_eq!(
        exploited,
        HashSet::from(["CVE-2024-0003".to_owned()]),
        "entries missing from the new catalog are gone"
    );

    commit.kev = None;
    store.commit_poll(&commit).await.expect("poll without catalog");
    assert_eq!(store.kev_count().await.expect("count"), 2, "a poll without a catalog keeps the stored one");

    let many: Vec<String> = (0..1_200)
        .map(|number| format!("CVE-2030-{number:05}"))
        .chain(["CVE-2025-0004".to_owned()])
        .collect();
    assert_eq!(
        store.exploited_cves(&many).await.expect("match many"),
        HashSet::from(["CVE-2025-0004".to_owned()])
    );
}

// ---------------------------------------------------------------------------------------------
// Text and volume

async fn unicode_and_long_titles(store: Store) {
    let mut unicode = advisory("NCSC-2025-0050", "2025-06-01T10:00:00Z");
    unicode.draft.title =
        "Kwetsbaarheid in café-kassa’s 🛒 — «Ünïcödé» שלום \u{0} tab\there \"quoted\" \\ backslash"
            .to_owned();
    unicode.draft.source = "bron-ü".to_owned();
    unicode.draft.products = vec!["Wöocommerce™".to_owned()];
    unicode.classification.reasons = vec!["noemt „webwinkel”".to_owned()];

    let mut long = advisory("NCSC-2025-0051", "2025-06-01T10:00:00Z");
    long.draft.title = "Zeer lange titel ✓ ".repeat(60_000);
    long.draft.summary = Some("x".repeat(2_000_000));

    store.save_advisories(&[new_revision(&unicode), new_revision(&long)]).await.expect("save");
    assert_eq!(stored(&store, "NCSC-2025-0050").await, unicode);
    assert_eq!(stored(&store, "NCSC-2025-0051").await, long);
}

async fn thousands_in_one_commit(store: Store) {
    const COUNT: usize = 5_000;
    store.add_source(&source_config("ncsc-csaf")).await.expect("add");
    let mut advisories: Vec<Advisory> = (0..COUNT)
        .map(|number| advisory(&format!("NCSC-2024-{number:04}"), "2025-06-01T10:00:00Z"))
        .collect();
    for advisory in &mut advisories {
        advisory.draft.cves = vec![Cve::new("CVE-2024-12345")];
        advisory.draft.products = vec!["Magento Open Source".to_owned()];
    }
    let commit =
        poll_commit("ncsc-csaf", "2025-06-01T10:00:00Z", advisories.iter().map(new_revision).collect());

    let started = Instant::now();
    store.commit_poll(&commit).await.expect("commit thousands");
    let elapsed = started.elapsed();
    eprintln!("{:?}: committed {COUNT} advisories in {elapsed:?}", store.backend());

    assert_eq!(store.advisory_count().await.expect("count"), COUNT as u64);
    assert_eq!(source_record(&store, "ncsc-csaf").await.health.items_seen, COUNT as u64);

    let ids: Vec<AdvisoryId> = advisories.iter().map(|advisory| advisory.id().clone()).collect();
    let started = Instant::now();
    let loaded = store.load_advisories(&ids).await.expect("load thousands");
    eprintln!("{:?}: loaded {COUNT} advisories in {:?}", store.backend(), started.elapsed());
    assert_eq!(loaded.len(), COUNT);
    for advisory in &advisories {
        assert_eq!(loaded.get(advisory.id()), Some(advisory));
    }
    assert_eq!(store.list_advisories(&AdvisoryQuery::default()).await.expect("list all").len(), COUNT);
}

async fn concurrent_commits_all_land(store: Store) {
    const SOURCES: usize = 4;
    const PER_SOURCE: usize = 200;
    for number in 0..SOURCES {
        store.add_source(&source_config(&format!("source-{number}"))).await.expect("add");
    }

    // Each commit holds its own pooled connection, so on SQLite the writers queue on the
    // database lock and must wait for it instead of failing with "database is locked".
    let commits = (0..SOURCES).map(|number| {
        let store = store.clone();
        let writes = (0..PER_SOURCE)
            .map(|item| new_revision(&advisory(&format!("src{number}:{item}"), "2025-06-01T10:00:00Z")))
            .collect();
        let commit = poll_commit(&format!("source-{number}"), "2025-06-01T10:00:00Z", writes);
        tokio::spawn(async move { store.commit_poll(&commit).await })
    });
    for handle in commits.collect::<Vec<_>>() {
        handle.await.expect("commit task").expect("concurrent commit");
    }

    assert_eq!(store.advisory_count().await.expect("count"), (SOURCES * PER_SOURCE) as u64);
    for record in store.sources().await.expect("list") {
        assert_eq!(record.health.status, SourceStatus::Ok, "{}", record.config.name);
    }
}
