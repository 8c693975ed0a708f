//! Holidays from an iCalendar file (RFC 5545), as public holiday calendars publish them,
//! and what importing them would change in the holiday table.
//!
//! Only what a holiday calendar needs is read: each `VEVENT`'s `DTSTART`, `DTEND` and
//! `SUMMARY`. An all-day event's `DTEND` is exclusive; an event of several days gives each
//! of its days. Recurring events (`RRULE`) and events longer than [`MAX_EVENT_DAYS`] are
//! listed as skipped rather than guessed at.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The longest event taken as holidays (a Chuseok with substitute days is five).
pub const MAX_EVENT_DAYS: i64 = 14;
/// The largest file read, in bytes.
pub const MAX_ICAL_BYTES: usize = 1_000_000;
/// The most holidays one file may bring.
pub const MAX_IMPORTED_DAYS: usize = 2_000;

/// What a file holds: its holidays by date, and the events it skipped, with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedCalendar {
    /// One name per date; two events on one day are joined with `·`.
    pub days: BTreeMap<NaiveDate, String>,
    pub skipped: Vec<String>,
}

/// Lines with their continuations joined (RFC 5545 3.1), `CRLF` or `LF`.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => lines.push(raw.to_owned()),
        }
    }
    lines
}

/// `NAME;PARAM=x:value` → (`NAME`, `value`).
fn split_line(line: &str) -> Option<(String, &str)> {
    let colon = line.find(':')?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let name = head.split(';').next().unwrap_or(head).trim().to_ascii_uppercase();
    Some((name, value))
}

/// `20260101`, `20260101T000000`, `20260101T000000Z` → the date (a holiday is a day).
fn date_of(value: &str) -> Option<NaiveDate> {
    let digits = value.trim().get(..8)?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// RFC 5545 TEXT unescaping.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Event {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    summary: String,
    recurring: bool,
}

/// Reads a calendar; `Err` when the text is not an iCalendar with at least one event.
pub fn parse_ical(input: &str) -> Result<ParsedCalendar, FieldError> {
    if input.len() > MAX_ICAL_BYTES {
        return Err(FieldError::CalendarTooLarge { max_kb: MAX_ICAL_BYTES / 1000 });
    }
    let lines = unfold(input.trim_start_matches('\u{feff}'));
    if !lines.iter().any(|l| l.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        return Err(FieldError::NotICalendar);
    }
    let mut out = ParsedCalendar::default();
    let mut event: Option<Event> = None;
    let mut events = 0usize;
    for line in &lines {
        let Some((name, value)) = split_line(line) else { continue };
        match (name.as_str(), event.as_mut()) {
            ("BEGIN", None) if value.trim().eq_ignore_ascii_case("VEVENT") => event = Some(Event::default()),
            ("END", Some(_)) if value.trim().eq_ignore_ascii_case("VEVENT") => {
                events += 1;
                if let Some(e) = event.take() {
                    add_event(&mut out, e)?;
                }
            }
            ("DTSTART", Some(e)) => e.start = date_of(value),
            ("DTEND", Some(e)) => e.end = date_of(value),
            ("SUMMARY", Some(e)) => e.summary = text(value),
            ("RRULE" | "RDATE", Some(e)) => e.recurring = true,
            _ => {}
        }
    }
    if events == 0 {
        return Err(FieldError::NotICalendar);
    }
    Ok(out)
}

fn add_event(out: &mut ParsedCalendar, e: Event) -> Result<(), FieldError> {
    let name: String = e.summary.chars().take(50).collect();
    let label = if name.is_empty() { "(이름 없음)".to_owned() } else { name.clone() };
    let Some(start) = e.start else {
        out.skipped.push(format!("{label}: 날짜 없음 (no date)"));
        return Ok(());
    };
    if e.recurring {
        out.skipped.push(format!("{label} ({start}): 반복 일정 (recurring event)"));
        return Ok(());
    }
    if name.is_empty() {
        out.skipped.push(format!("{label} ({start}): 이름 없음 (no name)"));
        return Ok(());
    }
    // An all-day DTEND is the day after the last; none, or one not after the start, is one day.
    let days = e.end.map_or(1, |end| (end - start).num_days()).max(1);
    if days > MAX_EVENT_DAYS {
        out.skipped.push(format!("{label} ({start}): {days}일짜리 일정 ({days}-day event)"));
        return Ok(());
    }
    for d in start.iter_days().take(days as usize) {
        out.days
            .entry(d)
            .and_modify(|n| {
                if !n.split('·').any(|part| part == name) {
                    *n = format!("{n}·{name}").chars().take(50).collect();
                }
            })
            .or_insert_with(|| name.clone());
        if out.days.len() > MAX_IMPORTED_DAYS {
            return Err(FieldError::TooManyHolidays { max: MAX_IMPORTED_DAYS });
        }
    }
    Ok(())
}

/// One holiday in an import's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportDay {
    pub date: NaiveDate,
    pub name: String,
}

/// A day both have under different names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRename {
    pub date: NaiveDate,
    pub from: String,
    pub to: String,
}

/// What importing a file changes, within the whole years the file covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayDiff {
    /// The first and last year the file has holidays in.
    pub first_year: i32,
    pub last_year: i32,
    /// In the file, not in the table.
    pub add: Vec<ImportDay>,
    /// In both, named differently: the file's name is taken.
    pub rename: Vec<ImportRename>,
    /// In the table within those years, not in the file: removed only when asked.
    pub missing: Vec<ImportDay>,
    /// In both under the same name.
    pub unchanged: u32,
    /// Events the file has that were not taken, with why.
    pub skipped: Vec<String>,
    /// Whether `missing` was removed (an applied import that asked for it).
    #[serde(default)]
    pub missing_removed: bool,
}

/// `POST /api/v1/calendar/holidays/import[/preview]`: a file's text or an address to fetch it
/// from — one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayImportInput {
    /// The .ics file's text.
    #[serde(default, deserialize_with = "crate::error::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1_000_000))]
    pub ics: Option<String>,
    /// An `http(s)://` or `webcal://` address of the calendar.
    #[serde(default, deserialize_with = "crate::error::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 2000))]
    pub url: Option<String>,
    /// Also remove the table's holidays, within the years the file covers, that it lacks.
    #[serde(default)]
    pub remove_missing: bool,
}

/// Where an import's calendar comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportSource {
    Text(String),
    /// An `http(s)://` address (`webcal://` read as `https://`).
    Url(String),
}

impl HolidayImportInput {
    pub fn source(&self) -> Result<ImportSource, crate::FieldErrors> {
        let mut errs = crate::FieldErrors::default();
        let ics = self.ics.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let url = self.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        match (ics, url) {
            (Some(text), None) => return Ok(ImportSource::Text(text.to_owned())),
            (None, Some(url)) => {
                let url = match url.strip_prefix("webcal://") {
                    Some(rest) => format!("https://{rest}"),
                    None => url.to_owned(),
                };
                let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
                if scheme_ok && url.len() <= 2000 && !url.contains(char::is_whitespace) && url.len() > 8 {
                    return Ok(ImportSource::Url(url));
                }
                errs.add("url", FieldError::UrlInvalid);
            }
            (None, None) => errs.add("ics", FieldError::Required),
            (Some(_), Some(_)) => errs.add("url", FieldError::OneSourceOnly),
        }
        Err(errs)
    }
}

/// Compares the table's holidays with a parsed file.
pub fn diff_holidays(table: &[(NaiveDate, String)], file: &ParsedCalendar) -> HolidayDiff {
    let (Some(first), Some(last)) = (file.days.keys().next(), file.days.keys().next_back()) else {
        return HolidayDiff { skipped: file.skipped.clone(), ..HolidayDiff::default() };
    };
    let (first_year, last_year) = (first.year(), last.year());
    let ours: BTreeMap<NaiveDate, &str> = table
        .iter()
        .filter(|(d, _)| (first_year..=last_year).contains(&d.year()))
        .map(|(d, n)| (*d, n.as_str()))
        .collect();
    let mut diff = HolidayDiff { first_year, last_year, skipped: file.skipped.clone(), ..HolidayDiff::default() };
    for (date, name) in &file.days {
        match ours.get(date) {
            None => diff.add.push(ImportDay { date: *date, name: name.clone() }),
            Some(old) if *old != name => {
                diff.rename.push(ImportRename { date: *date, from: (*old).to_owned(), to: name.clone() })
            }
            Some(_) => diff.unchanged += 1,
        }
    }
    for (date, name) in ours {
        if !file.days.contains_key(&date) {
            diff.missing.push(ImportDay { date, name: name.to_owned() });
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const GOOGLE_STYLE: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270502\r\nSUMMARY:노동절\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270503\r\nDTEND;VALUE=DATE:20270504\r\nSUMMARY:대체공휴일(노동\r\n 절)\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270914\r\nDTEND;VALUE=DATE:20270917\r\nSUMMARY:추석 연휴\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART:20271225T000000Z\r\nSUMMARY:성탄절\\, 기독탄신일\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:신정\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270701\r\nSUMMARY:여름\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn a_holiday_calendar_gives_its_days_and_says_what_it_skipped() {
        let cal = parse_ical(GOOGLE_STYLE).unwrap();
        let days: Vec<(String, &str)> = cal.days.iter().map(|(d, n)| (d.to_string(), n.as_str())).collect();
        assert_eq!(
            days,
            [
                ("2027-05-01".into(), "노동절"),
                ("2027-05-03".into(), "대체공휴일(노동절)"),
                ("2027-09-14".into(), "추석 연휴"),
                ("2027-09-15".into(), "추석 연휴"),
                ("2027-09-16".into(), "추석 연휴"),
                ("2027-12-25".into(), "성탄절, 기독탄신일"),
            ]
        );
        assert_eq!(cal.skipped.len(), 2, "{:?}", cal.skipped);
        assert!(cal.skipped[0].contains("신정") && cal.skipped[0].contains("반복"));
        assert!(cal.skipped[1].contains("여름") && cal.skipped[1].contains("30일"));
    }

    #[test]
    fn two_events_on_one_day_share_it() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20281003\nSUMMARY:추석\nEND:VEVENT\n\
BEGIN:VEVENT\nDTSTART;VALUE=DATE:20281003\nSUMMARY:개천절\nEND:VEVENT\n\
BEGIN:VEVENT\nDTSTART;VALUE=DATE:20281003\nSUMMARY:개천절\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(parse_ical(text).unwrap().days[&d("2028-10-03")], "추석·개천절");
    }

    #[test]
    fn what_is_not_a_calendar_is_refused() {
        assert_eq!(parse_ical(""), Err(FieldError::NotICalendar));
        assert_eq!(parse_ical("<html>login</html>"), Err(FieldError::NotICalendar));
        assert_eq!(parse_ical("BEGIN:VCALENDAR\nEND:VCALENDAR\n"), Err(FieldError::NotICalendar));
        let big = format!("BEGIN:VCALENDAR\n{}", "X".repeat(MAX_ICAL_BYTES));
        assert!(matches!(parse_ical(&big), Err(FieldError::CalendarTooLarge { .. })));
    }

    #[test]
    fn the_diff_adds_renames_and_lists_what_the_file_lacks_within_its_years() {
        let file = parse_ical(GOOGLE_STYLE).unwrap();
        let table = vec![
            (d("2026-12-25"), "성탄절".to_owned()),
            (d("2027-05-01"), "근로자의 날".to_owned()),
            (d("2027-09-15"), "추석 연휴".to_owned()),
            (d("2027-11-30"), "창립기념일".to_owned()),
        ];
        let diff = diff_holidays(&table, &file);
        assert_eq!((diff.first_year, diff.last_year), (2027, 2027));
        let added: Vec<String> = diff.add.iter().map(|a| a.date.to_string()).collect();
        assert_eq!(added, ["2027-05-03", "2027-09-14", "2027-09-16", "2027-12-25"]);
        assert_eq!(
            diff.rename,
            [ImportRename { date: d("2027-05-01"), from: "근로자의 날".into(), to: "노동절".into() }]
        );
        assert_eq!(
            diff.missing,
            [ImportDay { date: d("2027-11-30"), name: "창립기념일".into() }],
            "2026 is not touched"
        );
        assert_eq!((diff.unchanged, diff.skipped.len()), (1, 2));
    }

    #[test]
    fn an_import_takes_a_file_or_an_address() {
        let input = |ics: Option<&str>, url: Option<&str>| HolidayImportInput {
            ics: ics.map(str::to_owned),
            url: url.map(str::to_owned),
            remove_missing: false,
        };
        assert_eq!(input(Some(" BEGIN:VCALENDAR "), None).source(), Ok(ImportSource::Text("BEGIN:VCALENDAR".into())));
        assert_eq!(
            input(None, Some("webcal://example.org/kr.ics")).source(),
            Ok(ImportSource::Url("https://example.org/kr.ics".into()))
        );
        let code = |i: HolidayImportInput, field: &str| i.source().unwrap_err().get(field).unwrap().code.clone();
        assert_eq!(code(input(None, None), "ics"), "required");
        assert_eq!(code(input(Some(" "), Some("")), "ics"), "required");
        assert_eq!(code(input(None, Some("file:///etc/passwd")), "url"), "url_invalid");
        assert_eq!(code(input(None, Some("https://a b")), "url"), "url_invalid");
        assert_eq!(code(input(Some("x"), Some("https://example.org")), "url"), "one_source_only");
    }

    proptest! {
        #[test]
        fn no_input_makes_the_parser_panic(body in "\\PC{0,400}", lines in proptest::collection::vec("[A-Z;=:0-9T\\\\ ]{0,30}", 0..20)) {
            let _ = parse_ical(&body);
            let text = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\n{}\nEND:VEVENT\nEND:VCALENDAR", lines.join("\n"));
            let _ = parse_ical(&text);
        }
    }
}
