//! Ketenwacht collects security advisories, decides which member maturity tier each one
//! suits, stores them and composes tailored digests for webshop communities.
//!
//! The crate is split by layer, and each folder owns one concept:
//! - [`checklist`]: the supplier security checklist, its matcher and questionnaire files;
//! - [`domain`]: advisories, ids, versions, tiers, urgency, TLP labels, languages;
//! - [`sources`]: fetching and parsing NCSC RSS, CSAF, generic feeds, the CISA KEV catalog, OPML;
//! - [`classify`]: the rules that pick tier, urgency and e-commerce relevance;
//! - [`store`]: the sqlx storage for SQLite and PostgreSQL;
//! - [`digest`]: choosing, composing and rendering digests;
//! - [`i18n`]: Fluent resources for every text a user reads;
//! - [`ingest`]: one polling round over every source, from bytes to stored rows;
//! - [`submissions`]: member submissions, their encryption at rest and indicator defanging;
//! - [`config`]: the configuration file and its environment overrides.
#![forbid(unsafe_code)]

pub mod checklist;
pub mod classify;
pub mod config;
pub mod conversation;
pub mod delivery;
pub mod digest;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod ingest;
pub mod platforms;
pub mod sources;
pub mod store;
pub mod submissions;
