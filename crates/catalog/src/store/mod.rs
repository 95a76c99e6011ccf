//! Sea-orm entities of the catalog's tables; crate-private.

pub(crate) mod audit_entry;
pub(crate) mod convert;
pub(crate) mod organization;
pub(crate) mod patent;
pub(crate) mod patent_change;
pub(crate) mod patent_event;
