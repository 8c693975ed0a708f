//! Training records (교육관리, Mungyeong 3.3; KGS ch. 2 7 and ch. 4 "관련자 조치"): courses,
//! the sessions held and who attended; the courses each role must complete every year; and a
//! case's CS-training referral as a requirement on the named member of staff, fulfilled by
//! attending a CS course on or after the day of the referral.
//!
//! What is required, done and overdue is computed here, from those facts only, so that the
//! page, the overdue list and the reports cannot count it differently.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors, Role};

labelled! {
    /// What a course teaches.
    TrainingKind / UnknownTrainingKind {
        Cs => "cs", "CS·친절", "Customer service";
        Privacy => "privacy", "개인정보 보호", "Personal data protection";
        VocHandling => "voc_handling", "VOC 처리", "VOC handling";
        Other => "other", "기타", "Other";
    }
}

/// Calendar days a member of staff referred for CS training has to attend one.
pub const REFERRAL_DAYS: u64 = 90;
/// The day of the year by which a mandatory course is due unless the course says otherwise.
pub const DEFAULT_DUE: &str = "12-31";
const MAX_TITLE: usize = 200;
const MAX_PLACE: usize = 200;
/// At most this many attendees in one session.
pub const MAX_ATTENDEES: usize = 1000;
/// A course is at least a tenth of an hour and at most this many hours.
pub const MAX_HOURS: f64 = 400.0;
/// The first day a session may be recorded for.
const FIRST_DAY: (i32, u32, u32) = (2000, 1, 1);

/// `POST /api/v1/training/courses`, `PUT /api/v1/training/courses/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 200))]
    pub title: String,
    /// A [`TrainingKind`] code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = TrainingKind))]
    pub kind: String,
    /// Hours of instruction, to a tenth of an hour.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 0.1, maximum = 400.0))]
    pub hours: f64,
    /// Role codes that must complete this course every year (none: an optional course).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Role>))]
    pub mandatory_for: Vec<String>,
    /// `MM-DD`: the day of each year by which a mandatory course is due (`12-31` when empty).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^((0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$"))]
    pub due: String,
    /// Offered; a retired course is kept with its sessions and required of no one.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A course as it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidCourse {
    pub title: String,
    pub kind: TrainingKind,
    /// Hours in tenths (1.5 hours is 15).
    pub hours_tenths: i64,
    pub mandatory_for: Vec<Role>,
    /// Month and day the course is due by each year.
    pub due: (u32, u32),
    pub active: bool,
}

/// `MM-DD` of a day that every year has (29 February is refused).
pub fn parse_month_day(raw: &str) -> Result<(u32, u32), FieldError> {
    let raw = raw.trim();
    let raw = if raw.is_empty() { DEFAULT_DUE } else { raw };
    let (m, d) = raw.split_once('-').ok_or(FieldError::InvalidMonthDay)?;
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(m), Some(d)) = (number(m), number(d)) else {
        return Err(FieldError::InvalidMonthDay);
    };
    // 2025 is not a leap year: a day it has, every year has.
    NaiveDate::from_ymd_opt(2025, m, d).map(|_| (m, d)).ok_or(FieldError::InvalidMonthDay)
}

/// The day a course with `due` is due in `year`.
pub fn due_in(year: i32, due: (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, due.0, due.1)
        .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
        .unwrap_or(NaiveDate::MAX)
}

impl CourseInput {
    pub fn validate(&self) -> Result<ValidCourse, FieldErrors> {
        let mut errs = FieldErrors::default();
        let title = self.title.trim();
        // Counted as sent, spaces too, as the contract's maxLength counts it.
        if self.title.chars().count() > MAX_TITLE {
            errs.add("title", FieldError::TooLong { max: MAX_TITLE });
        } else if title.is_empty() {
            errs.add("title", FieldError::Required);
        }
        let kind = self.kind.parse::<TrainingKind>().map_err(|e| errs.add("kind", e)).ok();
        let hours = if !self.hours.is_finite() {
            errs.add("hours", FieldError::NotANumber);
            None
        } else if !(0.1..=MAX_HOURS).contains(&self.hours) {
            errs.add("hours", FieldError::HoursOutOfRange);
            None
        } else {
            // Checked to 0.1..=400 above: the product is a small whole number.
            #[allow(clippy::cast_possible_truncation)]
            Some((self.hours * 10.0).round() as i64)
        };
        let mut roles = Vec::new();
        for r in &self.mandatory_for {
            match r.parse::<Role>() {
                Ok(role) if !roles.contains(&role) => roles.push(role),
                Ok(_) => {}
                Err(_) => errs.add("mandatory_for", FieldError::UnknownRole),
            }
        }
        let due = parse_month_day(&self.due).map_err(|e| errs.add("due", e)).ok();
        match (kind, hours, due) {
            (Some(kind), Some(hours_tenths), Some(due)) if errs.is_empty() => Ok(ValidCourse {
                title: title.to_owned(),
                kind,
                hours_tenths,
                mandatory_for: roles,
                due,
                active: self.active,
            }),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/training/sessions`, `PUT /api/v1/training/sessions/{id}`: a course held on a
/// day, and the staff (user ids) who attended. A `PUT` replaces the attendance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1))]
    pub course_id: i64,
    /// `YYYY-MM-DD`, today or earlier.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub held_on: String,
    /// Where, or who taught it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_items = 1, max_items = 1000))]
    pub attendees: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSession {
    pub course_id: i64,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    pub attendees: BTreeSet<i64>,
}

impl SessionInput {
    /// Checks the session against `today` (Seoul): a session is recorded once it was held.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidSession, FieldErrors> {
        let mut errs = FieldErrors::default();
        if self.course_id <= 0 {
            errs.add("course_id", FieldError::UnknownCourse);
        }
        let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or(NaiveDate::MIN);
        let held_on = match NaiveDate::parse_from_str(self.held_on.trim(), "%Y-%m-%d") {
            Ok(d) if d > today => {
                errs.add("held_on", FieldError::DateInFuture);
                None
            }
            Ok(d) if d < first => {
                errs.add("held_on", FieldError::YearOutOfRange { first: FIRST_DAY.0, last: today.year() });
                None
            }
            Ok(d) => Some(d),
            Err(_) if self.held_on.trim().is_empty() => {
                errs.add("held_on", FieldError::Required);
                None
            }
            Err(_) => {
                errs.add("held_on", FieldError::InvalidDate);
                None
            }
        };
        let place = self.place.trim();
        if place.chars().count() > MAX_PLACE {
            errs.add("place", FieldError::TooLong { max: MAX_PLACE });
        }
        let attendees: BTreeSet<i64> = self.attendees.iter().copied().collect();
        if attendees.is_empty() {
            errs.add("attendees", FieldError::Required);
        } else if attendees.len() > MAX_ATTENDEES {
            errs.add("attendees", FieldError::TooLong { max: MAX_ATTENDEES });
        } else if attendees.iter().any(|id| *id <= 0) {
            errs.add("attendees", FieldError::UnknownUser);
        }
        match held_on {
            Some(held_on) if errs.is_empty() => Ok(ValidSession {
                course_id: self.course_id,
                held_on,
                place: (!place.is_empty()).then(|| place.to_owned()),
                attendees,
            }),
            _ => Err(errs),
        }
    }
}

/// A course, as the requirements are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub id: i64,
    pub kind: TrainingKind,
    pub mandatory_for: Vec<Role>,
    pub due: (u32, u32),
    pub active: bool,
}

/// A member of staff who may owe training: an active account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainee {
    pub user_id: i64,
    pub role: Role,
    pub department_id: Option<i64>,
}

/// Someone attended a session of a course on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attended {
    pub user_id: i64,
    pub course_id: i64,
    pub kind: TrainingKind,
    pub held_on: NaiveDate,
}

/// A case referred a member of staff for CS training (KGS "관련자 조치"). `user_id` is the
/// account the staff name was matched to when the referral was made; none when no single
/// active account carries that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub case_id: i64,
    pub user_id: Option<i64>,
    pub department_id: Option<i64>,
    pub referred_on: NaiveDate,
}

/// What one requirement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requirement {
    /// A course the member's role must complete in the year.
    Mandatory { course_id: i64 },
    /// CS training a case referred the member to.
    Referral { case_id: i64 },
}

/// Where a requirement stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrainingState {
    Done,
    /// Not done, not yet due.
    Pending,
    /// Not done and its day has passed.
    Overdue,
}

/// One requirement on one member of staff (or, for a referral matched to no account, on a
/// name): due by when, and done when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub user_id: Option<i64>,
    pub department_id: Option<i64>,
    pub requirement: Requirement,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl Due {
    pub fn state(&self, today: NaiveDate) -> TrainingState {
        match self.done_on {
            Some(_) => TrainingState::Done,
            None if self.due_on < today => TrainingState::Overdue,
            None => TrainingState::Pending,
        }
    }
}

/// Every requirement of `year`: each active trainee's mandatory courses (done by attending a
/// session of the course held in the year), and each CS referral made in the year or still
/// open from an earlier one (done by attending any CS course held on or after the referral).
pub fn requirements(
    year: i32,
    courses: &[Course],
    trainees: &[Trainee],
    attended: &[Attended],
    referrals: &[Referral],
) -> Vec<Due> {
    let mut out = Vec::new();
    for t in trainees {
        for c in courses.iter().filter(|c| c.active && c.mandatory_for.contains(&t.role)) {
            let done_on = attended
                .iter()
                .filter(|a| a.user_id == t.user_id && a.course_id == c.id && a.held_on.year() == year)
                .map(|a| a.held_on)
                .min();
            out.push(Due {
                user_id: Some(t.user_id),
                department_id: t.department_id,
                requirement: Requirement::Mandatory { course_id: c.id },
                due_on: due_in(year, c.due),
                done_on,
            });
        }
    }
    for r in referrals {
        let done_on = r.user_id.and_then(|user| {
            attended
                .iter()
                .filter(|a| a.user_id == user && a.kind == TrainingKind::Cs && a.held_on >= r.referred_on)
                .map(|a| a.held_on)
                .min()
        });
        let made_this_year = r.referred_on.year() == year;
        let open_from_before = r.referred_on.year() < year && done_on.is_none_or(|d| d.year() >= year);
        if made_this_year || open_from_before {
            out.push(Due {
                user_id: r.user_id,
                department_id: r.department_id,
                requirement: Requirement::Referral { case_id: r.case_id },
                due_on: r.referred_on.checked_add_days(Days::new(REFERRAL_DAYS)).unwrap_or(NaiveDate::MAX),
                done_on,
            });
        }
    }
    out
}

/// Completion of one department's mandatory courses in a year (KGS 자율관리 교육의 실시).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    /// Mandatory course × member pairs.
    pub required: u32,
    pub done: u32,
    pub overdue: u32,
    /// CS referrals counted in the year, and how many were attended.
    pub referrals: u32,
    pub referrals_done: u32,
}

impl Completion {
    /// Share of the mandatory requirements done; none when nothing is required.
    pub fn rate(&self) -> Option<f64> {
        (self.required > 0).then(|| f64::from(self.done) / f64::from(self.required))
    }
}

/// Completion per department (`None`: staff of no department), from [`requirements`].
pub fn completion(dues: &[Due], today: NaiveDate) -> BTreeMap<Option<i64>, Completion> {
    let mut out: BTreeMap<Option<i64>, Completion> = BTreeMap::new();
    for d in dues {
        let c = out.entry(d.department_id).or_default();
        let done = d.done_on.is_some();
        match d.requirement {
            Requirement::Mandatory { .. } => {
                c.required += 1;
                c.done += u32::from(done);
                c.overdue += u32::from(d.state(today) == TrainingState::Overdue);
            }
            Requirement::Referral { .. } => {
                c.referrals += 1;
                c.referrals_done += u32::from(done);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn course(id: i64, kind: TrainingKind, roles: &[Role], due: (u32, u32)) -> Course {
        Course { id, kind, mandatory_for: roles.to_vec(), due, active: true }
    }

    #[test]
    fn a_course_is_checked_field_by_field() {
        let good = CourseInput {
            title: " 친절 응대 ".into(),
            kind: "cs".into(),
            hours: 1.54,
            mandatory_for: vec!["handler".into(), "handler".into(), "department_head".into()],
            due: "06-30".into(),
            active: true,
        };
        let v = good.validate().unwrap();
        assert_eq!((v.title.as_str(), v.hours_tenths, v.due), ("친절 응대", 15, (6, 30)));
        assert_eq!(v.mandatory_for, [Role::Handler, Role::DepartmentHead]);
        assert_eq!(CourseInput { due: String::new(), ..good.clone() }.validate().unwrap().due, (12, 31));
        // 200 characters as sent, the spaces around counted (the contract's maxLength).
        let padded = format!(" {} ", "가".repeat(198));
        assert!(CourseInput { title: padded.clone(), ..good.clone() }.validate().is_ok());
        let over = CourseInput { title: format!("{padded} "), ..good.clone() }.validate().unwrap_err();
        assert_eq!(over.get("title").unwrap().code, "too_long");

        let bad = CourseInput {
            title: " ".into(),
            kind: "yoga".into(),
            hours: f64::NAN,
            mandatory_for: vec!["janitor".into()],
            due: "02-29".into(),
            active: true,
        };
        let errs = bad.validate().unwrap_err();
        let code = |f: &str| errs.get(f).unwrap().code.clone();
        assert_eq!(code("title"), "required");
        assert_eq!(code("kind"), "unknown_training_kind");
        assert_eq!(code("hours"), "not_a_number");
        assert_eq!(code("mandatory_for"), "unknown_role");
        assert_eq!(code("due"), "invalid_month_day");
        for hours in [0.0, 0.09, 400.5] {
            let e = CourseInput { hours, ..good.clone() }.validate().unwrap_err();
            assert_eq!(e.get("hours").unwrap().code, "hours_out_of_range", "{hours}");
        }
        for due in ["13-01", "1231", "12-32", "+1-01", "001-01"] {
            assert_eq!(parse_month_day(due), Err(FieldError::InvalidMonthDay), "{due}");
        }
    }

    #[test]
    fn a_session_is_recorded_once_it_was_held() {
        let today = day("2026-05-10");
        let s = SessionInput { course_id: 1, held_on: "2026-05-10".into(), place: "".into(), attendees: vec![3, 2, 3] };
        let v = s.validate(today).unwrap();
        assert_eq!(v.attendees.into_iter().collect::<Vec<_>>(), [2, 3]);
        assert_eq!(v.place, None);
        let errs =
            SessionInput { course_id: 0, held_on: "2026-05-11".into(), place: "x".repeat(201), attendees: vec![] }
                .validate(today)
                .unwrap_err();
        let code = |f: &str| errs.get(f).unwrap().code.clone();
        assert_eq!(code("course_id"), "unknown_course");
        assert_eq!(code("held_on"), "date_in_future");
        assert_eq!(code("place"), "too_long");
        assert_eq!(code("attendees"), "required");
        let e = SessionInput { held_on: "2026-13-01".into(), attendees: vec![-1], ..s }.validate(today).unwrap_err();
        assert_eq!(e.get("held_on").unwrap().code, "invalid_date");
        assert_eq!(e.get("attendees").unwrap().code, "unknown_user");
    }

    #[test]
    fn mandatory_courses_are_owed_by_role_and_done_within_the_year() {
        let courses = [
            course(1, TrainingKind::Cs, &[Role::Handler, Role::DepartmentHead], (6, 30)),
            course(2, TrainingKind::Privacy, &[Role::Handler], (12, 31)),
            Course { active: false, ..course(3, TrainingKind::Other, &[Role::Handler], (1, 31)) },
        ];
        let trainees = [
            Trainee { user_id: 10, role: Role::Handler, department_id: Some(3) },
            Trainee { user_id: 11, role: Role::DepartmentHead, department_id: Some(3) },
            Trainee { user_id: 12, role: Role::Executive, department_id: None },
        ];
        let attended = [
            // Last year's session does not count for this year.
            Attended { user_id: 10, course_id: 1, kind: TrainingKind::Cs, held_on: day("2025-12-01") },
            Attended { user_id: 11, course_id: 1, kind: TrainingKind::Cs, held_on: day("2026-03-02") },
            Attended { user_id: 10, course_id: 2, kind: TrainingKind::Privacy, held_on: day("2026-08-01") },
        ];
        let dues = requirements(2026, &courses, &trainees, &attended, &[]);
        assert_eq!(
            dues.len(),
            3,
            "10 owes courses 1 and 2, 11 owes course 1; the executive and the retired course none"
        );
        let today = day("2026-07-01");
        let state = |user, course_id| {
            dues.iter()
                .find(|d| d.user_id == Some(user) && d.requirement == Requirement::Mandatory { course_id })
                .unwrap()
                .state(today)
        };
        assert_eq!(state(10, 1), TrainingState::Overdue);
        assert_eq!(state(10, 2), TrainingState::Done);
        assert_eq!(state(11, 1), TrainingState::Done);
        let c = completion(&dues, today)[&Some(3)];
        assert_eq!((c.required, c.done, c.overdue), (3, 2, 1));
        assert!((c.rate().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(completion(&dues, day("2026-06-30"))[&Some(3)].overdue, 0, "due on the day, late the day after");
    }

    #[test]
    fn a_referral_is_done_by_a_cs_course_after_it_and_carries_over_until_done() {
        let referrals = [
            Referral { case_id: 5, user_id: Some(10), department_id: Some(3), referred_on: day("2026-04-01") },
            Referral { case_id: 6, user_id: None, department_id: Some(3), referred_on: day("2026-04-01") },
            Referral { case_id: 7, user_id: Some(11), department_id: Some(3), referred_on: day("2025-11-20") },
        ];
        let attended = [
            // Before the referral, and not CS: neither fulfils it.
            Attended { user_id: 10, course_id: 1, kind: TrainingKind::Cs, held_on: day("2026-03-31") },
            Attended { user_id: 10, course_id: 2, kind: TrainingKind::Privacy, held_on: day("2026-04-02") },
            Attended { user_id: 10, course_id: 1, kind: TrainingKind::Cs, held_on: day("2026-05-04") },
        ];
        let dues = requirements(2026, &[], &[], &attended, &referrals);
        let of = |case_id| dues.iter().find(|d| d.requirement == Requirement::Referral { case_id }).unwrap();
        assert_eq!(of(5).done_on, Some(day("2026-05-04")));
        assert_eq!(of(6).done_on, None, "a name matched to no account is never done by attendance");
        assert_eq!(of(6).due_on, day("2026-06-30"));
        assert_eq!(of(7).due_on, day("2026-02-18"));
        assert_eq!(of(7).state(day("2026-02-19")), TrainingState::Overdue, "last year's open referral carries over");
        let c = completion(&dues, day("2026-07-01"))[&Some(3)];
        assert_eq!((c.required, c.referrals, c.referrals_done), (0, 3, 1));
        assert_eq!(c.rate(), None);
        // Done last year: not carried into this one.
        let done_before = [Attended { user_id: 11, course_id: 1, kind: TrainingKind::Cs, held_on: day("2025-12-01") }];
        assert!(requirements(2026, &[], &[], &done_before, &referrals[2..]).is_empty());
    }
}
