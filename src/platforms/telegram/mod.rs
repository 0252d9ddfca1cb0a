//! Telegram: commands, buttons and uploads in private chats, groups, supergroups and channels
//! through the Bot API (teloxide), and outbox delivery through [`TelegramSender`].
//!
//! Updates arrive by long polling (the default) or by webhook ([`webhook`]), and [`run`] starts
//! either. Each update goes through [`Telegram::handle_update`]. The bot needs only commands,
//! button presses and replies, so it works with Telegram's privacy mode on.

mod chat;
pub mod error;
mod menu;
mod polling;
pub mod render;
mod reply;
mod sender;
mod start;
pub mod token;
mod updates;
mod upload;
pub mod webhook;

use teloxide::requests::Requester;
use teloxide::types::AllowedUpdate;
use teloxide::Bot;

pub use error::TelegramError;
pub use start::{run, run_from_env, run_with_restarts, sender_from_env};
pub use sender::TelegramSender;
pub use token::{BotToken, API_URL_VARIABLE};

use crate::config::{RoleSettings, TelegramSettings};
use crate::conversation::Conversation;
use crate::store::Store;

/// The update kinds the bot requests from Telegram. Edited messages are left out, because the
/// bot acts only on new commands.
pub const ALLOWED_UPDATES: [AllowedUpdate; 4] =
    [AllowedUpdate::Message, AllowedUpdate::ChannelPost, AllowedUpdate::CallbackQuery, AllowedUpdate::MyChatMember];

/// The Bot API server and the secrets the adapter uses.
#[derive(Debug, Clone)]
pub struct ApiAccess {
    pub token: BotToken,
    /// Another Bot API server than `https://api.telegram.org`, such as a local one.
    pub api_url: Option<url::Url>,
    /// The secret token Telegram sends with every webhook update; webhook mode requires it.
    pub webhook_secret: Option<webhook::WebhookSecret>,
}

impl ApiAccess {
    /// Reads the token, the optional API URL and the optional webhook secret from the
    /// environment; `Ok(None)` when no token is set, so Telegram stays off.
    pub fn from_env() -> Result<Option<ApiAccess>, String> {
        let Some(token) = BotToken::from_env() else { return Ok(None) };
        let api_url = match std::env::var(API_URL_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => Some(parse_api_url(text.trim())?),
            _ => None,
        };
        let webhook_secret = webhook::WebhookSecret::from_env().map_err(|error| error.to_string())?;
        Ok(Some(ApiAccess { token, api_url, webhook_secret }))
    }

    /// Builds a teloxide client. Redirects are not followed, so requests and file downloads
    /// reach only the configured API server.
    pub fn bot(&self) -> Result<Bot, TelegramError> {
        let client = teloxide::net::default_reqwest_settings()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| TelegramError::Transient(token::redact(&format!("cannot build the HTTP client: {error}"))))?;
        let bot = Bot::with_client(self.token.expose(), client);
        Ok(match &self.api_url {
            Some(url) => bot.set_api_url(url.clone()),
            None => bot,
        })
    }
}

fn parse_api_url(text: &str) -> Result<url::Url, String> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        _ => Err(format!("invalid {API_URL_VARIABLE} {text:?}: use an http or https URL such as https://api.telegram.org")),
    }
}

/// The running bot: handles updates with the shared conversation.
pub struct Telegram {
    bot: Bot,
    conversation: Conversation,
    store: Store,
    /// The bot's user name without `@`, for commands written as `/cmd@name` in groups.
    username: String,
    /// The bot's own user id, to recognise replies to its messages.
    user_id: teloxide::types::UserId,
    settings: TelegramSettings,
    /// Staff users and chats, for the staff command menus.
    roles: RoleSettings,
}

impl Telegram {
    /// Connects to the Bot API and learns the bot's user name (`getMe`). `roles` says who is staff.
    pub async fn connect(access: &ApiAccess, store: Store, settings: TelegramSettings, conversation: Conversation) -> Result<Telegram, TelegramError> {
        let bot = access.bot()?;
        let me = bot.get_me().await.map_err(TelegramError::from)?;
        let username = me.username.clone().unwrap_or_default();
        tracing::info!(bot = %username, "connected to Telegram");
        let roles = conversation.roles().clone();
        Ok(Telegram { bot, conversation, store, username, user_id: me.id, settings, roles })
    }

    pub fn username(&self) -> &str {
        &self.username
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_url_must_be_http() {
        assert!(parse_api_url("http://127.0.0.1:8081").is_ok());
        assert!(parse_api_url("file:///etc/passwd").is_err());
        assert!(parse_api_url("api.telegram.org").is_err());
    }
}
