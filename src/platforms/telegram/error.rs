//! Bot API errors as typed variants, mapped in one place from teloxide's errors and Telegram's
//! error descriptions, and from there to the outbox's outcomes.

use std::time::Duration;

use teloxide::{ApiError, RequestError};

use super::token::redact;
use crate::delivery::{PermanentKind, SendOutcome};

/// Wait used when Telegram reports flood control without saying how long to wait.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// A failed Bot API request. Every text is free of the bot token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelegramError {
    #[error("rate limited by Telegram: retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// The group became a supergroup with a new id.
    #[error("the group moved to supergroup {new_chat_id}")]
    Migrated { new_chat_id: i64 },
    /// The member blocked the bot or was deactivated, or the bot was removed from the chat.
    #[error("the bot cannot reach the chat any more: {0}")]
    Blocked(String),
    #[error("chat not found: {0}")]
    ChatNotFound(String),
    /// The bot is in the chat but may not post there.
    #[error("the bot lacks a right in the chat: {0}")]
    Forbidden(String),
    /// An edit that would change nothing.
    #[error("the message is not modified")]
    NotModified,
    /// The message to edit is gone or too old to edit.
    #[error("the message cannot be edited: {0}")]
    NotEditable(String),
    #[error("Telegram rejected the bot token")]
    InvalidToken,
    /// A request Telegram refused for its content, such as an over-long text.
    #[error("Telegram rejected the request: {0}")]
    Rejected(String),
    /// A network failure, a server error or a response that could not be read.
    #[error("Telegram request failed: {0}")]
    Transient(String),
    /// Settings that keep the adapter from starting, such as a missing webhook secret.
    #[error("{0}")]
    Setup(String),
}

impl From<RequestError> for TelegramError {
    fn from(error: RequestError) -> Self {
        classify(&error)
    }
}

/// Maps a teloxide request error to its variant.
pub fn classify(error: &RequestError) -> TelegramError {
    match error {
        RequestError::RetryAfter(seconds) => TelegramError::RateLimited { retry_after: seconds.duration() },
        RequestError::MigrateToChatId(chat) => TelegramError::Migrated { new_chat_id: chat.0 },
        RequestError::Api(api) => classify_api(api),
        // The reqwest error quotes the request URL, which contains the token.
        RequestError::Network(error) => TelegramError::Transient(redact(&format!("network error: {error}"))),
        // The raw response is left out, because it may be a proxy's HTML page or quote member text.
        RequestError::InvalidJson { source, .. } => TelegramError::Transient(redact(&format!("unreadable response: {source}"))),
        RequestError::Io(error) => TelegramError::Transient(redact(&format!("I/O error: {error}"))),
    }
}

/// Maps the error kinds teloxide recognises, and Telegram's description for the rest.
pub fn classify_api(error: &ApiError) -> TelegramError {
    let description = redact(&error.to_string());
    match error {
        ApiError::BotBlocked
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::BotKickedFromChannel
        | ApiError::UserDeactivated
        | ApiError::CantInitiateConversation
        | ApiError::CantTalkWithBots => TelegramError::Blocked(description),
        ApiError::ChatNotFound | ApiError::GroupDeactivated => TelegramError::ChatNotFound(description),
        ApiError::NotEnoughRightsToPostMessages => TelegramError::Forbidden(description),
        ApiError::MessageNotModified => TelegramError::NotModified,
        ApiError::MessageCantBeEdited | ApiError::MessageToEditNotFound => TelegramError::NotEditable(description),
        ApiError::InvalidToken => TelegramError::InvalidToken,
        ApiError::Unknown(text) => classify_description(&redact(text)),
        _ => TelegramError::Rejected(description),
    }
}

/// Maps a description teloxide does not recognise, by the prefixes and phrases the Bot API uses
/// (`Forbidden: ...`, `Bad Request: ...`, `Too Many Requests: retry after N`).
fn classify_description(description: &str) -> TelegramError {
    let lower = description.to_lowercase();
    let has = |phrase: &str| lower.contains(phrase);
    let owned = || description.to_owned();
    if lower.starts_with("too many requests") {
        let retry_after = lower
            .rsplit("retry after ")
            .next()
            .and_then(|rest| rest.trim().parse::<u64>().ok())
            .map_or(DEFAULT_RETRY_AFTER, Duration::from_secs);
        return TelegramError::RateLimited { retry_after };
    }
    if lower.starts_with("forbidden:") && (has("blocked") || has("kicked") || has("deactivated") || has("not a member") || has("deleted") || has("can't initiate")) {
        return TelegramError::Blocked(owned());
    }
    if has("chat not found") || has("peer_id_invalid") || has("group chat was deleted") {
        return TelegramError::ChatNotFound(owned());
    }
    if lower.starts_with("forbidden:") || has("not enough rights") || has("have no rights") || has("need administrator rights") {
        return TelegramError::Forbidden(owned());
    }
    if lower.starts_with("bad request:") {
        return TelegramError::Rejected(owned());
    }
    TelegramError::Transient(owned())
}

impl TelegramError {
    /// Returns what the outbox does after a send failed this way.
    pub fn outcome(&self) -> SendOutcome {
        let reason = self.to_string();
        match self {
            TelegramError::RateLimited { retry_after } => SendOutcome::RateLimited { retry_after: *retry_after },
            TelegramError::Migrated { new_chat_id } => SendOutcome::Migrated { new_chat_id: new_chat_id.to_string() },
            TelegramError::Blocked(_) => SendOutcome::Permanent { kind: PermanentKind::Blocked, reason },
            TelegramError::ChatNotFound(_) => SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, reason },
            TelegramError::Forbidden(_) => SendOutcome::Permanent { kind: PermanentKind::Forbidden, reason },
            // None of these is about the chat, so its subscription stays active and
            // the message is retried up to the attempt limit.
            TelegramError::NotModified
            | TelegramError::NotEditable(_)
            | TelegramError::InvalidToken
            | TelegramError::Rejected(_)
            | TelegramError::Transient(_)
            | TelegramError::Setup(_) => SendOutcome::Transient(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses a description the way teloxide parses an error response, then classifies it.
    fn from_description(description: &str) -> TelegramError {
        let api: ApiError = serde_json::from_value(serde_json::json!(description)).expect("teloxide reads every description");
        classify_api(&api)
    }

    #[test]
    fn descriptions_map_to_variants() {
        use TelegramError as E;
        let blocked = |text: &str| E::Blocked(text.to_owned());
        let cases: Vec<(&str, TelegramError)> = vec![
            ("Forbidden: bot was blocked by the user", blocked("Forbidden: bot was blocked by the user")),
            ("Forbidden: bot was kicked from the supergroup chat", blocked("Forbidden: bot was kicked from the supergroup chat")),
            ("Forbidden: bot was kicked from the channel chat", blocked("Forbidden: bot was kicked from the channel chat")),
            ("Forbidden: bot was kicked from the group chat", blocked("Forbidden: bot was kicked from the group chat")),
            ("Forbidden: user is deactivated", blocked("Forbidden: user is deactivated")),
            ("Forbidden: bot is not a member of the channel chat", blocked("Forbidden: bot is not a member of the channel chat")),
            ("Forbidden: bot can't initiate conversation with a user", blocked("Forbidden: bot can't initiate conversation with a user")),
            ("Bad Request: chat not found", E::ChatNotFound("Bad Request: chat not found".into())),
            ("Bad Request: group is deactivated", E::ChatNotFound("Bad Request: group is deactivated".into())),
            ("Bad Request: PEER_ID_INVALID", E::ChatNotFound("Bad Request: PEER_ID_INVALID".into())),
            ("Bad Request: need administrator rights in the channel chat", E::Forbidden("Bad Request: need administrator rights in the channel chat".into())),
            ("Bad Request: not enough rights to send text messages to the chat", E::Forbidden("Bad Request: not enough rights to send text messages to the chat".into())),
            ("Bad Request: message can't be edited", E::NotEditable("Bad Request: message can't be edited".into())),
            ("Bad Request: message is too long", E::Rejected("Bad Request: message is too long".into())),
            ("Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0", E::Rejected("Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0".into())),
            ("Too Many Requests: retry after 7", E::RateLimited { retry_after: Duration::from_secs(7) }),
            ("Unauthorized", E::InvalidToken),
            ("Internal Server Error", E::Transient("Internal Server Error".into())),
            ("Bad Gateway", E::Transient("Bad Gateway".into())),
        ];
        for (description, expected) in cases {
            assert_eq!(from_description(description), expected, "{description}");
        }
        let not_modified = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
        assert_eq!(from_description(not_modified), E::NotModified);
    }

    #[test]
    fn response_parameters_map_to_variants() {
        let retry = RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(30));
        assert_eq!(classify(&retry), TelegramError::RateLimited { retry_after: Duration::from_secs(30) });
        let migrated = RequestError::MigrateToChatId(teloxide::types::ChatId(-1001234567890));
        assert_eq!(classify(&migrated), TelegramError::Migrated { new_chat_id: -1001234567890 });
    }

    #[test]
    fn variants_map_to_outcomes() {
        let cases = [
            (TelegramError::RateLimited { retry_after: Duration::from_secs(3) }, SendOutcome::RateLimited { retry_after: Duration::from_secs(3) }),
            (TelegramError::Migrated { new_chat_id: -10042 }, SendOutcome::Migrated { new_chat_id: "-10042".into() }),
        ];
        for (error, expected) in cases {
            assert_eq!(error.outcome(), expected);
        }
        let permanent = |error: TelegramError| match error.outcome() {
            SendOutcome::Permanent { kind, .. } => Some(kind),
            _ => None,
        };
        assert_eq!(permanent(TelegramError::Blocked("x".into())), Some(PermanentKind::Blocked));
        assert_eq!(permanent(TelegramError::ChatNotFound("x".into())), Some(PermanentKind::ChatNotFound));
        assert_eq!(permanent(TelegramError::Forbidden("x".into())), Some(PermanentKind::Forbidden));
        for transient in [TelegramError::InvalidToken, TelegramError::Rejected("x".into()), TelegramError::Transient("x".into())] {
            assert!(matches!(transient.outcome(), SendOutcome::Transient(_)), "{transient:?}");
        }
    }
}
