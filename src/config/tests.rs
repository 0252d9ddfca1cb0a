use std::collections::HashMap;
use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml(text, Path::new("test.toml"))
}

#[test]
fn empty_file_gives_defaults() {
    let config = parse("").unwrap();
    assert_eq!(config.database_url, "sqlite://ketenwacht.db");
    assert_eq!(config.language, Language::Nl);
    assert_eq!(config.sources.len(), 6);
}

#[test]
fn example_config_parses() {
    let text = include_str!("../../ketenwacht.example.toml");
    let config = parse(text).unwrap();
    assert_eq!(config.sources, default_sources());
    assert_eq!(config.fetch, FetchSettings::default());
}

#[test]
fn default_sources_are_valid() {
    for source in default_sources() {
        assert_eq!(validate_source(&source), Ok(()), "{}", source.name);
    }
}

#[test]
fn unknown_key_names_the_file() {
    let error = parse("databse_url = 'x'").unwrap_err().to_string();
    assert!(error.contains("test.toml"), "{error}");
    assert!(error.contains("databse_url"), "{error}");
}

#[test]
fn bad_source_kind_names_the_key() {
    let text = "[[sources]]\nname = 'x'\nkind = 'gopher'\nurl = 'https://example.org/'\n";
    let error = parse(text).unwrap_err().to_string();
    assert!(error.contains("sources[0].kind"), "{error}");
    assert!(error.contains("gopher"), "{error}");
}

#[test]
fn bad_source_url_and_interval_are_rejected() {
    let file_url = "[[sources]]\nname = 'x'\nkind = 'rss'\nurl = 'file:///etc/passwd'\n";
    assert!(parse(file_url).unwrap_err().to_string().contains("sources[0].url"));
    let fast = "[[sources]]\nname = 'x'\nkind = 'rss'\nurl = 'https://example.org/'\ninterval = '5s'\n";
    assert!(parse(fast).unwrap_err().to_string().contains("sources[0].interval"));
    let garbled = "[[sources]]\nname = 'x'\nkind = 'rss'\nurl = 'https://example.org/'\ninterval = 'soon'\n";
    assert!(parse(garbled).unwrap_err().to_string().contains("soon"));
}

#[test]
fn duplicate_source_names_are_rejected() {
    let entry = "[[sources]]\nname = 'x'\nkind = 'rss'\nurl = 'https://example.org/'\n";
    let error = parse(&format!("{entry}{entry}")).unwrap_err().to_string();
    assert!(error.contains("used twice"), "{error}");
}

#[test]
fn source_names_are_restricted() {
    for name in ["", "Upper", "-dash", "with space", "a/b", &"x".repeat(65)] {
        let source = SourceConfig {
            name: name.to_owned(),
            kind: SourceKind::Rss,
            url: "https://example.org/".to_owned(),
            interval: Duration::from_secs(900),
        };
        assert!(validate_source(&source).is_err(), "{name:?} accepted");
    }
}

#[test]
fn environment_overrides_file() {
    let mut config = parse("language = 'nl'").unwrap();
    let vars: HashMap<&str, &str> = [
        ("KETENWACHT_LANG", "en"),
        ("DATABASE_URL", "postgres://db/ketenwacht"),
        ("KETENWACHT_FETCH_MAX_BODY_BYTES", "65536"),
    ]
    .into();
    env::apply(&mut config, |name| vars.get(name).map(|v| v.to_string())).unwrap();
    assert_eq!(config.language, Language::En);
    assert_eq!(config.database_url, "postgres://db/ketenwacht");
    assert_eq!(config.fetch.max_body_bytes, 65536);
}

#[test]
fn bad_environment_value_names_the_variable() {
    let mut config = Config::default();
    let error = env::apply(&mut config, |name| (name == "KETENWACHT_FETCH_TOTAL_TIMEOUT").then(|| "forever".to_owned()))
        .unwrap_err()
        .to_string();
    assert!(error.contains("KETENWACHT_FETCH_TOTAL_TIMEOUT"), "{error}");
    assert!(error.contains("fetch.total_timeout"), "{error}");
}

#[test]
fn too_small_body_limit_is_rejected() {
    let error = parse("[fetch]\nmax_body_bytes = 10\n").unwrap_err().to_string();
    assert!(error.contains("fetch.max_body_bytes"), "{error}");
}
