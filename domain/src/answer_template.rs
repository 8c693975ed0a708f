//! Answer templates (답변 서식): administrators keep a result, basis and appeal text per kind
//! and category, with variables filled from the case (`{receipt_no}`, `{name}`, …); the draft
//! and direct answer forms offer the ones that fit the case. An unknown variable is refused by
//! name when the template is saved.

use serde::{Deserialize, Serialize};

use super::case::{MAX_TEXT, bounded_text};
use super::{FieldErrors, VocKind, check_variables};

/// The variables an answer template may use, each filled from the case.
pub const ANSWER_VARIABLES: [&str; 8] =
    ["receipt_no", "name", "kind", "facility", "category", "department", "received_date", "today"];

/// The most characters a template's title may have.
pub const TEMPLATE_TITLE_MAX: usize = 100;

/// `POST /api/v1/answer-templates`, `PUT /api/v1/answer-templates/{id}`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerTemplateInput {
    /// The kind it is for; empty: any kind.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = VocKind, required = false))]
    pub kind: String,
    /// The category code it is for; empty: any category.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 100))]
    pub title: String,
    /// 처리결과, with `{variables}`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 2, max_length = 4000))]
    pub result: String,
    /// 처리근거.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 2, max_length = 4000))]
    pub basis: String,
    /// 이의신청 방법.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 2, max_length = 4000))]
    pub appeal: String,
}

/// A template that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAnswerTemplate {
    pub kind: Option<VocKind>,
    pub category: Option<String>,
    pub title: String,
    pub result: String,
    pub basis: String,
    pub appeal: String,
}

impl AnswerTemplateInput {
    /// Every problem at once, an unknown `{variable}` named on its field.
    pub fn validate(&self) -> Result<ValidAnswerTemplate, FieldErrors> {
        let mut errs = FieldErrors::default();
        let kind = match self.kind.trim() {
            "" => None,
            k => errs.take("kind", k.parse::<VocKind>()),
        };
        let category = match self.category.trim() {
            "" => None,
            c => errs.take("category", bounded_text(c, 1, 64)),
        };
        let title = errs.take("title", bounded_text(&self.title, 1, TEMPLATE_TITLE_MAX));
        let mut text = |field: &str, value: &str| {
            let t = errs.take(field, bounded_text(value, 2, MAX_TEXT))?;
            errs.take(field, check_variables(&t, &ANSWER_VARIABLES).map(|()| t))
        };
        let (result, basis, appeal) =
            (text("result", &self.result), text("basis", &self.basis), text("appeal", &self.appeal));
        match (title, result, basis, appeal) {
            (Some(title), Some(result), Some(basis), Some(appeal)) if errs.is_empty() => {
                Ok(ValidAnswerTemplate { kind, category, title, result, basis, appeal })
            }
            _ => Err(errs),
        }
    }
}

impl ValidAnswerTemplate {
    /// Whether it is offered for a case of `kind` and `category`: each of its own is either
    /// unset (any) or the case's.
    pub fn fits(
        kind: Option<VocKind>,
        category: Option<&str>,
        case_kind: VocKind,
        case_category: Option<&str>,
    ) -> bool {
        kind.is_none_or(|k| k == case_kind) && category.is_none_or(|c| Some(c) == case_category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(result: &str) -> AnswerTemplateInput {
        AnswerTemplateInput {
            kind: "complaint".into(),
            category: String::new(),
            title: "시설 고장 처리".into(),
            result: result.into(),
            basis: "시설 관리 규정 제5조".into(),
            appeal: "결과를 받은 날부터 90일 이내에 이의신청할 수 있습니다.".into(),
        }
    }

    #[test]
    fn a_template_names_only_known_variables() {
        let v = input("{name}님, 접수번호 {receipt_no}의 {facility} 고장을 수리했습니다.").validate().unwrap();
        assert_eq!((v.kind, v.category.as_deref()), (Some(VocKind::Complaint), None));
        let errs = input("{name}님, {password} 확인").validate().unwrap_err();
        assert_eq!(errs.codes(), [("result", "unknown_variable")]);
        assert!(errs.get("result").unwrap().ko.contains("{password}"));
        let errs =
            AnswerTemplateInput { kind: "rant".into(), title: " ".into(), ..input("{name") }.validate().unwrap_err();
        assert_eq!(errs.codes(), [("kind", "unknown_kind"), ("result", "unclosed_variable"), ("title", "required")]);
    }

    #[test]
    fn a_template_fits_its_kind_and_category_or_any() {
        use VocKind::{Complaint, Inquiry};
        assert!(ValidAnswerTemplate::fits(None, None, Inquiry, Some("lpg")));
        assert!(ValidAnswerTemplate::fits(Some(Complaint), None, Complaint, None));
        assert!(!ValidAnswerTemplate::fits(Some(Complaint), None, Inquiry, None));
        assert!(ValidAnswerTemplate::fits(Some(Complaint), Some("lpg"), Complaint, Some("lpg")));
        assert!(!ValidAnswerTemplate::fits(None, Some("lpg"), Complaint, None));
    }
}
