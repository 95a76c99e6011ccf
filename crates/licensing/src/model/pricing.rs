//! Pricing guidance (design §3): a range from comparable offers and licenses on the platform,
//! an income-approach calculator, the legal caps and national reference statistics.

use serde::Serialize;

use super::money::{FIXED_FEE_CAP_FEN, NET_SALES_ROYALTY_CAP_BP, PROFIT_ROYALTY_CAP_BP, scale};

/// Fewer comparables than this and the next, wider level is used.
pub const MIN_COMPARABLES: usize = 3;

/// low / median / high of one kind of figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Range {
    /// 25th percentile.
    pub low: i64,
    pub median: i64,
    /// 75th percentile.
    pub high: i64,
    pub count: u64,
}

/// Nearest-rank percentiles of `values`; `None` when empty.
pub fn range(mut values: Vec<i64>) -> Option<Range> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let at = |percent: usize| values[(values.len() * percent).div_ceil(100).max(1) - 1];
    Some(Range { low: at(25), median: at(50), high: at(75), count: values.len() as u64 })
}

/// Inputs of the income approach, all integers: fen and basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeInputs {
    pub annual_net_sales_fen: i64,
    /// Profit margin on net sales.
    pub profit_margin_bp: u32,
    /// The technology's share of the profit (25% is the common rule of thumb).
    pub technology_share_bp: u32,
    pub years: u32,
    pub discount_rate_bp: u32,
}

/// The income-approach result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncomeApproach {
    pub annual_net_sales_fen: i64,
    pub profit_margin_bp: u32,
    pub technology_share_bp: u32,
    pub years: u32,
    pub discount_rate_bp: u32,
    /// royalty ≈ profit margin × technology share, as a rate on net sales.
    pub royalty_rate_bp: u32,
    pub annual_royalty_fen: i64,
    /// The royalties over `years`, discounted to today: a lump-sum equivalent.
    pub lump_sum_fen: i64,
    /// Whether the results stay within the legal caps.
    pub royalty_within_cap: bool,
    pub lump_sum_within_cap: bool,
}

/// royalty ≈ margin × share; lump sum = Σ annual royalty / (1 + r)^t, in integer arithmetic.
pub fn income_approach(inputs: IncomeInputs) -> IncomeApproach {
    let royalty_rate_bp = (u64::from(inputs.profit_margin_bp) * u64::from(inputs.technology_share_bp) / 10_000) as u32;
    let annual_royalty_fen = scale(inputs.annual_net_sales_fen, i64::from(royalty_rate_bp), 10_000);
    // The discount factor 1 / (1 + r)^t in fixed point (10^18 = 1), rounded down each year.
    const ONE: i128 = 1_000_000_000_000_000_000;
    let mut factor: i128 = ONE;
    let mut lump_sum: i128 = 0;
    for _ in 0..inputs.years {
        factor = factor * 10_000 / (10_000 + i128::from(inputs.discount_rate_bp));
        lump_sum += i128::from(annual_royalty_fen) * factor / ONE;
    }
    let lump_sum_fen = i64::try_from(lump_sum).unwrap_or(i64::MAX);
    IncomeApproach {
        annual_net_sales_fen: inputs.annual_net_sales_fen,
        profit_margin_bp: inputs.profit_margin_bp,
        technology_share_bp: inputs.technology_share_bp,
        years: inputs.years,
        discount_rate_bp: inputs.discount_rate_bp,
        royalty_rate_bp,
        annual_royalty_fen,
        lump_sum_fen,
        royalty_within_cap: royalty_rate_bp <= NET_SALES_ROYALTY_CAP_BP,
        lump_sum_within_cap: lump_sum_fen <= FIXED_FEE_CAP_FEN,
    }
}

/// The legal caps of design §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caps {
    pub fixed_fee_max_fen: i64,
    pub net_sales_royalty_max_bp: u32,
    pub profit_royalty_max_bp: u32,
}

pub const CAPS: Caps = Caps {
    fixed_fee_max_fen: FIXED_FEE_CAP_FEN,
    net_sales_royalty_max_bp: NET_SALES_ROYALTY_CAP_BP,
    profit_royalty_max_bp: PROFIT_ROYALTY_CAP_BP,
};

/// National reference figures for recorded patent licenses in 2022 (CNIPA statistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceStatistics {
    pub year: u32,
    /// Average fixed fee of recorded licenses: RMB 3.21 million.
    pub fixed_fee_average_fen: i64,
    /// Their average term: 3.6 years, in months.
    pub fixed_fee_average_term_months: u32,
    /// Share of contracts with a royalty: 4.3%.
    pub royalty_contracts_share_bp: u32,
    /// Share of free licenses: 37.5%.
    pub free_share_bp: u32,
    pub source: &'static str,
}

pub const REFERENCE_2022: ReferenceStatistics = ReferenceStatistics {
    year: 2022,
    fixed_fee_average_fen: 321_000_000,
    fixed_fee_average_term_months: 43,
    royalty_contracts_share_bp: 430,
    free_share_bp: 3_750,
    source: "国家知识产权局 2022 年专利实施许可合同备案统计",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_takes_nearest_rank_percentiles() {
        assert_eq!(range(vec![]), None);
        assert_eq!(range(vec![7]), Some(Range { low: 7, median: 7, high: 7, count: 1 }));
        assert_eq!(range(vec![40, 10, 30, 20]), Some(Range { low: 10, median: 20, high: 30, count: 4 }));
    }

    #[test]
    fn income_approach_discounts_each_year_exactly() {
        let result = income_approach(IncomeInputs {
            annual_net_sales_fen: 100_000_000,
            profit_margin_bp: 2_000,
            technology_share_bp: 2_500,
            years: 3,
            discount_rate_bp: 1_000,
        });
        assert_eq!(result.royalty_rate_bp, 500);
        assert_eq!(result.annual_royalty_fen, 5_000_000);
        // 5,000,000 × (1/1.1 + 1/1.21 + 1/1.331) = 4,545,454 + 4,132,231 + 3,756,574 (each rounded down)
        assert_eq!(result.lump_sum_fen, 4_545_454 + 4_132_231 + 3_756_574);
        assert!(result.royalty_within_cap && result.lump_sum_within_cap);
    }
}
