//! A fake webhook receiver on 127.0.0.1 port 0 that records every delivered message.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    pub key: String,
    pub chat_id: String,
    pub text: String,
}

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    delay: Duration,
}

pub struct WebhookServer {
    pub url: String,
    shared: Shared,
}

impl WebhookServer {
    /// Starts a receiver that responds 200 after `delay`, so a sender can be caught mid-run.
    pub async fn start(delay: Duration) -> WebhookServer {
        let shared = Shared { received: Arc::default(), delay };
        let app = Router::new().route("/hook", post(receive)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        WebhookServer { url, shared }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Counts deliveries per idempotency key.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for message in self.received() {
            *counts.entry(message.key).or_default() += 1;
        }
        counts
    }

    /// Waits until at least `count` messages arrived, or fails after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.received().len() < count {
            assert!(tokio::time::Instant::now() < deadline, "only {} of {count} messages arrived", self.received().len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn receive(State(shared): State<Shared>, body: Bytes) -> StatusCode {
    tokio::time::sleep(shared.delay).await;
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else { return StatusCode::BAD_REQUEST };
    let field = |name: &str| json[name].as_str().unwrap_or_default().to_owned();
    let message = Received { key: field("key"), chat_id: field("chat_id"), text: field("text") };
    shared.received.lock().unwrap().push(message);
    StatusCode::OK
}
