//! Throttles: counters in the database, so that a limit holds across instances and cannot
//! be raced. A bucket's window opens at its first hit and lasts the limit's length.
//!
//! An attempt is counted *before* the work it guards (a password check, a lookup): the
//! count comes back from one atomic statement, so of forty attempts that arrive together
//! exactly `max` see a count within the limit and the rest are refused without any work.
//! An attempt that succeeds gives its hit back, so only failures use up a limit that
//! guards guessing; limits on volume (filings per address) keep every hit.

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreResult};

/// At most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

impl Limit {
    pub const fn per_hour(max: i64) -> Self {
        Self { max, window_secs: 3600 }
    }
}

/// Password checks per account, and per client address, in 15 minutes.
pub const SIGNIN_PER_ACCOUNT: Limit = Limit { max: 5, window_secs: 900 };
pub const SIGNIN_PER_ADDRESS: Limit = Limit { max: 20, window_secs: 900 };
/// Failed lookups (receipt number plus contact) per receipt number, and per address.
pub const LOOKUP_FAILURES_PER_RECEIPT: Limit = Limit { max: 5, window_secs: 900 };
pub const LOOKUP_FAILURES_PER_ADDRESS: Limit = Limit { max: 20, window_secs: 900 };

/// The limits on what anyone may do without signing in, per client address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeLimits {
    /// `VOC_RATE_LIMITS` (`on`, or `off` for load tests on a closed network).
    pub on: bool,
    /// `VOC_LIMIT_FILINGS_PER_HOUR` (30): cases filed without a session.
    pub filings: Limit,
    /// `VOC_LIMIT_UPLOADS_PER_HOUR` (150): attachments uploaded (five per filing at most).
    pub uploads: Limit,
    /// `VOC_LIMIT_LOOKUPS_PER_HOUR` (60): lookups by receipt number and contact, found or not.
    pub lookups: Limit,
    /// `VOC_LIMIT_KIOSK_FILINGS_PER_HOUR` (600), `…_UPLOADS_…` (3000), `…_LOOKUPS_…` (600):
    /// the same per registered kiosk, whatever address it shares with a facility's network.
    pub kiosk_filings: Limit,
    pub kiosk_uploads: Limit,
    pub kiosk_lookups: Limit,
}

impl Default for IntakeLimits {
    fn default() -> Self {
        Self {
            on: true,
            filings: Limit::per_hour(30),
            uploads: Limit::per_hour(150),
            lookups: Limit::per_hour(60),
            kiosk_filings: Limit::per_hour(600),
            kiosk_uploads: Limit::per_hour(3000),
            kiosk_lookups: Limit::per_hour(600),
        }
    }
}

/// A hit counted in a bucket's window, to be given back if the attempt succeeds.
#[derive(Debug)]
pub struct Held {
    bucket: String,
    window_start: i64,
    /// This hit used the last place in the window, and when the window ends.
    last: bool,
    window_end: i64,
}

/// If one of the held hits used its bucket's last place: the seconds until that window
/// ends (a fifth failed sign-in already says the account must wait).
pub fn full(held: &[Held], now: DateTime<Utc>) -> Option<Refused> {
    held.iter()
        .filter(|h| h.last)
        .map(|h| h.window_end - now.timestamp())
        .max()
        .map(|w| Refused { retry_after_secs: w.max(1) })
}

/// Refused: the seconds until the fullest window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub retry_after_secs: i64,
}

/// Counts one hit in each bucket in turn, the most specific first. If one is then over its
/// limit, the buckets after it are not counted, the hits are given back and the attempt is
/// refused with the wait of that window; otherwise the hits are held.
pub async fn take(
    store: &dyn Store,
    now: DateTime<Utc>,
    checks: &[(String, Limit)],
) -> StoreResult<Result<Vec<Held>, Refused>> {
    let now = now.timestamp();
    let mut held = Vec::with_capacity(checks.len());
    for (bucket, limit) in checks {
        let window = limit.window_secs.max(1);
        let (count, window_start) = store.count_hit(bucket, now, window).await?;
        let window_end = window_start + window;
        held.push(Held { bucket: bucket.clone(), window_start, last: count == limit.max, window_end });
        if count > limit.max {
            give_back(store, held).await?;
            return Ok(Err(Refused { retry_after_secs: (window_end - now).max(1) }));
        }
    }
    Ok(Ok(held))
}

/// Gives held hits back: the attempt they were counted for succeeded.
pub async fn give_back(store: &dyn Store, held: Vec<Held>) -> StoreResult<()> {
    for h in held {
        store.uncount_hit(&h.bucket, h.window_start).await?;
    }
    Ok(())
}

pub fn signin_account(username: &str) -> String {
    format!("signin:user:{username}")
}

pub fn signin_address(address: &str) -> String {
    format!("signin:addr:{address}")
}

/// The limits a password check counts against: the account's, then the address's. Signing in
/// and changing one's own password both check a password, so both count here.
pub fn signin_checks(username: &str, address: &str) -> [(String, Limit); 2] {
    [(signin_account(username), SIGNIN_PER_ACCOUNT), (signin_address(address), SIGNIN_PER_ADDRESS)]
}
