//! Contacts staff make with the complainant (민원인 연락 기록): a call or a visit, what came of
//! it, and a summary. A result told by phone or in person counts as the result notice; a
//! withdrawal the complainant asks for by phone is recorded by staff, with the complainant's
//! own confirmation noted, and closes the case as withdrawn.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors};

/// The most characters a contact's summary may have.
pub const CONTACT_SUMMARY_MAX: usize = 1000;

labelled! {
    /// How staff reached the complainant.
    ContactMeans / UnknownOption {
        Phone => "phone", "전화", "Phone call";
        Visit => "visit", "방문·면담", "Visit or meeting";
    }
}

labelled! {
    /// What came of a contact.
    ContactOutcome / UnknownOption {
        Talked => "talked", "통화·면담함", "Spoke with them";
        NoAnswer => "no_answer", "연락 안 됨", "Could not reach them";
        ResultGiven => "result_given", "처리 결과를 안내함(결과 통지)", "Told them the result (result notice)";
        Withdrawal => "withdrawal", "취하 의사를 확인함(취하 처리)", "They withdrew the request";
    }
}

/// `POST /api/v1/cases/{id}/contacts`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactLogInput {
    /// `phone` or `visit`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = ContactMeans))]
    pub means: String,
    /// `talked`, `no_answer`, `result_given` (counts as the result notice; the case must be
    /// answered) or `withdrawal` (closes the open case as withdrawn; needs `confirmed`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = ContactOutcome))]
    pub outcome: String,
    /// What was said (up to 1000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 1000))]
    pub summary: String,
    /// For a withdrawal: the complainant confirmed it is their own wish.
    #[serde(default)]
    pub confirmed: bool,
}

/// A contact that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidContactLog {
    pub means: ContactMeans,
    pub outcome: ContactOutcome,
    pub summary: String,
}

impl ValidContactLog {
    /// The case history's detail: how, what came of it, and what was said.
    pub fn history_detail(&self) -> String {
        format!("{} · {}: {}", self.means.ko(), self.outcome.ko(), self.summary)
    }
}

impl ContactLogInput {
    /// The permission this record needs: a withdrawal closes the case, anything else adds to it.
    pub fn action(&self) -> crate::CaseAction {
        match self.outcome.parse::<ContactOutcome>() {
            Ok(ContactOutcome::Withdrawal) => crate::CaseAction::WithdrawOnBehalf,
            _ => crate::CaseAction::RecordContact,
        }
    }

    /// Every problem at once; `answered`: the case has an approved answer to tell.
    pub fn validate(&self, answered: bool) -> Result<ValidContactLog, FieldErrors> {
        let mut errs = FieldErrors::default();
        let means = errs.take("means", self.means.parse::<ContactMeans>());
        let outcome = errs.take("outcome", self.outcome.parse::<ContactOutcome>());
        let summary = errs.take("summary", crate::case::bounded_text(&self.summary, 2, CONTACT_SUMMARY_MAX));
        match outcome {
            Some(ContactOutcome::ResultGiven) if !answered => errs.add("outcome", FieldError::NoResultYet),
            Some(ContactOutcome::Withdrawal) if !self.confirmed => {
                errs.add("confirmed", FieldError::WithdrawalUnconfirmed)
            }
            _ => {}
        }
        match (means, outcome, summary) {
            (Some(means), Some(outcome), Some(summary)) if errs.is_empty() => {
                Ok(ValidContactLog { means, outcome, summary })
            }
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(means: &str, outcome: &str, summary: &str, confirmed: bool) -> ContactLogInput {
        ContactLogInput { means: means.into(), outcome: outcome.into(), summary: summary.into(), confirmed }
    }

    #[test]
    fn a_contact_names_how_what_came_of_it_and_what_was_said() {
        let v = input("phone", "talked", " 현장 확인 일정 안내 ", false).validate(false).unwrap();
        assert_eq!(
            (v.means, v.outcome, v.summary.as_str()),
            (ContactMeans::Phone, ContactOutcome::Talked, "현장 확인 일정 안내")
        );
        let errs = input("fax", "shrug", " ", false).validate(false).unwrap_err();
        assert_eq!(errs.codes(), [("means", "unknown_option"), ("outcome", "unknown_option"), ("summary", "required")]);
    }

    #[test]
    fn a_result_is_told_once_there_is_one_and_a_withdrawal_only_when_confirmed() {
        let told = input("phone", "result_given", "답변 내용을 전화로 설명함", false);
        assert_eq!(told.validate(false).unwrap_err().codes(), [("outcome", "no_result_yet")]);
        assert_eq!(told.validate(true).unwrap().outcome, ContactOutcome::ResultGiven);
        let withdrawn = input("visit", "withdrawal", "해결되어 취하하겠다고 함", false);
        assert_eq!(withdrawn.validate(false).unwrap_err().codes(), [("confirmed", "withdrawal_unconfirmed")]);
        let confirmed = ContactLogInput { confirmed: true, ..withdrawn };
        assert_eq!(confirmed.validate(false).unwrap().outcome, ContactOutcome::Withdrawal);
    }
}
