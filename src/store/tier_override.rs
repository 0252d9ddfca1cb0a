//! Staff tier overrides, which replace the classified tier of an advisory.

use sqlx::AnyConnection;

use super::error::query_error;
use super::sql::micros;
use super::{Store, StoreError};
use crate::domain::{AdvisoryId, Tier, TierOverride};

impl Store {
    /// Sets a staff tier override; fails with a not-found error for an unknown id.
    ///
    /// The override replaces any earlier one and survives later saves of the advisory.
    pub async fn set_tier_override(
        &self,
        id: &AdvisoryId,
        tier_override: &TierOverride,
    ) -> Result<(), StoreError> {
        let operation = format!("set the tier override of advisory {id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        insert_tier_override(&mut transaction, id, tier_override, &operation).await?;
        transaction.commit().await.map_err(query_error(&operation))
    }

    /// Removes the staff tier override of `id`, so the classified tier applies again. Returns
    /// whether there was one; fails with a not-found error for an unknown id.
    pub async fn clear_tier_override(&self, id: &AdvisoryId) -> Result<bool, StoreError> {
        let operation = format!("clear the tier override of advisory {id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        set_effective_tier(&mut transaction, id, None, &operation).await?;

        let deleted = sqlx::query("DELETE FROM tier_overrides WHERE advisory_id = $1")
            .bind(id.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;

        transaction.commit().await.map_err(query_error(&operation))?;
        Ok(deleted.rows_affected() > 0)
    }
}

/// Stores `tier_override` for the stored advisory `id` inside the caller's transaction,
/// replacing an earlier one, and makes it the effective tier.
pub(crate) async fn insert_tier_override(
    connection: &mut AnyConnection,
    id: &AdvisoryId,
    tier_override: &TierOverride,
    operation: &str,
) -> Result<(), StoreError> {
    set_effective_tier(connection, id, Some(tier_override.tier), operation).await?;
    sqlx::query(
        "INSERT INTO tier_overrides (advisory_id, tier, reason, set_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (advisory_id) DO UPDATE SET tier = excluded.tier, reason = excluded.reason, set_at = excluded.set_at",
    )
    .bind(id.as_str())
    .bind(tier_override.tier.as_str())
    .bind(tier_override.reason.as_str())
    .bind(micros(tier_override.set_at))
    .execute(connection)
    .await
    .map_err(query_error(operation))?;
    Ok(())
}

/// Sets the effective tier column of `id` to `tier`, or back to the classified tier for `None`.
async fn set_effective_tier(
    connection: &mut AnyConnection,
    id: &AdvisoryId,
    tier: Option<Tier>,
    operation: &str,
) -> Result<(), StoreError> {
    let updated = sqlx::query("UPDATE advisories SET tier = COALESCE($1, classified_tier) WHERE id = $2")
        .bind(tier.map(Tier::as_str))
        .bind(id.as_str())
        .execute(connection)
        .await
        .map_err(query_error(operation))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::AdvisoryNotFound { id: id.clone() });
    }
    Ok(())
}
