//! Long polling: getUpdates through teloxide's dispatcher.

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

use super::{Telegram, TelegramError, ALLOWED_UPDATES};

impl Telegram {
    /// Long-polls getUpdates through teloxide's dispatcher, which handles the updates of one
    /// chat in order and of different chats concurrently. On stop, the last getUpdates call
    /// confirms the handled updates to Telegram.
    pub(super) async fn poll(self: Arc<Self>, stopped: impl Future<Output = ()>) -> Result<(), TelegramError> {
        self.remove_webhook().await?;
        // NOTE: teloxide logs an update it cannot parse in full, member text included, at error
        // level. Only updates with fields this teloxide version does not know reach that path.
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
