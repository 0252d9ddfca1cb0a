//! Classification: the tier an advisory suits, its urgency and its e-commerce relevance.
//!
//! Rules are data (TOML with regex patterns). The built-in set is compiled in; staff can
//! replace it with their own file without rebuilding.

use std::path::Path;

use crate::domain::{AdvisoryDraft, Classification};

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("stub")]
    Stub,
}

/// A compiled rule set. The same input always gives the same classification.
#[derive(Debug, Clone)]
pub struct Classifier {}

impl Classifier {
    /// Builds the classifier from the rules shipped with Ketenwacht.
    pub fn builtin() -> Classifier {
        Classifier {}
    }

    /// Reads and compiles a staff rules file.
    pub fn load(path: &Path) -> Result<Classifier, RulesError> {
        let _ = path;
        Err(RulesError::Stub)
    }

    /// Compiles rules from TOML text.
    pub fn from_toml(text: &str) -> Result<Classifier, RulesError> {
        let _ = text;
        Err(RulesError::Stub)
    }

    /// Classifies one advisory. `exploited` is true when a CVE of it is in the KEV catalog.
    pub fn classify(&self, draft: &AdvisoryDraft, exploited: bool) -> Classification {
        let _ = (draft, exploited);
        todo!("classification rules")
    }
}
