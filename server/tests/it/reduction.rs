//! The annual complaint reduction plan: refusals field by field, the quarters' complaints
//! against the targets and the year before from real cases, the year before's frequent
//! categories, reporting (then fixed), scopes and the audit log.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

/// Files a case as the administrator: staff set the category (the default profile offers
/// complainants none).
async fn file(app: &TestApp, kind: &str, category: &str) {
    let body = json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "category": category,
                      "content": "레일바이크 대기시간이 너무 길어요"});
    let admin = app.admin().await;
    let r = app.post("/api/v1/cases", body, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

fn plan_of(overview: &Value, department: i64) -> Value {
    overview["plans"].as_array().unwrap().iter().find(|p| p["department_id"] == department).unwrap().clone()
}

#[tokio::test]
async fn a_departments_plan_is_measured_quarter_by_quarter_and_fixed_once_reported() {
    let app = TestApp::new().await;
    // The year before: three complaints in the second quarter, one in the third, and an
    // inquiry that is no complaint.
    app.set_now("2025-04-10 10:00");
    for category in ["improvement", "improvement", "facility_safety"] {
        file(&app, "complaint", category).await;
    }
    file(&app, "inquiry", "improvement").await;
    app.set_now("2025-08-12 10:00");
    file(&app, "complaint", "improvement").await;
    // This year: one complaint in the first quarter, two in the second (so far).
    app.set_now("2026-02-10 10:00");
    file(&app, "complaint", "improvement").await;
    app.set_now("2026-05-12 10:00");
    file(&app, "complaint", "improvement").await;
    file(&app, "complaint", "facility_safety").await;

    app.user_in("manager", "voc_manager", Some(1)).await;
    app.user_in("tourhead", "department_head", Some(3)).await;
    app.user_in("otherhead", "department_head", Some(2)).await;
    let manager = app.login("manager", "user-password").await;

    let r = app.get("/api/v1/reduction-plans?year=2026", Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let p = plan_of(&r.body, 3);
    assert_eq!((p["state"].clone(), p["state_label"].as_str()), (Value::Null, Some("계획 없음")));
    assert_eq!((p["baseline"].as_i64(), p["actual"].as_i64()), (Some(4), Some(3)));
    let frequent: Vec<(&str, i64)> = p["frequent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["label"].as_str().unwrap(), l["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(frequent, [("개선제안/불편불만", 4), ("시설·안전", 1)], "every kind of the year before");

    // Refusals, field by field; nothing is written.
    let url = "/api/v1/reduction-plans/2026/3";
    let bad = json!({"quarter_targets": [2, -1, 3], "measures": [{"issue": "", "action": "안내판", "owner": "관광사업팀", "due": "2026-02-30"}],
                     "analysis": "가".repeat(4001)});
    let r = app.call(axum::http::Method::PUT, url, Some(bad), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    let f = &r.body["fields"];
    assert_eq!(f["quarter_targets"]["code"], "quarter_targets");
    assert_eq!(f["quarter_targets"]["ko"], "1분기부터 4분기까지 네 분기의 목표를 모두 적습니다.");
    assert_eq!(f["measures.0.issue"]["code"], "required");
    assert_eq!(f["measures.0.due"]["code"], "invalid_date");
    assert_eq!(f["analysis"]["code"], "too_long");
    let r = app
        .call(
            axum::http::Method::PUT,
            "/api/v1/reduction-plans/2026/3",
            Some(json!({"quarter_targets": [1, 2, 100001, 0]})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.body["fields"]["quarter_targets.2"]["code"], "reduction_target_out_of_range");
    assert_eq!(
        r.body["fields"]["quarter_targets.2"]["en"],
        "A quarter's target is a whole number of complaints from 0 to 100000."
    );
    let r = app
        .call(
            axum::http::Method::PUT,
            "/api/v1/reduction-plans/2028/3",
            Some(json!({"quarter_targets": [1, 1, 1, 1]})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.body["fields"]["year"]["code"], "year_out_of_range");
    let r = app
        .call(
            axum::http::Method::PUT,
            "/api/v1/reduction-plans/2026/99",
            Some(json!({"quarter_targets": [1, 1, 1, 1]})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Reporting needs the analysis and a measure.
    let draft = json!({"quarter_targets": [2, 1, 2, 1], "measures": [], "analysis": ""});
    let r = app.call(axum::http::Method::PUT, &format!("{url}?report=true"), Some(draft.clone()), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (r.body["fields"]["analysis"]["code"].as_str(), r.body["fields"]["measures"]["code"].as_str()),
        (Some("required"), Some("required"))
    );
    // A head and an executive may not write.
    let head = app.login("tourhead", "user-password").await;
    assert_eq!(
        app.call(axum::http::Method::PUT, url, Some(draft.clone()), Some(&head)).await.status,
        StatusCode::FORBIDDEN
    );

    // A draft: the first quarter met (1 of 2); the second over its target of 1 already.
    let r = app.call(axum::http::Method::PUT, url, Some(draft), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let quarters = |p: &Value| -> Vec<(i64, Option<i64>, Option<i64>, String)> {
        p["quarters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["baseline"].as_i64().unwrap(),
                    q["target"].as_i64(),
                    q["actual"].as_i64(),
                    q["outcome"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        quarters(&r.body),
        [
            (0, Some(2), Some(1), "met".to_owned()),
            (3, Some(1), Some(2), "missed".to_owned()),
            (1, Some(2), None, "ahead".to_owned()),
            (0, Some(1), None, "ahead".to_owned()),
        ]
    );
    assert_eq!(
        (r.body["year_target"].as_i64(), r.body["state"].as_str(), r.body["actions"]["edit"].as_bool()),
        (Some(6), Some("draft"), Some(true))
    );
    assert!(
        (r.body["quarters"][1]["change"].as_f64().unwrap() + 1.0 / 3.0).abs() < 1e-9,
        "2 against 3 the year before"
    );

    // Reported: fixed from then on.
    let full = json!({"quarter_targets": [2, 1, 2, 1], "analysis": "성수기 대기 불만이 절반을 넘음",
                      "measures": [{"issue": "대기시간", "action": "예약제 도입", "owner": "관광사업팀", "due": "2026-06-30"}]});
    let r = app.call(axum::http::Method::PUT, &format!("{url}?report=true"), Some(full.clone()), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["state"].as_str(), r.body["reported_by"].as_str(), r.body["actions"]["edit"].as_bool()),
        (Some("reported"), Some("manager"), Some(false))
    );
    assert_eq!(r.body["measures"][0]["due"], "2026-06-30");
    let r = app.call(axum::http::Method::PUT, url, Some(full), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("reduction_plan_reported")));

    // A head reads their own department's plan only.
    let r = app.get("/api/v1/reduction-plans?year=2026", Some(&head)).await;
    let plans = r.body["plans"].as_array().unwrap();
    assert_eq!(
        (plans.len(), plans[0]["department_id"].as_i64(), plans[0]["analysis"].as_str()),
        (1, Some(3), Some("성수기 대기 불만이 절반을 넘음"))
    );
    let other = app.login("otherhead", "user-password").await;
    let r = app.get("/api/v1/reduction-plans?year=2026", Some(&other)).await;
    assert_eq!(plan_of(&r.body, 2)["state"], Value::Null);
    assert_eq!(r.body["plans"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/reduction-plans?year=1999", Some(&other)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // The audit log has the draft and the report.
    let admin = app.admin().await;
    for (action, n) in [("reduction_plan_saved", 1), ("reduction_plan_reported", 1)] {
        let log = app.get(&format!("/api/v1/audit-log?action={action}"), Some(&admin)).await.body;
        assert_eq!(log["total"], n, "{action}: {log:?}");
        assert_eq!(log["items"][0]["target"], "reduction_plan:2026:3");
    }
}
