//! The citizen panel and customer monitors' roster: appointing (refusals field by field), the
//! masked roster, contacts shown only for a purpose the access log keeps, correcting, members
//! marked present at a panel session held in their term, and the sweep that destroys a
//! member's personal data a year after the term — and what stays.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, codes};

const PASSWORD: &str = "user-password";

fn member(name: &str, phone: &str, from: &str, to: &str) -> Value {
    json!({"panel": "citizen_panel", "name": name, "phone": phone, "email": "moon@example.com",
           "affiliation": "점촌동 주민", "term_from": from, "term_to": to, "consented_on": "2026-01-02"})
}

fn session(held_on: &str, members: &[i64]) -> Value {
    json!({"kind": "panel", "title": "주민참여평가단 2차 회의", "held_on": held_on,
           "summary": "레일바이크 대기 안내와 화장실 청결 의견을 들었다.", "member_ids": members,
           "items": [{"topic": "화장실 청결", "decision": "점검 주기를 늘린다"}]})
}

#[tokio::test]
async fn the_roster_is_masked_and_contacts_are_shown_only_for_a_logged_purpose() {
    let app = TestApp::new().await;
    app.set_now("2026-03-02 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(3)).await;
    let officer = app.user("officer", "privacy_officer").await;

    // Refusals, field by field; nothing is kept.
    let bad = json!({"panel": "jury", "name": " ", "phone": "12", "email": "nobody",
                     "affiliation": "연락 010-1234-5678", "term_from": "2026-01-01", "term_to": "2025-12-31"});
    let r = app.post("/api/v1/panel-members", bad, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.body),
        [
            ("affiliation".into(), "personal_data".into()),
            ("consented_on".into(), "privacy_consent_needed".into()),
            ("email".into(), "email_invalid".into()),
            ("name".into(), "required".into()),
            ("panel".into(), "unknown_option".into()),
            ("phone".into(), "phone_invalid".into()),
            ("term_to".into(), "end_before_start".into()),
        ]
    );
    assert!(r.body["fields"]["consented_on"]["ko"].as_str().unwrap().contains("개인정보 수집·이용 동의"));
    let kim = member("김문경", "010-2222-3333", "2026-01-01", "2026-12-31");
    assert_eq!(app.post("/api/v1/panel-members", kim.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/panel-members", Some(&handler)).await.status, StatusCode::FORBIDDEN);

    let r = app.post("/api/v1/panel-members", kim, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(
        (&r.body["name"], &r.body["phone"], &r.body["email"], &r.body["state"], &r.body["kept_until"]),
        (
            &json!("김*경"),
            &json!("010-****-3333"),
            &json!("mo***@example.com"),
            &json!("serving"),
            &json!("2027-12-31")
        )
    );
    let later = member("박상주", "010-4444-5555", "2027-01-01", "2027-12-31");
    assert_eq!(app.post("/api/v1/panel-members", later, Some(&manager)).await.status, StatusCode::CREATED);
    let roster = app.get("/api/v1/panel-members", Some(&manager)).await;
    assert_eq!(roster.status, StatusCode::OK);
    assert_eq!(
        (roster.body["serving"].as_i64(), roster.body["members"][1]["state"].as_str()),
        (Some(1), Some("upcoming"))
    );
    assert!(!roster.body.to_string().contains("2222-3333"), "the roster holds masks only");

    // Contacts in full: a purpose first, and the access log has it before they leave.
    let uri = format!("/api/v1/panel-members/{id}/contact");
    let r = app.post(&uri, json!({"purpose": " "}), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("purpose".into(), "required".into())]);
    assert_eq!(app.post(&uri, json!({"purpose": "회의 안내"}), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&uri, json!({"purpose": "회의·활동 참석 안내"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (&r.body["name"], &r.body["phone"], &r.body["email"]),
        (&json!("김문경"), &json!("010-2222-3333"), &json!("moon@example.com"))
    );
    let log = app.get("/api/v1/privacy/access-log?user=manager", Some(&officer)).await;
    assert_eq!(log.body["total"], 1, "{:?}", log.body);
    let entry = &log.body["items"][0];
    assert_eq!(
        (&entry["what"], &entry["what_text"], &entry["purpose"], &entry["receipt_no"]),
        (
            &json!("panel_contact"),
            &json!("평가단·모니터단 위원 연락처 열람"),
            &json!("회의·활동 참석 안내"),
            &Value::Null
        )
    );
    assert_eq!(entry["detail"], format!("panel_member:{id} 김*경"));
    assert_eq!(
        app.post("/api/v1/panel-members/999/contact", json!({"purpose": "안내"}), Some(&manager)).await.status,
        StatusCode::NOT_FOUND
    );

    // Correcting: the term ended early; the audit log has before and after, masked.
    let ended = member("김문경", "010-2222-3334", "2026-01-01", "2026-06-30");
    assert_eq!(
        app.put(&format!("/api/v1/panel-members/{id}"), ended.clone(), Some(&handler)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.put(&format!("/api/v1/panel-members/{id}"), ended, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (&r.body["term_to"], &r.body["phone"], &r.body["updated_by"]),
        (&json!("2026-06-30"), &json!("010-****-3334"), &json!("manager"))
    );
    let admin = app.admin().await;
    let audit = app.get("/api/v1/audit-log?action=panel_member_saved", Some(&admin)).await;
    assert_eq!(audit.body["total"], 3, "{:?}", audit.body);
    assert!(!audit.body.to_string().contains("2222-333"), "the audit log holds masks only");
}

#[tokio::test]
async fn members_present_at_a_session_serve_on_its_day_and_their_data_goes_a_year_after_the_term() {
    let app = TestApp::new().await;
    app.set_now("2026-05-20 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let add = |body: Value| {
        let (app, manager) = (&app, manager.clone());
        async move {
            let r = app.post("/api/v1/panel-members", body, Some(&manager)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body["id"].as_i64().unwrap()
        }
    };
    let kim = add(member("김문경", "010-2222-3333", "2026-01-01", "2026-06-30")).await;
    let park = add(member("박상주", "010-4444-5555", "2026-06-01", "2027-05-31")).await;

    // The record form offers the members; a committee has none; each must serve on the day.
    let overview = app.get("/api/v1/ccm-activities", Some(&manager)).await;
    assert_eq!(overview.body["members"].as_array().unwrap().len(), 2);
    let mut committee = session("2026-05-19", &[kim]);
    committee["kind"] = json!("committee");
    let r = app.post("/api/v1/ccm-activities", committee, Some(&manager)).await;
    assert_eq!(codes(&r.body), [("member_ids".into(), "members_for_panel_only".into())]);
    let r = app.post("/api/v1/ccm-activities", session("2026-05-19", &[kim, park]), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("member_ids".into(), "not_in_term".into())]);
    let r = app.post("/api/v1/ccm-activities", session("2026-05-19", &[kim, 999]), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("member_ids".into(), "unknown_option".into())]);
    let r = app.post("/api/v1/ccm-activities", session("2026-05-19", &[kim, kim]), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let activity = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.body["members"],
        json!([{"id": kim, "name": "김*경", "panel": "citizen_panel", "panel_label": "주민참여평가단",
        "term_from": "2026-01-01", "term_to": "2026-06-30"}])
    );
    let roster = app.get("/api/v1/panel-members", Some(&manager)).await.body;
    let sessions: Vec<(i64, i64)> = roster["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_i64().unwrap(), m["sessions"].as_i64().unwrap()))
        .collect();
    assert!(sessions.contains(&(kim, 1)) && sessions.contains(&(park, 0)), "{sessions:?}");

    // A year after the term the sweep destroys the name and contacts, once; the mask stays.
    app.set_now("2027-06-30 12:00");
    assert_eq!(server::jobs::purge_panel_members(&app.state).await.unwrap(), 0, "kept to the last day");
    app.set_now("2027-07-01 09:00");
    assert_eq!(server::jobs::purge_panel_members(&app.state).await.unwrap(), 1);
    assert_eq!(server::jobs::purge_panel_members(&app.state).await.unwrap(), 0, "once");
    let manager = app.login("manager", PASSWORD).await;
    let roster = app.get("/api/v1/panel-members", Some(&manager)).await.body;
    let gone = roster["members"].as_array().unwrap().iter().find(|m| m["id"] == kim).unwrap().clone();
    assert_eq!(
        (&gone["name"], &gone["phone"], &gone["email"], &gone["state"], &gone["sessions"]),
        (&json!("김*경"), &Value::Null, &Value::Null, &json!("purged"), &json!(1))
    );
    let uri = format!("/api/v1/panel-members/{kim}");
    let r = app.post(&format!("{uri}/contact"), json!({"purpose": "안내"}), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("member_purged")));
    let again = member("김문경", "010-2222-3333", "2026-01-01", "2026-06-30");
    assert_eq!(app.put(&uri, again, Some(&manager)).await.status, StatusCode::CONFLICT);
    let a = app.get("/api/v1/ccm-activities?year=2026", Some(&manager)).await.body;
    let held = a["activities"].as_array().unwrap().iter().find(|x| x["id"] == activity).unwrap().clone();
    assert_eq!(held["members"][0]["name"], "김*경", "the session still reads whole");
    assert_eq!(
        a["members"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect::<Vec<_>>(),
        [park],
        "a destroyed member is no longer offered"
    );
    let admin = app.admin().await;
    let audit = app.get("/api/v1/audit-log?action=panel_members_purged", Some(&admin)).await;
    assert_eq!((audit.body["total"].as_i64(), audit.body["items"][0]["actor"].as_str()), (Some(1), Some("system")));
}
