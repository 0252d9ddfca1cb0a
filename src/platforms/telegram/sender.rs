//! Outbox delivery to Telegram chats: one HTML message per outbox message.

use async_trait::async_trait;
use teloxide::payloads::SendMessageSetters;
use teloxide::requests::Requester;
use teloxide::types::{ChatId, ParseMode};
use teloxide::Bot;

use super::render::{payload_html, MAX_MESSAGE_CHARS};
use super::reply::no_preview;
use super::{ApiAccess, TelegramError};
use crate::delivery::{Payload, PermanentKind, SendOutcome, Sender};
use crate::domain::{ChatRef, Platform};

/// Sends outbox messages with the Bot API. In a channel the message appears as posted by the
/// channel, as every bot message there does.
pub struct TelegramSender {
    bot: Bot,
}

impl TelegramSender {
    pub fn new(access: &ApiAccess) -> Result<TelegramSender, TelegramError> {
        Ok(TelegramSender { bot: access.bot()? })
    }
}

#[async_trait]
impl Sender for TelegramSender {
    fn platform(&self) -> Platform {
        Platform::Telegram
    }

    fn max_message_chars(&self) -> usize {
        MAX_MESSAGE_CHARS
    }

    async fn send(&self, chat: &ChatRef, payload: &Payload, _idempotency_key: &str) -> SendOutcome {
        let Ok(chat_id) = chat.chat_id.parse::<i64>() else {
            let reason = format!("invalid Telegram chat id {:?}: expected a number", chat.chat_id);
            return SendOutcome::Permanent { kind: PermanentKind::ChatNotFound, reason };
        };
        let request = self
            .bot
            .send_message(ChatId(chat_id), payload_html(payload))
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        match request.await {
            Ok(_) => SendOutcome::Sent,
            Err(error) => TelegramError::from(error).outcome(),
        }
    }
}
