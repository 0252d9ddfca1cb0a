//! One polling round over the configured sources, from bytes to stored rows.
