//! Delivery benchmark: one digest message to each of 10,000 Telegram chats through the real
//! worker, pacer and SQLite outbox, into a fake sender that enforces Telegram's limits.
//!
//! Run with `cargo bench --bench delivery`. It takes about six minutes, because the floor the
//! limits allow is 10,000 / 30 per second = 333 s. Prints the total time against that floor,
//! the 429 responses the fake had to return, lost and duplicated messages, and peak memory.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::Utc;
use ketenwacht::delivery::pacing::{PacingConfig, Pacer};
use ketenwacht::delivery::worker::{Worker, WorkerConfig};
use ketenwacht::delivery::{Payload, SendOutcome, Sender};
use ketenwacht::domain::{ChatKind, ChatRef, Language, NewOutboxMessage, Platform, Subscription, Tier};
use ketenwacht::store::{Enqueue, Store};

const CHATS: usize = 10_000;
const OVERALL_PER_SECOND: usize = 30;

/// Records every delivery and returns 429 when a send breaks Telegram's limits: 30 messages in
/// any second overall, and 1 per second per chat.
#[derive(Default)]
struct LimitedTelegram {
    state: Mutex<FakeState>,
}

#[derive(Default)]
struct FakeState {
    recent: VecDeque<Instant>,
    last_per_chat: HashMap<String, Instant>,
    delivered: HashMap<String, usize>,
    too_many_requests: usize,
    last_delivery: Option<Instant>,
}

#[async_trait]
impl Sender for LimitedTelegram {
    fn platform(&self) -> Platform {
        Platform::Telegram
    }

    fn max_message_chars(&self) -> usize {
        4096
    }

    async fn send(&self, chat: &ChatRef, _payload: &Payload, key: &str) -> SendOutcome {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap();
        while state.recent.front().is_some_and(|at| now.duration_since(*at) >= Duration::from_secs(1)) {
            state.recent.pop_front();
        }
        let chat_busy = state.last_per_chat.get(&chat.chat_id).is_some_and(|at| now.duration_since(*at) < Duration::from_secs(1));
        if state.recent.len() >= OVERALL_PER_SECOND || chat_busy {
            state.too_many_requests += 1;
            return SendOutcome::RateLimited { retry_after: Duration::from_secs(1) };
        }
        state.recent.push_back(now);
        state.last_per_chat.insert(chat.chat_id.clone(), now);
        *state.delivered.entry(key.to_owned()).or_default() += 1;
        state.last_delivery = Some(now);
        SendOutcome::Sent
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let store = Store::connect(&format!("sqlite://{}", folder.path().join("bench.db").display())).await.expect("open SQLite");
    enqueue_digests(&store).await;

    let telegram = Arc::new(LimitedTelegram::default());
    let senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::from([(Platform::Telegram, telegram.clone() as Arc<dyn Sender>)]);
    let pacer = Arc::new(Pacer::new(PacingConfig::default()).expect("default limits are valid"));
    let worker = Worker::new(store.clone(), senders, pacer, WorkerConfig::new("bench"));

    let started = Instant::now();
    let watcher = store.clone();
    worker
        .run(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let depth = watcher.outbox_depth().await.expect("outbox depth");
                if depth.pending == 0 && depth.claimed == 0 {
                    return;
                }
            }
        })
        .await;

    let state = telegram.state.lock().unwrap();
    let elapsed = state.last_delivery.map_or(Duration::ZERO, |last| last.duration_since(started));
    let floor = Duration::from_secs_f64(CHATS as f64 / OVERALL_PER_SECOND as f64);
    let delivered = state.delivered.len();
    let duplicated: usize = state.delivered.values().map(|count| count - 1).sum();
    println!("chats: {CHATS}");
    println!("total time: {:.1} s (floor {:.1} s, {:+.2}%)", elapsed.as_secs_f64(), floor.as_secs_f64(), (elapsed.as_secs_f64() / floor.as_secs_f64() - 1.0) * 100.0);
    println!("429 answers: {}", state.too_many_requests);
    println!("lost: {}, duplicated: {duplicated}", CHATS - delivered);
    println!("peak memory (VmHWM): {}", peak_memory().unwrap_or_else(|| "unknown".into()));
}

/// Subscribes `CHATS` private Telegram chats and enqueues one digest message for each.
async fn enqueue_digests(store: &Store) {
    let now = Utc::now();
    let payload = serde_json::to_value(Payload::Text { text: "Ketenwacht-overzicht".into() }).expect("payload serialises");
    for n in 0..CHATS {
        let chat = ChatRef::new(Platform::Telegram, (100_000 + n).to_string());
        let subscription = Subscription::new(chat.clone(), ChatKind::Private, Tier::Basic, Language::Nl, now);
        let subscription = store.save_subscription(&subscription).await.expect("save subscription");
        let message = NewOutboxMessage {
            key: format!("digest:{}:bench:1", subscription.id),
            subscription_id: Some(subscription.id),
            chat,
            payload: payload.clone(),
            not_before: now,
        };
        let enqueue = Enqueue { subscription_id: subscription.id, messages: vec![message], urgent: Vec::new(), window_start: None };
        store.enqueue(&enqueue).await.expect("enqueue");
    }
}

fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
}
