//! Licensing money: obligations, reports, payments, time, recordation, pricing guidance.

use chrono::{Duration, Months, NaiveDate};
use licensing::service::jobs::AdvanceReport;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Account, TestApp, lump_sum_offer, problem, royalty_offer, spawn_app, validation_problem};

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

/// ¥30,000 in three yearly instalments, after a three-month trial whose charges are deferred.
fn trial_lump_offer() -> Value {
    with(lump_sum_offer(), json!({"trial_months": 3, "trial_charges": "deferred"}))
}

async fn parties() -> (TestApp, Account, Account) {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let enterprise = app.enterprise("某精密制造有限公司").await;
    (app, university, enterprise)
}

/// `enterprise` accepts `offer` on the university's patent number `n`: the license id and its effective day.
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

async fn obligations(app: &TestApp, account: &Account, id: &str) -> Vec<Value> {
    let (status, body) = app.get(&format!("/api/v1/licenses/{id}/obligations"), &account.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

/// `[key, due_on, amount_fen]` of each obligation.
fn brief(list: &[Value]) -> Value {
    list.iter().map(|item| json!([item["key"], item["due_on"], item["amount_fen"]])).collect()
}

async fn report(app: &TestApp, account: &Account, id: &str, period: u32, amount: i64) -> (StatusCode, Value) {
    let body = json!({"period_index": period, "amount_fen": amount});
    app.post(&format!("/api/v1/licenses/{id}/reports"), &account.token, body).await
}

async fn pay(app: &TestApp, account: &Account, id: &str, obligation: &Value, amount: i64) -> (StatusCode, Value) {
    let body = json!({"obligation_id": obligation, "amount_fen": amount, "reference": "BANK-0001"});
    app.post(&format!("/api/v1/licenses/{id}/payments"), &account.token, body).await
}

async fn reminder_kinds(app: &TestApp, account: &Account) -> Vec<(String, NaiveDate)> {
    let (_, page) = app.get("/api/v1/reminders", &account.token).await;
    let mut kinds: Vec<(String, NaiveDate)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["kind"].as_str().unwrap().to_string(), date(&item["due_on"])))
        .collect();
    kinds.sort();
    assert_eq!(page["total"], kinds.len());
    kinds
}

/// floor(base × rate_bp × chargeable_days / (10000 × period_days)), design §3.
fn royalty(base: i64, rate_bp: i64, chargeable: i64, period_days: i64) -> i64 {
    base * rate_bp * chargeable / (10_000 * period_days)
}

#[tokio::test]
async fn lump_sum_instalments_fall_due_on_schedule_and_sum_to_the_amount_exactly() {
    let (app, university, enterprise) = parties().await;
    let offer = with(lump_sum_offer(), json!({"amount_fen": 1_000_001}));
    let (id, d0) = license_under(&app, &university, &enterprise, 1, offer).await;
    // 1,000,001 / 3 = 333,333 twice; the last takes the remainder: 1,000,001 − 666,666 = 333,335.
    let expected = json!([
        ["lump_sum:1", d0.to_string(), 333_333],
        ["lump_sum:2", months(d0, 12).to_string(), 333_333],
        ["lump_sum:3", months(d0, 24).to_string(), 333_335],
    ]);
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), expected);
    let body = license(&app, &university, &id).await;
    assert_eq!(body["ends_on"], months(d0, 36).pred_opt().unwrap().to_string());
    assert_eq!(
        body["amounts"],
        json!({"contracted_fen": 1_000_001, "paid_fen": 0, "outstanding_fen": 1_000_001, "overdue_fen": 0})
    );
    assert_eq!(
        body["payment_text"],
        "分期支付：许可使用费总额人民币10,000.01元，分3期支付，首期于许可生效之日支付，此后每12个月支付一期，每期人民币3,333.33元（末期人民币3,333.35元）。"
    );

    // With 6 free months and a 3-month trial, the first instalment is due at max(6, 3) months.
    let deferred = with(lump_sum_offer(), json!({"free_months": 6, "trial_months": 3, "trial_charges": "deferred"}));
    let (second, _) = license_under(&app, &university, &enterprise, 2, deferred).await;
    let expected = json!([
        ["lump_sum:1", months(d0, 6).to_string(), 1_000_000],
        ["lump_sum:2", months(d0, 18).to_string(), 1_000_000],
        ["lump_sum:3", months(d0, 30).to_string(), 1_000_000],
    ]);
    assert_eq!(brief(&obligations(&app, &enterprise, &second).await), expected);

    let (status, body) = report(&app, &enterprise, &id, 1, 100).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "该许可不按提成收费，无需报告使用情况";
    assert_eq!(
        body,
        validation_problem(json!([{"field": "period_index", "code": "not_applicable", "message": message}]))
    );
}

#[tokio::test]
async fn a_royalty_report_owes_the_exact_royalty_or_the_minimum_when_lower() {
    let (app, university, enterprise, id, d0) = deal(royalty_offer()).await;
    let (p1_end, p2_end) = (months(d0, 3), months(d0, 6));
    let (status, body) = report(&app, &enterprise, &id, 1, 5_000_001).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = format!("第 1 期至 {} 结束，结束后才能报告", days(p1_end, -1));
    assert_eq!(
        body,
        validation_problem(json!([{"field": "period_index", "code": "period_not_ended", "message": message}]))
    );

    travel_to(&app, p1_end);
    let (status, body) = report(&app, &university, &id, 1, 5_000_001).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let detail = "当前角色无权执行此操作（file usage reports (licensee only)）";
    assert_eq!(body, problem(403, "forbidden_role", "当前角色无权执行此操作", detail));
    let (status, body) = report(&app, &enterprise, &id, 1, 5_000_001).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (&body["period_starts_on"], &body["period_ends_before"], &body["base"], &body["amount_fen"]),
        (&json!(d0.to_string()), &json!(p1_end.to_string()), &json!("net_sales"), &json!(5_000_001))
    );
    let (status, body) = report(&app, &enterprise, &id, 1, 1).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, problem(409, "report_exists", "该期使用情况已报告", "第 1 期使用情况已报告，不能重复报告"));

    travel_to(&app, p2_end);
    let (status, _) = report(&app, &enterprise, &id, 2, 1_000_000).await;
    assert_eq!(status, StatusCode::CREATED);
    let list = obligations(&app, &university, &id).await;
    // Period 1: floor(5,000,001 × 300 / 10,000) = 150,000 (≥ the 100,000 minimum).
    // Period 2: 1,000,000 × 3% = 30,000 < minimum → 100,000. Both due 30 days after the period.
    let expected = json!([
        ["royalty:1", days(p1_end, 30).to_string(), 150_000],
        ["royalty:2", days(p2_end, 30).to_string(), 100_000],
    ]);
    assert_eq!(brief(&list), expected);
    assert_eq!((&list[1]["accrues_from"], &list[1]["report_missing"]), (&json!(p1_end.to_string()), &json!(false)));
    let (_, reports) = app.get(&format!("/api/v1/licenses/{id}/reports"), &university.token).await;
    assert_eq!(reports.as_array().unwrap().iter().map(|r| r["period_index"].clone()).collect::<Vec<_>>(), [1, 2]);
}

#[tokio::test]
async fn nothing_accrues_in_a_free_period_and_a_straddling_quarter_is_prorated() {
    let (app, _, enterprise, id, d0) = deal(with(royalty_offer(), json!({"free_months": 4}))).await;
    let free_end = months(d0, 4);
    assert_eq!(license(&app, &enterprise, &id).await["free_until"], free_end.to_string());
    travel_to(&app, months(d0, 6));
    // Quarter 1 is wholly free: even with its report overdue there is no minimum, and its report owes nothing.
    assert!(obligations(&app, &enterprise, &id).await.is_empty());
    assert_eq!(report(&app, &enterprise, &id, 1, 10_000_000).await.0, StatusCode::CREATED);
    assert!(obligations(&app, &enterprise, &id).await.is_empty());

    assert_eq!(report(&app, &enterprise, &id, 2, 10_000_000).await.0, StatusCode::CREATED);
    // Quarter 2 runs [d0+3m, d0+6m); only [d0+4m, d0+6m) is chargeable.
    let chargeable = (months(d0, 6) - free_end).num_days();
    let period = (months(d0, 6) - months(d0, 3)).num_days();
    let earned = royalty(10_000_000, 300, chargeable, period);
    let minimum = 100_000 * chargeable / period;
    assert!(earned > minimum);
    let list = obligations(&app, &enterprise, &id).await;
    assert_eq!(brief(&list), json!([["royalty:2", days(months(d0, 6), 30).to_string(), earned]]));
    assert_eq!(list[0]["accrues_from"], free_end.to_string());
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
    assert!(obligations(&app, &enterprise, &waived).await.is_empty());
    // 10,000,000 × 3% = 300,000, due at the trial end (d0+6m), later than d0+3m+30 days.
    let expected = json!([["royalty:1", months(d0, 6).to_string(), 300_000]]);
    assert_eq!(brief(&obligations(&app, &enterprise, &deferred).await), expected);
}

#[tokio::test]
async fn a_licensee_who_exits_in_the_trial_owes_nothing() {
    let (app, university, enterprise, id, d0) = deal(trial_lump_offer()).await;
    let expected = json!([
        ["lump_sum:1", months(d0, 3).to_string(), 1_000_000],
        ["lump_sum:2", months(d0, 15).to_string(), 1_000_000],
        ["lump_sum:3", months(d0, 27).to_string(), 1_000_000],
    ]);
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), expected);
    let (status, body) = app.post(&format!("/api/v1/licenses/{id}/exit"), &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((&body["state"], &body["ended_on"]), (&json!("exited"), &json!(d0.to_string())));
    assert_eq!(body["amounts"], json!({"contracted_fen": 0, "paid_fen": 0, "outstanding_fen": 0, "overdue_fen": 0}));
    assert!(obligations(&app, &university, &id).await.is_empty());
    let (status, body) = app.post(&format!("/api/v1/licenses/{id}/exit"), &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = "许可处于 exited 状态，不能执行 exit";
    assert_eq!(body, problem(409, "license_state_conflict", "许可当前状态不允许此操作", detail));
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
    let (status, _) = app.post(&format!("/api/v1/licenses/{trial}/confirm"), &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (app, university, enterprise) = parties().await;
    let (id, d0) =
        license_under(&app, &university, &enterprise, 1, json!({"fee_model": "free", "term_months": 12})).await;
    let ends_on = days(months(d0, 12), -1);
    assert_eq!(date(&license(&app, &university, &id).await["ends_on"]), ends_on);
    travel_to(&app, ends_on);
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 0, expired: 0 });
    travel_to(&app, days(ends_on, 1));
    assert_eq!(app.advance_licenses().await, AdvanceReport { reviewed: 1, trials_confirmed: 0, expired: 1 });
    let body = license(&app, &university, &id).await;
    assert_eq!((&body["state"], &body["ended_on"]), (&json!("expired"), &json!(ends_on.to_string())));
}

#[tokio::test]
async fn a_payment_is_overdue_after_the_grace_period_and_only_then_may_the_patentee_terminate() {
    let (app, university, enterprise, id, d0) = deal(lump_sum_offer()).await;
    let terminate = format!("/api/v1/licenses/{id}/terminate");
    travel_to(&app, days(d0, 15));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(list[0]["overdue"], false);
    assert_eq!(license(&app, &university, &id).await["amounts"]["overdue_fen"], 0);
    let (status, body) = app.post(&terminate, &university.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = "专利权人仅在被许可人逾期未付款时才能终止许可；被许可人可随时终止";
    assert_eq!(body, problem(409, "termination_not_allowed", "当前不能终止许可", detail));

    // Due on d0, grace 15 days: overdue from d0 + 16.
    travel_to(&app, days(d0, 16));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(
        (&list[0]["key"], &list[0]["overdue"], &list[1]["overdue"]),
        (&json!("lump_sum:1"), &json!(true), &json!(false))
    );
    let expected =
        json!({"contracted_fen": 3_000_000, "paid_fen": 0, "outstanding_fen": 3_000_000, "overdue_fen": 1_000_000});
    assert_eq!(license(&app, &enterprise, &id).await["amounts"], expected);
    let (status, body) = app.post(&terminate, &university.token, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((&body["state"], &body["ended_on"]), (&json!("terminated"), &json!(days(d0, 16).to_string())));
    // The instalments due after the termination are gone; the overdue one stays owed.
    assert_eq!(brief(&obligations(&app, &enterprise, &id).await), json!([["lump_sum:1", d0.to_string(), 1_000_000]]));
}

#[tokio::test]
async fn a_missing_royalty_report_owes_the_minimum_until_the_report_arrives() {
    let (app, university, enterprise, id, d0) = deal(royalty_offer()).await;
    let due = days(months(d0, 3), 30);
    travel_to(&app, due);
    assert!(obligations(&app, &university, &id).await.is_empty());
    travel_to(&app, days(due, 1));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(brief(&list), json!([["royalty:1", due.to_string(), 100_000]]));
    assert_eq!((&list[0]["report_missing"], &list[0]["overdue"]), (&json!(true), &json!(false)));
    // The late report replaces the minimum: 10,000,000 × 3% = 300,000.
    assert_eq!(report(&app, &enterprise, &id, 1, 10_000_000).await.0, StatusCode::CREATED);
    travel_to(&app, days(due, 16));
    let list = obligations(&app, &university, &id).await;
    assert_eq!(brief(&list), json!([["royalty:1", due.to_string(), 300_000]]));
    assert_eq!((&list[0]["report_missing"], &list[0]["overdue"]), (&json!(false), &json!(true)));
    assert_eq!(license(&app, &university, &id).await["amounts"]["overdue_fen"], 300_000);
}

#[tokio::test]
async fn payments_settle_an_obligation_exactly_and_overpayment_is_refused() {
    let (app, university, enterprise, id, d0) = deal(lump_sum_offer()).await;
    let first = obligations(&app, &enterprise, &id).await[0]["id"].clone();
    let (status, body) = pay(&app, &enterprise, &id, &first, 400_000).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (&body["payment"]["amount_fen"], &body["payment"]["paid_on"]),
        (&json!(400_000), &json!(d0.to_string()))
    );
    assert_eq!(
        (&body["obligation"]["paid_fen"], &body["obligation"]["outstanding_fen"]),
        (&json!(400_000), &json!(600_000))
    );

    let (status, body) = pay(&app, &enterprise, &id, &first, 600_001).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut expected = problem(422, "overpayment", "付款金额超过未付金额", "付款金额超过该款项的未付金额（600000 分）");
    expected["errors"] = json!([{"field": "amount_fen", "code": "overpayment", "message": "最多可付 600000 分"}]);
    assert_eq!(body, expected);

    let (status, body) = pay(&app, &university, &id, &first, 600_000).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (&body["obligation"]["paid_fen"], &body["obligation"]["outstanding_fen"]),
        (&json!(1_000_000), &json!(0))
    );
    let (_, payments) = app.get(&format!("/api/v1/licenses/{id}/payments"), &university.token).await;
    assert_eq!(
        payments.as_array().unwrap().iter().map(|p| p["amount_fen"].clone()).collect::<Vec<_>>(),
        [400_000, 600_000]
    );
    let expected =
        json!({"contracted_fen": 3_000_000, "paid_fen": 1_000_000, "outstanding_fen": 2_000_000, "overdue_fen": 0});
    assert_eq!(license(&app, &enterprise, &id).await["amounts"], expected);
}

#[tokio::test]
async fn only_the_two_parties_may_pay_and_only_the_license_s_own_obligations() {
    let (app, _, enterprise, id, _) = deal(lump_sum_offer()).await;
    let first = obligations(&app, &enterprise, &id).await[0]["id"].clone();
    let not_found = problem(404, "license_not_found", "许可不存在", "许可不存在或无权查看");
    for stranger in [app.enterprise("另一家制造公司").await, app.university("另一所大学").await] {
        let (status, body) = pay(&app, &stranger, &id, &first, 1).await;
        assert_eq!((status, body), (StatusCode::NOT_FOUND, not_found.clone()));
    }
    let (status, body) = pay(&app, &enterprise, &id, &json!(uuid::Uuid::new_v4()), 1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, problem(404, "obligation_not_found", "应付款项不存在", "该许可没有这笔应付款项"));
}

#[tokio::test]
async fn the_recordation_proof_carries_the_notice_and_recording_is_once_only() {
    let (app, university, enterprise) = parties().await;
    let (id, d0) = license_under(&app, &university, &enterprise, 1, lump_sum_offer()).await;
    let (unrecorded, _) =
        license_under(&app, &university, &enterprise, 2, json!({"fee_model": "free", "term_months": 36})).await;
    let first = obligations(&app, &enterprise, &id).await[0]["id"].clone();
    assert_eq!(pay(&app, &enterprise, &id, &first, 1_000_000).await.0, StatusCode::CREATED);
    let proof_path = format!("/api/v1/licenses/{id}/recordation-proof");
    let (status, proof) = app.get(&proof_path, &university.token).await;
    assert_eq!(status, StatusCode::OK, "{proof}");
    assert_eq!((&proof["license"]["id"], &proof["generated_on"]), (&json!(id), &json!(d0.to_string())));
    assert_eq!(proof["obligations"].as_array().unwrap().len(), 3);
    assert_eq!(
        (&proof["payments"][0]["amount_fen"], &proof["payments"][0]["reference"]),
        (&json!(1_000_000), &json!("BANK-0001"))
    );
    let notice = proof["license"]["notice"].as_str().unwrap();
    assert!(notice.contains("第五十一条") && notice.contains("某精密制造有限公司"));
    let html_path = format!("{proof_path}?format=html");
    let response = app.request(Method::GET, &html_path, Some(&enterprise.token), None).await;
    assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("<pre>{notice}</pre>")), "{html}");
    assert!(html.contains(&format!("尚未备案，备案期限 {}", months(d0, 3))) && html.contains("BANK-0001"));

    let record = format!("/api/v1/licenses/{id}/recordation");
    let body = json!({"record_number": "X2025990000123", "recorded_on": d0.to_string()});
    let (status, recorded) = app.post(&record, &enterprise.token, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{recorded}");
    assert_eq!(
        (&recorded["recorded_on"], &recorded["record_number"]),
        (&json!(d0.to_string()), &json!("X2025990000123"))
    );
    let (status, again) = app.post(&record, &university.token, body).await;
    assert_eq!(
        (status, again),
        (StatusCode::CONFLICT, problem(409, "already_recorded", "许可已备案", "该许可已登记备案"))
    );
    let response = app.request(Method::GET, &html_path, Some(&university.token), None).await;
    assert!(response.text().await.unwrap().contains(&format!("已于 {d0} 备案，备案号 X2025990000123")));

    // Recordation is due three months after the effective day; the day after, the unrecorded one is listed.
    let overdue = "/api/v1/licenses?recordation_overdue=true";
    travel_to(&app, months(d0, 3));
    assert_eq!(app.get(overdue, &university.token).await.1["total"], 0);
    travel_to(&app, days(months(d0, 3), 1));
    let (_, page) = app.get(overdue, &university.token).await;
    assert_eq!((&page["total"], &page["items"][0]["id"]), (&json!(1), &json!(unrecorded)));
    assert_eq!(page["items"][0]["recordation_overdue"], true);
}

#[tokio::test]
async fn the_job_writes_each_reminder_once() {
    let (app, university, enterprise, id, d0) = deal(trial_lump_offer()).await;
    let deadline = months(d0, 3); // trial end, first instalment and recordation all fall on it
    travel_to(&app, days(deadline, -15));
    app.advance_licenses().await;
    app.advance_licenses().await;
    license(&app, &enterprise, &id).await;
    let due = |kind: &str| (kind.to_string(), deadline);
    let expected = vec![due("payment_due"), due("recordation_due"), due("trial_ending")];
    assert_eq!(reminder_kinds(&app, &university).await, expected);
    let (_, page) = app.get("/api/v1/reminders", &enterprise.token).await;
    let messages: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|r| r["message"].as_str().unwrap()).collect();
    for message in [
        format!("试用期将于 {deadline} 届满：请确认实施或声明退出，届满未声明退出的视为确认实施"),
        format!("许可使用费第 1 / 3 期应于 {deadline} 前支付 1000000 分"),
        format!("请于 {deadline} 前向国家知识产权局办理许可备案"),
    ] {
        assert!(messages.contains(&message.as_str()), "{message} not in {messages:?}");
    }

    travel_to(&app, days(deadline, 16));
    assert_eq!(app.advance_licenses().await.trials_confirmed, 1);
    app.advance_licenses().await;
    let expected = vec![
        due("payment_due"),
        due("payment_overdue"),
        due("recordation_due"),
        due("recordation_overdue"),
        due("trial_ending"),
    ];
    assert_eq!(reminder_kinds(&app, &enterprise).await, expected);
}

#[tokio::test]
async fn pricing_guidance_gives_comparables_the_income_approach_caps_and_references() {
    let (app, university, enterprise) = parties().await;
    let target = app.eligible_patent_of(&university, 0).await;
    let path = format!(
        "/api/v1/patents/{target}/pricing-guidance?annual_net_sales_fen=100000000&profit_margin_bp=2000&technology_share_bp=2500&years=3&discount_rate_bp=1000"
    );
    let royalty = |bp: u32| with(royalty_offer(), json!({"royalty_rate_bp": bp, "minimum_per_period_fen": null}));
    let offers = [
        json!({"fee_model": "lump_sum", "amount_fen": 1_000_000, "term_months": 36}),
        with(royalty(400), json!({"fee_model": "entry_fee_royalty", "entry_fee_fen": 500_000})),
        royalty(300),
        json!({"fee_model": "free", "term_months": 36}),
    ];
    for (n, offer) in (1..).zip(offers) {
        let patent = app.eligible_patent_of(&university, n).await;
        let published = app.publish_offer(&university, &patent, offer).await;
        if n == 1 {
            app.accept(&enterprise, published["id"].as_str().unwrap()).await;
        }
        if n == 2 {
            // Two comparables are too few at any level.
            assert_eq!(app.get(&path, &university.token).await.1["comparables"]["level"], "none");
        }
    }
    let (status, body) = app.get(&path, &university.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Weights: the lump sum counts once for its offer and once for its license (2), the others once: 5 in all.
    // Fixed fees [500,000, 1,000,000, 1,000,000]: nearest ranks ⌈3×25%⌉=1, ⌈3×50%⌉=2, ⌈3×75%⌉=3.
    // Net-sales royalties [300, 400]: ranks ⌈0.5⌉=1, ⌈1⌉=1, ⌈1.5⌉=2. Free: 1 of 5 = 2000 bp.
    let comparables = json!({
        "level": "ipc_subclass", "ipc": "B21D", "offers": 4, "licenses": 1,
        "fixed_fee_fen": {"low": 500_000, "median": 1_000_000, "high": 1_000_000, "count": 3},
        "net_sales_royalty_bp": {"low": 300, "median": 300, "high": 400, "count": 2},
        "free_share_bp": 2000,
    });
    assert_eq!(body["comparables"], comparables);
    // royalty = 20% × 25% = 500 bp; 1,000,000.00 yuan × 5% = 5,000,000 fen a year; discounted at 10% over 3 years:
    // 5,000,000/1.1 + 5,000,000/1.21 + 5,000,000/1.331 = 4,545,454 + 4,132,231 + 3,756,574 (each rounded down).
    let income = json!({
        "annual_net_sales_fen": 100_000_000, "profit_margin_bp": 2000, "technology_share_bp": 2500, "years": 3,
        "discount_rate_bp": 1000, "royalty_rate_bp": 500, "annual_royalty_fen": 5_000_000,
        "lump_sum_fen": 4_545_454 + 4_132_231 + 3_756_574, "royalty_within_cap": true, "lump_sum_within_cap": true,
    });
    assert_eq!(body["income_approach"], income);
    let caps =
        json!({"fixed_fee_max_fen": 2_000_000_000i64, "net_sales_royalty_max_bp": 2000, "profit_royalty_max_bp": 4000});
    assert_eq!(body["caps"], caps);
    let reference = json!({
        "year": 2022, "fixed_fee_average_fen": 321_000_000, "fixed_fee_average_term_months": 43,
        "royalty_contracts_share_bp": 430, "free_share_bp": 3750, "source": "国家知识产权局 2022 年专利实施许可合同备案统计",
    });
    assert_eq!(body["reference"], reference);

    let (status, body) = app.get(&path, &enterprise.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let detail = "当前角色无权执行此操作（see pricing guidance）";
    assert_eq!(body, problem(403, "forbidden_role", "当前角色无权执行此操作", detail));
}
