//! Callback ids of choices: the whole state of a multi-step choice, encoded in the id.
//!
//! No conversation state is kept in memory, so a button pressed hours later, or on another
//! instance, still works. The format is `action` or `action:key=value;key=value`, in ASCII,
//! at most [`MAX_CALLBACK_BYTES`] bytes:
//!
//! | callback | meaning |
//! |---|---|
//! | `help`, `settings`, `cancel` | show help, show settings, cancel a choice |
//! | `sub`, `sub:t=basic`, `sub:t=basic;l=nl`, `sub:t=basic;l=nl;c=daily` | subscribe, the choices so far |
//! | `sub:t=basic;l=nl;c=daily;ok=1` | subscribe, confirmed |
//! | `ask:f=tier`, `ask:f=lang`, `ask:f=cadence` | offer the values of one setting |
//! | `set:t=expert`, `set:l=en`, `set:c=weekly` | change one setting |
//! | `unsub`, `unsub:ok=1` | ask to confirm unsubscribing, unsubscribe |
//! | `cl…` | checklist browsing and answers (see [`checklist`]) |
//! | `an:…`, `fg`, `fg:ok=1` | staff announcements and forgetting a member (see [`staff`]) |
//! | `sb…`, `md…` | the submission dialogue and moderation (see [`submission`]) |
//!
//! Values are the canonical names (`Tier::as_str`, `Language::as_str`, `Cadence::as_str`), and
//! keys must appear in the order shown. Anything else is rejected.

mod checklist;
mod staff;
mod submission;

use std::str::FromStr;

use crate::checklist::Answer;
use crate::domain::{Audience, Cadence, Language, Tier};

pub use checklist::{ChecklistView, RunStep};
pub use staff::AnnounceStep;
pub use submission::{ModerationAction, SubmitChoice};

/// Telegram's limit on callback data, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;

/// Every action this version writes; other actions come from outdated buttons.
const ACTIONS: [&str; 7] = ["help", "settings", "cancel", "sub", "ask", "set", "unsub"];

/// The choices made so far in the subscribe buttons: tier, then language, then cadence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubscribeChoice {
    pub tier: Option<Tier>,
    pub language: Option<Language>,
    pub cadence: Option<Cadence>,
    pub confirmed: bool,
}

/// A setting the settings view offers to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Tier,
    Language,
    Cadence,
}

impl Setting {
    fn as_str(self) -> &'static str {
        match self {
            Setting::Tier => "tier",
            Setting::Language => "lang",
            Setting::Cadence => "cadence",
        }
    }
}

/// A new value for one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingValue {
    Tier(Tier),
    Language(Language),
    Cadence(Cadence),
}

/// The request a pressed choice carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    Help,
    Settings,
    Cancel,
    Subscribe(SubscribeChoice),
    Ask(Setting),
    Set(SettingValue),
    Unsubscribe { confirmed: bool },
    /// Browse the checklist.
    Checklist(ChecklistView),
    /// Answer one item of a stored checklist run.
    ChecklistAnswer { run: i64, item: &'static str, answer: Answer },
    /// Take a step on a stored checklist run.
    ChecklistRun { run: i64, step: RunStep },
    /// Choose the audience of a stored announcement, preview or confirm it; staff only.
    Announce { id: i64, audience: Audience, step: AnnounceStep },
    /// Ask to confirm forgetting the member, or forget them.
    Forget { confirmed: bool },
    /// A step of a member's submission draft.
    Submit(SubmitChoice),
    /// Cancel a member's submission draft.
    SubmitCancel { id: i64 },
    /// A staff press on a moderation card.
    Moderate { id: i64, action: ModerationAction },
}

/// A callback id that cannot be acted on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// An action this version does not handle, such as one on a button sent by an older version.
    #[error("callback id {id:?} has an unknown action; it may come from an outdated button")]
    Outdated { id: String },
    #[error("callback id {id:?} is malformed: {reason}")]
    Malformed { id: String, reason: &'static str },
}

impl Callback {
    /// Encodes the callback as a callback id; see the module documentation for the format.
    pub fn encode(&self) -> String {
        let mut params: Vec<(&str, &str)> = Vec::new();
        let action = match self {
            Callback::Help => "help",
            Callback::Settings => "settings",
            Callback::Cancel => "cancel",
            Callback::Subscribe(choice) => {
                params.extend(choice.tier.map(|tier| ("t", tier.as_str())));
                params.extend(choice.language.map(|language| ("l", language.as_str())));
                params.extend(choice.cadence.map(|cadence| ("c", cadence.as_str())));
                if choice.confirmed {
                    params.push(("ok", "1"));
                }
                "sub"
            }
            Callback::Ask(setting) => {
                params.push(("f", setting.as_str()));
                "ask"
            }
            Callback::Set(value) => {
                params.push(match value {
                    SettingValue::Tier(tier) => ("t", tier.as_str()),
                    SettingValue::Language(language) => ("l", language.as_str()),
                    SettingValue::Cadence(cadence) => ("c", cadence.as_str()),
                });
                "set"
            }
            Callback::Unsubscribe { confirmed } => {
                if *confirmed {
                    params.push(("ok", "1"));
                }
                "unsub"
            }
            Callback::Checklist(view) => return checklist::encode_view(*view),
            Callback::ChecklistAnswer { run, item, answer } => return checklist::encode_answer(*run, item, *answer),
            Callback::ChecklistRun { run, step } => return checklist::encode_step(*run, *step),
            Callback::Announce { id, audience, step } => return staff::encode_announce(*id, *audience, *step),
            Callback::Forget { confirmed } => return staff::encode_forget(*confirmed),
            Callback::Submit(choice) => return submission::encode_submit(choice),
            Callback::SubmitCancel { id } => return format!("sbx:i={id}"),
            Callback::Moderate { id, action } => return submission::encode_moderation(*id, *action),
        };
        if params.is_empty() {
            return action.to_owned();
        }
        let joined: Vec<String> = params.iter().map(|(key, value)| format!("{key}={value}")).collect();
        format!("{action}:{}", joined.join(";"))
    }

    /// Parses a callback id strictly: every key and value must be the one [`Callback::encode`] writes.
    pub fn parse(id: &str) -> Result<Callback, CallbackError> {
        let malformed = |reason| CallbackError::Malformed { id: shown_id(id), reason };
        if id.len() > MAX_CALLBACK_BYTES {
            return Err(malformed("longer than 64 bytes"));
        }
        if !id.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(malformed("contains characters other than printable ASCII"));
        }
        let (action, params) = match id.split_once(':') {
            Some((action, params)) => (action, Some(params)),
            None => (id, None),
        };
        if action.is_empty() {
            return Err(malformed("no action"));
        }
        let known = [&ACTIONS[..], &checklist::ACTIONS[..], &staff::ACTIONS[..], &submission::ACTIONS[..]]
            .iter()
            .any(|actions| actions.contains(&action));
        if !known {
            return Err(CallbackError::Outdated { id: shown_id(id) });
        }
        let params = match params {
            Some(params) => split_params(params).ok_or_else(|| malformed("invalid key=value list"))?,
            None => Vec::new(),
        };
        if checklist::ACTIONS.contains(&action) {
            return checklist::parse(action, &params, id);
        }
        if staff::ACTIONS.contains(&action) {
            return staff::parse(action, &params, id);
        }
        if submission::ACTIONS.contains(&action) {
            return submission::parse(action, &params, id);
        }

        let callback = match action {
            "help" | "settings" | "cancel" if !params.is_empty() => return Err(malformed("takes no parameters")),
            "help" => Callback::Help,
            "settings" => Callback::Settings,
            "cancel" => Callback::Cancel,
            "sub" => Callback::Subscribe(parse_subscribe(&params).ok_or_else(|| malformed("invalid subscribe choice"))?),
            "ask" => Callback::Ask(parse_ask(&params).ok_or_else(|| malformed("invalid setting"))?),
            "set" => Callback::Set(parse_set(&params).ok_or_else(|| malformed("invalid setting value"))?),
            "unsub" => match params.as_slice() {
                [] => Callback::Unsubscribe { confirmed: false },
                [("ok", "1")] => Callback::Unsubscribe { confirmed: true },
                _ => return Err(malformed("invalid unsubscribe confirmation")),
            },
            _ => return Err(CallbackError::Outdated { id: shown_id(id) }),
        };
        Ok(callback)
    }
}

/// Returns the callback id for error messages and logs: already ASCII-checked ids as they
/// are, others with hidden characters removed and cut.
fn shown_id(id: &str) -> String {
    super::text::shown(id, MAX_CALLBACK_BYTES)
}

/// Splits `key=value;key=value` into pairs; `None` when a pair lacks a key, a value or `=`.
fn split_params(params: &str) -> Option<Vec<(&str, &str)>> {
    params
        .split(';')
        .map(|pair| {
            let (key, value) = pair.split_once('=')?;
            let valid = !key.is_empty() && !value.is_empty() && !value.contains('=');
            valid.then_some((key, value))
        })
        .collect()
}

/// Parses a canonical name: the exact text `as_str` writes, not the aliases `FromStr` accepts.
fn canonical<T: FromStr + Copy>(value: &str, as_str: fn(T) -> &'static str) -> Option<T> {
    value.parse::<T>().ok().filter(|parsed| as_str(*parsed) == value)
}

fn parse_subscribe(params: &[(&str, &str)]) -> Option<SubscribeChoice> {
    const ORDER: [&str; 4] = ["t", "l", "c", "ok"];
    if params.len() > ORDER.len() || params.iter().zip(ORDER).any(|((key, _), expected)| *key != expected) {
        return None;
    }
    let mut choice = SubscribeChoice::default();
    for (key, value) in params {
        match *key {
            "t" => choice.tier = Some(canonical(value, Tier::as_str)?),
            "l" => choice.language = Some(canonical(value, Language::as_str)?),
            "c" => choice.cadence = Some(canonical(value, Cadence::as_str)?),
            _ if *value == "1" => choice.confirmed = true,
            _ => return None,
        }
    }
    Some(choice)
}

fn parse_ask(params: &[(&str, &str)]) -> Option<Setting> {
    let [("f", field)] = params else {
        return None;
    };
    [Setting::Tier, Setting::Language, Setting::Cadence].into_iter().find(|setting| setting.as_str() == *field)
}

fn parse_set(params: &[(&str, &str)]) -> Option<SettingValue> {
    match params {
        [("t", value)] => canonical(value, Tier::as_str).map(SettingValue::Tier),
        [("l", value)] => canonical(value, Language::as_str).map(SettingValue::Language),
        [("c", value)] => canonical(value, Cadence::as_str).map(SettingValue::Cadence),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
