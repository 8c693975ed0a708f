use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

/// One item of the QPSI satisfaction survey (KGS ch. 5 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyItem {
    pub id: &'static str,
    pub ko: &'static str,
    pub en: &'static str,
}

/// The seven items, each scored 1–5.
pub const SURVEY_ITEMS: [SurveyItem; 7] = [
    SurveyItem { id: "ease", ko: "불만접수 용이성", en: "Ease of filing" },
    SurveyItem { id: "interim_notice", ko: "중간경과 안내", en: "Interim progress notice" },
    SurveyItem { id: "proactiveness", ko: "업무처리 적극성", en: "Proactive handling" },
    SurveyItem { id: "courtesy", ko: "고객응대 친절성", en: "Courtesy" },
    SurveyItem { id: "timeliness", ko: "불만처리 기일", en: "Processing time" },
    SurveyItem { id: "result", ko: "처리결과 만족도", en: "Satisfaction with the result" },
    SurveyItem { id: "overall", ko: "전반적 만족도", en: "Overall satisfaction" },
];

const MAX_COMMENT: usize = 2000;
/// How long a survey invitation stays open, in days, unless configured otherwise.
pub const SURVEY_VALID_DAYS: i64 = 14;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInput {
    #[serde(default)]
    pub answers: BTreeMap<String, i64>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A complete survey response: a score 1–5 for every item, in [`SURVEY_ITEMS`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidSurvey {
    pub scores: Vec<(String, u8)>,
    pub comment: Option<String>,
}

impl SurveyInput {
    pub fn validate(&self) -> Result<ValidSurvey, FieldErrors> {
        let mut errs = FieldErrors::default();
        for id in self.answers.keys() {
            if !SURVEY_ITEMS.iter().any(|i| i.id == id) {
                errs.add(&format!("answers.{id}"), FieldError::UnknownItem);
            }
        }
        let mut scores = Vec::with_capacity(SURVEY_ITEMS.len());
        for item in SURVEY_ITEMS {
            match self.answers.get(item.id) {
                None => errs.add(&format!("answers.{}", item.id), FieldError::Required),
                Some(v @ 1..=5) => scores.push((item.id.to_owned(), *v as u8)),
                Some(_) => errs.add(&format!("answers.{}", item.id), FieldError::ScoreOutOfRange),
            }
        }
        let comment = self.comment.as_deref().map(str::trim).filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT) {
            errs.add("comment", FieldError::TooLong { max: MAX_COMMENT });
        }
        if errs.is_empty() { Ok(ValidSurvey { scores, comment: comment.map(str::to_owned) }) } else { Err(errs) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(score: i64) -> SurveyInput {
        SurveyInput {
            answers: SURVEY_ITEMS.iter().map(|i| (i.id.to_owned(), score)).collect(),
            comment: Some("  친절했습니다  ".into()),
        }
    }

    #[test]
    fn a_full_response_is_valid_in_item_order() {
        let v = full(4).validate().unwrap();
        assert_eq!(v.scores.len(), 7);
        assert_eq!(v.scores[0], ("ease".to_owned(), 4));
        assert_eq!(v.scores[6], ("overall".to_owned(), 4));
        assert_eq!(v.comment.as_deref(), Some("친절했습니다"));
    }

    #[test]
    fn missing_unknown_and_out_of_range_scores_are_named() {
        let mut s = full(0);
        s.answers.remove("courtesy");
        s.answers.insert("colour".into(), 3);
        let errs = s.validate().unwrap_err();
        assert_eq!(errs.get("answers.courtesy").unwrap().code, "required");
        assert_eq!(errs.get("answers.colour").unwrap().code, "unknown_item");
        assert_eq!(errs.get("answers.ease").unwrap().code, "score_out_of_range");
        assert!(full(6).validate().is_err());
        assert!(full(1).validate().is_ok() && full(5).validate().is_ok());
    }
}
