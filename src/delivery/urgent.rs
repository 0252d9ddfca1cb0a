//! Which urgent advisories go out at once to a subscription, and the key of that message.

use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

use crate::digest::filters::Filters;
use crate::digest::DigestItem;
use crate::domain::{Advisory, Subscription, Urgency};

/// Chooses the urgent advisories a subscription may receive at once, before the store is asked
/// which it already received: those classified urgent, changed in `[since, now)` where `since`
/// is the later of `lookback_start` and the subscription's creation, and passing its filters.
///
/// Tier plays no part, because urgent advisories reach every tier. TLP is applied later, when
/// the message is composed.
///
/// NOTE: the store's urgent log keys on the advisory id alone, so a later version of an urgent
/// advisory already delivered is neither sent again nor shown in a digest.
pub(super) fn urgent_candidates<'a>(
    pool: &'a [Advisory],
    subscription: &Subscription,
    filters: &Filters,
    lookback_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<&'a Advisory> {
    let since = urgent_since(subscription, lookback_start);
    pool.iter()
        .filter(|advisory| advisory.urgency() == Urgency::Urgent)
        .filter(|advisory| since <= advisory.changed_at && advisory.changed_at < now)
        .filter(|advisory| filters.accepts(advisory))
        .collect()
}

/// Returns the start of the urgent window of a subscription: a subscription never receives
/// urgent advisories changed before it existed.
pub(super) fn urgent_since(subscription: &Subscription, lookback_start: DateTime<Utc>) -> DateTime<Utc> {
    lookback_start.max(subscription.created_at)
}

/// Builds the idempotency key of an urgent message: the subscription and a SHA-256 over the
/// sorted `id@version` of its items, so the same advisories give the same key in every process
/// and release.
pub(super) fn urgent_key(subscription_id: i64, items: &[DigestItem]) -> String {
    let mut entries: Vec<String> = items
        .iter()
        .map(|item| format!("{}@{}", item.id, item.version.as_deref().unwrap_or("-")))
        .collect();
    entries.sort();
    entries.dedup();

    let hash = Sha256::digest(entries.join("\n").as_bytes());
    let hex: String = hash.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
    format!("urgent:{subscription_id}:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::test_data::{advisory, urgent_advisory, utc};
    use crate::digest::DigestItem;
    use crate::domain::{ChatKind, ChatRef, Language, Platform, Tier};

    fn subscription(created_at: &str) -> Subscription {
        let chat = ChatRef::new(Platform::Telegram, "42");
        Subscription::new(chat, ChatKind::Private, Tier::Expert, Language::Nl, utc(created_at))
    }

    fn numbers(chosen: &[&Advisory]) -> Vec<String> {
        chosen.iter().map(|advisory| advisory.id().to_string()).collect()
    }

    #[test]
    fn candidates_are_urgent_recent_and_filtered() {
        let mut filtered_out = urgent_advisory(5, "2025-08-28T09:00:00Z");
        filtered_out.draft.title = "Lek in Windows".into();
        let pool = vec![
            urgent_advisory(1, "2025-08-28T09:00:00Z"),
            advisory(2, "2025-08-28T09:00:00Z"),
            urgent_advisory(3, "2025-08-27T09:59:59Z"),
            urgent_advisory(4, "2025-08-28T10:00:00Z"),
            filtered_out,
            urgent_advisory(6, "2025-08-27T10:00:00Z"),
        ];
        let filters = Filters::compile(&[], &["windows".into()]).unwrap();
        let chosen = urgent_candidates(
            &pool,
            &subscription("2025-01-01T00:00:00Z"),
            &filters,
            utc("2025-08-27T10:00:00Z"),
            utc("2025-08-28T10:00:00Z"),
        );
        assert_eq!(numbers(&chosen), ["NCSC-2025-0001", "NCSC-2025-0006"]);
    }

    #[test]
    fn candidates_start_at_creation() {
        let pool = vec![urgent_advisory(1, "2025-08-28T07:00:00Z"), urgent_advisory(2, "2025-08-28T09:00:00Z")];
        let filters = Filters::compile(&[], &[]).unwrap();
        let chosen = urgent_candidates(
            &pool,
            &subscription("2025-08-28T08:00:00Z"),
            &filters,
            utc("2025-08-27T10:00:00Z"),
            utc("2025-08-28T10:00:00Z"),
        );
        assert_eq!(numbers(&chosen), ["NCSC-2025-0002"]);
    }

    #[test]
    fn key_ignores_order_and_tracks_versions() {
        let first = DigestItem::from_advisory(&urgent_advisory(1, "2025-08-28T09:00:00Z"), Tier::Basic);
        let second = DigestItem::from_advisory(&urgent_advisory(2, "2025-08-28T09:00:00Z"), Tier::Basic);
        let key = urgent_key(7, &[first.clone(), second.clone()]);
        assert_eq!(key, urgent_key(7, &[second.clone(), first.clone()]));
        assert!(key.starts_with("urgent:7:"));
        assert_eq!(key.len(), "urgent:7:".len() + 32);
        assert_ne!(key, urgent_key(8, &[first.clone(), second.clone()]));

        let mut updated = first.clone();
        updated.version = Some("1.01".into());
        assert_ne!(key, urgent_key(7, &[updated, second]));
    }
}
