//! The documented value score (0–100) that guides a university's A/B/C grading.
//!
//! | factor | points |
//! |---|---|
//! | patent type | invention 25, utility model 12, design 8 |
//! | remaining term | 30 × remaining share of the statutory term (0 when unknown or expired) |
//! | claims | 2 per numbered claim, at most 20 |
//! | technology breadth | 5 per distinct IPC subclass, at most 15 |
//! | implemented before | 10 when a last-implemented date is recorded |
//!
//! Suggested grade: A from 70, B from 45, else C. The university's own grade, when set, wins.

use chrono::NaiveDate;
use serde::Serialize;

use super::patent::{Grade, Patent, PatentType};

/// One factor's contribution.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValueFactor {
    pub factor: &'static str,
    pub points: u32,
    pub max: u32,
}

/// Score, suggested grade and how the score was reached.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValueScore {
    pub score: u32,
    pub suggested_grade: Grade,
    pub factors: Vec<ValueFactor>,
}

/// Counts numbered claims (`1.`, `2、`, `3．` at the start of a claim).
fn claim_count(claims: &str) -> u32 {
    let mut count = 0;
    let mut expected = 1;
    loop {
        let found = ['.', '、', '．'].iter().any(|sep| claims.contains(&format!("{expected}{sep}")));
        if !found {
            return count;
        }
        count += 1;
        expected += 1;
    }
}

/// Scores the patent as of `today`.
pub fn score(patent: &Patent, today: NaiveDate) -> ValueScore {
    let type_points = match patent.patent_type {
        PatentType::Invention => 25,
        PatentType::UtilityModel => 12,
        PatentType::Design => 8,
    };
    let term_points = match (patent.application_date, patent.expiry_date) {
        (Some(applied), Some(expiry)) if expiry >= today => {
            let total = (expiry - applied).num_days().max(1);
            let left = (expiry - today).num_days();
            u32::try_from(30 * left / total).unwrap_or(0)
        }
        _ => 0,
    };
    let claim_points = patent.claims.as_deref().map(claim_count).unwrap_or(0).saturating_mul(2).min(20);
    let mut subclasses: Vec<&str> = patent.ipc_codes.iter().map(|code| code.subclass()).collect();
    subclasses.sort_unstable();
    subclasses.dedup();
    let breadth_points = u32::try_from(subclasses.len() * 5).unwrap_or(15).min(15);
    let implemented_points = if patent.last_implemented_on.is_some() { 10 } else { 0 };

    let factors = vec![
        ValueFactor { factor: "patent_type", points: type_points, max: 25 },
        ValueFactor { factor: "remaining_term", points: term_points, max: 30 },
        ValueFactor { factor: "claims", points: claim_points, max: 20 },
        ValueFactor { factor: "technology_breadth", points: breadth_points, max: 15 },
        ValueFactor { factor: "implemented", points: implemented_points, max: 10 },
    ];
    let score: u32 = factors.iter().map(|factor| factor.points).sum();
    let suggested_grade = match score {
        70.. => Grade::A,
        45..=69 => Grade::B,
        _ => Grade::C,
    };
    ValueScore { score, suggested_grade, factors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_counted_by_their_numbers() {
        assert_eq!(claim_count("1.一种装置，其特征在于… 2.根据权利要求1所述… 3．根据权利要求2所述"), 3);
        assert_eq!(claim_count("1、一种方法"), 1);
        assert_eq!(claim_count(""), 0);
    }
}
