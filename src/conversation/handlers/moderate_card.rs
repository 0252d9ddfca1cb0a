//! The moderation card: a submission as staff see it, with who sent it, and the approve,
//! reject, change tier and change TLP buttons.

use chrono::Utc;

use super::submit::{details, push_defanged, tlp_label};
use crate::conversation::callback::{Callback, ModerationAction};
use crate::conversation::describe::tier_choice;
use crate::conversation::state::{store_failed, ChatState, ConversationError};
use crate::conversation::{Choice, Conversation, Reply};
use crate::delivery::Payload;
use crate::domain::{ChatRef, Language, NewOutboxMessage, Platform, Tlp};
use crate::i18n::{text, text_with};
use crate::submissions::{Submission, SubmissionStatus};

/// Builds the card of `submission` in `language`. `organisation` is the submitter's verified
/// organisation, if any.
pub(crate) fn card(submission: &Submission, organisation: Option<&str>, language: Language) -> Reply {
    let submitter = match (&submission.submitter, organisation) {
        (Some(submitter), Some(organisation)) => text_with(
            language,
            "submission-card-submitter-verified",
            &[("user", submitter.user_id.as_str().into()), ("platform", submission.platform.as_str().into()), ("organisation", organisation.into())],
        ),
        (Some(submitter), None) => text_with(
            language,
            "submission-card-submitter",
            &[("user", submitter.user_id.as_str().into()), ("platform", submission.platform.as_str().into())],
        ),
        (None, _) => text(language, "submission-card-submitter-removed"),
    };
    let not_chosen = text(language, "submission-none");
    let attribution = if submission.anonymous { "submission-shown-anonymous" } else { "submission-shown-named" };
    let arguments = [
        ("id", submission.id.to_string().into()),
        ("status", text(language, &format!("submission-status-{}", submission.status.as_str())).into()),
        ("submitter", submitter.into()),
        ("attribution", text(language, attribution).into()),
        ("tlp", submission.tlp.map_or_else(|| not_chosen.clone(), |tlp| tlp_label(tlp, language)).into()),
        ("tier", submission.tier.map_or(not_chosen, |tier| tier_choice(tier, language)).into()),
    ];
    let mut reply = Reply::text(text_with(language, "submission-card", &arguments));
    push_defanged(&mut reply, &submission.content.text);
    reply.push_text(details(&submission.content, language));
    if submission.status != SubmissionStatus::Pending {
        return reply;
    }
    let press = |id: &str, action| Choice::new(text(language, id), Callback::Moderate { id: submission.id, action });
    reply
        .with_row(vec![press("submission-choice-approve", ModerationAction::Approve), press("submission-choice-reject", ModerationAction::RejectHelp)])
        .with_row(vec![press("submission-choice-tier", ModerationAction::OfferTiers), press("submission-choice-tlp", ModerationAction::OfferTlps)])
}

/// Builds the notice of a new submission: its number, TLP label and readers, and a button that
/// shows the card.
fn staff_notice(submission: &Submission, language: Language) -> Reply {
    let not_chosen = text(language, "submission-none");
    let arguments = [
        ("id", submission.id.to_string().into()),
        ("tlp", submission.tlp.map_or_else(|| not_chosen.clone(), |tlp| tlp_label(tlp, language)).into()),
        ("tier", submission.tier.map_or(not_chosen, |tier| tier_choice(tier, language)).into()),
    ];
    let show = Choice::new(text(language, "submission-choice-show"), Callback::Moderate { id: submission.id, action: ModerationAction::Show });
    Reply::text(text_with(language, "submission-notice", &arguments)).with_row(vec![show])
}

/// Returns the staff chats configured in `[roles]`.
pub(crate) fn staff_chats(conversation: &Conversation) -> Vec<ChatRef> {
    let roles = &conversation.roles;
    let discord = roles.staff_discord_channel_id.map(|id| ChatRef::new(Platform::Discord, id.to_string()));
    let telegram = roles.staff_telegram_group_id.map(|id| ChatRef::new(Platform::Telegram, id.to_string()));
    discord.into_iter().chain(telegram).collect()
}

/// Builds one outbox message for each staff chat, in the chat's language, that announces
/// `submission` with a button showing its card. The outbox stores payloads unencrypted, so the
/// message leaves out the report and the submitter. Its label is the submission's TLP label.
pub(crate) async fn staff_cards(conversation: &Conversation, submission: &Submission) -> Result<Vec<NewOutboxMessage>, ConversationError> {
    let mut cards = Vec::new();
    for chat in staff_chats(conversation) {
        let language = ChatState::load(&conversation.store, &chat).await?.language;
        let reply = staff_notice(submission, language);
        let payload = Payload::Message { reply, tlp: submission.tlp.unwrap_or(Tlp::Clear) };
        let payload = serde_json::to_value(&payload).expect("a payload of strings and labels encodes as JSON");
        // One key per staff chat, because a key is unique over the whole outbox.
        let key = format!("submission:{}:card:{}", submission.id, chat.platform);
        cards.push(NewOutboxMessage { key, subscription_id: None, chat, payload, not_before: Utc::now() });
    }
    Ok(cards)
}

/// Returns the verified organisation of the submitter, while their identity is known.
pub(crate) async fn organisation(conversation: &Conversation, submission: &Submission) -> Result<Option<String>, ConversationError> {
    let Some(submitter) = &submission.submitter else { return Ok(None) };
    let chat = ChatRef::new(submission.platform, submitter.chat_id.clone().unwrap_or_else(|| submitter.user_id.clone()));
    let verified = conversation
        .store
        .verified_member(submission.platform, &submitter.user_id)
        .await
        .map_err(store_failed("read the submitter's verification", &chat))?;
    Ok(verified.map(|member| member.organisation))
}
