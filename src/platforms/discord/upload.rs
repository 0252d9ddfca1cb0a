//! Files members attach to a slash command, downloaded for [`Conversation::handle_upload`].
//!
//! A command that takes a file declares an option of type `serenity::Attachment` and calls
//! [`super::answer_upload`], which calls [`receive_upload`]. The file is fetched only from Discord's CDN hosts or the host of the
//! configured API URL, only when it is at most [`MAX_UPLOAD_BYTES`], and without redirects.

use std::time::Duration;

use futures_util::StreamExt;
use poise::serenity_prelude as serenity;

use crate::conversation::{ChatContext, Conversation, Reply, MAX_UPLOAD_BYTES};
use crate::domain::Language;
use crate::i18n::{text, text_with};

/// Hosts Discord serves attachments from.
const CDN_HOSTS: [&str; 2] = ["cdn.discordapp.com", "media.discordapp.net"];
/// Total timeout of one download.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// Downloads attachments from the hosts a bot may trust.
#[derive(Clone)]
pub struct Downloader {
    client: reqwest::Client,
    /// The host of the configured API URL, which serves attachments in tests and proxies.
    api_host: Option<String>,
}

/// A download that did not produce the file's bytes.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("attachment {file_name} has {bytes} bytes, more than the {max} allowed")]
    TooLarge { file_name: String, bytes: u64, max: usize },
    #[error("attachment URL {url} is not on a Discord host")]
    UntrustedHost { url: String },
    #[error("failed to download attachment {file_name}: {detail}")]
    Download { file_name: String, detail: String },
}

impl Downloader {
    pub fn new(api_url: Option<&str>) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(DOWNLOAD_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| format!("cannot build the download client: {error}"))?;
        let api_host = api_url.and_then(|url| url::Url::parse(url).ok()).and_then(|url| url.host_str().map(str::to_owned));
        Ok(Self { client, api_host })
    }

    /// Downloads an attachment, checking its host and its size before and while reading.
    pub async fn download(&self, attachment: &serenity::Attachment) -> Result<Vec<u8>, UploadError> {
        let file_name = attachment.filename.clone();
        let too_large = |bytes: u64| UploadError::TooLarge { file_name: file_name.clone(), bytes, max: MAX_UPLOAD_BYTES };
        if u64::from(attachment.size) > MAX_UPLOAD_BYTES as u64 {
            return Err(too_large(u64::from(attachment.size)));
        }
        let url = url::Url::parse(&attachment.url).ok().filter(|url| self.trusts(url));
        let Some(url) = url else {
            return Err(UploadError::UntrustedHost { url: crate::digest::cut(&attachment.url, 200) });
        };
        let failed = |detail: String| UploadError::Download { file_name: file_name.clone(), detail };
        let response = self.client.get(url).send().await.map_err(|error| failed(error.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(failed(format!("HTTP {}", response.status())));
        }
        let mut content = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| failed(error.without_url().to_string()))?;
            if content.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(too_large((content.len() + chunk.len()) as u64));
            }
            content.extend_from_slice(&chunk);
        }
        Ok(content)
    }

    fn trusts(&self, url: &url::Url) -> bool {
        let Some(host) = url.host_str() else { return false };
        let cdn = url.scheme() == "https" && CDN_HOSTS.contains(&host);
        cdn || self.api_host.as_deref() == Some(host)
    }
}

/// Downloads the attachment and hands it to the conversation; a rejected or failed download
/// gets a reply in `language` saying what to do.
pub async fn receive_upload(
    downloader: &Downloader,
    conversation: &Conversation,
    context: &ChatContext,
    attachment: &serenity::Attachment,
    language: Language,
) -> Reply {
    match downloader.download(attachment).await {
        Ok(content) => conversation.handle_upload(context, &attachment.filename, &content).await,
        Err(error) => {
            tracing::warn!(chat = %context.chat, error = %error, "attachment rejected");
            let message = match error {
                UploadError::TooLarge { file_name, max, .. } => text_with(
                    language,
                    "discord-upload-too-large",
                    &[("name", file_name.into()), ("max", (max / 1024).into())],
                ),
                UploadError::UntrustedHost { .. } | UploadError::Download { .. } => text(language, "discord-upload-failed"),
            };
            Reply::text(message).privately()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_discord_and_api_hosts_are_trusted() {
        let downloader = Downloader::new(Some("http://127.0.0.1:4000")).unwrap();
        let trusts = |url: &str| downloader.trusts(&url::Url::parse(url).unwrap());
        assert!(trusts("https://cdn.discordapp.com/attachments/1/2/checklist.csv"));
        assert!(trusts("https://media.discordapp.net/attachments/1/2/a.csv"));
        assert!(trusts("http://127.0.0.1:4000/files/a.csv"));
        assert!(!trusts("http://cdn.discordapp.com/attachments/1/2/a.csv"));
        assert!(!trusts("https://cdn.discordapp.com.evil.example/a.csv"));
        assert!(!trusts("https://evil.example/a.csv"));
        assert!(!Downloader::new(None).unwrap().trusts(&url::Url::parse("http://127.0.0.1:4000/a").unwrap()));
    }
}
