use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::{korean_public_holiday_dates, seoul};

/// A Seoul wall-clock time, `YYYY-MM-DD HH:MM[:SS]`.
pub(crate) fn kst(s: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|e| panic!("{s}: {e}"));
    seoul().from_local_datetime(&naive).unwrap().with_timezone(&Utc)
}

pub(crate) fn show(t: DateTime<Utc>) -> String {
    t.with_timezone(&seoul()).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Business hours 09–18 with the lunch break, and the seeded Korean holidays.
pub(crate) fn korea() -> BusinessCalendar {
    BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates())
}

const H: i64 = 3600;
const DAY8: i64 = 8 * H;

#[test]
fn deadlines_across_weekends_holidays_breaks_and_the_year_end() {
    let cal = korea();
    let cases: &[(&str, &str, i64, &str)] = &[
        // The spec's example: Friday 17:30 + 2 business days = Tuesday 17:30.
        ("spec example", "2026-11-27 17:30", 2 * DAY8, "2026-12-01 17:30:00"),
        ("a full day from opening ends at closing, not next opening", "2026-11-23 09:00", DAY8, "2026-11-23 18:00:00"),
        ("before opening counts from 09:00", "2026-11-23 07:45", DAY8, "2026-11-23 18:00:00"),
        ("after closing counts from the next opening", "2026-11-23 18:30", DAY8, "2026-11-24 18:00:00"),
        ("exactly at closing counts from the next opening", "2026-11-23 18:00", DAY8, "2026-11-24 18:00:00"),
        ("received at lunch counts from 13:00", "2026-11-23 12:30", DAY8, "2026-11-24 12:00:00"),
        ("a span ending at the break ends at 12:00", "2026-11-23 09:00", 3 * H, "2026-11-23 12:00:00"),
        ("one second past the break start is 13:00:01", "2026-11-23 11:59:59", 2, "2026-11-23 13:00:01"),
        ("one second before the break", "2026-11-23 11:59:59", 1, "2026-11-23 12:00:00"),
        ("received on Saturday", "2026-11-28 10:00", DAY8, "2026-11-30 18:00:00"),
        ("received on Sunday night", "2026-11-29 23:59", DAY8, "2026-11-30 18:00:00"),
        ("year end: 31 Dec, then 신정 and a weekend", "2026-12-31 15:00", DAY8, "2027-01-04 15:00:00"),
        (
            "Friday before Christmas weekend 2027 with its substitute day",
            "2027-12-24 17:00",
            2 * H,
            "2027-12-28 10:00:00",
        ),
        ("Chuseok 2026 (Thu–Sat)", "2026-09-23 10:00", 2 * DAY8, "2026-09-29 10:00:00"),
        ("grievance over 개천절 substitute and 한글날", "2026-09-30 09:00", 7 * DAY8, "2026-10-12 18:00:00"),
        ("Seollal 2027 with its substitute Tuesday", "2027-02-05 18:00", DAY8, "2027-02-10 18:00:00"),
        ("Chuseok 2028 on 개천절 with a substitute Thursday", "2028-09-29 17:00", 2 * H, "2028-10-06 10:00:00"),
        ("election day 2026-06-03", "2026-06-02 17:00", 2 * H, "2026-06-04 10:00:00"),
        ("zero budget is the receipt itself", "2026-11-28 10:00", 0, "2026-11-28 10:00:00"),
        ("an hour on a weekday afternoon", "2026-11-24 14:10", H, "2026-11-24 15:10:00"),
        ("suggestion: three days", "2026-11-25 16:00", 3 * DAY8, "2026-11-30 16:00:00"),
    ];
    for (what, received, budget, due) in cases {
        assert_eq!(show(cal.add(kst(received), *budget)), *due, "{what}");
        assert_eq!(show(cal.deadline(kst(received), *budget, &[]).unwrap()), *due, "{what} (deadline)");
        // And counting back: exactly the budget lies between receipt and deadline.
        assert_eq!(cal.between(kst(received), kst(due)), *budget, "{what} (between)");
    }
}

#[test]
fn business_time_between_two_instants() {
    let cal = korea();
    let rows: &[(&str, &str, i64)] = &[
        ("2026-11-23 11:00", "2026-11-23 14:00", 2 * H),
        ("2026-11-23 12:10", "2026-11-23 12:50", 0),
        ("2026-11-28 00:00", "2026-11-30 00:00", 0),
        ("2026-11-27 17:30", "2026-12-01 17:30", 16 * H),
        ("2026-09-24 09:00", "2026-09-26 18:00", 0),
    ];
    for (a, b, want) in rows {
        assert_eq!(cal.between(kst(a), kst(b)), *want, "{a} → {b}");
        assert_eq!(cal.between(kst(b), kst(a)), -*want, "{b} → {a}");
    }
    // 2026 has 261 weekdays and 16 of its holidays fall on weekdays: 245 business days.
    let year = cal.between(kst("2026-01-01 00:00"), kst("2027-01-01 00:00"));
    assert_eq!(year, 245 * DAY8);
    let mut days = 0;
    let mut d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while d.year_ce().1 == 2026 {
        if cal.is_business_day(d) {
            days += 1;
        }
        d = d.succ_opt().unwrap();
    }
    assert_eq!(days, 245);
}

use chrono::Datelike;

#[test]
fn the_clock_runs_only_in_business_time() {
    let cal = korea();
    for (t, running) in [
        ("2026-11-23 08:59:59", false),
        ("2026-11-23 09:00", true),
        ("2026-11-23 11:59:59", true),
        ("2026-11-23 12:00", false),
        ("2026-11-23 12:59:59", false),
        ("2026-11-23 13:00", true),
        ("2026-11-23 17:59:59", true),
        ("2026-11-23 18:00", false),
        ("2026-11-28 10:00", false),
        ("2026-12-25 10:00", false),
        ("2026-10-05 10:00", false),
    ] {
        assert_eq!(cal.is_business_time(kst(t)), running, "{t}");
    }
}

#[test]
fn a_pause_moves_the_deadline_by_its_business_time() {
    let cal = korea();
    let received = kst("2026-11-23 10:00");
    let base = cal.deadline(received, 2 * DAY8, &[]).unwrap();
    assert_eq!(show(base), "2026-11-25 10:00:00");

    // Monday 15:00 → Tuesday 11:00 is 3 h + 2 h of business time: Wednesday 10:00 + 5 h,
    // over the lunch break, is 16:00.
    let p = Pause { start: kst("2026-11-23 15:00"), end: Some(kst("2026-11-24 11:00")) };
    assert_eq!(cal.paused_between(&[p], received, base), 5 * H);
    assert_eq!(show(cal.deadline(received, 2 * DAY8, &[p]).unwrap()), "2026-11-25 16:00:00");

    // A pause over a night and the Chuseok holidays counts only its business hours.
    let received = kst("2026-09-22 09:00");
    let p = Pause { start: kst("2026-09-23 17:00"), end: Some(kst("2026-09-29 10:00")) };
    assert_eq!(cal.between(p.start, p.end.unwrap()), 10 * H);
    let without = cal.deadline(received, 2 * DAY8, &[]).unwrap();
    let with = cal.deadline(received, 2 * DAY8, &[p]).unwrap();
    assert_eq!(show(without), "2026-09-23 18:00:00");
    assert_eq!(cal.between(without, with), 10 * H);
    assert_eq!(show(with), "2026-09-29 11:00:00");

    // Overlapping pauses count once; a pause after the deadline changes nothing.
    let a = Pause { start: kst("2026-11-23 11:00"), end: Some(kst("2026-11-23 15:00")) };
    let b = Pause { start: kst("2026-11-23 14:00"), end: Some(kst("2026-11-23 16:00")) };
    let late = Pause { start: kst("2026-11-26 09:00"), end: Some(kst("2026-11-27 09:00")) };
    let received = kst("2026-11-23 10:00");
    let d = cal.deadline(received, 2 * DAY8, &[b, late, a]).unwrap();
    assert_eq!(cal.between(base, d), 4 * H); // 11–12, 13–16
}

#[test]
fn an_open_pause_holds_the_clock() {
    let cal = korea();
    let received = kst("2026-11-23 10:00");
    let p = Pause { start: kst("2026-11-23 14:00"), end: None };
    assert_eq!(cal.deadline(received, 2 * DAY8, &[p]), None);
    let at_pause = cal.clock(received, 2 * DAY8, &[p], kst("2026-11-23 14:00"));
    let later = cal.clock(received, 2 * DAY8, &[p], kst("2026-11-25 16:00"));
    assert_eq!(at_pause.remaining, 2 * DAY8 - 3 * H);
    assert_eq!(later.remaining, at_pause.remaining, "frozen while paused");
    assert!(later.paused && !later.running);
}

#[test]
fn the_clock_counts_down_stands_still_and_goes_negative() {
    let cal = korea();
    let received = kst("2026-11-27 17:30");
    let c = cal.clock(received, 2 * DAY8, &[], kst("2026-11-27 17:45"));
    assert_eq!((c.remaining, c.running, c.paused), (16 * H - 15 * 60, true, false));
    let night = cal.clock(received, 2 * DAY8, &[], kst("2026-11-28 03:00"));
    assert_eq!((night.remaining, night.running), (16 * H - 30 * 60, false));
    let due = cal.clock(received, 2 * DAY8, &[], kst("2026-12-01 17:30"));
    assert_eq!(due.remaining, 0);
    let over = cal.clock(received, 2 * DAY8, &[], kst("2026-12-02 09:30"));
    assert_eq!(over.remaining, -(30 * 60 + 30 * 60));
    assert_eq!(format_business(over.remaining), "-1:00:00");
    assert_eq!(format_business(16 * H - 15 * 60), "15:45:00");
}

#[test]
fn hours_are_checked_and_other_hours_work() {
    assert!(BusinessHours::new(9 * 3600, 12 * 3600, 13 * 3600, 18 * 3600).is_ok());
    assert_eq!(BusinessHours::new(13 * 3600, 12 * 3600, 13 * 3600, 18 * 3600), Err(BadHours));
    assert_eq!(BusinessHours::new(9 * 3600, 12 * 3600, 13 * 3600, 25 * 3600), Err(BadHours));
    // 08:00–17:00 with no break: 9 hours a day.
    let h = BusinessHours::new(8 * 3600, 12 * 3600, 12 * 3600, 17 * 3600).unwrap();
    let cal = BusinessCalendar::new(h, []);
    assert_eq!(h.day_seconds(), 9 * H);
    assert_eq!(show(cal.add(kst("2026-11-23 16:00"), 2 * H)), "2026-11-24 09:00:00");
    assert_eq!(business_days(h, 2), 18 * H);
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2025-01-01 .. 2028-12-01, any second.
    (1_735_657_200i64..1_859_727_600).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_deadline_is_never_before_receipt(t in instant(), budget in 0i64..(10 * DAY8)) {
        prop_assert!(korea().add(t, budget) >= t);
    }

    #[test]
    fn the_deadline_grows_with_the_budget(t in instant(), a in 0i64..(7 * DAY8), extra in 0i64..DAY8) {
        let cal = korea();
        prop_assert!(cal.add(t, a) <= cal.add(t, a + extra));
    }

    #[test]
    fn business_time_between_inverts_the_deadline(t in instant(), budget in 0i64..(10 * DAY8)) {
        let cal = korea();
        prop_assert_eq!(cal.between(t, cal.add(t, budget)), budget);
    }

    #[test]
    fn a_deadline_is_in_business_time_or_at_a_closing(t in instant(), budget in 1i64..(10 * DAY8)) {
        let cal = korea();
        let d = cal.add(t, budget);
        let just_before = d - chrono::Duration::seconds(1);
        prop_assert!(cal.is_business_time(just_before), "{} is not the end of business time", show(d));
    }

    #[test]
    fn a_pause_of_d_business_hours_moves_the_deadline_by_exactly_d(
        t in instant(), budget in 1i64..(7 * DAY8), start_frac in 0.0f64..1.0, len in 0i64..(5 * 86_400)
    ) {
        let cal = korea();
        let base = cal.deadline(t, budget, &[]).unwrap();
        let span = (base - t).num_seconds();
        let start = t + chrono::Duration::seconds((span as f64 * start_frac) as i64);
        prop_assume!(start < base);
        let end = start + chrono::Duration::seconds(len);
        let d = cal.between(start, end);
        let moved = cal.deadline(t, budget, &[Pause { start, end: Some(end) }]).unwrap();
        prop_assert_eq!(cal.between(base, moved), d);
        // The clock agrees: at the moved deadline nothing remains.
        prop_assert_eq!(cal.clock(t, budget, &[Pause { start, end: Some(end) }], moved).remaining, 0);
    }

    #[test]
    fn between_is_additive(a in instant(), b in instant(), c in instant()) {
        let cal = korea();
        prop_assert_eq!(cal.between(a, b) + cal.between(b, c), cal.between(a, c));
    }
}

#[test]
fn the_last_instant_within_a_span_carries_over_closed_time() {
    let cal = korea();
    // Four business hours from Friday 15:00 end at 18:00 … and so does every instant up to
    // Monday's opening, which is the last one still within them.
    assert_eq!(show(cal.last_within(kst("2026-11-27 15:00"), 3 * H)), "2026-11-30 09:00:00");
    assert_eq!(show(cal.last_within(kst("2026-11-23 10:00"), H)), "2026-11-23 11:00:00");
    assert_eq!(show(cal.last_within(kst("2026-11-23 11:30"), H)), "2026-11-23 13:30:00");
}

proptest! {
    #[test]
    fn within_a_span_exactly_up_to_its_last_instant(
        start in 1_767_000_000i64..1_800_000_000,
        span in 0i64..(20 * DAY8),
        offset in -86_400i64..(40 * 86_400),
    ) {
        let cal = korea();
        let start = DateTime::from_timestamp(start, 0).unwrap();
        let last = cal.last_within(start, span);
        let t = last + chrono::Duration::seconds(offset.clamp(-86_400, 40 * 86_400) - 86_400 / 2);
        prop_assert_eq!(cal.between(start, t) <= span, t <= last, "{} {} {}", show(start), span, show(t));
    }
}
