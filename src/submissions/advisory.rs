//! An approved submission as an advisory of source kind `member`, classified by the same
//! rules as every ingested advisory.

use chrono::{DateTime, Utc};

use super::indicators::{defang_link, defang_text};
use super::Submission;
use crate::classify::Classifier;
use crate::digest::cut;
use crate::domain::{Advisory, AdvisoryDraft, AdvisoryId, SourceKind, Tier, Tlp};
use crate::ingest::merge;

/// The source name of approved submissions.
pub const MEMBER_SOURCE: &str = "member";
/// Maximum length of the title taken from the first line, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// The texts around the member's own text, in the member's language.
#[derive(Debug, Clone)]
pub struct AdvisoryTexts {
    /// A title for a text without any words, such as "Melding van een lid".
    pub fallback_title: String,
    /// Heading of the indicator list, such as "Indicatoren".
    pub indicators_heading: String,
    /// The attribution line: the verified organisation, or "a member" when anonymous.
    pub reported_by: String,
}

/// Returns the advisory id of submission `id`: `member:{id}`.
pub fn advisory_id(submission_id: i64) -> AdvisoryId {
    AdvisoryId::for_feed_item(MEMBER_SOURCE, &submission_id.to_string())
}

/// Builds the advisory of an approved submission with the TLP label and tier staff decided,
/// published at `now`. Links and indicators appear only defanged in its text, and the advisory
/// has no URL, so no digest links to what a member submitted.
pub fn approved_advisory(
    submission: &Submission,
    tlp: Tlp,
    tier: Tier,
    texts: &AdvisoryTexts,
    classifier: &Classifier,
    now: DateTime<Utc>,
) -> Advisory {
    let shown = defang_text(&submission.content.text);
    let mut lines = shown.lines().map(str::trim).filter(|line| !line.is_empty());
    let title = lines.next().map_or_else(|| texts.fallback_title.clone(), |line| cut(line, MAX_TITLE_CHARS));

    let mut summary: Vec<String> = lines.map(str::to_owned).collect();
    if let Some(link) = &submission.content.link {
        summary.push(defang_link(link));
    }
    if !submission.content.indicators.is_empty() {
        let list: Vec<String> = submission.content.indicators.iter().map(|indicator| indicator.defanged()).collect();
        summary.push(format!("{}: {}", texts.indicators_heading, list.join(", ")));
    }
    summary.push(texts.reported_by.clone());

    let mut draft = AdvisoryDraft::new(advisory_id(submission.id), MEMBER_SOURCE, SourceKind::Member, &title);
    draft.summary = Some(summary.join("\n"));
    draft.published_at = Some(now);
    draft.lang = Some(submission.language.as_str().to_owned());
    draft.tlp = tlp;
    draft.clean();

    let mut advisory = merge(None, draft, false, classifier, now).advisory;
    advisory.tier_override = Some(crate::domain::TierOverride {
        tier,
        reason: format!("tier chosen by staff when approving member submission {}", submission.id),
        set_at: now,
    });
    advisory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Language, Platform};
    use crate::submissions::{Indicator, IndicatorKind, SubmissionContent, SubmissionStatus};

    fn submission(text: &str) -> Submission {
        Submission {
            id: 12,
            status: SubmissionStatus::Pending,
            platform: Platform::Telegram,
            language: Language::Nl,
            tlp: Some(Tlp::Green),
            tier: Some(Tier::Advanced),
            anonymous: true,
            created_at: Utc::now(),
            decided_at: None,
            decided_by: None,
            reject_reason: None,
            advisory_id: None,
            content: SubmissionContent {
                text: text.to_owned(),
                link: Some("https://evil.example.com/pay".to_owned()),
                indicators: vec![Indicator { kind: IndicatorKind::Ipv4, value: "192.0.2.1".to_owned() }],
            },
            submitter: None,
        }
    }

    fn texts() -> AdvisoryTexts {
        AdvisoryTexts {
            fallback_title: "Melding van een lid".to_owned(),
            indicators_heading: "Indicatoren".to_owned(),
            reported_by: "Gemeld door een lid".to_owned(),
        }
    }

    #[test]
    fn advisory_shows_only_defanged_indicators() {
        let text = "Nep-betaalpagina op evil.example.com\nBetaalverzoeken via https://evil.example.com/pay";
        let advisory = approved_advisory(&submission(text), Tlp::Green, Tier::Advanced, &texts(), &Classifier::builtin(), Utc::now());
        assert_eq!(advisory.id().as_str(), "member:12");
        assert_eq!(advisory.draft.source_kind, SourceKind::Member);
        assert_eq!(advisory.draft.title, "Nep-betaalpagina op evil[.]example[.]com");
        assert_eq!(advisory.draft.url, None);
        assert_eq!(advisory.draft.tlp, Tlp::Green);
        assert_eq!(advisory.tier(), Tier::Advanced);
        let summary = advisory.draft.summary.clone().unwrap();
        assert!(!summary.contains("evil.example.com"), "{summary}");
        assert!(summary.contains("hxxps://evil[.]example[.]com/pay"), "{summary}");
        assert!(summary.contains("Indicatoren: 192.0.2[.]1"), "{summary}");
        assert!(summary.ends_with("Gemeld door een lid"), "{summary}");
    }

    #[test]
    fn empty_first_line_uses_fallback_title() {
        let advisory = approved_advisory(&submission("  \n "), Tlp::Clear, Tier::Basic, &texts(), &Classifier::builtin(), Utc::now());
        assert_eq!(advisory.draft.title, "Melding van een lid");
    }
}
