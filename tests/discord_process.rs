//! `ketenwacht run` as a real process with a Discord token. It registers the commands with the
//! fake Discord, responds to a slash command in Dutch and delivers a due digest as embeds. It
//! keeps the token out of its log and stops cleanly on SIGTERM.

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{NaiveTime, Timelike, Utc};
use chrono_tz::Europe::Amsterdam;
use ketenwacht::conversation::CommandName;
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform, Subscription, Tier, Urgency};
use ketenwacht::store::{AdvisoryWrite, Store};
use serde_json::json;
use support::advisories::advisory;
use support::fake_discord::{interaction, FakeDiscord};

const BIN: &str = env!("CARGO_BIN_EXE_ketenwacht");
const TOKEN: &str = "process-test-token-do-not-log";
const CHANNEL: &str = "630000000000000001";
const WAIT: Duration = Duration::from_secs(60);

/// Stores two fresh advisories and a channel whose daily digest fell due five minutes ago.
async fn prepare(url: &str) {
    let store = Store::connect(url).await.unwrap();
    let now = Utc::now();
    let writes = (1..=2)
        .map(|number| AdvisoryWrite { advisory: advisory(number, now - chrono::Duration::hours(1), Urgency::Normal), new_revision: true })
        .collect::<Vec<_>>();
    store.save_advisories(&writes).await.unwrap();
    let due = (now - chrono::Duration::minutes(5)).with_timezone(&Amsterdam);
    let chat = ChatRef::new(Platform::Discord, CHANNEL);
    let mut subscription = Subscription::new(chat, ChatKind::Group, Tier::Basic, Language::Nl, now - chrono::Duration::days(2));
    subscription.delivery_time = NaiveTime::from_hms_opt(due.hour(), due.minute(), 0).unwrap();
    store.save_subscription(&subscription).await.unwrap();
    store.close().await;
}

fn start(folder: &Path, database: &str, api_url: &str) -> Child {
    let config = folder.join("ketenwacht.toml");
    std::fs::write(&config, format!("database_url = \"{database}\"\nsources = []\n")).unwrap();
    let log = std::fs::File::create(folder.join("stderr.log")).unwrap();
    let mut command = Command::new(BIN);
    for (name, _) in std::env::vars() {
        if name.starts_with("KETENWACHT_") || name == "DATABASE_URL" || name == "DISCORD_TOKEN" {
            command.env_remove(name);
        }
    }
    command
        .current_dir(folder)
        .arg("--config")
        .arg(&config)
        .arg("run")
        .env("DISCORD_TOKEN", TOKEN)
        .env("KETENWACHT_DISCORD_API_URL", api_url)
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(log);
    command.spawn().expect("ketenwacht run starts")
}

async fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(tokio::time::Instant::now() < deadline, "ketenwacht did not stop after SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

on_both_databases!(store: [], url: [run_serves_discord]);

async fn run_serves_discord(url: String) {
    prepare(&url).await;
    let fake = FakeDiscord::start().await;
    let folder = tempfile::tempdir().unwrap();
    let mut child = start(folder.path(), &url, fake.url());

    fake.wait_identified(WAIT).await;
    let registration = fake.wait_for("command registration", 0, WAIT, |request| request.is("PUT", "/commands")).await;
    assert_eq!(registration.json.unwrap().as_array().unwrap().len(), CommandName::ALL.len() + CommandName::STAFF.len(), "one slash command per conversation command");

    let mut help = interaction("interaction_slash_guild.json", 1);
    help["data"]["name"] = json!("help");
    let id = help["id"].as_str().unwrap().to_owned();
    fake.dispatch_interaction(help);
    let path = format!("/interactions/{id}/interaction-token-1/callback");
    let answer = fake.wait_for("the answer to /help", 0, WAIT, |request| request.is("POST", &path)).await;
    let content = answer.json.unwrap()["data"]["content"].as_str().unwrap().to_owned();
    assert!(content.starts_with("Dit zijn de opdrachten van Ketenwacht."), "{content}");

    let digest_path = format!("/api/v10/channels/{CHANNEL}/messages");
    let digest = fake.wait_for("the digest", 0, WAIT, |request| request.method == "POST" && request.path == digest_path).await;
    let body = digest.json.unwrap();
    assert_eq!(body["embeds"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}));

    let terminated = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(terminated.success());
    let status = wait_for_exit(&mut child).await;
    assert!(status.success(), "ketenwacht exited with {status}");

    let log = std::fs::read_to_string(folder.path().join("stderr.log")).unwrap();
    assert!(log.contains("Discord commands registered"), "{log}");
    assert!(!log.contains(TOKEN), "the token appears in the log");
}
