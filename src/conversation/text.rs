//! Cleaning and cutting untrusted text before it is parsed or shown back to a member.

pub(crate) use crate::digest::cut;

/// Returns whether `c` is invisible or changes how the text around it is displayed: control
/// characters, zero-width characters, bidirectional marks and overrides, and the soft hyphen.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Removes every hidden character (see [`is_hidden`]).
pub(crate) fn strip_hidden(text: &str) -> String {
    text.chars().filter(|&c| !is_hidden(c)).collect()
}

/// Prepares untrusted text for showing back: hidden characters removed, at most `max_chars`
/// characters.
pub(crate) fn shown(text: &str, max_chars: usize) -> String {
    // Stripping a very long text in full is wasted work, and one extra character is enough
    // for `cut` to notice that the text is longer than `max_chars`.
    let visible: String = text.chars().filter(|&c| !is_hidden(c)).take(max_chars + 1).collect();
    cut(&visible, max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_removes_hidden_characters() {
        assert_eq!(shown("a\u{200B}b\u{202E}c\u{0007}d", 10), "abcd");
        assert_eq!(shown("\u{2066}\u{2069}", 10), "");
    }

    #[test]
    fn shown_cuts_long_text() {
        let long = "ä".repeat(100_000);
        let result = shown(&long, 20);
        assert_eq!(result.chars().count(), 20);
        assert!(result.ends_with('…'));
    }
}
