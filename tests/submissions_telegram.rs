//! A member's report end to end on Telegram, with the real teloxide client against a fake Bot
//! API on 127.0.0.1, run on SQLite and PostgreSQL. The member submits and walks the buttons in
//! a private chat. The card reaches the staff group through the outbox worker, and a staff
//! member approves it there. The next digest brings it to a GREEN chat of its tier, with its
//! indicators defanged, and not to a CLEAR chat.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use ketenwacht::config::RoleSettings;
use ketenwacht::delivery::{Pacer, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform, Subscription, Tier, Tlp};
use ketenwacht::platforms::telegram::TelegramSender;
use ketenwacht::store::Store;
use support::clock::TestClock;
use support::fake_telegram::{FakeTelegram, Recorded};
use support::telegram_bot::{access, press, start_bot_with_roles, WAIT};
use support::unpaced;

on_both_databases!(store: [green_report_reaches_green_chat]);

const STAFF_GROUP: i64 = -1_001_777_000_001;
const GREEN_CHAT: i64 = -1_001_777_000_002;
const CLEAR_CHAT: i64 = -1_001_777_000_003;
const EXPERT_CHAT: i64 = -1_001_777_000_004;
/// The member who reports.
const MEMBER: i64 = 4321;
/// A member of the staff group who is no Telegram admin.
const STAFF_MEMBER: i64 = 5555;
const TITLE: &str = "Nep-betaalpagina voor klanten van webwinkels";
const REPORT: &str = "/melden Nep-betaalpagina voor klanten van webwinkels\n\
                      Gezien op https://pay-update.example.com/checkout vanaf 192.0.2.44, mail van boef@example.net";

fn roles() -> RoleSettings {
    RoleSettings { staff_telegram_group_id: Some(STAFF_GROUP), ..RoleSettings::default() }
}

async fn subscribe(store: &Store, chat_id: i64, tier: Tier, ceiling: Tlp, start: DateTime<Utc>) {
    let chat = ChatRef::new(Platform::Telegram, chat_id.to_string());
    let subscription = Subscription::new(chat.clone(), ChatKind::Group, tier, Language::Nl, start);
    store.save_subscription(&subscription).await.expect("save subscription");
    store.set_chat_tlp_ceiling(&chat, ceiling, "staff", start).await.expect("set ceiling");
}

fn outbox_worker(store: &Store, fake: &FakeTelegram, clock: &TestClock) -> Worker {
    let sender = TelegramSender::new(&access(fake)).expect("build the sender");
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::new(sender));
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("telegram-submissions"))
        .with_clock(clock.clock())
        .with_roles(roles())
}

/// Returns the text of every message the bot sent to `chat`, unescaped.
fn texts_to(fake: &FakeTelegram, chat: i64) -> Vec<String> {
    let unescape = |html: &str| html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    fake.calls("sendmessage").iter().filter(|request| request.chat_id() == Some(chat)).map(|request| unescape(request.text())).collect()
}

/// Presses, as `user` in `chat`, the button of `message` whose callback id ends in `suffix`.
async fn press_ending(fake: &FakeTelegram, chat: i64, user: i64, message: &Recorded, suffix: &str) -> Recorded {
    let suffix = suffix.to_owned();
    press(fake, chat, user, message, move |data| data.ends_with(&suffix)).await
}

async fn green_report_reaches_green_chat(store: Store) {
    let store = support::submissions::with_key(store);
    let start = Utc::now() - Duration::days(2);
    subscribe(&store, GREEN_CHAT, Tier::Basic, Tlp::Green, start).await;
    subscribe(&store, CLEAR_CHAT, Tier::Basic, Tlp::Clear, start).await;
    subscribe(&store, EXPERT_CHAT, Tier::Expert, Tlp::Green, start).await;
    let fake = FakeTelegram::start().await;
    fake.set_member(STAFF_GROUP, STAFF_MEMBER, "member");
    let bot = start_bot_with_roles(&store, &fake, roles()).await;

    // The member reports in a private chat and walks the buttons.
    fake.push_update(fake.message(MEMBER, MEMBER, "nl", REPORT));
    let preview = fake.wait_for("sendmessage", |request| request.chat_id() == Some(MEMBER) && !request.callbacks().is_empty(), WAIT).await;
    assert!(preview.text().contains("192.0.2[.]44"), "{}", preview.text());
    assert!(!preview.text().contains("192.0.2.44"), "{}", preview.text());
    let tier = press_ending(&fake, MEMBER, MEMBER, &preview, ";l=GREEN").await;
    let attribution = press_ending(&fake, MEMBER, MEMBER, &tier, ";t=basic").await;
    let confirm = press_ending(&fake, MEMBER, MEMBER, &attribution, ";a=1").await;
    let sent = press_ending(&fake, MEMBER, MEMBER, &confirm, ";ok=1").await;
    assert!(sent.text().contains("Melding 1 ligt nu bij de staf"), "{}", sent.text());
    assert!(fake.calls("sendmessage").iter().all(|request| request.chat_id() == Some(MEMBER)), "the card goes out through the outbox only");

    // The outbox worker delivers the card to the staff group, and a staff member approves it.
    let worker = outbox_worker(&store, &fake, &TestClock::new(&(Utc::now() + Duration::minutes(1)).to_rfc3339()));
    while worker.run_once().await.expect("worker batch").claimed > 0 {}
    let cards: Vec<Recorded> = fake.calls("sendmessage").into_iter().filter(|request| request.chat_id() == Some(STAFF_GROUP)).collect();
    assert_eq!(cards.len(), 1, "one card for the staff group");
    // The card in the outbox names the number, label and tier only; Show opens the report.
    let notice = &cards[0];
    assert!(notice.text().contains("Melding 1 wacht op een besluit."), "{}", notice.text());
    assert!(!notice.text().contains("pay-update"), "the report stays out of the outbox: {}", notice.text());
    let card = press_ending(&fake, STAFF_GROUP, STAFF_MEMBER, notice, "do=show").await;
    assert!(card.text().contains("Melding 1 (wacht op een besluit)"), "{}", card.text());
    assert!(card.text().contains("192.0.2[.]44"), "{}", card.text());
    let approved = press_ending(&fake, STAFF_GROUP, STAFF_MEMBER, &card, "do=ok").await;
    assert!(approved.text().contains("gepubliceerd als advies member:1"), "{}", approved.text());

    // The next digests: the GREEN chat of the basic tier gets the report, defanged.
    let tick = Utc::now() + Duration::days(2);
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(tick).await.expect("scheduler tick");
    let worker = outbox_worker(&store, &fake, &TestClock::new(&(tick + Duration::minutes(1)).to_rfc3339()));
    while worker.run_once().await.expect("worker batch").claimed > 0 {}
    bot.stop().await;

    let green = texts_to(&fake, GREEN_CHAT).join("\n");
    assert!(green.contains(TITLE), "the GREEN chat's digest lacks the report:\n{green}");
    assert!(green.contains("TLP:GREEN"), "{green}");
    for defanged in ["192.0.2[.]44", "hxxps://pay-update[.]example[.]com", "boef[@]example[.]net"] {
        assert!(green.contains(defanged), "{defanged} missing:\n{green}");
    }
    for raw in ["192.0.2.44", "pay-update.example.com", "boef@example.net"] {
        assert!(!green.contains(raw), "{raw} is not defanged:\n{green}");
    }
    for chat in [CLEAR_CHAT, EXPERT_CHAT] {
        let texts = texts_to(&fake, chat).join("\n");
        assert!(!texts.contains(TITLE), "chat {chat} received the report:\n{texts}");
    }
}
