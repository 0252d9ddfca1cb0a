//! Discord: slash commands and buttons through serenity and poise, and digests delivered to
//! channels as embeds through the outbox.
//!
//! - [`commands`]: one function per slash command, named and described by [`localise`];
//! - [`respond`]: responses to commands and button presses within Discord's 3-second limit;
//! - [`context`]: the chat, the member and whether they may configure the channel;
//! - [`reply`], [`embeds`], [`markdown`]: replies and digests as escaped messages within limits;
//! - [`sender`], [`errors`]: outbox delivery and the mapping of Discord's answers;
//! - [`upload`]: files attached to a slash command;
//! - [`bot`]: the gateway client and its start and stop.
//!
//! The bot token comes only from `DISCORD_TOKEN` or `KETENWACHT_DISCORD_TOKEN`.

pub mod bot;
pub mod commands;
pub mod context;
pub mod embeds;
pub mod errors;
pub mod localise;
pub mod markdown;
pub mod reply;
mod respond;
pub mod sender;
pub mod upload;

pub use bot::{serve, serve_from_env, sender_from_env, DiscordError, Token};
pub use respond::{answer_upload, DEFER_AFTER};
pub use sender::DiscordSender;

use crate::conversation::{chat_language, Conversation};
use crate::domain::{ChatRef, Language};
use crate::store::Store;

/// Shared state of every command and button handler.
pub struct Data {
    pub conversation: Conversation,
    pub store: Store,
    pub downloader: upload::Downloader,
}

/// A command that failed talking to Discord; the member gets a polite reply, logs the detail.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("Discord request failed: {}", errors::describe(.0))]
    Discord(#[from] serenity::Error),
}

/// The context of a slash command.
pub type Context<'a> = poise::Context<'a, Data, CommandError>;

/// Returns the language the chat's replies use, Dutch when the store cannot tell.
pub(crate) async fn chat_language_of(store: &Store, chat: &ChatRef) -> Language {
    let stored = store.chat_language(chat).await.ok().flatten();
    let subscription = store.subscription(chat).await.ok().flatten();
    chat_language(stored, subscription.as_ref())
}
