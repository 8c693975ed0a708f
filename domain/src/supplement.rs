//! Supplement requests (보완 요구, 민원처리법 제22조, 시행령 제24–25조): the handler asks the
//! complainant for something the case lacks, by a due day. The clock stands still from the
//! request until the answer (a pause whose reason is the supplement); the complainant answers
//! on the tracking page with text and files as at filing; if the day passes unanswered the
//! case may be returned (반려) with notice.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

/// `closure_reason` of a case returned because the asked supplement never came.
pub const RETURNED: &str = "returned";

/// The furthest a supplement's due day may lie, in calendar days from today.
pub const SUPPLEMENT_MAX_DAYS: i64 = 30;

/// `POST /api/v1/cases/{id}/supplement`: what the complainant is asked for, and by when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementInput {
    /// What is missing and what to send (5–1000 characters); the complainant reads it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 5, max_length = 1000))]
    pub request: String,
    /// The last day to answer, `YYYY-MM-DD`: today up to 30 days ahead.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub due_date: String,
}

impl SupplementInput {
    /// The request, trimmed, and its due day, checked against `today` (Seoul).
    pub fn validate(&self, today: NaiveDate) -> Result<(String, NaiveDate), FieldErrors> {
        let mut errs = FieldErrors::default();
        let request = errs.take("request", crate::case::bounded_text(&self.request, 5, 1000));
        let due = match self.due_date.trim() {
            "" => Err(FieldError::Required),
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => Err(FieldError::InvalidDate),
                Ok(day) if day < today => Err(FieldError::DateInPast),
                Ok(day) if day > today + Duration::days(SUPPLEMENT_MAX_DAYS) => {
                    Err(FieldError::PeriodTooLong { max_days: SUPPLEMENT_MAX_DAYS })
                }
                Ok(day) => Ok(day),
            },
        };
        let due = errs.take("due_date", due);
        match (request, due) {
            (Some(r), Some(d)) if errs.is_empty() => Ok((r, d)),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/cases/{receipt_no}/supplement?token=`: the complainant's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementAnswerInput {
    /// The answer (up to 2000 characters); may be empty when files are attached.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub text: String,
    /// Files uploaded beforehand with `POST /api/v1/uploads`, as at filing.
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// A complainant's answer that may be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSupplementAnswer {
    pub text: String,
    pub attachments: Vec<String>,
}

impl SupplementAnswerInput {
    pub fn validate(&self) -> Result<ValidSupplementAnswer, FieldErrors> {
        let mut errs = FieldErrors::default();
        let attachments = crate::case::attachment_ids(&mut errs, &self.attachments);
        let text = self.text.trim();
        if text.chars().count() > 2000 {
            errs.add("text", FieldError::TooLong { max: 2000 });
        } else if text.is_empty() && attachments.is_empty() {
            errs.add("text", FieldError::Required);
        }
        if errs.is_empty() { Ok(ValidSupplementAnswer { text: text.to_owned(), attachments }) } else { Err(errs) }
    }
}

/// Whether a request due on `due_date` is past on `today`: the whole due day is the
/// complainant's.
pub fn supplement_overdue(due_date: NaiveDate, today: NaiveDate) -> bool {
    today > due_date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_request_says_what_and_by_a_day_within_thirty_days() {
        let today = day("2026-11-27");
        let ok = SupplementInput {
            request: " 영수증 사본을 보내 주세요. ".into(), due_date: "2026-12-04".into()
        };
        assert_eq!(ok.validate(today), Ok(("영수증 사본을 보내 주세요.".into(), day("2026-12-04"))));
        let code = |r: &str, d: &str, field: &str| {
            let errs = SupplementInput { request: r.into(), due_date: d.into() }.validate(today).unwrap_err();
            errs.get(field).map(|e| e.code.to_string())
        };
        assert_eq!(code("영수증 사본", "2026-11-26", "due_date"), Some("date_in_past".to_string()));
        assert_eq!(code("영수증 사본", "2026-12-28", "due_date"), Some("period_too_long".to_string()));
        assert_eq!(code("영수증 사본", "12/04", "due_date"), Some("invalid_date".to_string()));
        assert_eq!(code("영수증 사본", "", "due_date"), Some("required".to_string()));
        assert_eq!(code("사본", "2026-12-04", "request"), Some("too_short".to_string()));
        // Today itself and the thirtieth day are allowed.
        assert!(
            SupplementInput { request: "영수증 사본".into(), due_date: "2026-11-27".into() }.validate(today).is_ok()
        );
        assert!(
            SupplementInput { request: "영수증 사본".into(), due_date: "2026-12-27".into() }.validate(today).is_ok()
        );
    }

    #[test]
    fn an_answer_is_text_or_files() {
        let empty = SupplementAnswerInput::default().validate().unwrap_err();
        assert_eq!(empty.get("text").unwrap().code, "required");
        let files = SupplementAnswerInput { text: " ".into(), attachments: vec!["a1".into(), "a1".into()] };
        assert_eq!(
            files.validate().unwrap(),
            ValidSupplementAnswer { text: String::new(), attachments: vec!["a1".into()] }
        );
        let long = SupplementAnswerInput { text: "가".repeat(2001), attachments: vec![] }.validate().unwrap_err();
        assert_eq!(long.get("text").unwrap().code, "too_long");
    }

    #[test]
    fn the_due_day_is_the_complainants_to_its_end() {
        assert!(!supplement_overdue(day("2026-12-04"), day("2026-12-04")));
        assert!(supplement_overdue(day("2026-12-04"), day("2026-12-05")));
    }
}
