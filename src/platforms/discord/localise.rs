//! Names and descriptions of the slash commands, their options and choices, from the Fluent
//! files: English as Discord's default, Dutch as the `nl` localisation.
//!
//! Fluent ids:
//! - a command's description is `conversation-command-NAME`, and its Dutch name is the
//!   conversation's Dutch alias;
//! - a subcommand's description is `discord-command-PARENT-NAME`, and its Dutch name
//!   `discord-command-PARENT-NAME-name`;
//! - an option's description is `discord-option-NAME`, or `discord-option-COMMAND-NAME` where
//!   [`OPTIONS_OF_ONE_COMMAND`] lists it, and its localised name `discord-option-NAME-name`.

use std::borrow::Cow;

use chrono::Weekday;

use crate::checklist::Checklist;
use crate::conversation::CommandName;
use crate::domain::{weekday_key, Cadence, Language, Tier};
use crate::i18n::{text, text_with};

/// Discord's locale code for Dutch.
const DUTCH_LOCALE: &str = "nl";
/// Options whose description differs from the option of the same name in other commands, by
/// command and option name.
const OPTIONS_OF_ONE_COMMAND: [(&str, &str); 2] = [("export", "language"), ("import", "file")];

/// Sets names, descriptions and choice labels of every command from the Fluent files.
pub fn localise<U, E>(commands: &mut [poise::Command<U, E>]) {
    for command in commands {
        localise_command(command);
    }
}

fn localise_command<U, E>(command: &mut poise::Command<U, E>) {
    let name = command.name.to_string();
    let description = format!("conversation-command-{name}");
    command.description = Some(text(Language::En, &description).into());
    command.description_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &description).into())]);
    if let Some(alias) = CommandName::lookup(&name).and_then(CommandName::dutch_alias) {
        command.name_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), alias.into())]);
    }
    localise_parameters(command);
    for subcommand in &mut command.subcommands {
        localise_subcommand(&name, subcommand);
    }
}

/// Localises a subcommand such as `checklist export`. Its name is not looked up among the
/// conversation's commands, because `checklist start` is not `/start`.
fn localise_subcommand<U, E>(parent: &str, subcommand: &mut poise::Command<U, E>) {
    let key = format!("discord-command-{parent}-{}", subcommand.name);
    subcommand.description = Some(text(Language::En, &key).into());
    subcommand.description_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &key).into())]);
    subcommand.name_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &format!("{key}-name")).into())]);
    localise_parameters(subcommand);
}

fn localise_parameters<U, E>(command: &mut poise::Command<U, E>) {
    let command_name = command.name.to_string();
    for parameter in &mut command.parameters {
        let key = format!("discord-option-{}", parameter.name);
        let own = OPTIONS_OF_ONE_COMMAND.contains(&(command_name.as_str(), parameter.name.as_ref()));
        let description_key = if own { format!("discord-option-{command_name}-{}", parameter.name) } else { key.clone() };
        parameter.description = Some(text(Language::En, &description_key).into());
        parameter.description_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &description_key).into())]);
        parameter.name_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &format!("{key}-name")).into())]);
        if let Some(labels) = choice_labels(&parameter.name) {
            let mut choices = parameter.choices.to_vec();
            for (choice, (english, dutch)) in choices.iter_mut().zip(labels) {
                choice.name = english.into();
                choice.localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), dutch.into())]);
            }
            parameter.choices = Cow::Owned(choices);
        }
    }
}

/// Returns the English and Dutch label of each choice of an option, in the order of the
/// option's enum in [`super::commands`].
fn choice_labels(option: &str) -> Option<Vec<(String, String)>> {
    let both = |label: &dyn Fn(Language) -> String| (label(Language::En), label(Language::Nl));
    let labels = match option {
        "tier" => Tier::ALL
            .into_iter()
            .map(|tier| both(&|language| text(language, &format!("conversation-choice-tier-{}", tier.as_str()))))
            .collect(),
        // Each language is named in itself, as in the subscribe buttons.
        "language" => [Language::Nl, Language::En]
            .into_iter()
            .map(|named| both(&|_| text(named, &format!("conversation-choice-language-{}", named.as_str()))))
            .collect(),
        "cadence" => Cadence::ALL
            .into_iter()
            .map(|cadence| both(&|language| text(language, &format!("discord-choice-cadence-{}", cadence.as_str()))))
            .collect(),
        "weekday" => [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .into_iter()
            .map(|day| both(&|language| text_with(language, "conversation-weekday", &[("day", weekday_key(day).into())])))
            .collect(),
        // Section titles come from the checklist data, in the order of `SectionOption`.
        "section" => Checklist::get(Language::En)
            .sections
            .iter()
            .zip(&Checklist::get(Language::Nl).sections)
            .map(|(english, dutch)| (english.title.clone(), dutch.title.clone()))
            .collect(),
        "format" => ["csv", "markdown"]
            .into_iter()
            .map(|format| both(&|language| text(language, &format!("discord-choice-format-{format}"))))
            .collect(),
        // TLP labels are the same in every language.
        "level" => ["CLEAR", "GREEN", "AMBER"].into_iter().map(|label| (label.to_owned(), label.to_owned())).collect(),
        _ => return None,
    };
    Some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_described_in_both_languages() {
        let mut commands = super::super::commands::all();
        localise(&mut commands);
        for command in &commands {
            let created = serde_json::to_value(command.create_as_slash_command().expect("a slash command")).unwrap();
            let description = created["description"].as_str().unwrap();
            assert!(!description.starts_with("conversation-"), "{}: {description}", command.name);
            assert!(description.chars().count() <= 100, "{}: {description}", command.name);
            assert!(created["description_localizations"]["nl"].is_string(), "{}", command.name);
            for option in options_within(&created) {
                let name = option["name_localizations"]["nl"].as_str().unwrap();
                let valid = !name.is_empty() && name.len() <= 32 && name.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
                assert!(valid, "{}: option name {name:?}", command.name);
                for field in [&option["description"], &option["description_localizations"]["nl"]] {
                    let text = field.as_str().unwrap();
                    assert!(!text.starts_with("discord-"), "{}: {text}", command.name);
                    assert!(text.chars().count() <= 100, "{}: {text}", command.name);
                }
                for choice in option["choices"].as_array().into_iter().flatten() {
                    assert!(choice["name_localizations"]["nl"].is_string(), "{}: {choice}", command.name);
                }
            }
        }
    }

    /// Returns the options of a created command, and those of its subcommands.
    fn options_within(created: &serde_json::Value) -> Vec<serde_json::Value> {
        let mut options = Vec::new();
        for option in created["options"].as_array().into_iter().flatten() {
            options.push(option.clone());
            options.extend(options_within(option));
        }
        options
    }

    #[test]
    fn checklist_subcommands_localised() {
        let mut commands = super::super::commands::all();
        localise(&mut commands);
        let checklist = commands.iter().find(|command| command.name == "checklist").unwrap();
        let created = serde_json::to_value(checklist.create_as_slash_command().unwrap()).unwrap();
        let dutch: Vec<&str> = created["options"].as_array().unwrap().iter().map(|option| option["name_localizations"]["nl"].as_str().unwrap()).collect();
        assert_eq!(dutch, ["bekijk", "start", "verder", "wis", "exporteer", "importeer"]);

        let export = &created["options"][4];
        assert_eq!(export["description"], "The questionnaire as a file to send to a supplier");
        assert_eq!(export["options"][0]["name"], "language");
        assert_eq!(export["options"][0]["description"], "The language of the questionnaire; without one, the chat's language");
        assert_eq!(export["options"][1]["choices"][1]["name"], "Markdown (to read)");
        let section = &created["options"][0]["options"][0];
        assert_eq!(section["choices"][5]["name"], "Email");
        assert_eq!(section["choices"][0]["name_localizations"]["nl"], "Opslag en gebruik van uw gegevens");
    }

    #[test]
    fn dutch_names_are_the_aliases() {
        let mut commands = super::super::commands::all();
        localise(&mut commands);
        let subscribe = commands.iter().find(|command| command.name == "subscribe").unwrap();
        assert_eq!(subscribe.name_localizations.as_ref(), [(Cow::from("nl"), Cow::from("aanmelden"))]);
        let tier = &subscribe.parameters[0];
        assert_eq!(tier.choices[0].name, "Basic");
        assert_eq!(tier.choices[0].localizations.as_ref(), [(Cow::from("nl"), Cow::from("Basis"))]);
    }
}
