//! Chat-level data: the settings of a chat and moving a chat to a new id.

use sqlx::AnyConnection;

use super::chat_id::check_chat_id;
use super::error::{is_unique_violation, query_error};
use super::{Store, StoreError};
use crate::domain::{ChatRef, Language, ParseLabelError};

impl Store {
    /// Moves a chat to a new id on the same platform (a Telegram group that became a
    /// supergroup): its subscription, settings, TLP ceiling and pending or claimed outbox messages follow,
    /// in one transaction. Sent and failed messages keep the old id as a record of where they went.
    ///
    /// Fails with [`StoreError::ChatTaken`], changing nothing, when the new id already has a
    /// subscription. Settings the new id already has are replaced by the moved ones. Moving a
    /// chat to its own id, or a chat with nothing stored, changes nothing.
    pub async fn move_chat(&self, from: &ChatRef, new_chat_id: &str) -> Result<(), StoreError> {
        check_chat_id(from.platform, new_chat_id)?;
        if from.chat_id == new_chat_id {
            return Ok(());
        }
        let platform = from.platform.as_str();
        let taken = || StoreError::ChatTaken { from: from.clone(), to: new_chat_id.to_owned() };
        let operation = format!("move chat {from} to chat id {new_chat_id:?}");
        let mut transaction = self.pool.begin().await.map_err(query_error(&operation))?;

        // A write first, so that SQLite takes the write lock at once instead of failing to
        // upgrade a read lock when another writer got there in between. The unique key on
        // (platform, chat_id) rejects the move when the new id has a subscription.
        let moved = sqlx::query("UPDATE subscriptions SET chat_id = $1 WHERE platform = $2 AND chat_id = $3")
            .bind(new_chat_id)
            .bind(platform)
            .bind(from.chat_id.as_str())
            .execute(&mut *transaction)
            .await;
        let moved = match moved {
            Ok(result) => result.rows_affected(),
            Err(cause) if is_unique_violation(&cause) => return Err(taken()),
            Err(cause) => return Err(StoreError::query(operation, cause)),
        };
        if moved == 0 {
            let existing: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE platform = $1 AND chat_id = $2")
                    .bind(platform)
                    .bind(new_chat_id)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(query_error(&operation))?;
            if existing > 0 {
                return Err(taken());
            }
        }

        let statements = [
            "DELETE FROM chat_settings WHERE platform = $1 AND chat_id = $2 \
             AND EXISTS (SELECT 1 FROM chat_settings WHERE platform = $1 AND chat_id = $3)",
            "UPDATE chat_settings SET chat_id = $2 WHERE platform = $1 AND chat_id = $3",
            "DELETE FROM chat_tlp_ceilings WHERE platform = $1 AND chat_id = $2 \
             AND EXISTS (SELECT 1 FROM chat_tlp_ceilings WHERE platform = $1 AND chat_id = $3)",
            "UPDATE chat_tlp_ceilings SET chat_id = $2 WHERE platform = $1 AND chat_id = $3",
            "UPDATE outbox SET chat_id = $2 WHERE platform = $1 AND chat_id = $3 AND status IN ('pending', 'claimed')",
        ];
        for statement in statements {
            sqlx::query(statement)
                .bind(platform)
                .bind(new_chat_id)
                .bind(from.chat_id.as_str())
                .execute(&mut *transaction)
                .await
                .map_err(query_error(&operation))?;
        }

        transaction.commit().await.map_err(query_error(&operation))?;
        tracing::info!(platform, from = %from.chat_id, to = new_chat_id, "chat moved to a new id");
        Ok(())
    }

    /// Loads the language a chat chose, if any; subscriptions carry their own.
    pub async fn chat_language(&self, chat: &ChatRef) -> Result<Option<Language>, StoreError> {
        let language: Option<String> =
            sqlx::query_scalar("SELECT language FROM chat_settings WHERE platform = $1 AND chat_id = $2")
                .bind(chat.platform.as_str())
                .bind(chat.chat_id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(query_error(&format!("load the language of chat {chat}")))?;
        language
            .map(|text| {
                text.parse().map_err(|error: ParseLabelError| {
                    StoreError::corrupt(format!("settings of chat {chat}"), error.to_string())
                })
            })
            .transpose()
    }

    /// Stores the language a chat chose, replacing any earlier choice.
    pub async fn set_chat_language(&self, chat: &ChatRef, language: Language) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_error(&format!("set the language of chat {chat}")))?;
        upsert_chat_language(&mut connection, chat, language).await
    }
}

/// Stores the language a chat chose inside the caller's transaction.
pub(super) async fn upsert_chat_language(connection: &mut AnyConnection, chat: &ChatRef, language: Language) -> Result<(), StoreError> {
    check_chat_id(chat.platform, &chat.chat_id)?;
    sqlx::query(
        "INSERT INTO chat_settings (platform, chat_id, language) VALUES ($1, $2, $3) \
         ON CONFLICT (platform, chat_id) DO UPDATE SET language = excluded.language",
    )
    .bind(chat.platform.as_str())
    .bind(chat.chat_id.as_str())
    .bind(language.as_str())
    .execute(connection)
    .await
    .map_err(query_error(&format!("set the language of chat {chat}")))?;
    Ok(())
}
