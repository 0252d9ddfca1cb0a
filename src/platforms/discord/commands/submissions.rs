//! `/submit` for members, and the staff commands `/moderate` and `/reject`. The conversation
//! checks roles; Discord lists the commands for every member.

use super::parsed;
use crate::conversation::Command;
use crate::platforms::discord::respond::answer;
use crate::platforms::discord::{CommandError, Context};

/// Joins the text, link and indicators with line breaks into the text the conversation reads.
// `max_length` is the largest `submissions.max_chars`; the conversation applies the configured one.
#[poise::command(slash_command)]
pub async fn submit(
    ctx: Context<'_>,
    #[max_length = 4000] text: String,
    #[max_length = 2000] link: Option<String>,
    #[max_length = 2000] indicators: Option<String>,
) -> Result<(), CommandError> {
    let joined: Vec<String> = [Some(text), link, indicators].into_iter().flatten().collect();
    answer(ctx, Command::parse(&format!("/submit {}", joined.join("\n")), None).unwrap_or(Command::Submit(String::new()))).await
}

/// Without a number, shows the submission that waits longest.
#[poise::command(slash_command)]
pub async fn moderate(ctx: Context<'_>, #[min = 1] number: Option<i64>) -> Result<(), CommandError> {
    let words: Vec<String> = number.map(|number| number.to_string()).into_iter().collect();
    answer(ctx, parsed("moderate", &words)).await
}

#[poise::command(slash_command)]
pub async fn reject(ctx: Context<'_>, #[min = 1] number: i64, #[max_length = 1000] reason: String) -> Result<(), CommandError> {
    answer(ctx, parsed("reject", &[number.to_string(), reason])).await
}
