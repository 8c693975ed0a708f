//! Answer templates (답변 서식): administrators keep them per kind and category with variables
//! (an unknown one refused by name); whoever drafts or answers a case is offered those that
//! fit it, filled from the case.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, codes};

fn template(kind: &str, category: &str, title: &str, result: &str) -> Value {
    json!({"kind": kind, "category": category, "title": title, "result": result,
           "basis": "{facility} 운영 규정 제5조", "appeal": "결과를 받은 날부터 90일 이내에 이의신청할 수 있습니다."})
}

#[tokio::test]
async fn templates_are_kept_by_administrators_and_offered_filled_where_they_fit() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let admin = app.admin().await;
    let handler = app.user_in("tour_handler", "handler", Some(3)).await;
    let executive = app.user("executive", "executive").await;

    // Refused by name: a variable no case has, a category not in the catalogue.
    let r = app
        .post("/api/v1/answer-templates", template("complaint", "", "고장", "{name}님, {password}"), Some(&admin))
        .await;
    assert_eq!(codes(&r.body), [("result".into(), "unknown_variable".into())]);
    assert!(r.body["fields"]["result"]["ko"].as_str().unwrap().contains("{password}"), "{:?}", r.body);
    let r =
        app.post("/api/v1/answer-templates", template("", "moon", "달", "달에서 온 민원입니다"), Some(&admin)).await;
    assert_eq!(codes(&r.body), [("category".into(), "unknown_category".into())]);
    let fix = template(
        "complaint",
        "",
        "시설 고장 수리",
        "{name}님, {receipt_no} 민원의 {facility} 고장을 {today} 수리했습니다.",
    );
    assert_eq!(app.post("/api/v1/answer-templates", fix.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);

    let r = app.post("/api/v1/answer-templates", fix, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let fix_id = r.body["id"].as_i64().unwrap();
    let r = app
        .post("/api/v1/answer-templates", template("inquiry", "", "문의 답변", "문의하신 내용 안내"), Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .post(
            "/api/v1/answer-templates",
            template("", "fares_booking", "요금·예약 안내", "신고하신 {category} 건을 조사했습니다"),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let list = app.get("/api/v1/answer-templates", Some(&admin)).await.body;
    assert_eq!(list["templates"].as_array().unwrap().len(), 3);
    assert!(list["variables"].as_array().unwrap().contains(&json!("receipt_no")));

    // A complaint about the rail bike: the complaint template only, filled from the case.
    let c = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "homepage", "facility": "railbike", "name": "홍길동",
                   "content": "레일바이크 3번 바퀴가 고장났습니다"}),
            None,
        )
        .await
        .body;
    let id = c["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/cases/{id}/route"), json!({"department": 3}), Some(&admin)).await;
    let uri = format!("/api/v1/cases/{id}/answer-templates");
    let offered = app.get(&uri, Some(&handler)).await;
    assert_eq!(offered.status, StatusCode::OK, "{:?}", offered.body);
    let offered = offered.body.as_array().unwrap().clone();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(
        offered[0]["result"],
        format!("홍길동님, {} 민원의 철로자전거 고장을 2026-11-23 수리했습니다.", c["receipt_no"].as_str().unwrap())
    );
    assert_eq!(offered[0]["basis"], "철로자전거 운영 규정 제5조");
    assert_eq!(app.get(&uri, Some(&executive)).await.status, StatusCode::FORBIDDEN);

    // Classified under budget waste, it is offered that one too.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/classify"),
            json!({"category": "fares_booking", "reason": "요금 관련"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let titles: Vec<Value> =
        app.get(&uri, Some(&handler)).await.body.as_array().unwrap().iter().map(|t| t["title"].clone()).collect();
    assert_eq!(titles, vec![json!("시설 고장 수리"), json!("요금·예약 안내")]);

    // Changed and removed; answers written from it stay as written.
    let mut changed = template("complaint", "", "시설 고장 수리(개정)", "{name}님, 수리를 마쳤습니다.");
    changed["basis"] = json!("운영 규정");
    let r = app.call(Method::PUT, &format!("/api/v1/answer-templates/{fix_id}"), Some(changed), Some(&admin)).await;
    assert_eq!((r.status, &r.body["title"]), (StatusCode::OK, &json!("시설 고장 수리(개정)")), "{:?}", r.body);
    let gone = format!("/api/v1/answer-templates/{fix_id}");
    assert_eq!(app.call(Method::DELETE, &gone, None, Some(&admin)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call(Method::DELETE, &gone, None, Some(&admin)).await.status, StatusCode::NOT_FOUND);
    let r = app.call(Method::PUT, &gone, Some(template("", "", "없음", "없는 서식입니다")), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let audit = app.get("/api/v1/audit-log?action=answer_template_deleted", Some(&admin)).await.body;
    assert_eq!(audit["total"], 1, "{audit}");
}
