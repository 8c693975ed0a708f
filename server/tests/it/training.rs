//! Training records: courses with the roles that must take them each year, sessions with
//! attendance, CS-training referrals from cases, who is overdue, and completion in reports.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, codes};

const CULTURE: i64 = 2;
const TOURISM: i64 = 3;

/// Each overdue item as (name, what, days overdue).
fn overdue(body: &Value) -> Vec<(String, String, i64)> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_owned(),
                i["what"].as_str().unwrap().to_owned(),
                i["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn department(overview: &Value, id: i64) -> &Value {
    overview["departments"].as_array().unwrap().iter().find(|d| d["department_id"] == id).unwrap()
}

#[tokio::test]
async fn mandatory_courses_sessions_and_referrals_give_who_is_overdue_and_each_departments_completion() {
    let app = TestApp::new().await;
    app.set_now("2026-07-01 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let kim = app.user_in("kim", "handler", Some(TOURISM)).await;
    app.user_in("lee", "handler", Some(TOURISM)).await;
    app.user_in("park", "handler", Some(CULTURE)).await;
    let cco = app.user("cco", "executive").await;

    // The two courses every body owes its staff are there from the start.
    let o = app.get("/api/v1/training", Some(&manager)).await;
    assert_eq!(o.status, StatusCode::OK, "{:?}", o.body);
    let kinds: Vec<&str> = o.body["courses"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["cs", "privacy"]);
    assert_eq!(o.body["can_manage"], true);
    let id_of = |name: &str| {
        o.body["staff"].as_array().unwrap().iter().find(|s| s["username"] == name).unwrap()["user_id"].as_i64().unwrap()
    };
    let (kim_id, lee_id, park_id) = (id_of("kim"), id_of("lee"), id_of("park"));

    // A course: each bad field named; only the VOC office adds one.
    let r = app
        .post(
            "/api/v1/training/courses",
            json!({"title": "", "kind": "yoga", "hours": 0, "mandatory_for": ["janitor"], "due": "02-30"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.body),
        [
            ("due".into(), "invalid_month_day".into()),
            ("hours".into(), "hours_out_of_range".into()),
            ("kind".into(), "unknown_training_kind".into()),
            ("mandatory_for".into(), "unknown_role".into()),
            ("title".into(), "required".into()),
        ]
    );
    // Each message names its field in Korean and English.
    let fields = &r.body["fields"];
    assert!(fields["hours"]["ko"].as_str().unwrap().contains("교육 시간"), "{fields}");
    assert!(fields["hours"]["en"].as_str().unwrap().contains("Hours"), "{fields}");
    assert!(fields["due"]["ko"].as_str().unwrap().contains("월-일"), "{fields}");
    let voc = json!({"title": "VOC 처리 실무", "kind": "voc_handling", "hours": 3, "mandatory_for": ["handler"], "due": "06-30"});
    assert_eq!(app.post("/api/v1/training/courses", voc.clone(), Some(&kim)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/training/courses", voc.clone(), Some(&cco)).await.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/v1/training/courses", voc.clone(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!((r.body["hours"].as_f64(), r.body["due"].as_str()), (Some(3.0), Some("06-30")));
    let voc_id = r.body["id"].as_i64().unwrap();

    // Sessions: held already, of a known course, attended by known staff.
    let session = |course: i64, on: &str, who: Vec<i64>| json!({"course_id": course, "held_on": on, "place": "본관 교육장", "attendees": who});
    let r = app.post("/api/v1/training/sessions", session(1, "2026-07-02", vec![kim_id]), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("held_on".into(), "date_in_future".into())]);
    let r = app.post("/api/v1/training/sessions", session(999, "2026-03-10", vec![kim_id]), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("course_id".into(), "unknown_course".into())]);
    let r = app.post("/api/v1/training/sessions", session(1, "2026-03-10", vec![kim_id, 99_999]), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("attendees".into(), "unknown_user".into())]);
    let r =
        app.post("/api/v1/training/sessions", session(1, "2026-03-10", vec![kim_id, park_id]), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app.post("/api/v1/training/sessions", session(voc_id, "2026-05-01", vec![lee_id]), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Recorded for the wrong person: corrected, the attendance replaced as a whole.
    let wrong = r.body["id"].as_i64().unwrap();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/training/sessions/{wrong}"),
            Some(session(voc_id, "2026-05-01", vec![kim_id])),
            Some(&manager),
        )
        .await;
    assert_eq!((r.status, r.body["attendees"].clone()), (StatusCode::OK, json!([kim_id])));
    let r = app
        .call(
            Method::PUT,
            "/api/v1/training/sessions/999",
            Some(session(voc_id, "2026-05-01", vec![kim_id])),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A complaint about lee refers them to CS training; another about someone with no account
    // keeps the name.
    let mut cases = Vec::new();
    for content in ["직원이 불친절했습니다 (레일바이크)", "매표소 직원이 반말을 했습니다"] {
        let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content});
        let r = app.post("/api/v1/cases", body, None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        cases.push(r.body["id"].as_i64().unwrap());
    }
    for (case, name) in [(cases[0], "lee"), (cases[1], "홍길동")] {
        let body = json!({"staff_name": name, "cause": "rudeness", "cs_training": true});
        let r = app.call(Method::PUT, &format!("/api/v1/cases/{case}/staff"), Some(body), Some(&kim)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }

    // 1 July: the handlers' VOC course was due on 30 June; lee and park missed it.
    let r = app.get("/api/v1/training/overdue", Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["as_of"], "2026-07-01");
    assert_eq!(
        overdue(&r.body),
        [("lee".into(), "VOC 처리 실무".into(), 1), ("park".into(), "VOC 처리 실무".into(), 1)]
    );
    // A head reads their own department's; a handler none.
    let r = app.get("/api/v1/training/overdue", Some(&head)).await;
    assert_eq!(overdue(&r.body), [("lee".into(), "VOC 처리 실무".into(), 1)]);
    assert_eq!(app.get("/api/v1/training/overdue", Some(&kim)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/training", Some(&kim)).await.status, StatusCode::FORBIDDEN);
    let r = app.get("/api/v1/training?year=1999", Some(&manager)).await;
    assert_eq!(codes(&r.body), [("year".into(), "year_out_of_range".into())]);
    let o = app.get("/api/v1/training", Some(&head)).await.body;
    assert_eq!(o["can_manage"], false);
    assert!(o["staff"].as_array().unwrap().iter().all(|s| s["department_id"] == TOURISM), "{o:?}");
    let referrals: Vec<(&str, &str, Option<i64>, &str)> = o["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["requirement"]["type"] == "referral")
        .map(|r| {
            (
                r["name"].as_str().unwrap(),
                r["due_on"].as_str().unwrap(),
                r["user_id"].as_i64(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(referrals, [("lee", "2026-09-29", Some(lee_id), "pending"), ("홍길동", "2026-09-29", None, "pending")]);

    // 1 October: both referrals are past their 90 days; lee then attends a CS session.
    app.set_now("2026-10-01 10:00");
    let manager = app.login("manager", "user-password").await;
    let r = app.get("/api/v1/training/overdue?year=2026", Some(&manager)).await;
    let items = overdue(&r.body);
    assert_eq!(items[0], ("lee".into(), "VOC 처리 실무".into(), 93));
    assert!(items.contains(&("lee".into(), "VOC-2026-000001".into(), 2)), "{items:?}");
    assert!(items.contains(&("홍길동".into(), "VOC-2026-000002".into(), 2)), "{items:?}");
    let r = app.post("/api/v1/training/sessions", session(1, "2026-10-01", vec![lee_id]), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let items = overdue(&app.get("/api/v1/training/overdue", Some(&manager)).await.body);
    assert!(
        !items.iter().any(|(n, w, _)| n == "lee" && w.starts_with("VOC-")),
        "the CS session fulfils lee's referral"
    );
    assert!(items.contains(&("홍길동".into(), "VOC-2026-000002".into(), 2)), "a name with no account stays open");

    // Department 3: kim, lee (CS, privacy, VOC each) and the head (CS, privacy) owe 8; kim's CS
    // and VOC and lee's CS are done; lee's VOC is overdue; one of the two referrals attended.
    let o = app.get("/api/v1/training", Some(&manager)).await.body;
    let d = department(&o, TOURISM);
    assert_eq!((d["required"].as_i64(), d["done"].as_i64(), d["overdue"].as_i64()), (Some(8), Some(3), Some(1)));
    assert_eq!((d["referrals"].as_i64(), d["referrals_done"].as_i64()), (Some(2), Some(1)));
    assert!((d["rate"].as_f64().unwrap() - 3.0 / 8.0).abs() < 1e-9);
    assert_eq!(o["sessions"].as_array().unwrap().len(), 3);
    assert_eq!(o["sessions"][0]["held_on"], "2026-10-01", "newest first");

    // The reports carry it, as of the period's end: September's does not count lee's October session.
    let head = app.login("head", "user-password").await;
    let s = app.get("/api/v1/reports/summary?from=2026-09-01&to=2026-09-30", Some(&head)).await.body;
    let t = s["training"].as_array().unwrap();
    assert_eq!(t.len(), 1, "a head's report holds their own department: {t:?}");
    assert_eq!((t[0]["done"].as_i64(), t[0]["referrals_done"].as_i64()), (Some(2), Some(0)));
    let (status, _, xlsx) = app.download("/api/v1/reports/summary.xlsx?from=2026-09-01&to=2026-09-30", &head).await;
    assert_eq!(status, StatusCode::OK);
    let rows = TestApp::xlsx_rows(&xlsx, "교육 이수");
    assert_eq!(rows[1][..4], ["관광사업팀", "8", "2", "1"], "{rows:?}");

    // Retiring the VOC course takes it off everyone's list; an unknown course is not found.
    let retired = json!({"title": "VOC 처리 실무", "kind": "voc_handling", "hours": 3, "mandatory_for": ["handler"], "due": "06-30", "active": false});
    let r = app
        .call(Method::PUT, &format!("/api/v1/training/courses/{voc_id}"), Some(retired.clone()), Some(&manager))
        .await;
    assert_eq!((r.status, r.body["active"].clone()), (StatusCode::OK, json!(false)));
    let items = overdue(&app.get("/api/v1/training/overdue", Some(&manager)).await.body);
    assert!(!items.iter().any(|(_, w, _)| w == "VOC 처리 실무"), "{items:?}");
    let r = app.call(Method::PUT, "/api/v1/training/courses/999", Some(retired), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Each change is in the audit log.
    let admin = app.admin().await;
    let log = app.get("/api/v1/audit-log?action=training_session_saved", Some(&admin)).await;
    assert_eq!(log.body["total"], 4, "{:?}", log.body);
    let log = app.get("/api/v1/audit-log?action=training_course_saved", Some(&admin)).await;
    assert_eq!(log.body["total"], 2, "{:?}", log.body);
}

#[tokio::test]
async fn a_referral_keeps_its_first_day_while_it_names_the_same_person() {
    let app = TestApp::new().await;
    app.set_now("2026-07-01 10:00");
    app.user_in("manager", "voc_manager", Some(1)).await;
    app.user_in("kim", "handler", Some(TOURISM)).await;
    let body =
        json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "직원이 불친절했습니다"});
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let uri = format!("/api/v1/cases/{}/staff", r.body["id"].as_i64().unwrap());
    // Records the staff member on `day` and answers the referrals as (name, due).
    let record = async |day: &str, name: &str, cause: &str, training: bool| {
        app.set_now(&format!("{day} 10:00"));
        let kim = app.login("kim", "user-password").await;
        let body = json!({"staff_name": name, "cause": cause, "cs_training": training});
        let r = app.call(Method::PUT, &uri, Some(body), Some(&kim)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let manager = app.login("manager", "user-password").await;
        let o = app.get("/api/v1/training", Some(&manager)).await.body;
        let referrals: Vec<(String, String)> = o["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["requirement"]["type"] == "referral")
            .map(|r| (r["name"].as_str().unwrap().to_owned(), r["due_on"].as_str().unwrap().to_owned()))
            .collect();
        referrals
    };
    let lee = [("lee".to_owned(), "2026-09-29".to_owned())];
    assert_eq!(record("2026-07-01", "lee", "rudeness", true).await, lee, "90 days from 1 July");
    assert_eq!(record("2026-08-01", "lee", "delay", true).await, lee, "the same person: the first day stands");
    let hong = [("홍길동".to_owned(), "2026-10-31".to_owned())];
    assert_eq!(record("2026-08-02", "홍길동", "delay", true).await, hong, "another person: from this day");
    assert!(record("2026-08-03", "홍길동", "delay", false).await.is_empty(), "withdrawn");
}
