//! Why a fetched body could not be parsed. Messages are what staff see as a source's last error.

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("document is empty")]
    Empty,
    #[error("received an HTML page instead of a feed")]
    HtmlPage,
    #[error("document declares a DTD or XML entities, which are rejected to prevent entity expansion and external entity attacks")]
    EntityDeclaration,
    #[error("document is not valid {encoding} text: {detail}")]
    Encoding { encoding: String, detail: String },
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("malformed JSON at line {line}, column {column}: {detail}")]
    Json { line: usize, column: usize, detail: String },
    #[error("not a feed: {0}")]
    NotAFeed(String),
    #[error("feed has {total} items but none is an NCSC advisory")]
    NoAdvisories { total: usize },
    #[error("CSAF document fails the CSAF schema at {pointer}: {reason}")]
    CsafSchema { pointer: String, reason: String },
    #[error("invalid CSAF provider metadata: {0}")]
    ProviderMetadata(String),
    #[error("invalid ROLIE feed: {0}")]
    Rolie(String),
    #[error("invalid changes.csv at line {line}: {reason}")]
    ChangesCsv { line: usize, reason: String },
    #[error("invalid KEV catalog: {0}")]
    Kev(String),
    #[error("invalid OPML: {0}")]
    Opml(String),
}
