//! The one mapping from Discord's responses to the outbox's outcomes.
//!
//! Codes from Discord's API documentation (v10): 10003 Unknown Channel, 50001 Missing Access,
//! 50007 Cannot send messages to this user, 50013 Missing Permissions. A 429 carries
//! `retry_after` in seconds in its body and in the `Retry-After` header.

use std::time::Duration;

use serde::Deserialize;

use crate::delivery::{PermanentKind, SendOutcome};

/// Wait used when a 429 response names no usable wait.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);
/// Maximum wait accepted from a 429 response, so that a garbled value cannot park a chat for days.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Discord's JSON error body; every field is optional because proxies respond with other bodies.
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    pub code: Option<i64>,
    pub message: Option<String>,
    pub retry_after: Option<f64>,
}

impl ErrorBody {
    /// Parses an error body, or returns an empty one for a body that is not Discord's JSON.
    pub fn parse(body: &[u8]) -> ErrorBody {
        serde_json::from_slice(body).unwrap_or_default()
    }
}

/// Maps one HTTP response to a send outcome. `retry_after_header` is the `Retry-After` header.
pub fn outcome_of(status: u16, retry_after_header: Option<&str>, body: &ErrorBody) -> SendOutcome {
    if (200..300).contains(&status) {
        return SendOutcome::Sent;
    }
    let reason = reason(status, body);
    match (status, body.code) {
        (429, _) => {
            let seconds = body.retry_after.or_else(|| retry_after_header.and_then(|text| text.trim().parse().ok()));
            SendOutcome::RateLimited { retry_after: retry_wait(seconds) }
        }
        (403, Some(50007)) => SendOutcome::Permanent { kind: PermanentKind::Blocked, reason },
        (403, _) => SendOutcome::Permanent { kind: PermanentKind::Forbidden, reason },
        (404, _) => SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, reason },
        // A rejected token or an invalid request body is Ketenwacht's fault, not the chat's,
        // so the subscription stays active while the message is retried and finally failed.
        _ => SendOutcome::Transient(reason),
    }
}

/// Maps a request that got no response (connection refused, timeout, TLS) to a send outcome.
/// The reason never contains the URL, so no token or interaction id reaches logs or the outbox.
pub fn outcome_of_transport(error: &reqwest::Error) -> SendOutcome {
    let kind = if error.is_timeout() { "timed out" } else { "failed" };
    let detail = std::error::Error::source(error).map_or_else(|| "no detail".to_owned(), ToString::to_string);
    SendOutcome::Transient(format!("Discord request {kind}: {detail}"))
}

/// Describes a serenity error for logs without any request URL, because interaction URLs
/// contain the interaction's token.
pub fn describe(error: &serenity::Error) -> String {
    use serenity::http::HttpError;
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let body = ErrorBody { code: Some(response.error.code as i64), message: Some(response.error.message.clone()), retry_after: None };
            reason(response.status_code.as_u16(), &body)
        }
        serenity::Error::Http(HttpError::Request(error)) => match outcome_of_transport(error) {
            SendOutcome::Transient(reason) => reason,
            other => format!("{other:?}"),
        },
        serenity::Error::Http(_) => "invalid Discord request".to_owned(),
        serenity::Error::Json(error) => format!("invalid JSON from Discord: {error}"),
        other => other.to_string(),
    }
}

fn reason(status: u16, body: &ErrorBody) -> String {
    let code = body.code.map_or_else(String::new, |code| format!(" (code {code})"));
    let message = body.message.as_deref().map(|message| crate::digest::cut(message, 200)).unwrap_or_default();
    format!("Discord answered HTTP {status}{code}: {message}").trim_end_matches([':', ' ']).to_owned()
}

fn retry_wait(seconds: Option<f64>) -> Duration {
    match seconds {
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Duration::try_from_secs_f64(seconds).map_or(MAX_RETRY_AFTER, |wait| wait.min(MAX_RETRY_AFTER))
        }
        _ => DEFAULT_RETRY_AFTER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: Option<i64>, message: &str, retry_after: Option<f64>) -> ErrorBody {
        ErrorBody { code, message: Some(message.to_owned()), retry_after }
    }

    #[test]
    fn answers_map_to_outcomes() {
        let permanent = |kind, reason: &str| SendOutcome::Permanent { kind, reason: reason.to_owned() };
        let cases = [
            (200, None, ErrorBody::default(), SendOutcome::Sent),
            (204, None, ErrorBody::default(), SendOutcome::Sent),
            (429, None, body(None, "You are being rate limited.", Some(1.5)), SendOutcome::RateLimited { retry_after: Duration::from_millis(1500) }),
            (429, Some("7"), ErrorBody::default(), SendOutcome::RateLimited { retry_after: Duration::from_secs(7) }),
            (429, Some("soon"), ErrorBody::default(), SendOutcome::RateLimited { retry_after: DEFAULT_RETRY_AFTER }),
            (429, None, body(None, "", Some(-3.0)), SendOutcome::RateLimited { retry_after: DEFAULT_RETRY_AFTER }),
            (429, None, body(None, "", Some(1e12)), SendOutcome::RateLimited { retry_after: MAX_RETRY_AFTER }),
            (403, None, body(Some(50001), "Missing Access", None), permanent(PermanentKind::Forbidden, "Discord answered HTTP 403 (code 50001): Missing Access")),
            (403, None, body(Some(50013), "Missing Permissions", None), permanent(PermanentKind::Forbidden, "Discord answered HTTP 403 (code 50013): Missing Permissions")),
            (403, None, body(Some(50007), "Cannot send messages to this user", None), permanent(PermanentKind::Blocked, "Discord answered HTTP 403 (code 50007): Cannot send messages to this user")),
            (404, None, body(Some(10003), "Unknown Channel", None), permanent(PermanentKind::ChatNotFound, "Discord answered HTTP 404 (code 10003): Unknown Channel")),
            (404, None, ErrorBody::default(), permanent(PermanentKind::ChatNotFound, "Discord answered HTTP 404")),
            (401, None, body(Some(0), "401: Unauthorized", None), SendOutcome::Transient("Discord answered HTTP 401 (code 0): 401: Unauthorized".into())),
            (400, None, body(Some(50035), "Invalid Form Body", None), SendOutcome::Transient("Discord answered HTTP 400 (code 50035): Invalid Form Body".into())),
            (500, None, ErrorBody::default(), SendOutcome::Transient("Discord answered HTTP 500".into())),
            (502, None, ErrorBody::parse(b"<html>Bad Gateway</html>"), SendOutcome::Transient("Discord answered HTTP 502".into())),
        ];
        for (status, header, body, expected) in cases {
            assert_eq!(outcome_of(status, header, &body), expected, "HTTP {status} {body:?}");
        }
    }

    #[test]
    fn discord_error_body_parses() {
        let body = ErrorBody::parse(br#"{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}"#);
        assert_eq!(body.retry_after, Some(0.25));
        let body = ErrorBody::parse(br#"{"message": "Unknown Channel", "code": 10003}"#);
        assert_eq!(body.code, Some(10003));
    }

    #[tokio::test]
    async fn descriptions_leave_out_request_urls() {
        let url = "http://127.0.0.1:9/api/v10/interactions/1/secret-interaction-token/callback";
        let error = reqwest::Client::new().get(url).send().await.expect_err("nothing listens on port 9");
        assert!(error.to_string().contains("secret-interaction-token"), "reqwest names the URL, which this test relies on");
        let described = describe(&serenity::Error::Http(serenity::http::HttpError::Request(error)));
        assert!(!described.contains("secret-interaction-token"), "{described}");
        assert!(described.starts_with("Discord request failed"), "{described}");
    }
}
