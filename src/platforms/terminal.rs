//! `ketenwacht chat`: a private conversation with the bot in the terminal.
//!
//! Lines starting with `/` are commands; a number picks one of the choices the bot offered
//! last. Choices are shown as numbered options because a terminal has no buttons.

use std::io::Write;

use async_trait::async_trait;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::conversation::{Block, ChatContext, Choice, Command, Conversation, Reply};
use crate::delivery::{Payload, SendOutcome, Sender};
use crate::digest;
use crate::domain::{ChatKind, ChatRef, Language, Platform};
use crate::i18n::{self, Arg};

/// Maximum input line length in characters; longer lines are cut on a character boundary.
const MAX_LINE_CHARS: usize = 4096;

/// Message size for digests shown in the terminal.
const TERMINAL_MESSAGE_CHARS: usize = 4096;

/// One terminal conversation: reads lines from `input`, writes replies to `output`.
pub struct TerminalChat<W> {
    conversation: Conversation,
    context: ChatContext,
    output: W,
    /// Callback ids of the choices shown last, numbered from 1.
    offered: Vec<Choice>,
}

impl<W: Write> TerminalChat<W> {
    /// Starts a conversation as the private chat of `user`, who administers it.
    pub fn new(conversation: Conversation, user: &str, language: Option<Language>, output: W) -> Self {
        let context = ChatContext {
            chat: ChatRef::new(Platform::Terminal, user),
            chat_kind: ChatKind::Private,
            user_id: user.to_owned(),
            is_admin: true,
            user_language: language,
        };
        Self { conversation, context, output, offered: Vec::new() }
    }

    /// Reads lines and replies to each until the input ends.
    pub async fn run<R: AsyncBufRead + Unpin>(&mut self, mut input: R) -> std::io::Result<()> {
        let mut line = String::new();
        loop {
            write!(self.output, "> ")?;
            self.output.flush()?;
            line.clear();
            if input.read_line(&mut line).await? == 0 {
                writeln!(self.output)?;
                return Ok(());
            }
            let text: String = line.trim().chars().take(MAX_LINE_CHARS).collect();
            if text.is_empty() {
                continue;
            }
            let reply = self.answer(&text).await;
            self.show(&reply)?;
        }
    }

    /// Handles one line: a command, a choice number or free text.
    pub async fn answer(&mut self, text: &str) -> Reply {
        if let Ok(number) = text.parse::<usize>() {
            if let Some(choice) = number.checked_sub(1).and_then(|index| self.offered.get(index)).cloned() {
                return self.conversation.handle_callback(&self.context, &choice.callback).await;
            }
            let language = self.context.user_language.unwrap_or_default();
            let args = [("number", Arg::from(number.to_string())), ("count", Arg::from(self.offered.len()))];
            // The open choices stay open, so the member can pick again.
            let mut reply = Reply { choices: vec![self.offered.clone()], ..Reply::default() };
            reply.blocks.push(Block::Text { text: i18n::text_with(language, "terminal-no-such-choice", &args) });
            return reply;
        }
        let command = Command::parse(text, None).unwrap_or_else(|| Command::Unknown(text.to_owned()));
        self.conversation.handle_command(&self.context, command).await
    }

    fn show(&mut self, reply: &Reply) -> std::io::Result<()> {
        for block in &reply.blocks {
            match block {
                Block::Text { text } => writeln!(self.output, "{}", strip_controls(text))?,
                Block::Link { label, url } => writeln!(self.output, "{}: {}", strip_controls(label), strip_controls(url))?,
            }
        }
        self.offered = reply.choices.iter().flatten().cloned().collect();
        for (index, choice) in self.offered.iter().enumerate() {
            writeln!(self.output, "  {}. {}", index + 1, strip_controls(&choice.label))?;
        }
        writeln!(self.output)
    }
}

/// Removes control characters (terminal escape sequences) from text that came from feeds or
/// members, keeping line breaks.
fn strip_controls(text: &str) -> String {
    text.chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}

/// Prints delivered messages for the terminal chat on stdout.
pub struct TerminalSender;

#[async_trait]
impl Sender for TerminalSender {
    fn platform(&self) -> Platform {
        Platform::Terminal
    }

    fn max_message_chars(&self) -> usize {
        TERMINAL_MESSAGE_CHARS
    }

    async fn send(&self, chat: &ChatRef, payload: &Payload, _idempotency_key: &str) -> SendOutcome {
        let text = render_plain(payload, TERMINAL_MESSAGE_CHARS);
        println!("[{chat}]\n{}\n", strip_controls(&text));
        SendOutcome::Sent
    }
}

/// Renders a payload as plain text, the digest module's own rendering.
pub fn render_plain(payload: &Payload, max_chars: usize) -> String {
    match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => digest::render_text(digest, max_chars).join("\n\n"),
        Payload::Text { text } => text.clone(),
    }
}
