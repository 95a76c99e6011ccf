//! Licensing money: obligations, reports, payments, time, recordation, pricing guidance.

use chrono::{Duration, Months, NaiveDate};
use licensing::service::jobs::AdvanceReport;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Account, TestApp, lump_sum_offer, problem, read, royalty_offer, spawn_app, validation_problem};

fn date(value: &Value) -> NaiveDate {
    value.as_str().unwrap_or_else(|| panic!("{value} is not a date")).parse().expect("YYYY-MM-DD")
}

fn months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n)).unwrap()
}

fn days(day: NaiveDate, n: i64) -> NaiveDate {
    day + Duration::days(n)
}

/// Moves the server's clock to `day`.
fn travel_to(app: &TestApp, day: NaiveDate) {
    app.clock.advance_days((day - app.clock.today()).num_days());
}

/// `offer` with extra fields set.
fn with(mut offer: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        offer[key] = value.clone();
    }
    offer
}

/// The values of `fields` of `value`, as an array.
fn pick(value: &Value, fields: &[&str]) -> Value {
    fields.iter().map(|field| value[*field].clone()).collect()
}

fn amounts(contracted: i64, paid: i64, outstanding: i64, overdue: i64) -> Value {
    json!({"contracted_fen": contracted, "paid_fen": paid, "outstanding_fen": outstanding, "overdue_fen": overdue})
}

/// `[key, due_on, amount_fen]` of each obligation.
fn brief(list: &Value) -> Value {
    list.as_array().unwrap().iter().map(|item| pick(item, &["key", "due_on", "amount_fen"])).collect()
}

/// Lump-sum instalments of `amounts`, the first due on `first`, then every 12 months.
fn yearly(first: NaiveDate, amounts: &[i64]) -> Value {
    (0..)
        .zip(amounts)
        .map(|(i, amount)| json!([format!("lump_sum:{}", i + 1), months(first, 12 * i), amount]))
        .collect()
}

/// `field` of each item of the array `list`.
fn column(list: &Value, field: &str) -> Vec<Value> {
    list.as_array().unwrap().iter().map(|item| item[field].clone()).collect()
}

fn forbidden(action: &str) -> Value {
    problem(403, "forbidden_role", "当前角色无权执行此操作", &format!("当前角色无权执行此操作（{action}）"))
}

fn period_problem(code: &str, message: &str) -> Value {
    validation_problem(json!([{"field": "period_index", "code": code, "message": message}]))
}

/// ¥30,000 in three yearly instalments, after a three-month trial whose charges are deferred.
fn trial_lump_offer() -> Value {
    with(lump_sum_offer(), json!({"trial_months": 3, "trial_charges": "deferred"}))
}

fn free_offer(term_months: u32) -> Value {
    json!({"fee_model": "free", "term_months": term_months})
}

async fn parties() -> (TestApp, Account, Account) {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let enterprise = app.enterprise("某精密制造有限公司").await;
    (app, university, enterprise)
}

/// `ent` accepts `offer` on `uni`'s patent number `n`: the license id and its effective day.
async fn license_under(app: &TestApp, uni: &Account, ent: &Account, n: u32, offer: Value) -> (String, NaiveDate) {
    let patent = app.eligible_patent_of(uni, n).await;
    let offer = app.publish_offer(uni, &patent, offer).await;
    let license = app.accept(ent, offer["id"].as_str().unwrap()).await;
    assert_eq!(date(&license["effective_on"]), app.clock.today());
    (license["id"].as_str().unwrap().to_string(), date(&license["effective_on"]))
}

async fn deal(offer: Value) -> (TestApp, Account, Account, String, NaiveDate) {
    let (app, university, enterprise) = parties().await;
    let (id, start) = license_under(&app, &university, &enterprise, 1, offer).await;
    (app, university, enterprise, id, start)
}

async fn license(app: &TestApp, account: &Account, id: &str) -> Value {
    let (status, body) = app.get(&format!("/api/v1/licenses/{id}"), &account.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn obligations(app: &TestApp, account: &Account, id: &str) -> Value {
    let (status, body) = app.get(&format!("/api/v1/licenses/{id}/obligations"), &account.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// POSTs `/licenses/{id}/{action}` (confirm, exit, terminate).
async fn act(app: &TestApp, account: &Account, id: &str, action: &str) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/licenses/{id}/{action}"), &account.token, json!({})).await
}

async fn report(app: &TestApp, account: &Account, id: &str, period: u32, amount: i64) -> (StatusCode, Value) {
    let body = json!({"period_index": period, "amount_fen": amount});
    app.post(&format!("/api/v1/licenses/{id}/reports"), &account.token, body).await
}

async fn pay(app: &TestApp, account: &Account, id: &str, obligation: &Value, amount: i64) -> (StatusCode, Value) {
    let body = json!({"obligation_id": obligation, "amount_fen": amount, "reference": "BANK-0001"});
    app.post(&format!("/api/v1/licenses/{id}/payments"), &account.token, body).await
}

/// `(kind, due_on)` of every reminder `account` sees, sorted.
async fn reminders(app: &TestApp, account: &Account) -> Vec<(String, NaiveDate)> {
    let (_, page) = app.get("/api/v1/reminders", &account.token).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"], items.len());
    let mut kinds: Vec<_> =
        items.iter().map(|item| (item["kind"].as_str().unwrap().into(), date(&item["due_on"]))).collect();
    kinds.sort();
    kinds
}

#[tokio::test]
async fn lump_sum_instalments_fall_due_on_schedule_and_sum_to_the_amount_exactly() {
    let (app, university, enterprise) = parties().await;
    let offer = with(lump_sum_offer(), json!({"amount_fen": 1_000_001}));
    let (id, d0) = license_under(&app, &university, &enterprise, 1, offer).await;
    // 1,000,001 / 3 = 333,333 twice; the last takes the remainder: 1,000,001 − 2 × 333,333 = 333,335.
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), yearly(d0, &[333_333, 333_333, 333_335]));
    let body = license(&app, &university, &id).await;
    let expected = json!([days(months(d0, 36), -1), amounts(1_000_001, 0, 1_000_001, 0)]);
    assert_eq!(pick(&body, &["ends_on", "amounts"]), expected);
    assert_eq!(
        body["payment_text"],
        "分期支付：许可使用费总额人民币10,000.01元，分3期支付，首期于许可生效之日支付，此后每12个月支付一期，每期人民币3,333.33元（末期人民币3,333.35元）。"
    );

    // 6 free months and a 3-month trial: the first instalment is due at max(6, 3) months.
    let deferred = with(lump_sum_offer(), json!({"free_months": 6, "trial_months": 3, "trial_charges": "deferred"}));
    let (second, _) = license_under(&app, &university, &enterprise, 2, deferred).await;
    assert_eq!(brief(&obligations(&app, &enterprise, &second).await), yearly(months(d0, 6), &[1_000_000; 3]));

    let refused = period_problem("not_applicable", "该许可不按提成收费，无需报告使用情况");
    assert_eq!(report(&app, &enterprise, &id, 1, 100).await, (StatusCode::UNPROCESSABLE_ENTITY, refused));
}

#[tokio::test]
async fn a_lump_sum_accepted_when_the_patent_expires_before_the_term_ends_still_totals_the_published_amount() {
    let (app, university, enterprise) = parties().await;
    // The patent (filed 2021-06-15) expires 2031-06-14. The longest term that fits today, at most 60 months:
    let after_expiry = NaiveDate::from_ymd_opt(2031, 6, 15).unwrap();
    let term = (2..=60).take_while(|m| months(app.clock.today(), *m) <= after_expiry).last().unwrap();
    // ¥10,000 in two instalments `term − 1` months apart: the second falls within the term, so it is published.
    let offer = json!({"fee_model": "lump_sum", "amount_fen": 1_000_000, "instalments": 2,
        "instalment_interval_months": term - 1, "term_months": term});
    let patent = app.eligible_patent_of(&university, 1).await;
    let offer = app.publish_offer(&university, &patent, offer).await;
    // Accepted later, the term is cut at the expiry and the second instalment would fall after it.
    let accepted_on = after_expiry.checked_sub_months(Months::new(term - 1)).unwrap();
    travel_to(&app, accepted_on);
    let body = app.accept(&enterprise, offer["id"].as_str().unwrap()).await;
    assert_eq!(date(&body["ends_on"]), days(after_expiry, -1));
    assert!(body["notice"].as_str().unwrap().contains("许可使用费总额人民币10,000.00元，分2期支付"));
    let list = obligations(&app, &enterprise, body["id"].as_str().unwrap()).await;
    assert_eq!(body["amounts"]["contracted_fen"], 1_000_000, "the obligations are {list}");
}

#[tokio::test]
async fn a_royalty_report_owes_the_exact_royalty_or_the_minimum_when_lower() {
    let (app, university, enterprise, id, d0) = deal(royalty_offer()).await;
    let (p1_end, p2_end) = (months(d0, 3), months(d0, 6));
    let message = format!("第 1 期至 {} 结束，结束后才能报告", days(p1_end, -1));
    let expected = (StatusCode::UNPROCESSABLE_ENTITY, period_problem("period_not_ended", &message));
    assert_eq!(report(&app, &enterprise, &id, 1, 5_000_001).await, expected);

    travel_to(&app, p1_end);
    let expected = (StatusCode::FORBIDDEN, forbidden("file usage reports (licensee only)"));
    assert_eq!(report(&app, &university, &id, 1, 5_000_001).await, expected);
    let (status, body) = report(&app, &enterprise, &id, 1, 5_000_001).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let fields = ["period_index", "period_starts_on", "period_ends_before", "base", "amount_fen"];
    assert_eq!(pick(&body, &fields), json!([1, d0, p1_end, "net_sales", 5_000_001]));
    let conflict = problem(409, "report_exists", "该期使用情况已报告", "第 1 期使用情况已报告，不能重复报告");
    assert_eq!(report(&app, &enterprise, &id, 1, 1).await, (StatusCode::CONFLICT, conflict));

    travel_to(&app, p2_end);
    assert_eq!(report(&app, &enterprise, &id, 2, 1_000_000).await.0, StatusCode::CREATED);
    let list = obligations(&app, &university, &id).await;
    // Period 1: floor(5,000,001 × 300 / 10,000) = floor(150,000.03) = 150,000 ≥ the 100,000 minimum.
    // Period 2: 1,000,000 × 3% = 30,000 < the minimum → 100,000. Each due 30 days after its period.
    let expected = json!([["royalty:1", days(p1_end, 30), 150_000], ["royalty:2", days(p2_end, 30), 100_000]]);
    assert_eq!(brief(&list), expected);
    assert_eq!(pick(&list[1], &["accrues_from", "accrues_until", "report_missing"]), json!([p1_end, p2_end, false]));
    let (_, reports) = app.get(&format!("/api/v1/licenses/{id}/reports"), &university.token).await;
    assert_eq!(column(&reports, "period_index"), [1, 2]);
}

#[tokio::test]
async fn nothing_accrues_in_a_free_period_and_a_straddling_quarter_is_prorated() {
    let (app, _, enterprise, id, d0) = deal(with(royalty_offer(), json!({"free_months": 4}))).await;
    let (free_end, q2_start, q2_end) = (months(d0, 4), months(d0, 3), months(d0, 6));
    assert_eq!(date(&license(&app, &enterprise, &id).await["free_until"]), free_end);
    travel_to(&app, q2_end);
    // Quarter 1 is wholly free: its overdue report brings no minimum, and its report owes nothing.
    assert_eq!(obligations(&app, &enterprise, &id).await, json!([]));
    assert_eq!(report(&app, &enterprise, &id, 1, 10_000_000).await.0, StatusCode::CREATED);
    assert_eq!(obligations(&app, &enterprise, &id).await, json!([]));

    assert_eq!(report(&app, &enterprise, &id, 2, 10_000_000).await.0, StatusCode::CREATED);
    // Quarter 2 is [d0+3m, d0+6m) and only [d0+4m, d0+6m) is chargeable:
    // floor(10,000,000 × 300 × chargeable / (10,000 × quarter days)), above the prorated minimum.
    let (chargeable, quarter) = ((q2_end - free_end).num_days(), (q2_end - q2_start).num_days());
    let earned = 10_000_000 * 300 * chargeable / (10_000 * quarter);
    assert!(earned > 100_000 * chargeable / quarter);
    let list = obligations(&app, &enterprise, &id).await;
    assert_eq!(brief(&list), json!([["royalty:2", days(q2_end, 30), earned]]));
    assert_eq!(date(&list[0]["accrues_from"]), free_end);
}

#[tokio::test]
async fn a_waived_trial_is_never_charged_and_deferred_trial_charges_fall_due_at_its_end() {
    let (app, university, enterprise) = parties().await;
    let waived = with(royalty_offer(), json!({"trial_months": 6, "trial_charges": "waived"}));
    let deferred = with(royalty_offer(), json!({"trial_months": 6, "trial_charges": "deferred"}));
    let (waived, d0) = license_under(&app, &university, &enterprise, 1, waived).await;
    let (deferred, _) = license_under(&app, &university, &enterprise, 2, deferred).await;
    travel_to(&app, months(d0, 3));
    for id in [&waived, &deferred] {
        assert_eq!(report(&app, &enterprise, id, 1, 10_000_000).await.0, StatusCode::CREATED);
        assert_eq!(license(&app, &enterprise, id).await["state"], "trial");
    }
    assert_eq!(obligations(&app, &enterprise, &waived).await, json!([]));
    // 10,000,000 × 3% = 300,000, due at the trial end d0+6m rather than d0+3m+30 days.
    let expected = json!([["royalty:1", months(d0, 6), 300_000]]);
    assert_eq!(brief(&obligations(&app, &enterprise, &deferred).await), expected);
}

#[tokio::test]
async fn a_licensee_who_exits_in_the_trial_owes_nothing() {
    let (app, university, enterprise, id, d0) = deal(trial_lump_offer()).await;
    // The instalments are due from the trial end on.
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), yearly(months(d0, 3), &[1_000_000; 3]));
    let (status, body) = act(&app, &enterprise, &id, "exit").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(pick(&body, &["state", "ended_on", "amounts"]), json!(["exited", d0, amounts(0, 0, 0, 0)]));
    assert_eq!(obligations(&app, &university, &id).await, json!([]));
    let conflict =
        problem(409, "license_state_conflict", "许可当前状态不允许此操作", "许可处于 exited 状态，不能执行 exit");
    assert_eq!(act(&app, &enterprise, &id, "exit").await, (StatusCode::CONFLICT, conflict));
}

#[tokio::test]
async fn the_job_makes_a_trial_active_at_its_end_and_expires_a_license_at_its_term_end() {
    let (app, university, enterprise) = parties().await;
    let trial = with(royalty_offer(), json!({"trial_months": 3, "trial_charges": "waived"}));
    let (trial, d0) = license_under(&app, &university, &enterprise, 1, trial).await;
    travel_to(&app, days(months(d0, 3), -1));
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 0, expired: 0 });
    travel_to(&app, months(d0, 3));
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 1, expired: 0 });
    assert_eq!(license(&app, &enterprise, &trial).await["state"], "active");
    assert_eq!(act(&app, &enterprise, &trial, "confirm").await.0, StatusCode::CONFLICT);

    let (app, university, enterprise) = parties().await;
    let (id, d0) = license_under(&app, &university, &enterprise, 1, free_offer(12)).await;
    let ends_on = days(months(d0, 12), -1);
    assert_eq!(date(&license(&app, &university, &id).await["ends_on"]), ends_on);
    travel_to(&app, ends_on);
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 0, expired: 0 });
    travel_to(&app, days(ends_on, 1));
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 0, expired: 1 });
    assert_eq!(pick(&license(&app, &university, &id).await, &["state", "ended_on"]), json!(["expired", ends_on]));
}

#[tokio::test]
async fn a_payment_is_overdue_after_the_grace_period_and_only_then_may_the_patentee_terminate() {
    let (app, university, enterprise, id, d0) = deal(lump_sum_offer()).await;
    travel_to(&app, days(d0, 15));
    assert_eq!(column(&obligations(&app, &university, &id).await, "overdue"), [false, false, false]);
    assert_eq!(license(&app, &university, &id).await["amounts"], amounts(3_000_000, 0, 3_000_000, 0));
    let detail = "专利权人仅在被许可人逾期未付款时才能终止许可；被许可人可随时终止";
    let refused = problem(409, "termination_not_allowed", "当前不能终止许可", detail);
    assert_eq!(act(&app, &university, &id, "terminate").await, (StatusCode::CONFLICT, refused));

    // Due on d0 with 15 days' grace: overdue from d0 + 16.
    travel_to(&app, days(d0, 16));
    assert_eq!(column(&obligations(&app, &university, &id).await, "overdue"), [true, false, false]);
    assert_eq!(license(&app, &enterprise, &id).await["amounts"], amounts(3_000_000, 0, 3_000_000, 1_000_000));
    let (status, body) = act(&app, &university, &id, "terminate").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(pick(&body, &["state", "ended_on"]), json!(["terminated", days(d0, 16)]));
    // The instalments that would fall due after the termination are gone; the overdue one stays owed.
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), json!([["lump_sum:1", d0, 1_000_000]]));
}

#[tokio::test]
async fn a_missing_royalty_report_owes_the_minimum_until_the_report_arrives() {
    let (app, university, enterprise, id, d0) = deal(royalty_offer()).await;
    let due = days(months(d0, 3), 30);
    travel_to(&app, due);
    assert_eq!(obligations(&app, &university, &id).await, json!([]));
    travel_to(&app, days(due, 1));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(brief(&list), json!([["royalty:1", due, 100_000]]));
    assert_eq!(pick(&list[0], &["report_missing", "overdue"]), json!([true, false]));
    // The late report replaces the minimum: 10,000,000 × 3% = 300,000.
    assert_eq!(report(&app, &enterprise, &id, 1, 10_000_000).await.0, StatusCode::CREATED);
    travel_to(&app, days(due, 16));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(brief(&list), json!([["royalty:1", due, 300_000]]));
    assert_eq!(pick(&list[0], &["report_missing", "overdue"]), json!([false, true]));
    assert_eq!(license(&app, &university, &id).await["amounts"], amounts(300_000, 0, 300_000, 300_000));
}

#[tokio::test]
async fn payments_settle_an_obligation_exactly_and_overpayment_is_refused_even_when_concurrent() {
    let (app, university, enterprise, id, d0) = deal(lump_sum_offer()).await;
    let first = obligations(&app, &enterprise, &id).await[0]["id"].clone();
    let (status, body) = pay(&app, &enterprise, &id, &first, 400_000).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(pick(&body["payment"], &["amount_fen", "paid_on", "reference"]), json!([400_000, d0, "BANK-0001"]));
    assert_eq!(pick(&body["obligation"], &["paid_fen", "outstanding_fen"]), json!([400_000, 600_000]));

    let mut expected = problem(422, "overpayment", "付款金额超过未付金额", "付款金额超过该款项的未付金额（600000 分）");
    expected["errors"] = json!([{"field": "amount_fen", "code": "overpayment", "message": "最多可付 600000 分"}]);
    assert_eq!(pay(&app, &enterprise, &id, &first, 600_001).await, (StatusCode::UNPROCESSABLE_ENTITY, expected));

    // Both parties pay the remaining 600,000 at once: exactly one payment is taken.
    let (a, b) =
        tokio::join!(pay(&app, &enterprise, &id, &first, 600_000), pay(&app, &university, &id, &first, 600_000));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY], "{} / {}", a.1, b.1);
    let settled = [a.1, b.1].into_iter().find(|body| body["obligation"].is_object()).unwrap();
    assert_eq!(pick(&settled["obligation"], &["paid_fen", "outstanding_fen"]), json!([1_000_000, 0]));
    let (_, payments) = app.get(&format!("/api/v1/licenses/{id}/payments"), &university.token).await;
    assert_eq!(column(&payments, "amount_fen"), [400_000, 600_000]);
    assert_eq!(license(&app, &enterprise, &id).await["amounts"], amounts(3_000_000, 1_000_000, 2_000_000, 0));

    // Another organization, even a university, does not see the license; another obligation id is unknown.
    let not_found = problem(404, "license_not_found", "许可不存在", "许可不存在或无权查看");
    for stranger in [app.enterprise("另一家制造公司").await, app.university("另一所大学").await] {
        assert_eq!(pay(&app, &stranger, &id, &first, 1).await, (StatusCode::NOT_FOUND, not_found.clone()));
    }
    let unknown = problem(404, "obligation_not_found", "应付款项不存在", "该许可没有这笔应付款项");
    assert_eq!(pay(&app, &enterprise, &id, &json!(uuid::Uuid::new_v4()), 1).await, (StatusCode::NOT_FOUND, unknown));
}

#[tokio::test]
async fn the_recordation_proof_carries_the_notice_recording_is_once_only_and_overdue_ones_are_listed() {
    let (app, university, enterprise) = parties().await;
    let (id, d0) = license_under(&app, &university, &enterprise, 1, lump_sum_offer()).await;
    let (unrecorded, _) = license_under(&app, &university, &enterprise, 2, free_offer(36)).await;
    let first = obligations(&app, &enterprise, &id).await[0]["id"].clone();
    assert_eq!(pay(&app, &enterprise, &id, &first, 1_000_000).await.0, StatusCode::CREATED);
    let proof_path = format!("/api/v1/licenses/{id}/recordation-proof");
    let (status, proof) = app.get(&proof_path, &university.token).await;
    assert_eq!(status, StatusCode::OK, "{proof}");
    assert_eq!(pick(&proof["license"], &["id", "recordation_due_on"]), json!([id, months(d0, 3)]));
    assert_eq!((proof["obligations"].as_array().unwrap().len(), date(&proof["generated_on"])), (3, d0));
    assert_eq!(pick(&proof["payments"][0], &["amount_fen", "reference"]), json!([1_000_000, "BANK-0001"]));
    let notice = proof["license"]["notice"].as_str().unwrap();
    assert!(notice.contains("第五十一条") && notice.contains("某精密制造有限公司"), "{notice}");
    let html_path = format!("{proof_path}?format=html");
    let response = app.request(Method::GET, &html_path, Some(&enterprise.token), None).await;
    assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("<pre>{notice}</pre>")), "{html}");
    assert!(html.contains(&format!("尚未备案，备案期限 {}", months(d0, 3))));

    let record = format!("/api/v1/licenses/{id}/recordation");
    let body = json!({"record_number": "X2025990000123", "recorded_on": d0});
    let (status, recorded) = app.post(&record, &enterprise.token, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{recorded}");
    assert_eq!(pick(&recorded, &["recorded_on", "record_number"]), json!([d0, "X2025990000123"]));
    let again = problem(409, "already_recorded", "许可已备案", "该许可已登记备案");
    assert_eq!(app.post(&record, &university.token, body).await, (StatusCode::CONFLICT, again));
    let response = app.request(Method::GET, &html_path, Some(&university.token), None).await;
    assert!(response.text().await.unwrap().contains(&format!("已于 {d0} 备案，备案号 X2025990000123")));

    // Recordation is due three months after the effective day; the day after, the unrecorded license is listed.
    let overdue = "/api/v1/licenses?recordation_overdue=true";
    travel_to(&app, months(d0, 3));
    assert_eq!(app.get(overdue, &university.token).await.1["total"], 0);
    travel_to(&app, days(months(d0, 3), 1));
    let (_, page) = app.get(overdue, &university.token).await;
    assert_eq!(page["total"], 1);
    assert_eq!(pick(&page["items"][0], &["id", "recordation_overdue"]), json!([unrecorded, true]));
}

#[tokio::test]
async fn the_job_writes_each_reminder_once() {
    let (app, university, enterprise, id, d0) = deal(trial_lump_offer()).await;
    let deadline = months(d0, 3); // the trial end, the first instalment and recordation all fall on it
    travel_to(&app, days(deadline, -15));
    app.advance_licenses().await;
    app.advance_licenses().await;
    license(&app, &enterprise, &id).await;
    let due = |kind: &str| (kind.to_string(), deadline);
    assert_eq!(reminders(&app, &university).await, [due("payment_due"), due("recordation_due"), due("trial_ending")]);
    let (_, page) = app.get("/api/v1/reminders", &enterprise.token).await;
    let messages = column(&page["items"], "message");
    for message in [
        format!("试用期将于 {deadline} 届满：请确认实施或声明退出，届满未声明退出的视为确认实施"),
        format!("许可使用费第 1 / 3 期应于 {deadline} 前支付 1000000 分"),
        format!("请于 {deadline} 前向国家知识产权局办理许可备案"),
    ] {
        assert!(messages.contains(&json!(message)), "{message} not in {messages:?}");
    }

    travel_to(&app, days(deadline, 16));
    assert_eq!(app.advance_licenses().await.trials_confirmed, 1);
    app.advance_licenses().await;
    let kinds = ["payment_due", "payment_overdue", "recordation_due", "recordation_overdue", "trial_ending"];
    assert_eq!(reminders(&app, &enterprise).await, kinds.map(due));
}

#[tokio::test]
async fn a_replayed_acceptance_shows_the_amounts_as_of_the_server_s_clock() {
    let (app, university, enterprise) = parties().await;
    let patent = app.eligible_patent_of(&university, 1).await;
    let offer = app.publish_offer(&university, &patent, lump_sum_offer()).await;
    let url = app.url(&format!("/api/v1/offers/{}/licenses", offer["id"].as_str().unwrap()));
    let accept = || app.client.post(&url).bearer_auth(&enterprise.token).header("Idempotency-Key", "order-42");
    let (status, first) = read(accept().json(&json!({})).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // The first instalment, due on d0, is overdue from d0 + 16 (15 days' grace).
    travel_to(&app, days(date(&first["effective_on"]), 16));
    let shown = license(&app, &enterprise, first["id"].as_str().unwrap()).await;
    assert_eq!(shown["amounts"], amounts(3_000_000, 0, 3_000_000, 1_000_000));
    let (status, replayed) = read(accept().json(&json!({})).send().await.unwrap()).await;
    assert_eq!((status, &replayed["id"]), (StatusCode::OK, &shown["id"]));
    assert_eq!(replayed["amounts"], shown["amounts"], "the replay computed the amounts on another day");
}

#[tokio::test]
async fn pricing_guidance_gives_comparables_the_income_approach_caps_and_references() {
    let (app, university, enterprise) = parties().await;
    let target = app.eligible_patent_of(&university, 0).await;
    let query =
        "annual_net_sales_fen=100000000&profit_margin_bp=2000&technology_share_bp=2500&years=3&discount_rate_bp=1000";
    let path = format!("/api/v1/patents/{target}/pricing-guidance?{query}");
    let royalty = |bp: u32| with(royalty_offer(), json!({"royalty_rate_bp": bp, "minimum_per_period_fen": null}));
    let offers = [
        json!({"fee_model": "lump_sum", "amount_fen": 1_000_000, "term_months": 36}),
        with(royalty(400), json!({"fee_model": "entry_fee_royalty", "entry_fee_fen": 500_000})),
        royalty(300),
        free_offer(36),
    ];
    for (n, offer) in (1..).zip(offers) {
        let patent = app.eligible_patent_of(&university, n).await;
        let published = app.publish_offer(&university, &patent, offer).await;
        if n == 1 {
            app.accept(&enterprise, published["id"].as_str().unwrap()).await;
        }
    }
    let (status, body) = app.get(&path, &university.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Weights: the lump sum counts for its offer and its license (2), the others once: 5 in all.
    // Fixed fees [500,000, 1,000,000, 1,000,000]: nearest ranks ⌈3×25%⌉=1, ⌈3×50%⌉=2, ⌈3×75%⌉=3.
    // Net-sales royalties [300, 400]: ranks ⌈0.5⌉=1, ⌈1⌉=1, ⌈1.5⌉=2. Free: 1 of 5 = 2,000 bp.
    let comparables = json!({
        "level": "ipc_subclass", "ipc": "B21D", "offers": 4, "licenses": 1,
        "fixed_fee_fen": {"low": 500_000, "median": 1_000_000, "high": 1_000_000, "count": 3},
        "net_sales_royalty_bp": {"low": 300, "median": 300, "high": 400, "count": 2},
        "free_share_bp": 2000,
    });
    assert_eq!(body["comparables"], comparables);
    // Royalty ≈ 20% × 25% = 500 bp; 100,000,000 fen × 5% = 5,000,000 a year, discounted at 10% for 3 years:
    // 5,000,000/1.1 + 5,000,000/1.21 + 5,000,000/1.331 = 4,545,454 + 4,132,231 + 3,756,574 (each rounded down).
    let income = json!({
        "annual_net_sales_fen": 100_000_000, "profit_margin_bp": 2000, "technology_share_bp": 2500, "years": 3,
        "discount_rate_bp": 1000, "royalty_rate_bp": 500, "annual_royalty_fen": 5_000_000,
        "lump_sum_fen": 4_545_454 + 4_132_231 + 3_756_574, "royalty_within_cap": true, "lump_sum_within_cap": true,
    });
    assert_eq!(body["income_approach"], income);
    let reference = json!({
        "year": 2022, "fixed_fee_average_fen": 321_000_000, "fixed_fee_average_term_months": 43,
        "royalty_contracts_share_bp": 430, "free_share_bp": 3750, "source": "国家知识产权局 2022 年专利实施许可合同备案统计",
    });
    let caps =
        json!({"fixed_fee_max_fen": 2_000_000_000, "net_sales_royalty_max_bp": 2000, "profit_royalty_max_bp": 4000});
    assert_eq!(pick(&body, &["caps", "reference"]), json!([caps, reference]));
    assert_eq!(app.get(&path, &enterprise.token).await, (StatusCode::FORBIDDEN, forbidden("see pricing guidance")));
}
