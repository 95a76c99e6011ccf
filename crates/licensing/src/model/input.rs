//! An offer as submitted, and its validation into [`OfferTerms`]. Every problem is reported at
//! once: missing fields, the legal caps, advertising words, a term longer than the patent's.

use catalog::model::field_error::{FieldError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::{FIXED_FEE_CAP_FEN, NET_SALES_ROYALTY_CAP_BP, PROFIT_ROYALTY_CAP_BP, percent, yuan};
use super::terms::{
    FeeModel, OfferTerms, Royalty, RoyaltyBase, RoyaltyPeriod, Trial, TrialCharges, add_months, months_between,
};

/// The longest license term an offer may declare (20 years, the longest patent term).
pub const MAX_TERM_MONTHS: i64 = 240;

/// Words an offer may not carry (Advertising Law Art. 9 and CNIPA's open-license guidance:
/// a declaration states facts, it does not advertise).
pub const ADVERTISING_WORDS: [&str; 16] = [
    "最佳",
    "第一",
    "顶级",
    "国际领先",
    "国内领先",
    "绝对",
    "首选",
    "唯一",
    "最先进",
    "最高级",
    "极致",
    "独家",
    "史无前例",
    "全球领先",
    "世界领先",
    "100%",
];

/// An open-license offer as submitted. Amounts are fen, rates basis points.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOffer {
    /// `free`, `lump_sum`, `royalty` or `entry_fee_royalty`.
    #[cfg_attr(feature = "openapi", schema(example = "royalty"))]
    pub fee_model: Option<String>,
    /// lump_sum: the total, in fen.
    pub amount_fen: Option<i64>,
    /// lump_sum: 1 (on acceptance, the default) or more instalments.
    pub instalments: Option<i64>,
    /// lump_sum with instalments: months between instalments (default 12).
    pub instalment_interval_months: Option<i64>,
    /// entry_fee_royalty: the entry fee, in fen.
    pub entry_fee_fen: Option<i64>,
    /// royalty models: `net_sales` or `profit`.
    pub royalty_base: Option<String>,
    /// royalty models: basis points of the base (300 = 3%).
    #[cfg_attr(feature = "openapi", schema(example = 300))]
    pub royalty_rate_bp: Option<i64>,
    /// royalty models: `quarter` or `year`.
    pub royalty_period: Option<String>,
    /// royalty models: minimum per period in fen (optional).
    pub minimum_per_period_fen: Option<i64>,
    /// 限期免费: months without charge from acceptance.
    pub free_months: Option<i64>,
    /// 先用后付: trial months.
    pub trial_months: Option<i64>,
    /// 先用后付: `waived` or `deferred` trial charges.
    pub trial_charges: Option<String>,
    /// License term in months.
    #[cfg_attr(feature = "openapi", schema(example = 36))]
    pub term_months: Option<i64>,
    /// 其他事项.
    pub other_matters: Option<String>,
    /// The pricing basis the university chose, stored with the offer for audit.
    pub pricing_basis: Option<NewPricingBasis>,
}

/// How the fee was set (CNIPA 2022 fee-estimation guide's routes, plus the platform's own).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPricingBasis {
    /// `own_earnings`, `past_royalties`, `industry_statistics`, `international_rates`, `valuation`,
    /// `platform_comparables` or `income_approach`.
    pub method: Option<String>,
    /// What the figures were, in the university's words.
    pub note: Option<String>,
}

/// A validated pricing basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricingBasis {
    pub method: String,
    pub method_label: String,
    pub note: Option<String>,
}

const PRICING_METHODS: [(&str, &str); 7] = [
    ("own_earnings", "专利权人自身实施收益"),
    ("past_royalties", "本专利既往许可费"),
    ("industry_statistics", "同行业许可费统计"),
    ("international_rates", "国际同类许可费率"),
    ("valuation", "资产评估方法"),
    ("platform_comparables", "平台同类开放许可"),
    ("income_approach", "收益法测算"),
];

/// What validation needs to know about the patent.
#[derive(Debug, Clone, Copy)]
pub struct PatentTerm {
    /// The last day of the patent's term; `None` when unknown (eligibility reports it).
    pub expiry_date: Option<NaiveDate>,
    /// The day the offer would be published.
    pub today: NaiveDate,
}

/// Validated terms and basis.
#[derive(Debug, Clone)]
pub struct ValidOffer {
    pub terms: OfferTerms,
    pub pricing_basis: Option<PricingBasis>,
}

fn amount(errors: &mut FieldErrors, field: &str, value: Option<i64>, required: bool) -> Option<i64> {
    match value {
        None if required => {
            errors.push(field, "required", format!("{field} 为必填项（单位：分）"));
            None
        }
        None => Some(0),
        Some(value) if value < 0 => {
            errors.push(field, "negative", format!("{field} 不能为负数"));
            None
        }
        Some(value) if value > FIXED_FEE_CAP_FEN => {
            errors.push(
                field,
                "fee_above_cap",
                format!("{field} 为{}，超过固定费用上限{}", yuan(value), yuan(FIXED_FEE_CAP_FEN)),
            );
            None
        }
        Some(value) => Some(value),
    }
}

fn count(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<i64>,
    range: std::ops::RangeInclusive<i64>,
) -> Option<u32> {
    let value = value?;
    if !range.contains(&value) {
        errors.push(field, "out_of_range", format!("{field} 应在 {} 到 {} 之间", range.start(), range.end()));
        return None;
    }
    u32::try_from(value).ok()
}

fn not_applicable(errors: &mut FieldErrors, model: &str, fields: &[(&str, bool)]) {
    for (field, present) in fields {
        if *present {
            errors.push(field, "not_applicable", format!("{field} 不适用于收费模式 {model}"));
        }
    }
}

fn royalty(errors: &mut FieldErrors, input: &NewOffer, term_months: Option<u32>) -> Option<Royalty> {
    let base = match input.royalty_base.as_deref() {
        Some("net_sales") => Some(RoyaltyBase::NetSales),
        Some("profit") => Some(RoyaltyBase::Profit),
        None => {
            errors.push("royalty_base", "required", "royalty_base 为必填项：net_sales（净销售额）或 profit（利润）");
            None
        }
        Some(other) => {
            errors.push("royalty_base", "invalid", format!("royalty_base“{other}”无效，应为 net_sales 或 profit"));
            None
        }
    };
    let period = match input.royalty_period.as_deref() {
        Some("quarter") => Some(RoyaltyPeriod::Quarter),
        Some("year") => Some(RoyaltyPeriod::Year),
        None => {
            errors.push("royalty_period", "required", "royalty_period 为必填项：quarter（按季）或 year（按年）");
            None
        }
        Some(other) => {
            errors.push("royalty_period", "invalid", format!("royalty_period“{other}”无效，应为 quarter 或 year"));
            None
        }
    };
    let rate_bp = match input.royalty_rate_bp {
        None => {
            errors.push("royalty_rate_bp", "required", "royalty_rate_bp 为必填项（基点，300 表示 3%）");
            None
        }
        Some(rate) if rate <= 0 => {
            errors.push("royalty_rate_bp", "out_of_range", "royalty_rate_bp 应大于 0；不收费请选择 free");
            None
        }
        Some(rate) => {
            let cap = match base {
                Some(RoyaltyBase::Profit) => PROFIT_ROYALTY_CAP_BP,
                _ => NET_SALES_ROYALTY_CAP_BP,
            };
            if rate > i64::from(cap) {
                let base_label = base.map(RoyaltyBase::label).unwrap_or("净销售额");
                errors.push(
                    "royalty_rate_bp",
                    "royalty_above_cap",
                    format!("提成比例{}超过按{base_label}计提的上限{}", percent(rate as u32), percent(cap)),
                );
                None
            } else {
                u32::try_from(rate).ok()
            }
        }
    };
    let minimum = amount(errors, "minimum_per_period_fen", input.minimum_per_period_fen, false);
    if let (Some(minimum), Some(period), Some(term)) = (minimum, period, term_months) {
        let periods = i64::from(term.div_ceil(period.months()));
        if minimum.saturating_mul(periods) > FIXED_FEE_CAP_FEN {
            errors.push(
                "minimum_per_period_fen",
                "fee_above_cap",
                format!("许可期内最低提成合计超过固定费用上限{}", yuan(FIXED_FEE_CAP_FEN)),
            );
        }
    }
    Some(Royalty { base: base?, rate_bp: rate_bp?, period: period?, minimum_per_period_fen: minimum? })
}

fn advertising_words(text: &str) -> Vec<&'static str> {
    ADVERTISING_WORDS.into_iter().filter(|word| text.contains(word)).collect()
}

impl NewOffer {
    /// Validates the offer against design §2–§3; every failing rule is reported.
    pub fn validate(&self, patent: PatentTerm) -> Result<ValidOffer, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let term_months = match self.term_months {
            None => {
                errors.push("term_months", "required", "term_months（许可期限，月）为必填项");
                None
            }
            Some(_) => count(&mut errors, "term_months", self.term_months, 1..=MAX_TERM_MONTHS),
        };
        if let (Some(term), Some(expiry)) = (term_months, patent.expiry_date) {
            let ends_on = add_months(patent.today, term).pred_opt().unwrap_or(patent.today);
            if ends_on > expiry {
                let remaining = months_between(patent.today, expiry.succ_opt().unwrap_or(expiry));
                errors.push(
                    "term_months",
                    "term_exceeds_patent_term",
                    format!("许可期限 {term} 个月超过专利剩余保护期（{expiry} 届满，约 {remaining} 个月）"),
                );
            }
        }
        let free_months = count(&mut errors, "free_months", self.free_months.or(Some(0)), 0..=MAX_TERM_MONTHS);
        let trial = self.trial(&mut errors);
        if let (Some(term), Some(free)) = (term_months, free_months)
            && free > term
        {
            errors.push("free_months", "exceeds_term", "free_months 不能超过许可期限");
        }
        if let (Some(term), Some(Some(trial))) = (term_months, trial)
            && trial.months >= term
        {
            errors.push("trial_months", "exceeds_term", "trial_months 应短于许可期限");
        }

        let model = self.fee_model.as_deref().map(str::trim).unwrap_or_default();
        let lump_fields = [
            ("amount_fen", self.amount_fen.is_some()),
            ("instalments", self.instalments.is_some()),
            ("instalment_interval_months", self.instalment_interval_months.is_some()),
        ];
        let royalty_fields = [
            ("royalty_base", self.royalty_base.is_some()),
            ("royalty_rate_bp", self.royalty_rate_bp.is_some()),
            ("royalty_period", self.royalty_period.is_some()),
            ("minimum_per_period_fen", self.minimum_per_period_fen.is_some()),
        ];
        let entry_field = [("entry_fee_fen", self.entry_fee_fen.is_some())];
        let fee = match model {
            "free" => {
                not_applicable(&mut errors, model, &lump_fields);
                not_applicable(&mut errors, model, &royalty_fields);
                not_applicable(&mut errors, model, &entry_field);
                let modifiers = [
                    ("free_months", self.free_months.is_some_and(|months| months > 0)),
                    ("trial_months", self.trial_months.is_some()),
                ];
                not_applicable(&mut errors, model, &modifiers);
                Some(FeeModel::Free)
            }
            "lump_sum" => {
                not_applicable(&mut errors, model, &royalty_fields);
                not_applicable(&mut errors, model, &entry_field);
                let amount_fen = amount(&mut errors, "amount_fen", self.amount_fen, true);
                if amount_fen == Some(0) {
                    errors.push("amount_fen", "out_of_range", "amount_fen 应大于 0；不收费请选择 free");
                }
                let instalments = count(&mut errors, "instalments", self.instalments.or(Some(1)), 1..=60);
                let interval = count(
                    &mut errors,
                    "instalment_interval_months",
                    self.instalment_interval_months.or(Some(12)),
                    1..=60,
                );
                // Instalments start after the free period and the trial; the last must fall in the term.
                let deferred = i64::max(self.free_months.unwrap_or(0), self.trial_months.unwrap_or(0)).max(0);
                if let (Some(count), Some(interval), Some(term)) = (instalments, interval, term_months)
                    && deferred + i64::from((count - 1) * interval) >= i64::from(term)
                {
                    errors.push(
                        "instalments",
                        "exceeds_term",
                        "最后一期付款日（免费期和试用期之后起算）应在许可期限内",
                    );
                }
                match (amount_fen, instalments, interval) {
                    (Some(amount_fen), Some(instalments), Some(instalment_interval_months)) => {
                        Some(FeeModel::LumpSum { amount_fen, instalments, instalment_interval_months })
                    }
                    _ => None,
                }
            }
            "royalty" => {
                not_applicable(&mut errors, model, &lump_fields);
                not_applicable(&mut errors, model, &entry_field);
                royalty(&mut errors, self, term_months).map(|royalty| FeeModel::Royalty { royalty })
            }
            "entry_fee_royalty" => {
                not_applicable(&mut errors, model, &lump_fields);
                let entry_fee_fen = amount(&mut errors, "entry_fee_fen", self.entry_fee_fen, true);
                if entry_fee_fen == Some(0) {
                    errors.push("entry_fee_fen", "out_of_range", "entry_fee_fen 应大于 0；无入门费请选择 royalty");
                }
                let royalty = royalty(&mut errors, self, term_months);
                match (entry_fee_fen, royalty) {
                    (Some(entry_fee_fen), Some(royalty)) => Some(FeeModel::EntryFeeRoyalty { entry_fee_fen, royalty }),
                    _ => None,
                }
            }
            "" => {
                errors.push("fee_model", "required", "fee_model（收费模式）为必填项");
                None
            }
            other => {
                errors.push(
                    "fee_model",
                    "invalid",
                    format!("收费模式“{other}”无效，应为 free、lump_sum、royalty 或 entry_fee_royalty"),
                );
                None
            }
        };

        let other_matters = errors.optional_text("other_matters", self.other_matters.as_deref(), 2_000);
        if let Some(text) = &other_matters {
            let found = advertising_words(text);
            if !found.is_empty() {
                errors.push(
                    "other_matters",
                    "advertising_words",
                    format!("开放许可声明应当客观真实，不得使用“{}”等广告用语", found.join("”“")),
                );
            }
        }
        let pricing_basis = self.pricing_basis(&mut errors);

        match (fee, term_months, free_months, trial) {
            (Some(fee), Some(term_months), Some(free_months), Some(trial)) if errors.is_empty() => Ok(ValidOffer {
                terms: OfferTerms { fee, free_months, trial, term_months, other_matters },
                pricing_basis,
            }),
            _ => Err(errors.into_vec()),
        }
    }

    /// `Some(None)` for no trial, `None` when the trial fields are invalid.
    fn trial(&self, errors: &mut FieldErrors) -> Option<Option<Trial>> {
        let charges = match self.trial_charges.as_deref() {
            None => None,
            Some("waived") => Some(TrialCharges::Waived),
            Some("deferred") => Some(TrialCharges::Deferred),
            Some(other) => {
                errors.push("trial_charges", "invalid", format!("trial_charges“{other}”无效，应为 waived 或 deferred"));
                return None;
            }
        };
        match (self.trial_months, charges) {
            (None | Some(0), None) => Some(None),
            (None | Some(0), Some(_)) => {
                errors.push("trial_months", "required", "填写 trial_charges 时须填写 trial_months（试用月数）");
                None
            }
            (Some(_), None) => {
                errors.push(
                    "trial_charges",
                    "required",
                    "先用后付须填写 trial_charges：waived（免除）或 deferred（延后支付）",
                );
                None
            }
            (Some(months), Some(charges)) => {
                let months = count(errors, "trial_months", Some(months), 1..=24)?;
                Some(Some(Trial { months, charges }))
            }
        }
    }

    fn pricing_basis(&self, errors: &mut FieldErrors) -> Option<PricingBasis> {
        let basis = self.pricing_basis.as_ref()?;
        let note = errors.optional_text("pricing_basis.note", basis.note.as_deref(), 2_000);
        let method = basis.method.as_deref().map(str::trim).unwrap_or_default();
        let Some((code, label)) = PRICING_METHODS.iter().find(|(code, _)| *code == method) else {
            let known: Vec<&str> = PRICING_METHODS.iter().map(|(code, _)| *code).collect();
            errors.push(
                "pricing_basis.method",
                "invalid",
                format!("定价依据“{method}”无效，应为：{}", known.join("、")),
            );
            return None;
        };
        Some(PricingBasis { method: code.to_string(), method_label: label.to_string(), note })
    }
}
