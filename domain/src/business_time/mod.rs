//! The business-time engine: pure, allocation-free on the hot path, and the same in the
//! browser and on the server.
//!
//! A business day is a weekday that is not a public holiday; its business time is
//! `open..break_start` and `break_end..close` in Asia/Seoul (default 09:00–12:00 and
//! 13:00–18:00: eight hours). Korea has no daylight saving, so local time is UTC + 9 h
//! and a day is always 86 400 s. Internally instants are Unix seconds and days are day
//! numbers since 1970-01-01 (a Thursday).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

mod period;

pub use period::{Budget, IMMEDIATE_SECS, PeriodUnit};

const SEOUL: i64 = 9 * 3600;
const DAY: i64 = 86_400;
const HOUR: i64 = 3600;

/// Opening hours of a business day, in seconds from local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessHours {
    pub open: u32,
    pub break_start: u32,
    pub break_end: u32,
    pub close: u32,
}

impl Default for BusinessHours {
    fn default() -> Self {
        Self { open: 9 * 3600, break_start: 12 * 3600, break_end: 13 * 3600, close: 18 * 3600 }
    }
}

/// Hours that are out of order or outside one day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("business hours must satisfy open < break_start <= break_end < close <= 24:00")]
pub struct BadHours;

impl BusinessHours {
    pub fn new(open: u32, break_start: u32, break_end: u32, close: u32) -> Result<Self, BadHours> {
        let h = Self { open, break_start, break_end, close };
        if open < break_start && break_start <= break_end && break_end < close && i64::from(close) <= DAY {
            Ok(h)
        } else {
            Err(BadHours)
        }
    }

    /// Business seconds in one full business day (8 h by default).
    pub fn day_seconds(&self) -> i64 {
        i64::from(self.break_start - self.open) + i64::from(self.close - self.break_end)
    }

    fn segments(&self) -> [(i64, i64); 2] {
        [(i64::from(self.open), i64::from(self.break_start)), (i64::from(self.break_end), i64::from(self.close))]
    }

    /// Business seconds of one business day between seconds-of-day `lo` and `hi`.
    fn within_day(&self, lo: i64, hi: i64) -> i64 {
        self.segments().iter().map(|&(s, e)| (hi.min(e) - lo.max(s)).max(0)).sum()
    }
}

/// A stretch in which a case's clock stood still; `end: None` means it still does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

/// Business hours plus the public holidays: everything needed to count business time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BusinessCalendar {
    hours: BusinessHours,
    /// Sorted, deduplicated day numbers of the holidays that fall on weekdays (a holiday on
    /// a weekend changes nothing).
    holidays: Vec<i32>,
}

fn day_number(d: NaiveDate) -> i32 {
    // 719_163 = days from 0001-01-01 (CE day 1) to 1970-01-01.
    chrono::Datelike::num_days_from_ce(&d) - 719_163
}

/// Monday = 0 … Sunday = 6; 1970-01-01 (day 0) was a Thursday.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn local(t: DateTime<Utc>) -> i64 {
    t.timestamp() + SEOUL
}

fn utc(local_secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(local_secs - SEOUL, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl BusinessCalendar {
    pub fn new(hours: BusinessHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let mut holidays: Vec<i32> =
            holidays.into_iter().map(day_number).filter(|&d| weekday(i64::from(d)) < 5).collect();
        holidays.sort_unstable();
        holidays.dedup();
        Self { hours, holidays }
    }

    pub fn hours(&self) -> BusinessHours {
        self.hours
    }

    fn is_business_day_n(&self, day: i64) -> bool {
        weekday(day) < 5 && i32::try_from(day).map_or(true, |d| self.holidays.binary_search(&d).is_err())
    }

    /// Business days in `[from, to)`, in O(log holidays).
    fn business_days_in(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let n = to - from;
        let mut weekdays = n / 7 * 5;
        for d in from + n / 7 * 7..to {
            if weekday(d) < 5 {
                weekdays += 1;
            }
        }
        let clamp = |d: i64| i32::try_from(d).unwrap_or(if d < 0 { i32::MIN } else { i32::MAX });
        let lo = self.holidays.partition_point(|&h| h < clamp(from));
        let hi = self.holidays.partition_point(|&h| h < clamp(to));
        weekdays - (hi - lo) as i64
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.is_business_day_n(i64::from(day_number(date)))
    }

    /// Is the clock running at `t` (a business day, inside opening hours, not at lunch)?
    pub fn is_business_time(&self, t: DateTime<Utc>) -> bool {
        let l = local(t);
        let (day, sod) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        self.is_business_day_n(day) && self.hours.segments().iter().any(|&(s, e)| sod >= s && sod < e)
    }

    /// The instant at which `secs` business seconds have passed since `start`. Counting from
    /// outside business time starts at the next opening; a span that ends exactly at a
    /// closing time (or the break) ends there, not at the next opening.
    /// The latest instant at most `secs` business seconds after `start`: [`Self::add`]
    /// carried over any closed time that follows, so that `between(start, t) <= secs` exactly
    /// when `t <= last_within(start, secs)` (the queue's "due soon" bound, in SQL).
    pub fn last_within(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        self.add(self.add(start, secs.max(0)), 1) - chrono::Duration::seconds(1)
    }

    pub fn add(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        if secs <= 0 {
            return start;
        }
        let l = local(start);
        let (mut day, mut sod) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        let mut rem = secs;
        let full = self.hours.day_seconds();
        loop {
            if self.is_business_day_n(day) {
                for (s, e) in self.hours.segments() {
                    if sod >= e {
                        continue;
                    }
                    let from = sod.max(s);
                    let avail = e - from;
                    if rem <= avail {
                        return utc(day * DAY + from + rem);
                    }
                    rem -= avail;
                    sod = e;
                }
            }
            day += 1;
            sod = 0;
            // Whole business days at once; strictly more than a day left, so that a span
            // ending at a closing time is settled by the loop above.
            while rem > full && self.is_business_day_n(day) {
                rem -= full;
                day += 1;
            }
        }
    }

    /// Business seconds from `a` to `b`; negative when `b` is before `a`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return -self.between(b, a);
        }
        let (la, lb) = (local(a), local(b));
        let (da, sa) = (la.div_euclid(DAY), la.rem_euclid(DAY));
        let (db, sb) = (lb.div_euclid(DAY), lb.rem_euclid(DAY));
        let day_part = |day: i64, lo: i64, hi: i64| {
            if self.is_business_day_n(day) { self.hours.within_day(lo, hi) } else { 0 }
        };
        if da == db {
            return day_part(da, sa, sb);
        }
        day_part(da, sa, DAY) + day_part(db, 0, sb) + self.business_days_in(da + 1, db) * self.hours.day_seconds()
    }

    /// Business seconds of `pauses` that fall inside `[from, to)`; overlapping pauses count once.
    pub fn paused_between(&self, pauses: &[Pause], from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
            pauses.iter().map(|p| (p.start.max(from), p.end.unwrap_or(to).min(to))).filter(|(s, e)| s < e).collect();
        spans.sort_unstable();
        let mut total = 0;
        let mut reach = from;
        for (s, e) in spans {
            let s = s.max(reach);
            if s < e {
                total += self.between(s, e);
                reach = e;
            }
        }
        total
    }

    /// The deadline of a case: `budget` business seconds after `received`, moved on by every
    /// pause that starts before it is reached, and for a day- or calendar-counted budget the
    /// close of business of that day. `None` while an open pause holds the clock.
    pub fn deadline(
        &self,
        received: DateTime<Utc>,
        budget: impl Into<Budget>,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        let budget = budget.into();
        let exact = self.deadline_exact(received, budget.secs, pauses)?;
        Some(if budget.to_close { self.close_at_or_after(exact) } else { exact })
    }

    /// [`Self::deadline`] in exact business seconds, before any rounding to a close.
    fn deadline_exact(&self, received: DateTime<Utc>, budget: i64, pauses: &[Pause]) -> Option<DateTime<Utc>> {
        let mut sorted: Vec<Pause> = pauses.iter().copied().filter(|p| p.end.is_none_or(|e| e > received)).collect();
        sorted.sort_unstable_by_key(|p| p.start);
        let mut t = received;
        let mut rem = budget;
        for p in sorted {
            let start = p.start.max(received);
            if start > t {
                let candidate = self.add(t, rem);
                if candidate <= start {
                    return Some(candidate);
                }
                rem -= self.between(t, start);
                t = start;
            }
            match p.end {
                None => return None,
                Some(e) => t = t.max(e),
            }
        }
        Some(self.add(t, rem))
    }

    /// Where a case's clock stands at `now`.
    /// A close-rounded budget also counts the business time from its exact deadline to that
    /// close; while a pause is open it is reckoned as if the pause had ended where it began.
    pub fn clock(
        &self,
        received: DateTime<Utc>,
        budget: impl Into<Budget>,
        pauses: &[Pause],
        now: DateTime<Utc>,
    ) -> Clock {
        let budget = budget.into();
        let paused = pauses.iter().any(|p| p.start <= now && p.end.is_none_or(|e| e > now));
        let counted =
            if now <= received { 0 } else { self.between(received, now) - self.paused_between(pauses, received, now) };
        let rounding = if budget.to_close {
            let exact = self.settled_deadline(received, budget.secs, pauses);
            self.between(exact, self.close_at_or_after(exact))
        } else {
            0
        };
        Clock { remaining: budget.secs + rounding - counted, running: !paused && self.is_business_time(now), paused }
    }
}

/// A case's clock at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    /// Business seconds left; negative once overdue.
    pub remaining: i64,
    /// Whether it is ticking now (business time and not paused).
    pub running: bool,
    pub paused: bool,
}

/// Hours and minutes of business time: `7:30`, `-0:15`.
pub fn format_business(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    format!("{sign}{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
}

/// `n` business days as business seconds under `hours`.
pub fn business_days(hours: BusinessHours, n: u32) -> i64 {
    i64::from(n) * hours.day_seconds()
}

/// Business hours as seconds.
pub fn business_hours(n: i64) -> i64 {
    n * HOUR
}

#[cfg(test)]
pub(crate) mod tests;
