//! Settings, all from the environment, all with defaults: the binary runs with none set.

use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite:data/voc.db`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`, default `target/site`: the built WASM, CSS and public files.
    pub site_root: String,
    /// `VOC_ADMIN_PASSWORD`: the first administrator's password; random if unset.
    pub admin_password: Option<String>,
    /// `VOC_SECURE_COOKIES=1`: mark the session cookie `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// `VOC_SESSION_IDLE_MINUTES` (30) and `VOC_SESSION_MAX_HOURS` (12).
    pub session_idle_minutes: i64,
    pub session_max_hours: i64,
    /// `VOC_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` tells the client's
    /// address (a hop count or addresses); `VOC_TRUST_PROXY=1`, the older setting, means `1`.
    pub trusted_proxies: crate::proxy::TrustedProxies,
    /// `VOC_METRICS_FROM`: the addresses and networks that may read `/metrics`
    /// (default `127.0.0.1, ::1`; `none` closes it).
    pub metrics_from: Vec<crate::proxy::Network>,
    /// `VOC_RATE_LIMITS` and `VOC_LIMIT_*_PER_HOUR`: what anyone may do without signing in.
    pub intake_limits: crate::throttle::IntakeLimits,
    /// Notices: links, transports and the delivery worker's pace.
    pub notify: NotifyConfig,
    /// `VOC_RETENTION_YEARS` (3, as the privacy notice says): the personal data of a case
    /// closed longer ago is destroyed.
    pub retention_years: i64,
    /// `VOC_STAFF_2FA` (`required`, default, or `optional`): whether staff must sign in with
    /// a code from an authenticator app too.
    pub staff_2fa: crate::two_factor::Policy,
    /// `VOC_PROFILE` (`mungyeong`, default, or `kgs`): the organisation a new database is set
    /// up for.
    pub profile: crate::profile::Profile,
    /// `VOC_ORGANISATION`, `VOC_CONTACT`, `VOC_LETTER_FONT`: the written result notice's
    /// sender, telephone and font.
    pub letter: crate::letter::LetterConfig,
    /// `VOC_COMPENSATION_KRW` (e.g. `rudeness=20000,late_handling=5000`): the amount each
    /// compensation ground gives when none is named; 10,000 KRW for the grounds not named.
    pub compensation: app::domain::CompensationDefaults,
    /// `VOC_CONTACT_KEY` or `VOC_CONTACT_KEY_FILE`: the key contacts are hashed with to find
    /// a complainant's cases (a file next to a SQLite database, made once, when neither is set).
    pub contact_key: crate::contact_key::ContactKeySource,
    /// `VOC_CONTACT_REKEY=1`: hash every contact again when the key is not the one they were
    /// hashed with (instead of refusing to start).
    pub contact_rekey: bool,
}

/// `VOC_CONTACT_KEY`, else `VOC_CONTACT_KEY_FILE`, else the default file.
pub fn contact_key_from_env() -> crate::contact_key::ContactKeySource {
    use crate::contact_key::ContactKeySource;
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (var("VOC_CONTACT_KEY"), var("VOC_CONTACT_KEY_FILE")) {
        (Some(secret), _) => ContactKeySource::Secret(secret),
        (None, Some(file)) => ContactKeySource::File(file.into()),
        (None, None) => ContactKeySource::Default,
    }
}

/// Settings of notices and their delivery.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// `VOC_PUBLIC_URL`: where links in notices point, default `http://<LEPTOS_SITE_ADDR>`.
    pub public_url: String,
    /// `VOC_SMTP_URL`, e.g. `smtp://127.0.0.1:2525`, `smtps://user:pass@mail.example.com`,
    /// `smtp://mail.example.com:587?tls=required`. Unset: e-mail notices wait, undelivered.
    pub smtp_url: Option<String>,
    /// `VOC_MAIL_FROM`, default `고객의 소리 <voc@localhost>`.
    pub mail_from: String,
    /// The SMS gateway; unset (`VOC_SMS_URL` empty): text notices wait, undelivered.
    pub sms: Option<SmsConfig>,
    /// `VOC_OUTBOX_POLL_MS` (1000): how often the worker looks for due messages.
    pub poll: std::time::Duration,
    /// `VOC_OUTBOX_LEASE_SECS` (60): how long a claimed message is one worker's.
    pub lease_secs: i64,
    /// `VOC_OUTBOX_BACKOFF_MS` (5000): the first retry's wait; it doubles up to an hour.
    pub backoff_ms: i64,
    /// `VOC_OUTBOX_MAX_ATTEMPTS` (10): after that many failures a message is dead.
    pub max_attempts: i64,
    /// `VOC_ALERT_SWEEP_SECS` (60): how often deadlines are checked for staff alerts.
    pub sweep_secs: i64,
    /// `VOC_SURVEY_DAYS` (14): how many days after closure the survey stays open, as the
    /// invitation says.
    pub survey_days: i64,
    /// `VOC_SURVEY_FOLLOW_UP_AT_MOST` (2): a response scoring overall or result satisfaction
    /// at most this opens a follow-up for the VOC manager; `0` opens none.
    pub survey_follow_up_at_most: u8,
    /// `VOC_RECEIPTS_PER_RECIPIENT_PER_DAY` (3): receipt notices one phone number or e-mail
    /// address gets in 24 hours; more are withheld (recorded, never sent).
    pub receipts_per_recipient_per_day: i64,
    /// `VOC_SMS_PER_HOUR` (300): text messages sent in any hour at most; past it the rest
    /// wait and administrators are told once an hour.
    pub sms_per_hour: i64,
}

impl NotifyConfig {
    /// The channels this server is set up to send on; notices on the others wait.
    pub fn channels(&self) -> Vec<app::domain::NoticeChannel> {
        use app::domain::NoticeChannel;
        NoticeChannel::ALL
            .into_iter()
            .filter(|c| match c {
                NoticeChannel::Email => self.smtp_url.is_some(),
                NoticeChannel::Sms => self.sms.is_some(),
            })
            .collect()
    }
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:3000".into(),
            smtp_url: None,
            mail_from: "고객의 소리 <voc@localhost>".into(),
            sms: None,
            poll: std::time::Duration::from_millis(1000),
            lease_secs: 60,
            backoff_ms: 5000,
            max_attempts: 10,
            sweep_secs: 60,
            survey_days: app::domain::SURVEY_VALID_DAYS,
            survey_follow_up_at_most: app::domain::FOLLOW_UP_AT_MOST,
            receipts_per_recipient_per_day: 3,
            sms_per_hour: 300,
        }
    }
}

/// An HTTP SMS gateway. The default request shape is NHN Cloud's SMS API v3.0.
#[derive(Debug, Clone)]
pub struct SmsConfig {
    /// `VOC_SMS_URL`: the endpoint; `{type}` becomes `sms` or `mms` (NHN Cloud sends LMS
    /// through its `mms` endpoint).
    pub url: String,
    /// `VOC_SMS_AUTH_HEADER`: `Name: value`, e.g. `X-Secret-Key: …`.
    pub auth_header: Option<(String, String)>,
    /// `VOC_SMS_SENDER`: the registered sending number.
    pub sender: String,
    /// `VOC_SMS_BODY`: a JSON body in which the strings `{{to}}`, `{{from}}`, `{{text}}`,
    /// `{{subject}}`, `{{type}}` (`SMS`/`LMS`) and `{{id}}` are filled in.
    pub body: String,
}

/// NHN Cloud SMS v3.0: `{"body", "sendNo", "recipientList": [{"recipientNo"}]}`, plus a
/// title for LMS and our message id as the grouping key.
pub const DEFAULT_SMS_BODY: &str = r#"{"title":"{{subject}}","body":"{{text}}","sendNo":"{{from}}","recipientList":[{"recipientNo":"{{to}}","recipientGroupingKey":"{{id}}"}],"userId":"voc"}"#;

#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    name: &'static str,
    problem: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let site_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite:data/voc.db".into()),
            site_addr: site_addr.parse().map_err(|e| ConfigError {
                name: "LEPTOS_SITE_ADDR",
                problem: format!("{site_addr:?} is not host:port ({e})"),
            })?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            admin_password: var("VOC_ADMIN_PASSWORD"),
            secure_cookies: var("VOC_SECURE_COOKIES").is_some_and(|v| v == "1" || v == "true"),
            session_idle_minutes: number(var("VOC_SESSION_IDLE_MINUTES"), "VOC_SESSION_IDLE_MINUTES", 30)?,
            session_max_hours: number(var("VOC_SESSION_MAX_HOURS"), "VOC_SESSION_MAX_HOURS", 12)?,
            trusted_proxies: match var("VOC_TRUSTED_PROXIES") {
                Some(v) => crate::proxy::TrustedProxies::parse(&v)
                    .map_err(|problem| ConfigError { name: "VOC_TRUSTED_PROXIES", problem })?,
                None if var("VOC_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true") => {
                    crate::proxy::TrustedProxies::Hops(1)
                }
                None => crate::proxy::TrustedProxies::None,
            },
            metrics_from: match var("VOC_METRICS_FROM") {
                None => crate::observe::default_metrics_from(),
                Some(v) if v.trim() == "none" => Vec::new(),
                Some(v) => crate::proxy::Network::parse_list(&v)
                    .map_err(|problem| ConfigError { name: "VOC_METRICS_FROM", problem })?,
            },
            intake_limits: {
                let d = crate::throttle::IntakeLimits::default();
                let per_hour = |name: &'static str, default: crate::throttle::Limit| {
                    number(var(name), name, default.max).map(crate::throttle::Limit::per_hour)
                };
                crate::throttle::IntakeLimits {
                    on: match var("VOC_RATE_LIMITS").as_deref() {
                        None | Some("on") => true,
                        Some("off") => false,
                        Some(v) => {
                            return Err(ConfigError {
                                name: "VOC_RATE_LIMITS",
                                problem: format!("{v:?} is not on or off"),
                            });
                        }
                    },
                    filings: per_hour("VOC_LIMIT_FILINGS_PER_HOUR", d.filings)?,
                    uploads: per_hour("VOC_LIMIT_UPLOADS_PER_HOUR", d.uploads)?,
                    lookups: per_hour("VOC_LIMIT_LOOKUPS_PER_HOUR", d.lookups)?,
                    kiosk_filings: per_hour("VOC_LIMIT_KIOSK_FILINGS_PER_HOUR", d.kiosk_filings)?,
                    kiosk_uploads: per_hour("VOC_LIMIT_KIOSK_UPLOADS_PER_HOUR", d.kiosk_uploads)?,
                    kiosk_lookups: per_hour("VOC_LIMIT_KIOSK_LOOKUPS_PER_HOUR", d.kiosk_lookups)?,
                }
            },
            retention_years: number(var("VOC_RETENTION_YEARS"), "VOC_RETENTION_YEARS", 3)?,
            staff_2fa: match var("VOC_STAFF_2FA") {
                None => crate::two_factor::Policy::default(),
                Some(v) => crate::two_factor::Policy::parse(&v).ok_or(ConfigError {
                    name: "VOC_STAFF_2FA",
                    problem: format!("{v:?} is not required or optional"),
                })?,
            },
            profile: match var("VOC_PROFILE") {
                None => crate::profile::Profile::default(),
                Some(p) => crate::profile::Profile::parse(&p)
                    .ok_or(ConfigError { name: "VOC_PROFILE", problem: format!("{p:?} is not mungyeong or kgs") })?,
            },
            compensation: match var("VOC_COMPENSATION_KRW") {
                None => app::domain::CompensationDefaults::default(),
                Some(v) => app::domain::CompensationDefaults::parse(&v)
                    .map_err(|problem| ConfigError { name: "VOC_COMPENSATION_KRW", problem })?,
            },
            contact_key: contact_key_from_env(),
            contact_rekey: var("VOC_CONTACT_REKEY").is_some_and(|v| v == "1" || v == "true"),
            letter: crate::letter::LetterConfig {
                organisation: var("VOC_ORGANISATION"),
                contact: var("VOC_CONTACT"),
                font: var("VOC_LETTER_FONT")
                    .map_or_else(|| crate::letter::LetterConfig::default().font, std::path::PathBuf::from),
            },
            notify: NotifyConfig {
                public_url: var("VOC_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")),
                smtp_url: var("VOC_SMTP_URL"),
                mail_from: var("VOC_MAIL_FROM").unwrap_or_else(|| NotifyConfig::default().mail_from),
                sms: match var("VOC_SMS_URL") {
                    None => None,
                    Some(url) => Some(SmsConfig {
                        url,
                        auth_header: match var("VOC_SMS_AUTH_HEADER") {
                            None => None,
                            Some(h) => {
                                Some(h.split_once(':').map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).ok_or(
                                    ConfigError {
                                        name: "VOC_SMS_AUTH_HEADER",
                                        problem: format!("{h:?} is not `Name: value`"),
                                    },
                                )?)
                            }
                        },
                        sender: var("VOC_SMS_SENDER").ok_or(ConfigError {
                            name: "VOC_SMS_SENDER",
                            problem: "the sending number is needed when VOC_SMS_URL is set".into(),
                        })?,
                        body: match var("VOC_SMS_BODY") {
                            None => DEFAULT_SMS_BODY.into(),
                            Some(b) => {
                                serde_json::from_str::<serde_json::Value>(&b).map_err(|e| ConfigError {
                                    name: "VOC_SMS_BODY",
                                    problem: format!("not JSON: {e}"),
                                })?;
                                b
                            }
                        },
                    }),
                },
                poll: std::time::Duration::from_millis(
                    number(var("VOC_OUTBOX_POLL_MS"), "VOC_OUTBOX_POLL_MS", 1000)?.unsigned_abs(),
                ),
                lease_secs: number(var("VOC_OUTBOX_LEASE_SECS"), "VOC_OUTBOX_LEASE_SECS", 60)?,
                backoff_ms: number(var("VOC_OUTBOX_BACKOFF_MS"), "VOC_OUTBOX_BACKOFF_MS", 5000)?,
                max_attempts: number(var("VOC_OUTBOX_MAX_ATTEMPTS"), "VOC_OUTBOX_MAX_ATTEMPTS", 10)?,
                sweep_secs: number(var("VOC_ALERT_SWEEP_SECS"), "VOC_ALERT_SWEEP_SECS", 60)?,
                survey_days: match number(var("VOC_SURVEY_DAYS"), "VOC_SURVEY_DAYS", app::domain::SURVEY_VALID_DAYS)? {
                    d if d > 365 => {
                        return Err(ConfigError {
                            name: "VOC_SURVEY_DAYS",
                            problem: format!("{d} is more than 365 days"),
                        });
                    }
                    d => d,
                },
                survey_follow_up_at_most: match var("VOC_SURVEY_FOLLOW_UP_AT_MOST") {
                    None => app::domain::FOLLOW_UP_AT_MOST,
                    Some(v) => v.trim().parse::<u8>().ok().filter(|n| *n <= 4).ok_or(ConfigError {
                        name: "VOC_SURVEY_FOLLOW_UP_AT_MOST",
                        problem: format!("{v:?} is not a score from 0 (never) to 4"),
                    })?,
                },
                sms_per_hour: number(var("VOC_SMS_PER_HOUR"), "VOC_SMS_PER_HOUR", 300)?,
                receipts_per_recipient_per_day: number(
                    var("VOC_RECEIPTS_PER_RECIPIENT_PER_DAY"),
                    "VOC_RECEIPTS_PER_RECIPIENT_PER_DAY",
                    3,
                )?,
            },
        })
    }
}

fn number(v: Option<String>, name: &'static str, default: i64) -> Result<i64, ConfigError> {
    match v {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(ConfigError { name, problem: format!("{v:?} is not a positive whole number") }),
    }
}

/// A database URL fit for a log: `postgres://voc:secret@db/voc` → `postgres://voc:***@db/voc`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(redact_url("postgres://voc:s3cret@db:5432/voc"), "postgres://voc:***@db:5432/voc");
        assert_eq!(redact_url("postgres://voc@db/voc"), "postgres://voc@db/voc");
        assert_eq!(redact_url("sqlite:data/voc.db"), "sqlite:data/voc.db");
    }
}

/// Whether `url` names this machine only (`localhost`, `127.x.x.x`, `[::1]`): links built on it
/// open nowhere else.
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}

#[cfg(test)]
mod loopback_tests {
    use super::is_loopback_url;

    #[test]
    fn a_public_url_on_this_machine_only_is_noticed() {
        for url in [
            "http://127.0.0.1:3000",
            "http://localhost/",
            "https://[::1]:8443/x",
            "http://0.0.0.0:3000",
            "http://LOCALHOST",
        ] {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in
            ["https://voc.gmc.go.kr", "http://10.0.0.5:3000", "https://user@voc.example.kr/", "https://127.example.kr"]
        {
            assert!(!is_loopback_url(url), "{url}");
        }
    }
}
