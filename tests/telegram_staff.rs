//! Staff on Telegram, with the real teloxide client against a fake Bot API on 127.0.0.1. Outbox
//! messages with buttons reach the staff group, and their buttons work there. Members who are
//! not staff get a rejection for every staff command, and the store stays unchanged.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::{Callback, Choice, Reply};
use ketenwacht::delivery::{Pacer, Payload, Sender, Worker, WorkerConfig};
use ketenwacht::domain::{ChatKind, ChatRef, Language, OutboxStatus, Platform, Tier, Tlp};
use ketenwacht::i18n::{text, text_with};
use ketenwacht::platforms::telegram::TelegramSender;
use ketenwacht::store::{AnnouncementStatus, Store};
use ketenwacht::submissions::advisory::advisory_id;
use ketenwacht::submissions::SubmissionStatus;
use support::clock::TestClock;
use support::fake_telegram::FakeTelegram;
use support::telegram_bot::{access, assert_html_request, press, sent_to_containing, start_bot_with_roles, WAIT};
use support::unpaced;

on_both_databases!(store: [card_reaches_staff_group, members_refused_staff_commands, staff_menus_list_staff_commands]);

/// The staff group, where every member is staff.
const STAFF_GROUP: i64 = -1_001_555_000_001;
/// A member group with a GREEN ceiling.
const MEMBER_GROUP: i64 = -1_001_555_000_002;
/// A staff member by user id.
const STAFF_USER: i64 = 7;
/// A member who is not staff, and not an admin anywhere.
const MEMBER: i64 = 321;

fn roles() -> RoleSettings {
    RoleSettings {
        staff_discord_role_ids: Vec::new(),
        staff_telegram_user_ids: vec![STAFF_USER],
        staff_discord_channel_id: None,
        staff_telegram_group_id: Some(STAFF_GROUP),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid RFC 3339 time").to_utc()
}

fn chat(id: i64) -> ChatRef {
    ChatRef::new(Platform::Telegram, id.to_string())
}

fn worker(store: &Store, fake: &FakeTelegram, clock: &TestClock) -> Worker {
    let sender = TelegramSender::new(&access(fake)).expect("build the sender");
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Telegram, Arc::new(sender));
    Worker::new(store.clone(), senders, Arc::new(Pacer::new(unpaced()).unwrap()), WorkerConfig::new("telegram-staff-worker"))
        .with_clock(clock.clock())
        .with_roles(roles())
}

/// Builds a payload shaped like a moderation card: member text that needs escaping, and two
/// buttons.
fn card(tlp: Tlp) -> Payload {
    let reply = Reply::text("Melding <b>phishing</b> & meer: hxxps://example[.]com")
        .with_row(vec![Choice::new("Hulp", Callback::Help), Choice::new("Instellingen", Callback::Settings)]);
    Payload::Message { reply, tlp }
}

/// An AMBER card goes through the real outbox worker to the staff group (ceiling CLEAR), as
/// escaped HTML with its buttons, and not to a member group with a GREEN ceiling. A staff member
/// who is no Telegram admin presses a button on it, and the card changes in place.
async fn card_reaches_staff_group(store: Store) {
    let fake = FakeTelegram::start().await;
    let now = at("2025-09-01T08:00:00Z");
    store.set_chat_tlp_ceiling(&chat(MEMBER_GROUP), Tlp::Green, "7", now).await.unwrap();
    for group in [STAFF_GROUP, MEMBER_GROUP] {
        let payloads = vec![("card".to_owned(), card(Tlp::Amber))];
        support::outbox::enqueue_for(&store, &chat(group), ChatKind::Group, now, payloads).await;
    }
    let clock = TestClock::new("2025-09-01T08:01:00Z");
    let worker = worker(&store, &fake, &clock);
    while worker.run_once().await.expect("worker batch").claimed > 0 {}

    let sent = fake.calls("sendmessage");
    assert_eq!(sent.len(), 1, "only the staff group gets the AMBER card: {sent:?}");
    let card_message = &sent[0];
    assert_eq!(card_message.chat_id(), Some(STAFF_GROUP));
    assert_html_request(card_message);
    assert_eq!(card_message.text(), "Melding &lt;b&gt;phishing&lt;/b&gt; &amp; meer: hxxps://example[.]com");
    assert_eq!(card_message.callbacks(), ["help", "settings"]);
    let statuses: HashMap<String, OutboxStatus> =
        store.list_outbox(None, 10).await.unwrap().into_iter().map(|message| (message.chat.chat_id, message.status)).collect();
    assert_eq!(statuses[&STAFF_GROUP.to_string()], OutboxStatus::Sent);
    assert_eq!(statuses[&MEMBER_GROUP.to_string()], OutboxStatus::Failed);

    fake.set_member(STAFF_GROUP, 900, "member");
    let bot = start_bot_with_roles(&store, &fake, roles()).await;
    let edit = press(&fake, STAFF_GROUP, 900, card_message, |data| data == "help").await;
    assert!(edit.text().contains(&text(Language::Nl, "conversation-help-intro")), "{}", edit.text());
    bot.stop().await;
}

/// A member who is not staff sends every staff command in a private chat and in a group where
/// they are an admin, and presses moderation buttons and the buttons of a staff member's
/// announcement. Each time the reply names the staff role, and nothing is stored. A staff
/// member's command then works, so the refusals come from the role and not from the setup.
async fn members_refused_staff_commands(store: Store) {
    let store = support::submissions::with_key(store);
    let report = support::submissions::pending_submission(&store, Platform::Telegram, "999").await;
    let fake = FakeTelegram::start().await;
    fake.set_member(MEMBER_GROUP, MEMBER, "administrator");
    let bot = start_bot_with_roles(&store, &fake, roles()).await;
    let refusal = text_with(Language::Nl, "staff-role-needed", &[("role", text(Language::Nl, "staff-role-staff").into())]);

    let commands = [
        "/verify 12345 Acme",
        "/verifieer 12345 \"Acme BV\"",
        "/unverify 12345",
        "/channel tlp GREEN",
        "/kanaal tlp AMBER confirm-verified",
        "/announce De ledenvergadering begint om 19.30 uur.",
        "/aankondigen op 2026-12-06 09:00 Onderhoud",
        "/withdraw 1",
        "/audit 5",
        "/logboek",
        "/moderate",
        "/modereren 1",
        "/reject 1 Staat al in het overzicht",
        "/afwijzen 1 dubbel",
    ];
    for chat_id in [MEMBER, MEMBER_GROUP] {
        for command in commands {
            let before = fake.calls("sendmessage").len();
            fake.push_update(fake.message(chat_id, MEMBER, "nl", command));
            let replies = fake.wait_for_count("sendmessage", |_| true, before + 1, WAIT).await;
            let reply = &replies[before];
            assert_eq!(reply.chat_id(), Some(chat_id), "{command}");
            assert_eq!(reply.text(), refusal, "{command} in chat {chat_id}");
        }
    }

    // The member presses moderation buttons of report 1, copied into their own chat and into
    // the group they administer.
    for chat_id in [MEMBER, MEMBER_GROUP] {
        let message_id = fake.calls("sendmessage").iter().rev().find(|request| request.chat_id() == Some(chat_id)).unwrap().message_id().unwrap();
        for (index, data) in [format!("md:i={report};do=ok"), format!("md:i={report};t=expert"), format!("md:i={report};l=AMBER")].iter().enumerate() {
            fake.push_update(fake.callback(chat_id, MEMBER, message_id, data));
            let edits = fake.wait_for_count("editmessagetext", |request| request.message_id() == Some(message_id), index + 1, WAIT).await;
            assert_eq!(edits[index].text(), refusal, "{data} in chat {chat_id}");
        }
    }
    let stored = store.submission(report).await.unwrap().expect("the report is stored");
    assert_eq!(stored.status, SubmissionStatus::Pending, "a member decided on the report");
    assert_eq!((stored.tier, stored.tlp), (Some(Tier::Basic), Some(Tlp::Green)), "a member changed the report");
    assert!(store.advisory(&advisory_id(report)).await.unwrap().is_none(), "a member published the report");

    assert_store_untouched(&store).await;
    assert!(store.announcement(1).await.unwrap().is_none(), "a member drafted an announcement");

    // Staff draft an announcement, and the member presses its buttons in their own chat.
    fake.push_update(fake.message(STAFF_USER, STAFF_USER, "nl", "/announce Onderhoud vanavond"));
    let draft = fake.wait_for("sendmessage", |request| request.chat_id() == Some(STAFF_USER) && !request.callbacks().is_empty(), WAIT).await;
    let preview = press(&fake, MEMBER, MEMBER, &draft, |data| data.starts_with("an:") && data.ends_with(";s=p")).await;
    assert_eq!(preview.text(), refusal, "a member's press on the preview button");
    let message_id = draft.message_id().unwrap();
    fake.push_update(fake.callback(MEMBER, MEMBER, message_id, "an:i=1;a=1ff;s=ok"));
    let edits = fake.wait_for_count("editmessagetext", |request| request.message_id() == Some(message_id), 2, WAIT).await;
    assert_eq!(edits[1].text(), refusal, "a member's press on a send button they copied");
    let announcement = store.announcement(1).await.unwrap().expect("the staff draft is stored");
    assert_eq!(announcement.status, AnnouncementStatus::Draft, "a member's press confirmed the announcement");
    assert!(store.list_outbox(None, 10).await.unwrap().is_empty(), "a member's press put the announcement in the outbox");

    fake.push_update(fake.message(MEMBER_GROUP, STAFF_USER, "nl", "/channel tlp GREEN"));
    let set = text_with(Language::Nl, "staff-tlp-set", &[("label", "GREEN".into())]);
    fake.wait_for("sendmessage", sent_to_containing(MEMBER_GROUP, set), WAIT).await;
    assert_eq!(store.chat_tlp_ceiling(&chat(MEMBER_GROUP)).await.unwrap(), Tlp::Green);
    bot.stop().await;
}

async fn assert_store_untouched(store: &Store) {
    assert!(store.verified_member(Platform::Telegram, "12345").await.unwrap().is_none(), "a member verified someone");
    for group in [MEMBER, MEMBER_GROUP] {
        assert_eq!(store.chat_tlp_ceiling(&chat(group)).await.unwrap(), Tlp::Clear, "a member set the ceiling of {group}");
    }
    assert!(store.audit_log(10).await.unwrap().is_empty(), "a refused command was logged as a staff action");
}

/// The general menus leave the staff commands out; the staff group and the staff user's private
/// chat get menus with them, in Dutch and English.
async fn staff_menus_list_staff_commands(store: Store) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot_with_roles(&store, &fake, roles()).await;
    bot.stop().await;

    let menus = fake.calls("setmycommands");
    assert_eq!(menus.len(), 12, "three languages in two general scopes, the staff group and one staff user");
    let names = |menu: &support::fake_telegram::Recorded| -> Vec<String> {
        menu.body["commands"].as_array().unwrap().iter().map(|command| command["command"].as_str().unwrap().to_owned()).collect()
    };
    for menu in &menus {
        let scope = &menu.body["scope"];
        let staff_scope = scope["type"] == "chat";
        let verify = if menu.body["language_code"] == "en" { "verify" } else { "verifieer" };
        assert_eq!(names(menu).contains(&verify.to_owned()), staff_scope, "{verify} in scope {scope}: {:?}", names(menu));
        if staff_scope {
            assert!([STAFF_GROUP, STAFF_USER].contains(&scope["chat_id"].as_i64().unwrap()), "{scope}");
            assert!(names(menu).contains(&"checklist".to_owned()), "a staff menu keeps the member commands");
        }
    }
}
