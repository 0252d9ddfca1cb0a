//! Counts for the metrics endpoint.

use sqlx::Row;

use crate::domain::Tier;

use super::error::query_error;
use super::{Store, StoreError};

impl Store {
    /// Counts stored advisories per effective tier; a tier without advisories counts 0.
    pub async fn advisory_counts_by_tier(&self) -> Result<Vec<(Tier, u64)>, StoreError> {
        let rows = sqlx::query("SELECT tier, COUNT(*) AS n FROM advisories GROUP BY tier")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error("count advisories by tier"))?;
        let mut counts: Vec<(Tier, u64)> = Tier::ALL.into_iter().map(|tier| (tier, 0)).collect();
        for row in rows {
            let tier: String = row.try_get("tier").map_err(query_error("count advisories by tier"))?;
            let count: i64 = row.try_get("n").map_err(query_error("count advisories by tier"))?;
            if let Some(entry) = counts.iter_mut().find(|(known, _)| known.as_str() == tier) {
                entry.1 = u64::try_from(count).unwrap_or_default();
            }
        }
        Ok(counts)
    }
}
