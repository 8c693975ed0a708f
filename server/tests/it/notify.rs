//! Notices: consent decides the channels, the outbox delivers over a real SMTP server
//! (aiosmtpd) and a local HTTP SMS gateway, retries through an outage, keeps dead letters,
//! and alerts staff of deadlines and urgent cases once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{SmtpSink, TestApp, an_answer, eventually, free_port, kst, mails_in};
use server::config::{NotifyConfig, SmsConfig};

fn fast(smtp: Option<String>) -> impl FnOnce(&mut server::config::Config) {
    move |c| {
        c.notify = NotifyConfig {
            smtp_url: smtp,
            poll: Duration::from_millis(50),
            backoff_ms: 100,
            max_attempts: 1000,
            ..NotifyConfig::default()
        }
    }
}

async fn file_with(app: &TestApp, body: Value) -> Value {
    let r = app.post("/api/v1/cases", body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn complaint(email: Option<&str>, phone: Option<&str>, sms: bool, mail: bool) -> Value {
    json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "레일바이크 바퀴가 삐걱거립니다",
           "name": "홍길동", "email": email, "phone": phone, "consent": {"sms": sms, "email": mail, "publish": false}})
}

async fn notices(app: &TestApp, id: &Value, cookie: &str) -> Vec<Value> {
    let r = app.get(&format!("/api/v1/cases/{id}/notices"), Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body.as_array().unwrap().clone()
}

/// The notices of `ids`, polled until `done` holds of them (at most 10 s).
async fn notices_when(
    app: &TestApp,
    ids: &[Value],
    cookie: &str,
    what: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let until = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let all: Vec<Value> = futures::future::join_all(ids.iter().map(|id| notices(app, id, cookie)))
            .await
            .into_iter()
            .flatten()
            .collect();
        if done(&all) {
            return all;
        }
        assert!(std::time::Instant::now() < until, "gave up waiting: {what}: {all:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn all_in(state: &'static str) -> impl Fn(&[Value]) -> bool {
    move |all| !all.is_empty() && all.iter().all(|n| n["state"] == state)
}

#[tokio::test]
async fn a_complainant_notice_goes_only_to_the_channels_consented_to_and_the_consent_is_kept() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (e, p) = (Some("hong@example.com"), Some("010-1234-5678"));
    for (sms, mail, expected) in [
        (false, false, vec![]),
        (true, false, vec!["sms"]),
        (false, true, vec!["email"]),
        (true, true, vec!["email", "sms"]),
    ] {
        let c = file_with(&app, complaint(e, p, sms, mail)).await;
        let list = notices(&app, &c["id"], &admin).await;
        let channels: Vec<&str> = list.iter().map(|n| n["channel"].as_str().unwrap()).collect();
        assert_eq!(channels, expected, "consent sms={sms} email={mail}");
        for n in &list {
            assert_eq!(n["notice"], "receipt");
            // No transport is configured: the notice waits, it is not lost or faked as sent.
            assert_eq!(n["state"], "pending");
            assert!(n["subject"].as_str().unwrap().contains(c["receipt_no"].as_str().unwrap()));
            assert!(!n["recipient"].as_str().unwrap().contains("hong@"), "recipient masked: {}", n["recipient"]);
        }
        let staff = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&admin)).await.body;
        assert_eq!(staff["consent"], json!({"sms": sms, "email": mail, "publish": false}));
        assert_eq!(staff["consent_version"], app::domain::CONSENT_WORDING_VERSION);
        assert!(staff["consent_at"].is_string());
    }
    // Only staff who can see the case see its notices.
    let c = file_with(&app, complaint(e, None, false, true)).await;
    assert_eq!(app.get(&format!("/api/v1/cases/{}/notices", c["id"]), None).await.status, StatusCode::UNAUTHORIZED);
    let other = app.user_in("maze_handler", "handler", Some(2)).await;
    let r = app.get(&format!("/api/v1/cases/{}/notices", c["id"]), Some(&other)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn receipt_result_and_survey_mails_arrive_at_a_real_smtp_server() {
    let mail_dir = tempfile::TempDir::new().unwrap();
    let sink = SmtpSink::start(free_port(), mail_dir.path(), &[]);
    let app = TestApp::new_with(fast(Some(sink.url()))).await;
    let admin = app.admin().await;
    let c = file_with(&app, complaint(Some("hong@example.com"), None, false, true)).await;
    let receipt_no = c["receipt_no"].as_str().unwrap().to_owned();
    eventually(10, "the receipt mail", || sink.mails().len() == 1).await;
    let m = &sink.mails()[0];
    assert_eq!(m.to, "hong@example.com");
    assert!(m.from.contains("voc@localhost"), "{}", m.from);
    assert_eq!(m.notice, "receipt");
    assert!(m.subject.contains(&receipt_no), "{}", m.subject);
    assert!(m.body.contains("홍길동님"), "{}", m.body);
    assert!(m.body.contains(&format!("/track/{receipt_no}?token=")), "tracking link: {}", m.body);

    // The notice on the case says sent, and its id is the mail's Message-ID.
    let list = notices_when(&app, &[c["id"].clone()], &admin, "marked sent", all_in("sent")).await;
    assert_eq!(list[0]["attempts"], 1);
    assert_eq!(m.message_id, format!("<{}@localhost>", list[0]["message_id"].as_str().unwrap()));

    let r = app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    eventually(10, "result and survey mails", || sink.mails().len() == 3).await;
    let mails = sink.mails();
    let result = mails.iter().find(|m| m.notice == "result").expect("a result notice");
    assert!(result.body.contains("시설물 점검 규정 제5조"), "basis: {}", result.body);
    assert!(result.body.contains("30일 이내 고객지원팀에 이의신청"), "appeal: {}", result.body);
    assert!(result.body.contains("수용"), "decision: {}", result.body);
    let survey = mails.iter().find(|m| m.notice == "survey_invite").expect("a survey invitation");
    assert!(survey.body.contains("/survey/"), "{}", survey.body);

    // Reopened and answered again: a second result notice, but the survey invitation once.
    let r =
        app.post(&format!("/api/v1/cases/{}/reopen", c["id"]), json!({"reason": "재조사 요청"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
    eventually(10, "the second result", || sink.mails().iter().filter(|m| m.notice == "result").count() == 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.mails().iter().filter(|m| m.notice == "survey_invite").count(), 1);
}

#[tokio::test]
async fn with_smtp_down_for_a_while_every_notice_arrives_exactly_once_when_it_is_back() {
    let port = free_port();
    let app = TestApp::new_with(fast(Some(format!("smtp://127.0.0.1:{port}")))).await;
    let admin = app.admin().await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let c = file_with(&app, complaint(Some(&format!("visitor{i}@example.com")), None, false, true)).await;
        ids.push(c["id"].clone());
    }
    // Nothing listens: attempts fail and are recorded, nothing is dropped.
    let all = notices_when(&app, &ids, &admin, "retried while SMTP is down", |all| {
        all.iter().all(|n| n["state"] == "pending" && n["attempts"].as_i64().unwrap() >= 2)
    })
    .await;
    assert!(all.iter().all(|n| n["last_error"].as_str().unwrap().contains("SMTP")), "{all:?}");

    let mail_dir = tempfile::TempDir::new().unwrap();
    let sink = SmtpSink::start(port, mail_dir.path(), &[]);
    eventually(20, "all six mails", || sink.mails().len() >= 6).await;
    notices_when(&app, &ids, &admin, "every notice marked sent", all_in("sent")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = sink.mails();
    assert_eq!(mails.len(), 6, "exactly once each: {:?}", mails.iter().map(|m| &m.to).collect::<Vec<_>>());
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    to.dedup();
    assert_eq!(to.len(), 6);
}

#[tokio::test]
async fn a_permanent_refusal_is_a_dead_letter_that_an_administrator_can_send_again() {
    let mail_dir = tempfile::TempDir::new().unwrap();
    let flag = mail_dir.path().join("reject-now");
    std::fs::write(&flag, "").unwrap();
    let sink = SmtpSink::start(
        free_port(),
        &mail_dir.path().join("mails"),
        &["--reject-to", "gone@example.com", "--reject-file", flag.to_str().unwrap()],
    );
    let app = TestApp::new_with(fast(Some(sink.url()))).await;
    let admin = app.admin().await;
    let c = file_with(&app, complaint(Some("gone@example.com"), None, false, true)).await;

    let mut dead = Vec::new();
    for _ in 0..200 {
        dead = app.get("/api/v1/outbox", Some(&admin)).await.body.as_array().unwrap().clone();
        if !dead.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dead.len(), 1, "one dead letter");
    assert_eq!(dead[0]["receipt_no"], c["receipt_no"]);
    // A 550 is not retried: one attempt, and the reason is on record.
    assert_eq!(dead[0]["attempts"], 1);
    assert!(dead[0]["last_error"].as_str().unwrap().contains("550"), "{}", dead[0]["last_error"]);
    // The server quoted the address; staff read it masked.
    assert!(dead[0]["last_error"].as_str().unwrap().contains("<go***@example.com>"), "{}", dead[0]["last_error"]);
    let list = notices(&app, &c["id"], &admin).await;
    assert_eq!(list[0]["state"], "dead");
    assert_eq!(list[0]["state_text"], "발송 실패");

    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let retry = format!("/api/v1/outbox/{}/retry", dead[0]["id"]);
    assert_eq!(app.post(&retry, json!({}), Some(&handler)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/outbox", Some(&handler)).await.status, StatusCode::FORBIDDEN);

    // The mailbox is back; the administrator sends it again.
    std::fs::remove_file(&flag).unwrap();
    assert_eq!(app.post(&retry, json!({}), Some(&admin)).await.status, StatusCode::NO_CONTENT);
    eventually(10, "the retried mail", || mails_in(&mail_dir.path().join("mails")).len() == 1).await;
    // Only a dead notice can be retried.
    notices_when(&app, &[c["id"].clone()], &admin, "marked sent", all_in("sent")).await;
    assert_eq!(app.post(&retry, json!({}), Some(&admin)).await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/api/v1/outbox", Some(&admin)).await.body.as_array().unwrap().is_empty());
}

/// What the fake SMS gateway was sent: path, auth header, JSON body.
type Seen = Arc<Mutex<Vec<(String, Option<String>, Value)>>>;

async fn sms_gateway() -> (String, Seen) {
    use axum::extract::{Path, State};
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route(
            "/sender/{kind}",
            axum::routing::post(
                |State(seen): State<Seen>,
                 Path(kind): Path<String>,
                 headers: axum::http::HeaderMap,
                 body: axum::Json<Value>| async move {
                    let auth = headers.get("x-secret-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    seen.lock().unwrap().push((kind, auth, body.0));
                    axum::Json(json!({"header": {"isSuccessful": true}}))
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/sender/{{type}}"), seen)
}

#[tokio::test]
async fn text_messages_go_through_the_http_gateway_as_sms_or_lms_by_length_in_the_organisations_words() {
    let (url, seen) = sms_gateway().await;
    let app = TestApp::new_with(move |c| {
        fast(None)(c);
        c.notify.sms = Some(SmsConfig {
            url,
            auth_header: Some(("X-Secret-Key".into(), "gateway-secret".into())),
            sender: "0545710000".into(),
            body: server::config::DEFAULT_SMS_BODY.into(),
        });
    })
    .await;
    let admin = app.admin().await;
    // An administrator's wording is for e-mail: a text message is the built-in wording.
    let r = app
        .call(
            Method::PUT,
            "/api/v1/notice-templates/receipt/ko",
            Some(json!({"subject": "접수 {receipt_no}", "body": "{name}님 {receipt_no} 접수됨"})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let c = file_with(&app, complaint(None, Some("010-2222-3333"), true, false)).await;
    let receipt_no = c["receipt_no"].as_str().unwrap().to_owned();
    eventually(10, "the receipt SMS", || seen.lock().unwrap().len() == 1).await;
    {
        let seen = seen.lock().unwrap();
        let (kind, auth, body) = &seen[0];
        // A receipt fits one SMS (≤ 90 bytes, Hangul counting two) and holds nothing the
        // filer typed: the name field is the favourite place for an abuser's message.
        assert_eq!(kind, "sms");
        assert_eq!(auth.as_deref(), Some("gateway-secret"));
        let text = body["body"].as_str().unwrap();
        assert!(text.starts_with("[고객의 소리] 민원이 접수되었습니다. 접수번호 "), "{text}");
        assert!(text.contains(&receipt_no) && !text.contains("홍길동"), "{text}");
        assert!(app::domain::sms_bytes(text) <= 90, "{text}");
        assert_eq!(body["sendNo"], "0545710000");
        assert_eq!(body["recipientList"][0]["recipientNo"], "01022223333");
    }
    // The result notice is long Korean text: LMS, with its title.
    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
    eventually(10, "result LMS and survey", || seen.lock().unwrap().len() == 3).await;
    let seen = seen.lock().unwrap();
    let result = seen.iter().find(|(_, _, b)| b["body"].as_str().unwrap().contains("처리 결과")).unwrap();
    assert_eq!(result.0, "mms", "LMS goes to the long-message endpoint");
    assert!(!seen.iter().any(|(_, _, b)| b["body"].as_str().unwrap().contains("홍길동")));
    assert!(app::domain::sms_bytes(result.2["body"].as_str().unwrap()) > 90);
    assert!(result.2["title"].as_str().unwrap().contains(&receipt_no));
}

#[tokio::test]
async fn administrators_edit_templates_and_unknown_variables_are_refused_by_name() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let list = app.get("/api/v1/notice-templates", Some(&admin)).await.body;
    assert_eq!(list.as_array().unwrap().len(), 44, "22 notices × ko, en");
    let receipt_en = list.as_array().unwrap().iter().find(|t| t["notice"] == "receipt" && t["lang"] == "en").unwrap();
    assert_eq!(receipt_en["customized"], false);
    assert!(receipt_en["variables"].as_array().unwrap().contains(&json!("tracking_url")));

    let put = |body: Value| app.call(Method::PUT, "/api/v1/notice-templates/receipt/en", Some(body), Some(&admin));
    let r = put(json!({"subject": "Got it", "body": "Your {receipt_no}; {password}"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["body"]["code"], "unknown_variable");
    assert!(r.body["fields"]["body"]["ko"].as_str().unwrap().contains("{password}"));
    assert!(r.body["fields"]["body"]["en"].as_str().unwrap().contains("{password}"));
    let r = put(json!({"subject": "", "body": "{receipt_no"})).await;
    assert_eq!(r.body["fields"]["subject"]["code"], "required");
    assert_eq!(r.body["fields"]["body"]["code"], "unclosed_variable");
    let r = app
        .call(
            Method::PUT,
            "/api/v1/notice-templates/bogus/fr",
            Some(json!({"subject": "a", "body": "b"})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["notice"]["code"], "unknown_notice");
    assert_eq!(r.body["fields"]["lang"]["code"], "unknown_lang");

    let r = put(json!({"subject": "Received: {receipt_no}", "body": "Thank you, {name}. {tracking_url}"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["customized"], true);
    assert_eq!(r.body["updated_by"], "admin");

    // An English-speaking complainant gets the edited wording.
    let mut body = complaint(Some("tourist@example.com"), None, false, true);
    body["lang"] = json!("en");
    body["name"] = json!("Alex Kim");
    let c = file_with(&app, body).await;
    let n = &notices(&app, &c["id"], &admin).await[0];
    assert_eq!(n["subject"], format!("Received: {}", c["receipt_no"].as_str().unwrap()));

    let handler = app.user_in("h", "handler", Some(3)).await;
    assert_eq!(put_as(&app, &handler).await, StatusCode::FORBIDDEN);
    let r = app.call(Method::DELETE, "/api/v1/notice-templates/receipt/en", None, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let list = app.get("/api/v1/notice-templates", Some(&admin)).await.body;
    let receipt_en = list.as_array().unwrap().iter().find(|t| t["notice"] == "receipt" && t["lang"] == "en").unwrap();
    assert_eq!(receipt_en["customized"], false);
    assert_eq!(receipt_en["subject"], app::domain::NoticeKind::Receipt.default_template(app::domain::Lang::En).0);
}

async fn put_as(app: &TestApp, cookie: &str) -> StatusCode {
    app.call(
        Method::PUT,
        "/api/v1/notice-templates/receipt/ko",
        Some(json!({"subject": "x", "body": "y"})),
        Some(cookie),
    )
    .await
    .status
}

#[tokio::test]
async fn the_handler_sends_an_interim_notice_with_its_reason_and_it_is_in_the_history() {
    let app = TestApp::new().await;
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    let c = file_with(&app, complaint(Some("hong@example.com"), Some("01012345678"), true, true)).await;
    let uri = format!("/api/v1/cases/{}/interim", c["id"]);
    let r = app.post(&uri, json!({"reason": "짧음", "expected_date": "12월"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["reason"]["code"], "too_short");
    assert_eq!(r.body["fields"]["expected_date"]["code"], "invalid_date");

    let r = app
        .post(&uri, json!({"reason": "부품 수급에 2주가 걸립니다", "expected_date": "2026-12-15"}), Some(&handler))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let history = r.body["history"].as_array().unwrap();
    let entry = history.iter().find(|h| h["action"] == "중간 경과 안내").expect("in the history");
    assert!(entry["detail"].as_str().unwrap().contains("부품 수급"));
    let admin = app.admin().await;
    let interim: Vec<Value> =
        notices(&app, &c["id"], &admin).await.into_iter().filter(|n| n["notice"] == "interim").collect();
    assert_eq!(interim.len(), 2, "e-mail and SMS, both consented");

    // Not on a case of another department, not once it is closed.
    let other = app.user_in("maze_handler", "handler", Some(2)).await;
    assert_eq!(app.post(&uri, json!({"reason": "다른 부서의 안내"}), Some(&other)).await.status, StatusCode::NOT_FOUND);
    let exec = app.user("boss", "executive").await;
    assert_eq!(app.post(&uri, json!({"reason": "임원의 안내입니다"}), Some(&exec)).await.status, StatusCode::FORBIDDEN);
    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
    assert_eq!(
        app.post(&uri, json!({"reason": "종결 후 안내입니다"}), Some(&handler)).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn deadline_alerts_reach_the_handler_and_the_voc_manager_once_per_deadline() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let manager = app.user_with_email("manager", "voc_manager", Some(1), Some("manager@example.com")).await;
    app.user_with_email("railbike_handler", "handler", Some(3), Some("handler@example.com")).await;
    app.user_with_email("maze_handler", "handler", Some(2), Some("maze@example.com")).await;
    let c = file_with(&app, complaint(None, None, false, false)).await;
    let id = c["id"].as_i64().unwrap();
    let handler_id =
        app.state.store.users().await.unwrap().into_iter().find(|u| u.username == "railbike_handler").unwrap().id;
    let r = app.post(&format!("/api/v1/cases/{id}/assign"), json!({"user": handler_id}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let start = kst("2026-11-23 10:00");
    let store = app.state.store.as_ref();

    // Early on: nothing to say.
    assert_eq!(server::notify::sweep_deadlines(store, &app.state.public_url, start).await.unwrap(), 0);
    // A complaint has 2 business days (due 2026-11-25 10:00) and is "due soon" 4 hours before:
    let near = kst("2026-11-25 09:30");
    assert_eq!(
        server::notify::sweep_deadlines(store, &app.state.public_url, near).await.unwrap(),
        2,
        "handler and manager"
    );
    assert_eq!(server::notify::sweep_deadlines(store, &app.state.public_url, near).await.unwrap(), 0, "once");
    let late = kst("2026-11-25 11:00");
    assert_eq!(server::notify::sweep_deadlines(store, &app.state.public_url, late).await.unwrap(), 2);
    assert_eq!(server::notify::sweep_deadlines(store, &app.state.public_url, late).await.unwrap(), 0);

    let admin = app.admin().await;
    let list = notices(&app, &json!(id), &admin).await;
    let kinds: Vec<(&str, &str)> =
        list.iter().map(|n| (n["notice"].as_str().unwrap(), n["recipient"].as_str().unwrap())).collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|(k, _)| *k == "due_soon").count(), 2);
    assert_eq!(kinds.iter().filter(|(k, _)| *k == "overdue").count(), 2);
    assert!(!kinds.iter().any(|(_, r)| r.starts_with("maz")), "another department's handler hears nothing");
}

#[tokio::test]
async fn an_urgent_case_reaches_the_executives_at_once() {
    let app = TestApp::new().await;
    app.user_with_email("ceo", "executive", None, Some("ceo@example.com")).await;
    app.user_with_email("cfo", "executive", None, Some("cfo@example.com")).await;
    app.user_with_email("h", "handler", Some(3), Some("h@example.com")).await;
    let c = file_with(
        &app,
        json!({"kind": "urgent", "channel": "kiosk", "facility": "monorail", "content": "모노레일이 멈춰 승객이 갇혀 있습니다"}),
    )
    .await;
    let admin = app.admin().await;
    let urgent: Vec<Value> =
        notices(&app, &c["id"], &admin).await.into_iter().filter(|n| n["notice"] == "urgent").collect();
    assert_eq!(urgent.len(), 2, "{urgent:?}");
    assert!(urgent.iter().all(|n| n["subject"].as_str().unwrap().contains("단산모노레일")));
    // An ordinary complaint does not.
    let c = file_with(&app, complaint(None, None, false, false)).await;
    assert!(notices(&app, &c["id"], &admin).await.is_empty());
}

#[tokio::test]
async fn two_workers_never_claim_the_same_message() {
    let app = TestApp::new().await;
    for i in 0..30 {
        file_with(&app, complaint(Some(&format!("v{i}@example.com")), None, false, true)).await;
    }
    let store = app.state.store.clone();
    let lease = chrono::Duration::seconds(60);
    let email = [app::domain::NoticeChannel::Email];
    let now = chrono::Utc::now();
    let claims = futures::future::join_all((0..4).map(|w| {
        let store = store.clone();
        async move { store.claim_outbox(&email, &format!("w{w}"), now, lease, 10).await.unwrap() }
    }))
    .await;
    let mut ids: Vec<i64> = claims.iter().flatten().map(|m| m.id).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "a message claimed twice");
    assert_eq!(total, 30, "all claimed (4 × up to 10)");
    // Under lease: nobody gets them again until it runs out.
    assert!(store.claim_outbox(&email, "w9", now, lease, 10).await.unwrap().is_empty());
    let later = now + chrono::Duration::seconds(61);
    assert_eq!(store.claim_outbox(&email, "w9", later, lease, 50).await.unwrap().len(), 30);
}

#[tokio::test]
async fn past_the_hourly_sms_ceiling_texts_wait_and_administrators_are_told_once() {
    use app::domain::{DeliveryState, NoticeChannel, NoticeKind};
    let (url, seen) = sms_gateway().await;
    let app = TestApp::new_with(move |c| {
        fast(None)(c);
        c.notify.sms = Some(SmsConfig {
            url,
            auth_header: None,
            sender: "0545710000".into(),
            body: server::config::DEFAULT_SMS_BODY.into(),
        });
        c.notify.sms_per_hour = 2;
    })
    .await;
    let admin = app.admin().await;
    let users = app.get("/api/v1/users", Some(&admin)).await.body;
    let id = users.as_array().unwrap().iter().find(|u| u["username"] == "admin").unwrap()["id"].clone();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/users/{id}/email"),
            Some(json!({"email": "admin@example.kr"})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    for n in 0..4 {
        file_with(&app, complaint(None, Some(&format!("010-2222-33{n:02}")), true, false)).await;
    }
    eventually(10, "two texts", || seen.lock().unwrap().len() == 2).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(seen.lock().unwrap().len(), 2, "no more this hour");
    let pending = app.state.store.notices_in_state(DeliveryState::Pending, 100).await.unwrap();
    let alerts: Vec<_> = pending.iter().filter(|n| n.notice == NoticeKind::SmsCeiling).collect();
    assert_eq!(alerts.len(), 1, "once an hour, however often the worker looks: {alerts:?}");
    assert_eq!(alerts[0].recipient, "admin@example.kr");
    assert_eq!(alerts[0].channel, NoticeChannel::Email);
    assert!(alerts[0].subject.contains("한도"), "{}", alerts[0].subject);
    let waiting = pending.iter().filter(|n| n.channel == NoticeChannel::Sms).count();
    assert_eq!(waiting, 2, "held, not lost");
}

#[tokio::test]
async fn with_no_way_out_notices_wait_and_say_so_and_the_complainant_reads_the_interim_notice() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let c = file_with(&app, complaint(Some("hong@example.com"), Some("01012345678"), true, true)).await;
    let uri = format!("/api/v1/cases/{}/interim", c["id"]);
    let r = app
        .post(&uri, json!({"reason": "부품 수급에 2주가 걸립니다", "expected_date": "2026-12-15"}), Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // The complainant's tracking page: the delay's reason and day, and every notice to them.
    let track =
        format!("/api/v1/cases/{}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let view = app.get(&track, None).await.body;
    assert_eq!(
        (&view["interim"]["reason"], &view["interim"]["expected_on"]),
        (&json!("부품 수급에 2주가 걸립니다"), &json!("2026-12-15")),
        "{view}"
    );
    let told: Vec<(String, String, String)> = view["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["notice"].as_str().unwrap().into(),
                n["channel"].as_str().unwrap().into(),
                n["state"].as_str().unwrap().into(),
            )
        })
        .collect();
    for notice in ["receipt", "interim"] {
        for channel in ["email", "sms"] {
            assert!(told.contains(&(notice.into(), channel.into(), "pending".into())), "{notice} {channel}: {told:?}");
        }
    }
    assert!(!view["notices"].to_string().contains("hong@"), "no recipient on the public page");

    // Neither channel is set up here: the administrators' summary and the case say so plainly.
    let summary = app.get("/api/v1/outbox/summary", Some(&admin)).await;
    assert_eq!(summary.status, StatusCode::OK, "{:?}", summary.body);
    for (i, setting) in [(0, "VOC_SMTP_URL"), (1, "VOC_SMS_URL")] {
        let ch = &summary.body[i];
        assert_eq!((&ch["configured"], &ch["pending"]), (&json!(false), &json!(2)), "{ch}");
        let note = ch["note"].as_str().unwrap();
        assert!(note.contains("설정되지 않았습니다") && note.contains("2건") && note.contains(setting), "{note}");
    }
    let listed = notices(&app, &c["id"], &admin).await;
    assert!(listed.iter().all(|n| n["channel_configured"] == false), "{listed:?}");
    assert!(listed[0]["state_text"].as_str().unwrap().contains("발송 설정 없음"), "{:?}", listed[0]);
    let handler = app.user_in("railbike_handler", "handler", Some(3)).await;
    assert_eq!(app.get("/api/v1/outbox/summary", Some(&handler)).await.status, StatusCode::FORBIDDEN);

    // Answered: the result notice joins the list.
    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&admin)).await;
    let view = app.get(&track, None).await.body;
    assert!(view["notices"].as_array().unwrap().iter().any(|n| n["notice"] == "result"), "{view}");
}

#[tokio::test]
async fn a_channel_with_a_way_out_is_said_to_send() {
    let app = TestApp::new_with(|c| c.notify.smtp_url = Some("smtp://127.0.0.1:9".into())).await;
    let admin = app.admin().await;
    let summary = app.get("/api/v1/outbox/summary", Some(&admin)).await.body;
    assert_eq!(
        (&summary[0]["channel"], &summary[0]["configured"], &summary[0]["note"]),
        (&json!("email"), &json!(true), &json!(null))
    );
    assert_eq!((&summary[1]["channel"], &summary[1]["configured"]), (&json!("sms"), &json!(false)));
}
