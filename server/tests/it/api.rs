//! The JSON API against a real SQLite file.

use crate::common;

use crate::common::{TestApp, an_answer, full_survey};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, FixedOffset};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn time(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn health_reports_the_backend_and_its_version() {
    let app = TestApp::new().await;
    // The public probe says only that the service is up.
    let public = app.get("/healthz", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body, serde_json::json!({"status": "ok"}));
    assert_eq!(app.get("/api/v1/health", None).await.status, StatusCode::UNAUTHORIZED);
    let handler = app.user("health-handler", "handler").await;
    assert_eq!(app.get("/api/v1/health", Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let r = app.get("/api/v1/health", Some(&app.admin().await)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "ok");
    assert_eq!(r.body["database"], common::backend());
    let key = format!("{}_version", common::backend());
    let v: Vec<u32> = r.body[&key].as_str().unwrap().split(['.', ' ']).take(2).map(|p| p.parse().unwrap()).collect();
    if common::backend() == "sqlite" {
        let full: Vec<u32> = r.body[&key].as_str().unwrap().split('.').map(|p| p.parse().unwrap()).collect();
        assert!(full >= vec![3, 51, 3], "{full:?}");
        assert!(app.dir.path().join("voc.db").exists());
    } else {
        assert!(v[0] >= 13, "PostgreSQL {v:?}");
    }
}

#[tokio::test]
async fn the_database_enforces_the_append_only_history() {
    let app = TestApp::new().await;
    app.file("바닥이 미끄럽습니다").await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    if common::backend() == "sqlite" {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
        assert_eq!(mode, "wal");
    }
    let err = sqlx::query("DELETE FROM case_history").execute(&pool).await.unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = sqlx::query("UPDATE case_history SET actor = 'x'").execute(&pool).await.unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // Foreign keys hold: a history entry for no case is refused.
    let err = sqlx::query("INSERT INTO case_history (case_id, at, actor, action) VALUES (999999, 0, 'x', 'y')")
        .execute(&pool)
        .await
        .unwrap_err();
    assert!(err.to_string().to_lowercase().contains("foreign key"), "{err}");
}

#[tokio::test]
async fn filing_returns_a_receipt_with_seoul_times_and_the_kinds_deadline() {
    let app = TestApp::new().await;
    // The spec's example: a complaint received Friday 17:30 is due Tuesday 17:30.
    app.set_now("2026-11-27 17:30");
    let body = app.file("자전거 체인이 빠졌습니다").await;
    assert_eq!(body["kind"], "complaint");
    assert_eq!(body["status"], "received");
    assert!(body["receipt_no"].as_str().unwrap().starts_with("VOC-20"));
    assert_eq!(body["tracking_token"].as_str().unwrap().len(), 32);
    let received = time(&body["received_at"]);
    assert_eq!(received.offset().local_minus_utc(), 9 * 3600);
    assert_eq!(body["received_at"], "2026-11-27T17:30:00+09:00");
    assert_eq!(body["due_at"], "2026-12-01T17:30:00+09:00");
    assert_eq!(time(&body["due_at"]) - received, Duration::hours(96));
}

#[tokio::test]
async fn receipt_numbers_are_sequential_even_under_concurrent_filing() {
    let app = TestApp::new().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let body = json!({"kind": "praise", "channel": "mobile", "content": format!("직원분이 친절했어요 {i}")});
            let req = axum::http::Request::post("/api/v1/cases")
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            let resp = router.oneshot(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::CREATED);
            let bytes = http_body_util::BodyExt::collect(resp.into_body()).await.unwrap().to_bytes();
            serde_json::from_slice::<Value>(&bytes).unwrap()["receipt_no"].as_str().unwrap().to_owned()
        }));
    }
    let mut seqs: Vec<u32> = Vec::new();
    for t in tasks {
        let no = t.await.unwrap();
        seqs.push(no.rsplit('-').next().unwrap().parse().unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=20).collect::<Vec<u32>>());
}

#[tokio::test]
async fn bad_input_names_every_field_in_korean_and_english() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "rant", "channel": "kiosk", "content": "짧음", "phone": "02-12-4567",
                   "email": "nope", "facility": "moon-base", "consent": {"sms": false, "email": false}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"], "validation");
    let fields = r.body["fields"].as_object().unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, vec!["content", "email", "kind", "phone"]);
    assert_eq!(fields["phone"]["code"], "phone_invalid");
    assert!(fields["phone"]["ko"].as_str().unwrap().contains("휴대전화"));
    assert!(fields["phone"]["en"].as_str().unwrap().contains("mobile"));

    // A facility that is not in the table is named too, once the rest is right.
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "kiosk", "content": "운영시간이 궁금합니다", "facility": "moon-base"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["facility"]["code"], "unknown_facility");

    // Consent to SMS without a number.
    let r = app
        .post("/api/v1/cases", json!({"kind": "inquiry", "channel": "kiosk", "content": "운영시간이 궁금합니다", "consent": {"sms": true}}), None)
        .await;
    assert_eq!(r.body["fields"]["phone"]["code"], "phone_needed_for_sms");

    // Not JSON at all.
    let r = app.call(axum::http::Method::POST, "/api/v1/cases", None, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "malformed_body");
}

#[tokio::test]
async fn only_staff_register_other_channels_and_back_date_receipt() {
    let app = TestApp::new().await;
    let by_phone = json!({"kind": "complaint", "channel": "phone", "content": "전화로 접수한 불만입니다",
                          "received_at": "2025-12-31T17:30:00+09:00"});
    let r = app.post("/api/v1/cases", by_phone.clone(), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["channel"]["code"], "channel_needs_staff");

    let cookie = app.admin().await;
    let r = app.post("/api/v1/cases", by_phone, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["received_at"], "2025-12-31T17:30:00+09:00");
    // Numbered in the year it was received, with that year's own sequence.
    assert_eq!(r.body["receipt_no"], "VOC-2025-000001");

    // The public cannot back-date: the server's clock wins.
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "kiosk", "content": "주차장이 어디인가요",
                                       "received_at": "2025-01-01T09:00:00+09:00"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_ne!(r.body["received_at"], "2025-01-01T09:00:00+09:00");
    assert!(r.body["receipt_no"].as_str().unwrap().ends_with("-000001"));
}

#[tokio::test]
async fn the_complainant_view_needs_the_right_token_and_gives_no_hint() {
    let app = TestApp::new().await;
    let c = app.file("전망대 난간이 흔들립니다").await;
    let (no, token) = (c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    let r = app.get(&format!("/api/v1/cases/{no}?token={token}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "received");
    assert_eq!(r.body["content"], "전망대 난간이 흔들립니다");
    assert_eq!(r.body["facility_name"], "철로자전거");
    assert!(r.body["answer"].is_null());
    assert!(r.body["survey_path"].is_null());

    let wrong_token = app.get(&format!("/api/v1/cases/{no}?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), None).await;
    let wrong_number = app.get(&format!("/api/v1/cases/VOC-1999-000001?token={token}"), None).await;
    assert_eq!(wrong_token.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong_token.body, wrong_number.body, "no hint whether the number exists");
    // Without a token and without a session: staff only.
    assert_eq!(app.get(&format!("/api/v1/cases/{}", c["id"]), None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_gate_the_queue_and_end_at_logout() {
    let app = TestApp::new().await;
    app.file("매표소 직원이 불친절했습니다").await;
    assert_eq!(app.get("/api/v1/queue", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/queue", Some("voc_session=forged")).await.status, StatusCode::UNAUTHORIZED);

    let bad = app.post("/api/v1/session", json!({"username": "admin", "password": "nope"}), None).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.body["error"], "bad_credentials");
    let nobody = app.post("/api/v1/session", json!({"username": "ghost", "password": "nope"}), None).await;
    assert_eq!(nobody.body, bad.body, "no hint whether the user exists");

    let r = app.post("/api/v1/session", json!({"username": "admin", "password": common::ADMIN_PASSWORD}), None).await;
    let set_cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap();

    let me = app.get("/api/v1/session", Some(cookie)).await;
    assert_eq!(me.body["username"], "admin");
    let q = app.get("/api/v1/queue", Some(cookie)).await;
    assert_eq!(q.status, StatusCode::OK);
    let items = q.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["summary"], "매표소 직원이 불친절했습니다");
    assert!(items[0]["due_at"].as_str().unwrap().ends_with("+09:00"));

    let out = app.call(axum::http::Method::DELETE, "/api/v1/session", None, Some(cookie)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/queue", Some(cookie)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn answering_closes_the_case_once_and_shows_it_to_the_complainant() {
    let app = TestApp::new().await;
    let cookie = app.admin().await;
    let c = app.file("화장실에 휴지가 없습니다").await;
    let id = c["id"].as_i64().unwrap();
    let answer_uri = format!("/api/v1/cases/{id}/answer");

    assert_eq!(app.post(&answer_uri, an_answer(), None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post(&answer_uri, json!({"result": "채웠습니다"}), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["basis"]["code"], "required");

    let r = app.post(&answer_uri, an_answer(), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "closed");
    assert_eq!(r.body["answer"]["basis"], "시설물 점검 규정 제5조");
    let actions: Vec<&str> =
        r.body["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["접수", "부서 지정(배정 규칙)", "답변·종결"]);
    // Each entry is typed: a code for programs and the wording in both languages.
    let typed: Vec<(&str, &str)> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["code"].as_str().unwrap(), h["action_en"].as_str().unwrap()))
        .collect();
    assert_eq!(
        typed,
        vec![
            ("received", "Filed"),
            ("auto_routed", "Department set by a routing rule"),
            ("answered", "Answered and closed")
        ]
    );

    let again = app.post(&answer_uri, an_answer(), Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["error"], "invalid_transition");
    assert_eq!(app.post("/api/v1/cases/999999/answer", an_answer(), Some(&cookie)).await.status, StatusCode::NOT_FOUND);

    assert!(app.get("/api/v1/queue", Some(&cookie)).await.body["items"].as_array().unwrap().is_empty());
    let view = app
        .get(
            &format!(
                "/api/v1/cases/{}?token={}",
                c["receipt_no"].as_str().unwrap(),
                c["tracking_token"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(view.body["status"], "closed");
    assert_eq!(view.body["answer"]["result"], "바퀴를 교체했습니다.");
    // The survey has a link of its own: it opens the survey and nothing else of the case.
    let tracking = c["tracking_token"].as_str().unwrap();
    let survey = view.body["survey_path"].as_str().unwrap().trim_start_matches("/survey/").to_owned();
    assert_eq!(survey.len(), 32);
    assert_ne!(survey, tracking);
    assert_eq!(app.get(&format!("/api/v1/surveys/{survey}"), None).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/surveys/{tracking}"), None).await.status, StatusCode::NOT_FOUND);
    let receipt = c["receipt_no"].as_str().unwrap();
    let by_survey = app.get(&format!("/api/v1/cases/{receipt}?token={survey}"), None).await;
    assert_eq!(by_survey.status, StatusCode::NOT_FOUND, "a survey link is no tracking link");
}

#[tokio::test]
async fn links_are_stored_only_as_hashes_and_a_sent_notice_keeps_no_usable_link() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "mobile", "content": "링크가 저장되는 방식을 봅니다",
                   "email": "hash@example.kr", "consent": {"email": true}}),
            None,
        )
        .await;
    let token = r.body["tracking_token"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/cases/{}/answer", r.body["id"]), an_answer(), Some(&admin)).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let stored: String =
        sqlx::query_scalar("SELECT tracking_token FROM cases WHERE id = 1").fetch_one(&pool).await.unwrap();
    assert_eq!(stored, server::auth::token_hash(&token), "the receipt's token is kept as its hash");
    let hashes: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT token_hash, purpose, expires_at FROM case_tokens ORDER BY purpose")
            .fetch_all(&pool)
            .await
            .unwrap();
    // The receipt and result notices' tracking links, the invitation's survey link (which
    // expires with the survey window).
    let purposes: Vec<&str> = hashes.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(purposes, ["survey", "track", "track"]);
    assert!(hashes[0].2.is_some() && hashes[1].2.is_none());
    // A queued notice carries its link until it is sent; then the stored copy loses it.
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE notice = 'receipt'").fetch_one(&pool).await.unwrap();
    let link = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    assert!(hashes.iter().any(|h| h.0 == server::auth::token_hash(&link)), "the notice's link is one of the minted");
    let receipt = r.body["receipt_no"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/cases/{receipt}?token={link}"), None).await.status, StatusCode::OK);
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox WHERE notice = 'receipt'").fetch_one(&pool).await.unwrap();
    let email = [app::domain::NoticeChannel::Email];
    let claimed =
        app.state.store.claim_outbox(&email, "w1", app.state.now(), chrono::Duration::seconds(60), 10).await.unwrap();
    assert!(claimed.iter().any(|m| m.id == id));
    app.state.store.finish_delivery(id, "w1", &server::store::Delivery::Sent, app.state.now()).await.unwrap();
    let (body, left): (String, Option<String>) =
        sqlx::query_as("SELECT body, link_tokens FROM outbox WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    assert!(!body.contains(&link) && body.contains("token=••••"), "{body}");
    assert_eq!(left, None);
    pool.close().await;
    // The link itself still works for the person who got it.
    assert_eq!(app.get(&format!("/api/v1/cases/{receipt}?token={link}"), None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_survey_opens_at_closure_and_takes_one_response() {
    let app = TestApp::new().await;
    let cookie = app.admin().await;
    let c = app.file("안내판 글씨가 너무 작습니다").await;
    let track =
        format!("/api/v1/cases/{}?token={}", c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap());
    assert_eq!(app.get(&track, None).await.body["survey_path"], Value::Null, "no survey link before closure");
    assert_eq!(app.get("/api/v1/surveys/unknown-token", None).await.status, StatusCode::NOT_FOUND);

    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&cookie)).await;
    let survey = app.survey_uri(&c).await;
    // Reopened for re-investigation, the case's survey waits for the next closure.
    let manager = app.user("manager", "voc_manager").await;
    let reopened = app
        .post(&format!("/api/v1/cases/{}/reopen", c["id"]), json!({"reason": "재조사가 필요합니다"}), Some(&manager))
        .await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    let early = app.post(&survey, full_survey(5), None).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.body["error"], "survey_not_open");
    app.post(&format!("/api/v1/cases/{}/answer", c["id"]), an_answer(), Some(&cookie)).await;
    let form = app.get(&survey, None).await;
    assert_eq!(form.status, StatusCode::OK);
    let ids: Vec<&str> = form.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["ease", "interim_notice", "proactiveness", "courtesy", "timeliness", "result", "overall"]);
    assert_eq!(form.body["items"][0]["text"], "불만접수 용이성");
    assert_eq!(form.body["submitted"], false);

    let mut partial = full_survey(4);
    partial["answers"].as_object_mut().unwrap().remove("courtesy");
    partial["answers"]["overall"] = json!(9);
    let r = app.post(&survey, partial, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["answers.courtesy"]["code"], "required");
    assert_eq!(r.body["fields"]["answers.overall"]["code"], "score_out_of_range");

    assert_eq!(app.post(&survey, full_survey(4), None).await.status, StatusCode::CREATED);
    let second = app.post(&survey, full_survey(1), None).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(second.body["error"], "already_answered");
    assert_eq!(app.get(&survey, None).await.body["submitted"], true);
}

#[tokio::test]
async fn nothing_acknowledged_is_lost_when_the_server_restarts() {
    let app = TestApp::new().await;
    let c = app.file("캠핑장 전기가 나갔습니다").await;
    let again = app.restart().await;
    let view = again
        .get(
            &format!(
                "/api/v1/cases/{}?token={}",
                c["receipt_no"].as_str().unwrap(),
                c["tracking_token"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert_eq!(view.body["content"], "캠핑장 전기가 나갔습니다");
    // The admin was created once; the same password still works.
    again.admin().await;
    assert_eq!(again.state.store.user_count().await.unwrap(), 1);
    // The sequence goes on where it stopped.
    assert!(again.file("두 번째 민원입니다").await["receipt_no"].as_str().unwrap().ends_with("-000002"));
}

#[tokio::test]
async fn pages_render_on_the_server_in_korean() {
    let app = TestApp::new().await;
    for (path, text) in [
        ("/", "고객의 소리"),
        ("/kiosk", "어떤 내용을 남기시겠어요?"),
        ("/login", "직원 로그인"),
        ("/queue", "실시간 처리함"),
        ("/survey/x", "만족도 조사"),
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let html = r.body.as_str().unwrap();
        assert!(html.contains(text), "{path} lacks {text}");
        assert!(html.contains("<html lang=\"ko\""), "{path}");
        assert!(html.contains("<title>"), "{path} has a title");
    }
    assert_eq!(app.get("/no-such-page", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_name_the_builds_hashed_files_which_browsers_keep_and_get_precompressed() {
    // A site build as scripts/build-site leaves it: hashed names, their list, and a release
    // build's Brotli and gzip copies beside a file.
    let site = tempfile::TempDir::new().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let list = "voc voc-0123456789abcdef\nkiosk kiosk-fedcba9876543210\nhome home-1111111111111111\n\
                track track-2222222222222222\nsurvey survey-3333333333333333\npublic public-0011223344556677\n\
                css voc-00aa11bb22cc33dd.css\n";
    std::fs::write(pkg.join("assets.txt"), list).unwrap();
    let js = "export default async function init() {}\n".repeat(100);
    std::fs::write(pkg.join("voc-0123456789abcdef.js"), &js).unwrap();
    std::fs::write(pkg.join("voc-0123456789abcdef.js.br"), b"the brotli copy").unwrap();
    std::fs::write(pkg.join("voc-0123456789abcdef.js.gz"), b"the gzip copy").unwrap();
    std::fs::write(pkg.join("voc-00aa11bb22cc33dd.css"), "body{}").unwrap();
    let root = site.path().to_str().unwrap().to_owned();
    let app = TestApp::new_with(|c| c.site_root = root).await;

    // Each page loads its own bundle: each public page its own, never the staff app.
    for (path, bundle) in [
        ("/", "home-1111111111111111"),
        ("/track/VOC-2026-000001", "track-2222222222222222"),
        ("/survey/x", "survey-3333333333333333"),
        ("/statistics", "public-0011223344556677"),
        ("/procedure", "public-0011223344556677"),
        ("/kiosk", "kiosk-fedcba9876543210"),
        ("/login", "voc-0123456789abcdef"),
        ("/queue", "voc-0123456789abcdef"),
    ] {
        let r = app.get(path, None).await;
        let html = r.body.as_str().unwrap();
        assert!(html.contains(&format!("/pkg/{bundle}.js")), "{path} loads {bundle}.js: {html}");
        assert!(html.contains(&format!("{bundle}_bg.wasm")), "{path} loads {bundle}_bg.wasm");
        assert!(html.contains(r#"<link rel="stylesheet" href="/pkg/voc-00aa11bb22cc33dd.css""#), "{path}: {html}");
        assert_eq!(r.headers["cache-control"], "no-cache", "{path}: a page names the current build");
    }
    let not_found = app.get("/no-such-page", None).await;
    assert!(not_found.body.as_str().unwrap().contains("voc-0123456789abcdef.js"));

    let fetch = |encoding: &'static str| {
        let app = &app;
        async move {
            let req = Request::get("/pkg/voc-0123456789abcdef.js").header("accept-encoding", encoding);
            let resp = app.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let headers = resp.headers().clone();
            let bytes = resp.into_body().collect().await.unwrap().to_bytes();
            (headers, bytes)
        }
    };
    let (h, body) = fetch("br, gzip").await;
    assert_eq!((h["content-encoding"].to_str().unwrap(), &body[..]), ("br", &b"the brotli copy"[..]));
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert!(h["vary"].to_str().unwrap().to_ascii_lowercase().contains("accept-encoding"));
    let (h, body) = fetch("gzip").await;
    assert_eq!((h["content-encoding"].to_str().unwrap(), &body[..]), ("gzip", &b"the gzip copy"[..]));
    let (h, body) = fetch("identity").await;
    assert!(h.get("content-encoding").is_none());
    assert_eq!(body, js.as_bytes());
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["openapi"].as_str().unwrap().starts_with("3."));
    let paths = r.body["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/healthz", vec!["get"]),
        ("/metrics", vec!["get"]),
        ("/api/v1/health", vec!["get"]),
        ("/api/v1/users/{id}/unlock", vec!["post"]),
        ("/api/v1/session/password", vec!["post"]),
        ("/api/v1/session/second-factor", vec!["post"]),
        ("/api/v1/session/two-factor/setup", vec!["post"]),
        ("/api/v1/session/two-factor", vec!["post"]),
        ("/api/v1/session/two-factor/recovery-codes", vec!["post"]),
        ("/api/v1/users/{id}/two-factor", vec!["delete"]),
        ("/api/v1/kiosk-keys", vec!["get", "post"]),
        ("/api/v1/kiosk-keys/{id}", vec!["delete"]),
        ("/api/v1/kiosk/device", vec!["get", "post"]),
        ("/api/v1/audit-log", vec!["get"]),
        ("/api/v1/privacy/access-log", vec!["get"]),
        ("/api/v1/privacy/reviews", vec!["get", "post"]),
        ("/api/v1/privacy/retention", vec!["get"]),
        ("/api/v1/privacy/retention/run", vec!["post"]),
        ("/api/v1/facilities", vec!["get"]),
        ("/api/v1/cases", vec!["get", "post"]),
        ("/api/v1/cases/{key}", vec!["get"]),
        ("/api/v1/cases/{id}/answer", vec!["post"]),
        ("/api/v1/queue", vec!["get"]),
        ("/api/v1/queue/counts", vec!["get"]),
        ("/api/v1/events", vec!["get"]),
        ("/api/v1/session", vec!["get", "post", "delete"]),
        ("/api/v1/surveys/{token}", vec!["get", "post"]),
        ("/api/v1/cases/{id}/pause", vec!["post"]),
        ("/api/v1/cases/{id}/resume", vec!["post"]),
        ("/api/v1/calendar", vec!["get"]),
        ("/api/v1/calendar/holidays", vec!["get", "post"]),
        ("/api/v1/calendar/holidays/{date}", vec!["delete"]),
        ("/api/v1/calendar/holidays/import/preview", vec!["post"]),
        ("/api/v1/calendar/holidays/import", vec!["post"]),
        ("/api/v1/cases/{id}/extend", vec!["post"]),
        ("/api/v1/cases/{id}/transfer-out", vec!["post"]),
        ("/api/v1/cases/{id}/supplement", vec!["post"]),
        ("/api/v1/cases/{id}/return-unsupplemented", vec!["post"]),
        ("/api/v1/cases/{id}/supplement-answer", vec!["post"]),
        ("/api/v1/cases/{id}/links", vec!["post"]),
        ("/api/v1/cases/{id}/merge", vec!["post"]),
        ("/api/v1/cases/{id}/close-repeated", vec!["post"]),
        ("/api/v1/cases/{id}/appeal", vec!["post"]),
        ("/api/v1/cases/{id}/extension-proposal", vec!["post"]),
        ("/api/v1/cases/{id}/extension-consent", vec!["post"]),
        ("/api/v1/cases/{id}/incidents", vec!["post"]),
        ("/api/v1/cases/{id}/close-abusive", vec!["post"]),
        ("/api/v1/cases/{id}/serious", vec!["post", "delete"]),
        ("/api/v1/calendar/policies", vec!["get"]),
        ("/api/v1/procedure", vec!["get"]),
        ("/api/v1/calendar/policies/{kind}", vec!["put"]),
        ("/api/v1/cases/{id}/route", vec!["post"]),
        ("/api/v1/cases/{id}/assign", vec!["post"]),
        ("/api/v1/cases/{id}/draft", vec!["post"]),
        ("/api/v1/cases/{id}/approve", vec!["post"]),
        ("/api/v1/cases/{id}/return", vec!["post"]),
        ("/api/v1/cases/{id}/reopen", vec!["post"]),
        ("/api/v1/cases/{id}/notes", vec!["post"]),
        ("/api/v1/cases/{id}/history", vec!["get"]),
        ("/api/v1/departments", vec!["get", "post"]),
        ("/api/v1/departments/{id}", vec!["put"]),
        ("/api/v1/routing-rules", vec!["get", "post"]),
        ("/api/v1/routing-rules/{id}", vec!["delete"]),
        ("/api/v1/users", vec!["get", "post"]),
        ("/api/v1/users/{id}/disable", vec!["post"]),
        ("/api/v1/users/{id}/enable", vec!["post"]),
        ("/api/v1/users/{id}/password", vec!["post"]),
        ("/api/v1/cases/{id}/withdraw", vec!["post"]),
        ("/api/v1/cases/{id}/amend", vec!["post"]),
        ("/api/v1/cases/{id}/close", vec!["post"]),
        ("/api/v1/users/{id}/email", vec!["put"]),
        ("/api/v1/cases/{id}/notices", vec!["get"]),
        ("/api/v1/cases/{id}/interim", vec!["post"]),
        ("/api/v1/notice-templates", vec!["get"]),
        ("/api/v1/notice-templates/{notice}/{lang}", vec!["put", "delete"]),
        ("/api/v1/outbox", vec!["get"]),
        ("/api/v1/outbox/{id}/retry", vec!["post"]),
        ("/api/v1/reports/summary", vec!["get"]),
        ("/api/v1/reports/summary.csv", vec!["get"]),
        ("/api/v1/cases/{id}/materials", vec!["post"]),
        ("/api/v1/materials", vec!["get"]),
        ("/api/v1/materials/{id}/answer", vec!["post"]),
        ("/api/v1/cases/{id}/unreachable", vec!["post", "delete"]),
        ("/api/v1/reports/cases.csv", vec!["get"]),
        ("/api/v1/reports/cases.xlsx", vec!["get"]),
        ("/api/v1/reports/summary.xlsx", vec!["get"]),
        ("/api/v1/cases/{id}/staff", vec!["put"]),
        ("/api/v1/cases/{id}/compensations", vec!["post"]),
        ("/api/v1/improvements", vec!["get", "post"]),
        ("/api/v1/improvements/{id}/report", vec!["post"]),
        ("/api/v1/faq", vec!["get", "post"]),
        ("/api/v1/faq/{id}", vec!["delete"]),
        ("/api/v1/cases/{id}/grievance", vec!["post"]),
        ("/api/v1/catalogue/{list}", vec!["get", "post"]),
        ("/api/v1/catalogue/{list}/{code}", vec!["put"]),
        ("/api/v1/lookup", vec!["post"]),
        ("/api/v1/uploads", vec!["post"]),
        ("/api/v1/cases/{key}/qr.svg", vec!["get"]),
        ("/api/v1/cases/{key}/notice.pdf", vec!["get"]),
        ("/api/v1/cases/{id}/complainants", vec!["post"]),
        ("/api/v1/improvements/{id}/extend", vec!["post"]),
        ("/api/v1/cases/{id}/complainants/{party}", vec!["delete"]),
        ("/api/v1/cases/{id}/attachments/{handle}", vec!["get"]),
        ("/api/v1/kpi", vec!["get"]),
        ("/api/v1/kpi/targets/{year}", vec!["get", "put"]),
        ("/api/v1/statistics", vec!["get"]),
        ("/api/v1/training", vec!["get"]),
        ("/api/v1/training/overdue", vec!["get"]),
        ("/api/v1/training/courses", vec!["post"]),
        ("/api/v1/training/courses/{id}", vec!["put"]),
        ("/api/v1/training/sessions", vec!["post"]),
        ("/api/v1/training/sessions/{id}", vec!["put"]),
        ("/api/v1/evaluations", vec!["get", "post"]),
        ("/api/v1/evaluations/{id}", vec!["get", "put"]),
        ("/api/v1/evaluations/{id}/acknowledge", vec!["post"]),
        ("/api/v1/evaluations/{id}/evaluation.xlsx", vec!["get"]),
        ("/api/v1/evaluations/{id}/evaluation.pdf", vec!["get"]),
        ("/api/v1/reduction-plans", vec!["get"]),
        ("/api/v1/reduction-plans/{year}/{department}", vec!["put"]),
        ("/api/v1/reports/recurring", vec!["get"]),
        ("/api/v1/reports/stop-words", vec!["put"]),
        ("/api/v1/good-practices", vec!["get"]),
        ("/api/v1/cases/{id}/practice", vec!["post"]),
        ("/api/v1/good-practices/{id}/decision", vec!["post"]),
        ("/api/v1/awards", vec!["get", "post"]),
        ("/api/v1/awards/{id}", vec!["delete"]),
        ("/api/v1/ccm-activities", vec!["get", "post"]),
        ("/api/v1/ccm-activities/{id}", vec!["put"]),
        ("/api/v1/ccm-actions/{id}/done", vec!["post"]),
        ("/api/v1/panel-members", vec!["get", "post"]),
        ("/api/v1/panel-members/{id}", vec!["put"]),
        ("/api/v1/panel-members/{id}/contact", vec!["post"]),
        ("/api/v1/cases/{id}/contact", vec!["post"]),
        ("/api/v1/cases/{id}/classify", vec!["post"]),
        ("/api/v1/categories", vec!["get"]),
        ("/api/v1/outbox/summary", vec!["get"]),
        ("/api/v1/cases/{id}/contacts", vec!["post"]),
        ("/api/v1/answer-templates", vec!["get", "post"]),
        ("/api/v1/answer-templates/{id}", vec!["put", "delete"]),
        ("/api/v1/cases/{id}/answer-templates", vec!["get"]),
        ("/api/v1/cases.csv", vec!["get"]),
        ("/api/v1/cases.xlsx", vec!["get"]),
    ] {
        for m in methods {
            assert!(paths.get(path).and_then(|p| p.get(m)).is_some(), "{m} {path} undocumented");
        }
    }
    assert_eq!(paths.len(), 145, "a documented path that does not exist: {:?}", paths.keys().collect::<Vec<_>>());
}

/// The typed client (`app::client`) and the document name the same operations: a page or a
/// test cannot call a path the server does not route, and an endpoint is not done until the
/// client has its method. Uploads are the one operation outside the table: a multipart form
/// the browser builds from the picked file (`api::upload`).
#[test]
fn the_typed_client_calls_every_documented_operation_and_nothing_else() {
    use app::client::{ENDPOINTS, links::LINKS, template_path};
    use std::collections::BTreeSet;
    let doc = serde_json::to_value(server::api::document()).unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .filter(|(m, path)| !(m == "post" && path == "/api/v1/uploads"))
        .collect();
    let endpoints: Vec<(String, String)> = ENDPOINTS
        .iter()
        .map(|(m, t)| ((*m).to_owned(), template_path(t).to_owned()))
        .chain(LINKS.iter().map(|t| ("get".to_owned(), template_path(t).to_owned())))
        .collect();
    let called: BTreeSet<(String, String)> = endpoints.iter().cloned().collect();
    assert_eq!(
        documented.difference(&called).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "documented operations the client has no method for"
    );
    assert_eq!(
        called.difference(&documented).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "client methods for operations the server does not document"
    );
    // `GET /api/v1/cases/{key}` and its letter answer the staff and the complainant: two
    // methods each; every other operation has one.
    let mut twice: Vec<String> = endpoints.iter().map(|(m, p)| format!("{m} {p}")).collect();
    twice.sort_unstable();
    let twice: Vec<&str> = twice.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0].as_str()).collect();
    assert_eq!(twice, ["get /api/v1/cases/{key}", "get /api/v1/cases/{key}/notice.pdf"]);
}

/// The document is generated from the handlers; this snapshot makes every change to the
/// contract show in review. After a deliberate change, `INSTA_UPDATE=always cargo test -p
/// server --test it openapi` rewrites `server/tests/it/snapshots/`.
#[tokio::test]
async fn the_openapi_document_changes_only_on_purpose() {
    let app = TestApp::new().await;
    let served = app.get("/api/v1/openapi.json", None).await.body;
    let generated = serde_json::to_value(server::api::document()).unwrap();
    assert_eq!(served, generated, "the served document is the generated one");
    insta::assert_json_snapshot!("openapi", served);
}

/// `POST /api/v1/cases` with an `Idempotency-Key`.
async fn file_with_key(app: &TestApp, key: &str, content: &str) -> (StatusCode, serde_json::Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let body = json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content});
    let req = axum::http::Request::post("/api/v1/cases")
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_double_tap_or_a_retry_with_the_same_idempotency_key_files_one_case() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let count = || async { app.get("/api/v1/queue", Some(&admin)).await.body["items"].as_array().unwrap().len() };

    let (status, first) = file_with_key(&app, "kiosk-7f3a9c2e-0001", "레일바이크 안전벨트가 헐겁습니다").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = file_with_key(&app, "kiosk-7f3a9c2e-0001", "레일바이크 안전벨트가 헐겁습니다").await;
    assert_eq!(status, StatusCode::CREATED);
    let without_token = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("tracking_token");
        v
    };
    assert_eq!(without_token(&again), without_token(&first), "the same case, receipt number and times");
    for answer in [&first, &again] {
        let uri = format!(
            "/api/v1/cases/{}?token={}",
            answer["receipt_no"].as_str().unwrap(),
            answer["tracking_token"].as_str().unwrap()
        );
        assert_eq!(app.get(&uri, None).await.status, StatusCode::OK, "each answer's tracking link opens the case");
    }
    assert_eq!(count().await, 1);

    // Eight taps at once: one case, eight answers naming it.
    let taps = (0..8).map(|_| file_with_key(&app, "kiosk-7f3a9c2e-0002", "매표소 대기줄이 깁니다"));
    let answers = futures::future::join_all(taps).await;
    assert!(
        answers.iter().all(|(s, b)| *s == StatusCode::CREATED && without_token(b) == without_token(&answers[0].1)),
        "{answers:?}"
    );
    assert_eq!(count().await, 2);

    // The key of another request is refused; a malformed key too; no key files every time.
    let (status, body) = file_with_key(&app, "kiosk-7f3a9c2e-0001", "전혀 다른 내용의 민원입니다").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::CONFLICT, Some("idempotency_key_reused")));
    assert!(body["message"].as_str().unwrap().contains("새 키"));
    let (status, body) = file_with_key(&app, "short", "매표소 대기줄이 깁니다").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_idempotency_key")));
    assert_eq!(count().await, 2);
    app.file("키 없이 접수한 민원입니다").await;
    app.file("키 없이 접수한 민원입니다").await;
    assert_eq!(count().await, 4);
}

#[tokio::test]
async fn tracking_tokens_kept_in_plain_text_by_older_versions_are_hashed_at_start_and_still_open_their_case() {
    let app = TestApp::new().await;
    let c = app.file("예전 버전에서 접수된 민원").await;
    let receipt = c["receipt_no"].as_str().unwrap();
    // As a database before migration 0021 held it: the token itself.
    let old_token = "OLDplainTOKENfromBEFOREhashing01";
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    sqlx::query("UPDATE cases SET tracking_token = $1 WHERE receipt_no = $2")
        .bind(old_token)
        .bind(receipt)
        .execute(&pool)
        .await
        .unwrap();
    let app = app.restart().await;
    let stored: String = sqlx::query_scalar("SELECT tracking_token FROM cases WHERE receipt_no = $1")
        .bind(receipt)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(stored, server::auth::token_hash(old_token));
    let view = app.get(&format!("/api/v1/cases/{receipt}?token={old_token}"), None).await;
    assert_eq!(view.status, StatusCode::OK, "a link sent before the change still works");
}
