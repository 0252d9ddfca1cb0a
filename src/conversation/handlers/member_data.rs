//! `mydata` and `forget`: a member sees what is stored about them and has it deleted.

use chrono::Utc;

use super::audit_log::{blocks, entry_line};
use crate::conversation::callback::Callback;
use crate::conversation::describe::{language_name, summary};
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Choice, Conversation, Reply};
use crate::digest::format_date;
use crate::domain::Language;
use crate::i18n::{text, text_with};
use crate::store::StoreError;

impl Conversation {
    /// Lists what is stored about the member who asks, in their private chat only.
    pub(crate) async fn my_data(&self, context: &ChatContext, language: Language) -> Result<Reply, ConversationError> {
        if context.chat_kind.is_shared() {
            return Ok(private_only(language));
        }
        let chat = &context.chat;
        let platform = chat.platform;
        let failed = |operation| store_failed(operation, chat);
        let subscription = self.store.subscription(chat).await.map_err(failed("read the subscription"))?;
        let chat_language = self.store.chat_language(chat).await.map_err(failed("read the chat language"))?;
        let verification = self.store.verified_member(platform, &context.user_id).await.map_err(failed("read the verification"))?;
        let runs = self.store.checklist_runs(platform, &context.user_id).await.map_err(failed("list the checklist runs"))?;
        let entries = self.store.member_audit_entries(platform, &context.user_id, chat).await.map_err(failed("list the audit entries"))?;

        let mut lines = vec![text_with(language, "member-data-who", &[("member", format!("{platform}:{}", context.user_id).into())])];
        lines.push(match &subscription {
            Some(subscription) => text_with(language, "member-data-subscription", &[("summary", summary(subscription, language).into())]),
            None => text(language, "member-data-no-subscription"),
        });
        if let Some(chosen) = chat_language {
            lines.push(text_with(language, "member-data-language", &[("language", language_name(chosen, language).into())]));
        }
        lines.push(match &verification {
            Some(member) => text_with(
                language,
                "member-data-verified",
                &[("organisation", member.organisation.as_str().into()), ("when", format_date(member.verified_at, language).into())],
            ),
            None => text(language, "member-data-not-verified"),
        });
        let suppliers: Vec<String> = runs.iter().filter_map(|run| run.supplier.clone()).collect();
        let suppliers = if suppliers.is_empty() { "-".to_owned() } else { suppliers.join(", ") };
        lines.push(text_with(language, "member-data-checklists", &[("count", runs.len().into()), ("suppliers", suppliers.into())]));
        lines.push(self.submissions_line(context, language).await?);
        lines.push(text_with(language, "member-data-audit", &[("count", entries.len().into())]));

        let audit_lines = entries.iter().map(|entry| entry_line(entry, language));
        let mut reply = Reply::text(lines.join("\n"));
        if !entries.is_empty() {
            reply.blocks.extend(blocks(String::new(), audit_lines).blocks);
        }
        reply.push_text(text(language, "member-data-forget-hint"));
        Ok(reply.privately())
    }

    /// Deletes what is stored about the member, after they confirmed with the button.
    pub(crate) async fn forget(&self, context: &ChatContext, language: Language) -> Result<Reply, ConversationError> {
        if context.chat_kind.is_shared() {
            return Ok(private_only(language));
        }
        let chat = &context.chat;
        let submissions = self.forget_submissions(context).await?;
        let forgotten = self
            .store
            .forget_member(chat.platform, &context.user_id, chat, Utc::now())
            .await
            .map_err(store_failed("forget a member", chat))?;
        tracing::info!(chat = %chat, "member data deleted on request");
        let arguments = [
            ("runs", usize::try_from(forgotten.checklist_runs).unwrap_or(usize::MAX).into()),
            ("entries", usize::try_from(forgotten.audit_entries).unwrap_or(usize::MAX).into()),
            ("submissions", usize::try_from(submissions).unwrap_or(usize::MAX).into()),
        ];
        // The chat's own settings are gone, so the reply keeps the language the member read.
        Ok(Reply::text(text_with(language, "member-data-forgotten", &arguments)).with_text(text(language, "member-data-shared-stay")))
    }
}

impl Conversation {
    /// Describes the member's submissions whose identity is still stored. Without a data key
    /// no submission can be linked to the member, so there is nothing to show.
    async fn submissions_line(&self, context: &ChatContext, language: Language) -> Result<String, ConversationError> {
        let platform = context.chat.platform;
        let submissions = match self.store.submissions_of_member(platform, &context.user_id).await {
            Ok(submissions) => submissions,
            Err(StoreError::DataKeyMissing { .. }) => Vec::new(),
            Err(error) => return Err(store_failed("list the member's submissions", &context.chat)(error)),
        };
        let numbers: Vec<String> = submissions
            .iter()
            .map(|submission| format!("#{} {}", submission.id, format_date(submission.created_at, language)))
            .collect();
        let numbers = if numbers.is_empty() { "-".to_owned() } else { numbers.join(", ") };
        Ok(text_with(language, "member-data-submissions", &[("count", submissions.len().into()), ("numbers", numbers.into())]))
    }

    /// Deletes the member's drafts and removes their identity from their other submissions.
    /// Returns how many submissions changed; none without a data key, as none can be linked.
    async fn forget_submissions(&self, context: &ChatContext) -> Result<u64, ConversationError> {
        match self.store.forget_submitter(context.chat.platform, &context.user_id).await {
            Ok(changed) => Ok(changed),
            Err(StoreError::DataKeyMissing { .. }) => Ok(0),
            Err(error) => Err(store_failed("forget the member's submissions", &context.chat)(error)),
        }
    }
}

/// Asks the member to confirm forgetting them.
pub(crate) fn confirm_forget(context: &ChatContext, language: Language) -> Reply {
    if context.chat_kind.is_shared() {
        return private_only(language);
    }
    Reply::text(text(language, "member-data-forget-confirm")).with_row(vec![
        Choice::new(text(language, "member-data-choice-forget"), Callback::Forget { confirmed: true }),
        Choice::new(text(language, "conversation-choice-cancel"), Callback::Cancel),
    ])
}

fn private_only(language: Language) -> Reply {
    Reply::text(text(language, "member-data-private-only")).privately()
}
