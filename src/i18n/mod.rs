//! Every text a user reads, from the Fluent resources in `locales/`.
