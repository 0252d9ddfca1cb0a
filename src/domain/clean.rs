//! Cleaning text that came from feeds before anything stores, classifies or shows it.

/// Removes control characters (terminal escape sequences among them) and invisible format
/// characters (zero-width spaces and joiners, bidirectional overrides), which can hide words
/// from classification rules or change how a terminal or chat shows the text. Line breaks are
/// kept when `keep_newlines` is true.
pub fn clean_text(text: &str, keep_newlines: bool) -> String {
    text.chars().filter(|c| (keep_newlines && *c == '\n') || !(c.is_control() || is_invisible_format(*c))).collect()
}

/// Unicode format characters that render as nothing or reorder text.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Keeps a link only when it is an absolute http or https URL; `javascript:` and other schemes
/// must never reach a member as "more information".
pub fn clean_link(link: &str) -> Option<String> {
    let trimmed = clean_text(link.trim(), false);
    match url::Url::parse(&trimmed) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(trimmed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_invisible_characters_are_removed() {
        let hostile = "\u{1b}[2J\u{1b}]0;PWNED\u{7}\u{1b}[31mMagento Woo\u{200b}Commerce \u{202e}evil";
        assert_eq!(clean_text(hostile, false), "[2J]0;PWNED[31mMagento WooCommerce evil");
        assert_eq!(clean_text("a\nb\tc", true), "a\nbc");
        assert_eq!(clean_text("a\nb", false), "ab");
    }

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(clean_link(" https://advisories.ncsc.nl/advisory?id=NCSC-2025-0259 ").as_deref(), Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0259"));
        for link in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "/relative", "mailto:a@b.nl"] {
            assert_eq!(clean_link(link), None, "{link}");
        }
    }
}
