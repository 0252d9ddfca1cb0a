//! Splitting rendered text into message parts of a maximum length, in characters.

/// The ellipsis that marks text cut short.
const ELLIPSIS: char = '…';

/// Cuts `text` to at most `max_chars` characters, on a character boundary, ending in an
/// ellipsis when anything was cut.
pub(crate) fn cut(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    if max_chars == 0 {
        return String::new();
    }
    let mut short: String = text.chars().take(max_chars - 1).collect();
    short.truncate(short.trim_end().len());
    short.push(ELLIPSIS);
    short
}

/// Packs blocks into parts of at most `max_chars` characters, separated by a blank line.
///
/// A block never spans two parts: one that does not fit the current part starts the next,
/// and one longer than `max_chars` on its own is cut with an ellipsis.
pub(super) fn pack(blocks: &[String], max_chars: usize) -> Vec<String> {
    const SEPARATOR: &str = "\n\n";
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;

    for block in blocks {
        let block = cut(block, max_chars);
        let block_chars = block.chars().count();
        if current.is_empty() {
            current = block;
            current_chars = block_chars;
        } else if current_chars + SEPARATOR.len() + block_chars <= max_chars {
            current.push_str(SEPARATOR);
            current.push_str(&block);
            current_chars += SEPARATOR.len() + block_chars;
        } else {
            parts.push(std::mem::replace(&mut current, block));
            current_chars = block_chars;
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text() {
        assert_eq!(cut("kort", 4), "kort");
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("ééééé", 3), "éé…");
        assert_eq!(cut("ééééé", 3).chars().count(), 3);
        assert_eq!(cut("🔒🔒🔒", 2), "🔒…");
    }

    #[test]
    fn cut_drops_trailing_space() {
        assert_eq!(cut("ab   cdef", 5), "ab…");
    }

    #[test]
    fn cut_to_zero_is_empty() {
        assert_eq!(cut("abc", 0), "");
        assert_eq!(cut("abc", 1), "…");
    }

    #[test]
    fn pack_keeps_blocks_whole() {
        let blocks: Vec<String> = ["aaaa", "bbbb", "cccc"].map(String::from).to_vec();
        assert_eq!(pack(&blocks, 10), ["aaaa\n\nbbbb", "cccc"]);
        assert_eq!(pack(&blocks, 9), ["aaaa", "bbbb", "cccc"]);
    }

    #[test]
    fn pack_cuts_oversized_block() {
        let blocks: Vec<String> = ["aa", "bbbbbbbbbbbb", "cc"].map(String::from).to_vec();
        assert_eq!(pack(&blocks, 5), ["aa", "bbbb…", "cc"]);
    }
}
