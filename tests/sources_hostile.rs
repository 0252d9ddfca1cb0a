//! Hostile and broken publishers: each case must fail with its own specific reason.
//!
//! The ignored cases reach a parser, which is still a placeholder that rejects every input.
//! They pass once the real parsers are in.

mod support;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ketenwacht::domain::{FetchState, SourceConfig, SourceKind};
use ketenwacht::sources::fetch::USER_AGENT;
use ketenwacht::sources::{poll, FetchLimits, FetchOutcome, Fetcher, ParseError, SourceError, TimeoutPhase};
use serde_json::{json, Value};

use support::feed_server::{gzip_of_zeros, FeedServer, Scripted};
use support::fixture;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

fn source(kind: SourceKind, url: &str) -> SourceConfig {
    SourceConfig { name: "test-source".into(), kind, url: url.to_owned(), interval: Duration::from_secs(3600) }
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchLimits::default()).unwrap()
}

fn fetcher_with(limits: FetchLimits) -> Fetcher {
    Fetcher::new(limits).unwrap()
}

/// Polls a one-file source of `kind` served at `/doc` and returns its error.
async fn poll_error(kind: SourceKind, response: Scripted) -> SourceError {
    let server = FeedServer::start().await;
    server.route("/doc", response);
    let source = source(kind, &server.url("/doc"));
    match poll(&fetcher(), &source, &FetchState::default()).await {
        Ok(result) => panic!("poll succeeded with {} drafts", result.drafts.len()),
        Err(error) => error,
    }
}

/// Unwraps the parser error of a [`SourceError::Parse`] after checking that it names the URL.
fn parse_reason(error: SourceError) -> ParseError {
    let message = error.to_string();
    match error {
        SourceError::Parse { context, source } => {
            assert!(context.starts_with("http://127.0.0.1:"), "context should be the document URL: {context}");
            assert!(message.starts_with(&context), "message should start with the URL: {message}");
            source
        }
        other => panic!("expected a parse error, got: {other}"),
    }
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn user_agent_names_ketenwacht() {
    let server = FeedServer::start().await;
    server.route("/feed.xml", Scripted::ok("<rss/>"));
    fetcher().fetch(&server.url("/feed.xml"), &FetchState::default()).await.unwrap();

    let requests = server.requests_to("/feed.xml");
    assert_eq!(requests.len(), 1);
    let user_agent = requests[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(user_agent, USER_AGENT);
    assert!(user_agent.starts_with(&format!("Ketenwacht/{} (+https://", env!("CARGO_PKG_VERSION"))), "{user_agent}");
}

#[tokio::test]
async fn conditional_get_returns_not_modified() {
    let server = FeedServer::start().await;
    let feed = fixture("fetch/ncsc-rss-snapshot-2025-08-28.xml");
    server.route("/rss", Scripted::ok(feed.clone()).etag("\"snapshot-1\"").header("last-modified", "Thu, 28 Aug 2025 18:40:00 GMT"));

    let first = fetcher().fetch(&server.url("/rss"), &FetchState::default()).await.unwrap();
    let FetchOutcome::Body(body) = first else { panic!("first fetch has no validators and must get a body") };
    assert_eq!(body.bytes.as_ref(), feed.as_slice());
    assert_eq!(body.etag.as_deref(), Some("\"snapshot-1\""));
    assert_eq!(body.last_modified.as_deref(), Some("Thu, 28 Aug 2025 18:40:00 GMT"));

    let state = FetchState { etag: body.etag, last_modified: body.last_modified, cursor: None };
    let second = poll(&fetcher(), &source(SourceKind::NcscRss, &server.url("/rss")), &state).await.unwrap();
    assert!(second.not_modified);
    assert!(second.drafts.is_empty());
    assert_eq!(second.state, state, "validators are kept for the next poll");

    let requests = server.requests_to("/rss");
    assert_eq!(requests.len(), 2);
    assert!(requests[0].headers.get("if-none-match").is_none());
    assert_eq!(requests[1].headers.get("if-none-match").unwrap(), "\"snapshot-1\"");
    assert_eq!(requests[1].headers.get("if-modified-since").unwrap(), "Thu, 28 Aug 2025 18:40:00 GMT");
}

#[tokio::test]
async fn http_error_statuses_are_reported() {
    let cases = [(404, "Not Found"), (410, "Gone"), (500, "Internal Server Error"), (503, "Service Unavailable")];
    let server = FeedServer::start().await;
    for (code, reason) in cases {
        let path = format!("/status-{code}");
        server.route(&path, Scripted::status(code));
        let url = server.url(&path);
        let error = poll(&fetcher(), &source(SourceKind::Rss, &url), &FetchState::default()).await.unwrap_err();
        assert!(matches!(error, SourceError::Status { code: c, .. } if c == code), "{code}: {error}");
        assert_eq!(error.to_string(), format!("HTTP {code} {reason} from {url}"));
    }
}

#[tokio::test]
async fn oversized_body_is_rejected_by_length() {
    let limits = FetchLimits { max_body_bytes: 64 * KIB, ..FetchLimits::default() };
    let server = FeedServer::start().await;
    server.route("/big", Scripted::ok(vec![b'a'; 100 * KIB]));

    let error = fetcher_with(limits).fetch(&server.url("/big"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::BodyTooLarge { limit, .. } if limit == 64 * KIB), "{error}");
    assert_eq!(
        error.to_string(),
        format!("response body from {} is larger than the limit of 64 KiB (65536 bytes) after decompression", server.url("/big"))
    );
}

#[tokio::test]
async fn oversized_body_is_cut_while_streaming() {
    let limits = FetchLimits { max_body_bytes: 64 * KIB, ..FetchLimits::default() };
    let server = FeedServer::start().await;
    server.route("/big", Scripted::ok(vec![b'a'; 100 * KIB]).chunked());

    let error = fetcher_with(limits).fetch(&server.url("/big"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::BodyTooLarge { .. }), "{error}");
}

#[tokio::test]
async fn body_of_exactly_limit_is_accepted() {
    let limits = FetchLimits { max_body_bytes: 64 * KIB, ..FetchLimits::default() };
    let server = FeedServer::start().await;
    server.route("/exact", Scripted::ok(vec![b'a'; 64 * KIB]).chunked());

    let outcome = fetcher_with(limits).fetch(&server.url("/exact"), &FetchState::default()).await.unwrap();
    let FetchOutcome::Body(body) = outcome else { panic!("expected a body") };
    assert_eq!(body.bytes.len(), 64 * KIB);
}

#[tokio::test]
async fn endless_body_is_cut_at_limit() {
    let limits = FetchLimits { max_body_bytes: 64 * KIB, ..FetchLimits::default() };
    let server = FeedServer::start().await;
    server.route("/endless", Scripted::endless(8 * KIB));

    let error = fetcher_with(limits).fetch(&server.url("/endless"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::BodyTooLarge { .. }), "{error}");
}

#[tokio::test]
async fn slow_drip_hits_total_timeout() {
    let limits = FetchLimits { total_timeout: Duration::from_secs(1), ..FetchLimits::default() };
    let server = FeedServer::start().await;
    server.route("/slow", Scripted::ok(fixture("fetch/ncsc-rss-snapshot-2025-08-28.xml")).drip(Duration::from_millis(200)));

    let started = Instant::now();
    let error = fetcher_with(limits).fetch(&server.url("/slow"), &FetchState::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(matches!(error, SourceError::Timeout { phase: TimeoutPhase::Total, .. }), "{error}");
    assert_eq!(error.to_string(), format!("fetching {} timed out after 1s", server.url("/slow")));
}

#[tokio::test]
async fn compression_bomb_is_cut_after_decompression() {
    let limits = FetchLimits { max_body_bytes: MIB, ..FetchLimits::default() };
    let bomb = gzip_of_zeros(50 * MIB);
    assert!(bomb.len() < MIB, "the compressed bomb itself must fit the limit, or the test proves nothing");
    let server = FeedServer::start().await;
    server.route("/bomb", Scripted::ok(bomb).header("content-encoding", "gzip"));

    let started = Instant::now();
    let error = fetcher_with(limits).fetch(&server.url("/bomb"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::BodyTooLarge { limit, .. } if limit == MIB), "{error}");
    assert!(error.to_string().contains("1 MiB (1048576 bytes) after decompression"), "{error}");
    // Inflating all 50 MiB takes far longer in a debug build, while stopping at 1 MiB does not.
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn gzip_body_is_decompressed() {
    let feed = fixture("fetch/ncsc-rss-snapshot-2025-08-28.xml");
    let server = FeedServer::start().await;
    server.route("/rss", Scripted::ok(feed.clone()).gzipped());

    let outcome = fetcher().fetch(&server.url("/rss"), &FetchState::default()).await.unwrap();
    let FetchOutcome::Body(body) = outcome else { panic!("expected a body") };
    assert_eq!(body.bytes.as_ref(), feed.as_slice());
    let accept_encoding = server.requests_to("/rss")[0].headers.get("accept-encoding").unwrap().to_str().unwrap().to_owned();
    assert!(accept_encoding.contains("gzip"), "{accept_encoding}");
}

#[tokio::test]
async fn corrupt_gzip_fails_decompression() {
    let server = FeedServer::start().await;
    server.route("/corrupt", Scripted::ok(vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]).header("content-encoding", "gzip"));

    let error = fetcher().fetch(&server.url("/corrupt"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::Decompression { .. }), "{error}");
    assert!(error.to_string().starts_with(&format!("decompressing the response body from {} failed: ", server.url("/corrupt"))));
}

#[tokio::test]
async fn unknown_content_encoding_is_rejected() {
    let server = FeedServer::start().await;
    server.route("/packed", Scripted::ok("not really compressed").header("content-encoding", "x-custom"));

    let error = fetcher().fetch(&server.url("/packed"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::Decompression { .. }), "{error}");
    assert!(error.to_string().contains("unsupported content encoding \"x-custom\""), "{error}");
}

#[tokio::test]
async fn redirect_loop_is_reported() {
    let server = FeedServer::start().await;
    server.route("/a", Scripted::redirect("/b"));
    server.route("/b", Scripted::redirect("/a"));

    let error = fetcher().fetch(&server.url("/a"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::RedirectLoop { .. }), "{error}");
    assert_eq!(error.to_string(), format!("redirect loop from {}: {} was already requested", server.url("/a"), server.url("/a")));
}

#[tokio::test]
async fn too_many_redirects_are_reported() {
    let limits = FetchLimits { max_redirects: 3, ..FetchLimits::default() };
    let server = FeedServer::start().await;
    for hop in 0..10 {
        server.route(&format!("/hop{hop}"), Scripted::redirect(&format!("/hop{}", hop + 1)));
    }

    let error = fetcher_with(limits).fetch(&server.url("/hop0"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::TooManyRedirects { max: 3, .. }), "{error}");
    assert_eq!(server.requests().len(), 4, "the first request and three redirects");
}

#[tokio::test]
async fn redirects_within_limit_are_followed() {
    let server = FeedServer::start().await;
    server.route("/old", Scripted::redirect("/new"));
    server.route("/new", Scripted::ok("moved"));

    let outcome = fetcher().fetch(&server.url("/old"), &FetchState::default()).await.unwrap();
    let FetchOutcome::Body(body) = outcome else { panic!("expected a body") };
    assert_eq!(body.bytes.as_ref(), b"moved");
    assert_eq!(body.final_url.as_str(), server.url("/new"));
}

#[tokio::test]
async fn redirect_to_file_is_rejected() {
    let server = FeedServer::start().await;
    server.route("/evil", Scripted::redirect("file:///etc/passwd"));

    let error = fetcher().fetch(&server.url("/evil"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::RedirectRejected { .. }), "{error}");
    assert!(error.to_string().contains("file:///etc/passwd"), "{error}");
}

#[tokio::test]
async fn non_http_url_is_rejected_before_request() {
    let error = poll(&fetcher(), &source(SourceKind::Rss, "file:///etc/passwd"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::UnsupportedScheme { ref scheme, .. } if scheme == "file"), "{error}");
    assert_eq!(error.to_string(), "URL file:///etc/passwd uses the scheme \"file\"; only http and https sources can be fetched");
}

#[tokio::test]
async fn refused_connection_names_cause() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    drop(listener);

    let error = fetcher().fetch(&url, &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::Connect { .. }), "{error}");
    assert!(error.to_string().starts_with(&format!("connecting to {url} failed: ")), "{error}");
}

#[tokio::test]
async fn member_sources_are_not_polled() {
    let error = poll(&fetcher(), &source(SourceKind::Member, "http://127.0.0.1:9/"), &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::UnsupportedKind { kind: SourceKind::Member }), "{error}");
    assert!(error.to_string().contains("member"), "{error}");
}

#[tokio::test]
async fn truncated_xml_is_malformed() {
    let feed = fixture("fetch/ncsc-rss-snapshot-2025-08-28.xml");
    let truncated = feed[..feed.len() / 2].to_vec();
    let reason = parse_reason(poll_error(SourceKind::NcscRss, Scripted::ok(truncated)).await);
    assert!(matches!(reason, ParseError::Xml(_)), "{reason}");
}

#[tokio::test]
async fn malformed_kev_json_names_position() {
    let catalog = fixture("fetch/kev-sample.json");
    let broken = String::from_utf8(catalog).unwrap().replacen("\"cveID\": \"CVE-2024-8068\",", "\"cveID\": \"CVE-2024-8068\"", 1);
    let reason = parse_reason(poll_error(SourceKind::Kev, Scripted::ok(broken)).await);
    let ParseError::Json { line, column, .. } = reason else { panic!("expected a JSON error, got: {reason}") };
    assert!(line > 1, "line {line}");
    assert!(column > 0, "column {column}");
}

#[tokio::test]
async fn undeclared_latin1_is_an_encoding_error() {
    // Latin-1 bytes under no declaration must be read as UTF-8, and they are not valid UTF-8.
    let feed = fixture("fetch/feed-rs-rss_2.0_encoding_1.xml");
    let text_start = feed.iter().position(|byte| *byte == b'\n').unwrap() + 1;
    let undeclared = feed[text_start..].to_vec();
    let reason = parse_reason(poll_error(SourceKind::Rss, Scripted::ok(undeclared)).await);
    assert!(matches!(reason, ParseError::Encoding { .. }), "{reason}");
}

#[tokio::test]
async fn billion_laughs_is_rejected() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>NCSC-2025-0271 [1.00] [M/H] &lol9;</title></item></channel></rss>"#;
    for kind in [SourceKind::NcscRss, SourceKind::Rss] {
        let reason = parse_reason(poll_error(kind, Scripted::ok(bomb)).await);
        assert!(matches!(reason, ParseError::EntityDeclaration), "{kind}: {reason}");
    }
}

#[tokio::test]
async fn external_entity_is_rejected() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>NCSC-2025-0271 [1.00] [M/H] &e;</title></item></channel></rss>"#;
    for kind in [SourceKind::NcscRss, SourceKind::Rss] {
        let error = poll_error(kind, Scripted::ok(xxe)).await;
        assert!(!error.to_string().contains("root:"), "file contents leaked into the message: {error}");
        let reason = parse_reason(error);
        assert!(matches!(reason, ParseError::EntityDeclaration), "{kind}: {reason}");
    }
}

#[tokio::test]
async fn html_page_is_not_a_feed() {
    let page = "<!DOCTYPE html>\n<html lang=\"nl\"><head><title>Onderhoud</title></head>\
                <body><h1>We zijn zo terug</h1></body></html>";
    for kind in [SourceKind::NcscRss, SourceKind::Rss] {
        let reason = parse_reason(poll_error(kind, Scripted::ok(page).header("content-type", "text/html; charset=utf-8")).await);
        assert!(matches!(reason, ParseError::HtmlPage), "{kind}: {reason}");
    }
}

/// Serves a CISA-style provider on `server`: provider metadata whose one directory is the server
/// root, the real CISA changes.csv, the real VA-24-262-01 and a copy of it that breaks the
/// CSAF schema served as VA-24-254-02.
fn serve_csaf_provider(server: &FeedServer) {
    let mut metadata: Value = serde_json::from_slice(&fixture("fetch/oasis-example-01-provider-metadata.json")).unwrap();
    metadata["canonical_url"] = json!(server.url("/.well-known/csaf/provider-metadata.json"));
    metadata["distributions"] = json!([{ "directory_url": server.url("/") }]);
    server.route("/.well-known/csaf/provider-metadata.json", Scripted::ok(metadata.to_string()));
    server.route("/changes.csv", Scripted::ok(fixture("fetch/cisa-it-white-changes.csv")).etag("\"changes-1\""));

    let valid = fixture("fetch/cisa-va-24-262-01.json");
    server.route("/csaf_files/IT/white/2024/va-24-262-01.json", Scripted::ok(valid.clone()));
    let mut broken: Value = serde_json::from_slice(&valid).unwrap();
    broken["document"].as_object_mut().unwrap().remove("tracking");
    server.route("/csaf_files/IT/white/2024/va-24-254-02.json", Scripted::ok(broken.to_string()));
}

#[tokio::test]
async fn csaf_schema_failure_spares_other_documents() {
    let server = FeedServer::start().await;
    serve_csaf_provider(&server);
    let source = source(SourceKind::Csaf, &server.url("/.well-known/csaf/provider-metadata.json"));
    let state = FetchState { cursor: Some(time("2024-09-18T16:00:00Z")), ..FetchState::default() };

    let result = poll(&fetcher(), &source, &state).await.unwrap();
    assert_eq!(result.drafts.len(), 1, "VA-24-262-01 parses");
    assert_eq!(result.document_errors.len(), 1, "{:?}", result.document_errors);
    let broken_url = server.url("/csaf_files/IT/white/2024/va-24-254-02.json");
    assert!(result.document_errors[0].starts_with(&format!("{broken_url}: CSAF document fails the CSAF schema at ")), "{:?}", result.document_errors);
    assert_eq!(result.state.cursor, Some(time("2024-10-03T16:03:00Z")), "a schema failure would repeat, so the cursor passes it");
    assert_eq!(result.state.etag.as_deref(), Some("\"changes-1\""), "nothing is left to retry");
    assert!(server.requests_to("/csaf_files/IT/white/2024/va-24-201-01.json").is_empty(), "rows at or before the cursor are skipped");
}

#[tokio::test]
async fn csaf_schema_failure_of_every_document_is_reported() {
    let server = FeedServer::start().await;
    serve_csaf_provider(&server);
    let source = source(SourceKind::Csaf, &server.url("/.well-known/csaf/provider-metadata.json"));
    let state = FetchState { cursor: Some(time("2024-09-18T16:56:00Z")), ..FetchState::default() };

    let result = poll(&fetcher(), &source, &state).await.unwrap();
    assert!(result.drafts.is_empty());
    assert_eq!(result.document_errors.len(), 1);
    assert!(result.document_errors[0].contains("CSAF document fails the CSAF schema at /document/tracking"), "{:?}", result.document_errors);
}

#[tokio::test]
async fn csaf_unavailable_document_fails_poll() {
    let server = FeedServer::start().await;
    serve_csaf_provider(&server);
    server.route("/csaf_files/IT/white/2024/va-24-254-02.json", Scripted::status(503));
    let source = source(SourceKind::Csaf, &server.url("/.well-known/csaf/provider-metadata.json"));
    let state = FetchState { cursor: Some(time("2024-09-18T16:56:00Z")), ..FetchState::default() };

    let error = poll(&fetcher(), &source, &state).await.unwrap_err();
    let SourceError::CsafDocumentsFailed { count, first } = error else { panic!("expected every document to fail, got: {error}") };
    assert_eq!(count, 1);
    assert!(matches!(*first, SourceError::Status { code: 503, .. }), "{first}");
}

#[tokio::test]
async fn csaf_changes_csv_uses_conditional_get() {
    let server = FeedServer::start().await;
    serve_csaf_provider(&server);
    let source = source(SourceKind::Csaf, &server.url("/.well-known/csaf/provider-metadata.json"));
    let state = FetchState { etag: Some("\"changes-1\"".into()), last_modified: None, cursor: Some(time("2024-10-03T16:03:00Z")) };

    let result = poll(&fetcher(), &source, &state).await.unwrap();
    assert!(result.not_modified);
    assert_eq!(result.state, state);
    assert_eq!(server.requests_to("/changes.csv")[0].headers.get("if-none-match").unwrap(), "\"changes-1\"");
}

#[tokio::test]
async fn csaf_rolie_feed_is_used_without_directory() {
    let server = FeedServer::start().await;
    let mut metadata: Value = serde_json::from_slice(&fixture("fetch/oasis-example-01-provider-metadata.json")).unwrap();
    metadata["distributions"][0]["rolie"]["feeds"][0]["url"] = json!(server.url("/feed-tlp-white.json"));
    server.route("/provider-metadata.json", Scripted::ok(metadata.to_string()));
    // The real feed links to raw.githubusercontent.com; point it at the test server instead.
    let feed = String::from_utf8(fixture("fetch/cisa-csaf-it-feed-tlp-white.json")).unwrap();
    let feed = feed.replace("https://raw.githubusercontent.com/cisagov/CSAF/develop/", &server.url("/"));
    server.route("/feed-tlp-white.json", Scripted::ok(feed));
    server.route("/csaf_files/IT/white/2024/va-24-262-01.json", Scripted::ok(fixture("fetch/cisa-va-24-262-01.json")));

    let source = source(SourceKind::Csaf, &server.url("/provider-metadata.json"));
    let result = poll(&fetcher(), &source, &FetchState::default()).await.unwrap();
    assert_eq!(result.drafts.len(), 1, "only VA-24-262-01 is served");
    assert_eq!(result.document_errors.len(), 3, "{:?}", result.document_errors);
    assert!(result.document_errors.iter().all(|error| error.starts_with("HTTP 404 Not Found from ")), "{:?}", result.document_errors);
}

#[tokio::test]
async fn kev_catalog_fills_kev_entries() {
    let server = FeedServer::start().await;
    server.route("/kev.json", Scripted::ok(fixture("fetch/kev-sample.json")));

    let result = poll(&fetcher(), &source(SourceKind::Kev, &server.url("/kev.json")), &FetchState::default()).await.unwrap();
    let entries = result.kev.expect("a kev source fills the catalog");
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().any(|entry| entry.cve == "CVE-2024-34102"));
    assert!(result.drafts.is_empty());
}

/// Serves one raw HTTP response on 127.0.0.1 and closes the connection after it.
async fn serve_raw_once(response: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cut", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0_u8; 4096];
        let _ = socket.read(&mut request).await;
        socket.write_all(&response).await.unwrap();
        socket.shutdown().await.unwrap();
    });
    url
}

#[tokio::test]
async fn body_cut_short_is_a_transfer_error() {
    let url = serve_raw_once(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n<rss version=\"2.0\">".to_vec()).await;
    let error = fetcher().fetch(&url, &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::Transfer { .. }), "{error}");
}

#[tokio::test]
async fn gzip_body_cut_short_is_a_transfer_error() {
    let compressed = support::feed_server::gzip(&fixture("fetch/ncsc-rss-snapshot-2025-08-28.xml"));
    let mut response = format!("HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n", compressed.len()).into_bytes();
    response.extend_from_slice(&compressed[..compressed.len() / 2]);
    let url = serve_raw_once(response).await;
    let error = fetcher().fetch(&url, &FetchState::default()).await.unwrap_err();
    assert!(matches!(error, SourceError::Transfer { .. }), "{error}");
}
