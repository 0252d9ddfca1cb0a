use super::*;

fn parse(line: &str) -> Result<SubscriptionRequest, RequestError> {
    let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    SubscriptionRequest::parse(&words)
}

fn time(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap()
}

#[test]
fn full_request_parses() {
    let request = parse("basic nl daily 07:30 include=magento,woocommerce exclude=zoom lower").unwrap();
    assert_eq!(request.tier, Tier::Basic);
    assert_eq!(request.language, Some(Language::Nl));
    assert_eq!(request.cadence, Some(Cadence::Daily));
    assert_eq!(request.delivery_time, Some(time("07:30")));
    assert_eq!(request.include, ["magento", "woocommerce"]);
    assert_eq!(request.exclude, ["zoom"]);
    assert!(request.include_lower_tiers);
}

#[test]
fn dutch_words_and_any_order() {
    let request = parse("gevorderd 7:05 vrijdag wekelijks en LAGER").unwrap();
    assert_eq!(request.tier, Tier::Advanced);
    assert_eq!(request.cadence, Some(Cadence::Weekly));
    assert_eq!(request.weekday, Some(Weekday::Fri));
    assert_eq!(request.delivery_time, Some(time("07:05")));
    assert_eq!(request.language, Some(Language::En));
    assert!(request.include_lower_tiers);
}

#[test]
fn tier_alone_takes_defaults() {
    let request = parse("expert").unwrap();
    assert_eq!(request.tier, Tier::Expert);
    assert_eq!((request.language, request.cadence, request.weekday, request.delivery_time), (None, None, None, None));
    assert!(request.include.is_empty());
    assert!(request.exclude.is_empty());
}

#[test]
fn repeated_include_options_add_up() {
    let request = parse("basic include=magento include=shopware").unwrap();
    assert_eq!(request.include, ["magento", "shopware"]);
}

#[test]
fn rejections_name_the_problem() {
    let cases: Vec<(&str, RequestError)> = vec![
        ("", RequestError::TierMissing),
        ("07:30", RequestError::TierMissing),
        ("include=magento", RequestError::TierMissing),
        ("gold", RequestError::TierUnknown("gold".into())),
        ("basic de", RequestError::WordUnknown("de".into())),
        ("basic nl hourly", RequestError::WordUnknown("hourly".into())),
        ("basic nl en", RequestError::Duplicate { setting: RequestSetting::Language, value: "en".into() }),
        ("basic daily weekly", RequestError::Duplicate { setting: RequestSetting::Cadence, value: "weekly".into() }),
        ("basic 07:30 08:00", RequestError::Duplicate { setting: RequestSetting::Time, value: "08:00".into() }),
        ("basic lower lager", RequestError::Duplicate { setting: RequestSetting::Lower, value: "lager".into() }),
        ("basic 25:00", RequestError::TimeInvalid("25:00".into())),
        ("basic 7:5", RequestError::TimeInvalid("7:5".into())),
        ("basic 07:60", RequestError::TimeInvalid("07:60".into())),
        ("basic 123:00", RequestError::TimeInvalid("123:00".into())),
        ("basic 07:30:00", RequestError::TimeInvalid("07:30:00".into())),
        ("basic daily friday", RequestError::WeekdayWithoutWeekly),
        ("basic friday", RequestError::WeekdayWithoutWeekly),
        ("basic instant 07:30", RequestError::TimeWithInstant("07:30".into())),
        ("basic colour=red", RequestError::OptionUnknown("colour".into())),
        ("basic include=", RequestError::Filter(FilterError::Empty { option: "include" })),
        ("basic exclude=a,,b", RequestError::Filter(FilterError::Empty { option: "exclude" })),
        ("basic include=shop(", RequestError::Filter(FilterError::Invalid { filter: "shop(".into() })),
        (
            "basic include=a,b,c,d,e,f exclude=g,h,i,j,k",
            RequestError::Filter(FilterError::TooMany { count: 11 }),
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(parse(line), Err(expected), "line {line:?}");
    }
}

#[test]
fn long_filter_rejected() {
    let line = format!("basic include={}", "x".repeat(101));
    assert_eq!(parse(&line), Err(RequestError::Filter(FilterError::TooLong { filter: "x".repeat(101) })));
}
