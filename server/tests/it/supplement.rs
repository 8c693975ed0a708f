//! Supplement requests (보완 요구): the handler asks the complainant for something by a day;
//! the clock stops at once; the complainant answers on the tracking page with text and files,
//! which restarts it; an answer that never comes lets staff return (반려) the case.

use app::api::TextInput;
use app::domain::{CaseStatus, HistoryAction, PauseReason, SupplementAnswerInput, SupplementInput};
use axum::http::StatusCode;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Value, json};

use crate::common::{TestApp, tracking_key};

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

fn ask(request: &str, due_date: &str) -> SupplementInput {
    SupplementInput { request: request.into(), due_date: due_date.into() }
}

fn reply(text: &str, attachments: &[&str]) -> SupplementAnswerInput {
    SupplementAnswerInput { text: text.into(), attachments: attachments.iter().map(|a| (*a).to_owned()).collect() }
}

fn seoul(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

#[tokio::test]
async fn a_supplement_stops_the_clock_until_the_complainant_answers_on_the_tracking_page() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, json!({"email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let (receipt, token) = tracking_key(&c);
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.due_at, seoul("2026-11-25T10:00:00+09:00"));
    assert_eq!((view.actions.request_supplement, view.actions.return_unsupplemented), (true, false));

    app.set_now("2026-11-23 11:00");
    let executive = app.client(Some(&app.user("boss", "executive").await));
    let handler = app.client(Some(&app.login("railbike_handler", "user-password").await));
    let body = ask("두 번 결제된 카드 영수증 사본을 보내 주세요.", "2026-11-30");
    assert_eq!(executive.request_supplement(id, &body).await.unwrap_err().status(), Some(403));
    let e = handler.request_supplement(id, &ask("영수증", "2026-11-22")).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    let fields = e.fields().0;
    assert_eq!((fields["request"].code.as_str(), fields["due_date"].code.as_str()), ("too_short", "date_in_past"));
    let e = handler.request_supplement(id, &ask("영수증 사본", "2027-01-05")).await.unwrap_err();
    let due = &e.fields().0["due_date"];
    assert_eq!(due.code, "period_too_long", "{e:?}");
    assert!(due.ko.contains("30일"));

    let view = handler.request_supplement(id, &body).await.unwrap();
    assert_eq!(view.status, CaseStatus::Paused);
    assert_eq!(view.pauses[0].reason, PauseReason::DocumentSupplement);
    assert_eq!(view.supplements[0].due_date, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert!(!view.supplements[0].overdue);
    let last = view.history.last().unwrap();
    assert_eq!((last.code, last.after.as_deref()), (Some(HistoryAction::SupplementRequested), Some("처리중지")));
    // One pause at a time: not again while it waits.
    assert_eq!(handler.request_supplement(id, &body).await.unwrap_err().status(), Some(409));

    // Told by e-mail only (no SMS consent), with what and by when.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let told: Vec<(String, String)> =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'supplement'").fetch_all(&pool).await.unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "email");
    assert!(told[0].1.contains("영수증 사본") && told[0].1.contains("2026-11-30"), "{}", told[0].1);

    // The tracking page shows the request.
    let complainant = app.client(None);
    let public = complainant.tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.status, CaseStatus::Paused);
    assert_eq!(public.supplements[0].request, "두 번 결제된 카드 영수증 사본을 보내 주세요.");
    assert_eq!(public.supplements[0].answer, None);

    // The complainant answers a business day later, with a file: the clock runs again and
    // the deadline moves by the eight paused business hours.
    app.set_now("2026-11-24 11:00");
    let e = complainant.answer_supplement(receipt, token, &reply(" ", &[])).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.fields().0["text"].code, "required");
    let wrong = format!("x{token}");
    let e = complainant.answer_supplement(receipt, &wrong, &reply("보냅니다", &[])).await.unwrap_err();
    assert_eq!(e.status(), Some(404));
    let e = complainant.answer_supplement(receipt, token, &reply("보냅니다", &["no-such-upload"])).await.unwrap_err();
    assert_eq!(e.status(), Some(422), "{e:?}");
    let upload =
        crate::complainant::upload(&app, "영수증.pdf", "application/pdf", include_bytes!("../fixtures/doc.pdf")).await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.body);
    let upload_id = upload.body["id"].as_str().unwrap();
    let public =
        complainant.answer_supplement(receipt, token, &reply("영수증 사본을 붙입니다.", &[upload_id])).await.unwrap();
    assert_eq!(public.status, CaseStatus::InProgress);
    assert_eq!(public.due_at, seoul("2026-11-26T10:00:00+09:00"));
    assert_eq!(public.supplements[0].answer.as_deref(), Some("영수증 사본을 붙입니다."));
    // Nothing more is asked now.
    let again = complainant.answer_supplement(receipt, token, &reply("한 장 더", &[])).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("no_supplement_asked")));

    // The handler sees the answer, its file, and who restarted the clock.
    let handler = app.client(Some(&app.login("railbike_handler", "user-password").await));
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.supplements[0].answered_at, Some(seoul("2026-11-24T11:00:00+09:00")));
    assert_eq!(view.attachments[0].file_name, "영수증.pdf");
    assert_eq!(view.pauses[0].ended_by.as_deref(), Some("민원인"));
    let codes: Vec<HistoryAction> = view.history.iter().filter_map(|h| h.code).collect();
    assert!(
        codes.ends_with(&[
            HistoryAction::SupplementRequested,
            HistoryAction::SupplementAnswered,
            HistoryAction::Attached,
            HistoryAction::Resumed
        ]),
        "{codes:?}"
    );
}

#[tokio::test]
async fn a_supplement_that_never_comes_lets_staff_return_the_case_with_notice() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, json!({"sms": true, "email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let (receipt, token) = tracking_key(&c);
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    let reason = TextInput { note: "영수증이 없어 이중 결제를 확인할 수 없습니다.".into() };
    handler.request_supplement(id, &ask("카드 영수증 사본을 보내 주세요.", "2026-11-25")).await.unwrap();

    // Through the whole due day it is the complainant's: no return yet.
    app.set_now("2026-11-25 23:00");
    let handler = app.client(Some(&app.login("railbike_handler", "user-password").await));
    assert!(!handler.case(id).await.unwrap().actions.return_unsupplemented);
    assert_eq!(handler.return_unsupplemented(id, &reason).await.unwrap_err().status(), Some(409));

    app.set_now("2026-11-26 09:30");
    let handler = app.client(Some(&app.login("railbike_handler", "user-password").await));
    let view = handler.case(id).await.unwrap();
    assert_eq!((view.actions.return_unsupplemented, view.supplements[0].overdue), (true, true));
    let blank = handler.return_unsupplemented(id, &TextInput::default()).await.unwrap_err();
    assert_eq!(blank.status(), Some(422));
    let view = handler.return_unsupplemented(id, &reason).await.unwrap();
    assert_eq!(view.status, CaseStatus::Closed);
    assert_eq!(view.closure_reason.as_deref(), Some("요청한 보완이 기한까지 없어 반려했습니다."));
    assert_eq!(view.pauses[0].ended_by.as_deref(), Some("railbike_handler"), "the pause ends with the case");
    let last = view.history.last().unwrap();
    assert_eq!((last.code, last.before.as_deref()), (Some(HistoryAction::ReturnedUnsupplemented), Some("처리중지")));
    assert_eq!(handler.return_unsupplemented(id, &reason).await.unwrap_err().status(), Some(409));

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
    let complainant = app.client(None);
    let public = complainant.tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.closure_reason.as_deref(), Some("요청한 보완이 기한까지 없어 반려했습니다."));
    let late = complainant.answer_supplement(receipt, token, &reply("이제 보냅니다", &[])).await.unwrap_err();
    assert_eq!(late.status(), Some(409));

    // Reports count it apart and leave it out of compliance and handling time, as a transfer.
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let s = manager.report_summary("from=2026-11-01&to=2026-11-30").await.unwrap();
    assert_eq!((s.received, s.processed, s.returned, s.transferred), (1, 1, 1, 0), "{s:?}");
    assert_eq!(s.mean_handling_hours, None);
}
