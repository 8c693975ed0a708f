//! Registered kiosks: keys issued and revoked by administrators, their own intake limits, the
//! facility from the key, and a revoked tablet that stops.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use server::throttle::Limit;

use crate::common::{Reply, TestApp};

async fn as_kiosk(app: &TestApp, key: &str, uri: &str, body: Option<Value>) -> Reply {
    let req = Request::builder().method(if body.is_some() { Method::POST } else { Method::GET }).uri(uri);
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-kiosk-key", key)
            .body(Body::from(b.to_string())),
        None => req.header("x-kiosk-key", key).body(Body::empty()),
    };
    app.send(req.unwrap()).await
}

async fn issue(app: &TestApp, admin: &str, facility: &str, label: &str) -> Reply {
    app.post("/api/v1/kiosk-keys", json!({"facility": facility, "label": label}), Some(admin)).await
}

#[tokio::test]
async fn an_administrator_issues_a_key_once_and_the_tablet_registers_with_it() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let bad = issue(&app, &admin, "moon", "").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["fields"]["label"]["code"], "required");
    let unknown = issue(&app, &admin, "moon", "달 기지 1번").await;
    assert_eq!(unknown.body["fields"]["facility"]["code"], "unknown_facility");
    let manager = app.user("manager", "voc_manager").await;
    assert_eq!(issue(&app, &manager, "railbike", "레일바이크 1번").await.status, StatusCode::FORBIDDEN);

    let made = issue(&app, &admin, "railbike", "레일바이크 매표소 1번").await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let secret = made.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32);
    let list = app.get("/api/v1/kiosk-keys", Some(&admin)).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    assert!(!list.body.to_string().contains(&secret), "the key is shown once, never listed");

    // The tablet registers: a long-lived HttpOnly cookie from then on.
    let wrong = app.post("/api/v1/kiosk/device", json!({"key": "not-the-key"}), None).await;
    assert_eq!(wrong.body["fields"]["key"]["code"], "unknown_kiosk_key");
    let reg = app.post("/api/v1/kiosk/device", json!({"key": secret}), None).await;
    assert_eq!(reg.status, StatusCode::OK);
    assert_eq!(reg.body, json!({"facility": "railbike", "label": "레일바이크 매표소 1번"}));
    let cookie = reg.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with(&format!("voc_kiosk={secret};")) && cookie.contains("HttpOnly"), "{cookie}");
    let jar = cookie.split(';').next().unwrap().to_owned();
    let me = app.get("/api/v1/kiosk/device", Some(&jar)).await;
    assert_eq!(me.body["facility"], "railbike");
    assert_eq!(app.get("/api/v1/kiosk/device", None).await.status, StatusCode::NOT_FOUND);
    let audit = app.get("/api/v1/audit-log?action=kiosk_key_issued", Some(&admin)).await;
    assert_eq!(audit.body["total"], 1);
}

#[tokio::test]
async fn a_registered_kiosk_has_its_own_limits_its_channel_and_its_facility() {
    let app = TestApp::new_with(|c| {
        c.intake_limits.filings = Limit::per_hour(2);
        c.intake_limits.kiosk_filings = Limit::per_hour(4);
    })
    .await;
    let admin = app.admin().await;
    let secret = issue(&app, &admin, "monorail", "모노레일 1번").await.body["secret"].as_str().unwrap().to_owned();
    // The facility's network has met the anonymous limit…
    app.file("주소 한도를 채우는 민원 1").await;
    app.file("주소 한도를 채우는 민원 2").await;
    let anon = json!({"kind": "complaint", "channel": "kiosk", "content": "주소 한도를 넘는 민원"});
    assert_eq!(app.post("/api/v1/cases", anon, None).await.status, StatusCode::TOO_MANY_REQUESTS);
    // …the registered kiosk on it files on its own count, on the kiosk channel, in its facility.
    for n in 0..4 {
        let body = json!({"kind": "complaint", "channel": "mobile", "content": format!("등록된 키오스크 민원 {n}")});
        let r = as_kiosk(&app, &secret, "/api/v1/cases", Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let case = app.get(&format!("/api/v1/cases/{}", r.body["id"]), Some(&admin)).await.body;
        assert_eq!((case["channel"].as_str(), case["facility"].as_str()), (Some("kiosk"), Some("monorail")));
    }
    let chosen = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "다른 시설 민원"});
    let over = as_kiosk(&app, &secret, "/api/v1/cases", Some(chosen)).await;
    assert_eq!((over.status, over.body["error"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited")));
    let list = app.get("/api/v1/kiosk-keys", Some(&admin)).await.body;
    assert!(list[0]["last_used_at"].is_string(), "{list}");
}

#[tokio::test]
async fn a_revoked_kiosk_stops_at_its_next_request() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let made = issue(&app, &admin, "railbike", "분실된 태블릿").await.body;
    let (id, secret) = (made["kiosk"]["id"].as_i64().unwrap(), made["secret"].as_str().unwrap().to_owned());
    let filing = json!({"kind": "praise", "channel": "kiosk", "content": "친절했습니다 감사합니다"});
    assert_eq!(as_kiosk(&app, &secret, "/api/v1/cases", Some(filing.clone())).await.status, StatusCode::CREATED);
    let uri = format!("/api/v1/kiosk-keys/{id}");
    assert_eq!(app.call(Method::DELETE, &uri, None, Some(&admin)).await.status, StatusCode::NO_CONTENT);
    let refused = as_kiosk(&app, &secret, "/api/v1/cases", Some(filing)).await;
    assert_eq!((refused.status, refused.body["error"].as_str()), (StatusCode::FORBIDDEN, Some("kiosk_key_revoked")));
    assert!(refused.body["message"].as_str().unwrap().contains("등록이 취소"));
    assert_eq!(as_kiosk(&app, &secret, "/api/v1/kiosk/device", None).await.status, StatusCode::FORBIDDEN);
    let again = app.post("/api/v1/kiosk/device", json!({"key": secret}), None).await;
    assert_eq!(again.body["fields"]["key"]["code"], "unknown_kiosk_key", "a revoked key registers nothing");
    // Revoking twice is harmless and logged once; an unknown key is a 404.
    assert_eq!(app.call(Method::DELETE, &uri, None, Some(&admin)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.call(Method::DELETE, "/api/v1/kiosk-keys/999", None, Some(&admin)).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = app.get("/api/v1/audit-log?action=kiosk_key_revoked", Some(&admin)).await;
    assert_eq!(audit.body["total"], 1);
    let list = app.get("/api/v1/kiosk-keys", Some(&admin)).await.body;
    assert!(list[0]["revoked_at"].is_string());
}
