use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Asia/Seoul: UTC+09:00 all year, no daylight saving since 1988.
pub fn seoul() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| unreachable!("+09:00 is a valid offset"))
}

/// An instant as Seoul local time, for display and for the API's `+09:00` timestamps.
pub fn to_seoul(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&seoul())
}

/// A moment as history entries and notices write it: Seoul time to the minute,
/// `2026-12-01 18:00`.
pub fn seoul_minutes(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let s = to_seoul(t);
    format!("{:04}-{:02}-{:02} {:02}:{:02}", s.year(), s.month(), s.day(), s.hour(), s.minute())
}

/// The instant a Seoul calendar day begins (its local midnight).
pub fn seoul_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::seconds(9 * 3600)
}

/// A countdown for the queue: `1일 02:03:04`, `02:03:04`, or `-00:12:00` once overdue.
pub fn format_remaining(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    if d > 0 { format!("{sign}{d}일 {h:02}:{m:02}:{sec:02}") } else { format!("{sign}{h:02}:{m:02}:{sec:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn seoul_times_carry_the_plus_nine_offset() {
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 8, 30, 0).unwrap();
        assert_eq!(to_seoul(t).to_rfc3339(), "2026-11-27T17:30:00+09:00");
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(seoul_midnight(day), Utc.with_ymd_and_hms(2025, 12, 31, 15, 0, 0).unwrap());
    }

    #[test]
    fn history_times_are_seoul_minutes_across_the_day_line() {
        // 2026-12-31 23:05 UTC is already New Year's morning in Seoul.
        let t = Utc.with_ymd_and_hms(2026, 12, 31, 23, 5, 59).unwrap();
        assert_eq!(seoul_minutes(t), "2027-01-01 08:05");
        assert_eq!(seoul_minutes(t), to_seoul(t).format("%Y-%m-%d %H:%M").to_string());
    }

    #[test]
    fn countdowns_format_days_hours_and_overdue() {
        assert_eq!(format_remaining(0), "00:00:00");
        assert_eq!(format_remaining(59), "00:00:59");
        assert_eq!(format_remaining(3661), "01:01:01");
        assert_eq!(format_remaining(86_400 + 7384), "1일 02:03:04");
        assert_eq!(format_remaining(-720), "-00:12:00");
    }
}
