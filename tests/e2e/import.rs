//! Bulk import in JSONL, CSV and XLSX: good, bad and repeated files.

use reqwest::StatusCode;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};

use crate::support::{Account, TestApp, problem, spawn_app, spawn_app_with};

const JSONL: &str = "application/x-ndjson";
const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The real sample that `kaixu demo` loads.
const DEMO_SAMPLE: &str = include_str!("../../data/demo/patents.jsonl");

async fn import(app: &TestApp, account: &Account, content_type: &str, body: impl Into<Vec<u8>>) -> (StatusCode, Value) {
    app.post_raw("/api/v1/patents/import", &account.token, content_type, body.into()).await
}

async fn total(app: &TestApp, account: &Account) -> u64 {
    let (_, list) = app.get("/api/v1/patents?per_page=1", &account.token).await;
    list["total"].as_u64().unwrap()
}

fn demo_lines(count: usize) -> String {
    DEMO_SAMPLE.lines().take(count).map(|line| format!("{line}\n")).collect()
}

#[tokio::test]
async fn the_real_demo_sample_imports_completely() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let (status, report) = import(&app, &university, JSONL, DEMO_SAMPLE).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let lines = DEMO_SAMPLE.lines().count() as u64;
    assert_eq!(report["rows"], lines);
    assert_eq!(report["imported"], lines);
    assert_eq!(report["rejected"], json!([]));
    assert_eq!(total(&app, &university).await, lines);
}

#[tokio::test]
async fn jsonl_rows_are_kept_or_rejected_with_line_field_and_reason() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let mut file = demo_lines(3);
    file.push('\n'); // blank lines are skipped
    file.push_str(r#"{"publication_number": "CN12A", "title": "一种装置"}"#);
    file.push('\n');
    file.push_str(
        r#"{"publication_number": "CN215697310U", "title": "一种装置", "ipc_codes": ["B21D"], "color": "red"}"#,
    );
    file.push('\n');
    file.push_str(&demo_lines(1)); // the first row again
    let (status, report) = import(&app, &university, JSONL, file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"], 6);
    assert_eq!(report["imported"], 3);
    let first_number =
        serde_json::from_str::<Value>(DEMO_SAMPLE.lines().next().unwrap()).unwrap()["publication_number"].clone();
    assert_eq!(
        report["rejected"],
        json!([
            {"line": 5, "field": "publication_number", "code": "invalid_publication_number", "message": "公开号的数字部分应为 7 至 9 位，例如 CN114081026A"},
            {"line": 6, "field": "color", "code": "invalid_value", "message": format!("字段值无效：unknown field `color`, expected one of `publication_number`, `application_number`, `title`, `abstract`, `claims`, `ipc_codes`, `applicants`, `co_owners`, `patent_type`, `application_date`, `grant_date`, `legal_status`, `state_funded`, `evaluation_report_ref`, `grade`, `last_implemented_on`, `keywords`, `source`")},
            {"line": 7, "field": "publication_number", "code": "duplicate_in_file", "message": format!("公开号 {} 在文件第 1 行已出现", first_number.as_str().unwrap())}
        ])
    );
    assert_eq!(total(&app, &university).await, 3);
}

#[tokio::test]
async fn reimporting_updates_what_changed_and_never_duplicates() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let file = demo_lines(20);
    let (_, first) = import(&app, &university, JSONL, file.clone()).await;
    assert_eq!(first["imported"], 20);

    let (_, again) = import(&app, &university, JSONL, file.clone()).await;
    assert_eq!(
        (again["imported"].clone(), again["updated"].clone(), again["unchanged"].clone()),
        (json!(0), json!(0), json!(20))
    );

    let mut lines: Vec<Value> = file.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    lines[0]["title"] = json!("一种改进的水电站高压输电线路驱鸟保护装置");
    lines[1]["grade"] = json!("B");
    let changed: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let (_, updated) = import(&app, &university, JSONL, changed).await;
    assert_eq!((updated["updated"].clone(), updated["unchanged"].clone()), (json!(2), json!(18)));
    assert_eq!(total(&app, &university).await, 20);
    let (_, list) = app.get("/api/v1/patents?q=改进的水电站", &university.token).await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn a_reimport_cannot_take_another_universitys_patent_or_change_legal_status() {
    let app = spawn_app().await;
    let owner = app.university("示范工程大学").await;
    let other = app.university("示范理工大学").await;
    let row = r#"{"publication_number": "CN215697310U", "title": "一种冲压固定装置", "legal_status": "valid"}"#;
    import(&app, &owner, JSONL, format!("{row}\n")).await;

    let (_, report) = import(&app, &other, JSONL, format!("{row}\n")).await;
    assert_eq!(report["imported"], 0);
    assert_eq!(report["rejected"][0]["code"], "owned_by_another_organization");

    let expired = r#"{"publication_number": "CN215697310U", "title": "一种冲压固定装置", "legal_status": "expired"}"#;
    let (_, report) = import(&app, &owner, JSONL, format!("{expired}\n")).await;
    assert_eq!(report["rejected"][0]["field"], "legal_status");
    assert_eq!(report["rejected"][0]["code"], "changes_by_event");
    let (_, list) = app.get("/api/v1/patents", &owner.token).await;
    assert_eq!(list["items"][0]["legal_status"], "valid");
}

#[tokio::test]
async fn csv_with_chinese_headers_imports_lists_and_consents() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let csv = "\u{feff}公开号,申请号,名称,IPC分类号,申请人,共有人,专利类型,申请日,授权日,是否财政资助,评价报告编号,分级\n\
        CN215697310U,CN202121234567.8,一种冲压固定装置,B21D43/00;B21D 45/02,示范工程大学,某研究院(同意);某公司,实用新型,2021/06/15,2022-01-28,是,PJ2022-0001,B\n\
        CN114081026A,,一种水电站高压输电线路驱鸟保护装置,A01M;H02G,,,发明,20211118,,否,,\n\
        CN000000001X,,坏行,B21D,,,,,,也许,,\n";
    let (status, report) = import(&app, &university, "text/csv; charset=utf-8", csv).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 2);
    assert_eq!(report["rejected"][0]["line"], 4);
    assert_eq!(report["rejected"][0]["field"], "state_funded");

    let (_, list) = app.get("/api/v1/patents?state_funded=true", &university.token).await;
    assert_eq!(list["total"], 1);
    let patent = &list["items"][0];
    assert_eq!(patent["ipc_codes"], json!(["B21D 43/00", "B21D 45/02"]));
    assert_eq!(
        patent["co_owners"],
        json!([{"name": "某研究院", "consent": true}, {"name": "某公司", "consent": false}])
    );
    assert_eq!(patent["application_date"], "2021-06-15");
    assert_eq!(patent["grade"], "B");

    let (_, again) = import(&app, &university, CSV, csv).await;
    assert_eq!(
        (again["imported"].clone(), again["updated"].clone(), again["unchanged"].clone()),
        (json!(0), json!(0), json!(2))
    );
    assert_eq!(total(&app, &university).await, 2);
}

fn workbook_bytes(rows: &[[&str; 4]], with_date_cells: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["publication_number", "title", "ipc_codes", "application_date"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (index, row) in rows.iter().enumerate() {
        let line = index as u32 + 1;
        for (column, value) in row.iter().enumerate().take(3) {
            sheet.write_string(line, column as u16, *value).unwrap();
        }
        if with_date_cells && !row[3].is_empty() {
            let date = ExcelDateTime::parse_from_str(row[3]).unwrap();
            sheet.write_datetime_with_format(line, 3, &date, &date_format).unwrap();
        } else {
            sheet.write_string(line, 3, row[3]).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[tokio::test]
async fn xlsx_imports_with_real_date_cells_and_reports_bad_rows() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let bytes = workbook_bytes(
        &[
            ["CN215697310U", "一种冲压固定装置", "B21D 43/00", "2021-06-15"],
            ["CN114081026A", "一种水电站高压输电线路驱鸟保护装置", "A01M;H02G", "2021-11-18"],
            ["CN215667380U", "一种废水循环利用的自动洗车装置", "B60S 3/04; C02F", ""],
            ["CN215667381U", "", "B60S", ""],
        ],
        true,
    );
    let (status, report) = import(&app, &university, XLSX, bytes.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 3);
    let (_, again) = import(&app, &university, XLSX, bytes).await;
    assert_eq!((again["imported"].clone(), again["unchanged"].clone()), (json!(0), json!(3)));
    assert_eq!(total(&app, &university).await, 3);
    assert_eq!(
        report["rejected"],
        json!([{"line": 5, "field": "title", "code": "required", "message": "title 为必填项"}])
    );
    let (_, list) = app.get("/api/v1/patents?ipc=B21D", &university.token).await;
    assert_eq!(list["items"][0]["application_date"], "2021-06-15", "the date cell is read as a date");
    assert_eq!(list["items"][0]["expiry_date"], "2031-06-14");
}

#[tokio::test]
async fn malformed_files_are_refused_whole_and_import_nothing() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;

    let broken_jsonl = format!("{}{{\"publication_number\": \"CN215697310U\", \n", demo_lines(2));
    let (status, error) = import(&app, &university, JSONL, broken_jsonl).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "import_malformed");
    assert!(error["detail"].as_str().unwrap().starts_with("第 3 行：不是有效的 JSON"), "{error}");

    let ragged_csv = "publication_number,title\nCN215697310U,一种冲压固定装置\nCN114081026A,一种装置,多余\n";
    let (status, error) = import(&app, &university, CSV, ragged_csv).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error,
        problem(400, "import_malformed", "导入文件格式错误", "第 3 行：该行有 3 列，表头有 2 列；文件未导入任何记录")
    );

    let unknown_columns = "序号,publication_number,title\n1,CN215697310U,一种冲压固定装置\n";
    let (status, error) = import(&app, &university, CSV, unknown_columns).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "import_unknown_columns");
    assert!(
        error["detail"].as_str().unwrap().starts_with("无法识别的列：序号；可用的列为：publication_number"),
        "{error}"
    );

    let (status, error) = import(&app, &university, XLSX, b"PK\x03\x04 not really a workbook".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "import_malformed");

    let latin1_csv = b"publication_number,title\nCN215697310U,\xd2\xbb\xd6\xd6\n".to_vec();
    let (status, error) = import(&app, &university, CSV, latin1_csv).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "import_malformed");

    assert_eq!(total(&app, &university).await, 0);
}

#[tokio::test]
async fn imports_need_a_known_format_a_university_and_a_bounded_body() {
    let app = spawn_app_with(|settings| settings.server.import_limit_bytes = 64 * 1024).await;
    let university = app.university("示范工程大学").await;
    let enterprise = app.enterprise("示范智能装备有限公司").await;

    let (status, error) = import(&app, &university, "application/pdf", demo_lines(1)).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error["code"], "unsupported_media_type");

    let operator = app.operator().await;
    for account in [&enterprise, &operator] {
        let (status, error) = import(&app, account, JSONL, demo_lines(1)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(error["code"], "forbidden_role");
    }

    let (status, error) = import(&app, &university, JSONL, DEMO_SAMPLE).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["code"], "payload_too_large");
    assert_eq!(error["type"], "urn:kaixu:problem:payload_too_large");
    assert_eq!(total(&app, &university).await, 0);
}

#[tokio::test]
async fn concurrent_imports_of_the_same_rows_never_duplicate_or_fail_with_500() {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let file = demo_lines(1500);
    let (first, second) =
        tokio::join!(import(&app, &university, JSONL, file.clone()), import(&app, &university, JSONL, file));
    let mut imported = 0;
    for (status, report) in [first, second] {
        match status {
            StatusCode::OK => imported += report["imported"].as_u64().unwrap(),
            StatusCode::CONFLICT => assert_eq!(report["code"], "concurrent_write", "{report}"),
            other => panic!("unexpected {other}: {report}"),
        }
    }
    assert_eq!(imported, 1500, "exactly one import wrote the rows");
    assert_eq!(total(&app, &university).await, 1500);
}
