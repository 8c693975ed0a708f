//! The CCM management cycle around the cases: the follow-up of dissatisfied survey responses
//! (불만족 민원 추가 답변) with its business-time clock, and what reports count of it.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, full_survey};

async fn answered(app: &TestApp, n: usize) -> Vec<Value> {
    let admin = app.admin().await;
    let mut filed = Vec::new();
    for i in 0..n {
        let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike",
                          "content": format!("레일바이크 좌석 {i}번이 젖어 있어요"),
                          "email": format!("p{i}@example.com"), "consent": {"email": true}});
        let r = app.post("/api/v1/cases", body, None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let a = app.post(&format!("/api/v1/cases/{}/answer", r.body["id"]), an_answer(), Some(&admin)).await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        filed.push(r.body);
    }
    filed
}

fn scored(overall: i64, result: i64) -> Value {
    let mut s = full_survey(4);
    s["answers"]["overall"] = json!(overall);
    s["answers"]["result"] = json!(result);
    s["comment"] = json!("답변이 성의 없습니다");
    s
}

#[tokio::test]
async fn a_dissatisfied_response_opens_a_follow_up_due_in_three_business_days() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00"); // a Monday, no holiday near
    let cases = answered(&app, 3).await;
    app.set_now("2026-04-06 15:00");
    let surveys = [full_survey(5), scored(2, 4), scored(4, 1)];
    for (case, survey) in cases.iter().zip(surveys) {
        let uri = app.survey_uri(case).await;
        assert_eq!(app.post(&uri, survey, None).await.status, StatusCode::CREATED);
    }

    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let exec = app.user("ceo", "executive").await;
    let handler = app.user_in("h", "handler", Some(3)).await;
    let r = app.get("/api/v1/survey-follow-ups", Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let list = r.body.as_array().unwrap().clone();
    let receipts: Vec<&str> = list.iter().map(|f| f["receipt_no"].as_str().unwrap()).collect();
    assert_eq!(receipts, [cases[1]["receipt_no"].as_str().unwrap(), cases[2]["receipt_no"].as_str().unwrap()]);
    let first = &list[0];
    assert_eq!((first["overall"].as_i64(), first["result"].as_i64()), (Some(2), Some(4)));
    assert_eq!(first["comment"], "답변이 성의 없습니다");
    // Three business days of 8 hours from Monday 15:00: Thursday 15:00.
    assert_eq!(first["due_at"], "2026-04-09T15:00:00+09:00");
    assert_eq!(first["remaining_secs"], 3 * 8 * 3600);
    assert_eq!((first["overdue"].as_bool(), first["can_complete"].as_bool()), (Some(false), Some(true)));
    // The case's history says so.
    let history = app.get(&format!("/api/v1/cases/{}/history", cases[1]["id"]), Some(&manager)).await.body;
    assert!(history.as_array().unwrap().iter().any(|h| h["action"] == "불만족 응답: 추가 답변 대상"), "{history}");

    // Executives read them but record nothing; handlers do neither.
    let r = app.get("/api/v1/survey-follow-ups?status=open", Some(&exec)).await;
    assert_eq!(r.body[0]["can_complete"], false);
    let done = |id: &Value| format!("/api/v1/survey-follow-ups/{id}/done");
    let called = json!({"contact": "called", "note": "전화로 교체 일정을 다시 안내함"});
    assert_eq!(app.post(&done(&first["id"]), called.clone(), Some(&exec)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/survey-follow-ups", Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/survey-follow-ups", None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.get("/api/v1/survey-follow-ups?status=maybe", Some(&manager)).await;
    assert_eq!(r.body["fields"]["status"]["code"], "unknown_status");

    // Bad input names each field and records nothing.
    let r = app.post(&done(&first["id"]), json!({"contact": "fax", "note": " "}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["contact"]["code"], "unknown_follow_up_contact");
    assert_eq!(r.body["fields"]["note"]["code"], "required");
    assert_eq!(app.post(&done(&json!(999)), called.clone(), Some(&manager)).await.status, StatusCode::NOT_FOUND);

    // Wednesday: the first is followed up on time, once.
    app.set_now("2026-04-08 11:00");
    let manager = app.login("manager", "user-password").await;
    let r = app.post(&done(&first["id"]), called.clone(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["on_time"].as_bool(), r.body["contact_label"].as_str()), (Some(true), Some("전화 통화")));
    assert_eq!(r.body["reopened"], false);
    let r = app.post(&done(&first["id"]), called, Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("follow_up_done")));

    // Friday: the second is past its clock, and the report says so.
    app.set_now("2026-04-10 10:00");
    let manager = app.login("manager", "user-password").await;
    let second = &list[1];
    let open = app.get("/api/v1/survey-follow-ups?status=open", Some(&manager)).await.body;
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["overdue"], true);
    assert!(open[0]["remaining_secs"].as_i64().unwrap() < 0);
    let report = app.get("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30", Some(&manager)).await.body;
    let f = &report["survey"]["follow_ups"];
    assert_eq!((f["opened"].as_i64(), f["done"].as_i64(), f["overdue"].as_i64()), (Some(2), Some(1), Some(1)));

    // Followed up late, and the case goes back to work in the same step.
    let r = app
        .post(
            &done(&second["id"]),
            json!({"contact": "visited", "note": "방문 면담: 결과를 다시 검토하기로 함", "reopen": true}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["on_time"].as_bool(), r.body["reopened"].as_bool()), (Some(false), Some(true)));
    let case = app.get(&format!("/api/v1/cases/{}", second["case_id"]), Some(&manager)).await.body;
    assert_eq!(case["status"], "in_progress");
    let actions: Vec<&str> =
        case["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"불만족 추가 답변") && actions.contains(&"재조사 요구(재개)"), "{actions:?}");

    let report = app.get("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30", Some(&manager)).await.body;
    let f = &report["survey"]["follow_ups"];
    assert_eq!(
        (f["opened"].as_i64(), f["done"].as_i64(), f["done_on_time"].as_i64(), f["overdue"].as_i64()),
        (Some(2), Some(2), Some(1), Some(0))
    );
    assert_eq!(f["on_time_rate"].as_f64(), Some(0.5));
    // Done ones stay listed, latest first, after the open ones (none now).
    let all = app.get("/api/v1/survey-follow-ups", Some(&manager)).await.body;
    assert_eq!(all[0]["id"], second["id"]);
    assert_eq!(all[1]["note"], "전화로 교체 일정을 다시 안내함");
}

#[tokio::test]
async fn the_score_that_opens_a_follow_up_is_a_setting() {
    let app = TestApp::new_with(|c| c.notify.survey_follow_up_at_most = 1).await;
    app.set_now("2026-04-06 10:00");
    let cases = answered(&app, 2).await;
    for (case, survey) in cases.iter().zip([scored(2, 2), scored(5, 1)]) {
        let uri = app.survey_uri(case).await;
        assert_eq!(app.post(&uri, survey, None).await.status, StatusCode::CREATED);
    }
    let admin = app.admin().await;
    let list = app.get("/api/v1/survey-follow-ups", Some(&admin)).await.body;
    let receipts: Vec<&str> = list.as_array().unwrap().iter().map(|f| f["receipt_no"].as_str().unwrap()).collect();
    assert_eq!(receipts, [cases[1]["receipt_no"].as_str().unwrap()], "2 is not dissatisfied at this setting");
}
