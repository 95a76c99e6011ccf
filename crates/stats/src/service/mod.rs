//! The stats crate's public operations.

pub mod activity;
pub mod audit;
pub mod dormancy;
pub mod export;
pub mod feedback;
pub mod follow_ups;
pub mod funnel;
mod kpi_figures;
pub mod kpis;
mod labels;
