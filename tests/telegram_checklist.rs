//! The supplier checklist over Telegram: the real teloxide client inside ketenwacht against a
//! fake Bot API on 127.0.0.1. A member walks the checklist with the inline keyboard across a
//! restart of the bot, asks a question, exports the questionnaire as a document and sends a
//! filled-in copy back. The tests check the requests the fake receives.

mod support;

use std::ops::Range;

use ketenwacht::checklist::{questionnaire, Answer, Checklist};
use ketenwacht::domain::{Language, Platform};
use ketenwacht::i18n::{text, text_with};
use ketenwacht::store::Store;
use support::fake_telegram::{FakeTelegram, Recorded, BOT_USERNAME};
use support::telegram_bot::{assert_html_request, press, sent_to, sent_to_containing, start_bot, WAIT};
use teloxide::utils::html::escape;

on_both_databases!(
    store: [
        questionnaire_round_trip,
        group_member_walks_own_checklist,
        long_summary_is_split_not_cut,
        ask_finds_password_length,
        supplier_name_is_escaped,
    ],
    url: [walk_in_dutch, walk_in_english],
);

const SUPPLIER: &str = "Pakketdienst BV";

// ---------------------------------------------------------------------------------------------
// Helpers

fn item_count() -> usize {
    Checklist::get(Language::Nl).items().count()
}

/// Returns the answer given to question `index` (from 0): yes, no, don't know and n/a in turn.
fn answer_for(index: usize) -> Answer {
    Answer::ALL[index % 4]
}

/// Returns [`answer_for`] as a supplier writes it in the questionnaire, in Dutch.
fn written_answer(index: usize) -> &'static str {
    ["ja", "nee", "weet niet", "n.v.t."][index % 4]
}

/// Returns the position line of question `number` (from 1), as the walk shows it.
fn position(language: Language, number: usize) -> String {
    let checklist = Checklist::get(language);
    let item = checklist.items().nth(number - 1).expect("a question with that number");
    let section = &checklist.section_of(&item.id).expect("every question has a section").title;
    text_with(
        language,
        "checklist-walk-position",
        &[("number", number.into()), ("total", item_count().into()), ("section", section.as_str().into())],
    )
}

/// Answers `questions` (counted from 0) as `user` in `chat` with the buttons under
/// `message`, checks that each press shows the next question in place of the same message,
/// and returns the last edit.
async fn answer_questions(fake: &FakeTelegram, chat: i64, user: i64, message: Recorded, questions: Range<usize>, language: Language) -> Recorded {
    let mut message = message;
    for index in questions {
        let code = format!(";a={}", answer_for(index).code());
        let edit = press(fake, chat, user, &message, |data| data.starts_with("cla:") && data.ends_with(&code)).await;
        assert_html_request(&edit);
        assert_eq!(edit.body["message_id"], message.message_id().unwrap(), "the press did not edit its own message");
        if index + 1 < item_count() {
            assert!(edit.text().contains(&escape(&position(language, index + 2))), "after question {}: {}", index + 1, edit.text());
            let next = Checklist::get(language).items().nth(index + 1).unwrap();
            assert!(edit.text().contains(&escape(&next.question)), "{}", edit.text());
        }
        message = edit;
    }
    message
}

/// Sends `/hulp` to `chat` and returns the messages the bot sent there before the help, from
/// the `skip`-th on. The bot handles the updates of one chat in order, so every message it
/// sends for an earlier update comes before the help.
async fn messages_before_help(fake: &FakeTelegram, chat: i64, user: i64, skip: usize) -> Vec<Recorded> {
    fake.push_update(fake.message(chat, user, "nl", &format!("/hulp@{BOT_USERNAME}")));
    let intro = [Language::Nl, Language::En].map(|language| escape(&text(language, "conversation-help-intro")));
    let is_help = |request: &Recorded| intro.iter().any(|intro| request.text().starts_with(intro.as_str()));
    fake.wait_for("sendmessage", |request| request.chat_id() == Some(chat) && is_help(request), WAIT).await;
    let sent: Vec<Recorded> = fake.calls("sendmessage").into_iter().filter(|request| request.chat_id() == Some(chat)).collect();
    let help_at = sent.iter().position(is_help).unwrap();
    sent[skip..help_at].to_vec()
}

/// Checks that the summary gives the advice of every question whose answer needs it, and
/// only of those, with the answers of [`answer_for`].
fn assert_advice(summary: &str, language: Language) {
    for (index, item) in Checklist::get(language).items().enumerate() {
        let advised = summary.contains(&escape(&item.advice));
        assert_eq!(advised, answer_for(index).needs_advice(), "{}: advice shown = {advised}\n{summary}", item.id);
    }
}

/// Checks the command menus: every menu has `checklist`, the English ones `ask` and the Dutch
/// ones, also the default menu, `vraag`.
fn assert_menus(fake: &FakeTelegram) {
    let menus = fake.calls("setmycommands");
    assert_eq!(menus.len(), 6, "menus for nl, en and default in two scopes");
    for menu in &menus {
        let names: Vec<&str> = menu.body["commands"].as_array().unwrap().iter().map(|command| command["command"].as_str().unwrap()).collect();
        let ask = if menu.body["language_code"] == "en" { "ask" } else { "vraag" };
        assert!(names.contains(&"checklist"), "{names:?}");
        assert!(names.contains(&ask), "{ask} missing from {}: {names:?}", menu.body["language_code"]);
    }
}

/// Writes the exported CSV filled in with [`written_answer`], semicolon-separated as Dutch
/// spreadsheets save it, with `note` for each item id where it returns one. The export may be
/// comma- or semicolon-separated and start with a byte order mark.
fn fill_in(exported: &str, note: impl Fn(&str) -> Option<String>) -> Vec<u8> {
    let exported = exported.trim_start_matches('\u{feff}');
    let header = exported.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(exported.as_bytes());
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for (index, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        cells[3] = written_answer(index).to_owned();
        if let Some(note) = note(&cells[0]) {
            cells[4] = note;
        }
        writer.write_record(&cells).unwrap();
    }
    writer.into_inner().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The walk through the inline keyboard, across a restart

async fn walk_in_dutch(url: String) {
    walk(url, 3001, Language::Nl).await;
}

async fn walk_in_english(url: String) {
    walk(url, 3002, Language::En).await;
}

/// A new member in a private chat starts the checklist for Pakketdienst BV, answers half the
/// questions with the buttons and pauses. The bot stops and a new one starts over the same
/// database. The member resumes, answers the rest and gets the summary with advice.
async fn walk(url: String, user: i64, language: Language) {
    let total = item_count();
    let half = total / 2;
    let (start, resume) = match language {
        Language::Nl => ("/checklist start leverancier=Pakketdienst BV", "/checklist verder"),
        Language::En => ("/checklist start supplier=Pakketdienst BV", "/checklist resume"),
    };

    let store = Store::connect(&url).await.expect("connect to the test database");
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    if language == Language::En {
        choose_english(&fake, user).await;
    }
    fake.push_update(fake.message(user, user, language.as_str(), start));
    let heading = text_with(language, "checklist-walk-supplier", &[("supplier", SUPPLIER.into())]);
    let first = fake.wait_for("sendmessage", sent_to_containing(user, heading), WAIT).await;
    assert_html_request(&first);
    assert!(first.text().contains(&escape(&position(language, 1))), "{}", first.text());
    let callbacks = first.callbacks();
    assert_eq!(callbacks.iter().filter(|data| data.starts_with("cla:")).count(), 4, "{callbacks:?}");
    assert!(callbacks.iter().any(|data| data.starts_with("clp:")), "no pause button: {callbacks:?}");
    assert!(callbacks.iter().any(|data| data.starts_with("cls:")), "no summary button: {callbacks:?}");

    let halfway = answer_questions(&fake, user, user, first, 0..half, language).await;
    let paused = press(&fake, user, user, &halfway, |data| data.starts_with("clp:")).await;
    let resume_named = format!("{resume} {SUPPLIER}");
    let saved = text_with(language, "checklist-paused", &[("resume", resume_named.into())]);
    assert_eq!(paused.text(), escape(&saved));
    assert!(paused.callbacks().is_empty(), "the pause message keeps buttons");
    bot.stop().await;
    assert_menus(&fake);
    let runs = store.checklist_runs(Platform::Telegram, &user.to_string()).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].supplier.as_deref(), Some(SUPPLIER));
    assert_eq!(runs[0].answers.len(), half);
    let run_id = runs[0].id;
    store.close().await;

    // A new bot over the same database, as after a restart of ketenwacht.
    let store = Store::connect(&url).await.expect("connect to the test database again");
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    fake.push_update(fake.message(user, user, language.as_str(), resume));
    let resumed = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    assert!(resumed.text().contains(&escape(&position(language, half + 1))), "{}", resumed.text());
    assert!(resumed.callbacks().iter().all(|data| data.contains(&format!("r={run_id};")) || data.ends_with(&format!("r={run_id}"))));

    let last = answer_questions(&fake, user, user, resumed, half..total, language).await;
    let rest = messages_before_help(&fake, user, user, 1).await;
    let parts: Vec<&Recorded> = std::iter::once(&last).chain(rest.iter()).collect();
    for part in &parts {
        assert_html_request(part);
        assert!(part.callbacks().is_empty(), "a finished checklist offers buttons: {:?}", part.callbacks());
    }
    let summary: String = parts.iter().map(|part| part.text()).collect::<Vec<_>>().join("\n");
    let title = text_with(language, "checklist-summary-title-supplier", &[("supplier", SUPPLIER.into())]);
    assert!(last.text().starts_with(&escape(&title)), "{}", last.text());
    assert!(summary.contains(&escape(&text(language, "checklist-summary-complete"))), "{summary}");
    assert!(summary.contains(&escape(&text(language, "checklist-advice-title"))), "{summary}");
    assert_advice(&summary, language);
    bot.stop().await;

    let runs = store.checklist_runs(Platform::Telegram, &user.to_string()).await.unwrap();
    assert_eq!(runs[0].answers.len(), total);
    for (index, item) in Checklist::get(language).items().enumerate() {
        assert_eq!(runs[0].answers.get(&item.id), Some(&answer_for(index)), "{}", item.id);
    }
    store.close().await;
}

/// Sets the private chat's language to English with `/settings` and its language button.
async fn choose_english(fake: &FakeTelegram, user: i64) {
    fake.push_update(fake.message(user, user, "en", "/settings"));
    let settings = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    let changed = press(fake, user, user, &settings, |data| data.starts_with("set:") && data.ends_with("l=en")).await;
    assert!(changed.text().starts_with("The language of this chat is now"), "{}", changed.text());
}

/// In a group, the member who started a walk answers with its buttons like in a private chat,
/// admin or not. Anyone else's press, an admin's too, leaves the message and the answers alone
/// and gets an alert.
async fn group_member_walks_own_checklist(store: Store) {
    let fake = FakeTelegram::start().await;
    let (group, member, other, admin) = (-1_001_234_503_001_i64, 3011, 3012, 3013);
    fake.set_member(group, admin, "administrator");
    let bot = start_bot(&store, &fake).await;

    let start = format!("/checklist@{BOT_USERNAME} start leverancier=Pakketdienst BV");
    fake.push_update(fake.message(group, member, "nl", &start));
    let first = fake.wait_for("sendmessage", sent_to(group), WAIT).await;
    assert!(first.text().contains(&escape(&position(Language::Nl, 1))), "{}", first.text());
    let second = answer_questions(&fake, group, member, first, 0..1, Language::Nl).await;
    let message_id = second.message_id().unwrap();

    for presser in [other, admin] {
        let data = second.callbacks().into_iter().find(|data| data.starts_with("cla:")).unwrap();
        let update = fake.callback(group, presser, message_id, &data);
        let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
        fake.push_update(update);
        let alert = fake.wait_for("answercallbackquery", |request| request.body["callback_query_id"] == query_id, WAIT).await;
        assert_eq!(alert.body["show_alert"], true, "{}", alert.body);
        assert!(alert.body["text"].as_str().unwrap().starts_with("Deze checklist is van een ander lid"), "{}", alert.body);
    }
    assert_eq!(fake.calls("editmessagetext").len(), 1, "another member's press changed the walk");
    let runs = store.checklist_runs(Platform::Telegram, &member.to_string()).await.unwrap();
    assert_eq!(runs[0].answers.len(), 1, "another member's press recorded an answer");
    for presser in [other, admin] {
        assert!(store.checklist_runs(Platform::Telegram, &presser.to_string()).await.unwrap().is_empty());
    }

    let paused = press(&fake, group, member, &second, |data| data.starts_with("clp:")).await;
    assert!(paused.text().starts_with("Uw antwoorden zijn bewaard."), "{}", paused.text());
    bot.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Export and import as documents

async fn questionnaire_round_trip(store: Store) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    let user = 3101;

    fake.push_update(fake.message(user, user, "nl", "/checklist export en csv"));
    let document = fake.wait_for("senddocument", sent_to(user), WAIT).await;
    let ready = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    let import = text_with(Language::Nl, "checklist-export-ready", &[("import", "/checklist importeer".into()), ("column", "answer".into())]);
    assert_eq!(ready.text(), escape(&import));
    assert_eq!(document.body["document"]["file_name"], "checklist-en.csv", "{}", document.body);
    let exported = document.body["document"]["content"].as_str().expect("the document has text content");
    assert_eq!(exported.as_bytes(), questionnaire::to_csv(Language::En), "the document differs from the questionnaire");
    let first = Checklist::get(Language::En).items().next().unwrap();
    assert!(exported.starts_with("\u{feff}id,section,question,answer,note"), "{exported}");
    assert!(exported.contains(&first.question), "{exported}");

    // The supplier fills it in and the member sends it back with the command as caption.
    let note = |id: &str| (id == "api.account-key").then(|| "Sleutels van 8 tekens & <geen> rotatie".to_owned());
    let filled = fill_in(exported, note);
    fake.add_file("filled-1", "documents/file_1.csv", filled.clone());
    fake.push_update(fake.document(user, user, "filled-1", "ingevuld.csv", filled.len(), Some("/checklist import")));
    fake.wait_for("getfile", |request| request.body["file_id"] == "filled-1", WAIT).await;
    fake.wait_for("file", |request| request.body["file_path"] == "documents/file_1.csv", WAIT).await;
    let title = text_with(Language::Nl, "checklist-import-title", &[("file", "ingevuld.csv".into())]);
    fake.wait_for("sendmessage", sent_to_containing(user, title), WAIT).await;
    let parts = messages_before_help(&fake, user, user, 1).await;
    for part in &parts {
        assert_html_request(part);
    }
    let summary: String = parts.iter().map(Recorded::text).collect::<Vec<_>>().join("\n");
    assert!(summary.contains(&escape(&text(Language::Nl, "checklist-summary-complete"))), "{summary}");
    assert!(summary.contains("Opmerking van de leverancier: Sleutels van 8 tekens &amp; &lt;geen&gt; rotatie"), "{summary}");
    assert_advice(&summary, Language::Nl);

    // In a group, the caption names the bot as group members' clients write commands.
    let (group, member) = (-1_001_234_503_101_i64, 3102);
    fake.add_file("filled-2", "documents/file_2.csv", filled.clone());
    let caption = format!("/checklist@{BOT_USERNAME} importeer");
    fake.push_update(fake.document(group, member, "filled-2", "ingevuld.csv", filled.len(), Some(&caption)));
    let title = text_with(Language::Nl, "checklist-import-title", &[("file", "ingevuld.csv".into())]);
    fake.wait_for("sendmessage", sent_to_containing(group, title), WAIT).await;
    bot.stop().await;
}

/// Notes full of characters that HTML escaping lengthens make the summary longer than one
/// message: it arrives split over several messages, each within 4096 characters, with every
/// note in full.
async fn long_summary_is_split_not_cut(store: Store) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    let user = 3201;
    let exported = String::from_utf8(questionnaire::to_csv(Language::Nl)).unwrap();
    let note = |id: &str| Some(format!("{id} {}", "<&>".repeat(80)));
    let filled = fill_in(&exported, note);
    fake.add_file("long-1", "documents/file_3.csv", filled.clone());
    fake.push_update(fake.document(user, user, "long-1", "lang.csv", filled.len(), None));
    fake.wait_for("getfile", |request| request.body["file_id"] == "long-1", WAIT).await;

    let parts = messages_before_help(&fake, user, user, 0).await;
    assert!(parts.len() > 1, "the summary fits one message; the test needs a longer one");
    for part in &parts {
        assert_html_request(part);
        assert!(!part.text().ends_with('…'), "a message was cut: {}", part.text());
    }
    let summary: String = parts.iter().map(Recorded::text).collect::<Vec<_>>().join("\n");
    // Every note shows: under its advice after a no or don't know, else under its own heading.
    for item in Checklist::get(Language::Nl).items() {
        assert!(summary.contains(&escape(&note(&item.id).unwrap())), "{}: note missing from the summary", item.id);
    }
    bot.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Questions and escaping

async fn ask_finds_password_length(store: Store) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    let user = 3301;
    fake.push_update(fake.message(user, user, "nl", "/vraag hoe lang moet een wachtwoord zijn"));
    let answer = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    assert_html_request(&answer);
    assert!(answer.text().starts_with(&text(Language::Nl, "checklist-ask-intro")), "{}", answer.text());
    for id in ["api.account-key", "file-sharing.account", "portal.account"] {
        assert!(answer.text().contains(&format!("Checklist: {id}")), "{id} missing: {}", answer.text());
        assert!(answer.callbacks().contains(&format!("cl:i={id}")), "{id} has no button: {:?}", answer.callbacks());
    }
    assert!(answer.text().contains("minstens 12 tekens"), "{}", answer.text());
    assert!(!answer.text().contains("Checklist: storage.retention"), "{}", answer.text());

    let portal = press(&fake, user, user, &answer, |data| data == "cl:i=portal.account").await;
    let item = Checklist::get(Language::Nl).item("portal.account").unwrap();
    assert!(portal.text().contains(&escape(&item.question)), "{}", portal.text());
    bot.stop().await;
}

/// A supplier name with HTML in it is shown as typed, never as markup.
async fn supplier_name_is_escaped(store: Store) {
    let fake = FakeTelegram::start().await;
    let bot = start_bot(&store, &fake).await;
    let user = 3401;
    fake.push_update(fake.message(user, user, "nl", "/checklist start leverancier=<b>Koerier</b> & Zn"));
    let first = fake.wait_for("sendmessage", sent_to(user), WAIT).await;
    assert!(first.text().starts_with("Checklist voor &lt;b&gt;Koerier&lt;/b&gt; &amp; Zn\n"), "{}", first.text());

    let summary = press(&fake, user, user, &first, |data| data.starts_with("cls:")).await;
    assert!(summary.text().starts_with("Samenvatting van de checklist voor &lt;b&gt;Koerier&lt;/b&gt; &amp; Zn"), "{}", summary.text());
    assert!(summary.text().contains("/checklist verder &lt;b&gt;Koerier&lt;/b&gt; &amp; Zn"), "{}", summary.text());
    bot.stop().await;
}
