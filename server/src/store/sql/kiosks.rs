//! Registered kiosks and their keys (only hashes are stored).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, secs, time};
use crate::store::{KioskKey, KioskStore, StoreError, StoreResult};

#[derive(FromRow)]
struct Row {
    id: i64,
    facility: String,
    label: String,
    created_by: String,
    created_at: i64,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, facility, label, created_by, created_at, revoked_at, last_used_at";

impl TryFrom<Row> for KioskKey {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Self> {
        Ok(KioskKey {
            id: r.id,
            facility: r.facility,
            label: r.label,
            created_by: r.created_by,
            created_at: time(r.created_at)?,
            revoked_at: r.revoked_at.map(time).transpose()?,
            last_used_at: r.last_used_at.map(time).transpose()?,
        })
    }
}

#[async_trait]
impl KioskStore for SqlStore {
    async fn create_kiosk_key(
        &self,
        key_hash: &str,
        facility: &str,
        label: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<KioskKey> {
        let mut tx = self.write().await?;
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM facilities WHERE code = $1 AND active = 1")
            .bind(facility)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::UnknownFacility);
        }
        let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "INSERT INTO kiosk_keys (key_hash, facility, label, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        )))
        .bind(key_hash)
        .bind(facility)
        .bind(label)
        .bind(by)
        .bind(secs(at))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        row.try_into()
    }

    async fn kiosk_keys(&self) -> StoreResult<Vec<KioskKey>> {
        let rows: Vec<Row> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM kiosk_keys ORDER BY id DESC")))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn kiosk_by_key(&self, key_hash: &str) -> StoreResult<Option<KioskKey>> {
        let row: Option<Row> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM kiosk_keys WHERE key_hash = $1")))
                .bind(key_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(TryInto::try_into).transpose()
    }

    async fn revoke_kiosk_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<Option<KioskKey>> {
        let mut tx = self.write().await?;
        let before: Option<Row> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM kiosk_keys WHERE id = $1")))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query("UPDATE kiosk_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(secs(at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        before.map(TryInto::try_into).transpose()
    }

    async fn touch_kiosk(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        let now = secs(at);
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE kiosk_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - 60)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
