//! The written result notice (결과 통지서): once a case is answered and closed, the complainant
//! downloads it from the tracking link and staff who may see the case print it; a real PDF
//! whose Korean is text (read back with poppler's `pdftotext`), each staff copy on the access
//! log.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::TestApp;

async fn file(app: &TestApp) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "homepage", "facility": "railbike",
                   "content": "레일바이크 출발 시간이 안내판과 달라 한 시간을 기다렸습니다. 안내판을 고쳐 주세요.",
                   "name": "홍길동", "phone": "010-1234-5678", "consent": {"sms": true}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn letter_uri(c: &Value) -> String {
    format!(
        "/api/v1/cases/{}/notice.pdf?token={}",
        c["receipt_no"].as_str().unwrap(),
        c["tracking_token"].as_str().unwrap()
    )
}

/// The PDF's text as poppler reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils, installed by scripts/setup test) reads the letter");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_answered_complainant_downloads_an_official_letter_with_real_korean_text() {
    let app = TestApp::new_with(|c| c.letter.contact = Some("054-550-6400".into())).await;
    app.set_now("2026-11-23 10:00");
    let c = file(&app).await;
    let uri = letter_uri(&c);
    // Nothing in writing before a result.
    let r = app.get(&uri, None).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::CONFLICT, json!("no_result_yet")), "{:?}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("결과 통지서"));

    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    let body = json!({"decision": "partly_accepted", "result": "안내판의 출발 시간을 고쳤습니다. 요금 환불은 규정상 어렵습니다.",
                      "basis": "레일바이크 운영 규정 제12조", "appeal": "결과에 이의가 있으면 조회 화면에서 이의신청"});
    let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), body, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let r = app.send(axum::http::Request::get(&uri).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename*=UTF-8''"), "{disposition}");
    assert!(disposition.ends_with(&format!("-{}.pdf", c["receipt_no"].as_str().unwrap())), "{disposition}");

    let (status, _, pdf) = app.download(&uri, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() < 400_000, "the font is embedded as a subset, not whole: {} bytes", pdf.len());
    let text = pdf_text(&pdf);
    for wanted in [
        "문경관광진흥공단",
        "민원 처리 결과 통지서",
        "홍길동 귀하",
        c["receipt_no"].as_str().unwrap(),
        "2026년 11월 23일",
        "레일바이크 출발 시간이",
        "수용 여부: 일부수용",
        "안내판의 출발 시간을 고쳤습니다.",
        "레일바이크 운영 규정 제12조",
        // 90 days from the answer, counted in days.
        "2027년 2월 21일까지",
        "담당 부서: 관광사업팀",
        "문의: 054-550-6400",
        "문경관광진흥공단장",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from the letter:\n{text}");
    }

    // A wrong token learns nothing; staff without a session are asked to sign in.
    assert_eq!(app.get(&uri.replace("token=", "token=x"), None).await.status, StatusCode::NOT_FOUND);
    let staff_uri = format!("/api/v1/cases/{}/notice.pdf", c["id"]);
    assert_eq!(app.get(&staff_uri, None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_print_the_letter_for_the_post_and_each_copy_is_on_the_access_log() {
    let app = TestApp::new().await;
    let c = file(&app).await;
    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    let staff_uri = format!("/api/v1/cases/{}/notice.pdf", c["id"]);
    assert_eq!(app.get(&staff_uri, Some(&manager)).await.body["error"], "no_result_yet");
    let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), crate::common::an_answer(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // By id or receipt number, for whoever may see the case; others are told it is not there.
    let (status, _, pdf) = app.download(&staff_uri, &manager).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("홍길동 귀하"), "the letter goes by post: the name unmasked\n{text}");
    assert!(text.contains("수용 여부: 수용"), "{text}");
    assert!(!text.contains("이의신청을 하실 수 있습니다"), "an accepted result offers no appeal:\n{text}");
    let by_receipt = format!("/api/v1/cases/{}/notice.pdf", c["receipt_no"].as_str().unwrap());
    assert_eq!(app.download(&by_receipt, &manager).await.0, StatusCode::OK);
    let stranger = app.user_in("other", "handler", Some(1)).await;
    assert_eq!(app.get(&staff_uri, Some(&stranger)).await.status, StatusCode::NOT_FOUND);

    let officer = app.user("officer", "privacy_officer").await;
    let log = app.get("/api/v1/privacy/access-log?user=manager", Some(&officer)).await;
    assert_eq!(log.body["total"], 2, "{:?}", log.body);
    assert_eq!(log.body["items"][0]["what"], "result_letter");
    assert_eq!(log.body["items"][0]["what_text"], "결과 통지서 출력");
    assert_eq!(log.body["items"][0]["receipt_no"], c["receipt_no"]);
    // The complainant's own download is theirs, not a staff view.
    let (status, _, _) = app.download(&letter_uri(&c), "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/privacy/access-log", Some(&officer)).await.body["total"], 2);
}

#[tokio::test]
async fn without_its_font_the_letter_is_refused_plainly_and_nothing_else_breaks() {
    let app = TestApp::new_with(|c| c.letter.font = "/nonexistent/font.ttc".into()).await;
    let c = file(&app).await;
    let manager = app.user_in("manager", "voc_manager", Some(3)).await;
    let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), crate::common::an_answer(), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.get(&letter_uri(&c), None).await;
    assert_eq!((r.status, r.body["error"].clone()), (StatusCode::SERVICE_UNAVAILABLE, json!("letter_unavailable")));
    assert!(r.body["message"].as_str().unwrap().contains("글꼴"));
    // The tracking page itself still shows the result.
    let view = app.get(&letter_uri(&c).replace("/notice.pdf", ""), None).await;
    assert_eq!(view.body["answer"]["result"], "바퀴를 교체했습니다.", "{:?}", view.body);
}
