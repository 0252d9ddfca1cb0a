//! Showing untrusted text literally in Discord messages and embeds.
//!
//! Discord renders a markdown dialect in message content and embed descriptions: emphasis,
//! headings, lists, quotes, spoilers, masked links `[text](url)`, and mention or timestamp
//! tags in angle brackets (`<@&123>`, `<t:0>`). Every such character in advisory or member
//! text is escaped with a backslash. Hidden characters are removed, so that they cannot split a
//! mention or a link from its escape. Bare `http(s)://` URLs stay unescaped, so that they
//! still work as plain links.

use crate::conversation::is_hidden;

/// Characters Discord's markdown gives a meaning to anywhere in content or embed descriptions.
const SPECIAL: &[char] = &['\\', '*', '_', '~', '`', '|', '<', '[', ']', '(', ')', '@'];
/// Characters that start a heading, list, subtext or quote at the start of a line.
const LINE_START: &[char] = &['#', '-', '+', '>'];

/// Escapes `text` so that Discord shows it literally; see the module documentation.
pub fn escape(text: &str) -> String {
    let visible: String = text.chars().filter(|&c| c == '\n' || !is_hidden(c)).collect();
    let mut escaped = String::with_capacity(visible.len() + visible.len() / 8);
    let mut rest = visible.as_str();
    while !rest.is_empty() {
        let Some(start) = url_start(rest) else {
            escape_into(&mut escaped, rest);
            break;
        };
        escape_into(&mut escaped, &rest[..start]);
        let end = rest[start..].find(char::is_whitespace).map_or(rest.len(), |length| start + length);
        let word = &rest[start..end];
        // A bare link ends before `<`, so a tag right after it would be read as a mention. Such
        // a word is escaped as text instead.
        if word.contains('<') {
            escape_into(&mut escaped, word);
        } else {
            escaped.push_str(word);
        }
        rest = &rest[end..];
    }
    escaped
}

/// Cuts escaped text to at most `max_chars` characters, ending in `…` when cut, without
/// leaving a lone backslash that would escape the ellipsis.
pub fn cut_escaped(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let trailing = short.chars().rev().take_while(|&c| c == '\\').count();
    if trailing % 2 == 1 {
        short.pop();
    }
    short.push('…');
    short
}

/// Finds the start of the first `http://` or `https://` URL that begins a word.
fn url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let at = from + found;
        let begins_word = text[..at].chars().next_back().is_none_or(char::is_whitespace);
        let tail = &text[at..];
        if begins_word && (tail.starts_with("http://") || tail.starts_with("https://")) && tail.len() > "https://".len() {
            return Some(at);
        }
        from = at + "http".len();
    }
    None
}

fn escape_into(escaped: &mut String, text: &str) {
    let mut line_start = escaped.rsplit('\n').next().is_none_or(|line| line.trim().is_empty());
    for (at, c) in text.char_indices() {
        // A link found in escaped text would take the backslash of a later `\<` in the same word
        // into its URL, so then the colon after `http` or `https` is escaped to keep it plain text.
        // NOTE: the link pattern assumed (`https?://[^\s<]+` ending before `<`) is that of
        // Discord-style markdown parsers built on simple-markdown; Discord's client is untested.
        let scheme_colon = c == ':' && ends_with_scheme(escaped) && word_at(&text[at..]).contains('<');
        if SPECIAL.contains(&c) || (line_start && LINE_START.contains(&c)) || scheme_colon {
            escaped.push('\\');
        }
        escaped.push(c);
        line_start = c == '\n' || (line_start && c.is_whitespace());
    }
}

/// Returns the start of `text` up to the first whitespace.
fn word_at(text: &str) -> &str {
    text.split(char::is_whitespace).next().unwrap_or_default()
}

/// Returns whether `text` ends with `http` or `https`, in any case.
fn ends_with_scheme(text: &str) -> bool {
    ["http", "https"].iter().any(|scheme| {
        let start = text.len().saturating_sub(scheme.len());
        text.len() >= scheme.len() && text.get(start..).is_some_and(|tail| tail.eq_ignore_ascii_case(scheme))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(escape("**bold** _it_ `code` ~~s~~ ||spoiler||"), r"\*\*bold\*\* \_it\_ \`code\` \~\~s\~\~ \|\|spoiler\|\|");
        assert_eq!(escape("# Heading\n> quote\n- item"), "\\# Heading\n\\> quote\n\\- item");
    }

    #[test]
    fn masked_links_and_mentions_are_escaped() {
        assert_eq!(escape("[click](https://evil.example)"), r"\[click\]\(https://evil.example\)");
        assert_eq!(escape("<@&123> @everyone <t:0>"), r"\<\@&123> \@everyone \<t:0>");
        assert_eq!(escape("a - b > c # d"), "a - b > c # d");
    }

    #[test]
    fn hidden_characters_cannot_split_escapes() {
        assert_eq!(escape("[x]\u{200B}(https://evil.example)"), escape("[x](https://evil.example)"));
        assert_eq!(escape("@\u{200D}everyone"), r"\@everyone");
        assert_eq!(escape("a\u{202E}b"), "ab");
    }

    #[test]
    fn bare_urls_stay_links() {
        let line = "More: https://advisories.ncsc.nl/advisory?id=NCSC-2025_0001";
        assert_eq!(escape(line), line);
        assert_eq!(escape("x_https://a.example/_b_"), r"x\_https://a.example/\_b\_");
        assert_eq!(escape("(https://a.example/_b_)"), r"\(https://a.example/\_b\_\)");
    }

    #[test]
    fn tags_after_urls_are_escaped() {
        assert_eq!(escape("https://a.example/<#1>"), r"https\://a.example/\<#1>");
        assert_eq!(escape("zie https://a.example/x<@&123> en <t:0:R>"), r"zie https\://a.example/x\<\@&123> en \<t:0:R>");
        assert_eq!(escape("x_HTTPS://a.example/<#1>"), r"x\_HTTPS\://a.example/\<#1>");
        assert_eq!(escape("https://a.example/ok <#1>"), r"https://a.example/ok \<#1>");
    }

    #[test]
    fn cut_keeps_escapes_whole() {
        let escaped = escape("ab*cd");
        assert_eq!(escaped, r"ab\*cd");
        assert_eq!(cut_escaped(&escaped, 4), "ab…");
        assert_eq!(cut_escaped(&escaped, 5), r"ab\*…");
        assert_eq!(cut_escaped(&escaped, 6), escaped);
    }
}
