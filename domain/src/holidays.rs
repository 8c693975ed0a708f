//! Korean public holidays 2025–2028, the default the holiday table is seeded with once.
//! Administrators edit the table afterwards; nothing reads this list at run time but the
//! seeding and the tests.
//!
//! Lunar holidays (설날, 부처님오신날, 추석) are by the Korean (UTC+9) calendar — 2027 and
//! 2028 Seollal fall a day after the Chinese New Year. Substitute holidays (대체공휴일)
//! follow the current rules: 설날·추석 when a day falls on a Sunday or on another holiday;
//! 삼일절, 어린이날, 광복절, 개천절, 한글날, 부처님오신날, 성탄절 (and from 2026 노동절 and
//! 제헌절) when on a Saturday, Sunday or another holiday; none for 신정 and 현충일. Election
//! days as scheduled.
//!
//! From 2026 the law makes 노동절 (1 May) and 제헌절 (17 July) public holidays again; the
//! first seed (before that change) lacked them. [`HOLIDAYS_ADDED_IN_2026`] is what a
//! database seeded earlier receives once, without undoing an administrator's edits.
//! Checked against python-holidays 0.109 (`holidays.KR`) for 2026–2028.

/// `(date, 한국어 이름, English name)`.
pub const KOREAN_PUBLIC_HOLIDAYS: &[(&str, &str, &str)] = &[
    // 2025
    ("2025-01-01", "신정", "New Year's Day"),
    ("2025-01-27", "임시공휴일", "Temporary holiday"),
    ("2025-01-28", "설날 연휴", "Seollal holidays"),
    ("2025-01-29", "설날", "Seollal"),
    ("2025-01-30", "설날 연휴", "Seollal holidays"),
    ("2025-03-01", "삼일절", "Independence Movement Day"),
    ("2025-03-03", "대체공휴일(삼일절)", "Substitute holiday (Independence Movement Day)"),
    ("2025-05-05", "어린이날·부처님오신날", "Children's Day, Buddha's Birthday"),
    ("2025-05-06", "대체공휴일(부처님오신날)", "Substitute holiday (Buddha's Birthday)"),
    ("2025-06-03", "제21대 대통령선거", "Presidential election day"),
    ("2025-06-06", "현충일", "Memorial Day"),
    ("2025-08-15", "광복절", "Liberation Day"),
    ("2025-10-03", "개천절", "National Foundation Day"),
    ("2025-10-05", "추석 연휴", "Chuseok holidays"),
    ("2025-10-06", "추석", "Chuseok"),
    ("2025-10-07", "추석 연휴", "Chuseok holidays"),
    ("2025-10-08", "대체공휴일(추석)", "Substitute holiday (Chuseok)"),
    ("2025-10-09", "한글날", "Hangul Day"),
    ("2025-12-25", "성탄절", "Christmas Day"),
    // 2026
    ("2026-01-01", "신정", "New Year's Day"),
    ("2026-02-16", "설날 연휴", "Seollal holidays"),
    ("2026-02-17", "설날", "Seollal"),
    ("2026-02-18", "설날 연휴", "Seollal holidays"),
    ("2026-03-01", "삼일절", "Independence Movement Day"),
    ("2026-03-02", "대체공휴일(삼일절)", "Substitute holiday (Independence Movement Day)"),
    ("2026-05-01", "노동절", "Labour Day"),
    ("2026-05-05", "어린이날", "Children's Day"),
    ("2026-05-24", "부처님오신날", "Buddha's Birthday"),
    ("2026-05-25", "대체공휴일(부처님오신날)", "Substitute holiday (Buddha's Birthday)"),
    ("2026-06-03", "제9회 전국동시지방선거", "Local elections day"),
    ("2026-06-06", "현충일", "Memorial Day"),
    ("2026-07-17", "제헌절", "Constitution Day"),
    ("2026-08-15", "광복절", "Liberation Day"),
    ("2026-08-17", "대체공휴일(광복절)", "Substitute holiday (Liberation Day)"),
    ("2026-09-24", "추석 연휴", "Chuseok holidays"),
    ("2026-09-25", "추석", "Chuseok"),
    ("2026-09-26", "추석 연휴", "Chuseok holidays"),
    ("2026-10-03", "개천절", "National Foundation Day"),
    ("2026-10-05", "대체공휴일(개천절)", "Substitute holiday (National Foundation Day)"),
    ("2026-10-09", "한글날", "Hangul Day"),
    ("2026-12-25", "성탄절", "Christmas Day"),
    // 2027
    ("2027-01-01", "신정", "New Year's Day"),
    ("2027-02-06", "설날 연휴", "Seollal holidays"),
    ("2027-02-07", "설날", "Seollal"),
    ("2027-02-08", "설날 연휴", "Seollal holidays"),
    ("2027-02-09", "대체공휴일(설날)", "Substitute holiday (Seollal)"),
    ("2027-03-01", "삼일절", "Independence Movement Day"),
    ("2027-05-01", "노동절", "Labour Day"),
    ("2027-05-03", "대체공휴일(노동절)", "Substitute holiday (Labour Day)"),
    ("2027-05-05", "어린이날", "Children's Day"),
    ("2027-05-13", "부처님오신날", "Buddha's Birthday"),
    ("2027-06-06", "현충일", "Memorial Day"),
    ("2027-07-17", "제헌절", "Constitution Day"),
    ("2027-07-19", "대체공휴일(제헌절)", "Substitute holiday (Constitution Day)"),
    ("2027-08-15", "광복절", "Liberation Day"),
    ("2027-08-16", "대체공휴일(광복절)", "Substitute holiday (Liberation Day)"),
    ("2027-09-14", "추석 연휴", "Chuseok holidays"),
    ("2027-09-15", "추석", "Chuseok"),
    ("2027-09-16", "추석 연휴", "Chuseok holidays"),
    ("2027-10-03", "개천절", "National Foundation Day"),
    ("2027-10-04", "대체공휴일(개천절)", "Substitute holiday (National Foundation Day)"),
    ("2027-10-09", "한글날", "Hangul Day"),
    ("2027-10-11", "대체공휴일(한글날)", "Substitute holiday (Hangul Day)"),
    ("2027-12-25", "성탄절", "Christmas Day"),
    ("2027-12-27", "대체공휴일(성탄절)", "Substitute holiday (Christmas Day)"),
    // 2028
    ("2028-01-01", "신정", "New Year's Day"),
    ("2028-01-26", "설날 연휴", "Seollal holidays"),
    ("2028-01-27", "설날", "Seollal"),
    ("2028-01-28", "설날 연휴", "Seollal holidays"),
    ("2028-03-01", "삼일절", "Independence Movement Day"),
    ("2028-04-12", "제23대 국회의원선거", "National Assembly election day"),
    ("2028-05-01", "노동절", "Labour Day"),
    ("2028-05-02", "부처님오신날", "Buddha's Birthday"),
    ("2028-05-05", "어린이날", "Children's Day"),
    ("2028-06-06", "현충일", "Memorial Day"),
    ("2028-07-17", "제헌절", "Constitution Day"),
    ("2028-08-15", "광복절", "Liberation Day"),
    ("2028-10-02", "추석 연휴", "Chuseok holidays"),
    ("2028-10-03", "추석·개천절", "Chuseok, National Foundation Day"),
    ("2028-10-04", "추석 연휴", "Chuseok holidays"),
    ("2028-10-05", "대체공휴일(추석)", "Substitute holiday (Chuseok)"),
    ("2028-10-09", "한글날", "Hangul Day"),
    ("2028-12-25", "성탄절", "Christmas Day"),
];

/// The holidays the 2026 amendments added (노동절, 제헌절 and their substitute days), as
/// `(date, 한국어 이름, English name)`; each is also in [`KOREAN_PUBLIC_HOLIDAYS`].
pub const HOLIDAYS_ADDED_IN_2026: &[(&str, &str, &str)] = &[
    ("2026-05-01", "노동절", "Labour Day"),
    ("2026-07-17", "제헌절", "Constitution Day"),
    ("2027-05-01", "노동절", "Labour Day"),
    ("2027-05-03", "대체공휴일(노동절)", "Substitute holiday (Labour Day)"),
    ("2027-07-17", "제헌절", "Constitution Day"),
    ("2027-07-19", "대체공휴일(제헌절)", "Substitute holiday (Constitution Day)"),
    ("2028-05-01", "노동절", "Labour Day"),
    ("2028-07-17", "제헌절", "Constitution Day"),
];

/// The seeded holidays as dates.
pub fn korean_public_holiday_dates() -> Vec<chrono::NaiveDate> {
    KOREAN_PUBLIC_HOLIDAYS
        .iter()
        .filter_map(|(d, _, _)| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, Weekday};

    #[test]
    fn the_2026_additions_are_in_the_full_list() {
        for added in HOLIDAYS_ADDED_IN_2026 {
            assert!(KOREAN_PUBLIC_HOLIDAYS.contains(added), "{added:?}");
        }
    }

    #[test]
    fn every_seeded_date_parses_and_none_repeats() {
        let dates = korean_public_holiday_dates();
        assert_eq!(dates.len(), KOREAN_PUBLIC_HOLIDAYS.len());
        let mut sorted = dates.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, dates, "listed in order, without repeats");
        for year in 2025..=2028 {
            let n = dates.iter().filter(|d| d.year() == year).count();
            assert!((15..=25).contains(&n), "{year}: {n} holidays");
        }
    }

    #[test]
    fn substitute_holidays_follow_a_weekend_or_holiday_and_fall_on_a_weekday() {
        for (d, ko, _) in KOREAN_PUBLIC_HOLIDAYS {
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            if ko.starts_with("대체공휴일") {
                assert!(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun), "{d} {ko}");
            }
        }
        // Fixed-date holidays are on their dates every year.
        for year in 2025..=2028 {
            for md in ["01-01", "03-01", "05-05", "06-06", "08-15", "10-03", "10-09", "12-25"] {
                let d = format!("{year}-{md}");
                assert!(KOREAN_PUBLIC_HOLIDAYS.iter().any(|(x, _, _)| *x == d), "{d} missing");
            }
        }
        for year in 2026..=2028 {
            for md in ["05-01", "07-17"] {
                let d = format!("{year}-{md}");
                assert!(KOREAN_PUBLIC_HOLIDAYS.iter().any(|(x, _, _)| *x == d), "{d} missing");
            }
        }
    }
}
