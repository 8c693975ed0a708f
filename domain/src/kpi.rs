//! Key performance indicators of the CCM programme (Mungyeong 4.2–4.3 and 5.1, KGS ch. 5):
//! what each measures, which way is better, the targets administrators set per year (and
//! per department), and how an actual figure stands against its target.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors};

labelled! {
    /// One indicator. Satisfaction is measured per survey item (`satisfaction_<item>`).
    Kpi / UnknownKpi {
        DeadlineCompliance => "deadline_compliance", "처리기한 준수율", "Deadline compliance";
        MeanHandlingDays => "mean_handling_days", "평균 처리기간(근무일)", "Mean handling time (business days)";
        MedianHandlingDays => "median_handling_days", "처리기간 중앙값(근무일)", "Median handling time (business days)";
        InterimNoticeCompliance => "interim_notice_compliance", "중간 경과 안내 이행률", "Interim notices sent on time";
        SatisfactionOverall => "satisfaction_overall", "전반적 만족도", "Overall satisfaction";
        SatisfactionResult => "satisfaction_result", "처리결과 만족도", "Satisfaction with the result";
        SatisfactionEase => "satisfaction_ease", "불만접수 용이성", "Ease of filing";
        SatisfactionInterimNotice => "satisfaction_interim_notice", "중간경과 안내 만족도", "Interim notice (survey)";
        SatisfactionProactiveness => "satisfaction_proactiveness", "업무처리 적극성", "Proactive handling";
        SatisfactionCourtesy => "satisfaction_courtesy", "고객응대 친절성", "Courtesy";
        SatisfactionTimeliness => "satisfaction_timeliness", "불만처리 기일 만족도", "Processing time (survey)";
        AcceptanceRate => "acceptance_rate", "수용률(수용·일부수용)", "Acceptance rate (accepted or partly)";
        RepeatRate => "repeat_rate", "반복 민원 비율", "Repeated complaints";
        PraiseCount => "praise_count", "칭찬 건수", "Praise received";
        SurveyResponseRate => "survey_response_rate", "만족도 조사 응답률", "Survey response rate";
        FollowUpOnTime => "follow_up_on_time", "불만족 추가 답변 기한 내 처리율", "Dissatisfied responses followed up on time";
    }
}

/// What a figure is, which bounds its target and how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A share, 0 to 1, shown as a percentage.
    Rate,
    /// Business days.
    Days,
    /// A mean score on the survey's 1–5 scale.
    Score,
    /// A count of cases.
    Count,
}

impl Kpi {
    pub fn measure(self) -> Measure {
        match self {
            Self::MeanHandlingDays | Self::MedianHandlingDays => Measure::Days,
            Self::PraiseCount => Measure::Count,
            Self::SatisfactionOverall
            | Self::SatisfactionResult
            | Self::SatisfactionEase
            | Self::SatisfactionInterimNotice
            | Self::SatisfactionProactiveness
            | Self::SatisfactionCourtesy
            | Self::SatisfactionTimeliness => Measure::Score,
            _ => Measure::Rate,
        }
    }

    /// Whether a higher figure is the better one (handling time and repeats: lower).
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Self::MeanHandlingDays | Self::MedianHandlingDays | Self::RepeatRate)
    }

    /// The survey item a satisfaction indicator measures.
    pub fn survey_item(self) -> Option<&'static str> {
        self.as_str().strip_prefix("satisfaction_")
    }

    /// The indicator of a survey item's mean score.
    pub fn of_survey_item(item: &str) -> Option<Self> {
        format!("satisfaction_{item}").parse().ok()
    }

    /// A figure in its unit: `95.0 %`, `2.4일`, `4.21점`, `12건`.
    pub fn format(self, v: f64) -> String {
        match self.measure() {
            Measure::Rate => format!("{:.1} %", v * 100.0),
            Measure::Days => format!("{v:.1}일"),
            Measure::Score => format!("{v:.2}점"),
            Measure::Count => format!("{v:.0}건"),
        }
    }

    fn check(self, v: f64) -> Result<f64, FieldError> {
        let ok = v.is_finite()
            && match self.measure() {
                Measure::Rate => (0.0..=1.0).contains(&v),
                Measure::Days => (0.0..=365.0).contains(&v),
                Measure::Score => (1.0..=5.0).contains(&v),
                Measure::Count => (0.0..=1_000_000.0).contains(&v) && v.fract() == 0.0,
            };
        if ok { Ok(v) } else { Err(FieldError::TargetOutOfRange) }
    }
}

/// How an actual figure stands against its target; each state has words, so a dashboard is
/// readable without its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiState {
    /// At or better than the target (green).
    Met,
    /// Short of it by at most the margin (amber).
    Near,
    /// Short of it by more (red).
    Missed,
    /// No target set for it.
    NoTarget,
    /// Nothing to measure yet (no case, no response).
    NoData,
}

impl KpiState {
    pub fn ko(self) -> &'static str {
        match self {
            Self::Met => "달성",
            Self::Near => "근접",
            Self::Missed => "미달",
            Self::NoTarget => "목표 없음",
            Self::NoData => "자료 없음",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Self::Met => "Met",
            Self::Near => "Near",
            Self::Missed => "Missed",
            Self::NoTarget => "No target",
            Self::NoData => "No data",
        }
    }
    /// A shape that says the state without colour: ● met, ◐ near, ○ missed; none without a
    /// target or a figure.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Met => "●",
            Self::Near => "◐",
            Self::Missed => "○",
            Self::NoTarget | Self::NoData => "",
        }
    }
}

/// How far short of its target a figure may fall and still be [`KpiState::Near`]: five
/// percentage points of a rate, a tenth of a number of days or cases, 0.2 of a score.
fn margin(kpi: Kpi, target: f64) -> f64 {
    match kpi.measure() {
        Measure::Rate => 0.05,
        Measure::Score => 0.2,
        Measure::Days | Measure::Count => (target * 0.1).max(0.5),
    }
}

/// The state of `actual` against `target`.
pub fn judge(kpi: Kpi, actual: Option<f64>, target: Option<f64>) -> KpiState {
    let Some(actual) = actual else { return KpiState::NoData };
    let Some(target) = target else { return KpiState::NoTarget };
    let short = if kpi.higher_is_better() { target - actual } else { actual - target };
    if short <= 1e-9 {
        KpiState::Met
    } else if short <= margin(kpi, target) + 1e-9 {
        KpiState::Near
    } else {
        KpiState::Missed
    }
}

/// `PUT /api/v1/kpi/targets/{year}`: indicator → target for the whole organisation, and
/// under `departments` (by id) the same for a department. Every indicator left out has no
/// target; the body replaces the year's targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiTargetsInput {
    #[serde(default)]
    pub departments: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// e.g. `"deadline_compliance": 0.95`
    #[serde(flatten)]
    pub overall: BTreeMap<String, serde_json::Value>,
}

/// A year's targets, parsed: the organisation's, and each department's by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiTargets {
    pub overall: BTreeMap<Kpi, f64>,
    pub departments: BTreeMap<i64, BTreeMap<Kpi, f64>>,
}

impl Ord for Kpi {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let at = |k: &Kpi| Kpi::ALL.iter().position(|x| x == k);
        at(self).cmp(&at(other))
    }
}

impl PartialOrd for Kpi {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn parse_targets(
    prefix: &str,
    raw: &BTreeMap<String, serde_json::Value>,
    errs: &mut FieldErrors,
) -> BTreeMap<Kpi, f64> {
    let mut out = BTreeMap::new();
    for (key, value) in raw {
        let field = format!("{prefix}{key}");
        let Some(kpi) = errs.take(&field, key.parse::<Kpi>()) else { continue };
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Number(n) => {
                if let Some(v) =
                    errs.take(&field, n.as_f64().ok_or(FieldError::TargetOutOfRange).and_then(|v| kpi.check(v)))
                {
                    out.insert(kpi, v);
                }
            }
            _ => errs.add(&field, FieldError::NotANumber),
        }
    }
    out
}

impl KpiTargetsInput {
    /// Every indicator known and every target a number in its range; departments by id.
    pub fn validate(&self) -> Result<KpiTargets, FieldErrors> {
        let mut errs = FieldErrors::default();
        let overall = parse_targets("", &self.overall, &mut errs);
        let mut departments = BTreeMap::new();
        for (id, raw) in &self.departments {
            let prefix = format!("departments.{id}.");
            match id.trim().parse::<i64>() {
                Ok(d) if d > 0 => {
                    let t = parse_targets(&prefix, raw, &mut errs);
                    if !t.is_empty() {
                        departments.insert(d, t);
                    }
                }
                _ => errs.add(&format!("departments.{id}"), FieldError::UnknownDepartment),
            }
        }
        if errs.is_empty() { Ok(KpiTargets { overall, departments }) } else { Err(errs) }
    }
}

/// The years targets may be set for and figures asked of.
pub const KPI_FIRST_YEAR: i32 = 2000;

/// The year asked for (`?year=`), or this one; refused outside 2000 to next year.
pub fn parse_year(raw: Option<&str>, this_year: i32) -> Result<i32, FieldErrors> {
    let mut errs = FieldErrors::default();
    let year = match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => return Ok(this_year),
        Some(s) => s.parse::<i32>().ok(),
    };
    match year {
        Some(y) if (KPI_FIRST_YEAR..=this_year + 1).contains(&y) => Ok(y),
        _ => {
            errs.add("year", FieldError::YearOutOfRange { first: KPI_FIRST_YEAR, last: this_year + 1 });
            Err(errs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_survey_item_has_its_satisfaction_indicator() {
        for item in crate::SURVEY_ITEMS {
            let kpi = Kpi::of_survey_item(item.id).unwrap_or_else(|| panic!("{}", item.id));
            assert_eq!(kpi.survey_item(), Some(item.id));
            assert_eq!(kpi.measure(), Measure::Score);
        }
        assert_eq!(Kpi::DeadlineCompliance.survey_item(), None);
    }

    #[test]
    fn a_figure_is_met_near_or_missed_in_the_direction_that_is_better() {
        use KpiState::*;
        let k = Kpi::DeadlineCompliance;
        assert_eq!(judge(k, Some(0.96), Some(0.95)), Met);
        assert_eq!(judge(k, Some(0.95), Some(0.95)), Met);
        assert_eq!(judge(k, Some(0.91), Some(0.95)), Near);
        assert_eq!(judge(k, Some(0.89), Some(0.95)), Missed);
        assert_eq!(judge(k, None, Some(0.95)), NoData);
        assert_eq!(judge(k, Some(0.5), None), NoTarget);
        // Fewer days is better.
        let d = Kpi::MeanHandlingDays;
        assert_eq!(judge(d, Some(2.0), Some(3.0)), Met);
        assert_eq!(judge(d, Some(3.3), Some(3.0)), Near);
        assert_eq!(judge(d, Some(4.0), Some(3.0)), Missed);
        assert_eq!(judge(Kpi::SatisfactionOverall, Some(4.15), Some(4.3)), Near);
        for s in [Met, Near, Missed, NoTarget, NoData] {
            assert!(!s.ko().is_empty() && !s.en().is_empty());
        }
        let shapes: Vec<&str> = [Met, Near, Missed].iter().map(|s| s.symbol()).collect();
        assert_eq!(shapes, ["●", "◐", "○"], "a shape for each judged state, all different");
    }

    #[test]
    fn targets_are_known_indicators_with_numbers_in_range() {
        let input: KpiTargetsInput = serde_json::from_value(json!({
            "deadline_compliance": 0.95, "satisfaction_overall": 4.3, "praise_count": 40,
            "departments": {"3": {"mean_handling_days": 2.5}}
        }))
        .unwrap();
        let t = input.validate().unwrap();
        assert_eq!(t.overall[&Kpi::DeadlineCompliance], 0.95);
        assert_eq!(t.departments[&3][&Kpi::MeanHandlingDays], 2.5);

        let bad: KpiTargetsInput = serde_json::from_value(json!({
            "deadline_compliance": 95, "speed": 1, "satisfaction_overall": "high", "praise_count": 2.5,
            "departments": {"x": {}, "3": {"repeat_rate": -0.1}}
        }))
        .unwrap();
        let errs = bad.validate().unwrap_err();
        assert_eq!(errs.get("deadline_compliance").unwrap().code, "target_out_of_range");
        assert_eq!(errs.get("speed").unwrap().code, "unknown_kpi");
        assert_eq!(errs.get("satisfaction_overall").unwrap().code, "not_a_number");
        assert_eq!(errs.get("praise_count").unwrap().code, "target_out_of_range");
        assert_eq!(errs.get("departments.x").unwrap().code, "unknown_department");
        assert_eq!(errs.get("departments.3.repeat_rate").unwrap().code, "target_out_of_range");
    }

    #[test]
    fn the_year_is_this_one_unless_asked_and_never_far_off() {
        assert_eq!(parse_year(None, 2026), Ok(2026));
        assert_eq!(parse_year(Some(" 2025 "), 2026), Ok(2025));
        assert_eq!(parse_year(Some("2027"), 2026), Ok(2027));
        for bad in ["1999", "2028", "twenty", "2026.5"] {
            assert_eq!(parse_year(Some(bad), 2026).unwrap_err().get("year").unwrap().code, "year_out_of_range");
        }
    }

    #[test]
    fn figures_read_in_their_unit() {
        assert_eq!(Kpi::DeadlineCompliance.format(0.9512), "95.1 %");
        assert_eq!(Kpi::MeanHandlingDays.format(2.44), "2.4일");
        assert_eq!(Kpi::SatisfactionOverall.format(4.2), "4.20점");
        assert_eq!(Kpi::PraiseCount.format(12.0), "12건");
    }
}
