//! Finding one's own case without the link: the receipt number plus the phone number or
//! e-mail address given when filing.

use serde::{Deserialize, Serialize};

use super::{Email, FieldError, FieldErrors, PhoneNumber, ReceiptNo};

/// `POST /api/v1/lookup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, pattern = "^VOC-[0-9]{4}-[0-9]{6}$"))]
    pub receipt_no: String,
    /// The mobile number or e-mail address given when filing.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Phone(PhoneNumber),
    Email(Email),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLookup {
    pub receipt_no: ReceiptNo,
    pub contact: Contact,
}

impl LookupInput {
    pub fn validate(&self) -> Result<ValidLookup, FieldErrors> {
        let mut errs = FieldErrors::default();
        let receipt_no = if self.receipt_no.trim().is_empty() {
            errs.take("receipt_no", Err(FieldError::Required))
        } else {
            errs.take(
                "receipt_no",
                self.receipt_no
                    .trim()
                    .to_ascii_uppercase()
                    .parse::<ReceiptNo>()
                    .map_err(|_| FieldError::ReceiptNoInvalid),
            )
        };
        let raw = self.contact.trim();
        let contact = if raw.is_empty() {
            errs.take("contact", Err(FieldError::Required))
        } else if raw.contains('@') {
            errs.take("contact", Email::parse(raw).map(Contact::Email))
        } else {
            errs.take("contact", PhoneNumber::parse(raw).map(Contact::Phone))
        };
        match (receipt_no, contact) {
            (Some(receipt_no), Some(contact)) => Ok(ValidLookup { receipt_no, contact }),
            _ => Err(errs),
        }
    }
}

impl ValidLookup {
    /// Whether the contact given now is the one stored with the case (digits of the phone
    /// number, or the e-mail address with its domain in lower case).
    pub fn matches(&self, phone: Option<&str>, email: Option<&str>) -> bool {
        match &self.contact {
            Contact::Phone(p) => phone.is_some_and(|s| s == p.digits()),
            Contact::Email(e) => email.is_some_and(|s| s.eq_ignore_ascii_case(e.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(r: &str, c: &str) -> LookupInput {
        LookupInput { receipt_no: r.into(), contact: c.into() }
    }

    #[test]
    fn phone_or_email_is_told_by_the_at_sign() {
        let v = input(" voc-2026-000012 ", "010-1234-5678").validate().unwrap();
        assert_eq!(v.receipt_no.to_string(), "VOC-2026-000012");
        assert!(v.matches(Some("01012345678"), None));
        assert!(!v.matches(Some("01012345679"), Some("a@b.kr")));
        let v = input("VOC-2026-000012", "Kim@Example.KR").validate().unwrap();
        assert!(v.matches(None, Some("Kim@example.kr")));
        assert!(!v.matches(Some("01012345678"), None));
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        let e = input("", "").validate().unwrap_err();
        assert_eq!(e.get("receipt_no").unwrap().code, "required");
        assert_eq!(e.get("contact").unwrap().code, "required");
        let e = input("2026-12", "02-123").validate().unwrap_err();
        assert_eq!(e.get("receipt_no").unwrap().code, "receipt_no_invalid");
        assert_eq!(e.get("contact").unwrap().code, "phone_invalid");
        let e = input("VOC-2026-000001", "kim@").validate().unwrap_err();
        assert_eq!(e.get("contact").unwrap().code, "email_invalid");
    }
}
