//! `latest`, `advisory` and `digest`: advisories rendered at the chat's tier by the digest
//! renderer.

use chrono::Utc;

use super::settings::subscribe_first;
use crate::conversation::command::{CommandName, MAX_SHOWN_CHARS};
use crate::conversation::describe::{command_shown, tier_label};
use crate::digest::filters::Filters;
use crate::conversation::state::{store_failed, ChatState, ConversationError};
use crate::conversation::text::shown;
use crate::conversation::{ChatContext, Conversation, Reply, MAX_BLOCK_CHARS};
use crate::digest::{compose_with, render_item_text, render_text, DigestItem, Window};
use crate::domain::{Advisory, AdvisoryId, Cadence, Tier, Tlp};
use crate::i18n::{text, text_with};
use crate::store::AdvisoryQuery;

/// Number of advisories `latest` shows.
const LATEST_COUNT: usize = 5;
/// Number of newest advisories `latest` reads, so that enough remain after leaving out those
/// above the chat's TLP ceiling.
const LATEST_SCAN: u32 = 50;
/// Maximum number of advisories a digest preview reads, newest first.
// NOTE: a window with more changed advisories than this previews only the newest ones.
const PREVIEW_SCAN: u32 = 1000;

impl Conversation {
    /// Shows the newest advisories of the chat's tier, or of the basic tier without a subscription.
    pub(crate) async fn latest(&self, context: &ChatContext, state: ChatState) -> Result<Reply, ConversationError> {
        let language = state.language;
        let tier = state.subscription.as_ref().map_or(Tier::Basic, |subscription| subscription.tier);
        let query = AdvisoryQuery { tier: Some(tier), limit: Some(LATEST_SCAN), ..AdvisoryQuery::default() };
        let advisories =
            self.store.list_advisories(&query).await.map_err(store_failed("list the latest advisories", &context.chat))?;

        let mut reply = Reply::default();
        if state.subscription.is_none() {
            let subscribe = command_shown(CommandName::Subscribe, language);
            reply.push_text(text_with(language, "conversation-latest-default-tier", &[("subscribe", subscribe.into())]));
        }
        let ceiling = self.chat_ceiling(context).await?;
        let shareable: Vec<&Advisory> =
            advisories.iter().filter(|advisory| advisory.draft.tlp.within_ceiling(ceiling)).take(LATEST_COUNT).collect();
        let tier_text = tier_label(tier, language);
        if shareable.is_empty() {
            reply.push_text(text_with(language, "conversation-latest-none", &[("tier", tier_text.into())]));
            return Ok(reply);
        }
        reply.push_text(text_with(language, "conversation-latest-title", &[("tier", tier_text.into())]));
        for advisory in shareable {
            reply.push_text(render_item_text(&DigestItem::from_advisory(advisory, tier), language));
        }
        Ok(reply)
    }

    /// Shows one advisory at the chat's tier.
    pub(crate) async fn advisory(
        &self,
        context: &ChatContext,
        state: ChatState,
        typed: &str,
    ) -> Result<Reply, ConversationError> {
        let language = state.language;
        if typed.is_empty() {
            let example = format!("{} NCSC-2025-0259", command_shown(CommandName::Advisory, language));
            return Ok(Reply::text(text_with(language, "conversation-advisory-missing-id", &[("example", example.into())])));
        }
        let id: AdvisoryId = match typed.parse() {
            Ok(id) => id,
            Err(_) => {
                let shown_id = shown(typed, MAX_SHOWN_CHARS);
                return Ok(Reply::text(text_with(language, "conversation-advisory-invalid-id", &[("id", shown_id.into())])));
            }
        };
        let found = self.store.advisory(&id).await.map_err(store_failed("load an advisory", &context.chat))?;
        let shown_id = shown(id.as_str(), MAX_SHOWN_CHARS);
        let Some(advisory) = found else {
            let latest = command_shown(CommandName::Latest, language);
            let message =
                text_with(language, "conversation-advisory-not-found", &[("id", shown_id.into()), ("latest", latest.into())]);
            return Ok(Reply::text(message));
        };
        let ceiling = self.chat_ceiling(context).await?;
        if !advisory.draft.tlp.within_ceiling(ceiling) {
            let arguments = [("id", shown_id.into()), ("label", advisory.draft.tlp.as_str().into()), ("ceiling", ceiling.as_str().into())];
            let message = text_with(language, "conversation-advisory-restricted", &arguments);
            return Ok(Reply::text(message));
        }
        let tier = state.subscription.as_ref().map_or(Tier::Basic, |subscription| subscription.tier);
        Ok(Reply::text(render_item_text(&DigestItem::from_advisory(&advisory, tier), language)))
    }

    /// Previews the next digest: the subscription's window up to now, through its filters.
    pub(crate) async fn digest_preview(&self, context: &ChatContext, state: ChatState) -> Result<Reply, ConversationError> {
        let language = state.language;
        let Some(subscription) = state.subscription else {
            return Ok(subscribe_first(language));
        };
        let window = Window { from: subscription.window_start, to: Utc::now() };
        let query = AdvisoryQuery {
            changed_since: Some(window.from),
            changed_before: Some(window.to),
            limit: Some(PREVIEW_SCAN),
            ..AdvisoryQuery::default()
        };
        let advisories =
            self.store.list_advisories(&query).await.map_err(store_failed("list advisories for a preview", &context.chat))?;

        let filters = Filters::compile(&subscription.include, &subscription.exclude).unwrap_or_else(|error| {
            // Filters are checked before they are saved, so this needs a stored row changed by hand.
            tracing::warn!(chat = %context.chat, error = %error, "stored filters do not compile; previewing without them");
            Filters::default()
        });
        let passed: Vec<Advisory> = advisories.into_iter().filter(|advisory| filters.accepts(advisory)).collect();
        // The digest speaks the subscription's language, as the delivered one will.
        let ceiling = self.chat_ceiling(context).await?;
        let mut digest =
            compose_with(&passed, subscription.tier, subscription.language, window, subscription.include_lower_tiers, ceiling);
        let intro_id = if subscription.cadence == Cadence::Instant {
            digest.items.retain(DigestItem::is_urgent);
            "conversation-digest-preview-instant"
        } else {
            "conversation-digest-preview"
        };

        let mut reply = Reply::text(text(language, intro_id));
        for part in render_text(&digest, MAX_BLOCK_CHARS) {
            reply.push_text(part);
        }
        Ok(reply)
    }

    /// Loads the chat's TLP ceiling, which replies respect as deliveries do.
    async fn chat_ceiling(&self, context: &ChatContext) -> Result<Tlp, ConversationError> {
        self.store.chat_tlp_ceiling(&context.chat).await.map_err(store_failed("read the TLP ceiling", &context.chat))
    }
}
