//! A scripted HTTP server on 127.0.0.1, port 0, standing in for feed and CSAF publishers.
//!
//! Each path gets a [`Scripted`] response; every request is recorded with its method, path
//! and headers so that tests can check what the client sent.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_ENCODING, ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use flate2::write::GzEncoder;
use flate2::Compression;
use futures_util::stream::{self, StreamExt};
use tokio::task::JoinHandle;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: Method,
    /// Path and query, e.g. `/feed.xml?page=2`.
    pub path: String,
    pub headers: HeaderMap,
}

/// How the body of a scripted response is sent.
#[derive(Debug, Clone)]
enum ScriptedBody {
    /// All at once, with Content-Length.
    Full(Bytes),
    /// All at once, chunked and without Content-Length.
    Chunked(Bytes),
    /// One byte per `interval`, chunked.
    Drip { bytes: Bytes, interval: Duration },
    /// The same chunk again and again until the client hangs up.
    Endless(Bytes),
}

/// The response served for one path, every time it is requested.
#[derive(Debug, Clone)]
pub struct Scripted {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: ScriptedBody,
    /// When set, sent as ETag, and a request with a matching If-None-Match gets 304.
    etag: Option<String>,
}

impl Scripted {
    /// 200 with `body`.
    pub fn ok(body: impl Into<Bytes>) -> Self {
        Self { status: StatusCode::OK, headers: Vec::new(), body: ScriptedBody::Full(body.into()), etag: None }
    }

    /// `code` with an empty body.
    pub fn status(code: u16) -> Self {
        let status = StatusCode::from_u16(code).expect("test scripts use valid status codes");
        Self { status, headers: Vec::new(), body: ScriptedBody::Full(Bytes::new()), etag: None }
    }

    /// 302 Found to `location`, which may be a path on this server or a full URL.
    pub fn redirect(location: &str) -> Self {
        Self::status(302).header(LOCATION.as_str(), location)
    }

    /// 200 with an endless stream of `chunk_size` bytes at a time.
    pub fn endless(chunk_size: usize) -> Self {
        let chunk = Bytes::from(vec![b'x'; chunk_size]);
        Self { status: StatusCode::OK, headers: Vec::new(), body: ScriptedBody::Endless(chunk), etag: None }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("test scripts use valid header names");
        let value = HeaderValue::from_str(value).expect("test scripts use valid header values");
        self.headers.push((name, value));
        self
    }

    /// Sends `etag` and returns 304 to a request whose If-None-Match matches it.
    pub fn etag(mut self, etag: &str) -> Self {
        self.etag = Some(etag.to_owned());
        self
    }

    /// Compresses the body with gzip and sends Content-Encoding: gzip.
    pub fn gzipped(mut self) -> Self {
        let bytes = self.body_bytes();
        self.body = ScriptedBody::Full(Bytes::from(gzip(&bytes)));
        self.header(CONTENT_ENCODING.as_str(), "gzip")
    }

    /// Sends the body chunked, without Content-Length, so the client cannot see its size early.
    pub fn chunked(mut self) -> Self {
        self.body = ScriptedBody::Chunked(self.body_bytes());
        self
    }

    /// Sends the body one byte per `interval`.
    pub fn drip(mut self, interval: Duration) -> Self {
        self.body = ScriptedBody::Drip { bytes: self.body_bytes(), interval };
        self
    }

    fn body_bytes(&self) -> Bytes {
        match &self.body {
            ScriptedBody::Full(bytes) | ScriptedBody::Chunked(bytes) | ScriptedBody::Endless(bytes) => bytes.clone(),
            ScriptedBody::Drip { bytes, .. } => bytes.clone(),
        }
    }

    fn respond(&self, request_headers: &HeaderMap) -> Response {
        let not_modified = self.etag.as_deref().is_some_and(|etag| {
            request_headers.get(IF_NONE_MATCH).and_then(|value| value.to_str().ok()) == Some(etag)
        });
        let (status, body) = if not_modified {
            (StatusCode::NOT_MODIFIED, Body::empty())
        } else {
            (self.status, self.body())
        };
        let mut response = Response::builder().status(status).body(body).expect("scripted parts are valid");
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(etag) = &self.etag {
            headers.insert(ETAG, HeaderValue::from_str(etag).expect("test scripts use valid ETags"));
        }
        response
    }

    fn body(&self) -> Body {
        match &self.body {
            ScriptedBody::Full(bytes) => Body::from(bytes.clone()),
            ScriptedBody::Chunked(bytes) => {
                let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(bytes.clone())];
                Body::from_stream(stream::iter(chunks))
            }
            ScriptedBody::Drip { bytes, interval } => {
                let (bytes, interval) = (bytes.clone(), *interval);
                let drip = stream::iter(0..bytes.len()).then(move |index| {
                    let byte = bytes.slice(index..=index);
                    async move {
                        tokio::time::sleep(interval).await;
                        Ok::<_, std::io::Error>(byte)
                    }
                });
                Body::from_stream(drip)
            }
            ScriptedBody::Endless(chunk) => {
                let chunk = chunk.clone();
                Body::from_stream(stream::repeat_with(move || Ok::<_, std::io::Error>(chunk.clone())))
            }
        }
    }
}

/// Compresses `bytes` with gzip.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

/// Gzip of `len` zero bytes, written 1 MiB at a time: a compression bomb of any size.
pub fn gzip_of_zeros(len: usize) -> Vec<u8> {
    let block = vec![0_u8; 1024 * 1024];
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let mut left = len;
    while left > 0 {
        let part = left.min(block.len());
        encoder.write_all(&block[..part]).expect("writing to a Vec cannot fail");
        left -= part;
    }
    encoder.finish().expect("writing to a Vec cannot fail")
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, Scripted>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// A running scripted server; it stops when dropped.
pub struct FeedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl FeedServer {
    pub async fn start() -> FeedServer {
        let shared = Arc::new(Shared::default());
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1 on a free port");
        let addr = listener.local_addr().expect("bound listener has an address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("test feed server failed");
        });
        FeedServer { addr, shared, task }
    }

    /// Builds the full URL of `path` on this server. `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Serves `response` for `path` (without query) from now on.
    pub fn route(&self, path: &str, response: Scripted) {
        self.shared.routes.lock().unwrap().insert(path.to_owned(), response);
    }

    /// Lists every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Lists the requests received for `path`, oldest first.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.requests().into_iter().filter(|request| request.path.split('?').next() == Some(path)).collect()
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let path_and_query = request.uri().path_and_query().map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    shared.requests.lock().unwrap().push(RecordedRequest {
        method: request.method().clone(),
        path: path_and_query,
        headers: request.headers().clone(),
    });
    let scripted = shared.routes.lock().unwrap().get(&path).cloned();
    match scripted {
        Some(scripted) => scripted.respond(request.headers()),
        None => Scripted::status(404).respond(request.headers()),
    }
}
