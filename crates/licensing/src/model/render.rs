//! The Chinese "payment method and standard" (许可使用费支付方式和标准) text, rendered from the
//! schedule so the published words and the computed obligations can never disagree.

use super::money::{percent, yuan};
use super::obligation::REPORT_WINDOW_DAYS;
use super::terms::{FeeModel, OfferTerms, Royalty, TrialCharges};

fn royalty_text(royalty: &Royalty) -> String {
    let mut text = format!(
        "按被许可人实施本专利所得{}的{}提取许可使用费，按{}结算，每期结束后{}日内报告{}并支付",
        royalty.base.label(),
        percent(royalty.rate_bp),
        royalty.period.label(),
        REPORT_WINDOW_DAYS,
        royalty.base.label()
    );
    if royalty.minimum_per_period_fen > 0 {
        text.push_str(&format!("；每{}最低支付{}", royalty.period.label(), yuan(royalty.minimum_per_period_fen)));
    }
    text.push('。');
    text
}

fn payable_from(terms: &OfferTerms) -> &'static str {
    match (terms.free_months > 0, terms.trial.is_some()) {
        (false, false) => "于许可生效之日",
        (true, false) => "于限期免费期届满之日",
        (false, true) => "于试用期届满之日",
        (true, true) => "于限期免费期和试用期均届满之日",
    }
}

/// Renders the payment method and standard of `terms`.
pub fn payment_text(terms: &OfferTerms) -> String {
    let mut text = match &terms.fee {
        FeeModel::Free => "免费许可：被许可人无需支付许可使用费。".to_string(),
        FeeModel::LumpSum { amount_fen, instalments, .. } if *instalments <= 1 => {
            format!("一次性支付：许可使用费总额{}，{}一次付清。", yuan(*amount_fen), payable_from(terms))
        }
        FeeModel::LumpSum { amount_fen, instalments, instalment_interval_months } => {
            let count = i64::from(*instalments);
            let share = amount_fen / count;
            let last = amount_fen - share * (count - 1);
            let mut text = format!(
                "分期支付：许可使用费总额{}，分{instalments}期支付，首期{}支付，此后每{instalment_interval_months}个月支付一期，每期{}",
                yuan(*amount_fen),
                payable_from(terms),
                yuan(share)
            );
            if last != share {
                text.push_str(&format!("（末期{}）", yuan(last)));
            }
            text.push('。');
            text
        }
        FeeModel::Royalty { royalty } => format!("提成支付：{}", royalty_text(royalty)),
        FeeModel::EntryFeeRoyalty { entry_fee_fen, royalty } => format!(
            "入门费加提成：入门费{}，{}支付；另{}",
            yuan(*entry_fee_fen),
            payable_from(terms),
            royalty_text(royalty)
        ),
    };
    if terms.free_months > 0 {
        text.push_str(&format!("限期免费：许可生效后前{}个月不计收许可使用费。", terms.free_months));
    }
    if let Some(trial) = terms.trial {
        let charges = match trial.charges {
            TrialCharges::Waived => "试用期内的许可使用费予以免除",
            TrialCharges::Deferred => "试用期内的许可使用费于试用期届满时一并支付",
        };
        text.push_str(&format!(
            "先用后付：被许可人可先行试用{}个月，试用期内声明退出的无需支付任何费用；确认实施的，{charges}；试用期届满未声明退出的，视为确认实施。",
            trial.months
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::terms::{RoyaltyBase, RoyaltyPeriod, Trial};

    fn terms(fee: FeeModel) -> OfferTerms {
        OfferTerms { fee, free_months: 0, trial: None, term_months: 36, other_matters: None }
    }

    #[test]
    fn renders_each_fee_model_from_the_schedule() {
        assert_eq!(payment_text(&terms(FeeModel::Free)), "免费许可：被许可人无需支付许可使用费。");
        let lump = FeeModel::LumpSum { amount_fen: 10_000_000, instalments: 1, instalment_interval_months: 12 };
        assert_eq!(
            payment_text(&terms(lump)),
            "一次性支付：许可使用费总额人民币100,000.00元，于许可生效之日一次付清。"
        );
        let parts = FeeModel::LumpSum { amount_fen: 10_000_001, instalments: 3, instalment_interval_months: 6 };
        assert_eq!(
            payment_text(&terms(parts)),
            "分期支付：许可使用费总额人民币100,000.01元，分3期支付，首期于许可生效之日支付，此后每6个月支付一期，每期人民币33,333.33元（末期人民币33,333.35元）。"
        );
        let royalty = Royalty {
            base: RoyaltyBase::NetSales,
            rate_bp: 350,
            period: RoyaltyPeriod::Quarter,
            minimum_per_period_fen: 500_000,
        };
        let mut with_modifiers = terms(FeeModel::EntryFeeRoyalty { entry_fee_fen: 2_000_000, royalty });
        with_modifiers.free_months = 6;
        with_modifiers.trial = Some(Trial { months: 3, charges: TrialCharges::Deferred });
        assert_eq!(
            payment_text(&with_modifiers),
            "入门费加提成：入门费人民币20,000.00元，于限期免费期和试用期均届满之日支付；另按被许可人实施本专利所得净销售额的3.5%提取许可使用费，按季度结算，每期结束后30日内报告净销售额并支付；每季度最低支付人民币5,000.00元。\
限期免费：许可生效后前6个月不计收许可使用费。\
先用后付：被许可人可先行试用3个月，试用期内声明退出的无需支付任何费用；确认实施的，试用期内的许可使用费于试用期届满时一并支付；试用期届满未声明退出的，视为确认实施。"
        );
    }
}
