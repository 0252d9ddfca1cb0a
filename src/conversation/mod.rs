//! The platform-neutral conversation: typed commands in, structured replies out.
//!
//! Platforms turn their events into a [`ChatContext`] and a [`Command`] or callback, call
//! [`Conversation`], and render the [`Reply`]. No feature logic lives in a platform.

pub mod command;
pub mod reply;

pub use command::Command;
pub use reply::{Block, Choice, Reply};

use crate::domain::{ChatKind, ChatRef, Language};
use crate::store::Store;

/// Who is talking, and where. The platform fills this in for every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatContext {
    pub chat: ChatRef,
    pub chat_kind: ChatKind,
    /// The member's id on the platform.
    pub user_id: String,
    /// Whether the member may change a shared chat's subscription (the platform checks it).
    pub is_admin: bool,
    /// The member's interface language as the platform reports it, if any.
    pub user_language: Option<Language>,
}

/// Handles commands and button presses for every platform.
#[derive(Clone)]
pub struct Conversation {
    #[allow(dead_code)]
    store: Store,
}

impl Conversation {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Handles a typed command.
    pub async fn handle_command(&self, context: &ChatContext, command: Command) -> Reply {
        let _ = (context, command);
        todo!("issue-3 conversation")
    }

    /// Handles a press on a choice whose callback id is `callback`.
    pub async fn handle_callback(&self, context: &ChatContext, callback: &str) -> Reply {
        let _ = (context, callback);
        todo!("issue-3 conversation")
    }
}
