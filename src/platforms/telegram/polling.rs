//! Running the bot: command menus, then updates by long polling or by webhook until stopped.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt, UpdateHandler};
use teloxide::error_handlers::ErrorHandler;
use teloxide::requests::Requester;
use teloxide::types::Update;
use teloxide::update_listeners::Polling;
use teloxide::{dptree, RequestError};

use super::{webhook, ApiAccess, Telegram, TelegramError, ALLOWED_UPDATES};
use crate::config::{TelegramMode, TelegramSettings};
use crate::store::Store;

/// Connects, sets the command menus and handles updates until `stopped` completes. Returns an
/// error only when the bot cannot start (unreachable API, rejected token, webhook settings).
pub async fn run(access: ApiAccess, store: Store, settings: TelegramSettings, stopped: impl Future<Output = ()> + Send + 'static) -> Result<(), TelegramError> {
    let mode = settings.mode;
    let telegram = Arc::new(Telegram::connect(&access, store, settings).await?);
    if let Err(error) = telegram.set_command_menus().await {
        tracing::warn!(error = %error, "cannot set the Telegram command menus; commands still work");
    }
    match mode {
        TelegramMode::Polling => telegram.poll(stopped).await,
        TelegramMode::Webhook => webhook::serve(telegram, access.webhook_secret, stopped).await,
    }
}

impl Telegram {
    /// Long-polls getUpdates through teloxide's dispatcher, which handles the updates of one
    /// chat in order and of different chats concurrently. On stop, the last getUpdates call
    /// confirms the handled updates to Telegram.
    async fn poll(self: Arc<Self>, stopped: impl Future<Output = ()>) -> Result<(), TelegramError> {
        self.remove_webhook().await?;
        let listener = Polling::builder(self.bot.clone()).timeout(self.settings.polling_timeout).build();
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), handler())
            .dependencies(dptree::deps![Arc::clone(&self)])
            .default_handler(|_update| Box::pin(async {}) as BoxFuture<'static, ()>)
            .build();
        let shutdown = dispatcher.shutdown_token();
        let dispatching = dispatcher.try_dispatch_with_listener(listener, Arc::new(ListenerErrors));
        tokio::pin!(dispatching);
        tracing::info!(timeout = ?self.settings.polling_timeout, "Telegram long polling started");

        tokio::select! {
            result = &mut dispatching => return result.map_err(TelegramError::from),
            () = stopped => {}
        }
        // Idle means dispatching has not started (it is still in getMe), so there is nothing
        // to confirm and dropping the future stops it.
        if shutdown.shutdown().is_ok() {
            dispatching.await.map_err(TelegramError::from)?;
        }
        tracing::info!("Telegram long polling stopped");
        Ok(())
    }

    /// Deletes a webhook left by an earlier webhook-mode run, since getUpdates fails while one is set.
    async fn remove_webhook(&self) -> Result<(), TelegramError> {
        let info = self.bot.get_webhook_info().await.map_err(TelegramError::from)?;
        if info.url.is_some() {
            self.bot.delete_webhook().await.map_err(TelegramError::from)?;
            tracing::info!("Telegram webhook deleted for long polling");
        }
        Ok(())
    }
}

/// The dispatcher's handler: every update kind in [`ALLOWED_UPDATES`] goes to [`Telegram::handle_update`].
fn handler() -> UpdateHandler<Infallible> {
    debug_assert_eq!(ALLOWED_UPDATES.len(), 4, "keep the branches in step with ALLOWED_UPDATES");
    dptree::entry()
        .branch(Update::filter_message().endpoint(handle))
        .branch(Update::filter_channel_post().endpoint(handle))
        .branch(Update::filter_callback_query().endpoint(handle))
        .branch(Update::filter_my_chat_member().endpoint(handle))
}

async fn handle(update: Update, telegram: Arc<Telegram>) -> Result<(), Infallible> {
    telegram.handle_update(update).await;
    Ok(())
}

/// Logs failed getUpdates calls without the token; teloxide's own handler would print the
/// error's debug form, request URL and all. The listener retries with backoff by itself.
struct ListenerErrors;

impl ErrorHandler<RequestError> for ListenerErrors {
    fn handle_error(self: Arc<Self>, error: RequestError) -> BoxFuture<'static, ()> {
        let error = TelegramError::from(error);
        Box::pin(async move { tracing::warn!(error = %error, "Telegram getUpdates failed; retrying") })
    }
}

/// Runs the bot like [`run`] when the environment contains a bot token, and logs instead of
/// returning a failure, for `ketenwacht run`. Without a token it returns at once.
pub async fn run_from_env(store: Store, settings: TelegramSettings, stopped: impl Future<Output = ()> + Send + 'static) {
    let access = match ApiAccess::from_env() {
        Ok(Some(access)) => access,
        Ok(None) => {
            tracing::debug!("no Telegram bot token set; Telegram is off");
            return;
        }
        Err(error) => {
            tracing::error!(%error, "Telegram is off");
            return;
        }
    };
    if let Err(error) = run(access, store, settings, stopped).await {
        tracing::error!(error = %error, "Telegram bot stopped with an error");
    }
}

/// Builds the outbox sender when the environment contains a bot token.
pub fn sender_from_env() -> anyhow::Result<Option<super::TelegramSender>> {
    let Some(access) = ApiAccess::from_env().map_err(anyhow::Error::msg)? else { return Ok(None) };
    Ok(Some(super::TelegramSender::new(&access)?))
}
