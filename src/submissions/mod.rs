//! Member submissions: what a member reports, encrypted at rest, until staff decide on it.
//!
//! - [`key`]: the data key from `KETENWACHT_DATA_KEY`, which encrypts the text, link,
//!   indicators and submitter identity and keys the submitter hash;
//! - [`indicators`]: finding and defanging indicators of compromise in a member's text;
//! - [`advisory`]: turning an approved submission into an advisory of source kind `member`.
//!
//! The store seals and opens the encrypted fields (`store::submissions`); the conversation
//! runs the dialogue and the moderation (`conversation::handlers::submit*`, `moderate*`).

pub mod advisory;
pub mod indicators;
pub mod key;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{AdvisoryId, Language, ParseLabelError, Platform, Tier, Tlp};

pub use indicators::{Indicator, IndicatorKind};
pub use key::{DataKey, KeyError, OpenError, DATA_KEY_VARIABLE};

/// The stage of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionStatus {
    /// The member is still choosing TLP, tier and attribution; deleted after 24 hours.
    Draft,
    /// Sent to staff, waiting for a decision.
    Pending,
    Approved,
    Rejected,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Pending => "pending",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
        }
    }
}

impl FromStr for SubmissionStatus {
    type Err = ParseLabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "draft" => Ok(SubmissionStatus::Draft),
            "pending" => Ok(SubmissionStatus::Pending),
            "approved" => Ok(SubmissionStatus::Approved),
            "rejected" => Ok(SubmissionStatus::Rejected),
            _ => Err(ParseLabelError { kind: "submission status", value: text.to_owned(), expected: "draft, pending, approved, rejected" }),
        }
    }
}

impl fmt::Display for SubmissionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The member's report, stored encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionContent {
    pub text: String,
    /// The first http or https URL in the text.
    pub link: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// The identity of the submitting member, stored encrypted and removed after the retention
/// period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitter {
    /// The member's platform user id.
    pub user_id: String,
    /// The private chat the member submitted from, where notices go; `None` when they
    /// submitted in a shared chat.
    pub chat_id: Option<String>,
    /// The name the platform shows, when it reports one.
    pub display_name: Option<String>,
}

/// A new draft, before it has an id.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub platform: Platform,
    /// The member's language, for notices and the attribution line.
    pub language: Language,
    pub content: SubmissionContent,
    pub submitter: Submitter,
    pub created_at: DateTime<Utc>,
}

/// A stored submission with its fields decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: i64,
    pub status: SubmissionStatus,
    pub platform: Platform,
    pub language: Language,
    /// Chosen by the member when sending; staff may change it while pending.
    pub tlp: Option<Tlp>,
    pub tier: Option<Tier>,
    /// Whether other members see "a member" instead of the organisation.
    pub anonymous: bool,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The platform user id of the staff member who approved or rejected it.
    pub decided_by: Option<String>,
    pub reject_reason: Option<String>,
    pub advisory_id: Option<AdvisoryId>,
    pub content: SubmissionContent,
    /// `None` once the identity was removed after the retention period or on request.
    pub submitter: Option<Submitter>,
}

/// The choices a member makes before sending a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendChoice {
    pub tlp: Tlp,
    pub tier: Tier,
    pub anonymous: bool,
}

/// The outcome of a staff decision or change on a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The decision was stored.
    Done,
    /// The submission was no longer pending; its status is given.
    AlreadyDecided(SubmissionStatus),
    NotFound,
}

/// The counts of one purge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Drafts older than 24 hours, deleted.
    pub drafts_deleted: u64,
    /// Submissions whose submitter identity and hash were removed.
    pub identities_removed: u64,
}
