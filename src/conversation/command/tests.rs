use super::*;

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|word| (*word).to_owned()).collect()
}

#[test]
fn parse_table() {
    let cases: Vec<(&str, Option<Command>)> = vec![
        ("/start", Some(Command::Start)),
        ("/START", Some(Command::Start)),
        ("  /start  ", Some(Command::Start)),
        ("/start deeplink-payload", Some(Command::Start)),
        ("/help", Some(Command::Help)),
        ("/hulp", Some(Command::Help)),
        ("/Hulp", Some(Command::Help)),
        ("/subscribe", Some(Command::Subscribe(Vec::new()))),
        ("/aanmelden", Some(Command::Subscribe(Vec::new()))),
        ("/subscribe basic nl daily", Some(Command::Subscribe(words(&["basic", "nl", "daily"])))),
        ("/Aanmelden  basis\nnl\tdagelijks", Some(Command::Subscribe(words(&["basis", "nl", "dagelijks"])))),
        ("/unsubscribe", Some(Command::Unsubscribe)),
        ("/afmelden", Some(Command::Unsubscribe)),
        ("/settings", Some(Command::Settings)),
        ("/instellingen", Some(Command::Settings)),
        ("/latest", Some(Command::Latest)),
        ("/nieuwste", Some(Command::Latest)),
        ("/advisory NCSC-2025-0259", Some(Command::Advisory("NCSC-2025-0259".to_owned()))),
        ("/advies ncsc-2025-0259", Some(Command::Advisory("ncsc-2025-0259".to_owned()))),
        ("/advisory", Some(Command::Advisory(String::new()))),
        ("/advisory a b", Some(Command::Advisory("a b".to_owned()))),
        ("/digest", Some(Command::Digest)),
        ("/overzicht", Some(Command::Digest)),
        ("/foo", Some(Command::Unknown("foo".to_owned()))),
        ("/Foo bar", Some(Command::Unknown("Foo".to_owned()))),
        ("hello", None),
        ("", None),
        ("/", None),
        ("/ start", None),
        ("start /start", None),
    ];
    for (input, expected) in cases {
        assert_eq!(Command::parse(input, Some("ketenwacht_bot")), expected, "input {input:?}");
    }
}

#[test]
fn parse_botname_in_groups() {
    let bot = Some("Ketenwacht_bot");
    assert_eq!(Command::parse("/start@Ketenwacht_bot", bot), Some(Command::Start));
    assert_eq!(Command::parse("/start@ketenwacht_BOT", bot), Some(Command::Start));
    assert_eq!(Command::parse("/settings@ketenwacht_bot", Some("@ketenwacht_bot")), Some(Command::Settings));
    assert_eq!(
        Command::parse("/aanmelden@ketenwacht_bot basis", bot),
        Some(Command::Subscribe(words(&["basis"])))
    );
    assert_eq!(Command::parse("/start@other_bot", bot), None);
    assert_eq!(Command::parse("/start@other_bot", None), Some(Command::Start));
    assert_eq!(Command::parse("/start@", bot), Some(Command::Start));
    assert_eq!(Command::parse("/@ketenwacht_bot", bot), None);
}

#[test]
fn parse_strips_hidden_characters() {
    assert_eq!(Command::parse("\u{200B}/start", None), Some(Command::Start));
    assert_eq!(Command::parse("/st\u{200B}art", None), Some(Command::Start));
    assert_eq!(Command::parse("/help\u{202E}", None), Some(Command::Help));
    assert_eq!(
        Command::parse("/subscribe ba\u{2066}sic \u{200F} nl\u{0000}", None),
        Some(Command::Subscribe(words(&["basic", "nl"])))
    );
    assert_eq!(Command::parse("/\u{202E}tratS", None), Some(Command::Unknown("tratS".to_owned())));
}

#[test]
fn parse_limits_argument_count() {
    let many = format!("/subscribe {}", vec!["x"; MAX_ARGUMENTS + 1].join(" "));
    assert_eq!(
        Command::parse(&many, None),
        Some(Command::BadArguments { command: CommandName::Subscribe, problem: ArgumentProblem::TooMany })
    );
    let enough = format!("/subscribe {}", vec!["x"; MAX_ARGUMENTS].join(" "));
    assert_eq!(Command::parse(&enough, None), Some(Command::Subscribe(vec!["x".to_owned(); MAX_ARGUMENTS])));
}

#[test]
fn parse_limits_argument_length() {
    let long = format!("/advisory {}", "é".repeat(MAX_ARGUMENT_CHARS + 1));
    let Some(Command::BadArguments { command, problem: ArgumentProblem::TooLong(start) }) = Command::parse(&long, None)
    else {
        panic!("an over-long argument is rejected");
    };
    assert_eq!(command, CommandName::Advisory);
    assert_eq!(start.chars().count(), MAX_SHOWN_CHARS);
    assert!(start.ends_with('…'));

    let fits = format!("/advisory {}", "é".repeat(MAX_ARGUMENT_CHARS));
    assert!(matches!(Command::parse(&fits, None), Some(Command::Advisory(_))));
}

#[test]
fn parse_survives_hostile_input() {
    let hostile = [
        "/".repeat(100_000),
        format!("/{}", "a".repeat(100_000)),
        format!("/{}", "\u{202E}".repeat(10_000)),
        format!("/subscribe {}", "\u{200B} ".repeat(10_000)),
        format!("/{}@{}", "é".repeat(5_000), "ü".repeat(5_000)),
        "/\u{0000}\u{0001}\u{007F}".to_owned(),
        "/🔒🔒🔒 🔒".to_owned(),
        "/ﷺ@ﷺ ﷺ".to_owned(),
    ];
    for input in &hostile {
        let parsed = Command::parse(input, Some("ketenwacht_bot"));
        if let Some(Command::Unknown(name)) = parsed {
            assert!(name.chars().count() <= MAX_SHOWN_CHARS, "shown name too long for {:?}", &input[..10]);
            assert!(!name.chars().any(is_hidden));
        }
    }
}

#[test]
fn unknown_name_is_cut_on_char_boundary() {
    let Some(Command::Unknown(name)) = Command::parse(&format!("/{}", "ü".repeat(200)), None) else {
        panic!("an unknown command");
    };
    assert_eq!(name.chars().count(), MAX_SHOWN_CHARS);
}

#[test]
fn command_list_has_every_command() {
    for language in [Language::Nl, Language::En] {
        let list = command_list(language);
        let names: Vec<&str> = list.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            ["start", "help", "subscribe", "unsubscribe", "settings", "latest", "advisory", "digest", "checklist", "ask", "submit", "mydata", "forget"]
        );
        for (name, description) in &list {
            assert!(!description.starts_with("conversation-"), "{language}: {name} has no description");
            // Discord allows at most 100 characters in a command description.
            assert!(description.chars().count() <= 100, "{language}: {name} description too long");
        }
    }
    assert_ne!(command_list(Language::Nl)[2].1, command_list(Language::En)[2].1);
}

#[test]
fn command_name_lookup_round_trips() {
    for command in CommandName::ALL.into_iter().chain(CommandName::STAFF) {
        assert_eq!(CommandName::lookup(command.as_str()), Some(command));
        if let Some(alias) = command.dutch_alias() {
            assert_eq!(CommandName::lookup(alias), Some(command));
        }
    }
}

#[test]
fn staff_commands_keep_arguments() {
    let words = |list: &[&str]| list.iter().map(|word| (*word).to_owned()).collect::<Vec<String>>();
    assert_eq!(Command::parse("/verifieer 42 \"Acme BV\"", None), Some(Command::Verify(words(&["42", "\"Acme", "BV\""]))));
    assert_eq!(Command::parse("/unverify 42", None), Some(Command::Unverify(words(&["42"]))));
    assert_eq!(Command::parse("/kanaal tlp AMBER", None), Some(Command::Channel(words(&["tlp", "AMBER"]))));
    assert_eq!(Command::parse("/channel", None), Some(Command::Channel(Vec::new())));
}

#[test]
fn checklist_keeps_words_for_supplier_names() {
    let parsed = Command::parse("/checklist start leverancier=Pakketdienst  BV", None);
    let expected = ["start", "leverancier=Pakketdienst", "BV"].map(str::to_owned).to_vec();
    assert_eq!(parsed, Some(Command::Checklist(expected)));
    assert_eq!(Command::parse("/checklist", None), Some(Command::Checklist(Vec::new())));
}

#[test]
fn ask_takes_free_text_in_both_languages() {
    let dutch = Command::parse("/vraag hoe lang moet een\u{200B} wachtwoord zijn?", None);
    assert_eq!(dutch, Some(Command::Ask("hoe lang moet een wachtwoord zijn?".to_owned())));
    assert_eq!(Command::parse("/ask", None), Some(Command::Ask(String::new())));

    let long = format!("/ask {}", "word ".repeat(200));
    let Some(Command::Ask(question)) = Command::parse(&long, None) else { panic!("an ask command") };
    assert_eq!(question.chars().count(), MAX_QUESTION_CHARS);
}
