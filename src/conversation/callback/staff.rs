//! Callback ids of the announcement and forget choices.
//!
//! | callback | meaning |
//! |---|---|
//! | `an:i=12;a=1ff;s=v` | announcement 12: show the audience choices for audience `1ff` |
//! | `an:i=12;a=1ff;s=p` | announcement 12: preview it for that audience |
//! | `an:i=12;a=1ff;s=ok` | announcement 12: confirm it for that audience |
//! | `fg`, `fg:ok=1` | ask to confirm forgetting the member, forget them |
//!
//! The audience is [`Audience::bits`] in lower-case hexadecimal without leading zeros. An
//! announcement id is a positive decimal number without leading zeros.

use super::{Callback, CallbackError};
use crate::domain::Audience;

/// Every action of this module.
pub(super) const ACTIONS: [&str; 2] = ["an", "fg"];

/// Step of an announcement choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnounceStep {
    /// Show the audience choices.
    Audience,
    /// Show the message as each audience receives it, with the number of chats.
    Preview,
    /// Put it in the outbox for the audience.
    Confirm,
}

impl AnnounceStep {
    const ALL: [AnnounceStep; 3] = [AnnounceStep::Audience, AnnounceStep::Preview, AnnounceStep::Confirm];

    fn code(self) -> &'static str {
        match self {
            AnnounceStep::Audience => "v",
            AnnounceStep::Preview => "p",
            AnnounceStep::Confirm => "ok",
        }
    }
}

/// Encodes an announcement choice.
pub(super) fn encode_announce(id: i64, audience: Audience, step: AnnounceStep) -> String {
    format!("an:i={id};a={:x};s={}", audience.bits(), step.code())
}

/// Encodes a forget choice.
pub(super) fn encode_forget(confirmed: bool) -> String {
    if confirmed { "fg:ok=1".to_owned() } else { "fg".to_owned() }
}

/// Parses the parameters of an action of this module; `id` is the whole callback id, for errors.
pub(super) fn parse(action: &str, params: &[(&str, &str)], id: &str) -> Result<Callback, CallbackError> {
    let malformed = |reason| CallbackError::Malformed { id: super::shown_id(id), reason };
    match (action, params) {
        ("fg", []) => Ok(Callback::Forget { confirmed: false }),
        ("fg", [("ok", "1")]) => Ok(Callback::Forget { confirmed: true }),
        ("fg", _) => Err(malformed("invalid forget confirmation")),
        ("an", [("i", announcement), ("a", audience), ("s", step)]) => {
            let announcement = parse_id(announcement).ok_or_else(|| malformed("invalid announcement id"))?;
            let audience = parse_audience(audience).ok_or_else(|| malformed("invalid audience"))?;
            let step = AnnounceStep::ALL.into_iter().find(|known| known.code() == *step).ok_or_else(|| malformed("invalid announcement step"))?;
            Ok(Callback::Announce { id: announcement, audience, step })
        }
        _ => Err(malformed("invalid announcement parameters")),
    }
}

/// Parses a positive id written without sign or leading zeros.
fn parse_id(text: &str) -> Option<i64> {
    let canonical = !text.starts_with('0') && text.bytes().all(|byte| byte.is_ascii_digit());
    text.parse::<i64>().ok().filter(|id| canonical && *id > 0)
}

/// Parses the audience bits exactly as [`encode_announce`] writes them.
fn parse_audience(text: &str) -> Option<Audience> {
    let bits = u16::from_str_radix(text, 16).ok()?;
    let audience = Audience::from_bits(bits)?;
    (format!("{bits:x}") == text).then_some(audience)
}
