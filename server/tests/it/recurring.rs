//! Recurring causes: the categories, facilities and staff causes that grew against the period
//! before, the words and phrases of the complaint texts with their share before, a head's own
//! department only, and the stop-words (refused when malformed, audited, applied at once).

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestApp;

const PASSWORD: &str = "user-password";

/// Files a case as the administrator: staff set the category (the default profile offers
/// complainants none).
async fn file(app: &TestApp, kind: &str, facility: &str, category: &str, content: &str) -> i64 {
    let body =
        json!({"kind": kind, "channel": "kiosk", "facility": facility, "category": category, "content": content});
    let admin = app.admin().await;
    let r = app.post("/api/v1/cases", body, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

fn risers(body: &Value, table: &str) -> Vec<(String, i64, i64, Option<f64>)> {
    body[table]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["label"].as_str().unwrap().to_owned(),
                l["count"].as_i64().unwrap(),
                l["previous"].as_i64().unwrap(),
                l["growth_percent"].as_f64(),
            )
        })
        .collect()
}

fn group<'a>(body: &'a Value, key: &str) -> &'a Value {
    body["terms"].as_array().unwrap().iter().find(|g| g["key"] == key).unwrap_or_else(|| panic!("{key}: {body}"))
}

fn terms(group: &Value, list: &str) -> Vec<(String, i64, i64)> {
    group[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["term"].as_str().unwrap().to_owned(),
                t["texts"].as_i64().unwrap(),
                t["previous_texts"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn what_grew_and_what_the_complaints_repeat_against_the_month_before() {
    let app = TestApp::new().await;
    // October: one railbike complaint about parking, one monorail complaint.
    app.set_now("2026-10-12 10:00");
    file(&app, "complaint", "railbike", "improvement", "주차장이 좁습니다").await;
    file(&app, "complaint", "monorail", "facility_safety", "모노레일 좌석이 고장났어요").await;
    // November: three railbike complaints about parking and waiting, a monorail one, and a
    // praise that counts for the categories and facilities but gives no words.
    app.set_now("2026-11-09 10:00");
    file(&app, "complaint", "railbike", "improvement", "주차장이 너무 좁아요. 대기 시간이 길어요").await;
    file(&app, "complaint", "railbike", "improvement", "주차장 부족합니다, 대기 시간 안내도 없습니다 010-1234-5678")
        .await;
    let rude = file(&app, "complaint", "railbike", "improvement", "매표소 직원이 불친절합니다. 주차장 부족").await;
    file(&app, "complaint", "monorail", "facility_safety", "모노레일 좌석 고장").await;
    file(&app, "praise", "railbike", "improvement", "직원이 친절했습니다 친절했습니다").await;

    app.user_in("manager", "voc_manager", Some(1)).await;
    let handler = app.user_in("handler", "handler", Some(3)).await;
    app.user_in("tourhead", "department_head", Some(3)).await;
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/cases/{rude}/staff"),
            Some(json!({"staff_name": "박무뚝", "cause": "rudeness"})),
            Some(&handler),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let manager = app.login("manager", PASSWORD).await;

    let url = "/api/v1/reports/recurring?from=2026-11-01&to=2026-11-30";
    let r = app.get(url, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let b = &r.body;
    assert_eq!((b["previous_from"].as_str(), b["previous_to"].as_str()), (Some("2026-10-01"), Some("2026-10-31")));
    assert_eq!(
        risers(b, "categories"),
        [("개선제안/불편불만".to_owned(), 4, 1, Some(300.0))],
        "the monorail's stayed at one"
    );
    assert_eq!(risers(b, "facilities"), [("철로자전거".to_owned(), 4, 1, Some(300.0))]);
    assert_eq!(risers(b, "staff_causes"), [("불친절".to_owned(), 1, 0, None)]);

    let all = group(b, "all");
    assert_eq!(
        (all["label"].as_str(), all["texts"].as_i64(), all["previous_texts"].as_i64()),
        (Some("전체"), Some(4), Some(2))
    );
    let words = |g: &Value| terms(g, "words");
    let parking = ("주차장".to_owned(), 3, 1);
    let twice = |t: &str| (t.to_owned(), 2, 0);
    // Particles and endings come off (주차장이, 부족합니다); 너무 and 없습니다 are stop-words;
    // the phone number is no term; a word in one text only is not listed.
    assert_eq!(words(all), [parking.clone(), twice("대기"), twice("부족"), twice("시간")]);
    assert_eq!(terms(all, "phrases"), [twice("대기 시간"), twice("주차장 부족")]);
    let share = &all["words"][0];
    assert_eq!((share["share"].as_f64(), share["previous_share"].as_f64()), (Some(0.75), Some(0.5)));
    let keys = |b: &Value| {
        b["terms"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(keys(b), ["all", "improvement", "facility_safety"], "the categories with the most texts after all");
    let improvement = group(b, "improvement");
    assert_eq!((improvement["label"].as_str(), improvement["texts"].as_i64()), (Some("개선제안/불편불만"), Some(3)));
    assert_eq!(words(improvement), [parking.clone(), twice("대기"), twice("부족"), twice("시간")]);
    assert_eq!(group(b, "facility_safety")["words"], json!([]));
    assert_eq!(b["can_edit_stop_words"], true);
    assert!(b["stop_words"].as_array().unwrap().contains(&json!("너무")), "{:?}", b["stop_words"]);

    // A department head reads their own department's (the monorail is another's), whatever
    // they ask for; and may not change the stop-words.
    let head = app.login("tourhead", PASSWORD).await;
    let r = app.get(&format!("{url}&department=5"), Some(&head)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["department"], "관광사업팀");
    assert_eq!(risers(&r.body, "categories"), [("개선제안/불편불만".to_owned(), 4, 1, Some(300.0))]);
    assert_eq!(keys(&r.body), ["all", "improvement"]);
    assert_eq!(group(&r.body, "all")["texts"], 3);
    assert_eq!(r.body["can_edit_stop_words"], false);
    let stop = |words: &str| json!({"words": words});
    let r = app.call(Method::PUT, "/api/v1/reports/stop-words", Some(stop("주차장")), Some(&head)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(url, Some(&handler)).await.status, StatusCode::FORBIDDEN);
    let r = app.get("/api/v1/reports/recurring?from=2026-11-30&to=2026-11-01", Some(&manager)).await;
    assert_eq!(r.body["fields"]["to"]["code"], "end_before_start");

    // Stop-words: a word too long is refused by field and nothing changes; a good list
    // replaces the old at once.
    let r = app.call(Method::PUT, "/api/v1/reports/stop-words", Some(stop(&"가".repeat(21))), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["fields"]["stop_words"]["code"], "too_long");
    assert_eq!(r.body["fields"]["stop_words"]["ko"], "20자 이하로 입력해 주세요.");
    assert_eq!(app.get(url, Some(&manager)).await.body["stop_words"], b["stop_words"]);
    let r = app
        .call(Method::PUT, "/api/v1/reports/stop-words", Some(stop("주차장, 대기\n너무 없습니다 대기")), Some(&manager))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body, json!(["너무", "대기", "없습니다", "주차장"]));
    let b = app.get(url, Some(&manager)).await.body;
    assert_eq!(b["stop_words"], json!(["너무", "대기", "없습니다", "주차장"]));
    assert_eq!(words(group(&b, "all")), [twice("부족"), twice("시간")]);
    assert_eq!(group(&b, "all")["phrases"], json!([]), "a stop-word breaks the phrases it was in");

    let admin = app.admin().await;
    let log = app.get("/api/v1/audit-log?action=stop_words_set", Some(&admin)).await.body;
    assert_eq!(log["total"], 1, "{log:?}");
    assert_eq!(log["items"][0]["target"], "stop_words");
}
