//! Chat platforms: each turns its events into conversation calls and renders replies, and
//! delivers outbox messages through the [`Sender`](crate::delivery::Sender) trait.

pub mod discord;
pub mod telegram;
pub mod terminal;
pub mod webhook;
