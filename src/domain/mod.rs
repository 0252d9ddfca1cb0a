//! Domain values shared by every layer. Nothing here depends on another module of the crate.

mod advisory;
mod id;
mod labels;
mod source;
mod version;

pub use advisory::{Advisory, AdvisoryDraft, Classification, Cve, Revision, SourceKind, TierOverride};
pub use id::AdvisoryId;
pub use source::{FetchState, KevEntry, SourceConfig, SourceHealth, SourceRecord, SourceStatus, MIN_POLL_INTERVAL};
pub use labels::{Language, NcscRating, ParseLabelError, Rating, Tier, Tlp, Urgency};
pub use version::{ParseVersionError, Version};
