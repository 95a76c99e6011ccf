//! Plain stats types and their rules; no IO.

pub mod audit;
pub mod csv;
pub mod dormancy;
pub mod follow_ups;
pub mod funnel;
pub mod kpis;
pub mod period;
pub mod scope;
