//! The index of open enterprise demands, for the reverse direction (patent → demands). Demands
//! are few next to patents, so the index lives in memory and is rebuilt from the database at
//! start-up; writers keep it current as demands change.

use std::sync::{Arc, Mutex};

use jieba_rs::Jieba;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Field, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use uuid::Uuid;

use crate::candidates::{lowered, terms_in};
use crate::error::{Error, Result};
use crate::keywords::KeyTerm;
use crate::search::{Clauses, boosted, term_query};
use crate::tokenizer::{WORDS, WordTokenizer};

/// Writer memory: the minimum tantivy accepts; demand texts are small.
const WRITER_MEMORY_BYTES: usize = 15_000_000;
/// A title word counts this much more than a description word.
const TITLE_BOOST: f32 = 2.0;

/// What the index keeps of an open demand.
#[derive(Debug, Clone)]
pub struct DemandDocument {
    pub id: Uuid,
    pub title: String,
    pub description: String,
}

/// One demand found for a query.
#[derive(Debug, Clone)]
pub struct DemandHit {
    pub id: Uuid,
    pub text_score: f32,
    pub matched_terms: Vec<String>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    description: Field,
}

/// The in-memory demand index.
pub struct DemandIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    words: WordTokenizer,
}

impl std::fmt::Debug for DemandIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemandIndex").field("documents", &self.len()).finish()
    }
}

impl DemandIndex {
    /// An empty index using `jieba` for its words.
    pub fn new(jieba: Arc<Jieba>) -> Result<Self> {
        let mut builder = Schema::builder();
        let words =
            TextOptions::default().set_indexing_options(TextFieldIndexing::default().set_tokenizer(WORDS)).set_stored();
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED),
            title: builder.add_text_field("title", words.clone()),
            description: builder.add_text_field("description", words),
        };
        let index = Index::create_in_ram(builder.build());
        let tokenizer = WordTokenizer::new(jieba);
        index.tokenizers().register(WORDS, tokenizer.clone());
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY_BYTES)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self { reader, writer: Mutex::new(writer), fields, words: tokenizer })
    }

    /// Replaces `open` demands and removes `closed` ones, then makes the change searchable.
    pub fn apply(&self, open: &[DemandDocument], closed: &[Uuid]) -> Result<()> {
        let mut writer = self.writer.lock().map_err(|_| Error::Index("demand index writer poisoned".into()))?;
        for id in closed.iter().chain(open.iter().map(|demand| &demand.id)) {
            writer.delete_term(Term::from_field_text(self.fields.id, &id.to_string()));
        }
        for demand in open {
            let mut document = TantivyDocument::default();
            document.add_text(self.fields.id, demand.id.to_string());
            document.add_text(self.fields.title, &demand.title);
            document.add_text(self.fields.description, &demand.description);
            writer.add_document(document)?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Open demands indexed.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` open demands for the weighted key terms, best first.
    pub fn search(&self, terms: &[KeyTerm], limit: usize) -> Result<Vec<DemandHit>> {
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let heaviest = terms.iter().map(|term| term.weight).fold(f64::MIN_POSITIVE, f64::max);
        let mut clauses: Clauses = Vec::new();
        for term in terms {
            let weight = (term.weight / heaviest).clamp(0.05, 1.0) as f32;
            for group in self.words.word_groups(&term.term) {
                let whole = group.last().map(String::as_str).unwrap_or_default();
                let known = [self.fields.title, self.fields.description]
                    .iter()
                    .any(|field| searcher.doc_freq(&Term::from_field_text(*field, whole)).is_ok_and(|count| count > 0));
                let words: Vec<&str> = if known { vec![whole] } else { group.iter().map(String::as_str).collect() };
                let mut alternatives: Clauses = Vec::new();
                for word in words {
                    alternatives.push((Occur::Should, boosted(term_query(self.fields.title, word), TITLE_BOOST)));
                    alternatives.push((Occur::Should, term_query(self.fields.description, word)));
                }
                let word_query: Box<dyn Query> = Box::new(BooleanQuery::new(alternatives));
                clauses.push((Occur::Should, boosted(word_query, weight)));
            }
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let stored = |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default();
            let Ok(id) = stored(self.fields.id).parse::<Uuid>() else { continue };
            let text = lowered(stored(self.fields.title), stored(self.fields.description));
            hits.push(DemandHit { id, text_score: score, matched_terms: terms_in(terms, &text) });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywords::key_terms;

    fn demand(title: &str, description: &str) -> DemandDocument {
        DemandDocument { id: Uuid::new_v4(), title: title.into(), description: description.into() }
    }

    #[test]
    fn a_patent_finds_the_demand_about_its_technology_and_closed_demands_drop_out() {
        let jieba = Arc::new(Jieba::new());
        let index = DemandIndex::new(Arc::clone(&jieba)).unwrap();
        let battery = demand("防爆锂离子电池的研发", "国内锂离子电池产品存在安全隐患问题，需研发锂电池防爆技术。");
        let boron = demand("高韧性立方氮化硼CBN单晶的研制", "开发高韧性立方氮化硼新牌号，优化触媒自制工艺。");
        index.apply(&[battery.clone(), boron.clone()], &[]).unwrap();
        let terms = key_terms(&jieba, "一种防爆锂电池外壳，包括泄压阀，提高锂离子电池的安全性。", 8);
        let hits = index.search(&terms, 10).unwrap();
        assert_eq!(hits.first().map(|hit| hit.id), Some(battery.id));
        assert!(hits.iter().all(|hit| hit.id != boron.id));
        assert!(hits[0].matched_terms.iter().any(|term| term == "锂电池"), "{:?}", hits[0].matched_terms);

        index.apply(&[], &[battery.id]).unwrap();
        assert_eq!(index.len(), 1);
        assert!(index.search(&terms, 10).unwrap().is_empty());
    }
}
