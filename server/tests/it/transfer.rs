//! Sending a case to the agency it belongs to (이송): the VOC manager only; the case closes
//! as transferred, the complainant is told where it went and how to follow it (consented
//! channels only), and reports count it but leave it out of compliance and handling time.

use app::api::TextInput;
use app::domain::{CaseStatus, HistoryAction, NoticeChannel, NoticeKind, TransferInput};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

async fn file(app: &TestApp, content: &str, consent: Value) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content,
                   "name": "홍길동", "phone": "010-1234-5678", "email": "hong@example.kr", "consent": consent}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn transfer() -> TransferInput {
    TransferInput {
        agency: "문경시청 도로과".into(), reason: "시 도로의 유지·보수는 문경시 소관입니다".into()
    }
}

#[tokio::test]
async fn the_voc_manager_transfers_a_case_and_the_complainant_is_told_where_it_went() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, "마을 앞 도로 포장이 파손되어 위험합니다", json!({"email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));

    assert_eq!(app.client(None).transfer_out(id, &transfer()).await.unwrap_err().status(), Some(401));
    let e = handler.transfer_out(id, &transfer()).await.unwrap_err();
    assert_eq!(e.status(), Some(403), "{e:?}");
    assert!(!handler.case(id).await.unwrap().actions.transfer_out);
    assert!(manager.case(id).await.unwrap().actions.transfer_out);
    let e = manager.transfer_out(id, &TransferInput { agency: "시".into(), reason: String::new() }).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    let fields = e.fields().0;
    assert_eq!((fields["agency"].code.as_str(), fields["reason"].code.as_str()), ("too_short", "required"));

    let view = manager.transfer_out(id, &transfer()).await.unwrap();
    assert_eq!(view.status, CaseStatus::Closed);
    let last = view.history.last().unwrap();
    assert_eq!((last.code, last.after.as_deref()), (Some(HistoryAction::TransferredOut), Some("종결")));
    assert!(last.detail.starts_with("문경시청 도로과: "));
    // Once closed, not again.
    assert_eq!(manager.transfer_out(id, &transfer()).await.unwrap_err().status(), Some(409));

    // Told by e-mail only (no SMS consent), naming the agency.
    let admin = app.client(Some(&app.admin().await));
    let notices = admin.case_notices(id).await.unwrap();
    let told: Vec<_> = notices.iter().filter(|n| n.notice == NoticeKind::TransferOut).collect();
    assert_eq!(told.len(), 1, "{notices:?}");
    assert_eq!(told[0].channel, NoticeChannel::Email);
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let text: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'transfer_out'").fetch_one(&pool).await.unwrap();
    assert!(text.contains("문경시청 도로과") && text.contains("epeople.go.kr"), "{text}");

    // The tracking page says where it went and how to follow it.
    let public = app
        .client(None)
        .tracked_case(c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(public.status, CaseStatus::Closed);
    assert!(public.closure_reason.as_deref().unwrap().starts_with("문경시청 도로과의 소관이어서"), "{public:?}");
}

#[tokio::test]
async fn reports_count_transfers_apart_from_compliance_and_handling_time() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let transferred = file(&app, "마을 앞 도로 포장이 파손되어 위험합니다", json!({})).await["id"].as_i64().unwrap();
    let late = file(&app, "레일바이크 안전띠가 헐거워요", json!({})).await["id"].as_i64().unwrap();
    manager.transfer_out(transferred, &transfer()).await.unwrap();
    // The other is answered late (due Wednesday 10:00).
    app.set_now("2026-11-26 10:00");
    let manager = app.client(Some(&app.login("manager", "user-password").await));
    manager.answer(late, &crate::common::answer_input()).await.unwrap();

    let s = manager.report_summary("from=2026-11-01&to=2026-11-30").await.unwrap();
    assert_eq!((s.received, s.processed, s.transferred), (2, 2, 1));
    // Only the answered case is measured: late, so 0 — not 1 of 2.
    assert_eq!(s.compliance_rate, 0.0);
    // So in every table, where both count as processed but only the late one is measured.
    for (table, rows) in [
        ("by_kind", &s.by_kind),
        ("by_channel", &s.by_channel),
        ("by_facility", &s.by_facility),
        ("by_department", &s.by_department),
        ("monthly", &s.monthly),
    ] {
        assert_eq!(rows.len(), 1, "{table}: {rows:?}");
        assert_eq!((rows[0].processed, rows[0].compliance_rate), (2, 0.0), "{table}");
    }

    // Its handling time alone: 24 business hours.
    assert_eq!(s.mean_handling_hours, Some(24.0));

    // Reopened, it is no longer a transfer: it is open and due like any case.
    let view = manager.reopen(transferred, &TextInput { note: "시 소관이 아님을 확인".into() }).await.unwrap();
    assert_eq!(view.closure_reason, None, "{view:?}");
    let s = manager.report_summary("from=2026-11-01&to=2026-11-30").await.unwrap();
    assert_eq!((s.transferred, s.processed), (0, 1));
}
