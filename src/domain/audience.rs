//! The audience of a staff announcement: which tiers, platforms and languages receive it.

use super::{Language, Platform, Tier};

/// A set of tiers, platforms and languages, stored as bits so that a button's callback id can
/// carry it. A subscription matches when its tier, platform and language are all in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Audience(u16);

/// One toggle of an [`Audience`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceMember {
    Tier(Tier),
    Platform(Platform),
    Language(Language),
}

const LANGUAGES: [Language; 2] = [Language::Nl, Language::En];

impl Audience {
    /// Every subscribed chat.
    pub const EVERYONE: Audience = Audience(0x1ff);
    /// No chat; the start for building an audience toggle by toggle.
    pub const NOBODY: Audience = Audience(0);

    /// Every toggle, in the order buttons show them: tiers, platforms, languages.
    pub fn toggles() -> Vec<AudienceMember> {
        let tiers = Tier::ALL.into_iter().map(AudienceMember::Tier);
        let platforms = Platform::ALL.into_iter().map(AudienceMember::Platform);
        let languages = LANGUAGES.into_iter().map(AudienceMember::Language);
        tiers.chain(platforms).chain(languages).collect()
    }

    /// Returns the audience of `bits`, or `None` when a bit outside the nine toggles is set.
    pub fn from_bits(bits: u16) -> Option<Audience> {
        (bits & !Audience::EVERYONE.0 == 0).then_some(Audience(bits))
    }

    pub fn bits(self) -> u16 {
        self.0
    }

    pub fn contains(self, member: AudienceMember) -> bool {
        self.0 & bit(member) != 0
    }

    /// Returns the audience with `member` added when it was missing, or removed.
    pub fn toggled(self, member: AudienceMember) -> Audience {
        Audience(self.0 ^ bit(member))
    }

    /// Returns whether a subscription of this tier, platform and language receives it.
    pub fn matches(self, tier: Tier, platform: Platform, language: Language) -> bool {
        self.contains(AudienceMember::Tier(tier))
            && self.contains(AudienceMember::Platform(platform))
            && self.contains(AudienceMember::Language(language))
    }

    pub fn tiers(self) -> Vec<Tier> {
        Tier::ALL.into_iter().filter(|tier| self.contains(AudienceMember::Tier(*tier))).collect()
    }

    pub fn platforms(self) -> Vec<Platform> {
        Platform::ALL.into_iter().filter(|platform| self.contains(AudienceMember::Platform(*platform))).collect()
    }

    pub fn languages(self) -> Vec<Language> {
        LANGUAGES.into_iter().filter(|language| self.contains(AudienceMember::Language(*language))).collect()
    }

    /// Returns whether at least one tier, platform and language is chosen, so that some
    /// subscription could match.
    pub fn is_complete(self) -> bool {
        !self.tiers().is_empty() && !self.platforms().is_empty() && !self.languages().is_empty()
    }
}

fn bit(member: AudienceMember) -> u16 {
    let position = match member {
        AudienceMember::Tier(tier) => Tier::ALL.iter().position(|candidate| *candidate == tier),
        AudienceMember::Platform(platform) => Platform::ALL.iter().position(|candidate| *candidate == platform).map(|index| index + 3),
        AudienceMember::Language(language) => LANGUAGES.iter().position(|candidate| *candidate == language).map(|index| index + 7),
    };
    // Every variant of the three enums is in its list above.
    1 << position.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_matches_every_subscription() {
        for tier in Tier::ALL {
            for platform in Platform::ALL {
                for language in LANGUAGES {
                    assert!(Audience::EVERYONE.matches(tier, platform, language));
                }
            }
        }
    }

    #[test]
    fn toggles_have_distinct_bits() {
        let mut audience = Audience::EVERYONE;
        for member in Audience::toggles() {
            audience = audience.toggled(member);
            assert!(!audience.contains(member), "{member:?}");
        }
        assert_eq!(audience.bits(), 0);
        assert_eq!(Audience::toggles().len(), 9);
    }

    #[test]
    fn toggled_tier_filters() {
        let audience = Audience::EVERYONE.toggled(AudienceMember::Tier(Tier::Basic));
        assert!(!audience.matches(Tier::Basic, Platform::Telegram, Language::Nl));
        assert!(audience.matches(Tier::Expert, Platform::Telegram, Language::Nl));
        assert_eq!(audience.tiers(), [Tier::Advanced, Tier::Expert]);
    }

    #[test]
    fn incomplete_without_languages() {
        let audience = Audience::EVERYONE.toggled(AudienceMember::Language(Language::Nl)).toggled(AudienceMember::Language(Language::En));
        assert!(!audience.is_complete());
        assert_eq!(Audience::from_bits(0x200), None);
    }
}
