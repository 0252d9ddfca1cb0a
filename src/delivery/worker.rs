//! A delivery worker: claims due outbox messages, paces and sends them, records the outcome.
//!
//! Several workers, in one process or many, may run against one database: a claim gives a
//! message to one worker until its lease ends, and a crashed worker's claims lapse. Messages to
//! one chat are sent one at a time and in order; different chats are sent concurrently.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::sync::watch;

use super::error::{store_error, DeliveryError};
use super::metrics::{DeliveryEvent, DeliveryMetrics};
use super::outcome::{record_outcome, Next, RetryPolicy};
use super::ceiling::{ceiling_violation, staff_chat_violation};
use super::{Pacer, Payload, SendOutcome, Sender};
use crate::config::RoleSettings;
use crate::domain::{ChatKind, ChatRef, OutboxMessage, Platform};
use crate::store::Store;

/// Maximum number of chats whose kind a worker remembers before it starts over.
const MAX_CACHED_CHAT_KINDS: usize = 100_000;

/// Settings of one worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerConfig {
    /// Name of this worker in claims; unique among running workers (host and process id).
    pub worker_id: String,
    /// How long a claim lasts. A message whose lease is about to end is not sent.
    pub lease: Duration,
    pub batch_size: u32,
    pub retry: RetryPolicy,
    /// Maximum wait for one send before it counts as a transient failure.
    pub send_timeout: Duration,
    /// Pause between claims when nothing was due.
    pub idle_wait: Duration,
    /// Chats sent to at once.
    pub concurrency: usize,
    /// Maximum wait at shutdown for sends already started.
    pub shutdown_grace: Duration,
    /// How long a message for a platform without a sender in this worker waits before it is
    /// claimed again (by this worker or one that has the sender).
    pub unsupported_platform_wait: Duration,
}

impl WorkerConfig {
    /// Builds a configuration with the defaults: lease 5 min, batches of 100, 8 attempts with backoff
    /// from 30 s to 1 h, sends timing out after 30 s, 16 chats at once.
    pub fn new(worker_id: impl Into<String>) -> Self {
        Self {
            worker_id: worker_id.into(),
            lease: Duration::from_secs(300),
            batch_size: 100,
            retry: RetryPolicy { max_attempts: 8, backoff_base: Duration::from_secs(30), backoff_max: Duration::from_secs(3600) },
            send_timeout: Duration::from_secs(30),
            idle_wait: Duration::from_secs(1),
            concurrency: 16,
            shutdown_grace: Duration::from_secs(10),
            unsupported_platform_wait: Duration::from_secs(60),
        }
    }
}

/// The source of the current time for outbox timestamps; tests replace it.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The outcome counts of one claimed batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub claimed: usize,
    /// Messages whose outcome was recorded (sent, waiting for a retry, or failed).
    pub handled: usize,
    /// Messages left claimed: their lease was about to end, the worker stopped, or the store
    /// failed. Their claims lapse, or shutdown releases them.
    pub left: usize,
}

pub struct Worker {
    store: Store,
    senders: HashMap<Platform, Arc<dyn Sender>>,
    pacer: Arc<Pacer>,
    config: WorkerConfig,
    metrics: Arc<DeliveryMetrics>,
    clock: Clock,
    /// The staff chats, which accept messages above their own TLP ceiling.
    roles: RoleSettings,
    chat_kinds: Mutex<HashMap<ChatRef, ChatKind>>,
    /// Platforms without a sender already logged, so each is logged once.
    warned_platforms: Mutex<HashSet<Platform>>,
}

impl Worker {
    pub fn new(store: Store, senders: HashMap<Platform, Arc<dyn Sender>>, pacer: Arc<Pacer>, config: WorkerConfig) -> Self {
        Self {
            store,
            senders,
            pacer,
            config,
            metrics: Arc::new(DeliveryMetrics::new()),
            clock: Arc::new(Utc::now),
            roles: RoleSettings::default(),
            chat_kinds: Mutex::new(HashMap::new()),
            warned_platforms: Mutex::new(HashSet::new()),
        }
    }

    /// Counts into `metrics`, which several workers may share.
    pub fn with_metrics(mut self, metrics: Arc<DeliveryMetrics>) -> Self {
        self.metrics = metrics;
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Sets the staff chats: there, messages such as moderation cards may carry labels up to
    /// AMBER+STRICT (see [`staff_chat_violation`]). Without this call no chat is a staff chat.
    pub fn with_roles(mut self, roles: RoleSettings) -> Self {
        self.roles = roles;
        self
    }

    pub fn metrics(&self) -> Arc<DeliveryMetrics> {
        Arc::clone(&self.metrics)
    }

    /// Sends until `shutdown` completes. Then it claims nothing more, gives sends already
    /// started `shutdown_grace` to finish, and returns its remaining claims to pending.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        let (stop, stopped) = watch::channel(false);
        tokio::pin!(shutdown);
        tracing::info!(worker = %self.config.worker_id, "delivery worker started");
        loop {
            let claimed = tokio::select! {
                () = &mut shutdown => break,
                claimed = self.claim() => claimed,
            };
            let messages = match claimed {
                Ok(messages) if !messages.is_empty() => messages,
                Ok(_) => {
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(self.config.idle_wait) => continue,
                    }
                }
                Err(error) => {
                    tracing::error!(worker = %self.config.worker_id, %error, "failed to claim outbox messages");
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(self.config.idle_wait.max(Duration::from_secs(5))) => continue,
                    }
                }
            };

            let batch = self.process(messages, stopped.clone());
            tokio::pin!(batch);
            tokio::select! {
                _ = &mut batch => {}
                () = &mut shutdown => {
                    let _ = stop.send(true);
                    if tokio::time::timeout(self.config.shutdown_grace, &mut batch).await.is_err() {
                        tracing::warn!(worker = %self.config.worker_id, "sends still running at the end of the shutdown grace were abandoned; their messages return to pending and may arrive twice");
                    }
                    break;
                }
            }
        }
        self.release().await;
        tracing::info!(worker = %self.config.worker_id, "delivery worker stopped");
    }

    /// Claims one batch and processes it to the end.
    pub async fn run_once(&self) -> Result<BatchReport, DeliveryError> {
        let messages = self.claim().await?;
        let (_stop, stopped) = watch::channel(false);
        Ok(self.process(messages, stopped).await)
    }

    /// Returns this worker's claims to pending.
    pub async fn release(&self) {
        match self.store.release_claims(&self.config.worker_id).await {
            Ok(released) => tracing::info!(worker = %self.config.worker_id, released, "released outbox claims"),
            Err(error) => tracing::error!(worker = %self.config.worker_id, %error, "failed to release outbox claims; they lapse when the lease ends"),
        }
    }

    async fn claim(&self) -> Result<Vec<OutboxMessage>, DeliveryError> {
        let operation = format!("claim outbox messages for worker {}", self.config.worker_id);
        self.store
            .claim_outbox(&self.config.worker_id, (self.clock)(), self.config.lease, self.config.batch_size)
            .await
            .map_err(store_error(operation))
    }

    async fn process(&self, messages: Vec<OutboxMessage>, stopped: watch::Receiver<bool>) -> BatchReport {
        let claimed = messages.len();
        let reports: Vec<BatchReport> = futures_util::stream::iter(group_by_chat(messages))
            .map(|(chat, messages)| self.deliver_chat(chat, messages, stopped.clone()))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        let handled = reports.iter().map(|report| report.handled).sum();
        BatchReport { claimed, handled, left: claimed - handled }
    }

    /// Sends one chat's messages in order, stopping at the first that must wait.
    async fn deliver_chat(&self, chat: ChatRef, messages: Vec<OutboxMessage>, mut stopped: watch::Receiver<bool>) -> BatchReport {
        let mut chat = chat;
        let mut next = Next::Continue;
        let mut handled = 0;
        for message in &messages {
            let result = match &next {
                Next::Continue => self.deliver(&mut chat, message, &mut stopped).await,
                Next::HoldUntil(until) => self.hold(message, *until).await.map(|()| Some(next.clone())),
                Next::FailRest(reason) => self.fail(message, reason).await.map(|()| Some(next.clone())),
            };
            match result {
                Ok(Some(outcome)) => {
                    handled += 1;
                    next = outcome;
                }
                Ok(None) => break,
                Err(error) => {
                    tracing::error!(message = message.id, chat = %chat, %error, "failed to record a delivery; the message is sent again after its lease ends");
                    break;
                }
            }
        }
        BatchReport { claimed: messages.len(), handled, left: messages.len() - handled }
    }

    /// Sends one message, following a chat migration once. Returns `None` when the message was
    /// left claimed (lease ending, or the worker is stopping).
    async fn deliver(&self, chat: &mut ChatRef, message: &OutboxMessage, stopped: &mut watch::Receiver<bool>) -> Result<Option<Next>, DeliveryError> {
        if *stopped.borrow() || self.lease_ending(message) {
            return Ok(None);
        }
        let payload: Payload = match serde_json::from_value(message.payload.clone()) {
            Ok(payload) => payload,
            Err(error) => return self.fail(message, &format!("undecodable payload: {error}")).await.map(|()| Some(Next::Continue)),
        };
        let ceiling_operation = format!("read the TLP ceiling of chat {chat}");
        let ceiling = self.store.chat_tlp_ceiling(chat).await.map_err(store_error(ceiling_operation))?;
        let violation = if self.roles.is_staff_chat(chat) {
            staff_chat_violation(&payload, ceiling)
        } else {
            ceiling_violation(&payload, ceiling)
        };
        if let Some(reason) = violation {
            return self.fail(message, &reason).await.map(|()| Some(Next::Continue));
        }
        let Some(sender) = self.senders.get(&chat.platform).cloned() else {
            self.warn_unsupported(chat.platform);
            let wait = chrono::Duration::from_std(self.config.unsupported_platform_wait).unwrap_or(chrono::Duration::minutes(1));
            let until = (self.clock)() + wait;
            return self.hold(message, until).await.map(|()| Some(Next::HoldUntil(until)));
        };

        let mut outcome = match self.send(sender.as_ref(), chat, message, &payload, stopped).await {
            Some(outcome) => outcome,
            None => return Ok(None),
        };
        if let SendOutcome::Migrated { new_chat_id } = &outcome {
            self.migrate(chat, new_chat_id).await?;
            outcome = match self.send(sender.as_ref(), chat, message, &payload, stopped).await {
                Some(outcome) => outcome,
                None => return Ok(None),
            };
        }
        let mut recorded = message.clone();
        recorded.chat = chat.clone();
        record_outcome(&self.store, &self.metrics, self.config.retry, &recorded, outcome, (self.clock)()).await.map(Some)
    }

    /// Paces and sends once. Returns `None` when the worker stopped while waiting for the pacer.
    async fn send(&self, sender: &dyn Sender, chat: &ChatRef, message: &OutboxMessage, payload: &Payload, stopped: &mut watch::Receiver<bool>) -> Option<SendOutcome> {
        let kind = self.chat_kind(chat, message.subscription_id).await;
        let waited = tokio::select! {
            waited = self.pacer.acquire(chat, kind) => waited,
            _ = stopped.wait_for(|stop| *stop) => return None,
        };
        if !waited.is_zero() {
            self.metrics.count(chat.platform, DeliveryEvent::Paced);
        }
        let timeout = self.config.send_timeout;
        let outcome = tokio::time::timeout(timeout, sender.send(chat, payload, &message.key)).await;
        Some(outcome.unwrap_or_else(|_| SendOutcome::Transient(format!("send to {chat} timed out after {timeout:?}"))))
    }

    async fn migrate(&self, chat: &mut ChatRef, new_chat_id: &str) -> Result<(), DeliveryError> {
        let operation = format!("move chat {chat} to id {new_chat_id}");
        self.store.move_chat(chat, new_chat_id).await.map_err(store_error(operation))?;
        self.metrics.count(chat.platform, DeliveryEvent::Migrated);
        tracing::info!(from = %chat, to = new_chat_id, "chat moved to a new id; resending there");

        let moved = ChatRef::new(chat.platform, new_chat_id);
        let mut kinds = self.chat_kinds.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(kind) = kinds.remove(chat) {
            kinds.insert(moved.clone(), kind);
        }
        *chat = moved;
        Ok(())
    }

    /// Returns the chat's kind for pacing: from the cache, else from its subscription, else
    /// `Group`, whose limits are the strictest.
    async fn chat_kind(&self, chat: &ChatRef, subscription_id: Option<i64>) -> ChatKind {
        if let Some(kind) = self.chat_kinds.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(chat) {
            return *kind;
        }
        let found = match subscription_id {
            Some(id) => self.store.subscription_by_id(id).await,
            None => self.store.subscription(chat).await,
        };
        let kind = match found {
            Ok(Some(subscription)) => subscription.chat_kind,
            Ok(None) => ChatKind::Group,
            Err(error) => {
                tracing::warn!(chat = %chat, %error, "failed to look up the chat kind; pacing it as a group");
                return ChatKind::Group;
            }
        };
        let mut kinds = self.chat_kinds.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kinds.len() >= MAX_CACHED_CHAT_KINDS {
            kinds.clear();
        }
        kinds.insert(chat.clone(), kind);
        kind
    }

    /// Returns whether the message's claim ends before a send could finish.
    fn lease_ending(&self, message: &OutboxMessage) -> bool {
        let margin = chrono::Duration::from_std(self.config.send_timeout).unwrap_or(chrono::Duration::minutes(1));
        let ending = message.claimed_until.is_some_and(|until| (self.clock)() + margin >= until);
        if ending {
            tracing::warn!(message = message.id, chat = %message.chat, "claim ends before a send could finish; leaving the message for the next claim");
        }
        ending
    }

    async fn hold(&self, message: &OutboxMessage, until: DateTime<Utc>) -> Result<(), DeliveryError> {
        let operation = format!("return outbox message {} ({}) to pending", message.id, message.key);
        let reason = "waiting for an earlier message to the same chat";
        self.store.mark_retry(message.id, until, reason, false).await.map_err(store_error(operation))
    }

    async fn fail(&self, message: &OutboxMessage, reason: &str) -> Result<(), DeliveryError> {
        let operation = format!("mark outbox message {} ({}) failed", message.id, message.key);
        self.store.mark_failed(message.id, reason, (self.clock)()).await.map_err(store_error(operation))?;
        self.metrics.count(message.chat.platform, DeliveryEvent::Failed);
        tracing::error!(message = message.id, key = %message.key, chat = %message.chat, reason, "outbox message failed");
        Ok(())
    }

    fn warn_unsupported(&self, platform: Platform) {
        let first = self.warned_platforms.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(platform);
        if first {
            tracing::warn!(worker = %self.config.worker_id, %platform, "no sender for this platform in this worker; its messages stay pending");
        }
    }
}

/// Groups messages by chat, keeping the claim order within each chat and the order in which
/// chats first appear.
fn group_by_chat(messages: Vec<OutboxMessage>) -> Vec<(ChatRef, Vec<OutboxMessage>)> {
    let mut groups: Vec<(ChatRef, Vec<OutboxMessage>)> = Vec::new();
    let mut index: HashMap<ChatRef, usize> = HashMap::new();
    for message in messages {
        match index.get(&message.chat) {
            Some(&at) => groups[at].1.push(message),
            None => {
                index.insert(message.chat.clone(), groups.len());
                groups.push((message.chat.clone(), vec![message]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OutboxStatus;

    fn message(id: i64, chat: &str) -> OutboxMessage {
        let now = Utc::now();
        OutboxMessage {
            id,
            key: format!("key-{id}"),
            subscription_id: None,
            chat: ChatRef::new(Platform::Telegram, chat),
            payload: serde_json::Value::Null,
            status: OutboxStatus::Claimed,
            attempts: 0,
            next_attempt_at: now,
            claimed_by: None,
            claimed_until: None,
            last_error: None,
            created_at: now,
            sent_at: None,
        }
    }

    #[test]
    fn groups_keep_order() {
        let messages = vec![message(1, "a"), message(2, "b"), message(3, "a"), message(4, "c"), message(5, "b")];
        let groups = group_by_chat(messages);
        let shape: Vec<(String, Vec<i64>)> =
            groups.iter().map(|(chat, messages)| (chat.chat_id.clone(), messages.iter().map(|m| m.id).collect())).collect();
        assert_eq!(shape, [("a".into(), vec![1, 3]), ("b".into(), vec![2, 5]), ("c".into(), vec![4])]);
    }
}
