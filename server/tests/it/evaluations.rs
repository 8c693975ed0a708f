//! The quarterly CCMS evaluation: opened for an ended quarter with the department's figures,
//! scored and submitted by the VOC office, acknowledged by the department's head, kept as
//! XLSX and PDF.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, codes};

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
    let other_head = app.user_in("head2", "department_head", Some(2)).await;
    let cco = app.user("cco", "executive").await;
    let handler = app.user_in("h", "handler", Some(TOURISM)).await;

    // Opening: an ended quarter of a known department, once; the VOC office only.
    let open = |department: i64, quarter: i64| json!({"department_id": department, "year": 2026, "quarter": quarter});
    let r = app.post("/api/v1/evaluations", open(TOURISM, 3), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("quarter".into(), "quarter_not_ended".into())]);
    assert!(r.body["fields"]["quarter"]["ko"].as_str().unwrap().contains("분기"), "{:?}", r.body);
    let r = app.post("/api/v1/evaluations", open(99, 2), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("department_id".into(), "unknown_department".into())]);
    assert_eq!(app.post("/api/v1/evaluations", open(TOURISM, 2), Some(&head)).await.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/v1/evaluations", open(TOURISM, 2), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let e = r.body;
    let id = e["id"].as_i64().unwrap();
    assert_eq!(
        (e["from"].as_str(), e["to"].as_str(), e["state"].as_str()),
        (Some("2026-04-01"), Some("2026-06-30"), Some("draft"))
    );
    assert_eq!((e["figures"]["received"].as_i64(), e["figures"]["processed"].as_i64()), (Some(2), Some(1)));
    assert_eq!(e["items"].as_array().unwrap().len(), 6);
    assert_eq!(e["actions"], json!({"edit": true, "acknowledge": false}));
    let r = app.post("/api/v1/evaluations", open(TOURISM, 2), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("evaluation_exists")));

    // Readers: the head sees their own department's, another head nothing, a handler no page.
    let list = app.get("/api/v1/evaluations", Some(&head)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!((list.body["can_open"].as_bool(), list.body["due_quarter"].as_i64()), (Some(false), Some(2)));
    assert_eq!(app.get("/api/v1/evaluations", Some(&other_head)).await.body["items"], json!([]));
    let uri = format!("/api/v1/evaluations/{id}");
    assert_eq!(app.get(&uri, Some(&other_head)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&uri, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&uri, Some(&cco)).await.status, StatusCode::OK);

    // A draft is saved partly; submitting needs every score and the plan.
    let partial = json!({"scores": {"prevention": 4}, "comments": {"prevention": "재발 방지 대책을 세웠습니다"}, "summary": "대체로 양호"});
    let r = app.call(Method::PUT, &uri, Some(partial.clone()), Some(&head)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(Method::PUT, &uri, Some(partial.clone()), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["items"][1]["score"], 4);
    let r = app.call(Method::PUT, &format!("{uri}?submit=true"), Some(partial), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = codes(&r.body);
    assert!(missing.contains(&("scores.training".into(), "required".into())), "{missing:?}");
    assert!(missing.contains(&("improvement_plan".into(), "required".into())), "{missing:?}");
    let r = app.call(Method::PUT, &uri, Some(json!({"scores": {"speed": 3, "awareness": 9}})), Some(&manager)).await;
    assert_eq!(
        codes(&r.body),
        [
            ("scores.awareness".into(), "score_out_of_range".into()),
            ("scores.speed".into(), "unknown_evaluation_item".into())
        ]
    );
    let full = json!({"scores": all_scored(4), "comments": {"training": "CS 교육 이수율이 낮습니다"},
                      "summary": "기한 준수는 양호, 안내는 보완 필요", "improvement_plan": "3분기 안내 방송 설비 교체"});
    let r = app.call(Method::PUT, &format!("{uri}?submit=true"), Some(full.clone()), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["state"].as_str(), r.body["total_percent"].as_f64()), (Some("submitted"), Some(80.0)));
    assert_eq!(r.body["actions"], json!({"edit": false, "acknowledge": false}), "the manager does not acknowledge");
    let r = app.call(Method::PUT, &uri, Some(full), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::CONFLICT, Some("evaluation_not_at_step")));

    // The head acknowledges, once; an executive may not.
    let ack = format!("{uri}/acknowledge");
    assert_eq!(app.get(&uri, Some(&head)).await.body["actions"]["acknowledge"], true);
    assert_eq!(app.post(&ack, json!({"note": ""}), Some(&cco)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&ack, json!({"note": "가".repeat(1001)}), Some(&head)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app.post(&ack, json!({"note": "설비 교체 예산을 요청하겠습니다"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["state"].as_str(), r.body["acknowledged_by"].as_str()), (Some("acknowledged"), Some("head")));
    let r = app.post(&ack, json!({}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

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
    assert_eq!(app.get(&format!("{uri}/evaluation.pdf"), Some(&other_head)).await.status, StatusCode::NOT_FOUND);
    let admin = app.admin().await;
    let log = app.get("/api/v1/audit-log?action=evaluation_acknowledged", Some(&admin)).await;
    assert_eq!(log.body["total"], 1, "{:?}", log.body);
}
