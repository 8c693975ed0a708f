//! Appeals (이의신청): within 90 days of a result not fully accepted, the complainant appeals
//! from the tracking page; the appeal is a case of its own kind in the deciding department,
//! due in 10 days counted in days, linked to the original both ways; once only.

use app::domain::{AnswerInput, AppealInput, HistoryAction, NewCaseInput, VocKind};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate};
use serde_json::{Value, json};

use crate::common::{TestApp, tracking_key};

async fn file(app: &TestApp) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike",
                   "content": "레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.",
                   "name": "홍길동", "phone": "010-1234-5678", "consent": {"sms": true}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn reasons(text: &str) -> AppealInput {
    AppealInput { reasons: text.into() }
}

async fn answer(app: &TestApp, manager: &str, c: &Value, decision: &str) {
    let body = AnswerInput {
        decision: decision.into(),
        result: "환불 규정에 따라 한 번만 결제된 것으로 확인했습니다.".into(),
        basis: "이용 약관 제7조".into(),
        appeal: "결과 통지 후 90일 안에 진행 조회 화면에서 이의신청".into(),
    };
    app.client(Some(manager)).answer(c["id"].as_i64().unwrap(), &body).await.unwrap();
}

#[tokio::test]
async fn a_result_not_accepted_is_appealed_once_and_the_appeal_goes_to_the_deciding_department() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app).await;
    let (receipt, token) = tracking_key(&c);
    let complainant = app.client(None);
    let why = reasons("카드 명세서에 두 번 청구되어 있습니다. 다시 확인해 주세요.");
    // Not before a result.
    let e = complainant.appeal(receipt, token, &why).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(409), Some("nothing_to_appeal")));

    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    answer(&app, &manager, &c, "not_accepted").await;
    let public = complainant.tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.appeal.last_day, NaiveDate::from_ymd_opt(2027, 2, 21));
    let wrong = format!("x{token}");
    assert_eq!(complainant.appeal(receipt, &wrong, &why).await.unwrap_err().status(), Some(404));
    let e = complainant.appeal(receipt, token, &reasons("싫어요")).await.unwrap_err();
    assert_eq!(e.fields().0["reasons"].code, "too_short");

    app.set_now("2026-11-24 09:00");
    let appeal_case = complainant.appeal(receipt, token, &why).await.unwrap();
    assert_eq!(appeal_case.kind, VocKind::Appeal);
    // Ten days counted in days from Tuesday 24 November: due at the close of 7 December.
    assert_eq!(appeal_case.due_at, DateTime::parse_from_rfc3339("2026-12-07T18:00:00+09:00").unwrap());
    // Its own tracking link works and shows the reasons.
    let own = complainant.tracked_case(&appeal_case.receipt_no, &appeal_case.tracking_token).await.unwrap();
    assert!(own.content.contains(receipt));
    assert!(own.content.contains("두 번 청구"));

    // Once only; the original's page now names the appeal and where to follow it.
    let again = complainant.appeal(receipt, token, &why).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("already_appealed")));
    let public = complainant.tracked_case(receipt, token).await.unwrap();
    assert_eq!(public.appeal.last_day, None);
    assert_eq!(public.appeal.filed.as_deref(), Some(appeal_case.receipt_no.as_str()));
    let path = public.appeal.filed_path.unwrap();
    let (follow_receipt, follow_token) = path.trim_start_matches("/track/").split_once("?token=").unwrap();
    assert_eq!(complainant.tracked_case(follow_receipt, follow_token).await.unwrap().kind, VocKind::Appeal);

    // In the railbike department's queue, with the original's contacts, told by SMS; both
    // histories and views name each other.
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    let view = handler.case(appeal_case.id).await.unwrap();
    assert_eq!(view.department_id, Some(3));
    assert_eq!(view.phone_masked.as_deref(), Some("010-****-5678"));
    assert_eq!(view.appeal_of.unwrap().receipt_no, receipt);
    assert!(view.due_at_close);
    let original = handler.case(c["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(original.appealed_by.unwrap().receipt_no, appeal_case.receipt_no);
    let last = original.history.last().unwrap();
    assert_eq!((last.code, last.detail.as_str()), (Some(HistoryAction::Appealed), appeal_case.receipt_no.as_str()));
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let receipts: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE notice = 'receipt' AND case_id = $1")
        .bind(appeal_case.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(receipts, 1);
}

#[tokio::test]
async fn an_accepted_result_or_one_past_ninety_days_is_not_appealed_and_appeal_is_never_filed_directly() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let complainant = app.client(None);
    let why = reasons("그래도 다시 봐 주세요 부탁합니다");
    let accepted = file(&app).await;
    answer(&app, &manager, &accepted, "accepted").await;
    let (receipt, token) = tracking_key(&accepted);
    let e = complainant.appeal(receipt, token, &why).await.unwrap_err();
    assert_eq!(e.code(), Some("nothing_to_appeal"));
    assert_eq!(complainant.tracked_case(receipt, token).await.unwrap().appeal.last_day, None);

    let partly = file(&app).await;
    answer(&app, &manager, &partly, "partly_accepted").await;
    app.set_now("2027-02-22 09:00");
    let (receipt, token) = tracking_key(&partly);
    let e = complainant.appeal(receipt, token, &why).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(409), Some("appeal_too_late")));
    assert!(e.message().contains("2027-02-21"));

    let direct = NewCaseInput {
        kind: "appeal".into(),
        channel: "kiosk".into(),
        content: "이의신청합니다 다시 봐 주세요".into(),
        ..Default::default()
    };
    let e = complainant.file_case(&direct).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.fields().0["kind"].code, "appeal_not_filed");
}
