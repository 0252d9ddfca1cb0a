//! Digests as Discord messages with one embed per advisory, within Discord's size limits.
//!
//! Limits (Discord API v10): message content at most 2000 characters, an embed description
//! at most 4096, at most 6000 characters across a message's embeds, and 10 embeds a message.
//! The outbox already splits a digest into parts whose plain text fits one message. This
//! module splits a part further, on item boundaries, whenever its embeds do not fit.

use crate::delivery::Payload;
use crate::digest::{render_header, render_item_text, render_text, Digest, DigestItem};
use crate::i18n::{text, text_with};

use super::markdown::{cut_escaped, escape};

/// Maximum characters of a message's content.
pub const MAX_CONTENT_CHARS: usize = 2000;
/// Maximum characters of one embed description.
pub const MAX_DESCRIPTION_CHARS: usize = 4096;
/// Maximum characters across all embeds of one message.
pub const MAX_EMBEDS_CHARS: usize = 6000;
/// Maximum embeds of one message.
pub const MAX_EMBEDS: usize = 10;

/// Embed colour of urgent advisories (red).
pub const URGENT_COLOUR: u32 = 0xC6_28_28;
/// Embed colour of other advisories (blue).
pub const NORMAL_COLOUR: u32 = 0x1E_88_E5;

/// One advisory as an embed: escaped text and its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedText {
    pub description: String,
    pub colour: u32,
}

/// One Discord message before it becomes a request body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageParts {
    /// Escaped content; may open with the urgent role's mention tag.
    pub content: String,
    pub embeds: Vec<EmbedText>,
    /// The role this message mentions, the only mention it allows.
    pub mentioned_role: Option<u64>,
}

impl MessageParts {
    /// Returns the characters the message's embeds count against the 6000 limit.
    pub fn embed_chars(&self) -> usize {
        self.embeds.iter().map(|embed| embed.description.chars().count()).sum()
    }
}

/// Renders an outbox payload as one or more messages, each within Discord's limits. Urgent
/// items come first; `urgent_role` is mentioned in the first message when any item is urgent.
/// A [`Payload::Message`] renders as a conversation reply's contents, without its buttons.
pub fn render_payload(payload: &Payload, urgent_role: Option<u64>) -> Vec<MessageParts> {
    match payload {
        Payload::Text { text } => render_text_only(text),
        // The sender adds the reply's buttons to the last message (see `super::sender`).
        Payload::Message { reply, .. } => super::reply::render(reply, false).contents.into_iter().map(content_only).collect(),
        Payload::Digest { digest, part, parts } => render_digest(digest, Some((*part, *parts)), urgent_role),
        Payload::Urgent { digest } => render_digest(digest, None, urgent_role),
    }
}

/// Packs plain text into messages of escaped content, split between paragraphs.
fn render_text_only(text: &str) -> Vec<MessageParts> {
    let paragraphs: Vec<String> = text.split("\n\n").map(escape).collect();
    pack_content(&paragraphs).into_iter().map(content_only).collect()
}

fn render_digest(digest: &Digest, part: Option<(usize, usize)>, urgent_role: Option<u64>) -> Vec<MessageParts> {
    if digest.items.is_empty() {
        let text = render_text(digest, usize::MAX).join("\n\n");
        return vec![content_only(cut_escaped(&escape(&text), MAX_CONTENT_CHARS))];
    }

    let mut items: Vec<&DigestItem> = digest.items.iter().collect();
    // Stable, so the composed order stays within urgent and within other items.
    items.sort_by_key(|item| !item.is_urgent());
    let mention = urgent_role.filter(|_| items.iter().any(|item| item.is_urgent()));

    let mut header = escape(&render_header(digest));
    if let Some((part, parts)) = part.filter(|(_, parts)| *parts > 1) {
        let label = text_with(digest.language, "discord-digest-part", &[("part", (part + 1).into()), ("parts", parts.into())]);
        header = format!("{header}\n{}", escape(&label));
    }
    if let Some(role) = mention {
        let notice = escape(&text(digest.language, "discord-urgent-mention"));
        header = format!("<@&{role}> {notice}\n{header}");
    }
    let first = MessageParts { content: cut_escaped(&header, MAX_CONTENT_CHARS), embeds: Vec::new(), mentioned_role: mention };

    let embeds = items.into_iter().map(|item| EmbedText {
        description: cut_escaped(&escape(&render_item_text(item, digest.language)), MAX_DESCRIPTION_CHARS),
        colour: if item.is_urgent() { URGENT_COLOUR } else { NORMAL_COLOUR },
    });
    pack_embeds(first, embeds)
}

/// Puts embeds in order into messages: the first message is `first`, later ones have no
/// content. A message takes embeds while it stays within [`MAX_EMBEDS`] and
/// [`MAX_EMBEDS_CHARS`]. Every embed fits an empty message, because descriptions are cut
/// to [`MAX_DESCRIPTION_CHARS`].
fn pack_embeds(first: MessageParts, embeds: impl IntoIterator<Item = EmbedText>) -> Vec<MessageParts> {
    let mut messages = vec![first];
    for embed in embeds {
        let current = messages.last_mut().expect("messages starts with one message");
        let chars = embed.description.chars().count();
        let fits = current.embeds.len() < MAX_EMBEDS && current.embed_chars() + chars <= MAX_EMBEDS_CHARS;
        if fits {
            current.embeds.push(embed);
        } else {
            messages.push(MessageParts { embeds: vec![embed], ..MessageParts::default() });
        }
    }
    messages
}

/// Packs escaped paragraphs into message contents of at most [`MAX_CONTENT_CHARS`]
/// characters, joined by a blank line. A paragraph longer than that is split, at whitespace
/// where there is some.
pub fn pack_content(paragraphs: &[String]) -> Vec<String> {
    let mut contents: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().flat_map(|paragraph| split_escaped(paragraph, MAX_CONTENT_CHARS)) {
        match contents.last_mut() {
            Some(current) if current.chars().count() + 2 + paragraph.chars().count() <= MAX_CONTENT_CHARS => {
                current.push_str("\n\n");
                current.push_str(&paragraph);
            }
            _ => contents.push(paragraph),
        }
    }
    contents
}

/// Splits escaped text into pieces of at most `max_chars` characters, preferring the last
/// whitespace of each piece and never separating a backslash from the character it escapes.
fn split_escaped(text: &str, max_chars: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > max_chars {
        let mut end = rest[..max_chars].iter().rposition(|c| c.is_whitespace()).filter(|&at| at > 0).unwrap_or(max_chars);
        let trailing = rest[..end].iter().rev().take_while(|&&c| c == '\\').count();
        if trailing % 2 == 1 {
            end -= 1;
        }
        pieces.push(rest[..end].iter().collect::<String>().trim_end().to_owned());
        rest = rest[end..].iter().copied().skip_while(|c| c.is_whitespace()).collect();
    }
    pieces.push(rest.into_iter().collect());
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

fn content_only(content: String) -> MessageParts {
    MessageParts { content, ..MessageParts::default() }
}

#[cfg(test)]
mod tests;
