//! Turning an uploaded file into CSV text, and the checks the CSV reader does not make.

use encoding_rs::{Encoding, WINDOWS_1252};

/// Decodes a file as text: by its byte order mark when it has one (UTF-8 or UTF-16, which
/// Excel writes as "Unicode text"), else as UTF-8, else as Windows-1252, which spreadsheet
/// programs on Windows write by default.
pub(super) fn decode(content: &[u8]) -> String {
    if let Some((encoding, mark_length)) = Encoding::for_bom(content) {
        return encoding.decode_without_bom_handling(&content[mark_length..]).0.into_owned();
    }
    match std::str::from_utf8(content) {
        Ok(text) => text.to_owned(),
        Err(_) => WINDOWS_1252.decode(content).0.into_owned(),
    }
}

/// Returns whether decoded text is binary data rather than text: it contains a NUL
/// character, which no spreadsheet writes into a text file.
pub(super) fn is_binary(text: &str) -> bool {
    text.contains('\0')
}

/// Returns the line (from 1) of a quoted field that is still open at the end of the text.
/// The CSV reader takes such a field to run to the end of the file, so every row after the
/// stray quote would silently become part of one cell.
pub(super) fn unclosed_quote_line(text: &str, separator: char) -> Option<u64> {
    let mut line = 1;
    let mut opened_on = None;
    let mut at_field_start = true;
    let mut characters = text.chars().peekable();
    while let Some(c) = characters.next() {
        if opened_on.is_some() {
            if c == '"' && characters.peek() == Some(&'"') {
                characters.next();
            } else if c == '"' {
                opened_on = None;
            }
        } else if c == '"' && at_field_start {
            opened_on = Some(line);
        }
        if c == '\n' {
            line += 1;
        }
        at_field_start = opened_on.is_none() && (c == separator || c == '\n');
    }
    opened_on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_pick_the_encoding() {
        let text = "id\tanswer\n";
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16), text);
        assert_eq!(decode("\u{FEFF}één".as_bytes()), "één");
        assert_eq!(decode(b"\xe9\xe9n"), "één");
    }

    #[test]
    fn unclosed_quotes_are_found() {
        assert_eq!(unclosed_quote_line("id,note\na,\"open\nb,x\n", ','), Some(2));
        assert_eq!(unclosed_quote_line("id;note\na;\"two\nlines \"\"quoted\"\"\"\nb;x\n", ';'), None);
        assert_eq!(unclosed_quote_line("id,note\na,24\" screen\n", ','), None);
        assert_eq!(unclosed_quote_line("\"id\",\"note\"\n", ','), None);
    }
}
