//! Policy KPIs: the figures of one group over a period, and the policy targets they are held to.

use std::collections::BTreeMap;

use serde::Serialize;

use super::period::Period;

/// The district programme's targets (from config): at least 100 open-licensed patents, 10% of
/// them licensed, license counts growing 10% a year, 100 SMEs served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyTargets {
    pub open_licensed: i64,
    pub conversion_bp: i64,
    pub growth_bp: i64,
    pub smes_served: i64,
}

impl Default for PolicyTargets {
    fn default() -> Self {
        Self { open_licensed: 100, conversion_bp: 1_000, growth_bp: 1_000, smes_served: 100 }
    }
}

/// The figures of one group (or of everything) over a period.
///
/// Stocks are counted at the period's end, flows within the period. A license counts from the
/// day it was accepted, including one whose trial the licensee later exited: under Art. 51 the
/// license exists from acceptance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiFigures {
    /// Patents with an offer in force (published, not withdrawn or superseded) at the period's end.
    pub open_licensed_at_end: i64,
    /// Patents on which an offer version was published within the period.
    pub open_licensed_published: i64,
    /// Patents ever open-licensed by the period's end: the conversion base.
    pub open_licensed_total: i64,
    /// Of those, patents licensed at least once by the period's end.
    pub converted_patents: i64,
    /// converted / open-licensed total, in basis points (truncated); null with no base.
    pub conversion_rate_bp: Option<i64>,
    /// Licenses accepted within the period.
    pub licenses: i64,
    /// Those licenses by their current state (trial, active, exited, terminated, expired).
    pub licenses_by_state: BTreeMap<String, i64>,
    /// Those licenses by fee model.
    pub licenses_by_fee_model: BTreeMap<String, i64>,
    /// Distinct licensee enterprises of those licenses.
    pub smes_served: i64,
    /// Obligations falling due within the period, in fen.
    pub contracted_fen: i64,
    /// Payments made within the period, in fen.
    pub paid_fen: i64,
    /// Licenses accepted in the same days one year earlier.
    pub licenses_previous_year: i64,
    /// (licenses − previous) / previous, in basis points (truncated); null with a zero base.
    pub license_growth_bp: Option<i64>,
}

impl KpiFigures {
    /// Adds another group's counts and amounts (not its ratios, which are recomputed).
    pub fn add(&mut self, other: &KpiFigures) {
        self.open_licensed_at_end += other.open_licensed_at_end;
        self.open_licensed_published += other.open_licensed_published;
        self.open_licensed_total += other.open_licensed_total;
        self.converted_patents += other.converted_patents;
        self.licenses += other.licenses;
        for (state, count) in &other.licenses_by_state {
            *self.licenses_by_state.entry(state.clone()).or_default() += count;
        }
        for (model, count) in &other.licenses_by_fee_model {
            *self.licenses_by_fee_model.entry(model.clone()).or_default() += count;
        }
        self.smes_served += other.smes_served;
        self.contracted_fen += other.contracted_fen;
        self.paid_fen += other.paid_fen;
        self.licenses_previous_year += other.licenses_previous_year;
    }

    /// Fills the two ratios from the counts.
    pub fn with_ratios(mut self) -> Self {
        self.conversion_rate_bp = ratio_bp(self.converted_patents, self.open_licensed_total);
        self.license_growth_bp = ratio_bp(self.licenses - self.licenses_previous_year, self.licenses_previous_year);
        self
    }

    /// Each target, what was reached and whether it was met.
    pub fn checks(&self, targets: &PolicyTargets) -> Vec<TargetCheck> {
        // Growth from a zero base: any license at all is growth, none is not.
        let growth_met = match self.license_growth_bp {
            Some(growth) => growth >= targets.growth_bp,
            None => self.licenses > 0,
        };
        vec![
            TargetCheck::new("open_licensed", "开放许可专利数", targets.open_licensed, Some(self.open_licensed_at_end)),
            TargetCheck::new(
                "conversion_rate_bp",
                "开放许可实施率（基点）",
                targets.conversion_bp,
                self.conversion_rate_bp,
            ),
            TargetCheck {
                met: growth_met,
                ..TargetCheck::new(
                    "license_growth_bp",
                    "许可数量同比增长（基点）",
                    targets.growth_bp,
                    self.license_growth_bp,
                )
            },
            TargetCheck::new("smes_served", "服务中小企业数", targets.smes_served, Some(self.smes_served)),
        ]
    }
}

/// `numerator / denominator` in basis points, truncated toward zero; `None` when the base is 0.
pub fn ratio_bp(numerator: i64, denominator: i64) -> Option<i64> {
    (denominator != 0).then(|| numerator * 10_000 / denominator)
}

/// One policy target and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetCheck {
    pub kpi: &'static str,
    pub label: &'static str,
    pub target: i64,
    pub actual: Option<i64>,
    pub met: bool,
}

impl TargetCheck {
    fn new(kpi: &'static str, label: &'static str, target: i64, actual: Option<i64>) -> Self {
        Self { kpi, label, target, actual, met: actual.is_some_and(|actual| actual >= target) }
    }
}

/// One row of a KPI report: a group (or the whole scope) and its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiRow {
    /// The group's key (university id, region code, IPC, industry code, `2025-03`, `2025-Q1`,
    /// `2025`); null for the total.
    pub key: Option<String>,
    /// The group's Chinese name; `合计` for the total.
    pub label: String,
    pub period: Period,
    #[serde(flatten)]
    pub figures: KpiFigures,
    pub targets: Vec<TargetCheck>,
}

/// A KPI report: the total over the scope and, when grouped, one row per group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiReport {
    pub period: Period,
    pub group_by: Option<&'static str>,
    pub policy_targets: PolicyTargets,
    pub total: KpiRow,
    pub groups: Vec<KpiRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_truncated_basis_points() {
        assert_eq!(ratio_bp(1, 3), Some(3_333));
        assert_eq!(ratio_bp(-1, 3), Some(-3_333));
        assert_eq!(ratio_bp(5, 0), None);
    }

    #[test]
    fn growth_from_a_zero_base_is_met_by_any_license() {
        let targets = PolicyTargets::default();
        let grown = KpiFigures { licenses: 2, ..KpiFigures::default() }.with_ratios();
        assert_eq!(grown.license_growth_bp, None);
        assert!(grown.checks(&targets)[2].met);
        let idle = KpiFigures::default().with_ratios();
        assert!(!idle.checks(&targets)[2].met);
    }

    #[test]
    fn targets_compare_at_least() {
        let figures = KpiFigures {
            open_licensed_at_end: 100,
            open_licensed_total: 100,
            converted_patents: 9,
            licenses: 11,
            licenses_previous_year: 10,
            smes_served: 100,
            ..KpiFigures::default()
        }
        .with_ratios();
        let met: Vec<bool> = figures.checks(&PolicyTargets::default()).iter().map(|check| check.met).collect();
        assert_eq!(met, [true, false, true, true]);
    }
}
