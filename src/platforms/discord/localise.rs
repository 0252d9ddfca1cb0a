//! Names and descriptions of the slash commands, their options and choices, from the Fluent
//! files: English as Discord's default, Dutch as the `nl` localisation.
//!
//! Fluent ids: a command's description is `conversation-command-NAME` and its Dutch name the
//! conversation's Dutch alias; an option's description is `discord-option-NAME` and its
//! localised name `discord-option-NAME-name`.

use std::borrow::Cow;

use chrono::Weekday;

use crate::conversation::CommandName;
use crate::domain::{weekday_key, Cadence, Language, Tier};
use crate::i18n::{text, text_with};

/// Discord's locale code for Dutch.
const DUTCH_LOCALE: &str = "nl";

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
    for parameter in &mut command.parameters {
        let key = format!("discord-option-{}", parameter.name);
        parameter.description = Some(text(Language::En, &key).into());
        parameter.description_localizations = Cow::Owned(vec![(DUTCH_LOCALE.into(), text(Language::Nl, &key).into())]);
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
            for option in created["options"].as_array().into_iter().flatten() {
                let name = option["name_localizations"]["nl"].as_str().unwrap();
                let valid = !name.is_empty() && name.len() <= 32 && name.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
                assert!(valid, "{}: option name {name:?}", command.name);
                for field in [&option["description"], &option["description_localizations"]["nl"]] {
                    let text = field.as_str().unwrap();
                    assert!(!text.starts_with("discord-option"), "{}: {text}", command.name);
                    assert!(text.chars().count() <= 100, "{}: {text}", command.name);
                }
                for choice in option["choices"].as_array().into_iter().flatten() {
                    assert!(choice["name_localizations"]["nl"].is_string(), "{}: {choice}", command.name);
                }
            }
        }
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
