//! Follow-up: the staff member a case concerns (praise tables, the 3-complaints flag),
//! compensation, improvement requests with their 3-month deadline, and the public FAQ.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, codes, field_codes, kst};

const TOURISM: i64 = 3; // 관광사업팀: railbike cases are routed here
const FARM: i64 = 4; // 농특산물홍보팀
const PASSWORD: &str = "user-password";

async fn file_kind(app: &TestApp, kind: &str, content: &str) -> i64 {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "content": content}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

async fn put_staff(app: &TestApp, id: i64, body: Value, cookie: &str) -> crate::common::Reply {
    app.call(Method::PUT, &format!("/api/v1/cases/{id}/staff"), Some(body), Some(cookie)).await
}

#[tokio::test]
async fn staff_named_on_cases_give_praise_tables_and_flag_three_complaints_for_one_cause_in_a_year() {
    let app = TestApp::new().await;
    app.set_now("2025-11-10 10:00");
    app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let farmer = app.user_in("farmer", "handler", Some(FARM)).await;
    let cco = app.user("cco", "executive").await;

    // Refusals first: each names its field; another department sees nothing; executives read.
    let old = file_kind(&app, "complaint", "직원이 반말을 했습니다 (작년)").await;
    let r = put_staff(&app, old, json!({"staff_name": " "}), &handler).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&r.body), [("cause".into(), "required".into()), ("staff_name".into(), "required".into())]);
    let r =
        put_staff(&app, old, json!({"staff_name": "박무뚝", "cause": "rudeness", "department": 99}), &handler).await;
    assert_eq!(codes(&r.body), [("department".into(), "unknown_department".into())]);
    assert!(r.body["fields"]["department"]["ko"].as_str().unwrap().contains("부서"));
    let r = put_staff(&app, old, json!({"staff_name": "박무뚝", "cause": "rudeness"}), &farmer).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = put_staff(&app, old, json!({"staff_name": "박무뚝", "cause": "rudeness"}), &cco).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Outside the 12 months before the report's end: does not count towards the flag.
    let r = put_staff(&app, old, json!({"staff_name": "박무뚝", "cause": "rudeness"}), &handler).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let praise = file_kind(&app, "praise", "김친절 직원이 친절했습니다").await;
    let r = put_staff(&app, praise, json!({"staff_name": "김친절", "cause": "rudeness"}), &handler).await;
    assert_eq!(codes(&r.body), [("cause".into(), "no_cause_for_praise".into())]);

    // Within the year: 박무뚝 three times for rudeness (flagged), once for a delay; 이늦음
    // twice for rudeness (not flagged); 박무뚝's year-old case makes no fourth.
    let mut rude = Vec::new();
    for (day, name, cause) in [
        ("2026-01-12 10:00", "박무뚝", "rudeness"),
        ("2026-03-09 10:00", "박무뚝", "rudeness"),
        ("2026-04-13 10:00", "이늦음", "rudeness"),
        ("2026-06-08 10:00", "박무뚝", "delay"),
        ("2026-07-06 10:00", "이늦음", "rudeness"),
        ("2026-11-16 10:00", "박무뚝", "rudeness"),
    ] {
        app.set_now(day);
        let handler = app.login("handler", PASSWORD).await; // the clock jumped past the idle limit
        let id = file_kind(&app, "complaint", &format!("{day} 직원 응대가 불만입니다")).await;
        let r = put_staff(&app, id, json!({"staff_name": name, "cause": cause, "cs_training": true}), &handler).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        if name == "박무뚝" && cause == "rudeness" {
            rude.push(r.body["receipt_no"].as_str().unwrap().to_owned());
        }
    }
    // Praise in November: 김친절 twice (once recorded by the VOC manager, with another
    // department), 최미소 once.
    app.set_now("2026-11-17 10:00");
    let handler = app.login("handler", PASSWORD).await;
    let manager = app.login("manager", PASSWORD).await;
    for (name, who, dept) in [("김친절", &handler, None), ("김친절", &handler, None), ("최미소", &manager, Some(FARM))]
    {
        let id = file_kind(&app, "praise", &format!("{name} 님 칭찬합니다")).await;
        let mut body = json!({"staff_name": name});
        if let Some(d) = dept {
            body["department"] = json!(d);
        }
        let r = put_staff(&app, id, body, who).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["staff"]["staff_name"], name);
        assert_eq!(r.body["staff"]["cause"], Value::Null);
        assert_eq!(r.body["staff"]["cs_training"], false, "praise is never referred to training");
    }
    // Correcting the record replaces it; the history keeps before and after.
    let r = put_staff(&app, praise, json!({"staff_name": "김친절"}), &handler).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = put_staff(&app, praise, json!({"staff_name": "김친절2"}), &handler).await;
    let entry =
        r.body["history"].as_array().unwrap().iter().rev().find(|h| h["action"] == "관련 직원").unwrap().clone();
    assert_eq!((entry["before"].as_str(), entry["after"].as_str()), (Some("김친절"), Some("김친절2")));
    put_staff(&app, praise, json!({"staff_name": "김친절"}), &handler).await;

    app.set_now("2026-11-23 10:00");
    let cco = app.login("cco", PASSWORD).await;
    let r = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-23", Some(&cco)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let s = &r.body;
    assert_eq!(
        s["praise_by_staff"],
        json!([
            {"label": "김친절", "department": "관광사업팀", "count": 2},
            {"label": "최미소", "department": "농특산물홍보팀", "count": 1},
        ]),
        "the 2025 praise falls outside the period"
    );
    assert_eq!(
        s["praise_by_department"],
        json!([
            {"label": "관광사업팀", "department": null, "count": 2},
            {"label": "농특산물홍보팀", "department": null, "count": 1},
        ])
    );
    assert_eq!(
        s["staff_flags"],
        json!([{
            "staff_name": "박무뚝", "department": "관광사업팀", "cause": "rudeness", "cause_label": "불친절",
            "count": 3, "receipts": rude,
        }])
    );
    // A report ending before the third complaint flags nobody.
    let r = app.get("/api/v1/reports/summary?from=2026-01-01&to=2026-11-15", Some(&cco)).await;
    assert_eq!(r.body["staff_flags"], json!([]));
    // The CSV carries the new tables too.
    let r = app.get("/api/v1/reports/summary.csv?from=2026-11-01&to=2026-11-23", Some(&cco)).await;
    let text = r.body.as_str().unwrap();
    assert!(text.contains("칭찬(직원별),김친절 (관광사업팀),,2"), "{text}");
    assert!(text.contains(&format!("반복 불만 직원,박무뚝 (관광사업팀) 불친절,{},3", rude.join(" "))), "{text}");
    // And the spreadsheet has a sheet per table, figures as numbers.
    let (status, _, bytes) = app.download("/api/v1/reports/summary.xlsx?from=2026-11-01&to=2026-11-23", &cco).await;
    assert_eq!(status, StatusCode::OK);
    let flags = TestApp::xlsx_rows(&bytes, "반복 불만 직원");
    assert_eq!(flags[1], ["박무뚝", "관광사업팀", "불친절", "3", &rude.join(" ")]);
    let praise = TestApp::xlsx_rows(&bytes, "칭찬");
    assert_eq!(praise[1], ["직원", "김친절", "관광사업팀", "2"]);
    let summary = TestApp::xlsx_rows(&bytes, "요약");
    let received = summary.iter().find(|r| r[0] == "접수").unwrap();
    assert_eq!(received[1], s["received"].to_string());
    let kinds = TestApp::xlsx_rows(&bytes, "유형별");
    assert_eq!(kinds[0][..3], ["구분", "코드", "접수"]);
    assert!(kinds.iter().any(|r| r[0] == "칭찬" && r[2] == "3"), "{kinds:?}");
}

#[tokio::test]
async fn compensation_is_recorded_by_the_manager_or_the_head_and_reported() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let farm_head = app.user_in("farmhead", "department_head", Some(FARM)).await;
    let c = app.file("두 번이나 다시 방문해야 했습니다").await;
    let url = format!("/api/v1/cases/{}/compensations", c["id"]);

    let r = app.post(&url, json!({"reason": "repeat_visit"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "handlers do not give compensation");
    let r = app.post(&url, json!({"reason": "repeat_visit"}), Some(&farm_head)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.post(&url, json!({"reason": "gift", "amount": -5, "item": "x".repeat(101)}), Some(&head)).await;
    assert_eq!(
        codes(&r.body),
        [
            ("amount".into(), "number_too_small".into()),
            ("item".into(), "too_long".into()),
            ("reason".into(), "unknown_compensation_reason".into())
        ]
    );
    let r = app.post(&url, json!({"reason": "repeat_visit"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let given = &r.body["compensations"][0];
    assert_eq!((given["amount"].as_i64(), given["item"].as_str()), (Some(10_000), Some("상품권")));
    assert_eq!(given["reason_label"], "기관 과실로 재방문");
    let r = app
        .post(
            &url,
            json!({"reason": "rudeness", "amount": 20000, "item": "지역 농산물", "note": "사과 1박스"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["compensations"].as_array().unwrap().len(), 2);
    assert!(
        r.body["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["action"] == "보상 기록" && h["detail"].as_str().unwrap().contains("20000원"))
    );

    let r = app.get("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30", Some(&manager)).await;
    assert_eq!(r.body["compensation_total"], 30_000);
    let list = r.body["compensations"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["receipt_no"], c["receipt_no"]);
    assert_eq!(list[0]["department_name"], "관광사업팀");
    let r = app.get("/api/v1/reports/summary?from=2026-10-01&to=2026-10-31", Some(&manager)).await;
    assert_eq!(
        (r.body["compensation_total"].as_i64(), r.body["compensations"].as_array().unwrap().len()),
        (Some(0), 0)
    );
}

#[tokio::test]
async fn improvement_requests_are_due_in_three_months_reported_once_by_the_head_and_tracked() {
    let app = TestApp::new().await;
    app.set_now("2026-11-30 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let farm_head = app.user_in("farmhead", "department_head", Some(FARM)).await;
    let cco = app.user("cco", "executive").await;
    let c = app.file("레일바이크 대기 안내가 매번 다릅니다").await;

    let r =
        app.post("/api/v1/improvements", json!({"department": TOURISM, "title": "t", "body": "b"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only the VOC manager asks");
    let r = app
        .post(
            "/api/v1/improvements",
            json!({"department": "", "title": "", "body": " ", "receipt_no": "VOC-2026-999999"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&r.body),
        [
            ("body".into(), "required".into()),
            ("department".into(), "required".into()),
            ("title".into(), "required".into())
        ]
    );
    let r = app
        .post(
            "/api/v1/improvements",
            json!({"department": "tourism", "title": "대기 안내 표준화", "body": "안내 문구를 하나로", "receipt_no": "VOC-2026-999999"}),
            Some(&manager),
        )
        .await;
    assert_eq!(codes(&r.body), [("receipt_no".into(), "unknown_case".into())]);

    let body = json!({"department": "tourism", "title": "대기 안내 표준화", "body": "대기 시간 안내 문구와 방송을 하나로 정해 주세요.",
                      "receipt_no": c["receipt_no"]});
    let r = app.post("/api/v1/improvements", body, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let first = r.body["id"].as_i64().unwrap();
    // 30 November + 3 months, the first day included: February has no 30th, so its last
    // day, a Sunday, then 삼일절 — Tuesday 2 March (the Act's 제19조③, 민법 제160·161조).
    assert_eq!(r.body["due_date"], "2027-03-02");
    assert_eq!((r.body["overdue"].as_bool(), r.body["receipt_no"].clone()), (Some(false), c["receipt_no"].clone()));
    let r = app
        .post(
            "/api/v1/improvements",
            json!({"department": FARM, "title": "판매대 위생 점검표", "body": "매주 점검"}),
            Some(&manager),
        )
        .await;
    let second = r.body["id"].as_i64().unwrap();

    // Each department sees its own; the VOC manager and executives see all.
    let ids = |v: &Value| v.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&app.get("/api/v1/improvements", Some(&handler)).await.body), [first]);
    assert_eq!(ids(&app.get("/api/v1/improvements", Some(&farm_head)).await.body), [second]);
    assert_eq!(ids(&app.get("/api/v1/improvements", Some(&cco)).await.body).len(), 2);

    let report = format!("/api/v1/improvements/{first}/report");
    let done = json!({"outcome": "implemented", "report": "안내 문구를 통일하고 방송 원고를 배포했습니다."});
    assert_eq!(app.post(&report, done.clone(), Some(&farm_head)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&report, done.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&report, done.clone(), Some(&manager)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&report, json!({"outcome": "maybe", "report": ""}), Some(&head)).await;
    assert_eq!(codes(&r.body), [("outcome".into(), "unknown_outcome".into()), ("report".into(), "required".into())]);
    app.set_now("2027-01-15 11:00");
    let head = app.login("head", PASSWORD).await;
    let manager = app.login("manager", PASSWORD).await;
    let r = app.post(&report, done.clone(), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["outcome"].as_str(), r.body["outcome_label"].as_str()),
        (Some("implemented"), Some("개선 완료"))
    );
    let r = app.post(&report, json!({"outcome": "declined", "report": "다시"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"], "improvement_reported");

    // The case's page shows it and its history has both steps.
    let r = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&manager)).await;
    assert_eq!(r.body["improvements"][0]["outcome"], "implemented");
    let steps: Vec<(&str, &str, &str, &str)> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"].as_str().is_some_and(|a| a.starts_with("제도개선")))
        .map(|h| {
            let text = |k: &str| h[k].as_str().unwrap_or_default();
            (text("actor"), text("action"), text("detail"), text("after"))
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("manager", "제도개선 요청", "대기 안내 표준화 (보고 기한 2027-03-02)", "관광사업팀"),
            ("head", "제도개선 보고", "안내 문구를 통일하고 방송 원고를 배포했습니다.", "개선 완료"),
        ]
    );

    // Until the close of business of its due day nothing is overdue.
    app.set_now("2027-03-02 17:59");
    let cco = app.login("cco", PASSWORD).await;
    let list = app.get("/api/v1/improvements", Some(&cco)).await;
    assert!(list.body.as_array().unwrap().iter().all(|i| i["overdue"] == false), "{:?}", list.body);
    // At the close, the unreported one is overdue, and the reports list it.
    app.set_now("2027-03-02 18:00");
    let list = app.get("/api/v1/improvements", Some(&cco)).await;
    let overdue: Vec<(i64, bool)> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_i64().unwrap(), i["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(overdue, [(second, true), (first, false)], "unreported first");
    // A 2027 report: the 2026 request still open at its end is listed, the reported one not.
    let r = app.get("/api/v1/reports/summary?from=2027-01-01&to=2027-02-28", Some(&cco)).await;
    assert_eq!(ids(&r.body["improvements"]), [second]);
}

#[tokio::test]
async fn only_answered_consented_cases_are_published_and_never_with_personal_data() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let admin = app.admin().await;
    let file = |publish: bool| {
        let app = &app;
        async move {
            let r = app
                .post(
                    "/api/v1/cases",
                    json!({"kind": "inquiry", "channel": "kiosk", "facility": "railbike",
                           "content": "레일바이크 운영시간이 겨울에도 같나요? 홍길동 010-2222-3333",
                           "name": "홍길동", "phone": "010-2222-3333", "email": "gildong@example.com",
                           "consent": {"sms": true, "email": false, "publish": publish}}),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body["id"].as_i64().unwrap()
        }
    };
    let no_consent = file(false).await;
    let consent = file(true).await;
    let entry = |id: i64, q: &str, a: &str| json!({"case_id": id, "question": q, "answer": a});
    let good = |id| entry(id, "겨울에도 레일바이크 운영시간이 같나요?", "11월부터 2월까지는 17시에 마감합니다.");

    app.post(&format!("/api/v1/cases/{no_consent}/answer"), an_answer(), Some(&admin)).await;
    let r = app.post("/api/v1/faq", good(no_consent), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("no_publish_consent")));
    let r = app.post("/api/v1/faq", good(consent), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("faq_needs_answer")), "still open");
    app.post(&format!("/api/v1/cases/{consent}/answer"), an_answer(), Some(&admin)).await;
    assert_eq!(app.post("/api/v1/faq", good(consent), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/faq", good(9999), Some(&manager)).await.status, StatusCode::NOT_FOUND);

    // Personal data in either text is refused, naming what was found; nothing is published.
    for (q, a, field, ko) in [
        ("홍길동 님의 문의", "17시 마감", "question", "민원인 성명"),
        ("운영시간", "문의는 010-2222-3333 으로", "answer", "전화번호"),
        ("운영시간", "gildong@example.com 으로 답했습니다", "answer", "이메일"),
        ("운영시간", "담당 054-550-6000", "answer", "전화번호"),
    ] {
        let r = app.post("/api/v1/faq", entry(consent, q, a), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q} / {a}");
        assert_eq!(r.body["fields"][field]["code"], "personal_data");
        assert!(r.body["fields"][field]["ko"].as_str().unwrap().contains(ko), "{:?}", r.body);
    }
    assert_eq!(app.get("/api/v1/faq", None).await.body, json!([]));

    let r = app.post("/api/v1/faq", good(consent), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let r = app.post("/api/v1/faq", good(consent), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("faq_published")));
    // Public: no sign-in, and nothing but the entry (no receipt number, no case id).
    let public = app.get("/api/v1/faq", None).await;
    assert_eq!(public.status, StatusCode::OK);
    let e = &public.body[0];
    assert_eq!(
        (e["question"].as_str(), e["kind"].as_str()),
        (Some("겨울에도 레일바이크 운영시간이 같나요?"), Some("inquiry"))
    );
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["answer", "id", "kind", "published_at", "question"]);
    let staff = app.get(&format!("/api/v1/cases/{consent}"), Some(&manager)).await;
    assert_eq!(staff.body["faq"]["id"], id);

    // Withdrawn: gone from the homepage, on record in the history, publishable anew.
    let del = format!("/api/v1/faq/{id}");
    assert_eq!(app.call(Method::DELETE, &del, None, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::DELETE, &del, None, Some(&manager)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call(Method::DELETE, &del, None, Some(&manager)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/faq", None).await.body, json!([]));
    let staff = app.get(&format!("/api/v1/cases/{consent}"), Some(&manager)).await;
    assert_eq!(staff.body["faq"], Value::Null);
    let actions: Vec<&str> =
        staff.body["history"].as_array().unwrap().iter().filter_map(|h| h["action"].as_str()).collect();
    assert!(actions.contains(&"FAQ 게시") && actions.contains(&"FAQ 게시 중단"), "{actions:?}");
    assert_eq!(app.post("/api/v1/faq", good(consent), Some(&manager)).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_grievance_goes_through_its_stages_in_order_each_once() {
    use app::api::DepartmentInput;
    use app::domain::GrievanceInput;
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let lead = app.client(Some(&app.user_in("lead", "handler", Some(1)).await)); // 혁신안전팀 takes grievances
    let other = app.client(Some(&app.user_in("other", "handler", Some(TOURISM)).await));
    let cco = app.client(Some(&app.user("cco", "executive").await));
    let id = file_kind(&app, "grievance", "주차 단속 처분이 부당합니다. 다시 살펴 주세요.").await;
    let step =
        |stage: &str, note: &str| GrievanceInput { stage: stage.into(), note: note.into(), ..Default::default() };
    let with_opinion = |stage: &str, note: &str, opinion: Option<&str>| GrievanceInput {
        opinion: opinion.map(str::to_owned),
        ..step(stage, note)
    };

    let r = lead.grievance_step(id, &step("trial", " ")).await.unwrap_err();
    assert_eq!(field_codes(&r), [("note".into(), "required".into()), ("stage".into(), "unknown_stage".into())]);
    assert_eq!(other.grievance_step(id, &step("investigation", "x")).await.unwrap_err().status(), Some(404));
    assert_eq!(cco.grievance_step(id, &step("investigation", "x")).await.unwrap_err().status(), Some(403));
    let complaint = file_kind(&app, "complaint", "일반 불만").await;
    let admin = app.client(Some(&app.admin().await));
    let r = admin.grievance_step(complaint, &step("investigation", "x")).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("not_grievance")));

    // Out of order: deliberation needs the investigation first, and says so.
    let r = lead.grievance_step(id, &with_opinion("deliberation", "시정 의견", Some("correction"))).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("grievance_order")));
    assert!(r.message().contains("'조사'"), "{r:?}");
    lead.grievance_step(id, &step("investigation", "부서의 단속 기록과 현장 사진을 검토함")).await.unwrap();
    let r = lead.grievance_step(id, &step("investigation", "다시")).await.unwrap_err();
    assert_eq!(r.code(), Some("grievance_stage_done"));
    let r = lead.grievance_step(id, &step("improvement", "안내판 개선")).await.unwrap_err();
    assert!(r.message().contains("'심의'"), "{r:?}");
    // An audit referral goes to the audit department: none yet, so it must be named.
    let r = lead.grievance_step(id, &step("audit_referral", "감사 의뢰")).await.unwrap_err();
    assert_eq!(field_codes(&r), [("department".into(), "required".into())]);
    let audit = DepartmentInput { code: "audit".into(), name: "감사실".into(), active: None };
    let audit = admin.create_department(&audit).await.unwrap().id;
    app.user_with_email("auditor", "handler", Some(audit), Some("auditor@example.com")).await;
    // The deliberation states its opinion.
    let r = lead.grievance_step(id, &step("deliberation", "처분 취소와 안내 개선 의견")).await.unwrap_err();
    assert_eq!(field_codes(&r), [("opinion".into(), "required".into())]);
    for (stage, note, opinion) in [
        ("audit_referral", "단속 요원의 재량 남용 정황을 감사실에 의뢰", None),
        ("deliberation", "처분 취소와 안내 개선 의견", Some("improvement")),
        ("improvement", "단속 구역 안내판 정비를 제도개선 과제로", None),
    ] {
        let r = lead.grievance_step(id, &with_opinion(stage, note, opinion)).await;
        assert!(r.is_ok(), "{stage}: {r:?}");
    }
    // The audit department heard of it by e-mail, in the same transaction as the step.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let told: Vec<(String, String)> =
        sqlx::query_as("SELECT recipient, body FROM outbox WHERE notice = 'audit_referral'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "auditor@example.com");
    assert!(told[0].1.contains("재량 남용") && told[0].1.contains("혁신안전팀"), "{}", told[0].1);
    // The improvement stage asked the case's department for an improvement, due in three months.
    let asked = admin.improvements().await.unwrap();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].title.starts_with("고충민원 VOC-"), "{:?}", asked[0]);
    assert_eq!(asked[0].department_name, "혁신안전팀");
    assert_eq!(asked[0].body, "단속 구역 안내판 정비를 제도개선 과제로");
    assert_eq!(asked[0].due_date.to_string(), "2027-02-22");
    let view = lead.case(id).await.unwrap();
    let stages: Vec<(&str, &str)> = view.grievance.iter().map(|g| (g.stage.as_str(), g.stage_label.as_str())).collect();
    assert_eq!(
        stages,
        [
            ("investigation", "조사"),
            ("audit_referral", "감사 의뢰"),
            ("deliberation", "심의"),
            ("improvement", "제도개선")
        ]
    );
    let history: Vec<&str> =
        view.history.iter().filter(|h| h.action == "고충 처리").filter_map(|h| h.after.as_deref()).collect();
    assert_eq!(history, ["조사", "감사 의뢰", "심의", "제도개선"]);
    let steps = &view.grievance;
    assert_eq!(steps[1].department_name.as_deref(), Some("감사실"));
    assert_eq!(steps[2].opinion_label.as_deref(), Some("제도개선 의견 표명"));
    assert_eq!(steps[3].department_name.as_deref(), Some("혁신안전팀"));
    assert_eq!(steps[3].improvement_id, Some(asked[0].id));
}

#[tokio::test]
async fn an_improvement_request_is_reminded_a_week_before_and_when_late_and_extended_once() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_with_email("manager", "voc_manager", Some(1), Some("manager@example.com")).await;
    app.user_with_email("head", "department_head", Some(TOURISM), Some("head@example.com")).await;
    let body = json!({"department": TOURISM, "title": "레일바이크 대기 안내 개선", "body": "대기 시간 안내판을 설치해 주세요"});
    let r = app.post("/api/v1/improvements", body, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["due_date"], "2027-02-22");
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let reminders = || async {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT recipient, body FROM outbox WHERE notice = 'improvement_reminder' ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        rows
    };
    let store = app.state.store.as_ref();
    // Nothing while the due day is more than a week away; the head hears a week before, once.
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-02-14 09:00")).await.unwrap(),
        0
    );
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-02-16 09:00")).await.unwrap(),
        1
    );
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-02-17 09:00")).await.unwrap(),
        0
    );
    let told = reminders().await;
    assert_eq!(told[0].0, "head@example.com");
    assert!(told[0].1.contains("레일바이크 대기 안내 개선") && told[0].1.contains("2027-02-22"), "{}", told[0].1);

    // The head extends once, with a reason, to a day at most three months on.
    let extend = format!("/api/v1/improvements/{id}/extend");
    app.set_now("2027-02-17 09:00");
    let head = app.login("head", "user-password").await;
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    let r = app.post(&extend, json!({"reason": "예산 편성 대기", "due_date": "2027-06-01"}), Some(&head)).await;
    assert_eq!(codes(&r.body), [("due_date".into(), "extension_too_long".into())]);
    let handler_try =
        app.post(&extend, json!({"reason": "예산 편성 뒤 시행", "due_date": "2027-05-20"}), Some(&handler)).await;
    assert_eq!(handler_try.status, StatusCode::FORBIDDEN);
    let r = app.post(&extend, json!({"reason": "예산 편성 뒤 시행", "due_date": "2027-05-20"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["due_date"].clone(), r.body["original_due_date"].clone()),
        (json!("2027-05-20"), json!("2027-02-22"))
    );
    assert_eq!(r.body["extension_reason"], "예산 편성 뒤 시행");
    let again = app.post(&extend, json!({"reason": "다시 한 번 더", "due_date": "2027-05-21"}), Some(&head)).await;
    assert_eq!((again.status, again.body["error"].clone()), (StatusCode::CONFLICT, json!("improvement_extended")));

    // The extended day gets its own reminders: a week before (the head), and late (the head and
    // the VOC manager).
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-05-14 09:00")).await.unwrap(),
        1
    );
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-05-21 09:00")).await.unwrap(),
        2
    );
    let mut told: Vec<String> = reminders().await.into_iter().map(|(r, _)| r).collect();
    told.sort_unstable();
    assert_eq!(told, ["head@example.com", "head@example.com", "head@example.com", "manager@example.com"]);
    // Past its day it cannot be extended any more; a report ends the reminders.
    app.set_now("2027-05-21 09:00");
    let head = app.login("head", "user-password").await;
    let r = app
        .post(
            &format!("/api/v1/improvements/{id}/report"),
            json!({"outcome": "implemented", "report": "안내판을 설치했습니다"}),
            Some(&head),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, kst("2027-05-24 09:00")).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn every_ground_of_both_manuals_gives_its_configured_default_amount() {
    let app = TestApp::new_with(|c| {
        c.compensation =
            app::domain::CompensationDefaults::parse("late_handling=5000,missing_interim_notice=3000").unwrap();
    })
    .await;
    app.set_now("2026-11-23 10:00");
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let c = app.file("처리 기한이 지나도록 연락이 없었습니다").await;
    let url = format!("/api/v1/cases/{}/compensations", c["id"]);
    for (reason, label, amount) in [
        ("late_handling", "처리기간 미준수", 5_000),
        ("missing_interim_notice", "중간 연락 누락", 3_000),
        ("inconvenience", "업무 처리 잘못으로 인한 불편", 10_000),
    ] {
        let r = app.post(&url, json!({"reason": reason}), Some(&head)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let given = r.body["compensations"].as_array().unwrap().iter().find(|g| g["reason"] == reason).unwrap().clone();
        assert_eq!((given["amount"].as_i64(), given["reason_label"].as_str()), (Some(amount), Some(label)));
    }
}

#[tokio::test]
async fn extending_a_case_s_improvement_request_is_in_the_case_s_history() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let c = app.file("대기 시간 안내가 없습니다").await;
    let body = json!({"department": TOURISM, "title": "대기 안내판 설치", "body": "안내판을 설치해 주세요",
                      "receipt_no": c["receipt_no"]});
    let r = app.post("/api/v1/improvements", body, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let extend = format!("/api/v1/improvements/{}/extend", r.body["id"]);
    let r = app.post(&extend, json!({"reason": "예산 편성 뒤 시행", "due_date": "2027-05-20"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let view = app.client(Some(&manager)).case(c["id"].as_i64().unwrap()).await.unwrap();
    let steps: Vec<(&str, &str, &str)> = view
        .history
        .iter()
        .filter(|h| h.action.starts_with("제도개선"))
        .map(|h| (h.actor.as_str(), h.action.as_str(), h.detail.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("manager", "제도개선 요청", "대기 안내판 설치 (보고 기한 2027-02-22)"),
            ("head", "제도개선 기한 연장", "예산 편성 뒤 시행 (보고 기한 2027-05-20)"),
        ]
    );
}
