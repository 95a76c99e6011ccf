//! Licensing operations.

pub mod costs;
pub mod jobs;
mod ledger;
pub mod licenses;
pub mod money;
pub mod offers;
pub mod pricing;
pub mod recordation;
pub mod reminders;
mod support;
