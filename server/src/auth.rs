//! Officer authentication: argon2 password hashes, random session tokens kept as SHA-256
//! in the database, and an HttpOnly SameSite=Strict cookie.

use std::sync::{LazyLock, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine;
use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::store::{Session, SessionLimits, User};

pub const SESSION_COOKIE: &str = "voc_session";

/// Argon2 runs at most this many at once, the CPU count: each takes ~19 MiB and a core, so
/// a burst of sign-ins waits its turn instead of taking the machine's memory.
static PASSWORD_WORK: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get))
});

/// Runs argon2 work on a blocking thread, within [`PASSWORD_WORK`].
async fn password_work<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = PASSWORD_WORK.acquire().await.unwrap_or_else(|_| unreachable!("the semaphore is never closed"));
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

pub fn session_limits(idle_minutes: i64, max_hours: i64) -> SessionLimits {
    SessionLimits { idle: Duration::minutes(idle_minutes), absolute: Duration::hours(max_hours) }
}

/// A random URL-safe token with 192 bits of entropy.
pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn new_salt() -> SaltString {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    SaltString::encode_b64(&bytes).unwrap_or_else(|e| unreachable!("16 bytes make a valid salt: {e}"))
}

/// The fewest characters a password may have.
pub const MIN_PASSWORD: usize = 10;

/// Whether a new password may be used: at least [`MIN_PASSWORD`] characters, and not one that
/// is common or easy to guess from the person's own username and name (zxcvbn, which knows
/// the leaked-password lists and keyboard patterns, must rate it 3 of 4 or better).
pub fn check_new_password(password: &str, own_words: &[&str]) -> Result<(), app::domain::FieldError> {
    use app::domain::FieldError;
    if password.chars().count() < MIN_PASSWORD {
        return Err(FieldError::WeakPassword);
    }
    // Each word of a name counts on its own: "gildong-hong1" is "gildong hong" again.
    let words: Vec<&str> = own_words
        .iter()
        .flat_map(|w| std::iter::once(*w).chain(w.split(|c: char| !c.is_alphanumeric())))
        .filter(|w| w.chars().count() >= 2)
        .collect();
    if u8::from(zxcvbn::zxcvbn(password, &words).score()) < 3 {
        return Err(FieldError::GuessablePassword);
    }
    Ok(())
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Hashes a password with argon2id on a blocking thread (it takes tens of milliseconds).
pub async fn hash_password(password: String) -> String {
    password_work(move || {
        let salt = new_salt();
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_else(|e| unreachable!("argon2 with default parameters cannot fail: {e}"))
    })
    .await
}

/// Checks a password; with no stored hash it still does the work, so that timing does not
/// tell which usernames exist.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    password_work(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    let salt = new_salt();
                    Argon2::default().hash_password(b"dummy", &salt).map(|h| h.to_string()).unwrap_or_default()
                })
                .clone()
        });
        let ok = PasswordHash::new(&hash)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && known
    })
    .await
}

/// How the session cookie is set: behind https (`VOC_PUBLIC_URL` https, or
/// `VOC_SECURE_COOKIES=1`) it is `Secure` and `__Host-` prefixed, so no other host or plain
/// http page can set or overwrite it; it lasts the absolute session length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
    pub max_age_secs: i64,
}

impl CookiePolicy {
    pub fn session(self, token: &str) -> String {
        self.cookie((SESSION_COOKIE, SECURE_SESSION_COOKIE), token, self.max_age_secs)
    }

    pub fn clear(self) -> String {
        self.cookie((SESSION_COOKIE, SECURE_SESSION_COOKIE), "", 0)
    }

    /// The cookie that makes a tablet a registered kiosk: as long-lived as browsers allow
    /// (400 days), otherwise like the session's.
    pub fn kiosk(self, key: &str) -> String {
        self.cookie((KIOSK_COOKIE, SECURE_KIOSK_COOKIE), key, 400 * 24 * 3600)
    }

    /// `HttpOnly`, `SameSite=Strict`; behind https `Secure` under the `__Host-` name.
    fn cookie(self, (plain, host_bound): (&str, &str), value: &str, max_age: i64) -> String {
        let (name, secure) = if self.secure { (host_bound, "; Secure") } else { (plain, "") };
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
    }
}

pub const KIOSK_COOKIE: &str = "voc_kiosk";
pub const SECURE_KIOSK_COOKIE: &str = "__Host-voc_kiosk";

/// A registered kiosk's key: the `X-Kiosk-Key` header (a kiosk app) or the kiosk cookie (the
/// kiosk page on a registered tablet).
fn kiosk_key(headers: &axum::http::HeaderMap) -> Option<String> {
    let header = headers.get("x-kiosk-key").and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned());
    header.or_else(|| cookie(headers, &[KIOSK_COOKIE, SECURE_KIOSK_COOKIE])).filter(|v| !v.is_empty())
}

/// The registered kiosk a request comes from, if it says it is one: 403 `kiosk_key_revoked`
/// when its key is revoked or unknown, so a withdrawn tablet stops instead of passing for the
/// public.
#[derive(Debug, Clone)]
pub struct Kiosk(pub Option<crate::store::KioskKey>);

impl FromRequestParts<AppState> for Kiosk {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(key) = kiosk_key(&parts.headers) else { return Ok(Self(None)) };
        match state.store.kiosk_by_key(&token_hash(&key)).await? {
            Some(k) if k.revoked_at.is_none() => Ok(Self(Some(k))),
            _ => Err(ApiError::KioskKeyRevoked),
        }
    }
}

/// The session cookie's name behind https: the `__Host-` prefix binds it to this host.
pub const SECURE_SESSION_COOKIE: &str = "__Host-voc_session";

/// The session token from either cookie name (a deployment may move to https).
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie(headers, &[SESSION_COOKIE, SECURE_SESSION_COOKIE])
}

/// The value of the first cookie with one of `names`, if not empty.
fn cookie(headers: &axum::http::HeaderMap, names: &[&str]) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| names.contains(k))
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// A signed-in officer. Extracting it answers 401 when there is no live session.
#[derive(Debug, Clone)]
pub struct Staff(pub User);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        MaybeStaff::from_request_parts(parts, state).await?.0.map(Staff).ok_or(ApiError::Unauthorized)
    }
}

/// A signed-in administrator: 401 without a session, 403 for other roles.
#[derive(Debug, Clone)]
pub struct Admin(pub User);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Staff(user) = Staff::from_request_parts(parts, state).await?;
        if user.role.configures() { Ok(Admin(user)) } else { Err(ApiError::AdminOnly) }
    }
}

/// The client's address: the peer, or behind trusted proxies the address they report
/// (see [`crate::proxy`]).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

fn peer(parts: &Parts) -> Option<std::net::IpAddr> {
    parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded: Vec<&str> =
            parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Ok(Self(state.proxies.client(peer(parts), &forwarded)))
    }
}

/// Refuses state-changing requests that a browser sent from another site: their `Origin`
/// (or `Sec-Fetch-Site`) says so. With the SameSite=Strict cookie this closes CSRF.
/// `X-Forwarded-Host` counts only when a trusted proxy sent it.
pub async fn same_origin_only(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    use axum::response::IntoResponse;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let peer = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let forwarded_host = headers.get("x-forwarded-host").filter(|_| state.proxies.trusts(peer));
    let host = forwarded_host
        .or_else(|| headers.get(axum::http::header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let cross = match headers.get(axum::http::header::ORIGIN).and_then(|o| o.to_str().ok()) {
        Some("null") => true,
        Some(origin) => origin.split_once("://").map(|(_, h)| h.trim_end_matches('/')) != Some(host),
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site"),
    };
    if cross {
        tracing::warn!(host, origin = ?headers.get(axum::http::header::ORIGIN), "cross-site request refused");
        return ApiError::CrossSite.into_response();
    }
    next.run(req).await
}

/// An officer if one is signed in, else nobody (public endpoints that staff use too).
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<User>);

impl FromRequestParts<AppState> for MaybeStaff {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(MaybeSession::from_request_parts(parts, state).await?.0.map(|s| s.user)))
    }
}

/// The live session, whatever stage of signing in it has reached: 401 without one. Only the
/// session endpoints use it; everything else takes [`Staff`].
#[derive(Debug, Clone)]
pub struct SignedIn(pub Session);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        MaybeSession::from_request_parts(parts, state).await?.0.map(SignedIn).ok_or(ApiError::Unauthorized)
    }
}

/// The session of the request, if any, let through the gates of signing in: a session whose
/// second factor is still to come opens only the code's form; a password someone else knows
/// opens only the way to change it; an account that must have a second factor and has none
/// reaches only its set-up.
struct MaybeSession(Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(&parts.headers) else { return Ok(Self(None)) };
        let Some(session) = state.store.session_user(&token_hash(&token), state.now(), state.session_limits).await?
        else {
            return Ok(Self(None));
        };
        let path = parts.uri.path();
        let user = &session.user;
        if session.second_factor_pending {
            if !OPEN_BEFORE_SECOND_FACTOR.contains(&path) {
                return Err(ApiError::SecondFactorRequired);
            }
        } else if user.must_change_password {
            if !OPEN_BEFORE_PASSWORD_CHANGE.contains(&path) {
                return Err(ApiError::PasswordChangeRequired);
            }
        } else if state.two_factor.requires(user.role) && !user.two_factor && !OPEN_BEFORE_SET_UP.contains(&path) {
            return Err(ApiError::SecondFactorSetupRequired);
        }
        Ok(Self(Some(session)))
    }
}

/// What a session waiting for its second factor reaches: who am I, and the code's form.
const OPEN_BEFORE_SECOND_FACTOR: [&str; 2] = ["/api/v1/session", "/api/v1/session/second-factor"];

/// What an account that must change its password may still reach: who am I, sign out, and
/// the change itself.
const OPEN_BEFORE_PASSWORD_CHANGE: [&str; 2] = ["/api/v1/session", "/api/v1/session/password"];

/// What an account that must set up a second factor may still reach: who am I, its password,
/// and the set-up.
const OPEN_BEFORE_SET_UP: [&str; 4] =
    ["/api/v1/session", "/api/v1/session/password", "/api/v1/session/two-factor/setup", "/api/v1/session/two-factor"];

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("s3cret-비밀".into()).await;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("s3cret-비밀".into(), Some(h.clone())).await);
        assert!(!verify_password("wrong".into(), Some(h)).await);
        assert!(!verify_password("dummy".into(), None).await);
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        use app::domain::FieldError;
        for weak in ["password12", "qwer1234!!", "1q2w3e4r5t", "iloveyou123", "aaaaaaaaaaaa", "hong-gildong1"] {
            assert_eq!(
                check_new_password(weak, &["hong-gildong", "홍길동"]),
                Err(FieldError::GuessablePassword),
                "{weak}"
            );
        }
        assert_eq!(check_new_password("short", &[]), Err(FieldError::WeakPassword));
        for good in ["long-enough-pw", "another-long-pw", "a-new-long-password", "바다 위 노란 자전거 셋"] {
            assert_eq!(check_new_password(good, &["hong-gildong"]), Ok(()), "{good}");
        }
    }

    #[test]
    fn tokens_are_long_random_and_hash_to_hex() {
        let a = random_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, random_token());
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
