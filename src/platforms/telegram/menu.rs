//! The command menus Telegram clients show, in Dutch and English, for private chats and groups.

use teloxide::payloads::SetMyCommandsSetters;
use teloxide::requests::Requester;
use teloxide::types::{BotCommand, BotCommandScope};

use super::{Telegram, TelegramError};
use crate::conversation::command_list;
use crate::domain::Language;

impl Telegram {
    /// Sets the menus with setMyCommands: one per language (`language_code` nl and en) and
    /// scope (private chats, group chats), plus the Dutch menu as the default for members whose
    /// client language is neither.
    pub async fn set_command_menus(&self) -> Result<(), TelegramError> {
        for scope in [BotCommandScope::AllPrivateChats, BotCommandScope::AllGroupChats] {
            for (language, code) in [(Language::Nl, Some("nl")), (Language::En, Some("en")), (Language::Nl, None)] {
                let commands: Vec<BotCommand> =
                    command_list(language).into_iter().map(|(name, description)| BotCommand::new(name, description)).collect();
                let mut request = self.bot.set_my_commands(commands).scope(scope.clone());
                if let Some(code) = code {
                    request = request.language_code(code);
                }
                request.await.map_err(TelegramError::from)?;
            }
        }
        tracing::info!("Telegram command menus set");
        Ok(())
    }
}
