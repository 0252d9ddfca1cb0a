//! Starting the bot: connect, set the command menus, then handle updates by long polling or by
//! webhook until stopped, trying again after failures that may pass.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;

use super::{webhook, ApiAccess, Telegram, TelegramError, TelegramSender};
use crate::config::{TelegramMode, TelegramSettings};
use crate::conversation::Conversation;
use crate::store::Store;

/// First wait before starting again after a failed start; it doubles up to [`MAX_RESTART_WAIT`].
const FIRST_RESTART_WAIT: Duration = Duration::from_secs(5);
const MAX_RESTART_WAIT: Duration = Duration::from_secs(300);

/// Connects, sets the command menus and handles updates until `stopped` completes. Returns an
/// error when the bot cannot start (unreachable API, rejected token, webhook settings) or its
/// webhook server fails.
pub async fn run(
    access: ApiAccess,
    store: Store,
    settings: TelegramSettings,
    conversation: Conversation,
    stopped: impl Future<Output = ()> + Send + 'static) -> Result<(), TelegramError> {
    let mode = settings.mode;
    let telegram = Arc::new(Telegram::connect(&access, store, settings, conversation).await?);
    if let Err(error) = telegram.set_command_menus().await {
        tracing::warn!(error = %error, "cannot set the Telegram command menus; commands still work");
    }
    match mode {
        TelegramMode::Polling => telegram.poll(stopped).await,
        TelegramMode::Webhook => webhook::serve(telegram, access.webhook_secret, stopped).await,
    }
}

/// Runs the bot like [`run`], and starts it again after a failure that may pass (Telegram
/// unreachable or rate limiting), waiting longer each time. A rejected token or unusable
/// settings are logged and end the bot, since trying again cannot help.
pub async fn run_with_restarts(
    access: ApiAccess,
    store: Store,
    settings: TelegramSettings,
    conversation: Conversation,
    stopped: impl Future<Output = ()> + Send + 'static) {
    let stopped = stopped.boxed().shared();
    let mut wait = FIRST_RESTART_WAIT;
    loop {
        let error = match run(access.clone(), store.clone(), settings.clone(), conversation.clone(), stopped.clone()).await {
            Ok(()) => return,
            Err(error) => error,
        };
        let wait_now = match &error {
            TelegramError::InvalidToken | TelegramError::Setup(_) => {
                tracing::error!(error = %error, "Telegram bot cannot start; fix the settings and restart ketenwacht");
                return;
            }
            TelegramError::RateLimited { retry_after } => (*retry_after).max(Duration::from_secs(1)),
            _ => wait,
        };
        tracing::warn!(error = %error, retry_in = ?wait_now, "Telegram bot failed; starting it again");
        tokio::select! {
            () = tokio::time::sleep(wait_now) => {}
            () = stopped.clone() => return,
        }
        wait = (wait * 2).min(MAX_RESTART_WAIT);
    }
}

/// Runs the bot with [`run_with_restarts`] when the environment contains a bot token, for
/// `ketenwacht run`. Without a token it returns at once.
pub async fn run_from_env(store: Store, settings: TelegramSettings, conversation: Conversation, stopped: impl Future<Output = ()> + Send + 'static) {
    match ApiAccess::from_env() {
        Ok(Some(access)) => run_with_restarts(access, store, settings, conversation, stopped).await,
        Ok(None) => tracing::debug!("no Telegram bot token set; Telegram is off"),
        Err(error) => tracing::error!(%error, "Telegram is off"),
    }
}

/// Builds the outbox sender when the environment contains a bot token.
pub fn sender_from_env() -> anyhow::Result<Option<TelegramSender>> {
    let Some(access) = ApiAccess::from_env().map_err(anyhow::Error::msg)? else { return Ok(None) };
    Ok(Some(TelegramSender::new(&access)?))
}
