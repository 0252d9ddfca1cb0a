//! Replies and outbox payloads as Telegram HTML messages (parse mode HTML), with every piece of
//! advisory or member text escaped by teloxide's `utils::html`, and choices as inline keyboards.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html;

use crate::conversation::{Block, Reply};
use crate::delivery::Payload;
use crate::digest;

/// Telegram's maximum message length in characters (Bot API: 1-4096 characters after entity
/// parsing). The adapter keeps the HTML it sends within it, which is stricter.
// NOTE: lengths here count Unicode scalar values. Whether Telegram counts UTF-16 code units
// instead is unverified; if it does, text with many emoji could still be rejected as too long.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Separator between the blocks of one message.
const BLOCK_SEPARATOR: &str = "\n\n";

/// Renders a reply's blocks as HTML messages of at most [`MAX_MESSAGE_CHARS`] characters each,
/// splitting between blocks. A text block longer than that after escaping is split too, after
/// a line where it can (see [`escape_split`]), so nothing is cut. A reply without blocks
/// renders as no message.
pub fn reply_messages(reply: &Reply) -> Vec<String> {
    let pieces: Vec<String> = reply.blocks.iter().flat_map(block_html).collect();
    pack(&pieces, MAX_MESSAGE_CHARS)
}

/// Builds the inline keyboard of a reply's choices, one keyboard row per row of choices.
pub fn keyboard(reply: &Reply) -> Option<InlineKeyboardMarkup> {
    if reply.choices.is_empty() {
        return None;
    }
    let rows = reply.choices.iter().map(|row| {
        row.iter().map(|choice| InlineKeyboardButton::callback(choice.label.clone(), choice.callback.clone())).collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

/// Renders an outbox payload as one HTML message of at most [`MAX_MESSAGE_CHARS`] characters.
///
/// The scheduler splits digests so that each part fits after escaping; only a part holding a
/// single over-long item is cut here, with an ellipsis.
pub fn payload_html(payload: &Payload) -> String {
    let plain = match payload {
        Payload::Digest { digest, .. } | Payload::Urgent { digest } => {
            digest::render_text(digest, MAX_MESSAGE_CHARS).join(BLOCK_SEPARATOR)
        }
        Payload::Text { text } => text.clone(),
        Payload::Message { reply, .. } => reply.plain_text(),
    };
    escape_within(&plain, MAX_MESSAGE_CHARS)
}

/// Renders one block as HTML pieces of at most [`MAX_MESSAGE_CHARS`] characters each.
fn block_html(block: &Block) -> Vec<String> {
    match block {
        Block::Text { text } => escape_split(text, MAX_MESSAGE_CHARS),
        // teloxide's `link` escapes `&`, `<` and `>` but not `"`, which would end the attribute,
        // so such a URL, or one that is not http(s), is shown as text.
        Block::Link { label, url } if is_web_url(url) && !url.contains('"') => vec![html::link(url, label)],
        Block::Link { label, url } => vec![escape_within(&format!("{label}: {url}"), MAX_MESSAGE_CHARS)],
    }
}

fn is_web_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|parsed| matches!(parsed.scheme(), "http" | "https"))
}

/// Escapes `plain` for HTML, cut on a character boundary so that the escaped text has at most
/// `max_chars` characters, ending in an ellipsis when anything was cut.
pub fn escape_within(plain: &str, max_chars: usize) -> String {
    let escaped = html::escape(plain);
    if escaped.chars().count() <= max_chars {
        return escaped;
    }
    let budget = max_chars.saturating_sub(1);
    let mut cut = String::new();
    let mut used = 0;
    for (piece, length) in escaped_chars(plain) {
        if used + length > budget {
            break;
        }
        cut.push_str(&piece);
        used += length;
    }
    cut.push('…');
    cut
}

/// Escapes `plain` for HTML as pieces of at most `max_chars` characters each. A piece ends
/// after the last line break that fits, or, in a line longer than a piece, between two
/// characters, so that no entity such as `&amp;` is split.
fn escape_split(plain: &str, max_chars: usize) -> Vec<String> {
    let escaped = html::escape(plain);
    if escaped.chars().count() <= max_chars {
        return vec![escaped];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for (piece, length) in escaped_chars(plain) {
        while !current.is_empty() && current_chars + length > max_chars {
            // Escaped text has no line break inside an entity, so splitting there is safe.
            let rest = match current.rfind('\n') {
                Some(at) => current.split_off(at + 1),
                None => String::new(),
            };
            let full = std::mem::replace(&mut current, rest);
            let trimmed = full.trim_end_matches('\n');
            if !trimmed.is_empty() {
                pieces.push(trimmed.to_owned());
            }
            current_chars = current.chars().count();
        }
        current.push_str(&piece);
        current_chars += length;
    }
    let last = current.trim_end_matches('\n');
    if !last.is_empty() {
        pieces.push(last.to_owned());
    }
    pieces
}

/// Returns each character of `plain` escaped for HTML, with the escaped length in characters.
fn escaped_chars(plain: &str) -> impl Iterator<Item = (String, usize)> + '_ {
    plain.chars().map(|c| {
        let piece = html::escape(c.encode_utf8(&mut [0u8; 4]));
        let length = piece.chars().count();
        (piece, length)
    })
}

/// Packs HTML blocks into messages of at most `max_chars` characters. Blocks are never split,
/// and each block is at most `max_chars` long already.
fn pack(blocks: &[String], max_chars: usize) -> Vec<String> {
    let mut messages = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for block in blocks {
        let block_chars = block.chars().count();
        if !current.is_empty() && current_chars + BLOCK_SEPARATOR.len() + block_chars > max_chars {
            messages.push(std::mem::take(&mut current));
            current_chars = 0;
        }
        if !current.is_empty() {
            current.push_str(BLOCK_SEPARATOR);
            current_chars += BLOCK_SEPARATOR.len();
        }
        current.push_str(block);
        current_chars += block_chars;
    }
    if !current.is_empty() {
        messages.push(current);
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Choice;
    use crate::delivery::html_escaped_chars;

    const HOSTILE: [&str; 6] = [
        "<b>bold</b> & <script>alert(1)</script>",
        "Tom & Jerry &amp; co",
        "\u{202E}gnp.exe\u{200B}\u{200D}",
        "a<>b",
        "plain",
        "",
    ];

    #[test]
    fn escaped_length_matches_delivery_measure() {
        for text in HOSTILE {
            assert_eq!(html::escape(text).chars().count(), html_escaped_chars(text), "{text:?}");
        }
    }

    #[test]
    fn text_blocks_are_escaped() {
        let reply = Reply::text("<b>x</b> & y");
        assert_eq!(reply_messages(&reply), ["&lt;b&gt;x&lt;/b&gt; &amp; y"]);
    }

    #[test]
    fn escape_within_cuts_on_entities() {
        let text = "&".repeat(5000);
        let escaped = escape_within(&text, MAX_MESSAGE_CHARS);
        assert!(escaped.chars().count() <= MAX_MESSAGE_CHARS);
        assert!(escaped.ends_with("&amp;…"), "an entity was cut in half");
    }

    #[test]
    fn oversized_payload_is_cut_to_fit() {
        let payload = Payload::Text { text: format!("<b>{}</b>", "&".repeat(6000)) };
        let html = payload_html(&payload);
        assert!(html.chars().count() <= MAX_MESSAGE_CHARS);
        assert!(html.starts_with("&lt;b&gt;&amp;"));
        assert!(html.ends_with('…'));
    }

    #[test]
    fn long_reply_splits_between_blocks() {
        let mut reply = Reply::default();
        for _ in 0..6 {
            reply.push_text("&".repeat(1000));
        }
        let messages = reply_messages(&reply);
        assert!(messages.len() > 1);
        for message in &messages {
            assert!(message.chars().count() <= MAX_MESSAGE_CHARS);
            assert!(!message.starts_with('\n'));
        }
    }

    #[test]
    fn long_escaped_block_splits_after_lines() {
        let line = format!("{}\n", "<&>".repeat(100));
        let reply = Reply::text(line.repeat(6));
        let messages = reply_messages(&reply);
        assert!(messages.len() > 1, "the block fits one message; the test needs a longer one");
        let escaped_line = html::escape(line.trim_end());
        for message in &messages {
            assert!(message.chars().count() <= MAX_MESSAGE_CHARS);
            assert!(message.split('\n').all(|shown| shown == escaped_line), "a line was split: {message}");
        }
        assert_eq!(messages.iter().map(|message| message.split('\n').count()).sum::<usize>(), 6);
    }

    #[test]
    fn long_escaped_line_splits_between_entities() {
        let pieces = escape_split(&"&".repeat(1000), 100);
        assert!(pieces.iter().all(|piece| piece.chars().count() <= 100 && piece.ends_with("&amp;")));
        assert_eq!(pieces.concat(), "&amp;".repeat(1000));
    }

    #[test]
    fn links_escape_label_and_reject_quotes() {
        let link = Block::Link { label: "A & B".into(), url: "https://example.nl/?a=1&b=2".into() };
        assert_eq!(block_html(&link), ["<a href=\"https://example.nl/?a=1&amp;b=2\">A &amp; B</a>"]);
        let quoted = Block::Link { label: "x".into(), url: "https://example.nl/\"onclick".into() };
        assert_eq!(block_html(&quoted), ["x: https://example.nl/\"onclick"]);
        let script = Block::Link { label: "x".into(), url: "javascript:alert(1)".into() };
        assert_eq!(block_html(&script), ["x: javascript:alert(1)"]);
    }

    #[test]
    fn choices_become_keyboard_rows() {
        let reply = Reply::default()
            .with_row(vec![Choice { label: "A".into(), callback: "help".into() }, Choice { label: "B".into(), callback: "settings".into() }])
            .with_row(vec![Choice { label: "C".into(), callback: "cancel".into() }]);
        let keyboard = keyboard(&reply).unwrap();
        assert_eq!(keyboard.inline_keyboard.len(), 2);
        assert_eq!(keyboard.inline_keyboard[0].len(), 2);
        assert!(self::keyboard(&Reply::text("x")).is_none());
    }
}
