//! The command menus Telegram clients show, in Dutch and English, for private chats and groups.

use teloxide::payloads::SetMyCommandsSetters;
use teloxide::requests::Requester;
use teloxide::types::{BotCommand, BotCommandScope};

use super::{Telegram, TelegramError};
use crate::conversation::{command_list, CommandName};
use crate::domain::Language;

impl Telegram {
    /// Sets the menus with setMyCommands: one per language (`language_code` nl and en) and
    /// scope (private chats, group chats), plus the Dutch menu as the default for members whose
    /// client language is neither. The Dutch menus list the Dutch names, such as `/vraag`.
    pub async fn set_command_menus(&self) -> Result<(), TelegramError> {
        for scope in [BotCommandScope::AllPrivateChats, BotCommandScope::AllGroupChats] {
            for (language, code) in [(Language::Nl, Some("nl")), (Language::En, Some("en")), (Language::Nl, None)] {
                let commands: Vec<BotCommand> = command_list(language)
                    .into_iter()
                    .map(|(name, description)| BotCommand::new(menu_name(name, language), description))
                    .collect();
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

/// Returns the name a menu in `language` lists: the Dutch alias in Dutch menus where the
/// command has one, else the canonical name. Both names work when typed.
fn menu_name(name: &'static str, language: Language) -> &'static str {
    match language {
        Language::Nl => CommandName::lookup(name).and_then(CommandName::dutch_alias).unwrap_or(name),
        Language::En => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_menus_use_dutch_names() {
        assert_eq!(menu_name("ask", Language::Nl), "vraag");
        assert_eq!(menu_name("checklist", Language::Nl), "checklist");
        assert_eq!(menu_name("start", Language::Nl), "start");
        assert_eq!(menu_name("ask", Language::En), "ask");
    }
}
