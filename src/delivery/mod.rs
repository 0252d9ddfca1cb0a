//! Delivery: the scheduler turns due subscriptions into outbox messages, and workers send them
//! through a platform's [`Sender`] at the pace the platforms allow, across crashes.
//!
//! - [`schedule_time`]: when a daily or weekly digest is due, in Europe/Amsterdam time;
//! - [`scheduler`]: one tick enqueues urgent messages and due digests, split by [`split`] and
//!   narrowed by a subscription's [`filters`];
//! - [`pacing`]: the project's own send limits per platform and per chat;
//! - [`worker`]: claims outbox messages, sends them and records the outcome, after
//!   [`ceiling`] checked them against the chat's TLP ceiling;
//! - [`metrics`]: counters of sends, retries, failures and waits per platform.

pub mod ceiling;
mod error;
pub mod metrics;
mod outcome;
pub mod pacing;
pub mod payload;
mod plan;
pub mod schedule_time;
pub mod scheduler;
pub mod sender;
pub mod split;
#[cfg(test)]
pub(crate) mod test_data;
mod urgent;
pub mod worker;

pub use ceiling::{ceiling_violation, staff_chat_violation, CEILING_REJECTION, STAFF_CHAT_MESSAGE_CEILING};
pub use error::DeliveryError;
pub use crate::digest::filters::{FilterError, Filters};
pub use metrics::{DeliveryEvent, DeliveryMetrics, PlatformCounts};
pub use outcome::{retry_delay, RetryPolicy};
pub use pacing::{Pacer, PacingConfig, PacingError, PlatformLimits, Rate};
pub use payload::Payload;
pub use plan::{digest_key, due_window};
pub use schedule_time::Schedule;
pub use scheduler::{ScheduleReport, Scheduler, SchedulerConfig};
pub use sender::{PermanentKind, SendOutcome, Sender};
pub use split::{html_escaped_chars, split_digest, split_digest_measured, MessageSizes};
pub use worker::{BatchReport, Clock, Worker, WorkerConfig};
