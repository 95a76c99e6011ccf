//! The demo world of `kaixu demo`: three universities, an enterprise and an operator, and the
//! real sample patents of `data/demo/patents.jsonl` spread over the universities by technology
//! field. Idempotent: a second start finds everything in place and changes nothing.

use accounts::{NewUser, Registration};
use catalog::import::{ImportFormat, ImportRow, parse};
use catalog::model::ids::OrganizationId;
use catalog::model::organization::NewOrganization;
use catalog::service::events::today_utc;
use catalog::service::import::import_patents;
use catalog::service::organizations::find_organization_by_id_or_name;
use sea_orm::DatabaseConnection;

use crate::error::ApiError;

/// The password of every demo account (printed at start; demo databases only).
pub const DEMO_PASSWORD: &str = "kaixu-demo-2026";

const SAMPLE: &[u8] = include_bytes!("../../../data/demo/patents.jsonl");

struct DemoOrganization {
    name: &'static str,
    kind: &'static str,
    region_code: &'static str,
    industry_codes: &'static [&'static str],
    email: &'static str,
    display_name: &'static str,
    /// IPC sections whose patents this university holds.
    ipc_sections: &'static str,
}

const ORGANIZATIONS: &[DemoOrganization] = &[
    DemoOrganization {
        name: "示范理工大学",
        kind: "university",
        region_code: "110108",
        industry_codes: &["I", "39"],
        email: "tto@demo-tech.edu.cn",
        display_name: "技术转移中心",
        ipc_sections: "GH",
    },
    DemoOrganization {
        name: "示范工程大学",
        kind: "university",
        region_code: "420111",
        industry_codes: &["C", "34"],
        email: "tto@demo-eng.edu.cn",
        display_name: "科技成果转化办公室",
        ipc_sections: "BEF",
    },
    DemoOrganization {
        name: "示范农林大学",
        kind: "university",
        region_code: "320102",
        industry_codes: &["A", "C"],
        email: "tto@demo-agri.edu.cn",
        display_name: "知识产权办公室",
        ipc_sections: "ACD",
    },
    DemoOrganization {
        name: "示范智能装备有限公司",
        kind: "enterprise",
        region_code: "330106",
        industry_codes: &["C", "35"],
        email: "rd@demo-equipment.com",
        display_name: "研发部",
        ipc_sections: "",
    },
];

const OPERATOR: DemoOrganization = DemoOrganization {
    name: "开许平台运营中心",
    kind: "operator",
    region_code: "510107",
    industry_codes: &["M"],
    email: "operator@kaixu.example",
    display_name: "平台运营",
    ipc_sections: "",
};

fn registration(organization: &DemoOrganization) -> Registration {
    Registration {
        organization: NewOrganization {
            name: Some(organization.name.to_string()),
            kind: Some(organization.kind.to_string()),
            region_code: Some(organization.region_code.to_string()),
            industry_codes: organization.industry_codes.iter().map(|code| code.to_string()).collect(),
        },
        user: NewUser {
            email: Some(organization.email.to_string()),
            password: Some(DEMO_PASSWORD.to_string()),
            display_name: Some(organization.display_name.to_string()),
        },
    }
}

async fn ensure_organization(
    db: &DatabaseConnection,
    organization: &DemoOrganization,
) -> Result<OrganizationId, ApiError> {
    if let Ok(existing) = find_organization_by_id_or_name(db, organization.name).await {
        return Ok(existing.id);
    }
    let registration = registration(organization);
    let (created, _) = if organization.kind == "operator" {
        accounts::create_operator(db, &registration.organization, &registration.user).await?
    } else {
        accounts::register(db, &registration).await?
    };
    Ok(created.id)
}

fn section_of(row: &ImportRow) -> char {
    let first_ipc = row.input.as_ref().ok().and_then(|input| input.ipc_codes.first().cloned()).unwrap_or_default();
    first_ipc.chars().next().unwrap_or('G').to_ascii_uppercase()
}

/// Creates the demo organizations and loads the sample. Returns how many patents are in the sample.
pub async fn seed(db: &DatabaseConnection) -> Result<usize, ApiError> {
    ensure_organization(db, &OPERATOR).await?;
    let rows = parse(ImportFormat::Jsonl, SAMPLE)?;
    let total = rows.len();
    let mut remaining = rows;
    for organization in ORGANIZATIONS {
        let id = ensure_organization(db, organization).await?;
        if organization.ipc_sections.is_empty() {
            continue;
        }
        let (mine, rest): (Vec<ImportRow>, Vec<ImportRow>) =
            remaining.into_iter().partition(|row| organization.ipc_sections.contains(section_of(row)));
        remaining = rest;
        let report = import_patents(db, None, id, mine, today_utc(), &|_| {}).await?;
        tracing::info!(
            organization = organization.name,
            imported = report.imported,
            unchanged = report.unchanged,
            rejected = report.rejected.len(),
            "demo patents loaded"
        );
    }
    Ok(total)
}

/// Lines to print so a newcomer can log in.
pub fn credentials() -> Vec<String> {
    ORGANIZATIONS
        .iter()
        .chain(std::iter::once(&OPERATOR))
        .map(|organization| {
            format!(
                "  {:<8} {:<28} {}  (password {DEMO_PASSWORD})",
                organization.kind, organization.email, organization.name
            )
        })
        .collect()
}
