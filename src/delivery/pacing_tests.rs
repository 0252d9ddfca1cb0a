//! Pacing on tokio's paused clock: every acquire time is recorded and every window checked.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex as AsyncMutex;

use super::*;

/// Asserts that no span of `rate.per` contains more than `rate.max` of `times` (sorted).
fn assert_within(times: &[Duration], rate: Rate, what: &str) {
    let max = rate.max as usize;
    for (index, pair) in times.windows(max + 1).enumerate() {
        let span = pair[max] - pair[0];
        assert!(span >= rate.per, "{what}: sends {index}..={} lie within {span:?}, limit {} per {:?}", index + max, rate.max, rate.per);
    }
}

/// Acquires once for every chat in `chats`, from `workers` concurrent tasks that take chats in
/// order, and returns each chat's send times measured from the start.
async fn fan_out(pacer: Arc<Pacer>, chats: Vec<(ChatRef, ChatKind)>, workers: usize) -> HashMap<ChatRef, Vec<Duration>> {
    let start = Instant::now();
    let queue = Arc::new(AsyncMutex::new(chats.into_iter()));
    let times = Arc::new(std::sync::Mutex::new(HashMap::<ChatRef, Vec<Duration>>::new()));
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (pacer, queue, times) = (Arc::clone(&pacer), Arc::clone(&queue), Arc::clone(&times));
        tasks.push(tokio::spawn(async move {
            loop {
                let next = queue.lock().await.next();
                let Some((chat, kind)) = next else { break };
                pacer.acquire(&chat, kind).await;
                times.lock().unwrap().entry(chat).or_default().push(start.elapsed());
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    Arc::try_unwrap(times).unwrap().into_inner().unwrap()
}

fn all_times(times: &HashMap<ChatRef, Vec<Duration>>) -> Vec<Duration> {
    let mut all: Vec<Duration> = times.values().flatten().copied().collect();
    all.sort();
    all
}

fn private(number: usize) -> (ChatRef, ChatKind) {
    (ChatRef::new(Platform::Telegram, number.to_string()), ChatKind::Private)
}

#[tokio::test(start_paused = true)]
async fn telegram_fan_out_near_floor() {
    let pacer = Arc::new(Pacer::new(exact()).unwrap());
    let chats: Vec<_> = (0..10_000).map(private).collect();
    let times = fan_out(pacer, chats, 64).await;

    let all = all_times(&times);
    assert_eq!(all.len(), 10_000);
    assert_within(&all, Rate::new(30, Duration::from_secs(1)), "telegram overall");

    let floor = Duration::from_secs_f64(10_000.0 / 30.0 - 1.0);
    let total = *all.last().unwrap();
    assert!(total >= floor, "fan-out took {total:?}, below the floor {floor:?}");
    assert!(total <= floor.mul_f64(1.05), "fan-out took {total:?}, more than 5% above {floor:?}");
}

#[tokio::test(start_paused = true)]
async fn telegram_group_twenty_per_minute() {
    let pacer = Arc::new(Pacer::new(exact()).unwrap());
    let group = (ChatRef::new(Platform::Telegram, "-100123"), ChatKind::Group);
    let times = fan_out(pacer, vec![group.clone(); 45], 4).await;

    let sends = &times[&group.0];
    assert_eq!(sends.len(), 45);
    assert_within(sends, Rate::new(20, Duration::from_secs(60)), "group per minute");
    assert_within(sends, Rate::new(1, Duration::from_secs(1)), "group per second");
    assert_eq!(sends[19], Duration::from_secs(19));
    assert_eq!(sends[20], Duration::from_secs(60));
    assert_eq!(sends[44], Duration::from_secs(124));
}

#[tokio::test(start_paused = true)]
async fn telegram_mixed_chats_keep_every_limit() {
    let pacer = Arc::new(Pacer::new(exact()).unwrap());
    let mut chats = Vec::new();
    for round in 0..30 {
        for group in 0..5 {
            chats.push((ChatRef::new(Platform::Telegram, format!("-{group}")), ChatKind::Group));
        }
        for person in 0..40 {
            chats.push(private(person + round % 3));
        }
    }
    let times = fan_out(pacer, chats, 32).await;

    assert_within(&all_times(&times), Rate::new(30, Duration::from_secs(1)), "telegram overall");
    for (chat, sends) in &times {
        assert_within(sends, Rate::new(1, Duration::from_secs(1)), &format!("chat {chat}"));
        if chat.chat_id.starts_with('-') {
            assert_within(sends, Rate::new(20, Duration::from_secs(60)), &format!("group {chat}"));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn discord_channel_five_per_five_seconds() {
    let pacer = Arc::new(Pacer::new(exact()).unwrap());
    let channel = (ChatRef::new(Platform::Discord, "998877"), ChatKind::Channel);
    let times = fan_out(pacer, vec![channel.clone(); 12], 3).await;

    let sends = &times[&channel.0];
    assert_within(sends, Rate::new(5, Duration::from_secs(5)), "discord channel");
    assert_eq!(sends[4], Duration::ZERO);
    assert_eq!(sends[5], Duration::from_secs(5));
    assert_eq!(sends[11], Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn discord_overall_fifty_per_second() {
    let pacer = Arc::new(Pacer::new(exact()).unwrap());
    let chats: Vec<_> = (0..500).map(|n| (ChatRef::new(Platform::Discord, n.to_string()), ChatKind::Channel)).collect();
    let times = fan_out(pacer, chats, 16).await;

    let all = all_times(&times);
    assert_within(&all, Rate::new(50, Duration::from_secs(1)), "discord overall");
    assert_eq!(*all.last().unwrap(), Duration::from_secs(9));
}

#[tokio::test(start_paused = true)]
async fn acquire_returns_wait() {
    let pacer = Pacer::new(exact()).unwrap();
    let (chat, kind) = private(1);
    assert_eq!(pacer.acquire(&chat, kind).await, Duration::ZERO);
    assert_eq!(pacer.acquire(&chat, kind).await, Duration::from_secs(1));
    let (other, kind) = private(2);
    assert_eq!(pacer.acquire(&other, kind).await, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn platforms_limited_separately() {
    let pacer = Pacer::new(exact()).unwrap();
    for n in 0..30 {
        pacer.acquire(&ChatRef::new(Platform::Telegram, n.to_string()), ChatKind::Private).await;
    }
    let discord = ChatRef::new(Platform::Discord, "1");
    assert_eq!(pacer.acquire(&discord, ChatKind::Channel).await, Duration::ZERO);
    let terminal = ChatRef::new(Platform::Terminal, "local");
    for _ in 0..100 {
        assert_eq!(pacer.acquire(&terminal, ChatKind::Private).await, Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn cancelled_acquire_records_nothing() {
    let pacer = Pacer::new(exact()).unwrap();
    let (chat, kind) = private(1);
    pacer.acquire(&chat, kind).await;
    let cancelled = tokio::time::timeout(Duration::from_millis(500), pacer.acquire(&chat, kind)).await;
    assert!(cancelled.is_err());
    // The cancelled acquire did not take the slot at 1 s.
    assert_eq!(pacer.acquire(&chat, kind).await, Duration::from_millis(500));
}

#[tokio::test(start_paused = true)]
async fn idle_chats_pruned() {
    let pacer = Pacer::new(exact()).unwrap();
    for n in 0..PRUNE_EVERY as usize - 1 {
        let (chat, kind) = private(n);
        pacer.acquire(&chat, kind).await;
    }
    tokio::time::advance(Duration::from_secs(120)).await;
    let (chat, kind) = private(usize::MAX);
    pacer.acquire(&chat, kind).await;
    assert_eq!(pacer.lock().chats.len(), 1);
}

#[test]
fn zero_rate_rejected() {
    let mut config = exact();
    config.discord.per_chat = vec![Rate::new(0, Duration::from_secs(5))];
    let error = Pacer::new(config).unwrap_err();
    assert_eq!(error.platform, Platform::Discord);

    let mut config = exact();
    config.webhook.overall = vec![Rate::new(10, Duration::ZERO)];
    assert!(Pacer::new(config).is_err());
}

/// The default limits without the safety margin, so waits come out exact.
fn exact() -> PacingConfig {
    PacingConfig { margin: Duration::ZERO, ..PacingConfig::default() }
}

#[tokio::test(start_paused = true)]
async fn margin_widens_every_window() {
    let pacer = Pacer::new(PacingConfig { margin: Duration::from_millis(20), ..PacingConfig::default() }).unwrap();
    let chat = ChatRef::new(Platform::Telegram, "1");
    assert_eq!(pacer.acquire(&chat, ChatKind::Private).await, Duration::ZERO);
    assert_eq!(pacer.acquire(&chat, ChatKind::Private).await, Duration::from_millis(1020));
}
