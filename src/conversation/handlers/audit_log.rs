//! `audit [N]`: staff read the newest audit log entries in chat.

use chrono_tz::Europe::Amsterdam;

use super::staff::usage;
use crate::conversation::command::MAX_SHOWN_CHARS;
use crate::conversation::state::{store_failed, ConversationError};
use crate::conversation::text::shown;
use crate::conversation::{ChatContext, Conversation, Reply, MAX_BLOCK_CHARS};
use crate::domain::Language;
use crate::i18n::{text, text_with};
use crate::store::{AuditEntry, FORGOTTEN_MEMBER};

/// Number of entries `audit` lists without a number, and the most it lists.
pub(crate) const DEFAULT_AUDIT_ENTRIES: u32 = 10;
pub(crate) const MAX_AUDIT_ENTRIES: u32 = 50;

/// Actions with a localised name (`audit-action-…`); others show as stored.
const NAMED_ACTIONS: [&str; 16] = [
    "verify",
    "unverify",
    "chat-tlp",
    "subscribe",
    "unsubscribe",
    "set-tier",
    "set-language",
    "set-cadence",
    "announce-create",
    "announce-confirm",
    "announce-withdraw",
    "forget",
    "submission-approve",
    "submission-reject",
    "submission-tier",
    "submission-tlp",
];

impl Conversation {
    /// Lists the newest audit entries, newest first.
    pub(crate) async fn audit(&self, context: &ChatContext, language: Language, arguments: &[String]) -> Result<Reply, ConversationError> {
        if let Some(refusal) = self.require_staff(context, language).await? {
            return Ok(refusal);
        }
        let limit = match arguments {
            [] => DEFAULT_AUDIT_ENTRIES,
            [typed] => match typed.parse::<u32>() {
                Ok(limit) if (1..=MAX_AUDIT_ENTRIES).contains(&limit) => limit,
                _ => {
                    let arguments = [("value", shown(typed, MAX_SHOWN_CHARS).into()), ("maximum", (MAX_AUDIT_ENTRIES as usize).into())];
                    return Ok(Reply::text(text_with(language, "audit-count-invalid", &arguments)).privately());
                }
            },
            _ => return Ok(usage(language, "audit-usage")),
        };
        let entries = self.store.audit_log(limit).await.map_err(store_failed("list the audit log", &context.chat))?;
        if entries.is_empty() {
            return Ok(Reply::text(text(language, "audit-empty")));
        }
        let title = text_with(language, "audit-title", &[("count", entries.len().into())]);
        let lines = entries.iter().map(|entry| entry_line(entry, language));
        Ok(blocks(title, lines))
    }
}

/// Formats one entry: time in Europe/Amsterdam, who, what, subject and detail.
pub(crate) fn entry_line(entry: &AuditEntry, language: Language) -> String {
    let when = entry.at.with_timezone(&Amsterdam).format("%Y-%m-%d %H:%M");
    let actor = if entry.actor == FORGOTTEN_MEMBER {
        text(language, "audit-forgotten-member")
    } else {
        format!("{}:{}", entry.platform, entry.actor)
    };
    let subject = if entry.subject == FORGOTTEN_MEMBER { text(language, "audit-forgotten-member") } else { entry.subject.clone() };
    let action = if NAMED_ACTIONS.contains(&entry.action.as_str()) {
        text(language, &format!("audit-action-{}", entry.action))
    } else {
        entry.action.clone()
    };
    let mut line = format!("{when} · {actor} · {action} · {subject}");
    if !entry.detail.is_empty() {
        line.push_str(&format!(" · {}", entry.detail));
    }
    line
}

/// Packs a title and lines into as few text blocks as fit [`MAX_BLOCK_CHARS`].
pub(crate) fn blocks(title: String, lines: impl IntoIterator<Item = String>) -> Reply {
    let mut reply = Reply::default();
    let mut block = title;
    for line in lines {
        if block.chars().count() + line.chars().count() + 1 > MAX_BLOCK_CHARS {
            reply.push_text(std::mem::take(&mut block));
            block = line;
        } else {
            block.push('\n');
            block.push_str(&line);
        }
    }
    reply.push_text(block);
    reply
}
