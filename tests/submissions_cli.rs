//! Member submissions through the `ketenwacht` binary: `chat --member`, staff moderation in
//! `chat`, `submissions purge`, and the errors for a missing or invalid data key.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ketenwacht");
/// Base64 of the bytes 0 to 31.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// Runs the binary in `folder` with its own database, `data_key` as KETENWACHT_DATA_KEY and
/// no other KETENWACHT_* variables, typing `input` line by line.
fn run(folder: &Path, data_key: Option<&str>, arguments: &[&str], input: &str) -> Output {
    let database = format!("sqlite://{}", folder.join("ketenwacht.db").display());
    let mut command = Command::new(BIN);
    command.current_dir(folder).args(["--database", &database]).args(arguments).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name.starts_with("TELOXIDE_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    if let Some(key) = data_key {
        command.env("KETENWACHT_DATA_KEY", key);
    }
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("ketenwacht starts");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "ketenwacht failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn member_submits_and_staff_approve() {
    let folder = tempfile::tempdir().unwrap();
    let member = ["chat", "--member", "--user", "alice"];
    // TLP:GREEN, basic, anonymous, send.
    let submitted = stdout(&run(folder.path(), Some(KEY), &member, "/melden Phishing via https://evil.example.com/x\n2\n1\n2\n1\n"));
    assert!(submitted.contains("hxxps://evil[.]example[.]com/x"), "{submitted}");
    assert!(!submitted.contains("https://evil.example.com"), "{submitted}");
    assert!(submitted.contains("Melding 1 ligt nu bij de staf"), "{submitted}");

    let refused = stdout(&run(folder.path(), Some(KEY), &member, "/modereren\n"));
    assert!(refused.contains("de rol staf nodig"), "{refused}");

    // The first choice on the card approves it.
    let approved = stdout(&run(folder.path(), Some(KEY), &["chat", "--user", "staf"], "/modereren\n1\n"));
    assert!(approved.contains("Melding 1 (wacht op een besluit)"), "{approved}");
    assert!(approved.contains("gepubliceerd als advies member:1"), "{approved}");

    let purged = stdout(&run(folder.path(), Some(KEY), &["submissions", "purge"], ""));
    assert!(purged.contains("0 niet-verstuurde concepten verwijderd"), "{purged}");
}

#[test]
fn submissions_off_without_key() {
    let folder = tempfile::tempdir().unwrap();
    let reply = stdout(&run(folder.path(), None, &["chat", "--member"], "/submit Phishing\n"));
    assert!(reply.contains("Meldingen staan uit"), "{reply}");
}

#[test]
fn invalid_key_stops_with_its_name() {
    let folder = tempfile::tempdir().unwrap();
    let output = run(folder.path(), Some("c2hvcnQ="), &["submissions", "purge"], "");
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("KETENWACHT_DATA_KEY"), "{error}");
    assert!(error.contains("5 bytes"), "{error}");
}
