//! The quarterly CCMS evaluation (KGS ch. 5 4, 운영성과 평가): each quarter the VOC manager
//! evaluates the quarter before for each department, prefilled with its figures; scores the
//! department's items, comments, and writes an improvement plan; submits it; the department's
//! head acknowledges it. A submitted evaluation no longer changes.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors, Role};

labelled! {
    /// What each department is scored on: the department-level indicators of KGS ch. 5 4 (2).
    #[derive(PartialOrd, Ord)]
    EvaluationItem / UnknownEvaluationItem {
        CauseRecorded => "cause_recorded", "불만 원인의 객관적 규명과 정확한 기록", "Causes found objectively and recorded accurately";
        Prevention => "prevention", "시정·예방조치로 재발 방지", "Corrective and preventive action against recurrence";
        Compliance => "compliance", "기본방침과 처리기한에 맞는 처리", "Handled by the policy and within the deadlines";
        Communication => "communication", "처리 단계별 고객 안내와 의사소통", "Complainants kept informed at each step";
        Awareness => "awareness", "직원의 불만 유발 행위와 예방 인지", "Staff aware of what causes complaints and of prevention";
        Training => "training", "자율관리 교육의 실시와 효과", "Training given and its effect";
    }
}

labelled! {
    /// Where an evaluation stands.
    EvaluationState / UnknownStatus {
        Draft => "draft", "작성 중", "Being written";
        Submitted => "submitted", "부서장 확인 대기", "Awaiting the head's acknowledgement";
        Acknowledged => "acknowledged", "부서장 확인 완료", "Acknowledged by the head";
    }
}

/// Each item is scored 1 to this.
pub const SCORE_MAX: u8 = 5;
const MAX_COMMENT: usize = 1000;
const MAX_TEXT: usize = 4000;
/// The first year an evaluation may be opened for.
pub const EVALUATION_FIRST_YEAR: i32 = 2000;

/// The first and last day of a quarter (1–4).
pub fn quarter_days(year: i32, quarter: u8) -> Option<(NaiveDate, NaiveDate)> {
    if !(1..=4).contains(&quarter) {
        return None;
    }
    let first_month = u32::from(quarter - 1) * 3 + 1;
    let from = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let next = if quarter == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, first_month + 3, 1)?
    };
    Some((from, next.pred_opt()?))
}

/// The quarter before the one `today` is in: the one evaluated now.
pub fn previous_quarter(today: NaiveDate) -> (i32, u8) {
    // `month0() / 3` is 0..=3: the quarter's index.
    let this = u8::try_from(today.month0() / 3).unwrap_or(0) + 1;
    if this == 1 { (today.year() - 1, 4) } else { (today.year(), this - 1) }
}

/// `POST /api/v1/evaluations` `{department_id, year, quarter}`: opens a department's evaluation
/// of a quarter that has ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenEvaluationInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1))]
    pub department_id: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 2000))]
    pub year: i32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1, maximum = 4))]
    pub quarter: u8,
}

impl OpenEvaluationInput {
    /// The quarter's days, once it has ended by `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
        let mut errs = FieldErrors::default();
        if self.department_id <= 0 {
            errs.add("department_id", FieldError::UnknownDepartment);
        }
        if !(EVALUATION_FIRST_YEAR..=today.year()).contains(&self.year) {
            errs.add("year", FieldError::YearOutOfRange { first: EVALUATION_FIRST_YEAR, last: today.year() });
        }
        let days = quarter_days(self.year, self.quarter);
        match days {
            None => errs.add("quarter", FieldError::QuarterOutOfRange),
            Some((_, last)) if errs.get("year").is_none() && last >= today => {
                errs.add("quarter", FieldError::QuarterNotEnded);
            }
            Some(_) => {}
        }
        match days {
            Some(days) if errs.is_empty() => Ok(days),
            _ => Err(errs),
        }
    }
}

/// `PUT /api/v1/evaluations/{id}`: the scores (item → 1–5), a comment per item, the summary and
/// the improvement plan. A draft may leave items unscored; submitting needs every score and
/// the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationInput {
    #[serde(default)]
    pub scores: BTreeMap<String, i64>,
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub summary: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub improvement_plan: String,
}

/// An evaluation's content as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEvaluation {
    pub scores: BTreeMap<EvaluationItem, u8>,
    pub comments: BTreeMap<EvaluationItem, String>,
    pub summary: String,
    pub improvement_plan: String,
}

impl EvaluationInput {
    pub fn validate(&self) -> Result<ValidEvaluation, FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut out = ValidEvaluation::default();
        for (k, v) in &self.scores {
            let field = format!("scores.{k}");
            match k.parse::<EvaluationItem>() {
                Err(e) => errs.add(&field, e),
                Ok(item) => match u8::try_from(*v) {
                    Ok(s @ 1..=SCORE_MAX) => {
                        out.scores.insert(item, s);
                    }
                    _ => errs.add(&field, FieldError::ScoreOutOfRange),
                },
            }
        }
        for (k, v) in &self.comments {
            let field = format!("comments.{k}");
            match k.parse::<EvaluationItem>() {
                Err(e) => errs.add(&field, e),
                Ok(_) if v.trim().chars().count() > MAX_COMMENT => {
                    errs.add(&field, FieldError::TooLong { max: MAX_COMMENT })
                }
                Ok(item) if !v.trim().is_empty() => {
                    out.comments.insert(item, v.trim().to_owned());
                }
                Ok(_) => {}
            }
        }
        for (field, text, slot) in [
            ("summary", &self.summary, &mut out.summary),
            ("improvement_plan", &self.improvement_plan, &mut out.improvement_plan),
        ] {
            if text.trim().chars().count() > MAX_TEXT {
                errs.add(field, FieldError::TooLong { max: MAX_TEXT });
            }
            text.trim().clone_into(slot);
        }
        if errs.is_empty() { Ok(out) } else { Err(errs) }
    }
}

impl ValidEvaluation {
    /// What is missing before the evaluation may be submitted: every item's score and the plan.
    pub fn complete(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        for item in EvaluationItem::ALL {
            if !self.scores.contains_key(item) {
                errs.add(&format!("scores.{}", item.as_str()), FieldError::Required);
            }
        }
        if self.improvement_plan.is_empty() {
            errs.add("improvement_plan", FieldError::Required);
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }

    /// The scores as a share of the most they could be, when every item is scored.
    pub fn total_percent(&self) -> Option<f64> {
        (self.scores.len() == EvaluationItem::ALL.len()).then(|| {
            let sum: u32 = self.scores.values().map(|s| u32::from(*s)).sum();
            f64::from(sum) * 100.0 / f64::from(u32::from(SCORE_MAX) * EvaluationItem::ALL.len() as u32)
        })
    }
}

/// `POST /api/v1/evaluations/{id}/acknowledge` `{note}`: the head's acknowledgement, with what
/// the department will do or any objection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgeInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: String,
}

impl AcknowledgeInput {
    /// The note, trimmed; none when empty.
    pub fn validate(&self) -> Result<Option<String>, FieldErrors> {
        let note = self.note.trim();
        if note.chars().count() > MAX_COMMENT {
            let mut errs = FieldErrors::default();
            errs.add("note", FieldError::TooLong { max: MAX_COMMENT });
            return Err(errs);
        }
        Ok((!note.is_empty()).then(|| note.to_owned()))
    }
}

/// What a reader may do with an evaluation: computed here once and sent to the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationActions {
    /// Change the scores, comments and plan, and submit (a draft; the VOC office).
    pub edit: bool,
    /// Acknowledge a submitted evaluation (the department's head, or an administrator).
    pub acknowledge: bool,
}

pub fn evaluation_actions(
    role: Role,
    user_department: Option<i64>,
    department: i64,
    state: EvaluationState,
) -> EvaluationActions {
    EvaluationActions {
        edit: state == EvaluationState::Draft && role.evaluates(),
        acknowledge: state == EvaluationState::Submitted
            && (role == Role::Admin || (role == Role::DepartmentHead && user_department == Some(department))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_and_the_one_evaluated_now() {
        assert_eq!(quarter_days(2026, 1), Some((day("2026-01-01"), day("2026-03-31"))));
        assert_eq!(quarter_days(2026, 4), Some((day("2026-10-01"), day("2026-12-31"))));
        assert_eq!(quarter_days(2026, 5), None);
        assert_eq!(previous_quarter(day("2026-01-05")), (2025, 4));
        assert_eq!(previous_quarter(day("2026-07-01")), (2026, 2));
    }

    #[test]
    fn a_quarter_is_evaluated_once_it_has_ended() {
        let open = |year, quarter| OpenEvaluationInput { department_id: 3, year, quarter }.validate(day("2026-07-01"));
        assert_eq!(open(2026, 2), Ok((day("2026-04-01"), day("2026-06-30"))));
        let code = |r: Result<_, FieldErrors>, f: &str| r.unwrap_err().get(f).unwrap().code.clone();
        assert_eq!(code(open(2026, 3), "quarter"), "quarter_not_ended");
        assert_eq!(code(open(2026, 0), "quarter"), "quarter_out_of_range");
        assert_eq!(code(open(1999, 1), "year"), "year_out_of_range");
        let e = OpenEvaluationInput { department_id: 0, year: 2026, quarter: 1 }.validate(day("2026-07-01"));
        assert_eq!(code(e, "department_id"), "unknown_department");
    }

    #[test]
    fn a_draft_may_be_partial_but_is_submitted_complete() {
        let mut input = EvaluationInput {
            scores: BTreeMap::from([("prevention".into(), 4), ("cause_recorded".into(), 3)]),
            comments: BTreeMap::from([
                ("prevention".into(), " 재발 방지 대책 수립 ".into()),
                ("training".into(), " ".into()),
            ]),
            summary: " 전반적으로 양호 ".into(),
            improvement_plan: String::new(),
        };
        let v = input.validate().unwrap();
        assert_eq!(v.comments.len(), 1);
        assert_eq!(v.summary, "전반적으로 양호");
        assert_eq!(v.total_percent(), None);
        let missing = v.complete().unwrap_err();
        assert_eq!(missing.get("scores.training").unwrap().code, "required");
        assert_eq!(missing.get("improvement_plan").unwrap().code, "required");
        for item in EvaluationItem::ALL {
            input.scores.insert(item.as_str().into(), 5);
        }
        input.scores.insert("prevention".into(), 2);
        input.improvement_plan = "3분기 원인 기록 교육".into();
        let v = input.validate().unwrap();
        assert_eq!(v.complete(), Ok(()));
        assert!((v.total_percent().unwrap() - 90.0).abs() < 1e-9, "27 of 30");

        input.scores.insert("speed".into(), 3);
        input.scores.insert("awareness".into(), 6);
        input.comments.insert("training".into(), "가".repeat(1001));
        let errs = input.validate().unwrap_err();
        assert_eq!(errs.get("scores.speed").unwrap().code, "unknown_evaluation_item");
        assert_eq!(errs.get("scores.awareness").unwrap().code, "score_out_of_range");
        assert_eq!(errs.get("comments.training").unwrap().code, "too_long");
    }

    #[test]
    fn the_office_edits_drafts_and_the_departments_head_acknowledges() {
        use EvaluationState::*;
        assert!(evaluation_actions(Role::VocManager, Some(1), 3, Draft).edit);
        assert!(!evaluation_actions(Role::VocManager, Some(1), 3, Submitted).edit);
        assert!(!evaluation_actions(Role::DepartmentHead, Some(3), 3, Draft).edit);
        assert!(evaluation_actions(Role::DepartmentHead, Some(3), 3, Submitted).acknowledge);
        assert!(!evaluation_actions(Role::DepartmentHead, Some(2), 3, Submitted).acknowledge);
        assert!(!evaluation_actions(Role::DepartmentHead, Some(3), 3, Acknowledged).acknowledge);
        assert!(evaluation_actions(Role::Admin, None, 3, Submitted).acknowledge);
        assert!(!evaluation_actions(Role::Executive, None, 3, Submitted).acknowledge);
    }
}
