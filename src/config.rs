//! The configuration file and its environment overrides.
