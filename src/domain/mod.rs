//! Domain values shared by every layer. Nothing here depends on another module of the crate.

mod advisory;
mod audience;
mod chat;
mod clean;
mod id;
mod labels;
mod outbox;
mod source;
mod version;

pub use advisory::{Advisory, AdvisoryDraft, Classification, Cve, Revision, SourceKind, TierOverride};
pub use audience::{Audience, AudienceMember};
pub use chat::{weekday_key, Cadence, ChatKind, ChatRef, Platform, Subscription};
pub use clean::{clean_link, clean_text};
pub use id::AdvisoryId;
pub use outbox::{NewOutboxMessage, OutboxMessage, OutboxStatus};
pub use source::{FetchState, KevEntry, SourceConfig, SourceHealth, SourceRecord, SourceStatus, MAX_POLL_INTERVAL, MIN_POLL_INTERVAL};
pub use labels::{Language, NcscRating, ParseLabelError, Rating, Tier, Tlp, Urgency};
pub use version::{ParseVersionError, Version};
