//! Multi-person complaints (다수인관련민원, 시행령 제2조): one case carries a representative —
//! the complainant who filed — and co-complainants, each with their own contacts and consents,
//! all of whom are told what happens to it.

use serde::{Deserialize, Serialize};

use crate::{Consent, Email, FieldError, FieldErrors, PersonName, PhoneNumber};

/// How many co-complainants one case carries; beyond that the signatories' list is attached.
pub const MAX_CO_COMPLAINANTS: usize = 50;

/// `POST /api/v1/cases/{id}/complainants`: a co-complainant added by staff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoComplainantInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The notice channels this person consented to (`publish` is the representative's).
    #[serde(default)]
    pub consent: Consent,
}

/// A co-complainant that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCoComplainant {
    pub name: PersonName,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub consent_sms: bool,
    pub consent_email: bool,
}

impl CoComplainantInput {
    /// Checks every field at once; `already` is how many the case carries now.
    pub fn validate(&self, already: usize) -> Result<ValidCoComplainant, FieldErrors> {
        let mut errs = FieldErrors::default();
        let name = match self.name.trim() {
            "" => errs.take("name", Err(FieldError::Required)),
            n => errs.take("name", PersonName::parse(n)),
        };
        let (phone, email) = crate::case::contacts(&mut errs, &self.phone, &self.email, self.consent);
        if already >= MAX_CO_COMPLAINANTS {
            errs.add("name", FieldError::TooManyComplainants { max: MAX_CO_COMPLAINANTS });
        }
        match name {
            Some(name) if errs.is_empty() => Ok(ValidCoComplainant {
                name,
                phone,
                email,
                consent_sms: self.consent.sms,
                consent_email: self.consent.email,
            }),
            _ => Err(errs),
        }
    }
}

/// How the history names a co-complainant: masked, so the append-only record keeps no name.
pub fn party_text(name: &str) -> String {
    PersonName::parse(name).map(|n| n.masked()).unwrap_or_else(|_| "*".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CoComplainantInput {
        CoComplainantInput {
            name: "김철수".into(),
            phone: Some("010 2222 3333".into()),
            email: None,
            consent: Consent { sms: true, email: false, publish: false },
        }
    }

    #[test]
    fn a_co_complainant_needs_a_name_and_a_contact_for_each_consented_channel() {
        let v = input().validate(0).unwrap();
        assert_eq!(v.phone.unwrap().digits(), "01022223333");
        assert!(v.consent_sms && !v.consent_email);
        let mut i = input();
        i.name = "  ".into();
        i.phone = None;
        i.consent.email = true;
        let e = i.validate(0).unwrap_err();
        let code = |f: &str| e.get(f).map(|m| m.code.clone());
        assert_eq!(code("name").as_deref(), Some("required"));
        assert_eq!(code("phone").as_deref(), Some("phone_needed_for_sms"));
        assert_eq!(code("email").as_deref(), Some("email_needed_for_email"));
        let mut i = input();
        i.phone = Some("12".into());
        assert!(i.validate(0).unwrap_err().get("phone").is_some());
    }

    #[test]
    fn a_case_carries_at_most_fifty_and_the_history_masks_the_name() {
        assert!(input().validate(MAX_CO_COMPLAINANTS - 1).is_ok());
        let e = input().validate(MAX_CO_COMPLAINANTS).unwrap_err();
        assert_eq!(e.get("name").unwrap().code, "too_many_complainants");
        assert!(e.get("name").unwrap().ko.contains("50명"));
        assert_eq!(party_text("김철수"), "김*수");
    }
}
