//! Attacks on the Telegram adapter with the real teloxide client. A hostile Bot API responds with
//! garbage, redirects and closed connections while `ketenwacht run` logs at trace level. The other
//! tests send commands without a member, forged button presses, member text full of HTML, and
//! hostile webhook requests.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use ketenwacht::config::TelegramSettings;
use ketenwacht::conversation::Conversation;
use ketenwacht::domain::{ChatKind, ChatRef, Language, Platform, Subscription, Tier};
use ketenwacht::platforms::telegram::{self, ApiAccess, BotToken, Telegram};
use ketenwacht::store::Store;
use serde_json::{json, Value};
use support::fake_telegram::{FakeTelegram, Recorded};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "123456789:AAhostileSECRETtoken_0123456789";
const TOKEN_SECRET: &str = "AAhostileSECRETtoken_0123456789";
const WAIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// A hostile Bot API over raw TCP

/// A Bot API server on 127.0.0.1 port 0 that responds to each method as [`hostile_answer`]
/// returns, and records the method of every request.
struct HostileApi {
    url: String,
    methods: Arc<Mutex<Vec<String>>>,
}

impl HostileApi {
    async fn start() -> HostileApi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let methods = Arc::new(Mutex::new(Vec::new()));
        let polls = Arc::new(AtomicUsize::new(0));
        let recorded = Arc::clone(&methods);
        tokio::spawn(async move {
            loop {
                let Ok((connection, _)) = listener.accept().await else { return };
                tokio::spawn(serve_connection(connection, Arc::clone(&recorded), Arc::clone(&polls)));
            }
        });
        HostileApi { url, methods }
    }

    fn count(&self, method: &str) -> usize {
        self.methods.lock().unwrap().iter().filter(|seen| *seen == method).count()
    }
}

/// Reads one request, responds to it and closes the connection.
async fn serve_connection(mut connection: tokio::net::TcpStream, methods: Arc<Mutex<Vec<String>>>, polls: Arc<AtomicUsize>) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        let Ok(read) = connection.read(&mut buffer).await else { return };
        if read == 0 {
            return;
        }
        request.extend_from_slice(&buffer[..read]);
        if let Some(at) = request.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
    };

    let head = String::from_utf8_lossy(&request[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|value| value.trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    while request.len() < head_end + length {
        let Ok(read) = connection.read(&mut buffer).await else { return };
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }

    let path = head.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let method = path.rsplit('/').next().unwrap_or_default().to_lowercase();
    methods.lock().unwrap().push(method.clone());
    let poll = if method == "getupdates" { polls.fetch_add(1, Ordering::SeqCst) } else { 0 };

    let Some((status, headers, body)) = hostile_answer(&method, poll).await else {
        return; // Closes the connection without an answer.
    };
    let response = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}", body.len());
    let _ = connection.write_all(response.as_bytes()).await;
    let _ = connection.shutdown().await;
}

/// Returns status line, extra headers and body for `method`; `poll` counts getUpdates calls.
/// `None` closes the connection without an answer.
async fn hostile_answer(method: &str, poll: usize) -> Option<(String, String, String)> {
    let ok = |result: Value| Some(("200 OK".to_owned(), String::new(), json!({"ok": true, "result": result}).to_string()));
    let echo_token = format!("/bot{TOKEN}/{method}");
    match (method, poll) {
        ("getme", _) => ok(json!({"id": 4242, "is_bot": true, "first_name": "K", "username": "ketenwacht_bot", "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false, "has_main_web_app": false})),
        ("getwebhookinfo", _) => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        ("setmycommands", _) => Some(("302 Found".to_owned(), format!("location: http://127.0.0.1:9{echo_token}\r\n"), String::new())),
        ("getupdates", 0) => Some(("200 OK".to_owned(), String::new(), format!("<html>proxy error at {echo_token}</html>"))),
        ("getupdates", 1) => None,
        ("getupdates", 2) => {
            let body = json!({"ok": false, "error_code": 502, "description": format!("Bad Gateway at {echo_token}")}).to_string();
            Some(("502 Bad Gateway".to_owned(), String::new(), body))
        }
        ("getupdates", 3) => ok(json!([{"update_id": 10, "message": {
            "message_id": 1, "date": 1_756_368_000,
            "chat": {"id": 777, "type": "private", "first_name": "Lid"},
            "from": {"id": 777, "is_bot": false, "first_name": "Lid", "language_code": "nl"},
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }}])),
        ("getupdates", _) => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            ok(json!([]))
        }
        ("sendmessage", _) => Some(("200 OK".to_owned(), String::new(), format!("{{\"ok\":tru {echo_token}"))),
        _ => ok(json!(true)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_log_hides_token_from_hostile_api() {
    let folder = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
    Store::connect(&database).await.unwrap().close().await;
    let api = HostileApi::start().await;
    let (mut command, log_path) = support::process::run_command(folder.path(), &database, "trace");
    command
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("KETENWACHT_TELEGRAM_API_URL", &api.url)
        .env("KETENWACHT_TELEGRAM_POLLING_TIMEOUT", "1s");
    let mut child = command.spawn().expect("ketenwacht run starts");

    let deadline = tokio::time::Instant::now() + WAIT;
    while api.count("sendmessage") == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no reply attempted; methods: {:?}", api.methods.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    std::process::Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "run did not stop cleanly: {status}");

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("connected to Telegram"), "the log misses the start");
    assert!(log.contains("getUpdates failed"), "the hostile answers were not logged");
    support::process::assert_no_secret(&log, TOKEN_SECRET);
}

// ---------------------------------------------------------------------------------------------
// The adapter in this process against the fake Bot API

async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
    (Store::connect(&url).await.unwrap(), folder)
}

async fn connected(store: &Store, fake: &FakeTelegram) -> Arc<Telegram> {
    let access = ApiAccess { token: BotToken::new(TOKEN), api_url: Some(fake.api_url()), webhook_secret: None };
    let settings = TelegramSettings { polling_timeout: Duration::from_secs(1), ..TelegramSettings::default() };
    Arc::new(Telegram::connect(&access, store.clone(), settings, Conversation::new(store.clone())).await.expect("connect to the fake"))
}

/// Parses an update from JSON text with a fresh id, as the webhook and polling do.
fn update(mut value: Value) -> teloxide::types::Update {
    value["update_id"] = json!(1);
    serde_json::from_str(&value.to_string()).unwrap_or_else(|error| panic!("{error}: {value}"))
}

fn chat(id: i64) -> ChatRef {
    ChatRef::new(Platform::Telegram, id.to_string())
}

/// Commands in a group that come from no member, or from a member posting as another chat, are
/// not from an admin. An anonymous admin posting as the group is.
#[tokio::test]
async fn group_commands_without_member_are_refused() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let group = -1_001_234_500_100_i64;
    let command = "/aanmelden basis";

    let mut without_from = fake.message(group, 1, "nl", command);
    without_from["message"].as_object_mut().unwrap().remove("from");
    bot.handle_update(update(without_from)).await;
    assert!(store.subscription(&chat(group)).await.unwrap().is_none(), "a command without a member subscribed the group");

    let other_channel = -1_001_999_000_001_i64;
    fake.set_chat_type(other_channel, "channel");
    let mut as_channel = fake.message(group, 136_817_688, "nl", command);
    as_channel["message"]["sender_chat"] = json!({"id": other_channel, "type": "channel", "title": "Eigen kanaal"});
    bot.handle_update(update(as_channel)).await;
    assert!(store.subscription(&chat(group)).await.unwrap().is_none(), "a member posting as their channel subscribed the group");

    let refusals = fake.calls("sendmessage");
    assert_eq!(refusals.len(), 2, "each refused command gets a reply");
    for refusal in &refusals {
        assert!(refusal.text().contains(&ketenwacht::i18n::text(Language::Nl, "conversation-not-admin")), "{}", refusal.text());
    }

    let mut anonymous_admin = fake.message(group, 1_087_968_824, "nl", command);
    anonymous_admin["message"]["sender_chat"] = json!({"id": group, "type": "supergroup", "title": "Groep"});
    bot.handle_update(update(anonymous_admin)).await;
    assert!(store.subscription(&chat(group)).await.unwrap().is_some(), "an anonymous admin could not subscribe the group");
}

/// In a group, a bare unknown command may be meant for another bot, so it gets no answer; the
/// same command addressed to this bot, and any unknown command in a private chat, is answered.
#[tokio::test]
async fn unknown_group_commands_need_our_name() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let (group, member) = (-1_001_234_500_200_i64, 4242);

    bot.handle_update(update(fake.message(group, member, "nl", "/weer amsterdam"))).await;
    assert!(fake.calls("sendmessage").is_empty(), "a bare unknown command in a group was answered");

    let addressed = format!("/weer@{} amsterdam", support::fake_telegram::BOT_USERNAME);
    bot.handle_update(update(fake.message(group, member, "nl", &addressed))).await;
    assert_eq!(fake.calls("sendmessage").len(), 1, "an unknown command addressed to the bot got no answer");

    bot.handle_update(update(fake.message(member, member, "nl", "/weer"))).await;
    assert_eq!(fake.calls("sendmessage").len(), 2, "an unknown command in a private chat got no answer");
}

/// Button presses with forged, malformed or over-long data leave the subscription as it was and
/// are still confirmed, so the member's client stops waiting.
#[tokio::test]
async fn forged_callbacks_leave_subscription_intact() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let group = -1_001_234_500_200_i64;
    let (member, admin) = (901, 902);
    fake.set_member(group, member, "member");
    fake.set_member(group, admin, "creator");
    let subscription = Subscription::new(chat(group), ChatKind::Group, Tier::Basic, Language::Nl, Utc::now());
    store.save_subscription(&subscription).await.unwrap();
    let before = store.subscription(&chat(group)).await.unwrap().unwrap();

    let long = format!("set:t={}", "expert".repeat(20));
    let forged = ["set:t=root", "set:t=expert;l=en", "sub:t=basic;l=nl;c=daily;ok=1;x=1", "unsub:ok=2", "\u{0}\u{202E}", long.as_str()];
    for (press, data) in forged.iter().enumerate() {
        let value = fake.callback(group, admin, 500 + press as i64, data);
        bot.handle_update(update(value)).await;
    }
    let member_presses = ["set:t=expert", "unsub:ok=1", "sub:t=expert;l=en;c=weekly;ok=1"];
    for (press, data) in member_presses.iter().enumerate() {
        bot.handle_update(update(fake.callback(group, member, 600 + press as i64, data))).await;
    }

    let answered = fake.calls("answercallbackquery").len();
    assert_eq!(answered, forged.len() + member_presses.len(), "every press is confirmed");
    let after = store.subscription(&chat(group)).await.unwrap().unwrap();
    assert_eq!(after, before, "a forged or foreign press changed the subscription");
    let member_edits: Vec<Recorded> = fake.calls("editmessagetext").into_iter().filter(|edit| edit.message_id().is_some_and(|id| id >= 600)).collect();
    assert!(member_edits.is_empty(), "a member's press changed the group's message");
}

/// Returns whether `html` is text Telegram's HTML parse mode reads as the bot meant: only the
/// tags the renderer writes, and every `&` the start of an entity.
fn is_safe_html(html: &str) -> bool {
    let mut rest = html.to_owned();
    for tag in ["<b>", "</b>", "<i>", "</i>", "<code>", "</code>", "<pre>", "</pre>", "</a>"] {
        rest = rest.replace(tag, "");
    }
    let links = regex::Regex::new(r#"<a href="https?://[^"<>]*">"#).unwrap();
    let rest = links.replace_all(&rest, "");
    let entities = regex::Regex::new(r"&(amp|lt|gt|quot);").unwrap();
    let rest = entities.replace_all(&rest, "");
    !rest.contains(['<', '>', '&'])
}

/// Member text with HTML, entities, over-long words, emoji and direction marks comes back escaped
/// and within Telegram's 4096 characters.
#[tokio::test]
async fn hostile_member_text_is_escaped() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let user = 950;
    let hostile = [
        "/advies <b>vet</b></code>&amp;<a href=\"https://evil.example\">x</a>".to_owned(),
        format!("/advies {}", "<i>".repeat(1500)),
        format!("/aanmelden basis {}", "&".repeat(5000)),
        format!("/aanmelden {}\u{202E}\u{200B}🦀<pre>", "W".repeat(5000)),
        "/instellingen <b>".to_owned(),
    ];
    for text in &hostile {
        bot.handle_update(update(fake.message(user, user, "nl", text))).await;
    }
    let replies = fake.calls("sendmessage");
    assert!(replies.len() >= hostile.len(), "{} replies to {} commands", replies.len(), hostile.len());
    for reply in &replies {
        assert_eq!(reply.body["parse_mode"], "HTML");
        assert!(reply.text().chars().count() <= 4096, "a reply of {} characters", reply.text().chars().count());
        assert!(is_safe_html(reply.text()), "unescaped HTML in {}", reply.text().chars().take(300).collect::<String>());
    }
    assert!(store.subscription(&chat(user)).await.unwrap().is_none(), "a bad command subscribed the chat");
}

/// A document that claims to be small but is larger than the upload limit is not handed over.
#[tokio::test]
async fn lying_document_size_is_caught() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let user = 960;
    let content = vec![b'a'; ketenwacht::conversation::MAX_UPLOAD_BYTES + 10];
    fake.add_file("doc-big", "documents/file_9.csv", content);
    bot.handle_update(update(fake.document(user, user, "doc-big", "klein.csv", 20, None))).await;

    let reply = fake.wait_for("sendmessage", |request| request.chat_id() == Some(user), WAIT).await;
    assert!(reply.text().contains("256 KiB"), "{}", reply.text());
    assert!(fake.calls("file").is_empty(), "the oversized file was downloaded");
}

/// Webhook requests with the wrong method, path or size, or a body that is no update, are
/// rejected before anything is handled.
#[tokio::test]
async fn webhook_rejects_hostile_requests() {
    let (store, _folder) = sqlite_store().await;
    let fake = FakeTelegram::start().await;
    let bot = connected(&store, &fake).await;
    let secret = "hook_secret-456";
    let app = telegram::webhook::router(bot, telegram::webhook::WebhookSecret::new(secret).unwrap(), "/telegram");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let start = json!({"update_id": 5, "message": {
        "message_id": 1, "date": 1_756_368_000, "chat": {"id": 970, "type": "private", "first_name": "Lid"},
        "from": {"id": 970, "is_bot": false, "first_name": "Lid"}, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }})
    .to_string();
    let send = |method: reqwest::Method, path: &str, body: String| {
        client.request(method, format!("{base}{path}")).header(telegram::webhook::SECRET_HEADER, secret).body(body).send()
    };

    assert_eq!(send(reqwest::Method::GET, "/telegram", start.clone()).await.unwrap().status(), 405);
    assert_eq!(send(reqwest::Method::PUT, "/telegram", start.clone()).await.unwrap().status(), 405);
    assert_eq!(send(reqwest::Method::POST, "/telegram/../telegram2", start.clone()).await.unwrap().status(), 404);
    assert_eq!(send(reqwest::Method::POST, "/other", start.clone()).await.unwrap().status(), 404);
    let huge = format!("{{\"update_id\": 6, \"x\": \"{}\"}}", "a".repeat(3 * 1024 * 1024));
    assert_eq!(send(reqwest::Method::POST, "/telegram", huge).await.unwrap().status(), 413);
    for malformed in ["[]", "null", "{\"update_id\": \"x\"}", "\u{FEFF}{"] {
        let status = send(reqwest::Method::POST, "/telegram", malformed.to_owned()).await.unwrap().status();
        assert_eq!(status, 400, "{malformed}");
    }
    assert!(fake.calls("sendmessage").is_empty(), "a rejected request was handled");
    assert_eq!(send(reqwest::Method::POST, "/telegram", start).await.unwrap().status(), 200);
    assert_eq!(fake.calls("sendmessage").len(), 1);
}
