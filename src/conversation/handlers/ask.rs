//! `ask`: answers a free-text question from the checklist.

use super::checklist_browse::item_text;
use crate::checklist::{matcher, Checklist, Item};
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
    let items: Vec<&Item> = found.iter().filter_map(|id| checklist.item(id)).collect();
    let mut reply = Reply::text(text(language, "checklist-ask-intro"));
    let mut choices = Vec::new();
    for item in &items {
        reply.push_text(item_text(item, language));
        let label = choice_label(item, &items, checklist, language);
        choices.push(Choice::new(label, Callback::Checklist(ChecklistView::Item(&item.id))));
    }
    reply.with_column(choices)
}

/// Labels a found item's choice with its title, and with its section too when another found
/// item has the same title (every section has an "account with a strong password" question).
fn choice_label(item: &Item, found: &[&Item], checklist: &Checklist, language: Language) -> String {
    let shared = found.iter().any(|other| other.id != item.id && other.title == item.title);
    match checklist.section_of(&item.id).filter(|_| shared) {
        Some(section) => text_with(
            language,
            "checklist-ask-choice-with-section",
            &[("title", item.title.as_str().into()), ("section", section.title.as_str().into())],
        ),
        None => item.title.clone(),
    }
}
