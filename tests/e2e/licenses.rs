//! Licenses: one-step acceptance with the Art. 51 notice, idempotency, one live license per
//! patent and enterprise under concurrency, state changes and organization scoping.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Account, TestApp, lump_sum_offer, problem, read, spawn_app};

struct Market {
    university: Account,
    enterprise: Account,
    patent_id: String,
    offer_id: String,
}

async fn market(app: &TestApp, offer: Value) -> Market {
    let university = app.university("浙江工业大学").await;
    let enterprise = app.enterprise("杭州精工机械有限公司").await;
    let patent_id = app.eligible_patent_of(&university, 7).await;
    let offer = app.publish_offer(&university, &patent_id, offer).await;
    let offer_id = offer["id"].as_str().unwrap().to_string();
    Market { university, enterprise, patent_id, offer_id }
}

fn trial_offer() -> Value {
    let mut offer = lump_sum_offer();
    offer["trial_months"] = json!(3);
    offer["trial_charges"] = json!("deferred");
    offer
}

async fn accept_with_key(app: &TestApp, enterprise: &Account, offer_id: &str, key: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/offers/{offer_id}/licenses")))
        .bearer_auth(&enterprise.token)
        .header("Idempotency-Key", key)
        .send()
        .await
        .expect("request sent");
    read(response).await
}

#[tokio::test]
async fn accepting_creates_the_license_at_once_with_the_terms_snapshot_and_the_written_notice() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let license = app.accept(&market.enterprise, &market.offer_id).await;
    let today = app.clock.today();
    assert_eq!(license["state"], "active");
    assert_eq!(license["offer_version"], 1);
    assert_eq!(license["patent_id"], market.patent_id.as_str());
    assert_eq!(license["licensee_name"], "杭州精工机械有限公司");
    assert_eq!(license["licensor_name"], "浙江工业大学");
    assert_eq!(license["effective_on"], today.to_string());
    let recordation_due = today.checked_add_months(chrono::Months::new(3)).unwrap();
    assert_eq!(license["recordation_due_on"], recordation_due.to_string());
    assert_eq!(
        license["terms"]["fee"],
        json!({"model": "lump_sum", "amount_fen": 3_000_000, "instalments": 3, "instalment_interval_months": 12})
    );
    assert_eq!(license["amounts"]["contracted_fen"], 3_000_000);
    let notice = license["notice"].as_str().unwrap();
    assert!(notice.starts_with("开放许可实施通知书\n\n浙江工业大学（专利权人）：\n本单位杭州精工机械有限公司已知悉贵方就实用新型专利“一种冲压固定装置”（公开号 CN215600007U）"), "{notice}");
    assert!(notice.contains("依据《中华人民共和国专利法》第五十一条书面通知贵方"));
    assert!(notice.contains(&format!("（{recordation_due} 前）")));
    assert!(notice.contains(license["payment_text"].as_str().unwrap()));

    let (_, listed) = app.get("/api/v1/licenses", &market.university.token).await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], license["id"]);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_returns_the_same_license() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let (status, first) = accept_with_key(&app, &market.enterprise, &market.offer_id, "order-2026-0001").await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = accept_with_key(&app, &market.enterprise, &market.offer_id, "order-2026-0001").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], first["id"]);

    let (status, other_key) = accept_with_key(&app, &market.enterprise, &market.offer_id, "order-2026-0002").await;
    assert_eq!(status, StatusCode::CONFLICT);
    let detail = format!("贵单位已持有该专利的有效许可（{}），不能重复接受", first["id"].as_str().unwrap());
    assert_eq!(other_key, problem(409, "license_exists", "已持有该专利的有效许可", &detail));
}

#[tokio::test]
async fn a_second_live_license_of_the_same_patent_for_the_same_enterprise_is_a_409() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    app.accept(&market.enterprise, &market.offer_id).await;
    let (status, body) =
        app.post(&format!("/api/v1/offers/{}/licenses", market.offer_id), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "license_exists");
    // equal treatment: another enterprise gets the same terms
    let other = app.enterprise("宁波智能装备有限公司").await;
    let second = app.accept(&other, &market.offer_id).await;
    assert_eq!(second["terms"], app.get(&format!("/api/v1/offers/{}", market.offer_id), &other.token).await.1["terms"]);
}

#[tokio::test]
async fn a_hundred_concurrent_accepts_by_one_enterprise_yield_exactly_one_license() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let path = format!("/api/v1/offers/{}/licenses", market.offer_id);
    let mut requests = Vec::new();
    for attempt in 0..100 {
        let client = app.client.clone();
        let url = app.url(&path);
        let token = market.enterprise.token.clone();
        requests.push(tokio::spawn(async move {
            let mut request = client.post(url).bearer_auth(token);
            // half retry one key, half send their own
            let key = if attempt % 2 == 0 { "same-key".to_string() } else { format!("key-{attempt}") };
            request = request.header("Idempotency-Key", key);
            read(request.send().await.expect("sent")).await
        }));
    }
    let mut created = 0;
    let mut replayed = 0;
    let mut conflicts = 0;
    let mut ids = std::collections::BTreeSet::new();
    for request in requests {
        let (status, body) = request.await.unwrap();
        match status {
            StatusCode::CREATED => {
                created += 1;
                ids.insert(body["id"].as_str().unwrap().to_string());
            }
            StatusCode::OK => {
                replayed += 1;
                ids.insert(body["id"].as_str().unwrap().to_string());
            }
            StatusCode::CONFLICT => {
                assert!(["license_exists", "concurrent_write"].contains(&body["code"].as_str().unwrap()), "{body}");
                conflicts += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(created, 1, "exactly one license is created");
    assert_eq!(ids.len(), 1, "every success names the same license");
    assert_eq!(created + replayed + conflicts, 100);
    let (_, listed) = app.get("/api/v1/licenses", &market.enterprise.token).await;
    assert_eq!(listed["total"], 1);
}

#[tokio::test]
async fn a_trial_is_confirmed_or_exited_by_the_licensee_only() {
    let app = spawn_app().await;
    let market = market(&app, trial_offer()).await;
    let license = app.accept(&market.enterprise, &market.offer_id).await;
    assert_eq!(license["state"], "trial");
    let trial_end = app.clock.today().checked_add_months(chrono::Months::new(3)).unwrap();
    assert_eq!(license["trial_ends_on"], trial_end.to_string());
    let path = format!("/api/v1/licenses/{}", license["id"].as_str().unwrap());

    let (status, body) = app.post(&format!("{path}/confirm"), &market.university.token, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, confirmed) = app.post(&format!("{path}/confirm"), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(confirmed["state"], "active");
    let (status, body) = app.post(&format!("{path}/exit"), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        problem(409, "license_state_conflict", "许可当前状态不允许此操作", "许可处于 active 状态，不能执行 exit")
    );
}

#[tokio::test]
async fn exiting_a_trial_ends_the_license_and_frees_the_enterprise_to_accept_again() {
    let app = spawn_app().await;
    let market = market(&app, trial_offer()).await;
    let license = app.accept(&market.enterprise, &market.offer_id).await;
    let path = format!("/api/v1/licenses/{}", license["id"].as_str().unwrap());
    let (status, exited) = app.post(&format!("{path}/exit"), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exited["state"], "exited");
    assert_eq!(exited["ended_on"], app.clock.today().to_string());
    assert_eq!(exited["amounts"]["contracted_fen"], 0, "nothing is owed for the trial");
    let again = app.accept(&market.enterprise, &market.offer_id).await;
    assert_ne!(again["id"], license["id"]);
}

#[tokio::test]
async fn the_licensee_terminates_an_active_license_and_it_is_no_longer_live() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let license = app.accept(&market.enterprise, &market.offer_id).await;
    let path = format!("/api/v1/licenses/{}", license["id"].as_str().unwrap());
    let (status, terminated) = app.post(&format!("{path}/terminate"), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(terminated["state"], "terminated");
    let (status, _) = app.post(&format!("{path}/terminate"), &market.enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, terminated_list) = app.get("/api/v1/licenses?state=terminated", &market.university.token).await;
    assert_eq!(terminated_list["total"], 1);
}

#[tokio::test]
async fn licenses_are_visible_to_their_parties_and_operators_only() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let license = app.accept(&market.enterprise, &market.offer_id).await;
    let path = format!("/api/v1/licenses/{}", license["id"].as_str().unwrap());
    let stranger_university = app.university("宁波大学").await;
    let stranger_enterprise = app.enterprise("宁波智能装备有限公司").await;
    for stranger in [&stranger_university, &stranger_enterprise] {
        for route in ["", "/obligations", "/payments", "/reports", "/recordation-proof"] {
            let (status, body) = app.get(&format!("{path}{route}"), &stranger.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{route}: {body}");
            assert_eq!(body, problem(404, "license_not_found", "许可不存在", "许可不存在或无权查看"));
        }
        for action in ["confirm", "exit", "terminate"] {
            let (status, _) = app.post(&format!("{path}/{action}"), &stranger.token, json!({})).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
        }
        let (_, listed) = app.get("/api/v1/licenses", &stranger.token).await;
        assert_eq!(listed["total"], 0);
    }
    let operator = app.operator().await;
    let (status, seen) = app.get(&path, &operator.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["id"], license["id"]);
    let (status, _) = app.post(&format!("{path}/terminate"), &operator.token, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "operators observe, they do not terminate");
}

#[tokio::test]
async fn only_enterprises_accept_offers_and_bad_keys_or_ids_are_4xx() {
    let app = spawn_app().await;
    let market = market(&app, lump_sum_offer()).await;
    let path = format!("/api/v1/offers/{}/licenses", market.offer_id);
    let operator = app.operator().await;
    for account in [&market.university, &operator] {
        let (status, body) = app.post(&path, &account.token, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["code"], "forbidden_role");
    }
    let long_key = "k".repeat(201);
    let (status, body) = accept_with_key(&app, &market.enterprise, &market.offer_id, &long_key).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
    let (status, body) = app
        .post(&format!("/api/v1/offers/{}/licenses", uuid::Uuid::now_v7()), &market.enterprise.token, json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "offer_not_found");
    let status = app.request(Method::POST, &path, None, None).await.status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
