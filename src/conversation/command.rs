//! Commands as a typed enum, parsed from chat text.
//!
//! A command is `/name arguments`, or `/name@botname arguments` in groups. Names match
//! case-insensitively in English or by their Dutch alias, and hidden characters (control,
//! zero-width, bidirectional) are removed from names and arguments before matching.

use super::text::{is_hidden, shown, strip_hidden};
use crate::domain::Language;
use crate::i18n::text;

/// Maximum number of arguments a command accepts.
pub const MAX_ARGUMENTS: usize = 16;
/// Maximum length of one argument, in characters. Ten filters of 100 characters in one
/// `include=` list fit.
pub const MAX_ARGUMENT_CHARS: usize = 1100;
/// Maximum length of a question after `ask`, in characters; longer questions are cut.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Maximum length of free text after `announce`, `submit` or `reject` that is kept, in
/// characters. It is above every handler's own limit (such as `submissions.max_chars`), so
/// that the handler can tell the member the text is too long instead of cutting it.
pub const MAX_FREE_TEXT_CHARS: usize = 4096;
/// Maximum length of an unknown command name or over-long argument shown back, in characters.
pub(crate) const MAX_SHOWN_CHARS: usize = 40;

/// The commands this bot handles, by canonical English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    Start,
    Help,
    Subscribe,
    Unsubscribe,
    Settings,
    Latest,
    Advisory,
    Digest,
    Checklist,
    Ask,
    Verify,
    Unverify,
    Channel,
    MyData,
    Forget,
    Announce,
    Withdraw,
    Audit,
    Submit,
    Moderate,
    Reject,
}

impl CommandName {
    /// Every command, in the order menus and help list them.
    pub const ALL: [CommandName; 13] = [
        CommandName::Start,
        CommandName::Help,
        CommandName::Subscribe,
        CommandName::Unsubscribe,
        CommandName::Settings,
        CommandName::Latest,
        CommandName::Advisory,
        CommandName::Digest,
        CommandName::Checklist,
        CommandName::Ask,
        CommandName::Submit,
        CommandName::MyData,
        CommandName::Forget,
    ];

    /// The staff commands, which menus and help leave out because other members cannot use them.
    pub const STAFF: [CommandName; 8] = [
        CommandName::Verify,
        CommandName::Unverify,
        CommandName::Channel,
        CommandName::Moderate,
        CommandName::Reject,
        CommandName::Announce,
        CommandName::Withdraw,
        CommandName::Audit,
    ];

    /// Returns the canonical name, as platforms register it.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandName::Start => "start",
            CommandName::Help => "help",
            CommandName::Subscribe => "subscribe",
            CommandName::Unsubscribe => "unsubscribe",
            CommandName::Settings => "settings",
            CommandName::Latest => "latest",
            CommandName::Advisory => "advisory",
            CommandName::Digest => "digest",
            CommandName::Checklist => "checklist",
            CommandName::Ask => "ask",
            CommandName::Verify => "verify",
            CommandName::Unverify => "unverify",
            CommandName::Channel => "channel",
            CommandName::MyData => "mydata",
            CommandName::Forget => "forget",
            CommandName::Announce => "announce",
            CommandName::Withdraw => "withdraw",
            CommandName::Audit => "audit",
            CommandName::Submit => "submit",
            CommandName::Moderate => "moderate",
            CommandName::Reject => "reject",
        }
    }

    /// Returns the Dutch alias, if the command has one.
    pub fn dutch_alias(self) -> Option<&'static str> {
        match self {
            CommandName::Start => None,
            CommandName::Help => Some("hulp"),
            CommandName::Subscribe => Some("aanmelden"),
            CommandName::Unsubscribe => Some("afmelden"),
            CommandName::Settings => Some("instellingen"),
            CommandName::Latest => Some("nieuwste"),
            CommandName::Advisory => Some("advies"),
            CommandName::Digest => Some("overzicht"),
            // The Dutch word is the same.
            CommandName::Checklist => None,
            CommandName::Ask => Some("vraag"),
            CommandName::Verify => Some("verifieer"),
            CommandName::Unverify => Some("ontverifieer"),
            CommandName::Channel => Some("kanaal"),
            CommandName::MyData => Some("mijngegevens"),
            CommandName::Forget => Some("vergeetmij"),
            CommandName::Announce => Some("aankondigen"),
            CommandName::Withdraw => Some("intrekken"),
            CommandName::Audit => Some("logboek"),
            CommandName::Submit => Some("melden"),
            CommandName::Moderate => Some("modereren"),
            CommandName::Reject => Some("afwijzen"),
        }
    }

    /// Finds a command by its canonical name or Dutch alias, ignoring case.
    pub fn lookup(name: &str) -> Option<CommandName> {
        let lower = name.to_lowercase();
        CommandName::ALL
            .into_iter()
            .chain(CommandName::STAFF)
            .find(|command| command.as_str() == lower || command.dutch_alias() == Some(lower.as_str()))
    }

    /// Returns the Fluent id of the command's one-line description.
    pub(crate) fn description_id(self) -> String {
        format!("conversation-command-{}", self.as_str())
    }

    /// Returns the Fluent id of the command's example.
    pub(crate) fn example_id(self) -> String {
        format!("conversation-example-{}", self.as_str())
    }
}

/// The reason a command's arguments were rejected before any handler saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentProblem {
    /// More than [`MAX_ARGUMENTS`] arguments.
    TooMany,
    /// One argument longer than [`MAX_ARGUMENT_CHARS`], with its start cut for showing back.
    TooLong(String),
}

/// A command a member typed. Canonical names are English; every name has a Dutch description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    /// `subscribe` with its arguments as typed; no arguments offers choices as buttons.
    Subscribe(Vec<String>),
    Unsubscribe,
    Settings,
    Latest,
    /// `advisory` with its arguments joined by single spaces; empty when none were given.
    Advisory(String),
    Digest,
    /// `checklist` with its arguments as typed; see `checklist_request` for the forms.
    Checklist(Vec<String>),
    /// `ask` with the question as typed, hidden characters removed and cut to
    /// [`MAX_QUESTION_CHARS`]; empty when none was given.
    Ask(String),
    /// `verify` with the member and organisation as typed; staff only.
    Verify(Vec<String>),
    /// `unverify` with the member as typed; staff only.
    Unverify(Vec<String>),
    /// `channel` with its arguments as typed, such as `tlp GREEN`; staff only.
    Channel(Vec<String>),
    /// `mydata`: what is stored about the member.
    MyData,
    /// `forget`: asks to confirm deleting what is stored about the member.
    Forget,
    /// `announce` with the text as typed: line breaks kept, other hidden characters removed,
    /// at most [`MAX_FREE_TEXT_CHARS`] characters; staff only.
    Announce(String),
    /// `withdraw` with the announcement id as typed; staff only.
    Withdraw(Vec<String>),
    /// `audit` with the number of entries as typed; staff only.
    Audit(Vec<String>),
    /// `submit` with everything after it, line breaks kept, hidden characters removed and cut
    /// to [`MAX_FREE_TEXT_CHARS`]; empty when nothing was given.
    Submit(String),
    /// `moderate` with an optional submission id as typed; staff only.
    Moderate(Vec<String>),
    /// `reject` with the submission id and reason as one text, cleaned like `submit`; staff only.
    Reject(String),
    /// A known command whose arguments break the limits on count or length.
    BadArguments { command: CommandName, problem: ArgumentProblem },
    /// A command this bot does not know, with the name as typed, cleaned and cut for showing.
    Unknown(String),
}

impl Command {
    /// Parses `/name args` (also `/name@botname` in groups). Returns `None` for text that is not
    /// a command, and for a command addressed to another bot. `bot_username` is the bot's own
    /// name, with or without `@`.
    pub fn parse(text: &str, bot_username: Option<&str>) -> Option<Command> {
        let text = text.trim_start_matches(|c: char| c.is_whitespace() || is_hidden(c));
        let rest = text.strip_prefix('/')?;
        let (head, arguments) = match rest.find(char::is_whitespace) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };

        let head = strip_hidden(head);
        let (name, addressee) = match head.split_once('@') {
            Some((name, addressee)) => (name, Some(addressee)),
            None => (head.as_str(), None),
        };
        if name.is_empty() {
            return None;
        }
        if let (Some(addressee), Some(bot)) = (addressee, bot_username) {
            let bot = bot.trim_start_matches('@');
            if !addressee.is_empty() && !addressee.eq_ignore_ascii_case(bot) {
                return None;
            }
        }

        let Some(command) = CommandName::lookup(name) else {
            return Some(Command::Unknown(shown(name, MAX_SHOWN_CHARS)));
        };
        Some(Command::with_arguments(command, arguments))
    }

    fn with_arguments(command: CommandName, arguments: &str) -> Command {
        if command == CommandName::Ask {
            // A question is free text of any number of words, so the word limits do not apply.
            let words: Vec<&str> = arguments.split_whitespace().collect();
            return Command::Ask(shown(&words.join(" "), MAX_QUESTION_CHARS));
        }
        match command {
            CommandName::Announce => return Command::Announce(free_text(arguments)),
            CommandName::Submit => return Command::Submit(free_text(arguments)),
            CommandName::Reject => return Command::Reject(free_text(arguments)),
            _ => {}
        }
        let takes_arguments = matches!(
            command,
            CommandName::Subscribe
                | CommandName::Advisory
                | CommandName::Checklist
                | CommandName::Verify
                | CommandName::Unverify
                | CommandName::Channel
                | CommandName::Withdraw
                | CommandName::Audit
                | CommandName::Moderate
        );
        if !takes_arguments {
            // Extra words are ignored, such as the payload Telegram appends to /start links.
            return Command::without_arguments(command);
        }
        let arguments = match split_arguments(arguments) {
            Ok(arguments) => arguments,
            Err(problem) => return Command::BadArguments { command, problem },
        };
        match command {
            CommandName::Subscribe => Command::Subscribe(arguments),
            CommandName::Checklist => Command::Checklist(arguments),
            CommandName::Verify => Command::Verify(arguments),
            CommandName::Unverify => Command::Unverify(arguments),
            CommandName::Channel => Command::Channel(arguments),
            CommandName::Withdraw => Command::Withdraw(arguments),
            CommandName::Audit => Command::Audit(arguments),
            CommandName::Moderate => Command::Moderate(arguments),
            _ => Command::Advisory(arguments.join(" ")),
        }
    }

    fn without_arguments(command: CommandName) -> Command {
        match command {
            CommandName::Start => Command::Start,
            CommandName::Help => Command::Help,
            CommandName::Unsubscribe => Command::Unsubscribe,
            CommandName::Settings => Command::Settings,
            CommandName::Latest => Command::Latest,
            CommandName::Digest => Command::Digest,
            CommandName::Subscribe => Command::Subscribe(Vec::new()),
            CommandName::Advisory => Command::Advisory(String::new()),
            CommandName::Checklist => Command::Checklist(Vec::new()),
            CommandName::Ask => Command::Ask(String::new()),
            CommandName::Verify => Command::Verify(Vec::new()),
            CommandName::Unverify => Command::Unverify(Vec::new()),
            CommandName::Channel => Command::Channel(Vec::new()),
            CommandName::MyData => Command::MyData,
            CommandName::Forget => Command::Forget,
            CommandName::Announce => Command::Announce(String::new()),
            CommandName::Withdraw => Command::Withdraw(Vec::new()),
            CommandName::Audit => Command::Audit(Vec::new()),
            CommandName::Submit => Command::Submit(String::new()),
            CommandName::Moderate => Command::Moderate(Vec::new()),
            CommandName::Reject => Command::Reject(String::new()),
        }
    }

    /// Returns the command's canonical name, or `None` for an unknown command.
    pub fn name(&self) -> Option<CommandName> {
        match self {
            Command::Start => Some(CommandName::Start),
            Command::Help => Some(CommandName::Help),
            Command::Subscribe(_) => Some(CommandName::Subscribe),
            Command::Unsubscribe => Some(CommandName::Unsubscribe),
            Command::Settings => Some(CommandName::Settings),
            Command::Latest => Some(CommandName::Latest),
            Command::Advisory(_) => Some(CommandName::Advisory),
            Command::Digest => Some(CommandName::Digest),
            Command::Checklist(_) => Some(CommandName::Checklist),
            Command::Ask(_) => Some(CommandName::Ask),
            Command::Verify(_) => Some(CommandName::Verify),
            Command::Unverify(_) => Some(CommandName::Unverify),
            Command::Channel(_) => Some(CommandName::Channel),
            Command::MyData => Some(CommandName::MyData),
            Command::Forget => Some(CommandName::Forget),
            Command::Announce(_) => Some(CommandName::Announce),
            Command::Withdraw(_) => Some(CommandName::Withdraw),
            Command::Audit(_) => Some(CommandName::Audit),
            Command::Submit(_) => Some(CommandName::Submit),
            Command::Moderate(_) => Some(CommandName::Moderate),
            Command::Reject(_) => Some(CommandName::Reject),
            Command::BadArguments { command, .. } => Some(*command),
            Command::Unknown(_) => None,
        }
    }
}

/// Cleans free text after a command: hidden characters other than line breaks removed, white
/// space at both ends trimmed, cut to [`MAX_FREE_TEXT_CHARS`] characters.
fn free_text(arguments: &str) -> String {
    arguments
        .chars()
        .filter(|&c| c == '\n' || !is_hidden(c))
        .take(MAX_FREE_TEXT_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Splits arguments on whitespace with hidden characters removed, within the limits.
fn split_arguments(arguments: &str) -> Result<Vec<String>, ArgumentProblem> {
    let mut split = Vec::new();
    for word in arguments.split_whitespace() {
        if split.len() == MAX_ARGUMENTS {
            return Err(ArgumentProblem::TooMany);
        }
        if word.chars().nth(MAX_ARGUMENT_CHARS).is_some() {
            return Err(ArgumentProblem::TooLong(shown(word, MAX_SHOWN_CHARS)));
        }
        let word = strip_hidden(word);
        if !word.is_empty() {
            split.push(word);
        }
    }
    Ok(split)
}

/// Lists every command except the staff commands with its description in `language`, for
/// platform command menus.
pub fn command_list(language: Language) -> Vec<(&'static str, String)> {
    describe(CommandName::ALL.into_iter(), language)
}

/// Lists every command, the staff commands last, with its description in `language`, for the
/// command menus of staff.
pub fn staff_command_list(language: Language) -> Vec<(&'static str, String)> {
    describe(CommandName::ALL.into_iter().chain(CommandName::STAFF), language)
}

fn describe(commands: impl Iterator<Item = CommandName>, language: Language) -> Vec<(&'static str, String)> {
    commands.map(|command| (command.as_str(), text(language, &command.description_id()))).collect()
}

#[cfg(test)]
mod tests;
