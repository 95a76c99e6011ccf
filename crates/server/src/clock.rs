//! The server's clock. Every rule that depends on today reads it here, so tests can move time
//! (trial ends, free periods, overdue payments, expiry) on a running server.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The system clock plus an offset that only tests change.
#[derive(Debug, Default)]
pub struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Moves the clock forward (or back, with a negative count) by whole days.
    pub fn advance_days(&self, days: i64) {
        self.offset_seconds.fetch_add(days * 86_400, Ordering::Relaxed);
    }
}
