//! Answer templates (답변 서식): administrators keep them per kind and category with variables
//! (an unknown one refused by name); whoever drafts or answers a case is offered those that
//! fit it, filled from the case.

use app::api::RouteInput;
use app::domain::{AnswerTemplateInput, ClassifyInput, NewCaseInput};

use crate::common::{TestApp, field_codes};

fn template(kind: &str, category: &str, title: &str, result: &str) -> AnswerTemplateInput {
    AnswerTemplateInput {
        kind: kind.into(),
        category: category.into(),
        title: title.into(),
        result: result.into(),
        basis: "{facility} 운영 규정 제5조".into(),
        appeal: "결과를 받은 날부터 90일 이내에 이의신청할 수 있습니다.".into(),
    }
}

#[tokio::test]
async fn templates_are_kept_by_administrators_and_offered_filled_where_they_fit() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let admin = app.client(Some(&app.admin().await));
    let handler = app.client(Some(&app.user_in("tour_handler", "handler", Some(3)).await));
    let executive = app.client(Some(&app.user("executive", "executive").await));

    // Refused by name: a variable no case has, a category not in the catalogue.
    let e = admin.add_answer_template(&template("complaint", "", "고장", "{name}님, {password}")).await.unwrap_err();
    assert!(e.fields().0["result"].ko.contains("{password}"), "{e:?}");
    assert_eq!(field_codes(&e), [("result".into(), "unknown_variable".into())]);
    let r = admin.add_answer_template(&template("", "moon", "달", "달에서 온 민원입니다")).await;
    assert_eq!(field_codes(&r.unwrap_err()), [("category".into(), "unknown_category".into())]);
    let fix = template(
        "complaint",
        "",
        "시설 고장 수리",
        "{name}님, {receipt_no} 민원의 {facility} 고장을 {today} 수리했습니다.",
    );
    assert_eq!(handler.add_answer_template(&fix).await.unwrap_err().status(), Some(403));

    let fix_id = admin.add_answer_template(&fix).await.unwrap().id;
    admin.add_answer_template(&template("inquiry", "", "문의 답변", "문의하신 내용 안내")).await.unwrap();
    let fares = template("", "fares_booking", "요금·예약 안내", "신고하신 {category} 건을 조사했습니다");
    admin.add_answer_template(&fares).await.unwrap();
    let list = admin.answer_templates().await.unwrap();
    assert_eq!(list.templates.len(), 3);
    assert!(list.variables.iter().any(|v| v == "receipt_no"));

    // A complaint about the rail bike: the complaint template only, filled from the case.
    let filing = NewCaseInput {
        kind: "complaint".into(),
        channel: "homepage".into(),
        facility: Some("railbike".into()),
        name: Some("홍길동".into()),
        content: "레일바이크 3번 바퀴가 고장났습니다".into(),
        ..Default::default()
    };
    let c = app.client(None).file_case(&filing).await.unwrap();
    let id = c.id;
    admin.route(id, &RouteInput { department: 3.into(), reason: String::new() }).await.unwrap();
    let offered = handler.case_answer_templates(id).await.unwrap();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(
        offered[0].result,
        format!("홍길동님, {} 민원의 철로자전거 고장을 2026-11-23 수리했습니다.", c.receipt_no)
    );
    assert_eq!(offered[0].basis, "철로자전거 운영 규정 제5조");
    assert_eq!(executive.case_answer_templates(id).await.unwrap_err().status(), Some(403));

    // Classified under budget waste, it is offered that one too.
    let classify =
        ClassifyInput { category: "fares_booking".into(), reason: "요금 관련".into(), ..Default::default() };
    admin.classify(id, &classify).await.unwrap();
    let titles: Vec<String> = handler.case_answer_templates(id).await.unwrap().into_iter().map(|t| t.title).collect();
    assert_eq!(titles, ["시설 고장 수리", "요금·예약 안내"]);

    // Changed and removed; answers written from it stay as written.
    let mut changed = template("complaint", "", "시설 고장 수리(개정)", "{name}님, 수리를 마쳤습니다.");
    changed.basis = "운영 규정".into();
    assert_eq!(admin.change_answer_template(fix_id, &changed).await.unwrap().title, "시설 고장 수리(개정)");
    admin.remove_answer_template(fix_id).await.unwrap();
    assert_eq!(admin.remove_answer_template(fix_id).await.unwrap_err().status(), Some(404));
    let gone = admin.change_answer_template(fix_id, &template("", "", "없음", "없는 서식입니다")).await;
    assert_eq!(gone.unwrap_err().status(), Some(404));
    let audit = admin.audit_log("action=answer_template_deleted").await.unwrap();
    assert_eq!(audit.total, 1, "{audit:?}");
}
