//! Extending a case's period (처리기간의 연장, 민원 처리에 관한 법률 시행령 제21조).
//!
//! - The handler or department head extends once, before the period ends, with a reason and
//!   the new due date, by at most the original period again; the complainant is told at once.
//! - A second extension needs the complainant's consent, recorded with how and when it was
//!   given. There is no third.
//!
//! The new deadline is the close of business of the chosen day; the case's budget grows by the
//! business time between its deadline and that close, so its clock and pauses work as before.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::labelled::labelled;
use crate::{Budget, BusinessCalendar, FieldError, FieldErrors, Pause, PeriodUnit, seoul, to_seoul};

/// Extensions a case may have: one, and one more with the complainant's consent.
pub const MAX_EXTENSIONS: u32 = 2;

labelled! {
    /// How the complainant agreed to a second extension.
    ConsentVia / UnknownConsentVia {
        Phone => "phone", "전화", "By phone";
        Email => "email", "이메일", "By e-mail";
        TrackingPage => "tracking_page", "진행 조회 화면의 동의 버튼", "The consent button on the tracking page";
    }
}

/// The complainant's consent to a second extension, as staff record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionConsentInput {
    /// `phone` or `email` (`tracking_page` is recorded by the complainant's own button).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = ConsentVia))]
    pub via: String,
    /// When it was given, Seoul time `YYYY-MM-DDTHH:MM`; now when empty.
    #[serde(default)]
    pub at: String,
}

/// `POST /api/v1/cases/{id}/extend`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionInput {
    /// Why the case cannot be finished in its period (5–1000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 5, max_length = 1000))]
    pub reason: String,
    /// The new due day, `YYYY-MM-DD`: a business day; due at its close of business.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub due_date: String,
    /// Needed for a second extension.
    #[serde(default)]
    pub consent: Option<ExtensionConsentInput>,
}

/// What an extension is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionFacts {
    pub received_at: DateTime<Utc>,
    pub budget: Budget,
    pub pauses: Vec<Pause>,
    pub due_at: DateTime<Utc>,
    /// How the kind's period is counted and its length, as the case was given it.
    pub unit: PeriodUnit,
    pub length: u32,
    /// Extensions the case already has.
    pub extensions: u32,
}

/// An extension that may be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidExtension {
    pub reason: String,
    pub new_due: DateTime<Utc>,
    /// The case's budget with the extension.
    pub budget: Budget,
    pub consent: Option<(ConsentVia, DateTime<Utc>)>,
}

/// Why an extension is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtensionRefusal {
    Fields(FieldErrors),
    /// The period has ended: the Decree allows extending only within it.
    PeriodPassed,
    /// Two extensions already.
    NoMore,
}

/// The latest due an extension may give: the original period again after the current due,
/// to the close of that day.
pub fn extension_limit(cal: &BusinessCalendar, due_at: DateTime<Utc>, unit: PeriodUnit, length: u32) -> DateTime<Utc> {
    cal.close_at_or_after(cal.period_end(due_at, unit, length))
}

/// Whether a case with these extensions needs the complainant's consent for the next one.
pub fn extension_needs_consent(extensions: u32) -> bool {
    extensions >= 1
}

impl ExtensionInput {
    pub fn validate(
        &self,
        cal: &BusinessCalendar,
        facts: &ExtensionFacts,
        now: DateTime<Utc>,
    ) -> Result<ValidExtension, ExtensionRefusal> {
        if facts.extensions >= MAX_EXTENSIONS {
            return Err(ExtensionRefusal::NoMore);
        }
        if now >= facts.due_at {
            return Err(ExtensionRefusal::PeriodPassed);
        }
        let mut errs = FieldErrors::default();
        let reason = errs.take("reason", crate::case::bounded_text(&self.reason, 5, 1000));
        let new_due = match self.due_date.trim() {
            "" => {
                errs.add("due_date", FieldError::Required);
                None
            }
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => {
                    errs.add("due_date", FieldError::InvalidDate);
                    None
                }
                Ok(day) if !cal.is_business_day(day) => {
                    errs.add("due_date", FieldError::NotBusinessDay);
                    None
                }
                Ok(day) => {
                    let due = cal.close_at_or_after(crate::seoul_midnight(day));
                    let limit = extension_limit(cal, facts.due_at, facts.unit, facts.length);
                    if due <= facts.due_at {
                        let current = to_seoul(facts.due_at).format("%Y-%m-%d %H:%M").to_string();
                        errs.add("due_date", FieldError::NotLaterThanDue { due: current });
                        None
                    } else if due > limit {
                        errs.add(
                            "due_date",
                            FieldError::ExtensionTooLong { last: to_seoul(limit).date_naive().to_string() },
                        );
                        None
                    } else {
                        Some(due)
                    }
                }
            },
        };
        let consent = match (&self.consent, extension_needs_consent(facts.extensions)) {
            (None, true) => {
                errs.add("consent", FieldError::ConsentNeeded);
                None
            }
            (None, false) => None,
            (Some(c), _) => {
                let via = errs.take("consent.via", c.via.parse::<ConsentVia>());
                let at = match c.at.trim() {
                    "" => Some(now),
                    t => match NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M") {
                        Err(_) => {
                            errs.add("consent.at", FieldError::InvalidTime);
                            None
                        }
                        Ok(n) => {
                            let at = seoul().from_local_datetime(&n).single().map(|t| t.with_timezone(&Utc));
                            match at {
                                Some(at) if at > now => {
                                    errs.add("consent.at", FieldError::TimeInFuture);
                                    None
                                }
                                other => other,
                            }
                        }
                    },
                };
                via.zip(at)
            }
        };
        match (new_due, reason) {
            (Some(new_due), Some(reason)) if errs.is_empty() => {
                let budget = cal.extended_budget(facts.received_at, facts.budget, &facts.pauses, new_due);
                Ok(ValidExtension { reason, new_due, budget, consent })
            }
            _ => Err(ExtensionRefusal::Fields(errs)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::business_time::tests::{korea, kst};

    fn cal() -> BusinessCalendar {
        korea()
    }

    /// A 7-day grievance received Friday 27 November 2026 17:30, due Monday 7 December 18:00.
    fn grievance(extensions: u32) -> ExtensionFacts {
        let cal = cal();
        let received_at = kst("2026-11-27 17:30");
        let budget = cal.budget(received_at, PeriodUnit::WorkingDays, 7);
        let due_at = cal.deadline(received_at, budget, &[]).unwrap();
        ExtensionFacts {
            received_at,
            budget,
            pauses: vec![],
            due_at,
            unit: PeriodUnit::WorkingDays,
            length: 7,
            extensions,
        }
    }

    fn input(reason: &str, due: &str, consent: Option<(&str, &str)>) -> ExtensionInput {
        ExtensionInput {
            reason: reason.into(),
            due_date: due.into(),
            consent: consent.map(|(via, at)| ExtensionConsentInput { via: via.into(), at: at.into() }),
        }
    }

    fn codes(r: Result<ValidExtension, ExtensionRefusal>) -> Vec<(String, String)> {
        match r {
            Err(ExtensionRefusal::Fields(e)) => e.0.into_iter().map(|(k, v)| (k, v.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_first_extension_moves_the_due_to_a_close_by_at_most_the_period_again() {
        let cal = cal();
        let facts = grievance(0);
        let now = kst("2026-12-03 10:00");
        let ok = input("현장 조사가 더 필요합니다", "2026-12-16", None).validate(&cal, &facts, now).unwrap();
        assert_eq!(to_seoul(ok.new_due).format("%Y-%m-%d %H:%M").to_string(), "2026-12-16 18:00");
        assert_eq!(cal.deadline(facts.received_at, ok.budget, &[]), Some(ok.new_due));
        assert_eq!(cal.clock(facts.received_at, ok.budget, &[], ok.new_due).remaining, 0);
        // Seven working days after Monday 7 December is Wednesday 16 December; not a day more.
        let r = input("현장 조사가 더 필요합니다", "2026-12-17", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("due_date".into(), "extension_too_long".into())]);
        let r = input("짧음", "2026-12-07", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("due_date".into(), "not_later_than_due".into()), ("reason".into(), "too_short".into())]);
        let r = input("현장 조사가 더 필요합니다", "2026-12-12", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("due_date".into(), "not_business_day".into())], "a Saturday");
        let r = input("", "12/16", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("due_date".into(), "invalid_date".into()), ("reason".into(), "required".into())]);
    }

    #[test]
    fn only_within_the_period_and_a_second_time_only_with_consent() {
        let cal = cal();
        let late = input("현장 조사가 더 필요합니다", "2026-12-16", None).validate(
            &cal,
            &grievance(0),
            kst("2026-12-07 18:00"),
        );
        assert_eq!(late, Err(ExtensionRefusal::PeriodPassed));
        let facts = grievance(1);
        let now = kst("2026-12-03 10:00");
        let r = input("추가 검사가 필요합니다", "2026-12-10", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("consent".into(), "consent_needed".into())]);
        let r = input("추가 검사가 필요합니다", "2026-12-10", Some(("fax", "2026-12-04T09:00")))
            .validate(&cal, &facts, now);
        assert_eq!(
            codes(r),
            [("consent.at".into(), "time_in_future".into()), ("consent.via".into(), "unknown_consent_via".into())]
        );
        let ok = input("추가 검사가 필요합니다", "2026-12-10", Some(("phone", "2026-12-03T09:40")))
            .validate(&cal, &facts, now)
            .unwrap();
        assert_eq!(ok.consent, Some((ConsentVia::Phone, kst("2026-12-03 09:40"))));
        assert_eq!(input("x", "2026-12-10", None).validate(&cal, &grievance(2), now), Err(ExtensionRefusal::NoMore));
    }

    #[test]
    fn an_hour_counted_period_extends_to_a_close_too() {
        let cal = cal();
        let received_at = kst("2026-11-27 17:30");
        let budget = cal.budget(received_at, PeriodUnit::WorkingHours, 2);
        let due_at = cal.deadline(received_at, budget, &[]).unwrap();
        let facts = ExtensionFacts {
            received_at,
            budget,
            pauses: vec![],
            due_at,
            unit: PeriodUnit::WorkingHours,
            length: 2,
            extensions: 0,
        };
        // Due Tuesday 1 December 17:30; two more working days reach Thursday 17:30, so
        // Thursday's close is the last due an extension may give.
        let now = kst("2026-11-30 10:00");
        let ok = input("자료 확인 중입니다", "2026-12-03", None).validate(&cal, &facts, now).unwrap();
        assert_eq!(ok.budget, Budget::new(budget.secs + 2 * 8 * 3600 + 1800, true));
        let r = input("자료 확인 중입니다", "2026-12-04", None).validate(&cal, &facts, now);
        assert_eq!(codes(r), [("due_date".into(), "extension_too_long".into())]);
    }
}
