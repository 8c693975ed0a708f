//! Legal periods against hand-counted dates (calendar of 2026–2028 with the 2026 law:
//! 노동절 and 제헌절 are public holidays).

use chrono::{DateTime, Utc};
use proptest::prelude::*;

use super::*;
use crate::business_time::tests::{korea, kst, show};
use crate::seoul;

const H: i64 = 3600;
use PeriodUnit::{Immediate, Months, Weeks, WorkingDays, WorkingHours};

#[test]
fn friday_half_past_five_for_one_two_three_and_seven_days() {
    // The docs' worked examples (docs/business-time.md).
    let cal = korea();
    let friday = kst("2026-11-27 17:30");
    let rows: &[(PeriodUnit, u32, &str)] = &[
        (Immediate, 0, "2026-11-30 11:30:00"),
        (WorkingHours, 1, "2026-11-30 17:30:00"),
        (WorkingHours, 2, "2026-12-01 17:30:00"),
        (WorkingHours, 3, "2026-12-02 17:30:00"),
        // Friday is day 1: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 7 — the Monday ten days on.
        (WorkingDays, 7, "2026-12-07 18:00:00"),
        // Counted in hours, the same seven days would end on the Tuesday.
        (WorkingHours, 7, "2026-12-08 17:30:00"),
    ];
    for (unit, n, due) in rows {
        assert_eq!(show(cal.period_end(friday, *unit, *n)), *due, "{unit} {n}");
        let budget = cal.budget(friday, *unit, *n);
        assert_eq!(show(cal.deadline(friday, budget, &[]).unwrap()), *due, "{unit} {n} (deadline)");
        assert_eq!(cal.clock(friday, budget, &[], kst(due)).remaining, 0, "{unit} {n} (clock)");
    }
}

#[test]
fn the_act_counts_up_to_five_days_in_hours_and_from_six_in_days() {
    assert_eq!(PeriodUnit::by_the_act(1), WorkingHours);
    assert_eq!(PeriodUnit::by_the_act(5), WorkingHours);
    assert_eq!(PeriodUnit::by_the_act(6), WorkingDays);
    assert_eq!(PeriodUnit::by_the_act(60), WorkingDays);
}

#[test]
fn day_counted_periods_include_the_first_day_and_skip_saturdays_and_holidays() {
    let cal = korea();
    let rows: &[(&str, &str, u32, &str)] = &[
        ("received before opening: that day is day 1", "2026-11-30 07:00", 6, "2026-12-07 18:00:00"),
        ("received a second before closing still counts Friday", "2026-11-27 17:59:59", 7, "2026-12-07 18:00:00"),
        ("received after closing: Monday is day 1", "2026-11-27 18:30", 7, "2026-12-08 18:00:00"),
        ("received exactly at closing: Monday is day 1", "2026-11-27 18:00", 7, "2026-12-08 18:00:00"),
        ("received on Saturday: Monday is day 1", "2026-11-28 10:00", 7, "2026-12-08 18:00:00"),
        ("received on a holiday (Christmas): Monday is day 1", "2026-12-25 10:00", 6, "2027-01-05 18:00:00"),
        ("Chuseok 2026 (Thu–Sat) is skipped", "2026-09-22 10:00", 7, "2026-10-02 18:00:00"),
        ("the year end and 신정", "2026-12-30 10:00", 7, "2027-01-08 18:00:00"),
        ("제헌절 2026 (a Friday) is a holiday again", "2026-07-15 09:00", 7, "2026-07-24 18:00:00"),
        ("노동절 substitute, 어린이날 and 부처님오신날 2027", "2027-04-30 10:00", 7, "2027-05-12 18:00:00"),
        ("one day is the first day itself", "2026-11-23 10:00", 1, "2026-11-23 18:00:00"),
    ];
    for (what, received, n, due) in rows {
        assert_eq!(show(cal.period_end(kst(received), WorkingDays, *n)), *due, "{what}");
    }
}

#[test]
fn calendar_periods_follow_the_civil_code() {
    let cal = korea();
    let rows: &[(&str, &str, PeriodUnit, u32, &str)] = &[
        ("three months end the day before the same date", "2026-11-23 10:00", Months, 3, "2027-02-22 18:00:00"),
        (
            "no 30 February: the month's last day, a Sunday, then 삼일절",
            "2026-11-30 10:00",
            Months,
            3,
            "2027-03-02 18:00:00",
        ),
        (
            "received on Saturday: Monday 30 November is the first day",
            "2026-11-28 10:00",
            Months,
            3,
            "2027-03-02 18:00:00",
        ),
        ("a leap year's 29 February", "2027-11-30 10:00", Months, 3, "2028-02-29 18:00:00"),
        ("across the year end", "2026-12-31 10:00", Months, 3, "2027-03-30 18:00:00"),
        ("a Sunday receipt starts on Monday 1 June", "2026-05-31 10:00", Months, 3, "2026-08-31 18:00:00"),
        ("one month of January", "2027-01-04 10:00", Months, 1, "2027-02-03 18:00:00"),
        ("two weeks", "2026-12-02 10:00", Weeks, 2, "2026-12-15 18:00:00"),
        ("a week ending on Christmas Eve", "2026-12-18 10:00", Weeks, 1, "2026-12-24 18:00:00"),
        ("a week ending on a Sunday moves to Monday", "2026-12-19 10:00", Weeks, 1, "2026-12-28 18:00:00"),
    ];
    for (what, received, unit, n, due) in rows {
        assert_eq!(show(cal.period_end(kst(received), *unit, *n)), *due, "{what}");
    }
}

#[test]
fn immediate_is_three_working_hours() {
    let cal = korea();
    assert_eq!(show(cal.period_end(kst("2026-11-23 11:00"), Immediate, 9)), "2026-11-23 15:00:00");
    assert_eq!(show(cal.period_end(kst("2026-11-28 11:00"), Immediate, 1)), "2026-11-30 12:00:00");
    assert_eq!(cal.budget(kst("2026-11-23 11:00"), Immediate, 1), Budget::new(IMMEDIATE_SECS, false));
}

#[test]
fn a_pause_inside_a_day_counted_period_moves_the_deadline_to_a_close() {
    let cal = korea();
    let received = kst("2026-11-27 17:30");
    let budget = cal.budget(received, WorkingDays, 7);
    // Friday's half hour and six full days.
    assert_eq!(budget, Budget::new(48 * H + 30 * 60, true));

    // Tuesday 10:00 → Wednesday 15:00 stood still for 12 business hours: the exact deadline
    // moves from Monday 7 December 18:00 to Wednesday 9 December 14:00, and the period,
    // counted in days, ends at that day's close.
    let p = Pause { start: kst("2026-12-01 10:00"), end: Some(kst("2026-12-02 15:00")) };
    assert_eq!(cal.between(p.start, p.end.unwrap()), 12 * H);
    assert_eq!(show(cal.deadline(received, budget, &[p]).unwrap()), "2026-12-09 18:00:00");
    assert_eq!(cal.clock(received, budget, &[p], kst("2026-12-09 18:00")).remaining, 0);
    assert_eq!(cal.clock(received, budget, &[p], kst("2026-12-09 14:00")).remaining, 4 * H);
    // The same pause in an hour-counted budget moves the deadline by exactly 12 hours.
    assert_eq!(show(cal.deadline(received, budget.secs, &[p]).unwrap()), "2026-12-09 14:00:00");

    // A pause that ends at a close moves it by whole days.
    let q = Pause { start: kst("2026-12-01 09:00"), end: Some(kst("2026-12-02 18:00")) };
    assert_eq!(show(cal.deadline(received, budget, &[q]).unwrap()), "2026-12-09 18:00:00");

    // While a pause is open there is no deadline and the countdown stands still.
    let open = Pause { start: kst("2026-12-01 10:00"), end: None };
    assert_eq!(cal.deadline(received, budget, &[open]), None);
    let at_pause = cal.clock(received, budget, &[open], kst("2026-12-01 10:00"));
    let later = cal.clock(received, budget, &[open], kst("2026-12-03 16:20"));
    assert_eq!(at_pause.remaining, 48 * H + 30 * 60 - (9 * H + 30 * 60));
    assert_eq!(later.remaining, at_pause.remaining);
    assert!(later.paused);
}

#[test]
fn units_round_trip_through_their_names() {
    for u in PeriodUnit::ALL {
        assert_eq!(u.as_str().parse::<PeriodUnit>(), Ok(u));
        assert_eq!(serde_json::to_string(&u).unwrap(), format!("\"{}\"", u.as_str()));
    }
    assert_eq!("days".parse::<PeriodUnit>(), Err(FieldError::UnknownPeriodUnit));
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2025-01-01 .. 2028-09-01, any second.
    (1_735_657_200i64..1_851_778_800).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_day_counted_period_holds_exactly_n_business_days_and_ends_at_a_close(t in instant(), n in 1u32..40) {
        let cal = korea();
        let end = cal.period_end(t, WorkingDays, n);
        prop_assert_eq!(end, cal.close_at_or_after(end), "{} is not a close", show(end));
        let first = cal.first_day(t);
        prop_assert!(cal.is_business_day(first));
        let mut days = 0;
        let mut d = first;
        while d <= end.with_timezone(&seoul()).date_naive() {
            if cal.is_business_day(d) {
                days += 1;
            }
            d = d.succ_opt().unwrap();
        }
        prop_assert_eq!(days, n);
    }

    #[test]
    fn counting_in_days_never_gives_less_time_than_the_first_day_allows(t in instant(), n in 1u32..40) {
        // From the first day's opening, n days in days equal n days in hours.
        let cal = korea();
        let start = cal.first_day(t);
        let opening = crate::seoul_midnight(start) + chrono::Duration::hours(9);
        prop_assert_eq!(cal.period_end(opening, WorkingDays, n), cal.period_end(opening, WorkingHours, n));
        // And counting in days never gives more time than counting in hours.
        prop_assert!(cal.period_end(t, WorkingDays, n) <= cal.period_end(t, WorkingHours, n));
    }

    #[test]
    fn a_close_rounded_deadline_and_its_clock_agree(
        t in instant(), n in 6u32..20, start_frac in 0.0f64..1.0, len in 0i64..(5 * 86_400)
    ) {
        let cal = korea();
        let budget = cal.budget(t, WorkingDays, n);
        let base = cal.deadline(t, budget, &[]).unwrap();
        let span = (base - t).num_seconds();
        let start = t + chrono::Duration::seconds((span as f64 * start_frac) as i64);
        prop_assume!(start < base);
        let p = Pause { start, end: Some(start + chrono::Duration::seconds(len)) };
        let moved = cal.deadline(t, budget, &[p]).unwrap();
        prop_assert!(moved >= base);
        prop_assert_eq!(moved, cal.close_at_or_after(moved));
        prop_assert_eq!(cal.clock(t, budget, &[p], moved).remaining, 0);
    }

    #[test]
    fn calendar_periods_end_on_a_business_day_after_receipt(t in instant(), n in 1u32..13) {
        let cal = korea();
        for unit in [Weeks, Months] {
            let end = cal.period_end(t, unit, n);
            prop_assert!(end > t);
            prop_assert!(cal.is_business_day(end.with_timezone(&seoul()).date_naive()));
        }
    }
}
