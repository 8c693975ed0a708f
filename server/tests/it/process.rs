//! The real binary: starts with no environment but a free port, answers, and stops cleanly
//! on SIGTERM even with an event stream open.

use std::time::Duration;

use crate::common::{EventStream, ServerProcess, http, http_login};

#[test]
fn the_binary_serves_from_defaults_and_stops_on_sigterm_with_a_stream_open() {
    // Only the port and the first password are set; the database goes to its default
    // relative path inside the scratch directory.
    let mut server = ServerProcess::start(&[("VOC_ADMIN_PASSWORD", "process-test-pw")]);
    assert!(server.dir.path().join("data/voc.db").exists(), "default database path data/voc.db");

    let health = http(&server.addr, "GET", "/healthz", None, None);
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"database\":\"sqlite\""));

    let cookie = http_login(&server.addr, "process-test-pw");
    let mut events = EventStream::open(&server.addr, &cookie);
    events.wait_for("event: ready", 1);

    let status = server.stop(Duration::from_secs(10));
    // The open stream was closed by the server rather than left hanging.
    events.wait_for_end();
    assert!(status.success(), "clean exit, got {status}");
}
