//! `ketenwacht run`: ingest, scheduler, delivery and the operations endpoint in one process.

use std::collections::HashMap;
use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::Utc;
use ketenwacht::conversation::Conversation;
use ketenwacht::delivery::metrics::DeliveryMetrics;
use ketenwacht::delivery::pacing::Pacer;
use ketenwacht::delivery::scheduler::{Scheduler, SchedulerConfig};
use ketenwacht::delivery::worker::{Worker, WorkerConfig};
use ketenwacht::delivery::Sender;
use ketenwacht::domain::Platform;
use ketenwacht::http::{self, HttpState};
use ketenwacht::platforms::discord;
use ketenwacht::platforms::telegram;
use ketenwacht::platforms::terminal::TerminalSender;
use ketenwacht::platforms::webhook::WebhookSender;
use tokio::sync::watch;

use super::Context;

/// Maximum sleep between two checks for due sources.
const MAX_IDLE: Duration = Duration::from_secs(60);

/// Time between two purges of expired submission drafts and identities.
const PURGE_INTERVAL: Duration = Duration::from_secs(3600);

/// Timeout of one webhook request.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs every component until SIGINT or SIGTERM, then stops them and releases claimed messages.
pub async fn run(context: &Context) -> anyhow::Result<ExitCode> {
    let (stop, stopped) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutdown requested");
        let _ = stop.send(true);
    });
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    };

    let metrics = Arc::new(DeliveryMetrics::new());
    let pacer = Arc::new(Pacer::new(context.config.delivery.pacing())?);
    let mut worker_config = WorkerConfig::new(worker_id());
    worker_config.retry.max_attempts = context.config.delivery.max_attempts;
    worker_config.lease = context.config.delivery.claim_lease;
    // A send must fit well inside its claim, or the worker skips it as about to expire.
    worker_config.send_timeout = worker_config.send_timeout.min(worker_config.lease / 3);
    let worker = Worker::new(context.store.clone(), senders(context)?, pacer, worker_config)
        .with_metrics(metrics.clone())
        .with_roles(context.config.roles.clone());
    let scheduler = Scheduler::new(context.store.clone(), SchedulerConfig::default());
    let listener = match context.config.http.address {
        Some(address) => Some(http::bind(address).await.with_context(|| format!("cannot listen on {address} (http.address)"))?),
        None => None,
    };

    tracing::info!(database = %context.database_label(), "ketenwacht started");
    if !context.store.has_data_key() {
        tracing::warn!("KETENWACHT_DATA_KEY is not set, so member submissions are switched off; create a key with `openssl rand -base64 32`");
    }
    let endpoint = async {
        if let Some(listener) = listener {
            let state = HttpState { store: context.store.clone(), delivery: metrics.clone() };
            if let Err(error) = http::serve(listener, state, until_stopped()).await {
                tracing::error!(error = %error, "health and metrics endpoint stopped");
            }
        }
    };
    let conversation = Conversation::new(context.store.clone())
        .with_roles(context.config.roles.clone())
        .with_classifier(context.classifier.clone());
    let discord = discord::serve_from_env(context.store.clone(), &context.config.discord, conversation.clone(), until_stopped());
    let telegram = telegram::run_from_env(context.store.clone(), context.config.telegram.clone(), conversation, until_stopped());
    tokio::join!(
        poll_sources(context, until_stopped()),
        purge_submissions(context, until_stopped()),
        scheduler.run(until_stopped()),
        worker.run(until_stopped()),
        endpoint,
        discord,
        telegram
    );
    tracing::info!("ketenwacht stopped");
    Ok(ExitCode::SUCCESS)
}

/// Polls due sources until `stopped` completes.
pub async fn poll_sources(context: &Context, stopped: impl Future<Output = ()>) {
    let mut stopped = std::pin::pin!(stopped);
    loop {
        match context.ingestor.poll_sources(Utc::now(), true).await {
            Ok(reports) => {
                for report in &reports {
                    tracing::info!(source = %report.source, outcome = ?report.outcome, "source polled");
                }
            }
            Err(error) => tracing::error!(error = %error, "ingest round failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(idle_time(context).await) => {}
            _ = &mut stopped => return,
        }
    }
}

/// Purges expired submission drafts and identities every [`PURGE_INTERVAL`] until `stopped`
/// completes. It runs without a data key too, because rows stored while a key was set must
/// still lose their identity on time.
async fn purge_submissions(context: &Context, stopped: impl Future<Output = ()>) {
    let mut stopped = std::pin::pin!(stopped);
    loop {
        match super::submissions::purge(&context.store).await {
            Ok(report) => tracing::info!(drafts = report.drafts_deleted, identities = report.identities_removed, "submissions purged"),
            Err(error) => tracing::error!(error = %error, "submission purge failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(PURGE_INTERVAL) => {}
            _ = &mut stopped => return,
        }
    }
}

/// Builds the senders this process delivers with: the terminal always, the webhook when
/// configured, Telegram and Discord when their tokens are set.
fn senders(context: &Context) -> anyhow::Result<HashMap<Platform, Arc<dyn Sender>>> {
    let mut senders: HashMap<Platform, Arc<dyn Sender>> = HashMap::new();
    senders.insert(Platform::Terminal, Arc::new(TerminalSender));
    if let Some(sender) = telegram::sender_from_env()? {
        senders.insert(Platform::Telegram, Arc::new(sender));
    }
    if let Some(url) = &context.config.webhook.url {
        let sender = WebhookSender::new(url, WEBHOOK_TIMEOUT).map_err(anyhow::Error::msg)?;
        senders.insert(Platform::Webhook, Arc::new(sender));
    }
    if let Some(sender) = discord::sender_from_env(&context.config.discord)? {
        senders.insert(Platform::Discord, Arc::new(sender));
    }
    Ok(senders)
}

/// Names this process in outbox claims: host and process id.
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME").ok().filter(|name| !name.is_empty()).unwrap_or_else(|| "ketenwacht".to_owned());
    format!("{host}-{}", std::process::id())
}

/// Sleeps until the next source is due, at least one second and at most [`MAX_IDLE`].
async fn idle_time(context: &Context) -> Duration {
    let Ok(sources) = context.store.sources().await else { return MAX_IDLE };
    let now = Utc::now();
    let next = sources.iter().filter_map(|s| s.next_poll_at).min();
    next.map_or(MAX_IDLE, |at| (at - now).to_std().unwrap_or_default()).clamp(Duration::from_secs(1), MAX_IDLE)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "cannot listen for SIGTERM; only Ctrl-C stops ketenwacht");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
