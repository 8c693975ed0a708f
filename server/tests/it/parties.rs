//! Multi-person complaints (다수인관련민원): staff add co-complainants beside the representative,
//! each with their own contacts and consents; every notice reaches each of them on the
//! channels they consented to, by their own name; the case shows them masked, the history
//! records each change, reports count them, and the retention purge clears them.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestApp;

async fn file(app: &TestApp) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "homepage", "facility": "railbike",
                   "content": "마을 앞 레일바이크 주차장 소음이 밤늦게까지 계속됩니다. 주민 일동의 민원입니다.",
                   "name": "홍길동", "phone": "010-1234-5678", "consent": {"sms": true}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

async fn outbox(app: &TestApp, notice: &str) -> Vec<(String, String, String)> {
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    sqlx::query_as("SELECT channel, recipient, body FROM outbox WHERE notice = $1 ORDER BY id")
        .bind(notice)
        .fetch_all(&pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn co_complainants_are_added_and_removed_and_each_hears_every_notice_on_their_own_channels() {
    let app = TestApp::new().await;
    let c = file(&app).await;
    let id = c["id"].as_i64().unwrap();
    let add = format!("/api/v1/cases/{id}/complainants");
    let handler = app.user_in("handler", "handler", Some(3)).await;

    // Each refused field named at once; nothing is added.
    let r = app.post(&add, json!({"name": " ", "email": "not-mail", "consent": {"sms": true}}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["fields"]["name"]["code"], "required");
    assert_eq!(r.body["fields"]["email"]["code"], "email_invalid");
    assert_eq!(r.body["fields"]["phone"]["code"], "phone_needed_for_sms");

    let r = app
        .post(&add, json!({"name": "김철수", "phone": "010 2222 3333", "consent": {"sms": true}}), Some(&handler))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .post(
            &add,
            json!({"name": "이영희", "email": "younghee@example.com", "consent": {"email": true}}),
            Some(&handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // Contacts but no consent: on record, never written to.
    let r = app.post(&add, json!({"name": "박민수", "phone": "010-4444-5555"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let co = r.body["co_complainants"].as_array().unwrap().clone();
    assert_eq!(co.len(), 3);
    assert_eq!((co[0]["name"].clone(), co[0]["phone"].clone()), (json!("김*수"), json!("010-****-3333")));
    assert_eq!(co[1]["email"], "yo***@example.com");
    assert_eq!((co[1]["consent_email"].clone(), co[2]["consent_sms"].clone()), (json!(true), json!(false)));
    assert_eq!(co[0]["added_by"], "handler");
    let history = r.body["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!((last["code"].clone(), last["detail"].clone()), (json!("complainant_added"), json!("박*수")));
    assert!(!serde_json::to_string(history).unwrap().contains("김철수"), "the history keeps no name");

    // Each new co-complainant is told of the receipt on their consented channel, by name; the
    // representative's receipt is not sent again.
    let receipts = outbox(&app, "receipt").await;
    let to: Vec<(&str, &str)> = receipts.iter().map(|(ch, r, _)| (ch.as_str(), r.as_str())).collect();
    assert_eq!(to, vec![("sms", "01012345678"), ("sms", "01022223333"), ("email", "younghee@example.com")]);
    assert!(receipts[2].2.contains("이영희"), "{}", receipts[2].2);

    // Removing one: gone from the view and from later notices, the history records it.
    let r = app.call(Method::DELETE, &format!("{add}/{}", co[2]["id"]), None, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["co_complainants"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["history"].as_array().unwrap().last().unwrap()["code"], "complainant_removed");
    let again = app.call(Method::DELETE, &format!("{add}/{}", co[2]["id"]), None, Some(&handler)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // The result reaches all three on their own channels, each by their own name.
    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    let r = app.post(&format!("/api/v1/cases/{id}/answer"), crate::common::an_answer(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let results = outbox(&app, "result").await;
    let to: Vec<&str> = results.iter().map(|(_, r, _)| r.as_str()).collect();
    assert_eq!(to, vec!["01012345678", "01022223333", "younghee@example.com"]);
    assert!(results[2].2.contains("이영희"), "{}", results[2].2);
    assert!(!results[2].2.contains("홍길동"), "{}", results[2].2);

    // Closed: the list is final.
    let r = app.post(&add, json!({"name": "최지우"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    // The written notice names them beside the representative.
    let (status, _, pdf) = app.download(&format!("/api/v1/cases/{id}/notice.pdf"), &manager).await;
    assert_eq!(status, StatusCode::OK);
    let text = crate::letter::pdf_text(&pdf);
    assert!(text.contains("홍길동 귀하 외 2명") && text.contains("김철수, 이영희"), "{text}");

    // Reports count the case and its co-complainants.
    let today = app::domain::to_seoul(chrono::Utc::now()).date_naive();
    let r = app.get(&format!("/api/v1/reports/summary?from={today}&to={today}"), Some(&app.admin().await)).await;
    assert_eq!((r.body["multi_person_cases"].clone(), r.body["co_complainants"].clone()), (json!(1), json!(2)));
}

#[tokio::test]
async fn only_those_who_work_the_case_change_its_complainants() {
    let app = TestApp::new().await;
    let c = file(&app).await;
    let add = format!("/api/v1/cases/{}/complainants", c["id"]);
    let body = json!({"name": "김철수"});
    let exec = app.user("boss", "executive").await;
    assert_eq!(app.post(&add, body.clone(), Some(&exec)).await.status, StatusCode::FORBIDDEN);
    let other = app.user_in("other", "handler", Some(1)).await;
    assert_eq!(app.post(&add, body.clone(), Some(&other)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&add, body.clone(), None).await.status, StatusCode::UNAUTHORIZED);
    let handler = app.user_in("handler", "handler", Some(3)).await;
    let r = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&handler)).await;
    assert_eq!(r.body["actions"]["complainants"], true);
    let r = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&exec)).await;
    assert_eq!(r.body["actions"]["complainants"], false);
}
