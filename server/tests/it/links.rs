//! Related, duplicate and repeated complaints: links read from both ends with who made them,
//! the same complainant's other cases on the case page, merging a duplicate into its
//! original (whose result and survey reach both complainants), and the 제23조 closure of a
//! repeated complaint, which the server allows only on the linked history the Act asks for.

use app::api::{RepeatView, TextInput};
use app::domain::{CaseStatus, HistoryAction, LinkInput, LinkRelation};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer};

const SAME: &str = "레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.";

fn receipt(c: &Value) -> &str {
    c["receipt_no"].as_str().unwrap()
}

fn link_to(other: &str, relation: &str) -> LinkInput {
    LinkInput { other: other.into(), relation: relation.into() }
}

fn codes(view: &Value) -> Vec<String> {
    view["history"].as_array().unwrap().iter().filter_map(|h| h["code"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn cases_link_both_ways_and_the_same_complainants_other_cases_show_on_the_case() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let first = app.file_from("010-1234-5678", SAME).await;
    let again = app.file_from("01012345678", "레일바이크 요금이 두번 결제됐어요. 환불 부탁드립니다").await;
    let other = app.file_from("010-1234-5678", "매표소 직원이 친절했습니다 감사합니다").await;
    let stranger = app.file_from("010-9999-0000", SAME).await;
    let grievance = app
        .post(
            "/api/v1/cases",
            json!({"kind": "grievance", "channel": "kiosk", "content": "주차 안내가 부당했습니다", "phone": "010-1234-5678"}),
            None,
        )
        .await
        .body;
    let handler = app.client(Some(&app.user_in("railbike_handler", "handler", Some(3)).await));
    let id = again["id"].as_i64().unwrap();

    // The case page warns: the same phone number filed before, one of them much alike. The
    // grievance (another department's) is not shown to this handler; the stranger's never.
    let view = handler.case(id).await.unwrap();
    let earlier: Vec<(&str, bool)> = view.earlier_cases.iter().map(|e| (e.receipt_no.as_str(), e.similar)).collect();
    assert_eq!(earlier, [(receipt(&other), false), (receipt(&first), true)]);
    assert!(!earlier.iter().any(|(r, _)| *r == receipt(&grievance) || *r == receipt(&stranger)));
    assert!(view.actions.link);

    let executive = app.client(Some(&app.user("boss", "executive").await));
    let body = link_to(receipt(&first), "repeat");
    assert_eq!(executive.link(id, &body).await.unwrap_err().status(), Some(403));
    let e = handler.link(id, &link_to("123", "cousin")).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    let fields = e.fields().0;
    assert_eq!(
        (fields["other"].code.as_str(), fields["relation"].code.as_str()),
        ("receipt_no_invalid", "unknown_relation")
    );
    for (other, code) in
        [(receipt(&again), "same_case"), (receipt(&grievance), "unknown_case"), ("VOC-2026-999999", "unknown_case")]
    {
        let e = handler.link(id, &link_to(other, "related")).await.unwrap_err();
        assert_eq!(e.fields().0["other"].code, code, "{other}: {e:?}");
    }

    let linked = handler.link(id, &body).await.unwrap();
    assert_eq!(linked.links[0].receipt_no, receipt(&first));
    assert_eq!((linked.links[0].relation, linked.links[0].by.as_str()), (LinkRelation::Repeat, "railbike_handler"));
    assert!(linked.earlier_cases[1].linked);
    // Read from the other end too, and both histories say who linked them.
    let first_view = handler.case(first["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(first_view.links[0].receipt_no, receipt(&again));
    for v in [&linked, &first_view] {
        let last = v.history.last().unwrap();
        assert_eq!((last.code, last.actor.as_str()), (Some(HistoryAction::Linked), "railbike_handler"));
        assert!(last.detail.starts_with("반복 민원 · VOC-"), "{last:?}");
    }
    // Linking the pair again changes the relation; it stays one link.
    let relinked = handler.link(id, &link_to(receipt(&first), "related")).await.unwrap();
    assert_eq!(relinked.links.len(), 1);
    assert_eq!(relinked.links[0].relation, LinkRelation::Related);
}

#[tokio::test]
async fn a_merged_duplicate_closes_and_its_complainant_gets_the_originals_result_and_survey() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let original = app.file_from("010-1234-5678", SAME).await;
    let duplicate = app.file_from("010-5555-6666", SAME).await;
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let uri = format!("/api/v1/cases/{}/merge", duplicate["id"]);
    let r = app.post(&uri, json!({"into": receipt(&duplicate)}), Some(&handler)).await;
    assert_eq!(r.body["fields"]["into"]["code"], "same_case");

    let r = app.post(&uri, json!({"into": receipt(&original)}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["status"].clone(), r.body["merged_into"].clone()), (json!("closed"), json!(receipt(&original))));
    assert!(r.body["closure_reason"].as_str().unwrap().contains(receipt(&original)));
    assert_eq!(r.body["links"][0]["relation"], "duplicate");
    assert!(codes(&r.body).ends_with(&["linked".to_owned(), "merged".to_owned()]));
    let view = app.get(&format!("/api/v1/cases/{}", original["id"]), Some(&handler)).await.body;
    assert_eq!(codes(&view).last().unwrap(), "merged_in");
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let told: Vec<(i64, String)> =
        sqlx::query_as("SELECT case_id, body FROM outbox WHERE notice = 'merged'").fetch_all(&pool).await.unwrap();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, duplicate["id"].as_i64().unwrap());
    assert!(told[0].1.contains(receipt(&original)), "{}", told[0].1);

    // Before the original is answered the duplicate's page names it and has no survey.
    let track = |c: &Value| format!("/api/v1/cases/{}?token={}", receipt(c), c["tracking_token"].as_str().unwrap());
    let public = app.get(&track(&duplicate), None).await.body;
    assert_eq!((public["answer"].clone(), public["survey_path"].clone()), (Value::Null, Value::Null));

    // The original's answer reaches both complainants, each with a survey.
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", original["id"]), an_answer(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    for notice in ["result", "survey_invite"] {
        let mut cases: Vec<i64> = sqlx::query_scalar("SELECT case_id FROM outbox WHERE notice = $1")
            .bind(notice)
            .fetch_all(&pool)
            .await
            .unwrap();
        cases.sort();
        assert_eq!(cases, [original["id"].as_i64().unwrap(), duplicate["id"].as_i64().unwrap()], "{notice}");
    }
    let public = app.get(&track(&duplicate), None).await.body;
    assert_eq!(public["answer"]["result"], "바퀴를 교체했습니다.");
    let survey = app.survey_uri(&duplicate).await;
    let r = app.post(&survey, crate::common::full_survey(4), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    // A closed case takes no merge.
    let late = app.file_from("010-7777-8888", SAME).await;
    let r = app
        .post(&format!("/api/v1/cases/{}/merge", late["id"]), json!({"into": receipt(&original)}), Some(&handler))
        .await;
    assert_eq!(r.body["fields"]["into"]["code"], "merge_target_closed", "{:?}", r.body);
}

#[tokio::test]
async fn a_repeated_complaint_closes_under_article_23_only_on_its_linked_history() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let mut earlier = Vec::new();
    for _ in 0..2 {
        let c = app.file_from("010-1234-5678", SAME).await;
        let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        earlier.push(c);
    }
    let third = app.file_from("010-1234-5678", SAME).await;
    let id = third["id"].as_i64().unwrap();
    let (manager, handler) = (app.client(Some(&manager)), app.client(Some(&handler)));
    let reason =
        TextInput { note: "새로운 사실이나 근거 없이 같은 환불 요구를 반복했습니다.".into() };
    assert_eq!(handler.close_repeated(id, &reason).await.unwrap_err().status(), Some(403));

    // One earlier filing linked: refused, saying what is missing.
    let view = manager.link(id, &link_to(receipt(&earlier[0]), "repeat")).await.unwrap();
    assert_eq!(view.repeat, RepeatView { filings: 1, answers: 1, closable: false, cited: vec![] });
    let e = manager.close_repeated(id, &reason).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(409), Some("not_repeated")));
    assert!(e.message().contains("앞선 민원은 1건, 그중 답변한 것은 1건"), "{e:?}");
    // A related case is not the same matter: it does not count.
    let view = manager.link(id, &link_to(receipt(&earlier[1]), "related")).await.unwrap();
    assert!(!view.repeat.closable);

    let view = manager.link(id, &link_to(receipt(&earlier[1]), "repeat")).await.unwrap();
    assert!(view.repeat.closable);
    assert_eq!(manager.close_repeated(id, &TextInput::default()).await.unwrap_err().status(), Some(422));
    let view = manager.close_repeated(id, &reason).await.unwrap();
    assert_eq!(view.status, CaseStatus::Closed);
    let closure = view.closure_reason.as_deref().unwrap();
    assert!(
        closure.contains(receipt(&earlier[0])) && closure.contains(receipt(&earlier[1])) && closure.contains("제23조")
    );
    assert_eq!(view.history.last().unwrap().code, Some(HistoryAction::ClosedRepeated));
    assert_eq!(manager.close_repeated(id, &reason).await.unwrap_err().status(), Some(409));

    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let (channel, body): (String, String) =
        sqlx::query_as("SELECT channel, body FROM outbox WHERE notice = 'repeated_closure'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(channel, "sms");
    assert!(body.contains("제23조"), "{body}");
    let public = app
        .get(&format!("/api/v1/cases/{}?token={}", receipt(&third), third["tracking_token"].as_str().unwrap()), None)
        .await
        .body;
    assert!(public["closure_reason"].as_str().unwrap().contains(receipt(&earlier[1])));
}
