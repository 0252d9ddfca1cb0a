//! `verify` and `unverify`: staff mark a member as working for a member organisation.

use chrono::Utc;

use crate::conversation::role::{resolve_role, Role};
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Conversation, Reply};
use crate::domain::{Language, Platform};
use crate::i18n::{text, text_with};
use crate::store::{VerifiedMember, MAX_ORGANISATION_CHARS};

impl Conversation {
    /// Verifies the member named in `arguments` for the organisation that follows.
    pub(crate) async fn verify(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let Some((member, organisation)) = arguments.split_first() else {
            return Ok(usage(language, "staff-verify-usage"));
        };
        let user_id = match member_id(member, context.chat.platform) {
            Ok(user_id) => user_id,
            Err(id) => return Ok(Reply::text(text_with(language, id, &[("member", member.as_str().into())])).privately()),
        };
        let organisation = organisation_name(organisation);
        if organisation.is_empty() {
            return Ok(usage(language, "staff-verify-usage"));
        }
        if organisation.chars().count() > MAX_ORGANISATION_CHARS {
            let arguments = [("maximum", MAX_ORGANISATION_CHARS.into())];
            return Ok(Reply::text(text_with(language, "staff-organisation-too-long", &arguments)).privately());
        }

        let verified = VerifiedMember {
            platform: context.chat.platform,
            user_id: user_id.clone(),
            organisation: organisation.clone(),
            verified_by: context.user_id.clone(),
            verified_at: Utc::now(),
        };
        self.store.verify_member(&verified).await.map_err(store_failed("verify a member", &context.chat))?;
        tracing::info!(chat = %context.chat, staff = %context.user_id, member = %user_id, "member verified");
        let arguments = [("member", user_id.into()), ("organisation", organisation.into())];
        Ok(Reply::text(text_with(language, "staff-verified", &arguments)))
    }

    /// Removes the verification of the member named in `arguments`.
    pub(crate) async fn unverify(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let [member] = arguments else {
            return Ok(usage(language, "staff-unverify-usage"));
        };
        let user_id = match member_id(member, context.chat.platform) {
            Ok(user_id) => user_id,
            Err(id) => return Ok(Reply::text(text_with(language, id, &[("member", member.as_str().into())])).privately()),
        };
        let removed = self
            .store
            .unverify_member(context.chat.platform, &user_id, &context.user_id, Utc::now())
            .await
            .map_err(store_failed("unverify a member", &context.chat))?;
        tracing::info!(chat = %context.chat, staff = %context.user_id, member = %user_id, removed, "member unverified");
        let id = if removed { "staff-unverified" } else { "staff-not-verified" };
        Ok(Reply::text(text_with(language, id, &[("member", user_id.into())])))
    }

    /// Returns the rejection to show when the member is not staff, or `None` when they are.
    pub(crate) async fn require_staff(&self, context: &ChatContext, language: Language) -> Result<Option<Reply>, ConversationError> {
        let role = resolve_role(&self.store, self.is_staff(context), context).await?;
        if role == Role::Staff {
            return Ok(None);
        }
        tracing::info!(chat = %context.chat, user = %context.user_id, ?role, "staff command rejected: the member is not staff");
        let arguments = [("role", text(language, Role::Staff.name_id()).into())];
        Ok(Some(Reply::text(text_with(language, "staff-role-needed", &arguments)).privately()))
    }
}

pub(crate) fn usage(language: Language, id: &str) -> Reply {
    Reply::text(text(language, id)).privately()
}

/// Reads a member as a numeric platform user id, or as a Discord mention (`<@123>`,
/// `<@!123>`). Returns the Fluent id of the error otherwise.
// NOTE: Telegram's Bot API cannot look up a user by @username, so Telegram staff type the
// numeric user id.
fn member_id(typed: &str, platform: Platform) -> Result<String, &'static str> {
    let id = match platform {
        Platform::Discord => typed.strip_prefix("<@").and_then(|rest| rest.strip_suffix('>')).map(|rest| rest.trim_start_matches('!')),
        _ => None,
    }
    .unwrap_or(typed);
    let numeric = !id.is_empty() && id.len() <= 20 && id.bytes().all(|byte| byte.is_ascii_digit());
    match (numeric, typed.starts_with('@')) {
        (true, _) => Ok(id.to_owned()),
        (false, true) => Err("staff-member-username"),
        (false, false) => Err("staff-member-invalid"),
    }
}

/// Joins the organisation's words and removes the quotes around them.
fn organisation_name(words: &[String]) -> String {
    let joined = words.join(" ");
    let quotes: &[char] = &['"', '\'', '“', '”', '„'];
    joined.trim_matches(quotes).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_and_mentions() {
        assert_eq!(member_id("123", Platform::Telegram), Ok("123".to_owned()));
        assert_eq!(member_id("<@456>", Platform::Discord), Ok("456".to_owned()));
        assert_eq!(member_id("<@!456>", Platform::Discord), Ok("456".to_owned()));
        assert_eq!(member_id("<@456>", Platform::Telegram), Err("staff-member-invalid"));
        assert_eq!(member_id("@jan", Platform::Telegram), Err("staff-member-username"));
        assert_eq!(member_id("jan", Platform::Discord), Err("staff-member-invalid"));
        assert_eq!(member_id("", Platform::Discord), Err("staff-member-invalid"));
    }

    #[test]
    fn organisation_loses_quotes() {
        let words = ["\"Pakketdienst".to_owned(), "BV\"".to_owned()];
        assert_eq!(organisation_name(&words), "Pakketdienst BV");
        assert_eq!(organisation_name(&["“Acme”".to_owned()]), "Acme");
        assert_eq!(organisation_name(&["\"\"".to_owned()]), "");
    }
}
