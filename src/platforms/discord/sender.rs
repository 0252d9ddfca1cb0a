//! Outbox delivery to Discord channels: one `POST /channels/{id}/messages` per message part.

use std::sync::Arc;

use async_trait::async_trait;
use serenity::all::{ChannelId, Colour, CreateAllowedMentions, CreateEmbed, CreateMessage, Nonce};
use serenity::http::{Http, LightMethod, Request, Route};
use sha2::{Digest as _, Sha256};

use super::embeds::{render_payload, MessageParts, MAX_CONTENT_CHARS};
use super::errors::{describe, outcome_of, outcome_of_transport, ErrorBody};
use super::reply::button_rows;
use crate::delivery::{Payload, PermanentKind, SendOutcome, Sender};
use crate::domain::{ChatRef, Platform};

/// Maximum length of a message nonce, set by Discord.
pub const MAX_NONCE_CHARS: usize = 25;

/// Sends outbox messages to Discord channels and direct-message channels.
pub struct DiscordSender {
    http: Arc<Http>,
    /// Client for requests made without serenity's rate limiter (see [`DiscordSender::post`]).
    client: reqwest::Client,
    urgent_role: Option<u64>,
}

impl DiscordSender {
    pub fn new(http: Arc<Http>, urgent_role: Option<u64>) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|error| format!("cannot build the Discord HTTP client: {error}"))?;
        Ok(Self { http, client, urgent_role })
    }

    /// Posts one message and maps the response. With serenity's rate limiter on, the request
    /// goes through it, and it waits out 429 responses that name a wait. Without it, as with a
    /// configured API URL, the request goes straight to that URL.
    async fn post(&self, channel: ChannelId, message: &CreateMessage) -> SendOutcome {
        let body = match serde_json::to_vec(message) {
            Ok(body) => body,
            Err(error) => return SendOutcome::Transient(format!("cannot encode a Discord message: {error}")),
        };
        let request = Request::new(Route::ChannelMessages { channel_id: channel }, LightMethod::Post).body(Some(body));
        let response = match &self.http.ratelimiter {
            Some(ratelimiter) => ratelimiter.perform(request).await,
            None => self.execute_directly(request).await,
        };
        let response = match response {
            Ok(response) => response,
            Err(serenity::Error::Http(serenity::http::HttpError::Request(error))) => return outcome_of_transport(&error),
            Err(error) => return SendOutcome::Transient(format!("Discord request failed: {}", describe(&error))),
        };
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|value| value.to_str().ok()).map(str::to_owned);
        let body = if response.status().is_success() { Vec::new() } else { response.bytes().await.map(|bytes| bytes.to_vec()).unwrap_or_default() };
        outcome_of(status, retry_after.as_deref(), &ErrorBody::parse(&body))
    }

    /// Sends a request to the configured API URL with the bot's token, as serenity does when its
    /// rate limiter is off, but returns the response whatever its status.
    async fn execute_directly(&self, request: Request<'_>) -> serenity::Result<reqwest::Response> {
        let built = request.build(&self.client, self.http.token(), self.http.proxy.as_deref())?.build().map_err(serenity::http::HttpError::from)?;
        Ok(self.client.execute(built).await.map_err(serenity::http::HttpError::from)?)
    }
}

#[async_trait]
impl Sender for DiscordSender {
    fn platform(&self) -> Platform {
        Platform::Discord
    }

    fn max_message_chars(&self) -> usize {
        MAX_CONTENT_CHARS
    }

    /// Sends every message part in order; a [`Payload::Message`] has its buttons on the last
    /// part. A part that fails stops the send; when the outbox retries, the parts sent before
    /// carry the same nonces, so Discord drops them as duplicates.
    // NOTE: Discord checks nonces only over the last few minutes, so a retry after a longer
    // wait can post the parts before the failed one a second time. The pacer counts outbox
    // messages, so a part split here into several Discord messages can draw a 429, which the
    // outbox then waits out.
    async fn send(&self, chat: &ChatRef, payload: &Payload, idempotency_key: &str) -> SendOutcome {
        let Some(channel) = chat.chat_id.parse::<u64>().ok().filter(|id| *id != 0).map(ChannelId::new) else {
            let reason = format!("invalid Discord channel id {:?}", chat.chat_id);
            return SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, reason };
        };
        if let Payload::Message { reply, .. } = payload {
            if reply.attachment.is_some() {
                tracing::warn!(chat = %chat, "an outbox message carries a file, which outbox delivery does not send; the text goes without it");
            }
        }
        let messages = render_payload(payload, self.urgent_role);
        for (index, parts) in messages.iter().enumerate() {
            let mut message = create_message(parts).nonce(Nonce::String(nonce(idempotency_key, index))).enforce_nonce(true);
            if let (Payload::Message { reply, .. }, true) = (payload, index + 1 == messages.len()) {
                message = message.components(button_rows(&reply.choices));
            }
            let outcome = self.post(channel, &message).await;
            if outcome != SendOutcome::Sent {
                tracing::debug!(chat = %chat, part = index, ?outcome, "Discord message not sent");
                return outcome;
            }
        }
        SendOutcome::Sent
    }
}

/// Builds the request body of one message. Mentions are off except the urgent role.
pub fn create_message(parts: &MessageParts) -> CreateMessage {
    let mut message = CreateMessage::new().allowed_mentions(allowed_mentions(parts.mentioned_role));
    if !parts.content.is_empty() {
        message = message.content(&parts.content);
    }
    let embeds = parts.embeds.iter().map(|embed| CreateEmbed::new().description(&embed.description).colour(Colour::new(embed.colour)));
    message.embeds(embeds.collect())
}

/// Allows no mention at all, or just `role`.
pub fn allowed_mentions(role: Option<u64>) -> CreateAllowedMentions {
    let mentions = CreateAllowedMentions::new().empty_users().empty_roles();
    match role {
        Some(role) => mentions.roles([role]),
        None => mentions,
    }
}

/// Derives the nonce of message `index` of an outbox message: 21 hex digits of the key's
/// SHA-256, a dash and the index, at most [`MAX_NONCE_CHARS`] characters for indexes below 1000.
pub fn nonce(idempotency_key: &str, index: usize) -> String {
    let hash = Sha256::digest(idempotency_key.as_bytes());
    let hex: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
    let nonce = format!("{}-{index}", &hex[..21]);
    debug_assert!(nonce.len() <= MAX_NONCE_CHARS);
    nonce
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_short_stable_and_distinct() {
        let key = "digest:1234:2025-08-28T06:00:00Z:part-3-of-4-with-a-long-suffix";
        assert_eq!(nonce(key, 0), nonce(key, 0));
        assert_ne!(nonce(key, 0), nonce(key, 1));
        assert_ne!(nonce(key, 0), nonce("digest:1235", 0));
        assert!(nonce(key, 999).len() <= MAX_NONCE_CHARS);
    }

    #[test]
    fn mentions_are_off_unless_a_role_is_given() {
        let none = serde_json::to_value(allowed_mentions(None)).unwrap();
        assert_eq!(none, serde_json::json!({"parse": [], "users": [], "roles": []}));
        let role = serde_json::to_value(allowed_mentions(Some(9))).unwrap();
        assert_eq!(role, serde_json::json!({"parse": [], "users": [], "roles": ["9"]}));
    }
}
