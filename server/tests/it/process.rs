//! The real binary: starts with no environment but a free port, answers, and stops cleanly
//! on SIGTERM even with an event stream open.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn request(addr: &str, raw: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn the_binary_serves_from_defaults_and_stops_on_sigterm_with_a_stream_open() {
    let dir = tempfile::TempDir::new().unwrap();
    // Only the port is set (tests run in parallel); the database goes to its default
    // relative path, so run in a scratch directory.
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir.path())
        .env_clear()
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("VOC_ADMIN_PASSWORD", "process-test-pw")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut addr = None;
    let mut lines = stdout.lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("listening on http://").nth(1) {
            addr = Some(rest.trim().to_owned());
            break;
        }
    }
    let addr = addr.expect("server announces its address");
    std::thread::spawn(move || for _ in lines {});
    assert!(dir.path().join("data/voc.db").exists(), "default database path data/voc.db");

    let health = request(&addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"database\":\"sqlite\""));

    let body = r#"{"username":"admin","password":"process-test-pw"}"#;
    let login = request(
        &addr,
        &format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let cookie = login
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_owned();

    let mut sse = TcpStream::connect(&addr).unwrap();
    sse.write_all(format!("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n").as_bytes()).unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 4096];
    let mut seen = String::new();
    while !seen.contains("event: ready") {
        let n = sse.read(&mut buf).unwrap();
        assert!(n > 0, "stream closed early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }

    let pid = child.id().to_string();
    let started = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    // The open stream is closed by the server rather than left hanging.
    loop {
        match sse.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => continue,
            Err(e) => panic!("stream not closed by the server: {e}"),
        }
    }
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "server still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "clean exit, got {status}");
}
