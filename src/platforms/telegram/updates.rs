//! One handler for every update, whether it came by long polling or by webhook.

use chrono::Utc;
use teloxide::payloads::AnswerCallbackQuerySetters;
use teloxide::requests::Requester;
use teloxide::types::{CallbackQuery, ChatMemberUpdated, MaybeInaccessibleMessage, Message, Update, UpdateKind};

use super::chat::chat_ref;
use super::reply::Target;
use super::{Telegram, TelegramError};
use crate::conversation::{Callback, ChatContext, Command, Reply};
use crate::digest::cut;
use crate::i18n::text;

/// Maximum length of a callback query's alert text, in characters (Bot API: 0-200).
const MAX_ALERT_CHARS: usize = 200;

impl Telegram {
    /// Handles one update: commands, button presses, documents, group migrations and changes
    /// of the bot's own membership. Other updates, edited messages among them, are ignored.
    /// Failures are logged, never returned, so one bad update cannot stop the others.
    pub async fn handle_update(&self, update: Update) {
        let id = update.id.0;
        let result = match update.kind {
            UpdateKind::Message(message) | UpdateKind::ChannelPost(message) => self.on_message(&message).await,
            UpdateKind::CallbackQuery(query) => self.on_callback(&query).await,
            UpdateKind::MyChatMember(change) => self.on_membership(&change).await,
            UpdateKind::EditedMessage(_) | UpdateKind::EditedChannelPost(_) => {
                tracing::debug!(update = id, "edited message ignored");
                Ok(())
            }
            _ => {
                tracing::debug!(update = id, "update of an unhandled kind ignored");
                Ok(())
            }
        };
        if let Err(error) = result {
            tracing::error!(update = id, error = %error, "failed to handle a Telegram update");
        }
    }

    async fn on_message(&self, message: &Message) -> Result<(), TelegramError> {
        let target = Target { chat: message.chat.id, thread: message.thread_id };
        if let Some(new_id) = message.migrate_to_chat_id() {
            return self.follow_migration(message, new_id.0).await;
        }
        if let Some(document) = message.document().filter(|_| self.is_addressed(message)) {
            let context = self.context(&message.chat, message.from.as_ref(), message.sender_chat.as_ref()).await;
            let reply = self.upload(&context, document).await;
            return self.send_reply(target, &reply).await;
        }
        let Some(typed) = message.text() else { return Ok(()) };
        let command = match Command::parse(typed, Some(&self.username)) {
            Some(command) => command,
            // With privacy mode on, groups send the bot only commands and replies to it. Free text
            // gets a pointer to the commands in private chats only.
            None if message.chat.is_private() => return self.send_reply(target, &self.not_a_command(message).await).await,
            None => return Ok(()),
        };
        if matches!(command, Command::Unknown(_)) && !message.chat.is_private() && !self.names_this_bot(typed) {
            // Groups pass a bare `/foo` meant for another bot to the bot that spoke last, so
            // only an unknown command addressed as `/foo@thisbot` gets an answer there.
            return Ok(());
        }
        let context = self.context(&message.chat, message.from.as_ref(), message.sender_chat.as_ref()).await;
        tracing::debug!(chat = %context.chat, command = ?command.name(), "command received");
        let reply = self.conversation.handle_command(&context, command).await;
        self.send_reply(target, &reply).await
    }

    /// Returns whether a command's first word ends in `@` and this bot's username.
    fn names_this_bot(&self, typed: &str) -> bool {
        let head = typed.split_whitespace().next().unwrap_or_default();
        head.rsplit_once('@').is_some_and(|(_, addressee)| addressee.eq_ignore_ascii_case(self.username.trim_start_matches('@')))
    }

    /// Returns whether a message is meant for the bot: anything in a private chat, and in groups
    /// and channels a message whose text or caption is a command for this bot, or a reply to one
    /// of the bot's messages. Documents shared among members, which the bot sees when privacy
    /// mode is off, are left alone.
    fn is_addressed(&self, message: &Message) -> bool {
        if message.chat.is_private() {
            return true;
        }
        let command = message.text().or(message.caption()).and_then(|typed| Command::parse(typed, Some(&self.username)));
        let replies_to_bot = message.reply_to_message().and_then(|replied| replied.from.as_ref()).is_some_and(|author| author.id == self.user_id);
        command.is_some() || replies_to_bot
    }

    async fn not_a_command(&self, message: &Message) -> Reply {
        let language = self.language(&chat_ref(&message.chat)).await;
        Reply::text(text(language, "telegram-not-a-command"))
    }

    /// Confirms the press with answerCallbackQuery (so the client stops its spinner), then shows
    /// the reply in place of the message that carried the button.
    ///
    /// In a group or channel, a press that may not change the shared message (see
    /// [`Telegram::may_edit_shared`]) leaves it alone: the reply, such as a refusal, appears to
    /// the presser only, as an alert.
    async fn on_callback(&self, query: &CallbackQuery) -> Result<(), TelegramError> {
        let (Some(data), Some(message)) = (query.data.as_deref(), query.message.as_ref()) else {
            self.confirm_press(query, None).await;
            return Ok(());
        };
        let (chat, thread) = match message {
            MaybeInaccessibleMessage::Regular(message) => (&message.chat, message.thread_id),
            MaybeInaccessibleMessage::Inaccessible(message) => (&message.chat, None),
        };
        let context = self.context(chat, Some(&query.from), None).await;
        if context.chat_kind.is_shared() && !self.may_edit_shared(&context, data).await {
            let reply = self.conversation.handle_callback(&context, data).await;
            self.confirm_press(query, Some(&reply)).await;
            return Ok(());
        }
        self.confirm_press(query, None).await;
        let reply = self.conversation.handle_callback(&context, data).await;
        let target = Target { chat: chat.id, thread };
        match message {
            MaybeInaccessibleMessage::Regular(message) => self.edit_reply(target, message.id, &reply).await,
            MaybeInaccessibleMessage::Inaccessible(_) => self.send_reply(target, &reply).await,
        }
    }

    /// Decides whether a press in a group or channel may change the message everyone sees. A
    /// button of a checklist walk may be used by the member whose walk it is, admin or not, and
    /// by no one else. Other buttons change the chat's settings or views, which only admins may,
    /// and in the staff group every member may, because each of them is staff.
    async fn may_edit_shared(&self, context: &ChatContext, data: &str) -> bool {
        let walk_button = matches!(Callback::parse(data), Ok(Callback::ChecklistAnswer { .. } | Callback::ChecklistRun { .. }));
        if walk_button {
            self.conversation.owns_checklist_button(context, data).await
        } else {
            context.is_admin || self.conversation.is_staff_chat(&context.chat)
        }
    }

    /// Sends answerCallbackQuery for the press, with `alert` shown to the presser only when
    /// given, cut to the 200 characters the Bot API allows.
    async fn confirm_press(&self, query: &CallbackQuery, alert: Option<&Reply>) {
        let mut request = self.bot.answer_callback_query(query.id.clone());
        if let Some(reply) = alert {
            request = request.text(cut(&reply.plain_text(), MAX_ALERT_CHARS)).show_alert(true);
        }
        if let Err(error) = request.await {
            tracing::warn!(error = %TelegramError::from(error), "answerCallbackQuery failed");
        }
    }

    /// Moves the subscription and settings of a group that became a supergroup to the new id.
    async fn follow_migration(&self, message: &Message, new_id: i64) -> Result<(), TelegramError> {
        let from = chat_ref(&message.chat);
        if let Err(error) = self.store.move_chat(&from, &new_id.to_string()).await {
            tracing::error!(chat = %from, to = new_id, error = %error, "cannot move the chat to its supergroup id");
        }
        Ok(())
    }

    /// Logs the bot being added or removed. Removed, kicked or blocked, the chat's subscription
    /// is deactivated, since nothing can be delivered there any more.
    async fn on_membership(&self, change: &ChatMemberUpdated) -> Result<(), TelegramError> {
        let chat = chat_ref(&change.chat);
        let (was_present, is_present) = (change.old_chat_member.kind.is_present(), change.new_chat_member.kind.is_present());
        match (was_present, is_present) {
            (false, true) => tracing::info!(chat = %chat, by = change.from.id.0, "bot added to a chat"),
            (true, false) => {
                tracing::info!(chat = %chat, by = change.from.id.0, "bot removed from a chat or blocked");
                self.deactivate(&chat).await;
            }
            _ => tracing::debug!(chat = %chat, "bot's rights in a chat changed"),
        }
        Ok(())
    }

    async fn deactivate(&self, chat: &crate::domain::ChatRef) {
        let subscription = match self.store.subscription(chat).await {
            Ok(Some(subscription)) if subscription.active => subscription,
            Ok(_) => return,
            Err(error) => {
                tracing::error!(chat = %chat, error = %error, "cannot load the subscription of a chat the bot left");
                return;
            }
        };
        let reason = "the bot was removed from the chat or blocked (Telegram my_chat_member)";
        match self.store.deactivate_subscription(subscription.id, reason, Utc::now()).await {
            Ok(()) => tracing::info!(chat = %chat, subscription = subscription.id, "subscription deactivated"),
            Err(error) => tracing::error!(chat = %chat, error = %error, "cannot deactivate the subscription"),
        }
    }
}
