//! The forward direction: patents ranked for a demand. BM25 retrieval of the demand's key terms
//! under its hard conditions, then the transparent re-rank of [`crate::model::score`].

use std::collections::BTreeSet;

use catalog::model::actor::Actor;
use catalog::model::page::PageRequest;
use search::candidates::CandidateQuery;
use search::index::SearchIndex;
use search::keywords::KeyTerm;
use serde::Serialize;

use super::Matcher;
use super::facts::facts_from_summaries;
use super::feedback::{DemandFeedback, FeedbackBrief, demand_feedback};
use super::support::readable_demand_to_rank;
use crate::error::Result;
use crate::model::demand::{Demand, Preference};
use crate::model::facts::PatentFacts;
use crate::model::ids::DemandId;
use crate::model::score::{FeedbackSignal, Reason, admissible, coverage, score, signals, similarity, text_relevance};

/// Expansion terms from each patent the enterprise marked relevant.
const EXPANSION_TERMS: usize = 4;
/// Their weight relative to the demand's heaviest term.
const EXPANSION_WEIGHT: f64 = 0.5;

/// A patent ranked for a demand, with why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatentMatch {
    pub patent: PatentFacts,
    /// Sum of the reasons' contributions, hundredths of a point.
    pub score: i64,
    pub reasons: Vec<Reason>,
    /// The demand's key terms found in the patent's title or abstract.
    pub matched_terms: Vec<String>,
    /// The demand's feedback on this patent, if given.
    pub feedback: Option<FeedbackBrief>,
}

/// One page of a demand's matches.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchPage {
    pub demand_id: DemandId,
    /// The key terms retrieval used (TF-IDF weights), expansion from feedback included.
    pub key_terms: Vec<KeyTerm>,
    /// Ranked matches; at most `matching.candidates`.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<PatentMatch>,
}

/// The words a patent is compared on for feedback similarity: title words and IPC subclasses.
pub(crate) fn comparison_words(m: Matcher<'_>, title: &str, ipc_codes: &[String]) -> BTreeSet<String> {
    let mut words: BTreeSet<String> =
        m.patents.analyze(title).into_iter().filter(|word| word.chars().count() >= 2).collect();
    words.extend(ipc_codes.iter().filter_map(|code| code.get(..4)).map(|subclass| format!("ipc:{subclass}")));
    words
}

/// What the demand's feedback says about `patent`.
pub(crate) fn feedback_signal(m: Matcher<'_>, feedback: &DemandFeedback, patent: &PatentFacts) -> FeedbackSignal {
    if feedback.relevant.iter().any(|marked| marked.id == patent.id) {
        return FeedbackSignal::MarkedRelevant;
    }
    if feedback.relevant.is_empty() {
        return FeedbackSignal::None;
    }
    let words = comparison_words(m, &patent.title, &patent.ipc_codes);
    let closest = feedback
        .relevant
        .iter()
        .map(|marked| (similarity(&words, &marked.words), marked))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((value, marked)) if value > 0.0 => {
            FeedbackSignal::Similar { title: marked.title.clone(), similarity: value }
        }
        _ => FeedbackSignal::None,
    }
}

/// The key terms of a demand text: jieba TF-IDF over the title (counted twice) and the
/// description, falling back to the title's words when TF-IDF keeps nothing.
pub fn demand_terms(index: &SearchIndex, title: &str, description: &str, limit: usize) -> Vec<KeyTerm> {
    let text = format!("{title}\n{title}\n{description}");
    let mut terms = index.key_terms(&text, limit);
    if terms.is_empty() {
        let mut seen = BTreeSet::new();
        for word in index.analyze(if title.trim().is_empty() { description } else { title }) {
            if word.chars().count() >= 2 && seen.insert(word.clone()) {
                terms.push(KeyTerm { term: word, weight: 1.0 });
            }
        }
    }
    terms
}

/// The retrieval terms: the demand's key terms plus a few terms of each patent the enterprise
/// marked relevant.
fn retrieval_terms(m: Matcher<'_>, demand: &Demand, feedback: &DemandFeedback) -> Vec<KeyTerm> {
    let mut terms = demand_terms(m.patents, &demand.title, &demand.description, m.settings.key_terms);
    let heaviest = terms.iter().map(|term| term.weight).fold(0.0, f64::max).max(1e-9);
    for marked in &feedback.relevant {
        for extra in m.patents.key_terms(&marked.title, EXPANSION_TERMS) {
            if !terms.iter().any(|term| term.term == extra.term) {
                terms.push(KeyTerm { term: extra.term, weight: heaviest * EXPANSION_WEIGHT });
            }
        }
    }
    terms
}

/// Every admissible candidate for `demand`, best first, and the key terms used.
pub async fn rank(
    m: Matcher<'_>,
    demand: &Demand,
    feedback: &DemandFeedback,
    include_without_offer: bool,
) -> Result<(Vec<KeyTerm>, Vec<PatentMatch>)> {
    let started = std::time::Instant::now();
    let terms = retrieval_terms(m, demand, feedback);
    let terms_done = started.elapsed();
    let query = CandidateQuery {
        terms: terms.clone(),
        offer_in_force_only: !include_without_offer,
        max_first_year_cost_fen: demand.budget.max_total_cost_fen,
        max_royalty_bp: demand.budget.max_royalty_bp,
        free_period_required: demand.preferences.free_period == Preference::Required,
        trial_required: demand.preferences.trial == Preference::Required,
        fee_models: demand.preferences.fee_models.clone(),
        exclude: feedback.irrelevant.clone(),
        // The index bounds only the first year's cost; a budget over several years is checked
        // after retrieval, so look deeper to keep enough candidates that pass it.
        limit: if demand.budget.max_total_cost_fen.is_some() && demand.budget.years > 1 {
            m.settings.candidates * 2
        } else {
            m.settings.candidates
        },
    };
    let candidates = m.patents.candidates(&query, m.boosts)?;
    let retrieved = started.elapsed();
    let mut texts = Vec::with_capacity(candidates.len());
    let mut summaries = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        texts.push((candidate.text_score, candidate.matched_terms));
        summaries.push(candidate.patent);
    }
    let facts = facts_from_summaries(m.db, summaries, m.today, demand.budget.years).await?;
    let facts_done = started.elapsed();
    let mut admitted = Vec::with_capacity(facts.len());
    for ((text_score, matched_terms), patent) in texts.into_iter().zip(facts) {
        // The index may lag the database by a moment: the offer rows decide what is published.
        if !include_without_offer && patent.offer_in_force().is_none() {
            continue;
        }
        if feedback.irrelevant.contains(&patent.id) || !admissible(demand, &patent) {
            continue;
        }
        admitted.push((text_score, matched_terms, patent));
    }
    // Text relevance is relative to the best candidate the enterprise has not marked relevant:
    // a marked patent matches its own expansion terms best and already counts fully under
    // feedback, so measuring the others against it would push them down instead of lifting them.
    let marked = |patent: &PatentFacts| feedback.relevant.iter().any(|marked| marked.id == patent.id);
    let unmarked_best =
        admitted.iter().filter(|(.., patent)| !marked(patent)).map(|(text, ..)| *text).fold(0.0, f32::max);
    let best_text =
        if unmarked_best > 0.0 { unmarked_best } else { admitted.iter().map(|(text, ..)| *text).fold(0.0, f32::max) };
    let mut ranked = Vec::with_capacity(admitted.len());
    for (text, matched_terms, patent) in admitted {
        let relative = text_relevance(text, best_text, coverage(&terms, &matched_terms));
        let signal = feedback_signal(m, feedback, &patent);
        let (total, reasons) =
            score(signals(demand, &patent, relative, &matched_terms, &signal, m.today), &m.settings.weights);
        let brief = feedback.by_patent.get(&patent.id).cloned();
        ranked.push(PatentMatch { patent, score: total, reasons, matched_terms, feedback: brief });
    }
    ranked.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| a.patent.publication_number.cmp(&b.patent.publication_number))
    });
    ranked.truncate(m.settings.candidates);
    tracing::debug!(
        terms_us = terms_done.as_micros() as u64,
        retrieval_us = (retrieved - terms_done).as_micros() as u64,
        facts_us = (facts_done - retrieved).as_micros() as u64,
        rerank_us = (started.elapsed() - facts_done).as_micros() as u64,
        candidates = ranked.len(),
        "demand ranked"
    );
    Ok((terms, ranked))
}

/// One page of the matches of a demand the caller may read.
pub async fn matches(
    m: Matcher<'_>,
    actor: &Actor,
    demand_id: DemandId,
    include_without_offer: bool,
    page: PageRequest,
) -> Result<MatchPage> {
    let demand = readable_demand_to_rank(m.db, actor, demand_id).await?;
    let feedback = demand_feedback(m, demand_id).await?;
    let (key_terms, ranked) = rank(m, &demand, &feedback, include_without_offer).await?;
    let total = ranked.len() as u64;
    let items = ranked.into_iter().skip(page.offset() as usize).take(page.per_page as usize).collect();
    Ok(MatchPage { demand_id, key_terms, total, page: page.page, per_page: page.per_page, items })
}
