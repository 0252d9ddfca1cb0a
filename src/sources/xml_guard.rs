//! Checks every XML body before a feed parser sees it: encoding, DTDs and entities, HTML pages
//! served in place of a feed, and well-formedness.
//!
//! The guard turns the body into UTF-8 text whose declaration no longer names an encoding, so
//! the parser that follows reads exactly the text that was checked.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::parse_error::ParseError;

/// Deepest element nesting accepted. Feeds nest a handful of levels; a deeper document is
/// hostile or broken, and the limit keeps recursive parsers within a small stack.
const MAX_DEPTH: usize = 64;

/// Root elements that mark an HTML page, such as a login wall or an error page.
const HTML_ROOTS: [&str; 3] = ["html", "head", "body"];

/// Decodes and checks an XML body, returning it as UTF-8 text ready for a parser.
pub(crate) fn prepare(bytes: &[u8]) -> Result<String, ParseError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let text = drop_encoding_declaration(text);
    reject_declarations(&text)?;
    check_well_formed(&text)?;
    Ok(text)
}

/// Decodes by byte-order mark, else by the declared encoding, else as UTF-8.
fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => (declared_encoding(bytes)?.unwrap_or(UTF_8), bytes),
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len());
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad_len, _) => Err(ParseError::Encoding {
            encoding: encoding.name().to_owned(),
            detail: format!("invalid byte sequence at byte {}", read.saturating_sub(usize::from(bad_len))),
        }),
        // The buffer was sized for the whole input, so the decoder cannot run out of room.
        encoding_rs::DecoderResult::OutputFull => Err(ParseError::Encoding {
            encoding: encoding.name().to_owned(),
            detail: "decoded text does not fit in memory".to_owned(),
        }),
    }
}

/// Reads `encoding="..."` from an ASCII-compatible XML declaration.
fn declared_encoding(bytes: &[u8]) -> Result<Option<&'static Encoding>, ParseError> {
    let Some(label) = declaration(bytes).and_then(|decl| pseudo_attribute(decl, "encoding")) else {
        return Ok(None);
    };
    match Encoding::for_label(label.as_bytes()) {
        // A UTF-16 label on bytes without a byte-order mark cannot be right: the declaration
        // itself was readable as ASCII, so the body is read as UTF-8.
        Some(encoding) if encoding.output_encoding() == UTF_8 => Ok(Some(UTF_8)),
        Some(encoding) => Ok(Some(encoding)),
        None => Err(ParseError::Encoding {
            encoding: label,
            detail: "unknown encoding name in the XML declaration".to_owned(),
        }),
    }
}

/// The text of a leading `<?xml ... ?>` declaration, when the body starts with one.
fn declaration(bytes: &[u8]) -> Option<&str> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes.get(start..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).take(512).position(|pair| pair == b"?>")?;
    std::str::from_utf8(&rest[..end]).ok()
}

fn pseudo_attribute(declaration: &str, name: &str) -> Option<String> {
    let after = &declaration[declaration.find(name)? + name.len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}

/// Replaces the XML declaration by one without an encoding, because the text is now UTF-8.
fn drop_encoding_declaration(text: String) -> String {
    let trimmed = text.trim_start();
    if !trimmed.starts_with("<?xml") {
        return text;
    }
    match trimmed.find("?>") {
        Some(end) => format!("<?xml version=\"1.0\"?>{}", &trimmed[end + 2..]),
        None => text,
    }
}

/// Rejects entity declarations and DTD internal subsets anywhere outside comments and CDATA
/// sections, and reports an HTML doctype as an HTML page.
fn reject_declarations(text: &str) -> Result<(), ParseError> {
    let mut rest = text;
    while let Some(at) = rest.find("<!") {
        let markup = &rest[at + 2..];
        rest = if let Some(comment) = markup.strip_prefix("--") {
            comment.find("-->").map_or("", |end| &comment[end + 3..])
        } else if let Some(cdata) = markup.strip_prefix("[CDATA[") {
            cdata.find("]]>").map_or("", |end| &cdata[end + 3..])
        } else if starts_with_ignore_case(markup, "ENTITY") {
            return Err(ParseError::EntityDeclaration);
        } else if starts_with_ignore_case(markup, "DOCTYPE") {
            let doctype = &markup[7..];
            if starts_with_ignore_case(doctype.trim_start(), "html") {
                return Err(ParseError::HtmlPage);
            }
            if doctype_has_internal_subset(doctype) {
                return Err(ParseError::EntityDeclaration);
            }
            doctype
        } else {
            markup
        };
    }
    Ok(())
}

/// Whether a `[` opens before the `>` that ends the doctype, outside quoted identifiers.
fn doctype_has_internal_subset(doctype: &str) -> bool {
    let mut quote = None;
    for c in doctype.chars() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => return true,
            (None, '>') => return false,
            (None, _) => {}
        }
    }
    false
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Reads the whole document once with quick-xml: tags must match, the root must close and
/// nesting stays under [`MAX_DEPTH`]. An HTML root element is reported as an HTML page.
fn check_well_formed(text: &str) -> Result<(), ParseError> {
    let mut reader = Reader::from_str(text);
    let mut open: Vec<String> = Vec::new();
    let mut saw_root = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|err| ParseError::Xml(format!("{err} at byte {}", reader.error_position())))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                if !saw_root {
                    reject_html_root(&name)?;
                    saw_root = true;
                }
                open.push(name);
                if open.len() > MAX_DEPTH {
                    return Err(ParseError::Xml(format!("elements nest deeper than {MAX_DEPTH} levels")));
                }
            }
            Event::Empty(start) if !saw_root => {
                reject_html_root(&String::from_utf8_lossy(start.name().as_ref()))?;
                saw_root = true;
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(ParseError::Xml(format!("document ends inside <{unclosed}>: it is truncated")));
    }
    if !saw_root {
        return Err(ParseError::Xml("document has no root element".to_owned()));
    }
    Ok(())
}

fn reject_html_root(name: &str) -> Result<(), ParseError> {
    let local = name.rsplit(':').next().unwrap_or(name);
    if HTML_ROOTS.iter().any(|html| local.eq_ignore_ascii_case(html)) {
        return Err(ParseError::HtmlPage);
    }
    Ok(())
}

/// Whether the body, after a byte-order mark and whitespace, starts like JSON.
pub(crate) fn looks_like_json(bytes: &[u8]) -> bool {
    first_significant_byte(bytes).is_some_and(|b| b == b'{' || b == b'[')
}

/// Whether the body, after a byte-order mark and whitespace, starts with `<`. UTF-16 bodies
/// with a byte-order mark count as markup too, because only XML is sent that way.
pub(crate) fn looks_like_markup(bytes: &[u8]) -> bool {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) if encoding != UTF_8 => true,
        _ => first_significant_byte(bytes) == Some(b'<'),
    }
}

fn first_significant_byte(bytes: &[u8]) -> Option<u8> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// The first characters of a body, for error messages about content that is neither XML nor JSON.
pub(crate) fn preview(bytes: &[u8]) -> Cow<'_, str> {
    let head = &bytes[..bytes.len().min(40)];
    String::from_utf8_lossy(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(text: &str) -> Result<String, ParseError> {
        prepare(text.as_bytes())
    }

    #[test]
    fn empty_and_blank_bodies_are_empty() {
        assert!(matches!(prepare(b""), Err(ParseError::Empty)));
        assert!(matches!(prepare(b" \n\t "), Err(ParseError::Empty)));
        assert!(matches!(prepare(b"\xEF\xBB\xBF\n"), Err(ParseError::Empty)));
    }

    #[test]
    fn billion_laughs_is_rejected() {
        let body = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>"#;
        assert!(matches!(guard(body), Err(ParseError::EntityDeclaration)));
    }

    #[test]
    fn external_entity_is_rejected() {
        let body = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"#;
        assert!(matches!(guard(body), Err(ParseError::EntityDeclaration)));
    }

    #[test]
    fn entity_outside_doctype_is_rejected() {
        let body = r#"<rss version="2.0"><!ENTITY x "y"><channel/></rss>"#;
        assert!(matches!(guard(body), Err(ParseError::EntityDeclaration)));
        let lower = r#"<!doctype rss [ ]><rss version="2.0"/>"#;
        assert!(matches!(guard(lower), Err(ParseError::EntityDeclaration)));
    }

    #[test]
    fn public_doctype_without_subset_is_accepted() {
        let body = r#"<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>t</title></channel></rss>"#;
        assert!(guard(body).is_ok());
    }

    #[test]
    fn entity_text_in_cdata_or_comment_is_accepted() {
        let body = r#"<rss version="2.0"><channel><!-- <!ENTITY a "b"> -->
<description><![CDATA[How <!ENTITY xxe SYSTEM "file:///etc/passwd"> attacks work]]></description>
</channel></rss>"#;
        assert!(guard(body).is_ok());
    }

    #[test]
    fn html_pages_are_recognised() {
        let doctype = "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>Login</title></head></html>";
        assert!(matches!(guard(doctype), Err(ParseError::HtmlPage)));
        let bare = "<html lang=\"nl\"><body><p>Onderhoud<br></body></html>";
        assert!(matches!(guard(bare), Err(ParseError::HtmlPage)));
        let xhtml = r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>"#;
        assert!(matches!(guard(xhtml), Err(ParseError::HtmlPage)));
    }

    #[test]
    fn invalid_utf8_is_an_encoding_error() {
        let body = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>caf\xE9</title></channel></rss>";
        match prepare(body) {
            Err(ParseError::Encoding { encoding, detail }) => {
                assert_eq!(encoding, "UTF-8");
                assert!(detail.contains("byte 59"), "{detail}");
            }
            other => panic!("expected an encoding error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_encoding_label_is_an_encoding_error() {
        let body = b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><rss/>";
        assert!(matches!(prepare(body), Err(ParseError::Encoding { encoding, .. }) if encoding == "klingon-8"));
    }

    #[test]
    fn latin1_declaration_is_decoded() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Inova\xE7\xE3o</title></channel></rss>";
        let text = prepare(body).unwrap();
        assert!(text.contains("Inovação"));
        assert!(!text.contains("ISO-8859-1"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut body = vec![0xFF, 0xFE];
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel/></rss>".encode_utf16() {
            body.extend_from_slice(&unit.to_le_bytes());
        }
        let text = prepare(&body).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\"?><rss"));
    }

    #[test]
    fn truncated_document_is_an_xml_error() {
        let body = "<rss version=\"2.0\"><channel><item><title>cut";
        assert!(matches!(guard(body), Err(ParseError::Xml(detail)) if detail.contains("truncated")));
    }

    #[test]
    fn mismatched_tags_are_an_xml_error() {
        let body = "<rss version=\"2.0\"><channel></item></channel></rss>";
        assert!(matches!(guard(body), Err(ParseError::Xml(_))));
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let body = format!("<rss>{}{}</rss>", "<a>".repeat(100), "</a>".repeat(100));
        assert!(matches!(guard(&body), Err(ParseError::Xml(detail)) if detail.contains("deeper")));
    }

    #[test]
    fn comment_only_document_has_no_root() {
        assert!(matches!(guard("<!-- nothing here -->"), Err(ParseError::Xml(detail)) if detail.contains("root")));
    }
}
