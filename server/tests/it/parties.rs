//! Multi-person complaints (다수인관련민원): staff add co-complainants beside the representative,
//! each with their own contacts and consents; every notice reaches each of them on the
//! channels they consented to, by their own name; the case shows them masked, the history
//! records each change, reports count them, and the retention purge clears them.

use app::client::links;
use app::domain::{CoComplainantInput, Consent, HistoryAction};
use axum::http::StatusCode;
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

fn person(name: &str, phone: Option<&str>, email: Option<&str>, sms: bool, mail: bool) -> CoComplainantInput {
    CoComplainantInput {
        name: name.into(),
        phone: phone.map(Into::into),
        email: email.map(Into::into),
        consent: Consent { sms, email: mail, publish: false },
    }
}

#[tokio::test]
async fn co_complainants_are_added_and_removed_and_each_hears_every_notice_on_their_own_channels() {
    let app = TestApp::new().await;
    let c = file(&app).await;
    let id = c["id"].as_i64().unwrap();
    let handler_cookie = app.user_in("handler", "handler", Some(3)).await;
    let handler = app.client(Some(&handler_cookie));

    // Each refused field named at once; nothing is added.
    let e = handler.add_complainant(id, &person(" ", None, Some("not-mail"), true, false)).await.unwrap_err();
    assert_eq!(e.status(), Some(422), "{e:?}");
    let fields = e.fields().0;
    assert_eq!(fields["name"].code, "required");
    assert_eq!(fields["email"].code, "email_invalid");
    assert_eq!(fields["phone"].code, "phone_needed_for_sms");

    handler.add_complainant(id, &person("김철수", Some("010 2222 3333"), None, true, false)).await.unwrap();
    handler.add_complainant(id, &person("이영희", None, Some("younghee@example.com"), false, true)).await.unwrap();
    // Contacts but no consent: on record, never written to.
    let view = handler.add_complainant(id, &person("박민수", Some("010-4444-5555"), None, false, false)).await.unwrap();
    let co = view.co_complainants.clone();
    assert_eq!(co.len(), 3);
    assert_eq!((co[0].name.as_deref(), co[0].phone.as_deref()), (Some("김*수"), Some("010-****-3333")));
    assert_eq!(co[1].email.as_deref(), Some("yo***@example.com"));
    assert_eq!((co[1].consent_email, co[2].consent_sms), (true, false));
    assert_eq!(co[0].added_by, "handler");
    let last = view.history.last().unwrap();
    assert_eq!((last.code, last.detail.as_str()), (Some(HistoryAction::ComplainantAdded), "박*수"));
    assert!(!serde_json::to_string(&view.history).unwrap().contains("김철수"), "the history keeps no name");

    // Each new co-complainant is told of the receipt on their consented channel, by name; the
    // representative's receipt is not sent again.
    let receipts = outbox(&app, "receipt").await;
    let to: Vec<(&str, &str)> = receipts.iter().map(|(ch, r, _)| (ch.as_str(), r.as_str())).collect();
    assert_eq!(to, vec![("sms", "01012345678"), ("sms", "01022223333"), ("email", "younghee@example.com")]);
    assert!(receipts[2].2.contains("이영희"), "{}", receipts[2].2);

    // Removing one: gone from the view and from later notices, the history records it.
    let view = handler.remove_complainant(id, co[2].id).await.unwrap();
    assert_eq!(view.co_complainants.len(), 2);
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::ComplainantRemoved));
    assert_eq!(handler.remove_complainant(id, co[2].id).await.unwrap_err().status(), Some(404));

    // The result reaches all three on their own channels, each by their own name.
    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    app.client(Some(&manager)).answer(id, &crate::common::answer_input()).await.unwrap();
    let results = outbox(&app, "result").await;
    let to: Vec<&str> = results.iter().map(|(_, r, _)| r.as_str()).collect();
    assert_eq!(to, vec!["01012345678", "01022223333", "younghee@example.com"]);
    assert!(results[2].2.contains("이영희"), "{}", results[2].2);
    assert!(!results[2].2.contains("홍길동"), "{}", results[2].2);

    // Closed: the list is final.
    let e = handler.add_complainant(id, &person("최지우", None, None, false, false)).await.unwrap_err();
    assert_eq!(e.status(), Some(409), "{e:?}");
    // The written notice names them beside the representative.
    let (status, _, pdf) = app.download(&links::staff_notice_pdf(id), &manager).await;
    assert_eq!(status, StatusCode::OK);
    let text = crate::letter::pdf_text(&pdf);
    assert!(text.contains("홍길동 귀하 외 2명") && text.contains("김철수, 이영희"), "{text}");

    // Reports count the case and its co-complainants.
    let today = app::domain::to_seoul(chrono::Utc::now()).date_naive();
    let admin = app.client(Some(&app.admin().await));
    let s = admin.report_summary(&format!("from={today}&to={today}")).await.unwrap();
    assert_eq!((s.multi_person_cases, s.co_complainants), (1, 2));
}

#[tokio::test]
async fn a_co_complainant_on_the_representative_s_number_hears_each_notice_once() {
    let app = TestApp::new().await;
    let id = file(&app).await["id"].as_i64().unwrap();
    let handler = app.client(Some(&app.user_in("handler", "handler", Some(3)).await));
    handler.add_complainant(id, &person("홍길순", Some("010 1234 5678"), None, true, false)).await.unwrap();
    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    app.client(Some(&manager)).answer(id, &crate::common::answer_input()).await.unwrap();
    // The receipt, the result and the survey invitation each reach the number once (the
    // result and the invitation are queued together, in one statement).
    for notice in ["receipt", "result", "survey_invite"] {
        let sent = outbox(&app, notice).await;
        let to: Vec<(&str, &str)> = sent.iter().map(|(ch, r, _)| (ch.as_str(), r.as_str())).collect();
        assert_eq!(to, vec![("sms", "01012345678")], "{notice}: {sent:?}");
    }
}

#[tokio::test]
async fn only_those_who_work_the_case_change_its_complainants() {
    let app = TestApp::new().await;
    let id = file(&app).await["id"].as_i64().unwrap();
    let body = person("김철수", None, None, false, false);
    let exec = app.client(Some(&app.user("boss", "executive").await));
    assert_eq!(exec.add_complainant(id, &body).await.unwrap_err().status(), Some(403));
    let other = app.client(Some(&app.user_in("other", "handler", Some(1)).await));
    assert_eq!(other.add_complainant(id, &body).await.unwrap_err().status(), Some(404));
    assert_eq!(app.client(None).add_complainant(id, &body).await.unwrap_err().status(), Some(401));
    let handler = app.client(Some(&app.user_in("handler", "handler", Some(3)).await));
    assert!(handler.case(id).await.unwrap().actions.complainants);
    assert!(!exec.case(id).await.unwrap().actions.complainants);
}
