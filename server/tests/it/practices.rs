//! The good-practice library and the awards: proposing a closed case (refusals field by
//! field, personal data checked against the unmasked record, one live entry per case), who
//! sees which entry, sharing and declining, and the awards with their candidates from the
//! year's praise and shared entries, recorded and deleted under the audit log.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, codes};

const TOURISM: i64 = 3; // 관광사업팀: railbike cases are routed here
const FARM: i64 = 4;
const PASSWORD: &str = "user-password";

/// A railbike case from 홍길동 (010-1234-5678), routed to the tourism team.
async fn file(app: &TestApp, kind: &str, content: &str) -> i64 {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "content": content,
                   "name": "홍길동", "phone": "010-1234-5678"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

async fn close(app: &TestApp, id: i64, manager: &str) {
    let r = app.post(&format!("/api/v1/cases/{id}/answer"), an_answer(), Some(manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

fn practice(title: &str) -> Value {
    json!({"kind": "good", "title": title,
           "situation": "휠체어 이용객이 레일바이크 승차장을 찾지 못했습니다.",
           "action": "직원이 승차장까지 동행하고 경사로 안내판을 설치했습니다.",
           "lesson": "이동 약자의 동선을 현장에서 다시 점검합니다.",
           "staff_name": "김친절"})
}

fn titles(library: &Value) -> Vec<String> {
    library["items"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_closed_case_is_proposed_shared_or_declined_and_seen_by_whom_it_concerns() {
    let app = TestApp::new().await;
    app.set_now("2026-11-10 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let farmer = app.user_in("farmer", "handler", Some(FARM)).await;
    let cco = app.user("cco", "executive").await;
    let privacy = app.user("privacy", "privacy_officer").await;

    let a = file(&app, "complaint", "승차장을 찾기 어려웠습니다").await;
    let url = format!("/api/v1/cases/{a}/practice");
    // Not before it is closed.
    let r = app.post(&url, practice("휠체어 이용객 동행 안내"), Some(&handler)).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "{:?}",
        r.body
    );
    close(&app, a, &manager).await;
    let view = app.get(&format!("/api/v1/cases/{a}"), Some(&handler)).await;
    assert_eq!(view.body["actions"]["propose_practice"], true);
    assert_eq!(view.body["practice"], Value::Null);
    let view = app.get(&format!("/api/v1/cases/{a}"), Some(&cco)).await;
    assert_eq!(view.body["actions"]["propose_practice"], false, "executives read only");

    // Refusals, field by field; the complainant's name and number are caught unmasked.
    let bad = json!({"kind": "great", "title": " ", "situation": "홍길동 고객이 항의했습니다",
                     "action": "01012345678로 회신했습니다", "lesson": "가".repeat(2001), "staff_name": "김".repeat(51)});
    let r = app.post(&url, bad, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.body),
        [
            ("action".into(), "personal_data".into()),
            ("kind".into(), "unknown_option".into()),
            ("lesson".into(), "too_long".into()),
            ("situation".into(), "personal_data".into()),
            ("staff_name".into(), "too_long".into()),
            ("title".into(), "required".into()),
        ]
    );
    assert_eq!(r.body["fields"]["kind"]["ko"], "목록에 있는 값 가운데 하나를 골라 주세요.");
    assert_eq!(app.post(&url, practice("x"), Some(&farmer)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&url, practice("x"), Some(&cco)).await.status, StatusCode::FORBIDDEN);

    // The handler proposes; it waits for the VOC office, and the case says so.
    let r = app.post(&url, practice("휠체어 이용객 동행 안내"), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id_a = r.body["id"].as_i64().unwrap();
    assert_eq!((r.body["state"].as_str(), r.body["department"].as_str()), (Some("proposed"), Some("관광사업팀")));
    assert_eq!(r.body["actions"]["decide"], false);
    let r = app.post(&url, practice("두 번째"), Some(&handler)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("practice_exists")));
    let view = app.get(&format!("/api/v1/cases/{a}"), Some(&handler)).await.body;
    assert_eq!(view["practice"]["state"], "proposed");
    let last = view["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["code"].as_str(), last["action"].as_str()), (Some("practice_proposed"), Some("우수사례 추천")));

    // Proposals are the VOC office's and the department's to see.
    let lib = |who: &'static str, q: &'static str| {
        let app = &app;
        async move {
            let cookie = app.login(who, PASSWORD).await;
            app.get(&format!("/api/v1/good-practices{q}"), Some(&cookie)).await
        }
    };
    let r = lib("handler", "").await;
    assert_eq!((titles(&r.body), r.body["waiting"].as_i64()), (vec!["휠체어 이용객 동행 안내".into()], Some(1)));
    assert!(titles(&lib("farmer", "").await.body).is_empty(), "another department's proposal");
    let r = lib("manager", "").await;
    assert_eq!(r.body["items"][0]["actions"]["decide"], true);
    assert_eq!(app.get("/api/v1/good-practices", Some(&privacy)).await.status, StatusCode::FORBIDDEN);

    // The VOC office decides: a reason to decline, once.
    let decide = format!("/api/v1/good-practices/{id_a}/decision");
    assert_eq!(app.post(&decide, json!({"share": true}), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&decide, json!({"share": false, "reason": " "}), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("reason".into(), "required".into())]);
    let r = app.post(&decide, json!({"share": true}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["state"].as_str(), r.body["decided_by"].as_str()), (Some("shared"), Some("manager")));
    assert_eq!(r.body["actions"]["decide"], false);
    let r = app.post(&decide, json!({"share": false, "reason": "늦음"}), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("practice_decided")));
    assert_eq!(
        app.post("/api/v1/good-practices/999/decision", json!({"share": true}), Some(&manager)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(titles(&lib("farmer", "").await.body), ["휠체어 이용객 동행 안내"], "shared with every staff member");
    assert_eq!(titles(&lib("cco", "").await.body), ["휠체어 이용객 동행 안내"]);

    // The VOC office's own proposal is shared at once; a declined one is kept with its reason
    // for the department, and the case may be proposed again.
    let b = file(&app, "praise", "김친절 직원이 친절했습니다").await;
    close(&app, b, &manager).await;
    let mut lesson = practice("안내 방송 누락의 교훈");
    lesson["kind"] = json!("lesson");
    lesson["staff_name"] = json!("");
    let r = app.post(&format!("/api/v1/cases/{b}/practice"), lesson, Some(&manager)).await;
    assert_eq!((r.body["state"].as_str(), r.body["staff_name"].clone()), (Some("shared"), Value::Null));
    let c = file(&app, "complaint", "대기 시간이 길었습니다").await;
    close(&app, c, &manager).await;
    let r = app.post(&format!("/api/v1/cases/{c}/practice"), practice("대기열 안내"), Some(&handler)).await;
    let id_c = r.body["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/v1/good-practices/{id_c}/decision"),
            json!({"share": false, "reason": " 유사 사례가 이미 있습니다 "}),
            Some(&manager),
        )
        .await;
    assert_eq!(
        (r.body["state"].as_str(), r.body["decline_reason"].as_str()),
        (Some("declined"), Some("유사 사례가 이미 있습니다"))
    );
    let mine = lib("handler", "?state=declined").await;
    assert_eq!(titles(&mine.body), ["대기열 안내"]);
    assert_eq!(mine.body["items"][0]["decline_reason"], "유사 사례가 이미 있습니다");
    assert!(titles(&lib("farmer", "?state=declined").await.body).is_empty());
    let view = app.get(&format!("/api/v1/cases/{c}"), Some(&handler)).await.body;
    let last = view["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["code"].as_str(), last["after"].as_str()),
        (Some("practice_declined"), Some("유사 사례가 이미 있습니다"))
    );
    let r = app.post(&format!("/api/v1/cases/{c}/practice"), practice("대기열 안내 (보완)"), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::CREATED, "a declined entry does not block another: {:?}", r.body);

    // Filters.
    assert_eq!(titles(&lib("farmer", "?kind=lesson").await.body), ["안내 방송 누락의 교훈"]);
    assert_eq!(titles(&lib("farmer", "?q=%EA%B2%BD%EC%82%AC%EB%A1%9C").await.body).len(), 2, "경사로: in both texts");
    assert_eq!(titles(&lib("manager", "?department=4").await.body).len(), 0);
    assert_eq!(lib("farmer", "?state=lost").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn awards_are_recorded_from_the_years_candidates_and_deleted_under_the_audit_log() {
    let app = TestApp::new().await;
    app.set_now("2026-11-10 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let privacy = app.user("privacy", "privacy_officer").await;
    let admin = app.admin().await;

    // Praise for 김친절 twice and 최미소 once (farm), one shared entry naming 김친절.
    for (name, department) in [("김친절", TOURISM), ("김친절", TOURISM), ("최미소", FARM)] {
        let id = file(&app, "praise", &format!("{name} 님 칭찬합니다")).await;
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/cases/{id}/staff"),
                Some(json!({"staff_name": name, "department": department})),
                Some(&manager),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let a = file(&app, "complaint", "승차장을 찾기 어려웠습니다").await;
    close(&app, a, &manager).await;
    let shared =
        app.post(&format!("/api/v1/cases/{a}/practice"), practice("휠체어 이용객 동행 안내"), Some(&manager)).await;
    let shared_id = shared.body["id"].as_i64().unwrap();
    let c = file(&app, "complaint", "대기 시간이 길었습니다").await;
    close(&app, c, &manager).await;
    let r = app.post(&format!("/api/v1/cases/{c}/practice"), practice("대기열 안내"), Some(&handler)).await;
    let proposed_id = r.body["id"].as_i64().unwrap();

    let r = app.get("/api/v1/awards?year=2026", Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["can_record"].as_bool(), r.body["last_year"].as_i64()), (Some(true), Some(2026)));
    let line = |c: &Value| {
        (
            c["kind"].as_str().unwrap().to_owned(),
            c["staff_name"].as_str().or(c["department"].as_str()).unwrap().to_owned(),
            c["praise"].as_i64().unwrap(),
            c["practices"].as_i64().unwrap(),
            c["awarded"].as_bool().unwrap(),
        )
    };
    let candidates: Vec<_> = r.body["candidates"].as_array().unwrap().iter().map(line).collect();
    assert_eq!(
        candidates,
        [
            ("department".into(), "관광사업팀".into(), 2, 1, false),
            ("department".into(), "농특산물홍보팀".into(), 1, 0, false),
            ("staff".into(), "김친절".into(), 2, 1, false),
            ("staff".into(), "최미소".into(), 1, 0, false),
        ]
    );
    let choices: Vec<i64> = r.body["practices"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(choices, [shared_id], "only shared entries back an award");
    let r = app.get("/api/v1/awards", Some(&handler)).await;
    assert_eq!((r.body["year"].as_i64(), r.body["can_record"].as_bool()), (Some(2026), Some(false)));
    assert_eq!(r.body["candidates"], json!([]));
    assert_eq!(app.get("/api/v1/awards?year=2027", Some(&manager)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/awards", Some(&privacy)).await.status, StatusCode::FORBIDDEN);

    // Refusals, field by field.
    let bad = json!({"year": 2026, "kind": "staff", "staff_name": " ", "honour": "", "grounds": "칭찬 2건",
                     "practice_id": proposed_id, "awarded_on": "2026-11-11"});
    let r = app.post("/api/v1/awards", bad, Some(&manager)).await;
    assert_eq!(
        codes(&r.body),
        [
            ("awarded_on".into(), "date_in_future".into()),
            ("honour".into(), "required".into()),
            ("practice_id".into(), "unknown_option".into()),
            ("staff_name".into(), "required".into()),
        ]
    );
    let r = app
        .post(
            "/api/v1/awards",
            json!({"year": 2026, "kind": "department", "department_id": 99, "honour": "이사장 표창", "grounds": "x", "awarded_on": "2026-11-10"}),
            Some(&manager),
        )
        .await;
    assert_eq!(codes(&r.body), [("department_id".into(), "unknown_department".into())]);
    let award = json!({"year": 2026, "kind": "staff", "staff_name": "김친절", "department_id": TOURISM,
                       "honour": "이사장 표창", "reward": "문경사랑상품권 10만원", "grounds": "칭찬 민원 2건, 우수사례 1건",
                       "practice_id": shared_id, "awarded_on": "2026-11-10"});
    assert_eq!(app.post("/api/v1/awards", award.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);

    let r = app.post("/api/v1/awards", award, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(
        (r.body["kind_label"].as_str(), r.body["department"].as_str(), r.body["practice_title"].as_str()),
        (Some("CS 우수직원"), Some("관광사업팀"), Some("휠체어 이용객 동행 안내"))
    );
    let r = app.get("/api/v1/awards?year=2026", Some(&handler)).await;
    assert_eq!(r.body["awards"][0]["staff_name"], "김친절", "every staff member reads the awards");
    let r = app.get("/api/v1/awards?year=2026", Some(&manager)).await;
    let kim = r.body["candidates"].as_array().unwrap().iter().find(|c| c["staff_name"] == "김친절").unwrap().clone();
    assert_eq!(kim["awarded"], true);
    assert_eq!(app.get("/api/v1/awards?year=2025", Some(&manager)).await.body["awards"], json!([]));

    assert_eq!(
        app.call(Method::DELETE, &format!("/api/v1/awards/{id}"), None, Some(&handler)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.call(Method::DELETE, &format!("/api/v1/awards/{id}"), None, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.call(Method::DELETE, &format!("/api/v1/awards/{id}"), None, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for (action, before, after) in [("award_recorded", false, true), ("award_deleted", true, false)] {
        let log = app.get(&format!("/api/v1/audit-log?action={action}"), Some(&admin)).await.body;
        assert_eq!(log["total"], 1, "{action}: {log:?}");
        let entry = &log["items"][0];
        assert_eq!(entry["target"], format!("award:{id}"));
        let holds = |side: &str| {
            entry[side].as_str().is_some_and(|s| s.contains("김친절") && s.contains("휠체어 이용객 동행 안내"))
        };
        assert_eq!((holds("before"), holds("after")), (before, after), "{entry:?}");
    }
}
