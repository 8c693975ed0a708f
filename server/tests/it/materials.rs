//! Material requests between departments: validation, who may ask and answer (others get
//! 404), the asked department's queue, the case history, and reminders by real e-mail.

use std::time::Duration;

use app::api::MaterialAnswerInput;
use app::domain::{MaterialInput, VocKind};
use axum::http::StatusCode;
use chrono::DateTime;
use serde_json::{Value, json};

use crate::common::{SmtpSink, TestApp, answer_input, eventually, field_codes, free_port, kst};

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

    let handler = app.client(Some(&p.handler));
    let ask = |department: Value, question: &str, due_date: Option<&str>| MaterialInput {
        department,
        question: question.into(),
        due_date: due_date.map(Into::into),
    };

    // Every bad field at once, each with its own code; nothing is stored.
    let e = handler.request_material(id, &ask(json!(""), " ", Some("2026-11-20"))).await.unwrap_err();
    assert_eq!(e.status(), Some(422), "{e:?}");
    let codes = field_codes(&e);
    assert_eq!(
        codes,
        [("department", "required"), ("due_date", "date_in_past"), ("question", "required")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    for (department, code) in [(json!(TOURISM), "same_department"), (json!(99), "unknown_department")] {
        let e = handler.request_material(id, &ask(department, "영수증 사본", None)).await.unwrap_err();
        let field = &e.fields().0["department"];
        assert_eq!(field.code, code, "{e:?}");
        assert!(field.ko.contains("부서"));
    }
    let e = handler.request_material(id, &ask(json!(FARM), "x", Some("23.11.2026"))).await.unwrap_err();
    assert_eq!(e.fields().0["due_date"].code, "invalid_date");
    // Another department's handler cannot even see the case; an executive changes nothing.
    let culture = app.client(Some(&p.culture));
    let executive = app.client(Some(&p.executive));
    let e = culture.request_material(id, &ask(json!(FARM), "영수증 사본", None)).await.unwrap_err();
    assert_eq!(e.status(), Some(404));
    let e = executive.request_material(id, &ask(json!(FARM), "영수증 사본", None)).await.unwrap_err();
    assert_eq!(e.status(), Some(403));

    // Asked by code, due the next business day at the same time by default.
    let question = "11/20 매점 사과즙 판매 기록을 보내 주세요. 민원인 010-3333-4444";
    let view = handler.request_material(id, &ask(json!("farm_products"), question, None)).await.unwrap();
    let m = &view.materials[0];
    assert_eq!(m.department_name, "농특산물홍보팀");
    assert_eq!(m.due_at, DateTime::parse_from_rfc3339("2026-11-24T10:00:00+09:00").unwrap());
    assert!(m.answer.is_none());
    let mid = m.id;

    // The asked department's queue has it with the case's kind, facility and receipt number,
    // never the complaint text or a contact (masked in the question); the others' do not. The
    // body is read raw once: that it carries no field of the complaint's text at all.
    let farm_raw = app.get("/api/v1/materials", Some(&p.farmer)).await;
    assert_eq!(farm_raw.status, StatusCode::OK);
    assert!(farm_raw.body[0].get("case_content").is_none());
    assert!(!farm_raw.body.to_string().contains("사과즙이 상했습니다"), "no complaint text");
    let farmer = app.client(Some(&p.farmer));
    let farm = farmer.materials().await.unwrap();
    assert_eq!(farm.len(), 1);
    assert_eq!(farm[0].question, "11/20 매점 사과즙 판매 기록을 보내 주세요. 민원인 010-****-4444");
    assert_eq!(farm[0].kind, VocKind::Complaint);
    assert!(farm[0].facility.is_some());
    assert_eq!(farm[0].from_department.as_deref(), Some("관광사업팀"));
    assert!(culture.materials().await.unwrap().is_empty());
    assert!(handler.materials().await.unwrap().is_empty());
    assert_eq!(app.client(Some(&p.manager)).materials().await.unwrap().len(), 1);
    assert_eq!(app.client(None).materials().await.unwrap_err().status(), Some(401));

    // Only the asked department (or the VOC manager) answers; others get 404 or 403.
    let reply = |text: &str| MaterialAnswerInput { answer: text.into() };
    assert_eq!(culture.answer_material(mid, &reply("x")).await.unwrap_err().status(), Some(404));
    assert_eq!(executive.answer_material(mid, &reply("x")).await.unwrap_err().status(), Some(403));
    let e = farmer.answer_material(mid, &reply("  ")).await.unwrap_err();
    assert_eq!(e.fields().0["answer"].code, "required");
    app.set_now("2026-11-23 10:20");
    let answered =
        farmer.answer_material(mid, &reply("11/20 판매분 12병, 같은 제조일자 재고는 회수했습니다.")).await.unwrap();
    assert_eq!(answered.answered_by.as_deref(), Some("farmer"));
    assert!(!answered.overdue);
    let again = farmer.answer_material(mid, &reply("덧붙임")).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("material_answered")));

    // The handling department reads the reply on the case; both steps are in the history.
    let handler = app.client(Some(&app.login("handler", "user-password").await));
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.materials[0].answer.as_deref(), Some("11/20 판매분 12병, 같은 제조일자 재고는 회수했습니다."));
    let history = handler.history(id).await.unwrap();
    let actions: Vec<(&str, &str)> = history
        .iter()
        .filter(|h| h.action.starts_with("자료"))
        .map(|h| (h.action.as_str(), h.actor.as_str()))
        .collect();
    assert_eq!(actions, [("자료 요청", "handler"), ("자료 회신", "farmer")]);

    // A closed case takes no new requests.
    let admin = app.client(Some(&p.admin));
    admin.answer(id, &answer_input()).await.unwrap();
    let e = admin.request_material(id, &ask(json!(FARM), "추가 자료", None)).await.unwrap_err();
    assert_eq!(e.status(), Some(409), "{e:?}");
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
    let sweep = |at: &str| server::notify::sweep_deadlines(store, &app.state.public_url, kst(at));
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
