//! A case is found by its complainant's contacts through a keyed hash: the database holds the
//! hashes, never an index of the contacts; another key stops the server (or hashes everything
//! again when asked); cases from before the hashes are hashed at the first start; incidents
//! follow the person by their cases' hashes.

use axum::http::StatusCode;
use serde_json::{Value, json};
use server::contact_key::ContactKeySource;

use crate::common::TestApp;

async fn file(app: &TestApp, phone: &str, email: &str) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": "레일바이크 안전바가 헐겁습니다",
                   "phone": phone, "email": email, "consent": {"sms": true, "email": true}}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

/// The receipt numbers a contact search finds.
async fn by_contact(app: &TestApp, contact: &str, admin: &str) -> Vec<String> {
    let q: String = contact.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = app.get(&format!("/api/v1/cases?contact={q}"), Some(admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["items"].as_array().unwrap().iter().map(|i| i["receipt_no"].as_str().unwrap().to_owned()).collect()
}

async fn keys(app: &TestApp) -> Vec<(Option<String>, Option<String>)> {
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    sqlx::query_as("SELECT phone_key, email_key FROM cases ORDER BY id").fetch_all(&pool).await.unwrap()
}

#[tokio::test]
async fn contacts_are_matched_by_a_keyed_hash_in_any_writing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let receipt = file(&app, "010-2345-6789", "Kim.Minsu@Example.kr").await["receipt_no"].as_str().unwrap().to_owned();
    file(&app, "010-2345-6780", "lee@example.kr").await;

    let stored = keys(&app).await;
    let (phone_key, email_key) = (stored[0].0.clone().unwrap(), stored[0].1.clone().unwrap());
    assert_eq!((phone_key.len(), email_key.len()), (32, 32));
    assert!(!phone_key.contains("6789") && !email_key.contains("kim"), "{phone_key} {email_key}");
    assert_ne!(stored[0], stored[1]);

    for contact in ["010-2345-6789", "01023456789", "+82 10 2345 6789", "kim.minsu@example.kr", "KIM.MINSU@EXAMPLE.KR"]
    {
        assert_eq!(by_contact(&app, contact, &admin).await, vec![receipt.clone()], "{contact}");
    }
    assert!(by_contact(&app, "010-2345-6781", &admin).await.is_empty());
}

const ANOTHER_KEY: &str = "quite another contact key, long enough 987";

fn another_key(c: &mut server::config::Config) {
    c.contact_key = ContactKeySource::Secret(ANOTHER_KEY.into());
}

#[tokio::test]
async fn another_key_stops_the_server_until_everything_is_hashed_again() {
    let app = TestApp::new().await;
    let receipt = file(&app, "010-3456-7890", "park@example.kr").await["receipt_no"].as_str().unwrap().to_owned();
    let before = keys(&app).await;

    let refused = TestApp::try_on_with(&app.db_url, another_key).await.err().expect("another key is refused");
    let message = refused.to_string();
    assert!(message.contains("VOC_CONTACT_REKEY=1") && message.contains("another key"), "{message}");
    assert_eq!(keys(&app).await, before, "nothing changed");

    let rekeyed = TestApp::try_on_with(&app.db_url, |c| {
        another_key(c);
        c.contact_rekey = true;
    })
    .await
    .expect("starts, hashing again");
    let after = keys(&rekeyed).await;
    assert!(after[0].0.is_some() && after[0].1.is_some());
    assert_ne!(after, before);
    let admin = rekeyed.admin().await;
    assert_eq!(by_contact(&rekeyed, "010-3456-7890", &admin).await, vec![receipt.clone()]);
    assert_eq!(by_contact(&rekeyed, "park@example.kr", &admin).await, vec![receipt.clone()]);
    // The new key is the one now: it starts without asking, and the old one is refused.
    assert!(TestApp::try_on_with(&app.db_url, another_key).await.is_ok());
    assert!(TestApp::try_on_with(&app.db_url, |_| {}).await.is_err());
}

#[tokio::test]
async fn cases_from_before_the_hashes_are_hashed_at_the_first_start() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let mut filed = Vec::new();
    for i in 0..3 {
        let r = file(&app, &format!("010-4567-000{i}"), &format!("user{i}@example.kr")).await;
        filed.push(r["receipt_no"].as_str().unwrap().to_owned());
    }
    let anonymous = app.file("연락처 없이 접수합니다").await;
    let hashed = keys(&app).await;
    // As a database migrated from before the hashes: none, and no key check.
    let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
    sqlx::query("UPDATE cases SET phone_key = NULL, email_key = NULL").execute(&pool).await.unwrap();
    sqlx::query("DELETE FROM contact_key_check").execute(&pool).await.unwrap();
    assert!(by_contact(&app, "010-4567-0001", &admin).await.is_empty());

    // Two instances starting together: one hashes, the other waits for it; both start.
    let (again, other) =
        tokio::join!(TestApp::try_on_with(&app.db_url, |_| {}), TestApp::try_on_with(&app.db_url, |_| {}));
    let (again, _other) = (again.expect("the first starts"), other.expect("the second starts"));
    assert_eq!(keys(&again).await, hashed, "the same hashes as when filed");
    assert_eq!(keys(&again).await.last(), Some(&(None, None)), "{anonymous:?} has no contact to hash");
    assert_eq!(by_contact(&again, "010-4567-0001", &admin).await, vec![filed[1].clone()]);
    assert_eq!(by_contact(&again, "USER2@example.kr", &admin).await, vec![filed[2].clone()]);
}
