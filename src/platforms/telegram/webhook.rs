//! Webhook mode: Telegram POSTs each update to a public URL, for several instances behind a
//! load balancer. Every request must carry the secret token set with setWebhook.

use std::future::Future;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use subtle::ConstantTimeEq;
use teloxide::payloads::SetWebhookSetters;
use teloxide::requests::Requester;
use teloxide::types::Update;

use super::{Telegram, TelegramError, ALLOWED_UPDATES};

/// Environment variable holding the webhook secret token.
pub const SECRET_VARIABLE: &str = "KETENWACHT_TELEGRAM_WEBHOOK_SECRET";

/// Header in which Telegram sends the secret token with every update.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The secret token: 1 to 256 characters `A-Z`, `a-z`, `0-9`, `_` and `-`, as setWebhook
/// requires. Its `Debug` form hides the value.
#[derive(Clone)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    pub fn new(secret: &str) -> Result<WebhookSecret, TelegramError> {
        let valid = (1..=256).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid {
            Ok(WebhookSecret(secret.to_owned()))
        } else {
            Err(TelegramError::Setup(format!(
                "invalid {SECRET_VARIABLE}: use 1 to 256 characters A-Z, a-z, 0-9, _ or -"
            )))
        }
    }

    /// Reads the secret from [`SECRET_VARIABLE`]; `Ok(None)` when it is not set.
    pub fn from_env() -> Result<Option<WebhookSecret>, TelegramError> {
        match std::env::var(SECRET_VARIABLE) {
            Ok(secret) => WebhookSecret::new(secret.trim()).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// Compares in constant time, so response timing reveals nothing about the secret.
    fn matches(&self, given: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(given).into()
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

#[derive(Clone)]
struct WebhookState {
    telegram: Arc<Telegram>,
    secret: WebhookSecret,
}

/// Builds the router that accepts updates on `path`. A request without the secret header gets
/// 401, one with a wrong secret 403, an unreadable update 400; none of them is handled.
pub fn router(telegram: Arc<Telegram>, secret: WebhookSecret, path: &str) -> Router {
    Router::new().route(path, post(receive)).with_state(WebhookState { telegram, secret })
}

async fn receive(State(state): State<WebhookState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(given) = headers.get(SECRET_HEADER) else {
        tracing::warn!("webhook request without a secret token rejected");
        return StatusCode::UNAUTHORIZED;
    };
    if !state.secret.matches(given.as_bytes()) {
        tracing::warn!("webhook request with a wrong secret token rejected");
        return StatusCode::FORBIDDEN;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(error) => {
            tracing::warn!(error = %error, "unreadable webhook update rejected");
            return StatusCode::BAD_REQUEST;
        }
    };
    // Handled before the response, so Telegram resends the update if this instance dies midway.
    state.telegram.handle_update(update).await;
    StatusCode::OK
}

/// Registers the webhook with Telegram (setWebhook with the secret and the update kinds), then
/// serves updates until `stopped` completes. Every instance registers the same URL, so a
/// restart of any one of them keeps the webhook in place.
pub(super) async fn serve(
    telegram: Arc<Telegram>,
    secret: Option<WebhookSecret>,
    stopped: impl Future<Output = ()> + Send + 'static,
) -> Result<(), TelegramError> {
    let secret = secret.ok_or_else(|| TelegramError::Setup(format!("webhook mode needs a secret token in {SECRET_VARIABLE}")))?;
    let settings = &telegram.settings;
    let (Some(listen), Some(public_url)) = (settings.webhook_listen, settings.webhook_url.clone()) else {
        return Err(TelegramError::Setup("webhook mode needs telegram.webhook_listen and telegram.webhook_url".to_owned()));
    };
    let public_url = url::Url::parse(&public_url).map_err(|error| TelegramError::Setup(format!("invalid telegram.webhook_url: {error}")))?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|error| TelegramError::Setup(format!("cannot listen on {listen} (telegram.webhook_listen): {error}")))?;
    telegram
        .bot
        .set_webhook(public_url.clone())
        .secret_token(secret.0.clone())
        .allowed_updates(ALLOWED_UPDATES)
        .await
        .map_err(TelegramError::from)?;
    tracing::info!(%listen, url = %public_url, "Telegram webhook set; serving updates");

    let app = router(Arc::clone(&telegram), secret, &settings.webhook_path);
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped)
        .await
        .map_err(|error| TelegramError::Setup(format!("webhook server failed: {error}")))?;
    tracing::info!("Telegram webhook server stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_shape_is_checked() {
        assert!(WebhookSecret::new("abc_DEF-123").is_ok());
        assert!(WebhookSecret::new("").is_err());
        assert!(WebhookSecret::new("has space").is_err());
        assert!(WebhookSecret::new(&"a".repeat(257)).is_err());
    }

    #[test]
    fn secret_compares_whole_value() {
        let secret = WebhookSecret::new("s3cret").unwrap();
        assert!(secret.matches(b"s3cret"));
        assert!(!secret.matches(b"s3cre"));
        assert!(!secret.matches(b"s3cret2"));
        assert!(!secret.matches(b""));
    }
}
