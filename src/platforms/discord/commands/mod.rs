//! The slash commands: one function per command, each turning its typed options into a
//! conversation [`Command`]. Adding a command is one function here plus its line in [`all`];
//! names and descriptions come from the Fluent files (see [`super::localise`]). The checklist
//! commands, with their subcommands, are in [`checklist`].

mod checklist;
mod staff;
mod submissions;

use poise::serenity_prelude as serenity;

use super::respond::answer;
use super::{CommandError, Context};
use crate::conversation::Command;
use crate::digest::shareable_in_community;
use crate::domain::{Cadence, Language, Tier};
use crate::store::AdvisoryQuery;

/// Maximum advisory ids offered while a member types one (Discord shows at most 25).
const MAX_SUGGESTIONS: usize = 25;
/// Newest advisories searched for suggestions.
const SUGGESTION_SCAN: u32 = 500;

/// Returns every command, in the order menus list them.
pub fn all() -> Vec<poise::Command<super::Data, CommandError>> {
    vec![
        start(),
        help(),
        subscribe(),
        unsubscribe(),
        settings(),
        latest(),
        advisory(),
        digest(),
        checklist::checklist(),
        checklist::ask(),
        submissions::submit(),
        mydata(),
        forget(),
        staff::verify(),
        staff::unverify(),
        staff::channel(),
        submissions::moderate(),
        submissions::reject(),
        staff::announce(),
        staff::withdraw(),
        staff::audit(),
    ]
}

#[poise::command(slash_command)]
pub async fn start(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Start).await
}

#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Help).await
}

/// Without a tier, offers the choices step by step as buttons.
#[poise::command(slash_command)]
#[allow(clippy::too_many_arguments)]
pub async fn subscribe(
    ctx: Context<'_>,
    tier: Option<TierOption>,
    language: Option<LanguageOption>,
    cadence: Option<CadenceOption>,
    weekday: Option<WeekdayOption>,
    time: Option<String>,
    include: Option<String>,
    exclude: Option<String>,
    lower: Option<bool>,
) -> Result<(), CommandError> {
    let mut words: Vec<String> = Vec::new();
    words.extend(tier.map(|tier| Tier::from(tier).as_str().to_owned()));
    words.extend(language.map(|language| Language::from(language).as_str().to_owned()));
    words.extend(cadence.map(|cadence| Cadence::from(cadence).as_str().to_owned()));
    words.extend(weekday.map(|weekday| crate::domain::weekday_key(chrono::Weekday::from(weekday)).to_owned()));
    words.extend(time);
    // Filters are comma lists; spaces after the commas would split them into separate words.
    words.extend(include.map(|list| format!("include={}", without_spaces(&list))));
    words.extend(exclude.map(|list| format!("exclude={}", without_spaces(&list))));
    if lower == Some(true) {
        words.push("lower".to_owned());
    }
    answer(ctx, parsed("subscribe", &words)).await
}

#[poise::command(slash_command)]
pub async fn unsubscribe(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Unsubscribe).await
}

#[poise::command(slash_command)]
pub async fn settings(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Settings).await
}

#[poise::command(slash_command)]
pub async fn latest(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Latest).await
}

#[poise::command(slash_command)]
pub async fn advisory(
    ctx: Context<'_>,
    #[autocomplete = "suggest_advisories"] id: Option<String>,
) -> Result<(), CommandError> {
    answer(ctx, parsed("advisory", id.as_slice())).await
}

#[poise::command(slash_command)]
pub async fn digest(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Digest).await
}

#[poise::command(slash_command)]
pub async fn mydata(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::MyData).await
}

#[poise::command(slash_command)]
pub async fn forget(ctx: Context<'_>) -> Result<(), CommandError> {
    answer(ctx, Command::Forget).await
}

/// Parses option values as if typed after `/name`, so that the conversation's limits on
/// argument count and length and its removal of hidden characters apply as for typed text.
fn parsed(name: &str, words: &[String]) -> Command {
    let text = format!("/{name} {}", words.join(" "));
    Command::parse(&text, None).unwrap_or_else(|| Command::Unknown(name.to_owned()))
}

fn without_spaces(list: &str) -> String {
    list.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Suggests advisory ids that contain what the member typed, newest first, leaving out
/// advisories that may not be shared in a community chat.
async fn suggest_advisories(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let query = AdvisoryQuery { limit: Some(SUGGESTION_SCAN), ..AdvisoryQuery::default() };
    let typed = partial.trim().to_uppercase();
    let choices = match ctx.data().store.list_advisories(&query).await {
        Ok(advisories) => advisories
            .iter()
            .filter(|advisory| shareable_in_community(advisory.draft.tlp))
            .map(|advisory| advisory.draft.id.to_string())
            .filter(|id| id.to_uppercase().contains(&typed))
            .take(MAX_SUGGESTIONS)
            .map(serenity::AutocompleteChoice::from)
            .collect(),
        Err(error) => {
            tracing::warn!(error = %error, "failed to list advisories for suggestions");
            Vec::new()
        }
    };
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Choice names are the English defaults; [`super::localise`] sets them from Fluent.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum TierOption {
    Basic,
    Advanced,
    Expert,
}

impl From<TierOption> for Tier {
    fn from(option: TierOption) -> Tier {
        match option {
            TierOption::Basic => Tier::Basic,
            TierOption::Advanced => Tier::Advanced,
            TierOption::Expert => Tier::Expert,
        }
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum LanguageOption {
    Nederlands,
    English,
}

impl From<LanguageOption> for Language {
    fn from(option: LanguageOption) -> Language {
        match option {
            LanguageOption::Nederlands => Language::Nl,
            LanguageOption::English => Language::En,
        }
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum CadenceOption {
    Instant,
    Daily,
    Weekly,
}

impl From<CadenceOption> for Cadence {
    fn from(option: CadenceOption) -> Cadence {
        match option {
            CadenceOption::Instant => Cadence::Instant,
            CadenceOption::Daily => Cadence::Daily,
            CadenceOption::Weekly => Cadence::Weekly,
        }
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum WeekdayOption {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayOption> for chrono::Weekday {
    fn from(option: WeekdayOption) -> chrono::Weekday {
        match option {
            WeekdayOption::Monday => chrono::Weekday::Mon,
            WeekdayOption::Tuesday => chrono::Weekday::Tue,
            WeekdayOption::Wednesday => chrono::Weekday::Wed,
            WeekdayOption::Thursday => chrono::Weekday::Thu,
            WeekdayOption::Friday => chrono::Weekday::Fri,
            WeekdayOption::Saturday => chrono::Weekday::Sat,
            WeekdayOption::Sunday => chrono::Weekday::Sun,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::CommandName;

    #[test]
    fn every_conversation_command_is_registered() {
        let registered: Vec<String> = all().iter().map(|command| command.name.to_string()).collect();
        let expected: Vec<&str> = CommandName::ALL.iter().chain(&CommandName::STAFF).map(|command| command.as_str()).collect();
        assert_eq!(registered, expected, "each conversation command needs a function in platforms/discord/commands.rs and a line in all()");
    }
}
