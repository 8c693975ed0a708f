//! Extending a case's period (처리기간 연장): once within it, a second time only with the
//! complainant's consent, never a third; the complainant is told at once on consented
//! channels; the queue, the case and the tracking page show both dues; reports count it.
//! Driven through the typed client, as the case and tracking pages are.

use app::api::{ConsentAnswer, ExtensionOptions};
use app::domain::{
    ConsentVia, ExtensionConsentInput, ExtensionInput, HistoryAction, NoticeChannel, NoticeKind, PauseInput,
};
use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

use crate::common::{TestApp, answer_input, field_codes, tracking_key};

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
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-07T18:00:00+09:00");
    r.body
}

fn extension(reason: &str, due_date: &str) -> ExtensionInput {
    ExtensionInput { reason: reason.into(), due_date: due_date.into(), consent: None }
}

/// A time as the API writes it (`2026-12-16T18:00:00+09:00`).
fn written(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

#[tokio::test]
async fn a_period_is_extended_once_then_once_more_with_consent_and_never_a_third_time() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    app.set_now("2026-12-03 10:00");
    let handler = app.client(Some(&app.user_in("safety_handler", "handler", Some(SAFETY)).await));
    app.user_in("safety_head", "department_head", Some(SAFETY)).await;
    let exec = app.client(Some(&app.user("boss", "executive").await));
    let other = app.client(Some(&app.user_in("farm_handler", "handler", Some(4)).await));

    let body = extension("현장 조사와 관계자 면담이 더 필요합니다", "2026-12-16");
    assert_eq!(app.client(None).extend(id, &body).await.unwrap_err().status(), Some(401));
    assert_eq!(exec.extend(id, &body).await.unwrap_err().status(), Some(403));
    assert_eq!(other.extend(id, &body).await.unwrap_err().status(), Some(404));

    // The case page knows the rules before anyone types.
    let view = handler.case(id).await.unwrap();
    assert!(view.actions.extend);
    assert_eq!(view.extension, ExtensionOptions { needs_consent: false, last_day: "2026-12-16".parse().ok() });

    // Refusals name the field and keep Korean first.
    let r = handler.extend(id, &extension("짧다", "2026-12-17")).await.unwrap_err();
    assert_eq!(r.status(), Some(422));
    let fields = r.fields().0;
    assert_eq!(fields["reason"].code, "too_short");
    assert_eq!(fields["due_date"].code, "extension_too_long");
    assert!(fields["due_date"].ko.contains("2026-12-16"));
    let r = handler.extend(id, &extension("현장 조사가 필요합니다", "2026-12-12")).await.unwrap_err();
    assert_eq!(r.fields().0["due_date"].code, "not_business_day");

    // The first extension: the handler, within the period.
    let view = handler.extend(id, &body).await.unwrap();
    assert_eq!(written(view.due_at), "2026-12-16T18:00:00+09:00");
    assert_eq!(view.original_due_at.map(written).as_deref(), Some("2026-12-07T18:00:00+09:00"));
    assert_eq!(view.extensions[0].reason, "현장 조사와 관계자 면담이 더 필요합니다");
    assert_eq!(written(view.extensions[0].old_due_at), "2026-12-07T18:00:00+09:00");
    assert!(view.extension.needs_consent);
    // The original period again after 16 December, skipping Christmas: 28 December.
    assert_eq!(view.extension.last_day, "2026-12-28".parse().ok());
    // The countdown runs to the new close: 7 hours of Thursday 3 December, then nine full days.
    assert_eq!(view.clock.remaining, (7 + 9 * 8) * 3600);
    let history: Vec<_> = view.history.iter().filter(|h| h.code == Some(HistoryAction::Extended)).collect();
    assert_eq!(history.len(), 1);
    assert!(history[0].detail.contains("2026-12-07 18:00 → 2026-12-16 18:00"));

    // The complainant is told at once, by text only (no e-mail consent), with the reason.
    let admin = app.client(Some(&app.admin().await));
    let notices = admin.case_notices(id).await.unwrap();
    let told: Vec<_> = notices.iter().filter(|n| n.notice == NoticeKind::Extension).collect();
    assert_eq!(told.len(), 1, "{notices:?}");
    assert_eq!(told[0].channel, NoticeChannel::Sms);
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let text: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'extension'").fetch_one(&pool).await.unwrap();
    assert!(text.contains("2026-12-16 18:00") && text.contains("/track/"), "{text}");

    // The queue and the tracking page show both dues, and the reason.
    let queue = handler.queue("").await.unwrap();
    let row = queue.items.iter().find(|q| q.id == id).unwrap();
    assert_eq!(
        (written(row.due_at), row.original_due_at.map(written)),
        ("2026-12-16T18:00:00+09:00".to_owned(), Some("2026-12-07T18:00:00+09:00".to_owned()))
    );
    let (receipt, token) = tracking_key(&c);
    let public = app.client(None).tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.original_due_at.map(written).as_deref(), Some("2026-12-07T18:00:00+09:00"));
    assert_eq!(public.extension_reason.as_deref(), Some("현장 조사와 관계자 면담이 더 필요합니다"));

    // A second extension needs the complainant's consent, recorded with how and when.
    app.set_now("2026-12-15 11:00");
    let head = app.client(Some(&app.login("safety_head", "user-password").await));
    let second = extension("외부 기관 검사 결과를 기다립니다", "2026-12-24");
    let r = head.extend(id, &second).await.unwrap_err();
    assert_eq!((r.status(), field_codes(&r)), (Some(422), vec![("consent".to_owned(), "consent_needed".to_owned())]));
    let with_consent = ExtensionInput {
        consent: Some(ExtensionConsentInput { via: "phone".into(), at: "2026-12-15T10:40".into() }),
        ..second
    };
    let view = head.extend(id, &with_consent).await.unwrap();
    assert_eq!(written(view.due_at), "2026-12-24T18:00:00+09:00");
    assert_eq!(view.original_due_at.map(written).as_deref(), Some("2026-12-07T18:00:00+09:00"), "the first due stays");
    assert_eq!(view.extensions[1].consent_via, Some(ConsentVia::Phone));
    assert_eq!(view.extensions[1].consent_at.map(written).as_deref(), Some("2026-12-15T10:40:00+09:00"));
    assert_eq!(view.extension.last_day, None, "no third extension");
    let r = head.extend(id, &with_consent).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("no_more_extensions")));
}

#[tokio::test]
async fn a_period_that_has_ended_or_a_paused_case_cannot_be_extended() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    let body = extension("현장 조사가 더 필요합니다", "2026-12-16");

    app.set_now("2026-12-01 10:00");
    let admin = app.client(Some(&app.admin().await));
    admin.pause(id, &PauseInput { reason: "investigation".into(), note: "검사 의뢰".into() }).await.unwrap();
    assert_eq!(admin.extend(id, &body).await.unwrap_err().status(), Some(409), "paused: resume first");
    assert!(!admin.case(id).await.unwrap().actions.extend);
    admin.resume(id).await.unwrap();

    // At the close of the (paused-moved) due, the period has ended.
    let due = admin.case(id).await.unwrap().due_at;
    assert_eq!(written(due), "2026-12-07T18:00:00+09:00", "a pause of no business time leaves the due");
    app.set_now("2026-12-07 18:00");
    let admin = app.client(Some(&app.admin().await));
    let r = admin.extend(id, &body).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("period_passed")));
    assert!(r.message().contains("처리기간"), "{r:?}");
    assert_eq!(admin.case(id).await.unwrap().extension.last_day, None);
}

#[tokio::test]
async fn reports_count_extended_cases_and_measure_compliance_against_both_dues() {
    let app = TestApp::new().await;
    let closed = grievance(&app).await;
    let open = grievance(&app).await;
    app.set_now("2026-12-03 10:00");
    let admin = app.client(Some(&app.admin().await));
    for c in [&closed, &open] {
        admin.extend(c["id"].as_i64().unwrap(), &extension("현장 조사가 더 필요합니다", "2026-12-16")).await.unwrap();
    }
    // Answered on 10 December: on time against the extended due, late against the first.
    app.set_now("2026-12-10 10:00");
    let cookie = app.admin().await;
    let admin = app.client(Some(&cookie));
    admin.answer(closed["id"].as_i64().unwrap(), &answer_input()).await.unwrap();

    let s = admin.report_summary("from=2026-11-01&to=2026-11-30").await.unwrap();
    assert_eq!((s.received, s.processed, s.overdue), (2, 1, 0));
    assert_eq!(s.extended, 2);
    assert_eq!(s.compliance_rate, 1.0);
    // Against the first dues: the closed one was late and the open one is past its first due.
    assert_eq!(s.compliance_rate_original, 0.0);
    // The download stays raw: its body is the file.
    let csv = app.get("/api/v1/reports/summary.csv?from=2026-11-01&to=2026-11-30", Some(&cookie)).await;
    let text = csv.body.as_str().unwrap();
    assert!(text.contains("전체,전체(연장 전 기한),연장 2건,2,1,1,0,0.0000"), "{text}");
}

#[tokio::test]
async fn the_complainant_agrees_to_a_second_extension_with_the_button_on_the_tracking_page() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    app.set_now("2026-12-03 10:00");
    let handler = app.client(Some(&app.user_in("safety_handler", "handler", Some(SAFETY)).await));
    let body = extension("외부 기관 검사 결과를 기다립니다", "2026-12-24");
    // Not before a first extension: that one needs no consent.
    let r = handler.propose_extension(id, &body).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("consent_not_needed")));
    handler.extend(id, &extension("현장 조사와 관계자 면담이 더 필요합니다", "2026-12-16")).await.unwrap();
    // Staff cannot claim the button's consent themselves.
    let claimed = ExtensionInput {
        consent: Some(ExtensionConsentInput { via: "tracking_page".into(), at: String::new() }),
        ..body.clone()
    };
    let r = handler.extend(id, &claimed).await.unwrap_err();
    assert_eq!(r.fields().0["consent.via"].code, "consent_by_button", "{r:?}");
    let r = handler.propose_extension(id, &extension("검사", "2027-02-01")).await.unwrap_err();
    assert_eq!(r.status(), Some(422));
    assert_eq!(r.fields().0["due_date"].code, "extension_too_long");

    let view = handler.propose_extension(id, &body).await.unwrap();
    let proposal = view.extension_proposal.clone().unwrap();
    assert_eq!(proposal.due_date, "2026-12-24".parse::<chrono::NaiveDate>().unwrap());
    assert_eq!(proposal.answer, None);
    assert_eq!(written(view.due_at), "2026-12-16T18:00:00+09:00", "nothing moves before consent");
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
    let (receipt, token) = tracking_key(&c);
    let complainant = app.client(None);
    let public = complainant.tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.extension_proposal.unwrap().reason, "외부 기관 검사 결과를 기다립니다");
    app.set_now("2026-12-04 09:15");
    let view = complainant.extension_consent(receipt, token, &ConsentAnswer { agree: true }).await.unwrap();
    assert_eq!(written(view.due_at), "2026-12-24T18:00:00+09:00");
    assert_eq!(view.extension_proposal, None);
    let again = complainant.extension_consent(receipt, token, &ConsentAnswer { agree: true }).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("no_extension_proposal")));
    let handler = app.client(Some(&app.login("safety_handler", "user-password").await));
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.extensions[1].consent_via, Some(ConsentVia::TrackingPage));
    assert_eq!(view.extensions[1].consent_at.map(written).as_deref(), Some("2026-12-04T09:15:00+09:00"));
    assert_eq!(view.extensions[1].by, "safety_handler");
    assert_eq!(view.extension_proposal.unwrap().answer.as_deref(), Some("agreed"));
}

#[tokio::test]
async fn a_declined_extension_changes_nothing_but_the_record() {
    let app = TestApp::new().await;
    let c = grievance(&app).await;
    let id = c["id"].as_i64().unwrap();
    app.set_now("2026-12-03 10:00");
    let handler = app.client(Some(&app.user_in("safety_handler", "handler", Some(SAFETY)).await));
    handler.extend(id, &extension("현장 조사와 관계자 면담이 더 필요합니다", "2026-12-16")).await.unwrap();
    handler.propose_extension(id, &extension("외부 기관 검사 결과를 기다립니다", "2026-12-24")).await.unwrap();
    let (receipt, token) = tracking_key(&c);
    let complainant = app.client(None);
    let wrong = complainant.extension_consent(receipt, &format!("x{token}"), &ConsentAnswer { agree: true }).await;
    assert_eq!(wrong.unwrap_err().status(), Some(404));
    let view = complainant.extension_consent(receipt, token, &ConsentAnswer { agree: false }).await.unwrap();
    assert_eq!(written(view.due_at), "2026-12-16T18:00:00+09:00");
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.extension_proposal.unwrap().answer.as_deref(), Some("declined"));
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::ExtensionDeclined));
    assert_eq!(view.extensions.len(), 1);
}
