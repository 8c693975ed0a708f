//! The real binary: starts with no environment but a free port, answers, and stops cleanly
//! on SIGTERM even with an event stream open.

use std::time::Duration;

use crate::common::{EventStream, ServerProcess, http, http_login, http_with};

#[test]
fn the_binary_serves_from_defaults_and_stops_on_sigterm_with_a_stream_open() {
    // Only the port and the first password are set; the database goes to its default
    // relative path inside the scratch directory.
    let mut server = ServerProcess::start(&[("VOC_ADMIN_PASSWORD", "process-test-pw")]);
    assert!(server.dir.path().join("data/voc.db").exists(), "default database path data/voc.db");

    let health = http(&server.addr, "GET", "/healthz", None, None);
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with(r#"{"status":"ok"}"#), "{health}");

    let cookie = http_login(&server.addr, "process-test-pw");
    let detail = http(&server.addr, "GET", "/api/v1/health", None, Some(&cookie));
    assert!(detail.contains("\"database\":\"sqlite\""), "{detail}");
    let mut events = EventStream::open(&server.addr, &cookie);
    events.wait_for("event: ready", 1);

    let status = server.stop(Duration::from_secs(10));
    // The open stream was closed by the server rather than left hanging.
    events.wait_for_end();
    assert!(status.success(), "clean exit, got {status}");
}

/// The JSON body of a raw HTTP response.
fn json_of(resp: &str) -> serde_json::Value {
    let body = resp.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {resp}"))
}

#[tokio::test]
async fn a_server_killed_in_the_middle_of_a_delivery_batch_loses_no_notice() {
    use crate::common::{SmtpSink, backend, free_port, fresh_pg_database};
    const CASES: usize = 12;
    let scratch = tempfile::TempDir::new().unwrap();
    let db = match backend().as_str() {
        "postgres" => fresh_pg_database().await,
        _ => format!("sqlite:{}", scratch.path().join("voc.db").display()),
    };
    // A slow relay: it stores each message, then takes 250 ms to say so.
    let sink = SmtpSink::start(free_port(), &scratch.path().join("mails"), &["--delay", "0.25"]);
    let smtp = sink.url();
    let env = [
        ("VOC_ADMIN_PASSWORD", "process-test-pw"),
        ("DATABASE_URL", db.as_str()),
        ("VOC_SMTP_URL", smtp.as_str()),
        ("VOC_OUTBOX_POLL_MS", "50"),
        ("VOC_OUTBOX_LEASE_SECS", "2"),
        ("VOC_OUTBOX_BACKOFF_MS", "100"),
    ];
    let mut first = ServerProcess::start(&env);
    let mut expected = Vec::new();
    for i in 0..CASES {
        let to = format!("visitor{i}@example.com");
        let body = serde_json::json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike",
            "content": "레일바이크 대기 줄이 깁니다", "email": to, "consent": {"email": true}});
        let resp = http(&first.addr, "POST", "/api/v1/cases", Some(&body.to_string()), None);
        assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");
        expected.push(to);
    }
    // Kill -9 while the batch is being delivered.
    let until = std::time::Instant::now() + Duration::from_secs(20);
    while sink.mails().len() < 3 {
        assert!(std::time::Instant::now() < until, "delivery did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let before = sink.mails().len();
    assert!(before < CASES, "killed mid-batch ({before} of {CASES} delivered)");

    // Restarted on the same database: the rest goes out, and what was in flight goes again.
    let second = ServerProcess::start(&env);
    let until = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let mut ids: Vec<String> = sink.mails().into_iter().map(|m| m.message_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() == CASES {
            break;
        }
        assert!(std::time::Instant::now() < until, "only {} of {CASES} notices arrived", ids.len());
        std::thread::sleep(Duration::from_millis(50));
    }
    let cookie = http_login(&second.addr, "process-test-pw");
    let until = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let sent = json_of(&http(&second.addr, "GET", "/api/v1/outbox?state=sent", None, Some(&cookie)));
        if sent.as_array().unwrap().len() == CASES {
            break;
        }
        assert!(std::time::Instant::now() < until, "not all marked sent: {sent}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pending = json_of(&http(&second.addr, "GET", "/api/v1/outbox?state=pending", None, Some(&cookie)));
    assert!(pending.as_array().unwrap().is_empty(), "{pending}");

    // Every recipient got the notice; a resend after the crash carries the same Message-ID.
    let mails = sink.mails();
    let mut to: Vec<String> = mails.iter().map(|m| m.to.clone()).collect();
    to.sort_unstable();
    to.dedup();
    expected.sort_unstable();
    assert_eq!(to, expected);
    for m in &mails {
        let same_id = mails.iter().filter(|o| o.message_id == m.message_id);
        assert!(same_id.clone().all(|o| o.to == m.to && o.subject == m.subject), "one id, one message");
    }
    eprintln!("{} mails for {CASES} notices ({} resent after the kill)", mails.len(), mails.len() - CASES);
}

#[test]
fn a_generated_first_password_opens_only_the_way_to_change_it() {
    let server = ServerProcess::start(&[("VOC_STAFF_2FA", "")]);
    let password = server
        .startup_log
        .split("one-time password ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no generated password in the log:\n{}", server.startup_log))
        .to_owned();
    let cookie = http_login(&server.addr, &password);
    let me = http(&server.addr, "GET", "/api/v1/session", None, Some(&cookie));
    assert!(me.contains("\"must_change_password\":true"), "{me}");
    let queue = http(&server.addr, "GET", "/api/v1/queue", None, Some(&cookie));
    assert!(queue.starts_with("HTTP/1.1 403") && queue.contains("password_change_required"), "{queue}");

    let change = |current: &str, new: &str| {
        let body = serde_json::json!({"current": current, "new": new}).to_string();
        http(&server.addr, "POST", "/api/v1/session/password", Some(&body), Some(&cookie))
    };
    let common = change(&password, "password12");
    assert!(common.starts_with("HTTP/1.1 422") && common.contains("guessable_password"), "{common}");
    let wrong = change("not-the-password", "바다 위 노란 자전거 셋");
    assert!(wrong.starts_with("HTTP/1.1 422") && wrong.contains("wrong_password"), "{wrong}");
    let done = change(&password, "바다 위 노란 자전거 셋");
    assert!(done.starts_with("HTTP/1.1 204"), "{done}");
    // Out of the box two-step sign-in is required: next comes the authenticator app.
    let queue = http(&server.addr, "GET", "/api/v1/queue", None, Some(&cookie));
    assert!(queue.starts_with("HTTP/1.1 403") && queue.contains("second_factor_setup_required"), "{queue}");
    let setup = http(&server.addr, "POST", "/api/v1/session/two-factor/setup", Some("{}"), Some(&cookie));
    let secret = setup.split("\"secret\":\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    let code = server::two_factor::code_at(&secret, chrono::Utc::now()).unwrap();
    let body = serde_json::json!({ "code": code }).to_string();
    let codes = http(&server.addr, "POST", "/api/v1/session/two-factor", Some(&body), Some(&cookie));
    assert!(codes.starts_with("HTTP/1.1 200") && codes.contains("\"codes\""), "{codes}");
    let queue = http(&server.addr, "GET", "/api/v1/queue", None, Some(&cookie));
    assert!(queue.starts_with("HTTP/1.1 200"), "the same session goes on: {queue}");
    let again = http_login(&server.addr, "바다 위 노란 자전거 셋");
    let queue = http(&server.addr, "GET", "/api/v1/queue", None, Some(&again));
    assert!(queue.starts_with("HTTP/1.1 403") && queue.contains("second_factor_required"), "{queue}");

    // A password the operator chose need not be changed; a closed test network may make the
    // second factor optional.
    let chosen = ServerProcess::start(&[("VOC_ADMIN_PASSWORD", "operator-chosen-pw"), ("VOC_STAFF_2FA", "optional")]);
    assert!(!chosen.startup_log.contains("one-time password"));
    let cookie = http_login(&chosen.addr, "operator-chosen-pw");
    assert!(http(&chosen.addr, "GET", "/api/v1/queue", None, Some(&cookie)).starts_with("HTTP/1.1 200"));
}

#[test]
fn every_log_line_of_a_request_carries_its_id_and_metrics_answer_loopback_only() {
    let server = ServerProcess::start(&[("VOC_ADMIN_PASSWORD", "process-test-pw")]);
    let body = serde_json::json!({"kind": "complaint", "channel": "kiosk", "facility": "railbike",
        "content": "레일바이크 안내 방송이 들리지 않습니다"});
    let filed =
        http_with(&server.addr, "POST", "/api/v1/cases", Some(&body.to_string()), Some("X-Request-Id: trace-me.42"));
    assert!(filed.starts_with("HTTP/1.1 201"), "{filed}");
    assert!(filed.contains("\r\nx-request-id: trace-me.42\r\n"), "the id comes back: {filed}");
    // An id that could forge a log line is replaced by one of the server's own.
    let forged = http_with(&server.addr, "GET", "/healthz", None, Some("X-Request-Id: a b\tc"));
    let made = forged.lines().find_map(|l| l.strip_prefix("x-request-id: ")).unwrap_or_else(|| panic!("{forged}"));
    assert!(made.len() == 16 && made.bytes().all(|b| b.is_ascii_hexdigit()), "{made}");

    // The handler's own line and the answered line both name the request.
    let until = std::time::Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = server.log.lock().unwrap().clone();
        if log.contains("answered") && log.contains("case received") || std::time::Instant::now() > until {
            break log;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let ours: Vec<&str> = log.lines().filter(|l| l.contains("trace-me.42")).collect();
    assert!(ours.iter().any(|l| l.contains("case received")), "{log}");
    assert!(
        ours.iter().any(|l| l.contains("answered") && l.contains("route=/api/v1/cases") && l.contains("status=201")),
        "{log}"
    );

    // Loopback reads the metrics, in the Prometheus text format.
    let metrics = http(&server.addr, "GET", "/metrics", None, None);
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    for line in [
        r#"voc_http_requests_total{method="POST",route="/api/v1/cases",status="201"} 1"#,
        r#"voc_outbox_messages{state="pending"} 0"#,
        r#"voc_outbox_messages{state="dead"} 0"#,
        "voc_event_streams_open 0",
        "# TYPE voc_http_request_duration_seconds histogram",
        "# TYPE voc_db_pool_connections gauge",
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
    assert!(!metrics.contains("trace-me"), "no request detail in the metrics");
    // A path nobody routes adds no time series of its own.
    http(&server.addr, "GET", "/no/such/page/for-sure", None, None);
    let after = http(&server.addr, "GET", "/metrics", None, None);
    assert!(!after.contains("for-sure") && after.contains(r#"route="(other)""#), "{after}");
}

#[test]
fn metrics_are_not_found_for_an_address_the_setting_does_not_name() {
    let server = ServerProcess::start(&[("VOC_ADMIN_PASSWORD", "process-test-pw"), ("VOC_METRICS_FROM", "10.0.0.0/8")]);
    let refused = http(&server.addr, "GET", "/metrics", None, None);
    assert!(refused.starts_with("HTTP/1.1 404"), "{refused}");
    assert!(!refused.contains("voc_http"), "{refused}");
}
