//! What a licensee would pay per year over the term, for an expected annual net sales or profit.

use chrono::NaiveDate;
use serde::Serialize;

use super::money::scale;
use super::obligation::{LicenseDates, PeriodReport, derive, royalty_periods};
use super::terms::{OfferTerms, RoyaltyBase, add_months};

/// One license year of a projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearCost {
    /// 1 for the first year after acceptance.
    pub year: u32,
    pub starts_on: NaiveDate,
    pub cost_fen: i64,
}

/// A cost projection over the whole term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostProjection {
    pub annual_net_sales_fen: i64,
    pub annual_profit_fen: i64,
    pub years: Vec<YearCost>,
    pub total_fen: i64,
}

/// Projects the cost of a license accepted on `start` (trial confirmed, every period reported
/// with the expected annual figure spread evenly over the year).
pub fn project(
    terms: &OfferTerms,
    start: NaiveDate,
    patent_expiry: Option<NaiveDate>,
    annual_net_sales_fen: i64,
    annual_profit_fen: i64,
) -> CostProjection {
    let dates = LicenseDates::new(terms, start, patent_expiry);
    let annual = match terms.fee.royalty().map(|royalty| royalty.base) {
        Some(RoyaltyBase::Profit) => annual_profit_fen,
        _ => annual_net_sales_fen,
    };
    let reports: Vec<PeriodReport> = royalty_periods(terms, &dates)
        .into_iter()
        .map(|period| PeriodReport {
            period_index: period.index,
            amount_fen: scale(annual, (period.ends_before - period.starts_on).num_days(), 365),
        })
        .collect();
    let obligations = derive(terms, &dates, &reports, NaiveDate::MAX);
    let mut years = Vec::new();
    let mut year = 0u32;
    loop {
        let starts_on = add_months(start, year * 12);
        if starts_on > dates.ends_on {
            break;
        }
        let ends_before = add_months(start, (year + 1) * 12);
        let cost_fen = obligations
            .iter()
            .filter(|obligation| obligation.accrues_from >= starts_on && obligation.accrues_from < ends_before)
            .map(|obligation| obligation.amount_fen)
            .sum();
        year += 1;
        years.push(YearCost { year, starts_on, cost_fen });
    }
    let total_fen = obligations.iter().map(|obligation| obligation.amount_fen).sum();
    CostProjection { annual_net_sales_fen, annual_profit_fen, years, total_fen }
}

/// What a licensee pays in the first year whatever its sales: fixed amounts and minimums.
pub fn first_year_fixed_cost(terms: &OfferTerms, start: NaiveDate) -> i64 {
    project(terms, start, None, 0, 0).years.first().map(|year| year.cost_fen).unwrap_or(0)
}
