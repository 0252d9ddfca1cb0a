//! Delivery: the scheduler turns due subscriptions into outbox messages, and workers send them
//! through a platform's [`Sender`] at the pace the platforms allow, across crashes.

pub mod pacing;
pub mod payload;
pub mod scheduler;
pub mod sender;
pub mod worker;

pub use payload::Payload;
pub use sender::{PermanentKind, SendOutcome, Sender};
