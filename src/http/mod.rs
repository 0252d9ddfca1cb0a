//! The operations endpoint: `/healthz` and Prometheus `/metrics`, served with axum.
//!
//! Off by default; `http.address` in the config turns it on. Values are read from the store
//! and the delivery counters at each scrape, so nothing here holds state of its own.

mod metrics;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::domain::Platform;
use crate::store::Store;

pub use metrics::render_metrics;

/// Delivery counters of one platform since the process started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlatformCounts {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub rate_limit_waits: u64,
}

/// Source of the delivery counters the metrics report.
pub trait DeliveryStats: Send + Sync {
    fn snapshot(&self) -> Vec<(Platform, PlatformCounts)>;
}

/// What the handlers read.
#[derive(Clone)]
pub struct HttpState {
    pub store: Store,
    pub delivery: Arc<dyn DeliveryStats>,
}

/// Serves the endpoint on `address` until `shutdown` completes.
pub async fn serve(address: SocketAddr, state: HttpState, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    tracing::info!(address = %listener.local_addr()?, "health and metrics endpoint listening");
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// The routes, separate from the listener so tests can bind port 0.
pub fn router(state: HttpState) -> Router {
    Router::new().route("/healthz", get(health)).route("/metrics", get(metrics_handler)).with_state(state)
}

/// Answers 200 when the database answers, 503 otherwise.
async fn health(State(state): State<HttpState>) -> Response {
    match state.store.advisory_count().await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => {
            tracing::error!(error = %error, "health check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

async fn metrics_handler(State(state): State<HttpState>) -> Response {
    match render_metrics(&state.store, state.delivery.as_ref()).await {
        Ok(text) => ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "failed to collect metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, "failed to collect metrics\n").into_response()
        }
    }
}
