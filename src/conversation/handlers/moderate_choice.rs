//! Staff presses on a moderation card: approve, how to reject, change tier, change TLP.

use chrono::Utc;

use super::moderate::decision_reply;
use super::moderate_card::{card, organisation};
use super::submit::tlp_label;
use crate::conversation::callback::{Callback, ModerationAction};
use crate::conversation::describe::tier_choice;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Choice, Conversation, Reply};
use crate::domain::{Language, Tier, Tlp};
use crate::i18n::{text, text_with};
use crate::store::{StaffActor, SubmissionChange};
use crate::submissions::advisory::{approved_advisory, AdvisoryTexts};
use crate::submissions::{Decision, Submission, SubmissionStatus};

/// The TLP labels staff may give a submission. AMBER+STRICT keeps it with staff; RED is never
/// stored.
const STAFF_TLPS: [Tlp; 4] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict];

impl Conversation {
    /// Handles a press on a moderation card; only staff may press.
    pub(crate) async fn moderate_choice(
        &self,
        context: &ChatContext,
        language: Language,
        id: i64,
        action: ModerationAction,
    ) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        if !self.store.has_data_key() {
            return Ok(Reply::text(text(language, "submission-off")).privately());
        }
        let press = |label: String, action| Choice::new(label, Callback::Moderate { id, action });
        match action {
            ModerationAction::Show => self.moderate(context, language, &[id.to_string()]).await,
            ModerationAction::Approve => self.approve(context, language, id).await,
            ModerationAction::RejectHelp => Ok(Reply::text(text_with(language, "submission-reject-how", &[("id", id.to_string().into())])).privately()),
            ModerationAction::OfferTiers => {
                let choices = Tier::ALL.into_iter().map(|tier| press(tier_choice(tier, language), ModerationAction::SetTier(tier))).collect();
                Ok(Reply::text(text(language, "submission-choose-tier-staff")).with_column(choices))
            }
            ModerationAction::OfferTlps => {
                let choices = STAFF_TLPS.into_iter().map(|tlp| press(tlp_label(tlp, language), ModerationAction::SetTlp(tlp))).collect();
                Ok(Reply::text(text(language, "submission-choose-tlp-staff")).with_column(choices))
            }
            ModerationAction::SetTier(tier) => self.change(context, language, id, SubmissionChange::Tier(tier)).await,
            ModerationAction::SetTlp(Tlp::Red) => Ok(Reply::text(text(language, "submission-red-refused")).privately()),
            ModerationAction::SetTlp(tlp) => self.change(context, language, id, SubmissionChange::Tlp(tlp)).await,
        }
    }

    /// Approves a pending submission: it becomes an advisory published now.
    async fn approve(&self, context: &ChatContext, language: Language, id: i64) -> Result<Reply, ConversationError> {
        let chat = &context.chat;
        let Some(submission) = self.store.submission(id).await.map_err(store_failed("load a submission", chat))? else {
            return Ok(decision_reply(id, &Decision::NotFound, language, "submission-approved"));
        };
        let (Some(tlp), Some(tier), SubmissionStatus::Pending) = (submission.tlp, submission.tier, submission.status) else {
            return Ok(decision_reply(id, &Decision::AlreadyDecided(submission.status), language, "submission-approved"));
        };
        if tlp == Tlp::AmberStrict {
            return Ok(Reply::text(text_with(language, "submission-strict-stays", &[("id", id.to_string().into())])).privately());
        }
        let texts = self.advisory_texts(&submission).await?;
        let now = Utc::now();
        let advisory = approved_advisory(&submission, tlp, tier, &texts, &self.classifier, now);
        let actor = StaffActor { platform: chat.platform, user_id: &context.user_id };
        let decision = self.store.approve_submission(id, &advisory, actor, now).await.map_err(store_failed("approve a submission", chat))?;
        tracing::info!(chat = %chat, staff = %context.user_id, submission = id, advisory = %advisory.id(), ?decision, "submission approval handled");
        if decision != Decision::Done {
            return Ok(decision_reply(id, &decision, language, "submission-approved"));
        }
        let arguments = [("id", id.to_string().into()), ("advisory", advisory.id().to_string().into()), ("tlp", tlp.as_str().into())];
        Ok(Reply::text(text_with(language, "submission-approved", &arguments)))
    }

    /// Changes the tier or TLP label of a pending submission and shows its card again.
    async fn change(&self, context: &ChatContext, language: Language, id: i64, change: SubmissionChange) -> Result<Reply, ConversationError> {
        let chat = &context.chat;
        let actor = StaffActor { platform: chat.platform, user_id: &context.user_id };
        let decision = self.store.change_submission(id, change, actor, Utc::now()).await.map_err(store_failed("change a submission", chat))?;
        if decision != Decision::Done {
            return Ok(decision_reply(id, &decision, language, "submission-changed"));
        }
        tracing::info!(chat = %chat, staff = %context.user_id, submission = id, ?change, "pending submission changed");
        let Some(submission) = self.store.submission(id).await.map_err(store_failed("load a submission", chat))? else {
            return Ok(decision_reply(id, &Decision::NotFound, language, "submission-changed"));
        };
        let organisation = organisation(self, &submission).await?;
        let changed = Reply::text(text_with(language, "submission-changed", &[("id", id.to_string().into())]));
        let card = card(&submission, organisation.as_deref(), language);
        Ok(Reply { blocks: [changed.blocks, card.blocks].concat(), choices: card.choices, ..Reply::default() })
    }

    /// Returns the attribution and headings of the advisory, in the submitter's language.
    async fn advisory_texts(&self, submission: &Submission) -> Result<AdvisoryTexts, ConversationError> {
        let language = submission.language;
        let named = if submission.anonymous { None } else { organisation(self, submission).await? };
        let reported_by = match named {
            Some(organisation) => text_with(language, "submission-reported-by", &[("organisation", organisation.into())]),
            None => text(language, "submission-reported-by-member"),
        };
        Ok(AdvisoryTexts {
            fallback_title: text(language, "submission-fallback-title"),
            indicators_heading: text(language, "submission-indicators-heading"),
            reported_by,
        })
    }
}
