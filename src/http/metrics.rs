//! Prometheus metrics, built fresh from current values at every scrape.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::store::{Store, StoreError};

use crate::delivery::metrics::DeliveryMetrics;
use crate::domain::Platform;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TierLabel {
    tier: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabel {
    source: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PlatformLabel {
    platform: String,
}

/// Collects every metric and encodes it in the OpenMetrics text format.
pub async fn render_metrics(store: &Store, delivery: &DeliveryMetrics) -> Result<String, StoreError> {
    let mut registry = Registry::with_prefix("ketenwacht");

    let advisories = Family::<TierLabel, Gauge>::default();
    for (tier, count) in store.advisory_counts_by_tier().await? {
        advisories.get_or_create(&TierLabel { tier: tier.to_string() }).set(gauge_value(count));
    }
    registry.register("advisories", "Stored advisories by effective tier", advisories);

    let failures = Family::<SourceLabel, Gauge>::default();
    let up = Family::<SourceLabel, Gauge>::default();
    for source in store.sources().await? {
        let label = SourceLabel { source: source.config.name.clone() };
        failures.get_or_create(&label).set(i64::from(source.health.consecutive_failures));
        let ok = source.health.status == crate::domain::SourceStatus::Ok;
        up.get_or_create(&label).set(i64::from(ok));
    }
    registry.register("source_consecutive_failures", "Failed polls in a row per source", failures);
    registry.register("source_up", "1 when the last poll of the source succeeded", up);

    let depth = store.outbox_depth().await?;
    let outbox = Family::<StatusLabel, Gauge>::default();
    for (status, count) in [("pending", depth.pending), ("claimed", depth.claimed), ("sent", depth.sent), ("failed", depth.failed)] {
        outbox.get_or_create(&StatusLabel { status: status.to_owned() }).set(gauge_value(count));
    }
    registry.register("outbox_messages", "Outbox messages by status", outbox);

    let sent = Family::<PlatformLabel, Counter>::default();
    let retried = Family::<PlatformLabel, Counter>::default();
    let failed = Family::<PlatformLabel, Counter>::default();
    let rate_limited = Family::<PlatformLabel, Counter>::default();
    let paced = Family::<PlatformLabel, Counter>::default();
    let deactivated = Family::<PlatformLabel, Counter>::default();
    for platform in Platform::ALL {
        let counts = delivery.snapshot(platform);
        let label = PlatformLabel { platform: platform.to_string() };
        sent.get_or_create(&label).inc_by(counts.sent);
        retried.get_or_create(&label).inc_by(counts.retried);
        failed.get_or_create(&label).inc_by(counts.failed);
        rate_limited.get_or_create(&label).inc_by(counts.rate_limited);
        paced.get_or_create(&label).inc_by(counts.paced);
        deactivated.get_or_create(&label).inc_by(counts.deactivated);
    }
    registry.register("messages_sent", "Messages delivered per platform", sent);
    registry.register("messages_retried", "Send attempts retried per platform", retried);
    registry.register("messages_failed", "Messages given up on per platform", failed);
    registry.register("rate_limited", "429 answers from the platform, honoured with their wait", rate_limited);
    registry.register("rate_limit_waits", "Sends held back by the project's own pacing", paced);
    registry.register("subscriptions_deactivated", "Subscriptions stopped after a permanent error", deactivated);

    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = encode(&mut text, &registry);
    Ok(text)
}

fn gauge_value(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}
