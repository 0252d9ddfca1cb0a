//! The highest TLP label each chat may receive. A chat without a stored ceiling receives
//! TLP:CLEAR only.

use chrono::{DateTime, Utc};

use super::audit::{record, AuditChange};
use super::chat_id::check_chat_id;
use super::error::query_error;
use super::{Store, StoreError};
use crate::domain::{ChatRef, ParseLabelError, Tlp};

impl Store {
    /// Sets the ceiling of `chat` and records the change by `actor` in the audit log.
    /// Rejects AMBER+STRICT and RED, which no chat may receive.
    pub async fn set_chat_tlp_ceiling(&self, chat: &ChatRef, ceiling: Tlp, actor: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        check_chat_id(chat.platform, &chat.chat_id)?;
        if !ceiling.allowed_as_ceiling() {
            let reason = format!("TLP:{ceiling} is never delivered to a chat; use CLEAR, GREEN or AMBER");
            return Err(StoreError::InvalidCeiling { chat: chat.clone(), reason });
        }
        let operation = format!("set the TLP ceiling of chat {chat}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;
        sqlx::query(
            "INSERT INTO chat_tlp_ceilings (platform, chat_id, ceiling) VALUES ($1, $2, $3) \
             ON CONFLICT (platform, chat_id) DO UPDATE SET ceiling = excluded.ceiling",
        )
        .bind(chat.platform.as_str())
        .bind(chat.chat_id.as_str())
        .bind(ceiling.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(query_error(&operation))?;
        let subject = chat.to_string();
        let change = AuditChange { platform: chat.platform, actor, action: "chat-tlp", subject: &subject, detail: ceiling.as_str() };
        record(&mut transaction, &change, at).await?;
        transaction.commit().await.map_err(query_error(&operation))
    }

    /// Loads the ceiling of `chat`: TLP:CLEAR when none is stored.
    pub async fn chat_tlp_ceiling(&self, chat: &ChatRef) -> Result<Tlp, StoreError> {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT ceiling FROM chat_tlp_ceilings WHERE platform = $1 AND chat_id = $2")
                .bind(chat.platform.as_str())
                .bind(chat.chat_id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(query_error(&format!("load the TLP ceiling of chat {chat}")))?;
        let Some(text) = stored else { return Ok(Tlp::Clear) };
        text.parse()
            .map_err(|error: ParseLabelError| StoreError::corrupt(format!("TLP ceiling of chat {chat}"), error.to_string()))
    }
}
