//! Legal periods (민원 처리에 관한 법률 제19조, 처리기간의 계산) on top of business time.
//!
//! - A period of five days or less counts in working hours from receipt, eight a day
//!   ([`PeriodUnit::WorkingHours`], 제19조①).
//! - A period of six days or more counts in days: the first day included, Saturdays and
//!   public holidays excluded, due at the close of business of the last day
//!   ([`PeriodUnit::WorkingDays`], 제19조②).
//! - "즉시" is within three working hours ([`PeriodUnit::Immediate`]).
//! - Weeks and months run by the calendar with the first day included; a last day on a
//!   Saturday or holiday moves to the next working day (제19조③, 민법 제159~161조).
//!
//! "The first day" is the day of receipt when the case arrives on a business day before the
//! close of business; otherwise the next business day (a filing made at night or on a
//! holiday is received when the office next opens).
//!
//! Every period becomes a [`Budget`] of business seconds, so the queue's countdown, pauses
//! and the overdue count work the same for every unit. A day- or calendar-counted budget
//! ends at a close of business: after a pause has moved it, the deadline is the close of
//! the business day on which the moved deadline falls.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{BusinessCalendar, DAY, HOUR, Pause, day_number, local, utc};
use crate::FieldError;

/// How a kind's period is counted; part of its deadline policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// 즉시: within three working hours; the length is not used.
    Immediate,
    /// Working days of eight working hours, counted in hours from receipt (제19조①).
    WorkingHours,
    /// Working days counted as days, the first included, due at the close of business (제19조②).
    WorkingDays,
    /// Calendar weeks, the first day included (제19조③).
    Weeks,
    /// Calendar months, the first day included (제19조③).
    Months,
}

/// The Decree's "즉시": three working hours.
pub const IMMEDIATE_SECS: i64 = 3 * HOUR;

impl PeriodUnit {
    pub const ALL: [PeriodUnit; 5] =
        [Self::Immediate, Self::WorkingHours, Self::WorkingDays, Self::Weeks, Self::Months];

    /// The Act's default for a period of `days` days: hours up to five days, days from six.
    pub fn by_the_act(days: u32) -> Self {
        if days <= 5 { Self::WorkingHours } else { Self::WorkingDays }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::WorkingHours => "working_hours",
            Self::WorkingDays => "working_days",
            Self::Weeks => "weeks",
            Self::Months => "months",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Immediate => "즉시 (3근무시간)",
            Self::WorkingHours => "근무일 (시간 단위 계산)",
            Self::WorkingDays => "근무일 (일 단위 계산, 첫날 산입)",
            Self::Weeks => "주 (달력, 첫날 산입)",
            Self::Months => "개월 (달력, 첫날 산입)",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Immediate => "Immediate (3 working hours)",
            Self::WorkingHours => "Working days, counted in hours",
            Self::WorkingDays => "Working days, counted in days (first day included)",
            Self::Weeks => "Weeks by the calendar (first day included)",
            Self::Months => "Months by the calendar (first day included)",
        }
    }

    /// The length's unit word after a number: `7일`, `3개월`.
    pub fn suffix_ko(self) -> &'static str {
        match self {
            Self::Immediate => "",
            Self::WorkingHours | Self::WorkingDays => "일",
            Self::Weeks => "주",
            Self::Months => "개월",
        }
    }

    /// Whether a deadline in this unit falls at a close of business.
    pub fn ends_at_close(self) -> bool {
        matches!(self, Self::WorkingDays | Self::Weeks | Self::Months)
    }
}

impl fmt::Display for PeriodUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PeriodUnit {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|u| u.as_str() == s.trim()).ok_or(FieldError::UnknownPeriodUnit)
    }
}

/// What a case is given at receipt: business seconds, and whether its deadline is rounded
/// to a close of business (day- and calendar-counted periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Budget {
    pub secs: i64,
    pub to_close: bool,
}

impl Budget {
    pub fn new(secs: i64, to_close: bool) -> Self {
        Self { secs, to_close }
    }
}

/// A bare number of business seconds, counted in hours (the engine before the Act's units).
impl From<i64> for Budget {
    fn from(secs: i64) -> Self {
        Self { secs, to_close: false }
    }
}

/// The last day of a calendar period of `months` months whose first day is `first`
/// (민법 제160조: the day before the corresponding day, or the month's last day when the
/// last month has no corresponding day).
fn months_end(first: NaiveDate, months: u32) -> NaiveDate {
    match first.checked_add_months(Months::new(months)) {
        Some(same) if same.day() == first.day() => same.pred_opt().unwrap_or(same),
        Some(clamped) => clamped,
        None => NaiveDate::MAX,
    }
}

impl BusinessCalendar {
    /// The local day on which a case received at `t` starts counting: that day when it is
    /// a business day and `t` is before its close, otherwise the next business day.
    pub fn first_day(&self, t: DateTime<Utc>) -> NaiveDate {
        let l = local(t);
        let (mut day, sod) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        if !(self.is_business_day_n(day) && sod < i64::from(self.hours.close)) {
            day = self.next_business_day_n(day + 1);
        }
        date_of(day)
    }

    fn next_business_day_n(&self, mut day: i64) -> i64 {
        while !self.is_business_day_n(day) {
            day += 1;
        }
        day
    }

    /// The close of business of a business day.
    fn close_of_day(&self, day: i64) -> DateTime<Utc> {
        utc(day * DAY + i64::from(self.hours.close))
    }

    /// The close of business of the business day `t` falls on, or of the next business day
    /// when `t` is on a closed day or after its close.
    pub fn close_at_or_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let l = local(t);
        let (day, sod) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        if self.is_business_day_n(day) && sod <= i64::from(self.hours.close) {
            self.close_of_day(day)
        } else {
            self.close_of_day(self.next_business_day_n(day + 1))
        }
    }

    /// When a period of `length` in `unit` given at `received` ends, with no pauses.
    pub fn period_end(&self, received: DateTime<Utc>, unit: PeriodUnit, length: u32) -> DateTime<Utc> {
        match unit {
            PeriodUnit::Immediate => self.add(received, IMMEDIATE_SECS),
            PeriodUnit::WorkingHours => self.add(received, i64::from(length) * self.hours.day_seconds()),
            PeriodUnit::WorkingDays => {
                // The first day counts as day one.
                let mut day = i64::from(day_number(self.first_day(received)));
                for _ in 1..length.max(1) {
                    day = self.next_business_day_n(day + 1);
                }
                self.close_of_day(day)
            }
            PeriodUnit::Weeks | PeriodUnit::Months => {
                let first = self.first_day(received);
                let last = match unit {
                    PeriodUnit::Weeks => first
                        .checked_add_days(chrono::Days::new(7 * u64::from(length.max(1)) - 1))
                        .unwrap_or(NaiveDate::MAX),
                    _ => months_end(first, length.max(1)),
                };
                // 민법 제161조: a last day on a Saturday or public holiday moves to the next day.
                self.close_of_day(self.next_business_day_n(i64::from(day_number(last))))
            }
        }
    }

    /// The budget a case received at `received` is given for a period of `length` in `unit`.
    pub fn budget(&self, received: DateTime<Utc>, unit: PeriodUnit, length: u32) -> Budget {
        let end = self.period_end(received, unit, length);
        Budget { secs: self.between(received, end), to_close: unit.ends_at_close() }
    }

    /// The budget that makes `new_due` the deadline of a case received at `received` with
    /// `budget` and `pauses`: it grows by the business time from the exact deadline to
    /// `new_due`, and from then on ends at a close (an extension, 처리기간 연장).
    pub fn extended_budget(
        &self,
        received: DateTime<Utc>,
        budget: Budget,
        pauses: &[Pause],
        new_due: DateTime<Utc>,
    ) -> Budget {
        let exact = self.settled_deadline(received, budget.secs, pauses);
        Budget { secs: budget.secs + self.between(exact, new_due), to_close: true }
    }

    /// The deadline a close-rounded budget would have if every still-open pause ended where
    /// it began: the countdown's reference while a pause holds the clock.
    pub(super) fn settled_deadline(&self, received: DateTime<Utc>, secs: i64, pauses: &[Pause]) -> DateTime<Utc> {
        let settled: Vec<Pause> =
            pauses.iter().map(|p| Pause { start: p.start, end: Some(p.end.unwrap_or(p.start)) }).collect();
        self.deadline_exact(received, secs, &settled).unwrap_or(received)
    }
}

fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day + 719_163).ok().and_then(NaiveDate::from_num_days_from_ce_opt).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
