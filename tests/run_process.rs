//! `ketenwacht run` as a real process: a digest delivered to many webhook chats survives a
//! SIGKILL in the middle of delivery, and SIGTERM stops the process cleanly.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{Timelike, Utc};
use chrono_tz::Europe::Amsterdam;
use ketenwacht::classify::Classifier;
use ketenwacht::domain::{ChatKind, ChatRef, OutboxStatus, Platform, SourceConfig, SourceKind, Subscription, Tier};
use ketenwacht::ingest::{storage_precision, Ingestor};
use ketenwacht::sources::{FetchLimits, Fetcher};
use ketenwacht::store::Store;

use support::db::{with_database, TestBackend};
use support::fixture;
use support::webhook_server::WebhookServer;

const BIN: &str = env!("CARGO_BIN_EXE_ketenwacht");
const CHATS: usize = 30;

/// Stores the real NCSC snapshot as ingested an hour ago, and `CHATS` webhook subscriptions
/// whose daily digest fell due five minutes ago.
async fn prepare(url: &str) {
    let store = Store::connect(url).await.unwrap();
    let now = storage_precision(Utc::now());
    let source = SourceConfig { name: "ncsc".into(), kind: SourceKind::NcscRss, url: "https://advisories.ncsc.nl/rss/advisories".into(), interval: Duration::from_secs(900) };
    store.add_source(&source).await.unwrap();
    let ingestor = Ingestor::new(store.clone(), Fetcher::new(FetchLimits::default()).unwrap(), Classifier::builtin(), Duration::from_secs(3600));
    ingestor.ingest_file("ncsc", &fixture("sources/ncsc/rss-snapshot-2025-08-28.xml"), now - chrono::Duration::hours(1)).await.unwrap();

    let due = (now - chrono::Duration::minutes(5)).with_timezone(&Amsterdam);
    for n in 0..CHATS {
        let chat = ChatRef::new(Platform::Webhook, format!("shop-{n}"));
        let mut subscription = Subscription::new(chat, ChatKind::Private, Tier::Expert, ketenwacht::domain::Language::Nl, now - chrono::Duration::days(2));
        subscription.delivery_time = chrono::NaiveTime::from_hms_opt(due.hour(), due.minute(), 0).unwrap();
        store.save_subscription(&subscription).await.unwrap();
    }
    store.close().await;
}

fn write_config(folder: &Path, database: &str, webhook: &str) -> std::path::PathBuf {
    let path = folder.join("ketenwacht.toml");
    let config = format!(
        "database_url = \"{database}\"\nsources = []\n\n[delivery]\nwebhook_per_second = 20\nclaim_lease = \"3s\"\n\n[webhook]\nurl = \"{webhook}\"\n"
    );
    std::fs::write(&path, config).unwrap();
    path
}

fn start(folder: &Path, config: &Path) -> Child {
    let mut command = Command::new(BIN);
    command.current_dir(folder).arg("--config").arg(config).arg("run").stdout(Stdio::null()).stderr(Stdio::null());
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name.starts_with("TELOXIDE_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    command.spawn().expect("ketenwacht run starts")
}

async fn kill_and_restart(url: String) {
    prepare(&url).await;
    let hook = WebhookServer::start(Duration::from_millis(30)).await;
    let folder = tempfile::tempdir().unwrap();
    let config = write_config(folder.path(), &url, &hook.url);

    let mut first = start(folder.path(), &config);
    hook.wait_for(10, Duration::from_secs(60)).await;
    first.kill().unwrap();
    first.wait().unwrap();
    let before_restart = hook.received().len();

    let mut second = start(folder.path(), &config);
    let store = Store::connect(&url).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        let depth = store.outbox_depth().await.unwrap();
        if depth.pending == 0 && depth.claimed == 0 && depth.sent > 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "delivery did not finish: {depth:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Command::new("kill").arg("-TERM").arg(second.id().to_string()).status().unwrap();
    let status = second.wait().unwrap();
    assert!(status.success(), "run did not stop cleanly: {status}");

    let sent = store.list_outbox(Some(OutboxStatus::Sent), 10_000).await.unwrap();
    let failed = store.list_outbox(Some(OutboxStatus::Failed), 10_000).await.unwrap();
    assert!(failed.is_empty(), "failed messages: {failed:?}");
    let expected: BTreeSet<String> = sent.iter().map(|message| message.key.clone()).collect();
    let counts = hook.counts();
    let received: BTreeSet<String> = counts.keys().cloned().collect();
    assert_eq!(received, expected, "every outbox message arrives");
    assert!(before_restart < expected.len(), "the kill came after delivery had finished");
    let chats: BTreeSet<String> = hook.received().into_iter().map(|message| message.chat_id).collect();
    assert_eq!(chats.len(), CHATS);
    let duplicates = counts.values().filter(|count| **count > 1).count();
    // Only a message whose send was in flight at the kill may arrive twice.
    assert!(duplicates <= 16, "{duplicates} messages arrived twice");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_run_loses_nothing_on_sqlite() {
    with_database(TestBackend::Sqlite, kill_and_restart).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_run_loses_nothing_on_postgres() {
    with_database(TestBackend::Postgres, kill_and_restart).await;
}

#[tokio::test]
async fn health_and_metrics_endpoint_answers() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("k.db").display());
    prepare(&url).await;
    let store = Store::connect(&url).await.unwrap();
    let metrics = std::sync::Arc::new(ketenwacht::delivery::metrics::DeliveryMetrics::new());
    metrics.count(Platform::Telegram, ketenwacht::delivery::metrics::DeliveryEvent::Sent);
    let listener = ketenwacht::http::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = ketenwacht::http::HttpState { store: store.clone(), delivery: metrics };
    tokio::spawn(ketenwacht::http::serve(listener, state, std::future::pending()));

    let client = reqwest::Client::new();
    let health = client.get(format!("http://{address}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok\n");

    let body = client.get(format!("http://{address}/metrics")).send().await.unwrap().text().await.unwrap();
    for expected in [
        "ketenwacht_advisories{tier=\"expert\"}",
        "ketenwacht_source_up{source=\"ncsc\"} 0",
        "ketenwacht_outbox_messages{status=\"pending\"} 0",
        "ketenwacht_messages_sent_total{platform=\"telegram\"} 1",
        "ketenwacht_rate_limited_total{platform=\"discord\"} 0",
    ] {
        assert!(body.contains(expected), "missing {expected} in:\n{body}");
    }
    store.close().await;
}
