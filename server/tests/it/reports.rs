//! Period reports over real cases: counts, deadline compliance, business-time handling, the
//! survey, permissions, CSV.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, full_survey};

async fn file(app: &TestApp, kind: &str, email: Option<&str>) -> Value {
    let body = json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "content": "레일바이크 좌석이 젖어 있어요",
                      "email": email, "consent": {"email": email.is_some()}});
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

#[tokio::test]
async fn the_summary_counts_a_period_with_compliance_handling_time_and_survey() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00"); // a Monday, no holiday near
    let on_time = file(&app, "complaint", Some("a@example.com")).await;
    file(&app, "inquiry", None).await; // due in one business day, still open
    let late = file(&app, "complaint", None).await;

    app.set_now("2026-04-06 15:00");
    let admin = app.admin().await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", on_time["id"]), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let survey = app.survey_uri(&on_time).await;
    assert_eq!(app.post(&survey, full_survey(5), None).await.status, StatusCode::CREATED);

    // A complaint is due in 2 business days (Wed 10:00); this one closes Friday.
    app.set_now("2026-04-10 10:00");
    let admin = app.admin().await;
    app.post(&format!("/api/v1/cases/{}/answer", late["id"]), an_answer(), Some(&admin)).await;

    let r = app.get("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let s = r.body;
    assert_eq!((s["received"].as_i64(), s["processed"].as_i64()), (Some(3), Some(2)));
    assert_eq!((s["open"].as_i64(), s["overdue"].as_i64()), (Some(1), Some(1)), "the inquiry was due Tuesday");
    // One on time out of two closed and one open past its deadline.
    assert!((s["compliance_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9, "{}", s["compliance_rate"]);
    // 4 business hours (10–12, 13–15) and 32 (Monday 10:00 to Friday 10:00).
    assert_eq!(s["mean_handling_hours"].as_f64(), Some(18.0));
    assert_eq!(s["median_handling_hours"].as_f64(), Some(18.0));
    let kinds: Vec<(String, i64)> = s["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["label"].as_str().unwrap().to_owned(), l["received"].as_i64().unwrap()))
        .collect();
    assert_eq!(kinds, [("불만".to_owned(), 2), ("문의".to_owned(), 1)]);
    assert_eq!(s["by_facility"][0]["label"], "철로자전거");
    assert_eq!(s["by_department"][0]["label"], "관광사업팀");
    assert_eq!(s["monthly"][0]["key"], "2026-04");
    assert_eq!(s["survey"]["responses"], 1);
    assert_eq!(s["survey"]["invited"], 1, "only the case with a consented channel is invited");
    assert_eq!(s["survey"]["response_rate"].as_f64(), Some(1.0));
    assert_eq!(s["survey"]["items"][6]["mean"].as_f64(), Some(5.0));

    // Another period holds none of them.
    let r = app.get("/api/v1/reports/summary?from=2026-03-01&to=2026-03-31", Some(&admin)).await;
    assert_eq!((r.body["received"].as_i64(), r.body["compliance_rate"].as_f64()), (Some(0), Some(1.0)));

    let csv = app.send(
        axum::http::Request::get("/api/v1/reports/summary.csv?from=2026-04-01&to=2026-04-30")
            .header("cookie", &admin)
            .body(axum::body::Body::empty())
            .unwrap(),
    );
    let csv = csv.await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
}

#[tokio::test]
async fn reports_are_for_the_voc_manager_executives_and_administrators_and_dates_are_checked() {
    let app = TestApp::new().await;
    let exec = app.user("ceo", "executive").await;
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("h", "handler", Some(3)).await;
    let uri = "/api/v1/reports/summary?from=2026-01-01&to=2026-06-30";
    assert_eq!(app.get(uri, Some(&exec)).await.status, StatusCode::OK);
    assert_eq!(app.get(uri, Some(&manager)).await.status, StatusCode::OK);
    assert_eq!(app.get(uri, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(uri, None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.get("/api/v1/reports/summary?from=2026-13-01&to=2026-06-30", Some(&exec)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["from"]["code"], "invalid_date");
    let r = app.get("/api/v1/reports/summary?from=2026-06-30&to=2026-01-01", Some(&exec)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["to"]["code"], "end_before_start");
    assert!(r.body["fields"]["to"]["ko"].as_str().unwrap().contains("시작 날짜보다 앞섭니다"));
    let r = app.get("/api/v1/reports/summary?from=2010-01-01&to=2026-06-30", Some(&exec)).await;
    assert_eq!(r.body["fields"]["to"]["code"], "period_too_long");
    // Without a period: this month so far.
    let r = app.get("/api/v1/reports/summary", Some(&exec)).await;
    assert_eq!(r.status, StatusCode::OK);
    for key in ["received", "processed", "open", "overdue", "compliance_rate"] {
        assert!(r.body[key].is_number(), "{key}");
    }
}

#[tokio::test]
async fn the_survey_closes_fourteen_days_after_the_case_did() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00");
    let a = file(&app, "complaint", Some("a@example.com")).await;
    let b = file(&app, "complaint", Some("b@example.com")).await;
    let admin = app.admin().await;
    for c in [&a, &b] {
        let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let (survey_a, survey_b) = (app.survey_uri(&a).await, app.survey_uri(&b).await);
    app.set_now("2026-04-20 09:59"); // 13 days 23 h 59 min later
    assert_eq!(app.post(&survey_a, full_survey(4), None).await.status, StatusCode::CREATED);
    app.set_now("2026-04-20 10:01");
    let r = app.post(&survey_b, full_survey(4), None).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert_eq!(r.body["error"], "survey_expired");
    assert!(r.body["message"].as_str().unwrap().contains("14일"));
    assert_eq!(app.get(&survey_b, None).await.status, StatusCode::GONE);
    // The tracking page no longer offers a survey link.
    let track =
        format!("/api/v1/cases/{}?token={}", b["receipt_no"].as_str().unwrap(), b["tracking_token"].as_str().unwrap());
    assert_eq!(app.get(&track, None).await.body["survey_path"], Value::Null);
}

#[tokio::test]
async fn the_survey_period_is_a_setting_and_the_invitation_says_it() {
    let app = TestApp::new_with(|c| c.notify.survey_days = 3).await;
    app.set_now("2026-04-06 10:00");
    let a = file(&app, "complaint", Some("a@example.com")).await;
    let admin = app.admin().await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", a["id"]), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The invitation as queued for sending (the API shows only its subject).
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'survey_invite'").fetch_one(&pool).await.unwrap();
    pool.close().await;
    assert!(body.contains("2026-04-09"), "closes 3 days later: {body}");
    // The invitation's own link: its token's hash is among those minted for the case.
    let link = body.split("/survey/").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    let survey = format!("/api/v1/surveys/{link}");
    assert_eq!(app.get(&survey, None).await.status, StatusCode::OK);
    app.set_now("2026-04-09 10:01");
    let r = app.get(&survey, None).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body["message"].as_str().unwrap().contains("종결 후 3일"), "{}", r.body["message"]);
    assert!(r.body["message_en"].as_str().unwrap().contains("3 days"), "{}", r.body["message_en"]);
}

/// What the cases table says `report_counts` must hold, worked out here in Rust from the case
/// rows: an oracle independent of the triggers' SQL.
async fn counters_from_cases(db_url: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(db_url).await.unwrap();
    let cases = sqlx::query(
        "SELECT received_at, kind, channel, coalesce(category, ''), coalesce(facility, ''), \
         coalesce(CAST(department_id AS TEXT), ''), coalesce(CAST(assignee_id AS TEXT), ''), status, due_at, \
         closed_at, handling_secs, consent_sms + consent_email FROM cases",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut want: std::collections::BTreeMap<(String, &str, String), [i64; 7]> = Default::default();
    for c in &cases {
        let received: i64 = c.get(0);
        let day = chrono::DateTime::from_timestamp(received + 9 * 3600, 0).unwrap().format("%Y-%m-%d").to_string();
        let status: String = c.get(7);
        let (due, closed, handling, consent): (i64, Option<i64>, Option<i64>, i64) =
            (c.get(8), c.get(9), c.get(10), c.get(11));
        let is_closed = status == "closed";
        let add = [
            1,
            i64::from(is_closed),
            i64::from(!is_closed && status != "withdrawn"),
            i64::from(is_closed && closed.is_some_and(|t| t <= due)),
            i64::from(is_closed && consent > 0),
            if is_closed { handling.unwrap_or(0) } else { 0 },
            i64::from(is_closed && handling.is_some()),
        ];
        let dims = ["all", "kind", "channel", "category", "facility", "department", "handler"];
        let department: String = c.get(5);
        let mut rows: Vec<(&str, String)> =
            dims.into_iter().enumerate().map(|(i, dim)| (dim, if i == 0 { String::new() } else { c.get(i) })).collect();
        // Migration 0037: each dimension but the department's again, per department.
        for (i, dim) in
            [(1, "dept_kind"), (2, "dept_channel"), (3, "dept_category"), (4, "dept_facility"), (6, "dept_handler")]
        {
            rows.push((dim, format!("{department}:{}", c.get::<String, _>(i))));
        }
        for (dim, key) in rows {
            let e = want.entry((day.clone(), dim, key)).or_default();
            for (a, b) in e.iter_mut().zip(add) {
                *a += b;
            }
        }
    }
    let want = want
        .into_iter()
        .map(|((day, dim, key), n)| [vec![day, dim.to_owned(), key], n.iter().map(i64::to_string).collect()].concat())
        .collect();
    let have = sqlx::query(
        "SELECT day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n \
         FROM report_counts ORDER BY day, dim, key",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (0..3).map(|i| r.get::<String, _>(i)).chain((3..10).map(|i| r.get::<i64, _>(i).to_string())).collect())
    .collect();
    pool.close().await;
    (want, have)
}

#[tokio::test]
async fn the_report_counters_equal_the_cases_through_every_kind_of_change() {
    let app = TestApp::new().await;
    app.set_now("2026-03-31 23:30"); // after hours, the last day of a month
    let admin = app.admin().await;
    app.user_in("manager", "voc_manager", Some(1)).await;
    app.user_in("head", "department_head", Some(3)).await;
    app.user_in("handler", "handler", Some(3)).await;
    let users = app.get("/api/v1/users", Some(&admin)).await.body;
    let handler = users.as_array().unwrap().iter().find(|u| u["username"] == "handler").unwrap()["id"].clone();

    let a = file(&app, "complaint", Some("a@example.com")).await;
    // Sessions lapse after 30 idle minutes, so everybody signs in again after each jump in time.
    app.set_now("2026-04-01 09:10");
    let (admin, head) = (app.admin().await, app.login("head", "user-password").await);
    let b = file(&app, "inquiry", None).await;
    let c = file(&app, "suggestion", None).await;
    let d = file(&app, "complaint", None).await;
    let (check, at) = (
        || async {
            let (want, have) = counters_from_cases(&app.db_url).await;
            assert_eq!(have, want);
        },
        |case: &Value, action: &str| format!("/api/v1/cases/{}/{action}", case["id"]),
    );
    check().await;

    // Assignment, a pause and its end, a transfer, closure, a reopen and a second closure.
    let r = app.post(&at(&a, "assign"), json!({"user": handler}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.post(&at(&b, "pause"), json!({"reason": "investigation", "note": "현장 확인"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    check().await;
    app.set_now("2026-04-02 10:00");
    let (admin, manager) = (app.admin().await, app.login("manager", "user-password").await);
    assert_eq!(app.post(&at(&b, "resume"), json!({}), Some(&admin)).await.status, StatusCode::OK);
    let r = app.post(&at(&c, "route"), json!({"department": 4, "reason": "직판장 건"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    check().await;
    assert_eq!(app.post(&at(&a, "answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    assert_eq!(app.post(&at(&c, "answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    check().await;
    app.set_now("2026-04-08 10:00");
    let (admin, manager) = (app.admin().await, app.login("manager", "user-password").await);
    let r = app.post(&at(&a, "reopen"), json!({"reason": "같은 고장 재발"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    check().await;
    assert_eq!(app.post(&at(&a, "answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    // A withdrawal and a closure as not a complaint.
    let (no, token) = (d["receipt_no"].as_str().unwrap(), d["tracking_token"].as_str().unwrap());
    assert_eq!(
        app.post(&format!("/api/v1/cases/{no}/withdraw?token={token}"), json!({}), None).await.status,
        StatusCode::OK
    );
    let r = app
        .post(&at(&b, "close"), json!({"reason": "court_or_investigation", "note": "소송 중"}), Some(&manager))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    check().await;

    // The report reads the counters: March holds the after-hours case, April the rest; the
    // transferred case counts for its new department only.
    let s = app.get("/api/v1/reports/summary?from=2026-03-01&to=2026-04-30", Some(&admin)).await.body;
    let months: Vec<(&str, i64)> = s["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["key"].as_str().unwrap(), m["received"].as_i64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-03", 1), ("2026-04", 3)]);
    assert_eq!((s["received"].as_i64(), s["processed"].as_i64(), s["open"].as_i64()), (Some(4), Some(3), Some(0)));
    let departments: Vec<(&str, i64)> = s["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["label"].as_str().unwrap(), m["received"].as_i64().unwrap()))
        .collect();
    assert_eq!(departments, [("관광사업팀", 3), ("농특산물홍보팀", 1)]);
    let april = app.get("/api/v1/reports/summary?from=2026-04-01&to=2026-04-01", Some(&admin)).await.body;
    assert_eq!(april["received"], 3, "a one-day period");
}

#[tokio::test]
async fn the_case_list_exports_with_personal_data_masked_for_report_readers_only() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00");
    let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "=HYPERLINK(\"http://evil\") 좌석이 젖어 있어요",
                      "name": "홍길동", "phone": "010-1234-5678", "email": "hong@example.com",
                      "consent": {"sms": true, "email": true}});
    let a = app.post("/api/v1/cases", body, None).await.body;
    file(&app, "inquiry", None).await;
    let admin = app.admin().await;
    app.post(&format!("/api/v1/cases/{}/answer", a["id"]), an_answer(), Some(&admin)).await;
    let handler = app.user_in("h", "handler", Some(3)).await;
    let url = "/api/v1/reports/cases.csv?from=2026-04-01&to=2026-04-30";
    assert_eq!(app.get(url, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let manager = app.user_in("m", "voc_manager", Some(1)).await;
    let (status, headers, bytes) = app.download(url, &manager).await;
    assert_eq!(status, StatusCode::OK);
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("voc-cases-2026-04-01-2026-04-30.csv"), "{disposition}");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "header and two cases: {text}");
    let row = lines.iter().find(|l| l.contains(a["receipt_no"].as_str().unwrap())).unwrap();
    assert!(row.contains("홍*동") && row.contains("010-****-5678"), "{row}");
    assert!(
        !text.contains("1234") && !text.contains("hong@example.com") && !text.contains("길동"),
        "nothing in full: {text}"
    );
    assert!(!text.contains("HYPERLINK"), "no complaint text in the export");
    assert!(row.contains(",Y,"), "closed on time: {row}");

    // The same rows as a spreadsheet; the would-be formula stays out (no complaint text).
    let xlsx = "/api/v1/reports/cases.xlsx?from=2026-04-01&to=2026-04-30";
    assert_eq!(app.get(xlsx, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let (status, headers, bytes) = app.download(xlsx, &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    assert!(headers["content-disposition"].to_str().unwrap().contains("voc-cases-2026-04-01-2026-04-30.xlsx"));
    let rows = TestApp::xlsx_rows(&bytes, "민원 목록");
    assert_eq!(rows.len(), 3, "header and two cases: {rows:?}");
    assert_eq!(rows[0][0], "접수번호");
    let row = rows.iter().find(|r| r[0] == a["receipt_no"].as_str().unwrap()).unwrap();
    assert_eq!((row[11].as_str(), row[13].as_str(), row[14].as_str()), ("Y", "홍*동", "010-****-5678"));
    let csv_row: Vec<&str> =
        lines.iter().find(|l| l.contains(a["receipt_no"].as_str().unwrap())).unwrap().split(',').collect();
    assert_eq!(row.iter().map(String::as_str).collect::<Vec<_>>(), csv_row, "CSV and XLSX agree");
}

/// Key, invited, responses, response rate and overall mean of one line of a survey breakdown.
type SurveyLine = (String, i64, i64, Option<f64>, Option<f64>);

#[tokio::test]
async fn survey_results_are_broken_down_like_the_tables_and_follow_a_case_that_moves() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00");
    let admin = app.admin().await;
    app.user_in("manager", "voc_manager", Some(1)).await;
    let a = file(&app, "complaint", Some("a@example.com")).await;
    let b = file(&app, "inquiry", Some("b@example.com")).await;
    let c = file(&app, "complaint", Some("c@example.com")).await;
    let at = |case: &Value, action: &str| format!("/api/v1/cases/{}/{action}", case["id"]);
    for case in [&a, &b, &c] {
        assert_eq!(app.post(&at(case, "answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    }
    let (survey_a, survey_b) = (app.survey_uri(&a).await, app.survey_uri(&b).await);
    assert_eq!(app.post(&survey_a, full_survey(5), None).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&survey_b, full_survey(2), None).await.status, StatusCode::CREATED);

    let report = |department: &str| {
        let (app, admin) = (&app, admin.clone());
        let q = format!("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30{department}");
        async move { app.get(&q, Some(&admin)).await.body }
    };
    // (key, invited, responses, response rate, overall mean) of one breakdown table.
    let lines = |s: &Value, id: &str| -> Vec<SurveyLine> {
        let overall = s["survey"]["items"].as_array().unwrap().iter().position(|i| i["item"] == "overall").unwrap();
        let table = s["survey"]["breakdown"].as_array().unwrap().iter().find(|b| b["id"] == id).unwrap().clone();
        table["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["key"].as_str().unwrap().to_owned(),
                    l["invited"].as_i64().unwrap(),
                    l["responses"].as_i64().unwrap(),
                    l["response_rate"].as_f64(),
                    l["means"][overall].as_f64(),
                )
            })
            .collect()
    };
    let line = |key: &str, invited, responses, rate: Option<f64>, mean: Option<f64>| {
        (key.to_owned(), invited, responses, rate, mean)
    };
    let s = report("").await;
    assert_eq!(
        lines(&s, "by_kind"),
        [line("complaint", 2, 1, Some(0.5), Some(5.0)), line("inquiry", 1, 1, Some(1.0), Some(2.0))]
    );
    assert_eq!(lines(&s, "by_channel"), [line("kiosk", 3, 2, Some(2.0 / 3.0), Some(3.5))]);
    assert_eq!(lines(&s, "by_facility"), [line("railbike", 3, 2, Some(2.0 / 3.0), Some(3.5))]);
    assert_eq!(lines(&s, "by_department"), [line("3", 3, 2, Some(2.0 / 3.0), Some(3.5))]);
    assert_eq!(lines(&s, "monthly"), [line("2026-04", 3, 2, Some(2.0 / 3.0), Some(3.5))]);
    let handler =
        &s["survey"]["breakdown"].as_array().unwrap().iter().find(|b| b["id"] == "by_handler").unwrap()["lines"];
    assert_eq!((handler[0]["key"].as_str(), handler[0]["label"].as_str()), (Some("-"), Some("미지정")));

    // Case A is reopened, sent to department 4 and answered again: its answer goes with it.
    app.set_now("2026-04-07 10:00");
    let (admin, manager) = (app.admin().await, app.login("manager", "user-password").await);
    let r = app.post(&at(&a, "reopen"), json!({"reason": "같은 고장 재발"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.post(&at(&a, "route"), json!({"department": 4, "reason": "직판장 건"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.post(&at(&a, "answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    let report = |department: &str| {
        let (app, admin) = (&app, admin.clone());
        let q = format!("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30{department}");
        async move { app.get(&q, Some(&admin)).await.body }
    };
    let s = report("").await;
    assert_eq!(
        lines(&s, "by_department"),
        [line("3", 2, 1, Some(0.5), Some(2.0)), line("4", 1, 1, Some(1.0), Some(5.0))]
    );
    // A department's own report breaks down its own answers only.
    let s = report("&department=3").await;
    assert_eq!(
        lines(&s, "by_kind"),
        [line("inquiry", 1, 1, Some(1.0), Some(2.0)), line("complaint", 1, 0, Some(0.0), None)]
    );
    assert_eq!(lines(&s, "monthly"), [line("2026-04", 2, 1, Some(0.5), Some(2.0))]);
    let s = report("&department=4").await;
    assert_eq!(lines(&s, "by_kind"), [line("complaint", 1, 1, Some(1.0), Some(5.0))]);

    // The workbook has the same lines.
    let (status, _, xlsx) = app.download("/api/v1/reports/summary.xlsx?from=2026-04-01&to=2026-04-30", &admin).await;
    assert_eq!(status, StatusCode::OK);
    let rows = TestApp::xlsx_rows(&xlsx, "만족도 분석");
    assert_eq!(rows[0][..6], ["구분", "항목", "코드", "조사 대상", "응답", "응답률"]);
    let kiosk = rows.iter().find(|r| r[0] == "접수경로별").unwrap();
    assert_eq!(kiosk[3..6], ["3", "2", "0.6666666666666666"]);
}

#[tokio::test]
async fn the_kgs_profile_asks_its_six_qpsi_items_and_the_reports_and_kpis_follow() {
    let app = TestApp::new_with(|c| c.profile = server::profile::Profile::Kgs).await;
    app.set_now("2026-04-06 10:00");
    let admin = app.admin().await;
    let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "field", "content": "검사 일정 안내가 늦었습니다",
                      "email": "a@example.com", "consent": {"email": true}});
    let case = app.post("/api/v1/cases", body, None).await.body;
    let r = app.post(&format!("/api/v1/cases/{}/answer", case["id"]), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let survey = app.survey_uri(&case).await;
    let form = app.get(&survey, None).await.body;
    let asked: Vec<&str> = form["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(asked, ["ease", "interim_notice", "proactiveness", "courtesy", "timeliness", "overall"]);
    // The seven-item answer is refused by its extra item; the six are recorded.
    let r = app.post(&survey, full_survey(4), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["answers.result"]["code"], "unknown_item");
    let mut six = full_survey(4);
    six["answers"].as_object_mut().unwrap().remove("result");
    assert_eq!(app.post(&survey, six, None).await.status, StatusCode::CREATED);

    let s = app.get("/api/v1/reports/summary?from=2026-04-01&to=2026-04-30", Some(&admin)).await.body;
    let items: Vec<&str> =
        s["survey"]["items"].as_array().unwrap().iter().map(|i| i["item"].as_str().unwrap()).collect();
    assert_eq!(items, asked);
    assert_eq!(s["survey"]["items"][5]["mean"].as_f64(), Some(4.0));
    assert_eq!(s["survey"]["breakdown"][0]["lines"][0]["means"].as_array().unwrap().len(), 6);
    let kpi = app.get("/api/v1/kpi?year=2026", Some(&admin)).await.body;
    let kpis: Vec<&str> = kpi["indicators"].as_array().unwrap().iter().map(|k| k["kpi"].as_str().unwrap()).collect();
    assert!(kpis.contains(&"satisfaction_overall") && !kpis.contains(&"satisfaction_result"), "{kpis:?}");
}
