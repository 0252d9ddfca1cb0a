//! Mapping between an advisory and its rows: the JSON body, revision rows and the tier override.

use serde_json::Value;
use sqlx::any::AnyRow;

use super::sql::{column, time};
use super::StoreError;
use crate::domain::{Advisory, Revision, TierOverride, Version};

/// Columns read by [`decode_advisory`], in order.
pub(crate) const SELECT_ADVISORIES: &str = "SELECT a.id, a.body, o.tier, o.reason, o.set_at \
     FROM advisories a LEFT JOIN tier_overrides o ON o.advisory_id = a.id";

/// Columns read by [`decode_revision`], in order, oldest version first within an advisory.
pub(crate) const SELECT_REVISIONS: &str =
    "SELECT advisory_id, version_text, major, minor, patch, seen_at, source \
     FROM revisions";
pub(crate) const ORDER_REVISIONS: &str = "ORDER BY advisory_id, major, minor, patch, seen_at";

/// Normalised version parts stored for a revision without a version number. They sort before
/// every real version and give such revisions a key of their own.
pub(crate) const UNVERSIONED: i64 = -1;

/// Encodes everything of `advisory` except its revisions and tier override, which live in
/// their own tables, as the JSON of the `body` column.
pub(crate) fn encode_body(advisory: &Advisory) -> Result<String, StoreError> {
    let encode_error = |error: serde_json::Error| StoreError::Encode {
        id: advisory.id().clone(),
        reason: error.to_string(),
    };
    let mut value = serde_json::to_value(advisory).map_err(encode_error)?;
    if let Some(object) = value.as_object_mut() {
        // An empty list rather than no key, so that the body still decodes as an `Advisory`.
        object.insert("revisions".to_owned(), Value::Array(Vec::new()));
        object.remove("tier_override");
    }
    serde_json::to_string(&value).map_err(encode_error)
}

/// Decodes a row of [`SELECT_ADVISORIES`]; its revisions are left empty for the caller to fill.
pub(crate) fn decode_advisory(row: &AnyRow) -> Result<Advisory, StoreError> {
    let id: String = column(row, 0, "advisory row")?;
    let subject = || format!("advisory {id}");
    let body: String = column(row, 1, &subject())?;
    let mut advisory: Advisory =
        serde_json::from_str(&body).map_err(|error| StoreError::corrupt(subject(), error.to_string()))?;
    if advisory.id().as_str() != id {
        return Err(StoreError::corrupt(subject(), format!("its body names advisory {}", advisory.id())));
    }

    advisory.revisions.clear();
    advisory.tier_override = decode_override(row, &subject())?;
    Ok(advisory)
}

fn decode_override(row: &AnyRow, subject: &str) -> Result<Option<TierOverride>, StoreError> {
    let tier: Option<String> = column(row, 2, subject)?;
    let Some(tier) = tier else {
        return Ok(None);
    };
    let reason: String = column(row, 3, subject)?;
    let set_at: i64 = column(row, 4, subject)?;
    Ok(Some(TierOverride {
        tier: tier.parse().map_err(|error: crate::domain::ParseLabelError| {
            StoreError::corrupt(subject, error.to_string())
        })?,
        reason,
        set_at: time(set_at, subject, "override time")?,
    }))
}

/// Decodes a row of [`SELECT_REVISIONS`] into the advisory id and the revision.
pub(crate) fn decode_revision(row: &AnyRow) -> Result<(String, Revision), StoreError> {
    let id: String = column(row, 0, "revision row")?;
    let subject = format!("revision of advisory {id}");
    let written: Option<String> = column(row, 1, &subject)?;
    let parts: [i64; 3] = [column(row, 2, &subject)?, column(row, 3, &subject)?, column(row, 4, &subject)?];
    let seen_at: i64 = column(row, 5, &subject)?;
    let source: String = column(row, 6, &subject)?;

    let version = match written {
        None => None,
        Some(written) => {
            let [major, minor, patch] = parts.map(|part| {
                u32::try_from(part).map_err(|_| {
                    StoreError::corrupt(&subject, format!("version part {part} is out of range"))
                })
            });
            Some(Version { major: major?, minor: minor?, patch: patch?, written })
        }
    };
    let revision = Revision { version, seen_at: time(seen_at, &subject, "seen time")?, source };
    Ok((id, revision))
}

/// Returns the normalised version parts stored for `version`.
pub(crate) fn version_parts(version: Option<&Version>) -> [i64; 3] {
    match version {
        Some(version) => [version.major, version.minor, version.patch].map(i64::from),
        None => [UNVERSIONED; 3],
    }
}
