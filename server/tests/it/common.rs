//! A real server (router, SQLite file in a temp dir) driven through tower without sockets.
#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::AppState;
use server::config::Config;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "test-admin-password";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: TempDir,
    /// The database this app runs on; `restart` reopens the same one.
    pub db_url: String,
    pub shutdown: CancellationToken,
    /// The server's "now", in Unix seconds; starts at the real time, moved by `set_now`.
    pub now: Arc<AtomicI64>,
    /// What `restart` starts with again.
    pub config: Config,
}

/// The typed client's transport in these tests: each call goes through the router, with a
/// session cookie if one is given (the browser's [`app::client::Browser`] does the same over
/// `fetch`).
#[derive(Clone)]
pub struct RouterTransport {
    router: Router,
    cookie: Option<String>,
}

impl app::client::Transport for RouterTransport {
    async fn send(&self, call: app::client::Call) -> Result<app::client::Answer, String> {
        let method = Method::from_bytes(call.method.name().to_uppercase().as_bytes()).map_err(|e| e.to_string())?;
        let mut req = Request::builder().method(method).uri(&call.path);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c);
        }
        for (name, value) in &call.headers {
            req = req.header(*name, value);
        }
        let req = match call.body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b)),
            None => req.body(Body::empty()),
        }
        .map_err(|e| e.to_string())?;
        let resp = self.router.clone().oneshot(req).await.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let bytes = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(app::client::Answer { status, body: String::from_utf8_lossy(&bytes).into_owned() })
    }
}

pub type Client = app::client::Client<RouterTransport>;

/// A Seoul wall-clock time such as `2026-11-27 17:30`.
pub fn kst(s: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("{s}: {e}"));
    app::domain::seoul().from_local_datetime(&naive).unwrap().with_timezone(&Utc)
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// `sqlite` (default) or `postgres`, from `VOC_TEST_BACKEND`: the same tests run on both.
pub fn backend() -> String {
    std::env::var("VOC_TEST_BACKEND").ok().filter(|b| !b.is_empty()).unwrap_or_else(|| "sqlite".into())
}

/// The PostgreSQL server the tests use: `VOC_TEST_POSTGRES`, or the throwaway cluster that
/// `scripts/pg-start` starts (once) on this machine.
pub fn pg_admin_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Some(url) = std::env::var("VOC_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) {
            return url;
        }
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-start");
        let out = std::process::Command::new(script).output().expect("scripts/pg-start runs");
        assert!(out.status.success(), "scripts/pg-start failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    })
    .clone()
}

/// A new, empty PostgreSQL database on the test server.
pub async fn fresh_pg_database() -> String {
    use sqlx::Connection;
    let admin = pg_admin_url();
    let name = format!("voc_t_{}", server::auth::random_token().to_lowercase().replace(['-', '_'], "x"));
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL reachable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_owned();
    format!("{base}/{name}")
}

async fn fresh_database(dir: &TempDir) -> String {
    match backend().as_str() {
        "postgres" => fresh_pg_database().await,
        _ => format!("sqlite:{}", dir.path().join("voc.db").display()),
    }
}

pub fn config_for(db_url: &str) -> Config {
    Config {
        database_url: db_url.to_owned(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        secure_cookies: false,
        session_idle_minutes: 30,
        session_max_hours: 12,
        trusted_proxies: server::proxy::TrustedProxies::None,
        metrics_from: server::observe::default_metrics_from(),
        intake_limits: server::throttle::IntakeLimits::default(),
        retention_years: 3,
        // Most tests are about something else; `security::two_factor_*` set `Required`.
        staff_2fa: server::two_factor::Policy::Optional,
        notify: server::config::NotifyConfig::default(),
        profile: server::profile::Profile::default(),
        letter: server::letter::LetterConfig::default(),
        compensation: app::domain::CompensationDefaults::default(),
        // One key for every instance of a test, as several instances serving one database share it.
        contact_key: server::contact_key::ContactKeySource::Secret(TEST_CONTACT_KEY.into()),
        contact_rekey: false,
    }
}

pub const TEST_CONTACT_KEY: &str = "the contact key of the integration tests 0123456789";

impl TestApp {
    pub async fn new() -> Self {
        Self::new_with(|_| {}).await
    }

    /// An app on a fresh database with settings changed by `f`.
    pub async fn new_with(f: impl FnOnce(&mut Config)) -> Self {
        let dir = TempDir::new().unwrap();
        let db_url = fresh_database(&dir).await;
        let mut config = config_for(&db_url);
        f(&mut config);
        Self::start(dir, config).await
    }

    /// An app on a given database.
    pub async fn on(db_url: &str) -> Self {
        Self::start(TempDir::new().unwrap(), config_for(db_url)).await
    }

    /// Stops this app and starts a new one on the same database, as a restart would.
    pub async fn restart(self) -> Self {
        let TestApp { dir, shutdown, config, .. } = self;
        shutdown.cancel();
        Self::start(dir, config).await
    }

    /// An app on a given database with settings changed by `f`, or why it would not start.
    pub async fn try_on_with(db_url: &str, f: impl FnOnce(&mut Config)) -> Result<Self, server::StartError> {
        let mut config = config_for(db_url);
        f(&mut config);
        Self::try_start(TempDir::new().unwrap(), config).await
    }

    async fn start(dir: TempDir, config: Config) -> Self {
        Self::try_start(dir, config).await.expect("server builds")
    }

    async fn try_start(dir: TempDir, config: Config) -> Result<Self, server::StartError> {
        let db_url = config.database_url.clone();
        let shutdown = CancellationToken::new();
        let now = Arc::new(AtomicI64::new(Utc::now().timestamp()));
        let read = now.clone();
        let clock: server::Clock =
            Arc::new(move || DateTime::from_timestamp(read.load(Ordering::SeqCst), 0).unwrap_or_default());
        let (router, state) = server::build_with_clock(&config, shutdown.clone(), clock).await?;
        Ok(Self { router, state, dir, db_url, shutdown, now, config })
    }

    /// The typed client, signed in with `cookie` (or not).
    pub fn client(&self, cookie: Option<&str>) -> Client {
        Client::new(RouterTransport { router: self.router.clone(), cookie: cookie.map(str::to_owned) })
    }

    /// Moves the server's clock on by some minutes.
    pub fn set_now_offset_minutes(&self, minutes: i64) {
        self.now.fetch_add(minutes * 60, Ordering::SeqCst);
    }

    /// Sends a hand-made request.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, body }
    }

    /// Moves the server's clock to a Seoul wall-clock time.
    pub fn set_now(&self, seoul: &str) {
        self.now.store(kst(seoul).timestamp(), Ordering::SeqCst);
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

    /// `GET` with the body as bytes, for downloads.
    pub async fn download(&self, uri: &str, cookie: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let req = Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let (status, headers) = (resp.status(), resp.headers().clone());
        (status, headers, resp.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    /// The rows of one sheet of an XLSX workbook, each cell as text.
    pub fn xlsx_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect()
    }

    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Reply {
        self.call(Method::GET, uri, None, cookie).await
    }

    pub async fn post(&self, uri: &str, body: Value, cookie: Option<&str>) -> Reply {
        self.call(Method::POST, uri, Some(body), cookie).await
    }

    pub async fn put(&self, uri: &str, body: Value, cookie: Option<&str>) -> Reply {
        self.call(Method::PUT, uri, Some(body), cookie).await
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

    /// Signs in as a new user of `role` (in no department) and returns the `Cookie` value.
    pub async fn user(&self, username: &str, role: &str) -> String {
        self.user_in(username, role, None).await
    }

    /// Signs in as a new user of `role` in department `department` (1 = 혁신안전팀,
    /// 2 = 문화사업팀, 3 = 관광사업팀, 4 = 농특산물홍보팀, 5 = 단산시설팀).
    pub async fn user_in(&self, username: &str, role: &str, department: Option<i64>) -> String {
        self.user_with_email(username, role, department, None).await
    }

    /// [`Self::user_in`] with an e-mail address for staff alerts.
    pub async fn user_with_email(
        &self,
        username: &str,
        role: &str,
        department: Option<i64>,
        email: Option<&str>,
    ) -> String {
        let hash = server::auth::hash_password("user-password".into()).await;
        let user = server::store::NewUser {
            username: username.into(),
            display_name: username.into(),
            role: role.parse().unwrap(),
            department_id: department,
            password_hash: hash,
            email: email.map(str::to_owned),
            must_change_password: false,
        };
        self.state.store.create_user(&user, Utc::now()).await.unwrap();
        self.login(username, "user-password").await
    }

    /// The code an authenticator app holding `secret` shows at the server's "now".
    pub fn code_now(&self, secret: &str) -> String {
        server::two_factor::code_at(secret, self.state.now()).unwrap()
    }

    /// Registers an authenticator app for the signed-in `cookie`: the secret and the recovery
    /// codes. The clock then moves on one step, so the next code is a fresh one.
    pub async fn enrol(&self, cookie: &str) -> (String, Vec<String>) {
        let setup = self.post("/api/v1/session/two-factor/setup", json!({}), Some(cookie)).await;
        assert_eq!(setup.status, StatusCode::OK, "{:?}", setup.body);
        let secret = setup.body["secret"].as_str().unwrap().to_owned();
        let done = self.post("/api/v1/session/two-factor", json!({"code": self.code_now(&secret)}), Some(cookie)).await;
        assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
        let codes = done.body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
        self.now.fetch_add(30, Ordering::SeqCst);
        (secret, codes)
    }

    /// Signs in with password and then `code`: the final `Cookie` value, or the refusal of
    /// the code.
    pub async fn login_with_code(&self, username: &str, password: &str, code: &str) -> Result<String, Reply> {
        let first = self.login(username, password).await;
        let r = self.post("/api/v1/session/second-factor", json!({"code": code}), Some(&first)).await;
        if r.status != StatusCode::NO_CONTENT {
            return Err(r);
        }
        let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
        Ok(set.split(';').next().unwrap().to_owned())
    }

    /// The survey address of a filed, closed case as its tracking page offers it
    /// (`/api/v1/surveys/{token}`, a token of its own, apart from the tracking one).
    pub async fn survey_uri(&self, filed: &Value) -> String {
        let (receipt, token) = (filed["receipt_no"].as_str().unwrap(), filed["tracking_token"].as_str().unwrap());
        let view = self.get(&format!("/api/v1/cases/{receipt}?token={token}"), None).await;
        let path = view.body["survey_path"].as_str().unwrap_or_else(|| panic!("no survey link: {:?}", view.body));
        format!("/api/v1/surveys/{}", path.trim_start_matches("/survey/"))
    }

    /// Files a kiosk complaint about the rail bike from `phone`, who consented to text
    /// messages, and returns the 201 body.
    pub async fn file_from(&self, phone: &str, content: &str) -> Value {
        let r = self
            .post(
                "/api/v1/cases",
                json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content,
                       "phone": phone, "consent": {"sms": true}}),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }

    /// [`Self::file`], answered as the typed client reads a filing.
    pub async fn filed(&self, content: &str) -> app::api::CreatedCase {
        serde_json::from_value(self.file(content).await).expect("a filing's 201 body is a CreatedCase")
    }

    /// Files a kiosk complaint and returns the 201 body.
    pub async fn file(&self, content: &str) -> Value {
        let r = self
            .post(
                "/api/v1/cases",
                json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike", "content": content}),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }
}

/// The refused fields of a 422 body and their codes, in field order.
pub fn codes(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_object()
        .map(|f| f.iter().map(|(k, v)| (k.clone(), v["code"].as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default()
}

pub fn full_survey(score: i64) -> Value {
    json!({
        "answers": {"ease": score, "interim_notice": score, "proactiveness": score, "courtesy": score,
                    "timeliness": score, "result": score, "overall": score},
        "comment": "친절했습니다"
    })
}

/// The refused fields of a typed call's error and their codes, in field order (the typed
/// counterpart of [`codes`]).
pub fn field_codes(e: &app::api::CallError) -> Vec<(String, String)> {
    e.fields().0.into_iter().map(|(field, m)| (field, m.code)).collect()
}

/// [`an_answer`] as the typed client sends it.
pub fn answer_input() -> app::domain::AnswerInput {
    serde_json::from_value(an_answer()).expect("an_answer fits AnswerInput")
}

/// The receipt number and tracking token of a case filed through the raw API.
pub fn tracking_key(c: &Value) -> (&str, &str) {
    (c["receipt_no"].as_str().unwrap(), c["tracking_token"].as_str().unwrap())
}

pub fn an_answer() -> Value {
    json!({"result": "바퀴를 교체했습니다.", "basis": "시설물 점검 규정 제5조", "appeal": "30일 이내 고객지원팀에 이의신청"})
}

/// A `server` binary running as its own process.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub addr: String,
    pub dir: TempDir,
    /// What the server logged up to "listening on".
    pub startup_log: String,
    /// What it logged after that, as it comes.
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl ServerProcess {
    /// Starts the binary in a scratch directory with only `env` (and a free port) set, and
    /// waits for it to announce its address.
    pub fn start(env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        let dir = TempDir::new().unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        cmd.current_dir(dir.path())
            .env_clear()
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("NO_COLOR", "1")
            // Signing in with a code is tested on its own; `("VOC_STAFF_2FA", "")` in `env`
            // leaves the product's default (required).
            .env("VOC_STAFF_2FA", "optional")
            // The key of the test apps, so that processes and apps share databases; the key file
            // made when none is set is tested on its own.
            .env("VOC_CONTACT_KEY", TEST_CONTACT_KEY)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = String::new();
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            seen.push_str(&line);
            seen.push('\n');
            if let Some(rest) = line.split("listening on http://").nth(1) {
                addr = Some(rest.trim().to_owned());
                break;
            }
        }
        let addr = addr.unwrap_or_else(|| panic!("server did not start:\n{seen}"));
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        Self { child, addr, dir, startup_log: seen, log }
    }

    /// SIGTERM, then the exit status (within `limit`).
    pub fn stop(&mut self, limit: std::time::Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let started = std::time::Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(started.elapsed() < limit, "server still running {limit:?} after SIGTERM");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a fresh connection; the whole response as text.
pub fn http(addr: &str, method: &str, path: &str, body: Option<&str>, cookie: Option<&str>) -> String {
    let cookie = cookie.map(|c| format!("Cookie: {c}"));
    http_with(addr, method, path, body, cookie.as_deref())
}

/// [`http`] with extra header lines (`Name: value`, several joined by `\r\n`).
pub fn http_with(addr: &str, method: &str, path: &str, body: Option<&str>, headers: Option<&str>) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    if let Some(h) = headers {
        req.push_str(&format!("{h}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    req.push_str(body.unwrap_or(""));
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// Signs in over raw HTTP; the `Cookie` header value.
pub fn http_login(addr: &str, password: &str) -> String {
    let body = serde_json::json!({"username": "admin", "password": password}).to_string();
    let resp = http(addr, "POST", "/api/v1/session", Some(&body), None);
    resp.lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie: {resp}"))
        .to_owned()
}

/// An open `GET /api/v1/events` stream, read as text.
pub struct EventStream {
    sock: std::net::TcpStream,
    pub seen: String,
}

impl EventStream {
    pub fn open(addr: &str, cookie: &str) -> Self {
        use std::io::Write;
        let mut sock = std::net::TcpStream::connect(addr).unwrap();
        sock.write_all(format!("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n").as_bytes())
            .unwrap();
        sock.set_read_timeout(Some(std::time::Duration::from_secs(15))).unwrap();
        Self { sock, seen: String::new() }
    }

    /// Reads until `needle` has appeared `n` times in all that was read.
    pub fn wait_for(&mut self, needle: &str, n: usize) {
        use std::io::Read;
        let mut buf = [0u8; 8192];
        while self.seen.matches(needle).count() < n {
            let got = self.sock.read(&mut buf).unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}\n{}", self.seen));
            assert!(got > 0, "stream ended before {needle:?}:\n{}", self.seen);
            self.seen.push_str(&String::from_utf8_lossy(&buf[..got]));
        }
    }

    /// Reads until the server closes the stream.
    pub fn wait_for_end(&mut self) {
        use std::io::Read;
        let mut buf = [0u8; 8192];
        loop {
            match self.sock.read(&mut buf) {
                Ok(0) => return,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e) => panic!("stream not closed by the server: {e}"),
            }
        }
    }
}

/// A port nobody listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real SMTP server (`tests/support/smtp_sink.py` on Debian's aiosmtpd) in its own
/// process; every message it accepts is a JSON file in `dir`.
pub struct SmtpSink {
    child: std::process::Child,
    pub port: u16,
    pub dir: std::path::PathBuf,
}

/// A message as the SMTP server received it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Mail {
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub notice: String,
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<MailAttachment>,
}

/// A file attached to a mail: its name, type, size and first four bytes (hex).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct MailAttachment {
    pub filename: String,
    pub content_type: String,
    pub size: usize,
    pub magic: String,
}

impl SmtpSink {
    pub fn start(port: u16, dir: &std::path::Path, extra: &[&str]) -> Self {
        use std::io::BufRead;
        let python = std::env::var("VOC_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = std::process::Command::new(python)
            .arg(script)
            .args(["--port", &port.to_string(), "--dir", dir.to_str().unwrap()])
            .args(extra)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (apt install python3-aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "SMTP sink did not start");
        Self { child, port, dir: dir.to_owned() }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in arrival order.
    pub fn mails(&self) -> Vec<Mail> {
        mails_in(&self.dir)
    }
}

pub fn mails_in(dir: &std::path::Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json") && !p.file_name().unwrap().to_str().unwrap().starts_with('.')
        })
        .collect();
    names.sort();
    names.iter().map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()).collect()
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 50 ms until it holds, for at most `secs` seconds.
pub async fn eventually<F: FnMut() -> bool>(secs: u64, what: &str, mut check: F) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !check() {
        assert!(std::time::Instant::now() < until, "gave up waiting: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
