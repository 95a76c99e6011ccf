//! Licensing money: obligations, reports, payments, time, recordation, pricing guidance.
