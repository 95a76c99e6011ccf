//! Running a search: query building, filters, facets, sorting, paging and highlights.

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, Count, FacetCollector, MultiCollector, TopDocs};
use tantivy::query::EnableScoring;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Executor, Order, Searcher, TantivyDocument, Term};
use tantivy::{DocSet, TERMINATED};

use crate::document::PatentSummary;
use crate::error::{Error, Result};
use crate::highlight::highlight;
use crate::index::SearchIndex;
use crate::query::{self, Clause, Scope};
use crate::request::{FacetKind, IpcFilter, MAX_RESULT_WINDOW, SearchRequest, Sort};
use crate::tokenizer::char_tokens;

/// Field weights for ranking, from configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boosts {
    pub title: f32,
    pub keywords: f32,
    pub abstract_text: f32,
    pub claims: f32,
    /// Extra weight of a matched quoted phrase.
    pub phrase: f32,
    /// Weight of an exact publication or application number.
    pub number: f32,
}

impl Default for Boosts {
    fn default() -> Self {
        Self { title: 3.0, keywords: 2.0, abstract_text: 1.0, claims: 0.5, phrase: 2.0, number: 20.0 }
    }
}

/// Highlighted snippets, `<em>` around matched words, the rest HTML-escaped.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Highlights {
    pub title: Option<String>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    pub patent: PatentSummary,
    /// BM25 score under relevance order; null when sorted by another key.
    pub score: Option<f32>,
    pub highlights: Highlights,
}

/// A facet value and how many matching patents have it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

/// One page of results.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// Matching patents: exact when `total_exact`, otherwise a lower bound (at least this many).
    pub total: u64,
    /// False when counting stopped at the limit because more patents match than can be paged.
    pub total_exact: bool,
    pub page: usize,
    pub per_page: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

const IPC_SECTIONS: [(&str, &str); 8] = [
    ("A", "人类生活必需"),
    ("B", "作业；运输"),
    ("C", "化学；冶金"),
    ("D", "纺织；造纸"),
    ("E", "固定建筑物"),
    ("F", "机械工程；照明；加热；武器；爆破"),
    ("G", "物理"),
    ("H", "电学"),
];

/// Counts the live documents matching `query`, stopping at `limit`; returns the count and
/// whether it is exact. Broad queries thus cost at most `limit` steps instead of every match.
fn count_up_to(searcher: &Searcher, query: &dyn Query, limit: usize) -> Result<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut total = 0;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                total += 1;
                // One past the limit tells "more than `limit`" from "exactly `limit`".
                if total > limit {
                    return Ok((limit, false));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok((total, true))
}

/// Runs `collector` over every segment with `executor`, scoring only when the collector needs it.
fn collect<C: Collector>(
    searcher: &Searcher,
    executor: &Executor,
    query: &dyn Query,
    collector: &C,
) -> Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    Ok(searcher.search_with_executor(query, collector, executor, scoring)?)
}

/// Clauses of a boolean query.
pub(crate) type Clauses = Vec<(Occur, Box<dyn Query>)>;

pub(crate) fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

pub(crate) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

impl SearchIndex {
    fn scoped_fields(&self, scope: Scope, boosts: &Boosts) -> Vec<(Field, f32)> {
        let fields = &self.fields;
        match scope {
            Scope::All => vec![
                (fields.title, boosts.title),
                (fields.keywords, boosts.keywords),
                (fields.abstract_text, boosts.abstract_text),
                (fields.claims, boosts.claims),
            ],
            Scope::Title => vec![(fields.title, boosts.title)],
            Scope::Abstract => vec![(fields.abstract_text, boosts.abstract_text)],
            Scope::Claims => vec![(fields.claims, boosts.claims)],
            Scope::Keywords => vec![(fields.keywords, boosts.keywords)],
            Scope::Descriptive => vec![
                (fields.title, boosts.title),
                (fields.keywords, boosts.keywords),
                (fields.abstract_text, boosts.abstract_text),
            ],
        }
    }

    /// An exact-substring query over the character fields of `scope`.
    fn phrase_query(&self, scope: Scope, phrase: &str, boost: f32) -> Box<dyn Query> {
        let char_fields = match scope {
            Scope::Title => vec![self.fields.title_chars],
            Scope::Abstract => vec![self.fields.abstract_chars],
            _ => vec![self.fields.title_chars, self.fields.abstract_chars],
        };
        let tokens: Vec<String> = char_tokens(phrase).into_iter().map(|(_, _, text)| text).collect();
        let alternatives: Clauses = char_fields
            .into_iter()
            .map(|field| {
                let query: Box<dyn Query> = match tokens.as_slice() {
                    [single] => term_query(field, single),
                    _ => Box::new(PhraseQuery::new(
                        tokens.iter().map(|text| Term::from_field_text(field, text)).collect(),
                    )),
                };
                (Occur::Should, boosted(query, boost))
            })
            .collect();
        Box::new(BooleanQuery::new(alternatives))
    }

    /// The (field, word, boost) alternatives of one query word in the scope's fields. The group
    /// is a jieba word followed by its search-mode sub-words; the whole word is used when the
    /// index knows it (precise and cheap), its sub-words only when it does not (the text was
    /// segmented differently).
    pub(crate) fn word_terms(
        &self,
        searcher: &Searcher,
        group: &[String],
        scope: Scope,
        boosts: &Boosts,
    ) -> Vec<(Field, String, f32)> {
        let fields = self.scoped_fields(scope, boosts);
        let whole = group.last().map(String::as_str).unwrap_or_default();
        let known = fields
            .iter()
            .any(|(field, _)| searcher.doc_freq(&Term::from_field_text(*field, whole)).is_ok_and(|count| count > 0));
        let words: Vec<&str> = if known { vec![whole] } else { group.iter().map(String::as_str).collect() };
        let mut terms = Vec::new();
        for word in words {
            for (field, boost) in &fields {
                terms.push((*field, word.to_string(), *boost));
            }
        }
        terms
    }

    /// One query word matched in any of the scope's fields (see [`Self::word_terms`]).
    fn word_query(&self, searcher: &Searcher, group: &[String], scope: Scope, boosts: &Boosts) -> Box<dyn Query> {
        let alternatives: Clauses = self
            .word_terms(searcher, group, scope, boosts)
            .into_iter()
            .map(|(field, word, boost)| (Occur::Should, boosted(term_query(field, &word), boost)))
            .collect();
        Box::new(BooleanQuery::new(alternatives))
    }

    /// The ranking query and the word query used for highlighting. Every word must match (in any
    /// field of its scope) when `all_words`; otherwise any word may. Phrases and numbers always must.
    fn text_query(
        &self,
        searcher: &Searcher,
        clauses: &[Clause],
        boosts: &Boosts,
        all_words: bool,
    ) -> (Option<Box<dyn Query>>, Vec<String>) {
        let mut words: Clauses = Vec::new();
        let mut must: Clauses = Vec::new();
        let mut highlight_words: Vec<String> = Vec::new();
        let word_occur = if all_words { Occur::Must } else { Occur::Should };
        for clause in clauses {
            match clause {
                Clause::Text(scope, text) => {
                    for group in self.words.word_groups(text) {
                        words.push((word_occur, self.word_query(searcher, &group, *scope, boosts)));
                        highlight_words.extend(group);
                    }
                }
                Clause::Phrase(scope, phrase) => {
                    if char_tokens(phrase).is_empty() {
                        continue;
                    }
                    must.push((Occur::Must, self.phrase_query(*scope, phrase, boosts.phrase)));
                    highlight_words.push(phrase.to_lowercase());
                }
                Clause::Number(number) => {
                    let by_number = BooleanQuery::new(vec![
                        (Occur::Should, term_query(self.fields.publication_number, number)),
                        (Occur::Should, term_query(self.fields.application_number, number)),
                    ]);
                    must.push((Occur::Must, boosted(Box::new(by_number), boosts.number)));
                }
            }
        }
        if words.is_empty() && must.is_empty() {
            return (None, highlight_words);
        }
        if !words.is_empty() {
            // With a phrase or number present the words only rank; otherwise they select.
            let occur = if must.is_empty() { Occur::Must } else { Occur::Should };
            must.push((occur, Box::new(BooleanQuery::new(words))));
        }
        (Some(Box::new(BooleanQuery::new(must))), highlight_words)
    }

    /// The ranking query of `clauses` alone (no filters), as the evaluation harness runs it.
    pub(crate) fn ranking_query(
        &self,
        searcher: &Searcher,
        clauses: &[Clause],
        boosts: &Boosts,
        all_words: bool,
    ) -> Option<Box<dyn Query>> {
        self.text_query(searcher, clauses, boosts, all_words).0
    }

    fn filters(&self, request: &SearchRequest, today: NaiveDate) -> Clauses {
        let fields = &self.fields;
        let mut filters: Clauses = Vec::new();
        let mut must = |query: Box<dyn Query>| filters.push((Occur::Must, query));
        match &request.ipc {
            Some(IpcFilter::Section(code)) => must(term_query(fields.ipc_section, code)),
            Some(IpcFilter::Class(code)) => must(term_query(fields.ipc_class, code)),
            Some(IpcFilter::Subclass(code)) => must(term_query(fields.ipc_subclass, code)),
            Some(IpcFilter::Group(code)) => must(term_query(fields.ipc_group, code)),
            None => {}
        }
        if let Some(kind) = request.patent_type {
            must(term_query(fields.patent_type, kind.code()));
        }
        if let Some(code) = &request.industry {
            must(term_query(fields.industry, code.as_str()));
        }
        if let Some(code) = &request.region {
            must(term_query(fields.region, code.as_str()));
        }
        if let Some(university) = &request.university {
            must(Box::new(BooleanQuery::new(vec![
                (Occur::Should, term_query(fields.organization_id, university)),
                (Occur::Should, term_query(fields.organization_name, university)),
            ])));
        }
        if let Some(grade) = request.grade {
            must(term_query(fields.grade, grade.code()));
        }
        if let Some(in_force) = request.offer {
            must(Box::new(TermQuery::new(
                Term::from_field_u64(fields.offer_in_force, u64::from(in_force)),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(model) = &request.fee_model {
            must(term_query(fields.fee_model, model));
        }
        let positive = |field: Field, wanted: bool| -> Box<dyn Query> {
            let (lower, upper) = if wanted {
                (Bound::Included(Term::from_field_u64(field, 1)), Bound::Unbounded)
            } else {
                (Bound::Included(Term::from_field_u64(field, 0)), Bound::Included(Term::from_field_u64(field, 0)))
            };
            Box::new(RangeQuery::new(lower, upper))
        };
        if let Some(wanted) = request.free_period {
            must(positive(fields.free_months, wanted));
        }
        if let Some(wanted) = request.trial {
            must(positive(fields.trial_months, wanted));
        }
        if let Some(max) = request.max_cost_fen {
            must(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_i64(fields.first_year_cost_fen, max)),
            )));
        }
        if let Some(years) = request.min_remaining_years {
            let year = today.year() + i32::try_from(years).unwrap_or(i32::MAX - today.year());
            let until = today.with_year(year).unwrap_or(today);
            let seconds = until.and_hms_opt(0, 0, 0).map(|moment| moment.and_utc().timestamp()).unwrap_or(0);
            must(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_date(fields.expiry_date, DateTime::from_timestamp_secs(seconds))),
                Bound::Unbounded,
            )));
        }
        filters
    }

    /// Runs `request` on the current reader as of `today` (for remaining-term filters). Every
    /// query word must match; when that finds nothing, patents matching any word are returned.
    pub fn search(&self, request: &SearchRequest, boosts: &Boosts, today: NaiveDate) -> Result<SearchResults> {
        request.check()?;
        let clauses = query::parse(&request.q)?;
        let searcher = self.reader.searcher();
        let (_running, alone) = self.enter_search();
        let executor = self.executor(alone);
        let limit = request.total_limit.unwrap_or(MAX_RESULT_WINDOW).max(1);
        let (query, highlight_words) = self.full_query(&searcher, request, &clauses, boosts, today, true);
        let has_words = clauses.iter().any(|clause| matches!(clause, Clause::Text(..)));
        // Every word first; when no patent has them all, any word (probing stops at one match).
        let any_word = has_words && count_up_to(&searcher, &query, 1)?.0 == 0;
        let (query, highlight_words) = if any_word {
            self.full_query(&searcher, request, &clauses, boosts, today, false)
        } else {
            (query, highlight_words)
        };
        // Without any query text there is no score to rank by: newest grants first.
        let sort = if clauses.is_empty() && request.sort == Sort::Relevance { Sort::GrantDate } else { request.sort };

        // One pass collects the page, the exact total and the facets. The exception is ranking
        // any-word matches by relevance without facets: a pure disjunction, where tantivy skips
        // blocks that cannot reach the page (block-max WAND) as long as nothing else needs every
        // match, so the total is counted separately and only up to `limit`.
        let window = TopDocs::with_limit(request.per_page).and_offset((request.page - 1) * request.per_page);
        let mut collectors = MultiCollector::new();
        let facet_handles: Vec<_> =
            request.facets.iter().map(|kind| (*kind, collectors.add_collector(self.facet_collector(*kind)))).collect();
        let prunable = any_word && sort == Sort::Relevance && request.facets.is_empty();
        let count_handle = if prunable { None } else { Some(collectors.add_collector(Count)) };
        let (scored, mut fruits): (Vec<(Option<f32>, DocAddress)>, _) = match sort {
            Sort::Relevance => {
                let (top, fruits) = collect(&searcher, executor, &query, &(window.order_by_score(), collectors))?;
                (top.into_iter().map(|(score, address)| (Some(score), address)).collect(), fruits)
            }
            Sort::GrantDate => {
                let collector = window.order_by_fast_field::<DateTime>("grant_date", Order::Desc);
                let (top, fruits) = collect(&searcher, executor, &query, &(collector, collectors))?;
                (top.into_iter().map(|(_, address)| (None, address)).collect(), fruits)
            }
            Sort::Cost => {
                let collector = window.order_by_fast_field::<i64>("first_year_cost_fen", Order::Asc);
                let (top, fruits) = collect(&searcher, executor, &query, &(collector, collectors))?;
                (top.into_iter().map(|(_, address)| (None, address)).collect(), fruits)
            }
        };
        let (total, total_exact) = match count_handle {
            Some(handle) => (handle.extract(&mut fruits), true),
            None => count_up_to(&searcher, &query, limit)?,
        };
        let mut facets = BTreeMap::new();
        for (kind, handle) in facet_handles {
            let counts = handle.extract(&mut fruits);
            facets.insert(kind.name().to_string(), self.facet_counts(kind, &counts));
        }

        let highlight_words = if request.highlight { highlight_words } else { Vec::new() };
        let mut hits = Vec::with_capacity(scored.len());
        for (score, address) in scored {
            hits.push(self.hit(&searcher, address, score, &highlight_words)?);
        }
        Ok(SearchResults {
            total: total as u64,
            total_exact,
            page: request.page,
            per_page: request.per_page,
            hits,
            facets,
        })
    }

    /// The whole query: text clauses and filters.
    fn full_query(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        clauses: &[Clause],
        boosts: &Boosts,
        today: NaiveDate,
        all_words: bool,
    ) -> (BooleanQuery, Vec<String>) {
        let (text, highlight_words) = self.text_query(searcher, clauses, boosts, all_words);
        let mut parts = self.filters(request, today);
        match text {
            Some(text) => parts.push((Occur::Must, text)),
            None if parts.is_empty() => parts.push((Occur::Must, Box::new(AllQuery))),
            None => {}
        }
        (BooleanQuery::new(parts), highlight_words)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: Option<f32>,
        highlight_words: &[String],
    ) -> Result<Hit> {
        let document: TantivyDocument = searcher.doc(address)?;
        let stored = |field: Field| document.get_first(field).and_then(|value| value.as_str()).map(str::to_string);
        let summary = stored(self.fields.summary).unwrap_or_default();
        let patent: PatentSummary =
            serde_json::from_str(&summary).map_err(|error| Error::Index(format!("corrupt stored summary: {error}")))?;
        let mut highlights = Highlights::default();
        if !highlight_words.is_empty() {
            highlights.title = stored(self.fields.title).and_then(|text| highlight(&text, highlight_words, 200));
            highlights.abstract_text =
                stored(self.fields.abstract_text).and_then(|text| highlight(&text, highlight_words, 160));
        }
        Ok(Hit { patent, score, highlights })
    }

    /// The facet field of `kind` and the parents whose children are counted.
    fn facet_roots(&self, kind: FacetKind) -> (Field, Vec<String>) {
        let fields = &self.fields;
        match kind {
            FacetKind::IpcSection => (fields.ipc_facet, vec!["/ipc".into()]),
            FacetKind::IpcClass => {
                (fields.ipc_facet, IPC_SECTIONS.iter().map(|(code, _)| format!("/ipc/{code}")).collect())
            }
            FacetKind::PatentType => (fields.type_facet, vec!["/type".into()]),
            FacetKind::FeeModel => (fields.fee_facet, vec!["/fee".into()]),
            FacetKind::Region => (fields.region_facet, vec!["/region".into()]),
            FacetKind::University => (fields.university_facet, vec!["/university".into()]),
            FacetKind::Industry => (fields.industry_facet, vec!["/industry".into()]),
        }
    }

    fn facet_collector(&self, kind: FacetKind) -> FacetCollector {
        let (field, roots) = self.facet_roots(kind);
        let mut collector = FacetCollector::for_field(self.index.schema().get_field_name(field));
        for root in roots {
            collector.add_facet(Facet::from_text(&root).unwrap_or_else(|_| Facet::root()));
        }
        collector
    }

    fn facet_counts(&self, kind: FacetKind, counts: &tantivy::collector::FacetCounts) -> Vec<FacetCount> {
        let (_, roots) = self.facet_roots(kind);
        let mut values = Vec::new();
        for root in roots {
            for (facet, count) in counts.get(root.as_str()) {
                let value = facet.to_path().last().map(|segment| segment.to_string()).unwrap_or_default();
                values.push(FacetCount { label: label(kind, &value), value, count });
            }
        }
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        values
    }
}

fn label(kind: FacetKind, value: &str) -> String {
    match kind {
        FacetKind::IpcSection => IPC_SECTIONS.iter().find(|(code, _)| *code == value).map(|(_, name)| name.to_string()),
        FacetKind::PatentType => catalog::model::patent::PatentType::parse(value).map(|kind| kind.label().to_string()),
        FacetKind::FeeModel => match value {
            "free" => Some("免费".to_string()),
            "lump_sum" => Some("一次性付费".to_string()),
            "royalty" => Some("提成".to_string()),
            "entry_fee_royalty" => Some("入门费+提成".to_string()),
            _ => None,
        },
        FacetKind::Region => {
            catalog::model::reference::RegionCode::parse(value).ok().map(|code| code.name().to_string())
        }
        FacetKind::Industry => {
            catalog::model::reference::IndustryCode::parse(value).ok().map(|code| code.name().to_string())
        }
        FacetKind::IpcClass | FacetKind::University => None,
    }
    .unwrap_or_else(|| value.to_string())
}
