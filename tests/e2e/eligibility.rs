//! Legal-status events and each eligibility rule of design §2.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Account, TestApp, eligible_patent, spawn_app};

async fn failing_codes(app: &TestApp, account: &Account, id: &str) -> Vec<String> {
    let (status, body) = app.get(&format!("/api/v1/patents/{id}/eligibility"), &account.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["eligible"], body["failures"].as_array().unwrap().is_empty());
    body["failures"].as_array().unwrap().iter().map(|failure| failure["code"].as_str().unwrap().to_string()).collect()
}

async fn record(app: &TestApp, account: &Account, id: &str, event: Value) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/patents/{id}/events"), &account.token, event).await
}

async fn record_ok(app: &TestApp, account: &Account, id: &str, event: Value) {
    let (status, body) = record(app, account, id, event).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn setup(patent: Value) -> (TestApp, Account, String) {
    let app = spawn_app().await;
    let university = app.university("示范工程大学").await;
    let id = app.create_patent(&university, patent).await;
    (app, university, id)
}

#[tokio::test]
async fn a_granted_documented_patent_is_eligible_with_no_failures() {
    let (app, university, id) = setup(eligible_patent()).await;
    let (_, body) = app.get(&format!("/api/v1/patents/{id}/eligibility"), &university.token).await;
    assert_eq!(body["eligible"], true);
    assert_eq!(body["failures"], json!([]));
    assert_eq!(body["patent_id"], id.as_str());
}

#[tokio::test]
async fn rule_1_an_application_is_eligible_only_after_its_grant_event() {
    let mut patent = eligible_patent();
    patent["publication_number"] = json!("CN114081026A");
    patent["patent_type"] = json!("invention");
    patent["grant_date"] = Value::Null;
    let (app, university, id) = setup(patent).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["not_granted"]);
    record_ok(&app, &university, &id, json!({"kind": "grant", "occurred_on": "2023-02-01"})).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
    let (_, patent) = app.get(&format!("/api/v1/patents/{id}"), &university.token).await;
    assert_eq!(patent["grant_date"], "2023-02-01");
}

#[tokio::test]
async fn rule_1_invalidated_expired_or_unknown_term_patents_are_not_eligible() {
    let (app, university, id) = setup(eligible_patent()).await;
    record_ok(&app, &university, &id, json!({"kind": "invalidation", "occurred_on": "2024-05-01"})).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["not_in_force"]);

    let mut old = eligible_patent();
    old["publication_number"] = json!("CN1141661B");
    old["patent_type"] = json!("invention");
    old["application_date"] = json!("2000-01-01");
    old["grant_date"] = json!("2003-01-01");
    let old_id = app.create_patent(&university, old).await;
    assert_eq!(failing_codes(&app, &university, &old_id).await, ["no_remaining_term"]);

    let mut undated = eligible_patent();
    undated["publication_number"] = json!("CN215667380U");
    undated["application_date"] = Value::Null;
    let undated_id = app.create_patent(&university, undated).await;
    assert_eq!(failing_codes(&app, &university, &undated_id).await, ["term_unknown"]);
}

#[tokio::test]
async fn rule_2_a_utility_model_needs_its_evaluation_report() {
    let mut patent = eligible_patent();
    patent["evaluation_report_ref"] = Value::Null;
    let (app, university, id) = setup(patent).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["evaluation_report_missing"]);
    let patch = json!({"evaluation_report_ref": "PJ2023-0420"});
    let (status, _) = app.patch(&format!("/api/v1/patents/{id}"), &university.token, patch).await;
    assert_eq!(status, StatusCode::OK);
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn rule_3_an_exclusive_or_sole_license_blocks_until_it_ends() {
    let (app, university, id) = setup(eligible_patent()).await;
    let event = json!({"kind": "exclusive_license", "occurred_on": "2024-01-01", "license_kind": "sole", "licensee": "某制造公司"});
    record_ok(&app, &university, &id, event.clone()).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["exclusive_license_in_force"]);
    let (status, error) = record(&app, &university, &id, event).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["errors"][0]["code"], "exclusive_license_in_force");
    record_ok(&app, &university, &id, json!({"kind": "exclusive_license_end", "occurred_on": "2025-01-01"})).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn rule_4_disputes_and_preservations_block_until_released() {
    let (app, university, id) = setup(eligible_patent()).await;
    record_ok(&app, &university, &id, json!({"kind": "ownership_dispute", "occurred_on": "2025-01-01"})).await;
    record_ok(&app, &university, &id, json!({"kind": "preservation", "occurred_on": "2025-01-02"})).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["ownership_dispute", "court_preservation"]);
    record_ok(&app, &university, &id, json!({"kind": "dispute_resolved", "occurred_on": "2025-03-01"})).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["court_preservation"]);
    record_ok(&app, &university, &id, json!({"kind": "preservation_release", "occurred_on": "2025-03-02"})).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn rule_5_overdue_annual_fees_block_until_paid() {
    let (app, university, id) = setup(eligible_patent()).await;
    record_ok(&app, &university, &id, json!({"kind": "annual_fee_overdue", "occurred_on": "2025-07-01"})).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["annual_fee_overdue"]);
    record_ok(&app, &university, &id, json!({"kind": "annual_fee_paid", "occurred_on": "2025-08-01"})).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn rule_6_a_pledge_blocks_until_the_pledgee_consents_or_it_is_released() {
    let (app, university, id) = setup(eligible_patent()).await;
    let pledge =
        json!({"kind": "pledge", "occurred_on": "2025-01-01", "pledgee": "某商业银行", "pledgee_consent": false});
    record_ok(&app, &university, &id, pledge).await;
    assert_eq!(failing_codes(&app, &university, &id).await, ["pledged_without_consent"]);
    record_ok(&app, &university, &id, json!({"kind": "pledgee_consent", "occurred_on": "2025-02-01"})).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
    record_ok(&app, &university, &id, json!({"kind": "pledge_release", "occurred_on": "2025-06-01"})).await;
    let consented =
        json!({"kind": "pledge", "occurred_on": "2025-07-01", "pledgee": "另一银行", "pledgee_consent": true});
    record_ok(&app, &university, &id, consented).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn rule_7_every_co_owner_must_consent() {
    let mut patent = eligible_patent();
    patent["co_owners"] = json!([{"name": "某研究院", "consent": true}, {"name": "某科技公司", "consent": false}]);
    let (app, university, id) = setup(patent).await;
    let (_, body) = app.get(&format!("/api/v1/patents/{id}/eligibility"), &university.token).await;
    assert_eq!(
        body["failures"],
        json!([{"rule": 7, "code": "co_owner_consent_missing", "message": "以下共有人尚未同意开放许可：某科技公司"}])
    );
    let patch = json!({"co_owners": [{"name": "某研究院", "consent": true}, {"name": "某科技公司", "consent": true}]});
    app.patch(&format!("/api/v1/patents/{id}"), &university.token, patch).await;
    assert!(failing_codes(&app, &university, &id).await.is_empty());
}

#[tokio::test]
async fn every_failing_rule_is_reported_at_once() {
    let mut patent = eligible_patent();
    patent["evaluation_report_ref"] = Value::Null;
    patent["co_owners"] = json!([{"name": "某科技公司"}]);
    let (app, university, id) = setup(patent).await;
    record_ok(&app, &university, &id, json!({"kind": "annual_fee_overdue", "occurred_on": "2025-07-01"})).await;
    record_ok(&app, &university, &id, json!({"kind": "pledge", "occurred_on": "2025-07-02", "pledgee": "某银行"}))
        .await;
    assert_eq!(
        failing_codes(&app, &university, &id).await,
        ["evaluation_report_missing", "annual_fee_overdue", "pledged_without_consent", "co_owner_consent_missing"]
    );
}

#[tokio::test]
async fn a_contradictory_event_returns_409_and_records_nothing() {
    let (app, university, id) = setup(eligible_patent()).await;
    let (status, error) =
        record(&app, &university, &id, json!({"kind": "pledge_release", "occurred_on": "2025-01-01"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error,
        json!({
            "type": "urn:kaixu:problem:event_not_applicable",
            "title": "法律状态事件与专利当前状态冲突",
            "status": 409,
            "detail": "该专利未处于质押状态",
            "code": "event_not_applicable",
            "errors": [{"field": "kind", "code": "not_pledged", "message": "该专利未处于质押状态"}]
        })
    );
    let (status, history) = app.get(&format!("/api/v1/patents/{id}/events"), &university.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history, json!([]));
}

#[tokio::test]
async fn malformed_events_are_refused_with_the_field_named() {
    let (app, university, id) = setup(eligible_patent()).await;
    let cases = [
        (json!({"kind": "seizure", "occurred_on": "2025-01-01"}), "kind", "invalid"),
        (json!({"kind": "pledge", "occurred_on": "2025-01-01"}), "pledgee", "required"),
        (json!({"kind": "grant", "occurred_on": "2099-01-01"}), "occurred_on", "date_in_future"),
        (
            json!({"kind": "annual_fee_paid", "occurred_on": "2025-01-01", "pledgee": "某银行"}),
            "pledgee",
            "not_applicable",
        ),
        (
            json!({"kind": "exclusive_license", "occurred_on": "2025-01-01", "licensee": "某公司", "license_kind": "open"}),
            "license_kind",
            "invalid",
        ),
    ];
    for (event, field, code) in cases {
        let (status, error) = record(&app, &university, &id, event.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{event}");
        assert_eq!(error["errors"][0]["field"], field, "{event}: {error}");
        assert_eq!(error["errors"][0]["code"], code, "{event}: {error}");
    }
}

#[tokio::test]
async fn events_are_kept_as_history_and_operators_may_record_them() {
    let (app, university, id) = setup(eligible_patent()).await;
    let operator = app.operator().await;
    record_ok(
        &app,
        &operator,
        &id,
        json!({"kind": "annual_fee_overdue", "occurred_on": "2025-07-01", "note": "年费缴纳期限届满"}),
    )
    .await;
    record_ok(&app, &university, &id, json!({"kind": "annual_fee_paid", "occurred_on": "2025-07-20"})).await;
    let (_, history) = app.get(&format!("/api/v1/patents/{id}/events"), &university.token).await;
    let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|event| event["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["annual_fee_overdue", "annual_fee_paid"]);
    assert_eq!(history[0]["label"], "年费逾期");
    assert_eq!(history[0]["note"], "年费缴纳期限届满");
    assert_eq!(history[0]["recorded_by"], operator.user_id.as_str());
}

#[tokio::test]
async fn a_transfer_to_another_university_moves_the_patent() {
    let (app, university, id) = setup(eligible_patent()).await;
    let buyer = app.university("示范理工大学").await;
    let transfer = json!({
        "kind": "transfer", "occurred_on": "2025-09-01",
        "assignee_name": "示范理工大学", "assignee_organization_id": buyer.organization_id
    });
    record_ok(&app, &university, &id, transfer).await;
    let (status, _) = app.get(&format!("/api/v1/patents/{id}"), &university.token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the former owner no longer sees it");
    let (status, moved) = app.get(&format!("/api/v1/patents/{id}"), &buyer.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["organization_id"], buyer.organization_id.as_str());

    let (status, error) = record(
        &app,
        &buyer,
        &id,
        json!({
            "kind": "transfer", "occurred_on": "2025-10-01", "assignee_name": "外部公司",
            "assignee_organization_id": uuid::Uuid::new_v4()
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["errors"][0]["field"], "assignee_organization_id");

    record_ok(&app, &buyer, &id, json!({"kind": "transfer", "occurred_on": "2025-10-01", "assignee_name": "外部公司"}))
        .await;
    assert_eq!(failing_codes(&app, &buyer, &id).await, ["not_in_force"]);
}
