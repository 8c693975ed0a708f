//! Appeals (이의신청): within 90 days of a result not fully accepted, the complainant appeals
//! from the tracking page; the appeal is a case of its own kind in the deciding department,
//! due in 10 days counted in days, linked to the original both ways; once only.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

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

fn tracking(c: &Value, path: &str) -> String {
    format!("/api/v1/cases/{}{path}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap())
}

async fn answer(app: &TestApp, manager: &str, c: &Value, decision: &str) {
    let body = json!({"decision": decision, "result": "환불 규정에 따라 한 번만 결제된 것으로 확인했습니다.",
                      "basis": "이용 약관 제7조", "appeal": "결과 통지 후 90일 안에 진행 조회 화면에서 이의신청"});
    let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), body, Some(manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

#[tokio::test]
async fn a_result_not_accepted_is_appealed_once_and_the_appeal_goes_to_the_deciding_department() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app).await;
    let appeal = tracking(&c, "/appeal");
    let reasons = json!({"reasons": "카드 명세서에 두 번 청구되어 있습니다. 다시 확인해 주세요."});
    // Not before a result.
    let r = app.post(&appeal, reasons.clone(), None).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("nothing_to_appeal")));

    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    answer(&app, &manager, &c, "not_accepted").await;
    let public = app.get(&tracking(&c, ""), None).await.body;
    assert_eq!(public["appeal"]["last_day"], "2027-02-21");
    assert_eq!(
        app.post(&appeal.replace("token=", "token=x"), reasons.clone(), None).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.post(&appeal, json!({"reasons": "싫어요"}), None).await;
    assert_eq!(r.body["fields"]["reasons"]["code"], "too_short");

    app.set_now("2026-11-24 09:00");
    let r = app.post(&appeal, reasons.clone(), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["kind"], "appeal");
    // Ten days counted in days from Tuesday 24 November: due at the close of 7 December.
    assert_eq!(r.body["due_at"], "2026-12-07T18:00:00+09:00");
    let appeal_case = r.body.clone();
    // Its own tracking link works and shows the reasons.
    let own = app.get(&tracking(&appeal_case, ""), None).await.body;
    assert!(own["content"].as_str().unwrap().contains(c["receipt_no"].as_str().unwrap()));
    assert!(own["content"].as_str().unwrap().contains("두 번 청구"));

    // Once only; the original's page now names the appeal and where to follow it.
    let again = app.post(&appeal, reasons, None).await;
    assert_eq!((again.status, again.body["error"].clone()), (StatusCode::CONFLICT, json!("already_appealed")));
    let public = app.get(&tracking(&c, ""), None).await.body;
    assert_eq!(public["appeal"]["last_day"], Value::Null);
    assert_eq!(public["appeal"]["filed"], appeal_case["receipt_no"]);
    let path = public["appeal"]["filed_path"].as_str().unwrap();
    let follow = path.replace("/track/", "/api/v1/cases/");
    assert_eq!(app.get(&follow, None).await.body["kind"], "appeal");

    // In the railbike department's queue, with the original's contacts, told by SMS; both
    // histories and views name each other.
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let view = app.get(&format!("/api/v1/cases/{}", appeal_case["id"]), Some(&handler)).await.body;
    assert_eq!(view["department_id"], 3);
    assert_eq!(view["phone_masked"], "010-****-5678");
    assert_eq!(view["appeal_of"]["receipt_no"], c["receipt_no"]);
    assert_eq!(view["due_at_close"], true);
    let original = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&handler)).await.body;
    assert_eq!(original["appealed_by"]["receipt_no"], appeal_case["receipt_no"]);
    let last = original["history"].as_array().unwrap().last().unwrap();
    assert_eq!((last["code"].clone(), last["detail"].clone()), (json!("appealed"), appeal_case["receipt_no"].clone()));
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let receipts: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE notice = 'receipt' AND case_id = $1")
        .bind(appeal_case["id"].as_i64().unwrap())
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
    let accepted = file(&app).await;
    answer(&app, &manager, &accepted, "accepted").await;
    let r =
        app.post(&tracking(&accepted, "/appeal"), json!({"reasons": "그래도 다시 봐 주세요 부탁합니다"}), None).await;
    assert_eq!(r.body["error"], "nothing_to_appeal");
    assert_eq!(app.get(&tracking(&accepted, ""), None).await.body["appeal"]["last_day"], Value::Null);

    let partly = file(&app).await;
    answer(&app, &manager, &partly, "partly_accepted").await;
    app.set_now("2027-02-22 09:00");
    let r = app.post(&tracking(&partly, "/appeal"), json!({"reasons": "그래도 다시 봐 주세요 부탁합니다"}), None).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("appeal_too_late")));
    assert!(r.body["message"].as_str().unwrap().contains("2027-02-21"));

    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "appeal", "channel": "kiosk", "content": "이의신청합니다 다시 봐 주세요"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["kind"]["code"], "appeal_not_filed");
}
