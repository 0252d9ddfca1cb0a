//! Plain-text helpers shared by the parsers: HTML to text, length caps and CVE ids.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::Cve;

/// Maximum characters kept of a summary; longer text is cut on a char boundary and ends in `…`.
pub(crate) const MAX_SUMMARY_CHARS: usize = 2000;

/// Maximum characters of a title built from the first words of a summary.
pub(crate) const MAX_DERIVED_TITLE_CHARS: usize = 120;

#[allow(clippy::expect_used)]
static CVE_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a literal checked by the tests, so building it cannot fail.
    Regex::new(r"(?i)\bCVE-\d{4}-\d{4,}\b").expect("valid CVE pattern")
});

/// Collects the CVE ids named in `texts`, upper-cased, without duplicates, in order of appearance.
pub(crate) fn find_cves<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Cve> {
    let mut ids: Vec<String> = Vec::new();
    for text in texts {
        for found in CVE_PATTERN.find_iter(text) {
            let id = found.as_str().to_ascii_uppercase();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.into_iter().map(Cve::new).collect()
}

/// Turns an HTML fragment or plain text into one line of plain text: tags and comments are
/// dropped, `script` and `style` contents too, entities decoded and whitespace collapsed.
pub(crate) fn html_to_text(html: &str) -> String {
    let without_tags = strip_tags(html);
    let decoded = decode_entities(&without_tags);
    collapse_whitespace(&decoded)
}

/// Cuts `text` to at most `max_chars` characters on a char boundary, ending it with `…` when cut.
pub(crate) fn cap_chars(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars.saturating_sub(1)) {
        Some((cut, _)) if text[cut..].chars().nth(1).is_some() => {
            let mut capped = text[..cut].trim_end().to_owned();
            capped.push('…');
            capped
        }
        _ => text.to_owned(),
    }
}

/// Builds a title from the first words of a summary, for feed entries that have none.
pub(crate) fn title_from_summary(summary: &str) -> String {
    let mut words = summary.split_whitespace();
    let first: Vec<&str> = words.by_ref().take(12).collect();
    let mut title = cap_chars(&first.join(" "), MAX_DERIVED_TITLE_CHARS);
    if words.next().is_some() && !title.ends_with('…') {
        title.push('…');
    }
    title
}

/// Plain text of an optional HTML fragment, capped for use as a summary; `None` when empty.
pub(crate) fn summary_text(html: Option<&str>) -> Option<String> {
    let text = html_to_text(html?);
    (!text.is_empty()).then(|| cap_chars(&text, MAX_SUMMARY_CHARS))
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces every tag by a space. A `<` not followed by a letter, `/`, `!` or `?` is text.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let starts_tag = tail[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !starts_tag {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        if !INLINE_TAGS.contains(&tag_name(tail).as_str()) {
            out.push(' ');
        }
        rest = skip_markup(tail);
    }
    out.push_str(rest);
    out
}

/// Tags that sit inside a run of text, so removing them must not split a word from its
/// punctuation.
const INLINE_TAGS: [&str; 12] = ["a", "abbr", "b", "code", "em", "i", "mark", "small", "span", "strong", "sub", "sup"];

/// The lower-case name of the tag at `tail[0] == '<'`, without a leading `/`.
fn tag_name(tail: &str) -> String {
    let name = tail[1..].strip_prefix('/').unwrap_or(&tail[1..]);
    name.chars().take_while(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Skips one tag, comment or raw-text element starting at `tail[0] == '<'`.
fn skip_markup(tail: &str) -> &str {
    if let Some(comment) = tail.strip_prefix("<!--") {
        return comment.find("-->").map_or("", |end| &comment[end + 3..]);
    }
    let lower_name = tag_name(tail);
    let after_tag = tail.find('>').map_or("", |end| &tail[end + 1..]);
    let opens_raw_text = !tail[1..].starts_with('/') && (lower_name == "script" || lower_name == "style");
    if opens_raw_text {
        let closing = format!("</{lower_name}");
        let lower = after_tag.to_ascii_lowercase();
        return match lower.find(&closing) {
            Some(at) => after_tag[at..].find('>').map_or("", |end| &after_tag[at + end + 1..]),
            None => "",
        };
    }
    after_tag
}

/// Decodes numeric character references and the named HTML entities common in feeds.
/// Unknown names stay as written, so `AT&T` and `&unknown;` survive.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let reference = tail.find(';').filter(|&end| end <= 10).map(|end| (&tail[..end], end));
        match reference.and_then(|(name, end)| decode_reference(name).map(|c| (c, end))) {
            Some((decoded, end)) => {
                out.push(decoded);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iuml" => 'ï',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "aacute" => 'á',
        "agrave" => 'à',
        "oacute" => 'ó',
        "ccedil" => 'ç',
        "szlig" => 'ß',
        _ => return None,
    };
    Some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text_strips_and_decodes() {
        let html = "<p>Update&nbsp;<b>now</b>, &amp; patch</p>\n<script>alert(1)</script><!-- x --> a &lt; b";
        assert_eq!(html_to_text(html), "Update now, & patch a < b");
    }

    #[test]
    fn html_to_text_keeps_lone_angle_bracket() {
        assert_eq!(html_to_text("versions < 2.0 and > 1.0"), "versions < 2.0 and > 1.0");
        assert_eq!(html_to_text("AT&T &unknown; &#8211; &#x41;"), "AT&T &unknown; – A");
    }

    #[test]
    fn html_to_text_survives_unclosed_markup() {
        assert_eq!(html_to_text("text <b"), "text");
        assert_eq!(html_to_text("a <!-- open"), "a");
        assert_eq!(html_to_text("a <script>never closed"), "a");
    }

    #[test]
    fn cap_chars_cuts_on_char_boundary() {
        assert_eq!(cap_chars("ééééé", 3), "éé…");
        assert_eq!(cap_chars("ééé", 3), "ééé");
        assert_eq!(cap_chars("", 3), "");
    }

    #[test]
    fn find_cves_dedupes_and_upper_cases() {
        let cves = find_cves(["cve-2025-1234 and CVE-2025-12345", "CVE-2025-1234, CVE-25-1"]);
        let ids: Vec<&str> = cves.iter().map(|cve| cve.id.as_str()).collect();
        assert_eq!(ids, ["CVE-2025-1234", "CVE-2025-12345"]);
    }

    #[test]
    fn title_from_summary_takes_first_words() {
        let summary = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert_eq!(title_from_summary(summary), "one two three four five six seven eight nine ten eleven twelve…");
        assert_eq!(title_from_summary("short text"), "short text");
    }
}
