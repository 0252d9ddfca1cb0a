//! The scheduler: turns due subscriptions and new urgent advisories into outbox messages.
//!
//! Each [`Scheduler::tick`] looks at every active subscription once. Urgent advisories go out at
//! once to every subscription whose filters pass, whatever its cadence and tier. A daily or
//! weekly subscription whose delivery time has passed since its `window_start` gets the digest
//! of that window. Messages, the urgent log and the new `window_start` of one subscription are
//! written in one store call, so a crash or a second scheduler never sends a window twice.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::error::{store_error, DeliveryError};
use crate::digest::filters::Filters;
use super::plan::{due_window, plan, PlanInput, Planned};
use super::split::MessageSizes;
use super::urgent::urgent_candidates;
use crate::digest::Window;
use crate::domain::{Advisory, AdvisoryId, Subscription, Urgency};
use crate::store::{AdvisoryQuery, Store};

/// Settings of the scheduler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchedulerConfig {
    /// How far back a tick looks for urgent advisories not yet delivered. Urgent advisories
    /// older than this reach daily and weekly subscriptions through their digest only.
    pub urgent_lookback: Duration,
    pub message_sizes: MessageSizes,
    /// Time between ticks of [`Scheduler::run`].
    pub interval: Duration,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self { urgent_lookback: Duration::from_secs(24 * 3600), message_sizes: MessageSizes::default(), interval: Duration::from_secs(60) }
    }
}

/// The counts of one tick.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleReport {
    /// Active subscriptions looked at.
    pub subscriptions: usize,
    /// Subscriptions that received an urgent message.
    pub urgent_messages: usize,
    pub urgent_advisories: usize,
    /// Urgent advisories left for the next tick because they did not fit one message.
    pub urgent_deferred: usize,
    /// Subscriptions whose digest window was due and had items.
    pub digests: usize,
    pub digest_parts: usize,
    /// Due windows without items: nothing was sent, and the window moved on.
    pub empty_windows: usize,
    /// Messages the store added; a key already present is not counted.
    pub new_messages: usize,
    /// Subscriptions skipped because of an error, logged one by one; the next tick retries them.
    pub failed: usize,
}

impl ScheduleReport {
    fn record(&mut self, planned: &Planned, new_messages: usize) {
        self.urgent_messages += usize::from(planned.urgent_items > 0);
        self.urgent_advisories += planned.urgent_items;
        self.urgent_deferred += planned.urgent_deferred;
        self.digests += usize::from(planned.digest_parts > 0);
        self.digest_parts += planned.digest_parts;
        self.empty_windows += usize::from(planned.empty_window);
        self.new_messages += new_messages;
    }
}

/// Advisories changed in each window a tick needs, loaded once per window and shared by every
/// subscription with the same window (all daily 08:00 subscriptions, for example).
type WindowCache = HashMap<(DateTime<Utc>, DateTime<Utc>), Arc<Vec<Advisory>>>;

pub struct Scheduler {
    store: Store,
    config: SchedulerConfig,
}

impl Scheduler {
    pub fn new(store: Store, config: SchedulerConfig) -> Self {
        Self { store, config }
    }

    /// Enqueues what is due at `now` for every active subscription. An error with one
    /// subscription is logged and counted, and the others go on. Only an error loading the
    /// subscriptions or the urgent advisories fails the whole tick.
    pub async fn tick(&self, now: DateTime<Utc>) -> Result<ScheduleReport, DeliveryError> {
        let subscriptions = self.store.subscriptions(true).await.map_err(store_error("list active subscriptions"))?;
        let lookback = chrono::Duration::from_std(self.config.urgent_lookback).unwrap_or(chrono::Duration::days(1));
        let lookback_start = now - lookback;
        let urgent_pool = self.urgent_pool(lookback_start, now).await?;

        let mut report = ScheduleReport::default();
        let mut windows = WindowCache::new();
        for subscription in subscriptions.iter().filter(|subscription| subscription.active) {
            report.subscriptions += 1;
            match self.schedule_one(subscription, &urgent_pool, &mut windows, lookback_start, now).await {
                Ok((planned, new_messages)) => report.record(&planned, new_messages),
                Err(error) => {
                    report.failed += 1;
                    tracing::warn!(subscription = subscription.id, chat = %subscription.chat, %error, "failed to schedule a subscription; the next tick retries it");
                }
            }
        }
        if report.new_messages > 0 || report.failed > 0 {
            tracing::info!(?report, "scheduler tick enqueued messages");
        }
        Ok(report)
    }

    /// Ticks every `config.interval` until `shutdown` completes. A failed tick is logged and
    /// the next one tries again.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        let mut interval = tokio::time::interval(self.config.interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(shutdown);
        tracing::info!(interval = ?self.config.interval, "scheduler started");
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                _ = interval.tick() => {
                    if let Err(error) = self.tick(Utc::now()).await {
                        tracing::error!(%error, "scheduler tick failed");
                    }
                }
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// Loads the urgent advisories changed in `[lookback_start, now)`.
    async fn urgent_pool(&self, lookback_start: DateTime<Utc>, now: DateTime<Utc>) -> Result<Vec<Advisory>, DeliveryError> {
        let query = AdvisoryQuery { changed_since: Some(lookback_start), changed_before: Some(now), ..AdvisoryQuery::default() };
        let mut advisories = self.store.list_advisories(&query).await.map_err(store_error("list recent urgent advisories"))?;
        advisories.retain(|advisory| advisory.urgency() == Urgency::Urgent);
        Ok(advisories)
    }

    async fn schedule_one(
        &self,
        subscription: &Subscription,
        urgent_pool: &[Advisory],
        windows: &mut WindowCache,
        lookback_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(Planned, usize), DeliveryError> {
        let filters = Filters::of(subscription).map_err(|source| DeliveryError::Filters { subscription: subscription.id, source })?;
        let candidates = urgent_candidates(urgent_pool, subscription, &filters, lookback_start, now);
        let due = match due_window(subscription, now) {
            Some(window) => Some((window, self.window_advisories(windows, window).await?)),
            None => None,
        };
        if candidates.is_empty() && due.is_none() {
            return Ok((Planned::default(), 0));
        }

        let mut asked: Vec<AdvisoryId> = candidates.iter().map(|advisory| advisory.id().clone()).collect();
        if let Some((_, advisories)) = &due {
            asked.extend(advisories.iter().filter(|advisory| filters.accepts(advisory)).map(|advisory| advisory.id().clone()));
        }
        let delivered_urgent = self.delivered_urgent(subscription.id, &asked).await?;
        let ceiling_operation = format!("read the TLP ceiling of chat {}", subscription.chat);
        let ceiling = self.store.chat_tlp_ceiling(&subscription.chat).await.map_err(store_error(ceiling_operation))?;

        let input = PlanInput {
            subscription,
            filters: &filters,
            urgent_candidates: &candidates,
            due: due.as_ref().map(|(window, advisories)| (*window, advisories.as_slice())),
            delivered_urgent: &delivered_urgent,
            lookback_start,
            now,
            max_chars: self.config.message_sizes.max_chars(subscription.chat.platform),
            ceiling,
            measure: self.config.message_sizes.measure(subscription.chat.platform),
        };
        let (enqueue, planned) = plan(&input)?;
        if enqueue.messages.is_empty() && enqueue.window_start.is_none() {
            return Ok((planned, 0));
        }
        let operation = format!("enqueue messages for subscription {}", subscription.id);
        let new_messages = self.store.enqueue(&enqueue).await.map_err(store_error(operation))?;
        Ok((planned, new_messages))
    }

    async fn delivered_urgent(&self, subscription_id: i64, asked: &[AdvisoryId]) -> Result<HashSet<AdvisoryId>, DeliveryError> {
        if asked.is_empty() {
            return Ok(HashSet::new());
        }
        let operation = format!("read the urgent log of subscription {subscription_id}");
        self.store.urgent_delivered(subscription_id, asked).await.map_err(store_error(operation))
    }

    async fn window_advisories(&self, windows: &mut WindowCache, window: Window) -> Result<Arc<Vec<Advisory>>, DeliveryError> {
        if let Some(advisories) = windows.get(&(window.from, window.to)) {
            return Ok(Arc::clone(advisories));
        }
        let query = AdvisoryQuery { changed_since: Some(window.from), changed_before: Some(window.to), ..AdvisoryQuery::default() };
        let operation = format!("list the advisories changed from {} to {}", window.from, window.to);
        let advisories = Arc::new(self.store.list_advisories(&query).await.map_err(store_error(operation))?);
        windows.insert((window.from, window.to), Arc::clone(&advisories));
        Ok(advisories)
    }
}
