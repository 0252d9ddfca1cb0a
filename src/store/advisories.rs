//! Reading advisories and saving them outside a poll.

use std::collections::{BTreeSet, HashMap};

use sqlx::AnyConnection;

use super::advisory_row::{
    decode_advisory, decode_revision, ORDER_REVISIONS, SELECT_ADVISORIES, SELECT_REVISIONS,
};
use super::advisory_write::{check_writes, write_advisories};
use super::error::query_error;
use super::sql::{count_rows, micros, parameter_list, IDS_PER_QUERY};
use super::{AdvisoryQuery, AdvisoryWrite, Store, StoreError};
use crate::domain::{Advisory, AdvisoryId, Revision};

impl Store {
    /// Loads the stored advisories among `ids`, with revisions and tier overrides. Ids not
    /// stored are missing from the map.
    pub async fn load_advisories(
        &self,
        ids: &[AdvisoryId],
    ) -> Result<HashMap<AdvisoryId, Advisory>, StoreError> {
        let unique: Vec<&str> =
            ids.iter().map(AdvisoryId::as_str).collect::<BTreeSet<_>>().into_iter().collect();
        let mut found = HashMap::with_capacity(unique.len());
        if unique.is_empty() {
            return Ok(found);
        }

        let mut connection = self.pool.acquire().await.map_err(query_error("load advisories"))?;
        for chunk in unique.chunks(IDS_PER_QUERY) {
            let sql = format!("{SELECT_ADVISORIES} WHERE a.id IN ({})", parameter_list(1, chunk.len()));
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(&mut *connection).await.map_err(query_error("load advisories"))?;
            let mut advisories = rows.iter().map(decode_advisory).collect::<Result<Vec<_>, _>>()?;
            attach_revisions(&mut connection, &mut advisories).await?;
            found.extend(advisories.into_iter().map(|advisory| (advisory.id().clone(), advisory)));
        }
        Ok(found)
    }

    /// Loads one advisory, or `None` when it is not stored.
    pub async fn advisory(&self, id: &AdvisoryId) -> Result<Option<Advisory>, StoreError> {
        let mut found = self.load_advisories(std::slice::from_ref(id)).await?;
        Ok(found.remove(id))
    }

    /// Lists advisories matching `query`, newest change first (ties by id, descending).
    pub async fn list_advisories(&self, query: &AdvisoryQuery) -> Result<Vec<Advisory>, StoreError> {
        let mut conditions = Vec::new();
        let mut parameters = Vec::new();
        if let Some(tier) = query.tier {
            parameters.push(Parameter::Text(tier.as_str()));
            conditions.push(format!("a.tier = ${}", parameters.len()));
        }
        if let Some(since) = query.changed_since {
            parameters.push(Parameter::Integer(micros(since)));
            conditions.push(format!("a.changed_at >= ${}", parameters.len()));
        }
        if let Some(before) = query.changed_before {
            parameters.push(Parameter::Integer(micros(before)));
            conditions.push(format!("a.changed_at < ${}", parameters.len()));
        }

        let mut sql = SELECT_ADVISORIES.to_owned();
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY a.changed_at DESC, a.id DESC");
        if let Some(limit) = query.limit {
            parameters.push(Parameter::Integer(i64::from(limit)));
            sql.push_str(&format!(" LIMIT ${}", parameters.len()));
        }

        let mut statement = sqlx::query(&sql);
        for parameter in parameters {
            statement = match parameter {
                Parameter::Text(text) => statement.bind(text),
                Parameter::Integer(number) => statement.bind(number),
            };
        }
        let mut connection = self.pool.acquire().await.map_err(query_error("list advisories"))?;
        let rows = statement.fetch_all(&mut *connection).await.map_err(query_error("list advisories"))?;
        let mut advisories = rows.iter().map(decode_advisory).collect::<Result<Vec<_>, _>>()?;
        attach_revisions(&mut connection, &mut advisories).await?;
        Ok(advisories)
    }

    /// Writes advisories outside a poll (reclassification after a rules or KEV change).
    ///
    /// All writes happen in one transaction: on error none is stored.
    pub async fn save_advisories(&self, writes: &[AdvisoryWrite]) -> Result<(), StoreError> {
        check_writes(writes)?;
        if writes.is_empty() {
            return Ok(());
        }

        let mut transaction = self.pool.begin().await.map_err(query_error("save advisories"))?;
        write_advisories(&mut transaction, writes).await?;
        transaction.commit().await.map_err(query_error("save advisories"))
    }

    /// Counts the stored advisories.
    pub async fn advisory_count(&self) -> Result<u64, StoreError> {
        count_rows(&self.pool, "advisories").await
    }
}

/// A bound value of a query assembled at run time.
enum Parameter {
    Text(&'static str),
    Integer(i64),
}

/// Fills the revisions of `advisories` from the revisions table, oldest version first.
async fn attach_revisions(
    connection: &mut AnyConnection,
    advisories: &mut [Advisory],
) -> Result<(), StoreError> {
    for chunk in advisories.chunks_mut(IDS_PER_QUERY) {
        let sql = format!(
            "{SELECT_REVISIONS} WHERE advisory_id IN ({}) {ORDER_REVISIONS}",
            parameter_list(1, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for advisory in chunk.iter() {
            query = query.bind(advisory.id().as_str());
        }
        let rows = query.fetch_all(&mut *connection).await.map_err(query_error("load revisions"))?;

        let mut revisions: HashMap<String, Vec<Revision>> = HashMap::new();
        for row in &rows {
            let (id, revision) = decode_revision(row)?;
            revisions.entry(id).or_default().push(revision);
        }
        for advisory in chunk.iter_mut() {
            advisory.revisions = revisions.remove(advisory.id().as_str()).unwrap_or_default();
        }
    }
    Ok(())
}
