//! Finding any case (`GET /api/v1/cases`): open and closed, by words in its content, answer
//! or notes, by receipt number, by the complainant's phone number or e-mail address in any
//! usual writing; each person only among the cases they may see.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, an_answer, codes};

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
    // Two characters read their own index (pairs of characters): in the content, the answer, a
    // note; gone when amended away; one character still finds by scanning.
    assert_eq!(found(&app, &format!("q={}", enc("셔틀")), &admin).await.1, vec![rb]);
    assert_eq!(found(&app, &format!("q={}", enc("바퀴")), &admin).await.1, vec![ra], "the answer's text");
    assert_eq!(found(&app, &format!("q={}", enc("증편")), &admin).await.1, vec![rb], "a note's text");
    assert_eq!(found(&app, &format!("q={}", enc("너무")), &admin).await.0, 0, "two characters amended away");
    assert_eq!(found(&app, &format!("q={}", enc("셔")), &admin).await.1, vec![rb], "one character");

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

/// Files a case at `at` (Seoul) and routes it to `department`, as the administrator.
async fn filed_at(app: &TestApp, admin: &str, at: &str, body: Value, department: i64) -> (i64, String) {
    app.set_now(at);
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let routed = app.post(&format!("/api/v1/cases/{id}/route"), json!({"department": department}), Some(admin)).await;
    assert_eq!(routed.status, StatusCode::OK, "{:?}", routed.body);
    (id, r.body["receipt_no"].as_str().unwrap().to_owned())
}

fn filing(kind: &str, phone: &str, email: &str) -> Value {
    json!({"kind": kind, "channel": "homepage", "facility": "railbike", "name": "김민원",
           "content": "레일바이크 예약이 자꾸 취소됩니다 확인 바랍니다", "phone": phone, "email": email,
           "consent": {"sms": !phone.is_empty(), "email": !email.is_empty()}})
}

/// The same person's cases as `who` sees them on case `id`: the receipt numbers listed, the
/// count of others, the last year's count by kind, and how many are open.
async fn theirs(app: &TestApp, id: i64, who: &str) -> (Vec<String>, i64, Vec<(String, i64)>, i64) {
    let r = app.get(&format!("/api/v1/cases/{id}"), Some(who)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let counts = &r.body["complainant"];
    assert_eq!(counts["complete"], true);
    let items =
        r.body["earlier_cases"].as_array().unwrap().iter().map(|i| i["receipt_no"].as_str().unwrap().to_owned());
    let kinds = counts["last_year"].as_array().unwrap().iter();
    (
        items.collect(),
        counts["others"].as_i64().unwrap(),
        kinds.map(|k| (k["kind"].as_str().unwrap().to_owned(), k["count"].as_i64().unwrap())).collect(),
        counts["open"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_complainant_is_known_by_their_other_cases_and_called_back_on_the_record() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    // Over a year ago, answered; then an inquiry in another writing of the number; now a
    // complaint with the e-mail in other letters, one in another department, and someone else.
    let (a, ra) =
        filed_at(&app, &admin, "2025-10-01 10:00", filing("complaint", "010-1234-5678", "kim@example.kr"), 3).await;
    let r = app.post(&format!("/api/v1/cases/{a}/answer"), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (b, rb) = filed_at(&app, &admin, "2026-09-01 10:00", filing("inquiry", "+82 10 1234 5678", ""), 3).await;
    let (c, rc) = filed_at(&app, &admin, "2026-11-20 10:00", filing("complaint", "", "KIM@example.kr"), 3).await;
    let (d, _) = filed_at(&app, &admin, "2026-11-20 10:05", filing("complaint", "01012345678", ""), 2).await;
    let (x, _) = filed_at(&app, &admin, "2026-11-20 10:10", filing("complaint", "010-9999-8888", ""), 3).await;

    // From the complaint of today filed with the e-mail only: the answered one matches by
    // e-mail; from the one with the number, every number writing matches.
    let mine = theirs(&app, c, &admin).await;
    assert_eq!(mine, (vec![ra.clone()], 1, vec![("complaint".into(), 1)], 1));
    let by_phone = theirs(&app, d, &admin).await;
    assert_eq!(by_phone.0, vec![rb.clone(), ra.clone()], "newest first");
    assert_eq!(by_phone.2, vec![("inquiry".into(), 1), ("complaint".into(), 1)], "over a year ago is not counted");
    assert_eq!(by_phone.3, 2, "this one and the inquiry are open");
    let r = app.get(&format!("/api/v1/cases/{a}"), Some(&admin)).await.body;
    assert_eq!(r["complainant"]["matched_by"], json!(["010-****-5678", "ki***@example.kr"]));
    assert_eq!(r["complainant"]["others"], 3, "both contacts: the inquiry, today's two");
    assert_eq!(theirs(&app, x, &admin).await.1, 0, "someone else");

    // A handler sees only their department's: the case in the culture department is not there.
    let handler = app.user_in("tour_handler", "handler", Some(3)).await;
    let colleague = app.user_in("tour_colleague", "handler", Some(3)).await;
    assert_eq!(theirs(&app, a, &handler).await.0, vec![rc.clone(), rb.clone()]);
    let culture = app.user_in("culture_handler", "handler", Some(2)).await;
    assert_eq!(theirs(&app, d, &culture).await.1, 0);

    // Calling back: assigned to the handler, whose colleague may not see the contacts; a purpose first.
    let handler_id =
        app.state.store.users().await.unwrap().into_iter().find(|u| u.username == "tour_handler").unwrap().id;
    let r = app.post(&format!("/api/v1/cases/{b}/assign"), json!({"user": handler_id}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let uri = format!("/api/v1/cases/{b}/contact");
    let r = app.post(&uri, json!({"purpose": " "}), Some(&handler)).await;
    assert_eq!(codes(&r.body), [("purpose".into(), "required".into())]);
    assert_eq!(app.post(&uri, json!({"purpose": "회신 전화"}), Some(&colleague)).await.status, StatusCode::FORBIDDEN);
    let executive = app.user("executive", "executive").await;
    assert_eq!(app.post(&uri, json!({"purpose": "회신 전화"}), Some(&executive)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&uri, json!({"purpose": "회신 전화"}), Some(&culture)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&uri, json!({"purpose": "회신 전화"}), None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post(&uri, json!({"purpose": "회신 전화"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body, json!({"name": "김민원", "phone": "010-1234-5678", "email": null, "address": null}));
    // Unassigned, any of the department's handlers works it, closed too; the head too.
    let r = app.post(&format!("/api/v1/cases/{a}/contact"), json!({"purpose": "결과 안내"}), Some(&colleague)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["email"], "kim@example.kr");
    let r = app.post(&format!("/api/v1/cases/{c}/contact"), json!({"purpose": "결과 안내"}), Some(&colleague)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let head = app.user_in("tour_head", "department_head", Some(3)).await;
    let r = app.post(&uri, json!({"purpose": "보완 요청"}), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // Each view is on the access log with its purpose and case, masked; the refused ones are not.
    let officer = app.user("privacy", "privacy_officer").await;
    let log = app.get("/api/v1/privacy/access-log?user=tour_handler", Some(&officer)).await.body;
    assert_eq!(log["total"], 1, "{log:?}");
    let entry = &log["items"][0];
    assert_eq!(
        (&entry["what"], &entry["purpose"], &entry["receipt_no"], &entry["detail"]),
        (&json!("case_contact"), &json!("회신 전화"), &json!(rb), &json!("김*원 010-****-5678"))
    );
    for (user, n) in [("tour_colleague", 2), ("tour_head", 1), ("executive", 0), ("culture_handler", 0)] {
        let log = app.get(&format!("/api/v1/privacy/access-log?user={user}"), Some(&officer)).await.body;
        assert_eq!(log["total"], n, "{user}: {log:?}");
    }

    // The case view says who may call back.
    let view = app.get(&format!("/api/v1/cases/{b}"), Some(&colleague)).await.body;
    assert_eq!(view["actions"]["show_contact"], false);
    let view = app.get(&format!("/api/v1/cases/{b}"), Some(&handler)).await.body;
    assert_eq!(view["actions"]["show_contact"], true);
}

#[tokio::test]
async fn what_a_search_finds_downloads_masked_and_on_the_access_log() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let a = file(&app, "레일바이크 안전벨트가 헐겁습니다", "010-3333-4444", "kim@example.kr").await;
    file(&app, "미로공원 매표소가 너무 붐빕니다", "010-9999-0000", "").await;
    app.post(&format!("/api/v1/cases/{}/answer", a["id"]), an_answer(), Some(&admin)).await;

    // The closed case, by its number written another way: one row, masked, no complaint text.
    let (status, headers, bytes) = app.download("/api/v1/cases.csv?contact=01033334444&status=closed", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().contains("voc-search.csv"));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "header and the one case: {text}");
    assert!(lines[1].contains(a["receipt_no"].as_str().unwrap()) && lines[1].contains("010-****-4444"), "{text}");
    assert!(!text.contains("3333") && !text.contains("kim@") && !text.contains("안전벨트"), "nothing in full: {text}");

    // Every case in scope as a spreadsheet; a refused filter is named.
    let (status, _, bytes) = app.download("/api/v1/cases.xlsx", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(TestApp::xlsx_rows(&bytes, "민원 목록").len(), 3, "header and both cases");
    let r = app.get("/api/v1/cases.csv?contact=abc", Some(&admin)).await;
    assert_eq!(codes(&r.body), [("contact".into(), "phone_invalid".into())]);

    // Each download is on the personal-data access log, with its count.
    let officer = app.user("privacy", "privacy_officer").await;
    let log = app.get("/api/v1/privacy/access-log?user=admin", Some(&officer)).await.body;
    let what: Vec<(&str, &str)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["what"].as_str().unwrap(), e["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(what, [("cases_xlsx", "검색 결과 2건"), ("cases_csv", "검색 결과 1건")], "{log}");

    // A handler downloads only what they may see: none of these is their department's yet.
    let handler = app.user_in("maze_handler", "handler", Some(2)).await;
    let (status, _, bytes) = app.download("/api/v1/cases.csv", &handler).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 1, "the header only");
}
