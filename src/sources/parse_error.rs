//! Why a fetched body could not be parsed. Messages are what staff see as a source's last error.

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("stub")]
    Stub,
}
