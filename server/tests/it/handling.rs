//! Case handling: roles, routing, the draft → approval lifecycle, reopening, history, and
//! every permission that must be refused.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use app::api::{AssignInput, CallError, TextInput};
use app::domain::{AnswerInput, CaseStatus, HistoryAction, NoticeKind};

use crate::common::{TestApp, an_answer, answer_input, codes, field_codes, tracking_key};

/// Departments of the default profile.
const LEAD: i64 = 1; // 혁신안전팀
const TOURISM: i64 = 3; // 관광사업팀
const FARM: i64 = 4; // 농특산물홍보팀

struct Staff {
    admin: String,
    manager: String,
    handler: String,
    handler_id: i64,
    head: String,
    other_handler: String,
    receiver: String,
    executive: String,
}

async fn staff(app: &TestApp) -> Staff {
    let admin = app.admin().await;
    let mut ids = Vec::new();
    for (name, role, dept) in [
        ("manager", "voc_manager", Some(LEAD)),
        ("handler", "handler", Some(TOURISM)),
        ("head", "department_head", Some(TOURISM)),
        ("farmer", "handler", Some(FARM)),
        ("desk", "receiver", Some(LEAD)),
        ("cco", "executive", None),
    ] {
        let r = app
            .post(
                "/api/v1/users",
                json!({"username": name, "password": "long-enough-pw", "display_name": name, "role": role, "department": dept}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        ids.push(r.body["id"].as_i64().unwrap());
    }
    let login = |n: &'static str| async move { app.login(n, "long-enough-pw").await };
    Staff {
        manager: login("manager").await,
        handler: login("handler").await,
        handler_id: ids[1],
        head: login("head").await,
        other_handler: login("farmer").await,
        receiver: login("desk").await,
        executive: login("cco").await,
        admin,
    }
}

fn draft() -> Value {
    json!({"decision": "partly_accepted", "result": "체인을 교체하고 점검 주기를 줄였습니다.",
           "basis": "시설물 안전점검 규정 제5조", "appeal": "30일 이내 혁신안전팀에 이의신청"})
}

#[tokio::test]
async fn administrators_manage_users_and_nobody_else_does() {
    use app::api::{NewUserInput, PasswordInput};
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let admin = app.client(Some(&s.admin));
    let names: Vec<String> =
        app.client(Some(&s.handler)).departments().await.unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(names, vec!["혁신안전팀", "문화사업팀", "관광사업팀", "농특산물홍보팀", "단산시설팀"]);
    assert_eq!(app.client(None).departments().await.unwrap_err().status(), Some(401));

    let user = |username: &str, display_name: &str, department: Option<Value>| NewUserInput {
        username: username.into(),
        password: "long-enough-pw".into(),
        display_name: display_name.into(),
        role: "handler".into(),
        department,
        email: None,
    };
    let new = user("x1", "X", Some(json!(TOURISM)));
    for who in [&s.manager, &s.handler, &s.head, &s.receiver, &s.executive] {
        let them = app.client(Some(who));
        assert_eq!(them.create_user(&new).await.unwrap_err().status(), Some(403));
        assert_eq!(them.users().await.unwrap_err().status(), Some(403));
    }
    let bad = NewUserInput { password: "short".into(), role: "boss".into(), ..user("A B", "", None) };
    let bad = admin.create_user(&bad).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let fields: Vec<String> = field_codes(&bad).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["display_name", "password", "role", "username"]);
    let no_dept = admin.create_user(&user("nodept", "N", None)).await.unwrap_err();
    assert_eq!(field_codes(&no_dept), [("department".into(), "required".into())]);
    let taken = admin.create_user(&user("handler", "H", Some(json!(3)))).await.unwrap_err();
    assert_eq!(field_codes(&taken), [("username".into(), "username_taken".into())]);

    // Disabling ends the account's sessions at once; a reset password replaces the old one.
    let farmer = admin.users().await.unwrap().into_iter().find(|u| u.username == "farmer").unwrap().id;
    admin.disable_user(farmer).await.unwrap();
    assert_eq!(app.client(Some(&s.other_handler)).queue("").await.unwrap_err().status(), Some(401));
    let refused = app.post("/api/v1/session", json!({"username": "farmer", "password": "long-enough-pw"}), None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    admin.enable_user(farmer).await.unwrap();
    let weak = admin.reset_password(farmer, &PasswordInput { password: "123".into() }).await.unwrap_err();
    assert_eq!(field_codes(&weak), [("password".into(), "weak_password".into())]);
    admin.reset_password(farmer, &PasswordInput { password: "a-new-long-password".into() }).await.unwrap();
    app.login("farmer", "a-new-long-password").await;
}

#[tokio::test]
async fn routing_rules_choose_the_department_and_handlers_see_only_theirs() {
    use app::api::RouteInput;
    use app::domain::PauseInput;
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (handler, other_handler, manager) =
        (app.client(Some(&s.handler)), app.client(Some(&s.other_handler)), app.client(Some(&s.manager)));
    // railbike → 관광사업팀 by rule; no facility → unrouted.
    let id = app.filed("철로자전거 체인이 빠졌습니다").await.id;
    let unrouted = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "content": "시설과 상관없는 불만입니다"}),
            None,
        )
        .await
        .body;
    let view = handler.case(id).await.unwrap();
    assert_eq!(view.department_name.as_deref(), Some("관광사업팀"));
    // The staff address names a case by its receipt number too.
    assert_eq!(handler.case(&view.receipt_no).await.unwrap().id, id);
    assert_eq!(handler.case("VOC-2026-99x").await.unwrap_err().status(), Some(404), "not a receipt number");

    // Another department's handler: 404, as if the case did not exist; nor is it in their queue.
    assert_eq!(other_handler.case(id).await.unwrap_err().status(), Some(404));
    assert_eq!(other_handler.case(&view.receipt_no).await.unwrap_err().status(), Some(404), "by receipt number");
    let pause = PauseInput { reason: "investigation".into(), note: "x".into() };
    assert_eq!(other_handler.pause(id, &pause).await.unwrap_err().status(), Some(404));
    assert!(other_handler.queue("").await.unwrap().items.is_empty());
    let mine: Vec<i64> = handler.queue("").await.unwrap().items.iter().map(|c| c.id).collect();
    assert_eq!(mine, vec![id], "the unrouted case is the VOC manager's");
    let uid = unrouted["id"].as_i64().unwrap();
    let all = manager.queue("").await.unwrap().items;
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|c| c.id == uid && c.department_id.is_none()));

    // Only the VOC manager routes; a transfer is recorded with before and after.
    let route = |department: Value, reason: &str| RouteInput { department, reason: reason.into() };
    for who in [&s.handler, &s.head, &s.receiver, &s.executive] {
        let refused = app.client(Some(who)).route(uid, &route(json!(FARM), "")).await.unwrap_err();
        assert!(matches!(refused.status(), Some(403 | 404)), "{refused:?}");
    }
    let bad = manager.route(uid, &route(json!(99), "")).await.unwrap_err();
    assert_eq!(field_codes(&bad), [("department".into(), "unknown_department".into())]);
    manager.route(uid, &route(json!(TOURISM), "관광시설 관련")).await.unwrap();
    let r = manager.route(uid, &route(json!("farm_products"), "직판장 건으로 확인")).await.unwrap();
    assert_eq!(r.department_name.as_deref(), Some("농특산물홍보팀"));
    let history = manager.history(uid).await.unwrap();
    let transfer = history.iter().find(|h| h.action == "부서 이송").unwrap();
    assert_eq!((transfer.before.as_deref(), transfer.after.as_deref()), (Some("관광사업팀"), Some("농특산물홍보팀")));
    assert_eq!(transfer.actor, "manager");
    assert_eq!(handler.case(uid).await.unwrap_err().status(), Some(404), "moved away");
    assert!(other_handler.case(uid).await.is_ok());
}

#[tokio::test]
async fn draft_approval_return_and_reopen_keep_every_answer() {
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (handler, head, manager) =
        (app.client(Some(&s.handler)), app.client(Some(&s.head)), app.client(Some(&s.manager)));
    let c = app.file("철로자전거 체인이 또 빠졌습니다").await;
    let id = c["id"].as_i64().unwrap();
    let refusal = |e: CallError| match e {
        CallError::Api { status, body } => (status, body),
        other => panic!("no answer: {other:?}"),
    };
    let text = |t: &str| TextInput { note: t.into() };
    let draft: AnswerInput = serde_json::from_value(draft()).unwrap();

    // Assignment: by the head, to a handler of the case's department only.
    let to = |user: Value| AssignInput { user };
    assert_eq!(refusal(handler.assign(id, &to(json!(s.handler_id))).await.unwrap_err()).0, 403);
    let (_, wrong) = refusal(head.assign(id, &to(json!("farmer"))).await.unwrap_err());
    assert_eq!(wrong.fields.get("user").map(|f| f.code.as_str()), Some("unknown_user"));
    let v = head.assign(id, &to(json!(s.handler_id))).await.unwrap();
    assert_eq!(v.assignee_name.as_deref(), Some("handler"));
    assert_eq!(v.status, CaseStatus::InProgress);

    // A complaint needs the head's approval: the handler cannot answer directly.
    let (status, direct) = refusal(handler.answer(id, &answer_input()).await.unwrap_err());
    assert_eq!((status, direct.error.as_str()), (403, "needs_approval"));
    let maybe = AnswerInput { decision: "maybe".into(), result: "x".into(), ..AnswerInput::default() };
    let (status, bad) = refusal(handler.draft(id, &maybe).await.unwrap_err());
    assert_eq!(status, 422);
    assert_eq!(bad.fields.get("decision").map(|f| f.code.as_str()), Some("unknown_decision"));

    let v = handler.add_note(id, &text("현장 확인 결과 체인 마모")).await.unwrap();
    assert_eq!(v.notes[0].body, "현장 확인 결과 체인 마모");

    let v = handler.draft(id, &draft).await.unwrap();
    assert_eq!(v.status, CaseStatus::AwaitingApproval);
    assert!(v.answer.is_none(), "a draft is no answer yet");
    // Only the head approves or returns.
    for who in [&s.handler, &s.manager, &s.executive] {
        assert_eq!(refusal(app.client(Some(who)).approve(id, &None).await.unwrap_err()).0, 403);
    }
    assert_eq!(refusal(head.return_draft(id, &text("")).await.unwrap_err()).0, 422);
    let v = head.return_draft(id, &text("근거 조항을 더 구체적으로")).await.unwrap();
    assert_eq!(v.status, CaseStatus::InProgress);
    assert_eq!(v.answers[0].state, "returned");
    assert_eq!(v.answers[0].review_note.as_deref(), Some("근거 조항을 더 구체적으로"));
    assert_eq!(refusal(head.approve(id, &None).await.unwrap_err()).0, 409, "nothing to approve");

    handler.draft(id, &draft).await.unwrap();
    let v = head.approve(id, &None).await.unwrap();
    assert_eq!(v.status, CaseStatus::Closed);
    assert_eq!(v.answer.unwrap().result, "체인을 교체하고 점검 주기를 줄였습니다.");
    let (receipt_no, token) = tracking_key(&c);
    let public = app.client(None).tracked_case(receipt_no, token).await.unwrap();
    assert_eq!(public.answer.unwrap().basis, "시설물 안전점검 규정 제5조", "the result notice is on the tracking page");

    // Re-investigation: only the VOC manager; the first answer stays on record.
    assert_eq!(refusal(head.reopen(id, &text("x")).await.unwrap_err()).0, 403);
    let v = manager.reopen(id, &text("민원인 재민원: 같은 고장 재발")).await.unwrap();
    assert_eq!(v.status, CaseStatus::InProgress);
    assert_eq!(refusal(manager.reopen(id, &text("again")).await.unwrap_err()).0, 409);
    let again = AnswerInput {
        decision: "accepted".into(),
        result: "체인 전체를 새 부품으로 교체".into(),
        basis: "같은 규정".into(),
        appeal: "같은 방법".into(),
    };
    handler.draft(id, &again).await.unwrap();
    let v = head.approve(id, &Some(text("재발 방지 확인"))).await.unwrap();
    let states: Vec<&str> = v.answers.iter().map(|a| a.state.as_str()).collect();
    assert_eq!(states, vec!["returned", "approved", "approved"]);
    assert_eq!(v.answer.as_ref().unwrap().result, "체인 전체를 새 부품으로 교체");
    let actions: Vec<&str> = v.history.iter().map(|h| h.action.as_str()).collect();
    for step in
        ["담당자 지정", "내부 메모", "답변안 작성·결재 요청", "결재 반려", "결재 승인·결과 통지", "재조사 요구(재개)"]
    {
        assert!(actions.contains(&step), "{step} missing from {actions:?}");
    }
    let approval = v.history.iter().rev().find(|h| h.action == "결재 승인·결과 통지").unwrap();
    assert_eq!((approval.before.as_deref(), approval.after.as_deref()), (Some("결재대기"), Some("종결")));
}

#[tokio::test]
async fn inquiries_are_answered_on_the_spot_and_executives_only_read() {
    use app::domain::NewCaseInput;
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (receiver, executive) = (app.client(Some(&s.receiver)), app.client(Some(&s.executive)));
    let inquiry = NewCaseInput {
        kind: "inquiry".into(),
        channel: "phone".into(),
        content: "주차 요금이 얼마인가요".into(),
        ..NewCaseInput::default()
    };
    let id = receiver.file_case(&inquiry).await.unwrap().id;
    // The receiver sees what they registered and answers an inquiry at once.
    assert!(receiver.case(id).await.is_ok());
    assert_eq!(receiver.answer(id, &answer_input()).await.unwrap().status, CaseStatus::Closed);
    // …but not a complaint, which needs the department.
    let cid = app.filed("체인 소음이 심합니다").await.id;
    assert_eq!(receiver.case(cid).await.unwrap_err().status(), Some(404));

    // The executive reads everything and changes nothing.
    assert!(executive.case(cid).await.is_ok());
    assert_eq!(executive.queue("").await.unwrap().items.len(), 1);
    for (path, body) in [
        ("pause", json!({"reason": "investigation", "note": "x"})),
        ("notes", json!({"body": "x"})),
        ("draft", draft()),
        ("answer", an_answer()),
        ("route", json!({"department": 1})),
        ("assign", json!({"user": s.handler_id})),
    ] {
        let r = app.post(&format!("/api/v1/cases/{cid}/{path}"), body, Some(&s.executive)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {:?}", r.body);
    }
    let r = app
        .call(
            Method::PUT,
            "/api/v1/calendar/policies/complaint",
            Some(json!({"business_days": 3, "interim_notice_days": 1, "due_soon_hours": 4})),
            Some(&s.executive),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_ins_are_throttled_cross_site_requests_refused_and_logout_reaches_everywhere() {
    let app = TestApp::new().await;
    let s = staff(&app).await;
    for _ in 0..4 {
        let r = app.post("/api/v1/session", json!({"username": "handler", "password": "guess"}), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // The fifth failure already says the account is locked for now.
    let r = app.post("/api/v1/session", json!({"username": "handler", "password": "guess"}), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = app.post("/api/v1/session", json!({"username": "handler", "password": "long-enough-pw"}), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert_eq!(r.headers["retry-after"], "900");
    assert!(r.body["message"].as_str().unwrap().contains("15분"));
    // Another account is not locked by it.
    app.login("head", "long-enough-pw").await;
    app.set_now_offset_minutes(16);
    app.login("handler", "long-enough-pw").await;

    // A browser request from another site is refused; one from this site passes.
    let cookie = app.admin().await;
    let mut req = axum::http::Request::post("/api/v1/cases/1/notes")
        .header("content-type", "application/json")
        .header("cookie", &cookie)
        .header("host", "voc.example.kr")
        .header("origin", "https://evil.example.com")
        .body(axum::body::Body::from(r#"{"body":"x"}"#))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"], "cross_site");
    req = axum::http::Request::post("/api/v1/session")
        .header("content-type", "application/json")
        .header("host", "voc.example.kr")
        .header("origin", "https://voc.example.kr")
        .body(axum::body::Body::from(format!(
            r#"{{"username":"admin","password":"{}"}}"#,
            crate::common::ADMIN_PASSWORD
        )))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NO_CONTENT);

    // Log out everywhere ends every session of the account.
    let second = app.login("manager", "long-enough-pw").await;
    let out = app.call(Method::DELETE, "/api/v1/session?everywhere=true", None, Some(&s.manager)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/queue", Some(&second)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn complainants_amend_and_withdraw_and_the_manager_closes_non_complaints() {
    use app::api::{AmendInput, CloseInput};
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (citizen, manager) = (app.client(None), app.client(Some(&s.manager)));
    let c = app.filed("처음 적은 내용입니다").await;
    let (no, token) = (c.receipt_no.as_str(), c.tracking_token.as_str());
    let amend = |content: &str| AmendInput { content: content.into() };

    let wrong = citizen.amend(no, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &amend("바꾼 내용입니다")).await.unwrap_err();
    assert_eq!(wrong.status(), Some(404));
    let short = citizen.amend(no, token, &amend("짧음")).await.unwrap_err();
    assert_eq!(field_codes(&short), [("content".into(), "too_short".into())]);
    let r = citizen.amend(no, token, &amend("바꾼 내용입니다: 체인과 브레이크 모두")).await.unwrap();
    assert_eq!(r.content, "바꾼 내용입니다: 체인과 브레이크 모두");
    let history = manager.history(c.id).await.unwrap();
    let change = history.iter().find(|h| h.action == "내용 변경").unwrap();
    assert_eq!(change.before.as_deref(), Some("처음 적은 내용입니다"));
    assert_eq!(change.after.as_deref(), Some("바꾼 내용입니다: 체인과 브레이크 모두"));

    let r = citizen.withdraw(no, token).await.unwrap();
    assert_eq!(r.status, CaseStatus::Withdrawn);
    assert_eq!(r.closure_reason.as_deref(), Some("민원인이 취하했습니다."));
    assert_eq!(citizen.withdraw(no, token).await.unwrap_err().status(), Some(409));
    assert_eq!(citizen.amend(no, token, &amend("취하 뒤에 바꾸기")).await.unwrap_err().status(), Some(409));
    assert!(!manager.queue("").await.unwrap().items.iter().any(|q| q.id == c.id));
    // Withdrawn, never deleted: staff still read it.
    assert_eq!(manager.case(c.id).await.unwrap().status, CaseStatus::Withdrawn);

    let d = app.filed("법원 판결에 대한 이의입니다").await;
    let close = |reason: &str, note: &str| CloseInput { reason: reason.into(), note: note.into() };
    let handler = app.client(Some(&s.handler));
    let refused = handler.close(d.id, &close("court_or_investigation", "x")).await.unwrap_err();
    assert_eq!(refused.status(), Some(403));
    let bad = manager.close(d.id, &close("spam", "")).await.unwrap_err();
    let bad = field_codes(&bad);
    assert!(bad.contains(&("reason".into(), "unknown_closure_reason".into())), "{bad:?}");
    assert!(bad.contains(&("note".into(), "required".into())), "{bad:?}");
    let r = manager.close(d.id, &close("court_or_investigation", "소송 진행 중(2026가단1234)")).await.unwrap();
    assert_eq!(r.status, CaseStatus::Closed);
    assert_eq!(r.closure_reason.as_deref(), Some("민원 아님: 재판·수사 중이거나 확정된 사항"));
    let public = citizen.tracked_case(&d.receipt_no, &d.tracking_token).await.unwrap();
    assert_eq!(public.closure_reason.as_deref(), Some("민원 아님: 재판·수사 중이거나 확정된 사항"));
}

#[tokio::test]
async fn an_external_agency_transfer_keeps_the_agency_and_its_number() {
    use app::domain::{Channel, NewCaseInput};
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (receiver, manager) = (app.client(Some(&s.receiver)), app.client(Some(&s.manager)));
    let base = NewCaseInput {
        kind: "complaint".into(),
        channel: "external_agency".into(),
        content: "국민신문고로 이송된 민원입니다".into(),
        ..NewCaseInput::default()
    };
    let refused = receiver.file_case(&base).await.unwrap_err();
    assert_eq!(refused.status(), Some(422));
    let refused = field_codes(&refused);
    assert!(refused.contains(&("agency".into(), "required".into())), "{refused:?}");
    assert!(refused.contains(&("agency_ref".into(), "required".into())), "{refused:?}");
    let with = NewCaseInput {
        agency: Some("국민신문고(국민권익위원회)".into()),
        agency_ref: Some("1AA-2611-0012345".into()),
        ..base
    };
    let filed = receiver.file_case(&with).await.unwrap();
    let view = manager.case(filed.id).await.unwrap();
    assert_eq!(view.channel, Channel::ExternalAgency);
    assert_eq!(view.agency.as_deref(), Some("국민신문고(국민권익위원회)"));
    assert_eq!(view.agency_ref.as_deref(), Some("1AA-2611-0012345"));
    assert!(view.history[0].detail.contains("1AA-2611-0012345"));
}

#[tokio::test]
async fn the_queue_filters_by_kind_channel_facility_category_department_and_status() {
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let railbike = app.file("레일바이크 체인이 빠졌습니다").await;
    let inquiry = app
        .post(
            "/api/v1/cases",
            json!({"kind": "inquiry", "channel": "mobile", "content": "주차장 운영 시간이 궁금합니다"}),
            None,
        )
        .await
        .body;
    let ids =
        |r: &Value| -> Vec<i64> { r["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect() };
    let q = |query: &'static str| {
        let cookie = s.manager.clone();
        let app = &app;
        async move { app.get(&format!("/api/v1/queue?{query}"), Some(&cookie)).await }
    };
    let (r, i) = (railbike["id"].as_i64().unwrap(), inquiry["id"].as_i64().unwrap());
    assert_eq!(ids(&q("").await.body).len(), 2);
    assert_eq!(ids(&q("kind=inquiry").await.body), [i]);
    assert_eq!(ids(&q("channel=kiosk").await.body), [r]);
    assert_eq!(ids(&q("facility=railbike").await.body), [r]);
    assert_eq!(ids(&q("department=none").await.body), [i]);
    assert_eq!(ids(&q("department=3").await.body), [r]);
    assert_eq!(ids(&q("status=received&kind=complaint").await.body), [r]);
    assert!(ids(&q("status=paused").await.body).is_empty());
    assert!(ids(&q("category=no_such_category").await.body).is_empty());
    // Unknown values are named, each with its own code; the empty ones are no filter.
    let bad = q("kind=urgentish&status=done&department=tourism&channel=").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(&str, &str)> = bad.body["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("department", "unknown_department"), ("kind", "unknown_kind"), ("status", "unknown_status")]);
    // A handler's filters narrow only what the handler may see.
    assert_eq!(ids(&app.get("/api/v1/queue?department=none", Some(&s.handler)).await.body), Vec::<i64>::new());
}

#[tokio::test]
async fn an_unreachable_complainants_case_is_deemed_withdrawn_once_its_deadline_passes() {
    use app::domain::PauseInput;
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00"); // Monday: a complaint is due Wednesday 10:00
    let s = staff(&app).await;
    let (handler, other_handler) = (app.client(Some(&s.handler)), app.client(Some(&s.other_handler)));
    let c = app.filed("레일바이크 요금을 두 번 냈습니다").await.id;
    let other = app.filed("레일바이크 대기 줄이 너무 깁니다").await.id;
    let pause = PauseInput { reason: "awaiting_complainant".into(), note: "계좌번호 요청".into() };
    handler.pause(c, &pause).await.unwrap();

    let note = TextInput { note: "전화 3회·문자 1회, 결번 안내".into() };
    assert_eq!(other_handler.mark_unreachable(c, &note).await.unwrap_err().status(), Some(404));
    let executive = app.client(Some(&s.executive));
    assert_eq!(executive.mark_unreachable(c, &note).await.unwrap_err().status(), Some(403));
    let empty = handler.mark_unreachable(c, &TextInput { note: " ".into() }).await.unwrap_err();
    assert_eq!(field_codes(&empty), [("note".into(), "required".into())]);
    // Marking resumes the paused case: nobody waits for a reply that cannot come.
    let r = handler.mark_unreachable(c, &note).await.unwrap();
    assert_eq!(r.status, CaseStatus::InProgress);
    assert_eq!(r.unreachable_note.as_deref(), Some("전화 3회·문자 1회, 결번 안내"));
    // One step, one transaction: the resumption and the mark are the last two entries.
    let codes: Vec<HistoryAction> = r.history.iter().filter_map(|h| h.code).collect();
    assert_eq!(codes[codes.len() - 2..], [HistoryAction::Resumed, HistoryAction::Unreachable]);
    // The other one is marked and then reached after all.
    handler.mark_unreachable(other, &note).await.unwrap();
    assert_eq!(handler.clear_unreachable(other).await.unwrap().unreachable_at, None);

    assert_eq!(server::jobs::deem_unreachable_withdrawn(&app.state).await.unwrap(), 0, "before the deadline");
    app.set_now("2026-11-25 10:30");
    // Two sweeps at once (as two instances would run them): the case closes exactly once and
    // neither sweep fails.
    let (one, two) = futures::join!(
        server::jobs::deem_unreachable_withdrawn(&app.state),
        server::jobs::deem_unreachable_withdrawn(&app.state)
    );
    assert_eq!(one.unwrap() + two.unwrap(), 1);
    assert_eq!(server::jobs::deem_unreachable_withdrawn(&app.state).await.unwrap(), 0, "once");
    let manager = app.client(Some(&app.login("manager", "long-enough-pw").await));
    let view = manager.case(c).await.unwrap();
    assert_eq!(view.status, CaseStatus::Withdrawn);
    let reason = view.closure_reason.unwrap_or_default();
    assert!(reason.contains("취하로 간주"), "{reason}");
    let history = manager.history(c).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.action.as_str(), last.actor.as_str()), ("취하 간주", "시스템"));
    assert_eq!(manager.case(other).await.unwrap().status, CaseStatus::Received);
    // A closed case cannot be marked.
    assert_eq!(manager.mark_unreachable(c, &note).await.unwrap_err().status(), Some(409));
}

#[tokio::test]
async fn administrators_add_departments_and_routing_rules_that_route_new_cases() {
    use app::api::{DepartmentChange, DepartmentInput, RoutingRuleInput};
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (admin, manager) = (app.client(Some(&s.admin)), app.client(Some(&s.manager)));
    let pair = |field: &str, code: &str| (field.to_owned(), code.to_owned());
    let new = DepartmentInput { code: "maze_team".into(), name: "미로공원팀".into(), active: None };
    for who in [&s.manager, &s.handler, &s.head, &s.executive] {
        assert_eq!(app.client(Some(who)).create_department(&new).await.unwrap_err().status(), Some(403));
    }
    let bad = DepartmentInput { code: "Maze Team!".into(), name: " ".into(), active: None };
    let bad = admin.create_department(&bad).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert_eq!(field_codes(&bad), [pair("code", "invalid_code"), pair("name", "required")]);
    let maze_team = admin.create_department(&new).await.unwrap().id;
    assert_eq!(field_codes(&admin.create_department(&new).await.unwrap_err()), [pair("code", "code_taken")]);

    // A rule for the maze facility, tried before the profile's rules.
    let rule = RoutingRuleInput {
        priority: Some(5),
        facility: "maze".into(),
        department: json!(maze_team),
        ..RoutingRuleInput::default()
    };
    assert_eq!(manager.create_routing_rule(&rule).await.unwrap_err().status(), Some(403));
    let bad = RoutingRuleInput { priority: Some(0), kind: "rant".into(), department: json!("x"), ..Default::default() };
    let fields: Vec<String> =
        field_codes(&admin.create_routing_rule(&bad).await.unwrap_err()).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["department", "kind", "priority"]);
    let moon = |department: Value| RoutingRuleInput { facility: "moon".into(), department, ..Default::default() };
    let unknown = admin.create_routing_rule(&moon(json!(maze_team))).await.unwrap_err();
    assert_eq!(field_codes(&unknown), [pair("facility", "unknown_facility")]);
    let none = admin.create_routing_rule(&moon(json!(""))).await.unwrap_err();
    assert_eq!(
        field_codes(&none),
        [pair("department", "required"), pair("facility", "unknown_facility")],
        "both at once"
    );
    let rule_id = admin.create_routing_rule(&rule).await.unwrap().id;
    let rules = manager.routing_rules().await.unwrap();
    assert_eq!(rules[0].department_name, "미로공원팀", "lowest priority number first: {rules:?}");
    let handler = app.client(Some(&s.handler));
    assert_eq!(handler.routing_rules().await.unwrap_err().status(), Some(403));

    let file_maze = || async {
        app.post("/api/v1/cases", json!({"kind": "complaint", "channel": "kiosk", "facility": "maze", "content": "미로공원 출구 안내판이 없습니다"}), None)
            .await
            .body["id"]
            .as_i64()
            .unwrap()
    };
    let department_of = |id: i64| {
        let manager = &manager;
        async move { manager.case(id).await.unwrap().department_name }
    };
    let first = file_maze().await;
    assert_eq!(department_of(first).await.as_deref(), Some("미로공원팀"));

    // Retired: the next maze case goes where the profile sends it; the first stays put.
    admin.retire_routing_rule(rule_id).await.unwrap();
    assert_eq!(admin.retire_routing_rule(rule_id).await.unwrap_err().status(), Some(404));
    let second = file_maze().await;
    assert_ne!(department_of(second).await.as_deref(), Some("미로공원팀"));
    assert_eq!(department_of(first).await.as_deref(), Some("미로공원팀"));

    // Renamed, then retired: gone from routing and from the material-request choices.
    let change = DepartmentChange { name: "미로공원운영팀".into(), active: Some(false) };
    let r = admin.update_department(maze_team, &change).await.unwrap();
    assert_eq!((r.name.as_str(), r.active), ("미로공원운영팀", false));
    let again = RoutingRuleInput { facility: "maze".into(), department: json!(maze_team), ..Default::default() };
    let again = admin.create_routing_rule(&again).await.unwrap_err();
    assert_eq!(field_codes(&again), [pair("department", "unknown_department")]);
    let nowhere = DepartmentChange { name: "x".into(), active: None };
    assert_eq!(admin.update_department(999, &nowhere).await.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn the_kgs_profile_sets_up_a_new_database_once_and_never_one_in_use() {
    let app = TestApp::new_with(|c| c.profile = server::profile::Profile::Kgs).await;
    app.set_now("2026-11-23 10:00"); // a Monday
    let admin = app.admin().await;
    let departments = app.get("/api/v1/departments", Some(&admin)).await.body;
    let names: Vec<(&str, bool)> = departments
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap(), d["is_lead"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        names,
        [("고객지원처", true), ("감사실", false), ("기획조정실", false), ("검사지도처", false), ("시험검사실", false)]
    );
    let facilities = app.get("/api/v1/facilities", None).await.body;
    let codes: Vec<&str> = facilities.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["hq", "regional", "cyber", "training", "field"]);
    // Its own category list, which complainants choose from on the homepage.
    let listed = categories_offered(&app).await;
    assert_eq!(
        listed,
        owned(&[
            ("qna", true),
            ("improvement", true),
            ("report", true),
            ("cyber_audit", true),
            ("budget_waste", true),
            ("faulty_facility", true),
            ("lpg_quality", true),
            ("inspection_appeal", true),
            ("praise", true)
        ])
    );

    // 민원신고 categories go to the offices the manual names; the rest to 고객지원처.
    let file = |category: &'static str, kind: &'static str| {
        let app = &app;
        async move {
            let body = json!({"kind": kind, "channel": "kiosk", "facility": "field", "category": category,
                              "content": "가스 충전소에서 산 LPG 품질이 이상합니다"});
            let r = app.post("/api/v1/cases", body, None).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body
        }
    };
    let lpg = file("lpg_quality", "complaint").await;
    let staff = app.get(&format!("/api/v1/cases/{}", lpg["id"]), Some(&admin)).await.body;
    assert_eq!(staff["department_name"], "시험검사실");
    // KGS processes complaints within 3 business days (Mungyeong: 2).
    assert!(lpg["due_at"].as_str().unwrap().starts_with("2026-11-26T10:00"), "{}", lpg["due_at"]);
    for (category, department) in [
        ("cyber_audit", "감사실"),
        ("budget_waste", "기획조정실"),
        ("inspection_appeal", "검사지도처"),
        ("qna", "고객지원처"),
    ] {
        let c = file(category, "inquiry").await;
        let staff = app.get(&format!("/api/v1/cases/{}", c["id"]), Some(&admin)).await.body;
        assert_eq!(staff["department_name"], department, "{category}");
    }

    // Applied once: a restart with the same setting changes nothing, cases keep their routes.
    let app = app.restart().await;
    let admin = app.admin().await;
    assert_eq!(app.get("/api/v1/departments", Some(&admin)).await.body, departments);
    let staff = app.get(&format!("/api/v1/cases/{}", lpg["id"]), Some(&admin)).await.body;
    assert_eq!(staff["department_name"], "시험검사실");

    // A database already in use is never re-profiled: the server refuses to start and says why.
    let used = TestApp::new().await;
    used.file("레일바이크 바퀴가 삐걱거립니다").await;
    let mut config = used.config.clone();
    config.profile = server::profile::Profile::Kgs;
    let err = server::build(&config, tokio_util::sync::CancellationToken::new()).await.err().expect("refused");
    let text = err.to_string();
    assert!(text.contains("VOC_PROFILE=kgs") && text.contains("1 cases"), "{text}");
    let departments = used.get("/api/v1/departments", Some(&used.admin().await)).await.body;
    assert_eq!(departments[0]["name"], "혁신안전팀", "nothing changed");
}

fn owned(pairs: &[(&str, bool)]) -> Vec<(String, bool)> {
    pairs.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect()
}

/// The active categories as everyone reads them: each code and whether complainants choose it.
async fn categories_offered(app: &TestApp) -> Vec<(String, bool)> {
    let categories = app.get("/api/v1/categories", None).await.body;
    categories
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_owned(), c["public"].as_bool().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_default_profile_has_its_own_categories_which_staff_set() {
    let app = TestApp::new().await;
    let listed = categories_offered(&app).await;
    // The tourism operator's lines, none of the gas-safety reports; none chosen by complainants.
    assert_eq!(
        listed,
        owned(&[
            ("qna", false),
            ("improvement", false),
            ("praise", false),
            ("facility_safety", false),
            ("fares_booking", false),
            ("staff_service", false),
            ("cleanliness", false),
            ("parking", false)
        ])
    );
    let filing = |category: &str| {
        json!({"kind": "complaint", "channel": "homepage", "facility": "railbike", "category": category,
               "content": "레일바이크 매표소 직원이 불친절했습니다"})
    };
    for category in ["staff_service", "lpg_quality"] {
        let r = app.post("/api/v1/cases", filing(category), None).await;
        assert_eq!(codes(&r.body), [("category".into(), "unknown_category".into())], "{category}");
    }
    let admin = app.admin().await;
    let r = app.post("/api/v1/cases", filing("staff_service"), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let view = app.get(&format!("/api/v1/cases/{}", r.body["id"]), Some(&admin)).await.body;
    assert_eq!(view["category"], "staff_service");
    let r = app.post("/api/v1/cases", filing("lpg_quality"), Some(&admin)).await;
    assert_eq!(codes(&r.body), [("category".into(), "unknown_category".into())], "retired here");
}

#[tokio::test]
async fn administrators_keep_facilities_and_categories_and_retired_ones_are_not_offered() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let manager = app.user_in("manager", "voc_manager", Some(1)).await;
    assert_eq!(app.get("/api/v1/catalogue/facilities", Some(&manager)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/catalogue/planets", Some(&admin)).await.status, StatusCode::NOT_FOUND);

    // Every refused field at once; a taken code and an unknown parent by name.
    let r = app.post("/api/v1/catalogue/facilities", json!({"code": "케이블카", "name_ko": " "}), Some(&admin)).await;
    let fields: Vec<&str> = r.body["fields"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["code", "name_en", "name_ko"]);
    let taken = json!({"code": "railbike", "name_ko": "철로자전거2", "name_en": "Rail bike 2"});
    let r = app.post("/api/v1/catalogue/facilities", taken, Some(&admin)).await;
    assert_eq!(r.body["fields"]["code"]["code"], "code_taken");
    let cable = json!({"code": "cable_car", "name_ko": "케이블카", "name_en": "Cable car"});
    assert_eq!(app.post("/api/v1/catalogue/facilities", cable, Some(&admin)).await.status, StatusCode::CREATED);
    let orphan = json!({"code": "gas_leak", "name_ko": "가스 누출", "name_en": "Gas leak", "parent": "cyber_audit"});
    let r = app.post("/api/v1/catalogue/categories", orphan, Some(&admin)).await;
    assert_eq!(r.body["fields"]["parent"]["code"], "unknown_category", "only top-level parents");
    // Offered to complainants to choose themselves (public), unlike the seeded ones here.
    let leak = json!({"code": "gas_leak", "name_ko": "가스 누출", "name_en": "Gas leak", "parent": "improvement", "public": true});
    assert_eq!(app.post("/api/v1/catalogue/categories", leak, Some(&admin)).await.status, StatusCode::CREATED);

    // The new ones are offered and used at once.
    let codes =
        |v: &Value| v.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(codes(&app.get("/api/v1/facilities", None).await.body).last().unwrap(), "cable_car");
    let file = |facility: &'static str, category: &'static str| {
        let app = &app;
        async move {
            let body = json!({"kind": "complaint", "channel": "kiosk", "facility": facility, "category": category,
                              "content": "케이블카 탑승장에서 가스 냄새가 납니다"});
            app.post("/api/v1/cases", body, None).await
        }
    };
    let r = file("cable_car", "gas_leak").await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let kept = r.body["id"].as_i64().unwrap();

    // Renamed and retired: no longer offered nor accepted; the filed case keeps its code.
    let put = |url: &'static str, body: Value| app.call(Method::PUT, url, Some(body), Some(&admin));
    let r = put("/api/v1/catalogue/facilities/cable_car", json!({"name_ko": "문경 케이블카"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    let r = put("/api/v1/catalogue/facilities/cable_car", json!({"active": false})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(put("/api/v1/catalogue/facilities/moon", json!({"active": false})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        put("/api/v1/catalogue/categories/gas_leak", json!({"name_en": "x".repeat(101)})).await.body["fields"]["name_en"]
            ["code"],
        "too_long"
    );
    put("/api/v1/catalogue/categories/gas_leak", json!({"active": false})).await;
    assert!(!codes(&app.get("/api/v1/facilities", None).await.body).contains(&"cable_car".to_owned()));
    let r = file("cable_car", "gas_leak").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"]["facility"]["code"], "unknown_facility");
    let all = app.get("/api/v1/catalogue/facilities", Some(&admin)).await.body;
    let cable = all.as_array().unwrap().iter().find(|f| f["code"] == "cable_car").unwrap();
    assert_eq!((cable["name_ko"].as_str(), cable["active"].as_bool()), (Some("문경 케이블카"), Some(false)));
    let categories = app.get("/api/v1/catalogue/categories", Some(&admin)).await.body;
    let leak = categories.as_array().unwrap().iter().find(|c| c["code"] == "gas_leak").unwrap();
    assert_eq!(
        (leak["parent"].as_str(), leak["active"].as_bool(), leak["public"].as_bool()),
        (Some("improvement"), Some(false), Some(true))
    );
    let case = app.get(&format!("/api/v1/cases/{kept}"), Some(&admin)).await.body;
    assert_eq!((case["facility"].as_str(), case["category"].as_str()), (Some("cable_car"), Some("gas_leak")));
}

#[tokio::test]
async fn the_case_view_carries_what_each_person_may_do_and_follows_the_edited_policy() {
    use app::api::RouteInput;
    use app::domain::{CaseActions, PolicyInput};
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (admin, manager) = (app.client(Some(&s.admin)), app.client(Some(&s.manager)));
    let (handler, executive) = (app.client(Some(&s.handler)), app.client(Some(&s.executive)));
    let to_tourism = RouteInput { department: TOURISM.into(), reason: String::new() };
    let id = app.file("레일바이크 좌석이 찢어져 있습니다").await["id"].as_i64().unwrap();
    manager.route(id, &to_tourism).await.unwrap();
    // A complaint needs the head's confirmation: the handler drafts, does not answer at once.
    let of_handler = handler.case(id).await.unwrap().actions;
    assert_eq!((of_handler.draft, of_handler.answer), (true, false));
    assert!(!of_handler.route);
    let of_manager = manager.case(id).await.unwrap().actions;
    assert_eq!((of_manager.route, of_manager.answer), (true, true));
    let of_reader = executive.case(id).await.unwrap().actions;
    assert_eq!(of_reader, CaseActions::default(), "a reader may do nothing");

    // The administrator lets complaints be answered without confirmation: the view and the
    // server change together.
    let policy = PolicyInput {
        business_days: 2,
        period_unit: None,
        needs_confirmation: false,
        interim_notice_days: 1,
        due_soon_hours: 4,
    };
    admin.put_policy("complaint", &policy).await.unwrap();
    assert!(handler.case(id).await.unwrap().actions.answer);
    let answered = handler.answer(id, &answer_input()).await.unwrap();
    // The answer's own view says what may be done next: only the reopen, for the manager.
    assert!(!answered.actions.answer);
    assert!(manager.case(id).await.unwrap().actions.reopen);

    // What the view offers, the server accepts: the handler drafts a routed case nobody has
    // taken up yet, and drafting takes it up.
    let other = app.file("레일바이크 안전벨트가 헐겁습니다").await["id"].as_i64().unwrap();
    manager.route(other, &to_tourism).await.unwrap();
    let view = handler.case(other).await.unwrap();
    assert_eq!((view.status, view.actions.draft), (CaseStatus::Received, true));
    let draft: AnswerInput = serde_json::from_value(
        json!({"decision": "accepted", "result": "벨트 교체", "basis": "안전 규정", "appeal": "재조사 요구"}),
    )
    .unwrap();
    assert_eq!(handler.draft(other, &draft).await.unwrap().status, CaseStatus::AwaitingApproval);
}

/// The report line of `key` in the report table `table` for 23 November 2026: received, open.
async fn line(app: &TestApp, cookie: &str, table: &str, key: &str) -> (i64, i64) {
    let r = app.get("/api/v1/reports/summary?from=2026-11-23&to=2026-11-23", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body[table]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == key)
        .map_or((0, 0), |l| (l["received"].as_i64().unwrap(), l["open"].as_i64().unwrap()))
}

#[tokio::test]
async fn the_record_is_corrected_with_a_new_period_and_the_reports_follow() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let admin = app.admin().await;
    let manager = app.user_with_email("manager", "voc_manager", Some(LEAD), Some("manager@example.com")).await;
    let filing = |kind: &str, facility: Option<&str>| {
        json!({"kind": kind, "channel": "homepage", "facility": facility, "phone": "010-1234-5678",
               "content": "미로공원 매표소 운영 시간을 알려 주세요", "consent": {"sms": true}})
    };
    // Filed as a complaint on the homepage with no facility: no rule routes it.
    let wrong = app.post("/api/v1/cases", filing("complaint", None), None).await.body;
    let id = wrong["id"].as_i64().unwrap();
    // What an inquiry filed at the same moment is due.
    let inquiry = app.post("/api/v1/cases", filing("inquiry", Some("railbike")), None).await.body;
    assert_ne!(wrong["due_at"], inquiry["due_at"], "the two kinds have different periods");
    assert_eq!(line(&app, &manager, "by_kind", "complaint").await, (1, 1));

    // Refusals, each on its field; nothing is changed by them.
    let uri = format!("/api/v1/cases/{id}/classify");
    let r = app.post(&uri, json!({"facility": "nowhere", "kind": "appeal", "reason": " "}), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&r.body), [("kind".into(), "unknown_kind".into()), ("reason".into(), "required".into())]);
    let r = app.post(&uri, json!({"facility": "nowhere", "reason": "시설 정정"}), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("facility".into(), "unknown_facility".into())]);
    let r =
        app.post(&uri, json!({"kind": "complaint", "channel": "homepage", "reason": "그대로"}), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("kind".into(), "nothing_changed".into())]);
    let r = app.post(&uri, json!({"channel": "external_agency", "reason": "이송 건"}), Some(&manager)).await;
    assert_eq!(codes(&r.body), [("channel".into(), "channel_needs_agency".into())]);
    let handler = app.user_in("maze_handler", "handler", Some(2)).await;
    assert_eq!(
        app.post(&uri, json!({"kind": "inquiry", "reason": "x"}), Some(&handler)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.post(&uri, json!({"kind": "inquiry", "reason": "x"}), None).await.status, StatusCode::UNAUTHORIZED);

    // The VOC manager corrects it: an inquiry by phone about the maze park, in the Q&A category.
    let r = app
        .post(
            &uri,
            json!({"kind": "inquiry", "channel": "phone", "facility": "maze", "category": "qna",
                   "reason": "전화 문의를 홈페이지 불만으로 잘못 등록함"}),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let c = &r.body;
    assert_eq!(
        (&c["kind"], &c["channel"], &c["facility"], &c["category"]),
        (&json!("inquiry"), &json!("phone"), &json!("maze"), &json!("qna"))
    );
    assert_eq!(c["due_at"], inquiry["due_at"], "the inquiry's period, counted from the receipt");
    assert_eq!(c["department_id"], 2, "routed by the rule it now meets (the maze park)");
    let history = c["history"].as_array().unwrap();
    let entry = |action: &str| {
        history.iter().find(|h| h["action"] == action).unwrap_or_else(|| panic!("{action}: {history:?}"))
    };
    let corrected = entry("분류 수정");
    assert_eq!(corrected["detail"], "전화 문의를 홈페이지 불만으로 잘못 등록함");
    assert_eq!(corrected["before"], "불만 · 홈페이지 · 시설 없음 · 분류 없음");
    assert_eq!(corrected["after"], "문의 · 전화 · 시설 문경새재 미로공원 · 분류 질의응답");
    let due = entry("처리기한 재계산(유형 변경)");
    assert_eq!(due["detail"], "불만 → 문의");
    assert!(due["before"].as_str().unwrap() > due["after"].as_str().unwrap(), "{due:?}: an inquiry is due sooner");
    assert_eq!(entry("부서 지정(배정 규칙)")["after"], "문화사업팀");

    // The reports follow: no complaint that day, two inquiries, a phone call, the maze, Q&A.
    assert_eq!(line(&app, &manager, "by_kind", "complaint").await, (0, 0));
    assert_eq!(line(&app, &manager, "by_kind", "inquiry").await, (2, 2));
    assert_eq!(line(&app, &manager, "by_channel", "phone").await, (1, 1));
    assert_eq!(line(&app, &manager, "by_facility", "maze").await, (1, 1));
    assert_eq!(line(&app, &manager, "by_category", "qna").await, (1, 1));

    // Now the maze department's: its head may correct it, its handler may not; the case says so.
    let head = app.user_in("maze_head", "department_head", Some(2)).await;
    let r = app.post(&uri, json!({"category": "improvement", "reason": "개선 요청에 가까움"}), Some(&head)).await;
    assert_eq!((r.status, &r.body["category"]), (StatusCode::OK, &json!("improvement")), "{:?}", r.body);
    assert_eq!(r.body["actions"]["classify"], true);
    // Its head assigns from the department's people, by name; no one from elsewhere is offered.
    let offered: Vec<&str> =
        r.body["assignable"].as_array().unwrap().iter().map(|p| p["username"].as_str().unwrap()).collect();
    assert_eq!(offered, ["maze_handler", "maze_head"]);
    let r = app.post(&uri, json!({"category": "qna", "reason": "x"}), Some(&handler)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/cases/{id}"), Some(&handler)).await.body["actions"]["classify"], false);

    // Made urgent while open: the executives and VOC managers are alerted as for an urgent filing.
    let r = app.post(&uri, json!({"kind": "urgent", "reason": "가스 냄새 신고였음"}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let notices = app.get(&format!("/api/v1/cases/{id}/notices"), Some(&admin)).await.body;
    let urgent = notices.as_array().unwrap().iter().filter(|n| n["notice"] == "urgent").count();
    assert_eq!(urgent, 1, "{notices:?}");
}

/// Two reviews or two answers sent at once (two tabs, two heads): the case closes once, with
/// one approved answer and one result notice; the other gets a 409 and writes nothing.
#[tokio::test]
async fn two_approvals_or_two_answers_at_once_close_the_case_once() {
    let app = TestApp::new().await;
    let s = staff(&app).await;
    let (head, second_head) = (app.client(Some(&s.head)), app.client(Some(&app.login("head", "long-enough-pw").await)));
    let (manager, second_manager) =
        (app.client(Some(&s.manager)), app.client(Some(&app.login("manager", "long-enough-pw").await)));
    let handler = app.client(Some(&s.handler));
    let (first, second) = (Some(TextInput { note: "첫째".into() }), Some(TextInput { note: "둘째".into() }));
    let answer = answer_input();
    for round in [HistoryAction::Approved, HistoryAction::Answered] {
        let id = app.file_from("010-2345-6789", "철로자전거 체인이 또 빠졌습니다").await["id"].as_i64().unwrap();
        head.assign(id, &AssignInput { user: s.handler_id.to_string().into() }).await.unwrap();
        let (one, two) = if round == HistoryAction::Approved {
            handler.draft(id, &answer).await.unwrap();
            futures::join!(head.approve(id, &first), second_head.approve(id, &second))
        } else {
            futures::join!(manager.answer(id, &answer), second_manager.answer(id, &answer))
        };
        let refused = match (one, two) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
            other => panic!("{round}: one of the two goes through, the other is refused: {other:?}"),
        };
        let CallError::Api { status, body } = refused else { panic!("{round}: {refused:?}") };
        assert_eq!((status, body.error.as_str()), (409, "invalid_transition"), "{round}");
        let view = manager.case(id).await.unwrap();
        assert_eq!(view.status, CaseStatus::Closed, "{round}");
        let approved = view.answers.iter().filter(|a| a.state == "approved").count();
        assert_eq!(approved, 1, "{round}: {:?}", view.answers);
        let closings = view.history.iter().filter(|h| h.code == Some(round)).count();
        assert_eq!(closings, 1, "{round}: {:?}", view.history);
        let results = manager.case_notices(id).await.unwrap().into_iter().filter(|n| n.notice == NoticeKind::Result);
        assert_eq!(results.count(), 1, "{round}");
    }
}

/// A closing step counts the case's handling time from the clock it read when it began. A
/// pause taken and ended since (the status is the same again) would leave that count wrong,
/// so the step's move fails as if the status had changed (409) and writes nothing; answered
/// again, the case's handling time leaves the pause out.
#[tokio::test]
async fn a_pause_taken_meanwhile_refuses_a_closing_step_read_before_it() {
    use app::domain::{CaseAction, PauseInput};
    let app = TestApp::new().await;
    app.set_now("2026-11-23 09:00"); // a Monday
    let s = staff(&app).await;
    let head = app.client(Some(&s.head));
    // Staff sessions end after idling: the manager signs in again after each jump of the clock.
    let manager = || async { app.client(Some(&app.login("manager", "long-enough-pw").await)) };
    let id = app.file_from("010-2345-6789", "철로자전거 체인이 또 빠졌습니다").await["id"].as_i64().unwrap();
    head.assign(id, &AssignInput { user: s.handler_id.to_string().into() }).await.unwrap();

    app.set_now("2026-11-23 10:00");
    let (user, _) = app.state.store.user_for_login("manager").await.unwrap().unwrap();
    let step = server::workflow::Step::begin(&app.state, &user, id, CaseAction::Answer).await.unwrap();
    assert_eq!(step.case.status, CaseStatus::InProgress);
    let pause = PauseInput { reason: "investigation".into(), note: "현장 확인".into() };
    manager().await.pause(id, &pause).await.unwrap();
    app.set_now("2026-11-23 12:00");
    assert_eq!(manager().await.resume(id).await.unwrap().status, CaseStatus::InProgress);

    app.set_now("2026-11-23 13:00");
    let manager = manager().await;
    let (decision, valid) = answer_input().validate_with_decision().unwrap();
    let refused = server::workflow::answer(step, decision, &valid).await.unwrap_err();
    assert!(matches!(refused, server::error::ApiError::ConcurrentChange), "{refused:?}");
    let view = manager.case(id).await.unwrap();
    assert_eq!(view.status, CaseStatus::InProgress);
    assert!(view.answers.is_empty(), "{:?}", view.answers);
    assert!(view.history.iter().all(|h| h.code != Some(HistoryAction::Answered)), "{:?}", view.history);

    assert_eq!(manager.answer(id, &answer_input()).await.unwrap().status, CaseStatus::Closed);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    let took: i64 =
        sqlx::query_scalar("SELECT handling_secs FROM cases WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    // 09:00 to 13:00 is three business hours (not the lunch hour), less the pause's two.
    assert_eq!(took, 3600, "09:00 to 13:00 less lunch and the pause from 10:00 to 12:00");
}
