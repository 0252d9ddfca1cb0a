//! The Telegram adapter running in tests: the real teloxide client, started inside ketenwacht
//! against a [`FakeTelegram`], and helpers that press its buttons and match its requests.

use std::time::Duration;

use ketenwacht::config::{RoleSettings, TelegramSettings};
use ketenwacht::conversation::Conversation;
use ketenwacht::platforms::telegram::{self, ApiAccess, BotToken};
use ketenwacht::store::Store;
use tokio::sync::watch;

use super::fake_telegram::{FakeTelegram, Recorded};

/// A token in the Bot API's shape; the secret part must never show up in an error.
pub const TOKEN: &str = "123456789:AAtestSECRETtoken_0123456789";
/// Upper bound for one expected request to arrive; a failing test waits this long.
pub const WAIT: Duration = Duration::from_secs(30);

pub fn access(fake: &FakeTelegram) -> ApiAccess {
    ApiAccess { token: BotToken::new(TOKEN), api_url: Some(fake.api_url()), webhook_secret: None }
}

pub fn settings() -> TelegramSettings {
    TelegramSettings { polling_timeout: Duration::from_secs(1), ..TelegramSettings::default() }
}

/// The adapter running in long-polling mode until [`RunningBot::stop`].
pub struct RunningBot {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<(), telegram::TelegramError>>,
}

pub async fn start_bot(store: &Store, fake: &FakeTelegram) -> RunningBot {
    start_bot_with_roles(store, fake, RoleSettings::default()).await
}

/// Starts the adapter with `roles` deciding who is staff.
pub async fn start_bot_with_roles(store: &Store, fake: &FakeTelegram, roles: RoleSettings) -> RunningBot {
    let (stop, stopped) = watch::channel(false);
    let stopped = async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let task = tokio::spawn(telegram::run(access(fake), store.clone(), settings(), Conversation::new(store.clone()).with_roles(roles), stopped));
    RunningBot { stop, task }
}

impl RunningBot {
    pub async fn stop(self) {
        self.stop.send(true).unwrap();
        let result = tokio::time::timeout(WAIT, self.task).await.expect("bot stops").expect("bot task joins");
        assert!(result.is_ok(), "bot stopped with {result:?}");
    }
}

pub fn sent_to(chat: i64) -> impl Fn(&Recorded) -> bool {
    move |request| request.chat_id() == Some(chat)
}

pub fn sent_to_containing(chat: i64, needle: String) -> impl Fn(&Recorded) -> bool {
    move |request| request.chat_id() == Some(chat) && request.text().contains(&needle)
}

/// Presses the button whose callback id satisfies `pick` under message `message`, checks that
/// the press was confirmed, and returns the edit it caused.
pub async fn press(fake: &FakeTelegram, chat: i64, user: i64, message: &Recorded, pick: impl Fn(&str) -> bool) -> Recorded {
    let callbacks = message.callbacks();
    let data = callbacks.iter().find(|data| pick(data)).unwrap_or_else(|| panic!("no such button in {callbacks:?}")).clone();
    let message_id = message.message_id().expect("the message has an id");
    let same_message = move |request: &Recorded| request.message_id() == Some(message_id);
    let edits_before = fake.calls("editmessagetext").iter().filter(|request| same_message(request)).count();
    let update = fake.callback(chat, user, message_id, &data);
    let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
    fake.push_update(update);
    fake.wait_for("answercallbackquery", |request| request.body["callback_query_id"] == query_id, WAIT).await;
    fake.wait_for_count("editmessagetext", same_message, edits_before + 1, WAIT).await.pop().unwrap()
}

/// Checks that a message goes out as HTML within Telegram's 4096 characters.
pub fn assert_html_request(request: &Recorded) {
    assert_eq!(request.body["parse_mode"], "HTML", "{}", request.body);
    assert!(request.text().chars().count() <= 4096, "message of {} characters", request.text().chars().count());
}
