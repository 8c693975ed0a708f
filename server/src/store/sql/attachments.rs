//! Attachments: uploads held under a random handle until the case they are filed with links
//! them, in that case's transaction.

use app::domain::MediaKind;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, FromRow, Transaction};

use super::parts::{Part, rows};
use super::{SqlStore, secs, time};
use crate::store::{AttachmentRecord, AttachmentStore, StoreError, StoreResult};

/// How long an upload waits for the case it belongs to.
pub const UPLOAD_LIFETIME_HOURS: i64 = 24;

#[derive(FromRow, serde::Deserialize)]
pub(super) struct Row {
    id: String,
    case_id: Option<i64>,
    file_name: String,
    media_kind: String,
    size_bytes: i64,
    uploaded_at: i64,
}

impl Row {
    pub(super) fn record(self) -> StoreResult<AttachmentRecord> {
        Ok(AttachmentRecord {
            media_kind: MediaKind::parse(&self.media_kind)
                .ok_or_else(|| StoreError::Corrupt(format!("attachment {} kind {}", self.id, self.media_kind)))?,
            id: self.id,
            case_id: self.case_id,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            uploaded_at: time(self.uploaded_at)?,
        })
    }
}

#[derive(FromRow)]
struct WithData {
    #[sqlx(flatten)]
    row: Row,
    data: Vec<u8>,
}

const COLUMNS: &str = "id, case_id, file_name, media_kind, size_bytes, uploaded_at";

/// A case's attachments, in the order uploaded.
pub(super) fn part() -> Part {
    Part::new(format!("SELECT {COLUMNS} FROM attachments WHERE case_id = $1"), "uploaded_at, id")
}

/// Links the uploads `ids` to the case `case_id` and returns their file names; any handle
/// that is unknown, expired or already filed refuses the whole change.
pub(super) async fn link(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    ids: &[String],
    at: DateTime<Utc>,
) -> StoreResult<Vec<String>> {
    let oldest = secs(at - Duration::hours(UPLOAD_LIFETIME_HOURS));
    let mut names = Vec::new();
    for id in ids {
        let name: Option<String> = sqlx::query_scalar(
            "UPDATE attachments SET case_id = $1 WHERE id = $2 AND case_id IS NULL AND uploaded_at >= $3 \
             RETURNING file_name",
        )
        .bind(case_id)
        .bind(id)
        .bind(oldest)
        .fetch_optional(&mut **tx)
        .await?;
        names.push(name.ok_or(StoreError::UnknownUpload)?);
    }
    Ok(names)
}

#[async_trait]
impl AttachmentStore for SqlStore {
    async fn save_upload(
        &self,
        id: &str,
        file_name: &str,
        kind: MediaKind,
        data: &[u8],
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO attachments (id, case_id, file_name, media_kind, size_bytes, data, uploaded_at) \
             VALUES ($1, NULL, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(file_name)
        .bind(kind.as_str())
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(data.to_vec())
        .bind(secs(at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn attachments_of(&self, case_id: i64) -> StoreResult<Vec<AttachmentRecord>> {
        rows(&self.part_json(&part(), case_id).await?, Row::record)
    }

    async fn attachment(&self, case_id: i64, id: &str) -> StoreResult<Option<(AttachmentRecord, Vec<u8>)>> {
        let row: Option<WithData> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS}, data FROM attachments WHERE case_id = $1 AND id = $2"
        )))
        .bind(case_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.row.record()?, r.data))).transpose()
    }

    async fn purge_unlinked_uploads(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let oldest = secs(now - Duration::hours(UPLOAD_LIFETIME_HOURS));
        let mut tx = self.write().await?;
        let n = sqlx::query("DELETE FROM attachments WHERE case_id IS NULL AND uploaded_at < $1")
            .bind(oldest)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn attachment_rows_read_the_columns_in_order() {
        super::super::parts::fields::check::<super::Row>(&super::part());
    }
}
