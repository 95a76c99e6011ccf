//! Sea-orm entities of the licensing tables; crate-private.

pub(crate) mod license;
pub(crate) mod obligation;
pub(crate) mod offer;
pub(crate) mod payment;
pub(crate) mod reminder;
pub(crate) mod usage_report;
