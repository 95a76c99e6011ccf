//! # matching
//!
//! Will own SME technical demands, the matching engine (retrieval through `search`, then a
//! transparent re-rank whose reasons add up to the score), the reverse direction, notifications
//! and structured feedback (design §5). Empty until the matching issue lands.
//!
//! Invariants (to hold from the first line of code):
//! - every ranked result carries its reasons, and the feature contributions sum to its score;
//! - a demand is visible and editable only by its organization;
//! - depends on `search`, `licensing` and `catalog` only, through their public functions.
