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
