//! Matching settings, from the server's `[matching]` configuration.

use serde::Deserialize;

use super::score::Weights;

/// How matching retrieves, ranks and pushes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingSettings {
    /// Key terms taken from a demand or patent text.
    pub key_terms: usize,
    /// Candidates retrieved by BM25 before the re-rank; the deepest result a page can reach.
    pub candidates: usize,
    /// A match scoring at least this (hundredths of a point) is pushed as a notification.
    pub push_threshold: i64,
    /// Patents considered when a new demand is pushed to universities.
    pub push_limit: usize,
    pub weights: Weights,
}

impl Default for MatchingSettings {
    fn default() -> Self {
        Self { key_terms: 10, candidates: 40, push_threshold: 4000, push_limit: 10, weights: Weights::default() }
    }
}

impl MatchingSettings {
    /// Problems that make the settings unusable, for the server's start-up check.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.weights.total() == 0 {
            problems.push("matching.weights: at least one weight must be positive".to_string());
        }
        if !(1..=1000).contains(&self.candidates) {
            problems.push("matching.candidates must be between 1 and 1000".to_string());
        }
        if !(1..=64).contains(&self.key_terms) {
            problems.push("matching.key_terms must be between 1 and 64".to_string());
        }
        if self.push_threshold < 0 {
            problems.push("matching.push_threshold must not be negative".to_string());
        }
        problems
    }
}
