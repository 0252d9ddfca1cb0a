//! The chat facts every handler needs: its language, its subscription, and whether the member
//! may change them.

use super::ChatContext;
use crate::domain::{ChatRef, Language, Subscription};
use crate::store::{Store, StoreError};

/// A request failed inside Ketenwacht. Members see a polite message; logs get this text.
#[derive(Debug, thiserror::Error)]
pub enum ConversationError {
    #[error("failed to {operation} for chat {chat}: {source}")]
    Store {
        operation: &'static str,
        chat: ChatRef,
        #[source]
        source: StoreError,
    },
}

/// Returns a closure for `map_err` that wraps a store error from `operation` on `chat`.
pub(crate) fn store_failed(operation: &'static str, chat: &ChatRef) -> impl FnOnce(StoreError) -> ConversationError {
    let chat = chat.clone();
    move |source| ConversationError::Store { operation, chat, source }
}

/// The chat's language and subscription, read once per request.
#[derive(Debug, Clone)]
pub(crate) struct ChatState {
    pub language: Language,
    pub subscription: Option<Subscription>,
}

impl ChatState {
    /// Reads the state of `chat` as the chat itself has it, for requests without a member.
    pub(crate) async fn load(store: &Store, chat: &ChatRef) -> Result<ChatState, ConversationError> {
        let stored = store.chat_language(chat).await.map_err(store_failed("read the chat language", chat))?;
        let subscription = store.subscription(chat).await.map_err(store_failed("read the subscription", chat))?;
        let language = chat_language(stored, subscription.as_ref());
        Ok(ChatState { language, subscription })
    }

    /// Reads the state of the chat a member wrote in. In a private chat that has no language
    /// of its own yet, replies follow the member's interface language as the platform reports it.
    pub(crate) async fn for_member(store: &Store, context: &ChatContext) -> Result<ChatState, ConversationError> {
        let chat = &context.chat;
        let stored = store.chat_language(chat).await.map_err(store_failed("read the chat language", chat))?;
        let subscription = store.subscription(chat).await.map_err(store_failed("read the subscription", chat))?;
        let member = if context.chat_kind.is_shared() { None } else { context.user_language };
        let language = stored.or(subscription.as_ref().map(|subscription| subscription.language)).or(member).unwrap_or_default();
        Ok(ChatState { language, subscription })
    }
}

/// Picks the language of replies: the language the chat chose, else its subscription's,
/// else Dutch.
pub fn chat_language(stored: Option<Language>, subscription: Option<&Subscription>) -> Language {
    stored.or(subscription.map(|subscription| subscription.language)).unwrap_or_default()
}

/// Returns whether the member may change the chat's subscription and settings: anyone in a
/// private chat, only administrators in groups and channels.
pub fn may_change(context: &ChatContext) -> bool {
    !context.chat_kind.is_shared() || context.is_admin
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChatKind, Platform, Tier};

    fn subscription(language: Language) -> Subscription {
        let chat = ChatRef::new(Platform::Telegram, "42");
        Subscription::new(chat, ChatKind::Private, Tier::Basic, language, chrono::Utc::now())
    }

    #[test]
    fn language_rule() {
        let english = subscription(Language::En);
        assert_eq!(chat_language(None, None), Language::Nl);
        assert_eq!(chat_language(None, Some(&english)), Language::En);
        assert_eq!(chat_language(Some(Language::Nl), Some(&english)), Language::Nl);
        assert_eq!(chat_language(Some(Language::En), None), Language::En);
    }

    #[test]
    fn only_admins_change_shared_chats() {
        let context = |chat_kind, is_admin| ChatContext {
            chat: ChatRef::new(Platform::Discord, "1"),
            chat_kind,
            user_id: "7".to_owned(),
            is_admin,
            user_language: None,
            member_role_ids: Vec::new(),
        };
        assert!(may_change(&context(ChatKind::Private, false)));
        assert!(may_change(&context(ChatKind::Group, true)));
        assert!(may_change(&context(ChatKind::Channel, true)));
        assert!(!may_change(&context(ChatKind::Group, false)));
        assert!(!may_change(&context(ChatKind::Channel, false)));
    }
}
