//! End-to-end tests: the real server over HTTP, on SQLite (default) or PostgreSQL
//! (`KAIXU_TEST_DATABASE=postgres`). One module per feature.

mod accounts;
mod eligibility;
mod import;
mod licenses;
mod matching;
mod money;
mod offers;
mod patents;
mod search;
mod server;
mod stats;
mod support;
