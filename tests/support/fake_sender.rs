//! A chat platform stand-in for delivery tests: it records every send attempt and replies to
//! each one as the test commands (sent, rate limited, transient error, hang, permanent error,
//! migration).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use ketenwacht::delivery::{Payload, PermanentKind, SendOutcome, Sender};
use ketenwacht::domain::{ChatRef, Platform};

/// The reply of the fake to one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Sent,
    RateLimited(Duration),
    Transient(String),
    /// Never replies, so the worker's send timeout fires.
    Hang,
    Permanent(PermanentKind),
    Migrated(String),
}

/// One send attempt as the fake saw it.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub chat: ChatRef,
    pub key: String,
    pub payload: Payload,
    pub answer: Answer,
}

pub struct FakeSender {
    platform: Platform,
    max_chars: usize,
    /// Answers for the next sends to one chat id, in order; `Sent` once they run out.
    scripts: Mutex<HashMap<String, VecDeque<Answer>>>,
    /// Answers for every send to one chat id, after its script.
    always: Mutex<HashMap<String, Answer>>,
    attempts: Mutex<Vec<Attempt>>,
}

impl FakeSender {
    pub fn new(platform: Platform) -> Self {
        Self {
            platform,
            max_chars: 4096,
            scripts: Mutex::new(HashMap::new()),
            always: Mutex::new(HashMap::new()),
            attempts: Mutex::new(Vec::new()),
        }
    }

    /// Queues answers for the next sends to `chat_id`.
    pub fn script(&self, chat_id: &str, answers: impl IntoIterator<Item = Answer>) {
        self.scripts.lock().unwrap().entry(chat_id.to_owned()).or_default().extend(answers);
    }

    /// Answers every send to `chat_id` with `answer` once its script has run out.
    pub fn always(&self, chat_id: &str, answer: Answer) {
        self.always.lock().unwrap().insert(chat_id.to_owned(), answer);
    }

    pub fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().unwrap().clone()
    }

    /// Returns the attempts answered `Sent`, in order.
    pub fn delivered(&self) -> Vec<Attempt> {
        self.attempts().into_iter().filter(|attempt| attempt.answer == Answer::Sent).collect()
    }

    fn next_answer(&self, chat_id: &str) -> Answer {
        if let Some(answer) = self.scripts.lock().unwrap().get_mut(chat_id).and_then(VecDeque::pop_front) {
            return answer;
        }
        self.always.lock().unwrap().get(chat_id).cloned().unwrap_or(Answer::Sent)
    }
}

#[async_trait]
impl Sender for FakeSender {
    fn platform(&self) -> Platform {
        self.platform
    }

    fn max_message_chars(&self) -> usize {
        self.max_chars
    }

    async fn send(&self, chat: &ChatRef, payload: &Payload, idempotency_key: &str) -> SendOutcome {
        let answer = self.next_answer(&chat.chat_id);
        self.attempts.lock().unwrap().push(Attempt {
            chat: chat.clone(),
            key: idempotency_key.to_owned(),
            payload: payload.clone(),
            answer: answer.clone(),
        });
        match answer {
            Answer::Sent => SendOutcome::Sent,
            Answer::RateLimited(retry_after) => SendOutcome::RateLimited { retry_after },
            Answer::Transient(reason) => SendOutcome::Transient(reason),
            Answer::Hang => std::future::pending().await,
            Answer::Permanent(kind) => SendOutcome::Permanent { kind, reason: format!("fake {kind:?}") },
            Answer::Migrated(new_chat_id) => SendOutcome::Migrated { new_chat_id },
        }
    }
}
