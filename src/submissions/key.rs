//! The data key from `KETENWACHT_DATA_KEY`: it encrypts submission fields with
//! XChaCha20-Poly1305 and keys the submitter hash with HMAC-SHA256.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The environment variable that contains the data key.
pub const DATA_KEY_VARIABLE: &str = "KETENWACHT_DATA_KEY";

/// Length of the data key, in bytes.
const KEY_BYTES: usize = 32;
/// Length of an XChaCha20-Poly1305 nonce, in bytes.
const NONCE_BYTES: usize = 24;
/// Context of the HMAC that derives the submitter hash key from the data key, so that the
/// hash key differs from the encryption key.
const HASH_KEY_CONTEXT: &[u8] = b"ketenwacht submitter hash key v1";

/// A data key that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("invalid {DATA_KEY_VARIABLE}: {reason}; create a key with `openssl rand -base64 32`")]
    Invalid { reason: String },
}

/// A stored value that cannot be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the value is not valid base64")]
    Encoding,
    #[error("the value is shorter than a nonce")]
    Truncated,
    #[error("decryption failed: the data key differs from the one that encrypted it, or the value was changed")]
    WrongKey,
}

/// The 32-byte data key, and the submitter hash key derived from it.
#[derive(Clone)]
pub struct DataKey {
    cipher: XChaCha20Poly1305,
    hash_key: [u8; KEY_BYTES],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    /// Reads the key from `KETENWACHT_DATA_KEY`. Returns `None` when the variable is unset or
    /// empty, which switches submissions off.
    pub fn from_env() -> Result<Option<DataKey>, KeyError> {
        match std::env::var(DATA_KEY_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => DataKey::parse(&text).map(Some),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(KeyError::Invalid { reason: "the value is not valid UTF-8".to_owned() })
            }
        }
    }

    /// Parses 32 bytes written as base64 (44 characters) or hex (64 characters).
    pub fn parse(text: &str) -> Result<DataKey, KeyError> {
        let text = text.trim();
        let bytes = if text.len() == 2 * KEY_BYTES && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            hex::decode(text).map_err(|error| KeyError::Invalid { reason: format!("invalid hex: {error}") })?
        } else {
            STANDARD
                .decode(text)
                .map_err(|_| KeyError::Invalid { reason: "the value is neither base64 nor 64 hex digits".to_owned() })?
        };
        let key: [u8; KEY_BYTES] = bytes.as_slice().try_into().map_err(|_| KeyError::Invalid {
            reason: format!("the key has {} bytes, but exactly {KEY_BYTES} are needed", bytes.len()),
        })?;
        Ok(DataKey::from_bytes(&key))
    }

    fn from_bytes(key: &[u8; KEY_BYTES]) -> DataKey {
        let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts a key of any length");
        derive.update(HASH_KEY_CONTEXT);
        let hash_key = derive.finalize().into_bytes().into();
        DataKey { cipher: XChaCha20Poly1305::new(key.into()), hash_key }
    }

    /// Encrypts `plain` with a fresh random nonce. `field` is bound as associated data, so a
    /// value copied into another column fails to decrypt. Returns base64 of nonce and ciphertext.
    pub fn seal(&self, field: &str, plain: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload { msg: plain.as_bytes(), aad: field.as_bytes() };
        // chacha20poly1305 0.10 fails only for a message over 256 GiB, the limit of its block
        // counter, and a stored value is at most tens of kilobytes.
        let ciphertext = self.cipher.encrypt(&nonce, payload).expect("XChaCha20-Poly1305 encrypts a short value");
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&ciphertext);
        STANDARD.encode(sealed)
    }

    /// Decrypts a value that [`DataKey::seal`] wrote for `field`.
    pub fn open(&self, field: &str, sealed: &str) -> Result<String, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError::Encoding)?;
        if bytes.len() < NONCE_BYTES {
            return Err(OpenError::Truncated);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let payload = Payload { msg: ciphertext, aad: field.as_bytes() };
        let plain = self.cipher.decrypt(XNonce::from_slice(nonce), payload).map_err(|_| OpenError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| OpenError::WrongKey)
    }

    /// Returns the keyed hash (HMAC-SHA256, hex) of a member on a platform. It finds a member's
    /// submissions without decrypting them and reveals nothing without the key.
    pub fn submitter_hash(&self, platform: &str, user_id: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.hash_key).expect("HMAC accepts a key of any length");
        mac.update(platform.as_bytes());
        mac.update(b"\0");
        mac.update(user_id.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn key_parses_base64_and_hex() {
        let hex_key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        let from_base64 = DataKey::parse(KEY).unwrap();
        let from_hex = DataKey::parse(hex_key).unwrap();
        assert_eq!(from_base64.submitter_hash("telegram", "7"), from_hex.submitter_hash("telegram", "7"));
    }

    #[test]
    fn key_of_wrong_length_is_rejected() {
        let error = DataKey::parse("c2hvcnQ=").unwrap_err().to_string();
        assert!(error.contains(DATA_KEY_VARIABLE), "{error}");
        assert!(error.contains("has 5 bytes"), "{error}");
        assert!(DataKey::parse("not base64 at all!").is_err());
    }

    #[test]
    fn seal_round_trips_with_fresh_nonces() {
        let key = DataKey::parse(KEY).unwrap();
        let first = key.seal("text", "phishing van 192.0.2.1");
        let second = key.seal("text", "phishing van 192.0.2.1");
        assert_ne!(first, second, "each value gets its own nonce");
        assert!(!first.contains("192.0.2.1"));
        assert_eq!(key.open("text", &first).unwrap(), "phishing van 192.0.2.1");
    }

    #[test]
    fn open_fails_for_other_key_or_field() {
        let key = DataKey::parse(KEY).unwrap();
        let other = DataKey::parse(&STANDARD.encode([9u8; 32])).unwrap();
        let sealed = key.seal("text", "geheim");
        assert_eq!(other.open("text", &sealed), Err(OpenError::WrongKey));
        assert_eq!(key.open("link", &sealed), Err(OpenError::WrongKey));
        assert_eq!(key.open("text", "AAAA"), Err(OpenError::Truncated));
        assert_eq!(key.open("text", "!!"), Err(OpenError::Encoding));
    }

    #[test]
    fn submitter_hash_depends_on_key_and_member() {
        let key = DataKey::parse(KEY).unwrap();
        let other = DataKey::parse(&STANDARD.encode([9u8; 32])).unwrap();
        assert_eq!(key.submitter_hash("discord", "1"), key.submitter_hash("discord", "1"));
        assert_ne!(key.submitter_hash("discord", "1"), key.submitter_hash("discord", "2"));
        assert_ne!(key.submitter_hash("discord", "1"), key.submitter_hash("telegram", "1"));
        assert_ne!(key.submitter_hash("discord", "1"), other.submitter_hash("discord", "1"));
    }
}
