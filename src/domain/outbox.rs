//! Outbox messages: every message part to deliver, stored before it is sent.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ChatRef, ParseLabelError};

/// Delivery state of an outbox message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    /// Waiting for its `next_attempt_at`.
    Pending,
    /// Taken by a worker until `claimed_until`; a crashed worker's claim expires.
    Claimed,
    Sent,
    /// Given up after retries or a permanent error; `last_error` gives the reason.
    Failed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Claimed => "claimed",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }
}

impl FromStr for OutboxStatus {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pending" => Ok(OutboxStatus::Pending),
            "claimed" => Ok(OutboxStatus::Claimed),
            "sent" => Ok(OutboxStatus::Sent),
            "failed" => Ok(OutboxStatus::Failed),
            _ => Err(ParseLabelError { kind: "outbox status", value: text.to_owned(), expected: "pending, claimed, sent, failed" }),
        }
    }
}

impl fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message part to enqueue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOutboxMessage {
    /// Idempotency key, unique over the whole outbox: `digest:{subscription}:{window end}:{part}`
    /// or `urgent:{subscription}:{advisory}:{version}`. Enqueuing a key twice adds nothing.
    pub key: String,
    pub subscription_id: Option<i64>,
    pub chat: ChatRef,
    /// The message as `delivery::Payload` JSON; platforms render it when sending.
    pub payload: serde_json::Value,
    pub not_before: DateTime<Utc>,
}

/// A stored outbox message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub key: String,
    pub subscription_id: Option<i64>,
    pub chat: ChatRef,
    pub payload: serde_json::Value,
    pub status: OutboxStatus,
    /// Send attempts so far, rate-limit waits not counted.
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}
