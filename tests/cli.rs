//! End-to-end tests of the `ketenwacht` binary: the demo, ingest of real NCSC snapshots,
//! advisory JSON and configuration errors. Each test runs in its own temporary folder, so no
//! `ketenwacht.toml` of the developer is read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_ketenwacht");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo").join(name)
}

/// Runs the binary in `folder` with the given arguments and no KETENWACHT_* variables.
fn ketenwacht(folder: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command.current_dir(folder).args(args).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name.starts_with("TELOXIDE_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    command.output().expect("ketenwacht binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn database(folder: &Path) -> String {
    format!("sqlite://{}", folder.join("ketenwacht.db").display())
}

fn show_json(folder: &Path, id: &str) -> Value {
    let output = ketenwacht(folder, &["--database", &database(folder), "advisories", "show", id, "--format", "json"]);
    assert!(output.status.success(), "show {id} failed: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("show prints JSON")
}

#[test]
fn demo_prints_three_digests_in_dutch_and_english() {
    let folder = tempfile::tempdir().unwrap();
    let dutch = ketenwacht(folder.path(), &["demo"]);
    assert!(dutch.status.success(), "demo failed: {}", stderr(&dutch));
    let text = stdout(&dutch);
    assert!(text.contains("NCSC-2025-0268"), "{text}");
    assert!(text.contains("Adobe Commerce en Magento"), "{text}");

    let english = ketenwacht(folder.path(), &["demo", "--lang", "en"]);
    assert!(english.status.success(), "demo --lang en failed: {}", stderr(&english));
    assert_ne!(stdout(&english), text);
}

#[test]
fn demo_json_has_a_digest_per_tier() {
    let folder = tempfile::tempdir().unwrap();
    let output = ketenwacht(folder.path(), &["demo", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("demo prints JSON");
    for tier in ["basic", "advanced", "expert"] {
        let items = json["digests"][tier]["items"].as_array().expect("items array");
        assert!(!items.is_empty(), "{tier} digest is empty");
    }
    let failed: Vec<&Value> = json["ingest"].as_array().unwrap().iter().filter(|r| r["failed"] == true).collect();
    assert!(failed.is_empty(), "demo sources failed: {failed:?}");
}

#[test]
fn demo_classifies_real_ncsc_advisories() {
    let folder = tempfile::tempdir().unwrap();
    let output = ketenwacht(folder.path(), &["--database", &database(folder.path()), "demo"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let citrix = show_json(folder.path(), "NCSC-2025-0268");
    assert_eq!(citrix["urgency"], "urgent");

    let magento = show_json(folder.path(), "NCSC-2025-0259");
    assert_eq!(magento["tier"], "basic");
    assert_eq!(magento["ecommerce_relevant"], true);

    let windows = show_json(folder.path(), "NCSC-2025-0251");
    assert_eq!(windows["tier"], "advanced");
    let cisco = show_json(folder.path(), "NCSC-2025-0270");
    assert_eq!(cisco["tier"], "expert");

    // The demo polls only its own loopback sources, also on a kept database, and leaves none.
    let again = ketenwacht(folder.path(), &["--database", &database(folder.path()), "demo"]);
    assert!(again.status.success(), "second demo failed: {}", stderr(&again));
    assert_eq!(stored_source_count(folder.path()), 0, "the demo left sources behind");
}

/// Counts the sources stored in the test database, read through the store directly, because
/// `sources list` would first add the configured ones.
fn stored_source_count(folder: &Path) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = ketenwacht::store::Store::connect(&database(folder)).await.unwrap();
        let count = store.sources().await.unwrap().len();
        store.close().await;
        count
    })
}

#[test]
fn snapshots_give_one_advisory_two_revisions() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    for snapshot in ["ncsc-rss-2025-10-06-new-items.xml", "ncsc-rss-2025-10-08-new-items.xml"] {
        let path = fixture(snapshot);
        let args = ["--database", &db, "ingest", "--file", path.to_str().unwrap(), "--source", "ncsc-advisories"];
        let output = ketenwacht(folder.path(), &args);
        assert!(output.status.success(), "ingest {snapshot} failed: {}", stderr(&output));
    }

    // A file shows nothing about the source's address, so its health stays untouched.
    let sources = ketenwacht(folder.path(), &["--database", &db, "sources", "list", "--format", "json"]);
    let sources: Value = serde_json::from_str(&stdout(&sources)).unwrap();
    let ncsc = sources.as_array().unwrap().iter().find(|s| s["name"] == "ncsc-advisories").unwrap();
    assert_eq!(ncsc["status"], "never-fetched");

    let advisory = show_json(folder.path(), "NCSC-2025-0303");
    let versions: Vec<&str> = advisory["revisions"].as_array().unwrap().iter().map(|r| r["version"].as_str().unwrap()).collect();
    assert_eq!(versions, ["1.01", "1.02"]);
    assert_eq!(advisory["version"], "1.02");
    assert_eq!(advisory["updated"], true);

    let list = ketenwacht(folder.path(), &["--database", &db, "advisories", "list", "--format", "json"]);
    let listed: Value = serde_json::from_str(&stdout(&list)).unwrap();
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().filter(|id| **id == "NCSC-2025-0303").count(), 1, "{ids:?}");
}

#[test]
fn ingest_report_says_new_then_updated() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    let run = |snapshot: &str| {
        let path = fixture(snapshot);
        let args = ["--lang", "en", "--database", &db, "ingest", "--file", path.to_str().unwrap(), "--source", "ncsc-advisories"];
        stdout(&ketenwacht(folder.path(), &args))
    };
    assert_eq!(run("ncsc-rss-2025-10-06-new-items.xml").trim(), "ncsc-advisories: 1 new, 0 updated, 0 unchanged");
    assert_eq!(run("ncsc-rss-2025-10-08-new-items.xml").trim(), "ncsc-advisories: 1 new, 1 updated, 0 unchanged");
    assert_eq!(run("ncsc-rss-2025-10-08-new-items.xml").trim(), "ncsc-advisories: 0 new, 0 updated, 2 unchanged");
}

#[test]
fn tier_override_survives_a_new_revision() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    let ingest = |snapshot: &str| {
        let path = fixture(snapshot);
        ketenwacht(folder.path(), &["--database", &db, "ingest", "--file", path.to_str().unwrap(), "--source", "ncsc-advisories"])
    };
    assert!(ingest("ncsc-rss-2025-10-06-new-items.xml").status.success());
    let set = ketenwacht(folder.path(), &["--database", &db, "advisories", "set-tier", "NCSC-2025-0303", "basic", "--reason", "Veel leden draaien Oracle"]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(ingest("ncsc-rss-2025-10-08-new-items.xml").status.success());

    let advisory = show_json(folder.path(), "NCSC-2025-0303");
    assert_eq!(advisory["tier"], "basic");
    assert_eq!(advisory["tier_override"]["reason"], "Veel leden draaien Oracle");
}

#[test]
fn set_tier_rejects_unknown_advisory_and_empty_reason() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    let unknown = ketenwacht(folder.path(), &["--database", &db, "advisories", "set-tier", "NCSC-2099-0001", "basic", "--reason", "x"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("NCSC-2099-0001"), "{}", stderr(&unknown));
    let empty = ketenwacht(folder.path(), &["--database", &db, "advisories", "set-tier", "NCSC-2099-0001", "basic", "--reason", " "]);
    assert!(!empty.status.success());
}

#[test]
fn sources_list_json_reports_health() {
    let folder = tempfile::tempdir().unwrap();
    let output = ketenwacht(folder.path(), &["--database", &database(folder.path()), "sources", "list", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sources: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let sources = sources.as_array().unwrap();
    assert_eq!(sources.len(), 6);
    for source in sources {
        for key in ["name", "kind", "url", "status", "last_success", "last_error", "consecutive_failures"] {
            assert!(source.get(key).is_some(), "missing {key} in {source}");
        }
        assert_eq!(source["status"], "never-fetched");
    }
}

#[test]
fn export_opml_redacts_passwords() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    let url = "https://reader:s3cret@feeds.example.org/private.xml";
    let add = ketenwacht(folder.path(), &["--database", &db, "sources", "add", "private", url, "--kind", "rss"]);
    assert!(add.status.success(), "{}", stderr(&add));

    let redacted = ketenwacht(folder.path(), &["--database", &db, "sources", "export-opml"]);
    assert!(redacted.status.success(), "{}", stderr(&redacted));
    assert!(!stdout(&redacted).contains("s3cret"), "{}", stdout(&redacted));
    assert!(stdout(&redacted).contains("reader:REDACTED@feeds.example.org"), "{}", stdout(&redacted));

    let kept = ketenwacht(folder.path(), &["--database", &db, "sources", "export-opml", "--include-passwords"]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert!(stdout(&kept).contains(url), "{}", stdout(&kept));
}

#[test]
fn sources_add_validates_input() {
    let folder = tempfile::tempdir().unwrap();
    let db = database(folder.path());
    let bad_url = ketenwacht(folder.path(), &["--database", &db, "sources", "add", "local", "file:///etc/passwd", "--kind", "rss"]);
    assert!(!bad_url.status.success());
    assert!(stderr(&bad_url).contains("file:///etc/passwd"), "{}", stderr(&bad_url));

    let bad_kind = ketenwacht(folder.path(), &["--database", &db, "sources", "add", "x", "https://example.org/", "--kind", "gopher"]);
    assert!(!bad_kind.status.success());

    let good = ketenwacht(folder.path(), &["--database", &db, "sources", "add", "tweakers", "https://tweakers.net/feeds/nieuws.xml", "--kind", "rss"]);
    assert!(good.status.success(), "{}", stderr(&good));
    let twice = ketenwacht(folder.path(), &["--database", &db, "sources", "add", "tweakers", "https://tweakers.net/feeds/nieuws.xml", "--kind", "rss"]);
    assert!(!twice.status.success());
    assert!(stderr(&twice).contains("tweakers"), "{}", stderr(&twice));
}

#[test]
fn invalid_config_names_key_and_file() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("ketenwacht.toml"), "[fetch]\ntotal_timeout = 'soon'\n").unwrap();
    let output = ketenwacht(folder.path(), &["sources", "list"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("ketenwacht.toml"), "{message}");
    assert!(message.contains("total_timeout"), "{message}");
}

#[test]
fn unknown_database_scheme_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let output = ketenwacht(folder.path(), &["--database", "mysql://localhost/x", "sources", "list"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("mysql://localhost/x"), "{}", stderr(&output));
}

/// Runs `ketenwacht chat` with `input` typed line by line and returns what it printed.
fn chat(folder: &Path, input: &str) -> String {
    let output = chat_with(folder, &[], input);
    assert!(output.status.success(), "chat failed: {}", stderr(&output));
    stdout(&output)
}

/// Runs `ketenwacht chat` with extra arguments and `input` typed line by line.
fn chat_with(folder: &Path, arguments: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut command = Command::new(BIN);
    command.current_dir(folder).args(["--database", &database(folder), "chat"]).args(arguments).env("RUST_LOG", "warn");
    command.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("ketenwacht chat starts");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn chat_new_user_subscribes_previews_switches_and_leaves() {
    let folder = tempfile::tempdir().unwrap();
    // /start, Aanmelden, Basis, Nederlands, Dagelijks, Bevestigen.
    let subscribed = chat(folder.path(), "/start\n1\n1\n1\n2\n1\n");
    assert!(subscribed.contains("Welkom bij Ketenwacht"), "{subscribed}");
    assert!(subscribed.contains("Deze chat is aangemeld. Niveau basis, in het Nederlands, dagelijks om 08:00."), "{subscribed}");

    let list = ketenwacht(folder.path(), &["--database", &database(folder.path()), "subscriptions", "list", "--format", "json"]);
    let subscriptions: Value = serde_json::from_str(&stdout(&list)).unwrap();
    assert_eq!(subscriptions[0]["chat"], "terminal:local");
    assert_eq!(subscriptions[0]["tier"], "basic");
    assert_eq!(subscriptions[0]["language"], "nl");
    assert_eq!(subscriptions[0]["cadence"], "daily");

    let preview = chat(folder.path(), "/digest\n");
    assert!(preview.contains("Vooruitblik"), "{preview}");
    assert!(preview.contains("Ketenwacht-overzicht, niveau basis"), "{preview}");

    // Settings, change language, English.
    let switched = chat(folder.path(), "/settings\n1\n2\n");
    assert!(switched.contains("The language of this chat is now English."), "{switched}");

    let left = chat(folder.path(), "/unsubscribe\n");
    assert!(left.contains("This chat is unsubscribed."), "{left}");
    let list = ketenwacht(folder.path(), &["--database", &database(folder.path()), "subscriptions", "list", "--all", "--format", "json"]);
    assert_eq!(stdout(&list).trim(), "[]");
}

#[test]
fn chat_rejects_a_choice_that_is_not_offered() {
    let folder = tempfile::tempdir().unwrap();
    let output = chat(folder.path(), "/start\n9\n");
    assert!(output.contains("Kies een nummer van 1 tot 2"), "{output}");
}

#[test]
fn chat_writes_checklist_export_to_files_folder() {
    let folder = tempfile::tempdir().unwrap();
    let files = folder.path().join("bestanden");
    std::fs::create_dir(&files).unwrap();
    let files_argument = files.to_str().unwrap();

    let output = chat_with(folder.path(), &["--files", files_argument], "/checklist exporteer nl csv\n");
    assert!(output.status.success(), "chat failed: {}", stderr(&output));
    let written = files.join("checklist-nl.csv");
    assert!(stdout(&output).contains(&format!("Bestand opgeslagen: {}", written.display())), "{}", stdout(&output));
    let content = std::fs::read_to_string(&written).unwrap();
    assert!(content.starts_with("\u{FEFF}id;onderdeel;vraag;antwoord;opmerking\n"), "{content}");

    let missing = chat_with(folder.path(), &["--files", "geen-map"], "");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("De map geen-map voor bestanden bestaat niet."), "{}", stderr(&missing));

    std::fs::write(folder.path().join("een-bestand"), "x").unwrap();
    let file = chat_with(folder.path(), &["--files", "een-bestand"], "");
    assert!(!file.status.success());
    assert!(stderr(&file).contains("een-bestand is een bestand, geen map."), "{}", stderr(&file));
}

#[test]
fn chat_staff_announces_and_withdraws() {
    let folder = tempfile::tempdir().unwrap();
    let url = database(folder.path());
    chat(folder.path(), "/subscribe basic nl daily\n");

    // The audience choices: 1 everyone, 2-4 tiers, 5-8 platforms, 9-10 languages, 11 preview.
    // The preview's choices: 1 send now.
    let sent = chat(folder.path(), "/aankondigen Ledenvergadering om 19.30 uur\n11\n1\n");
    assert!(sent.contains("Mededeling 1 is bewaard als concept"), "{sent}");
    assert!(sent.contains("Chats in het Nederlands: 1 (Terminal 1)."), "{sent}");
    assert!(sent.contains("Mededeling van de vereniging\n\nLedenvergadering om 19.30 uur"), "{sent}");
    assert!(sent.contains("Mededeling 1 gaat naar 1 chat"), "{sent}");

    let list = ketenwacht(folder.path(), &["--database", &url, "outbox", "list", "--format", "json"]);
    let messages: Value = serde_json::from_str(&stdout(&list)).unwrap();
    assert_eq!(messages[0]["key"], "announce:1:terminal:local");

    let withdrawn = chat(folder.path(), "/intrekken 1\n");
    assert!(withdrawn.contains("Mededeling 1 is ingetrokken: 1 berichten teruggehaald, 0 waren al verstuurd."), "{withdrawn}");
    let list = ketenwacht(folder.path(), &["--database", &url, "outbox", "list", "--format", "json"]);
    assert_eq!(stdout(&list).trim(), "[]");

    let audit = ketenwacht(folder.path(), &["--database", &url, "audit"]);
    let listed = stdout(&audit);
    for action in ["subscribe", "announce-create", "announce-confirm", "announce-withdraw"] {
        assert!(listed.contains(action), "{action} missing in:\n{listed}");
    }
}

#[test]
fn audit_lists_staff_changes() {
    let folder = tempfile::tempdir().unwrap();
    let url = database(folder.path());
    let empty = ketenwacht(folder.path(), &["--database", &url, "--lang", "en", "audit"]);
    assert!(empty.status.success(), "audit failed: {}", stderr(&empty));
    assert!(stdout(&empty).contains("The audit log is empty"), "{}", stdout(&empty));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = ketenwacht::store::Store::connect(&url).await.unwrap();
        let chat = ketenwacht::domain::ChatRef::new(ketenwacht::domain::Platform::Telegram, "-100200");
        store.set_chat_tlp_ceiling(&chat, ketenwacht::domain::Tlp::Green, "42", chrono::Utc::now()).await.unwrap();
    });

    let text = ketenwacht(folder.path(), &["--database", &url, "audit"]);
    assert!(text.status.success(), "audit failed: {}", stderr(&text));
    let listed = stdout(&text);
    assert!(listed.contains("telegram:42  chat-tlp  telegram:-100200  GREEN"), "{listed}");

    let json = ketenwacht(folder.path(), &["--database", &url, "audit", "--format", "json"]);
    let entries: Value = serde_json::from_str(&stdout(&json)).expect("audit prints JSON");
    assert_eq!(entries[0]["action"], "chat-tlp");
    assert_eq!(entries[0]["actor"], "42");
    assert_eq!(entries[0]["detail"], "GREEN");
}
