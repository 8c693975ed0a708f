//! Moving data between backends: SQLite → PostgreSQL → SQLite, verified by row counts and
//! checksums, and the copy is a working database.

use axum::http::{Method, StatusCode};
use serde_json::json;
use server::store::copy::{CopyError, copy_database};

use crate::common::{self, TestApp, fresh_pg_database};

#[tokio::test(flavor = "multi_thread")]
async fn a_database_survives_the_round_trip_through_postgresql() {
    let dir = tempfile::TempDir::new().unwrap();
    let sqlite = format!("sqlite:{}", dir.path().join("source.db").display());
    let app = TestApp::on(&sqlite).await;
    app.set_now("2026-11-23 10:00");
    let admin = app.admin().await;
    let a = app.file("복사될 첫 번째 민원: 한글과 'quotes' 그리고 \"따옴표\"").await;
    let b = app.file("복사될 두 번째 민원").await;
    let phone = json!({"kind": "praise", "channel": "phone", "content": "전화로 받은 칭찬입니다", "name": "홍길동",
                       "phone": "010-1234-5678", "email": "hong@example.kr", "consent": {"sms": true, "email": true}});
    assert_eq!(app.post("/api/v1/cases", phone, Some(&admin)).await.status, StatusCode::CREATED);
    app.post(&format!("/api/v1/cases/{}/answer", a["id"]), common::an_answer(), Some(&admin)).await;
    let call = json!({"means": "phone", "outcome": "result_given", "summary": "결과를 전화로 안내함"});
    let r = app.post(&format!("/api/v1/cases/{}/contacts", a["id"]), call, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let survey = app.survey_uri(&a).await;
    // Dissatisfied: a follow-up opens too.
    assert_eq!(app.post(&survey, common::full_survey(1), None).await.status, StatusCode::CREATED);
    let targets = json!({"deadline_compliance": 0.95, "satisfaction_overall": 4.3, "departments": {"3": {"mean_handling_days": 2.5}}});
    let r = app.call(Method::PUT, "/api/v1/kpi/targets/2026", Some(targets), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    app.post(
        &format!("/api/v1/cases/{}/pause", b["id"]),
        json!({"reason": "investigation", "note": "현장 조사"}),
        Some(&admin),
    )
    .await;
    // Follow-up rows: staff concerned, compensation, an improvement request.
    let staff = json!({"staff_name": "김친절", "cause": "rudeness", "cs_training": true});
    let r = app.call(Method::PUT, &format!("/api/v1/cases/{}/staff", a["id"]), Some(staff), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .post(&format!("/api/v1/cases/{}/compensations", a["id"]), json!({"reason": "rudeness"}), Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let improvement = json!({"department": 3, "title": "응대 교육", "body": "분기마다", "receipt_no": a["receipt_no"]});
    assert_eq!(app.post("/api/v1/improvements", improvement, Some(&admin)).await.status, StatusCode::CREATED);
    app.post("/api/v1/calendar/holidays", json!({"date": "2026-11-30", "name": "창립기념일"}), Some(&admin)).await;
    app.call(Method::DELETE, "/api/v1/calendar/holidays/2026-12-25", None, Some(&admin)).await;
    app.call(
        Method::PUT,
        "/api/v1/calendar/policies/praise",
        Some(json!({"business_days": 5, "needs_confirmation": false, "interim_notice_days": 2, "due_soon_hours": 3})),
        Some(&admin),
    )
    .await;
    app.shutdown.cancel();

    // SQLite → PostgreSQL.
    let pg = fresh_pg_database().await;
    let there = copy_database(&sqlite, &pg, &key()).await.expect("copy to PostgreSQL");
    let rows = |r: &[server::store::copy::TableReport], t: &str| r.iter().find(|x| x.table == t).unwrap().rows;
    assert_eq!(rows(&there, "cases"), 3);
    assert_eq!(rows(&there, "answers"), 1);
    assert_eq!(rows(&there, "survey_responses"), 1);
    assert_eq!(rows(&there, "survey_follow_ups"), 1);
    assert_eq!(rows(&there, "kpi_targets"), 3);
    assert!(rows(&there, "report_survey_dims") >= 8, "rebuilt by the target's triggers and verified");
    assert_eq!(rows(&there, "case_pauses"), 1);
    assert_eq!(rows(&there, "case_contacts"), 1);
    assert_eq!(rows(&there, "case_staff"), 1);
    assert_eq!(rows(&there, "compensations"), 1);
    assert_eq!(rows(&there, "improvement_requests"), 1);
    assert_eq!(rows(&there, "facilities"), 9);
    assert!(rows(&there, "case_history") >= 6);
    assert!(rows(&there, "holidays") >= 75);

    // A second copy into the same database is refused, not merged.
    match copy_database(&sqlite, &pg, &key()).await {
        Err(CopyError::TargetNotEmpty(t)) => assert_eq!(t, "receipt_counters"),
        other => panic!("expected TargetNotEmpty, got {other:?}"),
    }

    // PostgreSQL → a new SQLite file, through the binary's own command.
    let back = format!("sqlite:{}", dir.path().join("back.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["copy-db", "--from", &pg, "--to", &back])
        .env("NO_COLOR", "1")
        // The key the source's contacts were hashed with; the copy keeps those hashes.
        .env("VOC_CONTACT_KEY", common::TEST_CONTACT_KEY)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{log}{}", String::from_utf8_lossy(&out.stderr));
    assert!(log.contains("row counts and checksums match"), "{log}");
    sqlx::any::install_default_drivers();
    let back_pool = sqlx::AnyPool::connect(&back).await.unwrap();
    let src_pool = sqlx::AnyPool::connect(&sqlite).await.unwrap();
    for table in ["cases", "answers", "case_history", "holidays", "deadline_policies", "users", "compensations"] {
        let order = if table == "holidays" {
            "date"
        } else if table == "deadline_policies" {
            "kind"
        } else {
            "id"
        };
        let x = server::store::copy::table_report(&src_pool, table, order).await.unwrap();
        let y = server::store::copy::table_report(&back_pool, table, order).await.unwrap();
        assert_eq!(x, y, "{table} came back identical");
    }

    // The PostgreSQL copy is a working database: same people, same cases, next numbers.
    let copy = TestApp::on(&pg).await;
    copy.set_now("2026-11-23 10:00");
    let admin = copy.admin().await;
    let view = copy
        .get(
            &format!(
                "/api/v1/cases/{}?token={}",
                a["receipt_no"].as_str().unwrap(),
                a["tracking_token"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(view.body["content"], a_content());
    assert_eq!(view.body["survey_submitted"], true);
    let staff = copy.get(&format!("/api/v1/cases/{}", b["id"]), Some(&admin)).await;
    assert_eq!(staff.body["status"], "paused");
    let next = copy.file("복사 뒤 첫 민원").await;
    assert!(next["receipt_no"].as_str().unwrap().ends_with("-000004"), "{next}");
    assert_eq!(next["id"], 4, "identity sequences moved past the copied ids");
    // Every identity table's, the newer ones too.
    let call = json!({"means": "visit", "outcome": "talked", "summary": "민원실에서 면담함"});
    let r = copy.post(&format!("/api/v1/cases/{}/contacts", b["id"]), call, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let practice = json!({"kind": "good", "title": "복사 뒤 첫 우수사례", "situation": "현장에서 바로 조치함", "action": "안내판 설치", "lesson": "즉시 대응"});
    let r = copy.post(&format!("/api/v1/cases/{}/practice", a["id"]), practice, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let holidays = copy.get("/api/v1/calendar/holidays?year=2026", None).await.body;
    assert!(holidays.as_array().unwrap().iter().any(|h| h["date"] == "2026-11-30"));
    assert!(!holidays.as_array().unwrap().iter().any(|h| h["date"] == "2026-12-25"));
}

fn a_content() -> &'static str {
    "복사될 첫 번째 민원: 한글과 'quotes' 그리고 \"따옴표\""
}

/// The key the test apps hash contacts with.
fn key() -> server::contact_key::ContactKey {
    server::contact_key::ContactKey::from_secret(common::TEST_CONTACT_KEY.as_bytes())
}
