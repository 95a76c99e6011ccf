//! Matching: demands, ranked matches with reasons, budget and preference filters, feedback,
//! the reverse direction and notifications (design §5), over HTTP.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    Account, TestApp, eligible_patent, lump_sum_offer, problem, royalty_offer, spawn_app, spawn_peer,
    validation_problem,
};

/// The real demand text of `demands.jsonl` (CCF BDCI 2019) about explosion-proof lithium batteries.
const BATTERY_DEMAND: &str = "随着社会的不断发展，锂电池的普及率越来越高，目前，国内锂离子电池产品存在安全隐患问题，\
为了满足客户及市场要求，结合本公司对锂电池防爆问题的研发经验积累，为了解决以上问题，特研发此项目。";

fn patent(n: u32, title: &str, abstract_text: &str, ipc: &str) -> Value {
    let mut body = eligible_patent();
    body["publication_number"] = json!(format!("CN2157{n:05}U"));
    body["title"] = json!(title);
    body["abstract"] = json!(abstract_text);
    body["ipc_codes"] = json!([ipc]);
    body
}

/// Two universities with battery patents (offers of each fee model, one without an offer) and
/// one with an unrelated patent.
struct Market {
    university: Account,
    other_university: Account,
    unrelated_university: Account,
    /// 防爆外壳: lump sum ¥30,000 in three yearly instalments.
    shell: String,
    /// 热失控预警: lump sum ¥2,000 after a 3-month trial.
    warning: String,
    /// 储能柜 (other university): royalty 3%, minimum ¥1,000 a quarter.
    cabinet: String,
    /// 极片辊压: no offer.
    roller: String,
    /// 立方氮化硼 (unrelated university): free.
    boron: String,
}

async fn market(app: &TestApp) -> Market {
    let university = app.university("浙江工业大学").await;
    let other_university = app.university("中南大学").await;
    let unrelated_university = app.university("郑州大学").await;
    let shell = app
        .create_patent(
            &university,
            patent(
                1,
                "一种锂电池防爆外壳",
                "本实用新型公开了一种锂离子电池防爆外壳，外壳设有泄压阀，电池内压过高时泄压防爆，提高锂电池的安全性。",
                "H01M 50/10",
            ),
        )
        .await;
    let warning = app
        .create_patent(
            &university,
            patent(
                2,
                "锂离子电池热失控预警装置",
                "一种锂离子电池热失控预警装置，检测锂电池温度和气体，提前预警热失控，防止电池起火爆炸。",
                "H01M 10/48",
            ),
        )
        .await;
    let cabinet = app
        .create_patent(
            &other_university,
            patent(
                3,
                "一种防爆锂电池储能柜",
                "本实用新型涉及一种防爆锂电池储能柜，柜体设有防爆泄压结构和消防装置，保障锂离子电池储能安全。",
                "H01M 50/20",
            ),
        )
        .await;
    let roller = app
        .create_patent(
            &university,
            patent(
                4,
                "一种锂电池极片辊压装置",
                "一种锂电池极片辊压装置，包括机架和辊压组件，提高锂离子电池极片的压实密度。",
                "H01M 4/04",
            ),
        )
        .await;
    let boron = app
        .create_patent(
            &unrelated_university,
            patent(
                5,
                "一种立方氮化硼单晶的合成方法",
                "一种高韧性立方氮化硼单晶的合成方法，采用自制触媒，高温高压合成，单晶韧性好。",
                "C30B 29/38",
            ),
        )
        .await;
    app.publish_offer(&university, &shell, lump_sum_offer()).await;
    app.publish_offer(
        &university,
        &warning,
        json!({"fee_model": "lump_sum", "amount_fen": 200_000, "trial_months": 3, "trial_charges": "deferred", "term_months": 36}),
    )
    .await;
    app.publish_offer(&other_university, &cabinet, royalty_offer()).await;
    app.publish_offer(&unrelated_university, &boron, json!({"fee_model": "free", "term_months": 36})).await;
    app.wait_for_index().await;
    Market { university, other_university, unrelated_university, shell, warning, cabinet, roller, boron }
}

fn battery_demand() -> Value {
    json!({"title": "防爆锂离子电池的研发", "description": BATTERY_DEMAND, "ipc_hints": ["H01M"], "industry_code": "C"})
}

async fn post_demand(app: &TestApp, enterprise: &Account, body: Value) -> Value {
    let (status, demand) = app.post("/api/v1/demands", &enterprise.token, body).await;
    assert_eq!(status, StatusCode::CREATED, "demand not posted: {demand}");
    demand
}

async fn matches(app: &TestApp, enterprise: &Account, demand: &Value, query: &str) -> Value {
    let path = format!("/api/v1/demands/{}/matches{query}", demand["id"].as_str().unwrap());
    let (status, body) = app.get(&path, &enterprise.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|item| item["patent"]["id"].as_str().unwrap().to_string()).collect()
}

fn contribution(item: &Value, feature: &str) -> i64 {
    item["reasons"].as_array().unwrap().iter().find(|reason| reason["feature"] == feature).unwrap()["contribution"]
        .as_i64()
        .unwrap()
}

fn item<'a>(page: &'a Value, patent_id: &str) -> &'a Value {
    page["items"].as_array().unwrap().iter().find(|item| item["patent"]["id"] == patent_id).expect("patent matched")
}

#[tokio::test]
async fn a_demand_is_validated_and_only_its_enterprise_reads_and_edits_it() {
    let app = spawn_app().await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let bad = json!({
        "title": "", "description": "太短", "industry_code": "Z9", "ipc_hints": ["锂电池"],
        "budget": {"years": 0, "max_total_cost_fen": -5}, "preferences": {"trial": "must", "fee_models": ["barter"]}
    });
    let (status, body) = app.post("/api/v1/demands", &enterprise.token, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        [
            "title",
            "description",
            "industry_code",
            "ipc_hints",
            "budget.max_total_cost_fen",
            "budget.years",
            "preferences.trial",
            "preferences.fee_models"
        ]
    );
    let (status, body) = app.post("/api/v1/demands", &enterprise.token, json!({"title": "x", "colour": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "malformed_json");

    let university = app.university("浙江工业大学").await;
    let (status, body) = app.post("/api/v1/demands", &university.token, battery_demand()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        problem(403, "forbidden_role", "当前角色无权执行此操作", "当前角色无权执行此操作（post technical demands）")
    );

    let demand = post_demand(&app, &enterprise, battery_demand()).await;
    assert_eq!(demand["status"], "open");
    assert_eq!(demand["region_code"], "110108", "defaults to the enterprise's region");
    assert_eq!(demand["budget"]["years"], 3);
    assert_eq!(demand["preferences"]["free_period"], "any");
    assert_eq!(demand["ipc_hints"], json!(["H01M"]));
    let path = format!("/api/v1/demands/{}", demand["id"].as_str().unwrap());

    let competitor = app.enterprise("宁波锂想电池有限公司").await;
    let not_found = problem(404, "demand_not_found", "需求不存在", "需求不存在或无权查看");
    assert_eq!(app.get(&path, &competitor.token).await, (StatusCode::NOT_FOUND, not_found.clone()));
    assert_eq!(
        app.patch(&path, &competitor.token, json!({"status": "closed"})).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(app.get(&format!("{path}/matches"), &competitor.token).await, (StatusCode::NOT_FOUND, not_found));
    let (_, listed) = app.get("/api/v1/demands", &competitor.token).await;
    assert_eq!(listed["total"], 0);
    assert_eq!(app.get("/api/v1/demands", &university.token).await.0, StatusCode::FORBIDDEN);
    let anonymous = app.request(reqwest::Method::GET, "/api/v1/demands", None, None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let operator = app.operator().await;
    assert_eq!(app.get(&path, &operator.token).await.0, StatusCode::OK);
    assert_eq!(app.patch(&path, &operator.token, json!({"status": "closed"})).await.0, StatusCode::FORBIDDEN);

    // A PATCH of one budget field keeps the others.
    let capped = json!({"budget": {"max_total_cost_fen": 5_000_000, "max_royalty_bp": 400}});
    assert_eq!(app.patch(&path, &enterprise.token, capped).await.0, StatusCode::OK);
    let (status, closed) =
        app.patch(&path, &enterprise.token, json!({"status": "closed", "budget": {"years": 5}})).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["budget"], json!({"max_total_cost_fen": 5_000_000, "years": 5, "max_royalty_bp": 400}));
    assert_eq!(closed["title"], "防爆锂离子电池的研发", "fields not given stay");
    let (status, body) = app.patch(&path, &enterprise.token, json!({"budget": {"max_royalty_bp": -1}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a range error is a validation error, not malformed JSON");
    assert_eq!(body["errors"][0]["field"], "budget.max_royalty_bp");
    let (status, body) = app.patch(&path, &enterprise.token, json!({"status": "paused"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        validation_problem(
            json!([{"field": "status", "code": "invalid", "message": "status 应为 open（征集中）或 closed（已关闭）"}])
        )
    );
    let (_, mine) = app.get("/api/v1/demands?status=closed", &enterprise.token).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], demand["id"]);
}

#[tokio::test]
async fn matches_rank_the_fitting_patents_and_their_reasons_add_up_to_the_score() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let demand = post_demand(&app, &enterprise, battery_demand()).await;

    let page = matches(&app, &enterprise, &demand, "").await;
    let found = ids(&page);
    assert!(
        found.contains(&market.shell) && found.contains(&market.cabinet) && found.contains(&market.warning),
        "{page}"
    );
    assert!(!found.contains(&market.boron), "an unrelated patent is not matched");
    assert!(!found.contains(&market.roller), "a patent without an offer is matched only when asked");
    let terms: Vec<&str> = page["key_terms"].as_array().unwrap().iter().map(|t| t["term"].as_str().unwrap()).collect();
    assert!(terms.contains(&"锂电池") && terms.contains(&"防爆"), "{terms:?}");
    let mut previous = i64::MAX;
    for item in page["items"].as_array().unwrap() {
        let reasons = item["reasons"].as_array().unwrap();
        assert_eq!(reasons.len(), 11, "every feature explains itself: {item}");
        let sum: i64 = reasons.iter().map(|reason| reason["contribution"].as_i64().unwrap()).sum();
        assert_eq!(sum, item["score"].as_i64().unwrap(), "reasons add up to the score: {item}");
        for reason in reasons {
            // contribution = round(weight × value × 100); the value shown is rounded to 3 decimals.
            let weight = reason["weight"].as_f64().unwrap();
            let expected = weight * reason["value"].as_f64().unwrap() * 100.0;
            assert!((reason["contribution"].as_f64().unwrap() - expected).abs() <= weight * 0.05 + 0.5, "{reason}");
        }
        assert!(item["score"].as_i64().unwrap() <= previous, "ranked by score");
        previous = item["score"].as_i64().unwrap();
    }
    let shell = item(&page, &market.shell);
    assert_eq!(contribution(shell, "ipc"), 1200, "H01M 50/10 is under the hint H01M");
    assert_eq!(contribution(shell, "offer"), 1000);
    assert_eq!(contribution(shell, "region"), 500, "same district");
    assert!(shell["matched_terms"].as_array().unwrap().contains(&json!("防爆")), "{shell}");
    assert_eq!(shell["patent"]["offer"]["fixed_cost_fen"], 3_000_000, "three instalments within three years");

    let all = matches(&app, &enterprise, &demand, "?include_without_offer=true").await;
    assert!(ids(&all).contains(&market.roller), "{all}");
    assert_eq!(contribution(item(&all, &market.roller), "offer"), 0);
    assert_eq!(all["total"].as_u64().unwrap(), page["total"].as_u64().unwrap() + 1);

    let second = matches(&app, &enterprise, &demand, "?per_page=1&page=2").await;
    assert_eq!(second["total"], page["total"]);
    assert_eq!(ids(&second), [found[1].as_str()]);
    let (status, body) = app
        .get(&format!("/api/v1/demands/{}/matches?per_page=0", demand["id"].as_str().unwrap()), &enterprise.token)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn budget_and_preference_conditions_exclude_offers_that_fail_them() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;

    // ¥10,000 over three years: the ¥30,000 lump sum and the royalty minimums (¥12,000) are out.
    let mut body = battery_demand();
    body["budget"] = json!({"max_total_cost_fen": 1_000_000, "years": 3});
    let demand = post_demand(&app, &enterprise, body).await;
    let page = matches(&app, &enterprise, &demand, "").await;
    assert_eq!(ids(&page), [market.warning.as_str()]);
    let warning = &page["items"][0];
    assert_eq!(warning["patent"]["offer"]["fixed_cost_fen"], 200_000);
    assert_eq!(contribution(warning, "budget"), 720, "¥2,000 of ¥10,000 used: 1 - 0.5 × 0.2");

    // Royalty at most 2%: the 3% royalty is out, fixed-fee offers stay.
    let mut body = battery_demand();
    body["budget"] = json!({"max_royalty_bp": 200});
    let demand = post_demand(&app, &enterprise, body).await;
    let found = ids(&matches(&app, &enterprise, &demand, "").await);
    assert!(!found.contains(&market.cabinet) && found.contains(&market.shell), "{found:?}");

    // A required trial keeps only offers with one; a fee-model list keeps only those models.
    let mut body = battery_demand();
    body["preferences"] = json!({"trial": "required"});
    let demand = post_demand(&app, &enterprise, body).await;
    assert_eq!(ids(&matches(&app, &enterprise, &demand, "").await), [market.warning.as_str()]);
    let mut body = battery_demand();
    body["preferences"] = json!({"fee_models": ["royalty", "entry_fee_royalty"]});
    let demand = post_demand(&app, &enterprise, body).await;
    assert_eq!(ids(&matches(&app, &enterprise, &demand, "").await), [market.cabinet.as_str()]);

    // A preferred trial ranks the trial offer up without excluding the others.
    let mut body = battery_demand();
    body["preferences"] = json!({"trial": "preferred"});
    let demand = post_demand(&app, &enterprise, body).await;
    let page = matches(&app, &enterprise, &demand, "").await;
    assert!(ids(&page).len() >= 3, "{page}");
    assert_eq!(contribution(item(&page, &market.warning), "trial"), 300);
    assert_eq!(contribution(item(&page, &market.shell), "trial"), 0);
}

#[tokio::test]
async fn feedback_drops_irrelevant_patents_lifts_similar_ones_and_reaches_the_university() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let demand = post_demand(&app, &enterprise, battery_demand()).await;
    let demand_id = demand["id"].as_str().unwrap();
    let before = matches(&app, &enterprise, &demand, "").await;
    assert_eq!(contribution(item(&before, &market.cabinet), "feedback"), 0);

    let feedback_path = |patent: &str| format!("/api/v1/demands/{demand_id}/matches/{patent}/feedback");
    let (status, body) =
        app.post(&feedback_path(&market.warning), &enterprise.token, json!({"relevant": false, "prospect": 9})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        validation_problem(
            json!([{"field": "prospect", "code": "out_of_range", "message": "prospect（产业化前景）应为 1 到 5"}])
        )
    );
    let (status, body) =
        app.post(&feedback_path(&market.warning), &market.university.token, json!({"relevant": true})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let competitor = app.enterprise("宁波锂想电池有限公司").await;
    let (status, _) = app.post(&feedback_path(&market.warning), &competitor.token, json!({"relevant": true})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another enterprise's demand");

    let (status, given) =
        app.post(&feedback_path(&market.warning), &enterprise.token, json!({"relevant": false})).await;
    assert_eq!(status, StatusCode::CREATED, "{given}");
    let (status, given) = app
        .post(
            &feedback_path(&market.shell),
            &enterprise.token,
            json!({"relevant": true, "prospect": 4, "improvement_needs": "需适配 21700 电芯", "cooperation_intent": "joint_development"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{given}");
    assert_eq!(given["cooperation_intent_label"], "联合开发");

    let after = matches(&app, &enterprise, &demand, "").await;
    assert!(!ids(&after).contains(&market.warning), "marked not relevant: gone");
    let shell = item(&after, &market.shell);
    assert_eq!(contribution(shell, "feedback"), 1000, "marked relevant counts fully");
    assert_eq!(shell["feedback"]["prospect"], 4);
    // The cabinet shares 防爆锂电池 words and the subclass H01M with the shell: lifted.
    let cabinet_before = item(&before, &market.cabinet)["score"].as_i64().unwrap();
    let cabinet_after = item(&after, &market.cabinet);
    assert!(contribution(cabinet_after, "feedback") > 0, "{cabinet_after}");
    assert!(
        cabinet_after["score"].as_i64().unwrap() > cabinet_before,
        "{} {}",
        item(&before, &market.cabinet),
        cabinet_after
    );

    // Changing one's mind replaces the feedback (200), and the patent comes back.
    let (status, _) = app.post(&feedback_path(&market.warning), &enterprise.token, json!({"relevant": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ids(&matches(&app, &enterprise, &demand, "").await).contains(&market.warning));

    // The patent's university sees the feedback; another university does not.
    let (status, seen) = app.get(&format!("/api/v1/patents/{}/feedback", market.shell), &market.university.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["organization_name"], "深圳市安锂科技有限公司");
    assert_eq!(seen[0]["improvement_needs"], "需适配 21700 电芯");
    assert_eq!(seen[0]["demand_title"], "防爆锂离子电池的研发");
    let (status, _) =
        app.get(&format!("/api/v1/patents/{}/feedback", market.shell), &market.other_university.token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = app.get(&format!("/api/v1/demands/{demand_id}/feedback"), &enterprise.token).await;
    assert_eq!(own.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_university_sees_the_open_demands_its_patent_fits() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let battery = post_demand(&app, &enterprise, battery_demand()).await;
    let boron = post_demand(
        &app,
        &enterprise,
        json!({"title": "高韧性立方氮化硼CBN单晶的研制及其产业化", "description": "企业需要开发高韧性立方氮化硼CBN单晶新牌号，通过配方选取诀窍、触媒自制工艺优化、高温高压合成工艺改进，获得韧性好的立方氮化硼新牌号。"}),
    )
    .await;

    let path = format!("/api/v1/patents/{}/demands", market.shell);
    let (status, page) = app.get(&path, &market.university.token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let found: Vec<&Value> = page["items"].as_array().unwrap().iter().map(|item| &item["demand"]["id"]).collect();
    assert_eq!(found, [&battery["id"]], "{page}");
    let first = &page["items"][0];
    let sum: i64 = first["reasons"].as_array().unwrap().iter().map(|r| r["contribution"].as_i64().unwrap()).sum();
    assert_eq!(sum, first["score"].as_i64().unwrap());
    assert!(first["matched_terms"].as_array().unwrap().contains(&json!("防爆")), "{first}");

    let (_, boron_page) =
        app.get(&format!("/api/v1/patents/{}/demands", market.boron), &market.unrelated_university.token).await;
    assert_eq!(boron_page["items"][0]["demand"]["id"], boron["id"]);

    // Another university cannot look through this patent (404, as in the catalog); an enterprise
    // may not look through universities' patents for demands (403).
    assert_eq!(app.get(&path, &market.other_university.token).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &enterprise.token).await.0, StatusCode::FORBIDDEN);
    let operator = app.operator().await;
    assert_eq!(app.get(&path, &operator.token).await.0, StatusCode::OK);

    // A closed demand no longer shows.
    let (status, _) = app
        .patch(
            &format!("/api/v1/demands/{}", battery["id"].as_str().unwrap()),
            &enterprise.token,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = app.get(&path, &market.university.token).await;
    assert_eq!(page["total"], 0, "{page}");
}

#[tokio::test]
async fn a_demand_posted_through_one_server_is_matched_in_reverse_through_another() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let peer = spawn_peer(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let demand = post_demand(&app, &enterprise, battery_demand()).await;
    // The peer's demand index picks the demand up from the shared database (bounded wait).
    let path = format!("/api/v1/patents/{}/demands", market.shell);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (status, page) = peer.get(&path, &market.university.token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        if page["items"].as_array().unwrap().iter().any(|item| item["demand"]["id"] == demand["id"]) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the peer never saw the demand: {page}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn notifications(app: &TestApp, account: &Account) -> Vec<Value> {
    let (status, page) = app.get("/api/v1/notifications?per_page=100", &account.token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn notifications_reach_the_fitting_organizations_once() {
    let app = spawn_app().await;
    let market = market(&app).await;
    let enterprise = app.enterprise("深圳市安锂科技有限公司").await;
    let bystander = app.enterprise("杭州精工机械有限公司").await;

    // A new demand notifies the universities of its best-fitting patents, one notice each.
    let demand = post_demand(&app, &enterprise, battery_demand()).await;
    let ours = notifications(&app, &market.university).await;
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(ours[0]["kind"], "demand_matches_patents");
    assert_eq!(ours[0]["demand_id"], demand["id"]);
    assert!(ours[0]["body"].as_str().unwrap().contains("一种锂电池防爆外壳"), "{}", ours[0]);
    assert_eq!(notifications(&app, &market.other_university).await.len(), 1);
    assert!(notifications(&app, &market.unrelated_university).await.is_empty(), "an unrelated university");

    // Editing the demand does not notify again.
    let path = format!("/api/v1/demands/{}", demand["id"].as_str().unwrap());
    assert_eq!(app.patch(&path, &enterprise.token, json!({"title": "防爆锂离子电池研发"})).await.0, StatusCode::OK);
    assert_eq!(notifications(&app, &market.university).await.len(), 1);

    // A newly published offer that fits notifies the enterprise, once per patent and demand.
    app.publish_offer(&market.university, &market.roller, lump_sum_offer()).await;
    let theirs = notifications(&app, &enterprise).await;
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0]["kind"], "offer_matches_demand");
    assert_eq!(theirs[0]["patent_id"], market.roller.as_str());
    app.publish_offer(&market.university, &market.roller, royalty_offer()).await;
    assert_eq!(notifications(&app, &enterprise).await.len(), 1, "a new version is not a new match");
    assert!(notifications(&app, &bystander).await.is_empty());

    // Reading: own notifications only; marking read is idempotent; unread filter.
    let id = theirs[0]["id"].as_str().unwrap();
    let (status, _) = app.post(&format!("/api/v1/notifications/{id}/read"), &bystander.token, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, read) = app.post(&format!("/api/v1/notifications/{id}/read"), &enterprise.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(read["read_at"].is_string());
    let (_, again) = app.post(&format!("/api/v1/notifications/{id}/read"), &enterprise.token, json!({})).await;
    assert_eq!(again["read_at"], read["read_at"]);
    let (_, unread) = app.get("/api/v1/notifications?unread=true", &enterprise.token).await;
    assert_eq!(unread["total"], 0);

    // Feedback notifies the patent's university.
    let feedback = format!("/api/v1/demands/{}/matches/{}/feedback", demand["id"].as_str().unwrap(), market.roller);
    assert_eq!(app.post(&feedback, &enterprise.token, json!({"relevant": true})).await.0, StatusCode::CREATED);
    assert_eq!(
        app.post(&feedback, &enterprise.token, json!({"relevant": true, "prospect": 5})).await.0,
        StatusCode::OK
    );
    let kinds: Vec<Value> = notifications(&app, &market.university).await.iter().map(|n| n["kind"].clone()).collect();
    assert_eq!(kinds, [json!("feedback_received"), json!("demand_matches_patents")]);
}
