//! The parts of a CSAF 2.0/2.1 document that Ketenwacht reads, as typed serde structs.
//!
//! Fields the CSAF schema requires are non-optional, so a missing one fails deserialisation
//! at its JSON pointer. Checks that serde cannot express (versions, enums, non-empty lists)
//! live in [`super::check`]. Members not listed here are ignored.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct CsafDocument {
    pub document: DocumentMeta,
    #[serde(default)]
    pub product_tree: Option<ProductTree>,
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DocumentMeta {
    pub category: String,
    pub csaf_version: String,
    pub publisher: Publisher,
    pub title: String,
    pub tracking: Tracking,
    #[serde(default)]
    pub distribution: Option<Distribution>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Publisher {
    pub category: String,
    pub name: String,
    pub namespace: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Tracking {
    pub id: String,
    pub status: String,
    pub version: String,
    pub initial_release_date: DateTime<Utc>,
    /// Never read, because a draft keeps only the first publication, but required.
    #[allow(dead_code)]
    pub current_release_date: DateTime<Utc>,
    pub revision_history: Vec<Revision>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Revision {
    // `date` and `summary` are never read, but the schema requires them, so a revision
    // without them fails to deserialise.
    #[allow(dead_code)]
    pub date: DateTime<Utc>,
    pub number: String,
    #[allow(dead_code)]
    pub summary: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Distribution {
    #[serde(default)]
    pub tlp: Option<TlpMarking>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TlpMarking {
    pub label: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Note {
    pub category: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Reference {
    #[serde(default)]
    pub category: Option<String>,
    pub url: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ProductTree {
    #[serde(default)]
    pub branches: Vec<Branch>,
    #[serde(default)]
    pub full_product_names: Vec<FullProductName>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Branch {
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub branches: Vec<Branch>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FullProductName {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Vulnerability {
    #[serde(default)]
    pub cve: Option<String>,
    /// CSAF 2.0 scores.
    #[serde(default)]
    pub scores: Vec<Score>,
    /// CSAF 2.1 metrics, whose `content` contains the same CVSS objects.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub remediations: Vec<Remediation>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Score {
    #[serde(default)]
    pub cvss_v2: Option<Cvss>,
    #[serde(default)]
    pub cvss_v3: Option<Cvss>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Metric {
    pub content: MetricContent,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MetricContent {
    #[serde(default)]
    pub cvss_v2: Option<Cvss>,
    #[serde(default)]
    pub cvss_v3: Option<Cvss>,
    #[serde(default)]
    pub cvss_v4: Option<Cvss>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Cvss {
    pub base_score: f32,
    /// Absent in CVSS v2 objects.
    #[serde(default)]
    pub base_severity: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Remediation {
    /// Never read, but required by the schema.
    #[allow(dead_code)]
    pub category: String,
    pub details: String,
}
