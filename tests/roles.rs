//! Staff roles, member verification and chat TLP ceilings through the conversation, each run on
//! SQLite and PostgreSQL. PostgreSQL runs need a server (see `tests/support/db.rs`).

mod support;

use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::{ChatContext, Command, Conversation, Reply};
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform, Tlp};
use ketenwacht::platforms::terminal::TerminalChat;
use ketenwacht::store::Store;

on_both_databases!(
    store: [
        staff_verify_and_unverify,
        members_refused_staff_commands,
        terminal_member_refused_every_staff_command,
        ceiling_rules,
        ceiling_follows_moved_chat,
        replies_follow_ceiling,
    ],
);

const STAFF_USER: &str = "7";
const STAFF_ROLE: u64 = 500;

fn roles() -> RoleSettings {
    RoleSettings {
        staff_discord_role_ids: vec![STAFF_ROLE],
        staff_telegram_user_ids: vec![7],
        staff_discord_channel_id: None,
        staff_telegram_group_id: None,
    }
}

fn context(platform: Platform, chat_id: &str, user_id: &str, member_role_ids: &[&str]) -> ChatContext {
    ChatContext {
        chat: ChatRef::new(platform, chat_id),
        chat_kind: ChatKind::Group,
        user_id: user_id.to_owned(),
        is_admin: true,
        user_language: None,
        member_role_ids: member_role_ids.iter().map(|role| (*role).to_owned()).collect(),
    }
}

async fn command(conversation: &Conversation, context: &ChatContext, text: &str) -> Reply {
    let parsed = Command::parse(text, None).unwrap_or_else(|| panic!("{text:?} is a command"));
    conversation.handle_command(context, parsed).await
}

fn assert_contains(reply: &Reply, expected: &str) {
    let text = reply.plain_text();
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

async fn staff_verify_and_unverify(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let staff = context(Platform::Telegram, "-100", STAFF_USER, &[]);

    let verified = command(&conversation, &staff, "/verifieer 12345 \"Pakketdienst BV\"").await;
    assert_contains(&verified, "Lid 12345 is geverifieerd voor Pakketdienst BV.");
    let member = store.verified_member(Platform::Telegram, "12345").await.unwrap().expect("member is stored");
    assert_eq!(member.organisation, "Pakketdienst BV");
    assert_eq!(member.verified_by, STAFF_USER);
    assert!(store.verified_member(Platform::Discord, "12345").await.unwrap().is_none(), "verification is per platform");

    let username = command(&conversation, &staff, "/verify @jan Acme").await;
    assert_contains(&username, "numerieke gebruikers-id");
    let missing = command(&conversation, &staff, "/verify 12345").await;
    assert_contains(&missing, "Noem het lid en de organisatie");
    let long = format!("/verify 12345 {}", "a".repeat(101));
    assert_contains(&command(&conversation, &staff, &long).await, "te lang");
    let kept = store.verified_member(Platform::Telegram, "12345").await.unwrap().unwrap();
    assert_eq!(kept.organisation, "Pakketdienst BV", "rejected commands leave the verification intact");

    let removed = command(&conversation, &staff, "/unverify 12345").await;
    assert_contains(&removed, "niet meer geverifieerd");
    assert!(store.verified_member(Platform::Telegram, "12345").await.unwrap().is_none());
    let again = command(&conversation, &staff, "/ontverifieer 12345").await;
    assert_contains(&again, "was niet geverifieerd");

    let discord_staff = context(Platform::Discord, "33", "44", &["1", &STAFF_ROLE.to_string()]);
    let mentioned = command(&conversation, &discord_staff, "/verify <@!98765> Acme").await;
    assert_contains(&mentioned, "Lid 98765 is geverifieerd voor Acme.");

    let log = store.audit_log(10).await.unwrap();
    let actions: Vec<(&str, &str, &str)> =
        log.iter().map(|entry| (entry.action.as_str(), entry.subject.as_str(), entry.detail.as_str())).collect();
    assert_eq!(actions, [("verify", "98765", "Acme"), ("unverify", "12345", ""), ("verify", "12345", "Pakketdienst BV")]);
    assert_eq!(log[0].actor, "44");
    assert_eq!(log[1].actor, STAFF_USER);
}

async fn members_refused_staff_commands(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let admin = context(Platform::Discord, "33", "44", &["1"]);
    for text in ["/verify 12345 Acme", "/unverify 12345", "/channel tlp GREEN", "/kanaal tlp"] {
        let reply = command(&conversation, &admin, text).await;
        assert_contains(&reply, "Voor deze opdracht heeft u de rol staf nodig.");
        assert!(reply.private, "{text}: a refusal is shown to the member only");
    }
    assert!(store.verified_member(Platform::Discord, "12345").await.unwrap().is_none());
    assert_eq!(store.chat_tlp_ceiling(&admin.chat).await.unwrap(), Tlp::Clear);
    assert!(store.audit_log(10).await.unwrap().is_empty());

    let unconfigured = Conversation::new(store.clone());
    let telegram_user = context(Platform::Telegram, "-5", STAFF_USER, &[]);
    let reply = command(&unconfigured, &telegram_user, "/verify 1 Acme").await;
    assert_contains(&reply, "rol staf");
}

async fn ceiling_rules(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let staff = context(Platform::Telegram, "-200", STAFF_USER, &[]);
    let chat = staff.chat.clone();

    assert_contains(&command(&conversation, &staff, "/channel tlp").await, "tot en met TLP:CLEAR");
    assert_contains(&command(&conversation, &staff, "/kanaal tlp green").await, "ontvangt nu adviezen tot en met TLP:GREEN");
    assert_eq!(store.chat_tlp_ceiling(&chat).await.unwrap(), Tlp::Green);

    let unconfirmed = command(&conversation, &staff, "/channel tlp AMBER").await;
    assert_contains(&unconfirmed, "bevestig-geverifieerd");
    let wrong_word = command(&conversation, &staff, "/channel tlp AMBER yes").await;
    assert_contains(&wrong_word, "Typ /kanaal tlp");
    for refused in ["AMBER+STRICT", "RED", "TLP:RED"] {
        let reply = command(&conversation, &staff, &format!("/channel tlp {refused} confirm-verified")).await;
        assert_contains(&reply, "wordt nooit naar een chat gestuurd");
    }
    assert_contains(&command(&conversation, &staff, "/channel tlp PURPLE").await, "PURPLE is geen TLP-label");
    assert_eq!(store.chat_tlp_ceiling(&chat).await.unwrap(), Tlp::Green, "rejected commands keep the ceiling");

    let amber = command(&conversation, &staff, "/channel tlp AMBER confirm-verified").await;
    assert_contains(&amber, "TLP:AMBER");
    assert_eq!(store.chat_tlp_ceiling(&chat).await.unwrap(), Tlp::Amber);
    assert!(store.set_chat_tlp_ceiling(&chat, Tlp::Red, STAFF_USER, chrono::Utc::now()).await.is_err());

    let log = store.audit_log(10).await.unwrap();
    let details: Vec<&str> = log.iter().map(|entry| entry.detail.as_str()).collect();
    assert_eq!(details, ["AMBER", "GREEN"]);
    assert!(log.iter().all(|entry| entry.action == "chat-tlp" && entry.subject == chat.to_string()));
}

async fn ceiling_follows_moved_chat(store: Store) {
    let from = ChatRef::new(Platform::Telegram, "-300");
    store.set_chat_tlp_ceiling(&from, Tlp::Green, STAFF_USER, chrono::Utc::now()).await.unwrap();
    store.move_chat(&from, "-1000300").await.unwrap();
    let moved = ChatRef::new(Platform::Telegram, "-1000300");
    assert_eq!(store.chat_tlp_ceiling(&moved).await.unwrap(), Tlp::Green);
    assert_eq!(store.chat_tlp_ceiling(&from).await.unwrap(), Tlp::Clear);
}

async fn replies_follow_ceiling(store: Store) {
    let mut advisory = support::advisories::advisory(1, chrono::Utc::now(), ketenwacht::domain::Urgency::Normal);
    advisory.draft.tlp = Tlp::Green;
    let write = ketenwacht::store::AdvisoryWrite { advisory, new_revision: true };
    store.save_advisories(&[write]).await.unwrap();
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let staff = context(Platform::Telegram, "-400", STAFF_USER, &[]);

    let restricted = command(&conversation, &staff, "/advisory NCSC-2025-0001").await;
    assert_contains(&restricted, "is gemarkeerd als TLP:GREEN en mag daarom hier niet worden gedeeld");
    assert_contains(&restricted, "tot en met TLP:CLEAR");

    command(&conversation, &staff, "/channel tlp GREEN").await;
    let shown = command(&conversation, &staff, "/advisory NCSC-2025-0001").await;
    assert_contains(&shown, "beveiligingsupdates voor Magento");
}

/// `ketenwacht chat --member`: every staff command is refused with the role it needs, in the
/// member's language, and changes nothing.
async fn terminal_member_refused_every_staff_command(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles()).with_terminal_member();
    let mut chat = TerminalChat::new(conversation, "alice", Some(Language::En), Vec::new());
    let typed = [
        "/verify 12345 Acme",
        "/unverify 12345",
        "/channel tlp GREEN",
        "/announce Maintenance tonight",
        "/aankondigen at 2030-01-01 09:00 Onderhoud",
        "/withdraw 1",
        "/audit",
        "/moderate",
        "/modereren 1",
        "/reject 1 not relevant",
    ];
    for text in typed {
        let reply = chat.answer(text).await;
        assert_contains(&reply, "This command needs the staff role.");
    }
    assert!(store.audit_log(10).await.unwrap().is_empty(), "a refused command writes no audit entry");
    assert_eq!(store.chat_tlp_ceiling(&ChatRef::new(Platform::Terminal, "alice")).await.unwrap(), Tlp::Clear);
    assert!(store.verified_member(Platform::Terminal, "12345").await.unwrap().is_none());
}
