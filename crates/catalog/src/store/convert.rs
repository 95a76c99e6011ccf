//! Conversions between stored rows and domain types. Stored values were validated on the way
//! in, so a value that no longer parses means a corrupt row and surfaces as a storage error.

use sea_orm::{ActiveValue::Set, DbErr};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{organization, patent};
use crate::model::ids::{OrganizationId, PatentId};
use crate::model::input::{NewPatent, ValidPatent};
use crate::model::number::{ApplicationNumber, PublicationNumber};
use crate::model::organization::{Organization, OrganizationKind};
use crate::model::patent::{Encumbrances, ExclusiveKind, Grade, LegalStatus, Patent, PatentType};
use crate::model::reference::RegionCode;

fn corrupt(what: &str, value: &str) -> DbErr {
    DbErr::Custom(format!("corrupt stored {what}: {value}"))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_string())
}

pub(crate) fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, DbErr> {
    serde_json::from_str(text).map_err(|_| corrupt(what, text))
}

pub(crate) fn organization_from_row(row: organization::Model) -> Result<Organization, DbErr> {
    let kind = OrganizationKind::parse(&row.kind).ok_or_else(|| corrupt("organization kind", &row.kind))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|_| corrupt("region", &row.region_code))?;
    Ok(Organization {
        id: OrganizationId(row.id),
        name: row.name,
        kind,
        region_name: region_code.name().to_string(),
        region_code,
        industry_codes: from_json("industry codes", &row.industry_codes)?,
        verified_at: row.verified_at,
        created_at: row.created_at,
    })
}

pub(crate) fn patent_from_row(row: patent::Model) -> Result<Patent, DbErr> {
    let publication_number = PublicationNumber::parse(&row.publication_number)
        .map_err(|_| corrupt("publication number", &row.publication_number))?;
    let application_number = match row.application_number.as_deref() {
        Some(raw) => Some(ApplicationNumber::parse(raw).map_err(|_| corrupt("application number", raw))?),
        None => None,
    };
    let patent_type = PatentType::parse(&row.patent_type).ok_or_else(|| corrupt("patent type", &row.patent_type))?;
    let legal_status =
        LegalStatus::parse(&row.legal_status).ok_or_else(|| corrupt("legal status", &row.legal_status))?;
    let grade = match row.grade.as_deref() {
        Some(raw) => Some(Grade::parse(raw).ok_or_else(|| corrupt("grade", raw))?),
        None => None,
    };
    let exclusive_license = match row.exclusive_license.as_deref() {
        Some(raw) => Some(ExclusiveKind::parse(raw).ok_or_else(|| corrupt("exclusive license", raw))?),
        None => None,
    };
    Ok(Patent {
        id: PatentId(row.id),
        organization_id: OrganizationId(row.organization_id),
        publication_number,
        application_number,
        title: row.title,
        abstract_text: row.abstract_text,
        claims: row.claims,
        ipc_codes: from_json("ipc codes", &row.ipc_codes)?,
        applicants: from_json("applicants", &row.applicants)?,
        co_owners: from_json("co-owners", &row.co_owners)?,
        patent_type,
        application_date: row.application_date,
        grant_date: row.grant_date,
        expiry_date: row.expiry_date,
        legal_status,
        state_funded: row.state_funded,
        evaluation_report_ref: row.evaluation_report_ref,
        grade,
        last_implemented_on: row.last_implemented_on,
        keywords: from_json("keywords", &row.keywords)?,
        encumbrances: Encumbrances {
            pledgee: row.pledgee,
            pledgee_consent: row.pledgee_consent,
            preserved: row.preserved,
            disputed: row.disputed,
            exclusive_license,
            annual_fee_overdue: row.annual_fee_overdue,
        },
        open_offer: row.open_offer,
        source: row.source,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The stored patent as raw input, so an edit can be validated like a new submission.
pub(crate) fn patent_to_input(patent: &Patent) -> NewPatent {
    NewPatent {
        publication_number: Some(patent.publication_number.to_string()),
        application_number: patent.application_number.as_ref().map(|number| number.as_str().to_string()),
        title: Some(patent.title.clone()),
        abstract_text: patent.abstract_text.clone(),
        claims: patent.claims.clone(),
        ipc_codes: patent.ipc_codes.iter().map(|code| code.as_str().to_string()).collect(),
        applicants: patent.applicants.clone(),
        co_owners: patent.co_owners.clone(),
        patent_type: Some(patent.patent_type.code().to_string()),
        application_date: patent.application_date.map(|date| date.to_string()),
        grant_date: patent.grant_date.map(|date| date.to_string()),
        legal_status: Some(patent.legal_status.code().to_string()),
        state_funded: Some(patent.state_funded),
        evaluation_report_ref: patent.evaluation_report_ref.clone(),
        grade: patent.grade.map(|grade| grade.code().to_string()),
        last_implemented_on: patent.last_implemented_on.map(|date| date.to_string()),
        keywords: patent.keywords.clone(),
        source: patent.source.clone(),
    }
}

/// Writes the descriptive fields of `valid` into `model` (never the event-driven state).
pub(crate) fn set_descriptive_fields(model: &mut patent::ActiveModel, valid: &ValidPatent) {
    model.publication_number = Set(valid.publication_number.to_string());
    model.application_number = Set(valid.application_number.as_ref().map(|number| number.as_str().to_string()));
    model.title = Set(valid.title.clone());
    model.abstract_text = Set(valid.abstract_text.clone());
    model.claims = Set(valid.claims.clone());
    model.ipc_codes = Set(to_json(&valid.ipc_codes));
    model.main_ipc = Set(valid.ipc_codes.first().map(|code| code.as_str().to_string()));
    model.applicants = Set(to_json(&valid.applicants));
    model.co_owners = Set(to_json(&valid.co_owners));
    model.patent_type = Set(valid.patent_type.code().to_string());
    model.application_date = Set(valid.application_date);
    model.expiry_date = Set(valid.application_date.map(|date| valid.patent_type.expiry_date(date)));
    model.state_funded = Set(valid.state_funded);
    model.evaluation_report_ref = Set(valid.evaluation_report_ref.clone());
    model.grade = Set(valid.grade.map(|grade| grade.code().to_string()));
    model.last_implemented_on = Set(valid.last_implemented_on);
    model.keywords = Set(to_json(&valid.keywords));
    model.source = Set(valid.source.clone());
}

/// A complete new row for `valid`, owned by `organization_id`.
pub(crate) fn new_patent_row(
    id: Uuid,
    organization_id: OrganizationId,
    valid: &ValidPatent,
    now: chrono::DateTime<chrono::Utc>,
) -> patent::ActiveModel {
    let mut model = patent::ActiveModel {
        id: Set(id),
        organization_id: Set(organization_id.0),
        grant_date: Set(valid.grant_date),
        legal_status: Set(valid.legal_status.code().to_string()),
        pledgee: Set(None),
        pledgee_consent: Set(false),
        preserved: Set(false),
        disputed: Set(false),
        exclusive_license: Set(None),
        annual_fee_overdue: Set(false),
        open_offer: Set(false),
        licensed_since: Set(None),
        open_licensed_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_descriptive_fields(&mut model, valid);
    model
}

/// Writes the event-driven state of `patent` into `model`.
pub(crate) fn set_legal_state(model: &mut patent::ActiveModel, patent: &Patent) {
    model.organization_id = Set(patent.organization_id.0);
    model.legal_status = Set(patent.legal_status.code().to_string());
    model.grant_date = Set(patent.grant_date);
    model.pledgee = Set(patent.encumbrances.pledgee.clone());
    model.pledgee_consent = Set(patent.encumbrances.pledgee_consent);
    model.preserved = Set(patent.encumbrances.preserved);
    model.disputed = Set(patent.encumbrances.disputed);
    model.exclusive_license = Set(patent.encumbrances.exclusive_license.map(|kind| kind.code().to_string()));
    model.annual_fee_overdue = Set(patent.encumbrances.annual_fee_overdue);
}
