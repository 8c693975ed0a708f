//! Contacts beyond a mobile number: a landline or a number abroad to be called back on, a postal
//! address, and the way the complainant asked to be answered — each shown to staff masked, in
//! full only through the logged call-back, and a text message only ever to a mobile number.

use app::api::{AssignInput, RouteInput};
use app::domain::{CaseStatus, ContactLogInput, ContactOutcome};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, codes, field_codes};

fn filing(phone: &str, extra: Value) -> Value {
    let mut body = json!({"kind": "complaint", "channel": "homepage", "facility": "railbike", "name": "박민원",
        "content": "레일바이크 매표소 안내가 부족합니다 확인 바랍니다", "phone": phone});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

#[tokio::test]
async fn a_landline_or_a_number_abroad_is_a_contact_and_a_text_goes_to_mobiles_only() {
    let app = TestApp::new().await;
    let admin = app.admin().await;

    // A landline with text messages ticked is refused and says why, naming the field.
    let r = app.post("/api/v1/cases", filing("054-550-6114", json!({"consent": {"sms": true}})), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(codes(&r.body), [("phone".into(), "sms_needs_mobile".into())]);
    assert!(r.body["fields"]["phone"]["ko"].as_str().unwrap().contains("휴대전화 번호로만"));
    assert!(r.body["fields"]["phone"]["en"].as_str().unwrap().contains("mobile numbers only"));
    // An answer by post needs the address; by e-mail, the e-mail consent as well.
    let r = app.post("/api/v1/cases", filing("054-550-6114", json!({"reply_by": "post"})), None).await;
    assert_eq!(codes(&r.body), [("address".into(), "address_needed_for_post".into())]);
    let r = app.post("/api/v1/cases", filing("", json!({"reply_by": "email", "email": "park@example.kr"})), None).await;
    assert_eq!(codes(&r.body), [("reply_by".into(), "reply_needs_consent".into())]);
    let r = app.post("/api/v1/cases", filing("", json!({"reply_by": "fax"})), None).await;
    assert_eq!(codes(&r.body), [("reply_by".into(), "unknown_option".into())]);

    // A landline and an address, to be answered by post.
    let address = "경상북도 문경시 점촌동 123-4 문경아파트 101동 202호";
    let r = app
        .post("/api/v1/cases", filing("(054) 550-6114", json!({"address": address, "reply_by": "post"})), None)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let landline = r.body["id"].as_i64().unwrap();
    let view = app.get(&format!("/api/v1/cases/{landline}"), Some(&admin)).await.body;
    assert_eq!(
        (&view["phone_masked"], &view["address_masked"], &view["reply_by"]),
        (&json!("054-***-6114"), &json!("경상북도 문경시 ***"), &json!("post"))
    );
    assert!(!view.to_string().contains("점촌동"), "the address is masked: {view}");
    // In full through the call-back, which the access log keeps masked.
    let r = app.post(&format!("/api/v1/cases/{landline}/contact"), json!({"purpose": "결과 안내"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body, json!({"name": "박민원", "phone": "054-550-6114", "email": null, "address": address}));
    let log = app.get("/api/v1/privacy/access-log?user=admin", Some(&admin)).await.body;
    assert_eq!(log["items"][0]["detail"], "박*원 054-***-6114 경상북도 문경시 ***", "{log}");

    // A number abroad, to be called back; any writing of it finds the case.
    let r = app.post("/api/v1/cases", filing("+1 202-555-0123", json!({"reply_by": "phone"})), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let abroad = r.body["receipt_no"].as_str().unwrap().to_owned();
    let found = app.get("/api/v1/cases?contact=%2B1%20(202)%20555%200123", Some(&admin)).await.body;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["receipt_no"], json!(abroad));
    let view = app.get(&format!("/api/v1/cases/{abroad}"), Some(&admin)).await.body;
    assert_eq!((&view["phone_masked"], &view["reply_by"]), (&json!("+12*****0123"), &json!("phone")));

    // Nobody files a text to a landline: no SMS notice is queued for one even if a consent
    // stored before this rule says yes (the filing above could not have).
    let notices = app.get(&format!("/api/v1/cases/{landline}/notices"), Some(&admin)).await.body;
    assert!(notices.as_array().unwrap().iter().all(|n| n["channel"] != "sms"), "{notices}");
}

fn contact(means: &str, outcome: &str, summary: &str, confirmed: bool) -> ContactLogInput {
    ContactLogInput { means: means.into(), outcome: outcome.into(), summary: summary.into(), confirmed }
}

#[tokio::test]
async fn calls_are_recorded_a_result_told_by_phone_counts_and_a_withdrawal_by_phone_closes_the_case() {
    let app = TestApp::new().await;
    let admin = app.client(Some(&app.admin().await));
    let handler = app.client(Some(&app.user_in("tour_handler", "handler", Some(3)).await));
    let colleague = app.client(Some(&app.user_in("tour_colleague", "handler", Some(3)).await));
    let executive = app.client(Some(&app.user("executive", "executive").await));
    let handler_id = handler.me().await.unwrap().id;
    let file = |content: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let r = app.post("/api/v1/cases", filing("054-550-6114", json!({"content": content})), None).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            let id = r.body["id"].as_i64().unwrap();
            admin.route(id, &RouteInput { department: 3.into(), reason: String::new() }).await.unwrap();
            admin.assign(id, &AssignInput { user: handler_id.into() }).await.unwrap();
            id
        }
    };
    let id = file("레일바이크 매표소 안내가 부족합니다 확인 바랍니다").await;

    // Whoever may call back records the call; nobody else.
    let call = contact("phone", "talked", "현장 확인 일정을 안내함", false);
    assert_eq!(colleague.record_contact(id, &call).await.unwrap_err().status(), Some(403));
    assert_eq!(executive.record_contact(id, &call).await.unwrap_err().status(), Some(403));
    let e = handler.record_contact(id, &contact("fax", "result_given", " ", false)).await.unwrap_err();
    assert_eq!(
        field_codes(&e),
        [
            ("means".into(), "unknown_option".into()),
            ("outcome".into(), "no_result_yet".into()),
            ("summary".into(), "required".into())
        ]
    );
    let view = handler.record_contact(id, &call).await.unwrap();
    assert_eq!((view.actions.record_contact, view.actions.withdraw_on_behalf), (true, true));
    let log = &view.contact_log[0];
    assert_eq!(
        (log.means_text.as_str(), log.outcome, log.summary.as_str(), log.recorded_by.as_str()),
        ("전화", ContactOutcome::Talked, "현장 확인 일정을 안내함", "tour_handler")
    );
    assert!(
        view.history
            .iter()
            .any(|h| h.action == "민원인 연락 기록" && h.detail == "전화 · 통화·면담함: 현장 확인 일정을 안내함"),
        "{:?}",
        view.history
    );
    assert_eq!(view.result_told, None);

    // Answered with no consent to any notice: nobody is told until the handler calls.
    let answered = admin.answer(id, &crate::common::answer_input()).await.unwrap();
    assert_eq!(answered.result_told, None);
    let told = contact("phone", "result_given", "매표소 안내판 설치 결과를 설명함", false);
    let view = handler.record_contact(id, &told).await.unwrap();
    assert_eq!(view.result_told.unwrap().how, "전화");
    assert_eq!(view.status, CaseStatus::Closed);
    assert!(!view.actions.withdraw_on_behalf, "a closed case is not withdrawn");

    // A withdrawal asked for by phone: the complainant's own confirmation first, then closed.
    let other = file("캠핑장 예약 취소 수수료가 너무 많습니다").await;
    let unconfirmed = contact("phone", "withdrawal", "환불을 받아 취하하겠다고 함", false);
    let e = handler.record_contact(other, &unconfirmed).await.unwrap_err();
    assert_eq!(field_codes(&e), [("confirmed".into(), "withdrawal_unconfirmed".into())]);
    let confirmed = contact("phone", "withdrawal", "환불을 받아 취하하겠다고 함", true);
    assert_eq!(colleague.record_contact(other, &confirmed).await.unwrap_err().status(), Some(403));
    let view = handler.record_contact(other, &confirmed).await.unwrap();
    assert_eq!(view.status, CaseStatus::Withdrawn);
    let last = view.history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("취하(전화·방문으로 확인)", "tour_handler"),
        "{:?}",
        view.history
    );
    let again = handler.record_contact(other, &confirmed).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("invalid_transition")), "{again:?}");
    // A call after the withdrawal is still recorded.
    let visit = contact("visit", "talked", "민원실 방문, 취하 확인서 서명", false);
    assert_eq!(handler.record_contact(other, &visit).await.unwrap().contact_log.len(), 2);
}
