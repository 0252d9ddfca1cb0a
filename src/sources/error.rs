//! Errors from fetching and polling a source. Each message is what staff see as the last error.

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::domain::SourceKind;

use super::parse_error::ParseError;

/// The reason a fetch or a poll failed. Messages name the URL they concern, where there is one.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("URL {url} uses the scheme {scheme:?}; only http and https sources can be fetched")]
    UnsupportedScheme { url: String, scheme: String },
    #[error("invalid fetch limits: {0}")]
    InvalidLimits(String),
    #[error("could not set up the HTTP client: {0}")]
    ClientSetup(String),
    #[error("connecting to {url} failed: {cause}")]
    Connect { url: String, cause: String },
    #[error("{phase} {url} timed out after {}", humantime::format_duration(*.limit))]
    Timeout { url: String, phase: TimeoutPhase, limit: Duration },
    #[error("HTTP {code} {reason} from {url}")]
    Status { url: String, code: u16, reason: String },
    #[error("too many redirects from {url}: gave up after {max}")]
    TooManyRedirects { url: String, max: usize },
    #[error("redirect loop from {url}: {target} was already requested")]
    RedirectLoop { url: String, target: String },
    #[error("redirect from {url} to {target} rejected: {reason}")]
    RedirectRejected { url: String, target: String, reason: String },
    #[error("response body from {url} is larger than the limit of {} after decompression", ByteCount(*.limit))]
    BodyTooLarge { url: String, limit: usize },
    #[error("decompressing the response body from {url} failed: {cause}")]
    Decompression { url: String, cause: String },
    #[error("request to {url} failed: {cause}")]
    Transfer { url: String, cause: String },
    /// The body arrived but its parser rejected it; `context` is the document URL.
    #[error("{context}: {source}")]
    Parse { context: String, source: ParseError },
    #[error("CSAF provider metadata at {url} lists no directory and no ROLIE feed distribution")]
    CsafNoDistribution { url: String },
    #[error("all {count} changed CSAF documents failed; the oldest: {first}")]
    CsafDocumentsFailed { count: usize, first: Box<SourceError> },
    #[error("sources of kind {kind} are not polled: their advisories come from member submissions")]
    UnsupportedKind { kind: SourceKind },
}

impl SourceError {
    /// Whether fetching the same document again cannot help: it is gone, rejected or broken.
    /// Timeouts, connection failures and 5xx, 408 and 429 responses are worth retrying.
    pub fn is_permanent(&self) -> bool {
        match self {
            SourceError::Status { code, .. } => (400..500).contains(code) && !matches!(code, 408 | 429),
            SourceError::InvalidUrl { .. }
            | SourceError::UnsupportedScheme { .. }
            | SourceError::RedirectRejected { .. }
            | SourceError::BodyTooLarge { .. }
            | SourceError::Parse { .. } => true,
            _ => false,
        }
    }
}

/// The time limit a fetch exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection, TLS included.
    Connect,
    /// The whole fetch: connection, redirects, response headers and the complete body.
    Total,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutPhase::Connect => f.write_str("connecting to"),
            TimeoutPhase::Total => f.write_str("fetching"),
        }
    }
}

/// A byte count written in the largest whole binary unit, with the exact bytes after it.
struct ByteCount(usize);

impl fmt::Display for ByteCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: usize = 1024;
        const MIB: usize = 1024 * 1024;
        let bytes = self.0;
        if bytes >= MIB && bytes % MIB == 0 {
            write!(f, "{} MiB ({bytes} bytes)", bytes / MIB)
        } else if bytes >= KIB && bytes % KIB == 0 {
            write!(f, "{} KiB ({bytes} bytes)", bytes / KIB)
        } else {
            write!(f, "{bytes} bytes")
        }
    }
}

/// Writes a URL for messages and logs with any password replaced, so that credentials a
/// source URL carries never reach staff screens or log files.
pub(crate) fn display_url(url: &Url) -> String {
    if url.password().is_none() {
        return url.to_string();
    }
    let mut redacted = url.clone();
    // `set_password` fails only for URLs without a host, and this URL has a password, so a host.
    let _ = redacted.set_password(Some("***"));
    redacted.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_count_uses_whole_units() {
        assert_eq!(ByteCount(5 * 1024 * 1024).to_string(), "5 MiB (5242880 bytes)");
        assert_eq!(ByteCount(64 * 1024).to_string(), "64 KiB (65536 bytes)");
        assert_eq!(ByteCount(1000).to_string(), "1000 bytes");
    }

    #[test]
    fn display_url_hides_password() {
        let url = Url::parse("https://staff:secret@example.org/feed.xml").unwrap();
        assert_eq!(display_url(&url), "https://staff:***@example.org/feed.xml");
    }

    #[test]
    fn status_message_names_code_and_url() {
        let error = SourceError::Status { url: "https://example.org/rss".into(), code: 503, reason: "Service Unavailable".into() };
        assert_eq!(error.to_string(), "HTTP 503 Service Unavailable from https://example.org/rss");
    }

    #[test]
    fn timeout_message_names_limit() {
        let error = SourceError::Timeout { url: "https://example.org/rss".into(), phase: TimeoutPhase::Total, limit: Duration::from_secs(60) };
        assert_eq!(error.to_string(), "fetching https://example.org/rss timed out after 1m");
    }
}
