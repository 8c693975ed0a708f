//! The good-practice library and the awards: proposing a closed case (refusals field by
//! field, personal data checked against the unmasked record, one live entry per case), who
//! sees which entry, sharing and declining, and the awards with their candidates from the
//! year's praise and shared entries, recorded and deleted under the audit log. Driven through
//! the typed client, as the library and awards pages are.

use app::api::{CallError, PracticeLibrary};
use app::domain::{
    AwardInput, HistoryAction, PracticeDecisionInput, PracticeInput, PracticeKind, PracticeState, StaffInput,
};
use serde_json::json;

use crate::common::{Client, TestApp, answer_input, field_codes};

const TOURISM: i64 = 3; // 관광사업팀: railbike cases are routed here
const FARM: i64 = 4;
const PASSWORD: &str = "user-password";

/// A railbike case from 홍길동 (010-1234-5678), routed to the tourism team.
async fn file(app: &TestApp, kind: &str, content: &str) -> i64 {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": kind, "channel": "kiosk", "facility": "railbike", "content": content,
                   "name": "홍길동", "phone": "010-1234-5678"}),
            None,
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

async fn close(id: i64, manager: &Client) {
    manager.answer(id, &answer_input()).await.unwrap();
}

fn practice(title: &str) -> PracticeInput {
    PracticeInput {
        kind: "good".into(),
        title: title.into(),
        situation: "휠체어 이용객이 레일바이크 승차장을 찾지 못했습니다.".into(),
        action: "직원이 승차장까지 동행하고 경사로 안내판을 설치했습니다.".into(),
        lesson: "이동 약자의 동선을 현장에서 다시 점검합니다.".into(),
        staff_name: "김친절".into(),
    }
}

fn decision(share: bool, reason: &str) -> PracticeDecisionInput {
    PracticeDecisionInput { share, reason: reason.into() }
}

fn titles(library: &PracticeLibrary) -> Vec<String> {
    library.items.iter().map(|p| p.title.clone()).collect()
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.iter().map(|(f, c)| ((*f).to_owned(), (*c).to_owned())).collect()
}

#[tokio::test]
async fn a_closed_case_is_proposed_shared_or_declined_and_seen_by_whom_it_concerns() {
    let app = TestApp::new().await;
    app.set_now("2026-11-10 10:00");
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let handler = app.client(Some(&app.user_in("handler", "handler", Some(TOURISM)).await));
    let farmer = app.client(Some(&app.user_in("farmer", "handler", Some(FARM)).await));
    let cco = app.client(Some(&app.user("cco", "executive").await));
    let privacy = app.client(Some(&app.user("privacy", "privacy_officer").await));

    let a = file(&app, "complaint", "승차장을 찾기 어려웠습니다").await;
    // Not before it is closed.
    let r = handler.propose_practice(a, &practice("휠체어 이용객 동행 안내")).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("invalid_transition")), "{r:?}");
    close(a, &manager).await;
    let view = handler.case(a).await.unwrap();
    assert!(view.actions.propose_practice);
    assert_eq!(view.practice, None);
    assert!(!cco.case(a).await.unwrap().actions.propose_practice, "executives read only");

    // Refusals, field by field; the complainant's name and number are caught unmasked.
    let bad = PracticeInput {
        kind: "great".into(),
        title: " ".into(),
        situation: "홍길동 고객이 항의했습니다".into(),
        action: "01012345678로 회신했습니다".into(),
        lesson: "가".repeat(2001),
        staff_name: "김".repeat(51),
    };
    let r = handler.propose_practice(a, &bad).await.unwrap_err();
    assert_eq!(r.status(), Some(422));
    assert_eq!(
        field_codes(&r),
        pairs(&[
            ("action", "personal_data"),
            ("kind", "unknown_option"),
            ("lesson", "too_long"),
            ("situation", "personal_data"),
            ("staff_name", "too_long"),
            ("title", "required"),
        ])
    );
    assert_eq!(r.fields().0["kind"].ko, "목록에 있는 값 가운데 하나를 골라 주세요.");
    assert_eq!(farmer.propose_practice(a, &practice("x")).await.unwrap_err().status(), Some(404));
    assert_eq!(cco.propose_practice(a, &practice("x")).await.unwrap_err().status(), Some(403));

    // The handler proposes; it waits for the VOC office, and the case says so.
    let proposed = handler.propose_practice(a, &practice("휠체어 이용객 동행 안내")).await.unwrap();
    let id_a = proposed.id;
    assert_eq!((proposed.state, proposed.department.as_deref()), (PracticeState::Proposed, Some("관광사업팀")));
    assert!(!proposed.actions.decide);
    let r = handler.propose_practice(a, &practice("두 번째")).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("practice_exists")));
    let view = handler.case(a).await.unwrap();
    assert_eq!(view.practice.map(|p| p.state), Some(PracticeState::Proposed));
    let last = view.history.last().unwrap();
    assert_eq!((last.code, last.action.as_str()), (Some(HistoryAction::PracticeProposed), "우수사례 추천"));

    // Proposals are the VOC office's and the department's to see.
    let lib = |who: &'static str, q: &'static str| {
        let app = &app;
        async move {
            let cookie = app.login(who, PASSWORD).await;
            app.client(Some(&cookie)).good_practices(q).await
        }
    };
    let mine = lib("handler", "").await.unwrap();
    assert_eq!((titles(&mine), mine.waiting), (vec!["휠체어 이용객 동행 안내".into()], 1));
    assert!(titles(&lib("farmer", "").await.unwrap()).is_empty(), "another department's proposal");
    assert!(lib("manager", "").await.unwrap().items[0].actions.decide);
    assert_eq!(privacy.good_practices("").await.unwrap_err().status(), Some(403));

    // The VOC office decides: a reason to decline, once.
    assert_eq!(handler.decide_practice(id_a, &decision(true, "")).await.unwrap_err().status(), Some(403));
    let r = manager.decide_practice(id_a, &decision(false, " ")).await.unwrap_err();
    assert_eq!(field_codes(&r), pairs(&[("reason", "required")]));
    let shared = manager.decide_practice(id_a, &decision(true, "")).await.unwrap();
    assert_eq!((shared.state, shared.decided_by.as_deref()), (PracticeState::Shared, Some("manager")));
    assert!(!shared.actions.decide);
    let r = manager.decide_practice(id_a, &decision(false, "늦음")).await.unwrap_err();
    assert_eq!((r.status(), r.code()), (Some(409), Some("practice_decided")));
    assert_eq!(manager.decide_practice(999, &decision(true, "")).await.unwrap_err().status(), Some(404));
    assert_eq!(
        titles(&lib("farmer", "").await.unwrap()),
        ["휠체어 이용객 동행 안내"],
        "shared with every staff member"
    );
    assert_eq!(titles(&lib("cco", "").await.unwrap()), ["휠체어 이용객 동행 안내"]);

    // The VOC office's own proposal is shared at once; a declined one is kept with its reason
    // for the department, and the case may be proposed again.
    let b = file(&app, "praise", "김친절 직원이 친절했습니다").await;
    close(b, &manager).await;
    let lesson =
        PracticeInput {
            kind: "lesson".into(), staff_name: String::new(), ..practice("안내 방송 누락의 교훈")
        };
    let own = manager.propose_practice(b, &lesson).await.unwrap();
    assert_eq!((own.state, own.kind, own.staff_name), (PracticeState::Shared, PracticeKind::Lesson, None));
    let c = file(&app, "complaint", "대기 시간이 길었습니다").await;
    close(c, &manager).await;
    let id_c = handler.propose_practice(c, &practice("대기열 안내")).await.unwrap().id;
    let declined = manager.decide_practice(id_c, &decision(false, " 유사 사례가 이미 있습니다 ")).await.unwrap();
    assert_eq!(
        (declined.state, declined.decline_reason.as_deref()),
        (PracticeState::Declined, Some("유사 사례가 이미 있습니다"))
    );
    let mine = lib("handler", "state=declined").await.unwrap();
    assert_eq!(titles(&mine), ["대기열 안내"]);
    assert_eq!(mine.items[0].decline_reason.as_deref(), Some("유사 사례가 이미 있습니다"));
    assert!(titles(&lib("farmer", "state=declined").await.unwrap()).is_empty());
    let view = handler.case(c).await.unwrap();
    let last = view.history.last().unwrap();
    assert_eq!(
        (last.code, last.after.as_deref()),
        (Some(HistoryAction::PracticeDeclined), Some("유사 사례가 이미 있습니다"))
    );
    let again = handler.propose_practice(c, &practice("대기열 안내 (보완)")).await;
    assert!(again.is_ok(), "a declined entry does not block another: {again:?}");

    // Filters.
    assert_eq!(titles(&lib("farmer", "kind=lesson").await.unwrap()), ["안내 방송 누락의 교훈"]);
    let ramp = lib("farmer", "q=%EA%B2%BD%EC%82%AC%EB%A1%9C").await.unwrap();
    assert_eq!(titles(&ramp).len(), 2, "경사로: in both texts");
    assert_eq!(titles(&lib("manager", "department=4").await.unwrap()).len(), 0);
    assert_eq!(lib("farmer", "state=lost").await.unwrap_err().status(), Some(400));
}

#[tokio::test]
async fn awards_are_recorded_from_the_years_candidates_and_deleted_under_the_audit_log() {
    let app = TestApp::new().await;
    app.set_now("2026-11-10 10:00");
    let manager = app.client(Some(&app.user_in("manager", "voc_manager", Some(1)).await));
    let handler = app.client(Some(&app.user_in("handler", "handler", Some(TOURISM)).await));
    let privacy = app.client(Some(&app.user("privacy", "privacy_officer").await));
    let admin = app.client(Some(&app.admin().await));

    // Praise for 김친절 twice and 최미소 once (farm), one shared entry naming 김친절.
    for (name, department) in [("김친절", TOURISM), ("김친절", TOURISM), ("최미소", FARM)] {
        let id = file(&app, "praise", &format!("{name} 님 칭찬합니다")).await;
        let staff = StaffInput {
            staff_name: name.into(),
            department: Some(json!(department)),
            cause: None,
            cs_training: false,
        };
        manager.set_staff(id, &staff).await.unwrap();
    }
    let a = file(&app, "complaint", "승차장을 찾기 어려웠습니다").await;
    close(a, &manager).await;
    let shared_id = manager.propose_practice(a, &practice("휠체어 이용객 동행 안내")).await.unwrap().id;
    let c = file(&app, "complaint", "대기 시간이 길었습니다").await;
    close(c, &manager).await;
    let proposed_id = handler.propose_practice(c, &practice("대기열 안내")).await.unwrap().id;

    let overview = manager.awards("year=2026").await.unwrap();
    assert_eq!((overview.can_record, overview.last_year), (true, 2026));
    let candidates: Vec<(String, String, i64, i64, bool)> = overview
        .candidates
        .iter()
        .map(|c| {
            let who = c.staff_name.clone().or(c.department.clone()).unwrap();
            (c.kind.as_str().to_owned(), who, c.praise, c.practices, c.awarded)
        })
        .collect();
    assert_eq!(
        candidates,
        [
            ("department".into(), "관광사업팀".into(), 2, 1, false),
            ("department".into(), "농특산물홍보팀".into(), 1, 0, false),
            ("staff".into(), "김친절".into(), 2, 1, false),
            ("staff".into(), "최미소".into(), 1, 0, false),
        ]
    );
    let choices: Vec<i64> = overview.practices.iter().map(|p| p.id).collect();
    assert_eq!(choices, [shared_id], "only shared entries back an award");
    let theirs = handler.awards("").await.unwrap();
    assert_eq!((theirs.year, theirs.can_record), (2026, false));
    assert!(theirs.candidates.is_empty());
    assert_eq!(manager.awards("year=2027").await.unwrap_err().status(), Some(422));
    assert_eq!(privacy.awards("").await.unwrap_err().status(), Some(403));

    // Refusals, field by field.
    let bad = AwardInput {
        year: 2026,
        kind: "staff".into(),
        staff_name: " ".into(),
        grounds: "칭찬 2건".into(),
        practice_id: Some(proposed_id),
        awarded_on: "2026-11-11".into(),
        ..AwardInput::default()
    };
    let r = manager.record_award(&bad).await.unwrap_err();
    assert_eq!(
        field_codes(&r),
        pairs(&[
            ("awarded_on", "date_in_future"),
            ("honour", "required"),
            ("practice_id", "unknown_option"),
            ("staff_name", "required"),
        ])
    );
    let unknown = AwardInput {
        year: 2026,
        kind: "department".into(),
        department_id: Some(99),
        honour: "이사장 표창".into(),
        grounds: "x".into(),
        awarded_on: "2026-11-10".into(),
        ..AwardInput::default()
    };
    let r = manager.record_award(&unknown).await.unwrap_err();
    assert_eq!(field_codes(&r), pairs(&[("department_id", "unknown_department")]));
    let award = AwardInput {
        year: 2026,
        kind: "staff".into(),
        staff_name: "김친절".into(),
        department_id: Some(TOURISM),
        honour: "이사장 표창".into(),
        reward: "문경사랑상품권 10만원".into(),
        grounds: "칭찬 민원 2건, 우수사례 1건".into(),
        practice_id: Some(shared_id),
        awarded_on: "2026-11-10".into(),
    };
    assert_eq!(handler.record_award(&award).await.unwrap_err().status(), Some(403));

    let recorded = manager.record_award(&award).await.unwrap();
    let id = recorded.id;
    assert_eq!(
        (recorded.kind_label.as_str(), recorded.department.as_deref(), recorded.practice_title.as_deref()),
        ("CS 우수직원", Some("관광사업팀"), Some("휠체어 이용객 동행 안내"))
    );
    let read = handler.awards("year=2026").await.unwrap();
    assert_eq!(read.awards[0].staff_name.as_deref(), Some("김친절"), "every staff member reads the awards");
    let overview = manager.awards("year=2026").await.unwrap();
    let kim = overview.candidates.iter().find(|c| c.staff_name.as_deref() == Some("김친절")).unwrap();
    assert!(kim.awarded);
    assert!(manager.awards("year=2025").await.unwrap().awards.is_empty());

    assert_eq!(handler.delete_award(id).await.unwrap_err().status(), Some(403));
    manager.delete_award(id).await.unwrap();
    let gone: CallError = manager.delete_award(id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
    for (action, before, after) in [("award_recorded", false, true), ("award_deleted", true, false)] {
        let log = admin.audit_log(&format!("action={action}")).await.unwrap();
        assert_eq!(log.total, 1, "{action}: {log:?}");
        let entry = &log.items[0];
        assert_eq!(entry.target, format!("award:{id}"));
        let holds = |side: &Option<String>| {
            side.as_deref().is_some_and(|s| s.contains("김친절") && s.contains("휠체어 이용객 동행 안내"))
        };
        assert_eq!((holds(&entry.before), holds(&entry.after)), (before, after), "{entry:?}");
    }
}
