//! A real NCSC advisory feed, stored through the ingest pipeline.

use std::time::Duration;

use chrono::Utc;
use ketenwacht::classify::Classifier;
use ketenwacht::domain::{SourceConfig, SourceKind};
use ketenwacht::ingest::Ingestor;
use ketenwacht::sources::{FetchLimits, Fetcher};
use ketenwacht::store::Store;

/// Name of the source the feed is stored under.
pub const SOURCE: &str = "ncsc-advisories";

/// Stores the 25 advisories of the real NCSC feed fetch of 2025-08-28, changed now.
pub async fn ingest_ncsc_feed(store: &Store) {
    let config = SourceConfig {
        name: SOURCE.to_owned(),
        kind: SourceKind::NcscRss,
        url: "https://advisories.ncsc.nl/rss/advisories".to_owned(),
        interval: Duration::from_secs(900),
    };
    store.add_source(&config).await.expect("add the NCSC source");
    let fetcher = Fetcher::new(FetchLimits::default()).expect("build the fetcher");
    let ingestor = Ingestor::new(store.clone(), fetcher, Classifier::builtin(), Duration::from_secs(3600));
    let bytes = super::fixture("conversation/ncsc-rss-snapshot-2025-08-28.xml");
    ingestor.ingest_file(SOURCE, &bytes, Utc::now()).await.expect("ingest the NCSC feed");
}
