//! `settings` and `unsubscribe`: showing the subscription, changing one setting, stopping.

use chrono::Utc;

use super::subscribe::refused;
use crate::conversation::callback::{Callback, Setting, SettingValue, SubscribeChoice};
use crate::conversation::command::CommandName;
use crate::conversation::describe::{
    cadence_choice, cadence_text, command_shown, language_choice, language_name, tier_choice, tier_label,
    tiers_about,
};
use crate::conversation::state::{may_change, store_failed, ChatState, ConversationError};
use crate::conversation::{ChatContext, Choice, Conversation, Reply};
use crate::domain::{Cadence, Language, Subscription, Tier};
use crate::i18n::{text, text_with};
use crate::store::SettingsChange;

impl Conversation {
    /// Applies one setting from the settings buttons and shows the settings again.
    pub(crate) async fn change_setting(
        &self,
        context: &ChatContext,
        state: ChatState,
        value: SettingValue,
    ) -> Result<Reply, ConversationError> {
        if !may_change(context) {
            return Ok(refused(state.language));
        }
        let chat = &context.chat;
        let now = Utc::now();
        let mut language = state.language;
        let mut chosen_language = None;
        let subscription = match (value, state.subscription) {
            (SettingValue::Language(chosen), subscription) => {
                language = chosen;
                chosen_language = Some(chosen);
                subscription.map(|mut subscription| {
                    subscription.language = chosen;
                    subscription
                })
            }
            (SettingValue::Tier(tier), Some(mut subscription)) => {
                subscription.tier = tier;
                Some(subscription)
            }
            (SettingValue::Cadence(cadence), Some(mut subscription)) => {
                subscription.cadence = cadence;
                Some(subscription)
            }
            (_, None) => return Ok(subscribe_first(language)),
        };
        let subscription = subscription.map(|mut subscription| {
            subscription.updated_at = now;
            subscription
        });

        let (action, detail) = match value {
            SettingValue::Tier(tier) => ("set-tier", tier.as_str()),
            SettingValue::Language(chosen) => ("set-language", chosen.as_str()),
            SettingValue::Cadence(cadence) => ("set-cadence", cadence.as_str()),
        };
        let change = SettingsChange {
            chat,
            subscription: subscription.as_ref(),
            language: chosen_language,
            actor: &context.user_id,
            action,
            detail,
            at: now,
        };
        let subscription = self.store.change_settings(&change).await.map_err(store_failed("change the chat settings", chat))?;
        tracing::info!(chat = %chat, ?value, "chat setting changed");

        let state = ChatState { language, subscription };
        let confirmation = match value {
            SettingValue::Language(chosen) => {
                text_with(language, "conversation-language-changed", &[("language", language_name(chosen, language).into())])
            }
            _ => text(language, "conversation-settings-saved"),
        };
        let mut reply = view(context, &state);
        reply.blocks.insert(0, crate::conversation::Block::Text { text: confirmation });
        Ok(reply)
    }

    /// Handles `/unsubscribe` and its confirmed button: deletes the subscription and confirms.
    pub(crate) async fn unsubscribe(&self, context: &ChatContext, state: ChatState) -> Result<Reply, ConversationError> {
        if !may_change(context) {
            return Ok(refused(state.language));
        }
        let chat = &context.chat;
        let deleted =
            self.store.unsubscribe(chat, &context.user_id, Utc::now()).await.map_err(store_failed("delete the subscription", chat))?;
        let language = state.language;
        if !deleted {
            return Ok(Reply::text(text(language, "conversation-not-subscribed")));
        }
        tracing::info!(chat = %chat, "subscription deleted");
        let message = text_with(
            language,
            "conversation-unsubscribed",
            &[("subscribe", command_shown(CommandName::Subscribe, language).into())],
        );
        Ok(Reply::text(message))
    }
}

/// Shows the chat's settings, with buttons to change them when the member may.
pub(crate) fn view(context: &ChatContext, state: &ChatState) -> Reply {
    let language = state.language;
    let Some(subscription) = &state.subscription else {
        let message = text_with(
            language,
            "conversation-settings-none",
            &[("language", language_name(language, language).into())],
        );
        let reply = Reply::text(message);
        if !may_change(context) {
            return reply;
        }
        let languages = [Language::Nl, Language::En]
            .into_iter()
            .map(|option| Choice::new(language_choice(option), Callback::Set(SettingValue::Language(option))));
        return reply
            .with_row(vec![Choice::new(text(language, "conversation-choice-subscribe"), Callback::Subscribe(SubscribeChoice::default()))])
            .with_row(languages.collect());
    };

    let reply = Reply::text(settings_lines(subscription, language).join("\n"));
    if !may_change(context) {
        return reply;
    }
    reply
        .with_row(vec![
            Choice::new(text(language, "conversation-choice-change-language"), Callback::Ask(Setting::Language)),
            Choice::new(text(language, "conversation-choice-change-tier"), Callback::Ask(Setting::Tier)),
        ])
        .with_row(vec![
            Choice::new(text(language, "conversation-choice-change-cadence"), Callback::Ask(Setting::Cadence)),
            Choice::new(text(language, "conversation-choice-unsubscribe"), Callback::Unsubscribe { confirmed: false }),
        ])
}

fn settings_lines(subscription: &Subscription, language: Language) -> Vec<String> {
    let cadence = cadence_text(subscription.cadence, subscription.delivery_time, subscription.weekday, language);
    let mut lines = vec![
        text(language, "conversation-settings-title"),
        text_with(language, "conversation-settings-tier", &[("tier", tier_label(subscription.tier, language).into())]),
        text_with(
            language,
            "conversation-settings-language",
            &[("language", language_name(subscription.language, language).into())],
        ),
        text_with(language, "conversation-settings-cadence", &[("cadence", cadence.into())]),
    ];
    if subscription.include.is_empty() && subscription.exclude.is_empty() {
        lines.push(text(language, "conversation-settings-no-filters"));
    }
    if !subscription.include.is_empty() {
        let filters = subscription.include.join(", ");
        lines.push(text_with(language, "conversation-settings-include", &[("filters", filters.into())]));
    }
    if !subscription.exclude.is_empty() {
        let filters = subscription.exclude.join(", ");
        lines.push(text_with(language, "conversation-settings-exclude", &[("filters", filters.into())]));
    }
    let lower = if subscription.include_lower_tiers { "yes" } else { "no" };
    lines.push(text_with(language, "conversation-settings-lower", &[("lower", lower.into())]));
    if !subscription.active {
        // The stored reason is the platform's own error text, so members get a fixed sentence.
        lines.push(text(language, "conversation-settings-inactive"));
    }
    lines
}

/// Offers the values of one setting as buttons.
pub(crate) fn ask(context: &ChatContext, state: &ChatState, setting: Setting) -> Reply {
    let language = state.language;
    if !may_change(context) {
        return refused(language);
    }
    if setting == Setting::Language {
        let languages = [Language::Nl, Language::En]
            .into_iter()
            .map(|option| Choice::new(language_choice(option), Callback::Set(SettingValue::Language(option))));
        return Reply::text(text(language, "conversation-settings-choose-language")).with_row(languages.collect());
    }
    let Some(subscription) = &state.subscription else {
        return subscribe_first(language);
    };
    if setting == Setting::Tier {
        let tiers = Tier::ALL
            .into_iter()
            .map(|tier| Choice::new(tier_choice(tier, language), Callback::Set(SettingValue::Tier(tier))));
        let message = format!("{}\n{}", text(language, "conversation-settings-choose-tier"), tiers_about(language));
        return Reply::text(message).with_column(tiers.collect());
    }
    let cadences = Cadence::ALL.into_iter().map(|cadence| {
        let label = cadence_choice(cadence, subscription.delivery_time, subscription.weekday, language);
        Choice::new(label, Callback::Set(SettingValue::Cadence(cadence)))
    });
    Reply::text(text(language, "conversation-settings-choose-cadence")).with_column(cadences.collect())
}

/// Asks to confirm unsubscribing, from the settings button.
pub(crate) fn confirm_unsubscribe(context: &ChatContext, state: &ChatState) -> Reply {
    let language = state.language;
    if !may_change(context) {
        return refused(language);
    }
    if state.subscription.is_none() {
        return Reply::text(text(language, "conversation-not-subscribed"));
    }
    Reply::text(text(language, "conversation-unsubscribe-confirm")).with_row(vec![
        Choice::new(text(language, "conversation-choice-unsubscribe-confirm"), Callback::Unsubscribe { confirmed: true }),
        Choice::new(text(language, "conversation-choice-cancel"), Callback::Cancel),
    ])
}

/// Tells a chat without subscription to subscribe first, with a button for it.
pub(crate) fn subscribe_first(language: Language) -> Reply {
    let message = text_with(
        language,
        "conversation-subscribe-first",
        &[("subscribe", command_shown(CommandName::Subscribe, language).into())],
    );
    Reply::text(message)
        .with_row(vec![Choice::new(text(language, "conversation-choice-subscribe"), Callback::Subscribe(SubscribeChoice::default()))])
}
