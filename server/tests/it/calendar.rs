//! Business-time deadlines through the API: policies, holidays, staff receipt times, pauses.
//! Driven through the typed client, as the staff pages are; filing as staff, the seeding test
//! (it edits the database) and the address test (it serves a calendar of its own) stay raw.

use crate::common;

use crate::common::{TestApp, answer_input, field_codes, tracking_key};
use app::domain::{
    CaseStatus, HolidayImportInput, HolidayInput, ImportDay, PauseInput, PauseReason, PeriodUnit, PolicyInput, VocKind,
};
use axum::http::{Method, StatusCode};
use chrono::{DateTime, FixedOffset};
use serde_json::json;

/// A time as the API writes it (`2026-11-25T16:00:00+09:00`).
fn written(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

fn policy(business_days: i64, unit: Option<&str>, interim_notice_days: i64, due_soon_hours: i64) -> PolicyInput {
    PolicyInput {
        business_days,
        period_unit: unit.map(str::to_owned),
        needs_confirmation: true,
        interim_notice_days,
        due_soon_hours,
    }
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn holiday(date: &str, name: &str, name_en: &str) -> HolidayInput {
    HolidayInput { date: date.into(), name: name.into(), name_en: name_en.into() }
}

fn import(ics: Option<&str>, url: Option<&str>, remove_missing: bool) -> HolidayImportInput {
    HolidayImportInput { ics: ics.map(str::to_owned), url: url.map(str::to_owned), remove_missing }
}

fn pause(reason: &str, note: &str) -> PauseInput {
    PauseInput { reason: reason.into(), note: note.into() }
}

#[tokio::test]
async fn a_staff_receipt_time_sets_the_deadline_in_business_time() {
    let app = TestApp::new().await;
    app.set_now("2026-12-02 10:00");
    let cookie = app.admin().await;
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "mail", "content": "우편으로 받은 민원입니다", "received_at": "2026-11-27T17:30:00+09:00"}),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["due_at"], "2026-12-01T17:30:00+09:00");
    // Grievance over Chuseok 2026 and the 개천절 substitute day: seven business days.
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "grievance", "channel": "visit", "content": "방문 고충 민원입니다", "received_at": "2026-09-23T18:30:00+09:00"}),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.body["due_at"], "2026-10-07T18:00:00+09:00");
    let staff = app.get(&format!("/api/v1/cases/{}", r.body["id"]), Some(&cookie)).await;
    // The interim notice is due one business day after receipt: Monday after Chuseok.
    assert_eq!(staff.body["interim_due_at"], "2026-09-28T18:00:00+09:00");
}

#[tokio::test]
async fn holidays_are_listed_by_year_and_edited_by_administrators_only() {
    let app = TestApp::new().await;
    let anyone = app.client(None);
    let list = anyone.holidays("year=2026").await.unwrap();
    assert_eq!(list.len(), 22);
    assert!(list.iter().any(|h| h.date == date("2026-09-25") && h.name == "추석"));
    assert!(list.iter().any(|h| h.date == date("2026-10-05") && h.name.starts_with("대체공휴일")));
    assert_eq!(anyone.holidays("year=20x6").await.unwrap_err().status(), Some(422));
    assert!(anyone.holidays("year=2031").await.unwrap().is_empty());

    let founding = holiday("2026-11-30", "창립기념일", "Foundation day");
    assert_eq!(anyone.put_holiday(&founding).await.unwrap_err().status(), Some(401));
    let handler = app.client(Some(&app.user("handler1", "handler").await));
    let refused = handler.put_holiday(&founding).await.unwrap_err();
    assert_eq!((refused.status(), refused.code()), (Some(403), Some("admin_only")));

    let cookie = app.admin().await;
    let admin = app.client(Some(&cookie));
    let bad = admin.put_holiday(&holiday("30/11/2026", "", "")).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let fields = bad.fields().0;
    assert_eq!((fields["date"].code.as_str(), fields["name"].code.as_str()), ("invalid_date", "required"));
    // Added, then the same day again renames it: the status tells which (the client reads
    // only the body, so these two stay raw).
    let founding = json!({"date": "2026-11-30", "name": "창립기념일", "name_en": "Foundation day"});
    assert_eq!(
        app.post("/api/v1/calendar/holidays", founding.clone(), Some(&cookie)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(app.post("/api/v1/calendar/holidays", founding, Some(&cookie)).await.status, StatusCode::OK);

    // The new holiday moves deadlines of cases received from now on.
    app.set_now("2026-11-27 17:30");
    assert_eq!(app.file("휴일이 끼어 있는 민원").await["due_at"], "2026-12-02T17:30:00+09:00");
    let admin = app.client(Some(&app.admin().await));

    admin.delete_holiday(date("2026-11-30")).await.unwrap();
    assert_eq!(admin.delete_holiday(date("2026-11-30")).await.unwrap_err().status(), Some(404));
    assert_eq!(app.file("휴일이 없어진 민원").await["due_at"], "2026-12-01T17:30:00+09:00");

    // A restart does not bring back a seeded holiday the administrator deleted.
    admin.delete_holiday(date("2026-12-25")).await.unwrap();
    let again = app.restart().await;
    let list = again.client(None).holidays("year=2026").await.unwrap();
    assert!(!list.iter().any(|h| h.date == date("2026-12-25")));
}

#[tokio::test]
async fn policies_change_new_deadlines_and_not_old_ones() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 09:00");
    let admin = app.client(Some(&app.admin().await));
    let before = app.file("정책 변경 전 민원").await;
    assert_eq!(before["due_at"], "2026-11-24T18:00:00+09:00");

    let policies = app.client(None).policies().await.unwrap();
    let complaint = policies.iter().find(|p| p.kind == VocKind::Complaint).unwrap();
    assert_eq!(complaint.business_days, 2);
    assert!(complaint.needs_confirmation);
    assert_eq!(policies[0].kind, VocKind::Inquiry);
    assert!(!policies[0].needs_confirmation);

    let bad = admin.put_policy("complaint", &PolicyInput { needs_confirmation: false, ..policy(0, None, 1, 4) }).await;
    let bad = bad.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert_eq!(bad.fields().0["business_days"].code, "number_too_small");
    let unknown = admin.put_policy("rant", &PolicyInput { needs_confirmation: false, ..policy(3, None, 1, 4) }).await;
    assert_eq!(unknown.unwrap_err().status(), Some(404));
    admin.put_policy("complaint", &policy(3, None, 2, 6)).await.unwrap();

    let after = app.file("정책 변경 후 민원").await;
    assert_eq!(after["due_at"], "2026-11-25T18:00:00+09:00");
    let queue = admin.queue("").await.unwrap();
    let old = queue.items.iter().find(|c| c.id == before["id"].as_i64().unwrap()).unwrap();
    assert_eq!(written(old.due_at), "2026-11-24T18:00:00+09:00", "a policy edit does not move existing deadlines");
    let new = queue.items.iter().find(|c| c.id == after["id"].as_i64().unwrap()).unwrap();
    assert_eq!(new.interim_due_at.map(written).as_deref(), Some("2026-11-24T18:00:00+09:00"));
    assert_eq!(new.due_soon_secs, 6 * 3600);
    assert_eq!(new.budget_secs, 3 * 8 * 3600);

    // The public procedure (no sign-in) states the period in force now.
    let procedure = app.client(None).procedure().await.unwrap();
    let kind_names: Vec<&str> = procedure.kinds.iter().map(|k| k.kind.as_str()).collect();
    assert_eq!(kind_names.first(), Some(&"inquiry"));
    assert_eq!(kind_names.last(), Some(&"appeal"), "the appeal after the filed kinds");
    let complaint = procedure.kinds.iter().find(|k| k.kind == VocKind::Complaint).unwrap();
    assert_eq!((complaint.business_days, complaint.interim_notice_days), (3, 2));
    assert_eq!(procedure.hours.open, 9 * 3600);
    assert_eq!(procedure.rules.appeal_days, 90);
    assert_eq!(procedure.rules.follow_up_at_most, 2, "the installation's setting");
}

#[tokio::test]
async fn pausing_stops_the_clock_and_resuming_moves_the_deadline() {
    let app = TestApp::new().await;
    app.set_now("2026-11-23 10:00");
    let admin = app.client(Some(&app.admin().await));
    let c = app.file("가스 냄새가 납니다. 점검 바랍니다").await;
    assert_eq!(c["due_at"], "2026-11-25T10:00:00+09:00");
    let id = c["id"].as_i64().unwrap();

    let anonymous = app.client(None).pause(id, &pause("investigation", "x")).await;
    assert_eq!(anonymous.unwrap_err().status(), Some(401));
    let bad = admin.pause(id, &pause("coffee", "")).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert_eq!(
        field_codes(&bad),
        [("note".to_owned(), "required".to_owned()), ("reason".to_owned(), "unknown_pause_reason".to_owned())]
    );
    assert_eq!(admin.resume(id).await.unwrap_err().status(), Some(409), "not paused");

    app.set_now("2026-11-23 15:00");
    // Five idle hours end a session (30 minutes idle at most).
    assert_eq!(admin.queue("").await.unwrap_err().status(), Some(401));
    let admin = app.client(Some(&app.admin().await));
    let paused = admin.pause(id, &pause("investigation", "한국가스안전공사 검사 의뢰")).await.unwrap();
    assert_eq!(paused.status, CaseStatus::Paused);
    assert_eq!(paused.pauses[0].reason, PauseReason::Investigation);
    assert_eq!(paused.pauses[0].reason_text, "검사·조사·외부기관 질의");
    assert_eq!(paused.pauses[0].ended_at, None);
    assert!(paused.clock.paused);
    assert_eq!(paused.clock.remaining, 16 * 3600 - 4 * 3600);
    assert_eq!(admin.pause(id, &pause("investigation", "again")).await.unwrap_err().status(), Some(409));
    assert_eq!(admin.answer(id, &answer_input()).await.unwrap_err().status(), Some(409));

    // Overnight the clock stays where it stopped.
    app.set_now("2026-11-24 11:00");
    let admin = app.client(Some(&app.admin().await));
    let queue = admin.queue("").await.unwrap();
    assert_eq!(queue.items[0].status, CaseStatus::Paused);
    assert_eq!(queue.items[0].paused_reason, Some(PauseReason::Investigation));
    assert_eq!(admin.case(id).await.unwrap().clock.remaining, 12 * 3600);

    // Mon 15:00 → Tue 11:00 is five business hours: Wed 10:00 becomes Wed 16:00.
    let resumed = admin.resume(id).await.unwrap();
    assert_eq!(resumed.status, CaseStatus::InProgress);
    assert_eq!(written(resumed.due_at), "2026-11-25T16:00:00+09:00");
    assert_eq!(resumed.pauses[0].ended_at.map(written).as_deref(), Some("2026-11-24T11:00:00+09:00"));
    assert_eq!(resumed.clock.remaining, 12 * 3600);
    assert!(resumed.clock.running);
    let history: Vec<&str> = resumed.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(history, vec!["접수", "부서 지정(배정 규칙)", "처리 중지(기한 정지)", "처리 재개"]);
    let detail = &resumed.history[3].detail;
    assert!(detail.contains("2026-11-25 10:00 → 2026-11-25 16:00"), "{detail}");

    // The complainant's view shows the moved deadline too.
    let (receipt, token) = tracking_key(&c);
    let public = app.client(None).tracked_case(receipt, token).await.unwrap();
    assert_eq!(written(public.due_at), "2026-11-25T16:00:00+09:00");
}

#[tokio::test]
async fn the_calendar_gives_the_browser_what_its_clocks_need() {
    let app = TestApp::new().await;
    let cal = app.client(None).calendar().await.unwrap();
    assert_eq!(
        (cal.hours.open, cal.hours.break_start, cal.hours.break_end, cal.hours.close),
        (32400, 43200, 46800, 64800)
    );
    assert_eq!(cal.policies.len(), 8, "the seven kinds and appeals");
    assert_eq!(cal.holidays.len(), app::domain::KOREAN_PUBLIC_HOLIDAYS.len());
    assert!(cal.holidays.contains(&date("2027-02-09")));
}

/// Files a case of `kind` as staff, received at `received` (Seoul time).
async fn file_as_staff(app: &TestApp, cookie: &str, kind: &str, received: &str) -> serde_json::Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": kind, "channel": "visit", "content": "방문하여 접수한 민원입니다", "received_at": received}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

#[tokio::test]
async fn periods_of_six_days_or_more_count_in_days_and_the_unit_is_a_setting() {
    let app = TestApp::new().await;
    app.set_now("2026-11-30 09:00");
    let cookie = app.admin().await;
    let admin = app.client(Some(&cookie));
    let policies = app.client(None).policies().await.unwrap();
    let unit = |kind: VocKind| policies.iter().find(|p| p.kind == kind).unwrap().period_unit;
    assert_eq!(
        (unit(VocKind::Grievance), unit(VocKind::Complaint)),
        (PeriodUnit::WorkingDays, PeriodUnit::WorkingHours),
        "by the Act"
    );

    // A seven-day grievance received on Friday at 17:30: Friday is day 1, so it is due at the
    // close of the Monday ten days later — counted in hours it would be the Tuesday.
    let g = file_as_staff(&app, &cookie, "grievance", "2026-11-27T17:30:00+09:00").await;
    assert_eq!(g["due_at"], "2026-12-07T18:00:00+09:00");
    let id = g["id"].as_i64().unwrap();
    let staff = admin.case(id).await.unwrap();
    assert_eq!((staff.budget_secs, staff.due_at_close), (48 * 3600 + 1800, true));
    // Monday 30 November 09:00: half an hour of Friday is gone.
    assert_eq!(staff.clock.remaining, 48 * 3600);
    let queue = admin.queue("").await.unwrap();
    assert!(queue.items.iter().find(|c| c.id == id).unwrap().due_at_close);

    // A pause inside the period: Tuesday 10:00 to Wednesday 15:00 stood still for 12 business
    // hours; the deadline moves by them and, counted in days, to that day's close.
    app.set_now("2026-12-01 10:00");
    let admin = app.client(Some(&app.admin().await));
    admin.pause(id, &pause("investigation", "현장 조사")).await.unwrap();
    app.set_now("2026-12-02 15:00");
    let cookie = app.admin().await;
    let admin = app.client(Some(&cookie));
    let resumed = admin.resume(id).await.unwrap();
    assert_eq!(written(resumed.due_at), "2026-12-09T18:00:00+09:00");
    // From Wednesday 15:00 to the 9th's close: 3 hours and five full days.
    assert_eq!(resumed.clock.remaining, 3 * 3600 + 5 * 8 * 3600);

    // The manual's variant: an administrator counts grievances in hours.
    let bad = PolicyInput { needs_confirmation: false, ..policy(7, Some("fortnights"), 1, 8) };
    let bad = admin.put_policy("grievance", &bad).await.unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let fields = bad.fields().0;
    assert_eq!(fields["period_unit"].code, "unknown_period_unit");
    assert!(fields["period_unit"].ko.contains("기간 계산 단위"));
    let hours = admin.put_policy("grievance", &policy(7, Some("working_hours"), 1, 8)).await.unwrap();
    assert_eq!(hours.period_unit, PeriodUnit::WorkingHours);
    let h = file_as_staff(&app, &cookie, "grievance", "2026-11-27T17:30:00+09:00").await;
    assert_eq!(h["due_at"], "2026-12-08T17:30:00+09:00");
    let old = admin.case(id).await.unwrap();
    assert_eq!(written(old.due_at), "2026-12-09T18:00:00+09:00", "an edit does not move a case already received");

    // Months by the calendar, the first day included: 30 November + 3 months ends on the last
    // day of February (a Sunday), then 삼일절 — Tuesday 2 March.
    admin.put_policy("suggestion", &policy(3, Some("months"), 1, 8)).await.unwrap();
    let s = file_as_staff(&app, &cookie, "suggestion", "2026-11-30T10:00:00+09:00").await;
    assert_eq!(s["due_at"], "2027-03-02T18:00:00+09:00");
}

#[tokio::test]
async fn a_database_seeded_before_2026_receives_labour_and_constitution_day_once() {
    let app = TestApp::new().await;
    let list = app.get("/api/v1/calendar/holidays?year=2026", None).await.body;
    assert!(list.as_array().unwrap().iter().any(|h| h["date"] == "2026-07-17" && h["name"] == "제헌절"));

    // Make it look like a database seeded by the earlier release, with an administrator's
    // own name for a day the amendment also brings.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    for d in app::domain::HOLIDAYS_ADDED_IN_2026 {
        sqlx::query("DELETE FROM holidays WHERE date = $1").bind(d.0).execute(&pool).await.unwrap();
    }
    sqlx::query("DELETE FROM seeds WHERE name = 'korean_public_holidays_2026_amendment'").execute(&pool).await.unwrap();
    pool.close().await;
    let admin = app.admin().await;
    let own = json!({"date": "2027-05-01", "name": "근로자의 날", "name_en": "Workers' Day"});
    assert_eq!(app.post("/api/v1/calendar/holidays", own, Some(&admin)).await.status, StatusCode::CREATED);

    // A 2026 grievance around 제헌절 without it: counted as a business day.
    app.set_now("2026-07-15 09:00");
    let admin = app.admin().await;
    assert_eq!(
        file_as_staff(&app, &admin, "grievance", "2026-07-15T09:00:00+09:00").await["due_at"],
        "2026-07-23T18:00:00+09:00"
    );

    let app = app.restart().await;
    let mut all = Vec::new();
    for year in [2026, 2027, 2028] {
        all.extend(
            app.get(&format!("/api/v1/calendar/holidays?year={year}"), None).await.body.as_array().unwrap().clone(),
        );
    }
    let name_of = |date: &str| all.iter().find(|h| h["date"] == date).map(|h| h["name"].as_str().unwrap().to_owned());
    assert_eq!(name_of("2026-05-01").as_deref(), Some("노동절"));
    assert_eq!(name_of("2027-07-19").as_deref(), Some("대체공휴일(제헌절)"));
    assert_eq!(name_of("2027-05-01").as_deref(), Some("근로자의 날"), "the administrator's row is kept");
    assert_eq!(all.len(), app::domain::KOREAN_PUBLIC_HOLIDAYS.len() - 19, "2025's 19 days are in other years");
    app.set_now("2026-07-15 09:00");
    let admin = app.admin().await;
    // With 제헌절 (Friday 17 July) a holiday, the seventh day is Friday 24 July.
    assert_eq!(
        file_as_staff(&app, &admin, "grievance", "2026-07-15T09:00:00+09:00").await["due_at"],
        "2026-07-24T18:00:00+09:00"
    );

    // Applied once: a day the administrator then deletes stays deleted.
    let del = app.call(Method::DELETE, "/api/v1/calendar/holidays/2028-07-17", None, Some(&admin)).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let app = app.restart().await;
    let list = app.get("/api/v1/calendar/holidays?year=2028", None).await.body;
    assert!(!list.as_array().unwrap().iter().any(|h| h["date"] == "2028-07-17"));
}

/// A holiday calendar as public calendars publish it (all-day events, a folded line, a
/// multi-day event, a recurring one that is skipped).
const KOREA_2027_ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//holidays//KO\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270502\r\nSUMMARY:노동절\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270503\r\nDTEND;VALUE=DATE:20270504\r\nSUMMARY:대체공휴일(노\r\n 동절)\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270914\r\nDTEND;VALUE=DATE:20270917\r\nSUMMARY:추석 연휴\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271111\r\nDTEND;VALUE=DATE:20271112\r\nSUMMARY:지방공사 창립기념일\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:신정\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[tokio::test]
async fn administrators_import_holidays_from_an_icalendar_file_after_a_preview() {
    let app = TestApp::new().await;
    let body = import(Some(KOREA_2027_ICS), None, false);
    assert_eq!(app.client(None).preview_holiday_import(&body).await.unwrap_err().status(), Some(401));
    let handler = app.client(Some(&app.user("handler1", "handler").await));
    assert_eq!(handler.preview_holiday_import(&body).await.unwrap_err().status(), Some(403));

    let cookie = app.admin().await;
    let admin = app.client(Some(&cookie));
    let bad = admin.preview_holiday_import(&import(Some("<html>로그인이 필요합니다</html>"), None, false)).await;
    let bad = bad.unwrap_err();
    assert_eq!((bad.status(), bad.fields().0["ics"].code.as_str()), (Some(422), "not_icalendar"));
    assert!(bad.fields().0["ics"].ko.contains("iCalendar"));
    let none = admin.preview_holiday_import(&import(None, None, false)).await.unwrap_err();
    assert_eq!(none.fields().0["ics"].code, "required");
    let both = import(Some(KOREA_2027_ICS), Some("https://example.org/kr.ics"), false);
    assert_eq!(admin.preview_holiday_import(&both).await.unwrap_err().fields().0["url"].code, "one_source_only");

    // An administrator's own name for 1 May 2027 (a rename: 200, which the client does not
    // show, so this call stays raw) and an own holiday in 2027 the file lacks.
    let own = json!({"date": "2027-05-01", "name": "근로자의 날", "name_en": "Workers' Day"});
    assert_eq!(app.post("/api/v1/calendar/holidays", own, Some(&cookie)).await.status, StatusCode::OK);
    let d = admin.preview_holiday_import(&body).await.unwrap();
    assert_eq!((d.first_year, d.last_year), (2027, 2027));
    let dates = |days: &[ImportDay]| -> Vec<String> { days.iter().map(|x| x.date.to_string()).collect() };
    assert_eq!(dates(&d.add), ["2027-11-11"]);
    let renamed: Vec<(String, &str, &str)> =
        d.rename.iter().map(|r| (r.date.to_string(), r.from.as_str(), r.to.as_str())).collect();
    assert_eq!(
        renamed,
        [("2027-05-01".to_owned(), "근로자의 날", "노동절"), ("2027-09-15".to_owned(), "추석", "추석 연휴")]
    );
    // Everything else of 2027 in the table is missing from the file (it has five days).
    assert!(dates(&d.missing).contains(&"2027-12-25".to_owned()));
    assert!(!dates(&d.missing).iter().any(|x| x.starts_with("2026")), "only the years the file covers");
    assert_eq!(d.unchanged, 3, "대체공휴일(노동절) and two days of 추석 연휴");
    assert_eq!(d.skipped.len(), 1);
    assert!(!d.missing_removed);
    // A preview changes nothing.
    let anyone = app.client(None);
    assert!(!anyone.holidays("year=2027").await.unwrap().iter().any(|h| h.date == date("2027-11-11")));

    // Applied without removing: added and renamed; the English name stays.
    admin.import_holidays(&body).await.unwrap();
    let list = anyone.holidays("year=2027").await.unwrap();
    let may1 = list.iter().find(|h| h.date == date("2027-05-01")).unwrap();
    assert_eq!((may1.name.as_str(), may1.name_en.as_str()), ("노동절", "Workers' Day"));
    assert!(list.iter().any(|h| h.date == date("2027-11-11") && h.name == "지방공사 창립기념일"));
    assert!(list.iter().any(|h| h.date == date("2027-12-25")), "kept: not asked to remove");
    let trail = admin.audit_log("action=holidays_imported").await.unwrap();
    assert_eq!(trail.total, 1, "{trail:?}");

    // Applied with removal: 2027 is exactly the file's; other years untouched.
    let applied = admin.import_holidays(&import(Some(KOREA_2027_ICS), None, true)).await.unwrap();
    assert!(applied.missing_removed);
    assert_eq!(anyone.holidays("year=2027").await.unwrap().len(), 6);
    assert_eq!(anyone.holidays("year=2026").await.unwrap().len(), 22);
    // And deadlines follow: 25 December 2027 is a working day now.
    app.set_now("2027-12-24 17:00");
    assert_eq!(app.file("성탄절 근무일 민원").await["due_at"], "2027-12-28T17:00:00+09:00");
}

#[tokio::test]
async fn a_calendar_address_is_fetched_and_its_failures_are_named() {
    use axum::routing::get;
    let router = axum::Router::new()
        .route("/kr.ics", get(|| async { ([("content-type", "text/calendar")], KOREA_2027_ICS) }))
        .route("/login", get(|| async { "<html>sign in</html>" }))
        .route("/big.ics", get(|| async { "X".repeat(1_100_000) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let app = TestApp::new().await;
    let admin = app.admin().await;
    let preview = "/api/v1/calendar/holidays/import/preview";
    let r = app.post(preview, json!({"url": format!("{base}/kr.ics")}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["add"].as_array().unwrap().len(), 1);

    let field = |r: &common::Reply| (r.status, r.body["fields"]["url"]["code"].as_str().unwrap_or_default().to_owned());
    let r = app.post(preview, json!({"url": format!("{base}/missing.ics")}), Some(&admin)).await;
    assert_eq!(field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "calendar_unreachable".into()));
    assert!(r.body["fields"]["url"]["ko"].as_str().unwrap().contains("HTTP 404"));
    let r = app.post(preview, json!({"url": format!("{base}/login")}), Some(&admin)).await;
    assert_eq!(field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "not_icalendar".into()));
    let r = app.post(preview, json!({"url": format!("{base}/big.ics")}), Some(&admin)).await;
    assert_eq!(field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "calendar_too_large".into()));
    let r = app.post(preview, json!({"url": "http://127.0.0.1:9/none.ics"}), Some(&admin)).await;
    assert_eq!(field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "calendar_unreachable".into()));
    let r = app.post(preview, json!({"url": "ftp://example.org/kr.ics"}), Some(&admin)).await;
    assert_eq!(field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "url_invalid".into()));

    let r = app.post("/api/v1/calendar/holidays/import", json!({"url": format!("{base}/kr.ics")}), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let y2027 = app.get("/api/v1/calendar/holidays?year=2027", None).await.body;
    assert!(y2027.as_array().unwrap().iter().any(|h| h["date"] == "2027-11-11"));
}
