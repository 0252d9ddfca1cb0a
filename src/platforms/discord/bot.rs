//! The gateway client: registers the slash commands on READY, responds to interactions, and
//! stops on request through the shard manager.

use std::future::Future;
use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{FullEvent, GatewayIntents, HttpBuilder, Interaction};

use super::commands;
use super::localise::localise;
use super::respond::{answer_press, on_error};
use super::sender::{allowed_mentions, DiscordSender};
use super::upload::Downloader;
use super::{CommandError, Data};
use crate::config::DiscordSettings;
use crate::conversation::Conversation;
use crate::store::Store;

/// Permissions the bot needs in a channel: View Channel, Send Messages, Embed Links (digests)
/// and Attach Files (exported files). The invite URL in the README requests these.
pub const INVITE_PERMISSIONS: serenity::Permissions = serenity::Permissions::VIEW_CHANNEL
    .union(serenity::Permissions::SEND_MESSAGES)
    .union(serenity::Permissions::EMBED_LINKS)
    .union(serenity::Permissions::ATTACH_FILES);

/// Environment variables that may hold the bot token, in order of preference.
pub const TOKEN_VARIABLES: [&str; 2] = ["DISCORD_TOKEN", "KETENWACHT_DISCORD_TOKEN"];

/// The bot token. Its `Debug` form is redacted so that it cannot reach a log by accident.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Reads the token from the first of [`TOKEN_VARIABLES`] that is set and not blank.
    pub fn from_env() -> Option<Token> {
        TOKEN_VARIABLES
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .map(|value| value.trim().to_owned())
            .find(|value| !value.is_empty())
            .map(Token)
    }

    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Token(<redacted>)")
    }
}

/// A failure to start or run the Discord adapter. No variant carries the token.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error("cannot set up the Discord adapter: {0}")]
    Setup(String),
    #[error("the Discord gateway client stopped with an error: {}", super::errors::describe(.0))]
    Gateway(serenity::Error),
}

/// Builds the REST client. A configured API URL replaces `https://discord.com`; serenity
/// 0.12 ignores that URL while its rate limiter is on, so the limiter is off then.
pub fn build_http(token: &Token, settings: &DiscordSettings) -> serenity::Http {
    let mut builder = HttpBuilder::new(token.expose());
    if let Some(url) = &settings.api_url {
        builder = builder.proxy(url.trim_end_matches('/')).ratelimiter_disabled(true);
    }
    builder.build()
}

/// Builds the outbox sender when a token is set in the environment.
pub fn sender_from_env(settings: &DiscordSettings) -> Result<Option<DiscordSender>, DiscordError> {
    let Some(token) = Token::from_env() else {
        return Ok(None);
    };
    let http = Arc::new(build_http(&token, settings));
    DiscordSender::new(http, settings.urgent_role_id).map(Some).map_err(DiscordError::Setup)
}

/// Runs the gateway client until `stopped` completes, when a token is set in the environment;
/// returns at once otherwise. Errors are logged, so that the rest of the service keeps running.
pub async fn serve_from_env(store: Store, settings: &DiscordSettings, conversation: Conversation, stopped: impl Future<Output = ()>) {
    let Some(token) = Token::from_env() else {
        tracing::debug!("no Discord token set; the Discord adapter is off");
        return;
    };
    if let Err(error) = serve(store, settings, conversation, &token, stopped).await {
        tracing::error!(error = %error, "Discord adapter stopped");
    }
}

/// Connects to the gateway, registers the commands globally when READY arrives, and responds
/// to interactions until `stopped` completes.
pub async fn serve(
    store: Store,
    settings: &DiscordSettings,
    conversation: Conversation,
    token: &Token,
    stopped: impl Future<Output = ()>,
) -> Result<(), DiscordError> {
    let downloader = Downloader::new(settings.api_url.as_deref()).map_err(DiscordError::Setup)?;
    let data = Data { conversation, store, downloader };
    let mut command_list = commands::all();
    localise(&mut command_list);

    let options = poise::FrameworkOptions {
        commands: command_list,
        on_error: |error| Box::pin(on_error(error)),
        event_handler: |framework, event| Box::pin(handle_event(framework.serenity_context, event, framework.user_data)),
        allowed_mentions: Some(allowed_mentions(None)),
        ..Default::default()
    };
    let framework = poise::Framework::builder()
        .options(options)
        .initialize_owners(false)
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                let count = framework.options().commands.len();
                tracing::info!(application = %ready.application.id, commands = count, "Discord commands registered");
                Ok(data)
            })
        })
        .build();

    let http = build_http(token, settings);
    let mut client = serenity::ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .framework(framework)
        .await
        .map_err(|error| DiscordError::Setup(format!("failed to build the gateway client: {}", super::errors::describe(&error))))?;
    let shard_manager = client.shard_manager.clone();
    let stop = async move {
        stopped.await;
        tracing::info!("stopping the Discord gateway client");
        shard_manager.shutdown_all().await;
    };
    let api = settings.api_url.as_deref().map_or_else(|| "https://discord.com".to_owned(), crate::store::redact_url);
    tracing::info!(%api, "Discord adapter starting");
    let (result, ()) = tokio::join!(client.start(), stop);
    result.map_err(DiscordError::Gateway)
}

/// Responds to button presses, because poise handles only the slash commands itself.
async fn handle_event(ctx: &serenity::Context, event: &FullEvent, data: &Data) -> Result<(), CommandError> {
    if let FullEvent::InteractionCreate { interaction: Interaction::Component(press) } = event {
        if let Err(error) = answer_press(&ctx.http, data, press).await {
            tracing::error!(error = %error, custom_id = %press.data.custom_id, "failed to respond to a Discord button press");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_permissions_match_the_readme() {
        assert_eq!(INVITE_PERMISSIONS.bits(), 52224);
    }

    #[test]
    fn token_debug_is_redacted() {
        assert_eq!(format!("{:?}", Token::new("secret-value")), "Token(<redacted>)");
    }
}
