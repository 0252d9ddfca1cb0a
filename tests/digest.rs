//! Composing and rendering digests from classified advisories.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use ketenwacht::classify::Classifier;
use ketenwacht::digest::{
    compose, compose_with, render_item_text, render_json, render_text, Digest, DigestItem, ItemKind, Window, PREVIEW_CEILING,
};
use ketenwacht::domain::{
    Advisory, AdvisoryDraft, AdvisoryId, Cve, Language, NcscRating, Rating, Revision, SourceKind, Tier, TierOverride,
    Tlp, Urgency, Version,
};

/// Titles of the NCSC-NL advisories RSS feed as fetched on 2025-08-28, in feed order.
const NCSC_TITLES: [&str; 25] = [
    "NCSC-2025-0271 [1.00] [M/H] Kwetsbaarheden verholpen in Arcserve Unified Data Protection",
    "NCSC-2025-0270 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco NX-OS Software",
    "NCSC-2025-0234 [1.01] [M/H] Kwetsbaarheid verholpen in CrushFTP",
    "NCSC-2025-0269 [1.00] [M/H] Kwetsbaarheden verholpen in IBM Cognos Command Center",
    "NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway",
    "NCSC-2025-0266 [1.01] [M/H] Kwetsbaarheid verholpen in Apple MacOS, iOS en iPadOS",
    "NCSC-2025-0267 [1.00] [M/H] Kwetsbaarheden verholpen in Foxit Reader",
    "NCSC-2025-0265 [1.00] [M/H] Kwetsbaarheden verholpen in Commvault",
    "NCSC-2025-0264 [1.00] [M/H] Kwetsbaarheden verholpen in Cisco Secure Firewall Software",
    "NCSC-2025-0263 [1.00] [M/H] Kwetsbaarheden verholpen in N-able N-Central",
    "NCSC-2025-0262 [1.00] [M/H] Kwetsbaarheden verholpen in Xerox FreeFlow Core",
    "NCSC-2025-0261 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe InCopy",
    "NCSC-2025-0260 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Framemaker",
    "NCSC-2025-0259 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento",
    "NCSC-2025-0258 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe InDesign",
    "NCSC-2025-0257 [1.00] [M/H] Kwetsbaarheid verholpen in Adobe Photoshop",
    "NCSC-2025-0256 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Illustrator",
    "NCSC-2025-0255 [1.01] [M/H] Kwetsbaarheden verholpen in Fortinet producten",
    "NCSC-2025-0254 [1.00] [M/H] Kwetsbaarheden verholpen in Zoom",
    "NCSC-2025-0253 [1.00] [M/H] Kwetsbaarheden verholpen in Ivanti Connect Secure, Policy Secure en ZTA Gateways",
    "NCSC-2025-0252 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Exchange Server",
    "NCSC-2025-0251 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Windows",
    "NCSC-2025-0250 [1.00] [M/M] Kwetsbaarheden verholpen in Microsoft Office",
    "NCSC-2025-0249 [1.00] [M/H] Kwetsbaarheden verholpen in Azure-producten",
    "NCSC-2025-0248 [1.00] [M/H] Kwetsbaarheden verholpen in Microsoft Developer Tools",
];

const MAGENTO: &str = "NCSC-2025-0259";
const CITRIX: &str = "NCSC-2025-0268";
const WINDOWS: &str = "NCSC-2025-0251";
const NX_OS: &str = "NCSC-2025-0270";

/// The built-in rules, compiled once because unoptimised test builds compile regexes slowly.
static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(Classifier::builtin);

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The day of the feed fetch, 08:00 to 08:00 Amsterdam summer time.
fn window() -> Window {
    Window { from: utc("2025-08-27T06:00:00Z"), to: utc("2025-08-28T06:00:00Z") }
}

fn in_window() -> DateTime<Utc> {
    utc("2025-08-27T18:00:00Z")
}

fn rating_in(title: &str) -> Option<NcscRating> {
    let start = title.find("] [")? + 3;
    let (kans, schade) = title.get(start..start + 3)?.split_once('/')?;
    Some(NcscRating::KansSchade { kans: Rating::parse(kans)?, schade: Rating::parse(schade)? })
}

/// Builds a stored advisory from an NCSC feed title, classified by the built-in rules, with
/// one revision per version step (`[1.02]` gives three) and `changed_at` inside the window.
fn ncsc_advisory(title: &str) -> Advisory {
    let id = AdvisoryId::find_ncsc(title).unwrap();
    let mut draft = AdvisoryDraft::new(id, "ncsc-advisories", SourceKind::NcscRss, title);
    draft.url = Some(format!("https://advisories.ncsc.nl/advisory?id={}", draft.id));
    draft.ncsc_rating = rating_in(title);
    let written = &title[title.find('[').unwrap() + 1..title.find(']').unwrap()];
    let version: Version = written.parse().unwrap();
    let revisions = (0..=version.patch)
        .map(|patch| Revision {
            version: Some(Version::new(version.major, 0, patch)),
            seen_at: in_window(),
            source: "ncsc-advisories".to_owned(),
        })
        .collect();
    draft.version = Some(version);
    stored(draft, revisions, false)
}

fn stored(draft: AdvisoryDraft, revisions: Vec<Revision>, exploited: bool) -> Advisory {
    let classification = CLASSIFIER.classify(&draft, exploited);
    Advisory {
        sources: vec![draft.source.clone()],
        draft,
        first_seen_at: in_window(),
        changed_at: in_window(),
        revisions,
        exploited,
        classification,
        tier_override: None,
    }
}

fn guidance(source: &str, title: &str, summary: &str) -> Advisory {
    let id = AdvisoryId::for_feed_item(source, title);
    let mut draft = AdvisoryDraft::new(id, source, SourceKind::Rss, title);
    draft.summary = Some(summary.to_owned());
    draft.url = Some("https://www.digitaltrustcenter.nl/nieuws/voorbeeld".to_owned());
    let revisions = vec![Revision { version: None, seen_at: in_window(), source: source.to_owned() }];
    stored(draft, revisions, false)
}

fn feed() -> Vec<Advisory> {
    NCSC_TITLES.iter().map(|title| ncsc_advisory(title)).collect()
}

fn ids(digest: &Digest) -> Vec<&str> {
    digest.items.iter().map(|item| item.id.as_str()).collect()
}

fn find<'a>(advisories: &'a mut [Advisory], id: &str) -> &'a mut Advisory {
    advisories.iter_mut().find(|advisory| advisory.id().as_str() == id).unwrap()
}

/// Renders one digest as a single text.
fn render_whole(digest: &Digest) -> String {
    render_text(digest, 100_000).join("\n\n")
}

// --- composing ------------------------------------------------------------------------------

#[test]
fn basic_digest_has_magento_and_urgent_citrix() {
    let digest = compose(&feed(), Tier::Basic, Language::Nl, window());
    assert_eq!(ids(&digest), [CITRIX, MAGENTO]);
    assert!(digest.items.iter().all(|item| item.written_for == Tier::Basic));
    assert_eq!(digest.items[0].advisory_tier, Tier::Advanced);
}

#[test]
fn advanced_digest_starts_with_urgent() {
    let digest = compose(&feed(), Tier::Advanced, Language::Nl, window());
    assert_eq!(digest.items[0].id.as_str(), CITRIX);
    assert!(ids(&digest).contains(&WINDOWS));
    assert!(!ids(&digest).contains(&MAGENTO));
    assert!(!ids(&digest).contains(&NX_OS));
    assert_eq!(digest.items.len(), 13);
}

#[test]
fn expert_digest_has_default_tier() {
    let digest = compose(&feed(), Tier::Expert, Language::Nl, window());
    assert_eq!(digest.items[0].id.as_str(), CITRIX);
    assert!(ids(&digest).contains(&NX_OS));
    assert!(!ids(&digest).contains(&WINDOWS));
    assert_eq!(digest.items.len(), 12);
}

#[test]
fn every_advisory_reaches_its_tier() {
    let advisories = feed();
    let total: usize = Tier::ALL
        .iter()
        .map(|&tier| compose(&advisories, tier, Language::Nl, window()).items.len())
        .sum();
    // Citrix is urgent, so it appears in all three digests.
    assert_eq!(total, NCSC_TITLES.len() + 2);
}

#[test]
fn lower_tiers_are_optional() {
    let advisories = feed();
    let expert = compose_with(&advisories, Tier::Expert, Language::Nl, window(), true, PREVIEW_CEILING);
    assert_eq!(expert.items.len(), NCSC_TITLES.len());
    assert!(expert.include_lower_tiers);
    // Magento is e-commerce relevant, so it leads once the urgent item is placed.
    assert_eq!(&ids(&expert)[..2], [CITRIX, MAGENTO]);

    let basic = compose_with(&advisories, Tier::Basic, Language::Nl, window(), true, PREVIEW_CEILING);
    assert_eq!(ids(&basic), [CITRIX, MAGENTO]);
}

#[test]
fn window_is_half_open() {
    let mut advisories = feed();
    find(&mut advisories, MAGENTO).changed_at = window().from;
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert!(ids(&digest).contains(&MAGENTO), "start of the window is inside");

    find(&mut advisories, MAGENTO).changed_at = window().to;
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert!(!ids(&digest).contains(&MAGENTO), "end of the window is outside");

    find(&mut advisories, MAGENTO).changed_at = window().from - Duration::seconds(1);
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert!(!ids(&digest).contains(&MAGENTO), "before the window is outside");
}

#[test]
fn inverted_window_is_empty() {
    let inverted = Window { from: window().to, to: window().from };
    assert!(compose(&feed(), Tier::Expert, Language::Nl, inverted).items.is_empty());
}

#[test]
fn staff_override_wins() {
    let mut advisories = feed();
    find(&mut advisories, NX_OS).tier_override =
        Some(TierOverride { tier: Tier::Basic, reason: "members run NX-OS".to_owned(), set_at: in_window() });
    let basic = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert!(ids(&basic).contains(&NX_OS));
    let expert = compose(&advisories, Tier::Expert, Language::Nl, window());
    assert!(!ids(&expert).contains(&NX_OS));
}

#[test]
fn order_follows_relevance() {
    let mut advisories = feed();
    // Windows exploited (not urgent by itself here), Office updated later than the rest.
    let windows = find(&mut advisories, WINDOWS);
    windows.exploited = true;
    windows.classification.urgency = Urgency::Normal;
    find(&mut advisories, "NCSC-2025-0250").changed_at = in_window() + Duration::hours(1);

    let digest = compose(&advisories, Tier::Advanced, Language::Nl, window());
    let order = ids(&digest);
    assert_eq!(order[0], CITRIX, "urgent first");
    assert_eq!(order[1], WINDOWS, "exploited next");
    // All other advanced items are M/H except Office (M/M), which sorts last despite being newest.
    assert_eq!(*order.last().unwrap(), "NCSC-2025-0250");
    // Equal M/H items with the same change time are ordered by id.
    let rest = &order[2..order.len() - 1];
    let mut sorted = rest.to_vec();
    sorted.sort();
    assert_eq!(rest, sorted.as_slice());
}

#[test]
fn ecommerce_beats_exploited() {
    let mut advisories = feed();
    find(&mut advisories, MAGENTO).tier_override =
        Some(TierOverride { tier: Tier::Advanced, reason: "test".to_owned(), set_at: in_window() });
    find(&mut advisories, WINDOWS).exploited = true;
    let digest = compose(&advisories, Tier::Advanced, Language::Nl, window());
    assert_eq!(&ids(&digest)[..3], [CITRIX, MAGENTO, WINDOWS]);
}

#[test]
fn compose_ignores_input_order() {
    let advisories = feed();
    let mut reversed = advisories.clone();
    reversed.reverse();
    for tier in Tier::ALL {
        let forward = compose(&advisories, tier, Language::Nl, window());
        let backward = compose(&reversed, tier, Language::Nl, window());
        assert_eq!(forward.items, backward.items, "{tier}");
    }
}

#[test]
fn duplicate_ids_keep_latest() {
    let mut advisories = feed();
    let mut newer = find(&mut advisories, MAGENTO).clone();
    newer.changed_at = in_window() + Duration::hours(2);
    newer.draft.title = "NCSC-2025-0259 [1.01] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento".to_owned();
    advisories.push(newer);
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert_eq!(ids(&digest), [CITRIX, MAGENTO]);
    assert_eq!(digest.items[1].changed_at, in_window() + Duration::hours(2));
}

#[test]
fn amber_and_red_are_withheld() {
    let mut advisories = feed();
    find(&mut advisories, MAGENTO).draft.tlp = Tlp::Amber;
    find(&mut advisories, CITRIX).draft.tlp = Tlp::Red;
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert!(digest.items.is_empty());

    find(&mut advisories, MAGENTO).draft.tlp = Tlp::Green;
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    assert_eq!(ids(&digest), [MAGENTO]);
}

#[test]
fn item_carries_renderer_fields() {
    let mut advisories = feed();
    let citrix = find(&mut advisories, CITRIX);
    citrix.draft.cves = vec![Cve { id: "CVE-2025-7775".to_owned(), cvss: Some(9.2), severity: Some("CRITICAL".to_owned()) }];
    citrix.draft.remediations = vec!["Update naar 14.1-47.48.".to_owned()];
    let digest = compose(&advisories, Tier::Advanced, Language::Nl, window());
    let item = &digest.items[0];
    assert_eq!(item.title, "Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
    assert_eq!(item.url.as_deref(), Some("https://advisories.ncsc.nl/advisory?id=NCSC-2025-0268"));
    assert_eq!(item.kind, ItemKind::Vulnerability);
    assert_eq!(item.products, ["Citrix NetScaler ADC", "Gateway"]);
    assert_eq!(item.urgency, Urgency::Urgent);
    assert!(item.updated);
    assert_eq!(item.version.as_deref(), Some("1.02"));
    assert_eq!(item.ncsc_rating, Some(NcscRating::KansSchade { kans: Rating::High, schade: Rating::High }));
    assert_eq!(item.cves.len(), 1);
    assert_eq!(item.tlp, Tlp::Clear);
    assert_eq!(item.remediations.len(), 1);
    assert_eq!(item.written_for, Tier::Advanced);
}

// --- rendering ------------------------------------------------------------------------------

#[test]
fn basic_text_is_plain_action() {
    let digest = compose(&feed(), Tier::Basic, Language::Nl, window());
    let text = render_whole(&digest);
    assert!(
        text.contains("Er zijn beveiligingsupdates voor Adobe Commerce en Magento. Laat uw webbouwer of hostingpartij ze installeren."),
        "{text}"
    );
    assert!(text.contains("DRINGEND: Er zijn beveiligingsupdates voor Citrix NetScaler ADC en Gateway."), "{text}");
    assert!(text.contains("vandaag nog"), "{text}");
    let body: Vec<&str> = text.lines().filter(|line| !line.starts_with("TLP:")).collect();
    let body = body.join("\n");
    assert!(!body.contains("CVE"), "{body}");
    assert!(!body.contains("NCSC-2025"), "{body}");
    assert!(!body.contains("kans/schade"), "{body}");
}

#[test]
fn basic_text_in_english() {
    let digest = compose(&feed(), Tier::Basic, Language::En, window());
    let text = render_whole(&digest);
    assert!(
        text.contains("Security updates are available for Adobe Commerce and Magento. Ask your web developer or hosting provider to install them."),
        "{text}"
    );
    assert!(text.contains("URGENT: Security updates are available for Citrix NetScaler ADC and Gateway."), "{text}");
    assert!(text.contains("Ketenwacht digest, basic level: 27 August 2025 08:00 CEST to 28 August 2025 08:00 CEST"), "{text}");
}

#[test]
fn basic_text_mentions_exploitation() {
    let mut advisories = feed();
    find(&mut advisories, MAGENTO).exploited = true;
    let text = render_whole(&compose(&advisories, Tier::Basic, Language::Nl, window()));
    assert!(text.contains("Aanvallers maken al misbruik van dit lek."), "{text}");
}

#[test]
fn advanced_text_has_id_rating_update() {
    let digest = compose(&feed(), Tier::Advanced, Language::Nl, window());
    let text = render_whole(&digest);
    assert!(text.contains("DRINGEND: Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway"), "{text}");
    assert!(text.contains("NCSC-2025-0268 · kans/schade H/H · bijgewerkt naar versie 1.02"), "{text}");
    assert!(text.contains("NCSC-2025-0251 · kans/schade M/H\n"), "{text}");
    assert!(text.contains("Installeer de updates van de leverancier."), "{text}");
}

#[test]
fn advanced_text_in_english() {
    let digest = compose(&feed(), Tier::Advanced, Language::En, window());
    let text = render_whole(&digest);
    assert!(text.contains("NCSC-2025-0268 · probability/damage H/H · updated to version 1.02"), "{text}");
    assert!(text.contains("URGENT: Kwetsbaarheden verholpen in Citrix"), "{text}");
}

#[test]
fn expert_text_lists_cves_and_products() {
    let mut advisories = feed();
    let nx_os = find(&mut advisories, NX_OS);
    nx_os.draft.products = vec!["Cisco NX-OS Software 9.3".to_owned(), "Cisco NX-OS Software 10.2".to_owned()];
    nx_os.draft.cves = vec![
        Cve { id: "CVE-2025-20241".to_owned(), cvss: Some(7.4), severity: Some("HIGH".to_owned()) },
        Cve { id: "CVE-2025-20262".to_owned(), cvss: Some(6.0), severity: None },
        Cve::new("CVE-2025-20290"),
    ];
    nx_os.draft.remediations = vec!["Cisco heeft updates uitgebracht.".to_owned(), "Zie de Cisco-advisory.".to_owned()];
    let text = render_whole(&compose(&advisories, Tier::Expert, Language::Nl, window()));
    assert!(
        text.contains("Kwetsbaarheden: CVE-2025-20241 (CVSS 7.4, HIGH), CVE-2025-20262 (CVSS 6.0), CVE-2025-20290"),
        "{text}"
    );
    assert!(text.contains("Producten: Cisco NX-OS Software 9.3 en Cisco NX-OS Software 10.2"), "{text}");
    assert!(text.contains("Oplossing: Cisco heeft updates uitgebracht.\nOplossing: Zie de Cisco-advisory."), "{text}");
}

#[test]
fn expert_text_counts_extra_products() {
    let mut advisories = feed();
    find(&mut advisories, NX_OS).draft.products = (1..=14).map(|n| format!("Switch {n}")).collect();
    let text = render_whole(&compose(&advisories, Tier::Expert, Language::Nl, window()));
    assert!(text.contains("Switch 9, Switch 10 en nog 4 andere producten"), "{text}");
    assert!(!text.contains("Switch 11"), "{text}");
}

#[test]
fn checklist_linked_for_file_transfer_and_mail() {
    let moveit = ncsc_advisory("NCSC-2025-0300 [1.00] [H/H] Kwetsbaarheden verholpen in Progress MOVEit Transfer");
    let advanced = render_item_text(&DigestItem::from_advisory(&moveit, Tier::Advanced), Language::Nl);
    assert!(advanced.contains("Checklist: file-sharing.encrypted-transport (zie /checklist)"), "{advanced}");
    let expert = render_item_text(&DigestItem::from_advisory(&moveit, Tier::Expert), Language::Nl);
    assert!(expert.contains("Checklist: file-sharing.encrypted-transport, file-sharing.restricted-access"), "{expert}");

    let mut exchange = ncsc_advisory("NCSC-2025-0301 [1.00] [M/H] Kwetsbaarheid verholpen in Microsoft Exchange Server");
    exchange.draft.products = vec!["Microsoft Exchange Server 2019".to_owned()];
    let text = render_item_text(&DigestItem::from_advisory(&exchange, Tier::Expert), Language::En);
    assert!(text.contains("Checklist: email.tls, email.sender-authentication (see /checklist)"), "{text}");
}

#[test]
fn checklist_not_linked_in_basic_or_unrelated() {
    let moveit = ncsc_advisory("NCSC-2025-0300 [1.00] [H/H] Kwetsbaarheden verholpen in Progress MOVEit Transfer");
    let item = DigestItem::from_advisory(&moveit, Tier::Basic);
    assert_eq!(item.checklist_items[0], "file-sharing.encrypted-transport");
    assert!(!render_item_text(&item, Language::Nl).contains("Checklist"));

    let magento = ncsc_advisory(NCSC_TITLES.iter().find(|title| title.starts_with(MAGENTO)).unwrap());
    let text = render_item_text(&DigestItem::from_advisory(&magento, Tier::Expert), Language::Nl);
    assert!(!text.contains("Checklist"), "{text}");
}

#[test]
fn every_item_has_tlp_and_link() {
    for tier in Tier::ALL {
        let digest = compose(&feed(), tier, Language::Nl, window());
        let text = render_whole(&digest);
        for item in &digest.items {
            let footer = format!("TLP:CLEAR · Meer informatie: https://advisories.ncsc.nl/advisory?id={}", item.id);
            assert!(text.contains(&footer), "{tier}: {footer}");
        }
    }
}

#[test]
fn urgent_is_marked_in_every_tier() {
    for (language, marker) in [(Language::Nl, "DRINGEND: "), (Language::En, "URGENT: ")] {
        for tier in Tier::ALL {
            let digest = compose(&feed(), tier, language, window());
            let text = render_whole(&digest);
            assert_eq!(text.matches(marker).count(), 1, "{tier} {language}: {text}");
        }
    }
}

#[test]
fn guidance_shows_title_and_summary() {
    let mut advisories = feed();
    advisories.push(guidance(
        "dtc-nieuws",
        "ACTIEF MISBRUIK: phishing uit naam van PostNL",
        "Criminelen   sturen\nnepberichten over pakketjes.",
    ));
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    let item = digest.items.iter().find(|item| item.kind == ItemKind::Guidance).unwrap();
    assert!(item.is_urgent());
    assert!(item.ecommerce_relevant);
    let text = render_whole(&digest);
    assert!(
        text.contains("DRINGEND: ACTIEF MISBRUIK: phishing uit naam van PostNL\nCriminelen sturen nepberichten over pakketjes.\nTLP:CLEAR"),
        "{text}"
    );
}

#[test]
fn header_counts_items() {
    let text = render_whole(&compose(&feed(), Tier::Basic, Language::Nl, window()));
    let expected = "Ketenwacht-overzicht, niveau basis: 27 augustus 2025 08:00 CEST tot 28 augustus 2025 08:00 CEST\n\
                    2 nieuwe of bijgewerkte berichten. Eén daarvan is dringend.";
    assert!(text.starts_with(expected), "{text}");
}

#[test]
fn empty_digest_says_nothing_new() {
    let empty = Window { from: utc("2024-01-01T00:00:00Z"), to: utc("2024-01-02T00:00:00Z") };
    let parts = render_text(&compose(&feed(), Tier::Basic, Language::Nl, empty), 4096);
    assert_eq!(parts.len(), 1);
    assert!(parts[0].ends_with("Er zijn in deze periode geen nieuwe of bijgewerkte beveiligingsberichten. U hoeft niets te doen."));
    assert!(parts[0].contains("1 januari 2024 01:00 CET"), "{}", parts[0]);

    let parts = render_text(&compose(&feed(), Tier::Basic, Language::En, empty), 40);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].chars().count(), 40);
    assert!(parts[0].ends_with('…'));
}

#[test]
fn parts_split_on_item_boundaries() {
    let digest = compose(&feed(), Tier::Advanced, Language::Nl, window());
    let whole = render_text(&digest, 100_000);
    assert_eq!(whole.len(), 1);
    let blocks: Vec<&str> = whole[0].split("\n\n").collect();
    assert_eq!(blocks.len(), digest.items.len() + 1);

    for max_chars in [300, 500, 1000] {
        let parts = render_text(&digest, max_chars);
        assert!(parts.len() > 1, "{max_chars}");
        for part in &parts {
            assert!(part.chars().count() <= max_chars, "{max_chars}: {part}");
        }
        // Each block sits whole in one part, and the parts keep the order.
        let rejoined = parts.join("\n\n");
        assert_eq!(rejoined, whole[0], "{max_chars}");
    }
}

#[test]
fn long_item_is_cut_with_ellipsis() {
    let mut advisories = feed();
    find(&mut advisories, MAGENTO).draft.title =
        format!("NCSC-2025-0259 [1.00] [M/H] Kwetsbaarheden verholpen in Adobe Commerce en Magento {}", "é🛒".repeat(200));
    let digest = compose(&advisories, Tier::Basic, Language::Nl, window());
    let parts = render_text(&digest, 120);
    for part in &parts {
        assert!(part.chars().count() <= 120, "{part}");
    }
    let cut = parts.iter().find(|part| part.contains("Adobe Commerce")).unwrap();
    assert!(cut.ends_with('…'), "{cut}");
    assert_eq!(cut.chars().count(), 120);
}

#[test]
fn zero_max_chars_still_renders() {
    let digest = compose(&feed(), Tier::Basic, Language::Nl, window());
    let parts = render_text(&digest, 0);
    assert!(!parts.is_empty());
    assert!(parts.iter().all(|part| part.chars().count() == 1));
}

#[test]
fn no_isolation_marks_in_any_digest() {
    let mut advisories = feed();
    advisories.push(guidance("dtc-nieuws", "Zo herkent u phishing", "Let op afzenders."));
    find(&mut advisories, NX_OS).draft.cves = vec![Cve { id: "CVE-2025-1".to_owned(), cvss: Some(9.8), severity: Some("CRITICAL".to_owned()) }];
    for language in [Language::Nl, Language::En] {
        for tier in Tier::ALL {
            for lower in [false, true] {
                let digest = compose_with(&advisories, tier, language, window(), lower, PREVIEW_CEILING);
                for part in render_text(&digest, 700) {
                    assert!(!part.contains(['\u{2068}', '\u{2069}']), "{tier} {language}: {part:?}");
                }
            }
        }
        let empty = compose(&[], Tier::Basic, language, window());
        assert!(!render_text(&empty, 700)[0].contains(['\u{2068}', '\u{2069}']));
    }
}

#[test]
fn json_has_documented_shape() {
    let digest = compose(&feed(), Tier::Basic, Language::Nl, window());
    let json = render_json(&digest);
    assert_eq!(json["tier"], "basic");
    assert_eq!(json["language"], "nl");
    assert_eq!(json["include_lower_tiers"], false);
    assert_eq!(json["window"]["from"], "2025-08-27T06:00:00Z");
    assert_eq!(json["window"]["to"], "2025-08-28T06:00:00Z");

    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let citrix = &items[0];
    assert_eq!(citrix["id"], CITRIX);
    assert_eq!(citrix["urgency"], "urgent");
    assert_eq!(citrix["kind"], "vulnerability");
    assert_eq!(citrix["updated"], true);
    assert_eq!(citrix["version"], "1.02");
    assert_eq!(citrix["ncsc_rating"]["kind"], "kans_schade");
    assert_eq!(citrix["ncsc_rating"]["kans"], "H");
    assert_eq!(citrix["tlp"], "CLEAR");
    assert_eq!(citrix["advisory_tier"], "advanced");
    assert_eq!(citrix["written_for"], "basic");
    assert_eq!(items[1]["matched_products"], serde_json::json!(["Adobe Commerce", "Magento"]));
    assert_eq!(items[1]["ecommerce_relevant"], true);
}

#[test]
#[ignore = "prints sample digests for reading"]
fn print_samples() {
    let mut advisories = feed();
    let nx_os = find(&mut advisories, NX_OS);
    nx_os.draft.cves = vec![Cve { id: "CVE-2025-20241".to_owned(), cvss: Some(7.4), severity: Some("HIGH".to_owned()) }];
    advisories.push(guidance("dtc-nieuws", "Zo herkent u phishing", "Let op afzenders die u niet kent."));
    for language in [Language::Nl, Language::En] {
        for tier in Tier::ALL {
            for part in render_text(&compose(&advisories, tier, language, window()), 2000) {
                eprintln!("----\n{part}");
            }
        }
    }
}
