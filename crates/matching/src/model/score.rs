//! The transparent re-rank: documented features, each a value in [0, 1] times a configured
//! weight. A result's score is the sum of its features' contributions, in hundredths of a point,
//! so the reasons a result shows add up to its score exactly.

use std::collections::BTreeSet;

use catalog::model::ipc::IpcCode;
use catalog::model::reference::IndustryCode;
use chrono::NaiveDate;
use search::keywords::KeyTerm;
use serde::{Deserialize, Serialize};

use super::demand::{Demand, Preference};
use super::facts::PatentFacts;

/// One feature of the re-rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// BM25 of the demand's key terms, relative to the best candidate.
    Text,
    /// The patent's IPC codes against the demand's IPC hints.
    Ipc,
    /// The university's declared industries against the demand's industry.
    Industry,
    /// Same county, prefecture or province.
    Region,
    /// An open-license offer in force: a license in one step.
    Offer,
    /// The offer's fixed cost and royalty rate against the budget.
    Budget,
    /// 限期免费 when the demand wants it.
    FreePeriod,
    /// 先用后付 when the demand wants it.
    Trial,
    /// The university's grade A/B/C.
    Grade,
    /// Years of protection left (10 or more count fully).
    RemainingTerm,
    /// The demand's own feedback: marked relevant, or similar to a patent marked relevant.
    Feedback,
}

impl Feature {
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "文本相关度",
            Self::Ipc => "IPC 分类契合",
            Self::Industry => "行业契合",
            Self::Region => "地域相近",
            Self::Offer => "开放许可生效",
            Self::Budget => "费用在预算内",
            Self::FreePeriod => "限期免费",
            Self::Trial => "先用后付",
            Self::Grade => "专利分级",
            Self::RemainingTerm => "剩余保护期",
            Self::Feedback => "企业反馈",
        }
    }
}

/// Feature weights, in points; configured under `[matching.weights]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub text: u32,
    pub ipc: u32,
    pub industry: u32,
    pub region: u32,
    pub offer: u32,
    pub budget: u32,
    pub free_period: u32,
    pub trial: u32,
    pub grade: u32,
    pub remaining_term: u32,
    pub feedback: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            text: 35,
            ipc: 12,
            industry: 5,
            region: 5,
            offer: 10,
            budget: 8,
            free_period: 4,
            trial: 3,
            grade: 5,
            remaining_term: 3,
            feedback: 10,
        }
    }
}

impl Weights {
    pub fn of(&self, feature: Feature) -> u32 {
        match feature {
            Feature::Text => self.text,
            Feature::Ipc => self.ipc,
            Feature::Industry => self.industry,
            Feature::Region => self.region,
            Feature::Offer => self.offer,
            Feature::Budget => self.budget,
            Feature::FreePeriod => self.free_period,
            Feature::Trial => self.trial,
            Feature::Grade => self.grade,
            Feature::RemainingTerm => self.remaining_term,
            Feature::Feedback => self.feedback,
        }
    }

    pub fn total(&self) -> u32 {
        ALL_FEATURES.iter().map(|feature| self.of(*feature)).sum()
    }
}

pub const ALL_FEATURES: [Feature; 11] = [
    Feature::Text,
    Feature::Ipc,
    Feature::Industry,
    Feature::Region,
    Feature::Offer,
    Feature::Budget,
    Feature::FreePeriod,
    Feature::Trial,
    Feature::Grade,
    Feature::RemainingTerm,
    Feature::Feedback,
];

/// One feature's measured value and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub feature: Feature,
    /// In [0, 1].
    pub value: f64,
    /// Chinese explanation for the user.
    pub detail: String,
}

/// One line of a result's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub feature: Feature,
    pub label: &'static str,
    /// The feature's value in [0, 1], rounded to 3 decimals for display.
    pub value: f64,
    pub weight: u32,
    /// round(weight × value × 100): hundredths of a point; the contributions sum to the score.
    pub contribution: i64,
    pub detail: String,
}

/// Contribution of `value` under `weight`, in hundredths of a point.
pub fn contribution(weight: u32, value: f64) -> i64 {
    (f64::from(weight) * value.clamp(0.0, 1.0) * 100.0).round() as i64
}

/// Scores the signals: the sum of contributions, and one reason per signal, largest first.
pub fn score(signals: Vec<Signal>, weights: &Weights) -> (i64, Vec<Reason>) {
    let mut reasons: Vec<Reason> = signals
        .into_iter()
        .map(|signal| {
            let weight = weights.of(signal.feature);
            Reason {
                feature: signal.feature,
                label: signal.feature.label(),
                value: (signal.value.clamp(0.0, 1.0) * 1000.0).round() / 1000.0,
                weight,
                contribution: contribution(weight, signal.value),
                detail: signal.detail,
            }
        })
        .collect();
    reasons.sort_by_key(|reason| std::cmp::Reverse(reason.contribution));
    (reasons.iter().map(|reason| reason.contribution).sum(), reasons)
}

/// What the demand's feedback says about one patent.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackSignal {
    None,
    /// The enterprise marked this patent relevant.
    MarkedRelevant,
    /// The closest patent the enterprise marked relevant, and the similarity in [0, 1].
    Similar {
        title: String,
        similarity: f64,
    },
}

/// Whether the demand's hard conditions admit the patent: a budget or a required feature only
/// excludes a patent whose offer is in force and fails it (an unknown cost excludes nothing).
pub fn admissible(demand: &Demand, patent: &PatentFacts) -> bool {
    let Some(offer) = patent.offer_in_force() else { return true };
    let budget = &demand.budget;
    let preferences = &demand.preferences;
    let within_total = budget.max_total_cost_fen.is_none_or(|max| offer.fixed_cost_fen <= max);
    let within_rate = budget.max_royalty_bp.is_none_or(|max| offer.royalty_bp <= max);
    let free_ok = preferences.free_period != Preference::Required || offer.free_months > 0;
    let trial_ok = preferences.trial != Preference::Required || offer.trial_months > 0;
    let model_ok = preferences.fee_models.is_empty() || preferences.fee_models.contains(&offer.fee_model);
    within_total && within_rate && free_ok && trial_ok && model_ok
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02} 元", fen / 100, fen % 100)
}

fn ipc_signal(demand: &Demand, patent: &PatentFacts) -> Signal {
    let mut best = (0.0, String::from("需求未给出 IPC 提示"));
    if !demand.ipc_hints.is_empty() {
        best.1 = format!("IPC {} 与提示 {} 不同类", patent.ipc_codes.join("、"), demand.ipc_hints.join("、"));
    }
    for hint in &demand.ipc_hints {
        for code in &patent.ipc_codes {
            // A group hint is a main group (`H01M 50/00`): a code of any subgroup falls under it.
            let in_group = hint.contains('/') && main_group(code).is_some_and(|group| group == *hint);
            let (value, detail) = if in_group || code.starts_with(hint.as_str()) {
                (1.0, format!("IPC {code} 属于提示 {hint}"))
            } else if hint.len() >= 4 && code.get(..4) == hint.get(..4) {
                (0.7, format!("IPC {code} 与提示 {hint} 同小类"))
            } else if hint.len() >= 3 && code.get(..3) == hint.get(..3) {
                (0.5, format!("IPC {code} 与提示 {hint} 同大类"))
            } else if code.get(..1) == hint.get(..1) {
                (0.2, format!("IPC {code} 与提示 {hint} 同部"))
            } else {
                continue;
            };
            if value > best.0 {
                best = (value, detail);
            }
        }
    }
    Signal { feature: Feature::Ipc, value: best.0, detail: best.1 }
}

fn main_group(code: &str) -> Option<String> {
    IpcCode::parse(code).ok()?.main_group()
}

fn industry_signal(demand: &Demand, patent: &PatentFacts) -> Signal {
    let Some(wanted) = demand.industry_code.as_deref().and_then(|code| IndustryCode::parse(code).ok()) else {
        return Signal { feature: Feature::Industry, value: 0.0, detail: "需求未指定行业".into() };
    };
    let declared: Vec<IndustryCode> =
        patent.industry_codes.iter().filter_map(|code| IndustryCode::parse(code).ok()).collect();
    let (value, detail) = if declared.iter().any(|code| code.contains_or_within(&wanted)) {
        (1.0, format!("专利权人所属行业涵盖 {}（{}）", wanted.as_str(), wanted.name()))
    } else if declared.iter().any(|code| code.section() == wanted.section()) {
        (0.5, format!("专利权人与需求同属{}门类", wanted.section()))
    } else {
        (0.0, format!("专利权人所属行业不含 {}（{}）", wanted.as_str(), wanted.name()))
    };
    Signal { feature: Feature::Industry, value, detail }
}

fn region_signal(demand: &Demand, patent: &PatentFacts) -> Signal {
    let (ours, theirs) = (demand.region_code.as_str(), patent.region_code.as_str());
    let (value, detail) = if ours == theirs {
        (1.0, format!("同在{}", patent.region_name))
    } else if ours.get(..4) == theirs.get(..4) && !ours.ends_with("0000") {
        (0.8, format!("同一地市（{}）", patent.region_name))
    } else if ours.get(..2) == theirs.get(..2) {
        (0.6, format!("同一省份（{}）", patent.region_name))
    } else {
        (0.0, format!("异地（{}）", patent.region_name))
    };
    Signal { feature: Feature::Region, value, detail }
}

fn budget_signal(demand: &Demand, patent: &PatentFacts) -> Signal {
    let Some(offer) = patent.offer_in_force() else {
        return Signal {
            feature: Feature::Budget, value: 0.0, detail: "无生效的开放许可，费用未知".into()
        };
    };
    let budget = &demand.budget;
    let mut value: f64 = 1.0;
    let mut details = Vec::new();
    if let Some(max) = budget.max_total_cost_fen {
        let share = if max == 0 { 1.0 } else { offer.fixed_cost_fen as f64 / max as f64 };
        let share = if offer.fixed_cost_fen == 0 { 0.0 } else { share };
        value = value.min(1.0 - 0.5 * share);
        details.push(format!("前 {} 年固定费用 {}，预算 {}", budget.years, yuan(offer.fixed_cost_fen), yuan(max)));
    }
    if let Some(max) = budget.max_royalty_bp {
        let share = if max == 0 { 1.0 } else { f64::from(offer.royalty_bp) / f64::from(max) };
        let share = if offer.royalty_bp == 0 { 0.0 } else { share };
        value = value.min(1.0 - 0.5 * share);
        details.push(format!("提成 {} 基点，上限 {} 基点", offer.royalty_bp, max));
    }
    if details.is_empty() {
        // No budget: nothing to be within; the offer itself already counts under `offer`.
        value = 0.0;
        details.push(format!("需求未设预算；前 {} 年固定费用 {}", budget.years, yuan(offer.fixed_cost_fen)));
    }
    Signal { feature: Feature::Budget, value, detail: details.join("；") }
}

fn preference_signal(feature: Feature, preference: Preference, months: Option<u32>) -> Signal {
    let value = match (preference.wanted(), months) {
        (true, Some(months)) if months > 0 => 1.0,
        _ => 0.0,
    };
    let detail = match (preference, months) {
        (Preference::Any, _) => "需求未要求".to_string(),
        (_, Some(months)) if months > 0 => format!("提供 {months} 个月"),
        _ => "未提供".to_string(),
    };
    Signal { feature, value, detail }
}

fn grade_signal(patent: &PatentFacts) -> Signal {
    let (value, detail) = match patent.grade.as_deref() {
        Some("A") => (1.0, "A 级"),
        Some("B") => (0.6, "B 级"),
        Some("C") => (0.3, "C 级"),
        _ => (0.0, "未分级"),
    };
    Signal { feature: Feature::Grade, value, detail: detail.into() }
}

fn term_signal(patent: &PatentFacts, today: NaiveDate) -> Signal {
    let Some(expiry) = patent.expiry_date else {
        return Signal { feature: Feature::RemainingTerm, value: 0.0, detail: "到期日未知".into() };
    };
    let days = (expiry - today).num_days().max(0);
    Signal {
        feature: Feature::RemainingTerm,
        value: (days as f64 / 3650.0).min(1.0),
        detail: format!("剩余约 {:.1} 年（{expiry} 到期）", days as f64 / 365.0),
    }
}

fn feedback_signal(feedback: &FeedbackSignal) -> Signal {
    let (value, detail) = match feedback {
        FeedbackSignal::None => (0.0, "暂无相关反馈".to_string()),
        FeedbackSignal::MarkedRelevant => (1.0, "企业已标记为相关".to_string()),
        FeedbackSignal::Similar { title, similarity } => (*similarity, format!("与企业标记相关的“{title}”相似")),
    };
    Signal { feature: Feature::Feedback, value, detail }
}

/// Every feature's signal for one demand–patent pair; `text` is already relative to the best
/// candidate, in [0, 1].
pub fn signals(
    demand: &Demand,
    patent: &PatentFacts,
    text: f64,
    matched_terms: &[String],
    feedback: &FeedbackSignal,
    today: NaiveDate,
) -> Vec<Signal> {
    let offer = patent.offer_in_force();
    let text_detail = if matched_terms.is_empty() {
        "关键词见于权利要求或拆分词".to_string()
    } else {
        format!("命中关键词：{}", matched_terms.join("、"))
    };
    vec![
        Signal { feature: Feature::Text, value: text, detail: text_detail },
        ipc_signal(demand, patent),
        industry_signal(demand, patent),
        region_signal(demand, patent),
        Signal {
            feature: Feature::Offer,
            value: if offer.is_some() { 1.0 } else { 0.0 },
            detail: match offer {
                Some(offer) => format!("开放许可生效（{}）", offer.fee_model_label),
                None => "暂无生效的开放许可".into(),
            },
        },
        budget_signal(demand, patent),
        preference_signal(Feature::FreePeriod, demand.preferences.free_period, offer.map(|offer| offer.free_months)),
        preference_signal(Feature::Trial, demand.preferences.trial, offer.map(|offer| offer.trial_months)),
        grade_signal(patent),
        term_signal(patent, today),
        feedback_signal(feedback),
    ]
}

/// The weighted share of `terms` found in a text (`matched` lists them), in [0, 1].
pub fn coverage(terms: &[KeyTerm], matched: &[String]) -> f64 {
    let total: f64 = terms.iter().map(|term| term.weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let found: f64 = terms.iter().filter(|term| matched.contains(&term.term)).map(|term| term.weight).sum();
    found / total
}

/// Text relevance in [0, 1]: half the BM25 score relative to the best candidate's, half the
/// key-term coverage. BM25 over a disjunction rewards a few terms repeated; coverage rewards
/// having all of them, as the search box's every-word rule does.
pub fn text_relevance(score: f32, best: f32, coverage: f64) -> f64 {
    let relative = if best > 0.0 { (f64::from(score) / f64::from(best)).min(1.0) } else { 0.0 };
    0.5 * relative + 0.5 * coverage.clamp(0.0, 1.0)
}

/// Jaccard similarity of two word sets.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::model::demand::{Budget, DemandStatus, Preferences};
    use crate::model::facts::OfferFacts;
    use crate::model::ids::DemandId;

    fn demand() -> Demand {
        Demand {
            id: DemandId(uuid::Uuid::nil()),
            organization_id: catalog::model::ids::OrganizationId(uuid::Uuid::nil()),
            organization_name: "深圳市安锂科技有限公司".into(),
            title: "防爆锂离子电池的研发".into(),
            description: "锂电池防爆".into(),
            industry_code: Some("C".into()),
            industry_name: None,
            ipc_hints: vec!["H01M".into()],
            region_code: "440305".into(),
            region_name: "南山区".into(),
            budget: Budget { max_total_cost_fen: Some(1_000_000), years: 3, max_royalty_bp: None },
            preferences: Preferences::default(),
            status: DemandStatus::Open,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn patent(fixed_cost_fen: i64) -> PatentFacts {
        PatentFacts {
            id: catalog::model::ids::PatentId(uuid::Uuid::nil()),
            publication_number: "CN215700001U".into(),
            title: "一种锂电池防爆外壳".into(),
            ipc_codes: vec!["H01M 50/10".into()],
            organization_id: catalog::model::ids::OrganizationId(uuid::Uuid::nil()),
            organization_name: "浙江工业大学".into(),
            region_code: "440106".into(),
            region_name: "天河区".into(),
            industry_codes: vec!["C".into()],
            grade: Some("B".into()),
            expiry_date: NaiveDate::from_ymd_opt(2031, 6, 14),
            offer: Some(OfferFacts {
                offer_id: uuid::Uuid::nil(),
                in_force: true,
                fee_model: "lump_sum".into(),
                fee_model_label: "一次性支付".into(),
                free_months: 0,
                trial_months: 3,
                royalty_bp: 0,
                fixed_cost_fen,
            }),
        }
    }

    #[test]
    fn the_contributions_sum_to_the_score_and_follow_the_weights() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let weights = Weights::default();
        let signals = signals(&demand(), &patent(250_000), 0.8, &["防爆".into()], &FeedbackSignal::None, today);
        let (total, reasons) = score(signals, &weights);
        assert_eq!(reasons.len(), ALL_FEATURES.len());
        assert_eq!(reasons.iter().map(|reason| reason.contribution).sum::<i64>(), total);
        let of = |feature: Feature| reasons.iter().find(|reason| reason.feature == feature).unwrap().contribution;
        assert_eq!(of(Feature::Text), 2800);
        assert_eq!(of(Feature::Ipc), 1200);
        assert_eq!(of(Feature::Region), 300, "same province, another prefecture");
        assert_eq!(of(Feature::Budget), 700, "¥2,500 of ¥10,000: 1 - 0.5 × 0.25");
        assert_eq!(of(Feature::Grade), 300);
        assert_eq!(of(Feature::Trial), 0, "a trial the demand did not ask for adds nothing");
    }

    #[test]
    fn group_hints_cover_their_subgroups_and_sections_their_divisions() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut wanted = demand();
        wanted.ipc_hints = vec!["H01M 50/00".into()];
        wanted.industry_code = Some("C".into());
        let mut electronics = patent(0);
        electronics.industry_codes = vec!["38".into()];
        let measured = signals(&wanted, &electronics, 0.0, &[], &FeedbackSignal::None, today);
        let value = |feature: Feature| measured.iter().find(|signal| signal.feature == feature).unwrap().value;
        assert_eq!(value(Feature::Ipc), 1.0, "H01M 50/10 is in the main group H01M 50/00");
        assert_eq!(value(Feature::Industry), 1.0, "division 38 is in section C");
        wanted.industry_code = Some("39".into());
        let measured = signals(&wanted, &electronics, 0.0, &[], &FeedbackSignal::None, today);
        let industry = measured.iter().find(|signal| signal.feature == Feature::Industry).unwrap();
        assert_eq!(industry.value, 0.5, "38 and 39: both manufacturing");
    }

    #[test]
    fn hard_conditions_exclude_only_offers_in_force_that_fail_them() {
        let mut wants_trial = demand();
        wants_trial.preferences.trial = Preference::Required;
        assert!(admissible(&wants_trial, &patent(1_000_000)), "at the budget exactly");
        assert!(!admissible(&wants_trial, &patent(1_000_001)), "one fen over");
        let mut no_trial = patent(0);
        no_trial.offer.as_mut().unwrap().trial_months = 0;
        assert!(!admissible(&wants_trial, &no_trial));
        let mut unknown = patent(5_000_000);
        unknown.offer = None;
        assert!(admissible(&wants_trial, &unknown), "no offer: unknown cost excludes nothing");
        let mut only_royalty = demand();
        only_royalty.preferences.fee_models = vec!["royalty".into()];
        assert!(!admissible(&only_royalty, &patent(0)));
    }

    #[test]
    fn text_relevance_blends_relative_bm25_and_key_term_coverage() {
        let terms = vec![KeyTerm { term: "防爆".into(), weight: 3.0 }, KeyTerm { term: "锂电池".into(), weight: 1.0 }];
        assert_eq!(coverage(&terms, &["防爆".into()]), 0.75);
        assert_eq!(text_relevance(5.0, 10.0, 0.75), 0.625);
        assert_eq!(text_relevance(12.0, 10.0, 1.0), 1.0, "capped at the best");
    }
}
