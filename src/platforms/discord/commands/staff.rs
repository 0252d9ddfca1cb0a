//! The staff commands `/verify`, `/unverify`, `/channel tlp`, `/announce`, `/withdraw` and
//! `/audit`. Discord lists them for every member; the conversation rejects them from members
//! who are not staff.

use poise::serenity_prelude as serenity;

use super::parsed;
use crate::conversation::Command;
use crate::platforms::discord::respond::answer;
use crate::platforms::discord::{CommandError, Context};

// `max_length` is `MAX_ORGANISATION_CHARS`, as a test checks.
#[poise::command(slash_command)]
pub async fn verify(ctx: Context<'_>, member: serenity::User, #[max_length = 100] organisation: String) -> Result<(), CommandError> {
    answer(ctx, parsed("verify", &[member.id.get().to_string(), organisation])).await
}

#[poise::command(slash_command)]
pub async fn unverify(ctx: Context<'_>, member: serenity::User) -> Result<(), CommandError> {
    answer(ctx, parsed("unverify", &[member.id.get().to_string()])).await
}

// `schedule` is a date and time in Dutch time, `YYYY-MM-DD HH:MM`; without it the
// announcement goes out on confirmation. The conversation checks the text's length.
#[poise::command(slash_command)]
pub async fn announce(ctx: Context<'_>, message: String, schedule: Option<String>) -> Result<(), CommandError> {
    let text = match schedule {
        Some(schedule) => format!("/announce at {} {message}", schedule.trim()),
        None => format!("/announce {message}"),
    };
    answer(ctx, Command::parse(&text, None).unwrap_or(Command::Announce(message))).await
}

#[poise::command(slash_command)]
pub async fn withdraw(ctx: Context<'_>, #[min = 1] announcement: i64) -> Result<(), CommandError> {
    answer(ctx, parsed("withdraw", &[announcement.to_string()])).await
}

// `max` is `MAX_AUDIT_ENTRIES`.
#[poise::command(slash_command)]
pub async fn audit(ctx: Context<'_>, #[min = 1] #[max = 50] entries: Option<i64>) -> Result<(), CommandError> {
    answer(ctx, parsed("audit", &entries.map(|entries| entries.to_string()).into_iter().collect::<Vec<_>>())).await
}

/// Groups `/channel tlp`. Discord never invokes the parent on its own.
#[poise::command(slash_command, subcommands("tlp"), subcommand_required)]
pub async fn channel(_ctx: Context<'_>) -> Result<(), CommandError> {
    Ok(())
}

/// Without a level, shows the channel's ceiling and ignores `confirm_verified`.
#[poise::command(slash_command)]
async fn tlp(ctx: Context<'_>, level: Option<CeilingOption>, confirm_verified: Option<bool>) -> Result<(), CommandError> {
    let mut words = vec!["tlp".to_owned()];
    if let Some(level) = level {
        words.push(level.label().to_owned());
        if confirm_verified == Some(true) {
            words.push("confirm-verified".to_owned());
        }
    }
    answer(ctx, parsed("channel", &words)).await
}

/// The ceilings a channel may have; TLP labels are the same in every language.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum CeilingOption {
    #[name = "CLEAR"]
    Clear,
    #[name = "GREEN"]
    Green,
    #[name = "AMBER"]
    Amber,
}

impl CeilingOption {
    fn label(self) -> &'static str {
        match self {
            CeilingOption::Clear => "CLEAR",
            CeilingOption::Green => "GREEN",
            CeilingOption::Amber => "AMBER",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MAX_ORGANISATION_CHARS;

    #[test]
    fn organisation_length_matches_the_store() {
        let command = verify();
        let organisation = command.parameters.iter().find(|parameter| parameter.name == "organisation").expect("organisation option");
        let created = serde_json::to_value(organisation.create_as_slash_command_option().expect("a slash option")).unwrap();
        assert_eq!(created["max_length"].as_u64(), Some(MAX_ORGANISATION_CHARS as u64));
    }
}
