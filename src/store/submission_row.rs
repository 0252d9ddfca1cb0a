//! Submission rows: sealing the private fields with the data key on the way in, and opening
//! them on the way out.

use sqlx::any::AnyRow;

use super::sql::{column, time};
use super::{Store, StoreError};
use crate::domain::{AdvisoryId, ParseLabelError};
use crate::submissions::{DataKey, Indicator, NewSubmission, Submission, SubmissionContent, Submitter};

/// The columns [`decode_submission`] reads, in order.
pub(crate) const SUBMISSION_COLUMNS: &str = "id, status, platform, language, tlp, tier, anonymous, created_at, decided_at, \
     decided_by, reject_reason, advisory_id, text_sealed, link_sealed, indicators_sealed, identity_sealed";

/// Associated data of each sealed column, so a value moved to another column fails to open.
pub(crate) const TEXT_FIELD: &str = "text";
pub(crate) const LINK_FIELD: &str = "link";
pub(crate) const INDICATORS_FIELD: &str = "indicators";
pub(crate) const IDENTITY_FIELD: &str = "identity";

/// The sealed columns of a new submission.
pub(crate) struct SealedFields {
    pub text: String,
    pub link: Option<String>,
    pub indicators: String,
    pub identity: String,
    pub submitter_hash: String,
}

impl Store {
    /// Returns the data key, or the error that names `operation` when submissions are off.
    pub(crate) fn data_key(&self, operation: &str) -> Result<&DataKey, StoreError> {
        self.data_key.as_deref().ok_or_else(|| StoreError::DataKeyMissing { operation: operation.to_owned() })
    }
}

/// Seals the private fields of `submission`.
pub(crate) fn seal(key: &DataKey, submission: &NewSubmission) -> Result<SealedFields, StoreError> {
    let encode_failed = |error: serde_json::Error| StoreError::InvalidSubmission { reason: format!("cannot encode it as JSON: {error}") };
    let indicators = serde_json::to_string(&submission.content.indicators).map_err(encode_failed)?;
    let identity = serde_json::to_string(&submission.submitter).map_err(encode_failed)?;
    Ok(SealedFields {
        text: key.seal(TEXT_FIELD, &submission.content.text),
        link: submission.content.link.as_deref().map(|link| key.seal(LINK_FIELD, link)),
        indicators: key.seal(INDICATORS_FIELD, &indicators),
        identity: key.seal(IDENTITY_FIELD, &identity),
        submitter_hash: key.submitter_hash(submission.platform.as_str(), &submission.submitter.user_id),
    })
}

/// Decodes a row of [`SUBMISSION_COLUMNS`] and opens its sealed fields.
pub(crate) fn decode_submission(key: &DataKey, row: &AnyRow) -> Result<Submission, StoreError> {
    let id: i64 = column(row, 0, "submission")?;
    let subject = format!("submission {id}");
    let label = |error: ParseLabelError| StoreError::corrupt(&subject, error.to_string());
    let text = |index| column::<String>(row, index, &subject);
    let optional = |index| column::<Option<String>>(row, index, &subject);
    let open = |field: &'static str, sealed: &str| key.open(field, sealed).map_err(|cause| StoreError::Decrypt { id, field, cause });

    let indicators_json = open(INDICATORS_FIELD, &text(14)?)?;
    let indicators: Vec<Indicator> =
        serde_json::from_str(&indicators_json).map_err(|error| StoreError::corrupt(&subject, format!("indicators: {error}")))?;
    let submitter = match optional(15)? {
        Some(sealed) => {
            let json = open(IDENTITY_FIELD, &sealed)?;
            let submitter: Submitter =
                serde_json::from_str(&json).map_err(|error| StoreError::corrupt(&subject, format!("identity: {error}")))?;
            Some(submitter)
        }
        None => None,
    };
    let decided_at: Option<i64> = column(row, 8, &subject)?;
    Ok(Submission {
        id,
        status: text(1)?.parse().map_err(label)?,
        platform: text(2)?.parse().map_err(label)?,
        language: text(3)?.parse().map_err(label)?,
        tlp: optional(4)?.map(|tlp| tlp.parse()).transpose().map_err(label)?,
        tier: optional(5)?.map(|tier| tier.parse()).transpose().map_err(label)?,
        anonymous: column::<i64>(row, 6, &subject)? != 0,
        created_at: time(column(row, 7, &subject)?, &subject, "created_at")?,
        decided_at: decided_at.map(|at| time(at, &subject, "decided_at")).transpose()?,
        decided_by: optional(9)?,
        reject_reason: optional(10)?,
        advisory_id: optional(11)?
            .map(|id| id.parse::<AdvisoryId>())
            .transpose()
            .map_err(|error| StoreError::corrupt(&subject, format!("advisory id: {error}")))?,
        content: SubmissionContent {
            text: open(TEXT_FIELD, &text(12)?)?,
            link: optional(13)?.map(|sealed| open(LINK_FIELD, &sealed)).transpose()?,
            indicators,
        },
        submitter,
    })
}
