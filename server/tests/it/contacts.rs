//! Contacts beyond a mobile number: a landline or a number abroad to be called back on, a postal
//! address, and the way the complainant asked to be answered — each shown to staff masked, in
//! full only through the logged call-back, and a text message only ever to a mobile number.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, codes};

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

#[tokio::test]
async fn calls_are_recorded_a_result_told_by_phone_counts_and_a_withdrawal_by_phone_closes_the_case() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let handler = app.user_in("tour_handler", "handler", Some(3)).await;
    let colleague = app.user_in("tour_colleague", "handler", Some(3)).await;
    let executive = app.user("executive", "executive").await;
    let handler_id =
        app.state.store.users().await.unwrap().into_iter().find(|u| u.username == "tour_handler").unwrap().id;
    let file = |content: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let r = app.post("/api/v1/cases", filing("054-550-6114", json!({"content": content})), None).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            let id = r.body["id"].as_i64().unwrap();
            let routed = app.post(&format!("/api/v1/cases/{id}/route"), json!({"department": 3}), Some(&admin)).await;
            assert_eq!(routed.status, StatusCode::OK, "{:?}", routed.body);
            let assigned =
                app.post(&format!("/api/v1/cases/{id}/assign"), json!({"user": handler_id}), Some(&admin)).await;
            assert_eq!(assigned.status, StatusCode::OK, "{:?}", assigned.body);
            id
        }
    };
    let id = file("레일바이크 매표소 안내가 부족합니다 확인 바랍니다").await;
    let uri = format!("/api/v1/cases/{id}/contacts");

    // Whoever may call back records the call; nobody else.
    let call = json!({"means": "phone", "outcome": "talked", "summary": "현장 확인 일정을 안내함"});
    assert_eq!(app.post(&uri, call.clone(), Some(&colleague)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&uri, call.clone(), Some(&executive)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&uri, json!({"means": "fax", "outcome": "result_given", "summary": " "}), Some(&handler)).await;
    assert_eq!(
        codes(&r.body),
        [
            ("means".into(), "unknown_option".into()),
            ("outcome".into(), "no_result_yet".into()),
            ("summary".into(), "required".into())
        ]
    );
    let r = app.post(&uri, call, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (&r.body["actions"]["record_contact"], &r.body["actions"]["withdraw_on_behalf"]),
        (&json!(true), &json!(true))
    );
    let log = &r.body["contact_log"][0];
    assert_eq!(
        (&log["means_text"], &log["outcome"], &log["summary"], &log["recorded_by"]),
        (&json!("전화"), &json!("talked"), &json!("현장 확인 일정을 안내함"), &json!("tour_handler"))
    );
    let history = r.body["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|h| h["action"] == "민원인 연락 기록" && h["detail"] == "전화 · 통화·면담함: 현장 확인 일정을 안내함"),
        "{history:?}"
    );
    assert_eq!(r.body["result_told"], Value::Null);

    // Answered with no consent to any notice: nobody is told until the handler calls.
    let answered = app.post(&format!("/api/v1/cases/{id}/answer"), crate::common::an_answer(), Some(&admin)).await;
    assert_eq!(answered.status, StatusCode::OK, "{:?}", answered.body);
    assert_eq!(answered.body["result_told"], Value::Null);
    let told = json!({"means": "phone", "outcome": "result_given", "summary": "매표소 안내판 설치 결과를 설명함"});
    let r = app.post(&uri, told, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["result_told"]["how"], "전화");
    assert_eq!(r.body["status"], "closed");
    assert_eq!(r.body["actions"]["withdraw_on_behalf"], false, "a closed case is not withdrawn");

    // A withdrawal asked for by phone: the complainant's own confirmation first, then closed.
    let other = file("캠핑장 예약 취소 수수료가 너무 많습니다").await;
    let uri = format!("/api/v1/cases/{other}/contacts");
    let withdrawal = json!({"means": "phone", "outcome": "withdrawal", "summary": "환불을 받아 취하하겠다고 함"});
    let r = app.post(&uri, withdrawal.clone(), Some(&handler)).await;
    assert_eq!(codes(&r.body), [("confirmed".into(), "withdrawal_unconfirmed".into())]);
    let mut confirmed = withdrawal.clone();
    confirmed["confirmed"] = json!(true);
    assert_eq!(app.post(&uri, confirmed.clone(), Some(&colleague)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&uri, confirmed.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "withdrawn");
    let history = r.body["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (&last["action"], &last["actor"]),
        (&json!("취하(전화·방문으로 확인)"), &json!("tour_handler")),
        "{history:?}"
    );
    let again = app.post(&uri, confirmed, Some(&handler)).await;
    assert_eq!(
        (again.status, &again.body["error"]),
        (StatusCode::CONFLICT, &json!("invalid_transition")),
        "{:?}",
        again.body
    );
    // A call after the withdrawal is still recorded.
    let r = app
        .post(
            &uri,
            json!({"means": "visit", "outcome": "talked", "summary": "민원실 방문, 취하 확인서 서명"}),
            Some(&handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["contact_log"].as_array().unwrap().len(), 2);
}
