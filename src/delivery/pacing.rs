//! The project's own send limits, per platform and per chat, kept below what the platforms
//! enforce so that their rate limiting is the exception.
//!
//! Every limit is a sliding window: at most `max` sends in any span of `per`. The pacer keeps the
//! last `max` send times of each limit and lets a send through once the oldest of them is at
//! least `per` ago, so no window ever contains more than `max` sends and a steady stream runs at
//! the full rate. Times come from `tokio::time`, so tests run on tokio's paused clock.
//!
//! NOTE: the limits hold per [`Pacer`], that is per process. Several processes sending for one
//! bot must share the platform's limits by configuring a part of them each.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::domain::{ChatKind, ChatRef, Platform};

/// At most `max` sends in any span of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub max: u32,
    pub per: Duration,
}

impl Rate {
    pub const fn new(max: u32, per: Duration) -> Self {
        Self { max, per }
    }
}

/// The limits of one platform. Every listed rate applies at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlatformLimits {
    /// Limits on every send of the bot together.
    pub overall: Vec<Rate>,
    /// Limits on the sends to one chat.
    pub per_chat: Vec<Rate>,
    /// Further limits on the sends to one group or channel.
    pub per_shared_chat: Vec<Rate>,
}

/// Limits of every platform. The defaults follow the platforms' published limits: Telegram's
/// bot FAQ (30 messages per second, 1 per second per chat, 20 per minute per group) and
/// Discord's (50 requests per second, 5 messages per 5 seconds per channel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacingConfig {
    pub telegram: PlatformLimits,
    pub discord: PlatformLimits,
    /// No limits by default: the terminal shows messages as they come.
    pub terminal: PlatformLimits,
    /// No limits by default; set them to what the receiving server accepts.
    pub webhook: PlatformLimits,
    /// Added to every window, because a send reaches the platform a little after the pacer
    /// let it go, and not always after the same delay. Without it two sends that left one
    /// window apart can land in the same window at the platform and draw a 429.
    pub margin: Duration,
}

impl Default for PacingConfig {
    fn default() -> Self {
        let second = Duration::from_secs(1);
        Self {
            telegram: PlatformLimits {
                overall: vec![Rate::new(30, second)],
                per_chat: vec![Rate::new(1, second)],
                per_shared_chat: vec![Rate::new(20, Duration::from_secs(60))],
            },
            discord: PlatformLimits {
                overall: vec![Rate::new(50, second)],
                per_chat: vec![Rate::new(5, Duration::from_secs(5))],
                per_shared_chat: Vec::new(),
            },
            terminal: PlatformLimits::default(),
            webhook: PlatformLimits::default(),
            margin: DEFAULT_MARGIN,
        }
    }
}

/// Default [`PacingConfig::margin`]: a 2% slower stream at Telegram's 30 a second, which
/// removed the 429 responses the delivery benchmark drew without it.
pub const DEFAULT_MARGIN: Duration = Duration::from_millis(20);

impl PacingConfig {
    pub fn limits(&self, platform: Platform) -> &PlatformLimits {
        match platform {
            Platform::Telegram => &self.telegram,
            Platform::Discord => &self.discord,
            Platform::Terminal => &self.terminal,
            Platform::Webhook => &self.webhook,
        }
    }
}

/// A rate that can never let a send through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {platform} send limit of {max} per {per:?}: use at least 1 message per period longer than zero")]
pub struct PacingError {
    pub platform: Platform,
    pub max: u32,
    pub per: Duration,
}

/// How many acquires pass between two sweeps of chats that have been idle for longer than
/// their longest period.
const PRUNE_EVERY: u64 = 4096;

/// Waits until a send is allowed by every limit that applies, and records it.
#[derive(Debug)]
pub struct Pacer {
    config: PacingConfig,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    overall: HashMap<Platform, Vec<SlidingLog>>,
    chats: HashMap<ChatRef, Vec<SlidingLog>>,
    acquires: u64,
}

impl Pacer {
    /// Builds a pacer, checking that every rate can let a send through.
    pub fn new(config: PacingConfig) -> Result<Pacer, PacingError> {
        for platform in Platform::ALL {
            let limits = config.limits(platform);
            let rates = limits.overall.iter().chain(&limits.per_chat).chain(&limits.per_shared_chat);
            if let Some(rate) = rates.into_iter().find(|rate| rate.max == 0 || rate.per.is_zero()) {
                return Err(PacingError { platform, max: rate.max, per: rate.per });
            }
        }
        Ok(Pacer { config, state: Mutex::new(State::default()) })
    }

    /// Waits until one more send to `chat` keeps within every limit, records the send and
    /// returns how long it waited. Dropping the future before it returns records nothing.
    pub async fn acquire(&self, chat: &ChatRef, kind: ChatKind) -> Duration {
        let start = Instant::now();
        loop {
            let allowed_at = {
                let mut state = self.lock();
                let now = Instant::now();
                let allowed_at = state.allowed_at(&self.config, chat, kind, now);
                if allowed_at <= now {
                    state.record(&self.config, chat, kind, now);
                    return now.duration_since(start);
                }
                allowed_at
            };
            tokio::time::sleep_until(allowed_at).await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves the logs consistent (each push is whole), so a
        // poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn allowed_at(&mut self, config: &PacingConfig, chat: &ChatRef, kind: ChatKind, now: Instant) -> Instant {
        let overall = self.overall.entry(chat.platform).or_insert_with(|| logs(&config.limits(chat.platform).overall, config.margin));
        let chat_logs = self.chats.entry(chat.clone()).or_insert_with(|| chat_logs(config, chat.platform, kind));
        overall.iter().chain(chat_logs.iter()).map(|log| log.allowed_at(now)).fold(now, Instant::max)
    }

    fn record(&mut self, config: &PacingConfig, chat: &ChatRef, kind: ChatKind, now: Instant) {
        let overall = self.overall.entry(chat.platform).or_insert_with(|| logs(&config.limits(chat.platform).overall, config.margin));
        overall.iter_mut().for_each(|log| log.record(now));
        let chat_logs = self.chats.entry(chat.clone()).or_insert_with(|| chat_logs(config, chat.platform, kind));
        chat_logs.iter_mut().for_each(|log| log.record(now));

        self.acquires += 1;
        if self.acquires % PRUNE_EVERY == 0 {
            self.chats.retain(|_, logs| logs.iter().any(|log| log.is_active(now)));
        }
    }
}

fn logs(rates: &[Rate], margin: Duration) -> Vec<SlidingLog> {
    rates.iter().map(|rate| SlidingLog::new(Rate::new(rate.max, rate.per + margin))).collect()
}

/// Builds the logs of one chat. A chat's kind is taken from its first send.
fn chat_logs(config: &PacingConfig, platform: Platform, kind: ChatKind) -> Vec<SlidingLog> {
    let limits = config.limits(platform);
    let mut chat = logs(&limits.per_chat, config.margin);
    if kind.is_shared() {
        chat.extend(logs(&limits.per_shared_chat, config.margin));
    }
    chat
}

/// The last `rate.max` send times under one limit, oldest first.
#[derive(Debug)]
struct SlidingLog {
    rate: Rate,
    sends: VecDeque<Instant>,
}

impl SlidingLog {
    fn new(rate: Rate) -> Self {
        Self { rate, sends: VecDeque::with_capacity(rate.max as usize) }
    }

    /// Returns the first instant at or after `now` at which one more send stays within the limit:
    /// when `max` sends are logged, the oldest of them must be at least `per` ago.
    fn allowed_at(&self, now: Instant) -> Instant {
        if self.sends.len() < self.rate.max as usize {
            return now;
        }
        self.sends.front().map_or(now, |oldest| now.max(*oldest + self.rate.per))
    }

    fn record(&mut self, at: Instant) {
        self.sends.push_back(at);
        while self.sends.len() > self.rate.max as usize {
            self.sends.pop_front();
        }
    }

    /// Returns whether a send in the last `per` still limits the next one.
    fn is_active(&self, now: Instant) -> bool {
        self.sends.back().is_some_and(|last| *last + self.rate.per > now)
    }
}

#[cfg(test)]
#[path = "pacing_tests.rs"]
mod tests;
