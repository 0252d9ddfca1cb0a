//! What an outbox message carries: composed data that each platform renders its own way.

use serde::{Deserialize, Serialize};

use crate::digest::Digest;

/// The body of one outbox message, stored as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// One part of a scheduled digest; `digest.items` holds only this part's items.
    Digest { digest: Digest, part: usize, parts: usize },
    /// Urgent advisories sent at once, outside the schedule.
    Urgent { digest: Digest },
    /// A plain text message, such as a staff announcement.
    Text { text: String },
    /// A conversation reply sent outside a conversation, such as a moderation card to a staff
    /// chat or a notice to a member. `tlp` is the highest label of what it shows.
    Message { reply: crate::conversation::Reply, tlp: crate::domain::Tlp },
}
