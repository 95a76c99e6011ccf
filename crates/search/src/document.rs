//! Maps a catalog patent (with its organization and offer facts) to an index document.

use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::Organization;
use catalog::model::patent::Patent;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;
use tantivy::{DateTime, TantivyDocument};

use crate::schema::Fields;

/// What search needs to know about a patent's open-license offer. The `licensing` crate provides
/// it through the server; until an offer exists a patent has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferFacts {
    pub in_force: bool,
    /// `free`, `lump_sum`, `royalty` or `entry_fee_royalty`.
    pub fee_model: String,
    pub free_months: u32,
    pub trial_months: u32,
    /// What a licensee pays in the first year, in fen.
    pub first_year_cost_fen: i64,
    /// Royalty rate in basis points, 0 when none.
    pub royalty_bp: u32,
}

/// The patent as a search hit shows it, stored in the index so hits need no database read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatentSummary {
    pub id: PatentId,
    pub publication_number: String,
    pub title: String,
    pub patent_type: String,
    pub legal_status: String,
    pub ipc_codes: Vec<String>,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub region_code: String,
    pub region_name: String,
    /// The holding organization's declared industries (GB/T 4754); absent in summaries indexed
    /// before it was stored, until the next reindex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry_codes: Option<Vec<String>>,
    pub grant_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    pub grade: Option<String>,
    pub offer: Option<OfferFacts>,
}

fn date(value: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(value.and_hms_opt(0, 0, 0).map(|moment| moment.and_utc().timestamp()).unwrap_or(0))
}

/// Builds the document of one patent. Every facet path starts with a named segment (`/ipc/…`,
/// `/type/…`): tantivy's facet collector miscounts the children of the bare root.
pub fn document(
    fields: &Fields,
    patent: &Patent,
    organization: &Organization,
    offer: Option<&OfferFacts>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, patent.id.to_string());
    doc.add_text(fields.publication_number, patent.publication_number.as_str());
    if let Some(number) = &patent.application_number {
        doc.add_text(fields.application_number, number.as_str());
    }
    doc.add_text(fields.title, &patent.title);
    doc.add_text(fields.title_chars, &patent.title);
    if let Some(text) = &patent.abstract_text {
        doc.add_text(fields.abstract_text, text);
        doc.add_text(fields.abstract_chars, text);
    }
    if let Some(text) = &patent.claims {
        doc.add_text(fields.claims, text);
    }
    for keyword in &patent.keywords {
        doc.add_text(fields.keywords, keyword);
    }
    for code in &patent.ipc_codes {
        doc.add_text(fields.ipc_section, code.section());
        doc.add_text(fields.ipc_class, code.class());
        doc.add_text(fields.ipc_subclass, code.subclass());
        if let Some(group) = code.main_group() {
            doc.add_text(fields.ipc_group, group);
        }
        doc.add_facet(fields.ipc_facet, Facet::from_path(["ipc", code.section(), code.class(), code.subclass()]));
    }
    doc.add_text(fields.patent_type, patent.patent_type.code());
    doc.add_facet(fields.type_facet, Facet::from_path(["type", patent.patent_type.code()]));
    doc.add_text(fields.organization_id, organization.id.to_string());
    doc.add_text(fields.organization_name, &organization.name);
    doc.add_facet(fields.university_facet, Facet::from_path(["university", organization.name.as_str()]));
    let province = organization.region_code.province();
    doc.add_text(fields.region, &province);
    doc.add_text(fields.region, organization.region_code.as_str());
    doc.add_facet(
        fields.region_facet,
        Facet::from_path(["region", province.as_str(), organization.region_code.as_str()]),
    );
    for code in &organization.industry_codes {
        doc.add_text(fields.industry, code.as_str());
        doc.add_facet(fields.industry_facet, Facet::from_path(["industry", code.as_str()]));
    }
    if let Some(grade) = patent.grade {
        doc.add_text(fields.grade, grade.code());
    }
    doc.add_text(fields.legal_status, patent.legal_status.code());
    if let Some(granted) = patent.grant_date {
        doc.add_date(fields.grant_date, date(granted));
    }
    if let Some(expiry) = patent.expiry_date {
        doc.add_date(fields.expiry_date, date(expiry));
    }
    let in_force = offer.is_some_and(|offer| offer.in_force);
    doc.add_u64(fields.offer_in_force, u64::from(in_force));
    // Without an offer the cost sorts last.
    doc.add_i64(fields.first_year_cost_fen, offer.map(|offer| offer.first_year_cost_fen).unwrap_or(i64::MAX));
    if let Some(offer) = offer {
        doc.add_text(fields.fee_model, &offer.fee_model);
        doc.add_facet(fields.fee_facet, Facet::from_path(["fee", offer.fee_model.as_str()]));
        doc.add_u64(fields.free_months, u64::from(offer.free_months));
        doc.add_u64(fields.trial_months, u64::from(offer.trial_months));
        doc.add_u64(fields.royalty_bp, u64::from(offer.royalty_bp));
    }
    let summary = PatentSummary {
        id: patent.id,
        publication_number: patent.publication_number.to_string(),
        title: patent.title.clone(),
        patent_type: patent.patent_type.code().to_string(),
        legal_status: patent.legal_status.code().to_string(),
        ipc_codes: patent.ipc_codes.iter().map(|code| code.as_str().to_string()).collect(),
        organization_id: organization.id,
        organization_name: organization.name.clone(),
        region_code: organization.region_code.as_str().to_string(),
        region_name: organization.region_name.clone(),
        industry_codes: Some(organization.industry_codes.iter().map(|code| code.as_str().to_string()).collect()),
        grant_date: patent.grant_date,
        expiry_date: patent.expiry_date,
        grade: patent.grade.map(|grade| grade.code().to_string()),
        offer: offer.cloned(),
    };
    doc.add_text(fields.summary, serde_json::to_string(&summary).unwrap_or_default());
    doc
}
