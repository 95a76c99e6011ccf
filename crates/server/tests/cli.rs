//! The `kaixu` command line, run as a real process against a fresh SQLite data directory.

mod common;

use std::path::Path;
use std::process::Output;

use common::{kaixu as command, register_university, workspace};

fn kaixu(data_dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = command(data_dir);
    command.args(args);
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("kaixu runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[test]
fn migrate_creates_the_sqlite_database_on_first_start() {
    let data_dir = tempfile::tempdir().unwrap();
    let nested = data_dir.path().join("nested/dir");
    let output = kaixu(&nested, &["migrate"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "migrations applied");
    assert!(nested.join("kaixu.sqlite").is_file());
    let again = kaixu(&nested, &["migrate"], &[]);
    assert!(again.status.success(), "migrating twice is harmless: {}", stderr(&again));
}

#[test]
fn operator_create_takes_the_password_from_the_environment_and_refuses_weak_ones() {
    let data_dir = tempfile::tempdir().unwrap();
    let weak = kaixu(
        data_dir.path(),
        &["operator", "create", "--email", "ops@kaixu.example"],
        &[("KAIXU_OPERATOR_PASSWORD", "short")],
    );
    assert!(!weak.status.success());
    assert_eq!(stderr(&weak).trim(), "kaixu: user.password: 密码至少 10 个字符");

    let args = ["operator", "create", "--email", "ops@kaixu.example"];
    let created = kaixu(data_dir.path(), &args, &[("KAIXU_OPERATOR_PASSWORD", "river-stone-2049")]);
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(
        stdout(&created).starts_with("operator ops@kaixu.example created in 开许平台运营中心"),
        "{}",
        stdout(&created)
    );

    let twice = kaixu(data_dir.path(), &args, &[("KAIXU_OPERATOR_PASSWORD", "river-stone-2049")]);
    assert!(!twice.status.success(), "the same operator cannot be created twice");
}

#[tokio::test]
async fn import_loads_a_file_for_a_named_university_and_is_idempotent() {
    let data_dir = tempfile::tempdir().unwrap();
    assert!(kaixu(data_dir.path(), &["migrate"], &[]).status.success());
    register_university(data_dir.path(), "命令行大学", "tto@cli.example.cn").await;
    let sample = workspace().join("data/demo/patents.jsonl");
    let sample = sample.to_str().unwrap();
    let rows = std::fs::read_to_string(sample).unwrap().lines().count();

    let first = kaixu(data_dir.path(), &["import", sample, "--org", "命令行大学"], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let expected = format!("{rows} rows, imported {rows}, updated 0, unchanged 0, rejected 0 in ");
    assert!(stdout(&first).contains(&expected), "{}", stdout(&first));

    let second = kaixu(data_dir.path(), &["import", sample, "--org", "命令行大学"], &[]);
    let expected = format!("{rows} rows, imported 0, updated 0, unchanged {rows}, rejected 0 in ");
    assert!(stdout(&second).contains(&expected), "{}", stdout(&second));

    let unknown = kaixu(data_dir.path(), &["import", sample, "--org", "不存在大学"], &[]);
    assert!(!unknown.status.success());
    assert_eq!(stderr(&unknown).trim(), "kaixu: no organization `不存在大学`");

    let wrong_type = kaixu(data_dir.path(), &["import", "patents.pdf", "--org", "命令行大学"], &[]);
    assert_eq!(stderr(&wrong_type).trim(), "kaixu: the file must end in .jsonl, .csv or .xlsx");
}

#[test]
fn production_refuses_to_start_with_the_default_secret_or_an_unknown_environment() {
    let data_dir = tempfile::tempdir().unwrap();
    let production = kaixu(data_dir.path(), &["serve"], &[("KAIXU_ENV", "production")]);
    assert!(!production.status.success());
    assert!(
        stderr(&production).contains("refusing to start in production with the default JWT secret"),
        "{}",
        stderr(&production)
    );

    let staging = kaixu(data_dir.path(), &["serve"], &[("KAIXU_ENV", "staging")]);
    assert!(!staging.status.success());
    assert!(stderr(&staging).contains("unknown environment `staging`"), "{}", stderr(&staging));

    let unknown_key = kaixu(data_dir.path(), &["migrate"], &[("KAIXU__SERVER__SPEED", "3")]);
    assert!(!unknown_key.status.success(), "an unknown KAIXU__ variable is an unknown key");
    assert!(stderr(&unknown_key).contains("unknown field `speed`"), "{}", stderr(&unknown_key));
}
