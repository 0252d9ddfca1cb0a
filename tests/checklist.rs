//! The supplier security checklist in the terminal chat: a member walks through it for a
//! supplier over two sessions, exports and imports the questionnaire, and asks questions.
//! Every scenario runs on SQLite and PostgreSQL (see `tests/support/db.rs`).

mod support;

use std::path::Path;

use ketenwacht::checklist::{Answer, Checklist};
use ketenwacht::conversation::{ChatContext, Command, Conversation, Reply};
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform};
use ketenwacht::platforms::terminal::TerminalChat;
use ketenwacht::store::Store;
use support::ncsc_feed::ingest_ncsc_feed;

on_both_databases!(
    store: [stale_buttons_leave_progress_intact, other_members_cannot_answer, advisory_reply_links_checklist, forged_callbacks_change_nothing, concurrent_answers_keep_one, hostile_uploads_get_reasons, runs_per_member_are_limited],
    url: [dutch_member_finishes_in_two_sessions, english_member_pauses_and_resumes, questionnaire_export_and_import, ask_answers_password_length, import_paths_explained_in_chat_language],
);

const SUPPLIER: &str = "Pakketdienst BV";

// ---------------------------------------------------------------------------------------------
// Helpers

/// Runs one terminal session of `user` with `input` typed line by line, on a fresh connection
/// to the database, as a new `ketenwacht chat` process would. Returns what it printed.
async fn session(url: &str, user: &str, files: &Path, input: &str) -> String {
    let store = Store::connect(url).await.expect("connect to the test database");
    let mut output = Vec::new();
    let mut chat = TerminalChat::new(Conversation::new(store.clone()), user, None, &mut output).with_files_folder(files);
    chat.run(input.as_bytes()).await.expect("the terminal chat runs");
    drop(chat);
    store.close().await;
    String::from_utf8(output).expect("the chat prints UTF-8")
}

/// The number typed for the answer to question `index` (from 0): yes, no, don't know and
/// not applicable in turn. The terminal numbers the answer buttons 1 to 4.
fn typed_answer(index: usize) -> &'static str {
    ["1", "2", "3", "4"][index % 4]
}

fn answer_for(index: usize) -> Answer {
    Answer::ALL[index % 4]
}

/// Types the answers to questions `from..to`, one line each.
fn answers(from: usize, to: usize) -> String {
    (from..to).map(|index| format!("{}\n", typed_answer(index))).collect()
}

fn item_count() -> usize {
    Checklist::get(Language::Nl).items().count()
}

/// Checks that the summary gives the advice of every question answered "no" or "don't
/// know", and only of those.
fn assert_advice(output: &str, language: Language) {
    let summary_start = output.rfind(match language {
        Language::Nl => "Samenvatting van de checklist",
        Language::En => "Summary of the checklist",
    });
    let summary = &output[summary_start.expect("a summary")..];
    for (index, item) in Checklist::get(language).items().enumerate() {
        let advised = summary.contains(&item.advice);
        assert_eq!(advised, answer_for(index).needs_advice(), "{}: advice shown = {advised}\n{summary}", item.id);
    }
}

async fn stored_answers(url: &str, user: &str) -> Vec<ketenwacht::store::ChecklistRun> {
    let store = Store::connect(url).await.unwrap();
    let runs = store.checklist_runs(Platform::Terminal, user).await.unwrap();
    store.close().await;
    runs
}

fn context(user: &str) -> ChatContext {
    ChatContext {
        chat: ChatRef::new(Platform::Telegram, format!("chat-{user}")),
        chat_kind: ChatKind::Private,
        user_id: user.to_owned(),
        is_admin: false,
        user_language: None,
        member_role_ids: Vec::new(),
    }
}

async fn command(conversation: &Conversation, context: &ChatContext, text: &str) -> Reply {
    let parsed = Command::parse(text, None).unwrap_or_else(|| panic!("{text:?} is a command"));
    conversation.handle_command(context, parsed).await
}

fn answer_callback(reply: &Reply, code: &str) -> String {
    let suffix = format!(";a={code}");
    let found = reply.callbacks().into_iter().find(|callback| callback.starts_with("cla:") && callback.ends_with(&suffix));
    found.unwrap_or_else(|| panic!("no answer button {code} in {:?}", reply.callbacks())).to_owned()
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async fn dutch_member_finishes_in_two_sessions(url: String) {
    let files = tempfile::tempdir().unwrap();
    let total = item_count();
    let half = total / 2;

    let first_input = format!("/checklist start leverancier=Pakketdienst BV\n{}", answers(0, half));
    let first = session(&url, "lid-nl", files.path(), &first_input).await;
    assert!(first.contains("Checklist voor Pakketdienst BV"), "{first}");
    assert!(first.contains(&format!("Vraag 1 van {total} · Opslag en gebruik van uw gegevens")), "{first}");
    assert!(first.contains("1. Ja\n  2. Nee\n  3. Weet niet\n  4. N.v.t.\n  5. Later verder\n  6. Samenvatting"), "{first}");
    assert!(!first.contains("Samenvatting van de checklist"), "{first}");
    let runs = stored_answers(&url, "lid-nl").await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].supplier.as_deref(), Some(SUPPLIER));
    assert_eq!(runs[0].answers.len(), half);

    // A new process: the member comes back, and the walk goes on where it stopped.
    let second_input = format!("/checklist verder\n{}", answers(half, total));
    let second = session(&url, "lid-nl", files.path(), &second_input).await;
    assert!(second.contains(&format!("Vraag {} van {total}", half + 1)), "{second}");
    assert!(!second.contains("Vraag 1 van"), "{second}");
    assert!(second.contains("Samenvatting van de checklist voor Pakketdienst BV"), "{second}");
    assert!(second.contains("Opslag en gebruik van uw gegevens: 2 ja, 2 nee, 2 weet niet, 2 n.v.t."), "{second}");
    assert!(second.contains("Alle vragen zijn beantwoord."), "{second}");
    assert!(second.contains("Advies bij elk nee en weet niet:"), "{second}");
    assert_advice(&second, Language::Nl);

    let runs = stored_answers(&url, "lid-nl").await;
    assert_eq!(runs[0].answers.len(), total);
    for (index, item) in Checklist::get(Language::Nl).items().enumerate() {
        assert_eq!(runs[0].answers.get(&item.id), Some(&answer_for(index)), "{}", item.id);
    }
}

async fn english_member_pauses_and_resumes(url: String) {
    let files = tempfile::tempdir().unwrap();
    let store = Store::connect(&url).await.unwrap();
    store.set_chat_language(&ChatRef::new(Platform::Terminal, "member-en"), Language::En).await.unwrap();
    store.close().await;
    let total = item_count();
    let half = total / 2;

    // 5 is "Continue later".
    let first_input = format!("/checklist start supplier=Pakketdienst BV\n{}5\n", answers(0, half));
    let first = session(&url, "member-en", files.path(), &first_input).await;
    assert!(first.contains("Checklist for Pakketdienst BV"), "{first}");
    assert!(first.contains(&format!("Question {half} of {total}")), "{first}");
    assert!(first.contains("Your answers are saved. Continue later with /checklist resume Pakketdienst BV."), "{first}");

    let second_input = format!("/checklist resume pakketdienst bv\n{}", answers(half, total));
    let second = session(&url, "member-en", files.path(), &second_input).await;
    assert!(second.contains(&format!("Question {} of {total}", half + 1)), "{second}");
    assert!(second.contains("Summary of the checklist for Pakketdienst BV"), "{second}");
    assert!(second.contains("Email: 1 yes, 1 no, 1 don't know, 0 n/a"), "{second}");
    assert!(second.contains("Every question is answered."), "{second}");
    assert_advice(&second, Language::En);

    // Another member of the same terminal has no saved checklist.
    let other = session(&url, "someone-else", files.path(), "/checklist resume\n").await;
    assert!(other.contains("U hebt nog geen bewaarde checklist. Begin er een met /checklist start."), "{other}");
}

async fn questionnaire_export_and_import(url: String) {
    let files = tempfile::tempdir().unwrap();
    let exported = session(&url, "lid-export", files.path(), "/checklist exporteer\n/checklist export en markdown\n/checklist export\n").await;
    let csv_path = files.path().join("checklist-nl.csv");
    assert!(exported.contains(&format!("Bestand opgeslagen: {}", csv_path.display())), "{exported}");
    assert!(files.path().join("checklist-en.md").exists());
    // The third export finds the first file's name taken.
    assert!(exported.contains(&format!("Bestand opgeslagen: {}", files.path().join("checklist-nl-1.csv").display())), "{exported}");

    // The supplier fills in the questionnaire in a spreadsheet.
    // The Dutch questionnaire separates columns with semicolons, as Excel in Dutch settings does.
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_path(&csv_path).unwrap();
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_path(files.path().join("ingevuld.csv")).unwrap();
    writer.write_record(reader.headers().unwrap()).unwrap();
    for (index, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        cells[3] = ["ja", "nee", "weet niet", "n.v.t."][index % 4].to_owned();
        if cells[0] == "api.account-key" {
            cells[4] = "Sleutels van 8 tekens".to_owned();
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
    drop(writer);

    let filled = files.path().join("ingevuld.csv");
    let imported = session(&url, "lid-export", files.path(), &format!("/checklist importeer {}\n", filled.display())).await;
    assert!(imported.contains("Antwoorden uit ingevuld.csv"), "{imported}");
    assert!(imported.contains("Alle vragen zijn beantwoord."), "{imported}");
    assert!(imported.contains("Opmerking van de leverancier: Sleutels van 8 tekens"), "{imported}");

    // Notes on questions that need no advice are shown too.
    let noted = files.path().join("opmerkingen.csv");
    std::fs::write(&noted, "id;antwoord;opmerking\napi.tls;ja;Sinds 2024 alleen TLS 1.3\nemail.tls;;Volgt in maart\nportal.tls;nee;Nog niet\n").unwrap();
    let notes = session(&url, "lid-export", files.path(), &format!("/checklist importeer {}\n", noted.display())).await;
    assert!(notes.contains("Opmerkingen van de leverancier bij de andere vragen:"), "{notes}");
    assert!(notes.contains("• Beveiligde verbinding (TLS): Sinds 2024 alleen TLS 1.3"), "{notes}");
    assert!(notes.contains(": Volgt in maart"), "{notes}");
    assert_eq!(notes.matches("Nog niet").count(), 1, "{notes}");
    assert_advice(&imported.replace("Antwoorden uit", "Samenvatting van de checklist"), Language::Nl);

    let bad = files.path().join("fout.csv");
    std::fs::write(&bad, "id,section,question,answer,note\napi.tls,,,ja,\nemail.tls,,,misschien,\n").unwrap();
    let rejected = session(&url, "lid-export", files.path(), &format!("/checklist importeer {}\n", bad.display())).await;
    assert!(rejected.contains("Regel 3 heeft het ongeldige antwoord \"misschien\""), "{rejected}");

    let missing = session(&url, "lid-export", files.path(), "/checklist importeer /geen/bestand.csv\n").await;
    assert!(missing.contains("/geen/bestand.csv kon niet worden gelezen"), "{missing}");
    let how = session(&url, "lid-export", files.path(), "/checklist importeer\n").await;
    assert!(how.contains("Stuur het ingevulde CSV-bestand als bijlage mee"), "{how}");
}

async fn ask_answers_password_length(url: String) {
    let files = tempfile::tempdir().unwrap();
    let output = session(&url, "lid-vraag", files.path(), "/vraag hoe lang moet een wachtwoord zijn\n/ask what is the weather\n").await;
    for id in ["api.account-key", "file-sharing.account", "portal.account"] {
        assert!(output.contains(&format!("Checklist: {id}")), "{id} missing:\n{output}");
    }
    assert!(output.contains("minstens 12 tekens"), "{output}");
    assert!(!output.contains("Checklist: storage.retention"), "{output}");
    assert!(output.contains("Daar gaat de checklist niet over."), "{output}");
}

async fn import_paths_explained_in_chat_language(url: String) {
    let files = tempfile::tempdir().unwrap();
    let store = Store::connect(&url).await.unwrap();
    store.set_chat_language(&ChatRef::new(Platform::Terminal, "member-files"), Language::En).await.unwrap();
    store.close().await;
    let missing = files.path().join("missing.csv");
    let folder = files.path().display().to_string();
    let input = format!("/checklist export\n/checklist import {}\n/checklist import {folder}\n/checklist import /dev/zero\n", missing.display());

    let output = session(&url, "member-files", files.path(), &input).await;
    assert!(output.contains(&format!("File saved: {}", files.path().join("checklist-en.csv").display())), "{output}");
    assert!(output.contains(&format!("{} could not be read: the file or folder does not exist", missing.display())), "{output}");
    assert!(output.contains(&format!("{folder} could not be read: this is not a regular file")), "{output}");
    assert!(output.contains("/dev/zero could not be read: this is not a regular file"), "{output}");
    assert!(!output.contains("os error"), "{output}");
}

async fn forged_callbacks_change_nothing(store: Store) {
    let conversation = Conversation::new(store.clone());
    let owner = context("forge-owner");
    let first = command(&conversation, &owner, "/checklist start leverancier=Pakketdienst BV").await;
    let yes = answer_callback(&first, "y");
    conversation.handle_callback(&owner, &yes).await;
    let run = store.checklist_runs(Platform::Telegram, "forge-owner").await.unwrap().remove(0);

    let forger = context("forge-other");
    command(&conversation, &forger, "/checklist start Eigen BV").await;
    let cases = [
        (format!("cla:r={};i=api.tls;a=n", run.id), "Deze checklist is van een ander lid."),
        (format!("cls:r={}", run.id), "Deze checklist is van een ander lid."),
        (format!("clr:r={}", run.id), "Deze checklist is van een ander lid."),
        ("cla:r=9223372036854775807;i=api.tls;a=n".to_owned(), "Deze checklist bestaat niet meer"),
        ("cla:r=99999999999999999999;i=api.tls;a=n".to_owned(), "Deze knop werkt niet."),
        ("cla:r=-1;i=api.tls;a=n".to_owned(), "Deze knop werkt niet."),
        ("cla:r=0;i=api.tls;a=n".to_owned(), "Deze knop werkt niet."),
        (format!("cla:r={};i=api.nothing;a=n", run.id), "Deze knop is verouderd."),
        (format!("cla:r={};i=api.tls;a=maybe", run.id), "Deze knop werkt niet."),
        (format!("cla:r={};i=api.tls;a=n;x=1", run.id), "Deze knop werkt niet."),
        (format!("cla:r={};i={};a=n", run.id, "x".repeat(200)), "Deze knop werkt niet."),
        (format!("cla:r={};i=api.tls\u{202e};a=n", run.id), "Deze knop werkt niet."),
        ("".to_owned(), "Deze knop werkt niet."),
    ];
    for (callback, expected) in &cases {
        let reply = conversation.handle_callback(&forger, callback).await;
        assert!(reply.plain_text().contains(expected), "{callback:?}: {}", reply.plain_text());
    }

    let after = store.checklist_run(run.id).await.unwrap().expect("the owner's run stays");
    assert_eq!(after.answers, run.answers);
    assert_eq!(after.updated_at, run.updated_at);
    let forged = store.checklist_runs(Platform::Telegram, "forge-other").await.unwrap();
    assert_eq!(forged.len(), 1);
    assert!(forged[0].answers.is_empty(), "{:?}", forged[0].answers);
}

async fn concurrent_answers_keep_one(store: Store) {
    let conversation = Conversation::new(store.clone());
    let member = context("member-fast");
    let first = command(&conversation, &member, "/checklist start Pakketdienst BV").await;
    let presses: Vec<String> = ["y", "n", "u", "x", "y", "n", "u", "x"].iter().map(|code| answer_callback(&first, code)).collect();

    let replies = futures_util::future::join_all(presses.iter().map(|press| conversation.handle_callback(&member, press))).await;
    let texts: Vec<String> = replies.iter().map(Reply::plain_text).collect();
    let kept = texts.iter().filter(|text| !text.contains("Deze vraag had u al beantwoord")).count();
    assert_eq!(kept, 1, "{texts:#?}");
    assert!(texts.iter().all(|text| text.contains("Vraag 2 van")), "{texts:#?}");

    let runs = store.checklist_runs(Platform::Telegram, "member-fast").await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].answers.len(), 1, "{:?}", runs[0].answers);
}

async fn hostile_uploads_get_reasons(store: Store) {
    let conversation = Conversation::new(store.clone());
    let member = context("member-upload");
    let first = command(&conversation, &member, "/checklist start Pakketdienst BV").await;
    conversation.handle_callback(&member, &answer_callback(&first, "n")).await;
    let before = store.checklist_runs(Platform::Telegram, "member-upload").await.unwrap();

    let too_large = vec![b'a'; ketenwacht::conversation::MAX_UPLOAD_BYTES + 1];
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let cases: [(&str, &[u8], &str); 5] = [
        ("antwoorden.csv", &too_large, "Het bestand is te groot."),
        ("antwoorden.pdf", b"id,answer\napi.tls,ja\n", "Met dit bestand kan de bot niets."),
        ("antwoorden.csv", &binary, "Dit is geen tekstbestand."),
        ("antwoorden.csv", b"id,answer\napi.tls,ja\n\"api.tls\",nee\n", "Regel 3 herhaalt het id \"api.tls\"."),
        ("antwoorden.csv", b"id,answer,note\napi.tls,nee,\"open\nemail.tls,ja,\n", "Regel 2 is geen geldige CSV."),
    ];
    for (file_name, content, expected) in cases {
        let reply = conversation.handle_upload(&member, file_name, content).await;
        assert!(reply.plain_text().contains(expected), "{file_name}: {}", reply.plain_text());
        assert!(reply.choices.is_empty(), "{file_name}: {:?}", reply.choices);
    }
    assert_eq!(store.checklist_runs(Platform::Telegram, "member-upload").await.unwrap(), before);
}

async fn runs_per_member_are_limited(store: Store) {
    let conversation = Conversation::new(store.clone());
    let member = context("member-many");
    for number in 0..50 {
        let reply = command(&conversation, &member, &format!("/checklist start Leverancier {number}")).await;
        assert!(reply.plain_text().contains("Vraag 1 van"), "{number}: {}", reply.plain_text());
    }

    let refused = command(&conversation, &member, "/checklist start Leverancier 50").await;
    assert!(refused.plain_text().contains("U hebt al 50 bewaarde checklists, het maximum."), "{}", refused.plain_text());
    assert_eq!(store.checklist_runs(Platform::Telegram, "member-many").await.unwrap().len(), 50);

    // An existing run still opens, and after a reset a new one fits.
    let existing = command(&conversation, &member, "/checklist start leverancier 7").await;
    assert!(existing.plain_text().contains("Checklist voor leverancier 7"), "{}", existing.plain_text());
    command(&conversation, &member, "/checklist wis Leverancier 3").await;
    let fits = command(&conversation, &member, "/checklist start Leverancier 50").await;
    assert!(fits.plain_text().contains("Checklist voor Leverancier 50"), "{}", fits.plain_text());
    assert!(store.checklist_runs(Platform::Telegram, "other-member").await.unwrap().is_empty());
}

async fn stale_buttons_leave_progress_intact(store: Store) {
    let conversation = Conversation::new(store.clone());
    let member = context("member-7");
    let first = command(&conversation, &member, "/checklist start leverancier=Pakketdienst BV").await;
    let yes = answer_callback(&first, "y");
    let no = answer_callback(&first, "n");

    let second = conversation.handle_callback(&member, &yes).await;
    assert!(second.plain_text().contains("Vraag 2 van"), "{}", second.plain_text());

    // The same button again, and another answer to the same question: the first answer stays.
    for stale in [&yes, &no] {
        let reply = conversation.handle_callback(&member, stale).await;
        assert!(reply.plain_text().contains("Deze vraag had u al beantwoord met \"Ja\""), "{}", reply.plain_text());
        assert!(reply.plain_text().contains("Vraag 2 van"), "{}", reply.plain_text());
    }
    let runs = store.checklist_runs(Platform::Telegram, "member-7").await.unwrap();
    assert_eq!(runs[0].answers.len(), 1);
    assert_eq!(runs[0].answers["storage.separation"], Answer::Yes);

    // After a reset, old buttons find nothing and create nothing.
    let reset = command(&conversation, &member, "/checklist wis pakketdienst bv").await;
    assert!(reset.plain_text().contains("De checklist voor pakketdienst bv is gewist."), "{}", reset.plain_text());
    let next = answer_callback(&second, "y");
    for stale in [&yes, &next] {
        let reply = conversation.handle_callback(&member, stale).await;
        assert!(reply.plain_text().contains("Deze checklist bestaat niet meer"), "{}", reply.plain_text());
    }
    assert!(store.checklist_runs(Platform::Telegram, "member-7").await.unwrap().is_empty());

    // Starting again begins at the first question.
    let again = command(&conversation, &member, "/checklist start Pakketdienst BV").await;
    assert!(again.plain_text().contains("Vraag 1 van"), "{}", again.plain_text());
}

async fn other_members_cannot_answer(store: Store) {
    let conversation = Conversation::new(store.clone());
    let owner = context("owner");
    let first = command(&conversation, &owner, "/checklist start email").await;
    assert!(first.plain_text().contains("Checklist zonder leverancier"), "{}", first.plain_text());
    assert!(first.plain_text().contains("Vraag 1 van 3 · E-mail"), "{}", first.plain_text());

    let stranger = context("stranger");
    let reply = conversation.handle_callback(&stranger, &answer_callback(&first, "n")).await;
    assert!(reply.plain_text().contains("Deze checklist is van een ander lid."), "{}", reply.plain_text());
    let runs = store.checklist_runs(Platform::Telegram, "owner").await.unwrap();
    assert!(runs[0].answers.is_empty());
    assert!(store.checklist_runs(Platform::Telegram, "stranger").await.unwrap().is_empty());

    let bad_name = command(&conversation, &owner, &format!("/checklist start leverancier={}", "x".repeat(101))).await;
    assert!(bad_name.plain_text().contains("hoogstens 100 tekens"), "{}", bad_name.plain_text());
    assert_eq!(store.checklist_runs(Platform::Telegram, "owner").await.unwrap().len(), 1);
}

async fn advisory_reply_links_checklist(store: Store) {
    ingest_ncsc_feed(&store).await;
    let conversation = Conversation::new(store.clone());

    let basic = context("basic-member");
    let plain = command(&conversation, &basic, "/advies NCSC-2025-0234").await;
    assert!(plain.plain_text().contains("CrushFTP"), "{}", plain.plain_text());
    assert!(!plain.plain_text().contains("Checklist"), "{}", plain.plain_text());

    let expert = context("expert-member");
    command(&conversation, &expert, "/aanmelden expert").await;
    let crushftp = command(&conversation, &expert, "/advies NCSC-2025-0234").await;
    let text = crushftp.plain_text();
    assert!(text.contains("Checklist: file-sharing.encrypted-transport, file-sharing.restricted-access, file-sharing.account"), "{text}");
    let exchange = command(&conversation, &expert, "/advies NCSC-2025-0252").await;
    assert!(exchange.plain_text().contains("Checklist: email.tls, email.sender-authentication"), "{}", exchange.plain_text());

    let advanced = context("advanced-member");
    command(&conversation, &advanced, "/aanmelden gevorderd").await;
    let text = command(&conversation, &advanced, "/advies NCSC-2025-0234").await.plain_text();
    assert!(text.contains("Checklist: file-sharing.encrypted-transport (zie /checklist)"), "{text}");
}
