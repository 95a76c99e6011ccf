//! # server
//!
//! The HTTP API (actix-web) and the `kaixu` command line. Owns the wire: routes, the bearer-token
//! extractor, problem+json errors, configuration, OpenAPI, metrics and logs.
//!
//! Entry points: [`startup::Application::build`] (used by `main` and by the tests),
//! [`config::Settings::load`].
//!
//! Invariants:
//! - every error leaves as RFC 9457 `application/problem+json` with a stable code from
//!   [`error::ErrorCode`]; domain errors map exhaustively; 5xx bodies never carry causes;
//! - handlers hold no SQL: they extract, call a domain service with the caller, and map;
//! - the OpenAPI document is collected from the same registrations that serve requests;
//! - outside development the server refuses the default JWT secret.

pub mod activity;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod matching_context;
pub mod metrics;
pub mod offer_source;
pub mod pagination;
mod rejections;
pub mod routes;
pub mod startup;
pub mod telemetry;
