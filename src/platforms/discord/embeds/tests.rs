use super::*;
use crate::delivery::test_data::{advisory, urgent_advisory, utc};
use crate::digest::{compose, Window};
use crate::domain::{Advisory, Language, Tier};

fn digest_of(advisories: &[Advisory]) -> Digest {
    let window = Window { from: utc("2025-08-27T06:00:00Z"), to: utc("2025-08-28T06:00:00Z") };
    compose(advisories, Tier::Basic, Language::Nl, window)
}

fn assert_within_limits(messages: &[MessageParts]) {
    for (index, message) in messages.iter().enumerate() {
        assert!(message.content.chars().count() <= MAX_CONTENT_CHARS, "message {index}: content too long");
        assert!(message.embeds.len() <= MAX_EMBEDS, "message {index}: {} embeds", message.embeds.len());
        assert!(message.embed_chars() <= MAX_EMBEDS_CHARS, "message {index}: {} embed characters", message.embed_chars());
        for embed in &message.embeds {
            assert!(embed.description.chars().count() <= MAX_DESCRIPTION_CHARS, "message {index}: description too long");
        }
        assert!(!message.content.is_empty() || !message.embeds.is_empty(), "message {index} is empty");
    }
}

#[test]
fn urgent_items_come_first_in_red() {
    let advisories = [advisory(1, "2025-08-27T10:00:00Z"), urgent_advisory(2, "2025-08-27T09:00:00Z")];
    let payload = Payload::Urgent { digest: digest_of(&advisories) };
    let messages = render_payload(&payload, None);
    assert_eq!(messages.len(), 1);
    let colours: Vec<u32> = messages[0].embeds.iter().map(|embed| embed.colour).collect();
    assert_eq!(colours, [URGENT_COLOUR, NORMAL_COLOUR]);
    assert!(messages[0].embeds[0].description.contains("Kwetsbaarheid 2"), "{}", messages[0].embeds[0].description);
}

#[test]
fn role_is_mentioned_only_for_urgent_items() {
    let normal = Payload::Digest { digest: digest_of(&[advisory(1, "2025-08-27T10:00:00Z")]), part: 0, parts: 1 };
    let messages = render_payload(&normal, Some(77));
    assert_eq!(messages[0].mentioned_role, None);
    assert!(!messages[0].content.contains("<@&"));

    let urgent = Payload::Digest { digest: digest_of(&[urgent_advisory(1, "2025-08-27T10:00:00Z")]), part: 0, parts: 1 };
    let messages = render_payload(&urgent, Some(77));
    assert_eq!(messages[0].mentioned_role, Some(77));
    assert!(messages[0].content.starts_with("<@&77> "));

    assert_eq!(render_payload(&urgent, None)[0].mentioned_role, None);
}

#[test]
fn many_items_split_into_messages() {
    let advisories: Vec<Advisory> = (1..=25).map(|number| advisory(number, "2025-08-27T10:00:00Z")).collect();
    let payload = Payload::Digest { digest: digest_of(&advisories), part: 0, parts: 1 };
    let messages = render_payload(&payload, None);
    assert_within_limits(&messages);
    assert_eq!(messages.iter().map(|message| message.embeds.len()).sum::<usize>(), 25);
    assert_eq!(messages.len(), 3);
    assert!(messages[1].content.is_empty());
}

#[test]
fn long_items_respect_the_character_limits() {
    let advisories: Vec<Advisory> = (1..=6)
        .map(|number| {
            let mut advisory = advisory(number, "2025-08-27T10:00:00Z");
            advisory.draft.title = format!("{number} {}", "*_[x](https://evil.example)".repeat(300));
            advisory.draft.summary = Some("lang ".repeat(2000));
            advisory
        })
        .collect();
    let payload = Payload::Digest { digest: digest_of(&advisories), part: 1, parts: 3 };
    let messages = render_payload(&payload, Some(5));
    assert_within_limits(&messages);
    assert_eq!(messages.iter().map(|message| message.embeds.len()).sum::<usize>(), 6);
    assert!(messages.len() >= 3, "{} messages", messages.len());
    assert!(messages[0].content.contains("2 van 3"), "{}", messages[0].content);
}

#[test]
fn empty_digest_says_nothing_is_new() {
    let payload = Payload::Digest { digest: digest_of(&[]), part: 0, parts: 1 };
    let messages = render_payload(&payload, Some(5));
    assert_eq!(messages.len(), 1);
    assert!(messages[0].embeds.is_empty());
    assert_eq!(messages[0].mentioned_role, None);
    assert!(messages[0].content.contains("geen nieuwe"), "{}", messages[0].content);
}

#[test]
fn text_payload_is_escaped_and_packed() {
    let payload = Payload::Text { text: format!("@everyone {}", "woord ".repeat(500)) };
    let messages = render_payload(&payload, Some(5));
    assert_within_limits(&messages);
    assert!(messages.len() >= 2);
    assert!(messages[0].content.starts_with("\\@everyone"));
    assert_eq!(messages[0].mentioned_role, None);
}

#[test]
fn long_paragraphs_split_at_whitespace() {
    let text = format!("{} {}", "a".repeat(1500), "b".repeat(1500));
    assert_eq!(pack_content(&[text]), ["a".repeat(1500), "b".repeat(1500)]);
    let escaped = "\\*".repeat(1500);
    for piece in pack_content(&[escaped]) {
        assert!(piece.chars().count() <= MAX_CONTENT_CHARS);
        assert!(piece.starts_with('\\'), "an escape was split from its character");
        assert!(!piece.ends_with('\\'), "an escape was split from its character");
    }
}
