//! `ketenwacht run` as a child process with a clean environment, and checks that a secret stays
//! out of its log in every form a dependency might print it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Builds `ketenwacht run` in `folder` against `database_url` with no sources, logging to the
/// returned file at `RUST_LOG` level `log_level`. Variables of the caller's environment that
/// configure Ketenwacht or a bot are removed, so that only the ones the test sets apply.
pub fn run_command(folder: &Path, database_url: &str, log_level: &str) -> (Command, PathBuf) {
    let config = folder.join("ketenwacht.toml");
    std::fs::write(&config, format!("database_url = \"{database_url}\"\nsources = []\n")).unwrap();
    let log_path = folder.join("stderr.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_ketenwacht"));
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name.starts_with("TELOXIDE_") || name == "DATABASE_URL" || name == "DISCORD_TOKEN" {
            command.env_remove(name);
        }
    }
    command
        .current_dir(folder)
        .arg("--config")
        .arg(&config)
        .arg("run")
        .env("RUST_LOG", log_level)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap());
    (command, log_path)
}

/// Returns the forms in which `secret` could appear in a log: as text, as the decimal byte list
/// of a `Vec<u8>` debug form, and as hex.
pub fn secret_forms(secret: &str) -> Vec<String> {
    let decimal = secret.bytes().map(|byte| byte.to_string()).collect::<Vec<_>>().join(", ");
    let hex: String = secret.bytes().map(|byte| format!("{byte:02x}")).collect();
    vec![secret.to_owned(), decimal, hex]
}

/// Fails the test when `log` contains `secret` in any of its [`secret_forms`], quoting the line.
pub fn assert_no_secret(log: &str, secret: &str) {
    for form in secret_forms(secret) {
        let line = log.lines().find(|line| line.contains(&form));
        assert!(line.is_none(), "the secret appears in the log as {form:?}: {}", line.unwrap_or_default().chars().take(300).collect::<String>());
    }
}
