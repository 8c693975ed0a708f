//! Finding any case (`GET /api/v1/cases`): open and closed, by words in its content, answer
//! or notes, by receipt number, by the complainant's phone number or e-mail address in any
//! usual writing; each person only among the cases they may see.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer};

async fn file(app: &TestApp, content: &str, phone: &str, email: &str) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content,
                   "phone": phone, "email": email, "consent": {"sms": true, "email": !email.is_empty()}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

/// The receipt numbers a search finds, in its order.
async fn found(app: &TestApp, query: &str, who: &str) -> (i64, Vec<String>) {
    let r = app.get(&format!("/api/v1/cases?{query}"), Some(who)).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {:?}", r.body);
    let items = r.body["items"].as_array().unwrap();
    (r.body["total"].as_i64().unwrap(), items.iter().map(|i| i["receipt_no"].as_str().unwrap().to_owned()).collect())
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect()
}

#[tokio::test]
async fn a_closed_case_is_found_by_words_number_and_contact() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let a = file(&app, "레일바이크 안전벨트가 헐겁습니다 확인 부탁드립니다", "010-1234-5678", "Kim@Example.KR").await;
    let b = file(&app, "매표소 대기줄이 너무 깁니다 개선해 주세요", "010-9999-0000", "lee@example.kr").await;
    let c = file(&app, "화장실 청소 상태가 좋지 않습니다 점검 바랍니다", "010-1234-5678", "").await;
    let (ra, rb, rc) =
        (a["receipt_no"].as_str().unwrap(), b["receipt_no"].as_str().unwrap(), c["receipt_no"].as_str().unwrap());
    let a_id = a["id"].as_i64().unwrap();

    // Answer and close the first; note on the second.
    let r = app.post(&format!("/api/v1/cases/{a_id}/answer"), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let b_id = b["id"].as_i64().unwrap();
    let r = app
        .post(&format!("/api/v1/cases/{b_id}/notes"), json!({"note": "민원인과 통화함 — 주말 증편 검토"}), Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    // Everything, newest first; oldest first on request.
    assert_eq!(found(&app, "", &admin).await, (3, vec![rc.to_owned(), rb.to_owned(), ra.to_owned()]));
    assert_eq!(found(&app, "sort=oldest", &admin).await.1, vec![ra, rb, rc]);

    // Words: a Korean part of a word in the content, the answer, a note.
    assert_eq!(found(&app, &format!("q={}", enc("안전벨")), &admin).await.1, vec![ra]);
    assert_eq!(found(&app, &format!("q={}", enc("바퀴를 교체")), &admin).await.1, vec![ra], "the answer's text");
    assert_eq!(found(&app, &format!("q={}", enc("주말 증편")), &admin).await.1, vec![rb], "a note's text");
    assert_eq!(found(&app, &format!("q={}", enc("100%")), &admin).await.0, 0, "% matches only itself");

    // A complainant's amendment is searched as soon as it is made; two characters search too.
    let token = b["tracking_token"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{rb}/amend?token={token}"),
            json!({"content": "매표소 대기줄이 깁니다 — 주차장 셔틀도 부족합니다"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(found(&app, &format!("q={}", enc("주차장 셔틀")), &admin).await.1, vec![rb]);
    assert_eq!(found(&app, &format!("q={}", enc("매표")), &admin).await.1, vec![rb], "fewer than three characters");
    assert_eq!(found(&app, &format!("q={}", enc("너무 깁니다")), &admin).await.0, 0, "the words amended away");

    // The receipt number, in any case; the closed one too.
    assert_eq!(found(&app, &format!("receipt_no={}", ra.to_lowercase()), &admin).await.1, vec![ra]);
    assert_eq!(found(&app, "status=closed", &admin).await.1, vec![ra]);

    // One phone number in three writings; an e-mail address in any case.
    for contact in ["010-1234-5678", "01012345678", "+82 10 1234 5678"] {
        assert_eq!(found(&app, &format!("contact={}", enc(contact)), &admin).await.1, vec![rc, ra], "{contact}");
    }
    assert_eq!(found(&app, &format!("contact={}", enc("KIM@example.kr")), &admin).await.1, vec![ra]);

    // Pages.
    let r = app.get("/api/v1/cases?per_page=2&page=2", Some(&admin)).await;
    assert_eq!(
        (r.body["total"].as_i64(), r.body["page"].as_i64(), r.body["per_page"].as_i64()),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);

    // A case opens by its receipt number as by its id.
    let r = app.get(&format!("/api/v1/cases/{ra}"), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["id"].as_i64(), Some(a_id));
    assert_eq!(r.body["status"], "closed");
}

#[tokio::test]
async fn each_person_searches_only_the_cases_they_may_see() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let filed = file(&app, "레일바이크 바퀴에서 소리가 납니다 점검해 주세요", "010-1234-5678", "").await;
    let (id, receipt) = (filed["id"].as_i64().unwrap(), filed["receipt_no"].as_str().unwrap().to_owned());
    let r = app.post(&format!("/api/v1/cases/{id}/route"), json!({"department": 3}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let tourism = app.user_in("tour_handler", "handler", Some(3)).await;
    let culture = app.user_in("culture_handler", "handler", Some(2)).await;
    let privacy = app.user("privacy", "privacy_officer").await;
    assert_eq!(found(&app, "contact=01012345678", &tourism).await.1, vec![receipt.clone()]);
    assert_eq!(found(&app, "contact=01012345678", &culture).await, (0, vec![]), "another department's case");
    assert_eq!(found(&app, "", &privacy).await, (0, vec![]));
    assert_eq!(app.get(&format!("/api/v1/cases/{receipt}"), Some(&culture)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/cases", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_wrong_filter_is_named_in_korean_and_english() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let r = app
        .get("/api/v1/cases?receipt_no=12&contact=kim%40&status=done&from=2026-02-30&per_page=500", Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["receipt_no", "contact", "status", "from", "per_page"] {
        let m = &r.body["fields"][f];
        assert!(m["ko"].as_str().is_some_and(|s| !s.is_empty()) && m["en"].as_str().is_some(), "{f}: {:?}", r.body);
    }
}
