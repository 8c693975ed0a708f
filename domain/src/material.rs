//! Material requests: a handler asks another department for facts or documents the answer
//! needs, by a due date (the next business day unless the requester names one).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

/// Longest question or reply, in characters.
pub const MATERIAL_MAX: usize = 2000;

/// `POST /api/v1/cases/{id}/materials` as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialInput {
    /// A department id or code.
    pub department: serde_json::Value,
    #[serde(default)]
    pub question: String,
    /// `YYYY-MM-DD`; empty means the next business day.
    #[serde(default)]
    pub due_date: Option<String>,
}

/// A checked request, the department still to be looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMaterial {
    pub question: String,
    pub due_date: Option<NaiveDate>,
}

impl MaterialInput {
    /// Checks the question and the date against `today` (Seoul). The department is the
    /// server's to resolve; an empty one is refused here.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidMaterial, FieldErrors> {
        let mut errs = FieldErrors::default();
        let empty = match &self.department {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            errs.add("department", FieldError::Required);
        }
        let question = errs.take("question", reply_text(&self.question));
        let due_date = match self.due_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => {
                    errs.add("due_date", FieldError::InvalidDate);
                    None
                }
                Ok(d) if d < today => {
                    errs.add("due_date", FieldError::DateInPast);
                    None
                }
                Ok(d) => Some(d),
            },
        };
        match question {
            Some(question) if errs.is_empty() => Ok(ValidMaterial { question, due_date }),
            _ => Err(errs),
        }
    }
}

/// A question or reply: required, at most [`MATERIAL_MAX`] characters, trimmed.
pub fn reply_text(v: &str) -> Result<String, FieldError> {
    let t = v.trim();
    if t.is_empty() {
        Err(FieldError::Required)
    } else if t.chars().count() > MATERIAL_MAX {
        Err(FieldError::TooLong { max: MATERIAL_MAX })
    } else {
        Ok(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_request_needs_a_department_and_a_question_and_a_date_not_past() {
        let input = MaterialInput {
            department: serde_json::Value::String(" ".into()),
            question: "  ".into(),
            due_date: Some("2026-11-22".into()),
        };
        let errs = input.validate(today()).unwrap_err();
        let codes: Vec<(&str, &str)> = errs.0.iter().map(|(f, e)| (f.as_str(), e.code.as_str())).collect();
        assert_eq!(codes, [("department", "required"), ("due_date", "date_in_past"), ("question", "required")]);
        let bad_date = MaterialInput { due_date: Some("23/11/2026".into()), ..input.clone() };
        assert_eq!(bad_date.validate(today()).unwrap_err().get("due_date").unwrap().code, "invalid_date");
    }

    #[test]
    fn a_good_request_keeps_its_trimmed_question_and_date() {
        let input = MaterialInput {
            department: serde_json::json!(4),
            question: " 판매 영수증 사본을 보내 주세요 ".into(),
            due_date: Some("2026-11-23".into()),
        };
        assert_eq!(
            input.validate(today()),
            Ok(ValidMaterial {
                question: "판매 영수증 사본을 보내 주세요".into(), due_date: Some(today())
            })
        );
        let long = MaterialInput { question: "가".repeat(MATERIAL_MAX + 1), due_date: None, ..input };
        assert!(long.validate(today()).is_err());
    }
}
