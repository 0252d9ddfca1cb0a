//! The rules file: its TOML shape and its compilation into matchers.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use super::error::RulesError;
use crate::domain::Tier;

/// Compiled size limit of one regex, so that a staff file cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Fields a rule matches when it names none.
const DEFAULT_FIELDS: [Field; 3] = [Field::Title, Field::Summary, Field::Products];

/// The part of an advisory draft a rule's pattern is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Summary,
    /// Each affected product on its own.
    Products,
    /// The name of the configured source.
    Source,
    Url,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        match name {
            "title" => Some(Field::Title),
            "summary" => Some(Field::Summary),
            "products" => Some(Field::Products),
            "source" => Some(Field::Source),
            "url" => Some(Field::Url),
            _ => None,
        }
    }
}

/// What a firing rule implies for the advisory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Effect {
    pub tier: Option<Tier>,
    pub urgent: bool,
    pub ecommerce: bool,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
    pub pattern: Regex,
    /// Matches of `pattern` inside a match of this regex do not count (negations).
    pub exclude: Option<Regex>,
    /// Indexes of earlier rules that must have fired for this one to be tried.
    pub requires: Vec<usize>,
    pub effect: Effect,
}

/// A compiled rules file.
#[derive(Debug, Clone)]
pub(super) struct RuleSet {
    pub default_tier: Tier,
    pub rules: Vec<Rule>,
    /// A quick test of many patterns at once; see [`Prefilter`].
    pub prefilter: Option<Prefilter>,
}

/// All rule patterns in one `RegexSet`, run once over every field joined by newlines. A rule
/// whose pattern misses that text cannot match any single field, so it is skipped. Patterns
/// with `\A` or `\z` could match a field but not the joined text, so they are always tried.
#[derive(Debug, Clone)]
pub(super) struct Prefilter {
    pub set: RegexSet,
    /// For each pattern in `set`, the index of its rule.
    pub rule_of: Vec<usize>,
}

impl Prefilter {
    fn build(rules: &[Rule]) -> Option<Prefilter> {
        let (rule_of, patterns): (Vec<usize>, Vec<&str>) = rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| !rule.pattern.as_str().contains("\\A") && !rule.pattern.as_str().contains("\\z"))
            .map(|(index, rule)| (index, rule.pattern.as_str()))
            .unzip();
        // `^` and `$` must match at every field's boundary inside the joined text.
        let set = RegexSetBuilder::new(patterns)
            .multi_line(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .ok()?;
        Some(Prefilter { set, rule_of })
    }

    /// Returns, per rule, whether it can match anywhere in `joined`.
    pub fn candidates(&self, rule_count: usize, joined: &str) -> Vec<bool> {
        let mut candidate = vec![true; rule_count];
        for &rule in &self.rule_of {
            candidate[rule] = false;
        }
        for pattern in self.set.matches(joined).iter() {
            candidate[self.rule_of[pattern]] = true;
        }
        candidate
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    default_tier: Option<Tier>,
    #[serde(default, rename = "rule")]
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    description: String,
    pattern: String,
    field: Option<OneOrMany>,
    exclude: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    tier: Option<Tier>,
    #[serde(default)]
    urgent: bool,
    #[serde(default)]
    ecommerce: bool,
}

/// Parses and compiles rules TOML. `origin` names the text in errors (a path or "built-in rules").
pub(super) fn compile(text: &str, origin: &str) -> Result<RuleSet, RulesError> {
    let file: RulesFile =
        toml::from_str(text).map_err(|source| RulesError::Toml { origin: origin.to_owned(), source })?;
    if file.rules.is_empty() {
        return Err(RulesError::NoRules { origin: origin.to_owned() });
    }

    let mut rules: Vec<Rule> = Vec::with_capacity(file.rules.len());
    for spec in file.rules {
        let rule = compile_rule(spec, &rules, origin)?;
        rules.push(rule);
    }
    let prefilter = Prefilter::build(&rules);
    Ok(RuleSet { default_tier: file.default_tier.unwrap_or(Tier::Expert), rules, prefilter })
}

fn compile_rule(spec: RuleSpec, earlier: &[Rule], origin: &str) -> Result<Rule, RulesError> {
    let invalid = |problem: String| RulesError::Rule {
        origin: origin.to_owned(),
        rule: spec.name.clone(),
        problem,
    };

    if spec.name.trim().is_empty() {
        return Err(invalid("the name is empty".to_owned()));
    }
    if earlier.iter().any(|rule| rule.name == spec.name) {
        return Err(invalid("another rule before it has the same name".to_owned()));
    }
    if spec.description.trim().is_empty() {
        return Err(invalid("the description is empty; it is stored as the reason the rule fired".to_owned()));
    }
    let effect = Effect { tier: spec.tier, urgent: spec.urgent, ecommerce: spec.ecommerce };
    if effect.tier.is_none() && !effect.urgent && !effect.ecommerce {
        return Err(invalid("it sets none of tier, urgent or ecommerce, so it would change nothing".to_owned()));
    }

    let fields = parse_fields(spec.field.as_ref()).map_err(invalid)?;
    let requires = resolve_requires(&spec.requires, earlier).map_err(invalid)?;
    let pattern = build_regex(&spec.pattern, origin, &spec.name, "pattern")?;
    if pattern.is_match("") {
        return Err(invalid(format!("pattern {:?} matches empty text, so it would fire on every advisory", spec.pattern)));
    }
    let exclude = match &spec.exclude {
        Some(text) => Some(build_regex(text, origin, &spec.name, "exclude")?),
        None => None,
    };

    Ok(Rule {
        name: spec.name,
        description: spec.description.trim().to_owned(),
        fields,
        pattern,
        exclude,
        requires,
        effect,
    })
}

fn parse_fields(spec: Option<&OneOrMany>) -> Result<Vec<Field>, String> {
    let names: Vec<&str> = match spec {
        None => return Ok(DEFAULT_FIELDS.to_vec()),
        Some(OneOrMany::One(name)) => vec![name.as_str()],
        Some(OneOrMany::Many(names)) => names.iter().map(String::as_str).collect(),
    };
    if names.is_empty() {
        return Err("field is an empty list; leave it out to match title, summary and products".to_owned());
    }
    let mut fields = Vec::with_capacity(names.len());
    for name in names {
        let field = Field::parse(name).ok_or_else(|| {
            format!("unknown field {name:?}: expected title, summary, products, source or url")
        })?;
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    Ok(fields)
}

fn resolve_requires(names: &[String], earlier: &[Rule]) -> Result<Vec<usize>, String> {
    names
        .iter()
        .map(|name| {
            earlier
                .iter()
                .position(|rule| &rule.name == name)
                .ok_or_else(|| format!("requires {name:?}, which is not the name of an earlier rule"))
        })
        .collect()
}

fn build_regex(text: &str, origin: &str, rule: &str, key: &'static str) -> Result<Regex, RulesError> {
    RegexBuilder::new(text)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|source| RulesError::Regex { origin: origin.to_owned(), rule: rule.to_owned(), key, source })
}
