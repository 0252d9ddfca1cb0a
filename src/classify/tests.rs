use std::io::Write;

use super::*;
use crate::domain::{AdvisoryId, Rating, SourceKind};

/// Builds an NCSC RSS draft from a full feed title such as
/// `NCSC-2025-0259 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento`.
fn ncsc_draft(title: &str) -> AdvisoryDraft {
    let id = AdvisoryId::find_ncsc(title).expect("title starts with an NCSC id");
    let mut draft = AdvisoryDraft::new(id, "ncsc-advisories", SourceKind::NcscRss, title);
    draft.ncsc_rating = rating_in(title);
    draft.url = Some(format!("https://advisories.ncsc.nl/advisory?id={}", draft.id));
    draft
}

fn rating_in(title: &str) -> Option<NcscRating> {
    let start = title.find("] [")? + 3;
    let pair = title.get(start..start + 3)?;
    let (kans, schade) = pair.split_once('/')?;
    Some(NcscRating::KansSchade { kans: Rating::parse(kans)?, schade: Rating::parse(schade)? })
}

fn feed_draft(source: &str, title: &str, summary: &str) -> AdvisoryDraft {
    let id = AdvisoryId::for_feed_item(source, title);
    let mut draft = AdvisoryDraft::new(id, source, SourceKind::Rss, title);
    if !summary.is_empty() {
        draft.summary = Some(summary.to_owned());
    }
    draft
}

/// The 25 items of the NCSC-NL advisories RSS feed as fetched on 2025-08-28, in feed order,
/// with the tier each should get.
const NCSC_2025_08_28: [(&str, Tier); 25] = [
    ("NCSC-2025-0271 [1.00] [M/H] Kwetsbaarheden verholpen in Arcserve Unified Data Protection", Tier::Expert),
    ("NCSC-2025-0270 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco NX-OS Software", Tier::Expert),
    ("NCSC-2025-0234 [1.01] [M/H] Kwetsbaarheid verholpen in CrushFTP", Tier::Expert),
    ("NCSC-2025-0269 [1.00] [M/H] Kwetsbaarheden verholpen in IBM Cognos Command Center", Tier::Expert),
    ("NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway", Tier::Advanced),
    ("NCSC-2025-0266 [1.01] [M/H] Kwetsbaarheid verholpen in Apple MacOS, iOS en iPadOS", Tier::Advanced),
    ("NCSC-2025-0267 [1.00] [M/H] Kwetsbaarheden verholpen in Foxit Reader", Tier::Advanced),
    ("NCSC-2025-0265 [1.00] [M/H] Kwetsbaarheden verholpen in Commvault", Tier::Expert),
    ("NCSC-2025-0264 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco Secure Firewall Software", Tier::Advanced),
    ("NCSC-2025-0263 [1.00] [M/H] Kwetsbaarheden verholpen in N-able N-Central", Tier::Expert),
    ("NCSC-2025-0262 [1.00] [M/H] Kwetsbaarheden verholpen in Xerox FreeFlow Core", Tier::Expert),
    ("NCSC-2025-0261 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe InCopy", Tier::Expert),
    ("NCSC-2025-0260 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Framemaker", Tier::Expert),
    ("NCSC-2025-0259 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento", Tier::Basic),
    ("NCSC-2025-0258 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe InDesign", Tier::Advanced),
    ("NCSC-2025-0257 [1.00] [M/H] Kwetsbaarheid verholpen in Adobe Photoshop", Tier::Advanced),
    ("NCSC-2025-0256 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Illustrator", Tier::Advanced),
    ("NCSC-2025-0255 [1.01] [M/H] Kwetsbaarheden verholpen in Fortinet producten", Tier::Advanced),
    ("NCSC-2025-0254 [1.00] [M/H] Kwetsbaarheden verholpen in Zoom", Tier::Advanced),
    ("NCSC-2025-0253 [1.00] [M/H] Kwetsbaarheden verholpen in Ivanti Connect Secure, Policy Secure en ZTA Gateways", Tier::Advanced),
    ("NCSC-2025-0252 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Exchange Server", Tier::Advanced),
    ("NCSC-2025-0251 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Windows", Tier::Advanced),
    ("NCSC-2025-0250 [1.00] [M/M] Kwetsbaarheden verholpen in Microsoft Office", Tier::Advanced),
    ("NCSC-2025-0249 [1.00] [M/H] Kwetsbaarheden verholpen in Azure-producten", Tier::Expert),
    ("NCSC-2025-0248 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Developer Tools", Tier::Expert),
];

#[test]
fn builtin_rules_compile() {
    let classifier = Classifier::builtin();
    assert!(classifier.rule_names().count() > 5);
    assert!(classifier.rule_names().any(|name| name == "dtc-alert"));
}

#[test]
fn ncsc_feed_titles_get_expected_tier() {
    let classifier = Classifier::builtin();
    let mut wrong = Vec::new();
    for (title, expected) in NCSC_2025_08_28 {
        let classification = classifier.classify(&ncsc_draft(title), false);
        if classification.tier != expected {
            wrong.push(format!("{title}: got {}, expected {expected}", classification.tier));
        }
    }
    assert!(wrong.is_empty(), "wrong tiers:\n{}", wrong.join("\n"));
}

#[test]
fn only_high_high_feed_title_is_urgent() {
    let classifier = Classifier::builtin();
    for (title, _) in NCSC_2025_08_28 {
        let urgency = classifier.classify(&ncsc_draft(title), false).urgency;
        let expected = if title.contains("[H/H]") { Urgency::Urgent } else { Urgency::Normal };
        assert_eq!(urgency, expected, "{title}");
    }
}

#[test]
fn only_magento_title_is_ecommerce_relevant() {
    let classifier = Classifier::builtin();
    for (title, _) in NCSC_2025_08_28 {
        let relevant = classifier.classify(&ncsc_draft(title), false).ecommerce_relevant;
        assert_eq!(relevant, title.contains("Magento"), "{title}");
    }
}

#[test]
fn magento_is_basic_and_ecommerce() {
    let draft = ncsc_draft("NCSC-2025-0259 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento");
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.tier, Tier::Basic);
    assert_eq!(classification.urgency, Urgency::Normal);
    assert!(classification.ecommerce_relevant);
    assert_eq!(classification.matched_products, ["Adobe Commerce", "Magento"]);
    assert_eq!(classification.reasons, ["names a webshop platform or site builder that small shops run"]);
}

#[test]
fn windows_is_advanced() {
    let draft = ncsc_draft("NCSC-2025-0251 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Windows");
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.tier, Tier::Advanced);
    assert!(!classification.ecommerce_relevant);
    assert!(classification.matched_products.is_empty());
}

#[test]
fn cisco_nx_os_defaults_to_expert() {
    let draft = ncsc_draft("NCSC-2025-0270 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco NX-OS Software");
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.tier, Tier::Expert);
    assert_eq!(classification.reasons, ["no rule set a tier, so the default tier expert applies"]);
}

#[test]
fn citrix_high_high_is_urgent_and_advanced() {
    let draft = ncsc_draft("NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.urgency, Urgency::Urgent);
    assert_eq!(classification.tier, Tier::Advanced);
    assert_eq!(classification.reasons[0], "NCSC rates probability and damage H/H");
    assert_eq!(classification.reasons[1], "names a VPN or firewall product that members run at the edge of their network");
}

#[test]
fn ncsc_urgent_label_is_urgent() {
    let mut draft = ncsc_draft("NCSC-2026-0101 [1.00] Kwetsbaarheden verholpen in Cisco IOS XE");
    draft.ncsc_rating = Some(NcscRating::Label { urgency: Urgency::Urgent });
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.urgency, Urgency::Urgent);
    assert_eq!(classification.reasons[0], "NCSC labels it Urgent");
    assert_eq!(classification.tier, Tier::Expert, "Cisco IOS must not match the Apple iOS rule");
}

#[test]
fn kev_exploited_is_urgent() {
    let draft = ncsc_draft("NCSC-2025-0234 [1.01] [M/H] Kwetsbaarheid verholpen in CrushFTP");
    let classifier = Classifier::builtin();
    assert_eq!(classifier.classify(&draft, false).urgency, Urgency::Normal);
    let exploited = classifier.classify(&draft, true);
    assert_eq!(exploited.urgency, Urgency::Urgent);
    assert_eq!(exploited.tier, Tier::Expert);
    assert_eq!(exploited.reasons[0], "a CVE of it is in the CISA catalog of known exploited vulnerabilities");
}

#[test]
fn exploitation_words_make_urgent() {
    let classifier = Classifier::builtin();
    let reported = [
        "De kwetsbaarheid wordt actief misbruikt.",
        "Er is actief misbruik waargenomen.",
        "Het NCSC heeft signalen dat misbruik plaatsvindt.",
        "Cisco meldt dat de kwetsbaarheid beperkt is misbruikt.",
        "Microsoft fixed a zero-day in Windows.",
        "CISA is aware of active exploitation.",
        "The flaw is actively exploited.",
        "Exploits have been seen in the wild.",
    ];
    for summary in reported {
        let draft = feed_draft("ncsc-news", "Kwetsbaarheid in product", summary);
        assert_eq!(classifier.classify(&draft, false).urgency, Urgency::Urgent, "{summary}");
    }
}

#[test]
fn negated_exploitation_stays_normal() {
    let classifier = Classifier::builtin();
    let not_reported = [
        "Het NCSC is niet bekend met misbruik van deze kwetsbaarheid.",
        "Er is geen actief misbruik bekend.",
        "Een kwaadwillende kan de kwetsbaarheid misbruiken om code uit te voeren.",
        "Kwaadwillenden kunnen misbruik maken van de kwetsbaarheid.",
        "The vendor is not aware of exploitation in the wild.",
        "There is no evidence that the flaw is being exploited.",
        "Misbruiken van een wachtwoord",
        "Voorkom misbruik van uw webshopaccount met tweestapsverificatie.",
        "Zo herkent en meldt u misbruik van uw bedrijfsnaam.",
    ];
    for summary in not_reported {
        let draft = feed_draft("ncsc-news", "Kwetsbaarheid in product", summary);
        let classification = classifier.classify(&draft, false);
        assert_eq!(classification.urgency, Urgency::Normal, "{summary}: {:?}", classification.reasons);
    }
}

#[test]
fn negation_elsewhere_keeps_reported_exploitation() {
    let summary = "Voor CVE-2025-1 is geen misbruik bekend. CVE-2025-2 wordt actief misbruikt.";
    let draft = feed_draft("ncsc-news", "Kwetsbaarheden in product", summary);
    assert_eq!(Classifier::builtin().classify(&draft, false).urgency, Urgency::Urgent);
}

#[test]
fn dtc_alert_capitals_make_urgent() {
    let classifier = Classifier::builtin();
    for title in [
        "KRITIEK: kwetsbaarheid in Citrix NetScaler",
        "ERNSTIG: update voor WordPress-plugin",
        "ACTIEF MISBRUIK van kwetsbaarheid in Fortinet",
    ] {
        let draft = feed_draft("dtc-cyberalerts", title, "");
        let classification = classifier.classify(&draft, false);
        assert_eq!(classification.urgency, Urgency::Urgent, "{title}");
        assert_eq!(classification.tier, Tier::Basic, "{title}");
        assert!(
            classification.reasons.iter().any(|reason| reason.starts_with("a Digital Trust Center alert")),
            "{title}: {:?}",
            classification.reasons
        );
    }
}

#[test]
fn dtc_words_need_capitals_and_dtc() {
    let classifier = Classifier::builtin();
    let lower = feed_draft("dtc-cyberalerts", "Kritieke kwetsbaarheid in software", "");
    assert_eq!(classifier.classify(&lower, false).urgency, Urgency::Normal);
    let elsewhere = feed_draft("vendor-blog", "KRITIEK: nieuwe versie", "");
    assert_eq!(classifier.classify(&elsewhere, false).urgency, Urgency::Normal);
}

#[test]
fn dtc_guidance_is_basic_by_source_or_url() {
    let classifier = Classifier::builtin();
    let by_source = feed_draft("dtc-nieuws", "Zo herkent u phishing", "");
    assert_eq!(classifier.classify(&by_source, false).tier, Tier::Basic);

    let mut by_url = feed_draft("news", "Handreiking back-ups", "");
    by_url.url = Some("https://www.digitaltrustcenter.nl/nieuws/handreiking-back-ups".to_owned());
    assert_eq!(classifier.classify(&by_url, false).tier, Tier::Basic);

    let mut lookalike = feed_draft("news", "Handreiking back-ups", "");
    lookalike.url = Some("https://digitaltrustcenter.nl.example.com/x".to_owned());
    assert_eq!(classifier.classify(&lookalike, false).tier, Tier::Expert);
}

#[test]
fn payment_plugin_matches_products_field() {
    let mut draft = feed_draft("wordfence", "Vulnerability in plugin", "");
    draft.products = vec!["Mollie Payments for WooCommerce".to_owned()];
    let classification = Classifier::builtin().classify(&draft, false);
    assert_eq!(classification.tier, Tier::Basic);
    assert_eq!(classification.matched_products, ["WooCommerce", "Mollie"]);
    assert_eq!(classification.reasons.len(), 2);
}

#[test]
fn classification_is_deterministic() {
    let classifier = Classifier::builtin();
    let mut draft = ncsc_draft("NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
    draft.summary = Some("Actief misbruik van WooCommerce, Magento en PayPal; zero-day.".to_owned());
    let first = classifier.classify(&draft, true);
    for _ in 0..20 {
        assert_eq!(classifier.classify(&draft, true), first);
    }
}

#[test]
fn invalid_toml_is_rejected() {
    let error = Classifier::from_toml("[[rule]\nname = 'x'").unwrap_err();
    assert!(matches!(error, RulesError::Toml { .. }), "{error}");
    assert!(error.to_string().starts_with("invalid TOML in rules text"), "{error}");
}

#[test]
fn unknown_key_is_rejected() {
    let text = "[[rule]]\nname='a'\ndescription='d'\npattern='x'\ntier='basic'\nurgnet=true\n";
    let error = Classifier::from_toml(text).unwrap_err();
    assert!(error.to_string().contains("urgnet"), "{error}");
}

#[test]
fn invalid_regex_names_rule() {
    let text = "[[rule]]\nname = 'broken'\ndescription = 'd'\npattern = '(?i)magento('\ntier = 'basic'\n";
    let error = Classifier::from_toml(text).unwrap_err();
    assert!(matches!(&error, RulesError::Regex { rule, key: "pattern", .. } if rule == "broken"), "{error}");
    assert!(error.to_string().contains("rule \"broken\""), "{error}");
}

#[test]
fn oversized_regex_is_rejected() {
    let text = "[[rule]]\nname = 'huge'\ndescription = 'd'\npattern = '\\w{1000}\\w{1000}\\w{1000}'\ntier = 'basic'\n";
    let error = Classifier::from_toml(text).unwrap_err();
    assert!(matches!(&error, RulesError::Regex { rule, .. } if rule == "huge"), "{error}");
}

#[test]
fn rule_problems_are_named() {
    let cases = [
        ("name='a'\ndescription='d'\npattern='x'\n", "sets none of tier"),
        ("name='a'\ndescription=' '\npattern='x'\ntier='basic'\n", "description is empty"),
        ("name='a'\ndescription='d'\npattern='x*'\ntier='basic'\n", "matches empty text"),
        ("name='a'\ndescription='d'\npattern='x'\nfield='titel'\ntier='basic'\n", "unknown field \"titel\""),
        ("name='a'\ndescription='d'\npattern='x'\nfield=[]\ntier='basic'\n", "empty list"),
        ("name='a'\ndescription='d'\npattern='x'\nrequires=['b']\nurgent=true\n", "not the name of an earlier rule"),
        ("name='a'\ndescription='d'\npattern='x'\nexclude='('\nurgent=true\n", "invalid exclude regex"),
    ];
    for (rule, expected) in cases {
        let error = Classifier::from_toml(&format!("[[rule]]\n{rule}")).unwrap_err();
        assert!(error.to_string().contains(expected), "{rule}: {error}");
    }
}

#[test]
fn duplicate_rule_name_is_rejected() {
    let rule = "[[rule]]\nname='a'\ndescription='d'\npattern='x'\ntier='basic'\n";
    let error = Classifier::from_toml(&format!("{rule}{rule}")).unwrap_err();
    assert!(error.to_string().contains("same name"), "{error}");
}

#[test]
fn file_without_rules_is_rejected() {
    let error = Classifier::from_toml("default_tier = 'basic'\n").unwrap_err();
    assert!(matches!(error, RulesError::NoRules { .. }), "{error}");
}

#[test]
fn missing_rules_file_names_path() {
    let error = Classifier::load(Path::new("/nonexistent/ketenwacht-rules.toml")).unwrap_err();
    assert!(error.to_string().contains("/nonexistent/ketenwacht-rules.toml"), "{error}");
}

#[test]
fn staff_rules_file_changes_result() {
    let draft = ncsc_draft("NCSC-2025-0270 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco NX-OS Software");
    assert_eq!(Classifier::builtin().classify(&draft, false).tier, Tier::Expert);

    let mut file = tempfile::NamedTempFile::new().unwrap();
    let staff = r#"
default_tier = "advanced"

[[rule]]
name = "cisco-switches"
description = "names Cisco NX-OS, which our members run"
field = "title"
pattern = '(?i)\bnx-os\b'
tier = "basic"
urgent = true
"#;
    file.write_all(staff.as_bytes()).unwrap();
    let classifier = Classifier::load(file.path()).unwrap();

    let classification = classifier.classify(&draft, false);
    assert_eq!(classification.tier, Tier::Basic);
    assert_eq!(classification.urgency, Urgency::Urgent);
    assert_eq!(classification.reasons, ["names Cisco NX-OS, which our members run"]);

    let other = ncsc_draft("NCSC-2025-0265 [1.00] [M/H] Kwetsbaarheden verholpen in Commvault");
    assert_eq!(classifier.classify(&other, false).tier, Tier::Advanced, "staff default tier");
}

#[test]
fn invalid_staff_file_names_path() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"[[rule]]\nname = 'r'\ndescription = 'd'\npattern = '['\ntier = 'basic'\n").unwrap();
    let error = Classifier::load(file.path()).unwrap_err();
    assert!(error.to_string().contains(&file.path().display().to_string()), "{error}");
}
