//! Registration, login, tokens and operator views of organizations.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{PASSWORD, problem, read, spawn_app, validation_problem};

fn registration(name: &str, kind: &str, email: &str, password: &str) -> Value {
    json!({
        "organization": {"name": name, "kind": kind, "region_code": "110108", "industry_codes": ["C", "39"]},
        "user": {"email": email, "password": password, "display_name": "张老师"}
    })
}

#[tokio::test]
async fn registering_a_university_returns_a_session_and_me_shows_it() {
    let app = spawn_app().await;
    let body = registration("示范理工大学", "university", "TTO@Demo-Tech.edu.cn", PASSWORD);
    let (status, session) = read(app.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(session["token_type"], "Bearer");
    assert_eq!(session["organization"]["kind"], "university");
    assert_eq!(session["organization"]["region_name"], "海淀区");
    assert_eq!(session["organization"]["industry_codes"], json!(["C", "39"]));
    assert_eq!(session["organization"]["verified_at"], Value::Null);
    assert_eq!(session["user"]["email"], "tto@demo-tech.edu.cn");

    let (status, me) = app.get("/api/v1/me", session["token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["user"]["role"], "university");
    assert_eq!(me["organization"]["name"], "示范理工大学");
    assert!(me["user"].get("password_hash").is_none());

    let account = app.login("tto@demo-tech.edu.cn", PASSWORD).await;
    assert_eq!(account.organization_id, session["organization"]["id"].as_str().unwrap());
}

#[tokio::test]
async fn logging_in_with_a_wrong_password_or_unknown_email_returns_the_same_401() {
    let app = spawn_app().await;
    let account = app.university("示范理工大学").await;
    let expected = problem(401, "invalid_credentials", "邮箱或密码错误", "邮箱或密码错误");
    for (email, password) in [(account.email.as_str(), "wrong-password-1"), ("nobody@example.cn", PASSWORD)] {
        let body = json!({"email": email, "password": password});
        let (status, error) = read(app.request(Method::POST, "/api/v1/auth/login", None, Some(body)).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error, expected);
    }
}

#[tokio::test]
async fn a_duplicate_organization_name_returns_409_and_creates_no_user() {
    let app = spawn_app().await;
    app.university("示范理工大学").await;
    let body = registration("示范理工大学", "enterprise", "second@example.cn", PASSWORD);
    let (status, error) = read(app.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error,
        problem(409, "organization_name_taken", "机构名称已被注册", "该机构名称已被注册，请使用全称或联系平台运营方")
    );
    let login = json!({"email": "second@example.cn", "password": PASSWORD});
    let (status, _) = read(app.request(Method::POST, "/api/v1/auth/login", None, Some(login)).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the rejected registration must not leave a user behind");
}

#[tokio::test]
async fn a_taken_email_returns_409_and_creates_no_organization() {
    let app = spawn_app().await;
    let first = app.university("示范理工大学").await;
    let body = registration("示范农林大学", "university", &first.email, PASSWORD);
    let (status, error) = read(app.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error, problem(409, "email_taken", "邮箱已被注册", "该邮箱已注册，请直接登录"));
    let operator = app.operator().await;
    let (_, list) = app.get("/api/v1/organizations?kind=university", &operator.token).await;
    assert_eq!(list["total"], 1, "the rejected registration must not leave an organization behind: {list}");
}

#[tokio::test]
async fn weak_passwords_and_bad_codes_are_refused_with_every_field_named() {
    let app = spawn_app().await;
    let body = json!({
        "organization": {"name": "示范理工大学", "kind": "university", "region_code": "999999", "industry_codes": ["Z9"]},
        "user": {"email": "not-an-email", "password": "short1", "display_name": "张老师"}
    });
    let (status, error) = read(app.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error,
        validation_problem(json!([
            {"field": "organization.region_code", "code": "invalid", "message": "行政区划代码“999999”不存在，应为 6 位民政部代码，例如 110108（北京市海淀区）"},
            {"field": "organization.industry_codes", "code": "invalid", "message": "行业代码“Z9”不在 GB/T 4754-2017 中，例如 C（制造业）或 39（计算机、通信和其他电子设备制造业）"},
            {"field": "user.email", "code": "invalid_email", "message": "邮箱格式无效，例如 name@example.com"},
            {"field": "user.password", "code": "weak_password", "message": "密码至少 10 个字符"}
        ]))
    );
}

#[tokio::test]
async fn registering_an_operator_through_the_api_is_refused() {
    let app = spawn_app().await;
    let body = registration("冒名运营方", "operator", "fake@example.cn", PASSWORD);
    let (status, error) = read(app.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["errors"][0]["field"], "organization.kind");
    assert_eq!(error["errors"][0]["message"], "运营方账号只能由 kaixu operator create 创建");
}

fn token_with(secret: &str, algorithm: Algorithm, exp_offset_seconds: i64, sub: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "sub": sub, "org": uuid::Uuid::new_v4(), "role": "operator", "iss": "kaixu",
        "iat": now, "exp": now + exp_offset_seconds
    });
    encode(&Header::new(algorithm), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

const TEST_SECRET: &str = "kaixu-test-secret-0123456789abcdef0123456789";

#[tokio::test]
async fn missing_expired_forged_and_unsigned_tokens_are_refused_with_401() {
    let app = spawn_app().await;
    let user = uuid::Uuid::new_v4().to_string();
    let (status, error) = read(app.request(Method::GET, "/api/v1/me", None, None).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error, problem(401, "unauthenticated", "需要登录", "缺少 Authorization: Bearer 访问令牌"));

    let expired = token_with(TEST_SECRET, Algorithm::HS256, -3600, &user);
    let (status, error) = app.get("/api/v1/organizations", &expired).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error, problem(401, "token_expired", "访问令牌已过期", "访问令牌已过期，请重新登录"));

    let forged = token_with("another-secret-that-is-long-enough-0000", Algorithm::HS256, 3600, &user);
    let invalid = problem(401, "invalid_token", "访问令牌无效", "访问令牌无效");
    assert_eq!(app.get("/api/v1/organizations", &forged).await, (StatusCode::UNAUTHORIZED, invalid.clone()));

    let wrong_algorithm = token_with(TEST_SECRET, Algorithm::HS512, 3600, &user);
    assert_eq!(app.get("/api/v1/organizations", &wrong_algorithm).await, (StatusCode::UNAUTHORIZED, invalid.clone()));

    // alg=none: header and claims, no signature.
    let valid = token_with(TEST_SECRET, Algorithm::HS256, 3600, &user);
    let claims_part = valid.split('.').nth(1).unwrap();
    let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{claims_part}.");
    assert_eq!(app.get("/api/v1/organizations", &unsigned).await, (StatusCode::UNAUTHORIZED, invalid));
}

#[tokio::test]
async fn operators_list_and_verify_organizations_once() {
    let app = spawn_app().await;
    let university = app.university("示范理工大学").await;
    let enterprise = app.enterprise("示范智能装备有限公司").await;
    let operator = app.operator().await;

    let (status, list) = app.get("/api/v1/organizations?verified=false&per_page=10", &operator.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 3, "two registrations and the operator itself: {list}");

    let path = format!("/api/v1/organizations/{}/verify", university.organization_id);
    let (status, verified) = app.post(&path, &operator.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(verified["verified_at"].is_string());
    let (status, error) = app.post(&path, &operator.token, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error, problem(409, "organization_already_verified", "机构已认证", "该机构已通过认证"));

    let (_, list) = app.get("/api/v1/organizations?verified=true", &operator.token).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], university.organization_id.as_str());

    let missing = format!("/api/v1/organizations/{}/verify", uuid::Uuid::new_v4());
    let (status, error) = app.post(&missing, &operator.token, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["code"], "organization_not_found");

    for account in [&university, &enterprise] {
        let (status, error) = app.get("/api/v1/organizations", &account.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(error["code"], "forbidden_role");
        let (status, _) = app.post(&path, &account.token, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
