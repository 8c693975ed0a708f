//! Abusive conduct (특이민원): an incident recorded on one case shows on every case of the same
//! complainant; the VOC manager may close a filing that consists of abuse, with a notice; the
//! reports count incidents and leave abusive closures out of compliance.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::TestApp;

#[tokio::test]
async fn an_incident_shows_on_every_case_of_the_person_and_an_abusive_filing_closes_with_notice() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let first = app.file_from("010-1234-5678", "레일바이크 요금이 두 번 결제되었습니다").await;
    let second = app.file_from("01012345678", "아무것도 모르는 XX들아 다 가만두지 않겠다").await;
    let other = app.file_from("010-9999-0000", "매표소 직원이 친절했습니다").await;
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let executive = app.user("boss", "executive").await;
    let uri = format!("/api/v1/cases/{}/incidents", first["id"]);
    let body = json!({"kind": "abuse", "note": "통화 중 10분간 욕설을 반복함"});
    assert_eq!(app.post(&uri, body.clone(), Some(&executive)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&uri, json!({"kind": "rude", "note": ""}), Some(&handler)).await;
    assert_eq!(
        (r.body["fields"]["kind"]["code"].clone(), r.body["fields"]["note"]["code"].clone()),
        (json!("unknown_conduct_kind"), json!("required"))
    );
    let r = app.post(&uri, body, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["incidents"][0]["kind_text"], "폭언·욕설");
    assert_eq!(r.body["history"].as_array().unwrap().last().unwrap()["code"], "incident_recorded");

    // The same person's other case shows it; a stranger's does not.
    let view = app.get(&format!("/api/v1/cases/{}", second["id"]), Some(&handler)).await.body;
    assert_eq!(view["incidents"][0]["receipt_no"], first["receipt_no"]);
    assert_eq!(view["incidents"][0]["by"], "railbike_handler");
    let view = app.get(&format!("/api/v1/cases/{}", other["id"]), Some(&handler)).await.body;
    assert_eq!(view["incidents"], json!([]));

    // Only the VOC manager closes a filing that is abuse; it is an incident too, and told.
    let close = format!("/api/v1/cases/{}/close-abusive", second["id"]);
    let reason = json!({"reason": "요구 사항 없이 욕설과 협박으로만 이루어져 있습니다."});
    assert_eq!(app.post(&close, reason.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let r = app.post(&close, json!({"reason": " "}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&close, reason.clone(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "closed");
    assert!(r.body["closure_reason"].as_str().unwrap().contains("폭언·욕설"));
    assert_eq!(r.body["incidents"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["history"].as_array().unwrap().last().unwrap()["code"], "closed_abusive");
    assert_eq!(app.post(&close, reason, Some(&manager)).await.status, StatusCode::CONFLICT);
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let (channel, text): (String, String) =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'abusive_closure'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(channel, "sms");
    assert!(text.contains("/track/"), "{text}");

    // Reports: two incidents; the abusive filing counted as processed, out of compliance.
    let s = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&manager)).await.body;
    assert_eq!((s["incidents"].as_i64(), s["closed_abusive"].as_i64()), (Some(2), Some(1)), "{s:?}");
    assert_eq!((s["received"].as_i64(), s["processed"].as_i64()), (Some(3), Some(1)));
}
