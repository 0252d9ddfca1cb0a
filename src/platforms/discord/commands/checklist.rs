//! `/checklist` with one subcommand per action, and `/ask`. Each subcommand shows only its own
//! options and turns them into the words of the conversation's `checklist` command, so the
//! conversation checks them as it checks typed text.

use std::borrow::Cow;

use poise::serenity_prelude as serenity;

use super::{parsed, LanguageOption};
use crate::checklist::questionnaire::Format;
use crate::checklist::{Checklist, Section};
use crate::domain::Language;
use crate::platforms::discord::respond::{answer, answer_upload};
use crate::platforms::discord::{CommandError, Context};

/// The parent of the checklist subcommands, which Discord never invokes on its own.
#[poise::command(
    slash_command,
    subcommands("view", "start", "resume", "reset", "export", "import"),
    subcommand_required
)]
pub async fn checklist(_ctx: Context<'_>) -> Result<(), CommandError> {
    Ok(())
}

/// Without a section, lists the sections as buttons.
#[poise::command(slash_command)]
async fn view(ctx: Context<'_>, section: Option<SectionOption>) -> Result<(), CommandError> {
    let words: Vec<String> = section.map(|section| section.id().to_owned()).into_iter().collect();
    answer(ctx, parsed("checklist", &words)).await
}

// `max_length` is `MAX_SUPPLIER_CHARS`, as a test checks.
#[poise::command(slash_command)]
async fn start(
    ctx: Context<'_>,
    section: Option<SectionOption>,
    #[max_length = 100] supplier: Option<String>,
) -> Result<(), CommandError> {
    let mut words = vec!["start".to_owned()];
    words.extend(section.map(|section| section.id().to_owned()));
    words.extend(supplier.as_deref().map(supplier_word));
    answer(ctx, parsed("checklist", &words)).await
}

/// Without a supplier, offers the member's saved checklists as buttons.
#[poise::command(slash_command)]
async fn resume(ctx: Context<'_>, #[max_length = 100] supplier: Option<String>) -> Result<(), CommandError> {
    let mut words = vec!["resume".to_owned()];
    words.extend(supplier.as_deref().map(supplier_word));
    answer(ctx, parsed("checklist", &words)).await
}

#[poise::command(slash_command)]
async fn reset(ctx: Context<'_>, #[max_length = 100] supplier: Option<String>) -> Result<(), CommandError> {
    let mut words = vec!["reset".to_owned()];
    words.extend(supplier.as_deref().map(supplier_word));
    answer(ctx, parsed("checklist", &words)).await
}

#[poise::command(slash_command)]
async fn export(ctx: Context<'_>, language: Option<LanguageOption>, format: Option<FormatOption>) -> Result<(), CommandError> {
    let mut words = vec!["export".to_owned()];
    words.extend(language.map(|language| Language::from(language).as_str().to_owned()));
    // The conversation reads a format by its file extension as well as by its name.
    words.extend(format.map(|format| Format::from(format).extension().to_owned()));
    answer(ctx, parsed("checklist", &words)).await
}

/// Reads the attached, filled-in questionnaire.
#[poise::command(slash_command)]
async fn import(ctx: Context<'_>, file: serenity::Attachment) -> Result<(), CommandError> {
    answer_upload(ctx, &file).await
}

// `max_length` is `MAX_QUESTION_CHARS`, as a test checks.
#[poise::command(slash_command)]
pub async fn ask(ctx: Context<'_>, #[max_length = 500] question: String) -> Result<(), CommandError> {
    answer(ctx, parsed("ask", &[question])).await
}

/// Writes the supplier as `supplier=NAME`, so that a name starting with a section's id or a
/// subcommand word (`Email BV`) stays a name.
fn supplier_word(name: &str) -> String {
    format!("supplier={name}")
}

/// A section of the checklist by its position in the checklist data, so that the choices
/// follow `data/checklist.*.toml`. Choice labels are the section titles, set by
/// [`crate::platforms::discord::localise`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionOption(usize);

impl SectionOption {
    fn id(self) -> &'static str {
        sections()[self.0].id.as_str()
    }
}

/// Returns the sections in checklist order. Their ids and order are the same in both languages.
fn sections() -> &'static [Section] {
    &Checklist::get(Language::En).sections
}

impl poise::ChoiceParameter for SectionOption {
    fn list() -> Cow<'static, [poise::CommandParameterChoice]> {
        sections()
            .iter()
            .map(|section| poise::CommandParameterChoice {
                name: section.id.as_str().into(),
                localizations: Cow::Borrowed(&[]),
                __non_exhaustive: (),
            })
            .collect()
    }

    fn from_index(index: usize) -> Option<Self> {
        (index < sections().len()).then_some(SectionOption(index))
    }

    fn from_name(name: &str) -> Option<Self> {
        sections().iter().position(|section| section.id == name).map(SectionOption)
    }

    fn name(&self) -> &'static str {
        self.id()
    }

    fn localized_name(&self, _locale: &str) -> Option<&'static str> {
        None
    }
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum FormatOption {
    Csv,
    Markdown,
}

impl From<FormatOption> for Format {
    fn from(option: FormatOption) -> Format {
        match option {
            FormatOption::Csv => Format::Csv,
            FormatOption::Markdown => Format::Markdown,
        }
    }
}

#[cfg(test)]
mod tests {
    use poise::ChoiceParameter;

    use super::*;
    use crate::conversation::command::MAX_QUESTION_CHARS;
    use crate::conversation::Command;
    use crate::store::MAX_SUPPLIER_CHARS;

    /// Maximum choices of one option (Discord API v10).
    const MAX_CHOICES: usize = 25;

    #[test]
    fn section_choices_follow_the_checklist() {
        let choices = SectionOption::list();
        assert!(choices.len() <= MAX_CHOICES, "Discord offers at most {MAX_CHOICES} choices");
        for language in [Language::Nl, Language::En] {
            let ids: Vec<&str> = Checklist::get(language).sections.iter().map(|section| section.id.as_str()).collect();
            let chosen: Vec<&str> = (0..choices.len()).map(|index| SectionOption::from_index(index).unwrap().id()).collect();
            assert_eq!(chosen, ids, "{language}");
        }
        assert_eq!(SectionOption::from_index(choices.len()), None);
        assert_eq!(SectionOption::from_name("email").map(SectionOption::id), Some("email"));
    }

    #[test]
    fn supplier_starting_with_a_section_stays_a_name() {
        let command = parsed("checklist", &["start".to_owned(), supplier_word("Email  BV")]);
        assert_eq!(command, Command::Checklist(vec!["start".into(), "supplier=Email".into(), "BV".into()]));
        let request = match command {
            Command::Checklist(words) => crate::conversation::checklist_request::ChecklistRequest::parse(&words),
            other => panic!("not a checklist command: {other:?}"),
        };
        let expected = crate::conversation::checklist_request::ChecklistRequest::Start { section: None, supplier: Some("Email BV".into()) };
        assert_eq!(request, Ok(expected));
    }

    #[test]
    fn option_lengths_match_the_conversation() {
        let commands = [checklist(), ask()];
        let lengths: Vec<(String, u64)> = commands
            .iter()
            .flat_map(|command| command.subcommands.iter().chain(std::iter::once(command)))
            .flat_map(|command| command.parameters.iter().map(move |parameter| (command.name.to_string(), parameter)))
            .filter_map(|(command, parameter)| {
                let created = serde_json::to_value(parameter.create_as_slash_command_option()?).unwrap();
                Some((format!("{command} {}", parameter.name), created["max_length"].as_u64()?))
            })
            .collect();
        let supplier = MAX_SUPPLIER_CHARS as u64;
        let question = MAX_QUESTION_CHARS as u64;
        let expected = [
            ("start supplier".to_owned(), supplier),
            ("resume supplier".to_owned(), supplier),
            ("reset supplier".to_owned(), supplier),
            ("ask question".to_owned(), question),
        ];
        assert_eq!(lengths, expected);
    }
}
