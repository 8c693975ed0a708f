//! Multi-person complaints (다수인관련민원): the co-complainants beside the representative as
//! the case view and reports read them, and the row a new one is added as. Adding and
//! removing them are workflow steps (`crate::workflow`) over `CaseTx`.

use app::domain::ValidCoComplainant;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::parts::{Part, rows};
use super::{SqlStore, secs, time};
use crate::store::{PartyRecord, PartyStore, ReportScope, StoreResult};

pub(super) type Row = (i64, Option<String>, Option<String>, Option<String>, i64, i64, String, i64);

pub(super) fn record((id, name, phone, email, sms, mail, added_by, added_at): Row) -> StoreResult<PartyRecord> {
    Ok(PartyRecord {
        id,
        name,
        phone,
        email,
        consent_sms: sms != 0,
        consent_email: mail != 0,
        added_by,
        added_at: time(added_at)?,
    })
}

const COLUMNS: &str = "id, name, phone, email, consent_sms, consent_email, added_by, added_at";

/// A case's co-complainants, in the order added.
pub(super) fn part() -> Part {
    Part::new(format!("SELECT {COLUMNS} FROM case_complainants WHERE case_id = $1"), "id")
}

/// Adds `party` to case `id` inside `tx`; returns them as stored.
pub(super) async fn insert(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    party: &ValidCoComplainant,
    by: &str,
    at: DateTime<Utc>,
) -> StoreResult<PartyRecord> {
    let new: i64 = sqlx::query_scalar(
        "INSERT INTO case_complainants (case_id, name, phone, email, consent_sms, consent_email, added_by, added_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(party.name.as_str())
    .bind(party.phone.as_ref().map(|p| p.digits().to_owned()))
    .bind(party.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(i64::from(party.consent_sms))
    .bind(i64::from(party.consent_email))
    .bind(by)
    .bind(secs(at))
    .fetch_one(&mut **tx)
    .await?;
    let row: Row =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM case_complainants WHERE id = $1")))
            .bind(new)
            .fetch_one(&mut **tx)
            .await?;
    record(row)
}

#[async_trait]
impl PartyStore for SqlStore {
    async fn complainants_of(&self, id: i64) -> StoreResult<Vec<PartyRecord>> {
        rows(&self.part_json(&part(), id).await?, record)
    }

    async fn multi_person_counts(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<(i64, i64)> {
        // From the few co-complainants to their cases, not from the period's many cases (CROSS
        // JOIN keeps SQLite's planner to that order; PostgreSQL reads it as a plain join).
        let (cases, people): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(count(DISTINCT p.case_id) AS BIGINT), CAST(count(p.id) AS BIGINT) \
             FROM case_complainants p CROSS JOIN cases c \
             WHERE c.id = p.case_id AND c.received_at >= $1 AND c.received_at < $2{}",
            scope.on("c.")
        )))
        .bind(secs(start))
        .bind(secs(end))
        .fetch_one(&self.pool)
        .await?;
        Ok((cases, people))
    }
}
