//! Checking the platform chat ids that subscriptions, chat settings and outbox rows store.

use super::sql::{text_problem, truncate_chars};
use super::StoreError;
use crate::domain::Platform;

/// Maximum length of a stored chat id, in characters. Telegram ids are at most 14 digits with a
/// sign and Discord ids 20 digits; the margin leaves room for webhook names.
pub const MAX_CHAT_ID_CHARS: usize = 128;

/// Rejects a chat id that is empty, only white space, or longer than [`MAX_CHAT_ID_CHARS`].
pub(crate) fn check_chat_id(platform: Platform, chat_id: &str) -> Result<(), StoreError> {
    match text_problem("the chat id", chat_id, MAX_CHAT_ID_CHARS) {
        Some(reason) => Err(StoreError::InvalidChatId {
            platform: platform.to_string(),
            chat_id: truncate_chars(chat_id, MAX_CHAT_ID_CHARS).to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}
