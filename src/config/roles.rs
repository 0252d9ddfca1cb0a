//! `[roles]`: who counts as staff.
//!
//! Staff are Discord members with one of `staff_discord_role_ids`, Telegram users in
//! `staff_telegram_user_ids`, and everyone who writes in a staff chat (`staff_discord_channel_id`,
//! `staff_telegram_group_id`), so a staff chat must admit staff only.

use serde::Deserialize;

use super::{value_error, ConfigError, Origin};
use crate::domain::{ChatRef, Platform};

/// The staff members and staff chats. Nobody is staff when every list is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoleSettings {
    /// Discord role ids whose members are staff.
    pub staff_discord_role_ids: Vec<u64>,
    /// Telegram user ids of staff members.
    pub staff_telegram_user_ids: Vec<i64>,
    /// Discord channel where every member counts as staff.
    pub staff_discord_channel_id: Option<u64>,
    /// Telegram group (a negative chat id) where every member counts as staff.
    pub staff_telegram_group_id: Option<i64>,
}

impl RoleSettings {
    /// Returns whether `chat` is the configured Discord staff channel or Telegram staff group.
    pub fn is_staff_chat(&self, chat: &ChatRef) -> bool {
        let id = chat.chat_id.as_str();
        match chat.platform {
            Platform::Discord => self.staff_discord_channel_id.is_some_and(|staff| staff.to_string() == id),
            Platform::Telegram => self.staff_telegram_group_id.is_some_and(|staff| staff.to_string() == id),
            Platform::Terminal | Platform::Webhook => false,
        }
    }

    /// Returns an error naming the first invalid key.
    pub(super) fn check(&self, origin: &Origin) -> Result<(), ConfigError> {
        if self.staff_discord_role_ids.contains(&0) {
            return Err(value_error("roles.staff_discord_role_ids", origin, "role id 0 does not exist: copy the role's id from Discord"));
        }
        if let Some(user) = self.staff_telegram_user_ids.iter().find(|user| **user <= 0) {
            let detail = format!("invalid user id {user}: Telegram user ids are positive; a group id belongs in roles.staff_telegram_group_id");
            return Err(value_error("roles.staff_telegram_user_ids", origin, detail));
        }
        if self.staff_discord_channel_id == Some(0) {
            return Err(value_error("roles.staff_discord_channel_id", origin, "channel id 0 does not exist: copy the channel's id from Discord"));
        }
        if let Some(group) = self.staff_telegram_group_id.filter(|group| *group >= 0) {
            let detail = format!("invalid group id {group}: Telegram group ids are negative, such as -1001234567890");
            return Err(value_error("roles.staff_telegram_group_id", origin, detail));
        }
        Ok(())
    }
}

/// Applies the `KETENWACHT_ROLES_*` overrides. The lists are comma-separated.
pub(super) fn apply_env(settings: &mut RoleSettings, lookup: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    if let Some(list) = id_list(lookup, "KETENWACHT_ROLES_STAFF_DISCORD_ROLE_IDS", "roles.staff_discord_role_ids")? {
        settings.staff_discord_role_ids = list;
    }
    if let Some(list) = id_list(lookup, "KETENWACHT_ROLES_STAFF_TELEGRAM_USER_IDS", "roles.staff_telegram_user_ids")? {
        settings.staff_telegram_user_ids = list;
    }
    if let Some(id) = single_id(lookup, "KETENWACHT_ROLES_STAFF_DISCORD_CHANNEL_ID", "roles.staff_discord_channel_id")? {
        settings.staff_discord_channel_id = Some(id);
    }
    if let Some(id) = single_id(lookup, "KETENWACHT_ROLES_STAFF_TELEGRAM_GROUP_ID", "roles.staff_telegram_group_id")? {
        settings.staff_telegram_group_id = Some(id);
    }
    settings.check(&Origin::Env("KETENWACHT_ROLES_*"))
}

fn id_list<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    key: &str,
) -> Result<Option<Vec<T>>, ConfigError> {
    let Some(text) = lookup(name) else { return Ok(None) };
    let mut ids = Vec::new();
    for part in text.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        let id = part.parse().map_err(|_| {
            value_error(key, &Origin::Env(name), format!("invalid id {part:?}: write numbers separated by commas, such as 123,456"))
        })?;
        ids.push(id);
    }
    Ok(Some(ids))
}

fn single_id<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    key: &str,
) -> Result<Option<T>, ConfigError> {
    let Some(text) = lookup(name).filter(|text| !text.trim().is_empty()) else { return Ok(None) };
    let id = text
        .trim()
        .parse()
        .map_err(|_| value_error(key, &Origin::Env(name), format!("invalid id {text:?}: write the number the platform shows")))?;
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(pairs: &[(&str, &str)]) -> Result<RoleSettings, ConfigError> {
        let mut settings = RoleSettings::default();
        let lookup = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned());
        apply_env(&mut settings, &lookup)?;
        Ok(settings)
    }

    #[test]
    fn environment_sets_every_list() {
        let settings = apply(&[
            ("KETENWACHT_ROLES_STAFF_DISCORD_ROLE_IDS", "11, 12"),
            ("KETENWACHT_ROLES_STAFF_TELEGRAM_USER_IDS", "7"),
            ("KETENWACHT_ROLES_STAFF_DISCORD_CHANNEL_ID", "99"),
            ("KETENWACHT_ROLES_STAFF_TELEGRAM_GROUP_ID", "-1001"),
        ])
        .unwrap();
        assert_eq!(settings.staff_discord_role_ids, vec![11, 12]);
        assert_eq!(settings.staff_telegram_user_ids, vec![7]);
        assert_eq!(settings.staff_discord_channel_id, Some(99));
        assert_eq!(settings.staff_telegram_group_id, Some(-1001));
    }

    #[test]
    fn invalid_ids_are_rejected() {
        assert!(apply(&[("KETENWACHT_ROLES_STAFF_DISCORD_ROLE_IDS", "11,@staff")]).is_err());
        assert!(apply(&[("KETENWACHT_ROLES_STAFF_DISCORD_ROLE_IDS", "0")]).is_err());
        assert!(apply(&[("KETENWACHT_ROLES_STAFF_TELEGRAM_USER_IDS", "-5")]).is_err());
        assert!(apply(&[("KETENWACHT_ROLES_STAFF_TELEGRAM_GROUP_ID", "5")]).is_err());
        assert!(apply(&[("KETENWACHT_ROLES_STAFF_DISCORD_CHANNEL_ID", "general")]).is_err());
    }

    #[test]
    fn staff_chats_are_recognised() {
        let settings = RoleSettings { staff_discord_channel_id: Some(99), staff_telegram_group_id: Some(-1001), ..RoleSettings::default() };
        assert!(settings.is_staff_chat(&ChatRef::new(Platform::Discord, "99")));
        assert!(settings.is_staff_chat(&ChatRef::new(Platform::Telegram, "-1001")));
        assert!(!settings.is_staff_chat(&ChatRef::new(Platform::Telegram, "99")), "the Discord id on Telegram");
        assert!(!settings.is_staff_chat(&ChatRef::new(Platform::Discord, "-1001")));
        assert!(!settings.is_staff_chat(&ChatRef::new(Platform::Webhook, "99")));
        assert!(!RoleSettings::default().is_staff_chat(&ChatRef::new(Platform::Discord, "99")));
    }

    #[test]
    fn file_section_parses() {
        let text = "[roles]\nstaff_discord_role_ids = [5]\nstaff_telegram_group_id = -100\n";
        let config = super::super::Config::from_toml(text, std::path::Path::new("test.toml")).unwrap();
        assert_eq!(config.roles.staff_discord_role_ids, vec![5]);
        assert_eq!(config.roles.staff_telegram_group_id, Some(-100));
    }
}
