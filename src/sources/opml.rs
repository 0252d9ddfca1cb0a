//! OPML import and export of the source list.
//!
//! OPML has no field for a poll interval, so imported sources get [`DEFAULT_INTERVAL`] and an
//! export does not keep the configured interval.

use std::time::Duration;

use opml::{Outline, OPML};

use crate::domain::{SourceConfig, SourceKind};

use super::parse_error::ParseError;
use super::xml_guard;

/// Poll interval of every imported source.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Maximum length of a source name built from an outline title.
const MAX_NAME_LEN: usize = 64;

/// Reads sources from an OPML document.
///
/// Nested outlines are flattened, and outlines without `xmlUrl` are folders. The kind comes
/// from the outline `type` when it is `ncsc-rss`, `csaf` or `kev`, else it is `rss`. Names are
/// slugs of the outline title (else its text), made unique with `-2`, `-3`, ... An outline
/// whose URL is not http(s) rejects the whole import; a URL listed twice is imported once.
pub fn import(bytes: &[u8]) -> Result<Vec<SourceConfig>, ParseError> {
    let text = xml_guard::prepare(bytes)?;
    let document = match OPML::from_str(&text) {
        Ok(document) => document,
        Err(opml::Error::BodyHasNoOutlines) => return Ok(Vec::new()),
        Err(opml::Error::XmlError(err)) => return Err(ParseError::Opml(format!("document is not OPML: {err}"))),
        Err(err) => return Err(ParseError::Opml(err.to_string())),
    };

    let mut feeds = Vec::new();
    collect_feeds(&document.body.outlines, &mut feeds);
    let mut sources: Vec<SourceConfig> = Vec::with_capacity(feeds.len());
    for outline in feeds {
        let source = source_from_outline(outline, &sources)?;
        if sources.iter().any(|known| known.url == source.url) {
            tracing::warn!(url = %source.url, name = %source.name, "skipped OPML outline with a URL listed before");
            continue;
        }
        sources.push(source);
    }
    Ok(sources)
}

/// Writes sources as an OPML 2.0 document whose outlines carry `type` = the source kind, so
/// that [`import`] reads back the same names, kinds and URLs.
pub fn export(sources: &[SourceConfig]) -> String {
    let mut document = OPML { version: "2.0".to_owned(), ..OPML::default() };
    document.head.get_or_insert_with(Default::default).title = Some("Ketenwacht sources".to_owned());
    document.body.outlines = sources
        .iter()
        .map(|source| Outline {
            text: source.name.clone(),
            title: Some(source.name.clone()),
            r#type: Some(source.kind.as_str().to_owned()),
            xml_url: Some(source.url.clone()),
            ..Outline::default()
        })
        .collect();
    // Writing into a String cannot hit an I/O error, the only failure hard-xml reports.
    document.to_string().unwrap_or_else(|err| {
        tracing::error!(error = %err, "failed to write the OPML export");
        String::new()
    })
}

fn collect_feeds<'a>(outlines: &'a [Outline], feeds: &mut Vec<&'a Outline>) {
    for outline in outlines {
        if outline.xml_url.as_deref().is_some_and(|url| !url.trim().is_empty()) {
            feeds.push(outline);
        }
        collect_feeds(&outline.outlines, feeds);
    }
}

fn source_from_outline(outline: &Outline, known: &[SourceConfig]) -> Result<SourceConfig, ParseError> {
    let label = outline.title.as_deref().filter(|title| !title.trim().is_empty()).unwrap_or(&outline.text);
    let raw_url = outline.xml_url.as_deref().unwrap_or_default().trim();
    let url = url::Url::parse(raw_url)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
        .ok_or_else(|| ParseError::Opml(format!("outline {label:?} has xmlUrl {raw_url:?}, which is not an http or https URL")))?;

    let base = match slug(label) {
        name if name.is_empty() => slug(url.host_str().unwrap_or("source")),
        name => name,
    };
    Ok(SourceConfig {
        name: unique_name(&base, known),
        kind: kind_from_type(outline.r#type.as_deref()),
        url: url.to_string(),
        interval: DEFAULT_INTERVAL,
    })
}

fn kind_from_type(outline_type: Option<&str>) -> SourceKind {
    match outline_type.map(|kind| kind.trim().to_ascii_lowercase()).as_deref() {
        Some("ncsc-rss") => SourceKind::NcscRss,
        Some("csaf") => SourceKind::Csaf,
        Some("kev") => SourceKind::Kev,
        _ => SourceKind::Rss,
    }
}

/// Turns text into lower-case ASCII letters and digits joined by single `-`, at most
/// [`MAX_NAME_LEN`] bytes.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    truncate_slug(&slug, MAX_NAME_LEN)
}

/// Cuts a slug to `max` bytes (it is ASCII) without leaving a trailing `-`.
fn truncate_slug(slug: &str, max: usize) -> String {
    slug[..slug.len().min(max)].trim_end_matches('-').to_owned()
}

fn unique_name(base: &str, known: &[SourceConfig]) -> String {
    let taken = |name: &str| known.iter().any(|source| source.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|number| {
            let suffix = format!("-{number}");
            format!("{}{suffix}", truncate_slug(base, MAX_NAME_LEN - suffix.len()))
        })
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sources/opml/pulsedive-certrss_cert-registry-2026-08-16.opml"
    ));

    fn source(name: &str, kind: SourceKind, url: &str) -> SourceConfig {
        SourceConfig { name: name.to_owned(), kind, url: url.to_owned(), interval: DEFAULT_INTERVAL }
    }

    #[test]
    fn registry_is_flattened() {
        let sources = import(REGISTRY).unwrap();
        // 47 feed outlines in two folders, of which 4 URLs appear in both folders.
        assert_eq!(sources.len(), 43);
        assert_eq!(sources[0], source("cert-at", SourceKind::Rss, "https://cert.at/cert-at.en.blog.rss_2.0.xml"));
        assert!(sources.iter().all(|source| source.kind == SourceKind::Rss));
        assert!(sources.iter().all(|source| source.interval == DEFAULT_INTERVAL));
    }

    #[test]
    fn registry_names_are_unique_slugs() {
        let sources = import(REGISTRY).unwrap();
        let ncsc = sources.iter().find(|source| source.url == "https://feeds.ncsc.nl/nieuws.rss").unwrap();
        assert_eq!(ncsc.name, "ncsc-nl");
        let swiss = sources.iter().find(|source| source.name == "swiss-govcert").unwrap();
        assert_eq!(swiss.url, "https://www.newsd.admin.ch/newsd/feeds/rss?lang=en&org-nr=1101");
        for (index, source) in sources.iter().enumerate() {
            assert!(source.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", source.name);
            assert!(sources[..index].iter().all(|other| other.name != source.name), "{} twice", source.name);
        }
    }

    #[test]
    fn export_round_trips() {
        let sources = vec![
            source("ncsc-advisories", SourceKind::NcscRss, "https://advisories.ncsc.nl/rss/advisories"),
            source("ncsc-csaf", SourceKind::Csaf, "https://advisories.ncsc.nl/.well-known/csaf/provider-metadata.json"),
            source("cisa-kev", SourceKind::Kev, "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"),
            source("swiss", SourceKind::Rss, "https://www.newsd.admin.ch/newsd/feeds/rss?lang=en&org-nr=1101"),
        ];
        let written = export(&sources);
        assert!(written.contains("type=\"ncsc-rss\""), "{written}");
        assert_eq!(import(written.as_bytes()).unwrap(), sources);
    }

    #[test]
    fn registry_round_trips_through_export() {
        let sources = import(REGISTRY).unwrap();
        assert_eq!(import(export(&sources).as_bytes()).unwrap(), sources);
    }

    #[test]
    fn empty_list_round_trips() {
        assert!(import(export(&[]).as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn duplicate_titles_get_suffixes() {
        let body = r#"<opml version="2.0"><body>
<outline text="NCSC" xmlUrl="https://a.example/1"/>
<outline text="NCSC!" xmlUrl="https://a.example/2"/>
<outline text="ncsc" xmlUrl="https://a.example/3"/>
<outline text="ncsc" xmlUrl="https://a.example/3"/>
<outline text="" xmlUrl="https://feeds.example.org/x"/>
</body></opml>"#;
        let names: Vec<String> = import(body.as_bytes()).unwrap().into_iter().map(|source| source.name).collect();
        assert_eq!(names, ["ncsc", "ncsc-2", "ncsc-3", "feeds-example-org"]);
    }

    #[test]
    fn long_titles_are_capped() {
        let title = "Zeer lange titel ".repeat(10);
        let body = format!(
            r#"<opml version="2.0"><body><outline text="{title}" xmlUrl="https://a.example/1"/><outline text="{title}" xmlUrl="https://a.example/2"/></body></opml>"#
        );
        let sources = import(body.as_bytes()).unwrap();
        assert!(sources[0].name.len() <= MAX_NAME_LEN);
        assert!(sources[1].name.len() <= MAX_NAME_LEN);
        assert!(sources[1].name.ends_with("-2"));
        assert!(!sources[0].name.ends_with('-'));
    }

    #[test]
    fn non_http_url_rejects_import() {
        let body = r#"<opml version="2.0"><body><outline text="Local" xmlUrl="file:///etc/passwd"/></body></opml>"#;
        assert!(matches!(import(body.as_bytes()), Err(ParseError::Opml(reason)) if reason.contains("\"Local\"")));
        let relative = r#"<opml version="2.0"><body><outline text="Rel" xmlUrl="/feed.xml"/></body></opml>"#;
        assert!(matches!(import(relative.as_bytes()), Err(ParseError::Opml(_))));
    }

    #[test]
    fn kinds_come_from_type() {
        assert_eq!(kind_from_type(Some("CSAF")), SourceKind::Csaf);
        assert_eq!(kind_from_type(Some("ncsc-rss")), SourceKind::NcscRss);
        assert_eq!(kind_from_type(Some("kev")), SourceKind::Kev);
        assert_eq!(kind_from_type(Some("member")), SourceKind::Rss);
        assert_eq!(kind_from_type(Some("link")), SourceKind::Rss);
        assert_eq!(kind_from_type(None), SourceKind::Rss);
    }

    #[test]
    fn hostile_or_wrong_documents_are_rejected() {
        assert!(matches!(import(b""), Err(ParseError::Empty)));
        let xxe = br#"<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml version="2.0"><body><outline text="&x;"/></body></opml>"#;
        assert!(matches!(import(xxe), Err(ParseError::EntityDeclaration)));
        assert!(matches!(import(b"<rss version=\"2.0\"><channel/></rss>"), Err(ParseError::Opml(_))));
        assert!(matches!(import(b"<opml version=\"3.0\"><body><outline text=\"a\"/></body></opml>"), Err(ParseError::Opml(_))));
    }
}
