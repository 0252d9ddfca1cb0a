//! `ketenwacht demo`: the whole pipeline on real published feed files, with no network.
//!
//! The bundled files are served from a loopback HTTP server, so the demo exercises the same
//! fetch, parse, merge, classify and store path as production, into a temporary SQLite file.

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use clap::Args;
use ketenwacht::classify::Classifier;
use ketenwacht::digest::Window;
use ketenwacht::domain::{Language, SourceConfig, SourceKind, Tier};
use ketenwacht::ingest::Ingestor;
use ketenwacht::sources::{FetchLimits, Fetcher};
use ketenwacht::store::Store;
use serde_json::json;

use super::digest::{load_digest, print_digest};
use super::ingest::{report_failed, report_text};
use super::output::{self, line};
use super::Format;

/// Three real fetches of the NCSC advisories feed, served in this order on successive polls.
/// The second and third move NCSC-2025-0303 from version 1.01 to 1.02.
const NCSC_SNAPSHOTS: [&[u8]; 3] = [
    include_bytes!("../../tests/fixtures/demo/ncsc-rss-2025-08-28.xml"),
    include_bytes!("../../tests/fixtures/demo/ncsc-rss-2025-10-06-new-items.xml"),
    include_bytes!("../../tests/fixtures/demo/ncsc-rss-2025-10-08-new-items.xml"),
];

/// Files of the CSAF provider: its metadata, changes.csv and documents, by path.
const CSAF_FILES: [(&str, &[u8]); 4] = [
    ("provider-metadata.json", include_bytes!("../../tests/fixtures/demo/csaf/provider-metadata.json")),
    ("changes.csv", include_bytes!("../../tests/fixtures/demo/csaf/changes.csv")),
    ("2025/ncsc-2025-0259.json", include_bytes!("../../tests/fixtures/demo/csaf/2025/ncsc-2025-0259.json")),
    ("2024/va-24-262-01.json", include_bytes!("../../tests/fixtures/demo/csaf/2024/va-24-262-01.json")),
];

const KEV_CATALOG: &[u8] = include_bytes!("../../tests/fixtures/demo/known_exploited_vulnerabilities.json");

/// A digest window wide enough for every demo item, which carries first-seen dates of now.
const DEMO_WINDOW: Duration = Duration::from_secs(7 * 24 * 3600);

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Clone)]
struct Served {
    base: String,
    ncsc_polls: Arc<AtomicUsize>,
}

/// Runs the demo into `database`, or into a temporary SQLite file when it is `None`.
pub async fn run(args: DemoArgs, language: Option<Language>, database: Option<String>) -> anyhow::Result<ExitCode> {
    let language = match language {
        Some(language) => language,
        None => std::env::var("KETENWACHT_LANG").ok().and_then(|l| l.parse().ok()).unwrap_or_default(),
    };
    let folder = tempfile::tempdir().context("cannot create a temporary folder for the demo database")?;
    let url = database.unwrap_or_else(|| format!("sqlite://{}", folder.path().join("demo.db").display()));
    let store = Store::connect(&url).await?;
    let base = serve_fixtures().await?;

    // The catalog first, so that the advisories are enriched with it; then the NCSC feed once
    // per snapshot. Only these sources are polled, whatever else the database holds.
    let sources = [
        ("demo-cisa-kev", SourceKind::Kev, format!("{base}/kev.json")),
        ("demo-ncsc-advisories", SourceKind::NcscRss, format!("{base}/ncsc/rss")),
        ("demo-ncsc-csaf", SourceKind::Csaf, format!("{base}/csaf/provider-metadata.json")),
    ];
    for (name, kind, url) in &sources {
        let config = SourceConfig { name: (*name).to_owned(), kind: *kind, url: url.clone(), interval: Duration::from_secs(900) };
        store.upsert_source(&config).await?;
    }
    let ingestor = Ingestor::new(store.clone(), Fetcher::new(FetchLimits::default())?, Classifier::builtin(), Duration::from_secs(3600));

    let mut reports = Vec::new();
    let polls = sources.iter().map(|(name, ..)| *name).chain(std::iter::repeat_n("demo-ncsc-advisories", NCSC_SNAPSHOTS.len() - 1));
    for name in polls {
        let record = store.source(name).await?.context("demo source missing")?;
        reports.push(ingestor.poll_source(&record, Utc::now()).await);
    }
    // Their loopback addresses die with this process; a kept database must not poll them later.
    for (name, ..) in &sources {
        store.remove_source(name).await?;
    }

    let now = Utc::now();
    let window = Window { from: now - chrono::Duration::from_std(DEMO_WINDOW)?, to: now + chrono::Duration::seconds(1) };
    match args.format {
        Format::Text => {
            for report in &reports {
                line(&report_text(language, report));
            }
            line("");
            for tier in Tier::ALL {
                print_digest(&store, tier, language, window, 4096, Format::Text).await?;
            }
        }
        Format::Json => {
            let mut digests = serde_json::Map::new();
            for tier in Tier::ALL {
                let digest = load_digest(&store, tier, language, window).await?;
                digests.insert(tier.to_string(), serde_json::to_value(&digest)?);
            }
            let ingest: Vec<_> = reports.iter().map(|r| json!({"source": r.source, "report": report_text(language, r), "failed": report_failed(r)})).collect();
            output::json(&json!({ "ingest": ingest, "digests": digests }));
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Starts the loopback server and returns its base URL.
async fn serve_fixtures() -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("cannot open a loopback port for the demo")?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = Served { base: base.clone(), ncsc_polls: Arc::new(AtomicUsize::new(0)) };
    let app = Router::new()
        .route("/ncsc/rss", get(ncsc_feed))
        .route("/kev.json", get(|| async { file_response("application/json", KEV_CATALOG.to_vec()) }))
        .route("/csaf/{*path}", get(csaf_file))
        .with_state(state);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(error = %error, "demo feed server stopped");
        }
    });
    Ok(base)
}

async fn ncsc_feed(State(state): State<Served>) -> Response {
    let poll = state.ncsc_polls.fetch_add(1, Ordering::SeqCst);
    let body = NCSC_SNAPSHOTS[poll.min(NCSC_SNAPSHOTS.len() - 1)];
    file_response("application/rss+xml", body.to_vec())
}

async fn csaf_file(State(state): State<Served>, Path(path): Path<String>) -> Response {
    let Some((_, body)) = CSAF_FILES.iter().find(|(name, _)| *name == path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The metadata names the directory by absolute URL, which is only known once bound.
    let body = String::from_utf8_lossy(body).replace("{BASE}", &state.base).into_bytes();
    let content_type = if path.ends_with(".csv") { "text/csv" } else { "application/json" };
    file_response(content_type, body)
}

fn file_response(content_type: &'static str, body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}
