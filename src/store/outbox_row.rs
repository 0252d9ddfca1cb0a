//! Mapping between an outbox message and its row.

use sqlx::any::AnyRow;

use super::sql::{column, time};
use super::StoreError;
use crate::domain::{ChatRef, OutboxMessage, ParseLabelError};

/// Columns read by [`decode_outbox_message`], in order.
pub(crate) const OUTBOX_COLUMNS: &str = "id, key, subscription_id, platform, chat_id, payload, status, attempts, \
     next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at";

/// Decodes a row of [`OUTBOX_COLUMNS`].
pub(crate) fn decode_outbox_message(row: &AnyRow) -> Result<OutboxMessage, StoreError> {
    let id: i64 = column(row, 0, "outbox row")?;
    let subject = format!("outbox message {id}");
    let corrupt = |reason: String| StoreError::corrupt(&subject, reason);
    let label = |error: ParseLabelError| corrupt(error.to_string());
    let text = |index: usize| -> Result<String, StoreError> { column(row, index, &subject) };
    let optional_time = |index: usize, field: &str| -> Result<_, StoreError> {
        let value: Option<i64> = column(row, index, &subject)?;
        value.map(|value| time(value, &subject, field)).transpose()
    };

    let payload = text(5)?;
    let attempts: i64 = column(row, 7, &subject)?;
    let next_attempt_at: i64 = column(row, 8, &subject)?;
    let created_at: i64 = column(row, 12, &subject)?;
    Ok(OutboxMessage {
        id,
        key: text(1)?,
        subscription_id: column(row, 2, &subject)?,
        chat: ChatRef::new(text(3)?.parse().map_err(label)?, text(4)?),
        payload: serde_json::from_str(&payload).map_err(|error| corrupt(format!("payload: {error}")))?,
        status: text(6)?.parse().map_err(label)?,
        attempts: u32::try_from(attempts).map_err(|_| corrupt(format!("attempt count {attempts} is out of range")))?,
        next_attempt_at: time(next_attempt_at, &subject, "next attempt time")?,
        claimed_by: column(row, 9, &subject)?,
        claimed_until: optional_time(10, "claim end")?,
        last_error: column(row, 11, &subject)?,
        created_at: time(created_at, &subject, "creation time")?,
        sent_at: optional_time(13, "send time")?,
    })
}
