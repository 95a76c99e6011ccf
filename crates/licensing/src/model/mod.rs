//! Plain licensing types and rules; no IO.

pub mod ids;
pub mod input;
pub mod license;
pub mod money;
pub mod notice;
pub mod obligation;
pub mod offer;
pub mod pricing;
pub mod projection;
pub mod reminder;
pub mod render;
pub mod terms;
