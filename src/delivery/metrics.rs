//! Delivery counters per platform, shared by workers and read by a metrics endpoint.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::Platform;

/// One thing a worker counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryEvent {
    Sent,
    /// A transient failure scheduled for another attempt.
    Retried,
    /// A message given up: attempts used up, a permanent error or an undecodable payload.
    Failed,
    /// The platform answered "too many requests" and named a wait.
    RateLimited,
    /// The pacer held a send back to keep within the project's own limits.
    Paced,
    /// A subscription stopped after a permanent error (bot blocked, chat gone).
    Deactivated,
    /// A chat moved to a new id and the message was resent there.
    Migrated,
}

/// A snapshot of the counters of one platform (or of all, from [`DeliveryMetrics::totals`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlatformCounts {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub rate_limited: u64,
    pub paced: u64,
    pub deactivated: u64,
    pub migrated: u64,
}

#[derive(Debug, Default)]
struct Counters {
    sent: AtomicU64,
    retried: AtomicU64,
    failed: AtomicU64,
    rate_limited: AtomicU64,
    paced: AtomicU64,
    deactivated: AtomicU64,
    migrated: AtomicU64,
}

impl Counters {
    fn counter(&self, event: DeliveryEvent) -> &AtomicU64 {
        match event {
            DeliveryEvent::Sent => &self.sent,
            DeliveryEvent::Retried => &self.retried,
            DeliveryEvent::Failed => &self.failed,
            DeliveryEvent::RateLimited => &self.rate_limited,
            DeliveryEvent::Paced => &self.paced,
            DeliveryEvent::Deactivated => &self.deactivated,
            DeliveryEvent::Migrated => &self.migrated,
        }
    }

    fn snapshot(&self) -> PlatformCounts {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        PlatformCounts {
            sent: read(&self.sent),
            retried: read(&self.retried),
            failed: read(&self.failed),
            rate_limited: read(&self.rate_limited),
            paced: read(&self.paced),
            deactivated: read(&self.deactivated),
            migrated: read(&self.migrated),
        }
    }
}

/// Counters of every platform. Counting is lock-free; readers see each counter's latest value,
/// not one consistent moment across counters.
#[derive(Debug, Default)]
pub struct DeliveryMetrics {
    /// Indexed in the order of [`Platform::ALL`].
    platforms: [Counters; Platform::ALL.len()],
}

impl DeliveryMetrics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn count(&self, platform: Platform, event: DeliveryEvent) {
        self.counters(platform).counter(event).fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self, platform: Platform) -> PlatformCounts {
        self.counters(platform).snapshot()
    }

    /// Sums the counters of every platform.
    pub fn totals(&self) -> PlatformCounts {
        Platform::ALL.into_iter().map(|platform| self.snapshot(platform)).fold(PlatformCounts::default(), |sum, counts| PlatformCounts {
            sent: sum.sent + counts.sent,
            retried: sum.retried + counts.retried,
            failed: sum.failed + counts.failed,
            rate_limited: sum.rate_limited + counts.rate_limited,
            paced: sum.paced + counts.paced,
            deactivated: sum.deactivated + counts.deactivated,
            migrated: sum.migrated + counts.migrated,
        })
    }

    fn counters(&self, platform: Platform) -> &Counters {
        let index = Platform::ALL.iter().position(|known| *known == platform).unwrap_or(0);
        &self.platforms[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_platform_and_total() {
        let metrics = DeliveryMetrics::new();
        metrics.count(Platform::Telegram, DeliveryEvent::Sent);
        metrics.count(Platform::Telegram, DeliveryEvent::Sent);
        metrics.count(Platform::Discord, DeliveryEvent::Sent);
        metrics.count(Platform::Discord, DeliveryEvent::Paced);
        metrics.count(Platform::Webhook, DeliveryEvent::Failed);

        assert_eq!(metrics.snapshot(Platform::Telegram).sent, 2);
        assert_eq!(metrics.snapshot(Platform::Discord), PlatformCounts { sent: 1, paced: 1, ..PlatformCounts::default() });
        assert_eq!(metrics.snapshot(Platform::Terminal), PlatformCounts::default());
        assert_eq!(metrics.totals(), PlatformCounts { sent: 3, paced: 1, failed: 1, ..PlatformCounts::default() });
    }
}
