//! The complaint procedure as the public reads it (`/procedure`): how long each kind may take,
//! when the clock runs, how a period is extended, and how a result is appealed. The page is
//! generated from the live deadline policies and business hours together with the rules
//! below, so it says what the system does, never what a leaflet once said.

use serde::{Deserialize, Serialize};

use crate::business_time::{BusinessHours, PeriodUnit};
use crate::notice::Lang;
use crate::policy::DeadlinePolicy;
use crate::{APPEAL_DAYS, FOLLOW_UP_BUSINESS_DAYS, MAX_EXTENSIONS, SUPPLEMENT_MAX_DAYS};
use crate::{SURVEY_VALID_DAYS, VocKind};

/// The fixed rules of the procedure that the public page states beside the policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureRules {
    /// Days after the result notice within which an appeal may be made (민원처리법 제35조).
    pub appeal_days: i64,
    /// Extensions a case may have: one, and one more only with the complainant's consent.
    pub max_extensions: u32,
    /// The longest time, in days, a complainant may be given to supplement a request.
    pub supplement_max_days: i64,
    /// Days after closure during which the satisfaction survey may be answered.
    pub survey_days: i64,
    /// A survey score at or below this opens a follow-up by the VOC office (a setting; 0:
    /// none).
    pub follow_up_at_most: u8,
    /// Business days the VOC office has to follow a dissatisfied answer up.
    pub follow_up_business_days: u32,
}

impl ProcedureRules {
    /// The rules this build applies, with the installation's follow-up setting.
    pub const fn with_follow_up_at_most(follow_up_at_most: u8) -> Self {
        Self {
            appeal_days: APPEAL_DAYS,
            max_extensions: MAX_EXTENSIONS,
            supplement_max_days: SUPPLEMENT_MAX_DAYS,
            survey_days: SURVEY_VALID_DAYS,
            follow_up_at_most,
            follow_up_business_days: FOLLOW_UP_BUSINESS_DAYS,
        }
    }
}

/// The kinds the procedure lists, in the order a visitor meets them: the filed kinds, then
/// the appeal, which is made from a result. A kind without a policy is left out.
pub fn procedure_kinds(policies: &[DeadlinePolicy]) -> Vec<DeadlinePolicy> {
    VocKind::ALL.iter().filter_map(|k| policies.iter().find(|p| p.kind == *k).copied()).collect()
}

/// How long a kind may take, as a sentence fragment: "2근무일 이내", "Within 2 working days".
pub fn period_phrase(policy: &DeadlinePolicy, lang: Lang) -> String {
    let n = policy.business_days;
    let s = if n == 1 { "" } else { "s" };
    let (ko, en) = match policy.period_unit {
        PeriodUnit::Immediate => ("즉시 (3근무시간 이내)".to_owned(), "At once (within 3 working hours)".to_owned()),
        PeriodUnit::WorkingHours | PeriodUnit::WorkingDays => {
            (format!("{n}근무일 이내"), format!("Within {n} working day{s}"))
        }
        PeriodUnit::Weeks => (format!("{n}주 이내"), format!("Within {n} week{s}")),
        PeriodUnit::Months => (format!("{n}개월 이내"), format!("Within {n} month{s}")),
    };
    lang.pick(&ko, &en).to_owned()
}

/// How a period is counted, in plain words (민원처리법 시행령 제19조).
pub fn counting_phrase(unit: PeriodUnit, lang: Lang) -> &'static str {
    match unit {
        PeriodUnit::Immediate => {
            lang.pick("접수한 때부터 근무시간으로 셉니다.", "Counted in working hours from receipt.")
        }
        PeriodUnit::WorkingHours => lang.pick(
            "근무시간으로 셉니다 (근무일 하루 = 근무시간 하루치).",
            "Counted in working hours (a working day is one day's hours).",
        ),
        PeriodUnit::WorkingDays => lang.pick(
            "근무일로 셉니다. 접수한 날을 첫날로 칩니다.",
            "Counted in working days, the day of receipt being the first.",
        ),
        PeriodUnit::Weeks | PeriodUnit::Months => lang.pick(
            "달력으로 셉니다. 접수한 날을 첫날로 칩니다.",
            "Counted by the calendar, the day of receipt being the first.",
        ),
    }
}

/// Whether staff may answer the kind on the spot, and when the interim (delay) notice is due.
pub fn handling_phrase(policy: &DeadlinePolicy, lang: Lang) -> String {
    let spot = if policy.needs_confirmation {
        ""
    } else {
        lang.pick("접수 직원이 바로 답변할 수 있습니다. ", "Staff may answer it on the spot. ")
    };
    let d = policy.interim_notice_days;
    let s = if d == 1 { "" } else { "s" };
    let interim = if d == 0 {
        lang.pick(
            "기한 안에 끝나지 않으면 그 사유와 예정일을 알려 드립니다.",
            "If it cannot be finished in time, you are told why and by when.",
        )
        .to_owned()
    } else {
        lang.pick(
            &format!("접수 후 {d}근무일이 지나도 끝나지 않으면 진행 상황을 알려 드립니다."),
            &format!("If it is not finished {d} working day{s} after receipt, you are told how it stands."),
        )
        .to_owned()
    };
    format!("{spot}{interim}")
}

/// Seconds from midnight as `HH:MM`.
fn clock(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// The business hours in which periods run: "평일 09:00–18:00 (12:00–13:00 제외)".
pub fn hours_phrase(hours: BusinessHours, lang: Lang) -> String {
    let (open, close) = (clock(hours.open), clock(hours.close));
    let days = lang.pick("평일", "Weekdays");
    if hours.break_start < hours.break_end {
        let (b, e) = (clock(hours.break_start), clock(hours.break_end));
        lang.pick(&format!("{days} {open}–{close} ({b}–{e} 제외)"), &format!("{days} {open}–{close} (except {b}–{e})"))
            .to_owned()
    } else {
        format!("{days} {open}–{close}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(kind: VocKind, days: u32, unit: PeriodUnit) -> DeadlinePolicy {
        DeadlinePolicy { business_days: days, period_unit: unit, ..DeadlinePolicy::default_for(kind) }
    }

    #[test]
    fn a_period_reads_in_its_unit_in_both_languages() {
        let two = policy(VocKind::Complaint, 2, PeriodUnit::WorkingHours);
        assert_eq!(period_phrase(&two, Lang::Ko), "2근무일 이내");
        assert_eq!(period_phrase(&two, Lang::En), "Within 2 working days");
        let one = policy(VocKind::Inquiry, 1, PeriodUnit::WorkingDays);
        assert_eq!(period_phrase(&one, Lang::En), "Within 1 working day");
        assert_eq!(period_phrase(&policy(VocKind::Grievance, 3, PeriodUnit::Weeks), Lang::Ko), "3주 이내");
        assert_eq!(period_phrase(&policy(VocKind::Grievance, 1, PeriodUnit::Months), Lang::En), "Within 1 month");
        assert_eq!(
            period_phrase(&policy(VocKind::Urgent, 1, PeriodUnit::Immediate), Lang::Ko),
            "즉시 (3근무시간 이내)"
        );
    }

    #[test]
    fn on_the_spot_answers_and_the_interim_notice_follow_the_policy() {
        let inquiry = DeadlinePolicy::default_for(VocKind::Inquiry);
        assert!(handling_phrase(&inquiry, Lang::Ko).starts_with("접수 직원이 바로 답변할 수 있습니다."));
        assert!(handling_phrase(&inquiry, Lang::Ko).contains("접수 후 1근무일이"));
        let complaint = DeadlinePolicy { interim_notice_days: 0, ..DeadlinePolicy::default_for(VocKind::Complaint) };
        assert_eq!(
            handling_phrase(&complaint, Lang::En),
            "If it cannot be finished in time, you are told why and by when."
        );
    }

    #[test]
    fn the_hours_read_as_a_clock() {
        assert_eq!(hours_phrase(BusinessHours::default(), Lang::Ko), "평일 09:00–18:00 (12:00–13:00 제외)");
        let no_lunch = BusinessHours::new(8 * 3600 + 1800, 12 * 3600, 12 * 3600, 17 * 3600 + 1800).unwrap();
        assert_eq!(hours_phrase(no_lunch, Lang::En), "Weekdays 08:30–17:30");
    }

    #[test]
    fn the_kinds_come_in_filing_order_with_the_appeal_last() {
        let mut policies: Vec<_> = VocKind::ALL.into_iter().rev().map(DeadlinePolicy::default_for).collect();
        policies.retain(|p| p.kind != VocKind::Praise);
        let kinds: Vec<_> = procedure_kinds(&policies).into_iter().map(|p| p.kind).collect();
        assert_eq!(kinds.first(), Some(&VocKind::Inquiry));
        assert_eq!(kinds.last(), Some(&VocKind::Appeal));
        assert!(!kinds.contains(&VocKind::Praise));
        assert_eq!(kinds.len(), 7);
    }
}
