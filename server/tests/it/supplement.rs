//! Supplement requests (보완 요구): the handler asks the complainant for something by a day;
//! the clock stops at once; the complainant answers on the tracking page with text and files,
//! which restarts it; an answer that never comes lets staff return (반려) the case.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

async fn file(app: &TestApp, consent: Value) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike",
                   "content": "레일바이크 요금을 두 번 결제했습니다. 환불해 주세요.",
                   "name": "홍길동", "phone": "010-1234-5678", "email": "hong@example.kr", "consent": consent}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn tracking(c: &Value, path: &str) -> String {
    let (receipt, token) = (c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    format!("/api/v1/cases/{receipt}{path}?token={token}")
}

#[tokio::test]
async fn a_supplement_stops_the_clock_until_the_complainant_answers_on_the_tracking_page() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, json!({"email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let ask = format!("/api/v1/cases/{id}/supplement");
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["due_at"], "2026-11-25T10:00:00+09:00");
    assert_eq!(
        (view["actions"]["request_supplement"].clone(), view["actions"]["return_unsupplemented"].clone()),
        (json!(true), json!(false))
    );

    app.set_now("2026-11-23 11:00");
    let executive = app.user("boss", "executive").await;
    let handler = app.login("railbike_handler", "user-password").await;
    let body = json!({"request": "두 번 결제된 카드 영수증 사본을 보내 주세요.", "due_date": "2026-11-30"});
    assert_eq!(app.post(&ask, body.clone(), Some(&executive)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&ask, json!({"request": "영수증", "due_date": "2026-11-22"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (r.body["fields"]["request"]["code"].clone(), r.body["fields"]["due_date"]["code"].clone()),
        (json!("too_short"), json!("date_in_past"))
    );
    let r = app.post(&ask, json!({"request": "영수증 사본", "due_date": "2027-01-05"}), Some(&handler)).await;
    assert_eq!(r.body["fields"]["due_date"]["code"], "period_too_long", "{:?}", r.body);
    assert!(r.body["fields"]["due_date"]["ko"].as_str().unwrap().contains("30일"));

    let r = app.post(&ask, body.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "paused");
    assert_eq!(r.body["pauses"][0]["reason"], "document_supplement");
    assert_eq!(r.body["supplements"][0]["due_date"], "2026-11-30");
    assert_eq!(r.body["supplements"][0]["overdue"], false);
    let last = r.body["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["code"].clone(), last["after"].clone()), (json!("supplement_requested"), json!("처리중지")));
    // One pause at a time: not again while it waits.
    assert_eq!(app.post(&ask, body, Some(&handler)).await.status, StatusCode::CONFLICT);

    // Told by e-mail only (no SMS consent), with what and by when.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let told: Vec<(String, String)> =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'supplement'").fetch_all(&pool).await.unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "email");
    assert!(told[0].1.contains("영수증 사본") && told[0].1.contains("2026-11-30"), "{}", told[0].1);

    // The tracking page shows the request.
    let public = app.get(&tracking(&c, ""), None).await.body;
    assert_eq!(public["status"], "paused");
    assert_eq!(public["supplements"][0]["request"], "두 번 결제된 카드 영수증 사본을 보내 주세요.");
    assert_eq!(public["supplements"][0]["answer"], Value::Null);

    // The complainant answers a business day later, with a file: the clock runs again and
    // the deadline moves by the eight paused business hours.
    app.set_now("2026-11-24 11:00");
    let answer = tracking(&c, "/supplement-answer");
    let r = app.post(&answer, json!({"text": " ", "attachments": []}), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["text"]["code"], "required");
    let wrong = answer.replace("token=", "token=x");
    assert_eq!(app.post(&wrong, json!({"text": "보냅니다"}), None).await.status, StatusCode::NOT_FOUND);
    let r = app.post(&answer, json!({"text": "보냅니다", "attachments": ["no-such-upload"]}), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    let receipt =
        crate::complainant::upload(&app, "영수증.pdf", "application/pdf", include_bytes!("../fixtures/doc.pdf")).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{:?}", receipt.body);
    let upload_id = receipt.body["id"].as_str().unwrap();
    let r = app.post(&answer, json!({"text": "영수증 사본을 붙입니다.", "attachments": [upload_id]}), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "in_progress");
    assert_eq!(r.body["due_at"], "2026-11-26T10:00:00+09:00");
    assert_eq!(r.body["supplements"][0]["answer"], "영수증 사본을 붙입니다.");
    // Nothing more is asked now.
    let again = app.post(&answer, json!({"text": "한 장 더"}), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["error"], "no_supplement_asked");

    // The handler sees the answer, its file, and who restarted the clock.
    let handler = app.login("railbike_handler", "user-password").await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["supplements"][0]["answered_at"], "2026-11-24T11:00:00+09:00");
    assert_eq!(view["attachments"][0]["file_name"], "영수증.pdf");
    assert_eq!(view["pauses"][0]["ended_by"], "민원인");
    let codes: Vec<&str> = view["history"].as_array().unwrap().iter().filter_map(|h| h["code"].as_str()).collect();
    assert!(codes.ends_with(&["supplement_requested", "supplement_answered", "attached", "resumed"]), "{codes:?}");
}

#[tokio::test]
async fn a_supplement_that_never_comes_lets_staff_return_the_case_with_notice() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, json!({"sms": true, "email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let back = format!("/api/v1/cases/{id}/return-unsupplemented");
    let reason = json!({"reason": "영수증이 없어 이중 결제를 확인할 수 없습니다."});
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/supplement"),
            json!({"request": "카드 영수증 사본을 보내 주세요.", "due_date": "2026-11-25"}),
            Some(&handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // Through the whole due day it is the complainant's: no return yet.
    app.set_now("2026-11-25 23:00");
    let handler = app.login("railbike_handler", "user-password").await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["actions"]["return_unsupplemented"], false);
    assert_eq!(app.post(&back, reason.clone(), Some(&handler)).await.status, StatusCode::CONFLICT);

    app.set_now("2026-11-26 09:30");
    let handler = app.login("railbike_handler", "user-password").await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(
        (view["actions"]["return_unsupplemented"].clone(), view["supplements"][0]["overdue"].clone()),
        (json!(true), json!(true))
    );
    let r = app.post(&back, json!({"reason": ""}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&back, reason.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "closed");
    assert_eq!(r.body["closure_reason"], "요청한 보완이 기한까지 없어 반려했습니다.");
    assert_eq!(r.body["pauses"][0]["ended_by"], "railbike_handler", "the pause ends with the case");
    let last = r.body["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["code"].clone(), last["before"].clone()), (json!("returned_unsupplemented"), json!("처리중지")));
    assert_eq!(app.post(&back, reason, Some(&handler)).await.status, StatusCode::CONFLICT);

    // Told on both consented channels; the tracking page says why, and a late answer is refused.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let mut told: Vec<(String, String)> =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'returned_unsupplemented'")
            .fetch_all(&pool)
            .await
            .unwrap();
    told.sort();
    assert_eq!(told.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(), ["email", "sms"]);
    assert!(told[0].1.contains("영수증이 없어") && told[0].1.contains("2026-11-25"), "{}", told[0].1);
    let public = app.get(&tracking(&c, ""), None).await.body;
    assert_eq!(public["closure_reason"], "요청한 보완이 기한까지 없어 반려했습니다.");
    let late = app.post(&tracking(&c, "/supplement-answer"), json!({"text": "이제 보냅니다"}), None).await;
    assert_eq!(late.status, StatusCode::CONFLICT);

    // Reports count it apart and leave it out of compliance and handling time, as a transfer.
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let s = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&manager)).await.body;
    assert_eq!(
        (s["received"].as_i64(), s["processed"].as_i64(), s["returned"].as_i64(), s["transferred"].as_i64()),
        (Some(1), Some(1), Some(1), Some(0)),
        "{s:?}"
    );
    assert_eq!(s["mean_handling_hours"], Value::Null);
}
