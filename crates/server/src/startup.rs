//! Builds the application: one function used by `main` and by the tests.

use crate::activity::ActivityRecorder;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::EitherBody;
pub use actix_web::dev::ServerHandle;
use actix_web::dev::{Server, Service, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{App, HttpMessage, HttpRequest, HttpResponse, HttpServer, web};
use sea_orm::{DatabaseConnection, DbErr};
use search::service::SearchService;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::AppExt;

use crate::auth::TokenService;
use crate::clock::Clock;
use crate::config::{ConfigError, Settings};
use crate::db::connect_and_migrate;
use crate::error::{ApiError, ErrorCode, Problem};
use crate::matching_context::{MatchingContext, follow_demands};
use crate::metrics::Metrics;
use crate::offer_source::LicensingOffers;
use crate::rejections;
use crate::routes::{self, health::OpenApiJson};

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
    #[error("openapi document: {0}")]
    OpenApi(#[from] serde_json::Error),
    #[error("search index: {0}")]
    Search(#[from] search::Error),
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    clock: Arc<Clock>,
    settings: Settings,
}

struct BearerSecurity;

impl utoipa::Modify for BearerSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kaixu 开许 API", description = "专利开放许可撮合平台：高校发布开放许可，中小企业检索、匹配并一步获得许可。"),
    modifiers(&BearerSecurity),
    components(schemas(Problem))
)]
struct ApiDoc;

/// The OpenAPI document, collected from the same route registrations the server uses.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, document) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    document
}

async fn route_not_found(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::RouteNotFound, format!("没有接口 {} {}", request.method(), request.path())))
}

/// Rewrites any error response that is not already problem+json (actix's own rejections such as
/// an oversized raw body) into one, keeping its status.
fn plain_error_to_problem<B>(response: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(response.map_into_left_body()));
    }
    let status = response.status();
    let error = match status.as_u16() {
        404 => ApiError::new(ErrorCode::RouteNotFound, "接口不存在"),
        405 => ApiError::new(ErrorCode::MethodNotAllowed, "该接口不支持此请求方法"),
        413 => ApiError::new(ErrorCode::PayloadTooLarge, "请求体超过大小上限"),
        415 => ApiError::new(ErrorCode::UnsupportedMediaType, "不支持的 Content-Type"),
        401 => ApiError::new(ErrorCode::Unauthenticated, "需要登录"),
        500..=599 => ApiError::new(ErrorCode::InternalError, "服务器内部错误，请稍后重试"),
        _ => ApiError::new(ErrorCode::BadRequest, status.canonical_reason().unwrap_or("请求无效")),
    };
    let mut problem = error.problem();
    problem.status = status.as_u16();
    let (request, _) = response.into_parts();
    let rebuilt = HttpResponse::build(status).content_type("application/problem+json").json(problem);
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(request, rebuilt).map_into_right_body()))
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("port", &self.port).finish_non_exhaustive()
    }
}

impl Application {
    /// Connects to the database, migrates, and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = connect_and_migrate(&settings).await?;
        Self::build_with_db(settings, db)
    }

    /// Binds the listener for an already migrated database.
    pub fn build_with_db(settings: Settings, db: DatabaseConnection) -> Result<Self, StartupError> {
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))?;
        let port = listener.local_addr()?.port();
        let openapi = web::Data::new(OpenApiJson(openapi_document().to_pretty_json()?));
        let tokens = web::Data::new(TokenService::new(&settings.auth));
        let metrics = web::Data::new(Metrics::default());
        let pagination = web::Data::new(settings.pagination.clone());
        let db_data = web::Data::new(db.clone());
        let clock = Arc::new(Clock::default());
        let search_service = Arc::new(SearchService::open(settings.search_config()?)?);
        tokio::spawn(Arc::clone(&search_service).follow(db.clone(), LicensingOffers::new(db.clone(), clock.clone())));
        tokio::spawn(advance_licenses(db.clone(), clock.clone(), settings.licensing.clone()));
        if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
            tokio::spawn(refresh_planner_statistics(db.clone()));
        }
        let clock_data = web::Data::from(clock.clone());
        let licensing_settings = web::Data::new(settings.licensing.clone());
        let demand_index = Arc::new(search_service.new_demand_index()?);
        tokio::spawn(follow_demands(db.clone(), Arc::clone(&demand_index)));
        let matching_context = web::Data::new(MatchingContext {
            db: db.clone(),
            search: Arc::clone(&search_service),
            demands: demand_index,
            settings: settings.matching.clone(),
            clock: clock.clone(),
        });
        let activity = web::Data::from(ActivityRecorder::start(db.clone(), settings.stats.activity_queue));
        let stats_settings = web::Data::new(settings.stats.clone());
        let search_data = web::Data::from(search_service);
        let search_settings = web::Data::new(settings.search.clone());
        let json_limit = settings.server.json_limit_bytes;
        let import_limit = settings.server.import_limit_bytes;

        let mut server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .app_data(db_data.clone())
                .app_data(tokens.clone())
                .app_data(metrics.clone())
                .app_data(pagination.clone())
                .app_data(openapi.clone())
                .app_data(search_data.clone())
                .app_data(search_settings.clone())
                .app_data(clock_data.clone())
                .app_data(licensing_settings.clone())
                .app_data(matching_context.clone())
                .app_data(activity.clone())
                .app_data(stats_settings.clone())
                .app_data(rejections::json_config(json_limit))
                .app_data(rejections::query_config())
                .app_data(rejections::path_config())
                .app_data(web::PayloadConfig::new(import_limit))
                .default_service(web::to(route_not_found))
                .wrap(ErrorHandlers::new().default_handler(plain_error_to_problem))
                .wrap_fn(|request, service| {
                    let started = Instant::now();
                    let request_id = request.extensions().get::<RequestId>().copied();
                    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
                    let method = request.method().to_string();
                    let response = service.call(request);
                    async move {
                        let mut response: ServiceResponse<EitherBody<_>> = response.await?;
                        let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_string());
                        if let Some(metrics) = metrics {
                            metrics.observe(&method, &route, response.status().as_u16(), started.elapsed());
                        }
                        if let Some(id) = request_id
                            && let Ok(value) = HeaderValue::from_str(&id.to_string())
                        {
                            response.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
                        }
                        Ok(response)
                    }
                })
                .wrap(TracingLogger::default())
        })
        .listen(listener)?
        .shutdown_timeout(settings.server.shutdown_timeout_seconds);
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        Ok(Self { port, server: server.run(), db, clock, settings })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn database(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The clock every rule reads; tests move it.
    pub fn clock(&self) -> Arc<Clock> {
        Arc::clone(&self.clock)
    }

    /// Runs the licensing job now (what the periodic task does), on the server's clock.
    pub async fn advance_licenses(&self) -> Result<licensing::service::jobs::AdvanceReport, licensing::Error> {
        licensing::service::jobs::advance(&self.db, self.clock.today(), self.settings.licensing.policy()).await
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM or `handle().stop(true)`; in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Advances time-driven license states (trial end, expiry, overdue reports) and writes
/// reminders, every `job_interval_seconds`.
/// Keeps SQLite's planner statistics current as the tables grow (hourly; PostgreSQL's autovacuum
/// does this itself). The first refresh ran at start-up, in `connect_and_migrate`.
async fn refresh_planner_statistics(db: DatabaseConnection) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    interval.tick().await;
    loop {
        interval.tick().await;
        if let Err(error) = crate::db::refresh_planner_statistics(&db).await {
            tracing::warn!(%error, "refreshing planner statistics failed");
        }
    }
}

async fn advance_licenses(db: DatabaseConnection, clock: Arc<Clock>, settings: crate::config::LicensingSettings) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(settings.job_interval_seconds));
    loop {
        interval.tick().await;
        match licensing::service::jobs::advance(&db, clock.today(), settings.policy()).await {
            Ok(report) if report.reviewed > 0 => tracing::info!(
                reviewed = report.reviewed,
                trials_confirmed = report.trials_confirmed,
                expired = report.expired,
                "licenses advanced"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "advancing licenses failed"),
        }
    }
}
