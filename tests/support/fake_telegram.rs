//! A fake Telegram Bot API on 127.0.0.1 port 0 for the real teloxide client.
//!
//! One fallback handler records every request as (method lowercased, path, body) and responds:
//! JSON bodies are kept as JSON, multipart bodies (sendDocument) as a JSON object of their
//! fields, with file parts as `{"file_name", "content", "bytes"}`. Tests queue updates for
//! getUpdates, script error answers per method and chat, set members' statuses for
//! getChatMember, offer files for getFile and download, and wait for requests with a timeout.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::Notify;

/// The fake bot's user id and user name.
pub const BOT_ID: i64 = 4242;
pub const BOT_USERNAME: &str = "ketenwacht_bot";

/// Maximum wait of an empty getUpdates for a queued update before it returns `[]`, so the
/// client does not spin.
const EMPTY_POLL_WAIT: Duration = Duration::from_millis(200);

/// One request the fake received, with the response it sent.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The Bot API method in lower case, such as `sendmessage`; `file` for a download.
    pub method: String,
    pub path: String,
    pub body: Value,
    pub response: Value,
}

impl Recorded {
    /// Returns the `chat_id` field as a number, if the request has one.
    pub fn chat_id(&self) -> Option<i64> {
        match &self.body["chat_id"] {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// Returns the `text` field, or an empty string.
    pub fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or_default()
    }

    /// Returns the callback ids of the inline keyboard, row by row, flattened.
    pub fn callbacks(&self) -> Vec<String> {
        let markup = match &self.body["reply_markup"] {
            Value::String(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let rows = markup["inline_keyboard"].as_array().cloned().unwrap_or_default();
        rows.iter()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
            .collect()
    }

    /// Returns the id of the message the fake created or edited in its response.
    pub fn message_id(&self) -> Option<i64> {
        self.response["result"]["message_id"].as_i64()
    }
}

/// A scripted error response.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    pub code: u16,
    pub description: String,
    pub parameters: Option<Value>,
}

impl ApiFailure {
    pub fn retry_after(seconds: u64) -> ApiFailure {
        ApiFailure {
            code: 429,
            description: format!("Too Many Requests: retry after {seconds}"),
            parameters: Some(json!({"retry_after": seconds})),
        }
    }

    pub fn blocked() -> ApiFailure {
        ApiFailure { code: 403, description: "Forbidden: bot was blocked by the user".into(), parameters: None }
    }

    pub fn chat_not_found() -> ApiFailure {
        ApiFailure { code: 400, description: "Bad Request: chat not found".into(), parameters: None }
    }

    pub fn migrated(new_chat_id: i64) -> ApiFailure {
        ApiFailure {
            code: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat".into(),
            parameters: Some(json!({"migrate_to_chat_id": new_chat_id})),
        }
    }
}

struct Script {
    method: String,
    chat_id: Option<i64>,
    failure: ApiFailure,
    remaining: Option<usize>,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    arrived: Notify,
    updates: Mutex<VecDeque<Value>>,
    queued: Notify,
    scripts: Mutex<Vec<Script>>,
    members: Mutex<HashMap<(i64, i64), String>>,
    chat_types: Mutex<HashMap<i64, String>>,
    files: Mutex<HashMap<String, (String, Vec<u8>)>>,
    next_message_id: AtomicI64,
    next_update_id: AtomicI64,
    /// Send times per chat while rate limits are enforced; `None` when they are not.
    sends: Mutex<Option<HashMap<i64, Vec<tokio::time::Instant>>>>,
}

pub struct FakeTelegram {
    /// Base URL to give teloxide (`set_api_url`) or `KETENWACHT_TELEGRAM_API_URL`.
    pub url: String,
    shared: Arc<Shared>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let shared = Arc::new(Shared::default());
        shared.next_message_id.store(100, Ordering::Relaxed);
        shared.next_update_id.store(1, Ordering::Relaxed);
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeTelegram { url, shared }
    }

    /// Returns the base URL as teloxide takes it.
    pub fn api_url(&self) -> url::Url {
        url::Url::parse(&self.url).unwrap()
    }

    // -----------------------------------------------------------------------------------------
    // Scripting

    /// Queues an update for getUpdates; an `update_id` is added when missing. Returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = match update["update_id"].as_i64() {
            Some(id) => id,
            None => {
                let id = self.shared.next_update_id.fetch_add(1, Ordering::Relaxed);
                update["update_id"] = json!(id);
                id
            }
        };
        self.shared.updates.lock().unwrap().push_back(update);
        self.shared.queued.notify_waiters();
        id
    }

    /// Fails the next `times` calls of `method` (lower case) for `chat_id` (any chat when
    /// `None`) with `failure`; `times` of `None` means every call.
    pub fn fail(&self, method: &str, chat_id: Option<i64>, failure: ApiFailure, times: Option<usize>) {
        let script = Script { method: method.to_lowercase(), chat_id, failure, remaining: times };
        self.shared.scripts.lock().unwrap().push(script);
    }

    /// Sets a member's status for getChatMember: `creator`, `administrator`, `member`, `left`.
    pub fn set_member(&self, chat_id: i64, user_id: i64, status: &str) {
        self.shared.members.lock().unwrap().insert((chat_id, user_id), status.to_owned());
    }

    /// Sets the type of a chat in responses: `private`, `group`, `supergroup` or `channel`.
    pub fn set_chat_type(&self, chat_id: i64, kind: &str) {
        self.shared.chat_types.lock().unwrap().insert(chat_id, kind.to_owned());
    }

    /// Enforces Telegram's send limits on sendMessage and sendDocument from now on: 30 messages
    /// a second overall, 1 a second per chat and 20 a minute per group or channel. A send over a
    /// limit gets 429 with `retry_after`, as the real API responds under flood control.
    pub fn enforce_rate_limits(&self) {
        *self.shared.sends.lock().unwrap() = Some(HashMap::new());
    }

    /// Returns how many sends the fake rejected with 429.
    pub fn rate_limited(&self) -> usize {
        self.requests().iter().filter(|request| request.response["error_code"] == 429).count()
    }

    /// Offers a file for getFile (`file_id`) and download (`path`).
    pub fn add_file(&self, file_id: &str, path: &str, content: Vec<u8>) {
        self.shared.files.lock().unwrap().insert(file_id.to_owned(), (path.to_owned(), content));
    }

    // -----------------------------------------------------------------------------------------
    // Inspecting

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Returns the recorded calls of `method` (lower case), in order.
    pub fn calls(&self, method: &str) -> Vec<Recorded> {
        self.requests().into_iter().filter(|request| request.method == method).collect()
    }

    /// Waits until a call of `method` matching `predicate` has arrived and returns the first.
    pub async fn wait_for(&self, method: &str, predicate: impl Fn(&Recorded) -> bool, timeout: Duration) -> Recorded {
        self.wait_for_count(method, predicate, 1, timeout).await.remove(0)
    }

    /// Waits until `count` calls of `method` matching `predicate` have arrived and returns them.
    pub async fn wait_for_count(
        &self,
        method: &str,
        predicate: impl Fn(&Recorded) -> bool,
        count: usize,
        timeout: Duration,
    ) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.shared.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let matching: Vec<Recorded> = self.calls(method).into_iter().filter(|request| predicate(request)).collect();
            if matching.len() >= count {
                return matching;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                let seen: Vec<String> = self.requests().iter().map(|r| format!("{} {}", r.method, r.body)).collect();
                panic!("timed out waiting for {count} {method} calls, got {}; requests:\n{}", matching.len(), seen.join("\n"));
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Update builders, after the Bot API documentation's Update, Message and CallbackQuery

    /// Builds a user object; `language` is the client's `language_code`.
    pub fn user(id: i64, language: &str) -> Value {
        json!({"id": id, "is_bot": false, "first_name": format!("Lid {id}"), "language_code": language})
    }

    fn chat(&self, chat_id: i64) -> Value {
        chat_object(&self.shared, chat_id)
    }

    /// Builds a text message from `user_id` in `chat_id`, with a bot_command entity when it starts with `/`.
    pub fn message(&self, chat_id: i64, user_id: i64, language: &str, text: &str) -> Value {
        let mut message = json!({
            "message_id": self.shared.next_message_id.fetch_add(1, Ordering::Relaxed),
            "date": 1_756_368_000,
            "chat": self.chat(chat_id),
            "from": Self::user(user_id, language),
            "text": text,
        });
        if text.starts_with('/') {
            let length = text.split_whitespace().next().unwrap_or_default().encode_utf16().count();
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
        }
        json!({"message": message})
    }

    /// Builds a channel post of `text` in channel `chat_id`, sent as the channel.
    pub fn channel_post(&self, chat_id: i64, text: &str) -> Value {
        self.set_chat_type(chat_id, "channel");
        let mut post = json!({
            "message_id": self.shared.next_message_id.fetch_add(1, Ordering::Relaxed),
            "date": 1_756_368_000,
            "chat": self.chat(chat_id),
            "sender_chat": self.chat(chat_id),
            "text": text,
        });
        if text.starts_with('/') {
            let length = text.split_whitespace().next().unwrap_or_default().encode_utf16().count();
            post["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
        }
        json!({"channel_post": post})
    }

    /// Builds a document message with an optional caption.
    pub fn document(&self, chat_id: i64, user_id: i64, file_id: &str, file_name: &str, size: usize, caption: Option<&str>) -> Value {
        let mut message = json!({
            "message_id": self.shared.next_message_id.fetch_add(1, Ordering::Relaxed),
            "date": 1_756_368_000,
            "chat": self.chat(chat_id),
            "from": Self::user(user_id, "nl"),
            "document": {"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": file_name, "mime_type": "text/csv", "file_size": size},
        });
        if let Some(caption) = caption {
            message["caption"] = json!(caption);
        }
        json!({"message": message})
    }

    /// Builds a press by `user_id` on a button with `data` under the bot's message `message_id` in `chat_id`.
    pub fn callback(&self, chat_id: i64, user_id: i64, message_id: i64, data: &str) -> Value {
        json!({"callback_query": {
            "id": format!("cb-{message_id}-{user_id}-{data}"),
            "from": Self::user(user_id, "nl"),
            "message": {
                "message_id": message_id,
                "date": 1_756_368_000,
                "chat": self.chat(chat_id),
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Ketenwacht", "username": BOT_USERNAME},
                "text": "…",
            },
            "chat_instance": format!("ci-{chat_id}"),
            "data": data,
        }})
    }
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_owned();
    let mut segments = path.trim_start_matches('/').splitn(3, '/');
    let first = segments.next().unwrap_or_default().to_owned();
    if first == "file" {
        let file_path = segments.nth(1).unwrap_or_default();
        let file_path = percent_decode(file_path);
        let content = shared.files.lock().unwrap().values().find(|(path, _)| *path == file_path).map(|(_, content)| content.clone());
        record(&shared, Recorded { method: "file".into(), path: path.clone(), body: json!({"file_path": file_path}), response: Value::Null });
        return match content {
            Some(content) => (StatusCode::OK, content).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let method = segments.next().unwrap_or_default().to_lowercase();
    let body = parse_body(&headers, &body);

    if method == "getupdates" {
        let response = json!({"ok": true, "result": take_updates(&shared, &body).await});
        record(&shared, Recorded { method, path, body, response: response.clone() });
        return (StatusCode::OK, axum::Json(response)).into_response();
    }
    let (status, response) = respond(&shared, &method, &body);
    record(&shared, Recorded { method, path, body, response: response.clone() });
    (status, axum::Json(response)).into_response()
}

fn record(shared: &Shared, recorded: Recorded) {
    shared.requests.lock().unwrap().push(recorded);
    shared.arrived.notify_waiters();
}

/// Returns queued updates with `update_id >= offset`, dropping older ones as confirmed, or `[]`
/// after a short wait when there are none.
async fn take_updates(shared: &Shared, body: &Value) -> Vec<Value> {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(100) as usize;
    let deadline = tokio::time::Instant::now() + EMPTY_POLL_WAIT;
    loop {
        let queued = shared.queued.notified();
        tokio::pin!(queued);
        queued.as_mut().enable();
        {
            let mut updates = shared.updates.lock().unwrap();
            updates.retain(|update| update["update_id"].as_i64().unwrap_or(0) >= offset);
            if !updates.is_empty() {
                return updates.iter().take(limit).cloned().collect();
            }
        }
        if body["timeout"].as_u64() == Some(0) || tokio::time::timeout_at(deadline, queued).await.is_err() {
            return Vec::new();
        }
    }
}

fn respond(shared: &Shared, method: &str, body: &Value) -> (StatusCode, Value) {
    let chat_id = chat_id_of(body);
    let flood = match method {
        "sendmessage" | "senddocument" => flood_control(shared, chat_id.unwrap_or(0)),
        _ => None,
    };
    if let Some(failure) = flood.or_else(|| scripted_failure(shared, method, chat_id)) {
        let mut response = json!({"ok": false, "error_code": failure.code, "description": failure.description});
        if let Some(parameters) = failure.parameters {
            response["parameters"] = parameters;
        }
        return (StatusCode::from_u16(failure.code).unwrap(), response);
    }
    let result = match method {
        "getme" => json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Ketenwacht", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "has_main_web_app": false,
        }),
        "getwebhookinfo" => json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}),
        "sendmessage" | "editmessagetext" => {
            let id = match method {
                "editmessagetext" => body["message_id"].as_i64().unwrap_or(0),
                _ => shared.next_message_id.fetch_add(1, Ordering::Relaxed),
            };
            message_result(shared, id, chat_id.unwrap_or(0), json!({"text": body["text"].clone()}))
        }
        "senddocument" => {
            let id = shared.next_message_id.fetch_add(1, Ordering::Relaxed);
            let name = body["document"]["file_name"].clone();
            let document = json!({"document": {"file_id": format!("sent-{id}"), "file_unique_id": format!("su-{id}"), "file_name": name}});
            message_result(shared, id, chat_id.unwrap_or(0), document)
        }
        "getchatmember" => chat_member(shared, chat_id.unwrap_or(0), body["user_id"].as_i64().unwrap_or(0)),
        "getfile" => {
            let file_id = body["file_id"].as_str().unwrap_or_default();
            match shared.files.lock().unwrap().get(file_id) {
                Some((path, content)) => json!({"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_size": content.len(), "file_path": path}),
                None => return (StatusCode::BAD_REQUEST, json!({"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})),
            }
        }
        _ => json!(true),
    };
    (StatusCode::OK, json!({"ok": true, "result": result}))
}

/// Returns a chat's type: as set by the test, else by the shape of its id (positive ids are
/// users, `-100…` supergroups, other negative ids basic groups).
fn chat_type(shared: &Shared, chat_id: i64) -> String {
    if let Some(kind) = shared.chat_types.lock().unwrap().get(&chat_id) {
        return kind.clone();
    }
    if chat_id > 0 {
        "private".into()
    } else if chat_id.to_string().starts_with("-100") {
        "supergroup".into()
    } else {
        "group".into()
    }
}

fn chat_object(shared: &Shared, chat_id: i64) -> Value {
    match chat_type(shared, chat_id).as_str() {
        "private" => json!({"id": chat_id, "type": "private", "first_name": "Lid"}),
        kind => json!({"id": chat_id, "type": kind, "title": "Webwinkels"}),
    }
}

fn message_result(shared: &Shared, id: i64, chat_id: i64, content: Value) -> Value {
    let chat = chat_object(shared, chat_id);
    let mut message = json!({"message_id": id, "date": 1_756_368_000, "chat": chat.clone()});
    if chat["type"] == "channel" {
        // A bot's post in a channel appears as the channel.
        message["sender_chat"] = chat;
    } else {
        message["from"] = json!({"id": BOT_ID, "is_bot": true, "first_name": "Ketenwacht", "username": BOT_USERNAME});
    }
    if let Value::Object(fields) = content {
        for (key, value) in fields {
            message[key] = value;
        }
    }
    message
}

fn chat_member(shared: &Shared, chat_id: i64, user_id: i64) -> Value {
    let status = shared.members.lock().unwrap().get(&(chat_id, user_id)).cloned().unwrap_or_else(|| "member".into());
    let user = json!({"id": user_id, "is_bot": false, "first_name": format!("Lid {user_id}")});
    match status.as_str() {
        "creator" => json!({"status": "creator", "user": user, "is_anonymous": false}),
        "administrator" => json!({
            "status": "administrator", "user": user, "is_anonymous": false, "can_be_edited": false,
            "can_manage_chat": true, "can_change_info": true, "can_delete_messages": true, "can_manage_video_chats": true,
            "can_restrict_members": true, "can_promote_members": false, "can_invite_users": true, "can_post_stories": false,
            "can_edit_stories": false, "can_delete_stories": false, "can_pin_messages": true, "can_manage_topics": false,
        }),
        other => json!({"status": other, "user": user}),
    }
}

/// Records a send to `chat_id` and returns a 429 when it breaks a limit (see
/// [`FakeTelegram::enforce_rate_limits`]); a rejected send is not recorded.
fn flood_control(shared: &Shared, chat_id: i64) -> Option<ApiFailure> {
    let mut sends = shared.sends.lock().unwrap();
    let sends = sends.as_mut()?;
    let now = tokio::time::Instant::now();
    let within = |times: &[tokio::time::Instant], window: Duration| times.iter().filter(|at| now.duration_since(**at) < window).count();
    let all: Vec<tokio::time::Instant> = sends.values().flatten().copied().collect();
    let chat = sends.entry(chat_id).or_default();
    let over_overall = within(&all, Duration::from_secs(1)) >= 30;
    let over_chat = within(chat, Duration::from_secs(1)) >= 1;
    let over_group = chat_id < 0 && within(chat, Duration::from_secs(60)) >= 20;
    if over_overall || over_chat || over_group {
        let retry_after = if over_group { 60 } else { 1 };
        return Some(ApiFailure::retry_after(retry_after));
    }
    chat.push(now);
    None
}

fn scripted_failure(shared: &Shared, method: &str, chat_id: Option<i64>) -> Option<ApiFailure> {
    let mut scripts = shared.scripts.lock().unwrap();
    let index = scripts.iter().position(|script| {
        script.method == method && script.chat_id.is_none_or(|wanted| Some(wanted) == chat_id) && script.remaining != Some(0)
    })?;
    let script = &mut scripts[index];
    if let Some(remaining) = &mut script.remaining {
        *remaining -= 1;
    }
    Some(script.failure.clone())
}

fn chat_id_of(body: &Value) -> Option<i64> {
    match &body["chat_id"] {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Reads a JSON body, or a multipart body as an object of its fields.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> Value {
    let content_type = headers.get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default();
    match content_type.split_once("boundary=") {
        Some((_, boundary)) if content_type.starts_with("multipart/form-data") => parse_multipart(body, boundary.trim_matches('"')),
        _ => serde_json::from_slice(body).unwrap_or(Value::Null),
    }
}

fn parse_multipart(body: &[u8], boundary: &str) -> Value {
    let mut fields = serde_json::Map::new();
    let text = String::from_utf8_lossy(body);
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else { continue };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let attribute = |name: &str| {
            let marker = format!("{name}=\"");
            head.split(&marker).nth(1).and_then(|rest| rest.split('"').next()).map(str::to_owned)
        };
        let Some(name) = attribute("name") else { continue };
        let value = match attribute("filename") {
            Some(file_name) => json!({"file_name": file_name, "content": content, "bytes": content.len()}),
            // teloxide sends numbers and objects in multipart fields as JSON text.
            None => serde_json::from_str(content).unwrap_or_else(|_| json!(content)),
        };
        fields.insert(name, value);
    }
    // teloxide names a file part and refers to it as `attach://<name>` from the field.
    let attached: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.strip_prefix("attach://")?.to_owned())))
        .collect();
    for (name, part) in attached {
        if let Some(file) = fields.remove(&part) {
            fields.insert(name, file);
        }
    }
    Value::Object(fields)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(&text[index + 1..index + 3], 16) {
                decoded.push(value);
                index += 3;
                continue;
            }
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}
