//! The test harness: every test gets its own server on a random port with a fresh database
//! (an SQLite file in a temp dir, or a new PostgreSQL database when
//! `KAIXU_TEST_DATABASE=postgres`) and talks to it over HTTP.

use std::path::PathBuf;

use accounts::NewUser;
use catalog::model::organization::NewOrganization;
use reqwest::{Client, Method, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use server::config::{Environment, Settings};
use server::startup::Application;
use tempfile::TempDir;
use uuid::Uuid;

pub const PASSWORD: &str = "river-stone-2049";

/// Which database the suite runs on, from `KAIXU_TEST_DATABASE` (`sqlite` by default).
pub fn requested_backend() -> &'static str {
    match std::env::var("KAIXU_TEST_DATABASE").as_deref() {
        Ok("postgres") => "postgres",
        Ok("sqlite") | Err(_) => "sqlite",
        Ok(other) => panic!("KAIXU_TEST_DATABASE must be sqlite or postgres, not {other}"),
    }
}

fn postgres_admin_url() -> String {
    std::env::var("KAIXU_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// The workspace's `config/` directory.
pub fn config_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../config")
}

/// The test settings with a fresh database and data directory.
pub async fn test_settings(data_dir: &TempDir) -> Settings {
    let mut settings = Settings::load_from(&config_dir(), Environment::Test).expect("test configuration loads");
    settings.storage.data_dir = data_dir.path().to_path_buf();
    if requested_backend() == "postgres" {
        let name = format!("kaixu_test_{}", Uuid::new_v4().simple());
        let admin =
            Database::connect(format!("{}/postgres", postgres_admin_url())).await.expect("PostgreSQL is reachable");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        admin.close().await.ok();
        settings.database.url = server::config::Secret::new(format!("{}/{name}", postgres_admin_url()));
    }
    settings
}

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub db: sea_orm::DatabaseConnection,
    pub handle: server::startup::ServerHandle,
    pub settings: Settings,
    /// The server's clock: tests move time with `clock.advance_days(n)`.
    pub clock: std::sync::Arc<server::clock::Clock>,
    _data_dir: TempDir,
}

/// Starts the real application on a random port with a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with adjusted settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&data_dir).await;
    adjust(&mut settings);
    start(settings, data_dir).await
}

async fn start(settings: Settings, data_dir: TempDir) -> TestApp {
    let application = Application::build(settings.clone()).await.expect("application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.database().clone();
    let handle = application.handle();
    let clock = application.clock();
    tokio::spawn(application.run_until_stopped());
    TestApp { address, client: Client::new(), db, handle, settings, clock, _data_dir: data_dir }
}

/// A second server on the same database as `app`, with its own data directory and search index,
/// as a scaled-out deployment runs them.
pub async fn spawn_peer(app: &TestApp) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = app.settings.clone();
    settings.database.url = server::config::Secret::new(app.settings.database_url());
    settings.storage.data_dir = data_dir.path().to_path_buf();
    start(settings, data_dir).await
}

/// A registered organization's session.
#[derive(Debug, Clone)]
pub struct Account {
    pub token: String,
    pub organization_id: String,
    pub user_id: String,
    pub email: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        read(self.request(Method::GET, path, Some(token), None).await).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        read(self.request(Method::POST, path, Some(token), Some(body)).await).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        read(self.request(Method::PATCH, path, Some(token), Some(body)).await).await
    }

    /// Posts a raw body with a content type (imports).
    pub async fn post_raw(&self, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent");
        read(response).await
    }

    /// Waits until this server's search index has applied the whole change feed (bounded; a
    /// condition, not a fixed sleep).
    pub async fn wait_for_index(&self) {
        let latest = catalog::service::feed::latest_seq(&self.db).await.expect("feed position");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (_, health) = read(self.request(Method::GET, "/healthz", None, None).await).await;
            if health["search"]["applied_seq"].as_i64().unwrap_or(0) >= latest {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "index stuck at {health} (feed at {latest})");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Searches without a token (the catalogue is public).
    pub async fn search(&self, query: &[(&str, &str)]) -> (StatusCode, Value) {
        let response =
            self.client.get(self.url("/api/v1/search/patents")).query(query).send().await.expect("request sent");
        read(response).await
    }

    /// Registers an organization of `kind` with one user.
    pub async fn register(&self, kind: &str, name: &str) -> Account {
        self.register_in(kind, name, "110108").await
    }

    /// Registers an organization of `kind` in the region `region_code`.
    pub async fn register_in(&self, kind: &str, name: &str, region_code: &str) -> Account {
        let email = format!("{}@{}.example.cn", Uuid::new_v4().simple(), kind);
        let body = json!({
            "organization": {"name": name, "kind": kind, "region_code": region_code, "industry_codes": ["C"]},
            "user": {"email": email, "password": PASSWORD, "display_name": "联系人"}
        });
        let response = self.request(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::CREATED, "registration failed: {body}");
        account_from(&body, email)
    }

    pub async fn university(&self, name: &str) -> Account {
        self.register("university", name).await
    }

    pub async fn enterprise(&self, name: &str) -> Account {
        self.register("enterprise", name).await
    }

    /// Creates an operator the way `kaixu operator create` does, then logs in over HTTP.
    pub async fn operator(&self) -> Account {
        let email = format!("{}@operator.example.cn", Uuid::new_v4().simple());
        let organization = NewOrganization {
            name: Some(format!("运营中心{}", Uuid::new_v4().simple())),
            kind: None,
            region_code: Some("110108".into()),
            industry_codes: Vec::new(),
        };
        let user =
            NewUser {
                email: Some(email.clone()), password: Some(PASSWORD.into()), display_name: Some("运营".into())
            };
        accounts::create_operator(&self.db, &organization, &user).await.expect("operator created");
        self.login(&email, PASSWORD).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Account {
        let body = json!({"email": email, "password": password});
        let (status, body) = read(self.request(Method::POST, "/api/v1/auth/login", None, Some(body)).await).await;
        assert_eq!(status, StatusCode::OK, "login failed: {body}");
        account_from(&body, email.to_string())
    }

    /// Runs the licensing job now, as the server's periodic task would on its clock.
    pub async fn advance_licenses(&self) -> licensing::service::jobs::AdvanceReport {
        licensing::service::jobs::advance(&self.db, self.clock.today(), self.settings.licensing.policy())
            .await
            .expect("licensing job runs")
    }

    /// Creates an eligible patent (publication number varied by `n`) for `university`.
    pub async fn eligible_patent_of(&self, university: &Account, n: u32) -> String {
        let mut body = eligible_patent();
        body["publication_number"] = json!(format!("CN2156{n:05}U"));
        self.create_patent(university, body).await
    }

    /// Publishes an offer on `patent_id` and returns the offer.
    pub async fn publish_offer(&self, university: &Account, patent_id: &str, offer: Value) -> Value {
        let (status, body) = self.post(&format!("/api/v1/patents/{patent_id}/offers"), &university.token, offer).await;
        assert_eq!(status, StatusCode::CREATED, "offer not published: {body}");
        body
    }

    /// Accepts an offer as `enterprise` and returns the license.
    pub async fn accept(&self, enterprise: &Account, offer_id: &str) -> Value {
        let (status, body) =
            self.post(&format!("/api/v1/offers/{offer_id}/licenses"), &enterprise.token, json!({})).await;
        assert_eq!(status, StatusCode::CREATED, "offer not accepted: {body}");
        body
    }

    /// Creates a patent for a university and returns its id.
    pub async fn create_patent(&self, account: &Account, body: Value) -> String {
        let (status, created) = self.post("/api/v1/patents", &account.token, body).await;
        assert_eq!(status, StatusCode::CREATED, "patent not created: {created}");
        created["id"].as_str().expect("patent id").to_string()
    }
}

fn account_from(body: &Value, email: String) -> Account {
    Account {
        token: body["token"].as_str().expect("token").to_string(),
        organization_id: body["organization"]["id"].as_str().expect("organization id").to_string(),
        user_id: body["user"]["id"].as_str().expect("user id").to_string(),
        email,
    }
}

/// Status and JSON body (`Value::Null` for an empty or non-JSON body).
pub async fn read(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A problem+json body with the given status, code, detail and field errors.
pub fn problem(status: u16, code: &str, title: &str, detail: &str) -> Value {
    json!({
        "type": format!("urn:kaixu:problem:{code}"),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    })
}

/// A 422 validation problem listing `errors` (each `{field, code, message}`).
pub fn validation_problem(errors: Value) -> Value {
    let count = errors.as_array().map(Vec::len).unwrap_or(0);
    let detail = match count {
        1 => errors[0]["message"].clone(),
        _ => json!(format!("{count} 个字段未通过校验，详见 errors")),
    };
    json!({
        "type": "urn:kaixu:problem:validation_failed",
        "title": "输入未通过校验",
        "status": 422,
        "detail": detail,
        "code": "validation_failed",
        "errors": errors,
    })
}

/// A real, granted utility-model patent (CN215697310U, from the demo sample) with full dates,
/// so that every eligibility rule passes unless a test breaks one.
pub fn eligible_patent() -> Value {
    json!({
        "publication_number": "CN215697310U",
        "application_number": "CN202121234567.8",
        "title": "一种冲压固定装置",
        "ipc_codes": ["B21D 43/00"],
        "patent_type": "utility_model",
        "application_date": "2021-06-15",
        "grant_date": "2022-01-28",
        "evaluation_report_ref": "PJ2022-0001",
        "state_funded": true
    })
}

/// A royalty offer: 3% of net sales per quarter, minimum ¥1,000 a quarter, 36 months.
pub fn royalty_offer() -> Value {
    json!({
        "fee_model": "royalty",
        "royalty_base": "net_sales",
        "royalty_rate_bp": 300,
        "royalty_period": "quarter",
        "minimum_per_period_fen": 100_000,
        "term_months": 36,
        "other_matters": "被许可人应在产品说明中注明专利号。",
        "pricing_basis": {"method": "platform_comparables", "note": "参考同类开放许可提成 2%–5%"}
    })
}

/// A lump-sum offer of ¥30,000 in three yearly instalments over 36 months.
pub fn lump_sum_offer() -> Value {
    json!({
        "fee_model": "lump_sum",
        "amount_fen": 3_000_000,
        "instalments": 3,
        "instalment_interval_months": 12,
        "term_months": 36
    })
}
