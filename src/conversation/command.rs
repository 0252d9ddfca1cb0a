//! Commands as a typed enum, parsed from chat text.

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
    Advisory(String),
    Digest,
    /// A command this bot does not know, with the name as typed.
    Unknown(String),
}

impl Command {
    /// Parses `/name args` (also `/name@botname` in groups). Returns `None` for text that is not
    /// a command. `bot_username` is the bot's own name without `@`.
    pub fn parse(text: &str, bot_username: Option<&str>) -> Option<Command> {
        let _ = (text, bot_username);
        todo!("issue-3 conversation")
    }
}
