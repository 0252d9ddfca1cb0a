//! The supplier checklist through Discord's slash commands and buttons, against a fake
//! Discord with the real serenity and poise clients. A member walks through the checklist for
//! a supplier, stops halfway, comes back after a restart of the bot and gets the summary with
//! advice, in Dutch and in English. `/ask` answers from the checklist, `/checklist export`
//! sends the questionnaire as a file and `/checklist import` reads a filled-in one. Every
//! scenario runs on SQLite and PostgreSQL.

mod support;

use ketenwacht::checklist::{Answer, Checklist};
use ketenwacht::domain::{ChatRef, Language, Platform};
use ketenwacht::store::{ChecklistRun, Store};
use serde_json::{json, Value};
use support::discord_bot::{
    button_ids, content, flags, Bot, EPHEMERAL, GUILD_CHANNEL, MANAGER, MEMBER, NEW_MESSAGE, UPDATED_MESSAGE,
};
use support::fake_discord::{FilePart, Recorded};

on_both_databases!(
    store: [
        dutch_walk_resumes_after_restart,
        english_walk_in_a_guild_channel,
        view_lists_sections_then_questions,
        ask_lists_twelve_character_items,
        export_then_import_filled_in_csv,
        import_rejects_invalid_files,
    ],
);

const SUPPLIER: &str = "Pakketdienst BV";
const DM_COMMAND: &str = "interaction_slash_dm.json";
const DM_PRESS: &str = "interaction_component_dm.json";
const GUILD_COMMAND: &str = "interaction_slash_guild.json";
const GUILD_PRESS: &str = "interaction_component_guild.json";
/// The user ids of the DM and guild interaction fixtures.
const DM_USER: &str = "500000000000000002";
const GUILD_USER: &str = "500000000000000001";
/// Discord's option types (API v10).
const SUBCOMMAND: u64 = 1;
const STRING: u64 = 3;
const INTEGER: u64 = 4;
const ATTACHMENT: u64 = 11;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Builds the options of `/checklist SUBCOMMAND` with `options` under it.
fn subcommand(name: &str, options: Value) -> Value {
    json!([{"name": name, "type": SUBCOMMAND, "options": options}])
}

fn supplier_option(name: &str) -> Value {
    json!({"name": "supplier", "type": STRING, "value": name})
}

/// Returns message text as the member reads it: Discord's markdown escapes removed and white
/// space collapsed, because long texts are split into messages at white space.
fn readable(text: &str) -> String {
    text.replace('\\', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn item_count() -> usize {
    Checklist::get(Language::Nl).items().count()
}

/// Returns the answer given to question `index` (from 0): yes, no, don't know and not
/// applicable in turn, as the buttons are ordered.
fn answer_for(index: usize) -> Answer {
    Answer::ALL[index % 4]
}

/// Answers questions `from..to` by pressing the answer buttons on the message `shown`, and
/// returns the response to the last press. Each press must update the message in place with
/// the next question.
async fn answer_questions(bot: &mut Bot, press_fixture: &str, shown: Value, from: usize, to: usize, position: &str) -> Value {
    let total = item_count();
    let mut shown = shown;
    for index in from..to {
        let buttons = button_ids(&shown);
        assert_eq!(buttons.len(), 6, "four answers, pause and summary: {shown}");
        let permissions = if press_fixture == GUILD_PRESS { MEMBER } else { "" };
        shown = bot.press_on(press_fixture, &buttons[index % 4], permissions, true).await;
        assert_eq!(shown["type"], UPDATED_MESSAGE, "the walk updates its message in place: {shown}");
        if index + 1 < total {
            let expected = format!("{position} {} ", index + 2);
            assert!(readable(content(&shown)).contains(&expected), "{expected:?} after answer {index}: {}", content(&shown));
        }
    }
    shown
}

/// Waits until the whole summary has arrived in the messages of the last interaction, and
/// returns it as the member reads it.
async fn summary_of_last(bot: &Bot, language: Language) -> String {
    let messages = bot.wait_for_text(bot.last_interaction(), &last_advice(language)).await;
    readable(&messages.join("\n"))
}

/// Checks that the summary contains each of `lines` and the right advice.
fn assert_summary(summary: &str, lines: &[&str], language: Language) {
    for line in lines {
        assert!(summary.contains(line), "{line:?} missing from the summary: {summary}");
    }
    assert_advice(summary, language);
}

/// Checks that the summary gives the advice of every question answered "no" or "don't
/// know", and only of those.
fn assert_advice(summary: &str, language: Language) {
    for (index, item) in Checklist::get(language).items().enumerate() {
        let advised = summary.contains(&readable(&item.advice));
        assert_eq!(advised, answer_for(index).needs_advice(), "{}: advice shown = {advised}\n{summary}", item.id);
    }
}

/// Returns the advice of the last question that gets advice, the last text of the summary.
fn last_advice(language: Language) -> String {
    let items: Vec<_> = Checklist::get(language).items().collect();
    let index = (0..items.len()).rev().find(|&index| answer_for(index).needs_advice()).expect("some answers need advice");
    readable(&items[index].advice)
}

async fn stored_runs(store: &Store, user: &str) -> Vec<ChecklistRun> {
    store.checklist_runs(Platform::Discord, user).await.expect("list checklist runs")
}

fn assert_stored_answers(run: &ChecklistRun, count: usize) {
    assert_eq!(run.answers.len(), count, "{run:?}");
    for (index, item) in Checklist::get(Language::Nl).items().take(count).enumerate() {
        assert_eq!(run.answers.get(&item.id), Some(&answer_for(index)), "{}", item.id);
    }
}

/// Returns the request that carried the initial response to interaction `number`.
fn response_request(bot: &Bot, number: u64) -> Recorded {
    let suffix = format!("/interaction-token-{number}/callback");
    bot.fake.requests().into_iter().find(|request| request.is("POST", &suffix)).expect("a response was recorded")
}

/// Returns the file parts of the initial response to interaction `number`.
fn response_files(bot: &Bot, number: u64) -> Vec<FilePart> {
    response_request(bot, number).files
}

/// Builds the Attachment object Discord resolves for a file served by the fake at `url`.
fn attachment(id: &str, file_name: &str, url: &str, size: usize) -> Value {
    json!({"id": id, "filename": file_name, "size": size, "url": url, "proxy_url": url, "content_type": "text/csv"})
}

fn import_options(attachment_id: &str) -> Value {
    subcommand("import", json!([{"name": "file", "type": ATTACHMENT, "value": attachment_id}]))
}

/// Fills in the answer column of an exported CSV questionnaire: yes, no, don't know and n/a in
/// turn in Dutch, and a note on the second question.
fn fill_in(exported: &[u8]) -> Vec<u8> {
    // The Dutch export starts with a byte order mark and separates columns with semicolons.
    let exported = exported.strip_prefix("\u{feff}".as_bytes()).unwrap_or(exported);
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(exported);
    let headers = reader.headers().expect("a header row").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).unwrap_or_else(|| panic!("no {name} column in {headers:?}"));
    let (answer, note) = (column("antwoord"), column("opmerking"));
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for (index, record) in reader.records().enumerate() {
        let mut fields: Vec<String> = record.expect("a valid row").iter().map(str::to_owned).collect();
        fields[answer] = ["ja", "nee", "weet niet", "n.v.t."][index % 4].to_owned();
        if index == 1 {
            fields[note] = "Alleen via de beheerder".to_owned();
        }
        writer.write_record(&fields).unwrap();
    }
    writer.into_inner().expect("write to memory")
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async fn dutch_walk_resumes_after_restart(store: Store) {
    let total = item_count();
    let half = total / 2;
    let mut bot = Bot::start(&store).await;

    let started = bot.command(DM_COMMAND, "checklist", subcommand("start", json!([supplier_option(SUPPLIER)])), "").await;
    assert_eq!(started["type"], NEW_MESSAGE, "{started}");
    assert_eq!(flags(&started) & EPHEMERAL, EPHEMERAL, "the walk is shown to the member only: {started}");
    let first = readable(content(&started));
    assert!(first.contains("Checklist voor Pakketdienst BV"), "{first}");
    assert!(first.contains(&format!("Vraag 1 van {total} · Opslag en gebruik van uw gegevens")), "{first}");
    let labels: Vec<&str> = started["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap().iter().map(|button| button["label"].as_str().unwrap()))
        .collect();
    assert_eq!(labels, ["Ja", "Nee", "Weet niet", "N.v.t.", "Later verder", "Samenvatting"]);

    let shown = answer_questions(&mut bot, DM_PRESS, started, 0, half, "Vraag").await;
    let pause = button_ids(&shown)[4].clone();
    let paused = bot.press_on(DM_PRESS, &pause, "", true).await;
    assert_eq!(paused["type"], UPDATED_MESSAGE, "{paused}");
    assert!(readable(content(&paused)).contains("/checklist verder Pakketdienst BV"), "{}", content(&paused));
    let runs = stored_runs(&store, DM_USER).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].supplier.as_deref(), Some(SUPPLIER));
    assert_stored_answers(&runs[0], half);

    // The service restarts; the member comes back and continues where they stopped.
    let mut bot = bot.restart(&store).await;
    let resumed = bot.command(DM_COMMAND, "checklist", subcommand("resume", json!([supplier_option("pakketdienst bv")])), "").await;
    assert_eq!(flags(&resumed) & EPHEMERAL, EPHEMERAL, "{resumed}");
    let text = readable(content(&resumed));
    assert!(text.contains(&format!("Vraag {} van {total}", half + 1)), "{text}");

    answer_questions(&mut bot, DM_PRESS, resumed, half, total, "Vraag").await;
    let summary = summary_of_last(&bot, Language::Nl).await;
    let expected = [
        "Samenvatting van de checklist voor Pakketdienst BV",
        "Opslag en gebruik van uw gegevens: 2 ja, 2 nee, 2 weet niet, 2 n.v.t.",
        "Alle vragen zijn beantwoord.",
        "Advies bij elk nee en weet niet:",
    ];
    assert_summary(&summary, &expected, Language::Nl);
    assert_stored_answers(&stored_runs(&store, DM_USER).await[0], total);
    bot.stop().await;
}

async fn english_walk_in_a_guild_channel(store: Store) {
    let total = item_count();
    let half = total / 2;
    let mut bot = Bot::start(&store).await;
    let channel = ChatRef::new(Platform::Discord, GUILD_CHANNEL);

    // A manager switches the channel to English with the settings' language button.
    bot.press("set:l=en", MANAGER).await;
    assert_eq!(store.chat_language(&channel).await.unwrap(), Some(Language::En));

    let started = bot.command(GUILD_COMMAND, "checklist", subcommand("start", json!([supplier_option(SUPPLIER)])), MEMBER).await;
    assert_eq!(flags(&started) & EPHEMERAL, EPHEMERAL, "the walk is hidden from the channel: {started}");
    let first = readable(content(&started));
    assert!(first.contains("Checklist for Pakketdienst BV"), "{first}");
    assert!(first.contains(&format!("Question 1 of {total} · Storage and use of your data")), "{first}");

    answer_questions(&mut bot, GUILD_PRESS, started, 0, half, "Question").await;
    let mut bot = bot.restart(&store).await;

    // Without a supplier, resume picks the member's only saved checklist.
    let resumed = bot.command(GUILD_COMMAND, "checklist", subcommand("resume", json!([])), MEMBER).await;
    assert_eq!(flags(&resumed) & EPHEMERAL, EPHEMERAL, "{resumed}");
    assert!(readable(content(&resumed)).contains(&format!("Question {} of {total}", half + 1)), "{}", content(&resumed));
    answer_questions(&mut bot, GUILD_PRESS, resumed, half, total, "Question").await;

    let summary = summary_of_last(&bot, Language::En).await;
    let expected = [
        "Summary of the checklist for Pakketdienst BV",
        "Storage and use of your data: 2 yes, 2 no, 2 don't know, 2 n/a",
        "Every question is answered.",
        "Advice for every no and don't know:",
    ];
    assert_summary(&summary, &expected, Language::En);
    let followups: Vec<Recorded> = bot.fake.requests().into_iter().filter(|request| request.is("POST", &format!("/interaction-token-{}", bot.last_interaction()))).collect();
    for followup in &followups {
        let flags = followup.json.as_ref().unwrap()["flags"].as_u64().unwrap_or_default();
        assert_eq!(flags & EPHEMERAL, EPHEMERAL, "the rest of the summary is hidden from the channel too");
    }
    assert_stored_answers(&stored_runs(&store, GUILD_USER).await[0], total);
    bot.stop().await;
}

async fn view_lists_sections_then_questions(store: Store) {
    let mut bot = Bot::start(&store).await;
    let sections = bot.command(DM_COMMAND, "checklist", subcommand("view", json!([])), "").await;
    assert!(readable(content(&sections)).contains("Beveiligingschecklist voor leveranciers"), "{}", content(&sections));
    let section_buttons: Vec<String> = Checklist::get(Language::Nl).sections.iter().map(|section| format!("cl:s={}", section.id)).collect();
    assert_eq!(button_ids(&sections), section_buttons);

    let email = bot.press_on(DM_PRESS, "cl:s=email", "", false).await;
    assert_eq!(email["type"], UPDATED_MESSAGE, "{email}");
    assert!(button_ids(&email).contains(&"cl:i=email.tls".to_owned()), "{email}");

    // The section option's choices are the sections in checklist order; 5 is email.
    let chosen = bot.command(DM_COMMAND, "checklist", subcommand("view", json!([{"name": "section", "type": INTEGER, "value": 5}])), "").await;
    assert_eq!(button_ids(&chosen), button_ids(&email));
    bot.stop().await;
}

async fn ask_lists_twelve_character_items(store: Store) {
    let mut bot = Bot::start(&store).await;
    let options = json!([{"name": "question", "type": STRING, "value": "hoe lang moet een wachtwoord zijn"}]);
    let answered = bot.command(DM_COMMAND, "ask", options, "").await;
    assert_eq!(answered["type"], NEW_MESSAGE, "{answered}");
    let messages = bot.wait_for_text(bot.last_interaction(), "Checklist: portal.account").await;
    let text = readable(&messages.join("\n"));
    for id in ["api.account-key", "file-sharing.account", "portal.account"] {
        assert!(text.contains(&format!("Checklist: {id}")), "{id} missing: {text}");
    }
    assert!(text.matches("minstens 12 tekens").count() >= 3, "{text}");
    assert!(!text.contains("Checklist: storage.retention"), "{text}");
    let last = bot.fake.requests().into_iter().filter(|request| request.path.ends_with(&format!("/interaction-token-{}", bot.last_interaction()))).last();
    let buttons = last.map_or_else(|| button_ids(&answered), |followup| button_ids(&json!({"data": followup.json.unwrap()})));
    assert_eq!(buttons, ["cl:i=api.account-key", "cl:i=file-sharing.account", "cl:i=portal.account"]);
    bot.stop().await;
}

async fn export_then_import_filled_in_csv(store: Store) {
    let mut bot = Bot::start(&store).await;

    let exported = bot.command(DM_COMMAND, "checklist", subcommand("export", json!([])), "").await;
    assert_eq!(exported["type"], NEW_MESSAGE, "{exported}");
    assert!(readable(content(&exported)).contains("/checklist importeer"), "{}", content(&exported));
    let files = response_files(&bot, bot.last_interaction());
    assert_eq!(files.len(), 1, "one file with the response");
    assert_eq!(files[0].file_name, "checklist-nl.csv");
    let csv_text = String::from_utf8(files[0].content.clone()).expect("UTF-8");
    assert!(csv_text.starts_with("\u{feff}id;onderdeel;vraag;antwoord;opmerking"), "{csv_text}");
    assert_eq!(csv_text.matches("storage.").count(), 8, "{csv_text}");
    assert_eq!(exported["data"]["attachments"][0]["filename"], "checklist-nl.csv", "{exported}");

    let english = json!([{"name": "language", "type": INTEGER, "value": 1}, {"name": "format", "type": INTEGER, "value": 1}]);
    bot.command(DM_COMMAND, "checklist", subcommand("export", english), "").await;
    let files = response_files(&bot, bot.last_interaction());
    assert_eq!(files[0].file_name, "checklist-en.md");
    assert!(String::from_utf8_lossy(&files[0].content).contains("Storage and use of your data"));

    // The supplier fills in the Dutch CSV; the member attaches it to /checklist import.
    let filled = fill_in(csv_text.as_bytes());
    let url = bot.fake.serve_file("ingevuld.csv", filled.clone());
    let file = attachment("200000000000000011", "ingevuld.csv", &url, filled.len());
    let imported = bot.command_with_file(DM_COMMAND, "checklist", import_options("200000000000000011"), file).await;
    assert_eq!(imported["type"], NEW_MESSAGE, "{imported}");
    assert!(bot.fake.requests().iter().any(|request| request.is("GET", "/files/ingevuld.csv")), "the file was downloaded");
    let summary = summary_of_last(&bot, Language::Nl).await;
    let expected = [
        "Antwoorden uit ingevuld.csv",
        "Opslag en gebruik van uw gegevens: 2 ja, 2 nee, 2 weet niet, 2 n.v.t.",
        // The supplier's note on the second question, which was answered "no".
        "Alleen via de beheerder",
    ];
    assert_summary(&summary, &expected, Language::Nl);

    // In a guild channel the summary of an imported file is shown to the member only.
    let url = bot.fake.serve_file("leverancier.csv", filled.clone());
    let file = attachment("200000000000000012", "leverancier.csv", &url, filled.len());
    let in_guild = bot.command_with_file(GUILD_COMMAND, "checklist", import_options("200000000000000012"), file).await;
    assert_eq!(flags(&in_guild) & EPHEMERAL, EPHEMERAL, "{in_guild}");
    assert!(readable(content(&in_guild)).contains("Antwoorden uit leverancier.csv"), "{}", content(&in_guild));
    bot.stop().await;
}

async fn import_rejects_invalid_files(store: Store) {
    let mut bot = Bot::start(&store).await;

    let unknown = b"id,section,question,answer,note\nstorage.separation,,,ja,\nstorage.unknown,,,nee,\n".to_vec();
    let url = bot.fake.serve_file("fout.csv", unknown.clone());
    let file = attachment("200000000000000021", "fout.csv", &url, unknown.len());
    let rejected = bot.command_with_file(DM_COMMAND, "checklist", import_options("200000000000000021"), file).await;
    let text = readable(content(&rejected));
    assert!(text.contains("Regel 3"), "the row is named: {text}");
    assert!(text.contains("storage.unknown"), "the id is named: {text}");

    let url = bot.fake.serve_file("lijst.pdf", b"%PDF-1.7".to_vec());
    let file = attachment("200000000000000022", "lijst.pdf", &url, 8);
    let refused = bot.command_with_file(DM_COMMAND, "checklist", import_options("200000000000000022"), file).await;
    assert!(!readable(content(&refused)).contains("Samenvatting"), "{}", content(&refused));
    assert!(readable(content(&refused)).contains("CSV"), "{}", content(&refused));

    let outside = attachment("200000000000000023", "elders.csv", "https://evil.example/elders.csv", 20);
    let untrusted = bot.command_with_file(DM_COMMAND, "checklist", import_options("200000000000000023"), outside).await;
    assert!(readable(content(&untrusted)).contains("kon niet van Discord worden opgehaald"), "{}", content(&untrusted));
    assert!(stored_runs(&store, DM_USER).await.is_empty(), "an import stores nothing");
    bot.stop().await;
}
