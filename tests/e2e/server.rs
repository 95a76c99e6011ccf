//! Server-wide behaviour: problem+json for actix's own rejections, operations endpoints,
//! the OpenAPI document, configuration and shutdown.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::json;
use server::config::{ConfigError, Environment, Settings};

use crate::support::{config_dir, problem, read, requested_backend, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_backend_under_test_is_the_one_requested() {
    let app = spawn_app().await;
    let (status, health) = read(app.request(Method::GET, "/healthz", None, None).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
    assert_eq!(
        health["database"],
        requested_backend(),
        "KAIXU_TEST_DATABASE must decide the backend the suite runs on"
    );
}

#[tokio::test]
async fn unknown_routes_return_a_404_problem() {
    let app = spawn_app().await;
    let response = app.request(Method::DELETE, "/api/v1/nowhere", None, None).await;
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, problem(404, "route_not_found", "接口不存在", "没有接口 DELETE /api/v1/nowhere"));
}

#[tokio::test]
async fn malformed_and_oversized_json_bodies_return_problems() {
    let app = spawn_app_with(|settings| settings.server.json_limit_bytes = 256).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "malformed_json");

    let big = json!({"email": "a".repeat(1000), "password": "x"});
    let (status, body) = read(app.request(Method::POST, "/api/v1/auth/login", None, Some(big)).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, problem(413, "payload_too_large", "请求体过大", "JSON 请求体不能超过 256 字节"));

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body, problem(415, "unsupported_media_type", "不支持的内容类型", "Content-Type 应为 application/json"));
}

#[tokio::test]
async fn bad_query_strings_and_path_ids_return_400_problems() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;

    let (status, body) = app.get("/api/v1/patents?per_page=1000", &university.token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({
            "type": "urn:kaixu:problem:malformed_query", "title": "查询参数无效", "status": 400,
            "detail": "per_page 应在 1 到 100 之间", "code": "malformed_query",
            "errors": [{"field": "per_page", "code": "out_of_range", "message": "per_page 应在 1 到 100 之间"}]
        })
    );
    let (status, body) = app.get("/api/v1/patents?page=0", &university.token).await;
    assert_eq!((status, body["errors"][0]["field"].clone()), (StatusCode::BAD_REQUEST, json!("page")));

    let (status, body) = app.get("/api/v1/patents?per_page=abc", &university.token).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_query")));

    let (status, body) = app.get("/api/v1/patents?colour=red", &university.token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["errors"],
        json!([{"field": "colour", "code": "unknown_field", "message": "不支持的字段“colour”"}])
    );

    let (status, body) = app.get("/api/v1/patents?legal_status=alive", &university.token).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_query")));

    let (status, body) = app.get("/api/v1/patents/not-a-uuid", &university.token).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_path")));
}

#[tokio::test]
async fn lists_are_paginated() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let sample: String =
        include_str!("../../data/demo/patents.jsonl").lines().take(25).map(|l| format!("{l}\n")).collect();
    app.post_raw("/api/v1/patents/import", &university.token, "application/x-ndjson", sample.into_bytes()).await;
    let mut seen = BTreeSet::new();
    for page in 1..=3 {
        let (_, body) = app.get(&format!("/api/v1/patents?page={page}&per_page=10"), &university.token).await;
        assert_eq!(body["total"], 25);
        assert_eq!(body["page"], page);
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), if page < 3 { 10 } else { 5 });
        seen.extend(items.iter().map(|item| item["id"].as_str().unwrap().to_string()));
    }
    assert_eq!(seen.len(), 25, "pages neither repeat nor skip patents");
}

#[tokio::test]
async fn responses_carry_a_request_id_and_metrics_count_requests_by_route() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, "/healthz", None, None).await;
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
    app.request(Method::GET, "/api/v1/me", None, None).await;

    let response = app.request(Method::GET, "/metrics", None, None).await;
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    assert!(text.contains("kaixu_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"), "{text}");
    assert!(text.contains("kaixu_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1"), "{text}");
    assert!(text.contains("kaixu_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 1"), "{text}");
}

#[tokio::test]
async fn the_openapi_document_covers_every_route() {
    let app = spawn_app().await;
    let (status, document) = read(app.request(Method::GET, "/api/v1/openapi.json", None, None).await).await;
    assert_eq!(status, StatusCode::OK);
    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let expected: BTreeSet<String> = [
        "GET /healthz",
        "GET /metrics",
        "GET /api/v1/openapi.json",
        "POST /api/v1/auth/register",
        "POST /api/v1/auth/login",
        "GET /api/v1/me",
        "GET /api/v1/organizations",
        "POST /api/v1/organizations/{id}/verify",
        "POST /api/v1/patents/import",
        "POST /api/v1/patents",
        "GET /api/v1/patents",
        "GET /api/v1/patents/{id}",
        "PATCH /api/v1/patents/{id}",
        "POST /api/v1/patents/{id}/events",
        "GET /api/v1/patents/{id}/events",
        "GET /api/v1/patents/{id}/eligibility",
        "GET /api/v1/search/patents",
        "POST /api/v1/offers/preview",
        "POST /api/v1/patents/{id}/offers",
        "GET /api/v1/patents/{id}/offers",
        "GET /api/v1/offers/{id}",
        "POST /api/v1/offers/{id}/withdraw",
        "GET /api/v1/patents/{id}/pricing-guidance",
        "POST /api/v1/offers/{id}/licenses",
        "GET /api/v1/licenses",
        "GET /api/v1/licenses/{id}",
        "POST /api/v1/licenses/{id}/confirm",
        "POST /api/v1/licenses/{id}/exit",
        "POST /api/v1/licenses/{id}/terminate",
        "POST /api/v1/licenses/{id}/reports",
        "GET /api/v1/licenses/{id}/reports",
        "GET /api/v1/licenses/{id}/obligations",
        "POST /api/v1/licenses/{id}/payments",
        "GET /api/v1/licenses/{id}/payments",
        "GET /api/v1/licenses/{id}/recordation-proof",
        "POST /api/v1/licenses/{id}/recordation",
        "GET /api/v1/reminders",
        "POST /api/v1/demands",
        "GET /api/v1/demands",
        "GET /api/v1/demands/{id}",
        "PATCH /api/v1/demands/{id}",
        "GET /api/v1/demands/{id}/matches",
        "POST /api/v1/demands/{id}/matches/{patent_id}/feedback",
        "GET /api/v1/demands/{id}/feedback",
        "GET /api/v1/patents/{id}/feedback",
        "GET /api/v1/patents/{id}/demands",
        "GET /api/v1/notifications",
        "POST /api/v1/notifications/{id}/read",
        "GET /api/v1/stats/kpis",
        "GET /api/v1/stats/funnel",
        "GET /api/v1/stats/dormant",
        "GET /api/v1/stats/follow-ups",
        "GET /api/v1/stats/feedback",
        "GET /api/v1/stats/audit",
        "GET /api/v1/stats/export.csv",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(documented, expected);
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(document["components"]["schemas"]["Problem"].is_object());
    assert_eq!(document["paths"]["/api/v1/me"]["get"]["security"], json!([{"bearer": []}]));
}

fn config_copy_with(extra: &str, file: &str) -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    for name in ["default.toml", "development.toml", "test.toml", "production.toml"] {
        let mut text = std::fs::read_to_string(config_dir().join(name)).unwrap();
        if name == file {
            text.push_str(extra);
        }
        std::fs::write(directory.path().join(name), text).unwrap();
    }
    directory
}

#[test]
fn unknown_configuration_keys_and_environments_fail_at_start_up() {
    let directory = config_copy_with("\n[server.extra]\nspeed = 3\n", "test.toml");
    let error = Settings::load_from(directory.path(), Environment::Test).unwrap_err();
    assert!(matches!(error, ConfigError::Invalid(_)), "{error}");
    assert!(error.to_string().contains("unknown field `extra`"), "{error}");

    let directory = config_copy_with("\n[cache]\nsize = 1\n", "default.toml");
    assert!(Settings::load_from(directory.path(), Environment::Test).is_err());

    assert!(matches!(Environment::parse("staging"), Err(ConfigError::UnknownEnvironment(_))));
    let missing = tempfile::tempdir().unwrap();
    assert!(matches!(Settings::load_from(missing.path(), Environment::Test), Err(ConfigError::MissingFile(_))));
}

#[test]
fn production_refuses_the_default_jwt_secret_and_debug_output_redacts_secrets() {
    let error = Settings::load_from(&config_dir(), Environment::Production).unwrap_err();
    assert!(matches!(error, ConfigError::DefaultSecret("production")), "{error}");
    let development = Settings::load_from(&config_dir(), Environment::Development).unwrap();
    let printed = format!("{development:?}");
    assert!(!printed.contains(development.auth.jwt_secret.expose()));
    assert!(printed.contains("[redacted]"));
}

#[tokio::test]
async fn the_server_stops_gracefully_on_request() {
    let app = spawn_app().await;
    let (status, _) = read(app.request(Method::GET, "/healthz", None, None).await).await;
    assert_eq!(status, StatusCode::OK);
    app.handle.stop(true).await;
    let after = app.client.get(app.url("/healthz")).send().await;
    assert!(after.is_err(), "the listener is closed after a graceful stop");
}

#[test]
fn problem_titles_are_chinese_and_codes_unique() {
    let codes: Vec<&str> = server::error::ErrorCode::ALL.iter().map(|code| code.code()).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len());
    for code in server::error::ErrorCode::ALL {
        assert!(code.status().is_client_error() || code.status().is_server_error(), "{}", code.code());
        assert!(code.title().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", code.code());
    }
}
