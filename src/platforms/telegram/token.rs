//! The bot token: read from the environment only, and kept out of every log line and error.

use std::sync::OnceLock;

use regex::Regex;

/// Environment variables holding the bot token, in order of preference.
pub const TOKEN_VARIABLES: [&str; 2] = ["TELOXIDE_TOKEN", "KETENWACHT_TELEGRAM_TOKEN"];

/// Environment variable that points the adapter at another Bot API server (a local one, or a
/// test fake).
pub const API_URL_VARIABLE: &str = "KETENWACHT_TELEGRAM_API_URL";

/// A bot token. Its `Debug` form hides the value.
#[derive(Clone)]
pub struct BotToken(String);

impl BotToken {
    /// Reads the token from the first of [`TOKEN_VARIABLES`] that is set and not blank.
    pub fn from_env() -> Option<BotToken> {
        TOKEN_VARIABLES
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .map(|value| value.trim().to_owned())
            .find(|value| !value.is_empty())
            .map(BotToken)
    }

    pub fn new(token: impl Into<String>) -> BotToken {
        BotToken(token.into())
    }

    pub(super) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for BotToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BotToken(<redacted>)")
    }
}

/// Removes bot tokens from `text`, such as a reqwest error that quotes the request URL
/// (`https://api.telegram.org/bot<TOKEN>/SendMessage`). Replaces the shape of any token, so
/// that it also works where the token is not at hand, and percent-encoded colons.
pub fn redact(text: &str) -> String {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    // A token is the bot's numeric id, a colon, and a secret of letters, digits, '-' and '_'.
    let pattern = TOKEN.get_or_init(|| Regex::new(r"\d{3,}(?::|%3[aA])[A-Za-z0-9_-]{10,}").expect("valid token pattern"));
    pattern.replace_all(text, "<redacted>").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAF7-g0gYncWnm5IyfZlpPRqRRv6kNAGlao";

    #[test]
    fn redact_removes_token_from_url() {
        let text = format!("error sending request for url (https://api.telegram.org/bot{TOKEN}/SendMessage)");
        let redacted = redact(&text);
        assert!(!redacted.contains("AAF7-g0gYncWnm5IyfZlpPRqRRv6kNAGlao"), "{redacted}");
        assert!(redacted.contains("/bot<redacted>/SendMessage"), "{redacted}");
    }

    #[test]
    fn redact_removes_encoded_token() {
        let redacted = redact("http://127.0.0.1:9/file/bot123456789%3AAAF7-g0gYncWnm5IyfZlpPRqRRv6kNAGlao/documents%2Fa.csv");
        assert!(!redacted.contains("AAF7"), "{redacted}");
    }

    #[test]
    fn redact_keeps_other_text() {
        assert_eq!(redact("chat -1001234 not found at 12:30"), "chat -1001234 not found at 12:30");
    }

    #[test]
    fn debug_hides_token() {
        assert_eq!(format!("{:?}", BotToken::new(TOKEN)), "BotToken(<redacted>)");
    }
}
