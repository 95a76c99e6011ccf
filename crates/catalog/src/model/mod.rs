//! Plain catalog types and their invariants; no IO.

pub mod actor;
pub mod eligibility;
pub mod event;
pub mod field_error;
pub mod ids;
pub mod input;
pub mod ipc;
pub mod number;
pub mod organization;
pub mod page;
pub mod patent;
pub mod reference;
pub mod value;
