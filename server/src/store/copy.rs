//! `server copy-db --from URL --to URL`: copies a whole database between backends (SQLite ⇄
//! PostgreSQL) into an empty target, then proves the copy by row counts and a checksum per
//! table computed the same way on both sides.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Column, Row};

use super::{Backend, SqlStore, StoreError};

/// Every table, parents before children, with the order rows are read in (and checksummed).
/// A table the source has and this list lacks stops the copy: a new table needs a line here.
const TABLES: &[(&str, &str)] = &[
    ("facilities", "code"),
    ("categories", "parent IS NOT NULL, code"),
    ("departments", "id"),
    ("routing_rules", "id"),
    ("receipt_counters", "year"),
    ("users", "id"),
    ("sessions", "token_hash"),
    ("recovery_codes", "code_hash"),
    ("cases", "id"),
    ("case_tokens", "token_hash"),
    ("answers", "id"),
    ("case_history", "id"),
    ("case_notes", "id"),
    ("case_contacts", "id"),
    ("answer_templates", "id"),
    ("survey_responses", "case_id"),
    ("survey_follow_ups", "id"),
    ("business_hours", "id"),
    ("holidays", "date"),
    ("seeds", "name"),
    ("deadline_policies", "kind"),
    ("case_pauses", "id"),
    ("case_extensions", "id"),
    ("rate_counters", "bucket"),
    ("notice_templates", "notice, lang"),
    ("outbox", "id"),
    ("material_requests", "id"),
    ("supplement_requests", "id"),
    ("case_links", "id"),
    ("extension_proposals", "id"),
    ("conduct_incidents", "id"),
    ("case_complainants", "id"),
    ("case_staff", "case_id"),
    ("compensations", "id"),
    ("improvement_requests", "id"),
    ("faq_entries", "id"),
    ("grievance_steps", "id"),
    ("idempotency_keys", "key"),
    ("attachments", "id"),
    ("audit_log", "id"),
    ("access_log", "id"),
    ("access_reviews", "id"),
    ("purge_runs", "id"),
    ("contact_key_check", "id"),
    ("kiosk_keys", "id"),
    ("report_counts", "day, dim, key"),
    ("report_survey", "day, item"),
    ("report_survey_dims", "day, dim, key, item"),
    ("kpi_targets", "year, department_id, kpi"),
    ("training_courses", "id"),
    ("training_course_roles", "course_id, role"),
    ("training_sessions", "id"),
    ("training_attendance", "session_id, user_id"),
    ("training_referrals", "case_id"),
    ("evaluations", "id"),
    ("reduction_plans", "department_id, year"),
    ("good_practices", "id"),
    ("awards", "id"),
    ("ccm_activities", "id"),
    ("ccm_items", "id"),
    ("panel_members", "id"),
    ("ccm_activity_members", "activity_id, member_id"),
    ("survey_items", "item"),
    ("stop_words", "word"),
];

/// Tables the target's triggers fill as the cases arrive: not copied, but still verified, which
/// proves the counters rebuilt on the target equal the source's.
const DERIVED: &[&str] = &["report_counts", "report_survey", "report_survey_dims"];

/// Tables the migrations (or opening the store) fill: the target's rows are replaced.
const SEEDED_BY_MIGRATIONS: &[&str] = &[
    "contact_key_check",
    "facilities",
    "categories",
    "departments",
    "routing_rules",
    "business_hours",
    "deadline_policies",
    "training_courses",
    "training_course_roles",
    "survey_items",
    "stop_words",
];

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the target is not empty: table {0} has rows")]
    TargetNotEmpty(String),
    #[error("the source has a table the copy does not know: {0}")]
    UnknownTable(String),
    #[error("column {table}.{column} holds neither an integer nor text")]
    UnknownValue { table: String, column: String },
    #[error("verification failed for {table}: {detail}")]
    Mismatch { table: String, detail: String },
}

/// Rows and checksum of one table, on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReport {
    pub table: String,
    pub rows: u64,
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
    Null,
}

fn value(row: &AnyRow, i: usize, table: &str) -> Result<Value, CopyError> {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return Ok(v.map_or(Value::Null, Value::Int));
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return Ok(v.map_or(Value::Null, Value::Text));
    }
    if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
        return Ok(v.map_or(Value::Null, Value::Bytes));
    }
    Err(CopyError::UnknownValue { table: table.into(), column: row.columns()[i].name().into() })
}

async fn tables_of(pool: &AnyPool, backend: Backend) -> Result<Vec<String>, CopyError> {
    // The search indexes (SQLite's FTS tables, PostgreSQL's `case_search`) are left out: the
    // target's triggers write them as the cases, answers and notes arrive.
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' \
             AND name NOT LIKE 'case_text%' AND name NOT LIKE 'case_bigrams%'"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' \
             AND table_name <> 'case_search'"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(pool).await?)
}

/// Row count and SHA-256 over every value of every row, in key order.
pub async fn table_report(pool: &AnyPool, table: &str, order: &str) -> Result<TableReport, CopyError> {
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table} ORDER BY {order}"))).fetch_all(pool).await?;
    let mut hash = Sha256::new();
    for row in &rows {
        let mut names: Vec<(String, usize)> =
            row.columns().iter().map(|c| (c.name().to_owned(), c.ordinal())).collect();
        names.sort();
        for (name, i) in names {
            let text = match value(row, i, table)? {
                Value::Int(n) => format!("{name}=i{n}"),
                Value::Text(t) => format!("{name}=s{}:{t}", t.len()),
                Value::Bytes(b) => format!("{name}=b{}:{}", b.len(), crate::auth::hex(&Sha256::digest(&b))),
                Value::Null => format!("{name}=n"),
            };
            hash.update(text.as_bytes());
            hash.update([0u8]);
        }
        hash.update([1u8]);
    }
    let checksum = crate::auth::hex(&hash.finalize());
    Ok(TableReport { table: table.into(), rows: rows.len() as u64, checksum })
}

/// What a column holds, on the target (to type NULLs for PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bytes,
    Text,
}

impl Kind {
    fn of(declared: &str) -> Self {
        let t = declared.to_uppercase();
        if t.contains("INT") {
            Self::Int
        } else if t.contains("BYTEA") || t.contains("BLOB") {
            Self::Bytes
        } else {
            Self::Text
        }
    }
}

/// Column name → what it holds, on the target.
async fn column_kinds(pool: &AnyPool, backend: Backend, table: &str) -> Result<Vec<(String, Kind)>, CopyError> {
    Ok(match backend {
        Backend::Postgres => {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(|(c, t)| (c, Kind::of(&t))).collect()
        }
        Backend::Sqlite => {
            let rows: Vec<(String, String)> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT name, type FROM pragma_table_info('{table}')")))
                    .fetch_all(pool)
                    .await?;
            rows.into_iter().map(|(c, t)| (c, Kind::of(&t))).collect()
        }
    })
}

/// Copies every table of `from` into the empty database `to` (migrated first), then checks
/// both sides match. Returns the per-table report. The contact hashes are copied as they are:
/// `key` is the source's, and the target is served with the same key.
pub async fn copy_database(
    from: &str,
    to: &str,
    key: &crate::contact_key::ContactKey,
) -> Result<Vec<TableReport>, CopyError> {
    let source = SqlStore::open(from, key).await?;
    let target = SqlStore::open(to, key).await?;
    let (src, dst) = (source.pool(), target.pool());

    for t in tables_of(src, source.kind()).await? {
        if !TABLES.iter().any(|(name, _)| *name == t) {
            return Err(CopyError::UnknownTable(t));
        }
    }
    for (table, _) in TABLES {
        if SEEDED_BY_MIGRATIONS.contains(table) {
            continue;
        }
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}"))).fetch_one(dst).await?;
        if n > 0 {
            return Err(CopyError::TargetNotEmpty((*table).into()));
        }
    }

    let mut tx = dst.begin().await?;
    for table in SEEDED_BY_MIGRATIONS.iter().rev() {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *tx).await?;
    }
    for (table, order) in TABLES {
        if DERIVED.contains(table) {
            continue;
        }
        let types = column_kinds(dst, target.kind(), table).await?;
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table} ORDER BY {order}"))).fetch_all(src).await?;
        let Some(first) = rows.first() else { continue };
        let columns: Vec<String> = first.columns().iter().map(|c| c.name().to_owned()).collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), placeholders.join(", "));
        for row in &rows {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (i, column) in columns.iter().enumerate() {
                let kind = types.iter().find(|(c, _)| c == column).map_or(Kind::Text, |(_, k)| *k);
                q = match (value(row, i, table)?, kind) {
                    (Value::Int(n), _) => q.bind(n),
                    (Value::Text(s), _) => q.bind(s),
                    (Value::Bytes(b), _) => q.bind(b),
                    (Value::Null, Kind::Int) => q.bind(None::<i64>),
                    (Value::Null, Kind::Bytes) => q.bind(None::<Vec<u8>>),
                    (Value::Null, Kind::Text) => q.bind(None::<String>),
                };
            }
            q.execute(&mut *tx).await?;
        }
    }
    if target.kind() == Backend::Postgres {
        // Every table with an identity `id`, as the target's catalogue says (a list kept by
        // hand missed the newer ones): its sequence moves past the copied ids.
        let identity: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' ORDER BY 1",
        )
        .fetch_all(&mut *tx)
        .await?;
        for table in identity {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;

    let mut report = Vec::with_capacity(TABLES.len());
    for (table, order) in TABLES {
        let a = table_report(src, table, order).await?;
        let b = table_report(dst, table, order).await?;
        if a != b {
            return Err(CopyError::Mismatch {
                table: (*table).into(),
                detail: format!("source {} rows {}, target {} rows {}", a.rows, a.checksum, b.rows, b.checksum),
            });
        }
        report.push(a);
    }
    Ok(report)
}
