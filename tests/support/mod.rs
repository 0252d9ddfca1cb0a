//! Helpers shared by the integration tests. Each test binary uses only part of them.
#![allow(dead_code)]

pub mod advisories;
pub mod clock;
pub mod db;
pub mod discord_bot;
pub mod fake_discord;
pub mod fake_sender;
pub mod fake_telegram;
pub mod feed_server;
pub mod process;
pub mod submissions;
pub mod ncsc_feed;
pub mod outbox;
pub mod telegram_bot;
pub mod webhook_server;

use std::path::PathBuf;
use std::time::Duration;

use ketenwacht::delivery::PacingConfig;

/// Returns pacing without limits or margin, so worker tests run at full speed.
pub fn unpaced() -> PacingConfig {
    PacingConfig {
        telegram: Default::default(),
        discord: Default::default(),
        terminal: Default::default(),
        webhook: Default::default(),
        margin: Duration::ZERO,
    }
}

/// Reads a fixture file from `tests/fixtures/`, e.g. `fixture("fetch/kev-sample.json")`.
pub fn fixture(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}
