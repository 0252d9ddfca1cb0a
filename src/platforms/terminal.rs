//! `ketenwacht chat`: a private conversation with the bot in the terminal.
//!
//! Lines starting with `/` are commands; a number picks one of the choices the bot offered
//! last. Choices are shown as numbered options because a terminal has no buttons. A file the
//! bot sends is written to the files folder and its path printed. `/checklist import PATH`
//! reads a file and hands it to the conversation as an upload.

mod files;

use std::io::Write;
use std::path::PathBuf;

use async_trait::async_trait;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::conversation::{Attachment, Block, ChatContext, Choice, Command, Conversation, Reply, MAX_UPLOAD_BYTES};
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
    /// Folder that attachments are written to.
    files: PathBuf,
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
            member_role_ids: Vec::new(),
        };
        Self { conversation, context, output, offered: Vec::new(), files: PathBuf::from(".") }
    }

    /// Sets the folder that attachments are written to; the default is the current folder.
    pub fn with_files_folder(mut self, folder: impl Into<PathBuf>) -> Self {
        self.files = folder.into();
        self
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
            let language = self.conversation.language(&self.context.chat).await;
            self.show(&reply, language)?;
        }
    }

    /// Handles one line: a command, a choice number or free text. The reply's choices become
    /// the ones a number picks next.
    pub async fn answer(&mut self, text: &str) -> Reply {
        let reply = self.reply_to(text).await;
        self.offered = reply.choices.iter().flatten().cloned().collect();
        reply
    }

    async fn reply_to(&mut self, text: &str) -> Reply {
        if let Ok(number) = text.parse::<usize>() {
            if let Some(choice) = number.checked_sub(1).and_then(|index| self.offered.get(index)).cloned() {
                return self.conversation.handle_callback(&self.context, &choice.callback).await;
            }
            let language = self.conversation.language(&self.context.chat).await;
            let args = [("number", Arg::from(number.to_string())), ("count", Arg::from(self.offered.len()))];
            // The open choices stay open, so the member can pick again.
            let mut reply = Reply { choices: vec![self.offered.clone()], ..Reply::default() };
            reply.blocks.push(Block::Text { text: i18n::text_with(language, "terminal-no-such-choice", &args) });
            return reply;
        }
        let command = Command::parse(text, None).unwrap_or_else(|| Command::Unknown(text.to_owned()));
        if let Some(path) = import_path(&command) {
            return self.import(path).await;
        }
        self.conversation.handle_command(&self.context, command).await
    }

    /// Reads the file at `path` and hands it to the conversation as an upload.
    async fn import(&self, path: PathBuf) -> Reply {
        let content = match files::read_limited(&path, MAX_UPLOAD_BYTES) {
            Ok(content) => content,
            Err(problem) => {
                let language = self.conversation.language(&self.context.chat).await;
                return Reply::text(import_problem_text(&path, &problem, language));
            }
        };
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        self.conversation.handle_upload(&self.context, &file_name, &content).await
    }

    fn show(&mut self, reply: &Reply, language: Language) -> std::io::Result<()> {
        for block in &reply.blocks {
            match block {
                Block::Text { text } => writeln!(self.output, "{}", strip_controls(text))?,
                Block::Link { label, url } => writeln!(self.output, "{}: {}", strip_controls(label), strip_controls(url))?,
            }
        }
        if let Some(attachment) = &reply.attachment {
            let saved = self.save(attachment, language);
            writeln!(self.output, "{}", strip_controls(&saved))?;
        }
        for (index, choice) in self.offered.iter().enumerate() {
            writeln!(self.output, "  {}. {}", index + 1, strip_controls(&choice.label))?;
        }
        writeln!(self.output)
    }
}

impl<W> TerminalChat<W> {
    /// Writes an attachment to the files folder. Returns the line to print: the path written,
    /// or the reason it failed.
    fn save(&self, attachment: &Attachment, language: Language) -> String {
        match files::write_new_file(&self.files, &attachment.file_name, &attachment.content) {
            Ok(path) => i18n::text_with(language, "terminal-file-saved", &[("path", Arg::from(path.display().to_string()))]),
            Err(error) => {
                tracing::warn!(folder = %self.files.display(), error = %error, "failed to save an attachment");
                let args = [("folder", Arg::from(self.files.display().to_string())), ("error", Arg::from(io_reason(&error, language)))];
                i18n::text_with(language, "terminal-file-failed", &args)
            }
        }
    }
}

/// Explains why the file at `path` was not read, in the chat's language.
fn import_problem_text(path: &std::path::Path, problem: &files::ReadProblem, language: Language) -> String {
    let shown = Arg::from(path.display().to_string());
    match problem {
        files::ReadProblem::TooLarge => {
            i18n::text_with(language, "terminal-import-too-large", &[("path", shown), ("max", Arg::from(MAX_UPLOAD_BYTES / 1024))])
        }
        files::ReadProblem::NotAFile => {
            let reason = i18n::text(language, "terminal-reason-not-a-file");
            i18n::text_with(language, "terminal-import-failed", &[("path", shown), ("error", Arg::from(reason))])
        }
        files::ReadProblem::Io(error) => {
            i18n::text_with(language, "terminal-import-failed", &[("path", shown), ("error", Arg::from(io_reason(error, language)))])
        }
    }
}

/// Explains a file system error in `language`, or gives the system's own message for rare ones.
fn io_reason(error: &std::io::Error, language: Language) -> String {
    match files::io_reason_id(error) {
        Some(id) => i18n::text(language, id),
        None => error.to_string(),
    }
}

/// Returns the path of `/checklist import PATH`; `None` for every other command, and for
/// `import` without a path, which the conversation explains.
fn import_path(command: &Command) -> Option<PathBuf> {
    let Command::Checklist(words) = command else {
        return None;
    };
    let (first, rest) = words.split_first()?;
    let is_import = matches!(first.to_lowercase().as_str(), "import" | "importeer");
    if is_import {
        files::typed_path(rest)
    } else {
        None
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

/// Renders a payload as plain text, the digest module's own rendering. A message lists its
/// choices' labels in brackets, one a line, because they cannot be pressed here.
pub fn render_plain(payload: &Payload, max_chars: usize) -> String {
    match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => digest::render_text(digest, max_chars).join("\n\n"),
        Payload::Text { text } => text.clone(),
        Payload::Message { reply, .. } => {
            let mut lines = vec![reply.plain_text()];
            lines.extend(reply.choices.iter().flatten().map(|choice| format!("[{}]", choice.label)));
            lines.join("\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Callback;
    use crate::domain::Tlp;

    #[test]
    fn message_lists_its_choices() {
        let reply = Reply::text("Nieuwe melding").with_row(vec![Choice::new("Goedkeuren", Callback::Help), Choice::new("Afwijzen", Callback::Cancel)]);
        let shown = render_plain(&Payload::Message { reply, tlp: Tlp::Green }, TERMINAL_MESSAGE_CHARS);
        assert_eq!(shown, "Nieuwe melding\n[Goedkeuren]\n[Afwijzen]");
    }
}
