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
    /// `VOC_TRUST_PROXY=1`: take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
}

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
            trust_proxy: var("VOC_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true"),
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
