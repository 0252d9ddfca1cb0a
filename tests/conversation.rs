//! Conversations from a member's first command to unsubscribing, each run on SQLite and
//! PostgreSQL. PostgreSQL runs need a server (see `tests/support/db.rs`).

mod support;

use chrono::{NaiveTime, Utc, Weekday};
use ketenwacht::conversation::{ChatContext, Command, Conversation, Reply};
use ketenwacht::domain::{Cadence, ChatKind, ChatRef, Language, Platform, Tier};
use ketenwacht::store::Store;
use support::ncsc_feed::ingest_ncsc_feed;

on_both_databases!(
    store: [
        new_member_from_start_to_unsubscribe,
        group_member_refused_admin_allowed,
        invalid_filter_rejected_whole,
        unknown_advisory_and_bad_buttons,
        private_chat_follows_member_language,
    ],
);

// ---------------------------------------------------------------------------------------------
// Helpers

const MAGENTO_TITLE: &str = "Adobe Commerce en Magento";

fn context(platform: Platform, chat_id: &str, chat_kind: ChatKind, is_admin: bool) -> ChatContext {
    ChatContext {
        chat: ChatRef::new(platform, chat_id),
        chat_kind,
        user_id: "member-7".to_owned(),
        is_admin,
        user_language: None,
        member_role_ids: Vec::new(),
    }
}

fn private_chat() -> ChatContext {
    context(Platform::Telegram, "1001", ChatKind::Private, false)
}

async fn command(conversation: &Conversation, context: &ChatContext, text: &str) -> Reply {
    let parsed = Command::parse(text, Some("ketenwacht_bot")).unwrap_or_else(|| panic!("{text:?} is a command"));
    conversation.handle_command(context, parsed).await
}

async fn press(conversation: &Conversation, context: &ChatContext, reply: &Reply, callback: &str) -> Reply {
    assert!(reply.callbacks().contains(&callback), "{callback} is not offered; offered: {:?}", reply.callbacks());
    conversation.handle_callback(context, callback).await
}

fn assert_contains(reply: &Reply, expected: &str) {
    let text = reply.plain_text();
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async fn new_member_from_start_to_unsubscribe(store: Store) {
    let conversation = Conversation::new(store.clone());
    let chat = private_chat();

    let start = command(&conversation, &chat, "/start").await;
    assert_contains(&start, "Welkom bij Ketenwacht.");
    assert_eq!(start.callbacks(), ["sub", "help"]);

    // Subscribe through the buttons: tier, language, cadence, confirm.
    let tiers = press(&conversation, &chat, &start, "sub").await;
    assert_contains(&tiers, "Stap 1 van 3");
    assert_eq!(tiers.callbacks(), ["sub:t=basic", "sub:t=advanced", "sub:t=expert"]);
    let languages = press(&conversation, &chat, &tiers, "sub:t=basic").await;
    assert_eq!(languages.callbacks(), ["sub:t=basic;l=nl", "sub:t=basic;l=en"]);
    let cadences = press(&conversation, &chat, &languages, "sub:t=basic;l=nl").await;
    assert_contains(&cadences, "Stap 3 van 3");
    assert_eq!(
        cadences.callbacks(),
        ["sub:t=basic;l=nl;c=instant", "sub:t=basic;l=nl;c=daily", "sub:t=basic;l=nl;c=weekly"]
    );
    let confirm = press(&conversation, &chat, &cadences, "sub:t=basic;l=nl;c=daily").await;
    assert_contains(&confirm, "Klopt dit? Niveau basis, in het Nederlands, dagelijks om 08:00.");
    assert_eq!(confirm.callbacks(), ["sub:t=basic;l=nl;c=daily;ok=1", "cancel"]);
    assert!(store.subscription(&chat.chat).await.unwrap().is_none(), "nothing is saved before confirming");

    let before = Utc::now();
    let done = press(&conversation, &chat, &confirm, "sub:t=basic;l=nl;c=daily;ok=1").await;
    assert_contains(&done, "Deze chat is aangemeld.");
    assert_contains(&done, "/instellingen");
    let saved = store.subscription(&chat.chat).await.unwrap().expect("subscription saved");
    assert_eq!((saved.tier, saved.language, saved.cadence), (Tier::Basic, Language::Nl, Cadence::Daily));
    assert_eq!(saved.chat_kind, ChatKind::Private);
    assert!(saved.window_start >= before - chrono::Duration::seconds(1), "the window starts now");
    assert_eq!(store.chat_language(&chat.chat).await.unwrap(), Some(Language::Nl));

    let settings = command(&conversation, &chat, "/instellingen").await;
    assert_contains(&settings, "Niveau: basis");
    assert_contains(&settings, "Taal: Nederlands");
    assert_contains(&settings, "Frequentie: dagelijks om 08:00");
    assert_contains(&settings, "Filters: geen");
    assert_contains(&settings, "Ook berichten van lagere niveaus: nee");
    assert_eq!(settings.callbacks(), ["ask:f=lang", "ask:f=tier", "ask:f=cadence", "unsub"]);

    ingest_ncsc_feed(&store).await;

    let latest = command(&conversation, &chat, "/nieuwste").await;
    assert_contains(&latest, "De nieuwste beveiligingsberichten voor niveau basis:");
    assert_contains(&latest, MAGENTO_TITLE);
    assert!(latest.blocks.len() <= 6, "a title and at most five advisories");

    let preview = command(&conversation, &chat, "/overzicht").await;
    assert_contains(&preview, "Vooruitblik");
    assert_contains(&preview, "Ketenwacht-overzicht, niveau basis");
    assert_contains(&preview, MAGENTO_TITLE);
    assert_contains(&preview, "DRINGEND");

    // Switch to English through the settings buttons.
    let choose = press(&conversation, &chat, &settings, "ask:f=lang").await;
    assert_eq!(choose.callbacks(), ["set:l=nl", "set:l=en"]);
    let english = press(&conversation, &chat, &choose, "set:l=en").await;
    assert_contains(&english, "The language of this chat is now English.");
    assert_contains(&english, "Language: English");
    assert_eq!(store.chat_language(&chat.chat).await.unwrap(), Some(Language::En));
    assert_eq!(store.subscription(&chat.chat).await.unwrap().unwrap().language, Language::En);

    let latest = command(&conversation, &chat, "/latest").await;
    assert_contains(&latest, "The newest security advisories for level basic:");
    assert_contains(&latest, "Security updates are available for Adobe Commerce");

    let gone = command(&conversation, &chat, "/unsubscribe").await;
    assert_contains(&gone, "This chat is unsubscribed.");
    assert!(store.subscription(&chat.chat).await.unwrap().is_none());
    let again = command(&conversation, &chat, "/afmelden").await;
    assert_contains(&again, "This chat has no subscription, so there is nothing to unsubscribe.");
    let preview = command(&conversation, &chat, "/digest").await;
    assert_contains(&preview, "This chat has no subscription yet.");
    assert_eq!(preview.callbacks(), ["sub"]);
}

async fn group_member_refused_admin_allowed(store: Store) {
    let conversation = Conversation::new(store.clone());
    let member = context(Platform::Discord, "guild-1/channel-9", ChatKind::Group, false);
    let admin = ChatContext { is_admin: true, ..member.clone() };

    let refused = command(&conversation, &member, "/aanmelden basis").await;
    assert!(refused.private, "the refusal is shown to the member only");
    assert_contains(&refused, "Alleen beheerders van deze chat");
    assert_contains(&refused, "privébericht");
    let refused = conversation.handle_callback(&member, "sub:t=basic;l=nl;c=daily;ok=1").await;
    assert_contains(&refused, "Alleen beheerders van deze chat");
    assert!(store.subscription(&member.chat).await.unwrap().is_none());

    let view = command(&conversation, &member, "/instellingen").await;
    assert_contains(&view, "Deze chat heeft nog geen abonnement.");
    assert!(view.choices.is_empty(), "members without rights get no buttons");

    let subscribed = command(
        &conversation,
        &admin,
        "/aanmelden@ketenwacht_bot gevorderd nl wekelijks vrijdag 07:30 include=magento,woocommerce lower",
    )
    .await;
    assert_contains(&subscribed, "Deze chat is aangemeld. Niveau gevorderd, in het Nederlands, wekelijks op vrijdag om 07:30.");
    let saved = store.subscription(&admin.chat).await.unwrap().expect("admin subscribed the group");
    assert_eq!(saved.chat_kind, ChatKind::Group);
    assert_eq!((saved.tier, saved.cadence, saved.weekday), (Tier::Advanced, Cadence::Weekly, Weekday::Fri));
    assert_eq!(saved.delivery_time, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
    assert_eq!(saved.include, ["magento", "woocommerce"]);
    assert!(saved.include_lower_tiers);

    let refused = conversation.handle_callback(&member, "set:t=expert").await;
    assert_contains(&refused, "Alleen beheerders van deze chat");
    let refused = command(&conversation, &member, "/afmelden").await;
    assert_contains(&refused, "Alleen beheerders van deze chat");
    let unchanged = store.subscription(&admin.chat).await.unwrap().expect("still subscribed");
    assert_eq!(unchanged.tier, Tier::Advanced);

    let view = command(&conversation, &member, "/instellingen").await;
    assert_contains(&view, "Alleen berichten over: magento, woocommerce");
    assert!(view.choices.is_empty());

    let admin_view = command(&conversation, &admin, "/instellingen").await;
    let cadences = press(&conversation, &admin, &admin_view, "ask:f=cadence").await;
    let daily = press(&conversation, &admin, &cadences, "set:c=daily").await;
    assert_contains(&daily, "Opgeslagen.");
    assert_contains(&daily, "Frequentie: dagelijks om 07:30");
    let changed = store.subscription(&admin.chat).await.unwrap().unwrap();
    assert_eq!(changed.cadence, Cadence::Daily);
    assert_eq!(changed.id, saved.id);
    assert_eq!(changed.window_start, saved.window_start, "changing a setting keeps the window");

    let channel_member = context(Platform::Telegram, "-100200", ChatKind::Channel, false);
    let refused = command(&conversation, &channel_member, "/subscribe basic").await;
    assert_contains(&refused, "Alleen beheerders van deze chat");

    // The refused member can still subscribe their own private chat.
    let own = context(Platform::Discord, "dm-member-7", ChatKind::Private, false);
    let subscribed = command(&conversation, &own, "/subscribe expert en instant").await;
    assert_contains(&subscribed, "This chat is subscribed. Level expert, in English, urgent advisories only, right away.");
}

async fn invalid_filter_rejected_whole(store: Store) {
    let conversation = Conversation::new(store.clone());
    let chat = private_chat();

    let invalid = command(&conversation, &chat, "/aanmelden basis include=magento,shop(").await;
    assert_contains(&invalid, "Het filter \"shop(\" is geen geldige reguliere expressie.");
    assert!(store.subscription(&chat.chat).await.unwrap().is_none(), "nothing is saved");

    let too_many = command(&conversation, &chat, "/aanmelden basis include=a,b,c,d,e,f exclude=g,h,i,j,k").await;
    assert_contains(&too_many, "U hebt 11 filters opgegeven, maar er mogen hoogstens 10 zijn.");

    let long = format!("/aanmelden basis exclude={}", "x".repeat(101));
    let too_long = command(&conversation, &chat, &long).await;
    assert_contains(&too_long, "mag hoogstens 100 tekens hebben");

    let bad_time = command(&conversation, &chat, "/aanmelden basis nl dagelijks 25:00").await;
    assert_contains(&bad_time, "\"25:00\" is geen geldige tijd. Typ een tijd als UU:MM, bijvoorbeeld 07:30.");
    let bad_tier = command(&conversation, &chat, "/aanmelden goud").await;
    assert_contains(&bad_tier, "\"goud\" is geen niveau.");

    let valid = command(&conversation, &chat, "/aanmelden basis include=magento exclude=zoom").await;
    assert_contains(&valid, "Deze chat is aangemeld.");
    let saved = store.subscription(&chat.chat).await.unwrap().unwrap();
    assert_eq!(saved.include, ["magento"]);
    assert_eq!(saved.exclude, ["zoom"]);

    // A rejected change leaves the saved subscription as it was.
    let invalid = command(&conversation, &chat, "/aanmelden expert exclude=[z-a]").await;
    assert_contains(&invalid, "\"[z-a]\"");
    assert_eq!(store.subscription(&chat.chat).await.unwrap().unwrap(), saved);
}

async fn unknown_advisory_and_bad_buttons(store: Store) {
    let conversation = Conversation::new(store.clone());
    let chat = private_chat();
    ingest_ncsc_feed(&store).await;

    let unknown = command(&conversation, &chat, "/advies NCSC-2099-9999").await;
    assert_contains(&unknown, "Ik ken geen bericht met kenmerk NCSC-2099-9999.");
    assert_contains(&unknown, "/nieuwste");

    let found = command(&conversation, &chat, "/advies ncsc-2025-0259").await;
    assert_contains(&found, MAGENTO_TITLE);

    let missing = command(&conversation, &chat, "/advisory").await;
    assert_contains(&missing, "Welk bericht wilt u zien?");

    let hostile = format!("/advies {}", "\u{202E}é".repeat(200));
    let invalid = command(&conversation, &chat, &hostile).await;
    assert_contains(&invalid, "is geen geldig kenmerk");
    assert!(!invalid.plain_text().contains('\u{202E}'));

    let unknown_command = command(&conversation, &chat, "/weer").await;
    assert_contains(&unknown_command, "De opdracht /weer ken ik niet.");
    assert_contains(&unknown_command, "/aanmelden");

    let malformed = conversation.handle_callback(&chat, "sub:t=gold").await;
    assert_contains(&malformed, "Deze knop werkt niet.");
    let outdated = conversation.handle_callback(&chat, "lang:en").await;
    assert_contains(&outdated, "Deze knop is verouderd.");
    let stale = conversation.handle_callback(&chat, "set:t=expert").await;
    assert_contains(&stale, "Deze chat heeft nog geen abonnement.");
}

/// A private chat without a language of its own answers in the member's interface language; a
/// group keeps Dutch whatever language the writing member uses, and a chosen language wins.
async fn private_chat_follows_member_language(store: Store) {
    let conversation = Conversation::new(store.clone());
    let english_member = ChatContext { user_language: Some(Language::En), ..private_chat() };
    let dutch_start = ketenwacht::i18n::text(Language::Nl, "conversation-start-welcome");
    let english_start = ketenwacht::i18n::text(Language::En, "conversation-start-welcome");

    let reply = command(&conversation, &english_member, "/start").await;
    assert_contains(&reply, &english_start);

    let group = ChatContext { user_language: Some(Language::En), ..context(Platform::Telegram, "-100", ChatKind::Group, true) };
    let reply = command(&conversation, &group, "/start").await;
    assert_contains(&reply, &dutch_start);

    store.set_chat_language(&english_member.chat, Language::Nl).await.unwrap();
    let reply = command(&conversation, &english_member, "/start").await;
    assert_contains(&reply, &dutch_start);
}
