//! Callback ids of the submission dialogue and of moderation.
//!
//! | callback | meaning |
//! |---|---|
//! | `sb:i=12`, `sb:i=12;l=GREEN`, `sb:i=12;l=GREEN;t=basic`, `sb:i=12;l=GREEN;t=basic;a=1` | draft 12: the choices so far (TLP, tier, anonymous `1` or named `0`) |
//! | `sb:i=12;l=GREEN;t=basic;a=1;ok=1` | send draft 12 to staff with these choices |
//! | `sbx:i=12` | cancel draft 12 |
//! | `md:i=12;do=show` | staff show the card of submission 12 |
//! | `md:i=12;do=ok`, `md:i=12;do=no` | staff approve submission 12, or ask how to reject it |
//! | `md:i=12;do=tier`, `md:i=12;do=tlp` | offer the tiers or TLP labels for submission 12 |
//! | `md:i=12;t=expert`, `md:i=12;l=AMBER` | change the tier or TLP label of submission 12 |
//!
//! TLP labels are written as `Tlp::as_str` writes them; `RED` parses, so that the dialogue can
//! explain why it is refused. A submission id is a positive decimal number without leading zeros.

use super::{canonical, Callback, CallbackError};
use crate::domain::{Tier, Tlp};

/// Every action of this module.
pub(super) const ACTIONS: [&str; 3] = ["sb", "sbx", "md"];

/// The choices made so far in a member's draft: TLP label, then tier, then attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmitChoice {
    pub id: i64,
    pub tlp: Option<Tlp>,
    pub tier: Option<Tier>,
    /// `Some(true)` to stay anonymous towards other members.
    pub anonymous: Option<bool>,
    /// Send the draft to staff.
    pub send: bool,
}

impl SubmitChoice {
    /// Starts the choices of draft `id`.
    pub fn new(id: i64) -> SubmitChoice {
        SubmitChoice { id, tlp: None, tier: None, anonymous: None, send: false }
    }
}

/// The request of a staff member's press on a moderation card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    /// Show the card with the report, which the notice in the outbox leaves out.
    Show,
    Approve,
    /// Explain how to type `reject ID REASON`.
    RejectHelp,
    OfferTiers,
    OfferTlps,
    SetTier(Tier),
    SetTlp(Tlp),
}

const TLPS: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

/// Encodes a step of the submission dialogue.
pub(super) fn encode_submit(choice: &SubmitChoice) -> String {
    let mut text = format!("sb:i={}", choice.id);
    if let Some(tlp) = choice.tlp {
        text.push_str(&format!(";l={}", tlp.as_str()));
    }
    if let Some(tier) = choice.tier {
        text.push_str(&format!(";t={}", tier.as_str()));
    }
    if let Some(anonymous) = choice.anonymous {
        text.push_str(if anonymous { ";a=1" } else { ";a=0" });
    }
    if choice.send {
        text.push_str(";ok=1");
    }
    text
}

/// Encodes a moderation press.
pub(super) fn encode_moderation(id: i64, action: ModerationAction) -> String {
    match action {
        ModerationAction::Show => format!("md:i={id};do=show"),
        ModerationAction::Approve => format!("md:i={id};do=ok"),
        ModerationAction::RejectHelp => format!("md:i={id};do=no"),
        ModerationAction::OfferTiers => format!("md:i={id};do=tier"),
        ModerationAction::OfferTlps => format!("md:i={id};do=tlp"),
        ModerationAction::SetTier(tier) => format!("md:i={id};t={}", tier.as_str()),
        ModerationAction::SetTlp(tlp) => format!("md:i={id};l={}", tlp.as_str()),
    }
}

/// Parses the parameters of a submission or moderation action; `id` is the whole callback id.
pub(super) fn parse(action: &str, params: &[(&str, &str)], id: &str) -> Result<Callback, CallbackError> {
    let malformed = |reason| CallbackError::Malformed { id: super::shown_id(id), reason };
    let Some((("i", number), rest)) = params.split_first() else {
        return Err(malformed("no submission id"));
    };
    let submission = parse_id(number).ok_or_else(|| malformed("invalid submission id"))?;
    match action {
        "sb" => parse_choice(submission, rest).map(Callback::Submit).ok_or_else(|| malformed("invalid submission choice")),
        "sbx" if rest.is_empty() => Ok(Callback::SubmitCancel { id: submission }),
        "md" => {
            let action = parse_moderation(rest).ok_or_else(|| malformed("invalid moderation choice"))?;
            Ok(Callback::Moderate { id: submission, action })
        }
        _ => Err(malformed("invalid submission parameters")),
    }
}

fn parse_choice(id: i64, params: &[(&str, &str)]) -> Option<SubmitChoice> {
    const ORDER: [&str; 4] = ["l", "t", "a", "ok"];
    let keys_in_order = params.len() <= ORDER.len() && params.iter().zip(ORDER).all(|((key, _), expected)| *key == expected);
    if !keys_in_order {
        return None;
    }
    let mut choice = SubmitChoice::new(id);
    for (key, value) in params {
        match (*key, *value) {
            ("l", value) => choice.tlp = Some(parse_tlp(value)?),
            ("t", value) => choice.tier = Some(canonical(value, Tier::as_str)?),
            ("a", "1") => choice.anonymous = Some(true),
            ("a", "0") => choice.anonymous = Some(false),
            ("ok", "1") => choice.send = true,
            _ => return None,
        }
    }
    Some(choice)
}

fn parse_moderation(params: &[(&str, &str)]) -> Option<ModerationAction> {
    match params {
        [("do", "show")] => Some(ModerationAction::Show),
        [("do", "ok")] => Some(ModerationAction::Approve),
        [("do", "no")] => Some(ModerationAction::RejectHelp),
        [("do", "tier")] => Some(ModerationAction::OfferTiers),
        [("do", "tlp")] => Some(ModerationAction::OfferTlps),
        [("t", tier)] => canonical(tier, Tier::as_str).map(ModerationAction::SetTier),
        [("l", tlp)] => parse_tlp(tlp).map(ModerationAction::SetTlp),
        _ => None,
    }
}

fn parse_tlp(value: &str) -> Option<Tlp> {
    TLPS.into_iter().find(|tlp| tlp.as_str() == value)
}

/// Parses a positive submission id written without sign or leading zeros.
fn parse_id(text: &str) -> Option<i64> {
    let canonical = !text.starts_with('0') && text.bytes().all(|byte| byte.is_ascii_digit());
    text.parse::<i64>().ok().filter(|id| canonical && *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_callback() -> Vec<Callback> {
        let mut all = vec![Callback::SubmitCancel { id: 7 }];
        for tlp in TLPS {
            for tier in Tier::ALL {
                for anonymous in [false, true] {
                    let full = SubmitChoice { id: 9_999_999_999, tlp: Some(tlp), tier: Some(tier), anonymous: Some(anonymous), send: false };
                    all.push(Callback::Submit(full));
                    all.push(Callback::Submit(SubmitChoice { send: true, ..full }));
                    all.push(Callback::Submit(SubmitChoice { anonymous: None, ..full }));
                    all.push(Callback::Submit(SubmitChoice { tier: None, anonymous: None, ..full }));
                }
                all.push(Callback::Moderate { id: 12, action: ModerationAction::SetTier(tier) });
            }
            all.push(Callback::Moderate { id: 12, action: ModerationAction::SetTlp(tlp) });
        }
        all.push(Callback::Submit(SubmitChoice::new(1)));
        for action in [ModerationAction::Show, ModerationAction::Approve, ModerationAction::RejectHelp, ModerationAction::OfferTiers, ModerationAction::OfferTlps] {
            all.push(Callback::Moderate { id: 3, action });
        }
        all
    }

    #[test]
    fn submission_callbacks_round_trip() {
        for callback in every_callback() {
            let id = callback.encode();
            assert!(id.len() <= super::super::MAX_CALLBACK_BYTES, "{id} is too long");
            assert_eq!(Callback::parse(&id), Ok(callback), "id {id}");
        }
    }

    #[test]
    fn malformed_submission_callbacks_rejected() {
        for id in [
            "sb",
            "sb:i=0",
            "sb:i=012",
            "sb:i=-1",
            "sb:i=1;t=basic",
            "sb:i=1;l=green",
            "sb:i=1;l=GREEN;t=basic;a=2",
            "sb:i=1;ok=1;l=GREEN",
            "sbx:i=1;ok=1",
            "md:i=1",
            "md:i=1;do=maybe",
            "md:i=1;l=PURPLE",
            "md:i=99999999999999999999;do=ok",
        ] {
            assert!(matches!(Callback::parse(id), Err(CallbackError::Malformed { .. })), "{id}");
        }
    }
}
