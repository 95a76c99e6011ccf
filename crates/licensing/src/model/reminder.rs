//! Reminders written for a license as time passes: trial ending, payment due or overdue, report
//! due, recordation due or overdue. Pure: the job stores what this returns, once per key.

use chrono::{Duration, NaiveDate};

use super::obligation::RoyaltyPeriodSpan;

/// The configurable parts of the time rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// An obligation unpaid this many days after its due date is overdue.
    pub grace_days: i64,
    /// Reminders start this many days before a deadline.
    pub reminder_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self { grace_days: 15, reminder_days: 15 }
    }
}

impl Policy {
    /// Whether an amount due on `due_on` and still outstanding is overdue on `today`.
    pub fn is_overdue(&self, due_on: NaiveDate, today: NaiveDate) -> bool {
        today > due_on + Duration::days(self.grace_days)
    }
}

/// One reminder: a kind, the deadline it is about, and the message (zh-CN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub kind: &'static str,
    pub due_on: NaiveDate,
    pub message: String,
}

/// An unpaid obligation, as reminders see it.
#[derive(Debug, Clone, Copy)]
pub struct Unpaid<'a> {
    pub description: &'a str,
    pub due_on: NaiveDate,
    pub outstanding_fen: i64,
}

/// What a license looks like to the reminder rules.
#[derive(Debug, Clone)]
pub struct ReminderFacts<'a> {
    pub in_trial: bool,
    pub live: bool,
    pub trial_ends_on: Option<NaiveDate>,
    pub recordation_due_on: NaiveDate,
    pub recorded: bool,
    pub unpaid: Vec<Unpaid<'a>>,
    /// Royalty periods without a usage report.
    pub unreported: Vec<RoyaltyPeriodSpan>,
}

/// The reminders that apply on `today`.
pub fn due_reminders(facts: &ReminderFacts<'_>, today: NaiveDate, policy: Policy) -> Vec<DueReminder> {
    let lead = Duration::days(policy.reminder_days);
    let mut reminders = Vec::new();
    if let (true, Some(trial_end)) = (facts.in_trial, facts.trial_ends_on)
        && today + lead >= trial_end
    {
        reminders.push(DueReminder {
            kind: "trial_ending",
            due_on: trial_end,
            message: format!("试用期将于 {trial_end} 届满：请确认实施或声明退出，届满未声明退出的视为确认实施"),
        });
    }
    for unpaid in &facts.unpaid {
        if policy.is_overdue(unpaid.due_on, today) {
            reminders.push(DueReminder {
                kind: "payment_overdue",
                due_on: unpaid.due_on,
                message: format!(
                    "{}（应于 {} 支付）已逾期，尚欠 {} 分",
                    unpaid.description, unpaid.due_on, unpaid.outstanding_fen
                ),
            });
        } else if today + lead >= unpaid.due_on {
            reminders.push(DueReminder {
                kind: "payment_due",
                due_on: unpaid.due_on,
                message: format!("{}应于 {} 前支付 {} 分", unpaid.description, unpaid.due_on, unpaid.outstanding_fen),
            });
        }
    }
    if facts.live {
        for period in &facts.unreported {
            if today >= period.ends_before {
                reminders.push(DueReminder {
                    kind: "report_due",
                    due_on: period.due_on,
                    message: format!("第 {} 期使用情况报告应于 {} 前提交", period.index, period.due_on),
                });
            }
        }
    }
    if !facts.recorded {
        let due = facts.recordation_due_on;
        if today > due {
            reminders.push(DueReminder {
                kind: "recordation_overdue",
                due_on: due,
                message: format!("许可备案期限 {due} 已过，请尽快向国家知识产权局办理备案"),
            });
        } else if today + lead >= due {
            reminders.push(DueReminder {
                kind: "recordation_due",
                due_on: due,
                message: format!("请于 {due} 前向国家知识产权局办理许可备案"),
            });
        }
    }
    reminders
}

/// The next day after `today` on which a reminder or a time rule could change: the job looks at
/// a license again only then.
pub fn next_review(
    facts: &ReminderFacts<'_>,
    ends_on: NaiveDate,
    today: NaiveDate,
    policy: Policy,
) -> Option<NaiveDate> {
    let lead = Duration::days(policy.reminder_days);
    let grace = Duration::days(policy.grace_days);
    let mut candidates = Vec::new();
    if facts.live {
        candidates.push(ends_on + Duration::days(1));
        for period in &facts.unreported {
            candidates.extend([period.ends_before, period.due_on + Duration::days(1)]);
        }
    }
    if let (true, Some(trial_end)) = (facts.in_trial, facts.trial_ends_on) {
        candidates.extend([trial_end - lead, trial_end]);
    }
    for unpaid in &facts.unpaid {
        candidates.extend([unpaid.due_on - lead, unpaid.due_on + grace + Duration::days(1)]);
    }
    if !facts.recorded {
        candidates.extend([facts.recordation_due_on - lead, facts.recordation_due_on + Duration::days(1)]);
    }
    candidates.into_iter().filter(|day| *day > today).min()
}
