//! Material requests between departments: validation, who may ask and answer (others get
//! 404), the asked department's queue, the case history, and reminders by real e-mail.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{SmtpSink, TestApp, an_answer, eventually, free_port, kst};

const TOURISM: i64 = 3; // 관광사업팀: railbike cases are routed here
const FARM: i64 = 4; // 농특산물홍보팀

struct People {
    admin: String,
    manager: String,
    handler: String,
    farmer: String,
    culture: String,
    executive: String,
}

async fn people(app: &TestApp) -> People {
    let with = |name: &'static str, role: &'static str, dept: Option<i64>| async move {
        app.user_with_email(name, role, dept, Some(&format!("{name}@example.com"))).await
    };
    People {
        admin: app.admin().await,
        manager: with("manager", "voc_manager", Some(1)).await,
        handler: with("handler", "handler", Some(TOURISM)).await,
        farmer: with("farmer", "handler", Some(FARM)).await,
        culture: with("culture", "handler", Some(2)).await,
        executive: with("cco", "executive", None).await,
    }
}

async fn railbike_case(app: &TestApp) -> Value {
    app.file("레일바이크 매점에서 산 사과즙이 상했습니다").await
}

#[tokio::test]
async fn a_department_asks_another_which_answers_once_in_its_own_queue() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00"); // a Monday
    let p = people(&app).await;
    let c = railbike_case(&app).await;
    let id = c["id"].as_i64().unwrap();
    let ask = format!("/api/v1/cases/{id}/materials");

    // Every bad field at once, each with its own code; nothing is stored.
    let r =
        app.post(&ask, json!({"department": "", "question": " ", "due_date": "2026-11-20"}), Some(&p.handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    let codes: Vec<(&str, &str)> =
        r.body["fields"].as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v["code"].as_str().unwrap())).collect();
    assert_eq!(codes, [("department", "required"), ("due_date", "date_in_past"), ("question", "required")]);
    for (department, code) in [(json!(TOURISM), "same_department"), (json!(99), "unknown_department")] {
        let r = app.post(&ask, json!({"department": department, "question": "영수증 사본"}), Some(&p.handler)).await;
        assert_eq!(r.body["fields"]["department"]["code"], code, "{:?}", r.body);
        assert!(r.body["fields"]["department"]["ko"].as_str().unwrap().contains("부서"));
    }
    let r =
        app.post(&ask, json!({"department": FARM, "question": "x", "due_date": "23.11.2026"}), Some(&p.handler)).await;
    assert_eq!(r.body["fields"]["due_date"]["code"], "invalid_date");
    // Another department's handler cannot even see the case; an executive changes nothing.
    let r = app.post(&ask, json!({"department": FARM, "question": "영수증 사본"}), Some(&p.culture)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.post(&ask, json!({"department": FARM, "question": "영수증 사본"}), Some(&p.executive)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Asked by code, due the next business day at the same time by default.
    let r = app
        .post(
            &ask,
            json!({"department": "farm_products",
                   "question": "11/20 매점 사과즙 판매 기록을 보내 주세요. 민원인 010-3333-4444"}),
            Some(&p.handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let m = &r.body["materials"][0];
    assert_eq!(m["department_name"], "농특산물홍보팀");
    assert_eq!(m["due_at"], "2026-11-24T10:00:00+09:00");
    assert!(m["answer"].is_null());
    let mid = m["id"].as_i64().unwrap();

    // The asked department's queue has it with the case's kind, facility and receipt number,
    // never the complaint text or a contact (masked in the question); the others' do not.
    let farm = app.get("/api/v1/materials", Some(&p.farmer)).await;
    assert_eq!(farm.status, StatusCode::OK);
    assert_eq!(farm.body.as_array().unwrap().len(), 1);
    assert!(farm.body[0].get("case_content").is_none());
    assert!(!farm.body.to_string().contains("사과즙이 상했습니다"), "no complaint text");
    assert_eq!(farm.body[0]["question"], "11/20 매점 사과즙 판매 기록을 보내 주세요. 민원인 010-****-4444");
    assert_eq!(farm.body[0]["kind"], "complaint");
    assert!(farm.body[0]["facility"].is_string());
    assert_eq!(farm.body[0]["from_department"], "관광사업팀");
    assert!(app.get("/api/v1/materials", Some(&p.culture)).await.body.as_array().unwrap().is_empty());
    assert!(app.get("/api/v1/materials", Some(&p.handler)).await.body.as_array().unwrap().is_empty());
    assert_eq!(app.get("/api/v1/materials", Some(&p.manager)).await.body.as_array().unwrap().len(), 1);
    assert_eq!(app.get("/api/v1/materials", None).await.status, StatusCode::UNAUTHORIZED);

    // Only the asked department (or the VOC manager) answers; others get 404 or 403.
    let answer = format!("/api/v1/materials/{mid}/answer");
    assert_eq!(app.post(&answer, json!({"answer": "x"}), Some(&p.culture)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&answer, json!({"answer": "x"}), Some(&p.executive)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&answer, json!({"answer": "  "}), Some(&p.farmer)).await;
    assert_eq!(r.body["fields"]["answer"]["code"], "required");
    app.set_now("2026-11-23 10:20");
    let r = app
        .post(&answer, json!({"answer": "11/20 판매분 12병, 같은 제조일자 재고는 회수했습니다."}), Some(&p.farmer))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["answered_by"], "farmer");
    assert_eq!(r.body["overdue"], false);
    let again = app.post(&answer, json!({"answer": "덧붙임"}), Some(&p.farmer)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["error"], "material_answered");

    // The handling department reads the reply on the case; both steps are in the history.
    let handler = app.login("handler", "user-password").await;
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    assert_eq!(view["materials"][0]["answer"], "11/20 판매분 12병, 같은 제조일자 재고는 회수했습니다.");
    let history = app.get(&format!("/api/v1/cases/{id}/history"), Some(&handler)).await.body;
    let actions: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"].as_str().unwrap().starts_with("자료"))
        .map(|h| (h["action"].as_str().unwrap(), h["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(actions, [("자료 요청", "handler"), ("자료 회신", "farmer")]);

    // A closed case takes no new requests.
    let admin = app.admin().await;
    assert_eq!(app.post(&format!("/api/v1/cases/{id}/answer"), an_answer(), Some(&admin)).await.status, StatusCode::OK);
    let r = app.post(&ask, json!({"department": FARM, "question": "추가 자료"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    let _ = (p.admin, p.manager);
}

#[tokio::test]
async fn the_asked_department_is_reminded_by_mail_before_and_after_the_due_time_once_each() {
    let mail_dir = tempfile::TempDir::new().unwrap();
    let sink = SmtpSink::start(free_port(), mail_dir.path(), &[]);
    let url = sink.url();
    let app = TestApp::new_with(move |c| {
        c.notify.smtp_url = Some(url);
        c.notify.poll = Duration::from_millis(50);
    })
    .await;
    app.set_now("2026-11-23 10:00");
    // No VOC manager and no assignee: the case's own deadline alerts have nobody to go to,
    // so every mail here is a material reminder.
    let handler = app.user_in("handler", "handler", Some(TOURISM)).await;
    app.user_with_email("farmer", "handler", Some(FARM), Some("farmer@example.com")).await;
    app.user_with_email("farmhead", "department_head", Some(FARM), Some("farmhead@example.com")).await;
    app.user_with_email("culture", "handler", Some(2), Some("culture@example.com")).await;
    let c = railbike_case(&app).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{}/materials", c["id"]),
            json!({"department": FARM, "question": "판매 기록을 보내 주세요", "due_date": "2026-11-24"}),
            Some(&handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["materials"][0]["due_at"], "2026-11-24T18:00:00+09:00", "the close of the named day");
    let store = app.state.store.as_ref();

    // Far from the due time nothing goes out; two business hours before, the farm team's
    // handler and head hear once; after it, once more.
    let sweep = |at: &str| server::notify::sweep_deadlines(store, kst(at));
    assert_eq!(sweep("2026-11-23 16:00").await.unwrap(), 0);
    assert_eq!(sweep("2026-11-24 16:30").await.unwrap(), 2);
    assert_eq!(sweep("2026-11-24 17:00").await.unwrap(), 0, "once");
    eventually(10, "two reminders", || sink.mails().len() == 2).await;
    let mails = sink.mails();
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["farmer@example.com", "farmhead@example.com"], "the asked department only");
    assert!(mails.iter().all(|m| m.notice == "material_reminder"));
    assert!(mails[0].body.contains("판매 기록을 보내 주세요"), "{}", mails[0].body);
    assert!(mails[0].body.contains("2026-11-24 18:00"), "{}", mails[0].body);
    assert!(mails[0].subject.contains(c["receipt_no"].as_str().unwrap()), "{}", mails[0].subject);
    assert!(mails[0].body.contains("/materials#material-"), "a link the asked department can open: {}", mails[0].body);
    assert_eq!(sweep("2026-11-25 09:30").await.unwrap(), 2, "overdue");
    assert_eq!(sweep("2026-11-25 09:40").await.unwrap(), 0);
    eventually(10, "two more", || sink.mails().len() == 4).await;

    // An answered request is quiet, and the case page says when one is overdue.
    app.set_now("2026-11-25 09:45");
    let farmer = app.login("farmer", "user-password").await;
    let queue = app.get("/api/v1/materials", Some(&farmer)).await.body;
    assert_eq!(queue[0]["overdue"], true);
    let mid = queue[0]["id"].as_i64().unwrap();
    let r = app
        .post(&format!("/api/v1/materials/{mid}/answer"), json!({"answer": "첨부 없이 요약: 12병"}), Some(&farmer))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(sweep("2026-11-26 10:00").await.unwrap(), 0);
}
