//! Registered kiosks: keys issued and revoked by administrators, their own intake limits, the
//! facility from the key, and a revoked tablet that stops.

use app::api::{KioskDeviceInput, NewKioskKeyInput};
use app::domain::{Channel, NewCaseInput};
use axum::http::{StatusCode, header};
use serde_json::json;
use server::throttle::Limit;

use crate::common::TestApp;

fn filing(kind: &str, channel: &str, facility: Option<&str>, content: &str) -> NewCaseInput {
    NewCaseInput {
        kind: kind.into(),
        channel: channel.into(),
        facility: facility.map(Into::into),
        content: content.into(),
        ..Default::default()
    }
}

fn key(facility: &str, label: &str) -> NewKioskKeyInput {
    NewKioskKeyInput { facility: facility.into(), label: label.into() }
}

#[tokio::test]
async fn an_administrator_issues_a_key_once_and_the_tablet_registers_with_it() {
    let app = TestApp::new().await;
    let admin = app.client(Some(&app.admin().await));
    let bad = admin.issue_kiosk_key(&key("moon", "")).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert_eq!(bad.fields().0["label"].code, "required");
    let unknown = admin.issue_kiosk_key(&key("moon", "달 기지 1번")).await.unwrap_err();
    assert_eq!(unknown.fields().0["facility"].code, "unknown_facility");
    let manager = app.client(Some(&app.user("manager", "voc_manager").await));
    assert_eq!(manager.issue_kiosk_key(&key("railbike", "레일바이크 1번")).await.unwrap_err().status(), Some(403));

    let secret = admin.issue_kiosk_key(&key("railbike", "레일바이크 매표소 1번")).await.unwrap().secret;
    assert_eq!(secret.len(), 32);
    let list = admin.kiosk_keys().await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(!serde_json::to_string(&list).unwrap().contains(&secret), "the key is shown once, never listed");

    // The tablet registers: a long-lived HttpOnly cookie from then on (read raw: the cookie
    // is a header, which the typed client leaves to the browser).
    let wrong = app.client(None).register_kiosk_device(&KioskDeviceInput { key: "not-the-key".into() }).await;
    assert_eq!(wrong.unwrap_err().fields().0["key"].code, "unknown_kiosk_key");
    let reg = app.post("/api/v1/kiosk/device", json!({"key": secret}), None).await;
    assert_eq!(reg.status, StatusCode::OK);
    assert_eq!(reg.body, json!({"facility": "railbike", "label": "레일바이크 매표소 1번"}));
    let cookie = reg.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with(&format!("voc_kiosk={secret};")) && cookie.contains("HttpOnly"), "{cookie}");
    let jar = cookie.split(';').next().unwrap().to_owned();
    assert_eq!(app.client(Some(&jar)).kiosk_device().await.unwrap().facility, "railbike");
    assert_eq!(app.client(None).kiosk_device().await.unwrap_err().status(), Some(404));
    assert_eq!(admin.audit_log("action=kiosk_key_issued").await.unwrap().total, 1);
}

#[tokio::test]
async fn a_registered_kiosk_has_its_own_limits_its_channel_and_its_facility() {
    let app = TestApp::new_with(|c| {
        c.intake_limits.filings = Limit::per_hour(2);
        c.intake_limits.kiosk_filings = Limit::per_hour(4);
    })
    .await;
    let admin = app.client(Some(&app.admin().await));
    let secret = admin.issue_kiosk_key(&key("monorail", "모노레일 1번")).await.unwrap().secret;
    let kiosk = app.client(None).with_kiosk_key(&secret);
    // The facility's network has met the anonymous limit…
    app.file("주소 한도를 채우는 민원 1").await;
    app.file("주소 한도를 채우는 민원 2").await;
    let anon = filing("complaint", "kiosk", None, "주소 한도를 넘는 민원");
    assert_eq!(app.client(None).file_case(&anon).await.unwrap_err().status(), Some(429));
    // …the registered kiosk on it files on its own count, on the kiosk channel, in its facility.
    for n in 0..4 {
        let filed =
            kiosk.file_case(&filing("complaint", "mobile", None, &format!("등록된 키오스크 민원 {n}"))).await.unwrap();
        let case = admin.case(filed.id).await.unwrap();
        assert_eq!((case.channel, case.facility.as_deref()), (Channel::Kiosk, Some("monorail")));
    }
    let chosen = filing("complaint", "kiosk", Some("railbike"), "다른 시설 민원");
    let over = kiosk.file_case(&chosen).await.unwrap_err();
    assert_eq!((over.status(), over.code()), (Some(429), Some("rate_limited")));
    let list = admin.kiosk_keys().await.unwrap();
    assert!(list[0].last_used_at.is_some(), "{list:?}");
}

#[tokio::test]
async fn a_revoked_kiosk_stops_at_its_next_request() {
    let app = TestApp::new().await;
    let admin = app.client(Some(&app.admin().await));
    let made = admin.issue_kiosk_key(&key("railbike", "분실된 태블릿")).await.unwrap();
    let (id, kiosk) = (made.kiosk.id, app.client(None).with_kiosk_key(&made.secret));
    let praise = filing("praise", "kiosk", None, "친절했습니다 감사합니다");
    kiosk.file_case(&praise).await.unwrap();
    admin.revoke_kiosk_key(id).await.unwrap();
    let refused = kiosk.file_case(&praise).await.unwrap_err();
    assert_eq!((refused.status(), refused.code()), (Some(403), Some("kiosk_key_revoked")));
    assert!(refused.message().contains("등록이 취소"));
    assert_eq!(kiosk.kiosk_device().await.unwrap_err().status(), Some(403));
    let again =
        app.client(None).register_kiosk_device(&KioskDeviceInput { key: made.secret.clone() }).await.unwrap_err();
    assert_eq!(again.fields().0["key"].code, "unknown_kiosk_key", "a revoked key registers nothing");
    // Revoking twice is harmless and logged once; an unknown key is a 404.
    admin.revoke_kiosk_key(id).await.unwrap();
    assert_eq!(admin.revoke_kiosk_key(999).await.unwrap_err().status(), Some(404));
    assert_eq!(admin.audit_log("action=kiosk_key_revoked").await.unwrap().total, 1);
    assert!(admin.kiosk_keys().await.unwrap()[0].revoked_at.is_some());
}
