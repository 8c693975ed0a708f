//! The live queue in the database: every view, its count, the order and the pages agree with
//! the rules the page applies to pushed changes (`app::queue`); the words, the filters and the
//! scope narrow them; bad values are named.

use app::api::QueueItem;
use app::queue::{QueueMe, QueueView};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, codes};

const TOURISM: i64 = 3;

async fn file(app: &TestApp, at: &str, kind: &str, facility: Option<&str>, content: &str) -> Value {
    app.set_now(at);
    let mut body = json!({"kind": kind, "channel": "homepage", "content": content});
    if let Some(f) = facility {
        body["facility"] = json!(f);
    }
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn items(body: &Value) -> Vec<QueueItem> {
    serde_json::from_value(body["items"].clone()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn ids(list: &[QueueItem]) -> Vec<i64> {
    list.iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn each_view_is_counted_sorted_and_paged_by_the_rules_the_page_applies() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let handler = app.user_in("queue_handler", "handler", Some(TOURISM)).await;
    let head = app.user_in("queue_head", "department_head", Some(TOURISM)).await;
    let handler_me = app.get("/api/v1/session", Some(&handler)).await.body;
    let handler_id = handler_me["id"].as_i64().unwrap();

    // A week of cases: urgent requests, inquiries, complaints, suggestions; the rail bike's go
    // to the tourism department by its rule, the rest wait unrouted.
    let kinds = ["urgent", "inquiry", "complaint", "suggestion", "praise"];
    let mut filed = Vec::new();
    for (n, day) in ["16", "17", "18", "19", "20", "23", "24"].iter().enumerate() {
        for (k, hour) in ["09:30", "11:00", "14:00"].iter().enumerate() {
            let kind = kinds[(n + k) % kinds.len()];
            let facility = ((n + k) % 2 == 0).then_some("railbike");
            let words = if k == 1 { "주차장 안내가 부족합니다" } else { "대기 줄이 너무 깁니다" };
            filed.push(
                file(&app, &format!("2026-11-{day} {hour}"), kind, facility, &format!("{words} ({day}일 {hour})"))
                    .await,
            );
        }
    }
    // One filed on Wednesday whose deadline will be an hour away: due soon.
    let soon = file(&app, "2026-11-25 09:00", "complaint", Some("railbike"), "레일바이크 좌석이 젖어 있습니다").await;
    let due = chrono::DateTime::parse_from_rfc3339(soon["due_at"].as_str().unwrap()).unwrap();
    let now = due.with_timezone(&chrono::Utc) - chrono::Duration::hours(1);
    app.set_now(&now.with_timezone(&app::domain::seoul()).format("%Y-%m-%d %H:%M").to_string());

    // Work on some: one assigned, one paused, one serious, one closed.
    let id = |v: &Value| v["id"].as_i64().unwrap();
    let routed: Vec<i64> = filed.iter().step_by(2).map(id).collect();
    let assigned = routed[routed.len() - 1];
    let r = app.post(&format!("/api/v1/cases/{assigned}/assign"), json!({"user": handler_id}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let paused = routed[0];
    let r = app
        .post(
            &format!("/api/v1/cases/{paused}/pause"),
            json!({"reason": "investigation", "note": "현장 조사"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let serious = id(&filed[filed.len() - 1]);
    let r = app
        .post(
            &format!("/api/v1/cases/{serious}/serious"),
            json!({"reason": "safety", "note": "탈선 위험"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // An inquiry is answered directly, and closes.
    let closed = id(&filed[1]);
    let r = app.post(&format!("/api/v1/cases/{closed}/answer"), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // Everything the administrator sees, in one page.
    let all = app.get("/api/v1/queue?per_page=200", Some(&admin)).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    let everything = items(&all.body);
    assert_eq!(everything.len(), 21);
    assert!(!ids(&everything).contains(&closed), "closed cases leave the queue");
    assert_eq!(all.body["total"], everything.len());
    let calendar = app::domain::BusinessCalendar::new(
        app::domain::BusinessHours::default(),
        app::domain::korean_public_holiday_dates(),
    );
    let mut expected = everything.clone();
    expected.sort_by_key(|i| i.queue_key(now));
    assert_eq!(ids(&everything), ids(&expected), "the database sorts by the page's key");
    assert_eq!(everything[0].id, serious, "a serious case heads the queue");

    // Each view holds exactly what the page's rule keeps, for the administrator and for the
    // handler (whose department it is), and is counted so.
    for (cookie, me) in [(&admin, None), (&handler, Some(QueueMe { id: handler_id, department: Some(TOURISM) }))] {
        let page = app.get("/api/v1/queue?per_page=200", Some(cookie)).await.body;
        let visible = items(&page);
        let me = me.unwrap_or(QueueMe {
            id: app.get("/api/v1/session", Some(cookie)).await.body["id"].as_i64().unwrap(),
            department: None,
        });
        for view in QueueView::ALL {
            let got = app.get(&format!("/api/v1/queue?view={}&per_page=200", view.as_str()), Some(cookie)).await.body;
            let want: Vec<i64> = visible.iter().filter(|i| view.keeps(i, me, &calendar, now)).map(|i| i.id).collect();
            assert_eq!(ids(&items(&got)), want, "{view:?}");
            assert_eq!(page["counts"][view.as_str()], want.len(), "{view:?} counted");
            assert_eq!(got["total"], want.len());
        }
        let counts = app.get("/api/v1/queue/counts", Some(cookie)).await.body;
        assert_eq!(counts, page["counts"], "the counts alone are the same counts");
    }
    let counts = &all.body["counts"];
    for view in ["unrouted", "due_soon", "overdue", "paused"] {
        assert!(counts[view].as_i64().unwrap() > 0, "the administrator sees some {view}: {counts}");
    }
    let mine = items(&app.get("/api/v1/queue?view=mine", Some(&handler)).await.body);
    assert_eq!(ids(&mine), [assigned]);
    let due_soon = items(&app.get("/api/v1/queue?view=due_soon", Some(&admin)).await.body);
    assert!(ids(&due_soon).contains(&id(&soon)), "an hour before its deadline it is due soon");
    let stopped = items(&app.get("/api/v1/queue?view=paused", Some(&admin)).await.body);
    assert_eq!(ids(&stopped), [paused]);
    // The handler sees the department's cases only.
    let theirs = items(&app.get("/api/v1/queue?per_page=200", Some(&handler)).await.body);
    assert!(!theirs.is_empty() && theirs.iter().all(|i| i.department_id == Some(TOURISM)));
    assert_eq!(app.get("/api/v1/queue?view=unrouted", Some(&handler)).await.body["total"], 0);

    // Pages of five put together are the whole, in order; past the end is empty.
    let mut pages = Vec::new();
    for n in 1..=5 {
        let p = app.get(&format!("/api/v1/queue?per_page=5&page={n}"), Some(&admin)).await.body;
        assert_eq!((p["page"].as_i64(), p["per_page"].as_i64()), (Some(n), Some(5)));
        pages.extend(items(&p));
    }
    assert_eq!(ids(&pages), ids(&everything));
    assert!(items(&app.get("/api/v1/queue?per_page=5&page=9", Some(&admin)).await.body).is_empty());

    // Words: anywhere in the text, or part of a receipt number; `%` is only a percent sign.
    let parking = items(
        &app.get(&format!("/api/v1/queue?q={}&per_page=200", "%EC%A3%BC%EC%B0%A8%EC%9E%A5"), Some(&admin)).await.body,
    );
    assert_eq!(parking.len(), everything.iter().filter(|i| i.summary.contains("주차장")).count());
    assert!(!parking.is_empty());
    let receipt = everything[2].receipt_no.clone();
    let by_no = items(&app.get(&format!("/api/v1/queue?q={}", receipt.to_lowercase()), Some(&admin)).await.body);
    assert_eq!(ids(&by_no), [everything[2].id]);
    assert!(items(&app.get("/api/v1/queue?q=%25", Some(&admin)).await.body).is_empty());
    // Filters and words narrow the counts too.
    let narrowed = app.get("/api/v1/queue?kind=urgent", Some(&admin)).await.body;
    let urgent = everything.iter().filter(|i| i.kind == app::domain::VocKind::Urgent).count();
    assert_eq!(narrowed["counts"]["all"], urgent);
    assert_eq!(app.get("/api/v1/queue/counts?kind=urgent", Some(&admin)).await.body["all"], urgent);

    // The choices offered are what the open cases have, named.
    let facets = &all.body["facets"];
    assert!(
        facets["facilities"].as_array().unwrap().iter().any(|f| f["value"] == "railbike" && f["label"] == "철로자전거"),
        "{facets}"
    );
    assert!(facets["departments"].as_array().unwrap().iter().any(|d| d["value"] == "none" && d["label"] == "미배정"));
    assert!(facets["departments"].as_array().unwrap().iter().any(|d| d["value"].as_str() == Some("3")));

    // Every bad value is named at once.
    let bad = app
        .get(&format!("/api/v1/queue?view=later&q={}&page=0&per_page=500&kind=x", "a".repeat(101)), Some(&admin))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let named: Vec<String> = codes(&bad.body).into_iter().map(|(f, _)| f).collect();
    for field in ["view", "q", "page", "per_page", "kind"] {
        assert!(named.iter().any(|n| n == field), "{field} in {named:?}");
    }
    assert_eq!(app.get("/api/v1/queue/counts?view=later", Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/queue/counts", None).await.status, StatusCode::UNAUTHORIZED);
}
