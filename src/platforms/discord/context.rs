//! Chat contexts built from an interaction's channel, guild and member.

use serenity::all::{ChannelId, GuildId, Member, Permissions, User};

use crate::conversation::ChatContext;
use crate::domain::{ChatKind, ChatRef, Language, Platform};

/// The parts of an interaction (slash command or button press) that decide the context.
pub struct InteractionSource<'a> {
    pub channel_id: ChannelId,
    pub guild_id: Option<GuildId>,
    /// The member in a guild; `None` in a direct message.
    pub member: Option<&'a Member>,
    pub user: &'a User,
    /// The member's client language, such as `nl` or `en-US`.
    pub locale: &'a str,
}

/// Builds the context of an interaction. A guild channel is a shared chat, and only members
/// with the Manage Channels permission (or Administrator) may configure it. A direct message
/// is the member's own chat.
pub fn chat_context(source: &InteractionSource<'_>) -> ChatContext {
    let chat = ChatRef::new(Platform::Discord, source.channel_id.get().to_string());
    let (chat_kind, is_admin) = match source.guild_id {
        Some(_) => (ChatKind::Group, source.member.and_then(|member| member.permissions).is_some_and(may_manage)),
        None => (ChatKind::Private, true),
    };
    let member_role_ids = source.member.map(|member| member.roles.iter().map(|role| role.get().to_string()).collect()).unwrap_or_default();
    ChatContext {
        chat,
        chat_kind,
        user_id: source.user.id.get().to_string(),
        is_admin,
        user_language: language_of(source.locale),
        member_role_ids,
    }
}

/// Returns whether a member's permissions in the channel let them change its subscription.
fn may_manage(permissions: Permissions) -> bool {
    permissions.contains(Permissions::MANAGE_CHANNELS) || permissions.contains(Permissions::ADMINISTRATOR)
}

/// Maps a Discord locale (`nl`, `en-US`, `en-GB`) to a supported language.
pub fn language_of(locale: &str) -> Option<Language> {
    let primary = locale.split('-').next().unwrap_or_default();
    match primary.to_ascii_lowercase().as_str() {
        "nl" => Some(Language::Nl),
        "en" => Some(Language::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(language_of("nl"), Some(Language::Nl));
        assert_eq!(language_of("en-US"), Some(Language::En));
        assert_eq!(language_of("en-GB"), Some(Language::En));
        assert_eq!(language_of("de"), None);
        assert_eq!(language_of(""), None);
    }

    #[test]
    fn member_roles_fill_context() {
        let member: Member = serde_json::from_value(serde_json::json!({
            "user": {"id": "500000000000000001", "username": "winkelier", "discriminator": "0", "avatar": null},
            "roles": ["300000000000000001", "300000000000000002"],
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "deaf": false,
            "mute": false,
            "flags": 0,
            "guild_id": "700000000000000001",
        }))
        .expect("member JSON as Discord sends it");
        let source = InteractionSource {
            channel_id: ChannelId::new(600000000000000001),
            guild_id: Some(GuildId::new(700000000000000001)),
            member: Some(&member),
            user: &member.user,
            locale: "nl",
        };
        let context = chat_context(&source);
        assert_eq!(context.member_role_ids, ["300000000000000001", "300000000000000002"]);

        let direct = InteractionSource { guild_id: None, member: None, ..source };
        assert!(chat_context(&direct).member_role_ids.is_empty());
    }

    #[test]
    fn manage_channels_or_administrator_is_needed() {
        assert!(may_manage(Permissions::MANAGE_CHANNELS | Permissions::SEND_MESSAGES));
        assert!(may_manage(Permissions::ADMINISTRATOR));
        assert!(!may_manage(Permissions::SEND_MESSAGES | Permissions::MANAGE_MESSAGES));
        assert!(!may_manage(Permissions::empty()));
    }
}
