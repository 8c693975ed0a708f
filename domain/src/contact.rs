use std::fmt;

use serde::{Deserialize, Serialize};

use super::FieldError;

/// A Korean mobile number, kept as its 10 or 11 national digits (`01012345678`).
///
/// Accepts the spellings people really type: `010-1234-5678`, `010 1234 5678`,
/// `01012345678`, `010.1234.5678`, `(010)1234-5678`, `+82 10-1234-5678`,
/// `+82 (0)10 1234 5678`, `82-10-1234-5678`, and full-width digits from a Korean IME.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let mut digits = String::with_capacity(16);
        let mut plus = false;
        for (i, c) in input.trim().chars().enumerate() {
            let c = full_width_to_ascii(c);
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '.' | '(' | ')' | '\u{2010}'..='\u{2015}' => {}
                _ => return Err(FieldError::PhoneInvalid),
            }
        }
        // International forms: +82 10…, 82 10…, +82 (0)10…, 0082 10…
        let national = if let Some(rest) = digits.strip_prefix("0082") {
            rest.to_owned()
        } else if let Some(rest) =
            digits.strip_prefix("82").filter(|r| plus || r.starts_with("10") || r.starts_with("010"))
        {
            rest.to_owned()
        } else if plus {
            return Err(FieldError::PhoneInvalid);
        } else {
            digits
        };
        let national = if national.starts_with('0') { national } else { format!("0{national}") };
        let ok = match national.get(..3) {
            Some("010") => national.len() == 11,
            Some("011" | "016" | "017" | "018" | "019") => matches!(national.len(), 10 | 11),
            _ => false,
        };
        if ok { Ok(Self(national)) } else { Err(FieldError::PhoneInvalid) }
    }

    /// The national digits, e.g. `01012345678`.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// E.164, e.g. `+821012345678`, as SMS gateways want it.
    pub fn e164(&self) -> String {
        format!("+82{}", &self.0[1..])
    }

    fn parts(&self) -> (&str, &str, &str) {
        let d = &self.0;
        let mid = d.len() - 4;
        (&d[..3], &d[3..mid], &d[mid..])
    }

    /// Masked for display to anyone not working the case: `010-****-5678`.
    pub fn masked(&self) -> String {
        let (a, b, c) = self.parts();
        format!("{a}-{}-{c}", "*".repeat(b.len()))
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b, c) = self.parts();
        write!(f, "{a}-{b}-{c}")
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> Self {
        p.to_string()
    }
}

fn full_width_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '＋' => '+',
        '－' => '-',
        '（' => '(',
        '）' => ')',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// An e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
/// The domain is lower-cased; the local part is kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FieldError::EmailInvalid);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(FieldError::EmailInvalid)?;
        let labels_ok = domain.split('.').count() >= 2
            && domain.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        if labels_ok && local_ok {
            Ok(Self(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(FieldError::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ho***@example.com`
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let keep: String = local.chars().take(2).collect();
        format!("{keep}***@{domain}")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

/// Name, phone and e-mail as staff see them: masked (`홍*동`, `010-****-5678`,
/// `ho***@example.com`); a stored value that no longer parses shows as stars, never in full.
pub fn masked_contacts(name: Option<&str>, phone: Option<&str>, email: Option<&str>) -> [Option<String>; 3] {
    [
        name.map(|n| crate::PersonName::parse(n).map(|p| p.masked()).unwrap_or_else(|_| "*".into())),
        phone.map(|p| PhoneNumber::parse(p).map(|p| p.masked()).unwrap_or_else(|_| "***".into())),
        email.map(|e| Email::parse(e).map(|e| e.masked()).unwrap_or_else(|_| "***".into())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_of_one_mobile_number_normalise_alike() {
        for s in [
            "010-1234-5678",
            "01012345678",
            "010 1234 5678",
            "010.1234.5678",
            "(010)1234-5678",
            "+82 10-1234-5678",
            "+82 (0)10 1234 5678",
            "+821012345678",
            "82-10-1234-5678",
            "0082-10-1234-5678",
            "０１０－１２３４－５６７８",
            "  010-1234-5678  ",
            "010‐1234‐5678",
        ] {
            let p = PhoneNumber::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(p.digits(), "01012345678", "{s}");
            assert_eq!(p.to_string(), "010-1234-5678");
            assert_eq!(p.e164(), "+821012345678");
            assert_eq!(p.masked(), "010-****-5678");
        }
    }

    #[test]
    fn old_ten_digit_mobile_numbers_are_accepted() {
        let p = PhoneNumber::parse("011-123-4567").unwrap();
        assert_eq!(p.to_string(), "011-123-4567");
        assert_eq!(p.masked(), "011-***-4567");
    }

    #[test]
    fn non_mobile_and_malformed_numbers_are_refused() {
        for s in [
            "",
            "02-123-4567",      // Seoul landline
            "031-123-4567",     // landline
            "010-123-4567",     // 010 needs 11 digits
            "010-1234-56789",   // too long
            "010-1234-567a",    // letter
            "+1 010 1234 5678", // other country
            "1588-1234",        // representative number
            "010--1234",
            "++821012345678",
        ] {
            assert_eq!(PhoneNumber::parse(s), Err(FieldError::PhoneInvalid), "{s}");
        }
    }

    #[test]
    fn phone_numbers_serialise_in_display_form_and_parse_back() {
        let p = PhoneNumber::parse("01098765432").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"010-9876-5432\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
        assert!(serde_json::from_str::<PhoneNumber>("\"12\"").is_err());
    }

    #[test]
    fn emails_are_checked_and_their_domain_lower_cased() {
        let e = Email::parse(" Hong.GilDong@Example.CO.KR ").unwrap();
        assert_eq!(e.as_str(), "Hong.GilDong@example.co.kr");
        assert_eq!(e.masked(), "Ho***@example.co.kr");
        assert!(Email::parse("사용자@도메인.한국").is_ok());
        for s in ["", "a", "a@b", "a@@b.kr", "a b@c.kr", "@c.kr", "a@.kr", "a@c..kr", ".a@c.kr", "a@-c.kr"] {
            assert_eq!(Email::parse(s), Err(FieldError::EmailInvalid), "{s}");
        }
    }
}
