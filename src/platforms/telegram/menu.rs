//! The command menus Telegram clients show, in Dutch and English, for private chats and groups,
//! and menus with the staff commands for the staff group and staff members' private chats.

use teloxide::payloads::SetMyCommandsSetters;
use teloxide::requests::Requester;
use teloxide::types::{BotCommand, BotCommandScope, ChatId, Recipient};

use super::{Telegram, TelegramError};
use crate::conversation::{command_list, staff_command_list, CommandName};
use crate::domain::Language;

impl Telegram {
    /// Sets the menus with setMyCommands: one per language (`language_code` nl and en) and
    /// scope (private chats, group chats), plus the Dutch menu as the default for members whose
    /// client language is neither. The Dutch menus list the Dutch names, such as `/vraag`.
    ///
    /// The staff group and the private chat of each staff user get menus with the staff
    /// commands too, because a chat's own menu replaces the general ones there. A staff scope
    /// that fails, such as the private chat of a staff member who never started the bot, is
    /// logged and skipped.
    pub async fn set_command_menus(&self) -> Result<(), TelegramError> {
        for scope in [BotCommandScope::AllPrivateChats, BotCommandScope::AllGroupChats] {
            self.set_menus(scope, command_list).await?;
        }
        for (chat_id, scope) in self.staff_scopes() {
            if let Err(error) = self.set_menus(scope, staff_command_list).await {
                tracing::warn!(chat = chat_id, %error, "cannot set the staff command menu of a chat; staff commands still work there");
            }
        }
        tracing::info!("Telegram command menus set");
        Ok(())
    }

    /// Sets the menus of one scope in Dutch, English and the default language, with the
    /// commands `list` returns.
    async fn set_menus(&self, scope: BotCommandScope, list: fn(Language) -> Vec<(&'static str, String)>) -> Result<(), TelegramError> {
        for (language, code) in [(Language::Nl, Some("nl")), (Language::En, Some("en")), (Language::Nl, None)] {
            let commands: Vec<BotCommand> =
                list(language).into_iter().map(|(name, description)| BotCommand::new(menu_name(name, language), description)).collect();
            let mut request = self.bot.set_my_commands(commands).scope(scope.clone());
            if let Some(code) = code {
                request = request.language_code(code);
            }
            request.await.map_err(TelegramError::from)?;
        }
        Ok(())
    }

    /// Returns the staff group and the private chats of staff users, each with its chat id.
    /// A private chat's id is the user's id.
    fn staff_scopes(&self) -> Vec<(i64, BotCommandScope)> {
        let chats = self.roles.staff_telegram_group_id.into_iter().chain(self.roles.staff_telegram_user_ids.iter().copied());
        chats.map(|chat_id| (chat_id, BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(chat_id)) })).collect()
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
        assert_eq!(menu_name("verify", Language::Nl), "verifieer");
    }
}
