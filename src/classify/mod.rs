//! Classification: the tier an advisory suits, its urgency and its e-commerce relevance.
//!
//! Rules are data (TOML with regex patterns). The built-in set in `default_rules.toml` is
//! compiled in; staff can replace it with their own file without rebuilding. That file also
//! documents the format. Two signals are structured rather than textual and are checked in
//! code before the rules: an NCSC rating of H/H or `Urgent`, and a CVE in the CISA KEV catalog.

mod error;
mod matching;
mod rules;
#[cfg(test)]
mod tests;

use std::path::Path;

use crate::domain::{AdvisoryDraft, Classification, NcscRating, Tier, Urgency};

pub use error::RulesError;
use rules::RuleSet;

/// The rules shipped with Ketenwacht.
pub const DEFAULT_RULES: &str = include_str!("default_rules.toml");

/// A compiled rule set. The same input always gives the same classification.
#[derive(Debug, Clone)]
pub struct Classifier {
    rules: RuleSet,
}

impl Classifier {
    /// Builds the classifier from the rules shipped with Ketenwacht.
    pub fn builtin() -> Classifier {
        // The built-in file is part of the build and a unit test compiles it, so failing here
        // means the shipped file itself is broken.
        let rules = rules::compile(DEFAULT_RULES, "built-in rules").expect("built-in rules compile");
        Classifier { rules }
    }

    /// Reads and compiles a staff rules file.
    pub fn load(path: &Path) -> Result<Classifier, RulesError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| RulesError::Read { path: path.to_owned(), source })?;
        let rules = rules::compile(&text, &path.display().to_string())?;
        tracing::info!(path = %path.display(), rules = rules.rules.len(), "loaded classification rules");
        Ok(Classifier { rules })
    }

    /// Compiles rules from TOML text.
    pub fn from_toml(text: &str) -> Result<Classifier, RulesError> {
        Ok(Classifier { rules: rules::compile(text, "rules text")? })
    }

    /// The names of the compiled rules, in the order they are tried.
    pub fn rule_names(&self) -> impl Iterator<Item = &str> {
        self.rules.rules.iter().map(|rule| rule.name.as_str())
    }

    /// Classifies one advisory. `exploited` is true when a CVE of it is in the KEV catalog.
    ///
    /// The first firing rule that sets a tier decides it; without one the file's
    /// `default_tier` applies. Every firing rule adds its description to the reasons.
    pub fn classify(&self, draft: &AdvisoryDraft, exploited: bool) -> Classification {
        let mut outcome = Outcome::default();

        if let Some(rating) = draft.ncsc_rating.filter(|rating| rating.is_urgent()) {
            outcome.urgent = true;
            outcome.reasons.push(ncsc_reason(rating));
        }
        if exploited {
            outcome.urgent = true;
            outcome.reasons.push("a CVE of it is in the CISA catalog of known exploited vulnerabilities".to_owned());
        }

        let rule_count = self.rules.rules.len();
        let candidates = match &self.rules.prefilter {
            Some(prefilter) => prefilter.candidates(rule_count, &matching::joined_fields(draft)),
            None => vec![true; rule_count],
        };
        let mut fired = vec![false; rule_count];
        for (index, rule) in self.rules.rules.iter().enumerate() {
            if !candidates[index] || !rule.requires.iter().all(|&required| fired[required]) {
                continue;
            }
            let Some(matched) = matching::match_rule(rule, draft) else {
                continue;
            };
            fired[index] = true;
            outcome.apply(rule.effect, &rule.description, matched);
        }

        let tier = outcome.tier.unwrap_or_else(|| {
            let default = self.rules.default_tier;
            outcome.reasons.push(format!("no rule set a tier, so the default tier {default} applies"));
            default
        });
        Classification {
            tier,
            urgency: if outcome.urgent { Urgency::Urgent } else { Urgency::Normal },
            ecommerce_relevant: outcome.ecommerce,
            matched_products: outcome.products,
            reasons: outcome.reasons,
        }
    }
}

/// What the fired rules have decided so far.
#[derive(Debug, Default)]
struct Outcome {
    tier: Option<Tier>,
    urgent: bool,
    ecommerce: bool,
    products: Vec<String>,
    reasons: Vec<String>,
}

impl Outcome {
    fn apply(&mut self, effect: rules::Effect, description: &str, matched: Vec<String>) {
        if self.tier.is_none() {
            self.tier = effect.tier;
        }
        self.urgent |= effect.urgent;
        if effect.ecommerce {
            self.ecommerce = true;
            for product in matched {
                let known = self.products.iter().any(|seen| seen.to_lowercase() == product.to_lowercase());
                if !known {
                    self.products.push(product);
                }
            }
        }
        self.reasons.push(description.to_owned());
    }
}

fn ncsc_reason(rating: NcscRating) -> String {
    match rating {
        NcscRating::KansSchade { .. } => format!("NCSC rates probability and damage {rating}"),
        NcscRating::Label { .. } => format!("NCSC labels it {rating}"),
    }
}
