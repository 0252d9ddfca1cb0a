//! The conversation's view of a Telegram chat and member: chat kind, language and admin rights.

use teloxide::requests::Requester;
use teloxide::types::{Chat, User};

use super::{Telegram, TelegramError};
use crate::conversation::{chat_language, ChatContext};
use crate::domain::{ChatKind, ChatRef, Language, Platform};

/// Returns the stored form of a Telegram chat.
pub(super) fn chat_ref(chat: &Chat) -> ChatRef {
    ChatRef::new(Platform::Telegram, chat.id.0.to_string())
}

/// Returns the conversation's kind of a Telegram chat: groups and supergroups are both groups.
pub(super) fn chat_kind(chat: &Chat) -> ChatKind {
    if chat.is_private() {
        ChatKind::Private
    } else if chat.is_channel() {
        ChatKind::Channel
    } else {
        ChatKind::Group
    }
}

/// Maps a Telegram `language_code` (IETF tag such as `nl-BE`) to a supported language.
fn user_language(user: Option<&User>) -> Option<Language> {
    user?.language_code.as_deref()?.parse().ok()
}

impl Telegram {
    /// Builds the context of an event in `chat` by `user`, or by `sender_chat` when the member
    /// posted as a chat (an anonymous group admin, or a channel post).
    pub(super) async fn context(&self, chat: &Chat, user: Option<&User>, sender_chat: Option<&Chat>) -> ChatContext {
        let user_id = match (user, sender_chat) {
            (_, Some(sender)) => sender.id.0.to_string(),
            (Some(user), None) => user.id.0.to_string(),
            (None, None) => chat.id.0.to_string(),
        };
        ChatContext {
            chat: chat_ref(chat),
            chat_kind: chat_kind(chat),
            user_id,
            is_admin: self.is_admin(chat, user, sender_chat).await,
            user_language: user_language(user),
            member_role_ids: Vec::new(),
        }
    }

    /// Returns the language replies in `chat` use: the chat's chosen one, else its
    /// subscription's, else Dutch, also when the store cannot be read.
    pub(super) async fn language(&self, chat: &ChatRef) -> Language {
        let stored = self.store.chat_language(chat).await.ok().flatten();
        let subscription = self.store.subscription(chat).await.ok().flatten();
        chat_language(stored, subscription.as_ref())
    }

    /// Decides whether the member may change the chat's subscription.
    ///
    /// A private chat belongs to its member. A message sent as the chat itself comes from an
    /// anonymous admin of a group, or is a channel post, which only admins can make. Anyone else
    /// is asked about with `getChatMember`: the creator and administrators are admins. A failed
    /// lookup counts as not admin.
    async fn is_admin(&self, chat: &Chat, user: Option<&User>, sender_chat: Option<&Chat>) -> bool {
        if chat.is_private() {
            return true;
        }
        if sender_chat.is_some_and(|sender| sender.id == chat.id) {
            return true;
        }
        let Some(user) = user else { return false };
        match self.bot.get_chat_member(chat.id, user.id).await {
            Ok(member) => member.kind.is_privileged(),
            Err(error) => {
                let error = TelegramError::from(error);
                tracing::warn!(chat = chat.id.0, user = user.id.0, error = %error, "cannot check admin rights; treating the member as not admin");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(code: Option<&str>) -> User {
        serde_json::from_value(serde_json::json!({"id": 7, "is_bot": false, "first_name": "A", "language_code": code})).unwrap()
    }

    #[test]
    fn language_codes_map_to_languages() {
        assert_eq!(user_language(Some(&user(Some("nl")))), Some(Language::Nl));
        assert_eq!(user_language(Some(&user(Some("nl-BE")))), Some(Language::Nl));
        assert_eq!(user_language(Some(&user(Some("en")))), Some(Language::En));
        assert_eq!(user_language(Some(&user(Some("de")))), None);
        assert_eq!(user_language(Some(&user(None))), None);
    }
}
