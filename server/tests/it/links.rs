//! Related, duplicate and repeated complaints: links read from both ends with who made them,
//! the same complainant's other cases on the case page, merging a duplicate into its
//! original (whose result and survey reach both complainants), and the 제23조 closure of a
//! repeated complaint, which the server allows only on the linked history the Act asks for.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer};

const SAME: &str = "레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.";

fn receipt(c: &Value) -> &str {
    c["receipt_no"].as_str().unwrap()
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
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let id = again["id"].as_i64().unwrap();

    // The case page warns: the same phone number filed before, one of them much alike. The
    // grievance (another department's) is not shown to this handler; the stranger's never.
    let view = app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body;
    let earlier: Vec<(String, bool)> = view["earlier_cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["receipt_no"].as_str().unwrap().to_owned(), e["similar"].as_bool().unwrap()))
        .collect();
    assert_eq!(earlier, [(receipt(&other).to_owned(), false), (receipt(&first).to_owned(), true)]);
    assert!(!earlier.iter().any(|(r, _)| r == receipt(&grievance) || r == receipt(&stranger)));
    assert_eq!(view["actions"]["link"], true);

    let uri = format!("/api/v1/cases/{id}/links");
    let executive = app.user("boss", "executive").await;
    let body = json!({"other": receipt(&first), "relation": "repeat"});
    assert_eq!(app.post(&uri, body.clone(), Some(&executive)).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&uri, json!({"other": "123", "relation": "cousin"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (r.body["fields"]["other"]["code"].clone(), r.body["fields"]["relation"]["code"].clone()),
        (json!("receipt_no_invalid"), json!("unknown_relation"))
    );
    for (other, code) in
        [(receipt(&again), "same_case"), (receipt(&grievance), "unknown_case"), ("VOC-2026-999999", "unknown_case")]
    {
        let r = app.post(&uri, json!({"other": other, "relation": "related"}), Some(&handler)).await;
        assert_eq!(r.body["fields"]["other"]["code"], code, "{other}: {:?}", r.body);
    }

    let r = app.post(&uri, body, Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["links"][0]["receipt_no"], receipt(&first));
    assert_eq!(
        (r.body["links"][0]["relation"].clone(), r.body["links"][0]["by"].clone()),
        (json!("repeat"), json!("railbike_handler"))
    );
    assert_eq!(r.body["earlier_cases"][1]["linked"], true);
    // Read from the other end too, and both histories say who linked them.
    let first_view = app.get(&format!("/api/v1/cases/{}", first["id"]), Some(&handler)).await.body;
    assert_eq!(first_view["links"][0]["receipt_no"], receipt(&again));
    for v in [&r.body, &first_view] {
        let last = v["history"].as_array().unwrap().last().unwrap();
        assert_eq!((last["code"].clone(), last["actor"].clone()), (json!("linked"), json!("railbike_handler")));
        assert!(last["detail"].as_str().unwrap().starts_with("반복 민원 · VOC-"), "{last:?}");
    }
    // Linking the pair again changes the relation; it stays one link.
    let r = app.post(&uri, json!({"other": receipt(&first), "relation": "related"}), Some(&handler)).await;
    assert_eq!(r.body["links"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["links"][0]["relation"], "related");
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
    let close = format!("/api/v1/cases/{id}/close-repeated");
    let reason = json!({"reason": "새로운 사실이나 근거 없이 같은 환불 요구를 반복했습니다."});
    assert_eq!(app.post(&close, reason.clone(), Some(&handler)).await.status, StatusCode::FORBIDDEN);

    // One earlier filing linked: refused, saying what is missing.
    let link = format!("/api/v1/cases/{id}/links");
    let r = app.post(&link, json!({"other": receipt(&earlier[0]), "relation": "repeat"}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["repeat"], json!({"filings": 1, "answers": 1, "closable": false, "cited": []}));
    let r = app.post(&close, reason.clone(), Some(&manager)).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("not_repeated")));
    assert!(r.body["message"].as_str().unwrap().contains("앞선 민원은 1건, 그중 답변한 것은 1건"), "{:?}", r.body);
    // A related case is not the same matter: it does not count.
    let r = app.post(&link, json!({"other": receipt(&earlier[1]), "relation": "related"}), Some(&manager)).await;
    assert_eq!(r.body["repeat"]["closable"], false);

    let r = app.post(&link, json!({"other": receipt(&earlier[1]), "relation": "repeat"}), Some(&manager)).await;
    assert_eq!(r.body["repeat"]["closable"], true);
    let r = app.post(&close, json!({"reason": ""}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&close, reason.clone(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "closed");
    let closure = r.body["closure_reason"].as_str().unwrap();
    assert!(
        closure.contains(receipt(&earlier[0])) && closure.contains(receipt(&earlier[1])) && closure.contains("제23조")
    );
    assert_eq!(codes(&r.body).last().unwrap(), "closed_repeated");
    assert_eq!(app.post(&close, reason, Some(&manager)).await.status, StatusCode::CONFLICT);

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
