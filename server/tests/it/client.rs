//! The typed client (`app::client`) over the router, as the pages use it over `fetch`.
//!
//! The case page shows the view an action answers instead of reading the case again, so that
//! view must be the case as a fresh read gives it — after every step of a case's life.

use app::api::{AssignInput, RouteInput, StaffCaseView, TextInput};
use app::domain::{CaseStatus, PauseInput};

use crate::common::{Client, TestApp, answer_input};

/// The view an action answered is the one a read gives now.
async fn is_current(client: &Client, view: &StaffCaseView) {
    let read = client.case(view.id).await.unwrap();
    assert_eq!(view, &read, "the answered view differs from a fresh read");
}

fn note(text: &str) -> TextInput {
    TextInput { note: text.into() }
}

#[tokio::test]
async fn every_case_action_answers_the_case_as_a_fresh_read_gives_it() {
    let app = TestApp::new().await;
    app.set_now("2026-11-24 10:00");
    let admin = app.client(Some(&app.admin().await));
    let id = app.file("화장실 세면대 수도꼭지가 고장났습니다").await["id"].as_i64().unwrap();
    let department = admin.departments().await.unwrap()[0].id;
    let officer = app.client(Some(&app.user_in("officer", "handler", Some(department)).await)).me().await.unwrap();
    let answer = answer_input();

    let v = admin.add_note(id, &note("현장 확인 예정")).await.unwrap();
    assert!(v.notes.iter().any(|n| n.body == "현장 확인 예정"));
    is_current(&admin, &v).await;

    let v = admin.route(id, &RouteInput { department: department.into(), reason: String::new() }).await.unwrap();
    assert_eq!(v.department_id, Some(department));
    is_current(&admin, &v).await;

    let v = admin.assign(id, &AssignInput { user: officer.id.to_string().into() }).await.unwrap();
    assert_eq!(v.assignee_id, Some(officer.id));
    is_current(&admin, &v).await;

    let pause = PauseInput { reason: "awaiting_complainant".into(), note: "보완 대기".into() };
    let v = admin.pause(id, &pause).await.unwrap();
    assert_eq!(v.status, CaseStatus::Paused);
    is_current(&admin, &v).await;

    let v = admin.resume(id).await.unwrap();
    assert_ne!(v.status, CaseStatus::Paused);
    is_current(&admin, &v).await;

    let v = admin.draft(id, &answer).await.unwrap();
    assert!(v.answers.iter().any(|a| a.state == "draft"));
    is_current(&admin, &v).await;

    let v = admin.approve(id, &Some(TextInput::default())).await.unwrap();
    assert_eq!(v.status, CaseStatus::Closed);
    is_current(&admin, &v).await;

    let v = admin.reopen(id, &note("민원인이 다시 확인을 요청했습니다")).await.unwrap();
    assert_ne!(v.status, CaseStatus::Closed);
    is_current(&admin, &v).await;

    let v = admin.answer(id, &answer).await.unwrap();
    assert_eq!(v.status, CaseStatus::Closed);
    is_current(&admin, &v).await;
}

#[tokio::test]
async fn a_refusal_arrives_as_the_apis_error_with_its_fields() {
    let app = TestApp::new().await;
    let id = app.file("주차장 차단기가 열리지 않습니다").await["id"].as_i64().unwrap();

    // No session: 401, the code the pages send to the sign-in page on.
    let anonymous = app.client(None);
    let e = anonymous.case(id).await.unwrap_err();
    assert_eq!(e.status(), Some(401));

    // A refused field: 422 with the field named, in both languages.
    let admin = app.client(Some(&app.admin().await));
    let e = admin.add_note(id, &note("   ")).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(422), Some("validation")));
    let field = e.fields().0.into_values().next().unwrap();
    assert!(!field.ko.is_empty() && !field.en.is_empty(), "{field:?}");

    // No such case: 404, and nothing else is touched.
    assert_eq!(admin.case(id + 1000).await.unwrap_err().status(), Some(404));
    assert_eq!(admin.case(id).await.unwrap().notes.len(), 0);
}

#[tokio::test]
async fn the_case_pages_other_steps_answer_the_case_as_a_fresh_read_gives_it_too() {
    use app::api::InterimInput;
    use app::domain::{ContactLogInput, MaterialInput, SeriousInput, SupplementInput};
    let app = TestApp::new().await;
    app.set_now("2026-11-24 10:00");
    let admin = app.client(Some(&app.admin().await));
    let id = app.file_from("010-1234-5678", "레일바이크 안전벨트가 헐겁습니다").await["id"].as_i64().unwrap();

    let serious = SeriousInput { reason: "safety".into(), note: "운행 중 이탈 위험".into() };
    let v = admin.mark_serious(id, &serious).await.unwrap();
    assert!(v.serious.is_some());
    is_current(&admin, &v).await;
    let v = admin.clear_serious(id).await.unwrap();
    assert!(v.serious.is_none());
    is_current(&admin, &v).await;

    let v = admin.mark_unreachable(id, &note("세 번 전화했으나 받지 않음")).await.unwrap();
    assert!(v.unreachable_at.is_some());
    is_current(&admin, &v).await;
    let v = admin.clear_unreachable(id).await.unwrap();
    assert!(v.unreachable_at.is_none());
    is_current(&admin, &v).await;

    let call = ContactLogInput {
        means: "phone".into(),
        outcome: "talked".into(),
        summary: "현장 확인 일정을 안내함".into(),
        confirmed: false,
    };
    let v = admin.record_contact(id, &call).await.unwrap();
    is_current(&admin, &v).await;

    let interim = InterimInput { reason: "부품 주문으로 시간이 걸립니다".into(), expected_date: None };
    let v = admin.interim(id, &interim).await.unwrap();
    is_current(&admin, &v).await;

    let material = MaterialInput {
        department: 1.into(), // another department than the case's own (railbike, 3)
        question: "벨트 교체 이력을 알려 주세요".into(),
        due_date: None,
    };
    let v = admin.request_material(id, &material).await.unwrap();
    assert_eq!(v.materials.len(), 1);
    is_current(&admin, &v).await;

    let ask = SupplementInput { request: "사진을 한 장 보내 주세요".into(), due_date: "2026-11-30".into() };
    let v = admin.request_supplement(id, &ask).await.unwrap();
    assert_eq!(v.status, CaseStatus::Paused);
    is_current(&admin, &v).await;
}
