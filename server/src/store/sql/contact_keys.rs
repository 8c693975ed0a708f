//! The contact hashes of every case, made with the configured key when a database has none
//! yet (a new one, or one from before the hashes) or, on request, again with a new key; and
//! the check that refuses a key the hashes were not made with.

use chrono::Utc;
use sqlx::{AnyConnection, AnyPool};

use super::Backend;

use crate::contact_key::ContactKey;
use crate::store::{StoreError, StoreResult};

/// Whether hashes made with another key are made again with this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rekey {
    No,
    Yes,
}

/// Cases hashed per statement.
const BATCH: usize = 500;

/// An advisory lock key of PostgreSQL ("contact" in ASCII): instances starting together on one
/// database hash the contacts once, the others waiting for the first.
const LOCK: i64 = 0x0063_6f6e_7461_6374;

pub(super) async fn ensure(pool: &AnyPool, backend: Backend, key: &ContactKey, rekey: Rekey) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)").bind(LOCK).execute(&mut *conn).await?;
    }
    let done = ensure_on(&mut conn, key, rekey).await;
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(LOCK).execute(&mut *conn).await?;
    }
    done
}

async fn ensure_on(conn: &mut AnyConnection, key: &ContactKey, rekey: Rekey) -> StoreResult<()> {
    let check = key.check();
    let stored: Option<String> =
        sqlx::query_scalar("SELECT digest FROM contact_key_check WHERE id = 1").fetch_optional(&mut *conn).await?;
    match stored {
        Some(d) if d == check => return Ok(()),
        Some(_) if rekey == Rekey::No => {
            return Err(StoreError::ContactKey(
                "the contacts of this database were hashed with another key than VOC_CONTACT_KEY (or the key file) \
                 gives: start with that key again, or once with VOC_CONTACT_REKEY=1 to hash them all with this one"
                    .into(),
            ));
        }
        _ => {}
    }
    let hashed = hash_all(conn, key).await?;
    sqlx::query(
        "INSERT INTO contact_key_check (id, digest, at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, at = excluded.at",
    )
    .bind(&check)
    .bind(Utc::now().timestamp())
    .execute(&mut *conn)
    .await?;
    if hashed > 0 {
        tracing::info!(cases = hashed, "hashed the contacts of existing cases with the contact key");
    }
    Ok(())
}

/// Hashes the contacts of every case that has some, in id order and batches; the key check is
/// written only after the last, so an interrupted run starts again from the first.
async fn hash_all(conn: &mut AnyConnection, key: &ContactKey) -> StoreResult<usize> {
    type Row = (i64, Option<String>, Option<String>);
    let mut after = 0i64;
    let mut done = 0;
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, phone, email FROM cases WHERE id > $1 AND (phone IS NOT NULL OR email IS NOT NULL) \
             ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(i64::try_from(BATCH).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = rows.last() else { return Ok(done) };
        after = last.0;
        let values = (0..rows.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3));
        let sql = format!(
            "WITH v (id, p, e) AS (VALUES {}) \
             UPDATE cases SET phone_key = v.p, email_key = v.e FROM v WHERE cases.id = v.id",
            values.collect::<Vec<_>>().join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, phone, email) in &rows {
            q = q.bind(*id).bind(phone.as_deref().map(|p| key.phone(p))).bind(email.as_deref().map(|e| key.email(e)));
        }
        q.execute(&mut *conn).await?;
        done += rows.len();
    }
}
