//! Replies as data: text blocks, links and choices. Platforms render them.

use serde::{Deserialize, Serialize};

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

/// What the bot answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub blocks: Vec<Block>,
    /// Rows of choices.
    pub choices: Vec<Vec<Choice>>,
    /// Whether the platform should show the reply to the requesting member only, where it can.
    pub private: bool,
}
