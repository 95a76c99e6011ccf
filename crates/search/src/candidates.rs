//! Candidate retrieval for matching: a weighted disjunction of key terms over the text fields
//! (BM25 with the search boosts), under the hard filters a demand sets, returning the top
//! patents with their stored summaries and the key terms each one contains.

use std::ops::Bound;

use catalog::model::ids::PatentId;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocSet, query::Scorer as _};
use tantivy::{TantivyDocument, Term};

use crate::document::PatentSummary;
use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::keywords::{KeyTerm, key_terms};
use crate::query::Scope;
use crate::search::{Boosts, Clauses, boosted, term_query};

/// Key terms that select the candidate pool; the rest only score it.
pub const PROBE_TERMS: usize = 4;
/// The pool is this many times the candidates asked for.
pub const POOL_FACTOR: usize = 2;

/// What a demand asks of the index.
#[derive(Debug, Clone, Default)]
pub struct CandidateQuery {
    pub terms: Vec<KeyTerm>,
    /// Only patents whose offer is in force; the cost and preference filters apply only then
    /// (a patent without an offer has no cost to compare).
    pub offer_in_force_only: bool,
    pub max_first_year_cost_fen: Option<i64>,
    pub max_royalty_bp: Option<u32>,
    pub free_period_required: bool,
    pub trial_required: bool,
    /// Accepted fee models; empty accepts all.
    pub fee_models: Vec<String>,
    pub exclude: Vec<PatentId>,
    pub limit: usize,
}

/// One retrieved patent.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub patent: PatentSummary,
    /// BM25 score of the weighted key-term query.
    pub text_score: f32,
    /// The key terms found in its title or abstract.
    pub matched_terms: Vec<String>,
}

/// `text` lower-cased for [`terms_in`]: ASCII only, since Chinese has no case and Unicode
/// lower-casing of whole abstracts cost 4% of a match's CPU (measured with perf).
pub(crate) fn lowered(title: &str, body: &str) -> String {
    let mut text = format!("{title}\n{body}");
    text.make_ascii_lowercase();
    text
}

/// The key terms of `terms` that `text` (lower-cased) contains.
pub fn terms_in(terms: &[KeyTerm], text: &str) -> Vec<String> {
    terms.iter().filter(|term| text.contains(term.term.as_str())).map(|term| term.term.clone()).collect()
}

impl SearchIndex {
    /// The `limit` best key terms of `text` (jieba TF-IDF).
    pub fn key_terms(&self, text: &str, limit: usize) -> Vec<KeyTerm> {
        key_terms(self.words.jieba(), text, limit)
    }

    /// The words of `text` as the index sees them (jieba search mode, lower-cased).
    pub fn analyze(&self, text: &str) -> Vec<String> {
        self.words.words(text)
    }

    /// The weighted key-term query over title, keywords and abstract: one flat disjunction of
    /// (field, word) term queries, each
    /// boosted by its field's boost times the key term's weight relative to the heaviest; a
    /// document must contain at least one. Flat, so tantivy can skip blocks that cannot reach
    /// the top (block-max WAND), with the same scores as nesting a clause per key term.
    pub(crate) fn key_term_query(&self, searcher: &tantivy::Searcher, terms: &[KeyTerm], boosts: &Boosts) -> Clauses {
        let heaviest = terms.iter().map(|term| term.weight).fold(f64::MIN_POSITIVE, f64::max);
        let mut clauses: Clauses = Vec::new();
        for term in terms {
            let weight = (term.weight / heaviest).clamp(0.05, 1.0) as f32;
            for group in self.words.word_groups(&term.term) {
                for (field, word, boost) in self.word_terms(searcher, &group, Scope::Descriptive, boosts) {
                    clauses.push((Occur::Should, boosted(term_query(field, &word), boost * weight)));
                }
            }
        }
        clauses
    }

    fn candidate_filters(&self, query: &CandidateQuery) -> Clauses {
        let fields = &self.fields;
        let mut filters: Clauses = Vec::new();
        for id in &query.exclude {
            filters.push((Occur::MustNot, term_query(fields.id, &id.to_string())));
        }
        if !query.offer_in_force_only {
            return filters;
        }
        let mut must = |part: Box<dyn Query>| filters.push((Occur::Must, part));
        must(Box::new(TermQuery::new(Term::from_field_u64(fields.offer_in_force, 1), IndexRecordOption::Basic)));
        if let Some(max) = query.max_first_year_cost_fen {
            must(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_i64(fields.first_year_cost_fen, max)),
            )));
        }
        let at_most = |field: Field, max: u64| -> Box<dyn Query> {
            Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(Term::from_field_u64(field, max))))
        };
        let at_least_one = |field: Field| -> Box<dyn Query> {
            Box::new(RangeQuery::new(Bound::Included(Term::from_field_u64(field, 1)), Bound::Unbounded))
        };
        if let Some(max) = query.max_royalty_bp {
            must(at_most(fields.royalty_bp, u64::from(max)));
        }
        if query.free_period_required {
            must(at_least_one(fields.free_months));
        }
        if query.trial_required {
            must(at_least_one(fields.trial_months));
        }
        if !query.fee_models.is_empty() {
            let models: Clauses =
                query.fee_models.iter().map(|model| (Occur::Should, term_query(fields.fee_model, model))).collect();
            must(Box::new(BooleanQuery::new(models)));
        }
        filters
    }

    /// The best `limit` documents for the weighted key terms and `filters`: scores and addresses.
    ///
    /// Two phases, because every key term is a posting list to walk and a long demand has many:
    /// the heaviest [`PROBE_TERMS`] terms find a pool of [`POOL_FACTOR`] × `limit` documents
    /// (under the filters), then the remaining terms score exactly those (a scorer seeking to
    /// each pooled document), and the best `limit` by the sum remain. With few terms the whole
    /// query runs at once.
    fn top_by_key_terms(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[KeyTerm],
        filters: Clauses,
        limit: usize,
        boosts: &Boosts,
    ) -> Result<Vec<(f32, tantivy::DocAddress)>> {
        let (_running, alone) = self.enter_search();
        let mut heaviest: Vec<KeyTerm> = terms.to_vec();
        heaviest.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        let probe_only = heaviest.len() > PROBE_TERMS;
        heaviest.truncate(PROBE_TERMS);
        let pool_size = if probe_only { limit.saturating_mul(POOL_FACTOR) } else { limit };
        let mut probe = self.key_term_query(searcher, &heaviest, boosts);
        // Without filters the disjunction stands alone, so nothing stops block-max WAND.
        let query = if filters.is_empty() {
            BooleanQuery::new(probe)
        } else {
            let mut parts = filters;
            parts.push((Occur::Must, Box::new(BooleanQuery::new(std::mem::take(&mut probe)))));
            BooleanQuery::new(parts)
        };
        let pool = searcher.search_with_executor(
            &query,
            &TopDocs::with_limit(pool_size).order_by_score(),
            self.executor(alone),
            EnableScoring::enabled_from_searcher(searcher),
        )?;
        if !probe_only {
            return Ok(pool);
        }
        // A disjunction's score is the sum of its clauses', so the pool's probe scores only
        // need the remaining terms' scores added.
        let rest: Vec<KeyTerm> =
            terms.iter().filter(|term| !heaviest.iter().any(|probe| probe.term == term.term)).cloned().collect();
        let rest_query = BooleanQuery::new(self.key_term_query(searcher, &rest, boosts));
        let weight = rest_query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut pool = pool;
        pool.sort_by_key(|(_, address)| *address);
        let mut scored = Vec::with_capacity(pool.len());
        let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
        for (probe_score, address) in pool {
            if current.as_ref().is_none_or(|(segment, _)| *segment != address.segment_ord) {
                let reader = searcher.segment_reader(address.segment_ord);
                current = Some((address.segment_ord, weight.scorer(reader, 1.0)?));
            }
            let Some((_, scorer)) = current.as_mut() else { continue };
            if scorer.doc() < address.doc_id {
                scorer.seek(address.doc_id);
            }
            let rest_score = if scorer.doc() == address.doc_id { scorer.score() } else { 0.0 };
            scored.push((probe_score + rest_score, address));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(limit);
        Ok(scored)
    }

    /// The best `limit` patents for the key terms under the filters, best first.
    pub fn candidates(&self, query: &CandidateQuery, boosts: &Boosts) -> Result<Vec<Candidate>> {
        if query.terms.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let filters = self.candidate_filters(query);
        let top = self.top_by_key_terms(&searcher, &query.terms, filters, query.limit, boosts)?;
        let mut candidates = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let stored = |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default();
            let patent: PatentSummary = serde_json::from_str(stored(self.fields.summary))
                .map_err(|error| Error::Index(format!("corrupt stored summary: {error}")))?;
            let text = lowered(stored(self.fields.title), stored(self.fields.abstract_text));
            candidates.push(Candidate { patent, text_score: score, matched_terms: terms_in(&query.terms, &text) });
        }
        Ok(candidates)
    }

    /// The stored ids, scores and matched key terms of the best `limit` documents for the
    /// weighted key terms, with no filters: for evaluation corpora, which are not catalog patents.
    pub fn key_term_ids(
        &self,
        terms: &[KeyTerm],
        limit: usize,
        boosts: &Boosts,
    ) -> Result<Vec<(String, f32, Vec<String>)>> {
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let top = self.top_by_key_terms(&searcher, terms, Vec::new(), limit, boosts)?;
        let mut ids = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let stored = |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default();
            let text = lowered(stored(self.fields.title), stored(self.fields.abstract_text));
            ids.push((stored(self.fields.id).to_string(), score, terms_in(terms, &text)));
        }
        Ok(ids)
    }
}
