//! The summary of a filled-in checklist: counts per section, and the questions that need advice.

use std::collections::HashMap;

use super::{Answer, Checklist, Item, Section};

/// The answers of one section.
#[derive(Debug, Clone)]
pub struct SectionOutcome<'a> {
    pub section: &'a Section,
    pub yes: usize,
    pub no: usize,
    pub dont_know: usize,
    pub not_applicable: usize,
    /// Questions without an answer.
    pub open: usize,
    /// Questions answered "no" or "don't know", in checklist order.
    pub needs_advice: Vec<(&'a Item, Answer)>,
}

/// Sums up `answers` (item id to answer) per section, for the sections in `scope`: one
/// section id, or every section for `None`. Answers to items outside the scope are ignored.
pub fn summarise<'a>(
    checklist: &'a Checklist,
    scope: Option<&str>,
    answers: &HashMap<String, Answer>,
) -> Vec<SectionOutcome<'a>> {
    checklist
        .sections
        .iter()
        .filter(|section| scope.is_none_or(|id| section.id == id))
        .map(|section| summarise_section(section, answers))
        .collect()
}

fn summarise_section<'a>(section: &'a Section, answers: &HashMap<String, Answer>) -> SectionOutcome<'a> {
    let mut outcome =
        SectionOutcome { section, yes: 0, no: 0, dont_know: 0, not_applicable: 0, open: 0, needs_advice: Vec::new() };
    for item in &section.items {
        let Some(answer) = answers.get(&item.id).copied() else {
            outcome.open += 1;
            continue;
        };
        match answer {
            Answer::Yes => outcome.yes += 1,
            Answer::No => outcome.no += 1,
            Answer::DontKnow => outcome.dont_know += 1,
            Answer::NotApplicable => outcome.not_applicable += 1,
        }
        if answer.needs_advice() {
            outcome.needs_advice.push((item, answer));
        }
    }
    outcome
}

/// Returns the items of `scope` (one section id, or all for `None`), in checklist order.
pub fn items_in_scope<'a>(checklist: &'a Checklist, scope: Option<&str>) -> Vec<&'a Item> {
    checklist
        .sections
        .iter()
        .filter(|section| scope.is_none_or(|id| section.id == id))
        .flat_map(|section| section.items.iter())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;

    #[test]
    fn counts_and_advice_per_section() {
        let checklist = Checklist::get(Language::En);
        let answers: HashMap<String, Answer> = [
            ("email.tls", Answer::Yes),
            ("email.phishing-awareness", Answer::No),
            ("email.sender-authentication", Answer::DontKnow),
            ("api.tls", Answer::NotApplicable),
        ]
        .into_iter()
        .map(|(id, answer)| (id.to_owned(), answer))
        .collect();

        let outcome = summarise(checklist, None, &answers);
        assert_eq!(outcome.len(), checklist.sections.len());
        let email = outcome.iter().find(|section| section.section.id == "email").unwrap();
        assert_eq!((email.yes, email.no, email.dont_know, email.open), (1, 1, 1, 0));
        let advised: Vec<&str> = email.needs_advice.iter().map(|(item, _)| item.id.as_str()).collect();
        assert_eq!(advised, ["email.phishing-awareness", "email.sender-authentication"]);
        let api = outcome.iter().find(|section| section.section.id == "api").unwrap();
        assert_eq!((api.not_applicable, api.open), (1, 1));
    }

    #[test]
    fn scope_limits_sections() {
        let checklist = Checklist::get(Language::Nl);
        let outcome = summarise(checklist, Some("portal"), &HashMap::new());
        assert_eq!(outcome.len(), 1);
        assert_eq!(outcome[0].open, 2);
        assert_eq!(items_in_scope(checklist, Some("portal")).len(), 2);
    }
}
