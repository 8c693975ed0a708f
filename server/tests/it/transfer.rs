//! Sending a case to the agency it belongs to (이송): the VOC manager only; the case closes
//! as transferred, the complainant is told where it went and how to follow it (consented
//! channels only), and reports count it but leave it out of compliance and handling time.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

async fn file(app: &TestApp, content: &str, consent: Value) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content,
                   "name": "홍길동", "phone": "010-1234-5678", "email": "hong@example.kr", "consent": consent}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

#[tokio::test]
async fn the_voc_manager_transfers_a_case_and_the_complainant_is_told_where_it_went() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app, "마을 앞 도로 포장이 파손되어 위험합니다", json!({"email": true})).await;
    let id = c["id"].as_i64().unwrap();
    let uri = format!("/api/v1/cases/{id}/transfer-out");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let body = json!({"agency": "문경시청 도로과", "reason": "시 도로의 유지·보수는 문경시 소관입니다"});

    assert_eq!(app.post(&uri, body.clone(), None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post(&uri, body.clone(), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body["actions"]["transfer_out"], false);
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&manager)).await.body;
    assert_eq!(view["actions"]["transfer_out"], true);
    let r = app.post(&uri, json!({"agency": "시", "reason": ""}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (r.body["fields"]["agency"]["code"].clone(), r.body["fields"]["reason"]["code"].clone()),
        (json!("too_short"), json!("required"))
    );

    let r = app.post(&uri, body.clone(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "closed");
    let last = r.body["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["code"].clone(), last["after"].clone()), (json!("transferred_out"), json!("종결")));
    assert!(last["detail"].as_str().unwrap().starts_with("문경시청 도로과: "));
    // Once closed, not again.
    assert_eq!(app.post(&uri, body, Some(&manager)).await.status, StatusCode::CONFLICT);

    // Told by e-mail only (no SMS consent), naming the agency.
    let admin = app.admin().await;
    let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
    let told: Vec<&Value> = notices.as_array().unwrap().iter().filter(|n| n["notice"] == "transfer_out").collect();
    assert_eq!(told.len(), 1, "{notices:?}");
    assert_eq!(told[0]["channel"], "email");
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let text: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'transfer_out'").fetch_one(&pool).await.unwrap();
    assert!(text.contains("문경시청 도로과") && text.contains("epeople.go.kr"), "{text}");

    // The tracking page says where it went and how to follow it.
    let track =
        format!("/api/v1/cases/{}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let public = app.get(&track, None).await.body;
    assert_eq!(public["status"], "closed");
    assert!(public["closure_reason"].as_str().unwrap().starts_with("문경시청 도로과의 소관이어서"), "{public:?}");
}

#[tokio::test]
async fn reports_count_transfers_apart_from_compliance_and_handling_time() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let transferred = file(&app, "마을 앞 도로 포장이 파손되어 위험합니다", json!({})).await;
    let late = file(&app, "레일바이크 안전띠가 헐거워요", json!({})).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{}/transfer-out", transferred["id"]),
            json!({"agency": "문경시청 도로과", "reason": "시 도로의 유지·보수는 문경시 소관입니다"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The other is answered late (due Wednesday 10:00).
    app.set_now("2026-11-26 10:00");
    let manager = app.login("manager", "user-password").await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", late["id"]), crate::common::an_answer(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let s = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&manager)).await.body;
    assert_eq!(
        (s["received"].as_i64(), s["processed"].as_i64(), s["transferred"].as_i64()),
        (Some(2), Some(2), Some(1))
    );
    // Only the answered case is measured: late, so 0 — not 1 of 2.
    assert_eq!(s["compliance_rate"], 0.0);
    // So in every table, where both count as processed but only the late one is measured.
    for table in ["by_kind", "by_channel", "by_facility", "by_department", "monthly"] {
        let rows = s[table].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{table}: {rows:?}");
        assert_eq!(
            (rows[0]["processed"].as_i64(), rows[0]["compliance_rate"].as_f64()),
            (Some(2), Some(0.0)),
            "{table}"
        );
    }

    // Its handling time alone: 24 business hours.
    assert_eq!(s["mean_handling_hours"], 24.0);

    // Reopened, it is no longer a transfer: it is open and due like any case.
    let r = app
        .post(
            &format!("/api/v1/cases/{}/reopen", transferred["id"]),
            json!({"reason": "시 소관이 아님을 확인"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["closure_reason"], serde_json::Value::Null, "{:?}", r.body);
    let s = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&manager)).await.body;
    assert_eq!((s["transferred"].as_i64(), s["processed"].as_i64()), (Some(0), Some(1)));
}
