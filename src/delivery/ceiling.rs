//! The last check before a send: no item above the destination chat's TLP ceiling leaves the
//! outbox, even when staff lowered the ceiling after the message was enqueued.

use super::Payload;
use crate::domain::Tlp;

/// Prefix of the outbox error of a message rejected by this check, so that `outbox list`
/// shows why it was not sent.
pub const CEILING_REJECTION: &str = "rejected by the chat's TLP ceiling";

/// Returns why `payload` may not go to a chat whose ceiling is `ceiling`, or `None` when every
/// item is within it. Text payloads carry no advisory and always pass; a message passes when
/// its label is within the ceiling.
pub fn ceiling_violation(payload: &Payload, ceiling: Tlp) -> Option<String> {
    let items = match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => &digest.items,
        Payload::Text { .. } => return None,
        Payload::Message { tlp, .. } if tlp.within_ceiling(ceiling) => return None,
        Payload::Message { tlp, .. } => {
            return Some(format!("{CEILING_REJECTION}: the message is TLP:{tlp}, above the ceiling TLP:{ceiling}"));
        }
    };
    let above = items.iter().find(|item| !item.tlp.within_ceiling(ceiling))?;
    Some(format!("{CEILING_REJECTION}: advisory {} is TLP:{}, above the ceiling TLP:{ceiling}", above.id, above.tlp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::test_data;

    #[test]
    fn items_above_ceiling_rejected() {
        let digest = test_data::digest_with_tlps(&[Tlp::Clear, Tlp::Amber]);
        let payload = Payload::Digest { digest, part: 1, parts: 1 };
        assert_eq!(ceiling_violation(&payload, Tlp::Amber), None);
        let reason = ceiling_violation(&payload, Tlp::Green).expect("AMBER is above GREEN");
        assert!(reason.starts_with(CEILING_REJECTION), "{reason}");
        assert!(reason.contains("TLP:AMBER"), "{reason}");
    }

    #[test]
    fn strict_and_red_never_pass() {
        for label in [Tlp::AmberStrict, Tlp::Red] {
            let payload = Payload::Urgent { digest: test_data::digest_with_tlps(&[label]) };
            for ceiling in [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red] {
                assert!(ceiling_violation(&payload, ceiling).is_some(), "{label} under {ceiling}");
            }
        }
    }

    #[test]
    fn message_checked_by_its_label() {
        let payload = |tlp| Payload::Message { reply: crate::conversation::Reply::text("Kaart"), tlp };
        assert_eq!(ceiling_violation(&payload(Tlp::Clear), Tlp::Clear), None);
        assert_eq!(ceiling_violation(&payload(Tlp::Green), Tlp::Green), None);
        let reason = ceiling_violation(&payload(Tlp::Green), Tlp::Clear).expect("GREEN is above CLEAR");
        assert!(reason.starts_with(CEILING_REJECTION), "{reason}");
        assert!(ceiling_violation(&payload(Tlp::AmberStrict), Tlp::Amber).is_some());
    }

    #[test]
    fn text_always_passes() {
        let payload = Payload::Text { text: "Onderhoud vanavond".to_owned() };
        assert_eq!(ceiling_violation(&payload, Tlp::Clear), None);
    }
}
