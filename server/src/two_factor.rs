//! Two-factor sign-in for staff: codes from an authenticator app (TOTP, RFC 6238: HMAC-SHA1,
//! six digits, 30-second steps, one step either side for a slow clock) and ten single-use
//! recovery codes for a lost phone. PIPA's safety standard asks for it on every account that
//! reaches personal data; `VOC_STAFF_2FA=optional` lifts the requirement on a closed network.

use app::domain::Role;
use chrono::{DateTime, Utc};
use rand::RngCore;
use totp_rs::{Builder, Secret, Totp};

/// `VOC_STAFF_2FA`: whether staff must set up a second factor before they work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Every role that reaches personal data (all of them, see [`Role::needs_second_factor`])
    /// sets it up at the first sign-in and cannot work without it.
    #[default]
    Required,
    /// Whoever sets it up uses it; nobody is made to.
    Optional,
}

impl Policy {
    pub fn parse(v: &str) -> Option<Self> {
        match v.trim() {
            "required" => Some(Self::Required),
            "optional" => Some(Self::Optional),
            _ => None,
        }
    }

    /// Whether someone in `role` may not work until they have set up a second factor.
    pub fn requires(self, role: Role) -> bool {
        self == Self::Required && role.needs_second_factor()
    }
}

/// The name an authenticator app shows next to the codes.
pub const ISSUER: &str = "고객의 소리";

/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// A new secret: 160 random bits (RFC 4226's recommendation), base32 as apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    Secret::new_stack(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    // The otpauth label may not hold a colon; usernames never do, but say so rather than fail.
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', "_"))
        .build()
        .ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn setup_uri(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

/// The time step `code` is right for at `now` (this step or one either side), if any. The
/// caller accepts a step only once.
pub fn check(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let step = totp(secret, "")?.check(&code, unix(now))?;
    i64::try_from(step).ok()
}

/// The code an authenticator app shows at `now` (what tests and the set-up check compute).
pub fn code_at(secret: &str, now: DateTime<Utc>) -> Option<String> {
    totp(secret, "").map(|t| t.generate(unix(now)).to_string())
}

/// What a person typed at the second step: a six-digit code from the app, or a recovery code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    App(String),
    Recovery(String),
}

impl Code {
    pub fn parse(typed: &str) -> Option<Self> {
        let compact: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Some(Self::App(compact))
        } else if compact.len() == RECOVERY_LEN && compact.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Some(Self::Recovery(compact.to_ascii_lowercase()))
        } else {
            None
        }
    }
}

/// Characters of a recovery code: no 0/o, 1/l/i to misread off paper.
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_LEN: usize = 10;

/// Ten new recovery codes, `xxxxx-xxxxx` (about 49 bits each; five tries per quarter hour).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..RECOVERY_LEN)
                .map(|_| {
                    let i = usize::try_from(rng.next_u32()).unwrap_or(0) % RECOVERY_ALPHABET.len();
                    char::from(RECOVERY_ALPHABET[i])
                })
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What is stored of a recovery code (as typed, dashes and case aside).
pub fn recovery_hash(code: &str) -> String {
    let compact: String =
        code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_lowercase();
    crate::auth::token_hash(&compact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, the SHA1 key "12345678901234567890", last six digits.
        let secret = Secret::new(b"12345678901234567890".to_vec().into_boxed_slice()).to_base32();
        for (t, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            let at = Utc.timestamp_opt(t, 0).unwrap();
            assert_eq!(code_at(&secret, at).as_deref(), Some(code), "t={t}");
            assert_eq!(check(&secret, code, at), Some(t / 30));
        }
    }

    #[test]
    fn codes_hold_one_step_either_side_and_no_more() {
        let secret = new_secret();
        let now = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let code = code_at(&secret, now).unwrap();
        assert!(check(&secret, &code, now + chrono::Duration::seconds(30)).is_some());
        assert!(check(&secret, &code, now - chrono::Duration::seconds(30)).is_some());
        assert_eq!(check(&secret, &code, now + chrono::Duration::seconds(90)), None);
        assert_eq!(check(&secret, "12345", now), None);
        assert_eq!(check("not base32!", &code, now), None);
        assert!(setup_uri(&secret, "kim").unwrap().starts_with("otpauth://totp/"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(c.len(), 11);
        assert_eq!(Code::parse(c), Some(Code::Recovery(c.replace('-', ""))));
        assert_eq!(recovery_hash(c), recovery_hash(&c.to_uppercase().replace('-', " ")));
        assert_eq!(Code::parse(" 123 456 "), Some(Code::App("123456".into())));
        assert_eq!(Code::parse("12345"), None);
        assert_eq!(Code::parse("<script>"), None);
    }

    #[test]
    fn every_role_that_reaches_personal_data_is_made_to_use_it() {
        assert!(Policy::Required.requires(Role::Admin));
        assert!(Role::ALL.iter().all(|r| Policy::Required.requires(*r) == r.needs_second_factor()));
        assert!(Role::ALL.iter().all(|r| !Policy::Optional.requires(*r)));
        assert_eq!(Policy::parse("required"), Some(Policy::Required));
        assert_eq!(Policy::parse("off"), None);
    }
}
