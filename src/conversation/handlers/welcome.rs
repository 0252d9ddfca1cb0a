//! `start`, `help`, unknown commands, and rejected arguments or callbacks.

use crate::conversation::callback::{Callback, CallbackError};
use crate::conversation::command::{ArgumentProblem, CommandName, MAX_ARGUMENTS, MAX_ARGUMENT_CHARS};
use crate::conversation::describe::{command_shown, tiers_about};
use crate::conversation::{ChatContext, Choice, Reply};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Welcomes a member: what Ketenwacht does, the tiers, and choices to subscribe or get help.
pub(crate) fn start(language: Language) -> Reply {
    Reply::text(text(language, "conversation-start-welcome"))
        .with_text(text(language, "conversation-start-about"))
        .with_text(format!("{}\n{}", text(language, "conversation-start-tiers"), tiers_about(language)))
        .with_text(text(language, "conversation-start-next"))
        .with_row(vec![
            Choice::new(text(language, "conversation-choice-subscribe"), Callback::Subscribe(Default::default())),
            Choice::new(text(language, "conversation-choice-help"), Callback::Help),
        ])
}

/// Lists every command with its description and an example, and for staff the staff commands.
pub(crate) fn help(language: Language, staff: bool) -> Reply {
    let reply = Reply::text(text(language, "conversation-help-intro")).with_text(help_entries(CommandName::ALL, language));
    if !staff {
        return reply;
    }
    reply.with_text(text(language, "staff-help-intro")).with_text(help_entries(CommandName::STAFF, language))
}

fn help_entries(commands: impl IntoIterator<Item = CommandName>, language: Language) -> String {
    let entries: Vec<String> = commands
        .into_iter()
        .map(|command| {
            text_with(
                language,
                "conversation-help-entry",
                &[
                    ("names", command_names(command, language).into()),
                    ("description", text(language, &command.description_id()).into()),
                    ("example", text(language, &command.example_id()).into()),
                ],
            )
        })
        .collect();
    entries.join("\n\n")
}

/// Tells the member the command is unknown, and lists the known ones.
pub(crate) fn unknown(name: &str, language: Language) -> Reply {
    let known: Vec<String> = CommandName::ALL
        .into_iter()
        .map(|command| {
            text_with(
                language,
                "conversation-command-line",
                &[
                    ("command", command_shown(command, language).into()),
                    ("description", text(language, &command.description_id()).into()),
                ],
            )
        })
        .collect();
    Reply::text(text_with(language, "conversation-unknown", &[("command", name.into())])).with_text(known.join("\n")).privately()
}

/// Explains which limit the arguments broke.
pub(crate) fn bad_arguments(command: CommandName, problem: &ArgumentProblem, language: Language) -> Reply {
    let command = command_shown(command, language);
    let message = match problem {
        ArgumentProblem::TooMany => text_with(
            language,
            "conversation-error-too-many-arguments",
            &[("command", command.into()), ("max", MAX_ARGUMENTS.into())],
        ),
        ArgumentProblem::TooLong(start) => text_with(
            language,
            "conversation-error-argument-too-long",
            &[("command", command.into()), ("value", start.as_str().into()), ("max", MAX_ARGUMENT_CHARS.into())],
        ),
    };
    Reply::text(message).privately()
}

/// Replies to a callback id that cannot be acted on, and logs it at `warn`.
pub(crate) fn callback_rejected(context: &ChatContext, error: &CallbackError, language: Language) -> Reply {
    tracing::warn!(chat = %context.chat, error = %error, "rejected a callback");
    let id = match error {
        CallbackError::Outdated { .. } => "conversation-callback-outdated",
        CallbackError::Malformed { .. } => "conversation-callback-invalid",
    };
    Reply::text(text(language, id))
        .with_row(vec![Choice::new(text(language, "conversation-choice-settings"), Callback::Settings)])
        .privately()
}

/// Returns the command's names for help: the Dutch alias and the English name, where there
/// is an alias.
fn command_names(command: CommandName, language: Language) -> String {
    match command.dutch_alias() {
        Some(alias) => text_with(
            language,
            "conversation-help-names",
            &[("name", format!("/{}", command.as_str()).into()), ("alias", format!("/{alias}").into())],
        ),
        None => format!("/{}", command.as_str()),
    }
}
