//! The platform-neutral conversation: typed commands in, structured replies out.
//!
//! Platforms turn their events into a [`ChatContext`] and a [`Command`] or callback, call
//! [`Conversation`], and render the [`Reply`]. No feature logic lives in a platform, and no
//! conversation state lives in memory: a multi-step choice carries its state in the callback
//! ids of its buttons (see [`callback`]); a checklist walk stores its progress and its buttons
//! carry the run id. Texts come from `locales/{nl,en}/conversation.ftl` and, for the
//! checklist, `checklist.ftl`; the staff commands' from `staff.ftl`, announcements' from
//! `announce.ftl`, `mydata`, `forget` and `audit` from `member_data.ftl`, and the submission
//! dialogue's and moderation's from `submissions.ftl`.

pub mod callback;
pub mod checklist_request;
pub mod command;
mod describe;
mod handlers;
pub mod reply;
pub mod request;
mod role;
mod state;
mod text;

pub use callback::{AnnounceStep, Callback, CallbackError, ChecklistView, RunStep};
pub use command::{command_list, staff_command_list, ArgumentProblem, Command, CommandName};
pub use reply::{Attachment, Block, Choice, Reply, MAX_BLOCK_CHARS};
pub use role::{is_staff, Role};
pub use state::{chat_language, may_change, ConversationError};
pub(crate) use text::is_hidden;

use std::sync::Arc;

use crate::classify::Classifier;
use crate::config::RoleSettings;
use crate::domain::{ChatKind, ChatRef, Language, Platform};
use crate::i18n::{text, text_with};
use crate::store::{Store, StoreError};
use state::ChatState;

/// The member and chat of one event, filled in by the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatContext {
    pub chat: ChatRef,
    pub chat_kind: ChatKind,
    /// The member's id on the platform.
    pub user_id: String,
    /// Whether the member may change a shared chat's subscription (the platform checks it).
    pub is_admin: bool,
    /// The member's interface language as the platform reports it, if any. Replies in a
    /// private chat follow it until the chat chooses a language or subscribes.
    pub user_language: Option<Language>,
    /// The member's Discord role ids in the guild; empty elsewhere. Staff roles are among them.
    pub member_role_ids: Vec<String>,
}

/// Handles commands and button presses for every platform.
#[derive(Clone)]
pub struct Conversation {
    store: Store,
    roles: RoleSettings,
    /// Classifies approved submissions, as ingest classifies advisories.
    classifier: Arc<Classifier>,
    /// Whether the terminal user is an ordinary member (`chat --member`) instead of staff.
    terminal_member: bool,
}

impl Conversation {
    /// Creates a conversation in which nobody is staff, except in the terminal chat, and
    /// approved submissions are classified by the built-in rules.
    pub fn new(store: Store) -> Self {
        Self { store, roles: RoleSettings::default(), classifier: Arc::new(Classifier::builtin()), terminal_member: false }
    }

    /// Sets who counts as staff.
    pub fn with_roles(mut self, roles: RoleSettings) -> Self {
        self.roles = roles;
        self
    }

    /// Returns who counts as staff.
    pub fn roles(&self) -> &RoleSettings {
        &self.roles
    }

    /// Returns whether `chat` is a configured staff chat, where every member is staff.
    pub fn is_staff_chat(&self, chat: &ChatRef) -> bool {
        self.roles.is_staff_chat(chat)
    }

    /// Sets the rules that classify approved submissions.
    pub fn with_classifier(mut self, classifier: Classifier) -> Self {
        self.classifier = Arc::new(classifier);
        self
    }

    /// Makes the terminal user an ordinary member, without staff rights.
    pub fn with_terminal_member(mut self) -> Self {
        self.terminal_member = true;
        self
    }

    /// Returns whether the member in `context` is staff; see [`is_staff`].
    pub(crate) fn is_staff(&self, context: &ChatContext) -> bool {
        let terminal_member = self.terminal_member && context.chat.platform == Platform::Terminal;
        !terminal_member && is_staff(&self.roles, context)
    }

    /// Handles a typed command.
    pub async fn handle_command(&self, context: &ChatContext, command: Command) -> Reply {
        let state = match ChatState::for_member(&self.store, context).await {
            Ok(state) => state,
            Err(error) => return failure_reply(context, Language::default(), &error),
        };
        let language = state.language;
        let result = match command {
            Command::Start => Ok(handlers::welcome::start(language)),
            Command::Help => Ok(handlers::welcome::help(language, self.is_staff(context))),
            Command::Subscribe(arguments) => self.subscribe_command(context, state, &arguments).await,
            Command::Unsubscribe => self.unsubscribe(context, state).await,
            Command::Settings => Ok(handlers::settings::view(context, &state)),
            Command::Latest => self.latest(context, state).await,
            Command::Advisory(id) => self.advisory(context, state, &id).await,
            Command::Digest => self.digest_preview(context, state).await,
            Command::Checklist(arguments) => self.checklist(context, state, &arguments).await,
            Command::Ask(question) => Ok(handlers::ask::ask(&question, language)),
            Command::Verify(arguments) => self.verify(context, language, &arguments).await,
            Command::Unverify(arguments) => self.unverify(context, language, &arguments).await,
            Command::Channel(arguments) => self.channel(context, language, &arguments).await,
            Command::Announce(typed) => self.announce(context, language, &typed).await,
            Command::Withdraw(arguments) => self.withdraw(context, language, &arguments).await,
            Command::Audit(arguments) => self.audit(context, language, &arguments).await,
            Command::MyData => self.my_data(context, language).await,
            Command::Forget => Ok(handlers::member_data::confirm_forget(context, language)),
            Command::Submit(text) => self.submit(context, language, &text).await,
            Command::Moderate(arguments) => self.moderate(context, language, &arguments).await,
            Command::Reject(text) => self.reject(context, language, &text).await,
            Command::BadArguments { command, problem } => {
                Ok(handlers::welcome::bad_arguments(command, &problem, language))
            }
            Command::Unknown(name) => Ok(handlers::welcome::unknown(&name, language)),
        };
        result.unwrap_or_else(|error| failure_reply(context, language, &error))
    }

    /// Handles a press on a choice whose callback id is `callback`.
    pub async fn handle_callback(&self, context: &ChatContext, callback: &str) -> Reply {
        let state = match ChatState::for_member(&self.store, context).await {
            Ok(state) => state,
            Err(error) => return failure_reply(context, Language::default(), &error),
        };
        let language = state.language;
        let callback = match Callback::parse(callback) {
            Ok(callback) => callback,
            Err(error) => return handlers::welcome::callback_rejected(context, &error, language),
        };
        let result = match callback {
            Callback::Help => Ok(handlers::welcome::help(language, self.is_staff(context))),
            Callback::Settings => Ok(handlers::settings::view(context, &state)),
            Callback::Cancel => Ok(Reply::text(text(language, "conversation-cancelled"))),
            Callback::Subscribe(choice) => self.subscribe_choice(context, state, choice).await,
            Callback::Ask(setting) => Ok(handlers::settings::ask(context, &state, setting)),
            Callback::Set(value) => self.change_setting(context, state, value).await,
            Callback::Unsubscribe { confirmed: false } => Ok(handlers::settings::confirm_unsubscribe(context, &state)),
            Callback::Unsubscribe { confirmed: true } => self.unsubscribe(context, state).await,
            Callback::Checklist(ChecklistView::Sections) => Ok(handlers::checklist_browse::sections(language)),
            Callback::Checklist(ChecklistView::Section(id)) => Ok(handlers::checklist_browse::section(id, language)),
            Callback::Checklist(ChecklistView::Item(id)) => Ok(handlers::checklist_browse::item(id, language)),
            Callback::ChecklistAnswer { run, item, answer } => {
                self.checklist_answer(context, language, run, item, answer).await
            }
            Callback::ChecklistRun { run, step } => self.checklist_step(context, language, run, step).await,
            Callback::Announce { id, audience, step } => self.announce_step(context, language, id, audience, step).await,
            Callback::Forget { confirmed: false } => Ok(handlers::member_data::confirm_forget(context, language)),
            Callback::Forget { confirmed: true } => self.forget(context, language).await,
            Callback::Submit(choice) => self.submit_choice(context, language, choice).await,
            Callback::SubmitCancel { id } => self.submit_cancel(context, language, id).await,
            Callback::Moderate { id, action } => self.moderate_choice(context, language, id, action).await,
        };
        result.unwrap_or_else(|error| failure_reply(context, language, &error))
    }
}

impl Conversation {
    /// Returns the language the conversation replies in for `chat`, for platforms that add
    /// texts of their own. Falls back to Dutch when the chat's settings cannot be read.
    pub async fn language(&self, chat: &ChatRef) -> Language {
        match ChatState::load(&self.store, chat).await {
            Ok(state) => state.language,
            Err(error) => {
                tracing::warn!(chat = %chat, error = %error, "failed to read the chat language; using the default");
                Language::default()
            }
        }
    }

    /// Handles a file the member sent to the bot (a Telegram document, a Discord attachment,
    /// a path in the terminal). Platforms pass the bytes they downloaded, at most
    /// [`MAX_UPLOAD_BYTES`]; a larger file is rejected by the platform before download, and
    /// here too. A CSV file is read as a filled-in checklist questionnaire and answered with a
    /// summary and advice; other files are rejected.
    pub async fn handle_upload(&self, context: &ChatContext, file_name: &str, content: &[u8]) -> Reply {
        let language = match ChatState::for_member(&self.store, context).await {
            Ok(state) => state.language,
            Err(error) => return failure_reply(context, Language::default(), &error),
        };
        tracing::debug!(chat = %context.chat, bytes = content.len(), "upload received");
        handlers::checklist_file::import(context, language, file_name, content)
    }
}

/// Maximum size of a file the bot accepts from a member, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024;

/// Turns an internal error into a polite reply, and logs the detail. This is the only place
/// where a failed request becomes a reply.
fn failure_reply(context: &ChatContext, language: Language, error: &ConversationError) -> Reply {
    tracing::error!(chat = %context.chat, user = %context.user_id, error = %error, "conversation request failed");
    // A submission sealed with another data key stays unreadable until that key is back, so
    // trying again later does not help.
    if let ConversationError::Store { source: StoreError::Decrypt { id, .. }, .. } = error {
        return Reply::text(text_with(language, "submission-unreadable", &[("id", id.to_string().into())])).privately();
    }
    Reply::text(text(language, "conversation-internal-error")).privately()
}

#[cfg(test)]
mod checklist_tests;
#[cfg(test)]
mod tests;
