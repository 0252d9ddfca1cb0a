//! HTTP fetching with the limits every source shares.

use std::error::Error as StdError;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_ENCODING, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};
use reqwest::StatusCode;
use url::Url;

use crate::domain::FetchState;

use super::body::BodyCollector;
use super::error::{display_url, SourceError, TimeoutPhase};
use super::redirect::{self, RedirectRejection};

/// Sent with every request so publishers can see who polls them and how to reach us.
pub const USER_AGENT: &str = concat!("Ketenwacht/", env!("CARGO_PKG_VERSION"), " (+https://github.com/ketenwacht/ketenwacht)");

/// Feed, CSAF and KEV formats first; anything else is still accepted and left to the parser.
const ACCEPT_TYPES: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/json, \
                            application/xml;q=0.9, text/xml;q=0.9, text/csv;q=0.9, */*;q=0.5";

/// Longest ETag or Last-Modified value kept for the next poll; longer ones are dropped.
const MAX_VALIDATOR_LEN: usize = 1024;

/// Limits applied to every fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    pub connect_timeout: Duration,
    /// Limit for the whole fetch: connecting, redirects, headers and the complete body.
    pub total_timeout: Duration,
    /// Maximum body size in bytes, enforced after decompression.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

impl FetchLimits {
    fn validate(&self) -> Result<(), SourceError> {
        if self.connect_timeout.is_zero() {
            return Err(SourceError::InvalidLimits("the connect timeout must be longer than zero".into()));
        }
        if self.total_timeout.is_zero() {
            return Err(SourceError::InvalidLimits("the total timeout must be longer than zero".into()));
        }
        if self.max_body_bytes == 0 {
            return Err(SourceError::InvalidLimits("the maximum body size must be at least 1 byte".into()));
        }
        Ok(())
    }
}

/// The result of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The server returned 304: nothing changed since the validators that were sent.
    NotModified,
    Body(FetchedBody),
}

/// A complete, decompressed response body and the validators to send next time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedBody {
    pub bytes: Bytes,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The URL that served the body, after redirects.
    pub final_url: Url,
    /// The 2xx status code that came with the body.
    pub status: u16,
}

/// A shared HTTP client that fetches source URLs within [`FetchLimits`]. Cloning is cheap and
/// shares the connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    limits: FetchLimits,
}

impl Fetcher {
    /// Builds the client: rustls, gzip/deflate/brotli, the redirect policy and our User-Agent.
    pub fn new(limits: FetchLimits) -> Result<Fetcher, SourceError> {
        limits.validate()?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPT_TYPES));
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .connect_timeout(limits.connect_timeout)
            .redirect(redirect::policy(limits.max_redirects))
            .build()
            .map_err(|err| SourceError::ClientSetup(error_chain(&err)))?;
        Ok(Fetcher { client, limits })
    }

    pub fn limits(&self) -> &FetchLimits {
        &self.limits
    }

    /// Fetches `url`, sending the validators in `state` as a conditional GET.
    pub async fn fetch(&self, url: &str, state: &FetchState) -> Result<FetchOutcome, SourceError> {
        let url = parse_fetch_url(url)?;
        self.fetch_url(&url, state).await
    }

    /// Like [`fetch`](Self::fetch), for a URL that is already parsed.
    pub async fn fetch_url(&self, url: &Url, state: &FetchState) -> Result<FetchOutcome, SourceError> {
        check_scheme(url)?;
        let started = Instant::now();
        let limit = self.limits.total_timeout;
        let result = match tokio::time::timeout(limit, self.fetch_unbounded(url, state)).await {
            Ok(result) => result,
            Err(_elapsed) => Err(SourceError::Timeout { url: display_url(url), phase: TimeoutPhase::Total, limit }),
        };
        let elapsed_ms = started.elapsed().as_millis();
        match &result {
            Ok(FetchOutcome::NotModified) => tracing::debug!(url = %display_url(url), status = 304, elapsed_ms, "source not modified"),
            Ok(FetchOutcome::Body(body)) => {
                tracing::debug!(url = %display_url(url), status = body.status, bytes = body.bytes.len(), elapsed_ms, "fetched source")
            }
            Err(error) => tracing::debug!(url = %display_url(url), %error, elapsed_ms, "fetch failed"),
        }
        result
    }

    /// Fetches once without the total time limit, which [`fetch_url`](Self::fetch_url) adds.
    async fn fetch_unbounded(&self, url: &Url, state: &FetchState) -> Result<FetchOutcome, SourceError> {
        let request = self.client.get(url.clone()).headers(conditional_headers(state));
        let response = request.send().await.map_err(|err| self.request_error(url, &err))?;

        let status = response.status();
        let final_url = response.url().clone();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if status.is_redirection() {
            if let Some(error) = unfollowed_redirect(url, response.headers()) {
                return Err(error);
            }
        }
        if !status.is_success() {
            return Err(SourceError::Status {
                url: display_url(&final_url),
                code: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("(no reason phrase)").to_owned(),
            });
        }

        let etag = validator(response.headers(), ETAG);
        let last_modified = validator(response.headers(), LAST_MODIFIED);
        let bytes = self.read_body(response, &final_url).await?;
        Ok(FetchOutcome::Body(FetchedBody { bytes, etag, last_modified, final_url, status: status.as_u16() }))
    }

    /// Reads the decompressed body chunk by chunk and stops at the size limit.
    async fn read_body(&self, mut response: reqwest::Response, url: &Url) -> Result<Bytes, SourceError> {
        let limit = self.limits.max_body_bytes;
        let too_large = || SourceError::BodyTooLarge { url: display_url(url), limit };
        // reqwest removes Content-Encoding and Content-Length when it decompresses, so an
        // encoding left here is one it cannot decode, and a length is the length to be read.
        if let Some(encoding) = response.headers().get(CONTENT_ENCODING) {
            let encoding = String::from_utf8_lossy(encoding.as_bytes()).into_owned();
            if !encoding.trim().eq_ignore_ascii_case("identity") {
                let cause = format!("unsupported content encoding {:?}", shorten(&encoding));
                return Err(SourceError::Decompression { url: display_url(url), cause });
            }
        }
        let declared = response.content_length();
        if declared.is_some_and(|len| len > limit as u64) {
            return Err(too_large());
        }

        let mut body = BodyCollector::new(limit, declared);
        while let Some(chunk) = response.chunk().await.map_err(|err| self.body_error(url, &err))? {
            body.push(&chunk).map_err(|_| too_large())?;
        }
        Ok(body.finish())
    }

    /// Maps an error from sending the request to the most specific reason.
    fn request_error(&self, url: &Url, err: &reqwest::Error) -> SourceError {
        let url_text = display_url(url);
        if let Some(rejection) = find_cause::<RedirectRejection>(err) {
            return redirect_error(url_text, rejection);
        }
        if err.is_timeout() {
            let (phase, limit) = if err.is_connect() {
                (TimeoutPhase::Connect, self.limits.connect_timeout)
            } else {
                (TimeoutPhase::Total, self.limits.total_timeout)
            };
            return SourceError::Timeout { url: url_text, phase, limit };
        }
        if err.is_connect() {
            return SourceError::Connect { url: url_text, cause: error_chain(err) };
        }
        SourceError::Transfer { url: url_text, cause: error_chain(err) }
    }

    /// Maps an error while reading the body.
    fn body_error(&self, url: &Url, err: &reqwest::Error) -> SourceError {
        let url_text = display_url(url);
        if err.is_timeout() {
            return SourceError::Timeout { url: url_text, phase: TimeoutPhase::Total, limit: self.limits.total_timeout };
        }
        // In reqwest 0.12 the decoders report corrupt data as an `io::Error` right below the
        // reqwest error, while a broken connection arrives as a hyper error there.
        let corrupt = err.source().is_some_and(|cause| cause.is::<std::io::Error>());
        if corrupt {
            return SourceError::Decompression { url: url_text, cause: error_chain(err) };
        }
        SourceError::Transfer { url: url_text, cause: error_chain(err) }
    }
}

/// Parses a source URL and accepts only http and https.
pub fn parse_fetch_url(text: &str) -> Result<Url, SourceError> {
    let url = Url::parse(text.trim()).map_err(|err| SourceError::InvalidUrl { url: shorten(text), reason: err.to_string() })?;
    check_scheme(&url)?;
    Ok(url)
}

pub(crate) fn check_scheme(url: &Url) -> Result<(), SourceError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(SourceError::UnsupportedScheme { url: display_url(url), scheme: other.to_owned() }),
    }
}

/// Cuts an unparsable URL for messages, on a character boundary.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}

/// Builds If-None-Match and If-Modified-Since from stored validators. A stored value that is
/// not a valid header value is skipped, so the fetch is then unconditional.
fn conditional_headers(state: &FetchState) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let pairs = [(IF_NONE_MATCH, &state.etag), (IF_MODIFIED_SINCE, &state.last_modified)];
    for (name, value) in pairs {
        if let Some(value) = value.as_deref().and_then(|text| HeaderValue::from_str(text).ok()) {
            headers.insert(name, value);
        }
    }
    headers
}

/// Reads a validator header if it is visible ASCII and not absurdly long.
fn validator(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    let text = headers.get(name)?.to_str().ok()?.trim();
    (!text.is_empty() && text.len() <= MAX_VALIDATOR_LEN).then(|| text.to_owned())
}

/// Explains a redirect that reqwest handed back instead of following: it does so when the
/// Location is not an http or https URL, since the policy never stops a redirect itself.
fn unfollowed_redirect(url: &Url, headers: &HeaderMap) -> Option<SourceError> {
    let location = headers.get(LOCATION)?;
    let text = String::from_utf8_lossy(location.as_bytes());
    let target = Url::parse(&text).map_or_else(|_| shorten(&text), |target| display_url(&target));
    Some(SourceError::RedirectRejected { url: display_url(url), target, reason: "only http and https targets are followed".into() })
}

fn redirect_error(url: String, rejection: &RedirectRejection) -> SourceError {
    match rejection {
        RedirectRejection::Loop { target } => SourceError::RedirectLoop { url, target: display_url(target) },
        RedirectRejection::TooMany { max } => SourceError::TooManyRedirects { url, max: *max },
        RedirectRejection::Scheme { target } => SourceError::RedirectRejected {
            url,
            target: display_url(target),
            reason: "only http and https targets are followed".into(),
        },
        RedirectRejection::Downgrade { target } => SourceError::RedirectRejected {
            url,
            target: display_url(target),
            reason: "a redirect may not leave https for plain http".into(),
        },
    }
}

/// Finds the first error of type `T` in the cause chain of `err`.
fn find_cause<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// Joins the causes below a reqwest error. reqwest's own message is skipped because it
/// repeats the URL, which may carry credentials. Repeated messages are written once.
fn error_chain(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = err.source();
    while let Some(cause) = current {
        let text = cause.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        current = cause.source();
    }
    if parts.is_empty() {
        return fallback_reason(err).to_owned();
    }
    parts.join(": ")
}

/// Names the kind of a reqwest error that has no cause below it, leaving out its URL.
fn fallback_reason(err: &reqwest::Error) -> &'static str {
    if err.is_builder() {
        "invalid request"
    } else if err.is_body() || err.is_decode() {
        "error reading the response body"
    } else {
        "error sending the request"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_product_and_version() {
        assert!(USER_AGENT.starts_with("Ketenwacht/"));
        assert!(USER_AGENT.contains(env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn rejects_non_http_schemes() {
        for text in ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://example.org/"] {
            let error = parse_fetch_url(text).unwrap_err();
            assert!(matches!(error, SourceError::UnsupportedScheme { .. }), "{text}: {error}");
        }
    }

    #[test]
    fn rejects_unparsable_url() {
        let error = parse_fetch_url("not a url").unwrap_err();
        assert!(matches!(error, SourceError::InvalidUrl { .. }));
        assert!(error.to_string().contains("not a url"));
    }

    #[test]
    fn shortens_long_url_on_char_boundary() {
        let text = "é".repeat(300);
        let short = shorten(&text);
        assert_eq!(short.chars().count(), 201);
    }

    #[test]
    fn rejects_zero_limits() {
        let limits = FetchLimits { max_body_bytes: 0, ..FetchLimits::default() };
        assert!(matches!(Fetcher::new(limits), Err(SourceError::InvalidLimits(_))));
        let limits = FetchLimits { total_timeout: Duration::ZERO, ..FetchLimits::default() };
        assert!(matches!(Fetcher::new(limits), Err(SourceError::InvalidLimits(_))));
    }

    #[test]
    fn conditional_headers_skip_invalid_values() {
        let state = FetchState { etag: Some("\"abc\"".into()), last_modified: Some("bad\nvalue".into()), cursor: None };
        let headers = conditional_headers(&state);
        assert_eq!(headers.get(IF_NONE_MATCH).unwrap(), "\"abc\"");
        assert!(headers.get(IF_MODIFIED_SINCE).is_none());
    }

    #[test]
    fn validator_rejects_oversized_value() {
        let mut headers = HeaderMap::new();
        headers.insert(ETAG, HeaderValue::from_str(&"x".repeat(MAX_VALIDATOR_LEN + 1)).unwrap());
        assert_eq!(validator(&headers, ETAG), None);
        headers.insert(ETAG, HeaderValue::from_static("\"v1\""));
        assert_eq!(validator(&headers, ETAG).as_deref(), Some("\"v1\""));
    }
}
