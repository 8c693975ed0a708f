//! The CCM activities: recording one with its items (refusals field by field), who reads
//! which follow-ups, an item going overdue with the clock, and the owning department
//! reporting it done once, under the audit log.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, codes};

const TOURISM: i64 = 3;
const FARM: i64 = 4;
const PASSWORD: &str = "user-password";

fn meeting() -> Value {
    json!({"kind": "committee", "title": "4분기 CCM 운영위원회", "held_on": "2026-11-20", "place": "본부 회의실",
    "participants": "CCO, 부서장 6명, CS 리더 8명",
    "summary": "3분기 VOC 분석 결과와 레일바이크 대기시간 대책을 논의했다.",
    "items": [
        {"topic": "레일바이크 대기시간", "decision": "온라인 예약제 도입", "owner_department_id": TOURISM, "due_on": "2026-11-27"},
        {"topic": "특산물 판매장 안내", "decision": "안내판 교체", "owner_department_id": FARM, "due_on": "2026-12-15"},
        {"topic": "CCM 매뉴얼 개정 보고", "decision": "원안대로 의결"}
    ]})
}

/// (topic, state) of the follow-ups the reader's overview says are owed.
fn owed(body: &Value) -> Vec<(String, String)> {
    body["owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["item"]["topic"].as_str().unwrap().to_owned(), o["item"]["state"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn an_activitys_follow_ups_are_owed_by_their_departments_until_reported_done() {
    let app = TestApp::new().await;
    app.set_now("2026-11-20 15:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    app.user_in("farmer", "handler", Some(FARM)).await;
    let cco = app.user("cco", "executive").await;
    let privacy = app.user("privacy", "privacy_officer").await;

    // Refusals, field by field; nothing is recorded.
    let bad = json!({"kind": "party", "title": "회의", "held_on": "2026-11-21", "summary": "회의록 문의 010-1234-5678",
                     "department_id": 99,
                     "items": [{"topic": " ", "owner_department_id": 99, "due_on": "2026-11-30"},
                               {"topic": "안내판", "owner_department_id": TOURISM, "due_on": "2026-11-01"},
                               {"topic": "경사로", "due_on": "2026-12-01"}]});
    let r = app.post("/api/v1/ccm-activities", bad, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.body),
        [
            ("department_id".into(), "unknown_department".into()),
            ("held_on".into(), "date_in_future".into()),
            ("items.0.owner_department_id".into(), "unknown_department".into()),
            ("items.0.topic".into(), "required".into()),
            ("items.1.due_on".into(), "due_before_activity".into()),
            ("items.2.owner_department_id".into(), "required".into()),
            ("kind".into(), "unknown_option".into()),
            ("summary".into(), "personal_data".into()),
        ]
    );
    assert_eq!(r.body["fields"]["items.1.due_on"]["ko"], "후속조치 기한은 회의·점검 날짜와 같거나 그 뒤여야 합니다.");
    assert_eq!(app.post("/api/v1/ccm-activities", meeting(), Some(&handler)).await.status, StatusCode::FORBIDDEN);

    let r = app.post("/api/v1/ccm-activities", meeting(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let states: Vec<(&str, &str, bool)> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["state"].as_str().unwrap(), i["state_label"].as_str().unwrap(), i["may_report"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        states,
        [("open", "◐ 진행 중", true), ("open", "◐ 진행 중", true), ("no_action", "· 조치 없음(기록만)", false)]
    );
    assert_eq!(r.body["items"][0]["owner"], "관광사업팀");
    let ids: Vec<i64> = r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();

    // Each department sees what it owes; readers of everything see all, and may not report.
    let overview = |who: &'static str, q: &'static str| {
        let app = &app;
        async move {
            let cookie = app.login(who, PASSWORD).await;
            app.get(&format!("/api/v1/ccm-activities{q}"), Some(&cookie)).await
        }
    };
    let mine = overview("handler", "").await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["activities"].as_array().unwrap().len(), 1);
    assert_eq!(owed(&mine.body), [("레일바이크 대기시간".into(), "open".into())]);
    assert_eq!(
        (mine.body["can_record"].as_bool(), mine.body["owed"][0]["item"]["may_report"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(owed(&overview("farmer", "").await.body), [("특산물 판매장 안내".into(), "open".into())]);
    let all = app.get("/api/v1/ccm-activities", Some(&cco)).await.body;
    assert_eq!(owed(&all).len(), 2);
    assert!(all["owed"].as_array().unwrap().iter().all(|o| o["item"]["may_report"] == false), "executives read only");
    assert_eq!(app.get("/api/v1/ccm-activities", Some(&privacy)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/ccm-activities?kind=panel", Some(&cco)).await.body["activities"], json!([]));
    assert_eq!(app.get("/api/v1/ccm-activities?year=2025", Some(&cco)).await.body["activities"], json!([]));
    assert_eq!(app.get("/api/v1/ccm-activities?year=2027", Some(&cco)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/ccm-activities?kind=party", Some(&cco)).await.status, StatusCode::BAD_REQUEST);

    // Past its day the tourism item is overdue, and heads the list.
    app.set_now("2026-11-30 10:00");
    let r = overview("manager", "").await;
    assert_eq!(
        owed(&r.body),
        [("레일바이크 대기시간".into(), "overdue".into()), ("특산물 판매장 안내".into(), "open".into())]
    );
    assert_eq!(r.body["overdue"], 1);

    // The owning department reports it, once; nobody else's department may.
    let handler = app.login("handler", PASSWORD).await;
    let farmer = app.login("farmer", PASSWORD).await;
    let manager = app.login("manager", PASSWORD).await;
    let done = |id: i64| format!("/api/v1/ccm-actions/{id}/done");
    assert_eq!(
        app.post(&done(ids[0]), json!({"result": "예약제 시행"}), Some(&farmer)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.post(&done(ids[0]), json!({"result": " "}), Some(&handler)).await;
    assert_eq!(codes(&r.body), [("result".into(), "required".into())]);
    let r = app.post(&done(ids[0]), json!({"result": "12월 1일부터 온라인 예약제 시행"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let item = &r.body["items"][0];
    assert_eq!(
        (item["state"].as_str(), item["done_by"].as_str(), item["may_report"].as_bool()),
        (Some("done"), Some("handler"), Some(false))
    );
    assert_eq!(item["result"], "12월 1일부터 온라인 예약제 시행");
    let r = app.post(&done(ids[0]), json!({"result": "다시"}), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("action_reported")));
    assert_eq!(
        app.post(&done(ids[2]), json!({"result": "없음"}), Some(&manager)).await.status,
        StatusCode::FORBIDDEN,
        "nothing to do"
    );
    assert_eq!(app.post(&done(999), json!({"result": "x"}), Some(&manager)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(owed(&overview("handler", "").await.body), Vec::<(String, String)>::new());

    let admin = app.admin().await;
    for (action, target) in [("activity_recorded", "ccm_activity:"), ("action_reported", "ccm_item:")] {
        let log = app.get(&format!("/api/v1/audit-log?action={action}"), Some(&admin)).await.body;
        assert_eq!(log["total"], 1, "{action}: {log:?}");
        assert!(log["items"][0]["target"].as_str().unwrap().starts_with(target));
    }
}

#[tokio::test]
async fn a_follow_up_is_reminded_a_week_before_its_day_and_once_late_until_reported() {
    let app = TestApp::new().await;
    app.set_now("2026-11-20 15:00");
    let manager = app.user_with_email("manager", "voc_manager", Some(1), Some("manager@example.com")).await;
    app.user_with_email("head", "department_head", Some(TOURISM), Some("head@example.com")).await;
    app.user_with_email("farmhead", "department_head", Some(FARM), Some("farm@example.com")).await;
    let r = app.post("/api/v1/ccm-activities", meeting(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let farm_item = r.body["items"][1]["id"].as_i64().unwrap();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let reminders = || async {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT recipient, subject, body FROM outbox WHERE notice = 'action_reminder' ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        rows
    };
    let store = app.state.store.as_ref();
    let sweep = |at: &str| server::notify::sweep_deadlines(store, &app.state.public_url, crate::common::kst(at));
    // The tourism item is due at the end of 2026-11-27: its head hears within the week before,
    // once; the farm item (due 2026-12-15) waits until 12-09.
    assert_eq!(sweep("2026-11-20 16:00").await.unwrap(), 0);
    assert_eq!(sweep("2026-11-21 09:00").await.unwrap(), 1);
    assert_eq!(sweep("2026-11-22 09:00").await.unwrap(), 0, "once per stage");
    let told = reminders().await;
    assert_eq!(
        (told[0].0.as_str(), told[0].1.as_str()),
        ("head@example.com", "[VOC] CCM 후속조치 기한 알림: 레일바이크 대기시간")
    );
    assert!(
        told[0].2.contains("4분기 CCM 운영위원회 (2026-11-20)의 후속조치 \"레일바이크 대기시간\"(담당: 관광사업팀)"),
        "{}",
        told[0].2
    );
    assert!(
        told[0].2.contains("2026-11-27입니다 (기한 임박)") && told[0].2.contains("/ccm-activities"),
        "{}",
        told[0].2
    );
    // Past the day: the head again and the VOC manager.
    assert_eq!(sweep("2026-11-28 09:00").await.unwrap(), 2);
    assert_eq!(sweep("2026-12-08 09:00").await.unwrap(), 0);
    assert_eq!(sweep("2026-12-09 09:00").await.unwrap(), 1, "the farm item, within its week");
    // Reported, nothing more comes of it.
    app.set_now("2026-12-09 10:00");
    let farmhead = app.login("farmhead", PASSWORD).await;
    let r = app
        .post(&format!("/api/v1/ccm-actions/{farm_item}/done"), json!({"result": "안내판 교체 완료"}), Some(&farmhead))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(sweep("2026-12-16 09:00").await.unwrap(), 0);
    let mut recipients: Vec<String> = reminders().await.into_iter().map(|r| r.0).collect();
    recipients.sort();
    assert_eq!(recipients, ["farm@example.com", "head@example.com", "head@example.com", "manager@example.com"]);
}

#[tokio::test]
async fn an_activity_is_corrected_but_what_a_department_reported_on_stays() {
    let app = TestApp::new().await;
    app.set_now("2026-11-20 15:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let r = app.post("/api/v1/ccm-activities", meeting(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let ids: Vec<i64> = r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    let r = app
        .post(&format!("/api/v1/ccm-actions/{}/done", ids[0]), json!({"result": "예약제 시행"}), Some(&handler))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // The reported item keeps its topic, department and day, and stays; ids are this activity's.
    let uri = format!("/api/v1/ccm-activities/{id}");
    let item = |id: Option<i64>, topic: &str, owner: Option<i64>, due: &str| json!({"id": id, "topic": topic, "decision": "온라인 예약제와 현장 번호표", "owner_department_id": owner, "due_on": due});
    let with = |items: Value| {
        let mut m = meeting();
        m["title"] = json!("4분기 CCM 운영위원회 (정정)");
        m["items"] = items;
        m
    };
    let bad = with(json!([
        item(Some(ids[0]), "대기시간", Some(TOURISM), "2026-11-27"),
        item(Some(999), "안내판", None, ""),
        item(Some(ids[1]), "안내판", None, ""),
        item(Some(ids[1]), "안내판", None, "")
    ]));
    let r = app.call(axum::http::Method::PUT, &uri, Some(bad), Some(&manager)).await;
    assert_eq!(
        codes(&r.body),
        [
            ("items.0.topic".into(), "item_reported".into()),
            ("items.1.id".into(), "unknown_option".into()),
            ("items.3.id".into(), "unknown_option".into()),
        ]
    );
    let dropped = with(json!([item(Some(ids[1]), "특산물 판매장 안내", Some(FARM), "2026-12-15")]));
    let r = app.call(axum::http::Method::PUT, &uri, Some(dropped.clone()), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("items".into(), "item_reported".into())]);
    assert!(r.body["fields"]["items"]["ko"].as_str().unwrap().contains("완료 보고된 후속조치"));
    assert_eq!(
        app.call(axum::http::Method::PUT, &uri, Some(dropped.clone()), Some(&handler)).await.status,
        StatusCode::FORBIDDEN
    );
    let missing = app.call(axum::http::Method::PUT, "/api/v1/ccm-activities/999", Some(dropped), Some(&manager)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Reworded, reordered, one moved to another day, one left out, one added.
    let fixed = with(json!([
        item(None, "주차장 안내 표지", Some(FARM), "2026-12-20"),
        item(Some(ids[1]), "특산물 판매장 안내", Some(FARM), "2026-12-31"),
        item(Some(ids[0]), "레일바이크 대기시간", Some(TOURISM), "2026-11-27"),
    ]));
    let r = app.call(axum::http::Method::PUT, &uri, Some(fixed), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["title"], "4분기 CCM 운영위원회 (정정)");
    let items: Vec<(&str, &str, &str, &str)> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["topic"].as_str().unwrap(),
                i["decision"].as_str().unwrap(),
                i["due_on"].as_str().unwrap(),
                i["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("주차장 안내 표지", "온라인 예약제와 현장 번호표", "2026-12-20", "open"),
            ("특산물 판매장 안내", "온라인 예약제와 현장 번호표", "2026-12-31", "open"),
            ("레일바이크 대기시간", "온라인 예약제와 현장 번호표", "2026-11-27", "done"),
        ]
    );
    assert_eq!((r.body["items"][1]["id"].as_i64(), r.body["items"][2]["id"].as_i64()), (Some(ids[1]), Some(ids[0])));
    assert_eq!(r.body["items"][2]["result"], "예약제 시행", "the report stays with its item");
    let listed = app.get("/api/v1/ccm-activities", Some(&manager)).await.body;
    assert_eq!(listed["activities"][0]["items"], r.body["items"], "as stored");

    let admin = app.admin().await;
    let log = app.get("/api/v1/audit-log?action=activity_corrected", Some(&admin)).await.body;
    assert_eq!(log["total"], 1, "{log:?}");
    assert!(log["items"][0]["before"].as_str().unwrap().contains("CCM 매뉴얼 개정 보고"), "what was left out is kept");
}
