//! The replies of the announcement steps: the audience choices and the preview.

use super::announce::message_text;
use crate::conversation::callback::{AnnounceStep, Callback};
use crate::conversation::describe::{language_choice, language_name, tier_choice};
use crate::conversation::{Choice, Reply};
use crate::digest::format_date;
use crate::domain::{Audience, AudienceMember, Language, Platform, Subscription, Tier};
use crate::i18n::{text, text_with};
use crate::store::Announcement;

/// The tier, platform and language of every active subscription, to count who an audience
/// reaches.
pub(crate) struct Reach(Vec<(Tier, Platform, Language)>);

impl Reach {
    pub(crate) fn new(active: &[Subscription]) -> Reach {
        Reach(active.iter().map(|subscription| (subscription.tier, subscription.chat.platform, subscription.language)).collect())
    }

    /// Counts the chats that `audience` reaches.
    pub(crate) fn chats(&self, audience: Audience) -> usize {
        self.0.iter().filter(|(tier, platform, language)| audience.matches(*tier, *platform, *language)).count()
    }

    /// Counts the chats in `language` that `audience` reaches, per platform.
    fn by_platform(&self, audience: Audience, language: Language) -> Vec<(Platform, usize)> {
        Platform::ALL
            .into_iter()
            .map(|platform| {
                let chats = self
                    .0
                    .iter()
                    .filter(|(tier, candidate, chat_language)| {
                        *candidate == platform && *chat_language == language && audience.matches(*tier, platform, language)
                    })
                    .count();
                (platform, chats)
            })
            .filter(|(_, chats)| *chats > 0)
            .collect()
    }
}

/// Shows the audience choices: everyone, and one toggle per tier, platform and language.
pub(crate) fn audience_view(announcement: &Announcement, audience: Audience, reach: &Reach, language: Language) -> Reply {
    let id = announcement.id;
    let mut lines = vec![text_with(language, "announce-audience-title", &[("id", id.to_string().into())])];
    if let Some(send_at) = announcement.send_at {
        lines.push(text_with(language, "announce-scheduled-for", &[("when", format_date(send_at, language).into())]));
    }
    lines.push(text_with(language, "announce-audience-reach", &[("chats", reach.chats(audience).into())]));

    let toggle = |member: AudienceMember, label: String| {
        let label = if audience.contains(member) { format!("✓ {label}") } else { label };
        Choice::new(label, Callback::Announce { id, audience: audience.toggled(member), step: AnnounceStep::Audience })
    };
    let tiers = Tier::ALL.into_iter().map(|tier| toggle(AudienceMember::Tier(tier), tier_choice(tier, language)));
    let platforms = Platform::ALL
        .into_iter()
        .map(|platform| toggle(AudienceMember::Platform(platform), text(language, &format!("announce-platform-{}", platform.as_str()))));
    let languages = [Language::Nl, Language::En].into_iter().map(|named| toggle(AudienceMember::Language(named), language_choice(named)));

    let everyone = Callback::Announce { id, audience: Audience::EVERYONE, step: AnnounceStep::Audience };
    Reply::text(lines.join("\n"))
        .with_row(vec![Choice::new(text(language, "announce-choice-everyone"), everyone)])
        .with_row(tiers.collect())
        .with_row(platforms.collect())
        .with_row(languages.collect())
        .with_row(vec![
            Choice::new(text(language, "announce-choice-preview"), Callback::Announce { id, audience, step: AnnounceStep::Preview }),
            Choice::new(text(language, "conversation-choice-cancel"), Callback::Cancel),
        ])
}

/// Shows the message as each language's chats receive it, with the number of chats per
/// platform, and the confirm choice.
pub(crate) fn preview(announcement: &Announcement, audience: Audience, reach: &Reach, language: Language) -> Reply {
    let id = announcement.id;
    let mut reply = Reply::text(text_with(language, "announce-preview-title", &[("id", id.to_string().into())]));
    for chat_language in audience.languages() {
        let counts = reach.by_platform(audience, chat_language);
        if counts.is_empty() {
            continue;
        }
        let chats: usize = counts.iter().map(|(_, chats)| chats).sum();
        let platforms: Vec<String> = counts
            .iter()
            .map(|(platform, chats)| format!("{} {chats}", text(language, &format!("announce-platform-{}", platform.as_str()))))
            .collect();
        let arguments = [
            ("language", language_name(chat_language, language).into()),
            ("chats", chats.into()),
            ("platforms", platforms.join(", ").into()),
        ];
        reply.push_text(text_with(language, "announce-preview-audience", &arguments));
        reply.push_text(message_text(&announcement.body, chat_language));
    }

    let change = Choice::new(text(language, "announce-choice-change"), Callback::Announce { id, audience, step: AnnounceStep::Audience });
    let cancel = Choice::new(text(language, "conversation-choice-cancel"), Callback::Cancel);
    if reach.chats(audience) == 0 {
        reply.push_text(text(language, "announce-nobody"));
        return reply.with_row(vec![change, cancel]);
    }
    let confirm_label = match announcement.send_at {
        Some(send_at) => text_with(language, "announce-choice-schedule", &[("when", format_date(send_at, language).into())]),
        None => text(language, "announce-choice-send"),
    };
    let confirm = Choice::new(confirm_label, Callback::Announce { id, audience, step: AnnounceStep::Confirm });
    reply.with_row(vec![confirm]).with_row(vec![change, cancel])
}
