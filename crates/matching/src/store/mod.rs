//! Sea-orm entities of the matching tables; crate-private.

pub(crate) mod demand;
pub(crate) mod feedback;
pub(crate) mod notification;
