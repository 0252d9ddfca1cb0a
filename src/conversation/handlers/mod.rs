//! One file per group of commands. Pure handlers are free functions; handlers that read or
//! write the store are methods of [`super::Conversation`].

pub(crate) mod reading;
pub(crate) mod settings;
pub(crate) mod subscribe;
pub(crate) mod welcome;
