//! Outbox delivery to Telegram chats: one HTML message per outbox message, or several for a
//! long message with buttons.

use async_trait::async_trait;
use teloxide::payloads::SendMessageSetters;
use teloxide::requests::Requester;
use teloxide::types::{ChatId, ParseMode};
use teloxide::Bot;

use super::render::{payload_messages, MAX_MESSAGE_CHARS};
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
        if let Payload::Message { reply, .. } = payload {
            if reply.attachment.is_some() {
                tracing::warn!(chat = %chat, "an outbox message carries a file, which outbox delivery does not send; the text goes without it");
            }
        }
        // NOTE: the Bot API has no idempotency key, so when a later message of a long reply
        // fails, the retry sends the earlier ones again.
        for message in payload_messages(payload) {
            let mut request = self
                .bot
                .send_message(ChatId(chat_id), message.html)
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if let Some(keyboard) = message.keyboard {
                request = request.reply_markup(keyboard);
            }
            if let Err(error) = request.await {
                return TelegramError::from(error).outcome();
            }
        }
        SendOutcome::Sent
    }
}
