//! Responses to slash commands and button presses within Discord's deadline.
//!
//! Discord drops an interaction that gets no response within 3 seconds. Each handler races
//! the conversation against [`DEFER_AFTER`]; when the conversation is slower, the
//! interaction is deferred first and the response follows when ready.

use std::future::Future;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    EditInteractionResponse, MessageFlags,
};

use super::context::{chat_context, InteractionSource};
use super::reply::{render, Rendered};
use super::sender::allowed_mentions;
use super::upload::receive_upload;
use super::{CommandError, Context, Data};
use crate::conversation::{ChatContext, Command};
use crate::domain::ChatKind;

/// Time after which a slow response is deferred, leaving a margin before Discord's 3 seconds.
pub const DEFER_AFTER: Duration = Duration::from_millis(2000);

/// Responds to a slash command with the conversation's reply.
pub(super) async fn answer(ctx: Context<'_>, command: Command) -> Result<(), CommandError> {
    let Some(context) = command_context(ctx) else {
        return Ok(());
    };
    let personal = is_personal(&command, &context);
    let work = ctx.data().conversation.handle_command(&context, command);
    let (reply, _) = within_deadline(work, || defer(ctx, personal)).await?;
    send_reply(ctx, render(&reply, personal)).await
}

/// Responds to a slash command whose option carries a file: downloads it within the limits of
/// [`super::upload`] and hands it to the conversation. A command that takes a file calls this
/// with its `serenity::Attachment` option. In a guild channel the response is shown to the
/// member only, because the files members send are their suppliers' filled-in questionnaires.
pub async fn answer_upload(ctx: Context<'_>, attachment: &serenity::Attachment) -> Result<(), CommandError> {
    let Some(context) = command_context(ctx) else {
        return Ok(());
    };
    let personal = context.chat_kind == ChatKind::Group;
    let data = ctx.data();
    let language = super::chat_language_of(&data.store, &context.chat).await;
    let work = receive_upload(&data.downloader, &data.conversation, &context, attachment, language);
    let (reply, _) = within_deadline(work, || defer(ctx, personal)).await?;
    send_reply(ctx, render(&reply, personal)).await
}

/// Builds the chat context of a slash command; `None` for a prefix command, which this bot
/// does not register.
fn command_context(ctx: Context<'_>) -> Option<ChatContext> {
    let poise::Context::Application(application) = ctx else {
        return None;
    };
    let interaction = application.interaction;
    let source = InteractionSource {
        channel_id: interaction.channel_id,
        guild_id: interaction.guild_id,
        member: interaction.member.as_deref(),
        user: &interaction.user,
        locale: &interaction.locale,
    };
    Some(chat_context(&source))
}

async fn defer(ctx: Context<'_>, ephemeral: bool) -> Result<(), serenity::Error> {
    if ephemeral {
        ctx.defer_ephemeral().await
    } else {
        ctx.defer().await
    }
}

/// Returns whether the response is shown to the member only: their view of the settings, their
/// checklists, their reports, their stored data and their mistakes, in a guild channel. Everything in a direct message is
/// personal anyway. A deferral is ephemeral when this is true, so the response to a slow
/// checklist walk, which the conversation marks private, stays hidden from the channel.
fn is_personal(command: &Command, context: &ChatContext) -> bool {
    let personal = matches!(
        command,
        Command::Settings
            | Command::Checklist(_)
            | Command::Submit(_)
            | Command::MyData
            | Command::Forget
            | Command::BadArguments { .. }
            | Command::Unknown(_)
    );
    personal && context.chat_kind == ChatKind::Group
}

async fn send_reply(ctx: Context<'_>, rendered: Rendered) -> Result<(), CommandError> {
    let count = rendered.contents.len();
    for (index, content) in rendered.contents.into_iter().enumerate() {
        let mut reply = poise::CreateReply::default()
            .content(content)
            .ephemeral(rendered.ephemeral)
            .allowed_mentions(allowed_mentions(None));
        if index + 1 == count {
            reply = reply.components(rendered.rows.clone());
            if let Some(file) = rendered.attachment.clone() {
                reply = reply.attachment(file);
            }
        }
        ctx.send(reply).await?;
    }
    Ok(())
}

/// Responds to a button press by updating the message in place. A private reply to a press on a
/// message shown to everyone (such as a refusal), or any reply to a press there by a member who
/// may not configure the channel, goes out as a new ephemeral message instead.
pub(super) async fn answer_press(http: &serenity::Http, data: &Data, press: &ComponentInteraction) -> Result<(), CommandError> {
    let source = InteractionSource {
        channel_id: press.channel_id,
        guild_id: press.guild_id,
        member: press.member.as_ref(),
        user: &press.user,
        locale: &press.locale,
    };
    let context = chat_context(&source);
    tracing::debug!(chat = %context.chat, callback = %press.data.custom_id, "button pressed");
    let work = data.conversation.handle_callback(&context, &press.data.custom_id);
    let (reply, deferred) = within_deadline(work, || press.create_response(http, CreateInteractionResponse::Acknowledge)).await?;

    let shown_to_all = !press.message.flags.is_some_and(|flags| flags.contains(MessageFlags::EPHEMERAL));
    let mut rendered = render(&reply, false);
    // A member who may not configure the channel sees the reply alone, so that pressing Cancel
    // or Help cannot replace a shared message, such as a manager's subscribe steps, for everyone.
    // In the staff channel every member is staff, so a press there updates the message, such
    // as a moderation card, for all.
    let may_update_shared = context.is_admin || data.conversation.is_staff_chat(&context.chat);
    if shown_to_all && context.chat_kind == ChatKind::Group && !may_update_shared {
        rendered.ephemeral = true;
    }
    let separate = rendered.ephemeral && shown_to_all && context.chat_kind == ChatKind::Group;
    let rest: Vec<String> = rendered.contents.drain(1..).collect();
    let first = rendered.contents.remove(0);
    // Buttons and the file go with the last message, which is the first one when there is no rest.
    let (rows, file) = if rest.is_empty() { (rendered.rows.clone(), rendered.attachment.clone()) } else { (Vec::new(), None) };

    match (separate, deferred) {
        (true, true) => {
            let mut followup = CreateInteractionResponseFollowup::new().content(first).ephemeral(true).components(rows);
            followup = followup.allowed_mentions(allowed_mentions(None)).add_files(file);
            press.create_followup(http, followup).await?;
        }
        (true, false) => {
            let mut message = CreateInteractionResponseMessage::new().content(first).ephemeral(true).components(rows);
            message = message.allowed_mentions(allowed_mentions(None)).add_files(file);
            press.create_response(http, CreateInteractionResponse::Message(message)).await?;
        }
        (false, true) => {
            let mut edit = EditInteractionResponse::new().content(first).components(rows).allowed_mentions(allowed_mentions(None));
            if let Some(file) = file {
                edit = edit.new_attachment(file);
            }
            press.edit_response(http, edit).await?;
        }
        (false, false) => {
            let mut update = CreateInteractionResponseMessage::new().content(first).components(rows);
            update = update.allowed_mentions(allowed_mentions(None)).add_files(file);
            press.create_response(http, CreateInteractionResponse::UpdateMessage(update)).await?;
        }
    }
    send_followups(http, press, rest, &rendered).await
}

/// Sends the contents after the first as follow-up messages; the last one carries the buttons
/// and the file.
async fn send_followups(http: &serenity::Http, press: &ComponentInteraction, rest: Vec<String>, rendered: &Rendered) -> Result<(), CommandError> {
    let count = rest.len();
    for (index, content) in rest.into_iter().enumerate() {
        let mut followup = CreateInteractionResponseFollowup::new()
            .content(content)
            .ephemeral(rendered.ephemeral)
            .allowed_mentions(allowed_mentions(None));
        if index + 1 == count {
            followup = followup.components(rendered.rows.clone()).add_files(rendered.attachment.clone());
        }
        press.create_followup(http, followup).await?;
    }
    Ok(())
}

/// Runs `work`; when it takes longer than [`DEFER_AFTER`], runs `defer` first and then waits
/// for `work`. Returns the result and whether the interaction was deferred.
async fn within_deadline<T, D, F>(work: impl Future<Output = T>, defer: D) -> Result<(T, bool), CommandError>
where
    D: FnOnce() -> F,
    F: Future<Output = Result<(), serenity::Error>>,
{
    let mut work = std::pin::pin!(work);
    match tokio::time::timeout(DEFER_AFTER, &mut work).await {
        Ok(value) => Ok((value, false)),
        Err(_) => {
            defer().await?;
            Ok((work.await, true))
        }
    }
}

/// Reports a failed command to the member in their chat's language and logs the detail.
pub(super) async fn on_error(error: poise::FrameworkError<'_, Data, CommandError>) {
    let ctx = match &error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(command = %ctx.command().name, error = %error, "Discord command failed");
            *ctx
        }
        poise::FrameworkError::ArgumentParse { error, ctx, .. } => {
            tracing::warn!(command = %ctx.command().name, error = %error, "Discord command options could not be read");
            *ctx
        }
        poise::FrameworkError::CommandStructureMismatch { description, ctx, .. } => {
            tracing::warn!(command = %ctx.command().name, description, "Discord command does not match its registration");
            poise::Context::Application(*ctx)
        }
        other => {
            tracing::warn!(error = %other, "Discord framework error");
            return;
        }
    };
    let chat = crate::domain::ChatRef::new(crate::domain::Platform::Discord, ctx.channel_id().get().to_string());
    let language = super::chat_language_of(&ctx.data().store, &chat).await;
    let reply = poise::CreateReply::default()
        .content(super::markdown::escape(&crate::i18n::text(language, "discord-error")))
        .ephemeral(true)
        .allowed_mentions(allowed_mentions(None));
    if let Err(error) = ctx.send(reply).await {
        tracing::warn!(error = %error, "failed to report a failed Discord command to the member");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::domain::{ChatRef, Platform};

    #[test]
    fn reports_and_personal_data_stay_personal() {
        let context = |chat_kind| ChatContext {
            chat: ChatRef::new(Platform::Discord, "600000000000000001"),
            chat_kind,
            user_id: "500000000000000001".to_owned(),
            is_admin: false,
            user_language: None,
            member_role_ids: Vec::new(),
        };
        let guild = context(ChatKind::Group);
        for command in [Command::Submit("Phishing via 192.0.2.1".to_owned()), Command::MyData, Command::Forget, Command::Settings] {
            assert!(is_personal(&command, &guild), "{command:?} in a guild channel");
            assert!(!is_personal(&command, &context(ChatKind::Private)), "{command:?} in a direct message");
        }
        assert!(!is_personal(&Command::Latest, &guild), "the latest advisories are for the whole channel");
    }

    #[tokio::test(start_paused = true)]
    async fn fast_work_is_not_deferred() {
        let deferred = AtomicBool::new(false);
        let work = async {
            tokio::time::sleep(DEFER_AFTER / 2).await;
            7
        };
        let result = within_deadline(work, || async {
            deferred.store(true, Ordering::SeqCst);
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(result, (7, false));
        assert!(!deferred.load(Ordering::SeqCst));
    }

    #[tokio::test(start_paused = true)]
    async fn slow_work_is_deferred_then_finished() {
        let deferred = AtomicBool::new(false);
        let work = async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            8
        };
        let result = within_deadline(work, || async {
            deferred.store(true, Ordering::SeqCst);
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(result, (8, true));
        assert!(deferred.load(Ordering::SeqCst));
    }
}
