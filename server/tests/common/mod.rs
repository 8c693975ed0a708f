//! A real server (router, SQLite file in a temp dir) driven through tower without sockets.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::config::Config;
use server::AppState;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "test-admin-password";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: TempDir,
    pub shutdown: CancellationToken,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

pub fn config_for(dir: &TempDir) -> Config {
    Config {
        database_url: format!("sqlite:{}", dir.path().join("voc.db").display()),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        secure_cookies: false,
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::in_dir(TempDir::new().unwrap()).await
    }

    pub async fn in_dir(dir: TempDir) -> Self {
        let shutdown = CancellationToken::new();
        let (router, state) = server::build(&config_for(&dir), shutdown.clone()).await.expect("server builds");
        Self { router, state, dir, shutdown }
    }

    pub async fn call(&self, method: Method, uri: &str, body: Option<Value>, cookie: Option<&str>) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply { status, headers, body }
    }

    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Reply {
        self.call(Method::GET, uri, None, cookie).await
    }

    pub async fn post(&self, uri: &str, body: Value, cookie: Option<&str>) -> Reply {
        self.call(Method::POST, uri, Some(body), cookie).await
    }

    /// Signs in and returns the `Cookie` header value.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self.post("/api/v1/session", json!({"username": username, "password": password}), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "login: {:?}", r.body);
        let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
        set.split(';').next().unwrap().to_owned()
    }

    pub async fn admin(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Files a kiosk complaint and returns the 201 body.
    pub async fn file(&self, content: &str) -> Value {
        let r = self
            .post("/api/v1/cases", json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content}), None)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }
}

pub fn full_survey(score: i64) -> Value {
    json!({
        "answers": {"ease": score, "interim_notice": score, "proactiveness": score, "courtesy": score,
                    "timeliness": score, "result": score, "overall": score},
        "comment": "친절했습니다"
    })
}

pub fn an_answer() -> Value {
    json!({"result": "바퀴를 교체했습니다.", "basis": "시설물 점검 규정 제5조", "appeal": "30일 이내 고객지원팀에 이의신청"})
}
