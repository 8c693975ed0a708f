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
