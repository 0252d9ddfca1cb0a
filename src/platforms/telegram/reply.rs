//! Sending a conversation reply into a chat, or in place of the message whose button was pressed.

use teloxide::payloads::{EditMessageTextSetters, SendDocumentSetters, SendMessageSetters};
use teloxide::requests::{Output, Request, Requester};
use teloxide::RequestError;
use teloxide::types::{ChatId, InputFile, LinkPreviewOptions, MessageId, ParseMode, ThreadId};

use std::time::Duration;

use super::render::{keyboard, reply_messages};
use super::{Telegram, TelegramError};
use crate::conversation::Reply;

/// Link previews are off: a digest or reply with several links would otherwise show a card for
/// the first one only, which reads as if that advisory mattered most.
pub(super) fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions { is_disabled: true, url: None, prefer_small_media: false, prefer_large_media: false, show_above_text: false }
}

/// Maximum flood-control wait a reply waits out before it is sent again. A longer wait drops
/// the reply (logged), because the member would see it too late to make sense.
const MAX_FLOOD_WAIT: Duration = Duration::from_secs(10);

/// The destination of a reply: a chat, and the forum topic of the message it replies to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target {
    pub chat: ChatId,
    pub thread: Option<ThreadId>,
}

impl Telegram {
    /// Sends a reply to a chat outside any update, such as a file a staff member prepared.
    pub async fn send_reply_to(&self, chat_id: i64, reply: &Reply) -> Result<(), TelegramError> {
        self.send_reply(Target { chat: ChatId(chat_id), thread: None }, reply).await
    }

    /// Sends a reply as new messages; the keyboard goes with the last one, then the attachment.
    // NOTE: `Reply::private` is not honoured here: Telegram has no messages that only one group
    // member sees. Only a non-admin's button press gets a private answer (a callback alert).
    pub(super) async fn send_reply(&self, target: Target, reply: &Reply) -> Result<(), TelegramError> {
        let messages = reply_messages(reply);
        self.send_messages(target, &messages, reply).await?;
        self.send_attachment(target, reply).await
    }

    /// Shows a reply in place of message `message_id` (editMessageText with the new keyboard).
    /// A reply of several messages edits the first and sends the rest. When the message can no
    /// longer be edited, the reply is sent as new messages.
    pub(super) async fn edit_reply(&self, target: Target, message_id: MessageId, reply: &Reply) -> Result<(), TelegramError> {
        let messages = reply_messages(reply);
        let Some((first, rest)) = messages.split_first() else {
            return self.send_attachment(target, reply).await;
        };
        let mut edit = self.bot.edit_message_text(target.chat, message_id, first.as_str()).parse_mode(ParseMode::Html).link_preview_options(no_preview());
        if rest.is_empty() {
            if let Some(markup) = keyboard(reply) {
                edit = edit.reply_markup(markup);
            }
        }
        match send_patiently(&edit).await {
            Ok(_) | Err(TelegramError::NotModified) => self.send_messages(target, rest, reply).await?,
            Err(TelegramError::NotEditable(reason)) => {
                tracing::debug!(chat = target.chat.0, %reason, "message cannot be edited; sending the reply as new messages");
                self.send_messages(target, &messages, reply).await?;
            }
            Err(error) => return Err(error),
        }
        self.send_attachment(target, reply).await
    }

    async fn send_messages(&self, target: Target, messages: &[String], reply: &Reply) -> Result<(), TelegramError> {
        for (index, text) in messages.iter().enumerate() {
            let mut request = self.bot.send_message(target.chat, text.as_str()).parse_mode(ParseMode::Html).link_preview_options(no_preview());
            if let Some(thread) = target.thread {
                request = request.message_thread_id(thread);
            }
            if index + 1 == messages.len() {
                if let Some(markup) = keyboard(reply) {
                    request = request.reply_markup(markup);
                }
            }
            send_patiently(&request).await?;
        }
        Ok(())
    }

    async fn send_attachment(&self, target: Target, reply: &Reply) -> Result<(), TelegramError> {
        let Some(attachment) = &reply.attachment else { return Ok(()) };
        let file = InputFile::memory(attachment.content.clone()).file_name(attachment.file_name.clone());
        let mut request = self.bot.send_document(target.chat, file);
        if let Some(thread) = target.thread {
            request = request.message_thread_id(thread);
        }
        send_patiently(&request).await?;
        tracing::info!(chat = target.chat.0, file_name = %attachment.file_name, bytes = attachment.content.len(), "document sent");
        Ok(())
    }
}

/// Sends a request, and sends it once more after Telegram's flood control asked to wait at most
/// [`MAX_FLOOD_WAIT`]. Replies are not paced like outbox messages, so a busy group can hit it.
async fn send_patiently<R>(request: &R) -> Result<Output<R>, TelegramError>
where
    R: Request<Err = RequestError>,
{
    match request.send_ref().await.map_err(TelegramError::from) {
        Err(TelegramError::RateLimited { retry_after }) if retry_after <= MAX_FLOOD_WAIT => {
            tracing::info!(?retry_after, "Telegram flood control; sending the reply again after the wait");
            tokio::time::sleep(retry_after).await;
            request.send_ref().await.map_err(TelegramError::from)
        }
        other => other,
    }
}
