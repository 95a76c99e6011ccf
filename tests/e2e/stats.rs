//! Operator statistics over HTTP: KPIs with hand-computed figures across periods, universities,
//! regions and years; the funnel; dormancy; follow-up lists; the audit trail; CSV exports.

use std::time::{Duration, Instant};

use chrono::{Months, NaiveDate};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    Account, TestApp, eligible_patent, lump_sum_offer, problem, read, royalty_offer, spawn_app, validation_problem,
};

const FIRST_INSTALMENT: i64 = 1_000_000;

/// The scripted market of the KPI tests.
///
/// One year before today (D0): university A (海淀区) publishes a lump-sum offer on a1 and
/// enterprise E1 accepts it (L1: 3 yearly instalments of ¥10,000, due D0, D0+12m, D0+24m).
/// Today (D1): A publishes a royalty offer on a2 and a lump-sum offer on a3, then withdraws a3;
/// university B (浦东新区) publishes a lump-sum offer on b1. E1 and E2 accept a2 (L2, L3); E2
/// accepts b1 (L4) and pays its first instalment.
struct Market {
    d0: NaiveDate,
    d1: NaiveDate,
    a: Account,
    b: Account,
    e1: Account,
    e2: Account,
    a2: String,
    a2_offer: String,
    l1: String,
    l4: String,
}

async fn market(app: &TestApp) -> Market {
    let d1 = app.clock.today();
    let d0 = d1.checked_sub_months(Months::new(12)).unwrap();
    let a = app.register_in("university", "浙江工业大学", "110108").await;
    let b = app.register_in("university", "上海理工大学", "310115").await;
    let e1 = app.enterprise("杭州精工机械有限公司").await;
    let e2 = app.enterprise("宁波海天塑机有限公司").await;

    app.clock.advance_days(-(d1 - d0).num_days());
    let a1 = app.eligible_patent_of(&a, 1).await;
    let a1_offer = app.publish_offer(&a, &a1, lump_sum_offer()).await;
    let l1 = app.accept(&e1, a1_offer["id"].as_str().unwrap()).await;
    app.clock.advance_days((d1 - d0).num_days());
    assert_eq!(app.clock.today(), d1);

    let a2 = app.eligible_patent_of(&a, 2).await;
    let a3 = app.eligible_patent_of(&a, 3).await;
    let b1 = app.eligible_patent_of(&b, 4).await;
    let a2_offer = app.publish_offer(&a, &a2, royalty_offer()).await;
    let a3_offer = app.publish_offer(&a, &a3, lump_sum_offer()).await;
    let withdraw = format!("/api/v1/offers/{}/withdraw", a3_offer["id"].as_str().unwrap());
    assert_eq!(app.post(&withdraw, &a.token, json!({})).await.0, StatusCode::OK);
    let b1_offer = app.publish_offer(&b, &b1, lump_sum_offer()).await;
    let a2_offer = a2_offer["id"].as_str().unwrap().to_string();
    app.accept(&e1, &a2_offer).await;
    app.accept(&e2, &a2_offer).await;
    let l4 = app.accept(&e2, b1_offer["id"].as_str().unwrap()).await;
    let l4 = l4["id"].as_str().unwrap().to_string();

    let (_, obligations) = app.get(&format!("/api/v1/licenses/{l4}/obligations"), &e2.token).await;
    let first = &obligations[0];
    assert_eq!(
        (first["due_on"].as_str().unwrap(), first["amount_fen"].as_i64().unwrap()),
        (&*d1.to_string(), FIRST_INSTALMENT)
    );
    let body = json!({"obligation_id": first["id"], "amount_fen": FIRST_INSTALMENT, "reference": "BANK-0001"});
    let (status, paid) = app.post(&format!("/api/v1/licenses/{l4}/payments"), &e2.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");

    Market { d0, d1, a, b, e1, e2, a2, a2_offer, l1: l1["id"].as_str().unwrap().to_string(), l4 }
}

async fn kpis(app: &TestApp, account: &Account, query: &str) -> Value {
    let (status, body) = app.get(&format!("/api/v1/stats/kpis?{query}"), &account.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The figures of a KPI row, without its key, label, period and targets.
fn figures(row: &Value) -> Value {
    let mut figures = row.clone();
    for field in ["key", "label", "period", "targets"] {
        figures.as_object_mut().unwrap().remove(field);
    }
    figures
}

fn met(row: &Value) -> Vec<(String, bool)> {
    row["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| (check["kpi"].as_str().unwrap().to_string(), check["met"].as_bool().unwrap()))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn expected(
    open: (i64, i64, i64, i64),
    licenses: i64,
    states: Value,
    fee_models: Value,
    smes: i64,
    money: (i64, i64),
    previous: i64,
) -> Value {
    let (at_end, published, total, converted) = open;
    let rate = (total > 0).then(|| converted * 10_000 / total);
    let growth = (previous > 0).then(|| (licenses - previous) * 10_000 / previous);
    json!({
        "open_licensed_at_end": at_end,
        "open_licensed_published": published,
        "open_licensed_total": total,
        "converted_patents": converted,
        "conversion_rate_bp": rate,
        "licenses": licenses,
        "licenses_by_state": states,
        "licenses_by_fee_model": fee_models,
        "smes_served": smes,
        "contracted_fen": money.0,
        "paid_fen": money.1,
        "licenses_previous_year": previous,
        "license_growth_bp": growth,
    })
}

#[tokio::test]
async fn kpis_count_offers_licenses_and_money_exactly_by_period_university_region_and_year() {
    let app = spawn_app().await;
    let m = market(&app).await;
    let operator = app.operator().await;
    let today = format!("from={d}&to={d}", d = m.d1);

    // Today only. In force at the end: a1, a2, b1 (a3 was withdrawn the day it was published).
    // Published today: a2, a3, b1. Ever open-licensed: 4; licensed: a1, a2, b1 → 7500 bp.
    // Due today: L1's second instalment and L4's first; paid: L4's first. A year ago: L1.
    let body = kpis(&app, &operator, &today).await;
    let total = expected(
        (3, 3, 4, 3),
        3,
        json!({"active": 3}),
        json!({"royalty": 2, "lump_sum": 1}),
        2,
        (2 * FIRST_INSTALMENT, FIRST_INSTALMENT),
        1,
    );
    assert_eq!(figures(&body["total"]), total);
    assert_eq!(body["total"]["conversion_rate_bp"], 7_500);
    assert_eq!(body["total"]["license_growth_bp"], 20_000);
    assert_eq!(body["total"]["label"], "合计");
    assert_eq!(
        body["policy_targets"],
        json!({"open_licensed": 100, "conversion_bp": 1000, "growth_bp": 1000, "smes_served": 100})
    );
    let checks =
        [("open_licensed", false), ("conversion_rate_bp", true), ("license_growth_bp", true), ("smes_served", false)];
    assert_eq!(met(&body["total"]), checks.map(|(kpi, met)| (kpi.to_string(), met)));

    // Per university: B has no license a year ago, so its growth has a zero base (null, met).
    let body = kpis(&app, &operator, &format!("{today}&group_by=university")).await;
    assert_eq!(figures(&body["total"]), total, "the total does not depend on the grouping");
    let groups = body["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let a_row = groups.iter().find(|row| row["key"] == json!(m.a.organization_id)).unwrap();
    let b_row = groups.iter().find(|row| row["key"] == json!(m.b.organization_id)).unwrap();
    assert_eq!((a_row["label"].as_str(), b_row["label"].as_str()), (Some("浙江工业大学"), Some("上海理工大学")));
    let a_expected =
        expected((2, 2, 3, 2), 2, json!({"active": 2}), json!({"royalty": 2}), 2, (FIRST_INSTALMENT, 0), 1);
    let b_expected = expected(
        (1, 1, 1, 1),
        1,
        json!({"active": 1}),
        json!({"lump_sum": 1}),
        1,
        (FIRST_INSTALMENT, FIRST_INSTALMENT),
        0,
    );
    assert_eq!(figures(a_row), a_expected);
    assert_eq!(figures(b_row), b_expected);
    assert_eq!(b_row["license_growth_bp"], Value::Null);
    assert!(met(b_row).contains(&("license_growth_bp".to_string(), true)));

    // Per region: the same two groups under the region codes.
    let body = kpis(&app, &operator, &format!("{today}&group_by=region")).await;
    let regions: Vec<(Value, Value)> =
        body["groups"].as_array().unwrap().iter().map(|row| (row["key"].clone(), figures(row))).collect();
    assert_eq!(regions, [(json!("110108"), a_expected.clone()), (json!("310115"), b_expected.clone())]);
    assert_eq!(figures(&body["total"]), total);

    // Per IPC section: every patent is B21D (section B).
    let body = kpis(&app, &operator, &format!("{today}&group_by=ipc_section")).await;
    assert_eq!(body["groups"].as_array().unwrap().len(), 1);
    assert_eq!(body["groups"][0]["key"], "B");
    assert_eq!(figures(&body["groups"][0]), total);

    // Per declared industry (both universities declared C) and per IPC class (B21).
    for (group, key) in [("industry", "C"), ("ipc_class", "B21")] {
        let body = kpis(&app, &operator, &format!("{today}&group_by={group}")).await;
        let keys: Vec<&str> =
            body["groups"].as_array().unwrap().iter().map(|row| row["key"].as_str().unwrap()).collect();
        assert_eq!(keys, [key], "{group}");
        assert_eq!(figures(&body["groups"][0]), total, "{group}");
        assert_eq!(figures(&body["total"]), total, "{group}");
    }

    // A university sees exactly its own row as the total, and only itself in the groups.
    let own = kpis(&app, &m.a, &format!("{today}&group_by=university")).await;
    assert_eq!(figures(&own["total"]), a_expected);
    assert_eq!(own["groups"].as_array().unwrap().len(), 1);
    assert_eq!(own["groups"][0]["key"], json!(m.a.organization_id));

    // By year over [D0, D1]: the stocks carry from one year into the next.
    let body = kpis(&app, &operator, &format!("from={}&to={}&group_by=year", m.d0, m.d1)).await;
    let years = body["groups"].as_array().unwrap();
    let year_keys: Vec<&str> = years.iter().map(|row| row["key"].as_str().unwrap()).collect();
    let d0_year = m.d0.format("%Y").to_string();
    let d1_year = m.d1.format("%Y").to_string();
    assert_eq!(year_keys, [d0_year.as_str(), d1_year.as_str()]);
    assert_eq!(years[0]["period"], json!({"from": m.d0, "to": format!("{d0_year}-12-31")}));
    assert_eq!(years[1]["period"], json!({"from": format!("{d1_year}-01-01"), "to": m.d1}));
    let first_year =
        expected((1, 1, 1, 1), 1, json!({"active": 1}), json!({"lump_sum": 1}), 1, (FIRST_INSTALMENT, 0), 0);
    assert_eq!(figures(&years[0]), first_year);
    // The second bucket's previous year runs from 1 January to D0 and holds L1.
    let second_year = expected(
        (3, 3, 4, 3),
        3,
        json!({"active": 3}),
        json!({"royalty": 2, "lump_sum": 1}),
        2,
        (2 * FIRST_INSTALMENT, FIRST_INSTALMENT),
        1,
    );
    assert_eq!(figures(&years[1]), second_year);
    // The whole period's year before, [D0 - 12 months, D0], ends on D0 and so holds L1.
    let whole = expected(
        (3, 4, 4, 3),
        4,
        json!({"active": 4}),
        json!({"royalty": 2, "lump_sum": 2}),
        2,
        (3 * FIRST_INSTALMENT, FIRST_INSTALMENT),
        1,
    );
    assert_eq!(figures(&body["total"]), whole);

    // Period edges: strictly between D0 and D1 nothing flows; the stocks are those of D0's end.
    let inside = format!("from={}&to={}", m.d0.succ_opt().unwrap(), m.d1.pred_opt().unwrap());
    let body = kpis(&app, &operator, &inside).await;
    assert_eq!(figures(&body["total"]), expected((1, 0, 1, 1), 0, json!({}), json!({}), 0, (0, 0), 0));
    assert!(met(&body["total"]).contains(&("license_growth_bp".to_string(), false)));
    // A period ending on D0 includes D0's license; one starting on D1 excludes it.
    let body = kpis(&app, &operator, &format!("from={}&to={}", m.d0, m.d0)).await;
    assert_eq!(body["total"]["licenses"], 1);
    assert_eq!(body["total"]["contracted_fen"], FIRST_INSTALMENT);
}

#[tokio::test]
async fn kpi_csv_export_round_trips_the_json_figures_with_chinese_headers() {
    let app = spawn_app().await;
    let m = market(&app).await;
    let operator = app.operator().await;
    let query = format!("from={d}&to={d}&group_by=university", d = m.d1);
    let json_report = kpis(&app, &operator, &query).await;

    let response = app
        .request(Method::GET, &format!("/api/v1/stats/export.csv?report=kpis&{query}"), Some(&operator.token), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(response.headers()["kaixu-export-truncated"], "false");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark for Excel");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<Vec<&str>> =
        text.split("\r\n").filter(|line| !line.is_empty()).map(|line| line.split(',').collect()).collect();
    let header = &lines[0];
    assert_eq!(header[..4], ["高校", "分组代码", "起始日", "截止日"]);
    assert!(
        header.contains(&"实施率（基点）") && header.contains(&"许可状态：有效") && header.contains(&"收费方式：提成")
    );
    assert_eq!(lines.len(), 4, "header, total and two universities");

    let column = |name: &str| header.iter().position(|header| *header == name).unwrap();
    let rows = std::iter::once(&json_report["total"]).chain(json_report["groups"].as_array().unwrap());
    for (line, row) in lines[1..].iter().zip(rows) {
        assert_eq!(line[column("高校")], row["label"].as_str().unwrap());
        assert_eq!(line[column("分组代码")], row["key"].as_str().unwrap_or(""));
        for (header, field) in [
            ("期末开放许可专利数", "open_licensed_at_end"),
            ("期内发布开放许可专利数", "open_licensed_published"),
            ("累计开放许可专利数", "open_licensed_total"),
            ("已许可专利数", "converted_patents"),
            ("实施率（基点）", "conversion_rate_bp"),
            ("期内许可数", "licenses"),
            ("服务中小企业数", "smes_served"),
            ("应付金额（分）", "contracted_fen"),
            ("实付金额（分）", "paid_fen"),
            ("上年同期许可数", "licenses_previous_year"),
            ("同比增长（基点）", "license_growth_bp"),
        ] {
            let cell = line[column(header)];
            let expected = match &row[field] {
                Value::Null => String::new(),
                value => value.to_string(),
            };
            assert_eq!(cell, expected, "{header} of {}", row["label"]);
        }
        let royalty = row["licenses_by_fee_model"]["royalty"].as_i64().unwrap_or(0);
        assert_eq!(line[column("收费方式：提成")], royalty.to_string());
        let growth_met = row["targets"][2]["met"].as_bool().unwrap();
        assert_eq!(line[column("目标达成：许可数量同比增长（基点）")], if growth_met { "是" } else { "否" });
    }
}

/// Polls the funnel until page views have been written (they are written off the request path).
async fn funnel_when(app: &TestApp, account: &Account, query: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = app.get(&format!("/api/v1/stats/funnel?{query}"), &account.token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if ready(&body) || Instant::now() > deadline {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_funnel_counts_views_accepts_activations_and_first_payments() {
    let app = spawn_app().await;
    let m = market(&app).await;
    let operator = app.operator().await;
    // Enterprise views count; the patentee's own views do not; anonymous offer views do.
    for account in [&m.e1, &m.e1, &m.a] {
        assert_eq!(app.get(&format!("/api/v1/patents/{}", m.a2), &account.token).await.0, StatusCode::OK);
    }
    assert_eq!(app.get(&format!("/api/v1/offers/{}", m.a2_offer), &m.e2.token).await.0, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/offers/{}", m.a2_offer), &m.a.token).await.0, StatusCode::OK);
    let anonymous = app.request(Method::GET, &format!("/api/v1/offers/{}", m.a2_offer), None, None).await;
    assert_eq!(anonymous.status(), StatusCode::OK);

    let query = format!("from={d}&to={d}&group_by=university", d = m.d1);
    let body = funnel_when(&app, &operator, &query, |body| body["total"]["offer_views"] == 2).await;
    let steps = json!({
        "patent_views": 2, "offer_views": 2, "accepts": 3,
        "trials_confirmed": 0, "licenses_active": 3, "first_payments": 1,
    });
    let mut total = body["total"].clone();
    for field in ["key", "label", "period"] {
        total.as_object_mut().unwrap().remove(field);
    }
    assert_eq!(total, steps);
    let a_row = body["groups"].as_array().unwrap().iter().find(|row| row["key"] == json!(m.a.organization_id)).unwrap();
    assert_eq!(
        (a_row["patent_views"].clone(), a_row["accepts"].clone(), a_row["first_payments"].clone()),
        (json!(2), json!(2), json!(0))
    );

    // A university's funnel holds its own steps only.
    let own = funnel_when(&app, &m.b, &format!("from={d}&to={d}", d = m.d1), |_| true).await;
    assert_eq!((own["total"]["patent_views"].clone(), own["total"]["accepts"].clone()), (json!(0), json!(1)));
    assert_eq!(own["total"]["first_payments"], 1);

    // Monthly: every month of the period is listed, empty ones included.
    let monthly = format!("from={}&to={}&group_by=month", m.d0, m.d1);
    let body = funnel_when(&app, &operator, &monthly, |_| true).await;
    let months = body["groups"].as_array().unwrap();
    assert_eq!(months.len(), 13);
    assert_eq!(months[0]["accepts"], 1);
    assert_eq!(months[12]["accepts"], 3);
    assert_eq!(months[6]["accepts"], 0);
}

#[tokio::test]
async fn follow_up_lists_show_overdue_recordations_and_payments_and_trials_ending() {
    let app = spawn_app().await;
    let m = market(&app).await;
    let operator = app.operator().await;
    let list = |name: &str| format!("/api/v1/stats/follow-ups?list={name}");

    // L1 (accepted a year ago) was never recorded (due D0 + 3 months) and its first instalment
    // (due D0) is unpaid past the 15-day grace period.
    let (status, recordations) = app.get(&list("overdue_recordations"), &operator.token).await;
    assert_eq!(status, StatusCode::OK, "{recordations}");
    assert_eq!(recordations["total"], 1);
    let due = m.d0.checked_add_months(Months::new(3)).unwrap();
    let item = &recordations["items"][0];
    assert_eq!(
        (item["license_id"].clone(), item["due_on"].clone(), item["days_overdue"].clone()),
        (json!(m.l1), json!(due), json!((m.d1 - due).num_days()))
    );
    assert_eq!(
        (item["licensor_name"].as_str(), item["licensee_name"].as_str()),
        (Some("浙江工业大学"), Some("杭州精工机械有限公司"))
    );

    let (_, payments) = app.get(&list("overdue_payments"), &operator.token).await;
    assert_eq!(payments["total"], 1);
    let item = &payments["items"][0];
    assert_eq!(
        (item["license_id"].clone(), item["due_on"].clone(), item["outstanding_fen"].clone()),
        (json!(m.l1), json!(m.d0), json!(FIRST_INSTALMENT))
    );

    // University B granted neither: its lists are empty; A sees L1.
    assert_eq!(app.get(&list("overdue_payments"), &m.b.token).await.1["total"], 0);
    assert_eq!(app.get(&list("overdue_recordations"), &m.a.token).await.1["total"], 1);
    // The recordation removes L1 from its list.
    let body = json!({"record_number": "2026110000123", "recorded_on": m.d1});
    let (status, recorded) = app.post(&format!("/api/v1/licenses/{}/recordation", m.l1), &m.a.token, body).await;
    assert_eq!(status, StatusCode::OK, "{recorded}");
    assert_eq!(app.get(&list("overdue_recordations"), &operator.token).await.1["total"], 0);

    // A 3-month trial shows up once it ends within 30 days, then counts as confirmed.
    let mut trial = lump_sum_offer();
    trial["trial_months"] = json!(3);
    trial["trial_charges"] = json!("deferred");
    let t1 = app.eligible_patent_of(&m.b, 9).await;
    let offer = app.publish_offer(&m.b, &t1, trial).await;
    let license = app.accept(&m.e1, offer["id"].as_str().unwrap()).await;
    let trial_end: NaiveDate = license["trial_ends_on"].as_str().unwrap().parse().unwrap();
    assert_eq!(app.get(&list("trials_ending"), &operator.token).await.1["total"], 0);
    app.clock.advance_days((trial_end - m.d1).num_days() - 20);
    let (_, ending) = app.get(&list("trials_ending"), &m.b.token).await;
    assert_eq!((ending["total"].clone(), ending["items"][0]["days_overdue"].clone()), (json!(1), json!(-20)));
    app.clock.advance_days(20);
    app.advance_licenses().await;
    let trial_id = license["id"].as_str().unwrap();
    let (_, trail) = app.get(&format!("/api/v1/stats/audit?target_id={trial_id}"), &operator.token).await;
    let entries: Vec<(Value, Value)> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (entry["action"].clone(), entry["user_id"].clone()))
        .collect();
    assert_eq!(entries, [(json!("license.trial_end"), Value::Null), (json!("license.accept"), json!(m.e1.user_id))]);
    assert_eq!(app.get(&list("trials_ending"), &operator.token).await.1["total"], 0);
    let period = format!("from={d}&to={d}", d = trial_end);
    let body = funnel_when(&app, &operator, &period, |_| true).await;
    assert_eq!(
        (body["total"]["trials_confirmed"].clone(), body["total"]["licenses_active"].clone()),
        (json!(1), json!(1))
    );

    let (status, body) = app.get(&list("unpaid"), &operator.token).await;
    assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("unknown_list")));
}

/// A state-funded patent of `university` granted on `grant`, applied for 6 months earlier.
async fn granted(app: &TestApp, university: &Account, n: u32, grant: NaiveDate, extra: Value) -> String {
    let mut body = eligible_patent();
    body["publication_number"] = json!(format!("CN2157{n:05}U"));
    body["application_date"] = json!(grant.checked_sub_months(Months::new(6)).unwrap());
    body["grant_date"] = json!(grant);
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.create_patent(university, body).await
}

#[tokio::test]
async fn dormant_state_funded_patents_are_listed_by_stage_with_the_clock_dates() {
    let app = spawn_app().await;
    let today = app.clock.today();
    let months_ago = |months: u32| today.checked_sub_months(Months::new(months)).unwrap();
    let a = app.register_in("university", "浙江工业大学", "110108").await;
    let b = app.register_in("university", "上海理工大学", "310115").await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;

    let to_list = granted(&app, &a, 1, months_ago(48), json!({})).await;
    let licensable = granted(&app, &a, 2, months_ago(72), json!({})).await;
    let just_over = granted(&app, &a, 3, months_ago(36).pred_opt().unwrap(), json!({})).await;
    granted(&app, &a, 4, months_ago(36), json!({})).await; // exactly 3 years: not yet
    granted(&app, &a, 5, months_ago(72), json!({"last_implemented_on": months_ago(12)})).await;
    granted(&app, &a, 6, months_ago(72), json!({"state_funded": false})).await;
    let licensed = granted(&app, &a, 7, months_ago(50), json!({})).await;
    let offer = app.publish_offer(&a, &licensed, lump_sum_offer()).await;
    app.accept(&enterprise, offer["id"].as_str().unwrap()).await;
    let other = granted(&app, &b, 8, months_ago(40), json!({})).await;
    let operator = app.operator().await;

    let (status, body) = app.get("/api/v1/stats/dormant", &operator.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["clock"],
        json!({"as_of": today, "listing_cutoff": months_ago(36), "licensing_cutoff": months_ago(60)})
    );
    assert_eq!((body["to_list"].clone(), body["licensable_to_others"].clone()), (json!(3), json!(1)));
    let summary: Vec<Value> = body["by_university"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| json!([row["organization_name"], row["to_list"], row["licensable_to_others"], row["open_licensed"]]))
        .collect();
    assert_eq!(summary, [json!(["浙江工业大学", 2, 1, 0]), json!(["上海理工大学", 1, 0, 0])]);
    let listed: Vec<&str> =
        body["patents"]["items"].as_array().unwrap().iter().map(|p| p["patent_id"].as_str().unwrap()).collect();
    assert_eq!(listed, [licensable.as_str(), to_list.as_str(), other.as_str(), just_over.as_str()]);
    let first = &body["patents"]["items"][0];
    assert_eq!(
        (first["stage"].clone(), first["listing_due_on"].clone(), first["licensable_from"].clone()),
        (json!("licensable_to_others"), json!(months_ago(36)), json!(months_ago(12)))
    );

    let (_, body) = app.get("/api/v1/stats/dormant?stage=licensable_to_others", &operator.token).await;
    assert_eq!(
        (body["patents"]["total"].clone(), body["patents"]["items"][0]["patent_id"].clone()),
        (json!(1), json!(licensable))
    );
    // A university sees its own dormant patents only, even when it asks for another's.
    let (_, own) = app.get(&format!("/api/v1/stats/dormant?university_id={}", a.organization_id), &b.token).await;
    assert_eq!((own["to_list"].clone(), own["patents"]["total"].clone()), (json!(1), json!(1)));
    assert_eq!(own["patents"]["items"][0]["patent_id"], json!(other));

    // The CSV lists the same patents under Chinese headers.
    let response =
        app.request(Method::GET, "/api/v1/stats/export.csv?report=dormant", Some(&operator.token), None).await;
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "公开号,专利名称,高校,授权日,挂牌期限日,可许可他人日,阶段,已开放许可");
    assert_eq!(lines.len(), 5);
    assert!(
        lines[1].starts_with("CN215700002U,一种冲压固定装置,浙江工业大学,") && lines[1].ends_with(",可许可他人实施,否")
    );
}

#[tokio::test]
async fn the_audit_trail_records_each_action_with_its_actor_and_cannot_be_changed() {
    let app = spawn_app().await;
    let m = market(&app).await;
    let operator = app.operator().await;

    let (status, body) = app.get("/api/v1/stats/audit?action=offer.publish&per_page=10", &operator.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 4, "a1, a2, a3 and b1");
    let royalty =
        body["items"].as_array().unwrap().iter().find(|entry| entry["target_id"] == json!(m.a2_offer)).unwrap();
    assert_eq!(royalty["organization_id"], json!(m.a.organization_id));
    assert_eq!(royalty["user_id"], json!(m.a.user_id));
    assert_eq!(royalty["target_kind"], "offer");
    assert_eq!(
        royalty["detail"],
        json!({"version": 1, "fee_model": "royalty", "pricing_basis": {"method": "platform_comparables", "method_label": "平台同类开放许可", "note": "参考同类开放许可提成 2%–5%"}})
    );

    let count = |action: &'static str| {
        let app = &app;
        let token = operator.token.clone();
        async move { app.get(&format!("/api/v1/stats/audit?action={action}"), &token).await.1["total"].clone() }
    };
    assert_eq!(count("license.accept").await, 4);
    assert_eq!(count("offer.withdraw").await, 1);
    assert_eq!(count("payment.record").await, 1);
    assert_eq!(count("patent.create").await, 4);
    assert_eq!(count("organization.register").await, 5, "two universities, two enterprises, the operator");

    let (_, trail) = app.get(&format!("/api/v1/stats/audit?target_id={}", m.l4), &operator.token).await;
    let actions: Vec<&str> =
        trail["items"].as_array().unwrap().iter().map(|entry| entry["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["license.accept"]);
    let (_, by_e2) =
        app.get(&format!("/api/v1/stats/audit?organization_id={}", m.e2.organization_id), &operator.token).await;
    assert_eq!(by_e2["total"], 4, "registration, two accepts and a payment");

    // The database itself refuses to change or remove entries.
    use sea_orm::ConnectionTrait;
    for statement in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        assert!(app.db.execute_unprepared(statement).await.is_err(), "{statement} must fail");
    }
    assert_eq!(count("license.accept").await, 4);

    // Operators only.
    let (status, body) = app.get("/api/v1/stats/audit", &m.a.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "forbidden_role");
    let (status, _) = app.get("/api/v1/stats/audit", &m.e1.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn stats_refuse_enterprises_and_bad_input_and_summarise_matching_feedback() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let university = app.university("浙江工业大学").await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;

    for path in ["kpis", "funnel", "dormant", "follow-ups?list=trials_ending", "feedback", "export.csv?report=kpis"] {
        let (status, body) = app.get(&format!("/api/v1/stats/{path}"), &enterprise.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert_eq!(body["code"], "forbidden_role");
    }
    let anonymous = app.request(Method::GET, "/api/v1/stats/kpis", None, None).await;
    assert_eq!(read(anonymous).await.0, StatusCode::UNAUTHORIZED);

    let (status, body) =
        app.get("/api/v1/stats/kpis?from=2025-02-30&to=2024-01-01&group_by=colour", &operator.token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        validation_problem(json!([
            {"field": "from", "code": "invalid_date", "message": "from 应为 YYYY-MM-DD 格式的日期，收到“2025-02-30”"},
            {"field": "group_by", "code": "unknown_group_by", "message": "group_by 应为以下之一：university, region, ipc_section, ipc_class, industry, month, quarter, year"},
        ]))
    );
    let (status, body) = app.get("/api/v1/stats/kpis?from=2025-02-01&to=2025-01-31", &operator.token).await;
    assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("before_from")));
    let (status, body) = app.get("/api/v1/stats/kpis?colour=red", &operator.token).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_query")));
    let (status, body) = app.get("/api/v1/stats/funnel?group_by=ipc_class", &operator.token).await;
    assert_eq!(
        (status, body["errors"][0]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("unsupported_group_by"))
    );
    let (status, body) = app.get("/api/v1/stats/dormant?stage=sleeping", &operator.token).await;
    assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("unknown_stage")));
    let (status, body) = app.get("/api/v1/stats/audit?from=yesterday", &operator.token).await;
    assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_date")));
    let (status, body) = app.get("/api/v1/stats/export.csv?report=everything", &operator.token).await;
    assert_eq!(
        (status, body["errors"][0]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("unknown_report"))
    );
    let (status, body) = app.get("/api/v1/stats/feedback", &university.token).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::FORBIDDEN,
            problem(
                403,
                "forbidden_role",
                "当前角色无权执行此操作",
                "当前角色无权执行此操作（read the matching-feedback summary (operators only)）"
            )
        )
    );

    // Two demands, feedback on one of them: relevant with a license intent, and not relevant.
    let patent_a = app.eligible_patent_of(&university, 1).await;
    let patent_b = app.eligible_patent_of(&university, 2).await;
    let demand = json!({"title": "冲压件自动固定装置", "description": "企业需要一种冲压加工中快速固定工件的装置，提高冲压精度和效率。"});
    let (status, first) = app.post("/api/v1/demands", &enterprise.token, demand.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(app.post("/api/v1/demands", &enterprise.token, demand).await.0, StatusCode::CREATED);
    let feedback =
        |patent: &str| format!("/api/v1/demands/{}/matches/{patent}/feedback", first["id"].as_str().unwrap());
    let relevant = json!({"relevant": true, "cooperation_intent": "license"});
    assert_eq!(app.post(&feedback(&patent_a), &enterprise.token, relevant).await.0, StatusCode::CREATED);
    assert_eq!(
        app.post(&feedback(&patent_b), &enterprise.token, json!({"relevant": false})).await.0,
        StatusCode::CREATED
    );

    let (status, body) = app.get("/api/v1/stats/feedback", &operator.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut summary = body.clone();
    summary.as_object_mut().unwrap().remove("period");
    assert_eq!(
        summary,
        json!({
            "demands": 2, "demands_with_feedback": 1, "feedback_rate_bp": 5000,
            "feedback": 2, "relevant": 1, "relevant_share_bp": 5000,
            "cooperation_intents": {"license": 1, "none": 1},
        })
    );
    let response =
        app.request(Method::GET, "/api/v1/stats/export.csv?report=feedback", Some(&operator.token), None).await;
    let text = response.text().await.unwrap();
    assert!(text.contains("反馈率（基点）,5000\r\n") && text.contains("合作意向：获得许可,1\r\n"), "{text}");
}
