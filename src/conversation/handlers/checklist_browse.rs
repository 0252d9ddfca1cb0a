//! `checklist` without a walk: the sections, one section's questions, one question in full.

use crate::checklist::{Checklist, Item};
use crate::conversation::callback::{Callback, ChecklistView};
use crate::conversation::command::CommandName;
use crate::conversation::describe::{command_shown, tier_label};
use crate::conversation::{Choice, Reply};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Lists the sections as choices, with the commands to walk through or export the checklist.
pub(crate) fn sections(language: Language) -> Reply {
    let checklist = Checklist::get(language);
    let choices = checklist
        .sections
        .iter()
        .map(|section| Choice::new(section.title.as_str(), Callback::Checklist(ChecklistView::Section(&section.id))))
        .collect();
    let commands = text_with(
        language,
        "checklist-sections-commands",
        &[("start", subcommand(language, "start", "start").into()), ("export", subcommand(language, "export", "exporteer").into())],
    );
    Reply::text(format!("{}\n\n{}", checklist.title, checklist.intro))
        .with_text(commands)
        .with_text(text(language, "checklist-sections-choose"))
        .with_column(choices)
}

/// Lists one section's questions as choices.
pub(crate) fn section(id: &str, language: Language) -> Reply {
    let checklist = Checklist::get(language);
    let Some(section) = checklist.sections.iter().find(|section| section.id == id) else {
        return sections(language);
    };
    let mut choices: Vec<Choice> = section
        .items
        .iter()
        .map(|item| Choice::new(item.title.as_str(), Callback::Checklist(ChecklistView::Item(&item.id))))
        .collect();
    choices.push(Choice::new(text(language, "checklist-choice-sections"), Callback::Checklist(ChecklistView::Sections)));
    Reply::text(format!("{}\n\n{}", section.title, section.intro))
        .with_text(text(language, "checklist-section-choose"))
        .with_column(choices)
}

/// Shows one question in full: why it matters, a good answer and the advice.
pub(crate) fn item(id: &str, language: Language) -> Reply {
    let checklist = Checklist::get(language);
    let (Some(item), Some(section)) = (checklist.item(id), checklist.section_of(id)) else {
        return sections(language);
    };
    let back = text_with(language, "checklist-choice-section", &[("section", section.title.as_str().into())]);
    Reply::text(item_text(item, language)).with_row(vec![
        Choice::new(back, Callback::Checklist(ChecklistView::Section(&section.id))),
        Choice::new(text(language, "checklist-choice-sections"), Callback::Checklist(ChecklistView::Sections)),
    ])
}

/// Describes a question in full, for browsing and for `ask`.
pub(crate) fn item_text(item: &Item, language: Language) -> String {
    let tier = tier_label(item.tier, language);
    [
        item.title.clone(),
        text_with(language, "checklist-item-question", &[("text", item.question.as_str().into())]),
        text_with(language, "checklist-item-why", &[("text", item.why.as_str().into())]),
        text_with(language, "checklist-item-good", &[("text", item.good.as_str().into())]),
        text_with(language, "checklist-item-advice", &[("text", item.advice.as_str().into())]),
        text_with(language, "checklist-item-tier", &[("tier", tier.into())]),
        text_with(language, "checklist-item-id", &[("id", item.id.as_str().into())]),
    ]
    .join("\n")
}

/// Returns `/checklist WORD` with the word members type in `language`.
pub(crate) fn subcommand(language: Language, english: &str, dutch: &str) -> String {
    let word = match language {
        Language::Nl => dutch,
        Language::En => english,
    };
    format!("{} {word}", command_shown(CommandName::Checklist, language))
}
