//! Two-step sign-in (TOTP with recovery codes): required by default for every role, set up at
//! the first sign-in, each code accepted once, guesses limited, reset by an administrator.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use server::two_factor::Policy;

use crate::common::{ADMIN_PASSWORD, TestApp};

async fn required() -> TestApp {
    TestApp::new_with(|c| c.staff_2fa = Policy::Required).await
}

fn code_error(body: &Value) -> &str {
    body["fields"]["code"]["code"].as_str().unwrap_or_default()
}

async fn audit_actions(app: &TestApp, admin: &str) -> Vec<String> {
    let log = app.get("/api/v1/audit-log?per_page=200", Some(admin)).await;
    assert_eq!(log.status, StatusCode::OK, "{:?}", log.body);
    log.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_required_second_factor_is_set_up_before_any_work_and_then_asked_at_every_sign_in() {
    let app = required().await;
    let kim = app.user_in("kim", "handler", Some(2)).await;
    // The password alone opens only the set-up.
    let queue = app.get("/api/v1/queue", Some(&kim)).await;
    assert_eq!(queue.status, StatusCode::FORBIDDEN);
    assert_eq!(queue.body["error"], "second_factor_setup_required", "{:?}", queue.body);
    let me = app.get("/api/v1/session", Some(&kim)).await.body;
    assert_eq!(
        me["two_factor"],
        json!({"enrolled": false, "pending": false, "required": true, "recovery_codes_left": 0})
    );

    // Confirming before a set-up, a malformed code, a wrong code: each said plainly.
    let early = app.post("/api/v1/session/two-factor", json!({"code": "123456"}), Some(&kim)).await;
    assert_eq!((early.status, code_error(&early.body)), (StatusCode::UNPROCESSABLE_ENTITY, "no_totp_setup"));
    let setup = app.post("/api/v1/session/two-factor/setup", json!({}), Some(&kim)).await;
    assert_eq!(setup.status, StatusCode::OK);
    let secret = setup.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let uri = setup.body["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(setup.body["qr_svg"].as_str().unwrap().contains("<svg"));
    let malformed = app.post("/api/v1/session/two-factor", json!({"code": "12ab"}), Some(&kim)).await;
    assert_eq!(code_error(&malformed.body), "code_malformed");
    let right = app.code_now(&secret);
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    let refused = app.post("/api/v1/session/two-factor", json!({"code": wrong}), Some(&kim)).await;
    assert_eq!(code_error(&refused.body), "wrong_code");
    assert_eq!(app.get("/api/v1/queue", Some(&kim)).await.status, StatusCode::FORBIDDEN, "nothing is set up yet");

    let done = app.post("/api/v1/session/two-factor", json!({"code": right}), Some(&kim)).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let codes: Vec<String> =
        done.body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);
    assert_eq!(app.get("/api/v1/queue", Some(&kim)).await.status, StatusCode::OK, "this session works now");
    let again = app.post("/api/v1/session/two-factor/setup", json!({}), Some(&kim)).await;
    assert_eq!((again.status, again.body["error"].as_str()), (StatusCode::CONFLICT, Some("second_factor_enrolled")));

    // Next sign-in: the password opens nothing but the code's form.
    let half = app.login("kim", "user-password").await;
    let blocked = app.get("/api/v1/queue", Some(&half)).await;
    assert_eq!(
        (blocked.status, blocked.body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("second_factor_required"))
    );
    assert_eq!(app.get("/api/v1/session", Some(&half)).await.body["two_factor"]["pending"], true);
    // The code used at set-up does not work twice.
    let replay = app.post("/api/v1/session/second-factor", json!({"code": right}), Some(&half)).await;
    assert_eq!(code_error(&replay.body), "wrong_code");
    app.set_now_offset_minutes(1);
    let fresh = app.code_now(&secret);
    let full = app.post("/api/v1/session/second-factor", json!({"code": fresh}), Some(&half)).await;
    assert_eq!(full.status, StatusCode::NO_CONTENT, "{:?}", full.body);
    let cookie = full.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_ne!(cookie, half, "the token changes with the second factor");
    assert_eq!(app.get("/api/v1/session", Some(&half)).await.status, StatusCode::UNAUTHORIZED, "the old one is gone");
    assert_eq!(app.get("/api/v1/queue", Some(&cookie)).await.status, StatusCode::OK);
    // …and once used, the same code does not open a second sign-in.
    let other = app.login_with_code("kim", "user-password", &fresh).await.unwrap_err();
    assert_eq!(code_error(&other.body), "wrong_code");

    // A recovery code works once, in any case and with spaces.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let by_recovery = app.login_with_code("kim", "user-password", &typed).await.unwrap();
    let me = app.get("/api/v1/session", Some(&by_recovery)).await.body;
    assert_eq!(me["two_factor"]["recovery_codes_left"], 9);
    let twice = app.login_with_code("kim", "user-password", &codes[3]).await.unwrap_err();
    assert_eq!(code_error(&twice.body), "wrong_code");

    let admin = app.admin().await;
    app.enrol(&admin).await;
    let actions = audit_actions(&app, &admin).await;
    for a in ["two_factor_enrolled", "second_factor_failed", "recovery_code_used", "signed_in"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn code_guesses_count_with_password_guesses_and_an_unlock_lifts_them() {
    let app = required().await;
    let lee = app.user_in("lee", "department_head", Some(2)).await;
    let (secret, _) = app.enrol(&lee).await;
    let half = app.login("lee", "user-password").await;
    let mut statuses = Vec::new();
    for guess in ["000001", "000002", "000003", "000004", "000005", "000006"] {
        if guess == app.code_now(&secret) {
            continue;
        }
        statuses.push(app.post("/api/v1/session/second-factor", json!({"code": guess}), Some(&half)).await.status);
    }
    assert_eq!(statuses[..4], [StatusCode::UNPROCESSABLE_ENTITY; 4]);
    assert!(statuses[4..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let right = app.post("/api/v1/session/second-factor", json!({"code": app.code_now(&secret)}), Some(&half)).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "not even the right code past the limit");

    let admin = app.admin().await;
    let (admin_secret, _) = app.enrol(&admin).await;
    let admin = app.login_with_code("admin", ADMIN_PASSWORD, &app.code_now(&admin_secret)).await.unwrap();
    let users = app.get("/api/v1/users", Some(&admin)).await.body;
    let id = users.as_array().unwrap().iter().find(|u| u["username"] == "lee").unwrap()["id"].as_i64().unwrap();
    assert_eq!(users.as_array().unwrap().iter().find(|u| u["username"] == "lee").unwrap()["two_factor"], true);
    assert_eq!(
        app.post(&format!("/api/v1/users/{id}/unlock"), json!({}), Some(&admin)).await.status,
        StatusCode::NO_CONTENT
    );
    app.set_now_offset_minutes(1);
    assert!(app.login_with_code("lee", "user-password", &app.code_now(&secret)).await.is_ok());
}

#[tokio::test]
async fn an_administrator_resets_a_lost_phone_and_the_person_registers_again() {
    let app = required().await;
    let park = app.user_in("park", "receiver", None).await;
    let (secret, _) = app.enrol(&park).await;
    let admin = app.admin().await;
    app.enrol(&admin).await;
    let users = app.get("/api/v1/users", Some(&admin)).await.body;
    let id = users.as_array().unwrap().iter().find(|u| u["username"] == "park").unwrap()["id"].as_i64().unwrap();
    let uri = format!("/api/v1/users/{id}/two-factor");
    assert_eq!(app.call(Method::DELETE, &uri, None, Some(&park)).await.status, StatusCode::FORBIDDEN, "admins only");
    assert_eq!(app.call(Method::DELETE, &uri, None, Some(&admin)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/session", Some(&park)).await.status, StatusCode::UNAUTHORIZED, "their sessions end");
    assert_eq!(
        app.call(Method::DELETE, "/api/v1/users/9999/two-factor", None, Some(&admin)).await.status,
        StatusCode::NOT_FOUND
    );

    // The old app is worth nothing; the next sign-in goes straight to a new set-up.
    let again = app.login("park", "user-password").await;
    let me = app.get("/api/v1/session", Some(&again)).await.body;
    assert_eq!(me["two_factor"]["pending"], false);
    assert_eq!(me["two_factor"]["enrolled"], false);
    assert_eq!(app.get("/api/v1/queue", Some(&again)).await.body["error"], "second_factor_setup_required");
    let stale = app.post("/api/v1/session/second-factor", json!({"code": app.code_now(&secret)}), Some(&again)).await;
    assert_eq!(stale.body["error"], "second_factor_setup_required", "the old app's code opens nothing");
    assert!(audit_actions(&app, &admin).await.iter().any(|a| a == "two_factor_reset"));
}

#[tokio::test]
async fn recovery_codes_are_renewed_for_a_current_code_and_the_old_ones_stop() {
    let app = required().await;
    let choi = app.user("choi", "executive").await;
    let (secret, old) = app.enrol(&choi).await;
    let no = app.post("/api/v1/session/two-factor/recovery-codes", json!({"code": old[0]}), Some(&choi)).await;
    assert_eq!(code_error(&no.body), "code_malformed", "a recovery code cannot renew the codes");
    let renewed = app
        .post("/api/v1/session/two-factor/recovery-codes", json!({"code": app.code_now(&secret)}), Some(&choi))
        .await;
    assert_eq!(renewed.status, StatusCode::OK, "{:?}", renewed.body);
    let new: Vec<String> =
        renewed.body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().into()).collect();
    assert!(new.iter().all(|c| !old.contains(c)));
    assert_eq!(
        code_error(&app.login_with_code("choi", "user-password", &old[1]).await.unwrap_err().body),
        "wrong_code"
    );
    assert!(app.login_with_code("choi", "user-password", &new[1]).await.is_ok());
}

#[tokio::test]
async fn where_it_is_optional_nobody_is_made_to_but_whoever_set_it_up_is_asked() {
    let app = TestApp::new().await;
    let jung = app.user("jung", "voc_manager").await;
    assert_eq!(app.get("/api/v1/queue", Some(&jung)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/session", Some(&jung)).await.body["two_factor"]["required"], false);
    let (secret, _) = app.enrol(&jung).await;
    let half = app.login("jung", "user-password").await;
    assert_eq!(app.get("/api/v1/queue", Some(&half)).await.status, StatusCode::FORBIDDEN);
    let full = app.login_with_code("jung", "user-password", &app.code_now(&secret)).await.unwrap();
    assert_eq!(app.get("/api/v1/queue", Some(&full)).await.status, StatusCode::OK);
}
