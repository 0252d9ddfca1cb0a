//! Mapping between an advisory and its rows: the JSON body, revision rows and the tier override.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::any::AnyRow;

use super::sql::{column, time};
use super::StoreError;
use crate::domain::{Advisory, AdvisoryDraft, Classification, Revision, TierOverride, Version};

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
    let body = Body {
        draft: &advisory.draft,
        first_seen_at: &advisory.first_seen_at,
        changed_at: &advisory.changed_at,
        revisions: &[],
        sources: &advisory.sources,
        exploited: advisory.exploited,
        classification: &advisory.classification,
    };
    serde_json::to_string(&body)
        .map_err(|error| StoreError::Encode { id: advisory.id().clone(), reason: error.to_string() })
}

/// The fields of [`Advisory`] kept in the `body` column, borrowed so that encoding copies
/// nothing. `revisions` is always empty, so that the body still decodes as an `Advisory`, and
/// `tier_override` is left out (a missing `Option` decodes as `None`). A test checks that the
/// keys match `Advisory`'s.
#[derive(Serialize)]
struct Body<'a> {
    draft: &'a AdvisoryDraft,
    first_seen_at: &'a DateTime<Utc>,
    changed_at: &'a DateTime<Utc>,
    revisions: &'a [Revision],
    sources: &'a [String],
    exploited: bool,
    classification: &'a Classification,
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

#[cfg(test)]
mod body_tests {
    use super::*;
    use crate::domain::{AdvisoryId, SourceKind, Tier, Urgency};

    #[test]
    fn body_keeps_every_advisory_field_but_the_override() {
        let draft = AdvisoryDraft::new(AdvisoryId::for_feed_item("s", "1"), "s", SourceKind::Rss, "t");
        let classification = Classification {
            tier: Tier::Expert,
            urgency: Urgency::Normal,
            ecommerce_relevant: false,
            matched_products: Vec::new(),
            reasons: Vec::new(),
        };
        let now = Utc::now();
        let advisory = Advisory {
            draft,
            first_seen_at: now,
            changed_at: now,
            revisions: Vec::new(),
            sources: vec!["s".into()],
            exploited: false,
            classification,
            tier_override: None,
        };
        let full = serde_json::to_value(&advisory).unwrap();
        let body: serde_json::Value = serde_json::from_str(&encode_body(&advisory).unwrap()).unwrap();
        let mut expected: Vec<&String> = full.as_object().unwrap().keys().filter(|key| *key != "tier_override").collect();
        let mut written: Vec<&String> = body.as_object().unwrap().keys().collect();
        expected.sort();
        written.sort();
        assert_eq!(written, expected);
        let decoded: Advisory = serde_json::from_value(body).unwrap();
        assert_eq!(decoded, advisory);
    }
}
