//! `announce` and `withdraw`: staff write an announcement, choose its audience, preview and
//! confirm it into the outbox, and withdraw what has not gone out.

use chrono::Utc;

use super::announce_schedule::{split_schedule, ScheduleError, MAX_SCHEDULE_DAYS};
use super::announce_view::{audience_view, preview, Reach};
use super::staff::usage;
use crate::conversation::callback::AnnounceStep;
use crate::conversation::command::MAX_SHOWN_CHARS;
use crate::conversation::text::shown;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Conversation, Reply};
use crate::delivery::Payload;
use crate::digest::format_date;
use crate::domain::{Audience, Language};
use crate::i18n::{text, text_with};
use crate::store::{Announcement, AnnouncementStatus, Confirmation, NewAnnouncement, Withdrawal, MAX_ANNOUNCEMENT_CHARS};

impl Conversation {
    /// Handles `announce`: stores the draft and offers the audience choices.
    pub(crate) async fn announce(&self, context: &ChatContext, language: Language, typed: &str) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        if typed.is_empty() {
            return Ok(usage(language, "announce-usage"));
        }
        let now = Utc::now();
        let (send_at, body) = match split_schedule(typed, now) {
            Ok(split) => split,
            Err(error) => return Ok(Reply::text(schedule_error_text(&error, language)).privately()),
        };
        let length = body.chars().count();
        if length > MAX_ANNOUNCEMENT_CHARS {
            let arguments = [("length", length.into()), ("maximum", MAX_ANNOUNCEMENT_CHARS.into())];
            return Ok(Reply::text(text_with(language, "announce-too-long", &arguments)).privately());
        }

        let draft = NewAnnouncement { platform: context.chat.platform, created_by: &context.user_id, body: &body, send_at, at: now };
        let id = self.store.create_announcement(&draft).await.map_err(store_failed("store an announcement", &context.chat))?;
        tracing::info!(chat = %context.chat, staff = %context.user_id, announcement = id, "announcement drafted");
        let announcement = self.load_announcement(context, id).await?;
        let Some(announcement) = announcement else {
            return Ok(not_found(id, language));
        };
        let reach = self.reach(context).await?;
        Ok(audience_view(&announcement, Audience::EVERYONE, &reach, language))
    }

    /// Handles a press on an announcement's audience, preview or confirm choice.
    pub(crate) async fn announce_step(
        &self,
        context: &ChatContext,
        language: Language,
        id: i64,
        audience: Audience,
        step: AnnounceStep,
    ) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let Some(announcement) = self.load_announcement(context, id).await? else {
            return Ok(not_found(id, language));
        };
        if announcement.status != AnnouncementStatus::Draft {
            return Ok(not_draft(&announcement, language));
        }
        let reach = self.reach(context).await?;
        match step {
            AnnounceStep::Audience => Ok(audience_view(&announcement, audience, &reach, language)),
            AnnounceStep::Preview => Ok(preview(&announcement, audience, &reach, language)),
            AnnounceStep::Confirm => self.confirm(context, language, &announcement, audience, &reach).await,
        }
    }

    async fn confirm(
        &self,
        context: &ChatContext,
        language: Language,
        announcement: &Announcement,
        audience: Audience,
        reach: &Reach,
    ) -> Result<Reply, ConversationError> {
        let now = Utc::now();
        if announcement.send_at.is_some_and(|send_at| send_at <= now) {
            return Ok(Reply::text(text(language, "announce-schedule-passed")).privately());
        }
        if reach.chats(audience) == 0 {
            return Ok(Reply::text(text(language, "announce-nobody")).privately());
        }
        let body = announcement.body.clone();
        let payload_for = |chat_language: Language| {
            let payload = Payload::Text { text: message_text(&body, chat_language) };
            // A payload of one string always encodes.
            serde_json::to_value(payload).unwrap_or_default()
        };
        let confirmation = self
            .store
            .confirm_announcement(announcement.id, audience, payload_for, &context.user_id, now)
            .await
            .map_err(store_failed("confirm an announcement", &context.chat))?;
        let chats = match confirmation {
            Confirmation::Enqueued { chats } => chats,
            Confirmation::NotDraft(_) | Confirmation::NotFound => {
                let Some(reloaded) = self.load_announcement(context, announcement.id).await? else {
                    return Ok(not_found(announcement.id, language));
                };
                return Ok(not_draft(&reloaded, language));
            }
        };
        let when = format_date(announcement.send_at.unwrap_or(now), language);
        let arguments = [("id", announcement.id.to_string().into()), ("chats", chats.into()), ("when", when.into())];
        Ok(Reply::text(text_with(language, "announce-confirmed", &arguments)))
    }

    /// Handles `withdraw ID`.
    pub(crate) async fn withdraw(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let [typed] = arguments else {
            return Ok(usage(language, "announce-withdraw-usage"));
        };
        let Some(id) = typed.trim_start_matches('#').parse::<i64>().ok().filter(|id| *id > 0) else {
            let arguments = [("id", shown(typed, MAX_SHOWN_CHARS).into())];
            return Ok(Reply::text(text_with(language, "announce-id-invalid", &arguments)).privately());
        };
        let withdrawal = self
            .store
            .withdraw_announcement(id, context.chat.platform, &context.user_id, Utc::now())
            .await
            .map_err(store_failed("withdraw an announcement", &context.chat))?;
        let id_text = id.to_string();
        let reply = match withdrawal {
            Withdrawal::Withdrawn { removed, gone_out } => text_with(
                language,
                "announce-withdrawn",
                &[("id", id_text.into()), ("removed", count(removed)), ("gone", count(gone_out))],
            ),
            Withdrawal::DraftWithdrawn => text_with(language, "announce-draft-withdrawn", &[("id", id_text.into())]),
            Withdrawal::Delivered { gone_out } => {
                text_with(language, "announce-delivered", &[("id", id_text.into()), ("gone", count(gone_out))])
            }
            Withdrawal::AlreadyWithdrawn => text_with(language, "announce-already-withdrawn", &[("id", id_text.into())]),
            Withdrawal::NotFound => return Ok(not_found(id, language)),
        };
        Ok(Reply::text(reply))
    }

    async fn load_announcement(&self, context: &ChatContext, id: i64) -> Result<Option<Announcement>, ConversationError> {
        self.store.announcement(id).await.map_err(store_failed("load an announcement", &context.chat))
    }

    async fn reach(&self, context: &ChatContext) -> Result<Reach, ConversationError> {
        let subscriptions = self.store.subscriptions(true).await.map_err(store_failed("list subscriptions", &context.chat))?;
        Ok(Reach::new(&subscriptions))
    }
}

/// Returns the message a chat in `language` receives: the localised heading, then the text.
pub(crate) fn message_text(body: &str, language: Language) -> String {
    format!("{}\n\n{body}", text(language, "announce-heading"))
}

fn count(value: u64) -> crate::i18n::Arg {
    usize::try_from(value).unwrap_or(usize::MAX).into()
}

fn not_found(id: i64, language: Language) -> Reply {
    Reply::text(text_with(language, "announce-not-found", &[("id", id.to_string().into())])).privately()
}

fn not_draft(announcement: &Announcement, language: Language) -> Reply {
    let id = match announcement.status {
        AnnouncementStatus::Withdrawn => "announce-already-withdrawn",
        _ => "announce-already-confirmed",
    };
    Reply::text(text_with(language, id, &[("id", announcement.id.to_string().into())])).privately()
}

fn schedule_error_text(error: &ScheduleError, language: Language) -> String {
    let value = |typed: &str| shown(typed, MAX_SHOWN_CHARS).into();
    match error {
        ScheduleError::Invalid(typed) => text_with(language, "announce-schedule-invalid", &[("value", value(typed))]),
        ScheduleError::Skipped(typed) => text_with(language, "announce-schedule-skipped", &[("value", value(typed))]),
        ScheduleError::Past(typed) => text_with(language, "announce-schedule-past", &[("value", value(typed))]),
        ScheduleError::TooFar(typed) => text_with(
            language,
            "announce-schedule-too-far",
            &[("value", value(typed)), ("days", usize::try_from(MAX_SCHEDULE_DAYS).unwrap_or_default().into())],
        ),
        ScheduleError::NoText => text(language, "announce-schedule-no-text"),
    }
}
