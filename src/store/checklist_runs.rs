//! Members' progress through the supplier security checklist: one run per member and
//! supplier name, with an answer per question.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use super::error::query_error;
use super::sql::{column, micros, text_problem, time, truncate_chars};
use super::{Store, StoreError};
use crate::checklist::{Answer, MAX_ITEM_ID_BYTES};
use crate::domain::Platform;

/// Maximum length of a supplier name, in characters.
pub const MAX_SUPPLIER_CHARS: usize = 100;
/// Maximum length of a member id, in characters.
const MAX_USER_ID_CHARS: usize = 128;

const RUN_COLUMNS: &str = "id, platform, user_id, supplier, section, created_at, updated_at";

/// One member's walk through the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistRun {
    /// Stable id that buttons carry; never reused.
    pub id: i64,
    pub platform: Platform,
    /// The member's own id on the platform.
    pub user_id: String,
    /// The supplier's name as the member typed it, or `None` for a run without one.
    pub supplier: Option<String>,
    /// The one section the run asks about, or `None` for the whole checklist.
    pub section: Option<String>,
    /// Item id to answer.
    pub answers: HashMap<String, Answer>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The outcome of recording an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRecorded {
    Recorded,
    /// The item already had this answer, which is kept: a second press of an old button
    /// changes nothing.
    AlreadyAnswered(Answer),
}

impl Store {
    /// Opens the run of `user_id` for `supplier` (matched ignoring case), creating it when
    /// there is none, and sets the section it asks about. Answers already given are kept.
    pub async fn open_checklist_run(
        &self,
        platform: Platform,
        user_id: &str,
        supplier: Option<&str>,
        section: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ChecklistRun, StoreError> {
        check_run_input(platform, user_id, supplier)?;
        let supplier = supplier.unwrap_or("");
        let operation = format!("open the checklist run of member {user_id} on {platform}");
        let sql = format!(
            "INSERT INTO checklist_runs (platform, user_id, supplier, supplier_key, section, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (platform, user_id, supplier_key) DO UPDATE SET \
             supplier = excluded.supplier, section = excluded.section, updated_at = excluded.updated_at \
             RETURNING {RUN_COLUMNS}"
        );
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        let row = sqlx::query(&sql)
            .bind(platform.as_str())
            .bind(user_id)
            .bind(supplier)
            .bind(supplier.to_lowercase())
            .bind(section)
            .bind(micros(now))
            .fetch_one(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        let run = run_with_answers(&mut transaction, &row).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(run)
    }

    /// Loads a run with its answers; `None` when it does not exist (any more).
    pub async fn checklist_run(&self, id: i64) -> Result<Option<ChecklistRun>, StoreError> {
        let operation = format!("load checklist run {id}");
        let mut connection = self.pool.acquire().await.map_err(query_error(&operation))?;
        let row = sqlx::query(&format!("SELECT {RUN_COLUMNS} FROM checklist_runs WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *connection)
            .await
            .map_err(query_error(&operation))?;
        match row {
            Some(row) => Ok(Some(run_with_answers(&mut connection, &row).await?)),
            None => Ok(None),
        }
    }

    /// Lists the runs of a member, most recently changed first.
    pub async fn checklist_runs(&self, platform: Platform, user_id: &str) -> Result<Vec<ChecklistRun>, StoreError> {
        let operation = format!("list the checklist runs of member {user_id} on {platform}");
        let mut connection = self.pool.acquire().await.map_err(query_error(&operation))?;
        let rows = sqlx::query(&format!(
            "SELECT {RUN_COLUMNS} FROM checklist_runs WHERE platform = $1 AND user_id = $2 ORDER BY updated_at DESC, id DESC"
        ))
        .bind(platform.as_str())
        .bind(user_id)
        .fetch_all(&mut *connection)
        .await
        .map_err(query_error(&operation))?;
        let mut runs = Vec::with_capacity(rows.len());
        for row in &rows {
            runs.push(run_with_answers(&mut connection, row).await?);
        }
        Ok(runs)
    }

    /// Records the answer to one item of a run, unless the item already has one. Returns
    /// `None` when the run does not exist (any more).
    pub async fn record_checklist_answer(
        &self,
        run_id: i64,
        item_id: &str,
        answer: Answer,
        now: DateTime<Utc>,
    ) -> Result<Option<AnswerRecorded>, StoreError> {
        if let Some(reason) = text_problem("the item id", item_id, MAX_ITEM_ID_BYTES) {
            return Err(StoreError::InvalidChecklistAnswer { run: run_id, reason });
        }

        let operation = format!("record the answer to {item_id} in checklist run {run_id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        // A write first, so that SQLite takes the write lock at once, and a run deleted in
        // between cannot get an answer.
        let touched = sqlx::query("UPDATE checklist_runs SET updated_at = $1 WHERE id = $2")
            .bind(micros(now))
            .bind(run_id)
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        if touched.rows_affected() == 0 {
            return Ok(None);
        }

        let inserted = sqlx::query(
            "INSERT INTO checklist_answers (run_id, item_id, answer, answered_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (run_id, item_id) DO NOTHING",
        )
        .bind(run_id)
        .bind(item_id)
        .bind(answer.as_str())
        .bind(micros(now))
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;

        let outcome = if inserted.rows_affected() == 1 {
            AnswerRecorded::Recorded
        } else {
            let stored: String =
                sqlx::query_scalar("SELECT answer FROM checklist_answers WHERE run_id = $1 AND item_id = $2")
                    .bind(run_id)
                    .bind(item_id)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(query_error(&operation))?;
            AnswerRecorded::AlreadyAnswered(decode_answer(&stored, run_id)?)
        };
        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(Some(outcome))
    }

    /// Deletes a run with its answers. Returns whether it existed.
    pub async fn delete_checklist_run(&self, id: i64) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM checklist_runs WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(query_error(&format!("delete checklist run {id}")))?;
        Ok(deleted.rows_affected() > 0)
    }
}

fn check_run_input(platform: Platform, user_id: &str, supplier: Option<&str>) -> Result<(), StoreError> {
    let invalid = |reason| StoreError::InvalidChecklistRun {
        platform: platform.to_string(),
        user_id: truncate_chars(user_id, MAX_USER_ID_CHARS).to_owned(),
        reason,
    };
    if let Some(reason) = text_problem("the member id", user_id, MAX_USER_ID_CHARS) {
        return Err(invalid(reason));
    }
    if let Some(reason) = supplier.and_then(|name| text_problem("the supplier name", name, MAX_SUPPLIER_CHARS)) {
        return Err(invalid(reason));
    }
    Ok(())
}

/// Decodes a run row and loads its answers.
async fn run_with_answers(connection: &mut AnyConnection, row: &AnyRow) -> Result<ChecklistRun, StoreError> {
    let id: i64 = column(row, 0, "checklist run")?;
    let subject = format!("checklist run {id}");
    let platform: String = column(row, 1, &subject)?;
    let supplier: String = column(row, 3, &subject)?;
    let created_at: i64 = column(row, 5, &subject)?;
    let updated_at: i64 = column(row, 6, &subject)?;

    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT item_id, answer FROM checklist_answers WHERE run_id = $1")
            .bind(id)
            .fetch_all(&mut *connection)
            .await
            .map_err(query_error(&format!("load the answers of {subject}")))?;
    let mut answers = HashMap::with_capacity(rows.len());
    for (item_id, answer) in rows {
        answers.insert(item_id, decode_answer(&answer, id)?);
    }

    Ok(ChecklistRun {
        id,
        platform: platform.parse().map_err(|error: crate::domain::ParseLabelError| StoreError::corrupt(&subject, error.to_string()))?,
        user_id: column(row, 2, &subject)?,
        supplier: (!supplier.is_empty()).then_some(supplier),
        section: column(row, 4, &subject)?,
        answers,
        created_at: time(created_at, &subject, "created_at")?,
        updated_at: time(updated_at, &subject, "updated_at")?,
    })
}

fn decode_answer(stored: &str, run_id: i64) -> Result<Answer, StoreError> {
    Answer::from_stored(stored)
        .ok_or_else(|| StoreError::corrupt(format!("checklist run {run_id}"), format!("unknown answer {stored:?}")))
}
