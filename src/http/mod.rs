//! The operations endpoint: `/healthz` and Prometheus `/metrics`, served with axum.
//!
//! Off by default; `http.address` in the config turns it on. Values are read from the store
//! and the delivery counters at each scrape, so this module keeps no state of its own.

mod metrics;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use crate::delivery::metrics::DeliveryMetrics;
use crate::store::Store;

pub use metrics::render_metrics;

/// Shared state of the handlers: the store and the delivery counters.
#[derive(Clone)]
pub struct HttpState {
    pub store: Store,
    pub delivery: Arc<DeliveryMetrics>,
}

/// Binds the endpoint's address, so that a taken port fails the start instead of later.
pub async fn bind(address: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(address).await
}

/// Serves the endpoint on `listener` until `shutdown` completes.
pub async fn serve(listener: TcpListener, state: HttpState, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    tracing::info!(address = %listener.local_addr()?, "health and metrics endpoint listening");
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// Builds the routes, apart from the listener so that tests can bind port 0.
pub fn router(state: HttpState) -> Router {
    Router::new().route("/healthz", get(health)).route("/metrics", get(metrics_handler)).with_state(state)
}

/// Returns 200 when the database responds, 503 otherwise.
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
    match render_metrics(&state.store, &state.delivery).await {
        Ok(text) => ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "failed to collect metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, "failed to collect metrics\n").into_response()
        }
    }
}
