//! Related, duplicate and repeated complaints (관련·중복·반복 민원), merging a duplicate into
//! its original, and the closure of a repeated complaint (민원처리법 제23조): when the same
//! matter has been filed three or more times without new grounds and answered twice or more,
//! a new filing may be closed with a notice that cites the earlier answers.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors, ReceiptNo};

/// `closure_reason` of a duplicate merged into its original.
pub const MERGED: &str = "merged";
/// `closure_reason` of a repeated complaint closed under 제23조.
pub const REPEATED: &str = "repeated";

/// Earlier filings of the same matter (this one excluded) that 제23조 asks for: with this
/// one, three or more.
pub const REPEAT_MIN_EARLIER: usize = 2;
/// Earlier answers to the same matter that 제23조 asks for.
pub const REPEAT_MIN_ANSWERS: usize = 2;

labelled! {
    /// How two cases are related.
    LinkRelation / UnknownRelation {
        Related => "related", "관련 민원", "Related";
        Duplicate => "duplicate", "중복 민원", "Duplicate";
        Repeat => "repeat", "반복 민원", "Repeated";
    }
}

/// `POST /api/v1/cases/{id}/links`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkInput {
    /// The other case's receipt number (`VOC-2026-000123`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "VOC-2026-000123"))]
    pub other: String,
    /// `related`, `duplicate` (this one repeats the other while it is open) or `repeat` (this
    /// one files again a matter the other was answered on).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = LinkRelation))]
    pub relation: String,
}

impl LinkInput {
    pub fn validate(&self) -> Result<(ReceiptNo, LinkRelation), FieldErrors> {
        let mut errs = FieldErrors::default();
        let other = errs.take("other", receipt(&self.other));
        let relation = errs.take("relation", self.relation.parse::<LinkRelation>());
        match (other, relation) {
            (Some(o), Some(r)) if errs.is_empty() => Ok((o, r)),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/cases/{id}/merge`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeInput {
    /// The original's receipt number: it goes on, this duplicate closes into it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "VOC-2026-000123"))]
    pub into: String,
}

impl MergeInput {
    pub fn validate(&self) -> Result<ReceiptNo, FieldErrors> {
        let mut errs = FieldErrors::default();
        match errs.take("into", receipt(&self.into)) {
            Some(r) => Ok(r),
            None => Err(errs),
        }
    }
}

fn receipt(s: &str) -> Result<ReceiptNo, FieldError> {
    match s.trim() {
        "" => Err(FieldError::Required),
        t => t.parse::<ReceiptNo>().map_err(|_| FieldError::ReceiptNoInvalid),
    }
}

/// An earlier filing linked to the case as the same matter (`duplicate` or `repeat`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierFiling {
    pub receipt_no: String,
    /// It was answered (an approved answer reached the complainant).
    pub answered: bool,
}

/// Why a repeated complaint may not be closed under 제23조.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRepeated {
    /// Earlier filings of the same matter linked to the case.
    pub filings: usize,
    /// Of them, answered.
    pub answers: usize,
}

/// A case's earlier filings of the same matter, each counted once, and the answered ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatStanding {
    pub filings: usize,
    /// The receipt numbers of the answered ones, in order: what a closure cites.
    pub answered: Vec<String>,
}

impl RepeatStanding {
    pub fn of(earlier: &[EarlierFiling]) -> Self {
        let filings: BTreeSet<&str> = earlier.iter().map(|e| e.receipt_no.as_str()).collect();
        let answered: BTreeSet<&str> = earlier.iter().filter(|e| e.answered).map(|e| e.receipt_no.as_str()).collect();
        Self { filings: filings.len(), answered: answered.into_iter().map(str::to_owned).collect() }
    }

    /// Enough for 제23조: the same matter three or more times, answered twice or more.
    pub fn closable(&self) -> bool {
        self.filings >= REPEAT_MIN_EARLIER && self.answered.len() >= REPEAT_MIN_ANSWERS
    }
}

/// Whether a case whose earlier filings of the same matter are `earlier` may be closed as
/// repeated: the receipt numbers of the answered ones to cite, or what is missing.
pub fn repeat_closure(earlier: &[EarlierFiling]) -> Result<Vec<String>, NotRepeated> {
    let s = RepeatStanding::of(earlier);
    if s.closable() { Ok(s.answered) } else { Err(NotRepeated { filings: s.filings, answers: s.answered.len() }) }
}

/// What the complainant reads of a case closed as repeated, citing the earlier answers.
pub fn repeated_text(cited: &[String]) -> String {
    format!(
        "같은 내용의 민원을 세 번 이상 내셨고 이미 {}에서 답변드렸습니다. 새로운 이유가 없어 \
         민원 처리에 관한 법률 제23조에 따라 종결합니다.",
        cited.join(", ")
    )
}

/// What the complainant of a merged duplicate reads.
pub fn merged_text(original: &str) -> String {
    format!("같은 내용의 민원 {original}과 함께 처리합니다. 그 민원의 처리 결과를 알려 드립니다.")
}

/// How alike two complaint texts are, 0 to 1: the overlap of their character pairs (spaces
/// and punctuation ignored), enough to warn that a new filing may repeat an earlier one.
pub fn text_similarity(a: &str, b: &str) -> f64 {
    fn pairs(s: &str) -> BTreeSet<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    }
    let (a, b) = (pairs(a), pairs(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Texts at least this alike are flagged as perhaps the same matter.
pub const SIMILAR_TEXT: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;

    fn filing(no: &str, answered: bool) -> EarlierFiling {
        EarlierFiling { receipt_no: no.into(), answered }
    }

    #[test]
    fn a_link_names_another_case_and_a_known_relation() {
        let ok = LinkInput { other: " VOC-2026-000123 ".into(), relation: "repeat".into() }.validate().unwrap();
        assert_eq!((ok.0.to_string(), ok.1), ("VOC-2026-000123".to_owned(), LinkRelation::Repeat));
        let errs = LinkInput { other: "123".into(), relation: "cousin".into() }.validate().unwrap_err();
        assert_eq!(errs.get("other").unwrap().code, "receipt_no_invalid");
        assert_eq!(errs.get("relation").unwrap().code, "unknown_relation");
        assert_eq!(MergeInput::default().validate().unwrap_err().get("into").unwrap().code, "required");
    }

    #[test]
    fn section_23_needs_three_filings_and_two_answers() {
        assert_eq!(repeat_closure(&[]), Err(NotRepeated { filings: 0, answers: 0 }));
        let one = [filing("VOC-2026-000001", true)];
        assert_eq!(repeat_closure(&one), Err(NotRepeated { filings: 1, answers: 1 }));
        let unanswered = [filing("VOC-2026-000001", true), filing("VOC-2026-000002", false)];
        assert_eq!(repeat_closure(&unanswered), Err(NotRepeated { filings: 2, answers: 1 }));
        // The same case linked twice counts once.
        let twice = [filing("VOC-2026-000001", true), filing("VOC-2026-000001", true)];
        assert_eq!(repeat_closure(&twice), Err(NotRepeated { filings: 1, answers: 1 }));
        let enough =
            [filing("VOC-2026-000002", true), filing("VOC-2026-000001", true), filing("VOC-2026-000003", false)];
        assert_eq!(repeat_closure(&enough), Ok(vec!["VOC-2026-000001".to_owned(), "VOC-2026-000002".to_owned()]));
        assert!(repeated_text(&["VOC-2026-000001".into()]).contains("제23조"));
    }

    #[test]
    fn similar_texts_are_told_apart_from_different_ones() {
        let a = "레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.";
        let b = "레일바이크 요금이 두번 결제됐어요 환불 부탁드립니다";
        let c = "주차장 화장실 휴지가 없습니다";
        assert!(text_similarity(a, b) >= SIMILAR_TEXT, "{}", text_similarity(a, b));
        assert!(text_similarity(a, c) < SIMILAR_TEXT, "{}", text_similarity(a, c));
        assert_eq!(text_similarity("", ""), 0.0);
        assert_eq!(text_similarity(a, a), 1.0);
    }
}
