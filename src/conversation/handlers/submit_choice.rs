//! The buttons of a member's draft: TLP label, tier, attribution, then send or cancel. The
//! choices travel in the callback ids; only sending writes them.

use chrono::Utc;

use super::moderate_card::staff_cards;
use super::submit::{tlp_label, with_tlp_choices};
use crate::conversation::callback::{Callback, SubmitChoice};
use crate::conversation::describe::tier_choice;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Choice, Conversation, Reply};
use crate::domain::{Language, Tier, Tlp};
use crate::i18n::{text, text_with};
use crate::store::DRAFT_LIFETIME;
use crate::submissions::{Decision, SendChoice, SubmissionStatus};

impl Conversation {
    /// Handles one step of the draft's choices; the last one sends the draft to staff.
    pub(crate) async fn submit_choice(&self, context: &ChatContext, language: Language, choice: SubmitChoice) -> Result<Reply, ConversationError> {
        let id = choice.id;
        let Some(tlp) = choice.tlp else {
            return Ok(with_tlp_choices(Reply::text(text(language, "submission-choose-tlp")), id, language).privately());
        };
        if tlp == Tlp::Red {
            let reply = Reply::text(text(language, "submission-red-refused"));
            return Ok(with_tlp_choices(reply, id, language).privately());
        }
        let Some(tier) = choice.tier else {
            let choices = Tier::ALL
                .into_iter()
                .map(|tier| Choice::new(tier_choice(tier, language), Callback::Submit(SubmitChoice { tier: Some(tier), ..choice })))
                .collect();
            return Ok(Reply::text(text(language, "submission-choose-tier")).with_column(choices).privately());
        };
        let Some(anonymous) = choice.anonymous else {
            let option = |anonymous, id| Choice::new(text(language, id), Callback::Submit(SubmitChoice { anonymous: Some(anonymous), ..choice }));
            let choices = vec![option(false, "submission-choice-named"), option(true, "submission-choice-anonymous")];
            return Ok(Reply::text(text(language, "submission-choose-attribution")).with_column(choices).privately());
        };
        let chosen = SendChoice { tlp, tier, anonymous };
        if !choice.send {
            return Ok(confirm(id, chosen, choice, language));
        }
        self.send_draft(context, language, id, chosen).await
    }

    /// Deletes the member's draft.
    pub(crate) async fn submit_cancel(&self, context: &ChatContext, language: Language, id: i64) -> Result<Reply, ConversationError> {
        let chat = &context.chat;
        let decision = self
            .store
            .cancel_submission(id, chat.platform, &context.user_id)
            .await
            .map_err(store_failed("cancel a submission draft", chat))?;
        Ok(match decision {
            Decision::Done => Reply::text(text(language, "submission-cancelled")),
            other => not_a_draft(id, &other, language),
        }
        .privately())
    }

    /// Marks the draft pending and enqueues its card for every staff chat.
    async fn send_draft(&self, context: &ChatContext, language: Language, id: i64, chosen: SendChoice) -> Result<Reply, ConversationError> {
        let chat = &context.chat;
        let loaded = self.store.submission(id).await.map_err(store_failed("load a submission", chat))?;
        let owned = loaded.filter(|submission| {
            submission.platform == chat.platform && submission.submitter.as_ref().is_some_and(|submitter| submitter.user_id == context.user_id)
        });
        let Some(mut submission) = owned else {
            return Ok(not_a_draft(id, &Decision::NotFound, language).privately());
        };
        if submission.status != SubmissionStatus::Draft {
            return Ok(not_a_draft(id, &Decision::AlreadyDecided(submission.status), language).privately());
        }
        // A draft older than its lifetime counts as deleted, even before the next purge.
        if submission.created_at < Utc::now() - DRAFT_LIFETIME {
            return Ok(not_a_draft(id, &Decision::NotFound, language).privately());
        }

        submission.status = SubmissionStatus::Pending;
        submission.tlp = Some(chosen.tlp);
        submission.tier = Some(chosen.tier);
        submission.anonymous = chosen.anonymous;
        let cards = staff_cards(self, &submission).await?;

        let decision = self
            .store
            .send_submission(id, chat.platform, &context.user_id, chosen, &cards, Utc::now())
            .await
            .map_err(store_failed("send a submission to staff", chat))?;
        if decision != Decision::Done {
            return Ok(not_a_draft(id, &decision, language).privately());
        }
        tracing::info!(chat = %chat, submission = id, cards = cards.len(), "submission sent to staff");
        Ok(Reply::text(text_with(language, "submission-sent", &[("id", id.to_string().into())])).privately())
    }
}

/// Sums up the choices and offers to send or cancel.
fn confirm(id: i64, chosen: SendChoice, choice: SubmitChoice, language: Language) -> Reply {
    let attribution = if chosen.anonymous { "submission-shown-anonymous" } else { "submission-shown-named" };
    let arguments = [
        ("tlp", tlp_label(chosen.tlp, language).into()),
        ("tier", tier_choice(chosen.tier, language).into()),
        ("attribution", text(language, attribution).into()),
    ];
    Reply::text(text_with(language, "submission-confirm", &arguments))
        .with_row(vec![
            Choice::new(text(language, "submission-choice-send"), Callback::Submit(SubmitChoice { send: true, ..choice })),
            Choice::new(text(language, "submission-choice-cancel"), Callback::SubmitCancel { id }),
        ])
        .privately()
}

/// Explains why a draft step did nothing: the draft is gone or was already sent.
fn not_a_draft(id: i64, decision: &Decision, language: Language) -> Reply {
    let id_text = id.to_string();
    match decision {
        Decision::AlreadyDecided(_) => Reply::text(text_with(language, "submission-already-sent", &[("id", id_text.into())])),
        _ => Reply::text(text_with(language, "submission-not-found", &[("id", id_text.into())])),
    }
}
