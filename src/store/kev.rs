//! The CISA Known Exploited Vulnerabilities catalog.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use super::error::query_error;
use super::sql::{column, count_rows, parameter_list, rows_per_insert, values_rows, IDS_PER_QUERY};
use super::{Store, StoreError};
use crate::domain::KevEntry;

const KEV_COLUMNS: usize = 3;

/// ISO 8601 calendar date, the stored form of `date_added`.
const DATE_FORMAT: &str = "%Y-%m-%d";

impl Store {
    /// Returns those of `cves` that are in the stored KEV catalog, spelled as given.
    ///
    /// CVE ids match case-insensitively and ignore surrounding spaces.
    pub async fn exploited_cves(&self, cves: &[String]) -> Result<HashSet<String>, StoreError> {
        let mut by_key: HashMap<String, Vec<&String>> = HashMap::new();
        for cve in cves {
            by_key.entry(cve_key(cve)).or_default().push(cve);
        }
        let keys: Vec<&String> = by_key.keys().collect();

        let mut exploited = HashSet::new();
        for chunk in keys.chunks(IDS_PER_QUERY) {
            let sql = format!("SELECT cve FROM kev WHERE cve IN ({})", parameter_list(1, chunk.len()));
            let mut query = sqlx::query_scalar::<_, String>(&sql);
            for key in chunk {
                query = query.bind(key.as_str());
            }
            let found =
                query.fetch_all(&self.pool).await.map_err(query_error("look up CVEs in the KEV catalog"))?;
            for key in found {
                exploited.extend(by_key.get(&key).into_iter().flatten().map(|cve| (*cve).clone()));
            }
        }
        Ok(exploited)
    }

    /// Lists the stored KEV catalog, ordered by CVE id.
    pub async fn kev_entries(&self) -> Result<Vec<KevEntry>, StoreError> {
        let rows = sqlx::query("SELECT cve, date_added, known_ransomware FROM kev ORDER BY cve")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("list the KEV catalog"))?;
        rows.iter().map(decode_entry).collect()
    }

    /// Counts the entries of the stored KEV catalog.
    pub async fn kev_count(&self) -> Result<u64, StoreError> {
        count_rows(&self.pool, "kev").await
    }
}

fn decode_entry(row: &AnyRow) -> Result<KevEntry, StoreError> {
    let cve: String = column(row, 0, "KEV row")?;
    let subject = format!("KEV entry {cve}");
    let date_added: String = column(row, 1, &subject)?;
    let known_ransomware: i64 = column(row, 2, &subject)?;
    Ok(KevEntry {
        date_added: NaiveDate::parse_from_str(&date_added, DATE_FORMAT)
            .map_err(|error| StoreError::corrupt(&subject, format!("date {date_added:?}: {error}")))?,
        known_ransomware: known_ransomware != 0,
        cve,
    })
}

/// Returns the stored form of a CVE id: trimmed and upper case.
fn cve_key(cve: &str) -> String {
    cve.trim().to_ascii_uppercase()
}

/// Rejects a catalog that lists one CVE twice, which the table's key would reject halfway.
pub(crate) fn check_catalog(entries: &[KevEntry]) -> Result<(), StoreError> {
    let mut seen = HashSet::with_capacity(entries.len());
    match entries.iter().find(|entry| !seen.insert(cve_key(&entry.cve))) {
        Some(entry) => Err(StoreError::DuplicateKevEntry { cve: entry.cve.clone() }),
        None => Ok(()),
    }
}

/// Replaces the stored catalog with `entries` on `connection`, which the caller has put in a
/// transaction.
pub(crate) async fn replace_catalog(
    connection: &mut AnyConnection,
    entries: &[KevEntry],
) -> Result<(), StoreError> {
    let operation = "replace the KEV catalog";
    sqlx::query("DELETE FROM kev").execute(&mut *connection).await.map_err(query_error(operation))?;

    let rows: Vec<(String, String, i64)> = entries
        .iter()
        .map(|entry| {
            (
                cve_key(&entry.cve),
                entry.date_added.format(DATE_FORMAT).to_string(),
                i64::from(entry.known_ransomware),
            )
        })
        .collect();
    for chunk in rows.chunks(rows_per_insert(KEV_COLUMNS)) {
        let sql = format!(
            "INSERT INTO kev (cve, date_added, known_ransomware) VALUES {}",
            values_rows(chunk.len(), KEV_COLUMNS)
        );
        let mut query = sqlx::query(&sql);
        for (cve, date_added, known_ransomware) in chunk {
            query = query.bind(cve.as_str()).bind(date_added.as_str()).bind(*known_ransomware);
        }
        query.execute(&mut *connection).await.map_err(query_error(operation))?;
    }
    Ok(())
}
