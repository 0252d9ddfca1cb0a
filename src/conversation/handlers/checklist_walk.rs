//! `checklist start`, `resume` and `reset`, and the answer buttons: a member walks through the
//! questions one by one, with the progress stored per member and supplier.

use chrono::Utc;

use super::checklist_browse::{self as browse, subcommand};
use super::checklist_file;
use super::checklist_summary::{answer_label, summary};
use crate::checklist::outcome::{items_in_scope, summarise};
use crate::checklist::{Answer, Checklist};
use crate::conversation::callback::{Callback, RunStep};
use crate::conversation::checklist_request::{ChecklistRequest, ChecklistRequestError};
use crate::conversation::command::CommandName;
use crate::conversation::describe::command_shown;
use crate::conversation::state::{store_failed, ChatState, ConversationError};
use crate::conversation::{Block, ChatContext, Choice, Conversation, Reply};
use crate::domain::Language;
use crate::i18n::{text, text_with};
use crate::store::{AnswerRecorded, ChecklistRun, MAX_SUPPLIER_CHARS};

/// Maximum number of stored runs `checklist resume` offers as choices, most recent first.
const MAX_RESUME_CHOICES: usize = 10;
/// Maximum number of stored runs of one member, so that a member cannot fill the database by
/// starting runs for ever new supplier names.
pub(crate) const MAX_RUNS_PER_MEMBER: usize = 50;

impl Conversation {
    /// Handles `checklist` with its arguments.
    pub(crate) async fn checklist(
        &self,
        context: &ChatContext,
        state: ChatState,
        arguments: &[String],
    ) -> Result<Reply, ConversationError> {
        let language = state.language;
        let request = match ChecklistRequest::parse(arguments) {
            Ok(request) => request,
            Err(error) => return Ok(request_error(&error, language)),
        };
        match request {
            ChecklistRequest::Sections => Ok(browse::sections(language)),
            ChecklistRequest::Section(id) => Ok(browse::section(id, language)),
            ChecklistRequest::Start { section, supplier } => {
                let runs = self.member_runs(context).await?;
                if runs.len() >= MAX_RUNS_PER_MEMBER && find_run(&runs, supplier.as_deref()).is_none() {
                    tracing::info!(chat = %context.chat, user = %context.user_id, runs = runs.len(), "rejected a checklist run over the limit");
                    return Ok(too_many_runs(language));
                }
                let run = self
                    .store
                    .open_checklist_run(context.chat.platform, &context.user_id, supplier.as_deref(), section, Utc::now())
                    .await
                    .map_err(store_failed("open a checklist run", &context.chat))?;
                Ok(question(&run, language))
            }
            ChecklistRequest::Resume { supplier } => self.resume(context, language, supplier).await,
            ChecklistRequest::Reset { supplier } => self.reset(context, language, supplier).await,
            ChecklistRequest::Export { language: requested, format } => {
                Ok(checklist_file::export(requested.unwrap_or(language), format, language))
            }
            ChecklistRequest::Import => Ok(checklist_file::import_how(language)),
        }
    }

    /// Records an answer from a button and shows the next question. An answer to a question
    /// that already has one keeps the stored answer.
    // NOTE: members cannot change a given answer yet, other than by resetting the whole run.
    pub(crate) async fn checklist_answer(
        &self,
        context: &ChatContext,
        language: Language,
        run_id: i64,
        item: &str,
        answer: Answer,
    ) -> Result<Reply, ConversationError> {
        if let Err(reply) = self.owned_run(context, language, run_id).await? {
            return Ok(reply);
        }
        let recorded = self
            .store
            .record_checklist_answer(run_id, item, answer, Utc::now())
            .await
            .map_err(store_failed("record a checklist answer", &context.chat))?;
        let earlier = match recorded {
            None => return Ok(run_missing(language)),
            Some(AnswerRecorded::Recorded) => None,
            Some(AnswerRecorded::AlreadyAnswered(earlier)) => Some(earlier),
        };
        let run = match self.owned_run(context, language, run_id).await? {
            Ok(run) => run,
            Err(reply) => return Ok(reply),
        };
        let mut reply = question(&run, language);
        if let Some(earlier) = earlier {
            let notice = text_with(language, "checklist-already-answered", &[("answer", answer_label(earlier, language).into())]);
            reply.blocks.insert(0, Block::Text { text: notice });
        }
        Ok(reply)
    }

    /// Takes a step on a stored run: the next question, the summary, or a pause.
    pub(crate) async fn checklist_step(
        &self,
        context: &ChatContext,
        language: Language,
        run_id: i64,
        step: RunStep,
    ) -> Result<Reply, ConversationError> {
        let run = match self.owned_run(context, language, run_id).await? {
            Ok(run) => run,
            Err(reply) => return Ok(reply),
        };
        Ok(match step {
            RunStep::Next => question(&run, language),
            RunStep::Summary => run_summary(&run, language),
            RunStep::Pause => {
                let resume = resume_command(&run, language);
                Reply::text(text_with(language, "checklist-paused", &[("resume", resume.into())])).privately()
            }
        })
    }

    async fn resume(&self, context: &ChatContext, language: Language, supplier: Option<String>) -> Result<Reply, ConversationError> {
        let runs = self.member_runs(context).await?;
        if let Some(supplier) = supplier {
            return Ok(match find_run(&runs, Some(&supplier)) {
                Some(run) => question(run, language),
                None => not_found(language, "checklist-resume-not-found", &supplier),
            });
        }
        let reply = match runs.as_slice() {
            [] => Reply::text(text_with(language, "checklist-resume-none", &[("start", start_command(language).into())])),
            [only] => question(only, language),
            several => {
                let choices = several.iter().take(MAX_RESUME_CHOICES).map(|run| resume_choice(run, language)).collect();
                Reply::text(text(language, "checklist-resume-choose")).with_column(choices).privately()
            }
        };
        Ok(reply)
    }

    async fn reset(&self, context: &ChatContext, language: Language, supplier: Option<String>) -> Result<Reply, ConversationError> {
        let runs = self.member_runs(context).await?;
        let Some(run) = find_run(&runs, supplier.as_deref()) else {
            return Ok(reset_text(language, "checklist-reset-not-found", supplier.as_deref()));
        };
        self.store.delete_checklist_run(run.id).await.map_err(store_failed("delete a checklist run", &context.chat))?;
        tracing::info!(chat = %context.chat, run = run.id, "checklist run reset by its member");
        Ok(reset_text(language, "checklist-reset-done", supplier.as_deref()))
    }

    /// Returns whether `callback` is a button of a checklist walk that belongs to the member
    /// in `context`. Platforms that cannot show a reply to one member of a shared chat use it
    /// to decide whether a press may change the message everyone sees.
    pub async fn owns_checklist_button(&self, context: &ChatContext, callback: &str) -> bool {
        let run_id = match Callback::parse(callback) {
            Ok(Callback::ChecklistAnswer { run, .. } | Callback::ChecklistRun { run, .. }) => run,
            _ => return false,
        };
        match self.store.checklist_run(run_id).await {
            Ok(Some(run)) => run.platform == context.chat.platform && run.user_id == context.user_id,
            Ok(None) => false,
            Err(error) => {
                tracing::warn!(chat = %context.chat, run = run_id, error = %error, "cannot load a checklist run to check its owner");
                false
            }
        }
    }

    async fn member_runs(&self, context: &ChatContext) -> Result<Vec<ChecklistRun>, ConversationError> {
        self.store
            .checklist_runs(context.chat.platform, &context.user_id)
            .await
            .map_err(store_failed("list checklist runs", &context.chat))
    }

    /// Loads a run for the member pressing its button. Returns the reply to send instead
    /// when the run is gone or belongs to someone else.
    async fn owned_run(
        &self,
        context: &ChatContext,
        language: Language,
        run_id: i64,
    ) -> Result<Result<ChecklistRun, Reply>, ConversationError> {
        let run = self.store.checklist_run(run_id).await.map_err(store_failed("load a checklist run", &context.chat))?;
        let Some(run) = run else {
            return Ok(Err(run_missing(language)));
        };
        if run.platform != context.chat.platform || run.user_id != context.user_id {
            tracing::warn!(chat = %context.chat, user = %context.user_id, run = run_id, "member pressed a button of another member's checklist");
            let start = start_command(language);
            return Ok(Err(Reply::text(text_with(language, "checklist-run-not-yours", &[("start", start.into())])).privately()));
        }
        Ok(Ok(run))
    }
}

/// Shows the first unanswered question of the run in checklist order, or the summary when
/// every question has an answer.
fn question(run: &ChecklistRun, language: Language) -> Reply {
    let checklist = Checklist::get(language);
    let items = items_in_scope(checklist, run.section.as_deref());
    let Some((index, item)) = items.iter().enumerate().find(|(_, item)| !run.answers.contains_key(&item.id)) else {
        return run_summary(run, language);
    };
    let section = checklist.section_of(&item.id).map_or("", |section| section.title.as_str());
    let position = text_with(
        language,
        "checklist-walk-position",
        &[("number", (index + 1).into()), ("total", items.len().into()), ("section", section.into())],
    );
    let answers = Answer::ALL
        .into_iter()
        .map(|answer| Choice::new(answer_label(answer, language), Callback::ChecklistAnswer { run: run.id, item: &item.id, answer }))
        .collect();
    Reply::text(format!("{}\n{position}", run_heading(run, language)))
        .with_text(format!("{}\n{}", item.title, item.question))
        .with_text(text_with(language, "checklist-item-why", &[("text", item.why.as_str().into())]))
        .with_row(answers)
        .with_row(vec![
            Choice::new(text(language, "checklist-choice-pause"), Callback::ChecklistRun { run: run.id, step: RunStep::Pause }),
            Choice::new(text(language, "checklist-choice-summary"), Callback::ChecklistRun { run: run.id, step: RunStep::Summary }),
        ])
        .privately()
}

fn run_summary(run: &ChecklistRun, language: Language) -> Reply {
    let checklist = Checklist::get(language);
    let outcome = summarise(checklist, run.section.as_deref(), &run.answers);
    let title = match &run.supplier {
        Some(supplier) => text_with(language, "checklist-summary-title-supplier", &[("supplier", supplier.as_str().into())]),
        None => text(language, "checklist-summary-title"),
    };
    let mut reply = summary(title, &outcome, &Default::default(), Some(resume_command(run, language)), language);
    if outcome.iter().any(|section| section.open > 0) {
        reply = reply.with_row(vec![Choice::new(
            text(language, "checklist-choice-next"),
            Callback::ChecklistRun { run: run.id, step: RunStep::Next },
        )]);
    }
    reply.privately()
}

fn run_heading(run: &ChecklistRun, language: Language) -> String {
    match &run.supplier {
        Some(supplier) => text_with(language, "checklist-walk-supplier", &[("supplier", supplier.as_str().into())]),
        None => text(language, "checklist-walk-no-supplier"),
    }
}

fn resume_choice(run: &ChecklistRun, language: Language) -> Choice {
    let checklist = Checklist::get(language);
    let items = items_in_scope(checklist, run.section.as_deref());
    let answered = items.iter().filter(|item| run.answers.contains_key(&item.id)).count();
    let name = run.supplier.clone().unwrap_or_else(|| text(language, "checklist-resume-no-supplier"));
    let label = text_with(
        language,
        "checklist-resume-entry",
        &[("name", name.into()), ("answered", answered.into()), ("total", items.len().into())],
    );
    Choice::new(label, Callback::ChecklistRun { run: run.id, step: RunStep::Next })
}

/// Finds the run for `supplier` (ignoring case), or the run without a supplier for `None`.
fn find_run<'a>(runs: &'a [ChecklistRun], supplier: Option<&str>) -> Option<&'a ChecklistRun> {
    let wanted = supplier.map(str::to_lowercase);
    runs.iter().find(|run| run.supplier.as_ref().map(|name| name.to_lowercase()) == wanted)
}

/// Builds a reset message: `id` with the supplier's name, or its `-no-supplier` form.
fn reset_text(language: Language, id: &str, supplier: Option<&str>) -> Reply {
    match supplier {
        Some(supplier) => Reply::text(text_with(language, id, &[("supplier", supplier.into())])),
        None => Reply::text(text(language, &format!("{id}-no-supplier"))),
    }
}

fn not_found(language: Language, id: &str, supplier: &str) -> Reply {
    Reply::text(text_with(language, id, &[("supplier", supplier.into()), ("start", start_command(language).into())]))
}

fn too_many_runs(language: Language) -> Reply {
    let reset = subcommand(language, "reset", "wis");
    Reply::text(text_with(language, "checklist-too-many-runs", &[("max", MAX_RUNS_PER_MEMBER.into()), ("reset", reset.into())]))
}

fn run_missing(language: Language) -> Reply {
    Reply::text(text_with(language, "checklist-run-missing", &[("start", start_command(language).into())])).privately()
}

fn start_command(language: Language) -> String {
    subcommand(language, "start", "start")
}

/// Returns the command that continues `run`, with its supplier's name where it has one.
fn resume_command(run: &ChecklistRun, language: Language) -> String {
    let resume = subcommand(language, "resume", "verder");
    match &run.supplier {
        Some(supplier) => format!("{resume} {supplier}"),
        None => resume,
    }
}

/// Explains a rejected argument list of `checklist`.
fn request_error(error: &ChecklistRequestError, language: Language) -> Reply {
    let command = command_shown(CommandName::Checklist, language);
    let example = text(language, "conversation-example-checklist");
    let message = match error {
        ChecklistRequestError::Unknown(word) => {
            text_with(language, "checklist-error-unknown", &[("word", word.as_str().into()), ("command", command.into())])
        }
        ChecklistRequestError::SupplierEmpty => text_with(language, "checklist-error-supplier-empty", &[("example", example.into())]),
        ChecklistRequestError::SupplierTooLong => {
            text_with(language, "checklist-error-supplier-too-long", &[("max", MAX_SUPPLIER_CHARS.into())])
        }
        ChecklistRequestError::ExportWord(word) => {
            let example = subcommand(language, "export en markdown", "exporteer nl csv");
            text_with(language, "checklist-error-export-word", &[("word", word.as_str().into()), ("example", example.into())])
        }
        ChecklistRequestError::ExportRepeated(word) => {
            let example = subcommand(language, "export en markdown", "exporteer nl csv");
            text_with(language, "checklist-error-export-repeated", &[("word", word.as_str().into()), ("example", example.into())])
        }
        ChecklistRequestError::Extra(word) => {
            text_with(language, "checklist-error-extra", &[("word", word.as_str().into()), ("command", command.into())])
        }
    };
    Reply::text(message)
}
