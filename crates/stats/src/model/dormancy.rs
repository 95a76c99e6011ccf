//! Dormant state-funded patents (district rule, design §2): granted more than 3 years ago and
//! never implemented or licensed → to be listed or open-licensed; more than 5 years → the
//! platform may license them to others.

use catalog::model::ids::{OrganizationId, PatentId};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The clock's dates the lists are cut at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DormancyClock {
    pub as_of: NaiveDate,
    /// Granted before this day: more than 3 years ago.
    pub listing_cutoff: NaiveDate,
    /// Granted before this day: more than 5 years ago.
    pub licensing_cutoff: NaiveDate,
}

impl DormancyClock {
    pub fn at(today: NaiveDate) -> Self {
        let years_ago = |years: u32| today.checked_sub_months(Months::new(12 * years)).unwrap_or(today);
        Self { as_of: today, listing_cutoff: years_ago(3), licensing_cutoff: years_ago(5) }
    }

    pub fn stage(&self, grant_date: NaiveDate) -> DormancyStage {
        if grant_date < self.licensing_cutoff { DormancyStage::LicensableToOthers } else { DormancyStage::ToList }
    }
}

/// How far a dormant patent has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DormancyStage {
    /// 3–5 years: to be listed or open-licensed.
    ToList,
    /// Over 5 years: may be licensed to others.
    LicensableToOthers,
}

impl DormancyStage {
    pub fn code(self) -> &'static str {
        match self {
            Self::ToList => "to_list",
            Self::LicensableToOthers => "licensable_to_others",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ToList => "应挂牌或开放许可",
            Self::LicensableToOthers => "可许可他人实施",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::ToList, Self::LicensableToOthers].into_iter().find(|stage| stage.code() == raw)
    }
}

/// One university's dormant patents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DormancyByUniversity {
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub to_list: i64,
    pub licensable_to_others: i64,
    /// Of the dormant patents, those with an offer in force now.
    pub open_licensed: i64,
}

/// One dormant patent and its clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DormantPatent {
    pub patent_id: PatentId,
    pub publication_number: String,
    pub title: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub grant_date: NaiveDate,
    /// Grant date + 3 years: from the day after, the patent is to be listed.
    pub listing_due_on: NaiveDate,
    /// Grant date + 5 years: from the day after, it may be licensed to others.
    pub licensable_from: NaiveDate,
    pub stage: DormancyStage,
    pub open_offer: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DormancyReport {
    pub clock: DormancyClock,
    pub to_list: i64,
    pub licensable_to_others: i64,
    pub by_university: Vec<DormancyByUniversity>,
    /// One page of the dormant patents, longest dormant first.
    pub patents: catalog::model::page::Page<DormantPatent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cutoffs_are_three_and_five_years_back() {
        let clock = DormancyClock::at(day("2026-11-23"));
        assert_eq!(clock.listing_cutoff, day("2023-11-23"));
        assert_eq!(clock.licensing_cutoff, day("2021-11-23"));
        assert_eq!(clock.stage(day("2021-11-22")), DormancyStage::LicensableToOthers);
        assert_eq!(clock.stage(day("2021-11-23")), DormancyStage::ToList);
    }
}
