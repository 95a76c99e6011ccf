//! Licenses: one-step acceptance, idempotency, concurrency, states, scoping.
