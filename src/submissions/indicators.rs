//! Indicators of compromise in a member's text: IPv4 and IPv6 addresses, domains, URLs,
//! MD5/SHA-1/SHA-256 hashes and e-mail addresses.
//!
//! Input that is already defanged (`hxxps://`, `example[.]com`, `user[@]example[.]com`) is
//! recognised. Every indicator is shown defanged (`hxxps://example[.]com/`, `192.0.2[.]1`),
//! so no chat turns it into a link. Nothing here resolves or fetches an indicator; `url` and
//! `std::net` only parse text.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Maximum number of indicators kept from one text; later ones are left out.
pub const MAX_INDICATORS: usize = 50;
/// Maximum length of a word read as an indicator, in characters; longer words are left alone.
const MAX_WORD_CHARS: usize = 2048;

/// The kind of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    Url,
    Domain,
    Ipv4,
    Ipv6,
    Md5,
    Sha1,
    Sha256,
    Email,
}

impl IndicatorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Url => "url",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Ipv4 => "ipv4",
            IndicatorKind::Ipv6 => "ipv6",
            IndicatorKind::Md5 => "md5",
            IndicatorKind::Sha1 => "sha1",
            IndicatorKind::Sha256 => "sha256",
            IndicatorKind::Email => "email",
        }
    }
}

/// One indicator, stored in its plain (refanged, normalised) form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub value: String,
}

impl Indicator {
    /// Returns the value in a form no chat turns into a link: `hxxps://example[.]com/a`,
    /// `example[.]com`, `192.0.2[.]1`, `2001[:]db8[:][:]1`, `user[@]example[.]com`. Hashes
    /// stay as they are.
    pub fn defanged(&self) -> String {
        defang(self.kind, &self.value)
    }
}

/// The link and indicators of a text: the first URL as its link, and every other indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub link: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// Finds the link and the indicators in `text`, each once, in the order they appear.
pub fn extract(text: &str) -> Extracted {
    let mut extracted = Extracted::default();
    for word in text.split_whitespace() {
        let Some(indicator) = classify_word(word) else { continue };
        if indicator.kind == IndicatorKind::Url && extracted.link.is_none() {
            extracted.link = Some(indicator.value);
            continue;
        }
        let duplicate = extracted.link.as_deref() == Some(indicator.value.as_str()) || extracted.indicators.contains(&indicator);
        if !duplicate && extracted.indicators.len() < MAX_INDICATORS {
            extracted.indicators.push(indicator);
        }
    }
    extracted
}

/// Returns `text` with every URL, domain, address and e-mail address defanged, white space and
/// punctuation around them kept.
pub fn defang_text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len() + text.len() / 8);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        let space = &piece[word.len()..];
        match classify_word(word) {
            Some(indicator) if !is_hash(indicator.kind) => {
                let refanged = refang(word);
                let (before, after) = surrounding(&refanged);
                shown.push_str(before);
                shown.push_str(&indicator.defanged());
                shown.push_str(after);
            }
            _ => shown.push_str(&defang_embedded(word)),
        }
        shown.push_str(space);
    }
    shown
}

/// A link inside a word that is not an indicator as a whole, such as `href="https://…"`,
/// `[text](http://…)` or `example.com/login`: an http or https scheme, an IPv4 address, or a
/// domain name whose last label is letters or punycode.
static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)h(?:tt|xx)p(s?)://|\d{1,3}(?:\.\d{1,3}){3}|[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.(?:xn--[a-z0-9-]+|\p{L}{2,})")
        .expect("valid pattern")
});

/// Defangs every link inside a word that is not an indicator as a whole, because chats still
/// turn such a part into a link. Every dot of a matched name becomes `[.]`, so a file name such
/// as `report.pdf` is shown as `report[.]pdf` too.
fn defang_embedded(word: &str) -> String {
    EMBEDDED
        .replace_all(word, |found: &regex::Captures<'_>| match found.get(1) {
            Some(secure) => format!("hxxp{}://", secure.as_str()),
            None => found[0].replace('.', "[.]"),
        })
        .into_owned()
}

/// Returns the link of a URL in defanged form; see [`Indicator::defanged`].
pub fn defang_link(url: &str) -> String {
    defang(IndicatorKind::Url, url)
}

fn is_hash(kind: IndicatorKind) -> bool {
    matches!(kind, IndicatorKind::Md5 | IndicatorKind::Sha1 | IndicatorKind::Sha256)
}

/// Characters that may stand around an indicator in prose or markup, such as `(`, `<`, `"` and
/// a final full stop.
const LEADING: &[char] = &['(', '[', '{', '<', '"', '\'', '`', '«', '“', '‘'];
const TRAILING: &[char] = &[')', ']', '}', '>', '"', '\'', '`', '»', '”', '’', '.', ',', ';', ':', '!', '?'];

/// Splits `word` into the punctuation before, the core and the punctuation after; returns the
/// outer parts.
fn surrounding(word: &str) -> (&str, &str) {
    let core = core_of(word);
    let start = word.len() - word.trim_start_matches(LEADING).len();
    (&word[..start], &word[start + core.len()..])
}

fn core_of(word: &str) -> &str {
    word.trim_start_matches(LEADING).trim_end_matches(TRAILING)
}

/// Reads one whitespace-free word as an indicator.
fn classify_word(word: &str) -> Option<Indicator> {
    if word.chars().nth(MAX_WORD_CHARS).is_some() {
        return None;
    }
    let refanged = refang(word);
    let core = core_of(&refanged);
    if core.is_empty() {
        return None;
    }

    let indicator = |kind, value: String| Some(Indicator { kind, value });
    if let Some(url) = as_url(core) {
        return indicator(IndicatorKind::Url, url);
    }
    if let Some(kind) = hash_kind(core) {
        return indicator(kind, core.to_ascii_lowercase());
    }
    if let Ok(address) = core.parse::<Ipv4Addr>() {
        return indicator(IndicatorKind::Ipv4, address.to_string());
    }

    let bracketless = core.trim_start_matches('[').trim_end_matches(']');
    if bracketless.contains(':') {
        if let Ok(address) = bracketless.parse::<Ipv6Addr>() {
            return indicator(IndicatorKind::Ipv6, address.to_string());
        }
    }

    if let Some((local, domain)) = core.split_once('@') {
        let local_valid = !local.is_empty()
            && local.len() <= 64
            && local.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"._%+-".contains(&byte));
        return match (local_valid, as_domain(domain)) {
            (true, Some(domain)) => indicator(IndicatorKind::Email, format!("{local}@{domain}")),
            _ => None,
        };
    }
    as_domain(core).map(|domain| Indicator { kind: IndicatorKind::Domain, value: domain })
}

/// Reads an http or https URL with a host, normalised by the `url` crate (which writes an
/// internationalised host as punycode, so a look-alike shows as `xn--…`).
fn as_url(core: &str) -> Option<String> {
    let lower = core.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let parsed = url::Url::parse(core).ok()?;
    parsed.host_str().filter(|host| !host.is_empty())?;
    Some(parsed.to_string())
}

fn hash_kind(core: &str) -> Option<IndicatorKind> {
    if !core.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    match core.len() {
        32 => Some(IndicatorKind::Md5),
        40 => Some(IndicatorKind::Sha1),
        64 => Some(IndicatorKind::Sha256),
        _ => None,
    }
}

/// Reads a domain name of two or more labels whose last label is letters only. An
/// internationalised name is returned as punycode.
fn as_domain(core: &str) -> Option<String> {
    if !core.contains('.') || core.starts_with('.') || core.ends_with('.') || core.len() > 253 {
        return None;
    }
    let host = url::Host::parse(core).ok()?;
    let url::Host::Domain(domain) = host else { return None };
    let labels: Vec<&str> = domain.split('.').collect();
    let top = labels.last()?;
    let top_valid = top.len() >= 2 && (top.bytes().all(|byte| byte.is_ascii_alphabetic()) || top.starts_with("xn--"));
    let labels_valid = labels.iter().all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (labels.len() >= 2 && top_valid && labels_valid).then_some(domain)
}

static HXXP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^([^a-z]*)h(?:xx|\*\*|tt)p(s?)(?:\[:\]|\[://\]|:)//").expect("valid pattern"));
static DOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)").expect("valid pattern"));
static AT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\[@\]|\(@\)|\[at\]|\(at\)").expect("valid pattern"));

/// Undoes the usual defanging (`hxxp`, `[.]`, `(dot)`, `[:]`, `[@]`, `[at]`) and removes
/// hidden characters, such as a right-to-left override that would show a name reversed.
fn refang(word: &str) -> String {
    let visible: String = word.chars().filter(|&c| !crate::conversation::is_hidden(c)).collect();
    let word = HXXP.replace(&visible, "${1}http${2}://");
    let word = DOT.replace_all(&word, ".");
    let word = AT.replace_all(&word, "@");
    word.into_owned()
}

fn defang(kind: IndicatorKind, value: &str) -> String {
    match kind {
        IndicatorKind::Url => defang_url(value),
        IndicatorKind::Domain => value.replace('.', "[.]"),
        IndicatorKind::Ipv4 => match value.rfind('.') {
            Some(at) => format!("{}[.]{}", &value[..at], &value[at + 1..]),
            None => value.to_owned(),
        },
        IndicatorKind::Ipv6 => value.replace(':', "[:]"),
        IndicatorKind::Email => value.replace('@', "[@]").replace('.', "[.]"),
        IndicatorKind::Md5 | IndicatorKind::Sha1 | IndicatorKind::Sha256 => value.to_owned(),
    }
}

/// Writes `hxxp`/`hxxps` for the scheme and `[.]` for the dots of the host.
fn defang_url(value: &str) -> String {
    let (scheme, rest) = match value.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => return value.replace('.', "[.]"),
    };
    let scheme = scheme.replacen("http", "hxxp", 1);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    format!("{scheme}://{}{path}", authority.replace('.', "[.]").replace(':', "[:]"))
}

#[cfg(test)]
mod tests;
