//! `channel tlp LEVEL`: staff set the highest TLP label a chat may receive.

use chrono::Utc;

use super::staff::usage;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Conversation, Reply};
use crate::domain::{Language, Tlp};
use crate::i18n::{text, text_with};

/// The words staff add to confirm that every member of the chat is verified, in English and
/// Dutch.
const CONFIRMATIONS: [&str; 2] = ["confirm-verified", "bevestig-geverifieerd"];

impl Conversation {
    /// Shows or sets the chat's TLP ceiling. AMBER needs the confirmation word, and
    /// AMBER+STRICT and RED are rejected.
    pub(crate) async fn channel(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let chat = &context.chat;
        let (level, confirmation) = match arguments {
            [subcommand] if subcommand.eq_ignore_ascii_case("tlp") => {
                let ceiling = self.store.chat_tlp_ceiling(chat).await.map_err(store_failed("read the TLP ceiling", chat))?;
                return Ok(Reply::text(text_with(language, "staff-tlp-current", &[("label", ceiling.as_str().into())])));
            }
            [subcommand, level] if subcommand.eq_ignore_ascii_case("tlp") => (level, None),
            [subcommand, level, confirmation] if subcommand.eq_ignore_ascii_case("tlp") => (level, Some(confirmation)),
            _ => return Ok(usage(language, "staff-tlp-usage")),
        };
        let ceiling: Tlp = match level.parse() {
            Ok(ceiling) => ceiling,
            Err(_) => return Ok(Reply::text(text_with(language, "staff-tlp-invalid", &[("label", level.as_str().into())])).privately()),
        };
        if !ceiling.allowed_as_ceiling() {
            return Ok(Reply::text(text_with(language, "staff-tlp-never", &[("label", ceiling.as_str().into())])).privately());
        }
        let confirmed = confirmation.is_some_and(|word| CONFIRMATIONS.iter().any(|known| word.eq_ignore_ascii_case(known)));
        if confirmation.is_some() && !confirmed {
            return Ok(usage(language, "staff-tlp-usage"));
        }
        if ceiling == Tlp::Amber && !confirmed {
            return Ok(Reply::text(text(language, "staff-tlp-amber-confirm")).privately());
        }

        self.store
            .set_chat_tlp_ceiling(chat, ceiling, &context.user_id, Utc::now())
            .await
            .map_err(store_failed("set the TLP ceiling", chat))?;
        tracing::info!(chat = %chat, staff = %context.user_id, ceiling = %ceiling, "chat TLP ceiling set");
        Ok(Reply::text(text_with(language, "staff-tlp-set", &[("label", ceiling.as_str().into())])))
    }
}
