//! A clock for delivery workers that the test moves by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    /// Starts the clock at `start`, an RFC 3339 time.
    pub fn new(start: &str) -> Self {
        let start = DateTime::parse_from_rfc3339(start).expect("valid RFC 3339 time").to_utc();
        Self(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        *self.0.lock().unwrap() += by;
    }

    /// Returns the clock in the form `Worker::with_clock` takes.
    pub fn clock(&self) -> ketenwacht::delivery::Clock {
        let time = Arc::clone(&self.0);
        Arc::new(move || *time.lock().unwrap())
    }
}
