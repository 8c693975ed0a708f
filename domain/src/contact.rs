use std::fmt;

use serde::{Deserialize, Serialize};

use std::str::FromStr;

use super::FieldError;
use super::labelled::labelled;

/// A phone number someone can be called back on: a Korean mobile, a Korean landline or
/// internet phone, a company's representative number, or a number abroad.
///
/// Kept as its national digits (`01012345678`, `0212345678`, `15881234`), or for a number
/// abroad as `+` and its E.164 digits (`+12025550123`). Accepts the spellings people really
/// type: `010-1234-5678`, `010 1234 5678`, `010.1234.5678`, `(02)123-4567`,
/// `+82 10-1234-5678`, `+82 (0)10 1234 5678`, `82-10-1234-5678`, `0082-2-123-4567`,
/// `+1 202 555 0123`, and full-width digits from a Korean IME. Only a mobile number can take
/// a text message ([`PhoneNumber::is_mobile`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Korean area codes after the leading 0 of 02 (Seoul): 031–033, 041–044, 051–055, 061–064.
const AREA_CODES: [&str; 16] =
    ["031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055", "061", "062", "063", "064"];

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
        // A representative number (대표번호) has eight digits and no area code: 1588-1234.
        if !plus && digits.len() == 8 && ["15", "16", "18"].iter().any(|p| digits.starts_with(p)) {
            return Ok(Self(digits));
        }
        // Korea from abroad: +82 10…, 82 10…, +82 (0)2…, 0082 2…
        let national = if let Some(rest) = digits.strip_prefix("0082") {
            rest.to_owned()
        } else if let Some(rest) =
            digits.strip_prefix("82").filter(|r| plus || r.starts_with("10") || r.starts_with("010"))
        {
            rest.to_owned()
        } else if plus {
            // Another country: its code and number, at most 15 digits (E.164), never a 0 first.
            return if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
                Ok(Self(format!("+{digits}")))
            } else {
                Err(FieldError::PhoneInvalid)
            };
        } else {
            digits
        };
        let national = if national.starts_with('0') { national } else { format!("0{national}") };
        let n = national.len();
        let prefix = national.get(..3).unwrap_or_default();
        let ok = match prefix {
            "010" | "070" => n == 11,
            "011" | "016" | "017" | "018" | "019" | "080" => matches!(n, 10 | 11),
            "050" => matches!(n, 11 | 12),
            _ if prefix.starts_with("02") => matches!(n, 9 | 10),
            _ if AREA_CODES.contains(&prefix) => matches!(n, 10 | 11),
            _ => false,
        };
        if ok { Ok(Self(national)) } else { Err(FieldError::PhoneInvalid) }
    }

    /// The digits kept: national (`01012345678`), or `+` and E.164 digits for a number abroad.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// A Korean mobile number (010, 011, 016–019): the only kind a text message reaches.
    pub fn is_mobile(&self) -> bool {
        self.0.starts_with("01")
    }

    /// A number abroad.
    pub fn is_foreign(&self) -> bool {
        self.0.starts_with('+')
    }

    /// E.164, e.g. `+821012345678`, as SMS gateways want it.
    pub fn e164(&self) -> String {
        match self.0.strip_prefix('0') {
            _ if self.is_foreign() => self.0.clone(),
            Some(rest) => format!("+82{rest}"),
            None => format!("+82{}", self.0),
        }
    }

    /// Area or service code, middle and last four digits, as Koreans group them.
    fn parts(&self) -> (&str, &str, &str) {
        let d = &self.0;
        let mid = d.len() - 4;
        let head = if d.starts_with("02") {
            2
        } else if d.starts_with("050") || !d.starts_with('0') {
            4
        } else {
            3
        };
        let head = head.min(mid);
        (&d[..head], &d[head..mid], &d[mid..])
    }

    /// Masked for display to anyone not working the case: `010-****-5678`, `02-***-4567`,
    /// `+12*****0123`; a representative number is a company's and shows whole.
    pub fn masked(&self) -> String {
        if self.is_foreign() {
            let keep: String = self.0.chars().take(3).collect();
            let last = &self.0[self.0.len() - 4..];
            return format!("{keep}{}{last}", "*".repeat(self.0.len() - 7));
        }
        let (a, b, c) = self.parts();
        if b.is_empty() { format!("{a}-{c}") } else { format!("{a}-{}-{c}", "*".repeat(b.len())) }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_foreign() {
            return f.write_str(&self.0);
        }
        match self.parts() {
            (a, "", c) => write!(f, "{a}-{c}"),
            (a, b, c) => write!(f, "{a}-{b}-{c}"),
        }
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

labelled! {
    /// How the complainant wants to be answered (회신 방법), chosen by them and shown to staff.
    ReplyMeans / UnknownOption {
        Sms => "sms", "문자(SMS)", "Text message";
        Email => "email", "이메일", "E-mail";
        Post => "post", "우편", "Post";
        Phone => "phone", "전화", "Phone call";
    }
}

/// The most characters a postal address may have.
pub const MAX_ADDRESS: usize = 200;

/// A postal address as the complainant wrote it: trimmed, 5 to [`MAX_ADDRESS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PostalAddress(String);

impl PostalAddress {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        crate::case::bounded_text(input, 5, MAX_ADDRESS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province and city or district only: `경상북도 문경시 ***`.
    pub fn masked(&self) -> String {
        let head: Vec<&str> = self.0.split_whitespace().take(2).collect();
        format!("{} ***", head.join(" "))
    }
}

impl TryFrom<String> for PostalAddress {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PostalAddress> for String {
    fn from(a: PostalAddress) -> Self {
        a.0
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
            // DNS compares names without ASCII case; an internationalised label keeps its
            // letters as typed (its mail system maps them).
            Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
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

/// A stored postal address as staff see it: province and city only; one that no longer parses
/// shows as stars, never in full.
pub fn masked_address(address: &str) -> String {
    PostalAddress::parse(address).map(|a| a.masked()).unwrap_or_else(|_| "***".into())
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
            assert!(p.is_mobile());
        }
    }

    #[test]
    fn old_ten_digit_mobile_numbers_are_accepted() {
        let p = PhoneNumber::parse("011-123-4567").unwrap();
        assert_eq!(p.to_string(), "011-123-4567");
        assert_eq!(p.masked(), "011-***-4567");
    }

    #[test]
    fn landlines_internet_phones_and_representative_numbers_are_grouped_as_koreans_write_them() {
        for (typed, shown, masked, e164) in [
            ("02-123-4567", "02-123-4567", "02-***-4567", "+8221234567"),
            ("(02) 1234-5678", "02-1234-5678", "02-****-5678", "+82212345678"),
            ("+82 2 1234 5678", "02-1234-5678", "02-****-5678", "+82212345678"),
            ("0082-2-123-4567", "02-123-4567", "02-***-4567", "+8221234567"),
            ("054-550-6114", "054-550-6114", "054-***-6114", "+82545506114"),
            ("031-1234-5678", "031-1234-5678", "031-****-5678", "+823112345678"),
            ("070-1234-5678", "070-1234-5678", "070-****-5678", "+827012345678"),
            ("0505-123-4567", "0505-123-4567", "0505-***-4567", "+825051234567"),
            ("080-123-4567", "080-123-4567", "080-***-4567", "+82801234567"),
            ("1588-1234", "1588-1234", "1588-1234", "+8215881234"),
        ] {
            let p = PhoneNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!((p.to_string().as_str(), p.masked().as_str(), p.e164().as_str()), (shown, masked, e164));
            assert!(!p.is_mobile() && !p.is_foreign(), "{typed}");
            assert_eq!(PhoneNumber::parse(&p.to_string()), Ok(p.clone()), "{typed} round trip");
        }
    }

    #[test]
    fn numbers_abroad_keep_their_country_code() {
        for typed in ["+1 202-555-0123", "+1 (202) 555 0123", "＋１２０２５５５０１２３"] {
            let p = PhoneNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(p.digits(), "+12025550123");
            assert_eq!(p.to_string(), "+12025550123");
            assert_eq!(p.e164(), "+12025550123");
            assert_eq!(p.masked(), "+12*****0123");
            assert!(p.is_foreign() && !p.is_mobile());
        }
        let jp = PhoneNumber::parse("+81 90-1234-5678").unwrap();
        assert_eq!(jp.digits(), "+819012345678");
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for s in [
            "",
            "02-12-345",             // Seoul needs 7 or 8 digits after 02
            "035-123-4567",          // no such area code
            "070-123-4567",          // 070 needs 8 digits after it
            "010-123-4567",          // 010 needs 11 digits
            "010-1234-56789",        // too long
            "010-1234-567a",         // letter
            "+1 555",                // too short for any country
            "+1 2025 5501 2345 678", // longer than E.164
            "+0 123 4567 8901",      // no country code starts with 0
            "1577-123",              // a representative number has eight digits
            "1234-5678",             // and starts 15, 16 or 18
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
    fn reply_means_round_trip_and_addresses_mask_to_their_city() {
        for &m in ReplyMeans::ALL {
            assert_eq!(m.as_str().parse::<ReplyMeans>(), Ok(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.as_str()));
        }
        assert_eq!("fax".parse::<ReplyMeans>(), Err(FieldError::UnknownOption));
        let a = PostalAddress::parse("  경상북도 문경시 점촌동 123-4 101동 202호 ").unwrap();
        assert_eq!(a.as_str(), "경상북도 문경시 점촌동 123-4 101동 202호");
        assert_eq!(a.masked(), "경상북도 문경시 ***");
        assert_eq!(PostalAddress::parse("문경"), Err(FieldError::TooShort { min: 5 }));
        assert_eq!(PostalAddress::parse(&"가".repeat(201)), Err(FieldError::TooLong { max: MAX_ADDRESS }));
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
