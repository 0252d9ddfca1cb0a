//! Staff announcements: drafts, confirmation into the outbox, and withdrawal of what has not
//! gone out yet. Each change is recorded in the audit log in the same transaction.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;

use super::audit::{record, AuditChange};
use super::error::query_error;
use super::outbox::{insert_messages, MessageRow, MESSAGE_COLUMNS};
use super::sql::{column, from_micros, micros, rows_per_insert, text_problem, time};
use super::subscription_row::{decode_subscription, SUBSCRIPTION_COLUMNS};
use super::{Store, StoreError};
use crate::domain::{Audience, AudienceMember, Language, NewOutboxMessage, Platform, Subscription, Tier};

/// Maximum length of an announcement's text, in characters, so that the text with the heading
/// in front of it fits one reply block (1900 characters) in the preview and one Discord
/// message (2000) on delivery.
pub const MAX_ANNOUNCEMENT_CHARS: usize = 1800;

const COLUMNS: &str = "id, platform, created_by, body, status, send_at, tiers, platforms, languages, \
     created_at, confirmed_at, withdrawn_at";

/// Lifecycle state of an announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnouncementStatus {
    /// Written, audience not yet confirmed; nothing is in the outbox.
    Draft,
    /// In the outbox for its audience.
    Confirmed,
    /// Withdrawn by staff: as a draft, or with its pending messages removed.
    Withdrawn,
}

impl AnnouncementStatus {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            AnnouncementStatus::Draft => "draft",
            AnnouncementStatus::Confirmed => "confirmed",
            AnnouncementStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A stored announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: i64,
    /// The platform and user id of the staff member who wrote it.
    pub platform: Platform,
    pub created_by: String,
    /// The staff text, without the heading each chat receives in front of it.
    pub body: String,
    pub status: AnnouncementStatus,
    /// The delivery time staff chose; `None` delivers on confirmation.
    pub send_at: Option<DateTime<Utc>>,
    /// The audience chosen on confirmation; `None` for a draft.
    pub audience: Option<Audience>,
    pub created_at: DateTime<Utc>,
}

/// A draft to store.
#[derive(Debug, Clone)]
pub struct NewAnnouncement<'a> {
    pub platform: Platform,
    pub created_by: &'a str,
    pub body: &'a str,
    pub send_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// The outcome of confirming an announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// The announcement is in the outbox for this many chats.
    Enqueued { chats: usize },
    /// It was not a draft any more, such as after a second press on the confirm button.
    NotDraft(AnnouncementStatus),
    NotFound,
}

impl Store {
    /// Stores a draft announcement and records its creation; returns its id.
    pub async fn create_announcement(&self, draft: &NewAnnouncement<'_>) -> Result<i64, StoreError> {
        if let Some(reason) = text_problem("the text", draft.body, MAX_ANNOUNCEMENT_CHARS) {
            return Err(StoreError::InvalidAnnouncement { reason });
        }
        let operation = "create an announcement";
        let mut transaction = self.pool.begin().await.map_err(query_error(operation))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO announcements (platform, created_by, body, status, send_at, created_at) \
             VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id",
        )
        .bind(draft.platform.as_str())
        .bind(draft.created_by)
        .bind(draft.body)
        .bind(draft.send_at.map(micros))
        .bind(micros(draft.at))
        .fetch_one(&mut *transaction)
        .await
        .map_err(query_error(operation))?;
        let subject = subject(id);
        let detail = draft.send_at.map(|send_at| send_at.to_rfc3339()).unwrap_or_default();
        let change = AuditChange { platform: draft.platform, actor: draft.created_by, action: "announce-create", subject: &subject, detail: &detail };
        record(&mut transaction, &change, draft.at).await?;
        transaction.commit().await.map_err(query_error(operation))?;
        Ok(id)
    }

    /// Loads an announcement, or `None` when no announcement has that id.
    pub async fn announcement(&self, id: i64) -> Result<Option<Announcement>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM announcements WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error(&format!("load announcement {id}")))?;
        row.as_ref().map(decode_announcement).transpose()
    }

    /// Confirms a draft for `audience` and enqueues one message per matching active
    /// subscription, in one transaction with the audit entry by `actor`.
    ///
    /// `payload_for` gives the outbox payload JSON for a chat's language. Each message's key is
    /// `announce:{id}:{chat}`, and it is due at the announcement's `send_at`, or at `at`.
    pub async fn confirm_announcement(
        &self,
        id: i64,
        audience: Audience,
        payload_for: impl Fn(Language) -> serde_json::Value,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Confirmation, StoreError> {
        let operation = format!("confirm announcement {id}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        // The write first, so that SQLite takes the write lock at once and a second confirm
        // waits for this one and then finds no draft.
        let updated = sqlx::query(
            "UPDATE announcements SET status = 'confirmed', tiers = $1, platforms = $2, languages = $3, confirmed_at = $4 \
             WHERE id = $5 AND status = 'draft'",
        )
        .bind(labels(audience.tiers().iter().map(|tier| tier.as_str())))
        .bind(labels(audience.platforms().iter().map(|platform| platform.as_str())))
        .bind(labels(audience.languages().iter().map(|language| language.as_str())))
        .bind(micros(at))
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        if updated.rows_affected() == 0 {
            drop(transaction);
            return Ok(match self.announcement(id).await? {
                Some(announcement) => Confirmation::NotDraft(announcement.status),
                None => Confirmation::NotFound,
            });
        }

        let (platform, send_at): (String, Option<i64>) =
            sqlx::query_as("SELECT platform, send_at FROM announcements WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *transaction)
                .await
                .map_err(query_error(&operation))?;
        let not_before = send_at.and_then(from_micros).unwrap_or(at);
        let rows = sqlx::query(&format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE active = 1 ORDER BY id"))
            .fetch_all(&mut *transaction)
            .await
            .map_err(query_error(&operation))?;
        let mut messages = Vec::new();
        for row in &rows {
            let subscription = decode_subscription(row)?;
            if audience.matches(subscription.tier, subscription.chat.platform, subscription.language) {
                messages.push(message(id, &subscription, payload_for(subscription.language), not_before));
            }
        }
        let encoded: Vec<MessageRow> = messages
            .iter()
            .map(|message| MessageRow::new(message, message.subscription_id.unwrap_or_default()))
            .collect::<Result<_, _>>()?;
        let mut chats = 0;
        for chunk in encoded.chunks(rows_per_insert(MESSAGE_COLUMNS)) {
            chats += insert_messages(&mut transaction, chunk, micros(at), &operation).await?;
        }

        let platform: Platform = platform.parse().map_err(|error: crate::domain::ParseLabelError| {
            StoreError::corrupt(subject(id), error.to_string())
        })?;
        let subject = subject(id);
        let detail = audience_detail(audience, chats);
        let change = AuditChange { platform, actor, action: "announce-confirm", subject: &subject, detail: &detail };
        record(&mut transaction, &change, at).await?;
        transaction.commit().await.map_err(query_error(&operation))?;
        tracing::info!(announcement = id, chats, "announcement confirmed");
        Ok(Confirmation::Enqueued { chats })
    }
}

/// Returns the audit subject of announcement `id`.
pub(super) fn subject(id: i64) -> String {
    format!("announcement:{id}")
}

/// Returns the first outbox key of announcement `id` and the first key after all of them, so
/// that `key >= start AND key < end` selects its messages through the key's unique index.
pub(super) fn key_range(id: i64) -> (String, String) {
    // ';' follows ':' in ASCII, and no other key of this announcement sorts after `announce:{id};`.
    (format!("announce:{id}:"), format!("announce:{id};"))
}

fn message(id: i64, subscription: &Subscription, payload: serde_json::Value, not_before: DateTime<Utc>) -> NewOutboxMessage {
    NewOutboxMessage {
        key: format!("announce:{id}:{}", subscription.chat),
        subscription_id: Some(subscription.id),
        chat: subscription.chat.clone(),
        payload,
        not_before,
    }
}

fn labels<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(",")
}

fn audience_detail(audience: Audience, chats: usize) -> String {
    let tiers = labels(audience.tiers().iter().map(|tier| tier.as_str()));
    let platforms = labels(audience.platforms().iter().map(|platform| platform.as_str()));
    let languages = labels(audience.languages().iter().map(|language| language.as_str()));
    format!("{chats} chats; {tiers}; {platforms}; {languages}")
}

fn decode_announcement(row: &AnyRow) -> Result<Announcement, StoreError> {
    let id: i64 = column(row, 0, "announcement")?;
    let subject = subject(id);
    let corrupt = |error: crate::domain::ParseLabelError| StoreError::corrupt(&subject, error.to_string());
    let platform: String = column(row, 1, &subject)?;
    let status: String = column(row, 4, &subject)?;
    let status = [AnnouncementStatus::Draft, AnnouncementStatus::Confirmed, AnnouncementStatus::Withdrawn]
        .into_iter()
        .find(|candidate| candidate.as_str() == status)
        .ok_or_else(|| StoreError::corrupt(&subject, format!("unknown status {status:?}")))?;
    let send_at: Option<i64> = column(row, 5, &subject)?;
    let tiers: Option<String> = column(row, 6, &subject)?;
    let platforms: Option<String> = column(row, 7, &subject)?;
    let languages: Option<String> = column(row, 8, &subject)?;
    let audience = match (tiers, platforms, languages) {
        (Some(tiers), Some(platforms), Some(languages)) => Some(decode_audience(&tiers, &platforms, &languages).map_err(corrupt)?),
        _ => None,
    };
    Ok(Announcement {
        id,
        platform: platform.parse().map_err(corrupt)?,
        created_by: column(row, 2, &subject)?,
        body: column(row, 3, &subject)?,
        status,
        send_at: send_at.map(|value| time(value, &subject, "send_at")).transpose()?,
        audience,
        created_at: time(column(row, 9, &subject)?, &subject, "created_at")?,
    })
}

fn decode_audience(tiers: &str, platforms: &str, languages: &str) -> Result<Audience, crate::domain::ParseLabelError> {
    let mut audience = Audience::NOBODY;
    let split = |text: &str| text.split(',').filter(|label| !label.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    for tier in split(tiers) {
        audience = audience.toggled(AudienceMember::Tier(tier.parse::<Tier>()?));
    }
    for platform in split(platforms) {
        audience = audience.toggled(AudienceMember::Platform(platform.parse::<Platform>()?));
    }
    for language in split(languages) {
        audience = audience.toggled(AudienceMember::Language(language.parse::<Language>()?));
    }
    Ok(audience)
}
