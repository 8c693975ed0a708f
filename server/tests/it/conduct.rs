//! Abusive conduct (특이민원): an incident recorded on one case shows on every case of the same
//! complainant; the VOC manager may close a filing that consists of abuse, with a notice; the
//! reports count incidents and leave abusive closures out of compliance.

use app::api::TextInput;
use app::domain::{CaseStatus, ConductKind, HistoryAction, IncidentInput};

use crate::common::TestApp;

#[tokio::test]
async fn an_incident_shows_on_every_case_of_the_person_and_an_abusive_filing_closes_with_notice() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let first = app.file_from("010-1234-5678", "레일바이크 요금이 두 번 결제되었습니다").await;
    let second = app.file_from("01012345678", "아무것도 모르는 XX들아 다 가만두지 않겠다").await;
    let other = app.file_from("010-9999-0000", "매표소 직원이 친절했습니다").await;
    let (first_id, second_id) = (first["id"].as_i64().unwrap(), second["id"].as_i64().unwrap());
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    let executive = app.client(Some(&app.user("boss", "executive").await));
    let incident = IncidentInput { kind: "abuse".into(), note: "통화 중 10분간 욕설을 반복함".into() };
    assert_eq!(executive.record_incident(first_id, &incident).await.unwrap_err().status(), Some(403));
    let e = handler
        .record_incident(first_id, &IncidentInput { kind: "rude".into(), note: String::new() })
        .await
        .unwrap_err();
    let fields = e.fields().0;
    assert_eq!((fields["kind"].code.as_str(), fields["note"].code.as_str()), ("unknown_conduct_kind", "required"));
    let view = handler.record_incident(first_id, &incident).await.unwrap();
    assert_eq!(view.incidents[0].kind_text, "폭언·욕설");
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::IncidentRecorded));

    // The same person's other case shows it; a stranger's does not.
    let view = handler.case(second_id).await.unwrap();
    assert_eq!(view.incidents[0].receipt_no, first["receipt_no"].as_str().unwrap());
    assert_eq!(view.incidents[0].kind, ConductKind::Abuse);
    assert_eq!(view.incidents[0].by, "railbike_handler");
    assert!(handler.case(other["id"].as_i64().unwrap()).await.unwrap().incidents.is_empty());

    // Only the VOC manager closes a filing that is abuse; it is an incident too, and told.
    let reason = TextInput { note: "요구 사항 없이 욕설과 협박으로만 이루어져 있습니다.".into() };
    assert_eq!(handler.close_abusive(second_id, &reason).await.unwrap_err().status(), Some(403));
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let blank = manager.close_abusive(second_id, &TextInput { note: " ".into() }).await.unwrap_err();
    assert_eq!(blank.status(), Some(422));
    let view = manager.close_abusive(second_id, &reason).await.unwrap();
    assert_eq!(view.status, CaseStatus::Closed);
    assert!(view.closure_reason.as_deref().unwrap().contains("폭언·욕설"));
    assert_eq!(view.incidents.len(), 2);
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::ClosedAbusive));
    assert_eq!(manager.close_abusive(second_id, &reason).await.unwrap_err().status(), Some(409));
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let (channel, text): (String, String) =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'abusive_closure'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(channel, "sms");
    assert!(text.contains("/track/"), "{text}");

    // Reports: two incidents; the abusive filing counted as processed, out of compliance.
    let s = manager.report_summary("from=2026-11-01&to=2026-11-30").await.unwrap();
    assert_eq!((s.incidents, s.closed_abusive), (2, 1), "{s:?}");
    assert_eq!((s.received, s.processed), (3, 1));
}

#[tokio::test]
async fn a_case_shows_its_person_s_fifty_newest_incidents_newest_first() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 09:00");
    let first = app.file_from("010-1234-5678", "레일바이크 요금이 두 번 결제되었습니다").await;
    let second = app.file_from("01012345678", "환불은 언제 됩니까").await;
    let (first_id, second_id) = (first["id"].as_i64().unwrap(), second["id"].as_i64().unwrap());
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    // 52 incidents a minute apart, alternating between the person's two cases; the clock
    // runs backwards for the last two, so that time, not the order recorded, decides.
    for i in 0..52 {
        let at = if i < 50 { format!("2026-11-23 09:{:02}", i + 10) } else { format!("2026-11-23 09:0{}", i - 49) };
        app.set_now(&at);
        let id = if i % 2 == 0 { first_id } else { second_id };
        let incident = IncidentInput { kind: "abuse".into(), note: format!("통화 중 욕설 {i}") };
        handler.record_incident(id, &incident).await.unwrap();
    }
    let view = handler.case(second_id).await.unwrap();
    let notes: Vec<&str> = view.incidents.iter().map(|i| i.note.as_str()).collect();
    let newest: Vec<String> = (0..50).rev().map(|i| format!("통화 중 욕설 {i}")).collect();
    assert_eq!(notes, newest);
    assert_eq!(view.incidents[0].receipt_no, second["receipt_no"].as_str().unwrap());
    assert_eq!(view.incidents[1].receipt_no, first["receipt_no"].as_str().unwrap());
}
