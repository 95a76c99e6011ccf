//! Patents: creation, reading, editing and organization scoping.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{eligible_patent, problem, read, spawn_app, validation_problem};

#[tokio::test]
async fn a_university_creates_reads_and_edits_its_own_patent() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let (status, created) = app.post("/api/v1/patents", &university.token, eligible_patent()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["publication_number"], "CN215697310U");
    assert_eq!(created["patent_type"], "utility_model");
    assert_eq!(created["patent_type_label"], "实用新型");
    assert_eq!(created["legal_status"], "valid");
    assert_eq!(created["legal_status_label"], "有效");
    assert_eq!(created["ipc_codes"], json!(["B21D 43/00"]));
    // utility model: 10 years from the application date, ending the day before the anniversary
    assert_eq!(created["expiry_date"], "2031-06-14");
    assert_eq!(created["organization_id"], university.organization_id.as_str());
    assert_eq!(created["value"]["factors"].as_array().unwrap().len(), 5);
    let score: u64 =
        created["value"]["factors"].as_array().unwrap().iter().map(|f| f["points"].as_u64().unwrap()).sum();
    assert_eq!(created["value"]["score"], score, "the score is the sum of its factors");

    let id = created["id"].as_str().unwrap();
    let (status, shown) = app.get(&format!("/api/v1/patents/{id}"), &university.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["title"], "一种冲压固定装置");

    let patch = json!({"grade": "A", "abstract": "本实用新型公开了一种冲压固定装置。", "keywords": ["冲压", "固定"]});
    let (status, edited) = app.patch(&format!("/api/v1/patents/{id}"), &university.token, patch).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["grade"], "A");
    assert_eq!(edited["keywords"], json!(["冲压", "固定"]));
    assert_eq!(edited["title"], "一种冲压固定装置", "absent fields stay as they are");

    let (_, cleared) = app.patch(&format!("/api/v1/patents/{id}"), &university.token, json!({"grade": null})).await;
    assert_eq!(cleared["grade"], Value::Null);

    let (status, list) = app.get("/api/v1/patents?patent_type=utility_model&ipc=B21D", &university.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    let (_, none) = app.get("/api/v1/patents?patent_type=invention", &university.token).await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn an_invalid_patent_returns_422_naming_every_field_and_stores_nothing() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let body = json!({
        "publication_number": "CN215697310",
        "title": "",
        "ipc_codes": ["B21D43/00", "X99Z"],
        "application_date": "2021-13-01",
        "grade": "D"
    });
    let (status, error) = app.post("/api/v1/patents", &university.token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error,
        validation_problem(json!([
            {"field": "publication_number", "code": "invalid_publication_number", "message": "公开号缺少文献种类代码（A、B、C、U、Y、S 或 D），例如 CN114081026A"},
            {"field": "title", "code": "required", "message": "title 为必填项"},
            {"field": "ipc_codes", "code": "invalid_ipc_code", "message": "IPC 分类号“X99Z”无效，应形如 G06F、G06F 16/00 或 G06F 16/335"},
            {"field": "application_date", "code": "invalid_date", "message": "application_date“2021-13-01”不是有效日期，应为 YYYY-MM-DD"},
            {"field": "grade", "code": "invalid", "message": "分级“D”无效，应为 A、B 或 C"}
        ]))
    );
    let (_, list) = app.get("/api/v1/patents", &university.token).await;
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn a_duplicate_publication_number_returns_409_even_across_organizations() {
    let app = spawn_app().await;
    let first = app.university("示范工程大学").await;
    let second = app.university("示范理工大学").await;
    app.create_patent(&first, eligible_patent()).await;
    for account in [&first, &second] {
        let (status, error) = app.post("/api/v1/patents", &account.token, eligible_patent()).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(error, problem(409, "publication_number_taken", "公开号已登记", "该公开号已在平台登记"));
    }
}

#[tokio::test]
async fn another_university_can_neither_see_nor_change_a_patent() {
    let app = spawn_app().await;
    let owner = app.university("示范工程大学").await;
    let other = app.university("示范理工大学").await;
    let id = app.create_patent(&owner, eligible_patent()).await;
    let not_found = problem(404, "patent_not_found", "专利不存在", "专利不存在或无权查看");

    assert_eq!(
        app.get(&format!("/api/v1/patents/{id}"), &other.token).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(
        app.patch(&format!("/api/v1/patents/{id}"), &other.token, json!({"title": "篡改"})).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    let event = json!({"kind": "pledge", "occurred_on": "2025-01-01", "pledgee": "某银行"});
    assert_eq!(
        app.post(&format!("/api/v1/patents/{id}/events"), &other.token, event).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(
        app.get(&format!("/api/v1/patents/{id}/eligibility"), &other.token).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(
        app.get(&format!("/api/v1/patents/{id}/events"), &other.token).await,
        (StatusCode::NOT_FOUND, not_found)
    );
    let (_, list) = app.get("/api/v1/patents", &other.token).await;
    assert_eq!(list["total"], 0, "a university lists only its own patents");
    let (_, unchanged) = app.get(&format!("/api/v1/patents/{id}"), &owner.token).await;
    assert_eq!(unchanged["title"], "一种冲压固定装置");
    assert_eq!(unchanged["encumbrances"]["pledgee"], Value::Null);
}

#[tokio::test]
async fn enterprises_read_patents_but_cannot_add_edit_list_or_screen_them() {
    let app = spawn_app().await;
    let owner = app.university("示范工程大学").await;
    let enterprise = app.enterprise("示范智能装备有限公司").await;
    let id = app.create_patent(&owner, eligible_patent()).await;

    let (status, shown) = app.get(&format!("/api/v1/patents/{id}"), &enterprise.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["publication_number"], "CN215697310U");

    let mut other = eligible_patent();
    other["publication_number"] = json!("CN114081026A");
    let (status, error) = app.post("/api/v1/patents", &enterprise.token, other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        error,
        problem(403, "forbidden_role", "当前角色无权执行此操作", "当前角色无权执行此操作（add patents）")
    );
    let (status, _) = app.patch(&format!("/api/v1/patents/{id}"), &enterprise.token, json!({"grade": "C"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/patents", &enterprise.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("/api/v1/patents/{id}/eligibility"), &enterprise.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let event = json!({"kind": "annual_fee_overdue", "occurred_on": "2025-01-01"});
    let (status, _) = app.post(&format!("/api/v1/patents/{id}/events"), &enterprise.token, event).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("/api/v1/patents/{id}/events"), &enterprise.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_protected_route_refuses_a_request_without_a_token() {
    let app = spawn_app().await;
    let id = uuid::Uuid::new_v4();
    let routes = [
        (Method::GET, "/api/v1/me".to_string()),
        (Method::GET, "/api/v1/organizations".to_string()),
        (Method::POST, format!("/api/v1/organizations/{id}/verify")),
        (Method::POST, "/api/v1/patents".to_string()),
        (Method::POST, "/api/v1/patents/import".to_string()),
        (Method::GET, "/api/v1/patents".to_string()),
        (Method::GET, format!("/api/v1/patents/{id}")),
        (Method::PATCH, format!("/api/v1/patents/{id}")),
        (Method::POST, format!("/api/v1/patents/{id}/events")),
        (Method::GET, format!("/api/v1/patents/{id}/events")),
        (Method::GET, format!("/api/v1/patents/{id}/eligibility")),
    ];
    for (method, path) in routes {
        let (status, body) = read(app.request(method.clone(), &path, None, Some(json!({}))).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(body["code"], "unauthenticated", "{method} {path}");
    }
}

#[tokio::test]
async fn operators_list_any_organization_but_cannot_add_or_edit_patents() {
    let app = spawn_app().await;
    let first = app.university("示范工程大学").await;
    let second = app.university("示范理工大学").await;
    let operator = app.operator().await;
    app.create_patent(&first, eligible_patent()).await;
    let mut other = eligible_patent();
    other["publication_number"] = json!("CN114081026A");
    other["patent_type"] = json!("invention");
    let id = app.create_patent(&second, other).await;

    let (_, all) = app.get("/api/v1/patents", &operator.token).await;
    assert_eq!(all["total"], 2);
    let (_, only_second) =
        app.get(&format!("/api/v1/patents?organization_id={}", second.organization_id), &operator.token).await;
    assert_eq!(only_second["total"], 1);
    assert_eq!(only_second["items"][0]["id"], id.as_str());

    let (status, _) = app.post("/api/v1/patents", &operator.token, eligible_patent()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.patch(&format!("/api/v1/patents/{id}"), &operator.token, json!({"grade": "A"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unknown_and_uneditable_fields_are_refused_by_name() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let mut body = eligible_patent();
    body["owner"] = json!("someone");
    let (status, error) = app.post("/api/v1/patents", &university.token, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "malformed_json");
    assert_eq!(error["errors"], json!([{"field": "owner", "code": "unknown_field", "message": "不支持的字段“owner”"}]));

    let id = app.create_patent(&university, eligible_patent()).await;
    let (status, error) =
        app.patch(&format!("/api/v1/patents/{id}"), &university.token, json!({"legal_status": "expired"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errors"][0]["field"], "legal_status", "legal status changes only through events");
}
