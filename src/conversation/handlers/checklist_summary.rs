//! The summary of a filled-in checklist: counts per section and advice for every "no" and
//! "don't know", for a walk and for an imported questionnaire.

use std::collections::HashMap;

use crate::checklist::outcome::SectionOutcome;
use crate::checklist::Answer;
use crate::conversation::{Reply, MAX_BLOCK_CHARS};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Returns an answer's label, as on its button ("Weet niet").
pub(crate) fn answer_label(answer: Answer, language: Language) -> String {
    text(language, &format!("checklist-answer-{}", answer.as_str()))
}

/// Builds the summary under `title`. `notes` are the supplier's notes per item id, shown with
/// the advice, or after it for questions without advice. `resume` is the command that
/// continues the walk, mentioned when questions are open.
pub(crate) fn summary(
    title: String,
    outcome: &[SectionOutcome],
    notes: &HashMap<String, String>,
    resume: Option<String>,
    language: Language,
) -> Reply {
    let mut counts = vec![title];
    for section in outcome {
        counts.push(text_with(
            language,
            "checklist-summary-section",
            &[
                ("section", section.section.title.as_str().into()),
                ("yes", section.yes.into()),
                ("no", section.no.into()),
                ("unknown", section.dont_know.into()),
                ("na", section.not_applicable.into()),
                ("open", section.open.into()),
            ],
        ));
    }
    let open: usize = outcome.iter().map(|section| section.open).sum();
    match (open, resume) {
        (0, _) => counts.push(text(language, "checklist-summary-complete")),
        (_, Some(resume)) => counts.push(text_with(
            language,
            "checklist-summary-incomplete",
            &[("open", open.into()), ("resume", resume.into())],
        )),
        (_, None) => {}
    }

    let mut reply = Reply::default();
    push_packed(&mut reply, counts);
    let mut advice = vec![text(language, "checklist-advice-title")];
    for (item, answer) in outcome.iter().flat_map(|section| section.needs_advice.iter()) {
        let mut entry = text_with(
            language,
            "checklist-advice-entry",
            &[
                ("title", item.title.as_str().into()),
                ("answer", answer_label(*answer, language).into()),
                ("advice", item.advice.as_str().into()),
            ],
        );
        if let Some(note) = notes.get(&item.id) {
            entry.push('\n');
            entry.push_str(&text_with(language, "checklist-advice-note", &[("note", note.as_str().into())]));
        }
        advice.push(entry);
    }
    if advice.len() == 1 {
        advice.push(text(language, "checklist-advice-none"));
    }
    push_packed(&mut reply, advice);
    push_other_notes(&mut reply, outcome, notes, language);
    reply
}

/// Appends the notes on questions that got no advice (answered yes or n/a, or left open), so
/// that nothing the supplier wrote is lost.
fn push_other_notes(reply: &mut Reply, outcome: &[SectionOutcome], notes: &HashMap<String, String>, language: Language) {
    let mut lines = vec![text(language, "checklist-other-notes-title")];
    for item in outcome.iter().flat_map(|section| section.section.items.iter()) {
        let advised = outcome.iter().any(|section| section.needs_advice.iter().any(|(advised, _)| advised.id == item.id));
        if let Some(note) = notes.get(&item.id).filter(|_| !advised) {
            lines.push(text_with(
                language,
                "checklist-other-notes-entry",
                &[("title", item.title.as_str().into()), ("note", note.as_str().into())],
            ));
        }
    }
    if lines.len() > 1 {
        push_packed(reply, lines);
    }
}

/// Appends `lines` as few text blocks as possible, each within [`MAX_BLOCK_CHARS`], breaking
/// only between lines.
fn push_packed(reply: &mut Reply, lines: Vec<String>) {
    let mut block = String::new();
    for line in lines {
        let needed = block.chars().count() + 1 + line.chars().count();
        if !block.is_empty() && needed > MAX_BLOCK_CHARS {
            reply.push_text(std::mem::take(&mut block));
        }
        if !block.is_empty() {
            block.push('\n');
        }
        block.push_str(&line);
    }
    if !block.is_empty() {
        reply.push_text(block);
    }
}
