//! `moderate [ID]` and `reject ID REASON`: staff look at pending submissions and reject them
//! with a reason that is sent to the submitter.

use chrono::Utc;

use super::moderate_card::{card, organisation};
use super::staff::usage;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Conversation, Reply};
use crate::delivery::Payload;
use crate::domain::{ChatRef, Language, NewOutboxMessage, Tlp};
use crate::i18n::{text, text_with};
use crate::store::{StaffActor, MAX_REJECT_REASON_CHARS};
use crate::submissions::{Decision, Submission, SubmissionStatus};

impl Conversation {
    /// Shows the card of submission ID, or of the pending submission that waits longest.
    pub(crate) async fn moderate(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        if !self.store.has_data_key() {
            return Ok(usage(language, "submission-off"));
        }
        let chat = &context.chat;
        let submission = match arguments {
            [] => self.store.oldest_pending_submission().await.map_err(store_failed("load the oldest pending submission", chat))?,
            [id] => match parse_id(id) {
                Some(id) => self.store.submission(id).await.map_err(store_failed("load a submission", chat))?,
                None => return Ok(usage(language, "submission-moderate-usage")),
            },
            _ => return Ok(usage(language, "submission-moderate-usage")),
        };
        let Some(submission) = submission else {
            let id = if arguments.is_empty() { "submission-none-pending" } else { "submission-not-found-staff" };
            return Ok(Reply::text(text_with(language, id, &[("id", arguments.join(" ").into())])));
        };
        if submission.status == SubmissionStatus::Draft {
            return Ok(Reply::text(text_with(language, "submission-not-found-staff", &[("id", submission.id.to_string().into())])));
        }
        let organisation = organisation(self, &submission).await?;
        Ok(card(&submission, organisation.as_deref(), language))
    }

    /// Rejects a pending submission with a reason and sends the submitter a notice.
    pub(crate) async fn reject(&self, context: &ChatContext, language: Language, typed: &str) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        if !self.store.has_data_key() {
            return Ok(usage(language, "submission-off"));
        }

        let (id, reason) = typed.split_once(char::is_whitespace).unwrap_or((typed, ""));
        let reason = reason.trim();
        let Some(id) = parse_id(id) else {
            return Ok(usage(language, "submission-reject-usage"));
        };
        if reason.is_empty() {
            return Ok(usage(language, "submission-reject-usage"));
        }
        if reason.chars().count() > MAX_REJECT_REASON_CHARS {
            return Ok(Reply::text(text_with(language, "submission-reason-too-long", &[("maximum", MAX_REJECT_REASON_CHARS.into())])).privately());
        }

        let chat = &context.chat;
        let Some(submission) = self.store.submission(id).await.map_err(store_failed("load a submission", chat))? else {
            return Ok(Reply::text(text_with(language, "submission-not-found-staff", &[("id", id.to_string().into())])));
        };

        let notice = rejection_notice(&submission, reason);
        let actor = StaffActor { platform: chat.platform, user_id: &context.user_id };
        let decision = self
            .store
            .reject_submission(id, reason, notice.as_ref(), actor, Utc::now())
            .await
            .map_err(store_failed("reject a submission", chat))?;
        tracing::info!(chat = %chat, staff = %context.user_id, submission = id, ?decision, "submission rejection handled");
        Ok(decision_reply(id, &decision, language, "submission-rejected"))
    }
}

/// Builds the notice to the submitter's private chat, in their language; `None` when their
/// identity was removed or they submitted in a shared chat.
fn rejection_notice(submission: &Submission, reason: &str) -> Option<NewOutboxMessage> {
    let submitter = submission.submitter.as_ref()?;
    let chat_id = submitter.chat_id.clone()?;
    let arguments = [("id", submission.id.to_string().into()), ("reason", reason.into())];
    let reply = Reply::text(text_with(submission.language, "submission-rejected-notice", &arguments));
    let payload = Payload::Message { reply, tlp: Tlp::Clear };
    Some(NewOutboxMessage {
        key: format!("submission:{}:rejected", submission.id),
        subscription_id: None,
        chat: ChatRef::new(submission.platform, chat_id),
        payload: serde_json::to_value(&payload).expect("a payload of strings and labels encodes as JSON"),
        not_before: Utc::now(),
    })
}

/// Replies to a staff decision: `done_id` when it was stored, else why nothing changed.
pub(crate) fn decision_reply(id: i64, decision: &Decision, language: Language, done_id: &str) -> Reply {
    let id_text = id.to_string();
    match decision {
        Decision::Done => Reply::text(text_with(language, done_id, &[("id", id_text.into())])),
        // Staff never see a member's unsent draft.
        Decision::AlreadyDecided(SubmissionStatus::Draft) | Decision::NotFound => {
            Reply::text(text_with(language, "submission-not-found-staff", &[("id", id_text.into())])).privately()
        }
        Decision::AlreadyDecided(status) => {
            let status = text(language, &format!("submission-status-{}", status.as_str()));
            Reply::text(text_with(language, "submission-already-decided", &[("id", id_text.into()), ("status", status.into())])).privately()
        }
    }
}

/// Parses a submission id as staff type it, with or without a leading `#`.
fn parse_id(typed: &str) -> Option<i64> {
    let digits = typed.strip_prefix('#').unwrap_or(typed);
    let valid = !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|byte| byte.is_ascii_digit());
    digits.parse().ok().filter(|id| valid && *id > 0)
}
