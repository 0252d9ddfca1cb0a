//! Ingest benchmark: bytes to stored rows for 10,000 NCSC feed items on SQLite.
//!
//! Run with `taskset -c 0 cargo bench --bench ingest` to hold it to one core. The feed is
//! built from the 25 real items of the 2025-08-28 NCSC snapshot, repeated with new advisory
//! numbers and a description that names two CVEs, so parsing, merging, classification and
//! storage all do their real work. Prints items per second and peak memory (VmHWM).

use std::time::{Duration, Instant};

use chrono::Utc;
use ketenwacht::classify::Classifier;
use ketenwacht::domain::{SourceConfig, SourceKind};
use ketenwacht::ingest::{Ingestor, Outcome};
use ketenwacht::sources::{FetchLimits, Fetcher};
use ketenwacht::store::Store;

const ITEMS: usize = 10_000;
const SNAPSHOT: &str = include_str!("../tests/fixtures/demo/ncsc-rss-2025-08-28.xml");

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let feed = scaled_feed(ITEMS);
    let folder = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", folder.path().join("bench.db").display());
    let store = Store::connect(&url).await.expect("open SQLite");
    let source = SourceConfig {
        name: "ncsc-advisories".into(),
        kind: SourceKind::NcscRss,
        url: "https://advisories.ncsc.nl/rss/advisories".into(),
        interval: Duration::from_secs(900),
    };
    store.add_source(&source).await.expect("add source");
    let fetcher = Fetcher::new(FetchLimits::default()).expect("HTTP client");
    let ingestor = Ingestor::new(store.clone(), fetcher, Classifier::builtin(), Duration::from_secs(3600));

    println!("feed: {ITEMS} items, {} bytes", feed.len());
    for round in ["first ingest (all new)", "second ingest (all unchanged)"] {
        let started = Instant::now();
        let report = ingestor.ingest_file(&source.name, feed.as_bytes(), Utc::now()).await.expect("ingest");
        let elapsed = started.elapsed();
        assert!(matches!(report.outcome, Outcome::Ingested(_)), "unexpected outcome {:?}", report.outcome);
        let rate = ITEMS as f64 / elapsed.as_secs_f64();
        println!("{round}: {:.3} s, {rate:.0} items/s, {:?}", elapsed.as_secs_f64(), report.outcome);
    }
    println!("peak memory (VmHWM): {}", peak_memory().unwrap_or_else(|| "unknown".into()));
    store.close().await;
}

/// Repeats the real items with fresh advisory numbers until the feed contains `count` items.
fn scaled_feed(count: usize) -> String {
    let start = SNAPSHOT.find("<item>").expect("snapshot has items");
    let end = SNAPSHOT.rfind("</item>").expect("snapshot has items") + "</item>".len();
    let items: Vec<&str> = SNAPSHOT[start..end].split("</item>").filter(|i| i.contains("<title>")).collect();
    let advisory_number = regex::Regex::new(r"NCSC-\d{4}-\d{4}").expect("valid pattern");
    let mut feed = String::from(&SNAPSHOT[..start]);
    for n in 0..count {
        let item = items[n % items.len()];
        let id = format!("NCSC-{}-{:04}", 3000 + n / 10_000, n % 10_000);
        let renumbered = advisory_number.replace_all(item, id.as_str());
        let description = format!(
            "<description>Kwetsbaarheden verholpen. CVE-2025-{:05} en CVE-2024-{:05} zijn verholpen.</description>",
            n,
            n + 1
        );
        feed.push_str(&renumbered.replacen("</title>", &format!("</title>{description}"), 1));
        feed.push_str("</item>");
    }
    feed.push_str(&SNAPSHOT[end..]);
    feed
}

fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
}
