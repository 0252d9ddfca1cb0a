use super::*;

fn kinds(text: &str) -> Vec<(IndicatorKind, String)> {
    extract(text).indicators.into_iter().map(|indicator| (indicator.kind, indicator.value)).collect()
}

#[test]
fn extracts_every_kind() {
    let text = "Phishing via https://evil.example.com/login from 192.0.2.1 and 2001:db8::1, \
                mail from boef@example.net, domain shop-update.example.org, \
                md5 d41d8cd98f00b204e9800998ecf8427e \
                sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 \
                sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let extracted = extract(text);
    assert_eq!(extracted.link.as_deref(), Some("https://evil.example.com/login"));
    assert_eq!(
        kinds(text),
        vec![
            (IndicatorKind::Ipv4, "192.0.2.1".to_owned()),
            (IndicatorKind::Ipv6, "2001:db8::1".to_owned()),
            (IndicatorKind::Email, "boef@example.net".to_owned()),
            (IndicatorKind::Domain, "shop-update.example.org".to_owned()),
            (IndicatorKind::Md5, "d41d8cd98f00b204e9800998ecf8427e".to_owned()),
            (IndicatorKind::Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709".to_owned()),
            (IndicatorKind::Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".to_owned()),
        ]
    );
}

#[test]
fn recognises_defanged_input() {
    let text = "zie hxxps://evil[.]example[.]com/x en 198.51.100[.]7 en boef[@]example[.]net en bad(dot)example(dot)org";
    let extracted = extract(text);
    assert_eq!(extracted.link.as_deref(), Some("https://evil.example.com/x"));
    assert_eq!(
        kinds(text),
        vec![
            (IndicatorKind::Ipv4, "198.51.100.7".to_owned()),
            (IndicatorKind::Email, "boef@example.net".to_owned()),
            (IndicatorKind::Domain, "bad.example.org".to_owned()),
        ]
    );
}

#[test]
fn defangs_each_kind() {
    let defanged = |kind, value: &str| Indicator { kind, value: value.to_owned() }.defanged();
    assert_eq!(defanged(IndicatorKind::Url, "https://example.com/a.php?b=c.d"), "hxxps://example[.]com/a.php?b=c.d");
    assert_eq!(defanged(IndicatorKind::Url, "http://example.com:8080/"), "hxxp://example[.]com[:]8080/");
    assert_eq!(defanged(IndicatorKind::Domain, "example.com"), "example[.]com");
    assert_eq!(defanged(IndicatorKind::Ipv4, "192.0.2.1"), "192.0.2[.]1");
    assert_eq!(defanged(IndicatorKind::Ipv6, "2001:db8::1"), "2001[:]db8[:][:]1");
    assert_eq!(defanged(IndicatorKind::Email, "a@example.com"), "a[@]example[.]com");
    let hash = "d41d8cd98f00b204e9800998ecf8427e";
    assert_eq!(defanged(IndicatorKind::Md5, hash), hash);
}

#[test]
fn defang_text_keeps_prose() {
    let text = "Zie (https://evil.example.com/login), of evil.example.com.\nIP: 192.0.2.1!";
    assert_eq!(defang_text(text), "Zie (hxxps://evil[.]example[.]com/login), of evil[.]example[.]com.\nIP: 192.0.2[.]1!");
    assert_eq!(defang_text("Magento 2.4.7 is kwetsbaar"), "Magento 2.4.7 is kwetsbaar");
}

#[test]
fn ignores_words_that_are_not_indicators() {
    assert!(kinds("versie 2.4 e.g. i.e. 10:30 abc.123 -x.com .com deadbeef").is_empty(), "{:?}", kinds("versie 2.4 e.g. i.e. 10:30"));
    assert_eq!(extract("ftp://example.com/file").link, None);
    assert_eq!(extract("javascript:alert(1)").link, None);
}

#[test]
fn look_alike_domains_show_as_punycode() {
    // The first "a" of "paypal" is CYRILLIC SMALL LETTER A.
    let found = kinds("login op p\u{0430}ypal.com");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, IndicatorKind::Domain);
    assert!(found[0].1.starts_with("xn--"), "{found:?}");
    // Full-width digits are not an IPv4 address, and full-width hex is not a hash.
    assert!(kinds("\u{FF11}\u{FF19}\u{FF12}.0.2.1").is_empty());
    assert!(kinds(&"\u{FF41}".repeat(32)).is_empty());
}

#[test]
fn markup_around_indicators_is_cut() {
    let text = "<a href=\"https://evil.example.com/\">klik</a> <b>192.0.2.9</b> `bad.example.org`";
    let extracted = extract(text);
    // The href attribute is one word with its name, so only the bare indicators are found.
    assert_eq!(extracted.link, None);
    assert!(kinds(text).contains(&(IndicatorKind::Domain, "bad.example.org".to_owned())), "{:?}", kinds(text));
}

#[test]
fn hidden_marks_removed_from_indicators() {
    // A right-to-left override inside a domain would display it reversed.
    let text = "evil\u{202E}moc.example.com and \u{200F}192.0.2.5";
    assert_eq!(
        kinds(text),
        vec![(IndicatorKind::Domain, "evilmoc.example.com".to_owned()), (IndicatorKind::Ipv4, "192.0.2.5".to_owned())]
    );
    let shown = defang_text(text);
    assert_eq!(shown, "evilmoc[.]example[.]com and 192.0.2[.]5");
}

#[test]
fn very_long_input_is_bounded() {
    let long_word = "a".repeat(100_000);
    assert!(kinds(&long_word).is_empty());
    let many: String = (0..500).map(|n| format!("host{n}.example.com ")).collect();
    assert_eq!(extract(&many).indicators.len(), MAX_INDICATORS);
    let repeated = "192.0.2.1 ".repeat(1000);
    assert_eq!(kinds(&repeated).len(), 1);
}

#[test]
fn defang_text_covers_links_inside_words() {
    let text = "<a href=\"https://evil1.example.com/x\">hier</a> [klik](http://evil2.example.com/y) \
                evil3.example.com/login ftp://evil4.example.com/f x,https://evil5.example.com \
                user:pass@evil6.example.com src=192.0.2.7/a";
    let shown = defang_text(text);
    for raw in ["https://", "http://", "evil1.example", "evil2.example", "evil3.example", "evil4.example", "evil5.example", "evil6.example", "192.0.2.7"] {
        assert!(!shown.contains(raw), "{raw} is shown as is in {shown}");
    }
    assert!(shown.contains("href=\"hxxps://evil1[.]example[.]com/x\""), "{shown}");
    assert!(shown.contains("[klik](hxxp://evil2[.]example[.]com/y)"), "{shown}");
    assert!(shown.contains("src=192[.]0[.]2[.]7/a"), "{shown}");
}

#[test]
fn defang_text_covers_overlong_words() {
    let text = format!("lang https://evil.example.com/{}", "a".repeat(3000));
    let shown = defang_text(&text);
    assert!(shown.starts_with("lang hxxps://evil[.]example[.]com/aaa"), "{}", &shown[..60]);
}
