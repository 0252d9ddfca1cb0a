//! Conversation replies as Discord messages: escaped content, buttons and an attachment.

use serenity::all::{ButtonStyle, CreateActionRow, CreateAttachment, CreateButton};

use super::embeds::pack_content;
use super::markdown::escape;
use crate::conversation::{Block, Choice, Reply};

/// Maximum rows of buttons on one message, and buttons in one row (Discord API v10).
const MAX_ROWS: usize = 5;
const MAX_BUTTONS_PER_ROW: usize = 5;
/// Maximum characters of a button label.
const MAX_LABEL_CHARS: usize = 80;

/// A reply laid out for Discord: message contents in order, the buttons and the file for the
/// last message, and whether it is shown to the requesting member only.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// At least one content; each at most 2000 characters.
    pub contents: Vec<String>,
    pub rows: Vec<CreateActionRow>,
    pub attachment: Option<CreateAttachment>,
    pub ephemeral: bool,
}

/// Renders a reply. Texts are escaped, because they may quote advisories or what the member
/// typed; `ephemeral` adds to the reply's own `private` flag.
pub fn render(reply: &Reply, ephemeral: bool) -> Rendered {
    let paragraphs: Vec<String> = reply
        .blocks
        .iter()
        .map(|block| match block {
            Block::Text { text } => escape(text),
            Block::Link { label, url } => format!("{}: <{}>", escape(label), url.replace('>', "%3E")),
        })
        .collect();
    let mut contents = pack_content(&paragraphs);
    if contents.is_empty() {
        // A message needs content, embeds or a file; a zero-width space is the smallest content.
        contents.push("\u{200B}".to_owned());
    }
    let attachment = reply.attachment.as_ref().map(|file| CreateAttachment::bytes(file.content.clone(), file.file_name.clone()));
    Rendered { contents, rows: button_rows(&reply.choices), attachment, ephemeral: ephemeral || reply.private }
}

/// Lays choices out as rows of buttons, splitting long rows. When that gives more rows than
/// Discord shows, such as a column of six sections, the buttons are packed into full rows in
/// order. Choices beyond Discord's limits are left out with a warning.
pub fn button_rows(choices: &[Vec<Choice>]) -> Vec<CreateActionRow> {
    let rows: Vec<&[Choice]> = choices.iter().flat_map(|row| row.chunks(MAX_BUTTONS_PER_ROW)).collect();
    if rows.len() > MAX_ROWS {
        let all: Vec<&Choice> = choices.iter().flatten().collect();
        if all.len() > MAX_ROWS * MAX_BUTTONS_PER_ROW {
            tracing::warn!(choices = all.len(), "reply has more choices than Discord shows; the last ones are left out");
        }
        return all
            .chunks(MAX_BUTTONS_PER_ROW)
            .take(MAX_ROWS)
            .map(|row| CreateActionRow::Buttons(row.iter().map(|choice| button(choice)).collect()))
            .collect();
    }
    rows.into_iter().map(|row| CreateActionRow::Buttons(row.iter().map(button).collect())).collect()
}

fn button(choice: &Choice) -> CreateButton {
    let style = if choice.callback == "cancel" { ButtonStyle::Secondary } else { ButtonStyle::Primary };
    // Labels are plain text in Discord, so they are cut but not escaped.
    CreateButton::new(choice.callback.clone()).label(crate::digest::cut(&choice.label, MAX_LABEL_CHARS)).style(style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::{Callback, Choice};

    #[test]
    fn texts_are_escaped_and_packed() {
        let reply = Reply::text("**NCSC** [x](https://evil.example)").with_text("tweede");
        let rendered = render(&reply, false);
        assert_eq!(rendered.contents, [r"\*\*NCSC\*\* \[x\]\(https://evil.example\)".to_owned() + "\n\ntweede"]);
        assert!(!rendered.ephemeral);
        assert!(render(&reply.clone().privately(), false).ephemeral);
        assert!(render(&reply, true).ephemeral);
    }

    #[test]
    fn long_rows_are_split() {
        let row: Vec<Choice> = (0..7).map(|n| Choice::new(format!("choice {n}"), Callback::Help)).collect();
        let rendered = render(&Reply::default().with_row(row), false);
        assert_eq!(rendered.rows.len(), 2);
        assert_eq!(rendered.contents.len(), 1);
    }

    #[test]
    fn too_many_rows_are_packed() {
        let column: Vec<Choice> = (0..9).map(|n| Choice::new(format!("section {n}"), Callback::Help)).collect();
        let rendered = render(&Reply::default().with_column(column), false);
        let sizes: Vec<usize> = rendered.rows.iter().map(buttons_in).collect();
        assert_eq!(sizes, [5, 4], "every choice stays reachable");

        let many: Vec<Choice> = (0..30).map(|n| Choice::new(format!("choice {n}"), Callback::Help)).collect();
        let rendered = render(&Reply::default().with_column(many), false);
        assert_eq!(rendered.rows.iter().map(buttons_in).collect::<Vec<_>>(), [5, 5, 5, 5, 5]);
    }

    fn buttons_in(row: &CreateActionRow) -> usize {
        match row {
            CreateActionRow::Buttons(buttons) => buttons.len(),
            other => panic!("not a row of buttons: {other:?}"),
        }
    }

    #[test]
    fn attachment_goes_with_the_reply() {
        let file = crate::conversation::Attachment {
            file_name: "checklist-nl.csv".into(),
            content_type: "text/csv; charset=utf-8".into(),
            content: b"vraag,antwoord\n".to_vec(),
        };
        let rendered = render(&Reply::text("Hier is de lijst.").with_attachment(file), false);
        let attachment = rendered.attachment.expect("an attachment");
        assert_eq!(attachment.filename, "checklist-nl.csv");
        assert_eq!(attachment.data, b"vraag,antwoord\n");
    }
}
