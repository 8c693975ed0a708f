//! The annual complaint reduction plan (KGS ch. 2 ⑥, 고객불만 감축계획): for each department
//! and year the VOC office analyses the year before, sets how many complaints each quarter
//! should stay within, and lists its measures against the frequent complaints; the plan is
//! reported to management, after which it no longer changes. Each quarter's result is the
//! complaints the department received, against its target and the same quarter the year
//! before.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors, Role};

labelled! {
    /// Where a plan stands.
    ReductionState / UnknownStatus {
        Draft => "draft", "작성 중", "Being written";
        Reported => "reported", "경영진 보고 완료", "Reported to management";
    }
}

labelled! {
    /// How a quarter stands against its target.
    QuarterOutcome / UnknownOutcome {
        Met => "met", "달성", "Met";
        Missed => "missed", "미달성", "Missed";
        InProgress => "in_progress", "진행 중", "In progress";
        Ahead => "ahead", "예정", "Not yet begun";
        NoTarget => "no_target", "목표 없음", "No target";
    }
}

impl QuarterOutcome {
    /// A mark that carries the outcome without colour.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Met => "●",
            Self::Missed => "○",
            Self::InProgress => "◐",
            Self::Ahead => "–",
            Self::NoTarget => "·",
        }
    }
}

/// A quarter's target is at most this many complaints.
pub const REDUCTION_TARGET_MAX: u32 = 100_000;
/// A plan lists at most this many measures.
pub const MAX_MEASURES: usize = 20;
const MAX_ISSUE: usize = 200;
const MAX_ACTION: usize = 1000;
const MAX_OWNER: usize = 100;
const MAX_ANALYSIS: usize = 4000;

/// One measure against a frequent complaint: what, what is done, who, by when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureInput {
    /// The frequent complaint it answers, e.g. "레일바이크 대기시간".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub issue: String,
    /// What will be done.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub action: String,
    /// Who answers for it (a team or a person).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub owner: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due: String,
}

/// `PUT /api/v1/reduction-plans/{year}/{department}`: the analysis, a target per quarter (the
/// most complaints it should receive) and the measures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReductionPlanInput {
    /// Four whole numbers, the first quarter's first.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_items = 4, max_items = 4))]
    pub quarter_targets: Vec<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub measures: Vec<MeasureInput>,
    /// The analysis of the year before and the plan's reasoning.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub analysis: String,
}

/// A measure as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanMeasure {
    pub issue: String,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
}

/// A plan's content as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidReductionPlan {
    pub quarter_targets: [u32; 4],
    pub measures: Vec<PlanMeasure>,
    pub analysis: String,
}

impl ReductionPlanInput {
    /// The plan, or every refused field at once. To `report` it, the analysis and at least
    /// one measure are needed too (KGS: the plan must answer the frequent complaints).
    pub fn validate(&self, report: bool) -> Result<ValidReductionPlan, FieldErrors> {
        let mut errs = FieldErrors::default();
        if report && self.analysis.trim().is_empty() {
            errs.add("analysis", FieldError::Required);
        }
        if report && self.measures.is_empty() {
            errs.add("measures", FieldError::Required);
        }
        let mut out = ValidReductionPlan::default();
        if self.quarter_targets.len() == 4 {
            for (i, t) in self.quarter_targets.iter().enumerate() {
                match u32::try_from(*t) {
                    Ok(t) if t <= REDUCTION_TARGET_MAX => out.quarter_targets[i] = t,
                    _ => errs.add(
                        &format!("quarter_targets.{i}"),
                        FieldError::ReductionTargetOutOfRange { max: REDUCTION_TARGET_MAX },
                    ),
                }
            }
        } else {
            errs.add("quarter_targets", FieldError::QuarterTargets);
        }
        if self.measures.len() > MAX_MEASURES {
            errs.add("measures", FieldError::TooManyMeasures { max: MAX_MEASURES });
        }
        for (i, m) in self.measures.iter().enumerate().take(MAX_MEASURES) {
            let field = |f: &str| format!("measures.{i}.{f}");
            for (name, text, max, required) in [
                ("issue", &m.issue, MAX_ISSUE, true),
                ("action", &m.action, MAX_ACTION, true),
                ("owner", &m.owner, MAX_OWNER, true),
            ] {
                let n = text.trim().chars().count();
                if required && n == 0 {
                    errs.add(&field(name), FieldError::Required);
                } else if n > max {
                    errs.add(&field(name), FieldError::TooLong { max });
                }
            }
            let due = m.due.trim();
            let due = if due.is_empty() {
                errs.add(&field("due"), FieldError::Required);
                None
            } else {
                let d = NaiveDate::parse_from_str(due, "%Y-%m-%d").ok();
                if d.is_none() {
                    errs.add(&field("due"), FieldError::InvalidDate);
                }
                d
            };
            if let Some(due) = due {
                out.measures.push(PlanMeasure {
                    issue: m.issue.trim().to_owned(),
                    action: m.action.trim().to_owned(),
                    owner: m.owner.trim().to_owned(),
                    due,
                });
            }
        }
        if self.analysis.trim().chars().count() > MAX_ANALYSIS {
            errs.add("analysis", FieldError::TooLong { max: MAX_ANALYSIS });
        }
        self.analysis.trim().clone_into(&mut out.analysis);
        if errs.is_empty() { Ok(out) } else { Err(errs) }
    }
}

impl ValidReductionPlan {
    /// The year's target: the quarters' together.
    pub fn year_target(&self) -> u32 {
        self.quarter_targets.iter().sum()
    }
}

/// One quarter of a plan's year: the complaints received, against the target and the same
/// quarter the year before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterResult {
    pub quarter: u8,
    /// Complaints received in the same quarter the year before.
    pub baseline: i64,
    /// None without a plan.
    pub target: Option<u32>,
    /// Complaints received so far (none for a quarter not begun).
    pub actual: Option<i64>,
    /// Against the year before: (actual − baseline) ÷ baseline; none without both.
    pub change: Option<f64>,
    pub outcome: QuarterOutcome,
}

/// The four quarters of `year` as of `today`, from the complaints received per quarter in the
/// year before (`baseline`) and in the year (`actual`).
pub fn quarter_results(
    year: i32,
    today: NaiveDate,
    baseline: [i64; 4],
    actual: [i64; 4],
    targets: Option<[u32; 4]>,
) -> Vec<QuarterResult> {
    (0..4u8)
        .map(|q| {
            let i = usize::from(q);
            let (first, last) = super::quarter_days(year, q + 1).unwrap_or_default();
            let begun = today >= first;
            let target = targets.map(|t| t[i]);
            let actual_now = begun.then_some(actual[i]);
            let outcome = match (begun, today > last) {
                (false, _) => QuarterOutcome::Ahead,
                // A quarter already over its target has missed it, ended or not.
                _ if target.is_some_and(|t| actual[i] > i64::from(t)) => QuarterOutcome::Missed,
                (true, false) => QuarterOutcome::InProgress,
                (true, true) if target.is_some() => QuarterOutcome::Met,
                (true, true) => QuarterOutcome::NoTarget,
            };
            #[allow(clippy::cast_precision_loss)]
            let change = actual_now.filter(|_| baseline[i] > 0).map(|a| (a - baseline[i]) as f64 / baseline[i] as f64);
            QuarterResult { quarter: q + 1, baseline: baseline[i], target, actual: actual_now, change, outcome }
        })
        .collect()
}

/// The first year a plan may be written for; the last is next year.
pub const REDUCTION_FIRST_YEAR: i32 = 2000;

/// Whether a plan may be written for `year` on `today`: from 2000 to next year.
pub fn plan_year(year: i32, today: NaiveDate) -> Result<i32, FieldErrors> {
    let last = today.year() + 1;
    if (REDUCTION_FIRST_YEAR..=last).contains(&year) {
        Ok(year)
    } else {
        let mut errs = FieldErrors::default();
        errs.add("year", FieldError::YearOutOfRange { first: REDUCTION_FIRST_YEAR, last });
        Err(errs)
    }
}

/// What a reader may do with a department's plan: computed here once and sent to the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReductionActions {
    /// Write or change the plan, and report it (a plan not yet reported; the VOC office).
    pub edit: bool,
}

/// `state` is none for a department without a plan yet.
pub fn reduction_actions(role: Role, state: Option<ReductionState>) -> ReductionActions {
    ReductionActions { edit: role.evaluates() && state != Some(ReductionState::Reported) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn measure(issue: &str, due: &str) -> MeasureInput {
        MeasureInput {
            issue: issue.into(),
            action: "대기열 안내판 설치".into(),
            owner: "관광사업팀".into(),
            due: due.into(),
        }
    }

    #[test]
    fn a_plan_has_four_whole_targets_and_dated_measures() {
        let input = ReductionPlanInput {
            quarter_targets: vec![10, 12, 20, 8],
            measures: vec![measure(" 대기시간 ", "2027-06-30")],
            analysis: " 여름 성수기 대기 불만이 많았음 ".into(),
        };
        let v = input.validate(true).unwrap();
        assert_eq!(v.year_target(), 50);
        assert_eq!(v.measures[0].issue, "대기시간");
        assert_eq!(v.analysis, "여름 성수기 대기 불만이 많았음");

        let code = |i: &ReductionPlanInput, f: &str| i.validate(false).unwrap_err().get(f).unwrap().code.clone();
        let bad = ReductionPlanInput { quarter_targets: vec![1, 2, 3], ..input.clone() };
        assert_eq!(code(&bad, "quarter_targets"), "quarter_targets");
        let bad = ReductionPlanInput { quarter_targets: vec![1, -2, 3, 100_001], ..input.clone() };
        assert_eq!(code(&bad, "quarter_targets.1"), "reduction_target_out_of_range");
        assert_eq!(code(&bad, "quarter_targets.3"), "reduction_target_out_of_range");
        let bad = ReductionPlanInput { measures: vec![measure("", "2027-02-30")], ..input.clone() };
        assert_eq!(code(&bad, "measures.0.issue"), "required");
        assert_eq!(code(&bad, "measures.0.due"), "invalid_date");
        let bad = ReductionPlanInput { measures: vec![measure("대기", "2027-01-01"); 21], ..input.clone() };
        assert_eq!(code(&bad, "measures"), "too_many_measures");

        // A draft may be empty; it is reported with its analysis and a measure, and what is
        // missing is named beside what is wrong.
        let empty = ReductionPlanInput { quarter_targets: vec![0, 1, 2, -3], ..Default::default() };
        assert_eq!(
            ReductionPlanInput { quarter_targets: vec![0; 4], ..Default::default() }
                .validate(false)
                .map(|v| v.year_target()),
            Ok(0)
        );
        let missing = empty.validate(true).unwrap_err();
        assert_eq!(missing.get("analysis").unwrap().code, "required");
        assert_eq!(missing.get("measures").unwrap().code, "required");
        assert_eq!(missing.get("quarter_targets.3").unwrap().code, "reduction_target_out_of_range");
    }

    #[test]
    fn quarters_are_judged_against_their_targets_once_they_end() {
        let r = quarter_results(2026, day("2026-08-10"), [10, 10, 10, 10], [8, 12, 3, 0], Some([9, 11, 5, 9]));
        let outcomes: Vec<_> = r.iter().map(|q| q.outcome).collect();
        use QuarterOutcome::*;
        assert_eq!(outcomes, [Met, Missed, InProgress, Ahead]);
        assert_eq!((r[0].actual, r[3].actual), (Some(8), None));
        assert!((r[0].change.unwrap() + 0.2).abs() < 1e-9, "20 % fewer than the year before");
        // Over its target before it ends: missed already.
        let r = quarter_results(2026, day("2026-08-10"), [0; 4], [0, 0, 6, 0], Some([9, 11, 5, 9]));
        assert_eq!((r[2].outcome, r[2].change), (Missed, None));
        // Without a plan nothing is met or missed.
        let r = quarter_results(2026, day("2027-01-10"), [1; 4], [1; 4], None);
        assert!(r.iter().all(|q| q.outcome == NoTarget && q.target.is_none()));
    }

    #[test]
    fn plans_are_for_years_up_to_the_next_and_change_until_reported() {
        assert_eq!(plan_year(2027, day("2026-11-30")), Ok(2027));
        assert_eq!(plan_year(2028, day("2026-11-30")).unwrap_err().get("year").unwrap().code, "year_out_of_range");
        assert!(reduction_actions(Role::VocManager, None).edit);
        assert!(reduction_actions(Role::Admin, Some(ReductionState::Draft)).edit);
        assert!(!reduction_actions(Role::VocManager, Some(ReductionState::Reported)).edit);
        assert!(!reduction_actions(Role::DepartmentHead, Some(ReductionState::Draft)).edit);
        assert!(!reduction_actions(Role::Executive, None).edit);
    }
}
