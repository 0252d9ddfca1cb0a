//! Delivery: the scheduler turns due subscriptions into outbox messages, and workers send them
//! through a platform's [`Sender`] at the pace the platforms allow, across crashes.

pub mod filters;
pub mod pacing;
pub mod payload;
pub mod schedule_time;
pub mod scheduler;
pub mod sender;
pub mod split;
#[cfg(test)]
mod test_data;
pub mod worker;

pub use filters::{FilterError, Filters};
pub use payload::Payload;
pub use schedule_time::Schedule;
pub use sender::{PermanentKind, SendOutcome, Sender};
pub use split::{split_digest, MessageSizes};
