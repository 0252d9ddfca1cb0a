use super::*;

fn every_callback() -> Vec<Callback> {
    let mut all = vec![
        Callback::Help,
        Callback::Settings,
        Callback::Cancel,
        Callback::Unsubscribe { confirmed: false },
        Callback::Unsubscribe { confirmed: true },
        Callback::Subscribe(SubscribeChoice::default()),
        Callback::Ask(Setting::Tier),
        Callback::Ask(Setting::Language),
        Callback::Ask(Setting::Cadence),
        Callback::Forget { confirmed: false },
        Callback::Forget { confirmed: true },
    ];
    for step in [AnnounceStep::Audience, AnnounceStep::Preview, AnnounceStep::Confirm] {
        for audience in [Audience::EVERYONE, Audience::NOBODY, Audience::EVERYONE.toggled(crate::domain::AudienceMember::Tier(Tier::Basic))] {
            all.push(Callback::Announce { id: i64::MAX, audience, step });
            all.push(Callback::Announce { id: 1, audience, step });
        }
    }
    for tier in Tier::ALL {
        all.push(Callback::Set(SettingValue::Tier(tier)));
        all.push(Callback::Subscribe(SubscribeChoice { tier: Some(tier), ..SubscribeChoice::default() }));
        for language in [Language::Nl, Language::En] {
            all.push(Callback::Set(SettingValue::Language(language)));
            let chosen = SubscribeChoice { tier: Some(tier), language: Some(language), ..SubscribeChoice::default() };
            all.push(Callback::Subscribe(chosen));
            for cadence in Cadence::ALL {
                all.push(Callback::Set(SettingValue::Cadence(cadence)));
                let full = SubscribeChoice { cadence: Some(cadence), ..chosen };
                all.push(Callback::Subscribe(full));
                all.push(Callback::Subscribe(SubscribeChoice { confirmed: true, ..full }));
            }
        }
    }
    all
}

#[test]
fn every_callback_round_trips() {
    for callback in every_callback() {
        let id = callback.encode();
        assert!(id.len() <= MAX_CALLBACK_BYTES, "{id} is longer than {MAX_CALLBACK_BYTES} bytes");
        assert_eq!(Callback::parse(&id), Ok(callback), "id {id}");
    }
}

#[test]
fn encoded_forms_are_stable() {
    let confirmed = SubscribeChoice {
        tier: Some(Tier::Basic),
        language: Some(Language::Nl),
        cadence: Some(Cadence::Daily),
        confirmed: true,
    };
    assert_eq!(Callback::Subscribe(confirmed).encode(), "sub:t=basic;l=nl;c=daily;ok=1");
    assert_eq!(Callback::Subscribe(SubscribeChoice::default()).encode(), "sub");
    assert_eq!(Callback::Set(SettingValue::Language(Language::En)).encode(), "set:l=en");
    assert_eq!(Callback::Ask(Setting::Cadence).encode(), "ask:f=cadence");
    assert_eq!(Callback::Unsubscribe { confirmed: true }.encode(), "unsub:ok=1");
    assert_eq!(Callback::Announce { id: 12, audience: Audience::EVERYONE, step: AnnounceStep::Confirm }.encode(), "an:i=12;a=1ff;s=ok");
    assert_eq!(Callback::Forget { confirmed: true }.encode(), "fg:ok=1");
}

#[test]
fn malformed_callbacks_rejected() {
    let malformed = [
        "",
        "sub:",
        "sub:t",
        "sub:t=",
        "sub:=basic",
        "sub:t=basic;",
        "sub:t==basic",
        "sub:t=gold",
        "sub:t=basis",
        "sub:t=BASIC",
        "sub:l=nl",
        "sub:t=basic;c=daily",
        "sub:l=nl;t=basic",
        "sub:t=basic;t=expert",
        "sub:t=basic;l=nl;c=daily;ok=2",
        "sub:t=basic;l=nl;ok=1",
        "sub:t=basic;l=nl;c=daily;ok=1;x=1",
        "sub:t=basic;l=nl-NL",
        "set:t=basic;l=nl",
        "set:x=1",
        "set",
        "ask",
        "ask:f=colour",
        "unsub:ok=0",
        "unsub:yes",
        "help:x=1",
        "settings:",
        "sub:t=basic\u{200B}",
        "sub:t=b\u{00E4}sic",
        "sub:t=basic l=nl",
        "an",
        "an:i=0;a=1ff;s=ok",
        "an:i=012;a=1ff;s=ok",
        "an:i=12;a=01ff;s=ok",
        "an:i=12;a=1FF;s=ok",
        "an:i=12;a=200;s=ok",
        "an:i=12;a=1ff;s=go",
        "an:a=1ff;i=12;s=ok",
        "fg:ok=0",
    ];
    for id in malformed {
        assert!(
            matches!(Callback::parse(id), Err(CallbackError::Malformed { .. })),
            "{id:?} should be malformed, got {:?}",
            Callback::parse(id)
        );
    }
}

#[test]
fn unknown_actions_are_outdated() {
    for id in ["subscribe:t=basic", "lang:en", "menu", "SUB:t=basic"] {
        assert!(matches!(Callback::parse(id), Err(CallbackError::Outdated { .. })), "{id:?}");
    }
}

#[test]
fn oversized_callback_rejected() {
    let long = format!("sub:t=basic;l=nl;c=daily;ok=1;{}", "x".repeat(64));
    assert!(matches!(Callback::parse(&long), Err(CallbackError::Malformed { .. })));
    let hostile = "\u{202E}".repeat(1_000);
    let Err(CallbackError::Malformed { id, .. }) = Callback::parse(&hostile) else {
        panic!("hostile callback is malformed");
    };
    assert!(id.is_empty());
}
