//! `subscribe`: directly from arguments, or step by step through buttons.

use chrono::{DateTime, Utc};

use crate::conversation::callback::{Callback, SubscribeChoice};
use crate::conversation::command::{CommandName, MAX_SHOWN_CHARS};
use crate::conversation::describe::{
    cadence_choice, command_shown, language_choice, summary, tier_choice, tiers_about,
};
use crate::digest::filters::{FilterError, MAX_FILTERS, MAX_FILTER_CHARS};
use crate::conversation::request::{RequestError, SubscriptionRequest};
use crate::conversation::state::{may_change, store_failed, ChatState, ConversationError};
use crate::conversation::text::shown;
use crate::conversation::{ChatContext, Choice, Conversation, Reply};
use crate::domain::{Cadence, Language, Subscription, Tier};
use crate::i18n::{text, text_with};
use crate::store::SettingsChange;

impl Conversation {
    /// Handles `/subscribe`: offers the first step without arguments, else sets the
    /// subscription from the arguments.
    pub(crate) async fn subscribe_command(
        &self,
        context: &ChatContext,
        state: ChatState,
        arguments: &[String],
    ) -> Result<Reply, ConversationError> {
        if !may_change(context) {
            return Ok(refused(state.language));
        }
        if arguments.is_empty() {
            return Ok(step(context, &state, SubscribeChoice::default()));
        }
        let request = match SubscriptionRequest::parse(arguments) {
            Ok(request) => request,
            Err(error) => return Ok(Reply::text(request_error_text(&error, state.language)).privately()),
        };
        let subscription = from_request(context, &state, &request, Utc::now());
        self.save_subscription(context, subscription, state.subscription.is_some()).await
    }

    /// Handles a press in the subscribe steps: offers the next step, or saves when confirmed.
    pub(crate) async fn subscribe_choice(
        &self,
        context: &ChatContext,
        state: ChatState,
        choice: SubscribeChoice,
    ) -> Result<Reply, ConversationError> {
        if !may_change(context) {
            return Ok(refused(state.language));
        }
        match (choice.confirmed, choice.tier, choice.language, choice.cadence) {
            (true, Some(tier), Some(language), Some(cadence)) => {
                let subscription = from_choice(context, &state, tier, language, cadence, Utc::now());
                self.save_subscription(context, subscription, state.subscription.is_some()).await
            }
            _ => Ok(step(context, &state, choice)),
        }
    }

    /// Saves a subscription, makes its language the chat's, and confirms in that language.
    async fn save_subscription(
        &self,
        context: &ChatContext,
        subscription: Subscription,
        replaced: bool,
    ) -> Result<Reply, ConversationError> {
        let chat = &context.chat;
        let detail = format!("{} {} {}", subscription.tier, subscription.language, subscription.cadence);
        let change = SettingsChange {
            chat,
            subscription: Some(&subscription),
            language: Some(subscription.language),
            actor: &context.user_id,
            action: "subscribe",
            detail: &detail,
            at: subscription.updated_at,
        };
        let saved = self.store.change_settings(&change).await.map_err(store_failed("save the subscription", chat))?;
        // `change_settings` returns the stored subscription whenever it was given one.
        let saved = saved.unwrap_or(subscription);
        tracing::info!(chat = %chat, tier = %saved.tier, cadence = %saved.cadence, replaced, "subscription saved");

        let language = saved.language;
        let id = if replaced { "conversation-subscription-updated" } else { "conversation-subscribed" };
        let message = text_with(
            language,
            id,
            &[
                ("summary", summary(&saved, language).into()),
                ("settings", command_shown(CommandName::Settings, language).into()),
            ],
        );
        Ok(Reply::text(message))
    }
}

/// Builds the polite rejection for a member who is not an administrator of a shared chat.
pub(crate) fn refused(language: Language) -> Reply {
    Reply::text(text(language, "conversation-not-admin")).privately()
}

/// Offers the next step of the subscribe buttons. Steps after the language choice speak the
/// chosen language.
fn step(context: &ChatContext, state: &ChatState, choice: SubscribeChoice) -> Reply {
    let language = choice.language.unwrap_or(state.language);
    let Some(tier) = choice.tier else {
        let tiers = Tier::ALL.into_iter().map(|tier| {
            let next = SubscribeChoice { tier: Some(tier), ..choice };
            Choice::new(tier_choice(tier, language), Callback::Subscribe(next))
        });
        let message = format!("{}\n{}", text(language, "conversation-subscribe-choose-tier"), tiers_about(language));
        return Reply::text(message).with_column(tiers.collect());
    };
    let Some(chosen_language) = choice.language else {
        let languages = [Language::Nl, Language::En].into_iter().map(|option| {
            let next = SubscribeChoice { language: Some(option), ..choice };
            Choice::new(language_choice(option), Callback::Subscribe(next))
        });
        return Reply::text(text(language, "conversation-subscribe-choose-language")).with_row(languages.collect());
    };
    let now = Utc::now();
    let Some(cadence) = choice.cadence else {
        let base = from_choice(context, state, tier, chosen_language, Cadence::Daily, now);
        let cadences = Cadence::ALL.into_iter().map(|option| {
            let next = SubscribeChoice { cadence: Some(option), ..choice };
            let label = cadence_choice(option, base.delivery_time, base.weekday, language);
            Choice::new(label, Callback::Subscribe(next))
        });
        return Reply::text(text(language, "conversation-subscribe-choose-cadence")).with_column(cadences.collect());
    };

    let planned = from_choice(context, state, tier, chosen_language, cadence, now);
    let message = text_with(language, "conversation-subscribe-confirm", &[("summary", summary(&planned, language).into())]);
    Reply::text(message).with_row(vec![
        Choice::new(text(language, "conversation-choice-confirm"), Callback::Subscribe(SubscribeChoice { confirmed: true, ..choice })),
        Choice::new(text(language, "conversation-choice-cancel"), Callback::Cancel),
    ])
}

/// Builds the subscription that the buttons describe. An existing subscription keeps its
/// time, weekday, filters and window; a new one takes the defaults and starts its window now.
fn from_choice(
    context: &ChatContext,
    state: &ChatState,
    tier: Tier,
    language: Language,
    cadence: Cadence,
    now: DateTime<Utc>,
) -> Subscription {
    let mut subscription = match &state.subscription {
        Some(existing) => existing.clone(),
        None => Subscription::new(context.chat.clone(), context.chat_kind, tier, language, now),
    };
    subscription.chat_kind = context.chat_kind;
    subscription.tier = tier;
    subscription.language = language;
    subscription.cadence = cadence;
    reactivate(&mut subscription, now);
    subscription
}

/// Builds the subscription that typed arguments describe. Everything not typed takes its
/// default, and the language defaults to the chat's. Replacing keeps the id, the creation
/// time and the window of the existing subscription.
fn from_request(
    context: &ChatContext,
    state: &ChatState,
    request: &SubscriptionRequest,
    now: DateTime<Utc>,
) -> Subscription {
    let language = request.language.unwrap_or(state.language);
    let mut subscription = Subscription::new(context.chat.clone(), context.chat_kind, request.tier, language, now);
    if let Some(existing) = &state.subscription {
        subscription.id = existing.id;
        subscription.created_at = existing.created_at;
        subscription.window_start = existing.window_start;
    }
    subscription.cadence = request.cadence.unwrap_or(subscription.cadence);
    subscription.delivery_time = request.delivery_time.unwrap_or(subscription.delivery_time);
    subscription.weekday = request.weekday.unwrap_or(subscription.weekday);
    subscription.include = request.include.clone();
    subscription.exclude = request.exclude.clone();
    subscription.include_lower_tiers = request.include_lower_tiers;
    reactivate(&mut subscription, now);
    subscription
}

/// Resumes delivery, because subscribing again is the way back after a permanent failure.
fn reactivate(subscription: &mut Subscription, now: DateTime<Utc>) {
    subscription.active = true;
    subscription.deactivated_reason = None;
    subscription.updated_at = now;
}

/// Says what is wrong with the arguments of `subscribe` and what to type instead.
pub(crate) fn request_error_text(error: &RequestError, language: Language) -> String {
    let value = |typed: &str| shown(typed, MAX_SHOWN_CHARS);
    match error {
        RequestError::TierMissing => text(language, "conversation-error-tier-missing"),
        RequestError::TierUnknown(typed) => {
            text_with(language, "conversation-error-tier-unknown", &[("value", value(typed).into())])
        }
        RequestError::WordUnknown(typed) => {
            text_with(language, "conversation-error-word-unknown", &[("value", value(typed).into())])
        }
        RequestError::Duplicate { setting, value: typed } => text_with(
            language,
            "conversation-error-duplicate",
            &[("setting", setting.as_str().into()), ("value", value(typed).into())],
        ),
        RequestError::TimeInvalid(typed) => {
            text_with(language, "conversation-error-time", &[("value", value(typed).into())])
        }
        RequestError::WeekdayWithoutWeekly => text(language, "conversation-error-weekday-needs-weekly"),
        RequestError::TimeWithInstant(typed) => {
            text_with(language, "conversation-error-time-with-instant", &[("value", value(typed).into())])
        }
        RequestError::OptionUnknown(typed) => {
            text_with(language, "conversation-error-option-unknown", &[("value", value(typed).into())])
        }
        RequestError::Filter(error) => filter_error_text(error, language),
    }
}

fn filter_error_text(error: &FilterError, language: Language) -> String {
    let filter = |typed: &str| shown(typed, MAX_FILTER_CHARS);
    match error {
        FilterError::Empty { option } => {
            text_with(language, "conversation-error-filter-empty", &[("option", (*option).into())])
        }
        FilterError::TooMany { count } => text_with(
            language,
            "conversation-error-filter-count",
            &[("count", (*count).into()), ("max", MAX_FILTERS.into())],
        ),
        FilterError::TooLong { filter: typed } => text_with(
            language,
            "conversation-error-filter-long",
            &[("filter", shown(typed, MAX_SHOWN_CHARS).into()), ("max", MAX_FILTER_CHARS.into())],
        ),
        FilterError::Invalid { filter: typed } => {
            text_with(language, "conversation-error-filter-invalid", &[("filter", filter(typed).into())])
        }
        FilterError::TooComplex { filter: typed } => {
            text_with(language, "conversation-error-filter-complex", &[("filter", filter(typed).into())])
        }
        FilterError::Blank => text(language, "conversation-error-filter-blank"),
    }
}
