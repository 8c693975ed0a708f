//! Appeals (이의신청, 민원처리법 제35조): within 90 days of a result that was not fully
//! accepted (불수용, 일부수용), the complainant appeals from the tracking page with reasons. The
//! appeal is a case of its own kind linked to the original, decided within 10 days (the
//! kind's policy), extendable once like any period.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Decision, FieldErrors};

/// Days after the result within which an appeal may be made.
pub const APPEAL_DAYS: i64 = 90;

/// `POST /api/v1/cases/{receipt_no}/appeal?token=`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealInput {
    /// Why the result should change (10–2000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 10, max_length = 2000))]
    pub reasons: String,
}

impl AppealInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errs = FieldErrors::default();
        match errs.take("reasons", crate::case::bounded_text(&self.reasons, 10, 2000)) {
            Some(r) => Ok(r),
            None => Err(errs),
        }
    }
}

/// Why a case cannot be appealed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealRefusal {
    /// No result to appeal, or it was fully accepted.
    NothingToAppeal,
    /// The 90 days after the result have passed.
    TooLate { last_day: NaiveDate },
    /// An appeal was made already.
    AlreadyAppealed,
}

/// Whether a case with this result (its decision and the day the result went out) may be
/// appealed on `today`; the last day it may be, if so.
pub fn appeal_window(
    result: Option<(Decision, NaiveDate)>,
    already: bool,
    today: NaiveDate,
) -> Result<NaiveDate, AppealRefusal> {
    let Some((_, day)) = result.filter(|(d, _)| *d != Decision::Accepted) else {
        return Err(AppealRefusal::NothingToAppeal);
    };
    if already {
        return Err(AppealRefusal::AlreadyAppealed);
    }
    let last_day = day + Duration::days(APPEAL_DAYS);
    if today > last_day { Err(AppealRefusal::TooLate { last_day }) } else { Ok(last_day) }
}

/// What the appeal case says: the original it contests and the complainant's reasons.
pub fn appeal_content(original: &str, reasons: &str) -> String {
    format!("[이의신청] 원 민원 {original}의 처리 결과에 대한 이의신청\n\n{reasons}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_result_not_fully_accepted_may_be_appealed_once_within_ninety_days() {
        let answered = Some((Decision::NotAccepted, day("2026-11-23")));
        assert_eq!(appeal_window(answered, false, day("2026-11-23")), Ok(day("2027-02-21")));
        assert_eq!(appeal_window(answered, false, day("2027-02-21")), Ok(day("2027-02-21")));
        assert_eq!(
            appeal_window(answered, false, day("2027-02-22")),
            Err(AppealRefusal::TooLate { last_day: day("2027-02-21") })
        );
        assert_eq!(appeal_window(answered, true, day("2026-11-24")), Err(AppealRefusal::AlreadyAppealed));
        let partly = Some((Decision::PartlyAccepted, day("2026-11-23")));
        assert!(appeal_window(partly, false, day("2026-11-24")).is_ok());
        let accepted = Some((Decision::Accepted, day("2026-11-23")));
        assert_eq!(appeal_window(accepted, false, day("2026-11-24")), Err(AppealRefusal::NothingToAppeal));
        assert_eq!(appeal_window(None, false, day("2026-11-24")), Err(AppealRefusal::NothingToAppeal));
    }

    #[test]
    fn an_appeal_gives_reasons() {
        assert_eq!(
            AppealInput { reasons: "부당".into() }.validate().unwrap_err().get("reasons").unwrap().code,
            "too_short"
        );
        let r = AppealInput { reasons: " 환불 규정을 잘못 적용했습니다. ".into() }.validate().unwrap();
        assert!(appeal_content("VOC-2026-000001", &r).contains("VOC-2026-000001"));
    }
}
