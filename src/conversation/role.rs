//! The member's role, resolved from the chat context, the `[roles]` settings and the store.

use super::state::{store_failed, ConversationError};
use super::ChatContext;
use crate::config::RoleSettings;
use crate::domain::Platform;
use crate::store::Store;

/// The member's role, ordered from most to least permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Verifies members, sets the TLP ceiling of chats, sends announcements and reads the
    /// audit log.
    Staff,
    /// A member whom staff verified as working for a member organisation.
    VerifiedMember,
    Member,
}

impl Role {
    /// Returns the Fluent id of the role's name.
    pub(crate) fn name_id(self) -> &'static str {
        match self {
            Role::Staff => "staff-role-staff",
            Role::VerifiedMember => "staff-role-verified-member",
            Role::Member => "staff-role-member",
        }
    }
}

/// Resolves the role of the member in `context`; `staff` is true when they are staff.
pub(crate) async fn resolve_role(store: &Store, staff: bool, context: &ChatContext) -> Result<Role, ConversationError> {
    if staff {
        return Ok(Role::Staff);
    }
    let verified = store
        .verified_member(context.chat.platform, &context.user_id)
        .await
        .map_err(store_failed("read the member's verification", &context.chat))?;
    Ok(if verified.is_some() { Role::VerifiedMember } else { Role::Member })
}

/// Returns whether the member in `context` is staff: by Discord role, by Telegram user id, or
/// because they write in a staff chat. The terminal chat is the operator's own, on the machine
/// that stores the database, so it counts as staff. Webhooks never send commands.
pub fn is_staff(settings: &RoleSettings, context: &ChatContext) -> bool {
    if settings.is_staff_chat(&context.chat) {
        return true;
    }
    match context.chat.platform {
        Platform::Discord => context
            .member_role_ids
            .iter()
            .any(|role| settings.staff_discord_role_ids.iter().any(|staff| staff.to_string() == *role)),
        Platform::Telegram => settings.staff_telegram_user_ids.iter().any(|id| id.to_string() == context.user_id),
        Platform::Terminal => true,
        Platform::Webhook => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChatKind, ChatRef};

    fn context(platform: Platform, chat_id: &str, user_id: &str, roles: &[&str]) -> ChatContext {
        ChatContext {
            chat: ChatRef::new(platform, chat_id),
            chat_kind: ChatKind::Group,
            user_id: user_id.to_owned(),
            is_admin: true,
            user_language: None,
            member_role_ids: roles.iter().map(|role| (*role).to_owned()).collect(),
        }
    }

    fn settings() -> RoleSettings {
        RoleSettings {
            staff_discord_role_ids: vec![500],
            staff_telegram_user_ids: vec![7],
            staff_discord_channel_id: Some(900),
            staff_telegram_group_id: Some(-100),
        }
    }

    #[test]
    fn staff_by_role_user_or_chat() {
        let settings = settings();
        assert!(is_staff(&settings, &context(Platform::Discord, "1", "2", &["3", "500"])));
        assert!(is_staff(&settings, &context(Platform::Discord, "900", "2", &[])));
        assert!(is_staff(&settings, &context(Platform::Telegram, "-5", "7", &[])));
        assert!(is_staff(&settings, &context(Platform::Telegram, "-100", "8", &[])));
    }

    #[test]
    fn admins_are_not_staff() {
        let settings = settings();
        assert!(!is_staff(&settings, &context(Platform::Discord, "1", "500", &["3"])));
        assert!(!is_staff(&settings, &context(Platform::Telegram, "7", "8", &[])));
        assert!(!is_staff(&settings, &context(Platform::Telegram, "-5", "8", &["500"])));
        assert!(!is_staff(&settings, &context(Platform::Webhook, "900", "7", &["500"])));
        assert!(!is_staff(&RoleSettings::default(), &context(Platform::Discord, "1", "2", &["500"])));
    }
}
