//! The quarterly CCMS evaluation: opened for an ended quarter with the department's figures,
//! scored and submitted by the VOC office, acknowledged by the department's head, kept as
//! XLSX and PDF.

use app::client::links;
use app::domain::{AcknowledgeInput, EvaluationActions, EvaluationInput, EvaluationState, OpenEvaluationInput};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, field_codes};

const TOURISM: i64 = 3;

fn all_scored(score: i64) -> Value {
    let items = ["cause_recorded", "prevention", "compliance", "communication", "awareness", "training"];
    Value::Object(items.iter().map(|i| ((*i).to_owned(), json!(score))).collect())
}

#[tokio::test]
async fn a_quarter_is_evaluated_per_department_submitted_and_acknowledged_by_its_head() {
    let app = TestApp::new().await;
    // Two railbike complaints in the second quarter, one answered.
    app.set_now("2026-04-06 10:00");
    let mut ids = Vec::new();
    for content in ["레일바이크 대기 시간이 너무 깁니다", "레일바이크 안내 방송이 들리지 않습니다"]
    {
        let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content});
        let r = app.post("/api/v1/cases", body, None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        ids.push(r.body["id"].as_i64().unwrap());
    }
    let admin = app.admin().await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", ids[0]), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    app.set_now("2026-07-01 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let head = app.user_in("head", "department_head", Some(TOURISM)).await;
    let (office, chief) = (app.client(Some(&manager)), app.client(Some(&head)));
    let other_head = app.client(Some(&app.user_in("head2", "department_head", Some(2)).await));
    let cco = app.client(Some(&app.user("cco", "executive").await));
    let handler = app.client(Some(&app.user_in("h", "handler", Some(TOURISM)).await));

    // Opening: an ended quarter of a known department, once; the VOC office only.
    let open = |department_id: i64, quarter: u8| OpenEvaluationInput { department_id, year: 2026, quarter };
    let e = office.open_evaluation(&open(TOURISM, 3)).await.unwrap_err();
    assert!(e.fields().0["quarter"].ko.contains("분기"), "{e:?}");
    assert_eq!(field_codes(&e), [("quarter".into(), "quarter_not_ended".into())]);
    let e = office.open_evaluation(&open(99, 2)).await.unwrap_err();
    assert_eq!(field_codes(&e), [("department_id".into(), "unknown_department".into())]);
    assert_eq!(chief.open_evaluation(&open(TOURISM, 2)).await.unwrap_err().status(), Some(403));
    let e = office.open_evaluation(&open(TOURISM, 2)).await.unwrap();
    let id = e.id;
    assert_eq!(
        (e.from.to_string(), e.to.to_string(), e.state),
        ("2026-04-01".into(), "2026-06-30".into(), EvaluationState::Draft)
    );
    assert_eq!((e.figures.received, e.figures.processed), (2, 1));
    assert_eq!(e.items.len(), 6);
    assert_eq!(e.actions, EvaluationActions { edit: true, acknowledge: false });
    let again = office.open_evaluation(&open(TOURISM, 2)).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (Some(409), Some("evaluation_exists")));

    // Readers: the head sees their own department's, another head nothing, a handler no page.
    let list = chief.evaluations("").await.unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!((list.can_open, list.due_quarter), (false, 2));
    assert!(other_head.evaluations("").await.unwrap().items.is_empty());
    assert_eq!(other_head.evaluation(id).await.unwrap_err().status(), Some(404));
    assert_eq!(handler.evaluation(id).await.unwrap_err().status(), Some(403));
    cco.evaluation(id).await.unwrap();

    // A draft is saved partly; submitting needs every score and the plan.
    let partial = EvaluationInput {
        scores: [("prevention".to_owned(), 4)].into(),
        comments: [("prevention".to_owned(), "재발 방지 대책을 세웠습니다".to_owned())].into(),
        summary: "대체로 양호".into(),
        improvement_plan: String::new(),
    };
    assert_eq!(chief.save_evaluation(id, false, &partial).await.unwrap_err().status(), Some(403));
    assert_eq!(office.save_evaluation(id, false, &partial).await.unwrap().items[1].score, Some(4));
    let missing = field_codes(&office.save_evaluation(id, true, &partial).await.unwrap_err());
    assert!(missing.contains(&("scores.training".into(), "required".into())), "{missing:?}");
    assert!(missing.contains(&("improvement_plan".into(), "required".into())), "{missing:?}");
    let odd =
        EvaluationInput { scores: [("speed".to_owned(), 3), ("awareness".to_owned(), 9)].into(), ..Default::default() };
    assert_eq!(
        field_codes(&office.save_evaluation(id, false, &odd).await.unwrap_err()),
        [
            ("scores.awareness".into(), "score_out_of_range".into()),
            ("scores.speed".into(), "unknown_evaluation_item".into())
        ]
    );
    let full = EvaluationInput {
        scores: serde_json::from_value(all_scored(4)).unwrap(),
        comments: [("training".to_owned(), "CS 교육 이수율이 낮습니다".to_owned())].into(),
        summary: "기한 준수는 양호, 안내는 보완 필요".into(),
        improvement_plan: "3분기 안내 방송 설비 교체".into(),
    };
    let submitted = office.save_evaluation(id, true, &full).await.unwrap();
    assert_eq!((submitted.state, submitted.total_percent), (EvaluationState::Submitted, Some(80.0)));
    assert_eq!(submitted.actions, EvaluationActions::default(), "the manager does not acknowledge");
    let late = office.save_evaluation(id, false, &full).await.unwrap_err();
    assert_eq!((late.status(), late.code()), (Some(409), Some("evaluation_not_at_step")));

    // The head acknowledges, once; an executive may not.
    assert!(chief.evaluation(id).await.unwrap().actions.acknowledge);
    let note = |text: String| AcknowledgeInput { note: text };
    assert_eq!(cco.acknowledge_evaluation(id, &note(String::new())).await.unwrap_err().status(), Some(403));
    assert_eq!(chief.acknowledge_evaluation(id, &note("가".repeat(1001))).await.unwrap_err().status(), Some(422));
    let done = chief.acknowledge_evaluation(id, &note("설비 교체 예산을 요청하겠습니다".into())).await.unwrap();
    assert_eq!((done.state, done.acknowledged_by.as_deref()), (EvaluationState::Acknowledged, Some("head")));
    assert_eq!(chief.acknowledge_evaluation(id, &note(String::new())).await.unwrap_err().status(), Some(409));
    let uri = format!("/api/v1/evaluations/{id}");

    // Kept as a workbook and a PDF.
    let (status, _, xlsx) = app.download(&format!("{uri}/evaluation.xlsx"), &head).await;
    assert_eq!(status, StatusCode::OK);
    let rows = TestApp::xlsx_rows(&xlsx, "분기 평가");
    assert!(rows[0][0].contains("관광사업팀 2026년 2분기"), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "접수" && r[1] == "2"), "{rows:?}");
    assert!(
        rows.iter().any(|r| r[0] == "자율관리 교육의 실시와 효과" && r[1] == "4" && r[2].contains("이수율")),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r[0] == "부서장 확인" && r[2].contains("설비 교체 예산")), "{rows:?}");
    let (status, _, pdf) = app.download(&format!("{uri}/evaluation.pdf"), &manager).await;
    assert_eq!(status, StatusCode::OK);
    let text = crate::letter::pdf_text(&pdf);
    for wanted in [
        "CCMS 분기 운영성과 평가서",
        "관광사업팀",
        "2026년 2분기",
        "3분기 안내 방송 설비 교체",
        "설비 교체 예산을 요청하겠습니다",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing:\n{text}");
    }
    assert_eq!(
        app.get(&links::evaluation_pdf(id), Some(&app.login("head2", "user-password").await)).await.status,
        StatusCode::NOT_FOUND
    );
    let admin = app.admin().await;
    let log = app.get("/api/v1/audit-log?action=evaluation_acknowledged", Some(&admin)).await;
    assert_eq!(log.body["total"], 1, "{:?}", log.body);
}
