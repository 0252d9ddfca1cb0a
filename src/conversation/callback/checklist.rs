//! Callback ids of the checklist's choices.
//!
//! | callback | meaning |
//! |---|---|
//! | `cl`, `cl:s=email`, `cl:i=email.tls` | list the sections, one section's items, one item |
//! | `cla:r=12;i=email.tls;a=y` | answer item `email.tls` of run 12 (`y`, `n`, `u` don't know, `x` not applicable) |
//! | `clr:r=12`, `cls:r=12`, `clp:r=12` | run 12: show the next question, the summary, or pause |
//!
//! Section and item ids must exist in the checklist, else the button is outdated. A run id is
//! a positive decimal number without leading zeros.

use super::{Callback, CallbackError};
use crate::checklist::{Answer, Checklist};
use crate::domain::Language;

/// The view a checklist browsing choice opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistView {
    Sections,
    Section(&'static str),
    Item(&'static str),
}

/// A step on a stored run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStep {
    /// Show the next unanswered question, or the summary when none is left.
    Next,
    Summary,
    /// Stop for now; the progress stays stored.
    Pause,
}

impl RunStep {
    pub(super) const ALL: [RunStep; 3] = [RunStep::Next, RunStep::Summary, RunStep::Pause];

    pub(super) fn action(self) -> &'static str {
        match self {
            RunStep::Next => "clr",
            RunStep::Summary => "cls",
            RunStep::Pause => "clp",
        }
    }
}

/// Every action of this module.
pub(super) const ACTIONS: [&str; 5] = ["cl", "cla", "clr", "cls", "clp"];

/// Encodes a browsing choice.
pub(super) fn encode_view(view: ChecklistView) -> String {
    match view {
        ChecklistView::Sections => "cl".to_owned(),
        ChecklistView::Section(id) => format!("cl:s={id}"),
        ChecklistView::Item(id) => format!("cl:i={id}"),
    }
}

/// Encodes an answer to one item of a run.
pub(super) fn encode_answer(run: i64, item: &str, answer: Answer) -> String {
    format!("cla:r={run};i={item};a={}", answer.code())
}

/// Encodes a step on a run.
pub(super) fn encode_step(run: i64, step: RunStep) -> String {
    format!("{}:r={run}", step.action())
}

/// Parses the parameters of a checklist action; `id` is the whole callback id, for errors.
pub(super) fn parse(action: &str, params: &[(&str, &str)], id: &str) -> Result<Callback, CallbackError> {
    let malformed = |reason| CallbackError::Malformed { id: super::shown_id(id), reason };
    let outdated = || CallbackError::Outdated { id: super::shown_id(id) };
    let checklist = Checklist::get(Language::Nl);
    match (action, params) {
        ("cl", []) => Ok(Callback::Checklist(ChecklistView::Sections)),
        ("cl", [("s", section)]) => {
            let found = checklist.sections.iter().find(|known| known.id == *section).ok_or_else(outdated)?;
            Ok(Callback::Checklist(ChecklistView::Section(found.id.as_str())))
        }
        ("cl", [("i", item)]) => {
            let found = checklist.item(item).ok_or_else(outdated)?;
            Ok(Callback::Checklist(ChecklistView::Item(found.id.as_str())))
        }
        ("cla", [("r", run), ("i", item), ("a", answer)]) => {
            let run = parse_run(run).ok_or_else(|| malformed("invalid run id"))?;
            let answer = Answer::from_code(answer).ok_or_else(|| malformed("invalid answer"))?;
            let found = checklist.item(item).ok_or_else(outdated)?;
            Ok(Callback::ChecklistAnswer { run, item: found.id.as_str(), answer })
        }
        (action, [("r", run)]) => {
            let step = RunStep::ALL.into_iter().find(|step| step.action() == action).ok_or_else(|| malformed("invalid checklist step"))?;
            let run = parse_run(run).ok_or_else(|| malformed("invalid run id"))?;
            Ok(Callback::ChecklistRun { run, step })
        }
        _ => Err(malformed("invalid checklist parameters")),
    }
}

/// Parses a positive run id written without sign or leading zeros.
fn parse_run(text: &str) -> Option<i64> {
    let canonical = !text.starts_with('0') && text.bytes().all(|byte| byte.is_ascii_digit());
    text.parse::<i64>().ok().filter(|run| canonical && *run > 0)
}
