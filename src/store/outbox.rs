//! The outbox: message parts stored before they are sent, claimed by delivery workers.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::{AdvisoryId, NewOutboxMessage, OutboxMessage, OutboxStatus};

use super::{Store, StoreError};

/// Counts of outbox messages by status, for metrics and staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxDepth {
    pub pending: u64,
    pub claimed: u64,
    pub sent: u64,
    pub failed: u64,
}

/// One scheduled delivery, written in a single transaction: the messages (a key already present
/// is skipped), the urgent advisories now delivered, and the subscription's new window start.
#[derive(Debug, Clone)]
pub struct Enqueue {
    pub subscription_id: i64,
    pub messages: Vec<NewOutboxMessage>,
    /// Urgent advisories these messages deliver, so later digests leave them out.
    pub urgent: Vec<AdvisoryId>,
    /// Set the subscription's `window_start` to this (only ever forward).
    pub window_start: Option<DateTime<Utc>>,
}

impl Store {
    /// Writes one [`Enqueue`] atomically; returns how many messages were new.
    pub async fn enqueue(&self, enqueue: &Enqueue) -> Result<usize, StoreError> {
        let _ = enqueue;
        todo!("issue-3 store")
    }

    /// Returns which of `advisories` were already delivered to the subscription as urgent.
    pub async fn urgent_delivered(&self, subscription_id: i64, advisories: &[AdvisoryId]) -> Result<HashSet<AdvisoryId>, StoreError> {
        let _ = (subscription_id, advisories);
        todo!("issue-3 store")
    }

    /// Claims up to `limit` messages that are pending and due, or claimed with an expired lease,
    /// oldest first, for `worker` until `now + lease`. On PostgreSQL the claim uses
    /// `FOR UPDATE SKIP LOCKED`, so several instances never claim the same row.
    pub async fn claim_outbox(&self, worker: &str, now: DateTime<Utc>, lease: Duration, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        let _ = (worker, now, lease, limit);
        todo!("issue-3 store")
    }

    pub async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _ = (id, at);
        todo!("issue-3 store")
    }

    /// Returns a message to pending until `next_attempt_at`; `counts_attempt` is false for a
    /// rate-limit wait.
    pub async fn mark_retry(&self, id: i64, next_attempt_at: DateTime<Utc>, error: &str, counts_attempt: bool) -> Result<(), StoreError> {
        let _ = (id, next_attempt_at, error, counts_attempt);
        todo!("issue-3 store")
    }

    pub async fn mark_failed(&self, id: i64, error: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _ = (id, error, at);
        todo!("issue-3 store")
    }

    /// Returns every message claimed by `worker` to pending, for a clean shutdown.
    pub async fn release_claims(&self, worker: &str) -> Result<u64, StoreError> {
        let _ = worker;
        todo!("issue-3 store")
    }

    /// Lists messages, newest first, of one status or all.
    pub async fn list_outbox(&self, status: Option<OutboxStatus>, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        let _ = (status, limit);
        todo!("issue-3 store")
    }

    pub async fn outbox_depth(&self) -> Result<OutboxDepth, StoreError> {
        todo!("issue-3 store")
    }
}
