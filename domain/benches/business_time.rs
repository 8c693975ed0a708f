//! `cargo bench -p domain --bench business_time`: one 7-business-day deadline, and the clock of
//! 100,000 open cases (targets: ≤ 1 µs and < 50 ms). Figures go in docs/benchmarks.md.

#![allow(clippy::unwrap_used, reason = "a benchmark of fixed inputs")]

use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use domain::{BusinessCalendar, BusinessHours, Pause, korean_public_holiday_dates};

fn calendar() -> BusinessCalendar {
    BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates())
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn deadlines(c: &mut Criterion) {
    let cal = calendar();
    // Over Chuseok 2026 and the 개천절 substitute day: a realistic worst week.
    let received = at("2026-09-23T17:30:00+09:00");
    let budget = 7 * 8 * 3600;
    c.bench_function("deadline: 7 business days, no pause", |b| {
        b.iter(|| cal.deadline(black_box(received), black_box(budget), &[]))
    });
    let pauses = [Pause { start: at("2026-09-24T10:00:00+09:00"), end: Some(at("2026-09-29T15:00:00+09:00")) }];
    c.bench_function("deadline: 7 business days, one pause", |b| {
        b.iter(|| cal.deadline(black_box(received), black_box(budget), black_box(&pauses)))
    });
}

fn open_cases(c: &mut Criterion) {
    let cal = calendar();
    let now = at("2026-11-23T14:00:00+09:00");
    // 100,000 open cases received over the last 30 days, every tenth one paused once.
    let cases: Vec<(DateTime<Utc>, i64, Vec<Pause>)> = (0..100_000i64)
        .map(|i| {
            let received = now - Duration::seconds((i * 7919) % (30 * 86_400));
            let budget = [1, 2, 2, 3, 2, 1, 7][(i % 7) as usize] * 8 * 3600;
            let pauses = if i % 10 == 0 {
                vec![Pause { start: received + Duration::hours(2), end: Some(received + Duration::hours(30)) }]
            } else {
                vec![]
            };
            (received, budget, pauses)
        })
        .collect();
    c.bench_function("clock of 100,000 open cases", |b| {
        b.iter(|| {
            let mut overdue = 0usize;
            for (received, budget, pauses) in &cases {
                if cal.clock(*received, *budget, pauses, now).remaining < 0 {
                    overdue += 1;
                }
            }
            black_box(overdue)
        })
    });
}

criterion_group!(benches, deadlines, open_cases);
criterion_main!(benches);
