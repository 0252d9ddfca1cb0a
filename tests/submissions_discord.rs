//! A member's report end to end on Discord, with the real serenity and poise client against a
//! fake Discord on 127.0.0.1, run on SQLite and PostgreSQL. The member submits with the slash
//! command in a direct message and walks the buttons. The card reaches the staff channel through
//! the outbox worker, and a staff member approves it there. The next digest brings it to a GREEN
//! channel of its tier, with its indicators defanged, and not to a CLEAR channel.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use ketenwacht::config::{DiscordSettings, RoleSettings};
use ketenwacht::delivery::{Pacer, Scheduler, SchedulerConfig, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform, Subscription, Tier, Tlp};
use ketenwacht::platforms::discord::bot::build_http;
use ketenwacht::platforms::discord::{DiscordSender, Token};
use ketenwacht::store::Store;
use serde_json::{json, Value};
use support::clock::TestClock;
use support::discord_bot::{button_ids, content, Bot, GUILD_CHANNEL, MEMBER, UPDATED_MESSAGE};
use support::fake_discord::FakeDiscord;
use support::unpaced;

on_both_databases!(store: [green_report_reaches_green_channel]);

/// The staff channel is the guild channel of the interaction fixtures.
const STAFF_CHANNEL: &str = GUILD_CHANNEL;
const GREEN_CHANNEL: &str = "600000000000000031";
const CLEAR_CHANNEL: &str = "600000000000000032";
const EXPERT_CHANNEL: &str = "600000000000000033";
const TITLE: &str = "Nep-betaalpagina voor klanten van webwinkels";

fn roles() -> RoleSettings {
    RoleSettings { staff_discord_channel_id: Some(STAFF_CHANNEL.parse().unwrap()), ..RoleSettings::default() }
}

async fn subscribe(store: &Store, channel: &str, tier: Tier, ceiling: Tlp, start: DateTime<Utc>) {
    let chat = ChatRef::new(Platform::Discord, channel);
    let subscription = Subscription::new(chat.clone(), ChatKind::Group, tier, Language::Nl, start);
    store.save_subscription(&subscription).await.expect("save subscription");
    store.set_chat_tlp_ceiling(&chat, ceiling, "staff", start).await.expect("set ceiling");
}

fn outbox_worker(store: &Store, fake: &FakeDiscord, clock: &TestClock) -> Worker {
    let settings = DiscordSettings { api_url: Some(fake.url().to_owned()), urgent_role_id: None };
    let sender = DiscordSender::new(Arc::new(build_http(&Token::new("fake-bot-token"), &settings)), None).unwrap();
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Discord, Arc::new(sender));
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("discord-submissions"))
        .with_clock(clock.clock())
        .with_roles(roles())
}

/// Returns the bodies of the messages posted to `channel`.
fn posts(fake: &FakeDiscord, channel: &str) -> Vec<Value> {
    let path = format!("/api/v10/channels/{channel}/messages");
    fake.requests().into_iter().filter(|request| request.method == "POST" && request.path == path).filter_map(|request| request.json).collect()
}

/// Returns everything members read in `post`: its content and its embeds' descriptions.
fn shown(post: &Value) -> String {
    let mut parts = vec![post["content"].as_str().unwrap_or_default().to_owned()];
    for embed in post["embeds"].as_array().into_iter().flatten() {
        parts.push(embed["description"].as_str().unwrap_or_default().to_owned());
    }
    parts.join("\n").replace('\\', "")
}

/// Returns the button of `response` whose custom id ends in `suffix`.
fn button(response: &Value, suffix: &str) -> String {
    let ids = button_ids(response);
    ids.iter().find(|id| id.ends_with(suffix)).unwrap_or_else(|| panic!("no button ending in {suffix} in {ids:?}")).clone()
}

/// Presses a button in the member's direct message and checks that the message changed.
async fn press_in_dm(bot: &mut Bot, custom_id: &str) -> Value {
    let response = bot.press_on("interaction_component_dm.json", custom_id, MEMBER, false).await;
    assert_eq!(response["type"], UPDATED_MESSAGE, "{custom_id}: {response}");
    response
}

async fn green_report_reaches_green_channel(store: Store) {
    let store = support::submissions::with_key(store);
    let start = Utc::now() - Duration::days(2);
    subscribe(&store, GREEN_CHANNEL, Tier::Basic, Tlp::Green, start).await;
    subscribe(&store, CLEAR_CHANNEL, Tier::Basic, Tlp::Clear, start).await;
    subscribe(&store, EXPERT_CHANNEL, Tier::Expert, Tlp::Green, start).await;
    let mut bot = Bot::start_with_roles(&store, roles()).await;

    // The member reports with /submit in a direct message and walks the buttons.
    let options = json!([
        {"name": "text", "type": 3, "value": TITLE},
        {"name": "link", "type": 3, "value": "https://pay-update.example.com/checkout"},
        {"name": "indicators", "type": 3, "value": "192.0.2.44 boef@example.net"},
    ]);
    let preview = bot.command("interaction_slash_dm.json", "submit", options, MEMBER).await;
    assert!(content(&preview).contains(r"192.0.2\[.\]44"), "{preview}");
    assert!(!content(&preview).contains("192.0.2.44"), "{preview}");
    let tier = press_in_dm(&mut bot, &button(&preview, ";l=GREEN")).await;
    let attribution = press_in_dm(&mut bot, &button(&tier, ";t=basic")).await;
    let confirm = press_in_dm(&mut bot, &button(&attribution, ";a=1")).await;
    let sent = press_in_dm(&mut bot, &button(&confirm, ";ok=1")).await;
    assert!(content(&sent).contains("Melding 1 ligt nu bij de staf"), "{sent}");

    // The outbox worker delivers the card to the staff channel, and a staff member approves it.
    let worker = outbox_worker(&store, &bot.fake, &TestClock::new(&(Utc::now() + Duration::minutes(1)).to_rfc3339()));
    while worker.run_once().await.expect("worker batch").claimed > 0 {}
    let cards = posts(&bot.fake, STAFF_CHANNEL);
    assert_eq!(cards.len(), 1, "one card for the staff channel");
    // The card in the outbox names the number, label and tier only; Show opens the report.
    let notice = &cards[0];
    assert!(shown(notice).contains("Melding 1 wacht op een besluit."), "{notice}");
    assert!(!shown(notice).contains("pay-update"), "the report stays out of the outbox: {notice}");
    assert_eq!(notice["allowed_mentions"], json!({"parse": [], "users": [], "roles": []}));
    let show = notice["components"][0]["components"][0]["custom_id"].as_str().expect("a show button").to_owned();
    assert!(show.ends_with("do=show"), "{show}");
    let card = bot.press(&show, MEMBER).await;
    assert_eq!(card["type"], UPDATED_MESSAGE, "the card opens in place: {card}");
    assert!(content(&card).replace('\\', "").contains("Melding 1 (wacht op een besluit)"), "{card}");
    let approve = card["data"]["components"][0]["components"][0]["custom_id"].as_str().expect("an approve button").to_owned();
    assert!(approve.ends_with("do=ok"), "{approve}");
    let approved = bot.press(&approve, MEMBER).await;
    assert_eq!(approved["type"], UPDATED_MESSAGE, "the card changes in place: {approved}");
    assert!(content(&approved).contains("gepubliceerd als advies member:1"), "{approved}");

    // The next digests: the GREEN channel of the basic tier gets the report, defanged.
    let tick = Utc::now() + Duration::days(2);
    Scheduler::new(store.clone(), SchedulerConfig::default()).tick(tick).await.expect("scheduler tick");
    let worker = outbox_worker(&store, &bot.fake, &TestClock::new(&(tick + Duration::minutes(1)).to_rfc3339()));
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    let green: String = posts(&bot.fake, GREEN_CHANNEL).iter().map(shown).collect::<Vec<_>>().join("\n");
    assert!(green.contains(TITLE), "the GREEN channel's digest lacks the report:\n{green}");
    assert!(green.contains("TLP:GREEN"), "{green}");
    for defanged in ["192.0.2[.]44", "hxxps://pay-update[.]example[.]com", "boef[@]example[.]net"] {
        assert!(green.contains(defanged), "{defanged} missing:\n{green}");
    }
    for raw in ["192.0.2.44", "pay-update.example.com", "boef@example.net"] {
        assert!(!green.contains(raw), "{raw} is not defanged:\n{green}");
    }
    for channel in [CLEAR_CHANNEL, EXPERT_CHANNEL] {
        let texts: String = posts(&bot.fake, channel).iter().map(shown).collect::<Vec<_>>().join("\n");
        assert!(!texts.contains(TITLE), "channel {channel} received the report:\n{texts}");
    }
    bot.stop().await;
}
