//! The open internet: hostile uploads, a panic inside a request, throttles that hold under a
//! burst, limits on anonymous intake, trusted proxies, live streams that end with their
//! session, and browser security headers.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::throttle::Limit;
use tower::ServiceExt;

use crate::common::{ADMIN_PASSWORD, Reply, TestApp};
use crate::complainant::upload;

const HUGE_BOX: &[u8] = include_bytes!("../fixtures/huge-box.heic");

fn sign_in(username: &str, password: &str) -> Value {
    json!({"username": username, "password": password})
}

/// A request with `X-Forwarded-For` set, as a reverse proxy passes it on.
async fn via_proxy(app: &TestApp, forwarded_for: &str, uri: &str, body: Value) -> Reply {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", forwarded_for)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn a_hostile_heic_is_refused_by_name_and_the_server_carries_on() {
    let app = TestApp::new().await;
    let r = upload(&app, "bomb.heic", "image/heic", HUGE_BOX).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["fields"]["attachments"]["code"], "file_unreadable");
    assert!(r.body["fields"]["attachments"]["ko"].as_str().unwrap().contains("'bomb.heic'"));
    assert!(r.body["fields"]["attachments"]["en"].as_str().unwrap().contains("'bomb.heic'"));
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
}

/// A handler with a bug: it panics instead of answering.
fn handler_fault() -> &'static str {
    panic!("a handler fault")
}

#[tokio::test]
async fn a_panic_inside_a_request_answers_500_to_it_alone() {
    let router: axum::Router = server::security::harden(
        axum::Router::new()
            .route("/boom", axum::routing::get(|| async { handler_fault() }))
            .route("/fine", axum::routing::get(|| async { "fine" })),
        false,
    );
    let boom = router.clone().oneshot(Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(boom.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = serde_json::from_slice(&boom.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["error"], "internal");
    assert!(body["message"].as_str().unwrap().contains("서버"));
    let fine = router.oneshot(Request::get("/fine").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(fine.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_five_checks_and_then_even_the_right_one_waits() {
    let app = TestApp::new().await;
    app.user("burst", "handler").await;
    let tries = (0..40).map(|_| app.post("/api/v1/session", sign_in("burst", "wrong-guess-1"), None));
    let replies = futures::future::join_all(tries).await;
    let wrong = replies.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let waited = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    // Five were checked: four said "wrong", the fifth "wrong, and now wait"; 35 never ran.
    assert_eq!((wrong, waited), (4, 36), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    let right = app.post("/api/v1/session", sign_in("burst", "user-password"), None).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "the right password waits too");
    assert!(right.body["message_en"].as_str().unwrap().contains("unlock"));

    // An administrator's unlock lifts it at once.
    let admin = app.admin().await;
    let users = app.get("/api/v1/users", Some(&admin)).await;
    let id = users.body.as_array().unwrap().iter().find(|u| u["username"] == "burst").unwrap()["id"].as_i64().unwrap();
    let r = app.post(&format!("/api/v1/users/{id}/unlock"), json!({}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.login("burst", "user-password").await;

    // So does a password reset.
    for _ in 0..5 {
        app.post("/api/v1/session", sign_in("burst", "wrong-guess-2"), None).await;
    }
    let locked = app.post("/api/v1/session", sign_in("burst", "user-password"), None).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let r =
        app.post(&format!("/api/v1/users/{id}/password"), json!({"password": "a-new-password-42"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.login("burst", "a-new-password-42").await;
    // A successful sign-in gives its count back: signing in again and again never locks.
    for _ in 0..8 {
        app.login("burst", "a-new-password-42").await;
    }
}

#[tokio::test]
async fn failed_lookups_never_lock_staff_out_of_signing_in() {
    let app = TestApp::new().await;
    let mut last = StatusCode::OK;
    for n in 1..=25 {
        let r = app
            .post("/api/v1/lookup", json!({"receipt_no": format!("VOC-2026-{n:06}"), "contact": "010-1234-5678"}), None)
            .await;
        last = r.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "guessing from one address stops");
    app.admin().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_read_from_the_right() {
    let app = TestApp::new_with(|c| c.trusted_proxies = server::proxy::TrustedProxies::Hops(1)).await;
    // Twenty failures from 198.51.100.7, which tries to hide behind a made-up first entry.
    for n in 0..20 {
        let r =
            via_proxy(&app, &format!("10.9.9.{n}, 198.51.100.7"), "/api/v1/session", sign_in(&format!("u{n}"), "x"))
                .await;
        assert!(matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS));
    }
    let blocked =
        via_proxy(&app, "198.51.100.8, 198.51.100.7", "/api/v1/session", sign_in("admin", ADMIN_PASSWORD)).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "the address the proxy saw is what counts");
    let other =
        via_proxy(&app, "198.51.100.7, 198.51.100.8", "/api/v1/session", sign_in("admin", ADMIN_PASSWORD)).await;
    assert_eq!(other.status, StatusCode::NO_CONTENT, "another client is not blocked");

    // With no trusted proxy the header means nothing: changing it escapes no limit.
    let direct = TestApp::new().await;
    for n in 0..20 {
        via_proxy(&direct, &format!("203.0.113.{n}"), "/api/v1/session", sign_in(&format!("u{n}"), "x")).await;
    }
    let r = via_proxy(&direct, "203.0.113.99", "/api/v1/session", sign_in("admin", ADMIN_PASSWORD)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);

    // Nor does X-Forwarded-Host from a client make another site's request look same-site.
    let req = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header("host", "voc.example.kr")
        .header("x-forwarded-host", "evil.example.com")
        .header("origin", "https://evil.example.com")
        .body(Body::from(sign_in("admin", ADMIN_PASSWORD).to_string()))
        .unwrap();
    let r = direct.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"], "cross_site");
}

fn kiosk_filing(content: &str) -> Value {
    json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content})
}

async fn file_with_key(app: &TestApp, key: &str, body: &Value) -> Reply {
    let req = Request::post("/api/v1/cases")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn anonymous_filings_and_uploads_are_limited_per_address_but_staff_and_retries_are_not() {
    let app = TestApp::new_with(|c| {
        c.intake_limits.filings = Limit::per_hour(3);
        c.intake_limits.uploads = Limit::per_hour(2);
    })
    .await;
    let first = kiosk_filing("첫 번째 민원입니다");
    let made = file_with_key(&app, "retry-key-0001", &first).await;
    assert_eq!(made.status, StatusCode::CREATED);
    app.file("두 번째 민원입니다").await;
    app.file("세 번째 민원입니다").await;
    let r = app.post("/api/v1/cases", kiosk_filing("네 번째 민원입니다"), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.body["error"], "rate_limited");
    assert_eq!(r.headers["retry-after"], "3600");
    assert!(r.body["message"].as_str().unwrap().contains("60분"), "{:?}", r.body);
    assert!(r.body["message_en"].as_str().unwrap().contains("60 minutes"));

    // The kiosk's retry of a filing that was made still gets its case.
    let again = file_with_key(&app, "retry-key-0001", &first).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body["receipt_no"], made.body["receipt_no"]);

    // Staff registering a phone call are not limited by address.
    let receiver = app.user("receiver", "receiver").await;
    let phone = json!({"kind": "complaint", "channel": "phone", "facility": "railbike",
                       "content": "전화로 받은 민원입니다"});
    assert_eq!(app.post("/api/v1/cases", phone, Some(&receiver)).await.status, StatusCode::CREATED);

    const JPG: &[u8] = include_bytes!("../fixtures/gps.jpg");
    assert_eq!(upload(&app, "a.jpg", "image/jpeg", JPG).await.status, StatusCode::CREATED);
    assert_eq!(upload(&app, "b.jpg", "image/jpeg", JPG).await.status, StatusCode::CREATED);
    let third = upload(&app, "c.jpg", "image/jpeg", JPG).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.body["error"], "rate_limited");

    // `VOC_RATE_LIMITS=off` lifts them for load tests on a closed network.
    let open = TestApp::new_with(|c| {
        c.intake_limits.filings = Limit::per_hour(1);
        c.intake_limits.on = false;
    })
    .await;
    for n in 0..3 {
        open.file(&format!("부하 시험 민원 {n}번입니다")).await;
    }
}

/// Opens an event stream and reads to its `ready`.
async fn open_stream(app: &TestApp, cookie: &str) -> Body {
    let req = Request::get("/api/v1/events").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body();
    let mut seen = String::new();
    while !seen.contains("event: ready") {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame()).await.unwrap().unwrap().unwrap();
        seen.push_str(&String::from_utf8_lossy(frame.data_ref().unwrap()));
    }
    body
}

/// Whether the stream ends (the server closes it) within `secs`.
async fn ends_within(mut body: Body, secs: u64) -> bool {
    tokio::time::timeout(Duration::from_secs(secs), async {
        loop {
            match body.frame().await {
                None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn live_streams_end_with_their_session() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let out = app.user("signs-out", "voc_manager").await;
    let everywhere = app.user("everywhere", "voc_manager").await;
    let disabled = app.user("disabled", "voc_manager").await;
    let reset = app.user("reset", "voc_manager").await;
    let streams = [
        open_stream(&app, &out).await,
        open_stream(&app, &everywhere).await,
        open_stream(&app, &disabled).await,
        open_stream(&app, &reset).await,
    ];
    let id_of = |users: &Value, name: &str| {
        users.as_array().unwrap().iter().find(|u| u["username"] == name).unwrap()["id"].as_i64().unwrap()
    };
    let users = app.get("/api/v1/users", Some(&admin)).await.body;
    assert_eq!(app.call(Method::DELETE, "/api/v1/session", None, Some(&out)).await.status, StatusCode::NO_CONTENT);
    let r = app.call(Method::DELETE, "/api/v1/session?everywhere=true", None, Some(&everywhere)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.post(&format!("/api/v1/users/{}/disable", id_of(&users, "disabled")), json!({}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let body = json!({"password": "another-password-1"});
    let r = app.post(&format!("/api/v1/users/{}/password", id_of(&users, "reset")), body, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let ended = futures::future::join_all(streams.into_iter().map(|s| ends_within(s, 15))).await;
    assert_eq!(ended, vec![true; 4], "sign-out, sign-out everywhere, disable, reset");

    // Idle expiry ends a stream too; a stream does not keep its session alive.
    let idle = app.user("idle", "voc_manager").await;
    let stream = open_stream(&app, &idle).await;
    app.set_now_offset_minutes(31);
    assert!(ends_within(stream, 15).await, "expired session");
}

#[tokio::test]
async fn one_person_holds_a_few_streams_at_most() {
    let app = TestApp::new().await;
    let cookie = app.admin().await;
    let mut open = Vec::new();
    for _ in 0..5 {
        open.push(open_stream(&app, &cookie).await);
    }
    let sixth = app.get("/api/v1/events", Some(&cookie)).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.body["error"], "too_many_streams");
    drop(open.pop());
    open.push(open_stream(&app, &cookie).await);
}

#[tokio::test]
async fn responses_carry_browser_security_headers() {
    let app = TestApp::new().await;
    // A page: a policy whose nonce is the one on its scripts, new for every response.
    let page = app.get("/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    for part in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "script-src 'self' 'nonce-"] {
        assert!(csp.contains(part), "{csp} lacks {part}");
    }
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    let html = page.body.as_str().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(!html.contains("<script>"), "no script without a nonce");
    let again = app.get("/", None).await;
    assert_ne!(again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap(), csp, "a fresh nonce");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    assert!(page.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "no HSTS over plain http");
    let kiosk = app.get("/kiosk", None).await;
    assert!(kiosk.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("'nonce-"));

    // A page whose address holds a token sends no Referer at all.
    let c = app.file("추적 주소의 머리글을 봅니다").await;
    let path = format!("/track/{}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    assert_eq!(app.get(&path, None).await.headers[header::REFERRER_POLICY], "no-referrer");

    // API answers with personal data are never stored by a browser or a proxy, and run nothing.
    let admin = app.admin().await;
    let case = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&admin)).await;
    assert_eq!(case.headers[header::CACHE_CONTROL], "no-store");
    assert!(case.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("default-src 'none'"));
    assert_eq!(case.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // Behind https, browsers are told to stay on https.
    let https = TestApp::new_with(|c| c.notify.public_url = "https://voc.example.kr".into()).await;
    let r = https.get("/healthz", None).await;
    assert!(r.headers[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap().starts_with("max-age=31536000"));
}

#[tokio::test]
async fn a_recipient_gets_a_few_acknowledgements_a_day_and_the_rest_are_withheld_on_record() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let filing = |email: &str| {
        json!({"kind": "complaint", "channel": "homepage", "facility": "railbike",
               "content": "같은 주소로 여러 번 접수합니다", "name": "누군가", "email": email,
               "consent": {"sms": false, "email": true, "publish": false}})
    };
    let mut ids = Vec::new();
    for _ in 0..5 {
        let r = app.post("/api/v1/cases", filing("victim@example.com"), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "the case is filed whatever the cap");
        ids.push(r.body["id"].clone());
    }
    let states = |notices: &Value| -> Vec<String> {
        let list = notices.as_array().unwrap_or_else(|| panic!("{notices}"));
        list.iter().map(|n| n["state"].as_str().unwrap_or_else(|| panic!("{n}")).to_owned()).collect()
    };
    let mut seen = Vec::new();
    for id in &ids {
        let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
        seen.extend(states(&notices));
        if seen.len() == 5 {
            let withheld = &notices[0];
            assert_eq!(withheld["state_text"], "발송 보류");
            assert!(withheld["last_error"].as_str().unwrap().contains("하루 3건"), "{withheld}");
        }
    }
    assert_eq!(seen, ["pending", "pending", "pending", "withheld", "withheld"]);
    // A withheld receipt is never sent: its stored copy keeps no working tracking link.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let stored: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT state, body, link_tokens FROM outbox WHERE notice = 'receipt' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 5);
    for (state, body, tokens) in &stored {
        let token = tokens.as_deref().and_then(|t| t.split_whitespace().next());
        match state.as_str() {
            "withheld" => assert!(tokens.is_none() && body.contains("token=••••"), "{body} {tokens:?}"),
            _ => assert!(token.is_some_and(|t| body.contains(&format!("token={t}"))), "{body} {tokens:?}"),
        }
    }
    // Another address is not held back by it; the next day the first is served again.
    let other = app.post("/api/v1/cases", filing("someone-else@example.com"), None).await;
    let notices = app.get(&format!("/api/v1/cases/{}/notices", other.body["id"]), Some(&admin)).await.body;
    assert_eq!(states(&notices), ["pending"]);
    app.set_now_offset_minutes(24 * 60 + 1);
    let admin = app.admin().await;
    let later = app.post("/api/v1/cases", filing("victim@example.com"), None).await;
    let notices = app.get(&format!("/api/v1/cases/{}/notices", later.body["id"]), Some(&admin)).await.body;
    assert_eq!(states(&notices), ["pending"]);
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure_and_bound_to_the_host() {
    let plain = TestApp::new().await;
    let r = plain.post("/api/v1/session", sign_in("admin", ADMIN_PASSWORD), None).await;
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("voc_session=") && !cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Max-Age=43200") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

    let https = TestApp::new_with(|c| {
        c.notify.public_url = "https://voc.example.kr".into();
        c.session_max_hours = 8;
    })
    .await;
    let r = https.post("/api/v1/session", sign_in("admin", ADMIN_PASSWORD), None).await;
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-voc_session="), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    assert!(cookie.contains("Max-Age=28800"), "the absolute session length: {cookie}");
    let pair = cookie.split(';').next().unwrap();
    assert_eq!(https.get("/api/v1/session", Some(pair)).await.status, StatusCode::OK);
    let out = https.call(Method::DELETE, "/api/v1/session", None, Some(pair)).await;
    let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.starts_with("__Host-voc_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
}

#[tokio::test]
async fn common_passwords_and_ones_made_of_the_persons_name_are_refused() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    for password in ["qwer1234!!", "password12", "gildong2026", "gildonghong"] {
        let body = json!({"username": "gildong", "password": password, "display_name": "gildong hong",
                          "role": "handler", "department": 3});
        let r = app.post("/api/v1/users", body, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert_eq!(r.body["fields"]["password"]["code"], "guessable_password", "{password}");
        assert!(r.body["fields"]["password"]["ko"].as_str().unwrap().contains("추측하기 쉬운"));
    }
    // Staff change their own: the current one is checked, the new must differ and be strong.
    let me = app.user("changer", "handler").await;
    let change = |current: &str, new: &str| {
        app.post("/api/v1/session/password", json!({"current": current, "new": new}), Some(&me))
    };
    let r = change("user-password", "user-password").await;
    assert_eq!(r.body["fields"]["new"]["code"], "guessable_password", "{:?}", r.body);
    let r = change("user-password", "").await;
    assert_eq!(r.body["fields"]["new"]["code"], "weak_password");
    let r = change("", "quiet-harbour-lantern").await;
    assert_eq!(r.body["fields"]["current"]["code"], "required");
    let other_session = app.login("changer", "user-password").await;
    let r = change("user-password", "quiet-harbour-lantern").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/queue", Some(&me)).await.status, StatusCode::OK, "this session stays");
    assert_eq!(app.get("/api/v1/queue", Some(&other_session)).await.status, StatusCode::UNAUTHORIZED, "others end");
    app.login("changer", "quiet-harbour-lantern").await;
}
