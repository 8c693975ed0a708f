//! Serious cases (중대 민원): any kind, marked by staff who work cases with a reason; the
//! executives and VOC managers are alerted by e-mail; the mark shows in the queue and can be
//! cleared; the history keeps both. Driven through the typed client, as the case page is.

use app::domain::{HistoryAction, NoticeKind, SeriousInput, SeriousReason};

use crate::common::TestApp;

fn input(reason: &str, note: &str) -> SeriousInput {
    SeriousInput { reason: reason.into(), note: note.into() }
}

#[tokio::test]
async fn staff_mark_any_case_serious_and_the_executives_are_alerted() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = app.file("레일바이크 레일 이음부가 벌어져 탈선 위험이 있습니다").await;
    let id = c["id"].as_i64().unwrap();
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    app.user_with_email("cco", "executive", None, Some("cco@example.com")).await;
    let exec = app.client(Some(&app.login("cco", "user-password").await));
    app.user_with_email("manager", "voc_manager", Some(1), Some("manager@example.com")).await;

    let refused = exec.mark_serious(id, &input("safety", "x")).await.unwrap_err();
    assert_eq!(refused.status(), Some(403));
    let bad = handler.mark_serious(id, &input("gossip", "")).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert_eq!(bad.fields().0["reason"].code, "unknown_serious_reason");
    assert_eq!(bad.fields().0["note"].code, "required");

    let view = handler.mark_serious(id, &input("safety", "탈선 위험: 운행 중지 검토")).await.unwrap();
    let serious = view.serious.clone().unwrap();
    assert_eq!(serious.reason, SeriousReason::Safety);
    assert_eq!(serious.reason_text, "안전사고 우려");
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::MarkedSerious));
    let queue = handler.queue("").await.unwrap();
    assert_eq!(queue.items.iter().find(|q| q.id == id).unwrap().serious, Some(SeriousReason::Safety));

    // Both the executive and the VOC manager are told, by e-mail.
    let admin = app.client(Some(&app.admin().await));
    let notices = admin.case_notices(id).await.unwrap();
    let alerts: Vec<&str> =
        notices.iter().filter(|n| n.notice == NoticeKind::Serious).map(|n| n.recipient.as_str()).collect();
    assert_eq!(alerts.len(), 2, "{notices:?}");
    assert!(alerts.iter().all(|r| r.ends_with("@example.com")));

    // Cleared: the queue no longer heads it; the history keeps both steps.
    let view = handler.clear_serious(id).await.unwrap();
    assert_eq!(view.serious, None);
    let codes: Vec<HistoryAction> = view.history.iter().filter_map(|h| h.code).collect();
    assert!(codes.ends_with(&[HistoryAction::MarkedSerious, HistoryAction::SeriousCleared]), "{codes:?}");

    // Not on a closed case.
    admin.answer(id, &crate::common::answer_input()).await.unwrap();
    let closed = admin.mark_serious(id, &input("media", "보도 예정")).await.unwrap_err();
    assert_eq!(closed.status(), Some(409), "{closed:?}");
}
