//! The contract between delivery and a chat platform.

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::{ChatRef, Platform};

use super::Payload;

/// Reason a chat can never receive messages again, so its subscription is deactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermanentKind {
    /// The member blocked the bot, or the bot was removed from the group or channel.
    Blocked,
    ChatNotFound,
    /// The bot lacks a permission it needs in the chat.
    Forbidden,
}

/// The result of one send attempt, in the terms the outbox acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// The platform asked to wait; the wait does not count as a failed attempt.
    RateLimited { retry_after: Duration },
    /// A timeout, 5xx or network failure: retried with backoff up to a limit.
    Transient(String),
    Permanent { kind: PermanentKind, reason: String },
    /// The chat moved to a new id (a Telegram group became a supergroup); resend there.
    Migrated { new_chat_id: String },
}

/// Implemented by every platform that delivers outbox messages.
#[async_trait]
pub trait Sender: Send + Sync {
    fn platform(&self) -> Platform;

    /// Maximum message length the platform accepts, in characters. Digests split below it.
    fn max_message_chars(&self) -> usize;

    /// Renders and sends one message. `idempotency_key` lets platforms that support it
    /// (Discord's nonce) drop a duplicate of a send retried after a crash.
    async fn send(&self, chat: &ChatRef, payload: &Payload, idempotency_key: &str) -> SendOutcome;
}
