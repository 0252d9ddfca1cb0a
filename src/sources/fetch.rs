//! HTTP fetching with the limits every source shares.

use std::time::Duration;

/// Limits applied to every fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    pub connect_timeout: Duration,
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

/// A shared HTTP client that fetches source URLs within [`FetchLimits`].
#[derive(Debug, Clone)]
pub struct Fetcher {
    pub limits: FetchLimits,
}

impl Fetcher {
    pub fn new(limits: FetchLimits) -> Result<Fetcher, super::SourceError> {
        Ok(Fetcher { limits })
    }
}
