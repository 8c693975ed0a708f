//! The citizen panel and customer monitors' roster: appointing (refusals field by field), the
//! masked roster, contacts shown only for a purpose the access log keeps, correcting, members
//! marked present at a panel session held in their term, and the sweep that destroys a
//! member's personal data a year after the term — and what stays.

use app::domain::{ContactPurposeInput, MemberState, PanelMemberInput};
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

fn appointment(name: &str, phone: &str, from: &str, to: &str) -> PanelMemberInput {
    serde_json::from_value(member(name, phone, from, to)).unwrap()
}

#[tokio::test]
async fn the_roster_is_masked_and_contacts_are_shown_only_for_a_logged_purpose() {
    let app = TestApp::new().await;
    app.set_now("2026-03-02 10:00");
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let handler = app.client(Some(&app.user_in("handler", "handler", Some(3)).await));
    let officer = app.client(Some(&app.user("officer", "privacy_officer").await));

    // Refusals, field by field; nothing is kept.
    let bad = PanelMemberInput {
        panel: "jury".into(),
        name: " ".into(),
        phone: "12".into(),
        email: "nobody".into(),
        affiliation: "연락 010-1234-5678".into(),
        term_from: "2026-01-01".into(),
        term_to: "2025-12-31".into(),
        consented_on: String::new(),
    };
    let e = manager.create_panel_member(&bad).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    let codes = crate::common::field_codes(&e);
    assert_eq!(
        codes,
        [
            ("affiliation", "personal_data"),
            ("consented_on", "privacy_consent_needed"),
            ("email", "email_invalid"),
            ("name", "required"),
            ("panel", "unknown_option"),
            ("phone", "phone_invalid"),
            ("term_to", "end_before_start"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert!(e.fields().0["consented_on"].ko.contains("개인정보 수집·이용 동의"));
    let kim = appointment("김문경", "010-2222-3333", "2026-01-01", "2026-12-31");
    assert_eq!(handler.create_panel_member(&kim).await.unwrap_err().status(), Some(403));
    assert_eq!(handler.panel_members().await.unwrap_err().status(), Some(403));

    let made = manager.create_panel_member(&kim).await.unwrap();
    let id = made.id;
    assert_eq!(
        (made.name.as_str(), made.phone.as_deref(), made.email.as_deref(), made.state, made.kept_until.to_string()),
        ("김*경", Some("010-****-3333"), Some("mo***@example.com"), MemberState::Serving, "2027-12-31".into())
    );
    let later = appointment("박상주", "010-4444-5555", "2027-01-01", "2027-12-31");
    manager.create_panel_member(&later).await.unwrap();
    let roster = manager.panel_members().await.unwrap();
    assert_eq!((roster.serving, roster.members[1].state), (1, MemberState::Upcoming));
    assert!(!serde_json::to_string(&roster).unwrap().contains("2222-3333"), "the roster holds masks only");

    // Contacts in full: a purpose first, and the access log has it before they leave.
    let purpose = |p: &str| ContactPurposeInput { purpose: p.into() };
    let e = manager.reveal_panel_contact(id, &purpose(" ")).await.unwrap_err();
    assert_eq!(e.fields().0.keys().collect::<Vec<_>>(), ["purpose"]);
    assert_eq!(e.fields().0["purpose"].code, "required");
    assert_eq!(handler.reveal_panel_contact(id, &purpose("회의 안내")).await.unwrap_err().status(), Some(403));
    let shown = manager.reveal_panel_contact(id, &purpose("회의·활동 참석 안내")).await.unwrap();
    assert_eq!(
        (shown.name.as_str(), shown.phone.as_deref(), shown.email.as_deref()),
        ("김문경", Some("010-2222-3333"), Some("moon@example.com"))
    );
    let log = officer.access_log("user=manager").await.unwrap();
    assert_eq!(log.total, 1, "{log:?}");
    let entry = &log.items[0];
    assert_eq!(
        (entry.what.as_str(), entry.what_text.as_str(), entry.purpose.as_str(), entry.receipt_no.as_deref()),
        ("panel_contact", "평가단·모니터단 위원 연락처 열람", "회의·활동 참석 안내", None)
    );
    assert_eq!(entry.detail, format!("panel_member:{id} 김*경"));
    assert_eq!(manager.reveal_panel_contact(999, &purpose("안내")).await.unwrap_err().status(), Some(404));

    // Correcting: the term ended early; the audit log has before and after, masked.
    let ended = appointment("김문경", "010-2222-3334", "2026-01-01", "2026-06-30");
    assert_eq!(handler.update_panel_member(id, &ended).await.unwrap_err().status(), Some(403));
    let changed = manager.update_panel_member(id, &ended).await.unwrap();
    assert_eq!(
        (changed.term_to.to_string(), changed.phone.as_deref(), changed.updated_by.as_deref()),
        ("2026-06-30".into(), Some("010-****-3334"), Some("manager"))
    );
    let admin = app.client(Some(&app.admin().await));
    let audit = admin.audit_log("action=panel_member_saved").await.unwrap();
    assert_eq!(audit.total, 3, "{audit:?}");
    assert!(!serde_json::to_string(&audit).unwrap().contains("2222-333"), "the audit log holds masks only");
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
