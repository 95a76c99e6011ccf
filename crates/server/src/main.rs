//! `kaixu`: the Kaixu server and its administration commands.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use accounts::NewUser;
use catalog::import::{ImportFormat, parse};
use catalog::model::organization::NewOrganization;
use catalog::service::events::today_utc;
use catalog::service::import::import_patents;
use catalog::service::organizations::find_organization_by_id_or_name;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use server::config::Settings;
use server::db::connect_and_migrate;
use server::startup::Application;
use server::{demo, telemetry};

#[derive(Debug, Parser)]
#[command(name = "kaixu", version, about = "开许 Kaixu: patent open-license marketplace")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the server (the default).
    Serve,
    /// Load the demo organizations and real sample patents, then start the server.
    Demo,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import a JSONL, CSV or XLSX file of patents into a university's catalog.
    Import {
        file: PathBuf,
        /// The university: its id or exact name.
        #[arg(long)]
        org: String,
    },
    /// Rebuild the search index from the database into a new generation and swap it in
    /// atomically; a running server picks it up and keeps answering searches meanwhile.
    Reindex,
    /// Operator accounts.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
}

#[derive(Debug, Subcommand)]
enum OperatorCommand {
    /// Create an operator organization and user. The password is read from
    /// KAIXU_OPERATOR_PASSWORD or, if unset, from the first line of standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "平台运营")]
        display_name: String,
        #[arg(long, default_value = "开许平台运营中心")]
        organization: String,
        /// Administrative-division code of the operator.
        #[arg(long, default_value = "110108")]
        region: String,
    },
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("kaixu: {error}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings.log);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings, false).await,
        Command::Demo => serve(settings, true).await,
        Command::Migrate => {
            connect_and_migrate(&settings).await.map(|_| println!("migrations applied")).map_err(Into::into)
        }
        Command::Import { file, org } => import(settings, file, org).await,
        Command::Reindex => reindex(settings).await,
        Command::Operator { command: OperatorCommand::Create { email, display_name, organization, region } } => {
            create_operator(settings, email, display_name, organization, region).await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kaixu: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings, with_demo: bool) -> CliResult {
    let host = settings.server.host.clone();
    let application = Application::build(settings).await?;
    if with_demo {
        let sample = demo::seed(application.database()).await.map_err(|error| error.to_string())?;
        println!("demo: {sample} real sample patents loaded; accounts:");
        for line in demo::credentials() {
            println!("{line}");
        }
    }
    let port = application.port();
    tracing::info!(%host, port, "kaixu listening");
    println!("kaixu listening on http://{host}:{port}  (API under /api/v1, OpenAPI at /api/v1/openapi.json)");
    application.run_until_stopped().await?;
    Ok(())
}

async fn import(settings: Settings, file: PathBuf, org: String) -> CliResult {
    let path = file.display().to_string();
    let format = ImportFormat::from_path(&path).ok_or("the file must end in .jsonl, .csv or .xlsx")?;
    let bytes = std::fs::read(&file)?;
    let db = connect_and_migrate(&settings).await?;
    let organization =
        find_organization_by_id_or_name(&db, &org).await.map_err(|_| format!("no organization `{org}`"))?;
    let rows = parse(format, &bytes).map_err(|error| format!("{path}: {error}"))?;
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let report = import_patents(&db, None, organization.id, rows, today_utc(), &|rows| bar.inc(rows)).await?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{path}: {} rows, imported {}, updated {}, unchanged {}, rejected {} in {seconds:.2} s",
        report.rows,
        report.imported,
        report.updated,
        report.unchanged,
        report.rejected.len()
    );
    for rejection in report.rejected.iter().take(50) {
        println!("  line {}: {} [{}] {}", rejection.line, rejection.field, rejection.code, rejection.message);
    }
    if report.rejected.len() > 50 {
        println!("  … and {} more rejections", report.rejected.len() - 50);
    }
    Ok(())
}

async fn reindex(settings: Settings) -> CliResult {
    let config = settings.search_config()?;
    let db = connect_and_migrate(&settings).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} patents  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let offers = server::offer_source::LicensingOffers::new(db.clone(), Default::default());
    let report = search::service::rebuild(&config, &db, &offers, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "search index rebuilt: {} patents in {seconds:.2} s ({:.0} patents/s), generation {}, feed position {}",
        report.documents,
        report.documents as f64 / seconds.max(1e-9),
        report.generation,
        report.applied_seq
    );
    Ok(())
}

async fn create_operator(
    settings: Settings,
    email: String,
    display_name: String,
    organization: String,
    region: String,
) -> CliResult {
    let password = match std::env::var("KAIXU_OPERATOR_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = connect_and_migrate(&settings).await?;
    let new_organization =
        NewOrganization { name: Some(organization), kind: None, region_code: Some(region), industry_codes: Vec::new() };
    let user = NewUser { email: Some(email), password: Some(password), display_name: Some(display_name) };
    match accounts::create_operator(&db, &new_organization, &user).await {
        Ok((organization, user)) => {
            println!("operator {} created in {} ({})", user.email, organization.name, organization.id);
            Ok(())
        }
        Err(accounts::Error::Validation(errors)) => {
            let lines: Vec<String> = errors.iter().map(|error| format!("{}: {}", error.field, error.message)).collect();
            Err(lines.join("; ").into())
        }
        Err(error) => Err(error.to_string().into()),
    }
}
