//! The index schema: ranked Chinese text, character fields for phrases, exact filter fields,
//! facets, fast fields for sorting, and a stored summary for hits.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::tokenizer::{CHARS, WORDS};

/// Handles of every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub publication_number: Field,
    pub application_number: Field,
    pub title: Field,
    pub abstract_text: Field,
    pub claims: Field,
    pub keywords: Field,
    pub title_chars: Field,
    pub abstract_chars: Field,
    pub ipc_section: Field,
    pub ipc_class: Field,
    pub ipc_subclass: Field,
    pub ipc_group: Field,
    pub ipc_facet: Field,
    pub patent_type: Field,
    pub type_facet: Field,
    pub organization_id: Field,
    pub organization_name: Field,
    pub university_facet: Field,
    pub region: Field,
    pub region_facet: Field,
    pub industry: Field,
    pub industry_facet: Field,
    pub grade: Field,
    pub legal_status: Field,
    pub grant_date: Field,
    pub expiry_date: Field,
    pub offer_in_force: Field,
    pub fee_model: Field,
    pub fee_facet: Field,
    pub free_months: Field,
    pub trial_months: Field,
    pub first_year_cost_fen: Field,
    pub royalty_bp: Field,
    pub summary: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored { options.set_stored() } else { options }
}

/// Builds the schema and returns it with the field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        publication_number: builder.add_text_field("publication_number", STRING),
        application_number: builder.add_text_field("application_number", STRING),
        title: builder.add_text_field("title", text(WORDS, true)),
        abstract_text: builder.add_text_field("abstract", text(WORDS, true)),
        claims: builder.add_text_field("claims", text(WORDS, false)),
        keywords: builder.add_text_field("keywords", text(WORDS, false)),
        title_chars: builder.add_text_field("title_chars", text(CHARS, false)),
        abstract_chars: builder.add_text_field("abstract_chars", text(CHARS, false)),
        ipc_section: builder.add_text_field("ipc_section", STRING),
        ipc_class: builder.add_text_field("ipc_class", STRING),
        ipc_subclass: builder.add_text_field("ipc_subclass", STRING),
        ipc_group: builder.add_text_field("ipc_group", STRING),
        ipc_facet: builder.add_facet_field("ipc_facet", FacetOptions::default()),
        patent_type: builder.add_text_field("patent_type", STRING),
        type_facet: builder.add_facet_field("type_facet", FacetOptions::default()),
        organization_id: builder.add_text_field("organization_id", STRING),
        organization_name: builder.add_text_field("organization_name", STRING),
        university_facet: builder.add_facet_field("university_facet", FacetOptions::default()),
        region: builder.add_text_field("region", STRING),
        region_facet: builder.add_facet_field("region_facet", FacetOptions::default()),
        industry: builder.add_text_field("industry", STRING),
        industry_facet: builder.add_facet_field("industry_facet", FacetOptions::default()),
        grade: builder.add_text_field("grade", STRING),
        legal_status: builder.add_text_field("legal_status", STRING),
        grant_date: builder.add_date_field("grant_date", INDEXED | FAST),
        expiry_date: builder.add_date_field("expiry_date", INDEXED | FAST),
        offer_in_force: builder.add_u64_field("offer_in_force", INDEXED | FAST),
        fee_model: builder.add_text_field("fee_model", STRING),
        fee_facet: builder.add_facet_field("fee_facet", FacetOptions::default()),
        free_months: builder.add_u64_field("free_months", INDEXED | FAST),
        trial_months: builder.add_u64_field("trial_months", INDEXED | FAST),
        first_year_cost_fen: builder.add_i64_field("first_year_cost_fen", INDEXED | FAST),
        royalty_bp: builder.add_u64_field("royalty_bp", INDEXED | FAST),
        summary: builder.add_text_field("summary", STORED),
    };
    (builder.build(), fields)
}
