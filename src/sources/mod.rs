//! Fetching and parsing every kind of advisory source.
//!
//! [`poll`] is the one entry point the ingest loop calls: it fetches a source with the limits
//! of [`fetch::FetchLimits`], parses the bytes by [`SourceKind`](crate::domain::SourceKind) and
//! returns drafts or a [`SourceError`] with a specific reason. Nothing here touches storage.

mod body;
pub mod csaf;
mod csaf_poll;
pub mod error;
pub mod feed;
pub mod fetch;
pub mod kev;
pub mod ncsc_rss;
pub mod opml;
pub mod parse_error;
mod poll;
mod redirect;
mod text;
mod xml_guard;

pub use error::{SourceError, TimeoutPhase};
pub use parse_error::ParseError;
pub use fetch::{FetchLimits, FetchOutcome, FetchedBody, Fetcher};
pub use crate::domain::KevEntry;
pub use csaf_poll::MAX_DOCUMENTS_PER_POLL;
pub use poll::{poll, PollResult};
