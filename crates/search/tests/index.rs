//! The index on its own: tokenization, reopening, filters, facets, phrases, numbers, highlights
//! and query errors, over hand-built fixtures whose counts are known.

use std::sync::Arc;

use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::input::NewPatent;
use catalog::model::organization::{Organization, OrganizationKind};
use catalog::model::patent::{Encumbrances, Grade, Patent};
use catalog::model::reference::{IndustryCode, RegionCode};
use chrono::{NaiveDate, Utc};
use search::document::{OfferFacts, document};
use search::index::SearchIndex;
use search::request::{FacetKind, IpcFilter, SearchRequest, Sort};
use search::search::{Boosts, SearchResults};
use search::tokenizer::{WordTokenizer, segmenter};
use serde_json::Value;

const DICTIONARY: &str = include_str!("../../../config/search/user_dict.txt");

fn jieba() -> Arc<jieba_rs::Jieba> {
    Arc::new(segmenter(Some(DICTIONARY)).unwrap())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn real_patent_sentences_tokenize_as_recorded() {
    let words = WordTokenizer::new(jieba());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/golden_tokens.jsonl");
    let sentences = include_str!("fixtures/golden_sentences.jsonl");
    let actual: Vec<Value> = sentences
        .lines()
        .map(|line| {
            let sentence: Value = serde_json::from_str(line).unwrap();
            let text = sentence["text"].as_str().unwrap();
            serde_json::json!({"text": text, "words": words.words(text), "source": sentence["source"]})
        })
        .collect();
    if std::env::var("KAIXU_UPDATE_GOLDEN").is_ok() {
        let lines: String = actual.iter().map(|value| format!("{value}\n")).collect();
        std::fs::write(path, lines).unwrap();
    }
    let golden: Vec<Value> =
        std::fs::read_to_string(path).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(actual, golden);
}

#[test]
fn the_domain_dictionary_keeps_technical_terms_whole() {
    let words = WordTokenizer::new(jieba());
    let tokens = words.words("泡沫镍自支撑FeCo磷化物电催化剂");
    for term in ["泡沫镍", "自支撑", "feco", "磷化物", "电催化剂"] {
        assert!(tokens.iter().any(|token| token == term), "{term} missing from {tokens:?}");
    }
}

fn organization(name: &str, region: &str, industries: &[&str]) -> Organization {
    let region_code = RegionCode::parse(region).unwrap();
    Organization {
        id: OrganizationId::generate(),
        name: name.into(),
        kind: OrganizationKind::University,
        region_name: region_code.name().into(),
        region_code,
        industry_codes: industries.iter().map(|code| IndustryCode::parse(code).unwrap()).collect(),
        verified_at: None,
        created_at: Utc::now(),
    }
}

fn patent(
    owner: &Organization,
    number: &str,
    title: &str,
    abstract_text: &str,
    ipc: &[&str],
    grade: Option<Grade>,
) -> Patent {
    let input = NewPatent {
        publication_number: Some(number.into()),
        title: Some(title.into()),
        abstract_text: Some(abstract_text.into()),
        ipc_codes: ipc.iter().map(|code| code.to_string()).collect(),
        application_date: Some("2020-05-01".into()),
        grant_date: Some("2021-03-02".into()),
        ..NewPatent::default()
    };
    let valid = input.validate(today()).unwrap();
    Patent {
        id: PatentId::generate(),
        organization_id: owner.id,
        expiry_date: valid.application_date.map(|date| valid.patent_type.expiry_date(date)),
        publication_number: valid.publication_number,
        application_number: None,
        title: valid.title,
        abstract_text: valid.abstract_text,
        claims: None,
        ipc_codes: valid.ipc_codes,
        applicants: vec![],
        co_owners: vec![],
        patent_type: valid.patent_type,
        application_date: valid.application_date,
        grant_date: valid.grant_date,
        legal_status: valid.legal_status,
        state_funded: false,
        evaluation_report_ref: None,
        grade,
        last_implemented_on: None,
        keywords: vec![],
        encumbrances: Encumbrances::default(),
        open_offer: false,
        source: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

/// Six patents of two universities (北京海淀 and 湖北武汉洪山), their counts known by hand:
/// types: 4 invention (B), 2 utility model (U); IPC sections: B 3, G 2, H 2 (one has G and H);
/// 理工: 4 patents, 工程: 2; offers: 2 (royalty with free period, free).
fn fixtures(index: &SearchIndex) -> (Organization, Organization, Vec<Patent>) {
    let tech = organization("示范理工大学", "110108", &["I", "39"]);
    let engineering = organization("示范工程大学", "420111", &["C"]);
    let patents = vec![
        patent(
            &tech,
            "CN218751475U",
            "一种无人机机载多功能盒",
            "多功能盒内设置有CPU模块、4G/5G通信模块以及扩展接口，可将数据直接发送到云服务器，并进行实时分析数据。",
            &["B64U 20/80", "H04W"],
            Some(Grade::A),
        ),
        patent(
            &tech,
            "CN114221328B",
            "电子厂房电源保障系统实施方法",
            "本发明公开了一种电子厂房电源保障系统，包括双路供电与储能系统。",
            &["H02J 9/06"],
            Some(Grade::B),
        ),
        patent(
            &tech,
            "CN113156910B",
            "停车控制方法及装置、整车控制器、新能源车辆",
            "判断单踏板模式是否激活；在单踏板模式被激活的情况下控制车辆停车。",
            &["B60T 1/10", "G06F"],
            None,
        ),
        patent(
            &tech,
            "CN112000001B",
            "基于深度学习的图像识别方法",
            "利用卷积神经网络对采集的图像进行识别，并通过数据传输模块上传结果。",
            &["G06V 10/82", "H04L"],
            Some(Grade::A),
        ),
        patent(
            &engineering,
            "CN215697310U",
            "一种冲压固定装置",
            "本实用新型公开了一种冲压固定装置，包括底座与压板，减震效果好。",
            &["B21D 43/00"],
            Some(Grade::C),
        ),
        patent(
            &engineering,
            "CN108982325B",
            "地下防污屏障材料化学相容性测试装置及方法",
            "围压体积控制器连接渗透压力室，入流隔离器连接在渗透压力室和顶压体积控制器之间。",
            &["G01N 15/08"],
            None,
        ),
    ];
    let offers = [
        (
            0,
            OfferFacts {
                in_force: true,
                fee_model: "royalty".into(),
                free_months: 6,
                trial_months: 0,
                first_year_cost_fen: 0,
                royalty_bp: 300,
            },
        ),
        (
            4,
            OfferFacts {
                in_force: true,
                fee_model: "free".into(),
                free_months: 0,
                trial_months: 3,
                first_year_cost_fen: 0,
                royalty_bp: 0,
            },
        ),
    ];
    let documents = patents
        .iter()
        .enumerate()
        .map(|(position, patent)| {
            let owner = if patent.organization_id == tech.id { &tech } else { &engineering };
            let offer = offers.iter().find(|(index, _)| *index == position).map(|(_, offer)| offer);
            (patent.id, Some(document(&index_fields(index), patent, owner, offer)))
        })
        .collect();
    index.apply(documents, 6).unwrap();
    (tech, engineering, patents)
}

fn index_fields(index: &SearchIndex) -> search::schema::Fields {
    index.fields()
}

fn run(index: &SearchIndex, request: SearchRequest) -> SearchResults {
    index.search(&request, &Boosts::default(), today()).unwrap()
}

fn request(q: &str) -> SearchRequest {
    SearchRequest { q: q.into(), page: 1, per_page: 10, highlight: true, ..SearchRequest::default() }
}

fn numbers(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|hit| hit.patent.publication_number.clone()).collect()
}

#[test]
fn an_index_created_closed_and_reopened_still_tokenizes_chinese() {
    let directory = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(directory.path(), jieba()).unwrap();
        fixtures(&index);
        assert_eq!(index.applied_seq().unwrap(), 6);
    }
    let reopened = SearchIndex::open(directory.path(), jieba()).unwrap();
    assert_eq!(reopened.applied_seq().unwrap(), 6, "the feed position survives in the commit");
    assert_eq!(reopened.document_count(), 6);
    let results = run(&reopened, request("无人机"));
    assert_eq!(numbers(&results), ["CN218751475U"]);
}

#[test]
fn every_filter_matches_the_hand_counted_fixtures() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    let (tech, engineering, _) = fixtures(&index);
    let count = |adjust: &dyn Fn(&mut SearchRequest)| {
        let mut all = request("");
        adjust(&mut all);
        run(&index, all).total
    };
    assert_eq!(count(&|_| {}), 6);
    assert_eq!(count(&|r| r.ipc = Some(IpcFilter::parse("B").unwrap())), 3);
    assert_eq!(count(&|r| r.ipc = Some(IpcFilter::parse("G06").unwrap())), 2);
    assert_eq!(count(&|r| r.ipc = Some(IpcFilter::parse("H04W").unwrap())), 1);
    assert_eq!(count(&|r| r.ipc = Some(IpcFilter::parse("B21D 43/00").unwrap())), 1);
    assert_eq!(count(&|r| r.patent_type = Some(catalog::model::patent::PatentType::UtilityModel)), 2);
    assert_eq!(count(&|r| r.university = Some(tech.id.to_string())), 4);
    assert_eq!(count(&|r| r.university = Some("示范工程大学".into())), 2);
    assert_eq!(count(&|r| r.region = Some(RegionCode::parse("420000").unwrap())), 2);
    assert_eq!(count(&|r| r.region = Some(RegionCode::parse("110108").unwrap())), 4);
    assert_eq!(count(&|r| r.industry = Some(IndustryCode::parse("C").unwrap())), 2);
    assert_eq!(count(&|r| r.grade = Some(Grade::A)), 2);
    assert_eq!(count(&|r| r.offer = Some(true)), 2);
    assert_eq!(count(&|r| r.offer = Some(false)), 4);
    assert_eq!(count(&|r| r.fee_model = Some("royalty".into())), 1);
    assert_eq!(count(&|r| r.free_period = Some(true)), 1);
    assert_eq!(count(&|r| r.trial = Some(true)), 1);
    assert_eq!(count(&|r| r.max_cost_fen = Some(0)), 2);
    // utility models expire 2030-04-30, inventions 2040-04-30
    assert_eq!(count(&|r| r.min_remaining_years = Some(5)), 4);
    assert_eq!(count(&|r| r.min_remaining_years = Some(2)), 6);
    assert_eq!(engineering.name, "示范工程大学");
}

#[test]
fn facets_count_the_matching_patents() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    let mut all = request("");
    all.facets = FacetKind::ALL.to_vec();
    let results = run(&index, all);
    let facet = |name: &str| -> Vec<(String, u64)> {
        results.facets[name].iter().map(|count| (count.value.clone(), count.count)).collect()
    };
    let pairs =
        |items: &[(&str, u64)]| -> Vec<(String, u64)> { items.iter().map(|(v, c)| (v.to_string(), *c)).collect() };
    assert_eq!(facet("ipc_section"), pairs(&[("B", 3), ("G", 3), ("H", 3)]));
    assert_eq!(facet("patent_type"), pairs(&[("invention", 4), ("utility_model", 2)]));
    assert_eq!(facet("university"), pairs(&[("示范理工大学", 4), ("示范工程大学", 2)]));
    assert_eq!(facet("region"), pairs(&[("110000", 4), ("420000", 2)]));
    assert_eq!(facet("fee_model"), pairs(&[("free", 1), ("royalty", 1)]));
    assert_eq!(facet("industry"), pairs(&[("39", 4), ("I", 4), ("C", 2)]));
    assert_eq!(
        facet("ipc_class"),
        pairs(&[("G06", 2), ("H04", 2), ("B21", 1), ("B60", 1), ("B64", 1), ("G01", 1), ("H02", 1)])
    );
    assert_eq!(results.facets["ipc_section"][0].label, "作业；运输");
    assert_eq!(results.facets["region"][1].label, "湖北省");

    let mut narrowed = request("");
    narrowed.ipc = Some(IpcFilter::parse("H").unwrap());
    narrowed.facets = vec![FacetKind::University];
    let results = run(&index, narrowed);
    assert_eq!(results.facets["university"].len(), 1);
    assert_eq!(results.facets["university"][0].count, 3);
}

#[test]
fn phrases_match_exact_substrings_and_numbers_find_their_patent() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    assert_eq!(numbers(&run(&index, request("\"单踏板模式\""))), ["CN113156910B"]);
    assert_eq!(numbers(&run(&index, request("\"踏板模\""))), ["CN113156910B"], "any substring, not only words");
    assert!(run(&index, request("\"模式踏板\"")).hits.is_empty());
    assert_eq!(numbers(&run(&index, request("cn215697310u"))), ["CN215697310U"]);
    assert_eq!(numbers(&run(&index, request("title:冲压"))), ["CN215697310U"]);
    assert!(run(&index, request("abstract:无人机")).hits.is_empty(), "无人机 is only in a title");
    let ranked = numbers(&run(&index, request("数据传输 图像识别")));
    assert_eq!(ranked[0], "CN112000001B", "the patent matching both terms ranks first: {ranked:?}");
}

#[test]
fn highlights_wrap_matched_words_and_escape_the_rest() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    let results = run(&index, request("无人机 云服务器"));
    let hit = &results.hits[0];
    assert_eq!(hit.highlights.title.as_deref(), Some("一种<em>无人机</em>机载多功能盒"));
    let abstract_highlight = hit.highlights.abstract_text.as_deref().unwrap();
    assert!(abstract_highlight.contains("<em>云服务器</em>"), "{abstract_highlight}");
    assert!(!abstract_highlight.contains("<b>"));
}

#[test]
fn sorting_by_cost_puts_patents_without_offers_last() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    let mut by_cost = request("");
    by_cost.sort = Sort::Cost;
    by_cost.per_page = 6;
    let results = run(&index, by_cost);
    let with_offer: Vec<bool> = results.hits.iter().map(|hit| hit.patent.offer.is_some()).collect();
    assert_eq!(with_offer, [true, true, false, false, false, false]);
}

#[test]
fn malformed_queries_are_refused_with_a_reason() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    let code = |request: SearchRequest| match index.search(&request, &Boosts::default(), today()) {
        Err(search::Error::InvalidQuery { code, .. }) => code,
        other => panic!("expected an invalid query, got {other:?}"),
    };
    assert_eq!(code(request("\"无人机")), "unbalanced_quote");
    assert_eq!(code(request("color:红")), "unknown_field");
    let mut deep = request("无人机");
    deep.page = 1000;
    deep.per_page = 100;
    assert_eq!(code(deep), "page_too_deep");
}

#[test]
fn every_word_must_match_unless_no_patent_has_them_all() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    // 无人机 is in one title and 云服务器 in the same patent's abstract: only that patent.
    assert_eq!(numbers(&run(&index, request("无人机 云服务器"))), ["CN218751475U"]);
    // No patent has both 冲压 and 无人机: each patent with either word is returned instead.
    let mut any_word = numbers(&run(&index, request("冲压 无人机")));
    any_word.sort();
    assert_eq!(any_word, ["CN215697310U", "CN218751475U"]);
}

#[test]
fn highlighting_survives_words_cut_by_the_snippet_boundary() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    let owner = organization("示范工程大学", "420111", &["C"]);
    // The same words at every offset, so some snippet window starts or ends inside one of the
    // overlapping search-mode words (球墨 / 铸铁 / 球墨铸铁).
    let mut documents = Vec::new();
    for padding in 0..60 {
        let text = format!(
            "{}本发明制得的球墨铸铁件有效降低白口倾向，提高铸件的稳定性，增强球墨铸铁件的耐高温性能以及抗蠕变性能，{}",
            "钢".repeat(padding),
            "工艺流程简单、工序少、节约成本。".repeat(6)
        );
        let number = format!("CN{:09}B", 120_000_000 + padding);
        let patent = patent(&owner, &number, "一种耐高温的球墨铸铁及其制备方法", &text, &["C22C 37/04"], None);
        documents.push((patent.id, Some(document(&index.fields(), &patent, &owner, None))));
    }
    index.apply(documents, 60).unwrap();
    let mut query = request("耐高温 球墨铸铁 及其");
    query.per_page = 50;
    for page in 1..=2 {
        query.page = page;
        let results = run(&index, query.clone());
        for hit in &results.hits {
            let snippet = hit.highlights.abstract_text.as_deref().unwrap_or_default();
            assert_eq!(snippet.matches("<em>").count(), snippet.matches("</em>").count(), "{snippet}");
            assert!(!snippet.contains("<em></em>"), "{snippet}");
        }
    }
}

#[test]
fn any_word_totals_are_exact_up_to_the_limit_and_otherwise_always() {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), jieba()).unwrap();
    fixtures(&index);
    // No patent has 方法 and 冲压 together, so any-word matching applies. Five match: 方法 is in
    // four titles (实施方法, 控制方法, 识别方法, 测试装置及方法), 冲压 in one.
    let mut capped = request("方法 冲压");
    capped.total_limit = Some(4);
    let results = run(&index, capped.clone());
    assert_eq!((results.total, results.total_exact), (4, false), "five match; counting stopped at four");
    capped.total_limit = Some(5);
    let results = run(&index, capped.clone());
    assert_eq!((results.total, results.total_exact), (5, true));
    capped.total_limit = Some(2);
    capped.facets = vec![FacetKind::PatentType];
    let results = run(&index, capped);
    assert_eq!((results.total, results.total_exact), (5, true), "with facets every match is counted");
    let mut all_words = request("");
    all_words.total_limit = Some(1);
    assert_eq!(run(&index, all_words).total, 6, "without any-word ranking the count comes with the page");
}
