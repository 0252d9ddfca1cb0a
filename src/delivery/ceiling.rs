//! The last check before a send: no item above the destination chat's TLP ceiling leaves the
//! outbox, even when staff lowered the ceiling after the message was enqueued.

use super::Payload;
use crate::domain::Tlp;

/// Prefix of the outbox error of a message rejected by this check, so that `outbox list`
/// shows why it was not sent.
pub const CEILING_REJECTION: &str = "rejected by the chat's TLP ceiling";

/// The highest label of a [`Payload::Message`] that a configured staff chat accepts, whatever
/// its own ceiling. Staff moderate what members submit up to AMBER+STRICT; RED never leaves
/// the bot.
pub const STAFF_CHAT_MESSAGE_CEILING: Tlp = Tlp::AmberStrict;

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

/// Returns why `payload` may not go to a configured staff chat whose own ceiling is
/// `ceiling`, or `None`. Messages pass up to [`STAFF_CHAT_MESSAGE_CEILING`]; digests and
/// urgent messages keep the chat's own ceiling, as in any other chat.
pub fn staff_chat_violation(payload: &Payload, ceiling: Tlp) -> Option<String> {
    match payload {
        Payload::Message { tlp, .. } if *tlp <= STAFF_CHAT_MESSAGE_CEILING => None,
        Payload::Message { tlp, .. } => {
            Some(format!("{CEILING_REJECTION}: the message is TLP:{tlp}, above TLP:{STAFF_CHAT_MESSAGE_CEILING}, the most a staff chat receives"))
        }
        _ => ceiling_violation(payload, ceiling),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Reply;
    use crate::delivery::test_data;

    const ALL: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

    fn message(tlp: Tlp) -> Payload {
        Payload::Message { reply: Reply::text("Nieuwe melding"), tlp }
    }

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
            for ceiling in ALL {
                assert!(ceiling_violation(&payload, ceiling).is_some(), "{label} under {ceiling}");
            }
        }
    }

    #[test]
    fn text_always_passes() {
        let payload = Payload::Text { text: "Onderhoud vanavond".to_owned() };
        assert_eq!(ceiling_violation(&payload, Tlp::Clear), None);
    }

    #[test]
    fn message_judged_by_its_label() {
        assert_eq!(ceiling_violation(&message(Tlp::Clear), Tlp::Clear), None, "CLEAR passes everywhere");
        assert_eq!(ceiling_violation(&message(Tlp::Green), Tlp::Green), None);
        assert_eq!(ceiling_violation(&message(Tlp::Green), Tlp::Amber), None);
        let reason = ceiling_violation(&message(Tlp::Amber), Tlp::Green).expect("AMBER is above GREEN");
        assert!(reason.starts_with(CEILING_REJECTION), "{reason}");
        assert!(reason.contains("TLP:AMBER"), "{reason}");
        for ceiling in ALL {
            assert!(ceiling_violation(&message(Tlp::AmberStrict), ceiling).is_some(), "AMBER+STRICT under {ceiling}");
            assert!(ceiling_violation(&message(Tlp::Red), ceiling).is_some(), "RED under {ceiling}");
        }
    }

    #[test]
    fn staff_chat_takes_messages_up_to_strict() {
        for label in [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict] {
            assert_eq!(staff_chat_violation(&message(label), Tlp::Clear), None, "{label} in a CLEAR staff chat");
        }
        let reason = staff_chat_violation(&message(Tlp::Red), Tlp::Amber).expect("RED never reaches a chat");
        assert!(reason.starts_with(CEILING_REJECTION), "{reason}");
        assert!(reason.contains("TLP:RED"), "{reason}");
    }

    #[test]
    fn staff_chat_digests_keep_ceiling() {
        let digest = test_data::digest_with_tlps(&[Tlp::Clear, Tlp::Green]);
        let payload = Payload::Digest { digest: digest.clone(), part: 1, parts: 1 };
        assert!(staff_chat_violation(&payload, Tlp::Clear).is_some(), "a GREEN item in a CLEAR staff chat");
        assert_eq!(staff_chat_violation(&payload, Tlp::Green), None);
        let urgent = Payload::Urgent { digest: test_data::digest_with_tlps(&[Tlp::AmberStrict]) };
        assert!(staff_chat_violation(&urgent, Tlp::Amber).is_some(), "AMBER+STRICT digest items stay with staff");
    }
}
