//! Replies as data: text blocks, links and choices. Platforms render them.

use serde::{Deserialize, Serialize};

use super::callback::Callback;

/// Maximum length of one text block, in characters, so that each block fits one message on
/// every platform (Discord allows 2000 characters, Telegram 4096).
pub const MAX_BLOCK_CHARS: usize = 1900;

/// One piece of a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of plain text; platforms escape it.
    Text { text: String },
    Link { label: String, url: String },
}

/// A button with a stable callback id (at most 64 bytes, Telegram's limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub callback: String,
}

impl Choice {
    pub fn new(label: impl Into<String>, callback: Callback) -> Choice {
        Choice { label: label.into(), callback: callback.encode() }
    }
}

/// A file sent with a reply, such as an exported questionnaire. Platforms send it as a
/// document (Telegram) or an attachment (Discord); the terminal writes it to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name shown to the member, such as `checklist-nl.csv`. Letters, digits, `-`, `_`
    /// and one `.` only, so that platforms and file systems accept it as is.
    pub file_name: String,
    /// MIME type, such as `text/csv; charset=utf-8`.
    pub content_type: String,
    pub content: Vec<u8>,
}

/// The message the bot sends in response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub blocks: Vec<Block>,
    /// Rows of choices.
    pub choices: Vec<Vec<Choice>>,
    /// Whether the platform should show the reply to the requesting member only, where it can.
    /// Set for refusals and for errors in what the member typed or pressed.
    pub private: bool,
    /// A file to send with the reply.
    pub attachment: Option<Attachment>,
}

impl Reply {
    /// Builds a reply of one text block.
    pub fn text(text: impl Into<String>) -> Reply {
        Reply::default().with_text(text)
    }

    /// Appends a text block, cut to [`MAX_BLOCK_CHARS`] characters.
    pub fn with_text(mut self, text: impl Into<String>) -> Reply {
        self.push_text(text);
        self
    }

    /// Appends a text block, cut to [`MAX_BLOCK_CHARS`] characters.
    pub fn push_text(&mut self, text: impl Into<String>) {
        let text = super::text::cut(&text.into(), MAX_BLOCK_CHARS);
        self.blocks.push(Block::Text { text });
    }

    /// Appends a row of choices.
    pub fn with_row(mut self, row: Vec<Choice>) -> Reply {
        self.choices.push(row);
        self
    }

    /// Appends one row per choice, for choices whose labels are long.
    pub fn with_column(mut self, column: Vec<Choice>) -> Reply {
        self.choices.extend(column.into_iter().map(|choice| vec![choice]));
        self
    }

    /// Adds a file to the reply.
    pub fn with_attachment(mut self, attachment: Attachment) -> Reply {
        self.attachment = Some(attachment);
        self
    }

    /// Marks the reply as meant for the requesting member only.
    pub fn privately(mut self) -> Reply {
        self.private = true;
        self
    }

    /// Joins every block into one plain text, links as `label: url`, for terminals and tests.
    pub fn plain_text(&self) -> String {
        let parts: Vec<String> = self
            .blocks
            .iter()
            .map(|block| match block {
                Block::Text { text } => text.clone(),
                Block::Link { label, url } => format!("{label}: {url}"),
            })
            .collect();
        parts.join("\n\n")
    }

    /// Every choice's callback id, row by row.
    pub fn callbacks(&self) -> Vec<&str> {
        self.choices.iter().flatten().map(|choice| choice.callback.as_str()).collect()
    }
}
