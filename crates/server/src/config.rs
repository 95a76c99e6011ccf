//! Layered configuration: `config/default.toml` → `config/{KAIXU_ENV}.toml` → `KAIXU__SECTION__KEY`.
//! Unknown keys and unknown environments fail before the port is bound.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The JWT secret shipped in `config/default.toml`; refused outside development.
pub const DEVELOPMENT_JWT_SECRET: &str = "kaixu-development-secret-do-not-use-in-production";

/// Where the process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        match raw {
            "development" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" => Ok(Self::Production),
            other => Err(ConfigError::UnknownEnvironment(other.to_string())),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

/// A secret that never shows in logs or `Debug` output.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"[redacted]\")")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub storage: StorageSettings,
    pub auth: AuthSettings,
    pub pagination: PaginationSettings,
    pub log: LogSettings,
    pub search: SearchSettings,
    pub licensing: LicensingSettings,
    /// Matching: retrieval depth, push threshold, feature weights (`[matching]`, `[matching.weights]`).
    pub matching: matching::model::settings::MatchingSettings,
    /// Statistics: policy targets, follow-up horizon, export size (`[stats]`).
    pub stats: StatsSettings,
    #[serde(skip, default = "default_environment")]
    pub environment: Environment,
    /// The directory the configuration was read from; relative paths in it resolve here.
    #[serde(skip)]
    pub config_dir: PathBuf,
}

fn default_environment() -> Environment {
    Environment::Development
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Largest accepted JSON body.
    pub json_limit_bytes: usize,
    /// Largest accepted import file.
    pub import_limit_bytes: usize,
    /// Time given to in-flight requests on SIGTERM/SIGINT.
    pub shutdown_timeout_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Empty: an SQLite file under `storage.data_dir`. Otherwise a `postgres://` or `sqlite://` URL.
    pub url: Secret,
    /// PostgreSQL pool size. SQLite always uses one connection: writers serialize there anyway,
    /// and one connection avoids lock-upgrade deadlocks between concurrent write transactions.
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    /// Holds the SQLite database (and later the search index).
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: Secret,
    pub token_ttl_minutes: i64,
    pub issuer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSettings {
    pub default_per_page: u64,
    pub max_per_page: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `pretty` for people, `json` for log collectors.
    pub format: String,
    /// An `EnvFilter` directive, e.g. `info,sqlx=warn`.
    pub filter: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Domain dictionary for jieba (one `word [freq] [tag]` per line), relative to the config
    /// directory; empty for none.
    pub user_dictionary: String,
    /// Change-feed entries applied per index commit.
    pub batch_size: u64,
    /// Pause between feed polls when idle; bounds how soon a change is searchable.
    pub poll_interval_ms: u64,
    /// How long a hole in the change feed is waited for before it is skipped.
    pub gap_grace_seconds: u64,
    /// Largest page of search results.
    pub max_per_page: u64,
    pub boosts: BoostSettings,
}

/// Policy targets the KPIs are held to, and the limits of the statistics routes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsSettings {
    pub target_open_licensed: i64,
    /// Share of open-licensed patents licensed, in basis points (1000 = 10%).
    pub target_conversion_bp: i64,
    /// Year-over-year growth of license counts, in basis points.
    pub target_growth_bp: i64,
    pub target_smes_served: i64,
    /// Trials ending within this many days are listed for follow-up.
    pub trials_ending_days: u64,
    /// Longest list a CSV export holds.
    pub export_max_rows: u64,
    /// Activity events waiting to be written; beyond this, new views are dropped (and counted
    /// in the log) rather than slowing requests.
    pub activity_queue: usize,
}

impl StatsSettings {
    pub fn targets(&self) -> stats::model::kpis::PolicyTargets {
        stats::model::kpis::PolicyTargets {
            open_licensed: self.target_open_licensed,
            conversion_bp: self.target_conversion_bp,
            growth_bp: self.target_growth_bp,
            smes_served: self.target_smes_served,
        }
    }
}

/// Time rules of licenses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicensingSettings {
    /// An obligation unpaid this many days after its due date is overdue.
    pub grace_days: i64,
    /// Reminders start this many days before a deadline.
    pub reminder_days: i64,
    /// How often the job that advances time-driven license states runs.
    pub job_interval_seconds: u64,
}

impl LicensingSettings {
    pub fn policy(&self) -> licensing::model::reminder::Policy {
        licensing::model::reminder::Policy { grace_days: self.grace_days, reminder_days: self.reminder_days }
    }
}

/// Ranking weight of each text field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoostSettings {
    pub title: f32,
    pub keywords: f32,
    #[serde(rename = "abstract")]
    pub abstract_text: f32,
    pub claims: f32,
    pub phrase: f32,
    pub number: f32,
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown environment `{0}` (expected development, test or production)")]
    UnknownEnvironment(String),
    #[error("configuration file {0} not found")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(#[from] config::ConfigError),
    #[error("refusing to start in {0} with the default JWT secret: set KAIXU__AUTH__JWT_SECRET")]
    DefaultSecret(&'static str),
    #[error("invalid configuration: {0}")]
    OutOfRange(String),
}

impl Settings {
    /// Loads from `KAIXU_CONFIG_DIR` (default `config/`) for `KAIXU_ENV` (default development).
    pub fn load() -> Result<Self, ConfigError> {
        let directory =
            std::env::var("KAIXU_CONFIG_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("config"));
        let environment = Environment::parse(&std::env::var("KAIXU_ENV").unwrap_or_else(|_| "development".into()))?;
        Self::load_from(&directory, environment)
    }

    /// Loads the layers for `environment` from `directory`, then the environment variables.
    pub fn load_from(directory: &Path, environment: Environment) -> Result<Self, ConfigError> {
        let base = directory.join("default.toml");
        let overlay = directory.join(format!("{}.toml", environment.name()));
        for file in [&base, &overlay] {
            if !file.is_file() {
                return Err(ConfigError::MissingFile(file.clone()));
            }
        }
        let layered = config::Config::builder()
            .add_source(config::File::from(base))
            .add_source(config::File::from(overlay))
            .add_source(
                config::Environment::with_prefix("KAIXU").prefix_separator("__").separator("__").try_parsing(true),
            )
            .build()?;
        let mut settings: Settings = layered.try_deserialize()?;
        settings.environment = environment;
        settings.config_dir = directory.to_path_buf();
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.environment != Environment::Development && self.auth.jwt_secret.expose() == DEVELOPMENT_JWT_SECRET {
            return Err(ConfigError::DefaultSecret(self.environment.name()));
        }
        if self.auth.jwt_secret.expose().len() < 32 {
            return Err(ConfigError::OutOfRange("auth.jwt_secret must be at least 32 bytes".into()));
        }
        if self.auth.token_ttl_minutes <= 0 {
            return Err(ConfigError::OutOfRange("auth.token_ttl_minutes must be positive".into()));
        }
        let pagination = &self.pagination;
        if pagination.max_per_page == 0
            || pagination.default_per_page == 0
            || pagination.default_per_page > pagination.max_per_page
        {
            return Err(ConfigError::OutOfRange("pagination: need 0 < default_per_page <= max_per_page".into()));
        }
        let search = &self.search;
        if search.batch_size == 0 || search.poll_interval_ms == 0 || search.max_per_page == 0 {
            return Err(ConfigError::OutOfRange(
                "search: batch_size, poll_interval_ms and max_per_page must be positive".into(),
            ));
        }
        let boosts = &search.boosts;
        let weights =
            [boosts.title, boosts.keywords, boosts.abstract_text, boosts.claims, boosts.phrase, boosts.number];
        if weights.iter().any(|weight| !weight.is_finite() || *weight <= 0.0) {
            return Err(ConfigError::OutOfRange("search.boosts: every weight must be a positive number".into()));
        }
        let licensing = &self.licensing;
        if !(0..=365).contains(&licensing.grace_days)
            || !(0..=365).contains(&licensing.reminder_days)
            || licensing.job_interval_seconds == 0
        {
            return Err(ConfigError::OutOfRange(
                "licensing: grace_days and reminder_days in 0..=365, job_interval_seconds positive".into(),
            ));
        }
        let stats = &self.stats;
        let targets =
            [stats.target_open_licensed, stats.target_conversion_bp, stats.target_growth_bp, stats.target_smes_served];
        if targets.iter().any(|target| *target < 0)
            || !(1..=366).contains(&stats.trials_ending_days)
            || !(1..=1_000_000).contains(&stats.export_max_rows)
            || stats.activity_queue == 0
        {
            return Err(ConfigError::OutOfRange(
                "stats: targets non-negative, trials_ending_days 1..=366, export_max_rows 1..=1000000, activity_queue positive"
                    .into(),
            ));
        }
        if let Some(problem) = self.matching.problems().into_iter().next() {
            return Err(ConfigError::OutOfRange(problem));
        }
        if !matches!(self.log.format.as_str(), "pretty" | "json") {
            return Err(ConfigError::OutOfRange("log.format must be pretty or json".into()));
        }
        Ok(())
    }

    /// The database URL, defaulting to an SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        let url = self.database.url.expose().trim();
        if !url.is_empty() {
            return url.to_string();
        }
        format!("sqlite://{}?mode=rwc", self.storage.data_dir.join("kaixu.sqlite").display())
    }
}

impl Settings {
    /// The search service's configuration: index under the data directory, dictionary read now.
    pub fn search_config(&self) -> Result<search::service::SearchConfig, ConfigError> {
        let settings = &self.search;
        let user_dictionary = if settings.user_dictionary.trim().is_empty() {
            None
        } else {
            let path = self.config_dir.join(&settings.user_dictionary);
            let text = std::fs::read_to_string(&path).map_err(|error| {
                ConfigError::OutOfRange(format!("search.user_dictionary {}: {error}", path.display()))
            })?;
            Some(text)
        };
        let boosts = &settings.boosts;
        Ok(search::service::SearchConfig {
            root: self.storage.data_dir.join("index"),
            user_dictionary,
            boosts: search::search::Boosts {
                title: boosts.title,
                keywords: boosts.keywords,
                abstract_text: boosts.abstract_text,
                claims: boosts.claims,
                phrase: boosts.phrase,
                number: boosts.number,
            },
            batch_size: settings.batch_size,
            poll_interval: std::time::Duration::from_millis(settings.poll_interval_ms),
            gap_grace: std::time::Duration::from_secs(settings.gap_grace_seconds),
        })
    }
}
