//! licensing
