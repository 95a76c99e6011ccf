//! Helpers shared by the tests that run the `kaixu` binary as a process.

use std::path::{Path, PathBuf};
use std::process::Command;

use accounts::{NewUser, Registration};
use catalog::model::organization::NewOrganization;
use sea_orm::Database;

pub const PASSWORD: &str = "river-stone-2049";

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `kaixu` with the test configuration and an SQLite database in `data_dir`.
pub fn kaixu(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kaixu"));
    command
        .env("KAIXU_CONFIG_DIR", workspace().join("config"))
        .env("KAIXU_ENV", "test")
        .env("KAIXU__STORAGE__DATA_DIR", data_dir)
        .env_remove("KAIXU__DATABASE__URL")
        .env_remove("KAIXU_OPERATOR_PASSWORD");
    command
}

/// Registers a university in the migrated SQLite database of `data_dir` through the accounts crate.
pub async fn register_university(data_dir: &Path, name: &str, email: &str) {
    let url = format!("sqlite://{}?mode=rwc", data_dir.join("kaixu.sqlite").display());
    let db = Database::connect(url).await.unwrap();
    let registration = Registration {
        organization: NewOrganization {
            name: Some(name.into()),
            kind: Some("university".into()),
            region_code: Some("110108".into()),
            industry_codes: vec![],
        },
        user: NewUser {
            email: Some(email.into()),
            password: Some(PASSWORD.into()),
            display_name: Some("技术转移中心".into()),
        },
    };
    accounts::register(&db, &registration).await.unwrap();
    db.close().await.unwrap();
}
