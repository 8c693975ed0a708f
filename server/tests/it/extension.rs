//! Extending a case's period (처리기간 연장): once within it, a second time only with the
//! complainant's consent, never a third; the complainant is told at once on consented
//! channels; the queue, the case and the tracking page show both dues; reports count it.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

const SAFETY: i64 = 1; // 혁신안전팀: grievances are routed here

/// A 7-day grievance filed at the kiosk on Friday 27 November 2026 at 17:30, by a
/// complainant who consented to text messages only. Due Monday 7 December 18:00.
async fn grievance(app: &TestApp) -> Value {
    app.set_now("2026-11-27 17:30");
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "grievance", "channel": "kiosk", "facility": "railbike",
                   "content": "레일바이크 안전요원의 응대가 부당했습니다", "name": "홍길동",
                   "phone": "010-1234-5678", "email": "hong@example.kr",
                   "consent": {"sms": true, "email": false, "publish": false}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-07T18:00:00+09:00");
    r.body
}

#[tokio::test]
async fn a_period_is_extended_once_then_once_more_with_consent_and_never_a_third_time() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    let uri = format!("/api/v1/cases/{id}/extend");
    app.set_now("2026-12-03 10:00");
    let handler = app.user_in("safety_handler", "handler", Some(SAFETY)).await;
    let head = app.user_in("safety_head", "department_head", Some(SAFETY)).await;
    let exec = app.user("boss", "executive").await;
    let other = app.user_in("farm_handler", "handler", Some(4)).await;

    let body = json!({"reason": "현장 조사와 관계자 면담이 더 필요합니다", "due_date": "2026-12-16"});
    assert_eq!(app.post(&uri, body.clone(), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post(&uri, body.clone(), Some(&exec)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&uri, body.clone(), Some(&other)).await.status, StatusCode::NOT_FOUND);

    // The case page knows the rules before anyone types.
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["actions"]["extend"], true);
    assert_eq!(view["extension"], json!({"needs_consent": false, "last_day": "2026-12-16"}));

    // Refusals name the field and keep Korean first.
    let r = app.post(&uri, json!({"reason": "짧다", "due_date": "2026-12-17"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["reason"]["code"], "too_short");
    assert_eq!(r.body["fields"]["due_date"]["code"], "extension_too_long");
    assert!(r.body["fields"]["due_date"]["ko"].as_str().unwrap().contains("2026-12-16"));
    let r = app.post(&uri, json!({"reason": "현장 조사가 필요합니다", "due_date": "2026-12-12"}), Some(&handler)).await;
    assert_eq!(r.body["fields"]["due_date"]["code"], "not_business_day");

    // The first extension: the handler, within the period.
    let r = app.post(&uri, body.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-16T18:00:00+09:00");
    assert_eq!(r.body["original_due_at"], "2026-12-07T18:00:00+09:00");
    assert_eq!(r.body["extensions"][0]["reason"], "현장 조사와 관계자 면담이 더 필요합니다");
    assert_eq!(r.body["extensions"][0]["old_due_at"], "2026-12-07T18:00:00+09:00");
    assert_eq!(r.body["extension"]["needs_consent"], true);
    // The original period again after 16 December, skipping Christmas: 28 December.
    assert_eq!(r.body["extension"]["last_day"], "2026-12-28");
    // The countdown runs to the new close: 7 hours of Thursday 3 December, then nine full days.
    assert_eq!(r.body["clock"]["remaining"], (7 + 9 * 8) * 3600);
    let history: Vec<&Value> =
        r.body["history"].as_array().unwrap().iter().filter(|h| h["code"] == "extended").collect();
    assert_eq!(history.len(), 1);
    assert!(history[0]["detail"].as_str().unwrap().contains("2026-12-07 18:00 → 2026-12-16 18:00"));

    // The complainant is told at once, by text only (no e-mail consent), with the reason.
    let admin = app.admin().await;
    let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
    let told: Vec<&Value> = notices.as_array().unwrap().iter().filter(|n| n["notice"] == "extension").collect();
    assert_eq!(told.len(), 1, "{notices:?}");
    assert_eq!(told[0]["channel"], "sms");
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let text: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'extension'").fetch_one(&pool).await.unwrap();
    assert!(text.contains("2026-12-16 18:00") && text.contains("/track/"), "{text}");

    // The queue and the tracking page show both dues, and the reason.
    let queue = app.get("/api/v1/queue", Some(&handler)).await.body["items"].clone();
    let row = queue.as_array().unwrap().iter().find(|q| q["id"] == id).unwrap().clone();
    assert_eq!(
        (row["due_at"].clone(), row["original_due_at"].clone()),
        (json!("2026-12-16T18:00:00+09:00"), json!("2026-12-07T18:00:00+09:00"))
    );
    let track =
        format!("/api/v1/cases/{}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let public = app.get(&track, None).await.body;
    assert_eq!(public["original_due_at"], "2026-12-07T18:00:00+09:00");
    assert_eq!(public["extension_reason"], "현장 조사와 관계자 면담이 더 필요합니다");

    // A second extension needs the complainant's consent, recorded with how and when.
    app.set_now("2026-12-15 11:00");
    let head_cookie = app.login("safety_head", "user-password").await;
    let _ = head;
    let second = json!({"reason": "외부 기관 검사 결과를 기다립니다", "due_date": "2026-12-24"});
    let r = app.post(&uri, second.clone(), Some(&head_cookie)).await;
    assert_eq!(
        (r.status, r.body["fields"]["consent"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("consent_needed"))
    );
    let with_consent = json!({"reason": "외부 기관 검사 결과를 기다립니다", "due_date": "2026-12-24",
                              "consent": {"via": "phone", "at": "2026-12-15T10:40"}});
    let r = app.post(&uri, with_consent.clone(), Some(&head_cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-24T18:00:00+09:00");
    assert_eq!(r.body["original_due_at"], "2026-12-07T18:00:00+09:00", "the first due stays");
    assert_eq!(r.body["extensions"][1]["consent_via"], "phone");
    assert_eq!(r.body["extensions"][1]["consent_at"], "2026-12-15T10:40:00+09:00");
    assert_eq!(r.body["extension"]["last_day"], Value::Null, "no third extension");
    let r = app.post(&uri, with_consent, Some(&head_cookie)).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("no_more_extensions")));
}

#[tokio::test]
async fn a_period_that_has_ended_or_a_paused_case_cannot_be_extended() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    let uri = format!("/api/v1/cases/{id}/extend");
    let body = json!({"reason": "현장 조사가 더 필요합니다", "due_date": "2026-12-16"});

    app.set_now("2026-12-01 10:00");
    let admin = app.admin().await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/pause"),
            json!({"reason": "investigation", "note": "검사 의뢰"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.post(&uri, body.clone(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "paused: resume first");
    assert_eq!(app.get(&format!("/api/v1/cases/{id}"), Some(&admin)).await.body["actions"]["extend"], false);
    assert_eq!(app.post(&format!("/api/v1/cases/{id}/resume"), json!({}), Some(&admin)).await.status, StatusCode::OK);

    // At the close of the (paused-moved) due, the period has ended.
    let due = app.get(&format!("/api/v1/cases/{id}"), Some(&admin)).await.body["due_at"].as_str().unwrap().to_owned();
    assert_eq!(due, "2026-12-07T18:00:00+09:00", "a pause of no business time leaves the due");
    app.set_now("2026-12-07 18:00");
    let admin = app.admin().await;
    let r = app.post(&uri, body, Some(&admin)).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("period_passed")));
    assert!(r.body["message"].as_str().unwrap().contains("처리기간"), "{:?}", r.body);
    assert_eq!(app.get(&format!("/api/v1/cases/{id}"), Some(&admin)).await.body["extension"]["last_day"], Value::Null);
}

#[tokio::test]
async fn reports_count_extended_cases_and_measure_compliance_against_both_dues() {
    let app = TestApp::new().await;
    let closed = grievance(&app).await;
    let open = grievance(&app).await;
    app.set_now("2026-12-03 10:00");
    let admin = app.admin().await;
    for c in [&closed, &open] {
        let r = app
            .post(
                &format!("/api/v1/cases/{}/extend", c["id"]),
                json!({"reason": "현장 조사가 더 필요합니다", "due_date": "2026-12-16"}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    // Answered on 10 December: on time against the extended due, late against the first.
    app.set_now("2026-12-10 10:00");
    let admin = app.admin().await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", closed["id"]), crate::common::an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let r = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let s = &r.body;
    assert_eq!((s["received"].as_i64(), s["processed"].as_i64(), s["overdue"].as_i64()), (Some(2), Some(1), Some(0)));
    assert_eq!(s["extended"], 2);
    assert_eq!(s["compliance_rate"], 1.0);
    // Against the first dues: the closed one was late and the open one is past its first due.
    assert_eq!(s["compliance_rate_original"], 0.0);
    let csv = app.get("/api/v1/reports/summary.csv?from=2026-11-01&to=2026-11-30", Some(&admin)).await;
    let text = csv.body.as_str().unwrap();
    assert!(text.contains("전체,전체(연장 전 기한),연장 2건,2,1,1,0,0.0000"), "{text}");
}

#[tokio::test]
async fn the_complainant_agrees_to_a_second_extension_with_the_button_on_the_tracking_page() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    app.set_now("2026-12-03 10:00");
    let handler = app.user_in("safety_handler", "handler", Some(SAFETY)).await;
    let propose = format!("/api/v1/cases/{id}/extension-proposal");
    let body = json!({"reason": "외부 기관 검사 결과를 기다립니다", "due_date": "2026-12-24"});
    // Not before a first extension: that one needs no consent.
    let r = app.post(&propose, body.clone(), Some(&handler)).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("consent_not_needed")));
    let first = json!({"reason": "현장 조사와 관계자 면담이 더 필요합니다", "due_date": "2026-12-16"});
    let r = app.post(&format!("/api/v1/cases/{id}/extend"), first, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // Staff cannot claim the button's consent themselves.
    let claimed = json!({"reason": "외부 기관 검사 결과를 기다립니다", "due_date": "2026-12-24",
                         "consent": {"via": "tracking_page"}});
    let r = app.post(&format!("/api/v1/cases/{id}/extend"), claimed, Some(&handler)).await;
    assert_eq!(r.body["fields"]["consent.via"]["code"], "consent_by_button", "{:?}", r.body);
    let r = app.post(&propose, json!({"reason": "검사", "due_date": "2027-02-01"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["due_date"]["code"], "extension_too_long");

    let r = app.post(&propose, body.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["extension_proposal"]["due_date"], "2026-12-24");
    assert_eq!(r.body["extension_proposal"]["answer"], Value::Null);
    assert_eq!(r.body["due_at"], "2026-12-16T18:00:00+09:00", "nothing moves before consent");
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let (channel, text): (String, String) =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'extension_consent'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(channel, "sms");
    assert!(text.contains("/track/"), "{text}");

    // The tracking page shows it; the button agrees, and the period is extended at once in
    // the proposer's name with the consent recorded as given there, now.
    let (receipt, token) = (c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let public = app.get(&format!("/api/v1/cases/{receipt}?token={token}"), None).await.body;
    assert_eq!(public["extension_proposal"]["reason"], "외부 기관 검사 결과를 기다립니다");
    app.set_now("2026-12-04 09:15");
    let consent = format!("/api/v1/cases/{receipt}/extension-consent?token={token}");
    let r = app.post(&consent, json!({"agree": true}), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-24T18:00:00+09:00");
    assert_eq!(r.body["extension_proposal"], Value::Null);
    let again = app.post(&consent, json!({"agree": true}), None).await;
    assert_eq!((again.status, again.body["error"].clone()), (StatusCode::CONFLICT, json!("no_extension_proposal")));
    let handler = app.login("safety_handler", "user-password").await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["extensions"][1]["consent_via"], "tracking_page");
    assert_eq!(view["extensions"][1]["consent_at"], "2026-12-04T09:15:00+09:00");
    assert_eq!(view["extensions"][1]["by"], "safety_handler");
    assert_eq!(view["extension_proposal"]["answer"], "agreed");
}

#[tokio::test]
async fn a_declined_extension_changes_nothing_but_the_record() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    app.set_now("2026-12-03 10:00");
    let handler = app.user_in("safety_handler", "handler", Some(SAFETY)).await;
    let first = json!({"reason": "현장 조사와 관계자 면담이 더 필요합니다", "due_date": "2026-12-16"});
    assert_eq!(app.post(&format!("/api/v1/cases/{id}/extend"), first, Some(&handler)).await.status, StatusCode::OK);
    let body = json!({"reason": "외부 기관 검사 결과를 기다립니다", "due_date": "2026-12-24"});
    let r = app.post(&format!("/api/v1/cases/{id}/extension-proposal"), body, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (receipt, token) = (c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let consent = format!("/api/v1/cases/{receipt}/extension-consent?token={token}");
    assert_eq!(
        app.post(&consent.replace("token=", "token=x"), json!({"agree": true}), None).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.post(&consent, json!({"agree": false}), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-16T18:00:00+09:00");
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["extension_proposal"]["answer"], "declined");
    assert_eq!(view["history"].as_array().unwrap().last().unwrap()["code"], "extension_declined");
    assert_eq!(view["extensions"].as_array().unwrap().len(), 1);
}
