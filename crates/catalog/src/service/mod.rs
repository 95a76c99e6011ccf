//! The catalog's public operations.

pub mod audit;
pub mod events;
pub mod feed;
pub mod import;
pub mod organizations;
pub mod patents;
