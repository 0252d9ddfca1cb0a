//! `ketenwacht chat`: talk to the bot in the terminal, as a private chat: as staff, or with
//! `--member` as an ordinary member.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ketenwacht::conversation::Conversation;
use ketenwacht::platforms::terminal::TerminalChat;
use tokio::io::BufReader;

use super::Context;

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Name of the terminal user; each name is its own private chat with its own subscription.
    #[arg(long, default_value = "local", value_parser = parse_user)]
    user: String,
    /// Folder where files the bot sends (such as an exported checklist) are written. An
    /// existing file is never overwritten: a free name is chosen instead.
    #[arg(long, value_name = "DIR", default_value = ".")]
    files: PathBuf,
    /// Talk as an ordinary member without staff rights, to try member commands such as /submit.
    #[arg(long)]
    member: bool,
}

fn parse_user(text: &str) -> Result<String, String> {
    let valid = !text.is_empty() && text.len() <= 64 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(text.to_owned())
    } else {
        Err("use 1 to 64 letters, digits, '-' or '_'".to_owned())
    }
}

pub async fn run(context: &Context, args: ChatArgs) -> anyhow::Result<ExitCode> {
    if !args.files.is_dir() {
        let id = if args.files.exists() { "cli-chat-files-not-folder" } else { "cli-chat-files-missing" };
        anyhow::bail!(context.text(id, &[("folder", args.files.display().to_string())]));
    }
    let mut conversation = Conversation::new(context.store.clone()).with_roles(context.config.roles.clone()).with_classifier(context.classifier.clone());
    if args.member {
        conversation = conversation.with_terminal_member();
    }
    let mut chat = TerminalChat::new(conversation, &args.user, Some(context.language), std::io::stdout())
        .with_files_folder(args.files);
    super::output::line(&context.text("cli-chat-welcome", &[]));
    chat.run(BufReader::new(tokio::io::stdin())).await?;
    Ok(ExitCode::SUCCESS)
}
