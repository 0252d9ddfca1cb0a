//! Outgoing webhook delivery: each message is POSTed as JSON to one configured URL, which
//! routes it on by `chat_id`. Useful for bridges to other chat systems and for tests.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::json;

use crate::delivery::{Payload, PermanentKind, SendOutcome, Sender};
use crate::domain::{ChatRef, Platform};

use super::terminal::render_plain;

/// Message size for webhook deliveries, matching Telegram's limit.
const WEBHOOK_MESSAGE_CHARS: usize = 4096;

/// Wait used when a 429 response has no usable Retry-After header.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// Posts messages to `url`. Build one per process; the client pools connections.
pub struct WebhookSender {
    client: reqwest::Client,
    url: url::Url,
}

impl WebhookSender {
    /// Creates a sender for `url` (http or https), with a total timeout per request.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, String> {
        let url = url::Url::parse(url).map_err(|error| format!("invalid webhook URL {url:?}: {error}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("invalid webhook URL {url}: use an http or https URL"));
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(crate::sources::fetch::USER_AGENT)
            .build()
            .map_err(|error| format!("cannot build the webhook HTTP client: {error}"))?;
        Ok(Self { client, url })
    }
}

#[async_trait]
impl Sender for WebhookSender {
    fn platform(&self) -> Platform {
        Platform::Webhook
    }

    fn max_message_chars(&self) -> usize {
        WEBHOOK_MESSAGE_CHARS
    }

    async fn send(&self, chat: &ChatRef, payload: &Payload, idempotency_key: &str) -> SendOutcome {
        let body = json!({
            "chat_id": chat.chat_id,
            "key": idempotency_key,
            "text": render_plain(payload, WEBHOOK_MESSAGE_CHARS),
            "payload": payload,
        });
        let request = self
            .client
            .post(self.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", idempotency_key)
            .body(body.to_string());
        let response = match request.send().await {
            Ok(response) => response,
            // The URL may carry a token in its path or query, so it stays out of the reason,
            // which is logged and stored in the outbox.
            Err(error) if error.is_timeout() => return SendOutcome::Transient(format!("webhook request timed out: {}", error.without_url())),
            Err(error) => return SendOutcome::Transient(format!("webhook request failed: {}", error.without_url())),
        };
        outcome_of(response.status(), response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()))
    }
}

/// Maps a webhook's HTTP response to the outbox's outcomes.
fn outcome_of(status: StatusCode, retry_after: Option<&str>) -> SendOutcome {
    let reason = format!("webhook answered HTTP {status}");
    match status {
        status if status.is_success() => SendOutcome::Sent,
        StatusCode::TOO_MANY_REQUESTS => {
            let wait = retry_after.and_then(|text| text.trim().parse::<u64>().ok()).map_or(DEFAULT_RETRY_AFTER, Duration::from_secs);
            SendOutcome::RateLimited { retry_after: wait }
        }
        StatusCode::NOT_FOUND | StatusCode::GONE => SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, reason },
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => SendOutcome::Permanent { kind: PermanentKind::Forbidden, reason },
        _ => SendOutcome::Transient(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_outcomes() {
        let cases = [
            (200, None, SendOutcome::Sent),
            (204, None, SendOutcome::Sent),
            (429, Some("7"), SendOutcome::RateLimited { retry_after: Duration::from_secs(7) }),
            (429, Some("soon"), SendOutcome::RateLimited { retry_after: DEFAULT_RETRY_AFTER }),
            (500, None, SendOutcome::Transient("webhook answered HTTP 500 Internal Server Error".into())),
            (503, None, SendOutcome::Transient("webhook answered HTTP 503 Service Unavailable".into())),
        ];
        for (code, retry_after, expected) in cases {
            assert_eq!(outcome_of(StatusCode::from_u16(code).unwrap(), retry_after), expected, "{code}");
        }
        assert!(matches!(outcome_of(StatusCode::NOT_FOUND, None), SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, .. }));
        assert!(matches!(outcome_of(StatusCode::FORBIDDEN, None), SendOutcome::Permanent { kind: PermanentKind::Forbidden, .. }));
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(WebhookSender::new("file:///tmp/x", Duration::from_secs(1)).is_err());
        assert!(WebhookSender::new("not a url", Duration::from_secs(1)).is_err());
        assert!(WebhookSender::new("http://127.0.0.1:9/hook", Duration::from_secs(1)).is_ok());
    }
}
