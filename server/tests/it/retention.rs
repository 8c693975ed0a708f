//! Retention: the personal data of cases closed longer ago than the retention period is
//! destroyed; the anonymised case, who did what when, and the report figures stay.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{TestApp, an_answer};
use crate::complainant::upload;

const JPG: &[u8] = include_bytes!("../fixtures/gps.jpg");

/// The report of March 2023, less the moment it was made.
async fn march_2023(app: &TestApp, cookie: &str) -> serde_json::Value {
    let r = app.get("/api/v1/reports/summary?from=2023-03-01&to=2023-03-31", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let mut v = r.body;
    v.as_object_mut().unwrap().remove("generated_at");
    v
}

#[tokio::test]
async fn three_years_after_closure_the_personal_data_goes_and_the_figures_stay() {
    let app = TestApp::new().await;
    app.set_now("2023-03-02 10:00");
    let admin = app.admin().await;
    let photo = upload(&app, "얼굴.jpg", "image/jpeg", JPG).await;
    let filing = json!({"kind": "complaint", "channel": "homepage", "facility": "railbike",
        "content": "홍길동입니다. 레일바이크 바퀴가 삐걱거립니다. 010-7777-8888로 연락 주세요",
        "name": "홍길동", "phone": "010-7777-8888", "email": "gildong@example.com",
        "address": "경상북도 문경시 모전동 55-1 행복빌라 101호", "reply_by": "post",
        "consent": {"sms": true, "email": true, "publish": false}, "attachments": [photo.body["id"]]});
    let c = app.post("/api/v1/cases", filing, None).await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let (id, no, token) =
        (c.body["id"].as_i64().unwrap(), c.body["receipt_no"].clone(), c.body["tracking_token"].clone());
    let amend = format!("/api/v1/cases/{}/amend?token={}", no.as_str().unwrap(), token.as_str().unwrap());
    let r = app.post(&amend, json!({"content": "홍길동입니다. 바퀴 소음, 주소는 문경시 점촌동 12"}), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let note = app
        .post(&format!("/api/v1/cases/{id}/notes"), json!({"note": "홍길동 님께 010-7777-8888로 전화함"}), Some(&admin))
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    let mut answer = an_answer();
    answer["result"] = json!("홍길동 님, 바퀴를 교체했습니다.");
    let closed = app.post(&format!("/api/v1/cases/{id}/answer"), answer, Some(&admin)).await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    // A second case closed the same day but reopened later is never purged.
    let other = app.file("다른 민원입니다, 나중에 다시 엽니다").await;
    let other_id = other["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/cases/{other_id}/answer"), an_answer(), Some(&admin)).await;

    // Not yet: three years less a day.
    app.set_now("2026-03-01 10:00");
    let admin = app.admin().await;
    app.post(&format!("/api/v1/cases/{other_id}/reopen"), json!({"reason": "재민원"}), Some(&admin)).await;
    let officer = app.user("officer", "privacy_officer").await;
    let preview = app.get("/api/v1/privacy/retention", Some(&officer)).await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(preview.body["retention_years"], 3);
    assert_eq!(preview.body["due_cases"], 0);

    app.set_now("2026-03-03 10:00");
    let admin = app.admin().await;
    let officer = app.login("officer", "user-password").await;
    let preview = app.get("/api/v1/privacy/retention", Some(&officer)).await;
    assert_eq!(preview.body["due_cases"], 1, "the reopened case is not due: {}", preview.body);
    assert!(preview.body["oldest_closed_at"].as_str().unwrap().starts_with("2023-03-02"));
    let figures_before = march_2023(&app, &admin).await;
    // Only administrators run it by hand, and only their view offers it.
    assert_eq!(preview.body["may_run"], false);
    assert_eq!(app.get("/api/v1/privacy/retention", Some(&admin)).await.body["may_run"], true);
    assert_eq!(
        app.post("/api/v1/privacy/retention/run", json!({}), Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    let ran = app.post("/api/v1/privacy/retention/run", json!({}), Some(&admin)).await;
    assert_eq!(ran.status, StatusCode::OK, "{:?}", ran.body);
    assert_eq!(ran.body["due_cases"], 0);
    assert_eq!(ran.body["runs"][0]["cases"], 1);
    assert_eq!(ran.body["runs"][0]["ran_by"], "admin");

    let case = app.get(&format!("/api/v1/cases/{id}"), Some(&admin)).await.body;
    let text = case.to_string();
    for secret in ["홍길동", "7777-8888", "gildong@", "점촌동", "얼굴.jpg", "행복빌라", "문경시"] {
        assert!(!text.contains(secret), "{secret} is gone from the case: {text}");
    }
    assert!(case["content"].as_str().unwrap().contains("파기"));
    assert_eq!(case["receipt_no"], no, "the anonymised case stays");
    assert_eq!(case["status"], "closed");
    let history = app.get(&format!("/api/v1/cases/{id}/history"), Some(&admin)).await.body;
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"내용 변경") && actions.contains(&"개인정보 파기"), "{actions:?}");
    let destroyed = history.as_array().unwrap().iter().find(|h| h["action"] == "개인정보 파기").unwrap();
    assert_eq!(
        (&destroyed["actor"], &destroyed["detail"]),
        (&json!("admin"), &json!("보존기간 1096일 경과")),
        "{destroyed}"
    );
    assert!(!history.to_string().contains("점촌동"), "the amended text is gone from the history");
    let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
    assert!(!notices.to_string().contains("gildong") && !notices.to_string().contains("7777"), "{notices}");
    assert!(!notices.as_array().unwrap().is_empty(), "that notices were sent stays");
    let figures_after = march_2023(&app, &admin).await;
    assert_eq!(figures_before, figures_after, "every report figure stays");
    // Nobody can be called back any more, and nothing is matched as their other cases.
    let r = app.post(&format!("/api/v1/cases/{id}/contact"), json!({"purpose": "회신 전화"}), Some(&admin)).await;
    assert_eq!((r.status, &r.body["error"]), (StatusCode::CONFLICT, &json!("no_contact")), "{:?}", r.body);
    let theirs = &case["complainant"];
    assert_eq!((theirs["matched_by"].as_array().map(Vec::len), &theirs["others"]), (Some(0), &json!(0)));
    // Nor by their contacts, whose hashes went with them.
    for contact in ["010-7777-8888", "gildong%40example.com"] {
        let found = app.get(&format!("/api/v1/cases?contact={contact}"), Some(&admin)).await.body;
        assert_eq!(found["total"], 0, "{contact}: {found}");
    }
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let hashes: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT phone_key, email_key FROM cases WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    assert_eq!(hashes, (None, None));
    // Nor are they found by words that were in the content, the answer or the note.
    for words in ["홍길동", "길동", "7777-8888", "점촌동"] {
        let q: String = words.bytes().map(|b| format!("%{b:02X}")).collect();
        let found = app.get(&format!("/api/v1/cases?q={q}"), Some(&admin)).await.body;
        assert_eq!(found["total"], 0, "{words}: {found}");
    }

    // Nothing twice: another run finds nothing, and the reopened case keeps its data.
    let again = app.post("/api/v1/privacy/retention/run", json!({}), Some(&admin)).await;
    assert_eq!(again.body["runs"].as_array().unwrap().len(), 1);
    let kept = app.get(&format!("/api/v1/cases/{other_id}"), Some(&admin)).await.body;
    assert!(kept["content"].as_str().unwrap().contains("다른 민원"));
    let audit = app.get("/api/v1/audit-log?action=personal_data_purged", Some(&admin)).await.body;
    assert_eq!(audit["total"], 2);
}

#[tokio::test]
async fn the_scheduled_job_purges_too_and_forgets_old_idempotency_keys() {
    let app = TestApp::new().await;
    app.set_now("2022-01-10 10:00");
    let admin = app.admin().await;
    let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "오래된 민원입니다, 지워질 것입니다"});
    let req = axum::http::Request::post("/api/v1/cases")
        .header("content-type", "application/json")
        .header("idempotency-key", "kiosk-key-2022-0001")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let c = app.send(req).await;
    assert_eq!(c.status, StatusCode::CREATED);
    app.post(&format!("/api/v1/cases/{}/answer", c.body["id"]), an_answer(), Some(&admin)).await;
    app.set_now("2026-01-12 10:00");
    let purged = server::workflow::retention::purge(&app.state, "system").await.unwrap();
    assert_eq!(purged, 1);
    let runs = app.state.store.purge_runs().await.unwrap();
    assert_eq!((runs.len(), runs[0].ran_by.as_str(), runs[0].cases), (1, "system", 1));
    let day_ago = app.state.now() - chrono::Duration::hours(24);
    assert_eq!(app.state.store.purge_idempotency_keys(day_ago).await.unwrap(), 1, "a key older than a day goes");
    assert_eq!(app.state.store.purge_idempotency_keys(day_ago).await.unwrap(), 0);
}
