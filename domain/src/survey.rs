use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
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

/// The catalogue's item of an id.
pub fn survey_item(id: &str) -> Option<SurveyItem> {
    SURVEY_ITEMS.into_iter().find(|i| i.id == id)
}

const MAX_COMMENT: usize = 2000;
/// How long a survey invitation stays open, in days, unless configured otherwise.
pub const SURVEY_VALID_DAYS: i64 = 14;

/// A response scoring overall or result satisfaction at most this opens a follow-up (추가
/// 답변) unless configured otherwise (`VOC_SURVEY_FOLLOW_UP_AT_MOST`; 0 opens none).
pub const FOLLOW_UP_AT_MOST: u8 = 2;
/// Business days the VOC manager has to follow a dissatisfied response up.
pub const FOLLOW_UP_BUSINESS_DAYS: u32 = 3;
/// The items whose score decides whether a response is dissatisfied.
pub const FOLLOW_UP_ITEMS: [&str; 2] = ["overall", "result"];
const MAX_FOLLOW_UP_NOTE: usize = 2000;

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
    /// A score 1–5 for each of `items` (the survey as the organisation asks it), and no other.
    pub fn validate(&self, items: &[SurveyItem]) -> Result<ValidSurvey, FieldErrors> {
        let mut errs = FieldErrors::default();
        for id in self.answers.keys() {
            if !items.iter().any(|i| i.id == id) {
                errs.add(&format!("answers.{id}"), FieldError::UnknownItem);
            }
        }
        let mut scores = Vec::with_capacity(items.len());
        for item in items {
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

impl ValidSurvey {
    /// The score given to one item.
    pub fn score(&self, item: &str) -> Option<u8> {
        self.scores.iter().find(|(i, _)| i == item).map(|(_, s)| *s)
    }

    /// Whether overall or result satisfaction is at most `at_most` (0: never).
    pub fn dissatisfied(&self, at_most: u8) -> bool {
        FOLLOW_UP_ITEMS.iter().any(|i| self.score(i).is_some_and(|s| s <= at_most))
    }
}

labelled! {
    /// How the VOC manager reached (or tried to reach) a dissatisfied complainant.
    FollowUpContact / UnknownFollowUpContact {
        Called => "called", "전화 통화", "Phone call";
        Visited => "visited", "방문·면담", "Visit or meeting";
        Wrote => "wrote", "서면·문자·전자우편 답변", "Written answer (letter, text, e-mail)";
        Unreachable => "unreachable", "연락되지 않음", "Could not be reached";
    }
}

/// `POST /api/v1/survey-follow-ups/{id}/done` `{contact, note, reopen}`: what the VOC manager
/// did about a dissatisfied response (추가 답변). `reopen` sends the case back for
/// re-investigation in the same step, with the note as its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyFollowUpInput {
    /// A [`FollowUpContact`] code.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reopen: bool,
}

/// A follow-up's record, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFollowUp {
    pub contact: FollowUpContact,
    pub note: String,
    pub reopen: bool,
}

impl SurveyFollowUpInput {
    pub fn validate(&self) -> Result<ValidFollowUp, FieldErrors> {
        let mut errs = FieldErrors::default();
        let contact = errs.take("contact", self.contact.parse::<FollowUpContact>());
        let note = self.note.trim();
        if note.is_empty() {
            errs.add("note", FieldError::Required);
        } else if note.chars().count() > MAX_FOLLOW_UP_NOTE {
            errs.add("note", FieldError::TooLong { max: MAX_FOLLOW_UP_NOTE });
        }
        match contact {
            Some(contact) if errs.is_empty() => {
                Ok(ValidFollowUp { contact, note: note.to_owned(), reopen: self.reopen })
            }
            _ => Err(errs),
        }
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
        let v = full(4).validate(&SURVEY_ITEMS).unwrap();
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
        let errs = s.validate(&SURVEY_ITEMS).unwrap_err();
        assert_eq!(errs.get("answers.courtesy").unwrap().code, "required");
        assert_eq!(errs.get("answers.colour").unwrap().code, "unknown_item");
        assert_eq!(errs.get("answers.ease").unwrap().code, "score_out_of_range");
        assert!(full(6).validate(&SURVEY_ITEMS).is_err());
        assert!(full(1).validate(&SURVEY_ITEMS).is_ok() && full(5).validate(&SURVEY_ITEMS).is_ok());
    }

    #[test]
    fn the_survey_asks_the_items_it_is_set_to_ask() {
        // The six QPSI items of KGS: no "result" is asked, so none may be given.
        let six: Vec<SurveyItem> = SURVEY_ITEMS.into_iter().filter(|i| i.id != "result").collect();
        let errs = full(4).validate(&six).unwrap_err();
        assert_eq!(errs.get("answers.result").unwrap().code, "unknown_item");
        let mut s = full(4);
        s.answers.remove("result");
        let v = s.validate(&six).unwrap();
        assert_eq!(v.scores.len(), 6);
        assert_eq!(v.score("result"), None);
        s.answers.insert("overall".into(), 1);
        assert!(s.validate(&six).unwrap().dissatisfied(2), "overall alone decides");
        assert_eq!(survey_item("courtesy").map(|i| i.ko), Some("고객응대 친절성"));
        assert_eq!(survey_item("colour"), None);
    }

    #[test]
    fn a_low_overall_or_result_score_is_dissatisfied() {
        let mut s = full(4);
        s.answers.insert("result".into(), 2);
        let v = s.validate(&SURVEY_ITEMS).unwrap();
        assert!(v.dissatisfied(2));
        assert!(!v.dissatisfied(1));
        assert!(!v.dissatisfied(0), "0 opens none");
        // A low score on another item alone is not dissatisfaction with the answer.
        let mut s = full(5);
        s.answers.insert("courtesy".into(), 1);
        assert!(!s.validate(&SURVEY_ITEMS).unwrap().dissatisfied(2));
        let mut s = full(5);
        s.answers.insert("overall".into(), 1);
        assert!(s.validate(&SURVEY_ITEMS).unwrap().dissatisfied(2));
    }

    #[test]
    fn a_follow_up_names_how_the_complainant_was_reached_and_what_was_done() {
        let ok = SurveyFollowUpInput { contact: "called".into(), note: " 설명드림 ".into(), reopen: true };
        let v = ok.validate().unwrap();
        assert_eq!((v.contact, v.note.as_str(), v.reopen), (FollowUpContact::Called, "설명드림", true));
        let errs =
            SurveyFollowUpInput { contact: "fax".into(), note: "  ".into(), reopen: false }.validate().unwrap_err();
        assert_eq!(errs.get("contact").unwrap().code, "unknown_follow_up_contact");
        assert_eq!(errs.get("note").unwrap().code, "required");
        let long = SurveyFollowUpInput { contact: "wrote".into(), note: "가".repeat(2001), reopen: false };
        assert_eq!(long.validate().unwrap_err().get("note").unwrap().code, "too_long");
    }
}
