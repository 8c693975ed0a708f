//! Server push: the SSE stream of case events, and its end at shutdown.

use crate::common;

use std::time::Duration;

use crate::common::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Reads frames until the text seen so far contains `needle` (or the stream ends).
async fn read_until(body: &mut Body, seen: &mut String, needle: &str) -> bool {
    while !seen.contains(needle) {
        match tokio::time::timeout(Duration::from_secs(10), body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    seen.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => return false,
        }
    }
    true
}

#[tokio::test]
async fn staff_get_ready_then_every_new_case_and_the_stream_ends_at_shutdown() {
    let app = TestApp::new().await;
    let anon = app.get("/api/v1/events", None).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);

    let cookie = app.admin().await;
    let req = Request::get("/api/v1/events").header(header::COOKIE, &cookie).body(Body::empty()).unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = resp.into_body();
    let mut seen = String::new();
    assert!(read_until(&mut body, &mut seen, "event: ready").await, "{seen}");

    let c = app.file("분수대 물이 튑니다").await;
    let receipt = c["receipt_no"].as_str().unwrap();
    assert!(read_until(&mut body, &mut seen, receipt).await, "{seen}");
    assert!(seen.contains("event: case"));
    assert!(seen.contains("\"change\":\"created\""));

    let id = c["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/cases/{id}/answer"), common::an_answer(), Some(&cookie)).await;
    assert!(read_until(&mut body, &mut seen, "\"change\":\"closed\"").await, "{seen}");

    app.shutdown.cancel();
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match body.frame().await {
                None => return true,
                Some(Err(_)) => return true,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert_eq!(ended, Ok(true), "the stream ends when the server shuts down");
}

/// Opens the event stream of `cookie` and reads up to its `ready`.
async fn stream_of(app: &TestApp, cookie: &str) -> (Body, String) {
    let req = Request::get("/api/v1/events").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let mut body = app.router.clone().oneshot(req).await.unwrap().into_body();
    let mut seen = String::new();
    assert!(read_until(&mut body, &mut seen, "event: ready").await, "{seen}");
    (body, seen)
}

#[tokio::test]
async fn the_asked_department_hears_of_its_material_requests_and_no_other_does() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let handler = app.user_in("handler", "handler", Some(3)).await;
    let farmer = app.user_in("farmer", "handler", Some(4)).await;
    let culture = app.user_in("culture", "handler", Some(2)).await;
    let (mut farm_body, mut farm_seen) = stream_of(&app, &farmer).await;
    let (mut culture_body, mut culture_seen) = stream_of(&app, &culture).await;

    let c = app.file("레일바이크 매점 사과즙이 상했습니다").await;
    let ask = format!("/api/v1/cases/{}/materials", c["id"]);
    let r = app.post(&ask, serde_json::json!({"department": 4, "question": "판매 기록"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // The farm department cannot see the case, yet hears of the request to it.
    assert!(read_until(&mut farm_body, &mut farm_seen, "event: material").await, "{farm_seen}");
    assert!(farm_seen.contains("\"material_department\":4"), "{farm_seen}");
    assert!(!farm_seen.contains(c["receipt_no"].as_str().unwrap()), "no case event for a case it cannot see");

    // The culture department hears nothing of it: its next event is its own new case.
    let maze = app
        .post(
            "/api/v1/cases",
            serde_json::json!({"kind": "complaint", "channel": "kiosk", "facility": "maze", "content": "미로가 너무 어렵습니다"}),
            None,
        )
        .await;
    assert!(read_until(&mut culture_body, &mut culture_seen, maze.body["receipt_no"].as_str().unwrap()).await);
    assert!(!culture_seen.contains("event: material"), "{culture_seen}");

    // The answer is heard too (the requester's page reloads through its case event).
    let id = r.body["materials"][0]["id"].as_i64().unwrap();
    let before = farm_seen.matches("event: material").count();
    app.post(&format!("/api/v1/materials/{id}/answer"), serde_json::json!({"answer": "12병 판매"}), Some(&farmer))
        .await;
    let mut more = String::new();
    assert!(read_until(&mut farm_body, &mut more, "event: material").await, "{more}");
    assert_eq!(before, 1);
}
