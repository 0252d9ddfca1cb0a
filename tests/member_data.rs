//! The audit log in chat, audited settings changes, and `mydata` and `forget`, each run on
//! SQLite and PostgreSQL.

mod support;

use ketenwacht::config::RoleSettings;
use ketenwacht::conversation::{AnnounceStep, Callback, ChatContext, Command, Conversation, Reply};
use ketenwacht::domain::{Audience, ChatKind, ChatRef, Platform, Tier};
use chrono::Utc;
use ketenwacht::domain::Language;
use ketenwacht::store::{StaffActor, Store, FORGOTTEN_MEMBER};
use ketenwacht::submissions::{DataKey, NewSubmission, SendChoice, SubmissionContent, Submitter};

on_both_databases!(
    store: [
        settings_changes_audited,
        audit_in_chat,
        mydata_lists_member_data,
        forget_removes_only_member,
        forget_renames_staff_decisions,
    ],
);

const STAFF_USER: &str = "7";

fn roles() -> RoleSettings {
    RoleSettings { staff_telegram_user_ids: vec![7], ..RoleSettings::default() }
}

fn staff() -> ChatContext {
    context("-100", STAFF_USER, ChatKind::Group)
}

/// Returns the private chat of Telegram member `user_id`, whose chat id is the user id.
fn private(user_id: &str) -> ChatContext {
    context(user_id, user_id, ChatKind::Private)
}

fn context(chat_id: &str, user_id: &str, chat_kind: ChatKind) -> ChatContext {
    ChatContext {
        chat: ChatRef::new(Platform::Telegram, chat_id),
        chat_kind,
        user_id: user_id.to_owned(),
        is_admin: true,
        user_language: None,
        member_role_ids: Vec::new(),
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

/// Gives member `user_id` a subscription, a checklist run and a verification, and returns
/// the conversation.
async fn member_with_data(conversation: &Conversation, user_id: &str, organisation: &str) {
    let member = private(user_id);
    assert_contains(&command(conversation, &member, "/subscribe basic nl daily").await, "aangemeld");
    command(conversation, &member, &format!("/checklist start leverancier=Leverancier {user_id}")).await;
    let verified = command(conversation, &staff(), &format!("/verify {user_id} \"{organisation}\"")).await;
    assert_contains(&verified, organisation);
}

async fn settings_changes_audited(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    let member = private("42");
    command(&conversation, &member, "/aanmelden basic nl daily").await;
    for callback in ["set:t=expert", "set:l=en", "set:c=weekly"] {
        conversation.handle_callback(&member, callback).await;
    }
    command(&conversation, &member, "/afmelden").await;

    let log = store.audit_log(10).await.unwrap();
    let entries: Vec<(&str, &str, &str, &str)> = log
        .iter()
        .map(|entry| (entry.actor.as_str(), entry.action.as_str(), entry.subject.as_str(), entry.detail.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("42", "unsubscribe", "telegram:42", ""),
            ("42", "set-cadence", "telegram:42", "weekly"),
            ("42", "set-language", "telegram:42", "en"),
            ("42", "set-tier", "telegram:42", "expert"),
            ("42", "subscribe", "telegram:42", "basic nl daily"),
        ]
    );

    let group_member = ChatContext { is_admin: false, ..context("-500", "43", ChatKind::Group) };
    let refused = command(&conversation, &group_member, "/subscribe basic").await;
    assert!(refused.private, "a member who is not an admin is refused");
    assert_eq!(store.audit_log(10).await.unwrap().len(), 5, "a refused change is not recorded");
    assert!(store.subscription(&group_member.chat).await.unwrap().is_none());
}

async fn audit_in_chat(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    assert_contains(&command(&conversation, &staff(), "/logboek").await, "Het logboek is leeg.");
    member_with_data(&conversation, "42", "Acme BV").await;
    conversation.handle_callback(&private("42"), "set:t=expert").await;

    let reply = command(&conversation, &staff(), "/logboek").await;
    let text = reply.plain_text();
    assert!(text.starts_with("De nieuwste 3 regels van het logboek, nieuwste eerst (Nederlandse tijd):"), "{text}");
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].ends_with(" · telegram:42 · niveau gewijzigd · telegram:42 · expert"), "{}", lines[0]);
    assert!(lines[1].ends_with(" · telegram:7 · lid geverifieerd · 42 · Acme BV"), "{}", lines[1]);
    assert!(lines[2].ends_with(" · telegram:42 · aangemeld · telegram:42 · basic nl daily"), "{}", lines[2]);

    let english = command(&conversation, &private("42"), "/audit").await;
    assert_contains(&english, "rol staf");
    let two = command(&conversation, &staff(), "/audit 2").await;
    assert_eq!(two.plain_text().lines().count(), 3, "title and two entries");
    for typed in ["/audit 0", "/audit 51", "/audit tien"] {
        let rejected = command(&conversation, &staff(), typed).await;
        assert_contains(&rejected, "Typ een getal van 1 tot en met 50");
        assert!(rejected.private, "{typed}");
    }
    assert_contains(&command(&conversation, &staff(), "/audit 1 2").await, "Typ /logboek");
}

async fn mydata_lists_member_data(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    member_with_data(&conversation, "42", "Acme BV").await;

    let in_group = command(&conversation, &context("-500", "42", ChatKind::Group), "/mydata").await;
    assert_contains(&in_group, "privéchat");
    assert!(in_group.private);

    let reply = command(&conversation, &private("42"), "/mijngegevens").await;
    assert!(reply.private, "a member's data is shown to them only");
    assert_contains(&reply, "Over u bewaard (telegram:42):");
    assert_contains(&reply, "Aanmelding van deze chat: Niveau basis, in het Nederlands, dagelijks om 08:00.");
    assert_contains(&reply, "Gekozen taal van deze chat: Nederlands");
    assert_contains(&reply, "Verificatie: voor Acme BV, op ");
    assert_contains(&reply, "Checklists voor leveranciers: 1 (Leverancier 42).");
    assert_contains(&reply, "Regels over u in het logboek: 2, hieronder");
    assert_contains(&reply, "lid geverifieerd · 42 · Acme BV");
    assert_contains(&reply, "Typ /vergeetmij");

    let stranger = command(&conversation, &private("99"), "/mydata").await;
    assert_contains(&stranger, "Aanmelding van deze chat: geen.");
    assert_contains(&stranger, "Verificatie: geen.");
    assert_contains(&stranger, "Checklists voor leveranciers: 0 (-).");
    assert_contains(&stranger, "Regels over u in het logboek: geen.");
}

async fn forget_removes_only_member(store: Store) {
    let conversation = Conversation::new(store.clone()).with_roles(roles());
    member_with_data(&conversation, "42", "Acme BV").await;
    member_with_data(&conversation, "43", "Pakketdienst BV").await;
    let group = context("-500", "42", ChatKind::Group);
    command(&conversation, &group, "/subscribe expert en").await;

    // A pending announcement to every chat, so that each has an outbox message.
    command(&conversation, &staff(), "/announce Ledenvergadering").await;
    let confirm = Callback::Announce { id: 1, audience: Audience::EVERYONE, step: AnnounceStep::Confirm }.encode();
    assert_contains(&conversation.handle_callback(&staff(), &confirm).await, "gaat naar 3 chats");

    let asked = command(&conversation, &private("42"), "/vergeetmij").await;
    assert_contains(&asked, "Wilt u dat Ketenwacht u vergeet?");
    let forget = Callback::Forget { confirmed: true }.encode();
    assert!(asked.callbacks().contains(&forget.as_str()));
    assert!(store.subscription(&private("42").chat).await.unwrap().is_some(), "asking deletes nothing");
    let in_group = conversation.handle_callback(&group, &forget).await;
    assert_contains(&in_group, "private chat");
    assert!(store.verified_member(Platform::Telegram, "42").await.unwrap().is_some(), "a press in a group deletes nothing");

    let forgotten = conversation.handle_callback(&private("42"), &forget).await;
    assert_contains(&forgotten, "Ketenwacht is u vergeten");
    assert_contains(&forgotten, "1 checklists voor leveranciers");
    assert_contains(&forgotten, "Aanmeldingen van groepen en kanalen waar u in zit, blijven");

    let chat = private("42").chat;
    assert!(store.subscription(&chat).await.unwrap().is_none());
    assert!(store.chat_language(&chat).await.unwrap().is_none());
    assert!(store.verified_member(Platform::Telegram, "42").await.unwrap().is_none());
    assert!(store.checklist_runs(Platform::Telegram, "42").await.unwrap().is_empty());
    let outbox = store.list_outbox(None, 100).await.unwrap();
    assert!(outbox.iter().all(|message| message.chat != chat), "no message to the forgotten chat");
    let log = store.audit_log(50).await.unwrap();
    for entry in &log {
        assert_ne!(entry.actor, "42", "{entry:?}");
        assert_ne!(entry.subject, "42", "{entry:?}");
        assert_ne!(entry.subject, "telegram:42", "{entry:?}");
    }
    assert_eq!(log[0].action, "forget");
    assert_eq!(log[0].actor, FORGOTTEN_MEMBER);
    assert!(log.iter().any(|entry| entry.action == "verify" && entry.subject == FORGOTTEN_MEMBER && entry.actor == STAFF_USER));

    // The group's subscription and the other member stay as they were.
    let group_subscription = store.subscription(&group.chat).await.unwrap().expect("the group's subscription stays");
    assert_eq!(group_subscription.tier, Tier::Expert);
    assert!(outbox.iter().any(|message| message.chat == group.chat));
    let other = private("43").chat;
    assert!(store.subscription(&other).await.unwrap().is_some());
    assert!(outbox.iter().any(|message| message.chat == other));
    assert_eq!(store.verified_member(Platform::Telegram, "43").await.unwrap().unwrap().organisation, "Pakketdienst BV");
    assert_eq!(store.checklist_runs(Platform::Telegram, "43").await.unwrap().len(), 1);
    assert!(log.iter().any(|entry| entry.actor == "43" && entry.action == "subscribe"));
    assert!(log.iter().any(|entry| entry.subject == "43" && entry.action == "verify"));

    let audit = command(&conversation, &staff(), "/audit 1").await;
    assert_contains(&audit, "vergeten lid · lid vergeten op verzoek · vergeten lid");
}

async fn forget_renames_staff_decisions(store: Store) {
    let store = store.with_data_key(DataKey::parse(&"ab".repeat(32)).expect("valid test key"));
    let now = Utc::now();
    let submission = NewSubmission {
        platform: Platform::Telegram,
        language: Language::Nl,
        content: SubmissionContent { text: "Nep-betaalpagina".to_owned(), link: None, indicators: Vec::new() },
        submitter: Submitter { user_id: "42".to_owned(), chat_id: Some("42".to_owned()), display_name: None },
        created_at: now,
    };
    let id = store.create_submission(&submission).await.unwrap();
    let choice = SendChoice { tlp: ketenwacht::domain::Tlp::Green, tier: Tier::Basic, anonymous: false };
    store.send_submission(id, Platform::Telegram, "42", choice, &[], now).await.unwrap();
    let actor = StaffActor { platform: Platform::Telegram, user_id: STAFF_USER };
    store.reject_submission(id, "Staat al in het overzicht.", None, actor, now).await.unwrap();

    store.forget_member(Platform::Telegram, STAFF_USER, &private(STAFF_USER).chat, now).await.unwrap();
    let decided_by = store.submission(id).await.unwrap().expect("the submission stays").decided_by;
    assert_eq!(decided_by.as_deref(), Some(FORGOTTEN_MEMBER));
}
