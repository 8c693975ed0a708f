//! Serious cases (중대 민원): any kind, marked by staff who work cases with a reason; the
//! executives and VOC managers are alerted by e-mail; the mark shows in the queue and can be
//! cleared; the history keeps both.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::common::TestApp;

#[tokio::test]
async fn staff_mark_any_case_serious_and_the_executives_are_alerted() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = app.file("레일바이크 레일 이음부가 벌어져 탈선 위험이 있습니다").await;
    let id = c["id"].as_i64().unwrap();
    let uri = format!("/api/v1/cases/{id}/serious");
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    app.user_with_email("cco", "executive", None, Some("cco@example.com")).await;
    let exec = app.login("cco", "user-password").await;
    app.user_with_email("manager", "voc_manager", Some(1), Some("manager@example.com")).await;

    assert_eq!(
        app.post(&uri, json!({"reason": "safety", "note": "x"}), Some(&exec)).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = app.post(&uri, json!({"reason": "gossip", "note": ""}), Some(&handler)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["fields"]["reason"]["code"], "unknown_serious_reason");
    assert_eq!(bad.body["fields"]["note"]["code"], "required");

    let r = app.post(&uri, json!({"reason": "safety", "note": "탈선 위험: 운행 중지 검토"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["serious"]["reason"], "safety");
    assert_eq!(r.body["serious"]["reason_text"], "안전사고 우려");
    assert_eq!(r.body["history"].as_array().unwrap().last().unwrap()["code"], "marked_serious");
    let queue = app.get("/api/v1/queue", Some(&handler)).await.body["items"].clone();
    assert_eq!(queue.as_array().unwrap().iter().find(|q| q["id"] == id).unwrap()["serious"], "safety");

    // Both the executive and the VOC manager are told, by e-mail.
    let admin = app.admin().await;
    let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
    let alerts: Vec<String> = notices
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["notice"] == "serious")
        .map(|n| n["recipient"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(alerts.len(), 2, "{notices:?}");
    assert!(alerts.iter().all(|r| r.ends_with("@example.com")));

    // Cleared: the queue no longer heads it; the history keeps both steps.
    let r = app.call(Method::DELETE, &uri, None, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["serious"], serde_json::Value::Null);
    let codes: Vec<&str> = r.body["history"].as_array().unwrap().iter().filter_map(|h| h["code"].as_str()).collect();
    assert!(codes.ends_with(&["marked_serious", "serious_cleared"]), "{codes:?}");

    // Not on a closed case.
    app.post(&format!("/api/v1/cases/{id}/answer"), crate::common::an_answer(), Some(&admin)).await;
    let r = app.post(&uri, json!({"reason": "media", "note": "보도 예정"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
}
