//! Deadline policies per kind, the reasons a clock may be paused, and holiday edits.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors, PeriodUnit, VocKind};

/// The deadline rules of one kind of VOC (SPEC defaults from the CCM manual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlinePolicy {
    pub kind: VocKind,
    /// The period's length in `period_unit` (days, weeks or months; unused for "즉시").
    pub business_days: u32,
    /// How the period is counted (민원처리법 제19조); by the Act, working hours up to five
    /// days and days from six.
    pub period_unit: PeriodUnit,
    /// Whether the handling department must confirm (inquiries may be answered on the spot).
    pub needs_confirmation: bool,
    /// When the interim (delay) notice is due, in business days after receipt.
    pub interim_notice_days: u32,
    /// From how many business hours before the deadline a case counts as due soon.
    pub due_soon_hours: u32,
}

impl DeadlinePolicy {
    /// The CCM profile's default for a kind.
    pub fn default_for(kind: VocKind) -> Self {
        Self {
            kind,
            business_days: kind.default_business_days(),
            period_unit: PeriodUnit::by_the_act(kind.default_business_days()),
            needs_confirmation: kind != VocKind::Inquiry,
            interim_notice_days: 1,
            due_soon_hours: match kind {
                VocKind::Inquiry | VocKind::Urgent => 2,
                VocKind::Grievance | VocKind::Appeal => 8,
                _ => 4,
            },
        }
    }
}

/// An administrator's edit of a policy, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyInput {
    pub business_days: i64,
    /// `immediate`, `working_hours`, `working_days`, `weeks` or `months`; when absent, the
    /// Act's default for the length (hours up to five days, days from six).
    #[serde(default, deserialize_with = "crate::error::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = PeriodUnit))]
    pub period_unit: Option<String>,
    #[serde(default)]
    pub needs_confirmation: bool,
    pub interim_notice_days: i64,
    pub due_soon_hours: i64,
}

impl PolicyInput {
    pub fn validate(&self, kind: VocKind) -> Result<DeadlinePolicy, FieldErrors> {
        let mut errs = FieldErrors::default();
        let range = |errs: &mut FieldErrors, field: &str, v: i64, lo: i64, hi: i64| -> u32 {
            if v < lo {
                errs.add(field, FieldError::NumberTooSmall { min: lo });
            } else if v > hi {
                errs.add(field, FieldError::NumberTooLarge { max: hi });
            }
            v.clamp(lo, hi) as u32
        };
        let business_days = range(&mut errs, "business_days", self.business_days, 1, 60);
        let interim_notice_days = range(&mut errs, "interim_notice_days", self.interim_notice_days, 0, 60);
        let due_soon_hours = range(&mut errs, "due_soon_hours", self.due_soon_hours, 0, 480);
        let period_unit = match &self.period_unit {
            None => Some(PeriodUnit::by_the_act(business_days)),
            Some(unit) => errs.take("period_unit", unit.parse::<PeriodUnit>()),
        };
        if period_unit == Some(PeriodUnit::Months) && (13..=60).contains(&self.business_days) {
            errs.add("business_days", FieldError::NumberTooLarge { max: 12 });
        }
        match period_unit {
            Some(period_unit) if errs.is_empty() => Ok(DeadlinePolicy {
                kind,
                business_days,
                period_unit,
                needs_confirmation: self.needs_confirmation,
                interim_notice_days,
                due_soon_hours,
            }),
            _ => Err(errs),
        }
    }
}

/// Why a case's clock stands still (KGS manual ch. 4 II 1 ③ 다).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// 민원인 회신 대기
    AwaitingComplainant,
    /// 서류 보완·정정
    DocumentSupplement,
    /// 검사·조사·외부기관 질의
    Investigation,
}

impl PauseReason {
    pub const ALL: [PauseReason; 3] = [Self::AwaitingComplainant, Self::DocumentSupplement, Self::Investigation];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingComplainant => "awaiting_complainant",
            Self::DocumentSupplement => "document_supplement",
            Self::Investigation => "investigation",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::AwaitingComplainant => "민원인 회신 대기",
            Self::DocumentSupplement => "서류 보완·정정",
            Self::Investigation => "검사·조사·외부기관 질의",
        }
    }
}

impl fmt::Display for PauseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PauseReason {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(FieldError::UnknownPauseReason)
    }
}

/// A handler's request to pause a case, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseInput {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

impl PauseInput {
    pub fn validate(&self) -> Result<(PauseReason, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let reason = errs.take("reason", self.reason.parse::<PauseReason>());
        let note = self.note.trim();
        if note.is_empty() {
            errs.add("note", FieldError::Required);
        } else if note.chars().count() > 1000 {
            errs.add("note", FieldError::TooLong { max: 1000 });
        }
        match reason {
            Some(r) if errs.is_empty() => Ok((r, note.to_owned())),
            _ => Err(errs),
        }
    }
}

/// An administrator's new or renamed holiday, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub date: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub name: String,
    #[serde(default)]
    pub name_en: String,
}

impl HolidayInput {
    pub fn validate(&self) -> Result<(NaiveDate, String, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let date = errs.take(
            "date",
            match self.date.trim() {
                "" => Err(FieldError::Required),
                d => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate),
            },
        );
        let name = self.name.trim();
        if name.is_empty() {
            errs.add("name", FieldError::Required);
        } else if name.chars().count() > 50 {
            errs.add("name", FieldError::TooLong { max: 50 });
        }
        if self.name_en.trim().chars().count() > 80 {
            errs.add("name_en", FieldError::TooLong { max: 80 });
        }
        match date {
            Some(d) if errs.is_empty() => Ok((d, name.to_owned(), self.name_en.trim().to_owned())),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policies_follow_the_spec_table() {
        let p = DeadlinePolicy::default_for(VocKind::Inquiry);
        assert_eq!((p.business_days, p.needs_confirmation, p.interim_notice_days), (1, false, 1));
        assert!(DeadlinePolicy::default_for(VocKind::Grievance).needs_confirmation);
        assert_eq!(DeadlinePolicy::default_for(VocKind::Grievance).business_days, 7);
    }

    #[test]
    fn policy_edits_are_bounded_and_name_their_fields() {
        let ok = PolicyInput {
            business_days: 3,
            needs_confirmation: true,
            interim_notice_days: 1,
            due_soon_hours: 4,
            ..PolicyInput::default()
        };
        assert_eq!(ok.validate(VocKind::Complaint).unwrap().business_days, 3);
        let bad = PolicyInput {
            business_days: 0,
            needs_confirmation: true,
            interim_notice_days: 99,
            due_soon_hours: -1,
            ..PolicyInput::default()
        };
        let errs = bad.validate(VocKind::Complaint).unwrap_err();
        assert_eq!(errs.get("business_days").unwrap().code, "number_too_small");
        assert_eq!(errs.get("interim_notice_days").unwrap().code, "number_too_large");
        assert_eq!(errs.get("due_soon_hours").unwrap().code, "number_too_small");
    }

    #[test]
    fn the_period_unit_defaults_by_the_act_and_may_be_set() {
        let input = |days, unit: Option<&str>| PolicyInput {
            business_days: days,
            period_unit: unit.map(str::to_owned),
            interim_notice_days: 1,
            due_soon_hours: 4,
            ..PolicyInput::default()
        };
        let unit = |days, u| input(days, u).validate(VocKind::Grievance).map(|p| p.period_unit);
        assert_eq!(unit(5, None), Ok(PeriodUnit::WorkingHours));
        assert_eq!(unit(7, None), Ok(PeriodUnit::WorkingDays));
        assert_eq!(unit(7, Some("working_hours")), Ok(PeriodUnit::WorkingHours), "a manual's variant");
        assert_eq!(unit(3, Some("months")), Ok(PeriodUnit::Months));
        for bad in ["fortnights", ""] {
            let errs = input(7, Some(bad)).validate(VocKind::Grievance).unwrap_err();
            assert_eq!(errs.get("period_unit").unwrap().code, "unknown_period_unit");
        }
        let errs = input(14, Some("months")).validate(VocKind::Grievance).unwrap_err();
        assert_eq!(errs.get("business_days").unwrap().code, "number_too_large");
        assert_eq!(DeadlinePolicy::default_for(VocKind::Grievance).period_unit, PeriodUnit::WorkingDays);
        assert_eq!(DeadlinePolicy::default_for(VocKind::Suggestion).period_unit, PeriodUnit::WorkingHours);
    }

    #[test]
    fn a_pause_needs_a_known_reason_and_a_note() {
        let errs = PauseInput { reason: "lunch".into(), note: " ".into() }.validate().unwrap_err();
        assert_eq!(errs.get("reason").unwrap().code, "unknown_pause_reason");
        assert_eq!(errs.get("note").unwrap().code, "required");
        let (r, n) =
            PauseInput { reason: "investigation".into(), note: " 가스 누출 검사 의뢰 ".into() }.validate().unwrap();
        assert_eq!((r, n.as_str()), (PauseReason::Investigation, "가스 누출 검사 의뢰"));
    }

    #[test]
    fn holidays_need_an_iso_date_and_a_name() {
        let errs =
            HolidayInput { date: "2026/12/31".into(), name: "".into(), name_en: "".into() }.validate().unwrap_err();
        assert_eq!(errs.get("date").unwrap().code, "invalid_date");
        assert_eq!(errs.get("name").unwrap().code, "required");
        let errs = HolidayInput { date: " ".into(), name: "x".into(), name_en: "".into() }.validate().unwrap_err();
        assert_eq!(errs.get("date").unwrap().code, "required");
        let (d, n, _) = HolidayInput { date: "2026-12-31".into(), name: "창립기념일".into(), name_en: "".into() }
            .validate()
            .unwrap();
        assert_eq!((d.to_string(), n.as_str()), ("2026-12-31".into(), "창립기념일"));
    }
}
