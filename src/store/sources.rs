//! Configured sources: adding, updating, removing and listing them.

use super::error::{is_unique_violation, query_error};
use super::source_row::{decode_source, SELECT_SOURCES};
use super::sql::to_bigint;
use super::{Store, StoreError};
use crate::domain::{SourceConfig, SourceRecord, MIN_POLL_INTERVAL};

const INSERT_SOURCE: &str = "INSERT INTO sources (name, kind, url, interval_secs) VALUES ($1, $2, $3, $4)";

impl Store {
    /// Adds a source; fails if the name is taken.
    pub async fn add_source(&self, config: &SourceConfig) -> Result<(), StoreError> {
        check_config(config)?;
        let result = bind_config(sqlx::query(INSERT_SOURCE), config).execute(&self.pool).await;
        match result {
            Ok(_) => Ok(()),
            Err(cause) if is_unique_violation(&cause) => {
                Err(StoreError::SourceExists { name: config.name.clone() })
            }
            Err(cause) => Err(StoreError::query(format!("add source {:?}", config.name), cause)),
        }
    }

    /// Adds a source or updates its kind, URL and interval, keeping its health and state.
    pub async fn upsert_source(&self, config: &SourceConfig) -> Result<(), StoreError> {
        check_config(config)?;
        let sql = format!(
            "{INSERT_SOURCE} ON CONFLICT (name) DO UPDATE SET \
             kind = excluded.kind, url = excluded.url, interval_secs = excluded.interval_secs"
        );
        bind_config(sqlx::query(&sql), config)
            .execute(&self.pool)
            .await
            .map_err(query_error(&format!("save source {:?}", config.name)))?;
        Ok(())
    }

    /// Removes a source; its advisories stay. Fails with a not-found error for an unknown name.
    pub async fn remove_source(&self, name: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM sources WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(query_error(&format!("remove source {name:?}")))?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::SourceNotFound { name: name.to_owned() });
        }
        Ok(())
    }

    /// Every source, ordered by name.
    pub async fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        let rows = sqlx::query(&format!("{SELECT_SOURCES} ORDER BY name"))
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("list sources"))?;
        rows.iter().map(decode_source).collect()
    }

    /// Loads one source by name, or `None` when no source has that name.
    pub async fn source(&self, name: &str) -> Result<Option<SourceRecord>, StoreError> {
        let row = sqlx::query(&format!("{SELECT_SOURCES} WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(&format!("load source {name:?}")))?;
        row.as_ref().map(decode_source).transpose()
    }
}

fn bind_config<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    config: &'q SourceConfig,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(config.name.as_str())
        .bind(config.kind.as_str())
        .bind(config.url.as_str())
        .bind(to_bigint(config.interval.as_secs()))
}

/// Rejects a configuration that could never be polled sensibly.
fn check_config(config: &SourceConfig) -> Result<(), StoreError> {
    let invalid = |reason: String| Err(StoreError::InvalidSource { name: config.name.clone(), reason });
    if config.name.trim().is_empty() {
        return invalid("the name is empty".to_owned());
    }
    if config.url.trim().is_empty() {
        return invalid("the URL is empty".to_owned());
    }
    if config.interval < MIN_POLL_INTERVAL {
        return invalid(format!(
            "the poll interval of {} seconds is shorter than the minimum of {} seconds",
            config.interval.as_secs(),
            MIN_POLL_INTERVAL.as_secs()
        ));
    }
    Ok(())
}
