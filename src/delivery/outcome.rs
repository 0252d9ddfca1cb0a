//! Recording the outcome of one send attempt, and the wait before a failed message is retried.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::error::{store_error, DeliveryError};
use super::metrics::{DeliveryEvent, DeliveryMetrics};
use super::SendOutcome;
use crate::domain::OutboxMessage;
use crate::store::Store;

/// Retry settings for transient failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before a message fails for good; rate-limit waits are not attempts.
    pub max_attempts: u32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
}

/// The next step for the rest of a chat's batch after one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Next {
    /// Go on with the chat's next message.
    Continue,
    /// Wait: the later messages of the chat return to pending until this time, so a chat never
    /// receives part 2 before part 1.
    HoldUntil(DateTime<Utc>),
    /// The chat can receive nothing more; its later messages fail with this reason.
    FailRest(String),
}

/// Returns the wait before attempt `attempt + 1` after `attempt` failed attempts: `base`
/// doubled per earlier failure, capped at `max`, then scaled by `jitter` (0.0 to 1.0) into its
/// upper half, so workers that failed together do not retry together.
pub fn retry_delay(attempt: u32, base: Duration, max: Duration, jitter: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(30);
    let delay = base.saturating_mul(1 << doublings).min(max);
    delay.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Records a send outcome (other than a chat migration) for one message.
pub(super) async fn record_outcome(
    store: &Store,
    metrics: &DeliveryMetrics,
    policy: RetryPolicy,
    message: &OutboxMessage,
    outcome: SendOutcome,
    now: DateTime<Utc>,
) -> Result<Next, DeliveryError> {
    let platform = message.chat.platform;
    let operation = |what: &str| format!("mark outbox message {} ({}) {what}", message.id, message.key);
    match outcome {
        SendOutcome::Sent => {
            store.mark_sent(message.id, now).await.map_err(store_error(operation("sent")))?;
            metrics.count(platform, DeliveryEvent::Sent);
            Ok(Next::Continue)
        }
        SendOutcome::RateLimited { retry_after } => {
            let until = now + chrono::Duration::from_std(retry_after).unwrap_or(chrono::Duration::hours(1));
            let reason = format!("rate limited by {platform}: retry after {retry_after:?}");
            store.mark_retry(message.id, until, &reason, false).await.map_err(store_error(operation("for retry")))?;
            metrics.count(platform, DeliveryEvent::RateLimited);
            tracing::info!(message = message.id, chat = %message.chat, ?retry_after, "platform rate limit; message waits");
            Ok(Next::HoldUntil(until))
        }
        SendOutcome::Transient(reason) => record_transient(store, metrics, policy, message, &reason, now).await,
        SendOutcome::Permanent { kind, reason } => {
            let reason = format!("permanent delivery error ({kind:?}): {reason}");
            store.mark_failed(message.id, &reason, now).await.map_err(store_error(operation("failed")))?;
            metrics.count(platform, DeliveryEvent::Failed);
            if let Some(subscription) = message.subscription_id {
                let operation = format!("deactivate subscription {subscription}");
                store.deactivate_subscription(subscription, &reason, now).await.map_err(store_error(operation))?;
                metrics.count(platform, DeliveryEvent::Deactivated);
            }
            tracing::warn!(message = message.id, chat = %message.chat, subscription = ?message.subscription_id, %reason, "chat cannot receive messages; subscription deactivated");
            Ok(Next::FailRest(reason))
        }
        SendOutcome::Migrated { new_chat_id } => {
            // The worker resends a migrated message itself; a second migration in a row is
            // treated as a transient failure so that it cannot loop.
            let reason = format!("chat {} moved again, to {new_chat_id}, right after a move", message.chat);
            record_transient(store, metrics, policy, message, &reason, now).await
        }
    }
}

async fn record_transient(
    store: &Store,
    metrics: &DeliveryMetrics,
    policy: RetryPolicy,
    message: &OutboxMessage,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Next, DeliveryError> {
    let platform = message.chat.platform;
    let attempts = message.attempts.saturating_add(1);
    if attempts >= policy.max_attempts {
        let reason = format!("gave up after {attempts} attempts: {reason}");
        let operation = format!("mark outbox message {} ({}) failed", message.id, message.key);
        store.mark_failed(message.id, &reason, now).await.map_err(store_error(operation))?;
        metrics.count(platform, DeliveryEvent::Failed);
        tracing::error!(message = message.id, key = %message.key, chat = %message.chat, %reason, "outbox message failed for good");
        return Ok(Next::Continue);
    }

    let delay = retry_delay(attempts, policy.backoff_base, policy.backoff_max, fastrand::f64());
    let until = now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
    let operation = format!("mark outbox message {} ({}) for retry", message.id, message.key);
    store.mark_retry(message.id, until, reason, true).await.map_err(store_error(operation))?;
    metrics.count(platform, DeliveryEvent::Retried);
    tracing::warn!(message = message.id, chat = %message.chat, attempts, ?delay, %reason, "send failed; retrying later");
    Ok(Next::HoldUntil(until))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_then_caps() {
        let base = Duration::from_secs(30);
        let max = Duration::from_secs(3600);
        assert_eq!(retry_delay(1, base, max, 1.0), Duration::from_secs(30));
        assert_eq!(retry_delay(2, base, max, 1.0), Duration::from_secs(60));
        assert_eq!(retry_delay(4, base, max, 1.0), Duration::from_secs(240));
        assert_eq!(retry_delay(8, base, max, 1.0), Duration::from_secs(3600));
        assert_eq!(retry_delay(u32::MAX, base, max, 1.0), Duration::from_secs(3600));
    }

    #[test]
    fn jitter_keeps_upper_half() {
        let base = Duration::from_secs(30);
        let max = Duration::from_secs(3600);
        assert_eq!(retry_delay(2, base, max, 0.0), Duration::from_secs(30));
        assert_eq!(retry_delay(2, base, max, 0.5), Duration::from_secs(45));
        assert_eq!(retry_delay(2, base, max, 7.0), Duration::from_secs(60));
        assert_eq!(retry_delay(0, base, max, 1.0), Duration::from_secs(30));
    }
}
