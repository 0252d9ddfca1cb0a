//! A fake Discord on 127.0.0.1: a REST server that records every request and responds from a
//! script, and a gateway websocket that sends HELLO, responds to IDENTIFY with READY,
//! acknowledges heartbeats and pushes the interactions a test dispatches.
//!
//! Point serenity at it with `HttpBuilder::proxy(fake.url()).ratelimiter_disabled(true)` or
//! `KETENWACHT_DISCORD_API_URL`. Payloads come from `tests/fixtures/discord/`, which
//! `tests/discord.rs` parses into serenity's types. Attachments of multipart requests are
//! recorded, and files put with [`FakeDiscord::serve_file`] are served under `/files/`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, Notify};
use tokio_tungstenite::tungstenite::Message as Frame;

use super::fixture;

/// The application (and bot user) id in `ready.json`.
pub const APPLICATION_ID: &str = "900000000000000001";
/// Heartbeat interval the fake gateway requests, in milliseconds.
const HEARTBEAT_MS: u64 = 5_000;

/// One file part of a multipart request.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub field: String,
    pub file_name: String,
    pub content: Vec<u8>,
}

/// One request the fake received. `json` is the JSON body, or the `payload_json` part of a
/// multipart body; `files` are the other parts.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub json: Option<Value>,
    pub files: Vec<FilePart>,
    pub authorization: Option<String>,
}

impl Recorded {
    /// Returns whether this is `method` on a path ending in `suffix`.
    pub fn is(&self, method: &str, suffix: &str) -> bool {
        self.method.as_str() == method && self.path.ends_with(suffix)
    }
}

/// A scripted response to the next request whose path contains a pattern.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

impl Scripted {
    pub fn error(status: u16, code: i64, message: &str) -> Scripted {
        Scripted { status, body: json!({"code": code, "message": message}), headers: Vec::new() }
    }

    /// Builds a 429 with `retry_after` in seconds, in the body and the `Retry-After` header.
    pub fn rate_limited(retry_after: f64) -> Scripted {
        Scripted {
            status: 429,
            body: json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
            headers: vec![("retry-after".into(), retry_after.ceil().to_string())],
        }
    }
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    scripts: Mutex<Vec<(String, VecDeque<Scripted>)>>,
    files: Mutex<HashMap<String, Vec<u8>>>,
    arrived: Notify,
    identified: Mutex<usize>,
    gateway_url: Mutex<String>,
    next_id: AtomicU64,
    /// Messages created per channel and nonce, as Discord keeps them for `enforce_nonce`.
    created: Mutex<HashMap<(String, String), Value>>,
    /// Messages allowed per channel within a window, when the test enforces a limit.
    channel_limit: Mutex<Option<(usize, Duration)>>,
    /// Times of the messages accepted per channel, for the limit.
    channel_sends: Mutex<HashMap<String, VecDeque<tokio::time::Instant>>>,
    /// Requests answered with 429 because of the limit.
    limited: AtomicU64,
}

/// The fake platform; dropping it leaves its tasks running until the test's runtime ends.
pub struct FakeDiscord {
    url: String,
    shared: Arc<Shared>,
    dispatches: broadcast::Sender<Value>,
    sequence: AtomicU64,
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let shared = Arc::new(Shared { next_id: AtomicU64::new(310_000_000_000_000_000), ..Shared::default() });
        let (dispatches, _) = broadcast::channel(64);

        let gateway = TcpListener::bind("127.0.0.1:0").await.unwrap();
        *shared.gateway_url.lock().unwrap() = format!("ws://{}", gateway.local_addr().unwrap());
        tokio::spawn(serve_gateway(gateway, shared.clone(), dispatches.clone()));

        let rest = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", rest.local_addr().unwrap());
        let app = Router::new().fallback(answer).with_state(shared.clone());
        tokio::spawn(async move { axum::serve(rest, app).await.unwrap() });
        FakeDiscord { url, shared, dispatches, sequence: AtomicU64::new(1) }
    }

    /// Returns the base URL that replaces `https://discord.com`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues responses for the next requests whose path contains `pattern`.
    pub fn script(&self, pattern: &str, answers: impl IntoIterator<Item = Scripted>) {
        self.shared.scripts.lock().unwrap().push((pattern.to_owned(), answers.into_iter().collect()));
    }

    /// Answers message posts with 429 once a channel got `count` messages within `window`, as
    /// Discord limits channels (about 5 messages per 5 seconds).
    pub fn limit_channels(&self, count: usize, window: Duration) {
        *self.shared.channel_limit.lock().unwrap() = Some((count, window));
    }

    /// Returns how many message posts the channel limit answered with 429.
    pub fn rate_limited(&self) -> u64 {
        self.shared.limited.load(Ordering::Relaxed)
    }

    /// Serves `content` at `/files/{name}`, as Discord's CDN serves attachments.
    pub fn serve_file(&self, name: &str, content: Vec<u8>) -> String {
        self.shared.files.lock().unwrap().insert(format!("/files/{name}"), content);
        format!("{}/files/{name}", self.url)
    }

    /// Returns the messages that exist in `channel`: a repeated nonce created no new one.
    pub fn messages_in(&self, channel: &str) -> Vec<Value> {
        let created = self.shared.created.lock().unwrap();
        let mut messages: Vec<Value> = created.iter().filter(|((id, _), _)| id == channel).map(|(_, message)| message.clone()).collect();
        messages.sort_by_key(|message| message["id"].as_str().unwrap_or_default().parse::<u64>().unwrap_or_default());
        messages
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Waits until a request matching `matches` arrived after the first `skip` requests, and
    /// returns it; fails the test after `timeout`.
    pub async fn wait_for(&self, what: &str, skip: usize, timeout: Duration, matches: impl Fn(&Recorded) -> bool) -> Recorded {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.shared.arrived.notified();
            if let Some(found) = self.requests().into_iter().skip(skip).find(|request| matches(request)) {
                return found;
            }
            let seen: Vec<String> = self.requests().iter().skip(skip).map(|r| format!("{} {}", r.method, r.path)).collect();
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}; requests after #{skip}: {seen:#?}");
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }

    /// Waits until `count` requests match, and returns them in order of arrival.
    pub async fn wait_for_count(&self, what: &str, count: usize, timeout: Duration, matches: impl Fn(&Recorded) -> bool) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.shared.arrived.notified();
            let found: Vec<Recorded> = self.requests().into_iter().filter(|request| matches(request)).collect();
            if found.len() >= count {
                return found;
            }
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {count} {what}; {} arrived", found.len());
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }

    /// Waits until a client has identified on the gateway, so dispatches reach it.
    pub async fn wait_identified(&self, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.shared.arrived.notified();
            if *self.shared.identified.lock().unwrap() > 0 {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "no client identified on the fake gateway");
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }

    /// Sends an INTERACTION_CREATE dispatch with `interaction` as its data.
    pub fn dispatch_interaction(&self, interaction: Value) {
        let sequence = self.sequence.fetch_add(1, Ordering::Relaxed) + 1;
        let frame = json!({"op": 0, "t": "INTERACTION_CREATE", "s": sequence, "d": interaction});
        self.dispatches.send(frame).expect("a gateway client is connected");
    }
}

/// Builds an interaction from a fixture with a fresh id and token.
pub fn interaction(fixture_name: &str, number: u64) -> Value {
    let mut value: Value = serde_json::from_slice(&fixture(&format!("discord/{fixture_name}"))).unwrap();
    value["id"] = json!(format!("{}", 810_000_000_000_000_000u64 + number));
    value["token"] = json!(format!("interaction-token-{number}"));
    value
}

async fn answer(State(shared): State<Arc<Shared>>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_owned();
    let (json, files) = decode_body(&headers, &body);
    let recorded = Recorded {
        method: method.clone(),
        path: path.clone(),
        json,
        files,
        authorization: headers.get("authorization").and_then(|value| value.to_str().ok()).map(str::to_owned),
    };
    shared.requests.lock().unwrap().push(recorded.clone());
    shared.arrived.notify_waiters();

    if let Some(scripted) = next_scripted(&shared, &path) {
        return reply(scripted.status, &scripted.body, &scripted.headers);
    }
    if method == Method::POST && path.starts_with("/api/v10/channels/") {
        if let Some(wait) = over_channel_limit(&shared, &path) {
            shared.limited.fetch_add(1, Ordering::Relaxed);
            let body = json!({"message": "You are being rate limited.", "retry_after": wait.as_secs_f64(), "global": false});
            return reply(429, &body, &[("retry-after".into(), wait.as_secs().max(1).to_string())]);
        }
    }
    if let Some(content) = shared.files.lock().unwrap().get(&path) {
        return Response::builder().status(200).body(Body::from(content.clone())).unwrap();
    }
    let gateway_url = shared.gateway_url.lock().unwrap().clone();
    let api = path.strip_prefix("/api/v10").unwrap_or(&path);
    match (method.as_str(), api) {
        ("GET", "/gateway") => reply(200, &json!({"url": gateway_url}), &[]),
        ("GET", "/gateway/bot") => reply(
            200,
            &json!({"url": gateway_url, "shards": 1, "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}),
            &[],
        ),
        ("PUT", api) if api.ends_with("/commands") => reply(200, &json!([]), &[]),
        ("POST", api) if api.starts_with("/interactions/") => reply(204, &Value::Null, &[]),
        ("POST", api) if api.starts_with("/channels/") => reply(200, &create_channel_message(&shared, api, recorded.json.as_ref()), &[]),
        ("POST" | "PATCH", api) if api.starts_with("/webhooks/") => {
            let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
            reply(200, &created_message(api, id, recorded.json.as_ref()), &[])
        }
        _ => reply(404, &json!({"code": 0, "message": "404: Not Found"}), &[]),
    }
}

/// Returns the wait until the channel of `path` may get another message, or `None` after
/// counting this message against the channel's limit.
fn over_channel_limit(shared: &Shared, path: &str) -> Option<Duration> {
    let (count, window) = (*shared.channel_limit.lock().unwrap())?;
    let channel = path.split('/').nth(4).unwrap_or_default().to_owned();
    let now = tokio::time::Instant::now();
    let mut sends = shared.channel_sends.lock().unwrap();
    let times = sends.entry(channel).or_default();
    while times.front().is_some_and(|sent| now.duration_since(*sent) >= window) {
        times.pop_front();
    }
    if times.len() >= count {
        return Some(window - now.duration_since(times[0]));
    }
    times.push_back(now);
    None
}

fn next_scripted(shared: &Shared, path: &str) -> Option<Scripted> {
    let mut scripts = shared.scripts.lock().unwrap();
    scripts.iter_mut().find(|(pattern, answers)| path.contains(pattern.as_str()) && !answers.is_empty()).and_then(|(_, answers)| answers.pop_front())
}

/// Creates a channel message, or returns the one created before with the same nonce when the
/// request sets `enforce_nonce`, as Discord does within a few minutes.
fn create_channel_message(shared: &Shared, api: &str, request: Option<&Value>) -> Value {
    let channel = api.split('/').nth(2).unwrap_or_default().to_owned();
    let enforced = request.and_then(|body| body["nonce"].as_str().filter(|_| body["enforce_nonce"] == true));
    let mut created = shared.created.lock().unwrap();
    if let Some(earlier) = enforced.and_then(|nonce| created.get(&(channel.clone(), nonce.to_owned()))) {
        return earlier.clone();
    }
    let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    let message = created_message(api, id, request);
    let nonce = enforced.map_or_else(|| format!("no-nonce-{id}"), str::to_owned);
    created.insert((channel, nonce), message.clone());
    message
}

/// Builds the Message the fake returns for a created or edited message, from `message.json`.
fn created_message(api: &str, id: u64, request: Option<&Value>) -> Value {
    let mut message: Value = serde_json::from_slice(&fixture("discord/message.json")).unwrap();
    message["id"] = json!(id.to_string());
    if let Some(channel) = api.strip_prefix("/channels/").and_then(|rest| rest.split('/').next()) {
        message["channel_id"] = json!(channel);
    }
    if let Some(request) = request {
        for field in ["content", "nonce"] {
            if let Some(value) = request.get(field) {
                message[field] = value.clone();
            }
        }
    }
    message
}

fn reply(status: u16, body: &Value, headers: &[(String, String)]) -> Response {
    let mut builder = Response::builder().status(StatusCode::from_u16(status).unwrap());
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if status == 204 {
        return builder.body(Body::empty()).unwrap();
    }
    builder.header("content-type", "application/json").body(Body::from(body.to_string())).unwrap()
}

fn decode_body(headers: &HeaderMap, body: &Bytes) -> (Option<Value>, Vec<FilePart>) {
    let content_type = headers.get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default();
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        return decode_multipart(body, boundary.trim_matches('"'));
    }
    (serde_json::from_slice(body).ok(), Vec::new())
}

/// Splits a multipart/form-data body into its `payload_json` part and its file parts.
fn decode_multipart(body: &[u8], boundary: &str) -> (Option<Value>, Vec<FilePart>) {
    let delimiter = format!("--{boundary}");
    let mut json = None;
    let mut files = Vec::new();
    for part in split_bytes(body, delimiter.as_bytes()).into_iter().skip(1) {
        let Some(split) = find(part, b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&part[..split]).to_string();
        let mut content = &part[split + 4..];
        if content.ends_with(b"\r\n") {
            content = &content[..content.len() - 2];
        }
        let field = header_parameter(&head, "name").unwrap_or_default();
        match header_parameter(&head, "filename") {
            Some(file_name) => files.push(FilePart { field, file_name, content: content.to_vec() }),
            None if field == "payload_json" => json = serde_json::from_slice(content).ok(),
            None => {}
        }
    }
    (json, files)
}

fn header_parameter(head: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    let start = head.find(&marker)? + marker.len();
    let end = head[start..].find('"')? + start;
    Some(head[start..end].to_owned())
}

fn split_bytes<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, delimiter) {
        parts.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    parts.push(rest);
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

async fn serve_gateway(listener: TcpListener, shared: Arc<Shared>, dispatches: broadcast::Sender<Value>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { return };
        let shared = shared.clone();
        let receiver = dispatches.subscribe();
        tokio::spawn(async move {
            if let Ok(socket) = tokio_tungstenite::accept_async(stream).await {
                run_session(socket, shared, receiver).await;
            }
        });
    }
}

async fn run_session(
    socket: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    shared: Arc<Shared>,
    mut dispatches: broadcast::Receiver<Value>,
) {
    let (mut sink, mut stream) = socket.split();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}});
    if sink.send(Frame::text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { return };
                let Ok(text) = frame.to_text() else { continue };
                let Ok(payload) = serde_json::from_str::<Value>(text) else { continue };
                let answer = match payload["op"].as_u64() {
                    Some(1) => Some(json!({"op": 11})),
                    Some(2) => {
                        let ready: Value = serde_json::from_slice(&fixture("discord/ready.json")).unwrap();
                        Some(json!({"op": 0, "t": "READY", "s": 1, "d": ready}))
                    }
                    _ => None,
                };
                if let Some(answer) = answer {
                    if sink.send(Frame::text(answer.to_string())).await.is_err() {
                        return;
                    }
                }
                if payload["op"].as_u64() == Some(2) {
                    *shared.identified.lock().unwrap() += 1;
                    shared.arrived.notify_waiters();
                }
            }
            dispatch = dispatches.recv() => {
                let Ok(dispatch) = dispatch else { return };
                if sink.send(Frame::text(dispatch.to_string())).await.is_err() {
                    return;
                }
            }
        }
    }
}

