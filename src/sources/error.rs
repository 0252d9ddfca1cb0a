//! Why polling a source failed. Each variant's message is what staff see as the last error.

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("stub")]
    Stub,
}
