//! Offers: publishing, linting, versions, withdrawal, suspension and the search index's offer
//! facts (design §2–§3), over HTTP.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Account, TestApp, eligible_patent, lump_sum_offer, problem, royalty_offer, spawn_app};

async fn university_with_patent(app: &TestApp) -> (Account, String) {
    let university = app.university("浙江工业大学").await;
    let patent_id = app.eligible_patent_of(&university, 1).await;
    (university, patent_id)
}

fn codes(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| (error["field"].as_str().unwrap().to_string(), error["code"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn publishing_renders_the_payment_text_from_the_schedule_and_marks_the_patent() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let offer = app.publish_offer(&university, &patent_id, royalty_offer()).await;
    assert_eq!(offer["version"], 1);
    assert_eq!(offer["status"], "published");
    assert_eq!(offer["in_force"], true);
    assert_eq!(offer["suspended"], false);
    assert_eq!(offer["fee_model_label"], "提成");
    assert_eq!(
        offer["payment_text"],
        "提成支付：按被许可人实施本专利所得净销售额的3%提取许可使用费，按季度结算，每期结束后30日内报告净销售额并支付；每季度最低支付人民币1,000.00元。"
    );
    assert_eq!(offer["terms"]["fee"]["royalty"]["rate_bp"], 300);
    // four quarters of minimum in the first year
    assert_eq!(offer["first_year_fixed_cost_fen"], 400_000);
    assert_eq!(offer["pricing_basis"]["method"], "platform_comparables");

    let (_, patent) = app.get(&format!("/api/v1/patents/{patent_id}"), &university.token).await;
    assert_eq!(patent["open_offer"], true);

    // Published declarations are public, but the pricing basis is the patentee's and operators'.
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let (status, public) =
        app.get(&format!("/api/v1/offers/{}", offer["id"].as_str().unwrap()), &enterprise.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public["payment_text"], offer["payment_text"]);
    assert!(public.get("pricing_basis").is_none(), "{public}");
}

#[tokio::test]
async fn publishing_an_ineligible_offer_reports_every_failing_rule_at_once() {
    let app = spawn_app().await;
    let university = app.university("浙江工业大学").await;
    let mut body = eligible_patent();
    body["evaluation_report_ref"] = Value::Null;
    body["co_owners"] = json!([{"name": "杭州某研究院", "consent": false}]);
    let patent_id = app.create_patent(&university, body).await;
    let offer = json!({
        "fee_model": "royalty",
        "royalty_base": "net_sales",
        "royalty_rate_bp": 2_500,
        "royalty_period": "quarter",
        "term_months": 200,
        "other_matters": "国内领先的最佳技术"
    });
    let (status, rejected) = app.post(&format!("/api/v1/patents/{patent_id}/offers"), &university.token, offer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{rejected}");
    assert_eq!(rejected["code"], "offer_rejected");
    assert_eq!(
        codes(&rejected),
        vec![
            ("patent".to_string(), "evaluation_report_missing".to_string()),
            ("patent".to_string(), "co_owner_consent_missing".to_string()),
            ("term_months".to_string(), "term_exceeds_patent_term".to_string()),
            ("royalty_rate_bp".to_string(), "royalty_above_cap".to_string()),
            ("other_matters".to_string(), "advertising_words".to_string()),
        ]
    );
    assert_eq!(rejected["detail"], "开放许可声明有 5 项问题，未发布；详见 errors");
    let (_, offers) = app.get(&format!("/api/v1/patents/{patent_id}/offers"), &university.token).await;
    assert_eq!(offers, json!([]), "nothing was published");
}

#[tokio::test]
async fn fee_caps_are_enforced_for_fixed_fees_and_royalties_on_profit() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let path = format!("/api/v1/patents/{patent_id}/offers");
    let over_fixed = json!({"fee_model": "lump_sum", "amount_fen": 2_000_000_001i64, "term_months": 12});
    let (status, body) = app.post(&path, &university.token, over_fixed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&body), vec![("amount_fen".to_string(), "fee_above_cap".to_string())]);

    let at_fixed_cap = json!({"fee_model": "lump_sum", "amount_fen": 2_000_000_000i64, "term_months": 12});
    app.publish_offer(&university, &patent_id, at_fixed_cap).await;

    let profit = |rate: i64| {
        json!({"fee_model": "royalty", "royalty_base": "profit", "royalty_rate_bp": rate,
               "royalty_period": "year", "term_months": 24})
    };
    let (status, body) = app.post(&path, &university.token, profit(4_001)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["message"], "提成比例40.01%超过按利润计提的上限40%");
    let second = app.publish_offer(&university, &patent_id, profit(4_000)).await;
    assert_eq!(second["version"], 2, "a revision is a new version");
}

#[tokio::test]
async fn missing_and_inapplicable_fields_are_named() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let path = format!("/api/v1/patents/{patent_id}/offers");
    let (status, body) = app.post(&path, &university.token, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&body),
        vec![("term_months".to_string(), "required".to_string()), ("fee_model".to_string(), "required".to_string()),]
    );
    let free_with_amount = json!({"fee_model": "free", "amount_fen": 100, "trial_months": 3, "term_months": 12});
    let (_, body) = app.post(&path, &university.token, free_with_amount).await;
    assert_eq!(
        codes(&body),
        vec![
            ("trial_charges".to_string(), "required".to_string()),
            ("amount_fen".to_string(), "not_applicable".to_string()),
            ("trial_months".to_string(), "not_applicable".to_string()),
        ]
    );
}

#[tokio::test]
async fn preview_lints_renders_and_projects_without_publishing() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let request = json!({
        "patent_id": patent_id,
        "offer": {"fee_model": "entry_fee_royalty", "entry_fee_fen": 500_000, "royalty_base": "net_sales",
                  "royalty_rate_bp": 200, "royalty_period": "year", "term_months": 24},
        "projection": {"annual_net_sales_fen": 10_000_000}
    });
    let (status, preview) = app.post("/api/v1/offers/preview", &university.token, request).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["publishable"], true);
    assert_eq!(preview["problems"], json!([]));
    let years = preview["projection"]["years"].as_array().unwrap();
    assert_eq!(years.len(), 2);
    // year 1: entry fee ¥5,000 plus 2% of ¥100,000 (prorated to the days of the licence year);
    // the whole term: entry fee plus two years of royalties of about ¥2,000 each.
    let royalty_year_one = years[0]["cost_fen"].as_i64().unwrap() - 500_000;
    assert!((199_000..=201_000).contains(&royalty_year_one), "{years:?}");
    assert_eq!(
        preview["projection"]["total_fen"].as_i64().unwrap(),
        years.iter().map(|year| year["cost_fen"].as_i64().unwrap()).sum::<i64>()
    );
    assert!(preview["payment_text"].as_str().unwrap().starts_with("入门费加提成：入门费人民币5,000.00元"));

    let bad =
        json!({"patent_id": patent_id, "offer": {"fee_model": "royalty", "term_months": 12, "other_matters": "首选"}});
    let (status, linted) = app.post("/api/v1/offers/preview", &university.token, bad).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linted["publishable"], false);
    assert_eq!(linted["problems"].as_array().unwrap().len(), 4, "{linted}");
    assert_eq!(linted["payment_text"], Value::Null);

    let (_, offers) = app.get(&format!("/api/v1/patents/{patent_id}/offers"), &university.token).await;
    assert_eq!(offers, json!([]), "a preview publishes nothing");
}

#[tokio::test]
async fn a_revision_supersedes_the_previous_version_and_licenses_keep_theirs() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let first = app.publish_offer(&university, &patent_id, lump_sum_offer()).await;
    let first_id = first["id"].as_str().unwrap();
    let license = app.accept(&enterprise, first_id).await;

    let second = app.publish_offer(&university, &patent_id, royalty_offer()).await;
    assert_eq!(second["version"], 2);
    let (_, old) = app.get(&format!("/api/v1/offers/{first_id}"), &university.token).await;
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["in_force"], false);

    let (_, kept) = app.get(&format!("/api/v1/licenses/{}", license["id"].as_str().unwrap()), &enterprise.token).await;
    assert_eq!(kept["offer_version"], 1);
    assert_eq!(kept["terms"]["fee"]["model"], "lump_sum");

    let other = app.enterprise("宁波智能装备有限公司").await;
    let (status, body) = app.post(&format!("/api/v1/offers/{first_id}/licenses"), &other.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = format!("该版本已被新版本替代，请查看并接受当前版本 {}", second["id"].as_str().unwrap());
    assert_eq!(body, problem(409, "offer_superseded", "开放许可声明已被新版本替代", &detail));
    let (_, versions) = app.get(&format!("/api/v1/patents/{patent_id}/offers"), &other.token).await;
    assert_eq!(versions.as_array().unwrap().iter().map(|offer| offer["version"].clone()).collect::<Vec<_>>(), [2, 1]);
}

#[tokio::test]
async fn withdrawal_stops_new_licenses_but_granted_ones_keep_their_terms() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let offer = app.publish_offer(&university, &patent_id, lump_sum_offer()).await;
    let offer_id = offer["id"].as_str().unwrap();
    let license = app.accept(&enterprise, offer_id).await;

    let (status, withdrawn) =
        app.post(&format!("/api/v1/offers/{offer_id}/withdraw"), &university.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(withdrawn["status"], "withdrawn");
    let (status, again) = app.post(&format!("/api/v1/offers/{offer_id}/withdraw"), &university.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["code"], "offer_withdrawn");

    let other = app.enterprise("宁波智能装备有限公司").await;
    let (status, refused) = app.post(&format!("/api/v1/offers/{offer_id}/licenses"), &other.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        refused,
        problem(409, "offer_withdrawn", "开放许可声明已撤回", "专利权人已撤回该开放许可声明，不再接受新的许可")
    );
    let license_path = format!("/api/v1/licenses/{}", license["id"].as_str().unwrap());
    let (_, kept) = app.get(&license_path, &enterprise.token).await;
    assert_eq!(kept["state"], "active");
    let (_, obligations) = app.get(&format!("{license_path}/obligations"), &enterprise.token).await;
    assert_eq!(obligations.as_array().unwrap().len(), 3, "the obligations stay: {obligations}");
    let (_, patent) = app.get(&format!("/api/v1/patents/{patent_id}"), &university.token).await;
    assert_eq!(patent["open_offer"], false);
}

#[tokio::test]
async fn an_event_that_makes_the_patent_ineligible_suspends_the_offer_until_it_is_eligible_again() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let offer = app.publish_offer(&university, &patent_id, lump_sum_offer()).await;
    let offer_id = offer["id"].as_str().unwrap();
    let events = format!("/api/v1/patents/{patent_id}/events");
    let today = app.clock.today().to_string();
    let (status, _) = app.post(&events, &university.token, json!({"kind": "preservation", "occurred_on": today})).await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, suspended) = app.get(&format!("/api/v1/offers/{offer_id}"), &enterprise.token).await;
    assert_eq!(suspended["suspended"], true);
    assert_eq!(suspended["in_force"], false);
    assert_eq!(suspended["suspension_reasons"][0]["code"], "court_preservation");
    let accept = format!("/api/v1/offers/{offer_id}/licenses");
    let (status, refused) = app.post(&accept, &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["code"], "offer_suspended");
    assert_eq!(
        refused["errors"],
        json!([{"field": "patent", "code": "court_preservation", "message": "专利权被法院采取保全措施"}])
    );

    let (status, _) =
        app.post(&events, &university.token, json!({"kind": "preservation_release", "occurred_on": today})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, resumed) = app.get(&format!("/api/v1/offers/{offer_id}"), &enterprise.token).await;
    assert_eq!(resumed["in_force"], true);
    let (status, _) = app.post(&accept, &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_exclusive_license_is_refused_while_an_offer_is_in_force() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let offer = app.publish_offer(&university, &patent_id, lump_sum_offer()).await;
    let events = format!("/api/v1/patents/{patent_id}/events");
    let exclusive = json!({"kind": "exclusive_license", "occurred_on": app.clock.today().to_string(),
                           "license_kind": "sole", "licensee": "某独家被许可公司"});
    let (status, refused) = app.post(&events, &university.token, exclusive.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["errors"][0]["code"], "open_license_in_force");

    let withdraw = format!("/api/v1/offers/{}/withdraw", offer["id"].as_str().unwrap());
    app.post(&withdraw, &university.token, json!({})).await;
    let (status, _) = app.post(&events, &university.token, exclusive).await;
    assert_eq!(status, StatusCode::CREATED, "after withdrawal the patentee may grant an exclusive license");
}

#[tokio::test]
async fn only_the_owning_university_publishes_previews_and_withdraws() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let other = app.university("宁波大学").await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let operator = app.operator().await;
    let publish = format!("/api/v1/patents/{patent_id}/offers");

    let (status, body) = app.post(&publish, &other.token, lump_sum_offer()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "patent_not_found");
    for account in [&enterprise, &operator] {
        let (status, body) = app.post(&publish, &account.token, lump_sum_offer()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["code"], "forbidden_role");
        let preview = json!({"patent_id": patent_id, "offer": lump_sum_offer()});
        let (status, _) = app.post("/api/v1/offers/preview", &account.token, preview).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let offer = app.publish_offer(&university, &patent_id, lump_sum_offer()).await;
    let withdraw = format!("/api/v1/offers/{}/withdraw", offer["id"].as_str().unwrap());
    let (status, body) = app.post(&withdraw, &other.token, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "offer_not_found");
    let (status, _) = app.post(&withdraw, &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let status = app.request(reqwest::Method::POST, &publish, None, Some(lump_sum_offer())).await.status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn search_shows_and_filters_offer_facts_through_the_change_feed() {
    let app = spawn_app().await;
    let (university, patent_id) = university_with_patent(&app).await;
    let mut free_trial = lump_sum_offer();
    free_trial["free_months"] = json!(6);
    free_trial["trial_months"] = json!(3);
    free_trial["trial_charges"] = json!("waived");
    app.publish_offer(&university, &patent_id, free_trial).await;
    app.wait_for_index().await;
    let (status, found) = app.search(&[("q", "冲压"), ("offer", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["total"], 1);
    let offer = &found["hits"][0]["patent"]["offer"];
    assert_eq!(offer["in_force"], true);
    assert_eq!(offer["fee_model"], "lump_sum");
    assert_eq!(offer["free_months"], 6);
    assert_eq!(offer["trial_months"], 3);
    // the first instalment (¥10,000) falls due after the 6 free months, inside the first year
    assert_eq!(offer["first_year_cost_fen"], 1_000_000);
}
