//! The periods whose report goes out by e-mail (CCM: reports reach management): the
//! previous month from the first business day of a month, and in January, April, July and
//! October the previous quarter too.

use chrono::{DateTime, Datelike, Months, NaiveDate, Timelike, Utc};

use super::{BusinessCalendar, to_seoul};

/// A month or quarter whose report is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    /// What makes each mail once per period and recipient: `2026-10`, `2026-Q3`.
    pub key: String,
    /// As the mail names it: `2026년 10월`, `2026년 3분기`.
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The first business day of `date`'s month.
fn first_business_day(cal: &BusinessCalendar, date: NaiveDate) -> Option<NaiveDate> {
    let first = date.with_day(1)?;
    first.iter_days().take(31).take_while(|d| d.month() == first.month()).find(|d| cal.is_business_day(*d))
}

/// The reports due at `now`: none before the first business day of the month has begun
/// (its business hours), then the previous month's, and at a quarter's start the previous
/// quarter's as well. Asking again later in the month gives the same periods; the mails are
/// kept once per period and recipient.
pub fn due_report_periods(cal: &BusinessCalendar, now: DateTime<Utc>) -> Vec<ReportPeriod> {
    let today = to_seoul(now).date_naive();
    let Some(first) = first_business_day(cal, today) else { return Vec::new() };
    let seconds = i64::from(to_seoul(now).time().num_seconds_from_midnight());
    if today < first || (today == first && seconds < i64::from(cal.hours().open)) {
        return Vec::new();
    }
    let Some(this_month) = today.with_day(1) else { return Vec::new() };
    let Some(last_month) = this_month.checked_sub_months(Months::new(1)) else { return Vec::new() };
    let Some(last_day) = this_month.pred_opt() else { return Vec::new() };
    let mut due = vec![ReportPeriod {
        key: last_month.format("%Y-%m").to_string(),
        label: format!("{}년 {}월", last_month.year(), last_month.month()),
        from: last_month,
        to: last_day,
    }];
    if matches!(today.month(), 1 | 4 | 7 | 10)
        && let Some(quarter_start) = this_month.checked_sub_months(Months::new(3))
    {
        let q = (quarter_start.month() - 1) / 3 + 1;
        due.push(ReportPeriod {
            key: format!("{}-Q{q}", quarter_start.year()),
            label: format!("{}년 {q}분기", quarter_start.year()),
            from: quarter_start,
            to: last_day,
        });
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BusinessHours, korean_public_holiday_dates, seoul_midnight};

    fn at(y: i32, m: u32, d: u32, h: i64) -> DateTime<Utc> {
        seoul_midnight(NaiveDate::from_ymd_opt(y, m, d).unwrap()) + chrono::Duration::hours(h)
    }

    #[test]
    fn the_previous_month_is_due_from_the_first_business_day_on() {
        let cal = BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates());
        // 2026-11-01 is a Sunday; Monday the 2nd is the first business day.
        assert!(due_report_periods(&cal, at(2026, 11, 1, 12)).is_empty());
        assert!(due_report_periods(&cal, at(2026, 11, 2, 8)).is_empty(), "before the office opens");
        let due = due_report_periods(&cal, at(2026, 11, 2, 9));
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].key.as_str(), due[0].label.as_str()), ("2026-10", "2026년 10월"));
        assert_eq!((due[0].from.to_string(), due[0].to.to_string()), ("2026-10-01".into(), "2026-10-31".into()));
        // Later in the month: the same period (each mail is kept once).
        assert_eq!(due_report_periods(&cal, at(2026, 11, 20, 22)), due);
    }

    #[test]
    fn a_quarter_starts_with_the_previous_quarters_report_too() {
        let cal = BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates());
        // 2027-01-01 is New Year's Day (a Friday); the 4th is the first business day.
        assert!(due_report_periods(&cal, at(2027, 1, 1, 10)).is_empty());
        let due = due_report_periods(&cal, at(2027, 1, 4, 10));
        let keys: Vec<&str> = due.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["2026-12", "2026-Q4"]);
        assert_eq!(due[1].label, "2026년 4분기");
        assert_eq!((due[1].from.to_string(), due[1].to.to_string()), ("2026-10-01".into(), "2026-12-31".into()));
    }
}
