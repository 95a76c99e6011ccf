//! Search over HTTP: freshness after writes, filters and facets, phrases, numbers, highlights,
//! bad queries, and two servers on one database.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Account, TestApp, eligible_patent, spawn_app, spawn_peer};

/// Seven real patents (titles and numbers from the demo sample) over two universities in two
/// provinces, with hand-counted facets: 理工 (北京海淀) 4, 工程 (湖北洪山) 3; invention 4,
/// utility model 3; IPC sections A 1, B 4, G 2, H 2 (two patents carry two sections).
const FIXTURES_TECH: &str = r#"{"publication_number": "CN114081026A", "title": "一种水电站高压输电线路驱鸟保护装置", "ipc_codes": ["A01M", "H02G"], "application_date": "2021-11-18"}
{"publication_number": "CN114221328A", "title": "电子厂房电源保障系统实施方法", "ipc_codes": ["H02J 9/06"]}
{"publication_number": "CN113156910A", "title": "停车控制方法及装置、整车控制器、新能源车辆", "abstract": "判断单踏板模式是否激活；在单踏板模式被激活的情况下控制车辆停车。", "ipc_codes": ["B60T 1/10", "G06F"]}
{"publication_number": "CN218751475U", "title": "一种无人机机载多功能盒", "abstract": "多功能盒内设置有CPU模块和通信模块，可将数据直接发送到云服务器进行实时分析。", "ipc_codes": ["B64U 20/80"], "grade": "A"}
"#;
const FIXTURES_ENGINEERING: &str = r#"{"publication_number": "CN215697310U", "title": "一种冲压固定装置", "ipc_codes": ["B21D 43/00"], "grade": "A"}
{"publication_number": "CN215667380U", "title": "一种废水循环利用的自动洗车装置", "ipc_codes": ["B60S", "C02F"]}
{"publication_number": "CN108982325A", "title": "地下防污屏障材料化学相容性测试装置及方法", "ipc_codes": ["G01N 15/08"]}
"#;

async fn fixtures(app: &TestApp) -> (Account, Account) {
    let tech = app.register_in("university", "示范理工大学", "110108").await;
    let engineering = app.register_in("university", "示范工程大学", "420111").await;
    for (account, file) in [(&tech, FIXTURES_TECH), (&engineering, FIXTURES_ENGINEERING)] {
        let (status, report) = app
            .post_raw("/api/v1/patents/import", &account.token, "application/x-ndjson", file.as_bytes().to_vec())
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["rejected"], json!([]), "{report}");
    }
    app.wait_for_index().await;
    (tech, engineering)
}

fn numbers(body: &Value) -> Vec<&str> {
    body["hits"].as_array().unwrap().iter().map(|hit| hit["patent"]["publication_number"].as_str().unwrap()).collect()
}

fn facet(body: &Value, name: &str) -> Vec<(String, u64)> {
    body["facets"][name]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (entry["value"].as_str().unwrap().to_string(), entry["count"].as_u64().unwrap()))
        .collect()
}

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(value, count)| (value.to_string(), *count)).collect()
}

#[tokio::test]
async fn a_new_patent_is_searchable_and_edits_follow_it() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let id = app.create_patent(&university, eligible_patent()).await;
    app.wait_for_index().await;
    let (status, body) = app.search(&[("q", "冲压")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(numbers(&body), ["CN215697310U"]);
    assert_eq!(body["hits"][0]["patent"]["id"], id.as_str());
    assert_eq!(body["hits"][0]["patent"]["organization_name"], "示范工程大学");

    let patch = json!({"title": "一种钣金折弯夹具"});
    app.patch(&format!("/api/v1/patents/{id}"), &university.token, patch).await;
    app.wait_for_index().await;
    assert_eq!(app.search(&[("q", "冲压")]).await.1["total"], 0, "the old title is gone from the index");
    assert_eq!(numbers(&app.search(&[("q", "折弯夹具")]).await.1), ["CN215697310U"]);
}

/// Query-string pairs.
type Query<'a> = &'a [(&'a str, &'a str)];

async fn total(app: &TestApp, query: &[(&str, &str)]) -> u64 {
    app.search(query).await.1["total"].as_u64().unwrap()
}

#[tokio::test]
async fn every_filter_and_facet_matches_the_hand_counted_fixtures() {
    let app = spawn_app().await;
    let (tech, _) = fixtures(&app).await;
    assert_eq!(total(&app, &[]).await, 7);
    assert_eq!(total(&app, &[("ipc", "B")]).await, 4);
    assert_eq!(total(&app, &[("ipc", "B60")]).await, 2);
    assert_eq!(total(&app, &[("ipc", "H02J")]).await, 1);
    assert_eq!(total(&app, &[("ipc", "B21D 43/00")]).await, 1);
    assert_eq!(total(&app, &[("patent_type", "utility_model")]).await, 3);
    assert_eq!(total(&app, &[("university", &tech.organization_id)]).await, 4);
    assert_eq!(total(&app, &[("university", "示范工程大学")]).await, 3);
    assert_eq!(total(&app, &[("region", "420000")]).await, 3);
    assert_eq!(total(&app, &[("region", "110108")]).await, 4);
    assert_eq!(total(&app, &[("industry", "C")]).await, 7);
    assert_eq!(total(&app, &[("grade", "A")]).await, 2);
    assert_eq!(total(&app, &[("offer", "true")]).await, 0, "no offers exist before licensing");
    assert_eq!(total(&app, &[("offer", "false")]).await, 7);
    // 装置 is in five titles: 驱鸟保护装置, 停车控制方法及装置, 冲压固定装置, 自动洗车装置, 测试装置及方法
    assert_eq!(total(&app, &[("q", "装置")]).await, 5);
    assert_eq!(total(&app, &[("q", "装置"), ("patent_type", "utility_model")]).await, 2);

    let (_, body) = app.search(&[("facets", "all")]).await;
    assert_eq!(facet(&body, "ipc_section"), pairs(&[("B", 4), ("G", 2), ("H", 2), ("A", 1), ("C", 1)]));
    assert_eq!(facet(&body, "patent_type"), pairs(&[("invention", 4), ("utility_model", 3)]));
    assert_eq!(facet(&body, "university"), pairs(&[("示范理工大学", 4), ("示范工程大学", 3)]));
    assert_eq!(facet(&body, "region"), pairs(&[("110000", 4), ("420000", 3)]));
    assert_eq!(facet(&body, "fee_model"), pairs(&[]));
    assert_eq!(body["facets"]["region"][1]["label"], "湖北省");
    assert_eq!(body["facets"]["patent_type"][1]["label"], "实用新型");
    let (_, narrowed) = app.search(&[("q", "装置"), ("facets", "university,ipc_class")]).await;
    assert_eq!(facet(&narrowed, "university"), pairs(&[("示范工程大学", 3), ("示范理工大学", 2)]));
}

#[tokio::test]
async fn phrases_numbers_and_highlights_work_over_http() {
    let app = spawn_app().await;
    fixtures(&app).await;
    assert_eq!(numbers(&app.search(&[("q", "\"单踏板模式\"")]).await.1), ["CN113156910A"]);
    assert_eq!(numbers(&app.search(&[("q", "CN215667380U")]).await.1), ["CN215667380U"]);
    assert_eq!(numbers(&app.search(&[("q", "title:洗车")]).await.1), ["CN215667380U"]);

    let (_, body) = app.search(&[("q", "无人机 云服务器")]).await;
    assert_eq!(numbers(&body)[0], "CN218751475U");
    assert_eq!(body["hits"][0]["highlights"]["title"], "一种<em>无人机</em>机载多功能盒");
    assert!(body["hits"][0]["highlights"]["abstract"].as_str().unwrap().contains("<em>云服务器</em>"));
    let (_, plain) = app.search(&[("q", "无人机"), ("highlight", "false")]).await;
    assert_eq!(plain["hits"][0]["highlights"], json!({"title": null, "abstract": null}));

    let (_, page_two) = app.search(&[("q", "装置"), ("per_page", "2"), ("page", "2")]).await;
    assert_eq!(page_two["total"], 5);
    assert_eq!(page_two["hits"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_queries_are_400_problems_that_say_what_is_wrong() {
    let app = spawn_app().await;
    let (status, body) = app.search(&[("q", "\"无人机")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({
            "type": "urn:kaixu:problem:invalid_search_query", "title": "搜索条件无效", "status": 400,
            "detail": "引号不成对：短语请用一对英文双引号括起，例如 \"数据传输\"", "code": "invalid_search_query",
            "errors": [{"field": "q", "code": "unbalanced_quote", "message": "引号不成对：短语请用一对英文双引号括起，例如 \"数据传输\""}]
        })
    );
    let cases: [(Query, &str, &str); 8] = [
        (&[("q", "owner:华为")], "invalid_search_query", "unknown_field"),
        (&[("per_page", "1000")], "malformed_query", "out_of_range"),
        (&[("page", "400"), ("per_page", "50")], "invalid_search_query", "page_too_deep"),
        (&[("ipc", "Z99")], "invalid_search_query", "invalid"),
        (&[("region", "北京")], "invalid_search_query", "invalid"),
        (&[("sort", "price")], "invalid_search_query", "invalid"),
        (&[("facets", "colour")], "invalid_search_query", "invalid"),
        (&[("fee_model", "barter")], "invalid_search_query", "invalid"),
    ];
    for (query, code, field_code) in cases {
        let (status, body) = app.search(query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query:?}");
        assert_eq!(body["code"], code, "{query:?}: {body}");
        assert_eq!(body["errors"][0]["code"], field_code, "{query:?}: {body}");
    }
    let (status, body) = app.search(&[("colour", "red")]).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_query")));
    let (status, body) = app.search(&[("q", &"长".repeat(300))]).await;
    assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::BAD_REQUEST, json!("query_too_long")));
}

#[tokio::test]
async fn two_servers_on_one_database_converge() {
    let first = spawn_app().await;
    let second = spawn_peer(&first).await;
    let university = first.university("示范工程大学").await;
    first.create_patent(&university, eligible_patent()).await;
    second.wait_for_index().await;
    assert_eq!(
        numbers(&second.search(&[("q", "冲压")]).await.1),
        ["CN215697310U"],
        "written through one, found through the other"
    );

    let login = second.login(&university.email, crate::support::PASSWORD).await;
    let mut other = eligible_patent();
    other["publication_number"] = json!("CN215667380U");
    other["title"] = json!("一种废水循环利用的自动洗车装置");
    second.create_patent(&login, other).await;
    first.wait_for_index().await;
    second.wait_for_index().await;
    for app in [&first, &second] {
        let (_, body) = app.search(&[]).await;
        assert_eq!(body["total"], 2);
    }
}

#[tokio::test]
async fn a_change_committed_into_a_passed_over_hole_is_still_indexed() {
    // Holes arise on PostgreSQL only, where a transaction can take a feed position and commit
    // after a later one; SQLite's single writer hands out positions in commit order. This test
    // exercises the PostgreSQL run of the suite.
    if crate::support::requested_backend() != "postgres" {
        return;
    }
    let app = crate::support::spawn_app_with(|settings| settings.search.gap_grace_seconds = 0).await;
    let university = app.university("示范工程大学").await;
    let id = app.create_patent(&university, eligible_patent()).await;
    app.wait_for_index().await;

    // A slow writer renames the patent and takes its feed position, but does not commit yet.
    let slow = sea_orm::Database::connect(app.settings.database_url()).await.unwrap();
    let transaction = sea_orm::TransactionTrait::begin(&slow).await.unwrap();
    let rename = format!("UPDATE patents SET title = '一种延迟提交的钣金夹具' WHERE id = '{id}'");
    sea_orm::ConnectionTrait::execute_unprepared(&transaction, &rename).await.unwrap();
    let patent_id: catalog::model::ids::PatentId = id.parse().unwrap();
    catalog::service::feed::append_changes(&transaction, &[patent_id]).await.unwrap();

    // A later write commits first; the follower passes over the open position to apply it.
    let mut other = eligible_patent();
    other["publication_number"] = json!("CN215667380U");
    other["title"] = json!("一种废水循环利用的自动洗车装置");
    app.create_patent(&university, other).await;
    app.wait_for_index().await;
    assert_eq!(app.search(&[("q", "洗车")]).await.1["total"], 1);

    transaction.commit().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if app.search(&[("q", "延迟提交")]).await.1["total"] == 1 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the late change was lost");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
