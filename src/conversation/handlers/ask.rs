//! `ask`: answers a free-text question from the checklist.

use super::checklist_browse::item_text;
use crate::checklist::{matcher, Checklist};
use crate::conversation::callback::{Callback, ChecklistView};
use crate::conversation::command::CommandName;
use crate::conversation::describe::command_shown;
use crate::conversation::{Choice, Reply};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Shows the checklist questions that best match `question`, or states that the checklist
/// does not cover it.
pub(crate) fn ask(question: &str, language: Language) -> Reply {
    if question.trim().is_empty() {
        let example = text(language, "conversation-example-ask");
        return Reply::text(text_with(language, "checklist-ask-missing", &[("example", example.into())]));
    }
    let found = matcher::find(question);
    if found.is_empty() {
        let checklist = command_shown(CommandName::Checklist, language);
        return Reply::text(text_with(language, "checklist-ask-none", &[("checklist", checklist.into())]));
    }
    let checklist = Checklist::get(language);
    let mut reply = Reply::text(text(language, "checklist-ask-intro"));
    let mut choices = Vec::new();
    for item in found.iter().filter_map(|id| checklist.item(id)) {
        reply.push_text(item_text(item, language));
        choices.push(Choice::new(item.title.as_str(), Callback::Checklist(ChecklistView::Item(&item.id))));
    }
    reply.with_column(choices)
}
