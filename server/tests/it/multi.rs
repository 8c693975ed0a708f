//! Several instances on one PostgreSQL: live updates cross instances, receipt numbers stay
//! unique and sequential, a policy edited on one holds on the other at once, and a lost
//! listener connection reconnects and resyncs its queues.

use std::time::Duration;

use crate::common::{EventStream, ServerProcess, fresh_pg_database, http, http_login};

fn receipt_of(resp: &str) -> String {
    assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["receipt_no"].as_str().unwrap().to_owned()
}

/// The business days of complaints as instance `addr` applies them now.
fn complaint_days(addr: &str) -> i64 {
    let resp = http(addr, "GET", "/api/v1/calendar/policies", None, None);
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    let v: serde_json::Value = serde_json::from_str(resp.split("\r\n\r\n").nth(1).unwrap_or_default()).unwrap();
    let complaint = v.as_array().unwrap().iter().find(|p| p["kind"] == "complaint").unwrap().clone();
    complaint["business_days"].as_i64().unwrap()
}

/// Waits (ten seconds at most) until instance `addr` applies `days` to complaints.
fn until_complaint_days(addr: &str, days: i64, why: &str) {
    let give_up = std::time::Instant::now() + Duration::from_secs(10);
    while complaint_days(addr) != days {
        assert!(std::time::Instant::now() < give_up, "{why}: still {} business days", complaint_days(addr));
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn file(addr: &str, content: &str) -> String {
    let body = serde_json::json!({"kind": "complaint", "channel": "kiosk", "content": content}).to_string();
    receipt_of(&http(addr, "POST", "/api/v1/cases", Some(&body), None))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_share_cases_events_and_numbers() {
    let db = fresh_pg_database().await;
    let env = [("DATABASE_URL", db.as_str()), ("VOC_ADMIN_PASSWORD", "multi-pw")];
    // Started together: migrations, the first admin and the holiday seed must not collide.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| ServerProcess::start(&env));
        let b = s.spawn(|| ServerProcess::start(&env));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (mut a, mut b) = (a, b);
    let cookie = http_login(&b.addr, "multi-pw");
    let health = http(&b.addr, "GET", "/api/v1/health", None, Some(&cookie));
    assert!(health.contains("\"database\":\"postgres\""), "{health}");
    let mut on_b = EventStream::open(&b.addr, &cookie);
    on_b.wait_for("event: ready", 1);

    // Filed through A, seen on a queue connected to B.
    let first = file(&a.addr, "A로 접수하고 B에서 봅니다");
    on_b.wait_for(&first, 1);
    assert!(on_b.seen.contains("event: case"));

    // Receipt numbers stay unique and sequential with both instances filing at once.
    let (a_addr, b_addr) = (a.addr.clone(), b.addr.clone());
    let mut numbers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let addr = if i % 2 == 0 { a_addr.clone() } else { b_addr.clone() };
                s.spawn(move || file(&addr, &format!("동시에 접수한 민원 {i}")))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    numbers.push(first);
    let mut seqs: Vec<u32> = numbers.iter().map(|n| n.rsplit('-').next().unwrap().parse().unwrap()).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=17).collect::<Vec<u32>>(), "{numbers:?}");

    // Each instance keeps the deadline policies in memory. One edited through A holds on B
    // as soon as A's notice of it arrives, not when B's copy would expire (a minute).
    let days = complaint_days(&b.addr);
    let policy = |days: i64| {
        serde_json::json!({"business_days": days, "needs_confirmation": true, "interim_notice_days": 0, "due_soon_hours": 8})
            .to_string()
    };
    let admin_a = http_login(&a.addr, "multi-pw");
    let put = http(&a.addr, "PUT", "/api/v1/calendar/policies/complaint", Some(&policy(days + 3)), Some(&admin_a));
    assert!(put.starts_with("HTTP/1.1 200"), "{put}");
    until_complaint_days(&b.addr, days + 3, "B kept the policy A replaced");

    // Cut every LISTEN connection: B's listener reconnects and tells its streams to resync.
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&db).await.unwrap();
    let killed: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(killed.len(), 2, "one listener per instance");
    on_b.wait_for("event: ready", 2);
    let after = file(&a.addr, "리스너가 다시 연결된 뒤의 민원");
    on_b.wait_for(&after, 1);
    // An edit made while a listener may have been away is not kept from it either.
    let put = http(&a.addr, "PUT", "/api/v1/calendar/policies/complaint", Some(&policy(days)), Some(&admin_a));
    assert!(put.starts_with("HTTP/1.1 200"), "{put}");
    until_complaint_days(&b.addr, days, "B kept the policy A restored");

    assert!(a.stop(Duration::from_secs(10)).success());
    assert!(b.stop(Duration::from_secs(10)).success());
    on_b.wait_for_end();
}
