//! The CCM management cycle around the cases: the follow-up of dissatisfied survey responses
//! (불만족 민원 추가 답변) with its business-time clock, and what reports count of it.

use axum::http::{Method, StatusCode};
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

async fn file_one(app: &TestApp, kind: &str, email: Option<&str>) -> Value {
    let body = json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "content": "레일바이크 직원이 친절했어요",
                      "email": email, "consent": {"email": email.is_some()}});
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn indicator<'a>(lines: &'a Value, kpi: &str) -> &'a Value {
    lines.as_array().unwrap().iter().find(|l| l["kpi"] == kpi).unwrap_or_else(|| panic!("{kpi} missing"))
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[tokio::test]
async fn kpis_are_measured_by_month_and_department_against_the_years_targets() {
    let app = TestApp::new().await;
    // March: A and a praise answered the same afternoon (4 business hours), B on Friday (32,
    // past its Wednesday due).
    app.set_now("2026-03-09 10:00"); // a Monday (the 2nd is a substitute holiday)
    let a = file_one(&app, "complaint", Some("a@example.com")).await;
    let b = file_one(&app, "complaint", Some("b@example.com")).await;
    let praise = file_one(&app, "praise", None).await;
    app.set_now("2026-03-09 15:00");
    let admin = app.admin().await;
    for case in [&a, &praise] {
        let r = app.post(&format!("/api/v1/cases/{}/answer", case["id"]), an_answer(), Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    app.set_now("2026-03-13 10:00");
    let admin = app.admin().await;
    let mut partly = an_answer();
    partly["decision"] = json!("not_accepted");
    app.post(&format!("/api/v1/cases/{}/answer", b["id"]), partly, Some(&admin)).await;
    for (case, survey) in [(&a, full_survey(5)), (&b, scored(2, 3))] {
        let uri = app.survey_uri(case).await;
        assert_eq!(app.post(&uri, survey, None).await.status, StatusCode::CREATED);
    }
    // April: C stays open past its due; its interim notice went out before its interim due.
    app.set_now("2026-04-06 10:00");
    let c = file_one(&app, "complaint", Some("c@example.com")).await;
    app.set_now("2026-04-06 11:00");
    let admin = app.admin().await;
    let r = app
        .post(
            &format!("/api/v1/cases/{}/interim", c["id"]),
            json!({"reason": "부품 수급에 2주가 걸립니다", "expected_date": "2026-04-24"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    app.set_now("2026-04-10 10:00");
    let admin = app.admin().await;
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("h", "handler", Some(3)).await;
    let targets = json!({"deadline_compliance": 0.9, "satisfaction_overall": 3.5, "mean_handling_days": 2.0,
                         "departments": {"3": {"deadline_compliance": 0.3}}});
    assert_eq!(
        app.call(Method::PUT, "/api/v1/kpi/targets/2026", Some(targets.clone()), Some(&manager)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .call(
            Method::PUT,
            "/api/v1/kpi/targets/2026",
            Some(json!({"deadline_compliance": 95, "speed": 1, "departments": {"999": {"repeat_rate": 0.1}}})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["deadline_compliance"]["code"], "target_out_of_range");
    assert_eq!(r.body["fields"]["speed"]["code"], "unknown_kpi");
    let r = app
        .call(
            Method::PUT,
            "/api/v1/kpi/targets/2026",
            Some(json!({"departments": {"999": {"repeat_rate": 0.1}}})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.body["fields"]["departments"]["code"], "unknown_department");
    let r = app.call(Method::PUT, "/api/v1/kpi/targets/2026", Some(targets), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.get("/api/v1/kpi/targets/2026", Some(&manager)).await;
    assert!(
        close(&r.body["overall"]["deadline_compliance"], 0.9)
            && close(&r.body["departments"]["3"]["deadline_compliance"], 0.3)
    );
    assert_eq!(app.get("/api/v1/kpi/targets/2026", Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/kpi?year=1999", Some(&manager)).await.body["fields"]["year"]["code"],
        "year_out_of_range"
    );
    assert_eq!(app.get("/api/v1/kpi", Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let audit = app.get("/api/v1/audit-log", Some(&admin)).await.body;
    assert!(audit.to_string().contains("kpi_targets_set"), "the change is in the audit log");

    let d = app.get("/api/v1/kpi?year=2026", Some(&manager)).await;
    assert_eq!(d.status, StatusCode::OK, "{:?}", d.body);
    let d = d.body;
    assert_eq!(d["months"], json!(["2026-01", "2026-02", "2026-03", "2026-04"]));
    assert_eq!(d["can_set_targets"], false);
    let k = &d["indicators"];
    // Two on time (A, the praise) of four due (B closed late; C open past its due).
    let compliance = indicator(k, "deadline_compliance");
    assert!(close(&compliance["year"]["value"], 0.5), "{compliance}");
    assert_eq!(compliance["year"]["state"], "missed");
    assert!(close(&compliance["monthly"][2]["value"], 2.0 / 3.0) && close(&compliance["monthly"][3]["value"], 0.0));
    assert_eq!(compliance["monthly"][0]["value"], Value::Null, "nothing was due in January");
    assert_eq!(compliance["monthly"][0]["state"], "no_data");
    // Half a business day twice and four days: 5/3 on average, half a day the median.
    let mean = indicator(k, "mean_handling_days");
    assert!(close(&mean["year"]["value"], 5.0 / 3.0), "{mean}");
    assert_eq!(mean["year"]["state"], "met", "fewer days than the target is better");
    assert!(close(&indicator(k, "median_handling_days")["year"]["value"], 0.5));
    let overall = indicator(k, "satisfaction_overall");
    assert!(close(&overall["year"]["value"], 3.5) && overall["year"]["state"] == "met");
    assert!(close(&indicator(k, "satisfaction_result")["monthly"][2]["value"], 4.0));
    assert!(close(&indicator(k, "survey_response_rate")["year"]["value"], 1.0));
    assert!(close(&indicator(k, "acceptance_rate")["year"]["value"], 2.0 / 3.0), "two accepted, one not");
    assert!(close(&indicator(k, "praise_count")["monthly"][2]["value"], 1.0));
    // B was open when its interim notice fell due and none went out; C's went out in time.
    let interim = indicator(k, "interim_notice_compliance");
    assert!(close(&interim["monthly"][2]["value"], 0.0) && close(&interim["monthly"][3]["value"], 1.0), "{interim}");
    assert!(close(&indicator(k, "follow_up_on_time")["year"]["value"], 0.0), "B's follow-up is past its clock");
    assert!(close(&indicator(k, "repeat_rate")["year"]["value"], 0.0));
    // The railbike department has its own target, which it meets.
    let tourism = d["departments"].as_array().unwrap().iter().find(|x| x["id"] == 3).unwrap();
    let own = indicator(&tourism["indicators"], "deadline_compliance");
    assert!(close(&own["target"], 0.3) && own["year"]["state"] == "met", "{own}");
    let other = d["departments"].as_array().unwrap().iter().find(|x| x["id"] == 2).unwrap();
    assert_eq!(indicator(&other["indicators"], "deadline_compliance")["year"]["state"], "no_data");

    // The public statistics, without signing in.
    let s = app.get("/api/v1/statistics?year=2026", None).await;
    assert_eq!(s.status, StatusCode::OK, "{:?}", s.body);
    let march = &s.body["months"][2];
    assert_eq!(
        (march["period"].as_str(), march["received"].as_i64(), march["processed"].as_i64()),
        (Some("2026-03"), Some(3), Some(3))
    );
    assert!(
        close(&march["compliance_rate"], 2.0 / 3.0)
            && close(&march["mean_handling_days"], 5.0 / 3.0)
            && close(&march["satisfaction"], 3.5)
    );
    assert_eq!(march["survey_responses"], 2);
    assert_eq!(s.body["total"]["received"], 4);
    assert!(
        !s.body.to_string().contains("example.com") && !s.body.to_string().contains("레일바이크"),
        "no personal data, no text"
    );
    assert_eq!(app.get("/api/v1/statistics?year=20x6", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An improvement reported done counts in its month; the figures are recounted after ten minutes.
    let head = app.user_in("head", "department_head", Some(3)).await;
    let r = app
        .post(
            "/api/v1/improvements",
            json!({"department": 3, "title": "안내 개선", "body": "안전벨트 안내문 교체"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let report = format!("/api/v1/improvements/{}/report", r.body["id"]);
    let r = app
        .post(&report, json!({"outcome": "implemented", "report": "안내문을 모두 교체했습니다."}), Some(&head))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        app.get("/api/v1/statistics?year=2026", None).await.body["months"][3]["improvements"],
        0,
        "still the counted figures"
    );
    app.set_now("2026-04-10 10:11");
    let s = app.get("/api/v1/statistics?year=2026", None).await.body;
    assert_eq!((s["months"][3]["improvements"].as_i64(), s["total"]["improvements"].as_i64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn a_department_head_reads_their_own_departments_report() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00");
    let file = |facility: &'static str, kind: &'static str| {
        let app = &app;
        async move {
            let body = json!({"kind": kind, "channel": "kiosk", "facility": facility, "content": "부서 보고서 시험 민원",
                              "email": "x@example.com", "consent": {"email": true}});
            let r = app.post("/api/v1/cases", body, None).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body
        }
    };
    // Railbike cases go to 관광사업팀 (3), the maze's to 문화사업팀 (2).
    let rail = file("railbike", "complaint").await;
    file("railbike", "inquiry").await;
    let maze = file("maze", "complaint").await;
    app.set_now("2026-04-06 15:00");
    let admin = app.admin().await;
    for case in [&rail, &maze] {
        let r = app.post(&format!("/api/v1/cases/{}/answer", case["id"]), an_answer(), Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let uri = app.survey_uri(&rail).await;
    assert_eq!(app.post(&uri, full_survey(4), None).await.status, StatusCode::CREATED);
    let uri = app.survey_uri(&maze).await;
    assert_eq!(app.post(&uri, scored(1, 1), None).await.status, StatusCode::CREATED);

    let head = app.user_in("head", "department_head", Some(3)).await;
    let handler = app.user_in("h", "handler", Some(3)).await;
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let period = "from=2026-04-01&to=2026-04-30";
    let r = app.get(&format!("/api/v1/reports/summary?{period}"), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let s = &r.body;
    assert_eq!(s["department"], "관광사업팀");
    assert_eq!((s["received"].as_i64(), s["processed"].as_i64(), s["open"].as_i64()), (Some(2), Some(1), Some(1)));
    let kinds: Vec<(&str, i64)> = s["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["key"].as_str().unwrap(), l["received"].as_i64().unwrap()))
        .collect();
    assert_eq!(kinds, [("complaint", 1), ("inquiry", 1)]);
    assert_eq!(s["by_department"].as_array().unwrap().len(), 1, "its own line only");
    assert_eq!((s["survey"]["responses"].as_i64(), s["survey"]["items"][6]["mean"].as_f64()), (Some(1), Some(4.0)));
    assert_eq!(s["survey"]["follow_ups"]["opened"], 0, "the maze's dissatisfied answer is another department's");
    assert_eq!((s["can_export_cases"].as_bool(), s["can_choose_department"].as_bool()), (Some(false), Some(false)));
    // Asking for another department changes nothing for a head: always their own.
    let r = app.get(&format!("/api/v1/reports/summary?{period}&department=2"), Some(&head)).await;
    assert_eq!(r.body["department"], "관광사업팀");
    // The summary as CSV is theirs too; the case lists are not.
    let csv = app.download(&format!("/api/v1/reports/summary.csv?{period}"), &head).await;
    assert_eq!(csv.0, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/api/v1/reports/cases.csv?{period}"), Some(&head)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/api/v1/reports/summary?{period}"), Some(&handler)).await.status,
        StatusCode::FORBIDDEN
    );

    // The VOC manager reads the organisation's, or one department's.
    let all = app.get(&format!("/api/v1/reports/summary?{period}"), Some(&manager)).await.body;
    assert_eq!((all["received"].as_i64(), all["department"].as_str()), (Some(3), None));
    assert_eq!(all["survey"]["follow_ups"]["opened"], 1);
    let culture = app.get(&format!("/api/v1/reports/summary?{period}&department=2"), Some(&manager)).await.body;
    assert_eq!((culture["received"].as_i64(), culture["department"].as_str()), (Some(1), Some("문화사업팀")));
    assert_eq!(culture["survey"]["follow_ups"]["opened"], 1);
    assert!((culture["compliance_rate"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let r = app.get(&format!("/api/v1/reports/summary?{period}&department=99"), Some(&manager)).await;
    assert_eq!(r.body["fields"]["department"]["code"], "unknown_department");
}

#[tokio::test]
async fn the_months_report_reaches_executives_and_department_heads_once_with_its_workbook() {
    use crate::common::{SmtpSink, eventually, free_port};
    let mail_dir = tempfile::TempDir::new().unwrap();
    let sink = SmtpSink::start(free_port(), mail_dir.path(), &[]);
    let url = sink.url();
    let app = TestApp::new_with(move |c| {
        c.notify.smtp_url = Some(url);
        c.notify.poll = std::time::Duration::from_millis(50);
    })
    .await;
    app.set_now("2026-10-14 10:00");
    for facility in ["railbike", "railbike", "maze"] {
        let body =
            json!({"kind": "complaint", "channel": "kiosk", "facility": facility, "content": "월간 보고서 시험 민원"});
        assert_eq!(app.post("/api/v1/cases", body, None).await.status, StatusCode::CREATED);
    }
    app.user_with_email("ceo", "executive", None, Some("ceo@example.com")).await;
    app.user_with_email("tourhead", "department_head", Some(3), Some("tour@example.com")).await;
    app.user_with_email("culturehead", "department_head", Some(2), Some("culture@example.com")).await;
    app.user_with_email("h", "handler", Some(3), Some("handler@example.com")).await;
    app.user_in("farmhead", "department_head", Some(4)).await; // no e-mail: nothing to send

    // 1 November is a Sunday: nothing yet. Monday the 2nd, from the office's opening: October.
    app.set_now("2026-11-01 12:00");
    assert_eq!(server::report_mail::send_due(&app.state).await.unwrap(), 0);
    app.set_now("2026-11-02 09:30");
    assert_eq!(server::report_mail::send_due(&app.state).await.unwrap(), 3);
    assert_eq!(server::report_mail::send_due(&app.state).await.unwrap(), 0, "once per period and recipient");
    eventually(10, "three report mails", || sink.mails().len() == 3).await;
    let mails = sink.mails();
    assert!(mails.iter().all(|m| m.notice == "period_report"));
    let to = |who: &str| mails.iter().find(|m| m.to == who).unwrap_or_else(|| panic!("no mail to {who}"));
    let ceo = to("ceo@example.com");
    assert!(ceo.subject.contains("2026년 10월") && ceo.subject.contains("기관 전체"), "{}", ceo.subject);
    assert!(ceo.body.contains("접수 3건"), "{}", ceo.body);
    assert_eq!(ceo.attachments.len(), 1);
    let book = &ceo.attachments[0];
    assert_eq!(book.filename, "voc-report-2026-10.xlsx");
    assert_eq!(book.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(book.magic, "504b0304", "a zip: the workbook");
    assert!(book.size > 2_000);
    let tour = to("tour@example.com");
    assert!(tour.subject.contains("관광사업팀") && tour.body.contains("접수 2건"), "{} {}", tour.subject, tour.body);
    assert!(to("culture@example.com").body.contains("접수 1건"));
    assert!(!mails.iter().any(|m| m.to == "handler@example.com"));
}

#[tokio::test]
async fn survey_comments_are_listed_newest_first_with_personal_data_masked() {
    let app = TestApp::new().await;
    app.set_now("2026-04-06 10:00");
    let admin = app.admin().await;
    let mut cases = Vec::new();
    for facility in ["railbike", "maze"] {
        let body = json!({"kind": "complaint", "channel": "kiosk", "facility": facility, "content": "의견 목록 시험",
                          "name": "김민원", "email": format!("{facility}@example.com"), "consent": {"email": true}});
        let r = app.post("/api/v1/cases", body, None).await;
        app.post(&format!("/api/v1/cases/{}/answer", r.body["id"]), an_answer(), Some(&admin)).await;
        cases.push(r.body);
    }
    app.set_now("2026-04-06 11:00");
    let mut low = scored(1, 2);
    low["comment"] = json!("김민원입니다. 010-9876-5432로 다시 연락 주세요");
    assert_eq!(app.post(&app.survey_uri(&cases[0]).await, low, None).await.status, StatusCode::CREATED);
    app.set_now("2026-04-06 12:00");
    assert_eq!(app.post(&app.survey_uri(&cases[1]).await, full_survey(5), None).await.status, StatusCode::CREATED);

    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let period = "from=2026-04-01&to=2026-04-30";
    let list = app.get(&format!("/api/v1/survey-comments?{period}"), Some(&manager)).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["comment"].as_str(), items[0]["overall"].as_i64()),
        (Some("친절했습니다"), Some(5)),
        "newest first"
    );
    let masked = items[1]["comment"].as_str().unwrap();
    assert!(!masked.contains("9876") && !masked.contains("김민원"), "{masked}");
    assert!(masked.contains("010-****-5432"), "{masked}");
    let low = app.get(&format!("/api/v1/survey-comments?{period}&at_most=2"), Some(&manager)).await.body;
    assert_eq!(low.as_array().unwrap().len(), 1);
    assert_eq!(
        app.get(&format!("/api/v1/survey-comments?{period}&at_most=9"), Some(&manager)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A head reads their department's alone.
    let head = app.user_in("culturehead", "department_head", Some(2)).await;
    let theirs = app.get(&format!("/api/v1/survey-comments?{period}"), Some(&head)).await.body;
    assert_eq!(theirs.as_array().unwrap().len(), 1);
    assert_eq!(theirs[0]["department"], "문화사업팀");
    let handler = app.user_in("h", "handler", Some(3)).await;
    assert_eq!(
        app.get(&format!("/api/v1/survey-comments?{period}"), Some(&handler)).await.status,
        StatusCode::FORBIDDEN
    );
}
