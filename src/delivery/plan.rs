//! The messages one scheduler tick enqueues for one subscription, decided without the store.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};

use super::error::DeliveryError;
use crate::digest::filters::Filters;
use super::schedule_time::Schedule;
use super::split::split_digest_measured;
use super::urgent::{urgent_key, urgent_since};
use super::Payload;
use crate::digest::{compose_with, Digest, Window};
use crate::domain::{Advisory, AdvisoryId, NewOutboxMessage, Subscription, Tlp};
use crate::store::Enqueue;

/// Returns the digest window that is due at `now`: from the subscription's `window_start` to the
/// latest due instant at or before `now`, when that instant lies after `window_start`.
///
/// Only the latest due instant counts, so after downtime one window covers every missed
/// delivery and the digest goes out once. `instant` subscriptions have no digest window.
///
/// NOTE: an advisory stored after the tick with a `changed_at` before the window end (a poll
/// that committed late) falls in no digest window; urgent ones still go out through the lookback.
pub fn due_window(subscription: &Subscription, now: DateTime<Utc>) -> Option<Window> {
    let due = Schedule::of(subscription).last_due_at_or_before(now)?;
    (due > subscription.window_start).then_some(Window { from: subscription.window_start, to: due })
}

/// The inputs of [`plan`] for one subscription.
pub(super) struct PlanInput<'a> {
    pub subscription: &'a Subscription,
    pub filters: &'a Filters,
    /// Urgent advisories that qualify, from [`super::urgent::urgent_candidates`].
    pub urgent_candidates: &'a [&'a Advisory],
    /// The due digest window with every advisory changed in it, unfiltered.
    pub due: Option<(Window, &'a [Advisory])>,
    /// Advisories among the above already delivered to the subscription as urgent.
    pub delivered_urgent: &'a HashSet<AdvisoryId>,
    pub lookback_start: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub max_chars: usize,
    /// The highest TLP label the subscription's chat may receive.
    pub ceiling: Tlp,
    /// Length function of the subscription's platform (see `MessageSizes::measure`).
    pub measure: fn(&str) -> usize,
}

/// The counts of one [`plan`], for the tick's report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Planned {
    pub urgent_items: usize,
    /// Urgent items that did not fit the one urgent message of this tick; the next tick sends them.
    pub urgent_deferred: usize,
    pub digest_parts: usize,
    pub empty_window: bool,
}

/// Decides the messages and window move for one subscription: at most one urgent message with
/// the qualifying urgent advisories not yet delivered, and the parts of the due digest without
/// advisories delivered (or about to be delivered) as urgent. Neither carries an advisory above
/// the chat's TLP ceiling.
pub(super) fn plan(input: &PlanInput<'_>) -> Result<(Enqueue, Planned), DeliveryError> {
    let subscription = input.subscription;
    let mut planned = Planned::default();
    let mut enqueue = Enqueue { subscription_id: subscription.id, messages: Vec::new(), urgent: Vec::new(), window_start: None };

    let fresh: Vec<Advisory> = input
        .urgent_candidates
        .iter()
        .filter(|advisory| !input.delivered_urgent.contains(advisory.id()))
        .map(|advisory| (*advisory).clone())
        .collect();
    if !fresh.is_empty() {
        let window = Window { from: urgent_since(subscription, input.lookback_start), to: input.now };
        let mut parts = split_digest_measured(&compose(subscription, &fresh, window, input.ceiling), input.max_chars, input.measure).into_iter();
        if let Some(first) = parts.next() {
            planned.urgent_items = first.items.len();
            planned.urgent_deferred = parts.map(|part| part.items.len()).sum();
            enqueue.urgent = first.items.iter().map(|item| item.id.clone()).collect();
            let key = urgent_key(subscription.id, &first.items);
            enqueue.messages.push(message(subscription, key, &Payload::Urgent { digest: first }, input.now)?);
        }
    }

    if let Some((window, advisories)) = input.due {
        let fresh_ids: HashSet<&AdvisoryId> = fresh.iter().map(Advisory::id).collect();
        let chosen: Vec<Advisory> = advisories
            .iter()
            .filter(|advisory| input.filters.accepts(advisory))
            .filter(|advisory| !input.delivered_urgent.contains(advisory.id()) && !fresh_ids.contains(advisory.id()))
            .cloned()
            .collect();
        let parts = split_digest_measured(&compose(subscription, &chosen, window, input.ceiling), input.max_chars, input.measure);
        planned.digest_parts = parts.len();
        planned.empty_window = parts.is_empty();
        let count = parts.len();
        for (index, digest) in parts.into_iter().enumerate() {
            let key = digest_key(subscription.id, window.to, index + 1);
            let payload = Payload::Digest { digest, part: index + 1, parts: count };
            enqueue.messages.push(message(subscription, key, &payload, input.now)?);
        }
        enqueue.window_start = Some(window.to);
    }
    Ok((enqueue, planned))
}

/// Builds the key of one digest part: `digest:{subscription}:{window end}:{part}`, the part
/// counted from 1 and the window end in RFC 3339 UTC.
pub fn digest_key(subscription_id: i64, window_end: DateTime<Utc>, part: usize) -> String {
    format!("digest:{subscription_id}:{}:{part}", window_end.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

fn compose(subscription: &Subscription, advisories: &[Advisory], window: Window, ceiling: Tlp) -> Digest {
    compose_with(advisories, subscription.tier, subscription.language, window, subscription.include_lower_tiers, ceiling)
}

fn message(subscription: &Subscription, key: String, payload: &Payload, now: DateTime<Utc>) -> Result<NewOutboxMessage, DeliveryError> {
    let payload = serde_json::to_value(payload).map_err(|source| DeliveryError::Encode { key: key.clone(), source })?;
    Ok(NewOutboxMessage { key, subscription_id: Some(subscription.id), chat: subscription.chat.clone(), payload, not_before: now })
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
