//! Documents members send: checked for size, fetched with getFile and downloaded from the
//! configured Bot API server, then handed to the conversation.

use futures_util::StreamExt;
use teloxide::net::Download;
use teloxide::requests::Requester;
use teloxide::types::Document;

use super::{Telegram, TelegramError};
use crate::conversation::{ChatContext, Reply, MAX_UPLOAD_BYTES};
use crate::i18n::{text, text_with};

/// Maximum length of a file path from getFile that the adapter downloads.
const MAX_FILE_PATH_CHARS: usize = 256;

impl Telegram {
    /// Downloads a member's document and returns the conversation's reply to it, or a reply
    /// explaining why the file was not taken.
    pub(super) async fn upload(&self, context: &ChatContext, document: &Document) -> Reply {
        let language = self.language(&context.chat).await;
        let too_large = || {
            let max_kib = MAX_UPLOAD_BYTES / 1024;
            Reply::text(text_with(language, "telegram-upload-too-large", &[("max", max_kib.into())]))
        };
        if document.file.size as usize > MAX_UPLOAD_BYTES {
            return too_large();
        }
        let file_name = document.file_name.clone().unwrap_or_else(|| "upload".to_owned());
        match self.download(document).await {
            Ok(Some(content)) => self.conversation.handle_upload(context, &file_name, &content).await,
            Ok(None) => too_large(),
            Err(error) => {
                tracing::error!(chat = %context.chat, error = %error, "cannot download a document");
                Reply::text(text(language, "telegram-upload-failed"))
            }
        }
    }

    /// Returns the document's bytes, or `None` when it turns out larger than
    /// [`MAX_UPLOAD_BYTES`]; the download stops there.
    async fn download(&self, document: &Document) -> Result<Option<Vec<u8>>, TelegramError> {
        let file = self.bot.get_file(document.file.id.clone()).await.map_err(TelegramError::from)?;
        if file.meta.size as usize > MAX_UPLOAD_BYTES {
            return Ok(None);
        }
        check_file_path(&file.path)?;
        let mut stream = self.bot.download_file_stream(&file.path);
        let mut content = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| TelegramError::Transient(super::token::redact(&format!("download failed: {error}"))))?;
            if content.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Ok(None);
            }
            content.extend_from_slice(&chunk);
        }
        Ok(Some(content))
    }
}

/// Accepts only a relative path of plain segments, as the Bot API returns (`documents/file_3.csv`),
/// so that the download URL stays under the API server's file path.
fn check_file_path(path: &str) -> Result<(), TelegramError> {
    let plain_segments = path.split('/').all(|segment| {
        !segment.is_empty() && segment != "." && segment != ".." && segment.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    });
    if path.chars().count() <= MAX_FILE_PATH_CHARS && plain_segments {
        Ok(())
    } else {
        Err(TelegramError::Rejected(format!("getFile returned an unexpected file path {:?}", path.chars().take(64).collect::<String>())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_stay_relative() {
        assert!(check_file_path("documents/file_3.csv").is_ok());
        for bad in ["", "/etc/passwd", "documents/../../x", "http://evil.example/x", "a//b", "documents/a b.csv", "a/./b"] {
            assert!(check_file_path(bad).is_err(), "{bad:?}");
        }
    }
}
