//! The four answers a checklist question takes.

use std::fmt;

/// An answer to one checklist question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    DontKnow,
    NotApplicable,
}

impl Answer {
    /// Every answer, in the order buttons show them.
    pub const ALL: [Answer; 4] = [Answer::Yes, Answer::No, Answer::DontKnow, Answer::NotApplicable];

    /// Returns the stored spelling, also used in Fluent selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::DontKnow => "unknown",
            Answer::NotApplicable => "not-applicable",
        }
    }

    /// Parses the stored spelling written by [`Answer::as_str`].
    pub fn from_stored(text: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|answer| answer.as_str() == text)
    }

    /// Returns the one-letter code that callback ids carry.
    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "y",
            Answer::No => "n",
            Answer::DontKnow => "u",
            Answer::NotApplicable => "x",
        }
    }

    /// Parses a code written by [`Answer::code`].
    pub fn from_code(code: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|answer| answer.code() == code)
    }

    /// Parses an answer as a person writes it, in Dutch or English, ignoring case and
    /// surrounding white space: `ja`/`yes`, `nee`/`no`, `weet niet`/`don't know`,
    /// `n.v.t.`/`n/a`, and a few common variants.
    pub fn from_written(text: &str) -> Option<Answer> {
        let normal: String = text.trim().to_lowercase().replace(['’', '‘', '`'], "'");
        let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
        let answer = match normal.as_str() {
            "ja" | "j" | "yes" | "y" => Answer::Yes,
            "nee" | "n" | "no" => Answer::No,
            "weet niet" | "weet ik niet" | "onbekend" | "don't know" | "dont know" | "do not know" | "unknown" => {
                Answer::DontKnow
            }
            "n.v.t." | "n.v.t" | "nvt" | "niet van toepassing" | "n/a" | "na" | "not applicable" => Answer::NotApplicable,
            _ => return None,
        };
        Some(answer)
    }

    /// Returns whether the answer calls for advice: "no" and "don't know".
    pub fn needs_advice(self) -> bool {
        matches!(self, Answer::No | Answer::DontKnow)
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_answers_in_both_languages() {
        let cases = [
            ("Ja", Answer::Yes),
            (" yes ", Answer::Yes),
            ("NEE", Answer::No),
            ("no", Answer::No),
            ("weet  niet", Answer::DontKnow),
            ("Don’t know", Answer::DontKnow),
            ("n.v.t.", Answer::NotApplicable),
            ("N/A", Answer::NotApplicable),
        ];
        for (text, expected) in cases {
            assert_eq!(Answer::from_written(text), Some(expected), "{text:?}");
        }
        assert_eq!(Answer::from_written("misschien"), None);
        assert_eq!(Answer::from_written(""), None);
    }

    #[test]
    fn codes_and_stored_spellings_round_trip() {
        for answer in Answer::ALL {
            assert_eq!(Answer::from_code(answer.code()), Some(answer));
            assert_eq!(Answer::from_stored(answer.as_str()), Some(answer));
        }
        assert_eq!(Answer::from_code("yes"), None);
    }
}
