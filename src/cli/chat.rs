//! `ketenwacht chat`: talk to the bot in the terminal, as a private chat.

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
    let conversation = Conversation::new(context.store.clone());
    let mut chat = TerminalChat::new(conversation, &args.user, Some(context.language), std::io::stdout());
    super::output::line(&context.text("cli-chat-welcome", &[]));
    chat.run(BufReader::new(tokio::io::stdin())).await?;
    Ok(ExitCode::SUCCESS)
}
