//! Writing advisories and their new revisions in batches, inside a caller's transaction.

use std::collections::{HashMap, HashSet};

use sqlx::AnyConnection;

use super::advisory_row::{encode_body, version_parts};
use super::sql::{micros, rows_per_insert, values_rows};
use super::{AdvisoryWrite, StoreError};
use crate::domain::Advisory;

const ADVISORY_COLUMNS: usize = 8;

/// Inserts advisories or updates them in place. The effective tier of an updated row is its
/// staff override when one exists, so a reclassification never hides an override.
const UPSERT_ADVISORIES: &str = "INSERT INTO advisories \
     (id, source, classified_tier, tier, urgency, published_at, changed_at, body) VALUES ";
const UPSERT_ADVISORIES_CONFLICT: &str = " ON CONFLICT (id) DO UPDATE SET \
     source = excluded.source, \
     classified_tier = excluded.classified_tier, \
     tier = COALESCE((SELECT o.tier FROM tier_overrides o WHERE o.advisory_id = excluded.id), excluded.classified_tier), \
     urgency = excluded.urgency, \
     published_at = excluded.published_at, \
     changed_at = excluded.changed_at, \
     body = excluded.body";

const REVISION_COLUMNS: usize = 7;

/// Appends revisions; a version already stored for the advisory is kept as first seen.
const INSERT_REVISIONS: &str = "INSERT INTO revisions \
     (advisory_id, version_text, major, minor, patch, seen_at, source) VALUES ";
const INSERT_REVISIONS_CONFLICT: &str = " ON CONFLICT (advisory_id, major, minor, patch) DO NOTHING";

/// Rejects a write marked as a new revision that carries no revision to append.
pub(crate) fn check_writes(writes: &[AdvisoryWrite]) -> Result<(), StoreError> {
    match writes.iter().find(|write| write.new_revision && write.advisory.revisions.is_empty()) {
        Some(write) => Err(StoreError::MissingRevision { id: write.advisory.id().clone() }),
        None => Ok(()),
    }
}

/// Writes `writes` on `connection`, which the caller has put in a transaction. When one id is
/// written twice the later advisory wins, as if the writes ran one by one.
pub(crate) async fn write_advisories(
    connection: &mut AnyConnection,
    writes: &[AdvisoryWrite],
) -> Result<(), StoreError> {
    let rows = latest_per_id(writes).into_iter().map(AdvisoryRow::new).collect::<Result<Vec<_>, _>>()?;
    for chunk in rows.chunks(rows_per_insert(ADVISORY_COLUMNS)) {
        upsert_chunk(connection, chunk).await?;
    }

    let revisions = new_revisions(writes);
    for chunk in revisions.chunks(rows_per_insert(REVISION_COLUMNS)) {
        insert_revision_chunk(connection, chunk).await?;
    }
    Ok(())
}

/// One advisory row, encoded for binding.
struct AdvisoryRow<'a> {
    advisory: &'a Advisory,
    published_at: i64,
    changed_at: i64,
    body: String,
}

impl<'a> AdvisoryRow<'a> {
    fn new(advisory: &'a Advisory) -> Result<Self, StoreError> {
        Ok(Self {
            advisory,
            published_at: micros(advisory.published_at()),
            changed_at: micros(advisory.changed_at),
            body: encode_body(advisory)?,
        })
    }
}

/// One revision row, encoded for binding.
struct RevisionRow<'a> {
    advisory: &'a Advisory,
    version_text: Option<&'a str>,
    parts: [i64; 3],
    seen_at: i64,
    source: &'a str,
}

/// Returns the last write of each id, in the order of those last writes.
fn latest_per_id(writes: &[AdvisoryWrite]) -> Vec<&Advisory> {
    let last_index: HashMap<&str, usize> =
        writes.iter().enumerate().map(|(index, write)| (write.advisory.id().as_str(), index)).collect();
    writes
        .iter()
        .enumerate()
        .filter(|(index, write)| last_index.get(write.advisory.id().as_str()) == Some(index))
        .map(|(_, write)| &write.advisory)
        .collect()
}

/// Returns the last revision of each write marked new, once per advisory and version.
fn new_revisions(writes: &[AdvisoryWrite]) -> Vec<RevisionRow<'_>> {
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for write in writes.iter().filter(|write| write.new_revision) {
        let Some(revision) = write.advisory.revisions.last() else {
            continue;
        };
        let parts = version_parts(revision.version.as_ref());
        if seen.insert((write.advisory.id().as_str(), parts)) {
            rows.push(RevisionRow {
                advisory: &write.advisory,
                version_text: revision.version.as_ref().map(|version| version.written.as_str()),
                parts,
                seen_at: micros(revision.seen_at),
                source: &revision.source,
            });
        }
    }
    rows
}

async fn upsert_chunk(connection: &mut AnyConnection, rows: &[AdvisoryRow<'_>]) -> Result<(), StoreError> {
    let sql = format!(
        "{UPSERT_ADVISORIES}{}{UPSERT_ADVISORIES_CONFLICT}",
        values_rows(rows.len(), ADVISORY_COLUMNS)
    );
    let mut query = sqlx::query(&sql);
    for row in rows {
        let classification = &row.advisory.classification;
        query = query
            .bind(row.advisory.id().as_str())
            .bind(row.advisory.draft.source.as_str())
            .bind(classification.tier.as_str())
            // A new row has no override yet: `set_tier_override` needs a stored advisory.
            .bind(classification.tier.as_str())
            .bind(classification.urgency.as_str())
            .bind(row.published_at)
            .bind(row.changed_at)
            .bind(row.body.as_str());
    }
    let operation = describe("save", rows.iter().map(|row| row.advisory));
    query.execute(connection).await.map_err(|cause| StoreError::query(operation, cause))?;
    Ok(())
}

async fn insert_revision_chunk(
    connection: &mut AnyConnection,
    rows: &[RevisionRow<'_>],
) -> Result<(), StoreError> {
    let sql =
        format!("{INSERT_REVISIONS}{}{INSERT_REVISIONS_CONFLICT}", values_rows(rows.len(), REVISION_COLUMNS));
    let mut query = sqlx::query(&sql);
    for row in rows {
        let [major, minor, patch] = row.parts;
        query = query
            .bind(row.advisory.id().as_str())
            .bind(row.version_text)
            .bind(major)
            .bind(minor)
            .bind(patch)
            .bind(row.seen_at)
            .bind(row.source);
    }
    let operation = describe("save the new revision of", rows.iter().map(|row| row.advisory));
    query.execute(connection).await.map_err(|cause| StoreError::query(operation, cause))?;
    Ok(())
}

/// Names an operation on a batch in an error: `save advisory X`, or
/// `save 3 advisories from X to Z`.
fn describe<'a>(action: &str, advisories: impl ExactSizeIterator<Item = &'a Advisory>) -> String {
    let count = advisories.len();
    let mut ids = advisories.map(Advisory::id);
    let first = ids.next().map(ToString::to_string).unwrap_or_default();
    match ids.last() {
        None => format!("{action} advisory {first}"),
        Some(last) => format!("{action} {count} advisories from {first} to {last}"),
    }
}
