//! `submit TEXT`: a member reports what they saw. The text is stored as an encrypted draft,
//! and the reply shows what the bot understood with the TLP choices.

use chrono::{Duration, Utc};

use crate::conversation::callback::{Callback, SubmitChoice};
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::{ChatContext, Choice, Conversation, Reply, MAX_BLOCK_CHARS};
use crate::domain::{Language, Platform, Tlp};
use crate::i18n::{text, text_with, Arg};
use crate::submissions::indicators::{defang_link, defang_text, extract};
use crate::submissions::{NewSubmission, SubmissionContent, Submitter};

/// The TLP labels a member is offered; RED is offered so that its refusal can be explained.
pub(crate) const OFFERED_TLPS: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

impl Conversation {
    /// Stores the typed text as a draft and offers the TLP label choices.
    pub(crate) async fn submit(&self, context: &ChatContext, language: Language, typed: &str) -> Result<Reply, ConversationError> {
        if !self.store.has_data_key() {
            return Ok(private(language, "submission-off"));
        }
        // Discord shows the replies to the member only, so a shared channel is private enough.
        // Elsewhere other members would read the report before staff do.
        if context.chat_kind.is_shared() && context.chat.platform != Platform::Discord {
            return Ok(private(language, "submission-private-only"));
        }
        if typed.trim().is_empty() {
            return Ok(private(language, "submission-usage"));
        }
        let settings = self.store.submission_settings();
        let length = typed.chars().count();
        if length > settings.max_chars {
            let arguments = [("count", Arg::from(length)), ("maximum", Arg::from(settings.max_chars))];
            return Ok(Reply::text(text_with(language, "submission-too-long", &arguments)).privately());
        }
        let now = Utc::now();
        let chat = &context.chat;
        let started = self
            .store
            .submissions_started_since(chat.platform, &context.user_id, now - Duration::hours(24))
            .await
            .map_err(store_failed("count the member's submissions", chat))?;
        if started >= u64::from(settings.max_per_day) {
            let arguments = [("maximum", Arg::from(settings.max_per_day as usize))];
            return Ok(Reply::text(text_with(language, "submission-limit", &arguments)).privately());
        }

        let extracted = extract(typed);
        let content = SubmissionContent { text: typed.to_owned(), link: extracted.link, indicators: extracted.indicators };
        // A notice goes to the chat the member submitted from only when that chat is private.
        // NOTE: a Discord member who submits in a shared channel gets no rejection notice,
        // because the conversation does not know their direct-message channel.
        let private_chat = (!context.chat_kind.is_shared()).then(|| chat.chat_id.clone());
        let submission = NewSubmission {
            platform: chat.platform,
            language,
            content: content.clone(),
            // NOTE: no platform passes the member's display name into `ChatContext` yet, so
            // staff identify the submitter by user id.
            submitter: Submitter { user_id: context.user_id.clone(), chat_id: private_chat, display_name: None },
            created_at: now,
        };
        let id = self.store.create_submission(&submission).await.map_err(store_failed("store a submission draft", chat))?;
        tracing::info!(chat = %chat, submission = id, indicators = content.indicators.len(), "submission draft stored");
        let reply = preview(&content, language).with_text(text(language, "submission-choose-tlp"));
        Ok(with_tlp_choices(reply, id, language).privately())
    }
}

/// Shows what the bot understood: the text, the link and the indicators, all defanged.
pub(crate) fn preview(content: &SubmissionContent, language: Language) -> Reply {
    let mut reply = Reply::text(text(language, "submission-understood"));
    push_defanged(&mut reply, &content.text);
    reply.push_text(details(content, language));
    reply
}

/// Appends `text` defanged, in as many blocks as it needs, because each block must fit one
/// message.
pub(crate) fn push_defanged(reply: &mut Reply, text: &str) {
    let shown: Vec<char> = defang_text(text).chars().collect();
    for block in shown.chunks(MAX_BLOCK_CHARS) {
        reply.push_text(block.iter().collect::<String>());
    }
}

/// Returns the link and indicator lines of a submission, defanged.
pub(crate) fn details(content: &SubmissionContent, language: Language) -> String {
    let none = text(language, "submission-none");
    let link = content.link.as_deref().map_or_else(|| none.clone(), defang_link);
    let indicators: Vec<String> =
        content.indicators.iter().map(|indicator| format!("{} ({})", indicator.defanged(), indicator.kind.as_str())).collect();
    let indicators = if indicators.is_empty() { none } else { indicators.join("\n") };
    text_with(language, "submission-details", &[("link", link.into()), ("indicators", indicators.into())])
}

/// Adds one button per offered TLP label for draft `id`.
pub(crate) fn with_tlp_choices(reply: Reply, id: i64, language: Language) -> Reply {
    let choices = OFFERED_TLPS
        .into_iter()
        .map(|tlp| {
            let choice = SubmitChoice { tlp: Some(tlp), ..SubmitChoice::new(id) };
            Choice::new(tlp_label(tlp, language), Callback::Submit(choice))
        })
        .collect();
    reply.with_column(choices)
}

/// Returns the button label of a TLP label, such as "TLP:GREEN: ...".
pub(crate) fn tlp_label(tlp: Tlp, language: Language) -> String {
    let id = format!("submission-tlp-{}", tlp.as_str().to_ascii_lowercase().replace('+', "-"));
    text(language, &id)
}

fn private(language: Language, id: &str) -> Reply {
    Reply::text(text(language, id)).privately()
}
