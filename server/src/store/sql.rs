//! The SQL store, one implementation for both backends through sqlx's `Any` driver:
//! SQLite (embedded default: one file, WAL, foreign keys on, write transactions that take
//! the write lock up front with `BEGIN IMMEDIATE`) and PostgreSQL (several app instances).
//!
//! Rules that keep one set of SQL valid on both: placeholders are `$1…$n`, numbered in order
//! of first use; flags are integer 0/1; times are integer Unix seconds; a status change is
//! a conditional `UPDATE … WHERE status = <the status we checked>`, so that under
//! PostgreSQL's READ COMMITTED two officers still cannot both move the same case.

use std::str::FromStr;

use app::domain::{
    Budget, BusinessCalendar, BusinessHours, CaseScope, CaseSearch, CaseStatus, Consent, Contact, DeadlinePolicy,
    Decision, DepartmentFilter, HistoryAction, ReceiptNo, Role, SearchSort, ValidAnswer, VocKind, to_seoul,
};
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, FromRow, Transaction};

use super::{
    Answer, AnswerTemplateRecord, CaseRecord, Department, Facility, HistoryRecord, Holiday, InterimRecord, NewCase,
    NewUser, PauseRecord, Session, SessionLimits, Store, StoreError, StoreResult, SupplementRecord, TokenPurpose, User,
};
use parts::rows;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// Hashes contacts for matching (`crate::contact_key`).
    contact_key: crate::contact_key::ContactKey,
    /// The calendar and deadline policies, kept between requests.
    config: std::sync::Arc<ConfigCache>,
}

/// How long an instance trusts its copy of the calendar and policies without hearing that
/// they changed. Its own edits and (PostgreSQL) other instances' edits announced over NOTIFY
/// take effect at once; this bounds an edit missed while the event listener was away.
const CONFIG_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The calendar and deadline policies as last read, with when. Every case action and view
/// needs them, and they change only by an administrator's edit.
#[derive(Default)]
struct ConfigCache {
    calendar: std::sync::Mutex<Option<(std::time::Instant, BusinessCalendar)>>,
    policies: std::sync::Mutex<Option<(std::time::Instant, Vec<DeadlinePolicy>)>>,
}

/// The value in `slot` if it is younger than [`CONFIG_TTL`].
fn fresh<T: Clone>(slot: &std::sync::Mutex<Option<(std::time::Instant, T)>>) -> Option<T> {
    let kept = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    kept.as_ref().filter(|(at, _)| at.elapsed() < CONFIG_TTL).map(|(_, v)| v.clone())
}

fn keep<T>(slot: &std::sync::Mutex<Option<(std::time::Instant, T)>>, value: T) {
    *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((std::time::Instant::now(), value));
}

impl ConfigCache {
    fn forget(&self) {
        *self.calendar.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        *self.policies.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

mod activities;
mod admin;
mod attachments;
mod case_tx;
mod contact_keys;
mod evaluations;
mod follow_up;
mod kiosks;
mod kpi;
mod links;
mod lists;
mod materials;
mod notices;
mod panel;
mod parties;
mod parts;
mod practices;
mod queue;
mod reduction;
mod reports;
mod retention;
mod supplements;
mod surveys;
mod trails;
mod training;
mod two_factor;

pub use case_tx::{CaseTx, Entry, Filed, NewReferral, Placement};
pub use follow_up::ImprovementTx;
pub use retention::{DueCase, PurgeTx};

/// `sqlite:data/voc.db?x=y` → the file path `data/voc.db`.
pub(crate) fn sqlite_path(url: &str) -> &str {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    rest.split('?').next().unwrap_or(rest)
}

impl SqlStore {
    /// Opens the database at `url` (creating a SQLite file and its folder if missing), applies
    /// every migration of its backend and checks that its contacts were hashed with `key`
    /// (hashing them if they never were).
    pub async fn open(url: &str, key: &crate::contact_key::ContactKey) -> StoreResult<Self> {
        Self::open_with(url, key, contact_keys::Rekey::No).await
    }

    /// [`Self::open`], hashing every contact again with `key` if they were hashed with another
    /// (`VOC_CONTACT_REKEY=1`).
    pub async fn open_rekeying(url: &str, key: &crate::contact_key::ContactKey) -> StoreResult<Self> {
        Self::open_with(url, key, contact_keys::Rekey::Yes).await
    }

    async fn open_with(
        url: &str,
        key: &crate::contact_key::ContactKey,
        rekey: contact_keys::Rekey,
    ) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let backend =
            Backend::of_url(url).ok_or_else(|| StoreError::Corrupt(format!("unsupported database URL {url:?}")))?;
        let pool = match backend {
            Backend::Sqlite => {
                let path = std::path::Path::new(sqlite_path(url));
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Db(sqlx::Error::Io(e)))?;
                }
                let url = if url.contains("mode=") {
                    url.to_owned()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::raw_sql(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                            )
                            .execute(conn)
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => AnyPoolOptions::new().max_connections(16).connect(url).await?,
        };
        match backend {
            Backend::Sqlite => SQLITE_MIGRATOR.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATOR.run(&pool).await?,
        }
        hash_plain_tracking_tokens(&pool).await?;
        contact_keys::ensure(&pool, backend, key, rekey).await?;
        Ok(Self { pool, backend, contact_key: key.clone(), config: std::sync::Arc::default() })
    }

    /// A new password hash (the change-me mark goes) and the end of every session of the
    /// account but `keep_session`, in one transaction.
    async fn replace_password(&self, id: i64, password_hash: &str, keep_session: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let r = sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The key contacts are hashed with.
    pub fn contact_key(&self) -> &crate::contact_key::ContactKey {
        &self.contact_key
    }

    pub fn kind(&self) -> Backend {
        self.backend
    }

    /// A write transaction; on SQLite it takes the write lock at once.
    async fn write(&self) -> StoreResult<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

#[derive(FromRow)]
struct OneCaseRow {
    #[sqlx(flatten)]
    case: CaseRow,
    pauses: String,
}

/// A case as a step reads it: [`OneCaseRow`] with the supplement requests its permission
/// is decided from.
#[derive(FromRow)]
struct ActOnRow {
    #[sqlx(flatten)]
    one: OneCaseRow,
    supplements: String,
}

#[derive(FromRow, serde::Deserialize)]
struct PauseRow {
    case_id: i64,
    reason: String,
    note: String,
    started_at: i64,
    started_by: String,
    ended_at: Option<i64>,
    ended_by: Option<String>,
}

impl TryFrom<PauseRow> for PauseRecord {
    type Error = StoreError;
    fn try_from(r: PauseRow) -> StoreResult<Self> {
        Ok(PauseRecord {
            reason: r.reason.parse().map_err(|_| StoreError::Corrupt(format!("pause reason {:?}", r.reason)))?,
            note: r.note,
            started_at: time(r.started_at)?,
            started_by: r.started_by,
            ended_at: r.ended_at.map(time).transpose()?,
            ended_by: r.ended_by,
        })
    }
}

/// Reads a case's status inside a write transaction and checks that it may become `to`.
async fn status_for(tx: &mut Transaction<'static, Any>, id: i64, to: CaseStatus) -> StoreResult<CaseStatus> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM cases WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    may_become(&status.ok_or(StoreError::NotFound)?, to)
}

/// The stored status `status`, checked that it may become `to` (409 otherwise).
fn may_become(status: &str, to: CaseStatus) -> StoreResult<CaseStatus> {
    let from = CaseStatus::from_str(status).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    if from.can_become(to) { Ok(from) } else { Err(StoreError::InvalidTransition { from, to }) }
}

/// The case's status if it is still open (not closed, not withdrawn): the precondition of
/// every step that adds to an open case without moving its status.
pub(super) async fn open_status(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<CaseStatus> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM cases WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    let status =
        CaseStatus::from_str(&status.ok_or(StoreError::NotFound)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    if status.is_open() { Ok(status) } else { Err(StoreError::InvalidTransition { from: status, to: status }) }
}

/// A query to bind more values to.
pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// [`StoreError::UnknownDepartment`] unless the department exists (retired ones do).
pub(super) async fn known_department<'e, E: sqlx::Executor<'e, Database = Any>>(db: E, id: i64) -> StoreResult<()> {
    let known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM departments WHERE id = $1").bind(id).fetch_optional(db).await?;
    known.map(|_| ()).ok_or(StoreError::UnknownDepartment)
}

/// Why a guarded `UPDATE … WHERE id = $1 AND <not yet done>` changed nothing: the row was
/// done already (`AlreadyExists`) or is not there (`NotFound`).
pub(super) async fn done_or_missing(tx: &mut Transaction<'static, Any>, table: &str, id: i64) -> StoreError {
    let exists: Result<Option<i64>, _> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT id FROM {table} WHERE id = $1")))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await;
    match exists {
        Ok(Some(_)) => StoreError::AlreadyExists,
        Ok(None) => StoreError::NotFound,
        Err(e) => e.into(),
    }
}

/// `Replay` if `key` already made a case from the same request, `KeyReused` if from another.
async fn replayed(tx: &mut Transaction<'static, Any>, key: &str, fingerprint: &str) -> StoreResult<()> {
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT case_id, fingerprint FROM idempotency_keys WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?;
    match found {
        Some((id, f)) if f == fingerprint => Err(StoreError::Replay(id)),
        Some(_) => Err(StoreError::KeyReused),
        None => Ok(()),
    }
}

/// What else a status change sets on the case.
pub enum Also<'a> {
    Nothing,
    /// Closed on its answer: `closed_at` = now and the case's decision that of its latest
    /// approved answer (which the acceptance rate counts).
    Answered,
    /// `closed_at` = now and why it closed without an answer.
    CloseBecause(&'a str),
    /// Closed without being handled here (`closed_at`, `closure_reason`), so it leaves the
    /// handling-time figures, with where it went, if anywhere.
    CloseUnhandled(&'a str, Elsewhere<'a>),
    /// `closed_at` cleared.
    Reopen,
    /// A new deadline (Unix seconds).
    Due(i64),
}

/// Where a case closed without being handled here went.
#[derive(Debug, Clone, Copy)]
pub enum Elsewhere<'a> {
    Nowhere,
    /// Sent to another agency (이송).
    Agency(&'a str),
    /// Merged into this case, its original.
    Case(i64),
}

/// Moves a case from `from` (the status the caller checked) to `to` and records it in the
/// history with before and after. Zero rows updated means another transaction moved the case
/// first: the whole change fails and rolls back. `handling` is the business time a closing
/// case took (seconds), kept in the same statement.
#[allow(clippy::too_many_arguments)]
async fn move_case(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    (from, to): (CaseStatus, CaseStatus),
    at: DateTime<Utc>,
    actor: &str,
    action: HistoryAction,
    detail: &str,
    also: Also<'_>,
    handling: Option<case_tx::Handling>,
) -> StoreResult<()> {
    move_status(tx, id, (from, to), at, also, handling).await?;
    // A paused case that ends (withdrawn, returned) ends its pause with it; resuming ends
    // it itself, with the moved deadline.
    if from == CaseStatus::Paused && to != CaseStatus::InProgress {
        sqlx::query("UPDATE case_pauses SET ended_at = $1, ended_by = $2 WHERE case_id = $3 AND ended_at IS NULL")
            .bind(secs(at))
            .bind(actor)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    history_change(tx, id, at, actor, action, detail, Some(from.ko()), Some(to.ko())).await
}

/// The one guarded status change: `from` (the status the caller checked) to `to`, with what
/// else the change sets and, on closing, the business time the case took (with the number of
/// pauses it was counted from, when they were read before the transaction: the move also
/// needs the case to have just those). A step whose
/// history entry records something other than the status (assignment records the handler)
/// calls it and writes its own entry.
async fn move_status(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    (from, to): (CaseStatus, CaseStatus),
    at: DateTime<Utc>,
    also: Also<'_>,
    handling: Option<case_tx::Handling>,
) -> StoreResult<()> {
    if !from.can_become(to) {
        return Err(StoreError::InvalidTransition { from, to });
    }
    // $1 the new status, $2 the case, $3 the status checked; then what `also` binds.
    let (set, next) = match also {
        Also::Nothing => ("status = $1", 4),
        Also::Answered => (
            "status = $1, closed_at = $4, decision = (SELECT a.decision FROM answers a \
             WHERE a.case_id = $2 AND a.state = 'approved' ORDER BY a.id DESC LIMIT 1)",
            5,
        ),
        Also::CloseBecause(_) => ("status = $1, closed_at = $4, closure_reason = $5", 6),
        Also::CloseUnhandled(..) => (
            "status = $1, closed_at = $4, closure_reason = $5, handling_secs = NULL, \
             transferred_to = coalesce($6, transferred_to), merged_into = coalesce($7, merged_into)",
            8,
        ),
        // Open again: the reason it was once closed for no longer holds.
        Also::Reopen => ("status = $1, closed_at = NULL, closure_reason = NULL", 4),
        Also::Due(_) => ("status = $1, due_at = $4", 5),
    };
    let handling_set = if handling.is_some() { format!(", handling_secs = ${next}") } else { String::new() };
    // The number comes from the rows read, never from a request.
    let pauses_guard = match handling.and_then(|h| h.pauses_read) {
        Some(n) => format!(" AND (SELECT count(*) FROM case_pauses p WHERE p.case_id = $2) = {n}"),
        None => String::new(),
    };
    let sql = format!("UPDATE cases SET {set}{handling_set} WHERE id = $2 AND status = $3{pauses_guard}");
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to.as_str()).bind(id).bind(from.as_str());
    let q = match also {
        Also::Answered => q.bind(secs(at)),
        Also::CloseBecause(reason) => q.bind(secs(at)).bind(reason),
        Also::CloseUnhandled(reason, elsewhere) => {
            let (agency, case) = match elsewhere {
                Elsewhere::Nowhere => (None, None),
                Elsewhere::Agency(a) => (Some(a), None),
                Elsewhere::Case(c) => (None, Some(c)),
            };
            q.bind(secs(at)).bind(reason).bind(agency).bind(case)
        }
        Also::Due(due) => q.bind(due),
        Also::Nothing | Also::Reopen => q,
    };
    let q = match handling {
        Some(took) => q.bind(took.secs),
        None => q,
    };
    let moved = q.execute(&mut **tx).await?;
    still(moved, from, to)
}

/// The alert addresses of the active executives and VOC managers: who hears of urgent and
/// serious cases.
async fn executives_and_managers(tx: &mut Transaction<'static, Any>) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT email FROM users WHERE role IN ('executive', 'voc_manager') AND active = 1 \
         AND email IS NOT NULL AND email <> '' ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Fails a status change that another transaction got to first.
fn still(r: sqlx::any::AnyQueryResult, from: CaseStatus, to: CaseStatus) -> StoreResult<()> {
    if r.rows_affected() == 1 { Ok(()) } else { Err(StoreError::InvalidTransition { from, to }) }
}

/// Rewrites the tracking tokens that databases before migration 0021 kept in plain text as
/// their SHA-256 (a hash is 64 hex digits; a token is 32 URL-safe characters), so the links
/// already sent keep working and no token stays readable. Runs at every start; after the
/// first it finds nothing.
async fn hash_plain_tracking_tokens(pool: &AnyPool) -> StoreResult<()> {
    loop {
        let plain: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, tracking_token FROM cases WHERE length(tracking_token) <> 64 LIMIT 500")
                .fetch_all(pool)
                .await?;
        if plain.is_empty() {
            return Ok(());
        }
        let mut tx = pool.begin().await?;
        for (id, token) in &plain {
            sqlx::query("UPDATE cases SET tracking_token = $1 WHERE id = $2")
                .bind(crate::auth::token_hash(token))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(cases = plain.len(), "plain tracking tokens replaced by their hashes");
    }
}

/// A new random token for a complainant's link to a case, stored as its hash, inside `tx`.
pub(super) async fn mint_token(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    purpose: TokenPurpose,
    expires_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> StoreResult<String> {
    let token = crate::auth::random_token();
    sqlx::query(
        "INSERT INTO case_tokens (token_hash, case_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::auth::token_hash(&token))
    .bind(case_id)
    .bind(purpose.as_str())
    .bind(secs(at))
    .bind(expires_at.map(secs))
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn time(s: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(s, 0).ok_or_else(|| StoreError::Corrupt(format!("time {s}")))
}

/// A value bound to a search's placeholder.
enum SearchArg {
    Int(i64),
    Text(String),
}

/// The `WHERE` of a case search: only the conditions given, so that each can use its index
/// (`$n IS NULL OR …` would make every one a scan). `{}` in a condition is its placeholder.
#[derive(Default)]
struct SearchWhere {
    conditions: Vec<String>,
    args: Vec<SearchArg>,
}

impl SearchWhere {
    fn add(&mut self, condition: &str, arg: SearchArg) {
        self.args.push(arg);
        self.conditions.push(condition.replace("{}", &format!("${}", self.args.len())));
    }
    fn sql(&self) -> String {
        if self.conditions.is_empty() { String::new() } else { format!("WHERE {}", self.conditions.join(" AND ")) }
    }
    /// The filters a case search and the queue share, each given one an equality.
    fn columns(
        &mut self,
        status: Option<CaseStatus>,
        kind: Option<VocKind>,
        channel: Option<app::domain::Channel>,
        facility: Option<&str>,
        category: Option<&str>,
    ) {
        for (column, value) in [
            ("c.status", status.map(CaseStatus::as_str)),
            ("c.kind", kind.map(VocKind::as_str)),
            ("c.channel", channel.map(app::domain::Channel::as_str)),
            ("c.facility", facility),
            ("c.category", category),
        ] {
            if let Some(v) = value {
                self.add(&format!("{column} = {{}}"), SearchArg::Text(v.to_owned()));
            }
        }
    }
}

/// Words in a case's content, answers or notes, which each backend keeps as one search
/// document per case: a query of the matching case ids and the value to bind. SQLite: the
/// trigram index (FTS5 `case_text`, a phrase) for three characters or more, the index of
/// character pairs (`case_bigrams`) for two letters, where such a word is one entry, else
/// `LIKE` over the three texts. PostgreSQL: `case_search`, whose trigram index serves `LIKE`
/// from three characters and whose `voc_bigrams` index serves two letters (with `strpos`, which
/// is cheaper to test row by row and, unlike `LIKE`, offers the trigram index nothing to scan
/// whole).
fn search_text(backend: Backend, text: &str) -> (&'static str, String) {
    const LIKE_SQLITE: &str = "SELECT id FROM cases WHERE lower(content) LIKE {} ESCAPE '\\' \
         UNION SELECT case_id FROM answers WHERE lower(result) LIKE {} ESCAPE '\\' \
         UNION SELECT case_id FROM case_notes WHERE lower(body) LIKE {} ESCAPE '\\'";
    const LIKE_POSTGRES: &str = "SELECT id FROM case_search WHERE body LIKE {} ESCAPE '\\'";
    const FTS: &str = "SELECT rowid FROM case_text WHERE case_text MATCH {}";
    const PAIRS_SQLITE: &str = "SELECT rowid FROM case_bigrams WHERE case_bigrams MATCH {}";
    const PAIRS_POSTGRES: &str =
        "SELECT id FROM case_search WHERE voc_bigrams(body) @> ARRAY[{}::text] AND strpos(body, {}) > 0";
    let length = text.chars().count();
    let pair = length == 2 && text.chars().all(char::is_alphanumeric);
    match backend {
        Backend::Sqlite if length >= 3 => (FTS, format!("\"{}\"", text.replace('"', "\"\""))),
        Backend::Sqlite if pair => (PAIRS_SQLITE, format!("\"{}\"", text.to_lowercase())),
        Backend::Postgres if pair => (PAIRS_POSTGRES, text.to_lowercase()),
        _ => {
            // `%`, `_` and the escape itself match only themselves.
            let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let like = if backend == Backend::Postgres { LIKE_POSTGRES } else { LIKE_SQLITE };
            (like, format!("%{escaped}%"))
        }
    }
}

/// The columns every case query selects, with the latest answer.
macro_rules! case_select {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.receipt_no, c.kind, c.channel, c.status, c.facility, \
             f.name_ko AS facility_name, c.category, c.content, c.name, c.phone, c.email, c.address, c.reply_by, \
             c.consent_sms, c.consent_email, c.consent_publish, c.received_at, c.due_at, c.closed_at, \
             c.budget_secs, c.due_at_close, c.original_due_at, c.extensions, c.transferred_to, \
             c.merged_into, (SELECT o.receipt_no FROM cases o WHERE o.id = c.merged_into) AS merged_into_receipt, \
             c.closure_note, c.appeal_of, (SELECT o.receipt_no FROM cases o WHERE o.id = c.appeal_of) AS appeal_of_receipt, \
             (SELECT p.id FROM cases p WHERE p.appeal_of = c.id) AS appealed_by, \
             (SELECT p.receipt_no FROM cases p WHERE p.appeal_of = c.id) AS appealed_by_receipt, \
             c.serious_reason, c.serious_note, c.serious_at, c.due_soon_secs, c.interim_due_at, \
             c.interim_sent_at, c.interim_reason, c.interim_expected_on, \
             c.department_id, d.name AS department_name, c.assignee_id, u.display_name AS assignee_name, \
             c.registered_by, c.closure_reason, c.agency, c.agency_ref, c.lang, c.consent_at, c.consent_version, \
             c.unreachable_at, c.unreachable_note, \
             a.result AS answer_result, a.basis AS answer_basis, a.appeal AS answer_appeal, \
             a.answered_at AS answered_at, a.decision AS answer_decision \
             FROM cases c LEFT JOIN facilities f ON f.code = c.facility \
             LEFT JOIN departments d ON d.id = c.department_id \
             LEFT JOIN users u ON u.id = c.assignee_id \
             LEFT JOIN answers a ON a.id = (SELECT max(id) FROM answers WHERE case_id = c.id AND state = 'approved') ",
            $tail
        )
    };
}

impl SqlStore {
    /// The SELECT of one case for `tail` (its `WHERE`) with the case's pauses as a JSON
    /// column, so that a case is read in one statement.
    fn one_case(&self, tail: &str) -> StoreResult<String> {
        self.one_case_with(tail, "")
    }

    /// [`Self::one_case`] with `more` columns after the pauses (each with its leading comma).
    fn one_case_with(&self, tail: &str, more: &str) -> StoreResult<String> {
        let pauses = parts::Part::new(
            "SELECT case_id, reason, note, started_at, started_by, ended_at, ended_by FROM case_pauses \
             WHERE case_id = c.id",
            "started_at, id",
        )
        .aggregate(self.backend)?;
        let select = case_select!("");
        let (columns, from) = select.split_once(" FROM cases c ").ok_or_else(|| StoreError::Corrupt(select.into()))?;
        Ok(format!("{columns}, {pauses} AS pauses{more} FROM cases c {from}{tail}"))
    }

    /// The case a [`Self::one_case`] statement answered, with its pauses.
    fn case_with_pauses(row: Option<OneCaseRow>) -> StoreResult<Option<CaseRecord>> {
        let Some(OneCaseRow { case, pauses }) = row else { return Ok(None) };
        let mut case = CaseRecord::try_from(case)?;
        case.pauses = parts::rows::<PauseRow, _>(&pauses, PauseRecord::try_from)?;
        Ok(Some(case))
    }
}

impl SqlStore {
    /// The cases with these ids, in the order given, with their pauses (ids not found are
    /// left out). Ids come from the database, never from a request.
    pub(super) async fn cases_in_order(&self, ids: &[i64]) -> StoreResult<Vec<CaseRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let rows: Vec<CaseRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{} WHERE c.id IN ({list})", case_select!(""))))
                .fetch_all(&self.pool)
                .await?;
        let mut by_id: std::collections::HashMap<i64, CaseRecord> = std::collections::HashMap::new();
        for r in rows {
            let c = CaseRecord::try_from(r)?;
            by_id.insert(c.id, c);
        }
        let pauses: Vec<PauseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT case_id, reason, note, started_at, started_by, ended_at, ended_by FROM case_pauses \
             WHERE case_id IN ({list}) ORDER BY case_id, started_at, id"
        )))
        .fetch_all(&self.pool)
        .await?;
        for p in pauses {
            if let Some(c) = by_id.get_mut(&p.case_id) {
                c.pauses.push(p.try_into()?);
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

#[derive(FromRow)]
struct CaseRow {
    id: i64,
    receipt_no: String,
    kind: String,
    channel: String,
    status: String,
    facility: Option<String>,
    facility_name: Option<String>,
    category: Option<String>,
    content: String,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    reply_by: Option<String>,
    consent_sms: i64,
    consent_email: i64,
    consent_publish: i64,
    received_at: i64,
    due_at: i64,
    closed_at: Option<i64>,
    budget_secs: i64,
    due_at_close: i64,
    original_due_at: Option<i64>,
    extensions: i64,
    transferred_to: Option<String>,
    merged_into: Option<i64>,
    merged_into_receipt: Option<String>,
    closure_note: Option<String>,
    appeal_of: Option<i64>,
    appeal_of_receipt: Option<String>,
    appealed_by: Option<i64>,
    appealed_by_receipt: Option<String>,
    serious_reason: Option<String>,
    serious_note: Option<String>,
    serious_at: Option<i64>,
    due_soon_secs: i64,
    interim_due_at: Option<i64>,
    interim_sent_at: Option<i64>,
    interim_reason: Option<String>,
    interim_expected_on: Option<String>,
    department_id: Option<i64>,
    department_name: Option<String>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    registered_by: Option<i64>,
    closure_reason: Option<String>,
    agency: Option<String>,
    agency_ref: Option<String>,
    lang: String,
    consent_at: Option<i64>,
    consent_version: Option<String>,
    unreachable_at: Option<i64>,
    unreachable_note: Option<String>,
    answer_result: Option<String>,
    answer_basis: Option<String>,
    answer_appeal: Option<String>,
    answered_at: Option<i64>,
    answer_decision: Option<String>,
}

impl TryFrom<CaseRow> for CaseRecord {
    type Error = StoreError;
    fn try_from(r: CaseRow) -> StoreResult<Self> {
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("case {} {what} {v:?}", r.id));
        let answer = match (r.answer_result, r.answer_basis, r.answer_appeal, r.answered_at, r.answer_decision) {
            (Some(result), Some(basis), Some(appeal), Some(at), Some(decision)) => Some(Answer {
                result,
                basis,
                appeal,
                answered_at: time(at)?,
                decision: decision.parse().map_err(|_| corrupt("answer decision", &decision))?,
            }),
            _ => None,
        };
        Ok(CaseRecord {
            id: r.id,
            kind: r.kind.parse().map_err(|_| corrupt("kind", &r.kind))?,
            channel: r.channel.parse().map_err(|_| corrupt("channel", &r.channel))?,
            status: r.status.parse().map_err(|_| corrupt("status", &r.status))?,
            receipt_no: r.receipt_no,
            facility: r.facility,
            facility_name: r.facility_name,
            category: r.category,
            content: r.content,
            name: r.name,
            phone: r.phone,
            email: r.email,
            address: r.address,
            reply_by: r.reply_by.map(|m| m.parse().map_err(|_| corrupt("reply_by", &m))).transpose()?,
            consent: Consent { sms: r.consent_sms != 0, email: r.consent_email != 0, publish: r.consent_publish != 0 },
            received_at: time(r.received_at)?,
            due_at: time(r.due_at)?,
            closed_at: r.closed_at.map(time).transpose()?,
            answer,
            budget: Budget::new(r.budget_secs, r.due_at_close != 0),
            original_due_at: r.original_due_at.map(time).transpose()?,
            extensions: u32::try_from(r.extensions).map_err(|_| corrupt("extensions", &r.extensions.to_string()))?,
            transferred_to: r.transferred_to,
            merged_into: r.merged_into.zip(r.merged_into_receipt),
            closure_note: r.closure_note,
            appeal_of: r.appeal_of.zip(r.appeal_of_receipt),
            appealed_by: r.appealed_by.zip(r.appealed_by_receipt),
            serious: match (r.serious_reason, r.serious_note, r.serious_at) {
                (Some(reason), Some(note), Some(at)) => {
                    Some((reason.parse().map_err(|_| corrupt("serious reason", &reason))?, note, time(at)?))
                }
                _ => None,
            },
            due_soon_secs: r.due_soon_secs,
            interim_due_at: r.interim_due_at.map(time).transpose()?,
            interim: match (r.interim_sent_at, r.interim_reason) {
                (Some(at), Some(reason)) => Some(InterimRecord {
                    sent_at: time(at)?,
                    reason,
                    expected_on: match r.interim_expected_on {
                        Some(d) => Some(
                            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                                .map_err(|_| corrupt("interim expected day", &d))?,
                        ),
                        None => None,
                    },
                }),
                _ => None,
            },
            pauses: Vec::new(),
            department_id: r.department_id,
            department_name: r.department_name,
            assignee_id: r.assignee_id,
            assignee_name: r.assignee_name,
            registered_by: r.registered_by,
            closure_reason: r.closure_reason,
            agency: r.agency,
            agency_ref: r.agency_ref,
            lang: r.lang.parse().map_err(|_| corrupt("lang", &r.lang))?,
            consent_at: r.consent_at.map(time).transpose()?,
            consent_version: r.consent_version,
            unreachable_at: r.unreachable_at.map(time).transpose()?,
            unreachable_note: r.unreachable_note,
        })
    }
}

#[derive(FromRow)]
struct TemplateRow {
    id: i64,
    kind: Option<String>,
    category: Option<String>,
    title: String,
    result: String,
    basis: String,
    appeal: String,
    updated_by: String,
    updated_at: i64,
}

impl TryFrom<TemplateRow> for AnswerTemplateRecord {
    type Error = StoreError;
    fn try_from(r: TemplateRow) -> StoreResult<Self> {
        let kind = match r.kind {
            Some(k) => {
                Some(k.parse().map_err(|_| StoreError::Corrupt(format!("answer template {} kind {k:?}", r.id)))?)
            }
            None => None,
        };
        Ok(AnswerTemplateRecord {
            id: r.id,
            template: app::domain::ValidAnswerTemplate {
                kind,
                category: r.category,
                title: r.title,
                result: r.result,
                basis: r.basis,
                appeal: r.appeal,
            },
            updated_by: r.updated_by,
            updated_at: time(r.updated_at)?,
        })
    }
}

#[derive(FromRow, serde::Deserialize)]
pub(super) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    department_id: Option<i64>,
    department_name: Option<String>,
    active: i64,
    email: Option<String>,
    must_change_password: i64,
    totp_enrolled_at: Option<i64>,
}

/// The columns of a [`UserRow`], from `users u` joined to `departments d`.
const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.department_id, d.name AS department_name, \
     u.active, u.email, u.must_change_password, u.totp_enrolled_at";

/// The members of a case's department, active or not (`$1` the case's id).
fn department_users() -> parts::Part {
    parts::Part::new(
        format!(
            "SELECT {USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id \
             WHERE u.department_id = (SELECT c.department_id FROM cases c WHERE c.id = $1)"
        ),
        "u.id",
    )
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> StoreResult<Self> {
        Ok(User {
            role: r
                .role
                .parse::<Role>()
                .map_err(|_| StoreError::Corrupt(format!("user {} role {:?}", r.id, r.role)))?,
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            department_id: r.department_id,
            department_name: r.department_name,
            active: r.active != 0,
            email: r.email,
            must_change_password: r.must_change_password != 0,
            two_factor: r.totp_enrolled_at.is_some(),
        })
    }
}

async fn history_entry(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    at: DateTime<Utc>,
    actor: &str,
    action: HistoryAction,
    detail: &str,
) -> StoreResult<()> {
    history_change(tx, case_id, at, actor, action, detail, None, None).await
}

/// `n` rows of `width` numbered placeholders, for a multi-row `VALUES` of one statement:
/// `($1, $2), ($3, $4)`.
fn placeholders(n: usize, width: usize) -> String {
    (0..n)
        .map(|row| {
            let cells: Vec<String> = (1..=width).map(|col| format!("${}", row * width + col)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A history entry that records what a field was and became.
#[allow(clippy::too_many_arguments)]
async fn history_change(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    at: DateTime<Utc>,
    actor: &str,
    action: HistoryAction,
    detail: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_history (case_id, at, actor, action, detail, before_value, after_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(secs(at))
    .bind(actor)
    .bind(action.as_str())
    .bind(detail)
    .bind(before)
    .bind(after)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An answer row: approved at once by its author, or a draft for the department head.
async fn insert_answer(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    decision: Decision,
    answer: &ValidAnswer,
    by: &User,
    at: DateTime<Utc>,
    approved: bool,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO answers (case_id, result, basis, appeal, answered_by, answered_at, decision, state, approved_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(case_id)
    .bind(&answer.result)
    .bind(&answer.basis)
    .bind(&answer.appeal)
    .bind(by.id)
    .bind(secs(at))
    .bind(decision.as_str())
    .bind(if approved { "approved" } else { "draft" })
    .bind(approved.then_some(by.id))
    .fetch_one(&mut **tx)
    .await?)
}

/// The department of the first active routing rule (by priority) that a case of this kind,
/// facility and category meets.
async fn rule_department(
    tx: &mut Transaction<'static, Any>,
    kind: VocKind,
    facility: Option<&str>,
    category: Option<&str>,
) -> StoreResult<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT r.department_id, d.name FROM routing_rules r JOIN departments d ON d.id = r.department_id \
         WHERE r.active = 1 AND d.active = 1 AND (r.kind IS NULL OR r.kind = $1) \
         AND (r.facility IS NULL OR r.facility = $2) AND (r.category IS NULL OR r.category = $3) \
         ORDER BY r.priority, r.id LIMIT 1",
    )
    .bind(kind.as_str())
    .bind(facility)
    .bind(category)
    .fetch_optional(&mut **tx)
    .await?)
}

async fn department_name(tx: &mut Transaction<'static, Any>, id: Option<i64>) -> StoreResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(sqlx::query_scalar("SELECT name FROM departments WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?)
}

/// The business-hours row.
const HOURS_SQL: &str = "SELECT open, break_start, break_end, close FROM business_hours WHERE id = 1";

fn hours_of((open, bs, be, close): (i64, i64, i64, i64)) -> StoreResult<BusinessHours> {
    let u = |v: i64| u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("business hour {v}")));
    BusinessHours::new(u(open)?, u(bs)?, u(be)?, u(close)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

impl SqlStore {
    /// After a committed change to the calendar or policies: this instance forgets its copy at
    /// once, and tells the others to (PostgreSQL).
    pub(super) async fn config_changed(&self) {
        self.config.forget();
        if let Err(e) = self.notify(super::CONFIG_CHANGED).await {
            tracing::error!(error = %e, "NOTIFY failed; other instances see the change within a minute");
        }
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        self.backend.name()
    }

    fn pool_use(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    async fn engine_version(&self) -> StoreResult<String> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT sqlite_version()",
            Backend::Postgres => "SELECT current_setting('server_version')",
        };
        Ok(sqlx::query_scalar(sql).fetch_one(&self.pool).await?)
    }

    async fn facilities(&self) -> StoreResult<Vec<Facility>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT code, name_ko, name_en FROM facilities WHERE active = 1 ORDER BY sort, code")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(code, name_ko, name_en)| Facility { code, name_ko, name_en }).collect())
    }

    async fn insert_case(&self, new: &NewCase) -> StoreResult<Filed> {
        let v = &new.input;
        let mut tx = self.write().await?;
        if let Some((key, fingerprint)) = &new.idempotency {
            replayed(&mut tx, key, fingerprint).await?;
        }
        // The codes chosen must be offered now; an appeal carries its original's, whatever
        // became of them since.
        let chosen = new.appeal_of.is_none();
        if let Some(f) = v.facility.as_ref().filter(|_| chosen) {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM facilities WHERE code = $1 AND active = 1")
                .bind(f)
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                return Err(StoreError::UnknownFacility);
            }
        }
        if let Some(c) = v.category.as_ref().filter(|_| chosen) {
            // The complainant chooses among the public ones (the KGS homepage's); staff any.
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM categories WHERE code = $1 AND active = 1 AND (public = 1 OR $2 = 1)",
            )
            .bind(c)
            .bind(i64::from(new.actor.is_some()))
            .fetch_optional(&mut *tx)
            .await?;
            if found.is_none() {
                return Err(StoreError::UnknownCategory);
            }
        }
        // An appeal goes to the department that decided the original; a filing by the rules.
        let (department, appealed) = match new.appeal_of {
            Some(original) => {
                let (id, name, receipt_no): (Option<i64>, Option<String>, String) = sqlx::query_as(
                    "SELECT c.department_id, d.name, c.receipt_no FROM cases c \
                     LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = $1",
                )
                .bind(original)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                (id.zip(name), Some((original, receipt_no)))
            }
            None => (rule_department(&mut tx, v.kind, v.facility.as_deref(), v.category.as_deref()).await?, None),
        };
        let department_id = department.as_ref().map(|(id, _)| *id);
        let year = to_seoul(new.received_at).year();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO receipt_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        let seq = u32::try_from(seq).map_err(|_| StoreError::Corrupt(format!("receipt sequence {seq}")))?;
        let receipt_no = ReceiptNo { year, seq }.to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (receipt_year, receipt_seq, receipt_no, tracking_token, kind, channel, status, \
             facility, category, content, name, phone, email, consent_sms, consent_email, consent_publish, \
             received_at, due_at, created_at, budget_secs, due_at_close, due_soon_secs, interim_due_at, department_id, \
             registered_by, agency, agency_ref, lang, consent_at, consent_version, appeal_of, address, reply_by, \
             phone_key, email_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, \
             $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35) \
             RETURNING id",
        )
        .bind(year)
        .bind(i64::from(seq))
        .bind(&receipt_no)
        .bind(crate::auth::token_hash(&new.tracking_token))
        .bind(v.kind.as_str())
        .bind(v.channel.as_str())
        .bind(CaseStatus::Received.as_str())
        .bind(&v.facility)
        .bind(&v.category)
        .bind(v.content.as_str())
        .bind(v.name.as_ref().map(|n| n.as_str().to_owned()))
        .bind(v.phone.as_ref().map(|p| p.digits().to_owned()))
        .bind(v.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(i64::from(v.consent.sms))
        .bind(i64::from(v.consent.email))
        .bind(i64::from(v.consent.publish))
        .bind(secs(new.received_at))
        .bind(secs(new.due_at))
        .bind(secs(new.created_at))
        .bind(new.budget.secs)
        .bind(i64::from(new.budget.to_close))
        .bind(new.due_soon_secs)
        .bind(new.interim_due_at.map(secs))
        .bind(department_id)
        .bind(new.actor.as_ref().map(|u| u.id))
        .bind(v.agency.as_ref().map(|(a, _)| a.clone()))
        .bind(v.agency.as_ref().map(|(_, r)| r.clone()))
        .bind(v.lang.as_str())
        .bind(secs(new.created_at))
        .bind(app::domain::CONSENT_WORDING_VERSION)
        .bind(new.appeal_of)
        .bind(v.address.as_ref().map(|a| a.as_str().to_owned()))
        .bind(v.reply_by.map(|m| m.as_str()))
        .bind(v.phone.as_ref().map(|p| self.contact_key.phone(p.digits())))
        .bind(v.email.as_ref().map(|e| self.contact_key.email(e.as_str())))
        .fetch_one(&mut *tx)
        .await?;
        let attached = attachments::link(&mut tx, id, &v.attachments, new.created_at).await?;
        if let Some((key, fingerprint)) = &new.idempotency {
            let r = sqlx::query(
                "INSERT INTO idempotency_keys (key, fingerprint, case_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(key)
            .bind(fingerprint)
            .bind(id)
            .bind(secs(new.created_at))
            .execute(&mut *tx)
            .await;
            match r {
                // Another transaction with the same key committed first (PostgreSQL; SQLite's
                // write lock makes the check above see it): this one rolls back, theirs stands.
                Err(e) if is_unique_violation(&e) => {
                    drop(tx);
                    let mut tx = self.write().await?;
                    replayed(&mut tx, key, fingerprint).await?;
                    return Err(StoreError::Corrupt(format!("idempotency key {key} vanished")));
                }
                r => r?,
            };
        }
        Ok(Filed {
            tx: CaseTx::new(self.clone(), tx, id),
            receipt_no,
            department: department.map(|(_, name)| name),
            appeal_of: appealed,
            attached,
        })
    }

    async fn case_by_id(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        let row = sqlx::query_as(sqlx::AssertSqlSafe(self.one_case("WHERE c.id = $1")?))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Self::case_with_pauses(row)
    }

    async fn case_by_receipt(&self, receipt: &app::domain::ReceiptNo) -> StoreResult<Option<CaseRecord>> {
        let row = sqlx::query_as(sqlx::AssertSqlSafe(self.one_case("WHERE c.receipt_no = $1")?))
            .bind(receipt.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Self::case_with_pauses(row)
    }

    async fn case_to_act_on(&self, id: i64) -> StoreResult<Option<(CaseRecord, Vec<SupplementRecord>)>> {
        let supplements = supplements::part().aggregate(self.backend)?;
        let sql = self.one_case_with("WHERE c.id = $1", &format!(", {supplements} AS supplements"))?;
        let row: Option<ActOnRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        let Some(ActOnRow { one, supplements }) = row else { return Ok(None) };
        let Some(case) = Self::case_with_pauses(Some(one))? else { return Ok(None) };
        Ok(Some((case, parts::rows(&supplements, supplements::record)?)))
    }

    async fn case_by_receipt_and_token(&self, receipt_no: &str, token: &str) -> StoreResult<Option<CaseRecord>> {
        let row = sqlx::query_as(sqlx::AssertSqlSafe(self.one_case(
            "WHERE c.receipt_no = $1 AND (c.tracking_token = $2 OR c.id IN \
             (SELECT t.case_id FROM case_tokens t WHERE t.token_hash = $2 AND t.purpose = 'track'))",
        )?))
        .bind(receipt_no)
        .bind(crate::auth::token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Self::case_with_pauses(row)
    }

    async fn case_by_survey_token(&self, token: &str) -> StoreResult<Option<CaseRecord>> {
        let row = sqlx::query_as(sqlx::AssertSqlSafe(self.one_case(
            "WHERE c.id IN (SELECT t.case_id FROM case_tokens t WHERE t.token_hash = $1 AND t.purpose = 'survey')",
        )?))
        .bind(crate::auth::token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Self::case_with_pauses(row)
    }

    async fn mint_case_token(
        &self,
        case_id: i64,
        purpose: TokenPurpose,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<String> {
        let mut tx = self.write().await?;
        let token = mint_token(&mut tx, case_id, purpose, expires_at, at).await?;
        tx.commit().await?;
        Ok(token)
    }

    async fn cases_received(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<(i64, Vec<CaseRecord>)> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE received_at >= $1 AND received_at < $2")
            .bind(secs(from))
            .bind(secs(to))
            .fetch_one(&self.pool)
            .await?;
        if n > limit {
            return Ok((n, Vec::new()));
        }
        let rows: Vec<CaseRow> = sqlx::query_as(case_select!(
            "WHERE c.received_at >= $1 AND c.received_at < $2 ORDER BY c.received_at, c.id"
        ))
        .bind(secs(from))
        .bind(secs(to))
        .fetch_all(&self.pool)
        .await?;
        Ok((n, rows.into_iter().map(CaseRecord::try_from).collect::<StoreResult<_>>()?))
    }

    async fn open_cases(&self) -> StoreResult<Vec<CaseRecord>> {
        let rows: Vec<CaseRow> =
            sqlx::query_as(case_select!("WHERE c.status NOT IN ('closed', 'withdrawn') ORDER BY c.due_at, c.id"))
                .fetch_all(&self.pool)
                .await?;
        let mut cases = rows.into_iter().map(CaseRecord::try_from).collect::<StoreResult<Vec<_>>>()?;
        let pauses: Vec<PauseRow> = sqlx::query_as(
            "SELECT p.case_id, p.reason, p.note, p.started_at, p.started_by, p.ended_at, p.ended_by \
             FROM case_pauses p JOIN cases c ON c.id = p.case_id \
             WHERE c.status NOT IN ('closed', 'withdrawn') ORDER BY p.case_id, p.started_at, p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut by_case: std::collections::HashMap<i64, Vec<PauseRecord>> = std::collections::HashMap::new();
        for p in pauses {
            by_case.entry(p.case_id).or_default().push(p.try_into()?);
        }
        for c in &mut cases {
            if let Some(p) = by_case.remove(&c.id) {
                c.pauses = p;
            }
        }
        Ok(cases)
    }

    async fn search_cases(&self, s: &CaseSearch, scope: CaseScope) -> StoreResult<(i64, Vec<CaseRecord>)> {
        use SearchArg::{Int, Text};
        let mut w = SearchWhere::default();
        match scope {
            CaseScope::All => {}
            CaseScope::Department(d) => w.add("c.department_id = {}", Int(d)),
            CaseScope::RegisteredBy(u) => w.add("c.registered_by = {}", Int(u)),
            CaseScope::Nothing => return Ok((0, Vec::new())),
        }
        if let Some(r) = s.receipt_no {
            w.add("c.receipt_no = {}", Text(r.to_string()));
        }
        match &s.contact {
            Some(c @ Contact::Phone(_)) => w.add("c.phone_key = {}", Text(self.contact_key.of(c))),
            Some(c @ Contact::Email(_)) => w.add("c.email_key = {}", Text(self.contact_key.of(c))),
            None => {}
        }
        w.columns(s.status, s.kind, s.channel, s.facility.as_deref(), s.category.as_deref());
        match s.department {
            Some(DepartmentFilter::Id(d)) => w.add("c.department_id = {}", Int(d)),
            Some(DepartmentFilter::None) => w.conditions.push("c.department_id IS NULL".into()),
            None => {}
        }
        if let Some(a) = s.assignee {
            w.add("c.assignee_id = {}", Int(a));
        }
        let day = |d: chrono::NaiveDate| secs(app::domain::seoul_midnight(d));
        if let Some(from) = s.from {
            w.add("c.received_at >= {}", Int(day(from)));
        }
        if let Some(to) = s.to.and_then(|d| d.succ_opt()) {
            w.add("c.received_at < {}", Int(day(to)));
        }
        // PostgreSQL's planner walks the cases newest first and tests each document when it
        // expects a word in many; for a word in few that reads every case (seconds), and its
        // estimate of "few" is only a guess. So the count, capped, decides: a word in at most
        // SEARCH_COUNT_MAX cases has its matches gathered through the index first, then
        // sorted; a word in more is left to the walk, which stops after a page.
        let mut gathered = None;
        if let Some(t) = s.text.as_deref() {
            let (matches, value) = search_text(self.backend, t);
            w.add(&format!("c.id IN ({matches})"), Text(value));
            if self.backend == Backend::Postgres {
                let matches = matches.replace("{}", &format!("${}", w.args.len()));
                let condition = format!("c.id IN (WITH m AS MATERIALIZED ({matches}) SELECT id FROM m)");
                gathered = Some((w.conditions.len() - 1, condition));
            }
        }
        let order = match s.sort {
            // Filing order is id order: the rows come newest first straight from the matches,
            // with no sort of every match.
            SearchSort::Newest => "c.id DESC",
            SearchSort::Oldest => "c.id",
            SearchSort::Due => "c.due_at, c.id",
        };
        let filters = w.sql();
        // Counted up to one past the cap: a word in a sixth of a million cases is "more than
        // 10,000", not a count of every one of them.
        let mut count = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM (SELECT 1 FROM cases c {filters} LIMIT {}) AS found",
            app::domain::SEARCH_COUNT_MAX + 1
        )));
        for a in &w.args {
            count = match a {
                Int(v) => count.bind(*v),
                Text(v) => count.bind(v.as_str()),
            };
        }
        let total: i64 = count.fetch_one(&self.pool).await?;
        let filters = match gathered {
            Some((i, condition)) if total <= app::domain::SEARCH_COUNT_MAX => {
                w.conditions[i] = condition;
                w.sql()
            }
            _ => filters,
        };
        let n = w.args.len();
        let mut page = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} {filters} ORDER BY {order} LIMIT ${} OFFSET ${}",
            case_select!(""),
            n + 1,
            n + 2
        )));
        for a in &w.args {
            page = match a {
                Int(v) => page.bind(*v),
                Text(v) => page.bind(v.as_str()),
            };
        }
        let rows: Vec<CaseRow> = page.bind(s.per_page).bind(s.offset()).fetch_all(&self.pool).await?;
        let cases = rows.into_iter().map(CaseRecord::try_from).collect::<StoreResult<Vec<_>>>()?;
        Ok((total, cases))
    }

    async fn change_case(&self, id: i64) -> StoreResult<CaseTx> {
        Ok(CaseTx::new(self.clone(), self.write().await?, id))
    }

    async fn case_parts(&self, case_id: i64, person: super::PersonMatch) -> StoreResult<super::CaseParts> {
        lists::case_parts(self, case_id, person).await
    }

    async fn history(&self, case_id: i64) -> StoreResult<Vec<HistoryRecord>> {
        rows(&self.part_json(&lists::history(), case_id).await?, lists::history_entry)
    }

    async fn survey_submitted(&self, case_id: i64) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM survey_responses WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    async fn user_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&self.pool).await?)
    }

    async fn create_user(&self, user: &NewUser, at: DateTime<Utc>) -> StoreResult<User> {
        let mut tx = self.write().await?;
        let r: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.role.as_str())
        .bind(&user.password_hash)
        .bind(secs(at))
        .fetch_one(&mut *tx)
        .await;
        let id = match r {
            Err(e) if is_unique_violation(&e) => return Err(StoreError::AlreadyExists),
            r => r?,
        };
        sqlx::query("UPDATE users SET department_id = $1, email = $2, must_change_password = $3 WHERE id = $4")
            .bind(user.department_id)
            .bind(&user.email)
            .bind(i64::from(user.must_change_password))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.user_by_id(id).await?.ok_or(StoreError::NotFound)
    }

    async fn user_for_login(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            password_hash: String,
        }
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM users u LEFT JOIN departments d ON d.id = u.department_id \
             WHERE u.username = $1 AND u.active = 1"
        )))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((User::try_from(r.user)?, r.password_hash))).transpose()
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        at: DateTime<Utc>,
        second_factor_pending: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, second_factor_pending) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(secs(at))
        .bind(secs(at))
        .bind(i64::from(second_factor_pending))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> StoreResult<Option<Session>> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            created_at: i64,
            last_seen_at: i64,
            second_factor_pending: i64,
        }
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, s.created_at, s.last_seen_at, s.second_factor_pending \
             FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.department_id \
             WHERE s.token_hash = $1 AND u.active = 1"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let now_s = secs(now);
        let expired = now_s - row.last_seen_at > limits.idle.num_seconds()
            || now_s - row.created_at > limits.absolute.num_seconds();
        if expired {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        // Touch at most every 30 s: a busy queue page must not write on every request.
        if now_s - row.last_seen_at >= 30 {
            let mut tx = self.write().await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now_s)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(Session { user: row.user.try_into()?, second_factor_pending: row.second_factor_pending != 0 }))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn business_hours(&self) -> StoreResult<BusinessHours> {
        let row = sqlx::query_as(HOURS_SQL).fetch_one(&self.pool).await?;
        hours_of(row)
    }

    async fn holidays(&self, year: Option<i32>) -> StoreResult<Vec<Holiday>> {
        let rows: Vec<(String, String, String)> = match year {
            Some(y) => {
                sqlx::query_as(
                    "SELECT date, name_ko, name_en FROM holidays WHERE date >= $1 AND date < $2 ORDER BY date",
                )
                .bind(format!("{y:04}-01-01"))
                .bind(format!("{:04}-01-01", y + 1))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as("SELECT date, name_ko, name_en FROM holidays ORDER BY date")
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.into_iter()
            .map(|(d, name_ko, name_en)| {
                let date = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt(format!("holiday {d}")))?;
                Ok(Holiday { date, name_ko, name_en })
            })
            .collect()
    }

    async fn put_holiday(&self, h: &Holiday) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let existed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM holidays WHERE date = $1")
            .bind(h.date.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO holidays (date, name_ko, name_en) VALUES ($1, $2, $3) \
             ON CONFLICT (date) DO UPDATE SET name_ko = excluded.name_ko, name_en = excluded.name_en",
        )
        .bind(h.date.to_string())
        .bind(&h.name_ko)
        .bind(&h.name_en)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.config_changed().await;
        Ok(existed.is_none())
    }

    async fn delete_holiday(&self, date: chrono::NaiveDate) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query("DELETE FROM holidays WHERE date = $1").bind(date.to_string()).execute(&mut *tx).await?;
        tx.commit().await?;
        self.config_changed().await;
        Ok(r.rows_affected() > 0)
    }

    async fn import_holidays(&self, upserts: &[Holiday], removals: &[chrono::NaiveDate]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        for h in upserts {
            sqlx::query(
                "INSERT INTO holidays (date, name_ko, name_en) VALUES ($1, $2, $3) \
                 ON CONFLICT (date) DO UPDATE SET name_ko = excluded.name_ko",
            )
            .bind(h.date.to_string())
            .bind(&h.name_ko)
            .bind(&h.name_en)
            .execute(&mut *tx)
            .await?;
        }
        for d in removals {
            sqlx::query("DELETE FROM holidays WHERE date = $1").bind(d.to_string()).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.config_changed().await;
        Ok(())
    }

    async fn seed_holidays_once(&self, name: &str, holidays: &[Holiday], at: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let done: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM seeds WHERE name = $1").bind(name).fetch_optional(&mut *tx).await?;
        if done.is_some() {
            return Ok(false);
        }
        for h in holidays {
            sqlx::query(
                "INSERT INTO holidays (date, name_ko, name_en) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING",
            )
            .bind(h.date.to_string())
            .bind(&h.name_ko)
            .bind(&h.name_en)
            .execute(&mut *tx)
            .await?;
        }
        // Two instances starting together may both get here; the seed rows are idempotent
        // and only one of them records the seed.
        let r = sqlx::query("INSERT INTO seeds (name, applied_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(secs(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.config_changed().await;
        Ok(r.rows_affected() == 1)
    }

    async fn calendar(&self) -> StoreResult<BusinessCalendar> {
        if let Some(calendar) = fresh(&self.config.calendar) {
            return Ok(calendar);
        }
        let hours = self.business_hours().await?;
        let holidays = self.holidays(None).await?;
        let calendar = BusinessCalendar::new(hours, holidays.into_iter().map(|h| h.date));
        keep(&self.config.calendar, calendar.clone());
        Ok(calendar)
    }

    fn forget_config(&self) {
        self.config.forget();
    }

    async fn policies(&self) -> StoreResult<Vec<DeadlinePolicy>> {
        if let Some(policies) = fresh(&self.config.policies) {
            return Ok(policies);
        }
        let rows: Vec<(String, i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT kind, business_days, period_unit, needs_confirmation, interim_notice_days, due_soon_hours \
             FROM deadline_policies",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (kind, days, unit, confirm, interim, soon) in rows {
            let kind: VocKind = kind.parse().map_err(|_| StoreError::Corrupt(format!("policy kind {kind}")))?;
            let n = |v: i64| u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("policy value {v}")));
            out.push(DeadlinePolicy {
                kind,
                business_days: n(days)?,
                period_unit: unit.parse().map_err(|_| StoreError::Corrupt(format!("period unit {unit}")))?,
                needs_confirmation: confirm != 0,
                interim_notice_days: n(interim)?,
                due_soon_hours: n(soon)?,
            });
        }
        out.sort_by_key(|p| VocKind::ALL.iter().position(|k| *k == p.kind));
        keep(&self.config.policies, out.clone());
        Ok(out)
    }

    async fn put_policy(&self, p: &DeadlinePolicy) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO deadline_policies \
             (kind, business_days, needs_confirmation, interim_notice_days, due_soon_hours, period_unit) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind) DO UPDATE SET business_days = excluded.business_days, \
             period_unit = excluded.period_unit, needs_confirmation = excluded.needs_confirmation, interim_notice_days = excluded.interim_notice_days, \
             due_soon_hours = excluded.due_soon_hours",
        )
        .bind(p.kind.as_str())
        .bind(i64::from(p.business_days))
        .bind(i64::from(p.needs_confirmation))
        .bind(i64::from(p.interim_notice_days))
        .bind(i64::from(p.due_soon_hours))
        .bind(p.period_unit.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.config_changed().await;
        Ok(())
    }

    async fn answer_templates(&self) -> StoreResult<Vec<AnswerTemplateRecord>> {
        let rows: Vec<TemplateRow> = sqlx::query_as(
            "SELECT id, kind, category, title, result, basis, appeal, updated_by, updated_at FROM answer_templates \
             ORDER BY title, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AnswerTemplateRecord::try_from).collect()
    }

    async fn save_answer_template(
        &self,
        id: Option<i64>,
        t: &app::domain::ValidAnswerTemplate,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<AnswerTemplateRecord> {
        let mut tx = self.write().await?;
        // One statement either way, the same values bound: a new row, or the row `id` (none
        // comes back when there is no such row).
        let sql = match id {
            Some(_) => {
                "UPDATE answer_templates SET kind = $1, category = $2, title = $3, result = $4, basis = $5, \
                 appeal = $6, updated_by = $7, updated_at = $8 WHERE id = $9 RETURNING id"
            }
            None => {
                "INSERT INTO answer_templates (kind, category, title, result, basis, appeal, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
            }
        };
        let mut q = sqlx::query_scalar(sql)
            .bind(t.kind.map(|k| k.as_str()))
            .bind(&t.category)
            .bind(&t.title)
            .bind(&t.result)
            .bind(&t.basis)
            .bind(&t.appeal)
            .bind(by)
            .bind(secs(at));
        if let Some(id) = id {
            q = q.bind(id);
        }
        let id: i64 = q.fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(AnswerTemplateRecord { id, template: t.clone(), updated_by: by.to_owned(), updated_at: at })
    }

    async fn delete_answer_template(&self, id: i64) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query("DELETE FROM answer_templates WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(r.rows_affected() > 0)
    }

    async fn unreachable_past_due(&self, at: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        // Written to use the partial index of open cases.
        Ok(sqlx::query_scalar(
            "SELECT id FROM cases WHERE status NOT IN ('closed', 'withdrawn') AND status <> 'paused' \
             AND due_at < $1 AND unreachable_at IS NOT NULL ORDER BY id",
        )
        .bind(secs(at))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn departments(&self) -> StoreResult<Vec<Department>> {
        let rows: Vec<(i64, String, String, i64, i64)> =
            sqlx::query_as("SELECT id, code, name, is_lead, active FROM departments ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, code, name, lead, active)| Department {
                id,
                code,
                name,
                is_lead: lead != 0,
                active: active != 0,
            })
            .collect())
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id ORDER BY u.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(User::try_from).collect()
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(User::try_from).transpose()
    }

    async fn set_user_active(&self, id: i64, active: bool) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let r = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn set_user_email(&self, id: i64, email: Option<&str>) -> StoreResult<()> {
        let r =
            sqlx::query("UPDATE users SET email = $1 WHERE id = $2").bind(email).bind(id).execute(&self.pool).await?;
        if r.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn set_password(&self, id: i64, password_hash: &str) -> StoreResult<()> {
        // No session has an empty token hash: every one of them ends.
        self.replace_password(id, password_hash, "").await
    }

    async fn change_own_password(&self, id: i64, password_hash: &str, keep_session: &str) -> StoreResult<()> {
        self.replace_password(id, password_hash, keep_session).await
    }

    async fn delete_sessions_of(&self, user_id: i64) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn count_hit(&self, bucket: &str, now: i64, window_secs: i64) -> StoreResult<(i64, i64)> {
        // Both engines read the old row in every SET expression, so the two CASEs agree.
        Ok(sqlx::query_as(
            "INSERT INTO rate_counters (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_counters.window_start <= $3 THEN 1 ELSE rate_counters.hits + 1 END, \
               window_start = CASE WHEN rate_counters.window_start <= $3 THEN $2 ELSE rate_counters.window_start END \
             RETURNING hits, window_start",
        )
        .bind(bucket)
        .bind(now)
        .bind(now - window_secs)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn replay_of(&self, key: &str, fingerprint: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT case_id FROM idempotency_keys WHERE key = $1 AND fingerprint = $2")
            .bind(key)
            .bind(fingerprint)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn uncount_hit(&self, bucket: &str, window_start: i64) -> StoreResult<()> {
        sqlx::query("UPDATE rate_counters SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0")
            .bind(bucket)
            .bind(window_start)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn clear_counter(&self, bucket: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_counters WHERE bucket = $1").bind(bucket).execute(&self.pool).await?;
        Ok(())
    }

    async fn purge_counters(&self, before: i64) -> StoreResult<u64> {
        let r =
            sqlx::query("DELETE FROM rate_counters WHERE window_start < $1").bind(before).execute(&self.pool).await?;
        Ok(r.rows_affected())
    }

    async fn session_alive(&self, token_hash: &str, now: DateTime<Utc>, limits: SessionLimits) -> StoreResult<bool> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT s.created_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.active = 1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let now = secs(now);
        Ok(row.is_some_and(|(created, seen)| {
            now - seen <= limits.idle.num_seconds() && now - created <= limits.absolute.num_seconds()
        }))
    }

    async fn notify(&self, payload: &str) -> StoreResult<bool> {
        match self.backend {
            Backend::Sqlite => Ok(false),
            Backend::Postgres => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(super::EVENTS_CHANNEL)
                    .bind(payload)
                    .execute(&self.pool)
                    .await?;
                Ok(true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_rows_read_the_columns_in_order() {
        super::parts::fields::check::<super::UserRow>(&super::department_users());
    }

    #[test]
    fn a_batch_numbers_its_placeholders_row_after_row() {
        assert_eq!(super::placeholders(1, 3), "($1, $2, $3)");
        assert_eq!(super::placeholders(2, 2), "($1, $2), ($3, $4)");
    }
}
