//! Property tests of `model::obligation::derive` over random schedules (every fee model, free
//! periods, waived or deferred trials, month-end effective dates, patent expiries, early stops)
//! and random usage reports: lump sums add up, royalties are the prorated rate or minimum of each
//! period, nothing is owed for a free period or a waived trial, deferred and fixed charges wait for
//! the trial, an exit in the trial owes nothing, a stop never adds to the total, an overdue report
//! stands in as the prorated minimum, and keys are unique.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use licensing::model::obligation::{
    DerivedObligation, LicenseDates, ObligationKind, PeriodReport, RoyaltyPeriodSpan, derive, free_end,
    royalty_periods, trial_end,
};
use licensing::model::terms::{
    FeeModel, OfferTerms, Royalty, RoyaltyBase, RoyaltyPeriod, Trial, TrialCharges, add_months,
};
use proptest::prelude::*;

const MAX_FEN: i64 = 2_000_000_000;

/// A usage report: often nothing, so that minimums matter.
fn report() -> BoxedStrategy<i64> {
    prop_oneof![Just(0), 0..=MAX_FEN].boxed()
}

/// A day in `years`; days past a month's end become its last day, so Jan 31 and Feb 29 are common.
fn date_in(years: std::ops::Range<i32>) -> impl Strategy<Value = NaiveDate> {
    (years, 1u32..=12, 1u32..=31).prop_map(|(year, month, day)| {
        (day.min(28)..=day).rev().find_map(|day| NaiveDate::from_ymd_opt(year, month, day)).unwrap()
    })
}

fn royalty() -> impl Strategy<Value = Royalty> {
    let period = prop_oneof![Just(RoyaltyPeriod::Quarter), Just(RoyaltyPeriod::Year)];
    let base = prop_oneof![Just(RoyaltyBase::NetSales), Just(RoyaltyBase::Profit)];
    (1u32..=2000, period, prop_oneof![Just(0i64), 1i64..=10_000_000], base).prop_map(
        |(rate_bp, period, minimum_per_period_fen, base)| Royalty { base, rate_bp, period, minimum_per_period_fen },
    )
}

fn lump_sum() -> BoxedStrategy<FeeModel> {
    (1..=MAX_FEN, 1u32..=12, 1u32..=24)
        .prop_map(|(amount_fen, instalments, instalment_interval_months)| FeeModel::LumpSum {
            amount_fen,
            instalments,
            instalment_interval_months,
        })
        .boxed()
}

fn with_royalty() -> BoxedStrategy<FeeModel> {
    prop_oneof![
        royalty().prop_map(|royalty| FeeModel::Royalty { royalty }),
        (1..=MAX_FEN, royalty())
            .prop_map(|(entry_fee_fen, royalty)| FeeModel::EntryFeeRoyalty { entry_fee_fen, royalty }),
    ]
    .boxed()
}

fn any_fee() -> BoxedStrategy<FeeModel> {
    prop_oneof![Just(FeeModel::Free), lump_sum(), with_royalty()].boxed()
}

fn trial(charges: TrialCharges) -> BoxedStrategy<Option<Trial>> {
    (1u32..=12).prop_map(move |months| Some(Trial { months, charges })).boxed()
}

fn any_trial() -> BoxedStrategy<Option<Trial>> {
    prop_oneof![Just(None), trial(TrialCharges::Waived), trial(TrialCharges::Deferred)].boxed()
}

/// One license with its reports (`None` for a period not reported) and the day of derivation.
#[derive(Debug, Clone)]
struct Case {
    terms: OfferTerms,
    dates: LicenseDates,
    amounts: Vec<Option<i64>>,
    today: NaiveDate,
}

impl Case {
    fn reports(&self) -> Vec<PeriodReport> {
        (1..)
            .zip(&self.amounts)
            .filter_map(|(period_index, amount)| amount.map(|amount_fen| PeriodReport { period_index, amount_fen }))
            .collect()
    }

    fn all_reported(mut self) -> Self {
        self.amounts = self.amounts.iter().map(|amount| Some(amount.unwrap_or(0))).collect();
        self
    }

    fn derive(&self) -> Vec<DerivedObligation> {
        derive(&self.terms, &self.dates, &self.reports(), self.today)
    }
}

fn case(fee: BoxedStrategy<FeeModel>, trial: BoxedStrategy<Option<Trial>>) -> impl Strategy<Value = Case> {
    let terms = (fee, 0u32..=24, trial, 1u32..=120).prop_map(|(fee, free_months, trial, term_months)| OfferTerms {
        fee,
        free_months,
        trial,
        term_months,
        other_matters: None,
    });
    let amounts = prop::collection::vec(prop::option::of(report()), 41);
    (terms, date_in(2020..2030), prop::option::of(0i64..=3700), amounts, date_in(2020..2042)).prop_map(
        |(terms, effective_on, expiry_days, amounts, today)| {
            let dates =
                LicenseDates::new(&terms, effective_on, expiry_days.map(|days| effective_on + Duration::days(days)));
            Case { terms, dates, amounts, today }
        },
    )
}

/// A royalty period recomputed from scratch: chargeable days (on/after the charge start), the
/// minimum prorated over the nominal (uncut) period, and the rate on `report` prorated likewise.
struct Expected {
    chargeable: i64,
    minimum: i128,
    earned: Option<i128>,
}

fn expected(terms: &OfferTerms, dates: &LicenseDates, period: &RoyaltyPeriodSpan, report: Option<i64>) -> Expected {
    let royalty = terms.fee.royalty().unwrap();
    let effective = dates.effective_on;
    let waived_trial_end =
        terms.trial.filter(|trial| trial.charges == TrialCharges::Waived).and(trial_end(terms, effective));
    let charge_start = free_end(terms, effective).max(waived_trial_end.unwrap_or(effective));
    let chargeable = (period.ends_before - period.starts_on.max(charge_start)).num_days().max(0);
    let reported = (period.ends_before - period.starts_on).num_days();
    let months = royalty.period.months();
    let nominal =
        (add_months(effective, period.index * months) - add_months(effective, (period.index - 1) * months)).num_days();
    let minimum = i128::from(royalty.minimum_per_period_fen) * i128::from(chargeable) / i128::from(nominal);
    let earned = report.map(|report| {
        i128::from(report) * i128::from(royalty.rate_bp) * i128::from(chargeable) / (10_000 * i128::from(reported))
    });
    Expected { chargeable, minimum, earned }
}

fn total(obligations: &[DerivedObligation]) -> i128 {
    obligations.iter().map(|obligation| i128::from(obligation.amount_fen)).sum()
}

fn payment_start(case: &Case) -> NaiveDate {
    let effective = case.dates.effective_on;
    free_end(&case.terms, effective).max(trial_end(&case.terms, effective).unwrap_or(effective))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lump_sum_instalments_add_up_to_the_amount(case in case(lump_sum(), any_trial())) {
        let FeeModel::LumpSum { amount_fen, instalments, instalment_interval_months } = case.terms.fee else {
            unreachable!()
        };
        let obligations = case.derive();
        prop_assert!(obligations.iter().all(|obligation| obligation.amount_fen >= 0));
        prop_assert!(obligations.iter().all(|obligation| obligation.kind == ObligationKind::LumpSum));
        let end = case.dates.end_exclusive();
        let last_due = add_months(payment_start(&case), (instalments - 1) * instalment_interval_months);
        // A license that runs its course (even one cut short by the patent's expiry) owes the
        // published total, the instalments past its end falling due on its last day; one stopped
        // early owes only what fell due before the stop.
        let stopped_before_last = case.dates.stopped_on.is_some() && last_due >= end;
        if payment_start(&case) < end && !stopped_before_last {
            prop_assert_eq!(obligations.len(), instalments as usize);
            prop_assert_eq!(total(&obligations), i128::from(amount_fen));
            prop_assert!(obligations.iter().all(|obligation| obligation.due_on <= case.dates.ends_on));
        } else {
            prop_assert!(obligations.len() < instalments as usize);
            prop_assert!(total(&obligations) <= i128::from(amount_fen));
        }
    }

    #[test]
    fn royalties_are_the_prorated_rate_or_minimum_of_each_period(case in case(with_royalty(), any_trial())) {
        let case = case.all_reported();
        let obligations = case.derive();
        let actual: Vec<(String, i128)> = obligations
            .iter()
            .filter(|obligation| obligation.kind == ObligationKind::Royalty)
            .map(|obligation| (obligation.key.clone(), i128::from(obligation.amount_fen)))
            .collect();
        let expected: Vec<(String, i128)> = royalty_periods(&case.terms, &case.dates)
            .iter()
            .map(|period| (period, expected(&case.terms, &case.dates, period, case.amounts[period.index as usize - 1])))
            .filter(|(_, expected)| expected.chargeable > 0)
            .map(|(period, expected)| (format!("royalty:{}", period.index), expected.earned.unwrap().max(expected.minimum)))
            .collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn whole_periods_without_modifiers_charge_the_rate_or_the_minimum(
        fee in with_royalty(),
        periods in 1u32..=10,
        effective_on in date_in(2020..2030),
        amounts in prop::collection::vec(report(), 10),
    ) {
        let royalty = *fee.royalty().unwrap();
        let terms =
            OfferTerms { fee, free_months: 0, trial: None, term_months: periods * royalty.period.months(), other_matters: None };
        let dates = LicenseDates::new(&terms, effective_on, None);
        let reports: Vec<PeriodReport> =
            (1..=periods).map(|period_index| PeriodReport { period_index, amount_fen: amounts[period_index as usize - 1] }).collect();
        let obligations = derive(&terms, &dates, &reports, NaiveDate::MAX);
        let royalties: Vec<&DerivedObligation> =
            obligations.iter().filter(|obligation| obligation.kind == ObligationKind::Royalty).collect();
        prop_assert_eq!(royalties.len(), periods as usize);
        let expected: i128 = reports
            .iter()
            .map(|report| {
                let earned = i128::from(report.amount_fen) * i128::from(royalty.rate_bp) / 10_000;
                earned.max(i128::from(royalty.minimum_per_period_fen))
            })
            .sum();
        prop_assert_eq!(royalties.iter().map(|obligation| i128::from(obligation.amount_fen)).sum::<i128>(), expected);
    }

    #[test]
    fn nothing_accrues_or_falls_due_in_the_free_period(case in case(any_fee(), any_trial())) {
        let free_end = free_end(&case.terms, case.dates.effective_on);
        for obligation in case.derive() {
            prop_assert!(obligation.accrues_from >= free_end, "{obligation:?} accrues before {free_end}");
            prop_assert!(obligation.due_on >= free_end, "{obligation:?} due before {free_end}");
        }
    }

    #[test]
    fn no_royalty_accrues_in_a_waived_trial(case in case(with_royalty(), trial(TrialCharges::Waived))) {
        let trial_end = trial_end(&case.terms, case.dates.effective_on).unwrap();
        for obligation in case.derive().into_iter().filter(|obligation| obligation.kind == ObligationKind::Royalty) {
            prop_assert!(obligation.accrues_from >= trial_end, "{obligation:?} accrues before {trial_end}");
        }
    }

    #[test]
    fn deferred_trial_charges_fall_due_when_the_trial_ends(case in case(any_fee(), trial(TrialCharges::Deferred))) {
        let trial_end = trial_end(&case.terms, case.dates.effective_on).unwrap();
        for obligation in case.derive().into_iter().filter(|obligation| obligation.accrues_from < trial_end) {
            prop_assert!(obligation.due_on >= trial_end, "{obligation:?} due before {trial_end}");
        }
    }

    #[test]
    fn fixed_amounts_are_never_due_before_the_free_period_and_trial_end(case in case(any_fee(), any_trial())) {
        let start = payment_start(&case);
        for obligation in case.derive().into_iter().filter(|obligation| obligation.kind != ObligationKind::Royalty) {
            prop_assert!(obligation.due_on >= start, "{obligation:?} due before {start}");
        }
    }

    #[test]
    fn a_licensee_who_exits_in_the_trial_owes_nothing(case in case(any_fee(), any_trial())) {
        let mut case = case;
        case.dates.exited_in_trial = true;
        prop_assert!(case.derive().is_empty());
    }

    #[test]
    fn an_early_stop_never_adds_to_the_total_and_nothing_accrues_from_it(
        case in case(any_fee(), any_trial()),
        offset in 0i64..=3700,
    ) {
        let span = (case.dates.ends_on - case.dates.effective_on).num_days();
        let stop = case.dates.effective_on + Duration::days(offset % (span + 1));
        let mut stopped = case.clone();
        stopped.dates.stopped_on = Some(stop);
        for obligation in stopped.derive() {
            prop_assert!(obligation.accrues_from < stop, "{obligation:?} accrues on/after the stop {stop}");
            prop_assert!(obligation.accrues_until <= stop, "{obligation:?} accrues past the stop {stop}");
        }
        // Compared once everything has fallen due, with the same reports.
        let (mut full, mut stopped) = (case, stopped);
        (full.today, stopped.today) = (NaiveDate::MAX, NaiveDate::MAX);
        prop_assert!(total(&stopped.derive()) <= total(&full.derive()));
    }

    #[test]
    fn an_overdue_report_stands_in_as_the_prorated_minimum(case in case(with_royalty(), any_trial())) {
        let obligations = case.derive();
        for period in royalty_periods(&case.terms, &case.dates) {
            let key = format!("royalty:{}", period.index);
            let obligation = obligations.iter().find(|obligation| obligation.key == key);
            if case.amounts[period.index as usize - 1].is_some() {
                prop_assert!(obligation.is_none_or(|obligation| !obligation.report_missing));
                continue;
            }
            let expected = expected(&case.terms, &case.dates, &period, None);
            let owed = expected.chargeable > 0 && case.today > period.due_on && expected.minimum > 0;
            prop_assert_eq!(obligation.is_some(), owed, "{:?} for {:?}", obligation, period);
            if let Some(obligation) = obligation {
                prop_assert!(obligation.report_missing);
                prop_assert_eq!(i128::from(obligation.amount_fen), expected.minimum, "{:?}", period);
            }
        }
    }

    #[test]
    fn keys_are_unique_within_one_derivation(case in case(any_fee(), any_trial()), stop in prop::option::of(0i64..=3700)) {
        let mut case = case;
        case.dates.stopped_on = stop.map(|days| case.dates.effective_on + Duration::days(days));
        let obligations = case.derive();
        let keys: HashSet<&str> = obligations.iter().map(|obligation| obligation.key.as_str()).collect();
        prop_assert_eq!(keys.len(), obligations.len());
    }
}
