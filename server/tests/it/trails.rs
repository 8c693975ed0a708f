//! Accountability: the audit log of administration and sign-ins, the access log of personal
//! data with its reviews, who may read them, and that nobody can change them.

use app::api::ReviewInput;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, TestApp};
use crate::complainant::upload;

const JPG: &[u8] = include_bytes!("../fixtures/gps.jpg");

fn actions(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn administration_and_sign_ins_are_on_the_audit_log_with_before_and_after() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let wrong = app.post("/api/v1/session", json!({"username": "admin", "password": "not-it"}), None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let body = json!({"username": "auditee", "password": "long-enough-pw", "display_name": "감사 대상",
                      "role": "handler", "department": 3});
    let created = app.post("/api/v1/users", body, Some(&admin)).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/users/{id}/disable"), json!({}), Some(&admin)).await;
    let policy = json!({"business_days": 3, "interim_notice_days": 1, "due_soon_hours": 4});
    let r = app.call(Method::PUT, "/api/v1/calendar/policies/complaint", Some(policy), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let holiday = json!({"date": "2026-12-31", "name": "창립기념일"});
    assert!(app.post("/api/v1/calendar/holidays", holiday, Some(&admin)).await.status.is_success());

    let log = app.get("/api/v1/audit-log", Some(&admin)).await;
    assert_eq!(log.status, StatusCode::OK, "{:?}", log.body);
    assert_eq!(
        actions(&log.body),
        ["holiday_set", "policy_changed", "user_disabled", "user_created", "sign_in_failed", "signed_in"]
    );
    let items = log.body["items"].as_array().unwrap();
    let disabled = &items[2];
    assert_eq!(disabled["actor"], "admin");
    assert_eq!(disabled["target"], "user:auditee");
    assert_eq!(disabled["action_text"], "계정 사용 중지");
    assert_eq!(disabled["before"], r#"{"active":true}"#);
    assert_eq!(disabled["after"], r#"{"active":false}"#);
    assert!(!disabled["address"].as_str().unwrap().is_empty());
    let policy = &items[1];
    assert!(policy["before"].as_str().unwrap().contains("\"business_days\":2"), "{policy}");
    assert!(policy["after"].as_str().unwrap().contains("\"business_days\":3"), "{policy}");
    assert_eq!(items[4]["actor"], "admin", "a failed sign-in names the account tried");

    // Filters: by person, action and period; bad ones are named.
    let mine = app.get("/api/v1/audit-log?action=sign_in_failed", Some(&admin)).await;
    assert_eq!(mine.body["total"], 1);
    let none = app.get("/api/v1/audit-log?from=2020-01-01&to=2020-01-31", Some(&admin)).await;
    assert_eq!(none.body["total"], 0);
    let bad = app.get("/api/v1/audit-log?from=yesterday&action=drop_table&per_page=0", Some(&admin)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["from", "action", "per_page"] {
        assert!(bad.body["fields"][field]["ko"].is_string(), "{field} named: {:?}", bad.body);
    }
    // Only administrators read it.
    let officer = app.user("officer", "privacy_officer").await;
    assert_eq!(app.get("/api/v1/audit-log", Some(&officer)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/audit-log", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_view_of_personal_data_is_on_the_access_log_for_the_privacy_officer() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let photo = upload(&app, "현장.jpg", "image/jpeg", JPG).await;
    let filing = json!({"kind": "complaint", "channel": "homepage", "facility": "railbike",
                        "content": "사진을 첨부해 접수합니다", "attachments": [photo.body["id"]]});
    let c = app.post("/api/v1/cases", filing, None).await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let (id, receipt) = (c.body["id"].as_i64().unwrap(), c.body["receipt_no"].as_str().unwrap().to_owned());
    let case = app.get(&format!("/api/v1/cases/{id}"), Some(&admin)).await;
    let handle = case.body["attachments"][0]["id"].as_str().unwrap().to_owned();
    let (status, _, _) = app.download(&format!("/api/v1/cases/{id}/attachments/{handle}"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    let today = app::domain::to_seoul(chrono::Utc::now()).date_naive();
    let period = format!("from={}&to={}", today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let (status, _, _) = app.download(&format!("/api/v1/reports/cases.csv?{period}"), &admin).await;
    assert_eq!(status, StatusCode::OK);

    let officer = app.client(Some(&app.user("officer", "privacy_officer").await));
    let log = officer.access_log("").await.unwrap();
    let items = &log.items;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].what, "cases_csv");
    assert!(items[0].detail.contains("1건"), "{:?}", items[0]);
    assert_eq!(items[1].what, "attachment");
    assert_eq!(items[1].what_text, "첨부파일 열람");
    assert_eq!(items[1].username, "admin");
    assert_eq!(items[1].receipt_no.as_deref(), Some(receipt.as_str()));
    assert_eq!(items[1].detail, "현장.jpg");
    assert_eq!(items[1].purpose, "민원 처리");
    assert_eq!(officer.access_log(&format!("case={receipt}")).await.unwrap().total, 1);
    let by_other = officer.access_log("case=VOC-2020-000001").await.unwrap();
    assert_eq!(by_other.total, 0, "an unknown case matches nothing, not everything");
    assert_eq!(officer.access_log("user=officer").await.unwrap().total, 0);

    // The monthly review is recorded, named fields refused, and the review itself audited.
    let review = |from: &str, to: &str, findings: &str| ReviewInput {
        period_from: from.into(),
        period_to: to.into(),
        findings: findings.into(),
    };
    let bad = officer.add_privacy_review(&review("2026-11-30", "2026-11-01", "")).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let fields = bad.fields().0;
    assert_eq!(fields["period_to"].code, "end_before_start");
    assert_eq!(fields["findings"].code, "required");
    let made =
        officer.add_privacy_review(&review("2026-11-01", "2026-11-30", "업무 목적 밖의 열람 없음")).await.unwrap();
    assert_eq!(made.reviewer, "officer");
    assert_eq!(officer.privacy_reviews().await.unwrap().len(), 1);
    let admin_client = app.client(Some(&admin));
    assert_eq!(admin_client.audit_log("action=access_reviewed").await.unwrap().total, 1);

    // Handlers, heads and executives read neither; the privacy officer sees no case.
    for role in ["handler", "executive", "voc_manager"] {
        let who = app.client(Some(&app.user_in(&format!("{role}-x"), role, Some(3)).await));
        assert_eq!(who.access_log("").await.unwrap_err().status(), Some(403), "{role}");
        assert_eq!(who.privacy_reviews().await.unwrap_err().status(), Some(403), "{role}");
    }
    assert_eq!(officer.case(id).await.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn the_logs_cannot_be_changed_or_deleted_even_by_sql() {
    let app = TestApp::new().await;
    app.login("admin", ADMIN_PASSWORD).await;
    let officer = app.user("officer", "privacy_officer").await;
    let review = json!({"period_from": "2026-11-01", "period_to": "2026-11-30", "findings": "이상 없음"});
    assert_eq!(app.post("/api/v1/privacy/reviews", review, Some(&officer)).await.status, StatusCode::CREATED);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'someone-else'",
        "DELETE FROM audit_log",
        "UPDATE access_reviews SET findings = 'x'",
        "DELETE FROM access_reviews",
    ] {
        let r = sqlx::query(sql).execute(&pool).await;
        assert!(r.is_err(), "{sql} must be refused");
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&pool).await.unwrap();
    assert_eq!(n, 3, "two sign-ins and the review are still there");
}
