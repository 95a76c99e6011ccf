//! SQL over the platform's tables (read-only) and the activity-event entity; crate-private.

pub(crate) mod activity_event;
pub(crate) mod facts;
pub(crate) mod sql;
