//! Reading a response body chunk by chunk within a byte limit.

use bytes::{Bytes, BytesMut};

/// The body grew past the limit; reading stopped there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// Collects body chunks and rejects the chunk that would take the body past `limit`, so
/// memory stays within `limit` however long or well-compressed the stream is.
#[derive(Debug)]
pub(crate) struct BodyCollector {
    limit: usize,
    buffer: BytesMut,
}

/// Largest capacity reserved up front from a declared length, so a lying Content-Length
/// cannot make the collector allocate much before any byte arrives.
const MAX_INITIAL_CAPACITY: usize = 256 * 1024;

impl BodyCollector {
    /// Starts an empty body. `size_hint` is the declared Content-Length, if any.
    pub(crate) fn new(limit: usize, size_hint: Option<u64>) -> Self {
        let hint = size_hint.and_then(|len| usize::try_from(len).ok()).unwrap_or(0);
        let capacity = hint.min(limit).min(MAX_INITIAL_CAPACITY);
        Self { limit, buffer: BytesMut::with_capacity(capacity) }
    }

    /// Appends `chunk`, or rejects it when the body would exceed the limit.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), TooLarge> {
        let room = self.limit - self.buffer.len();
        if chunk.len() > room {
            return Err(TooLarge);
        }
        self.buffer.extend_from_slice(chunk);
        Ok(())
    }

    pub(crate) fn finish(self) -> Bytes {
        self.buffer.freeze()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_body_of_exactly_limit() {
        let mut body = BodyCollector::new(10, None);
        assert_eq!(body.push(b"12345"), Ok(()));
        assert_eq!(body.push(b"67890"), Ok(()));
        assert_eq!(body.finish(), Bytes::from_static(b"1234567890"));
    }

    #[test]
    fn rejects_byte_past_limit() {
        let mut body = BodyCollector::new(10, None);
        assert_eq!(body.push(b"1234567890"), Ok(()));
        assert_eq!(body.push(b"x"), Err(TooLarge));
        assert_eq!(body.buffer.len(), 10);
    }

    #[test]
    fn rejects_single_oversized_chunk() {
        let mut body = BodyCollector::new(4, None);
        assert_eq!(body.push(b"12345"), Err(TooLarge));
        assert_eq!(body.buffer.len(), 0);
    }

    #[test]
    fn endless_stream_stays_within_limit() {
        let limit = 64 * 1024;
        let mut body = BodyCollector::new(limit, None);
        let chunk = [0_u8; 8192];
        let mut accepted = 0;
        while body.push(&chunk).is_ok() {
            accepted += 1;
            assert!(accepted <= limit / chunk.len(), "collector kept accepting past the limit");
        }
        assert_eq!(body.buffer.len(), limit);
        assert!(body.buffer.capacity() <= 2 * limit);
    }

    #[test]
    fn declared_length_reserves_bounded_capacity() {
        let body = BodyCollector::new(5 * 1024 * 1024, Some(u64::MAX));
        assert!(body.buffer.capacity() <= MAX_INITIAL_CAPACITY);
    }
}
