//! Supplement requests (보완 요구): asked, answered and returned in one transaction each, with
//! the case's pause, history and the complainant's notices.

use app::domain::{BusinessCalendar, CaseStatus, HistoryAction, PauseReason, ValidSupplementAnswer};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{SqlStore, attachments, history_entry, open_status, resume_in, secs, time};
use crate::store::{CaseRecord, Store, StoreError, StoreResult, SupplementRecord, SupplementStore};

/// Who the history names for the complainant's own steps.
const COMPLAINANT: &str = "민원인";

#[async_trait]
impl SupplementStore for SqlStore {
    async fn answer_supplement(
        &self,
        id: i64,
        answer: &ValidSupplementAnswer,
        at: DateTime<Utc>,
        calendar: &BusinessCalendar,
    ) -> StoreResult<CaseRecord> {
        let mut tx = self.write().await?;
        let status = open_status(&mut tx, id).await?;
        // Every request still open is answered by this one answer.
        let r = sqlx::query(
            "UPDATE supplement_requests SET answer = $1, answered_at = $2 WHERE case_id = $3 AND answered_at IS NULL",
        )
        .bind(&answer.text)
        .bind(secs(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::AlreadyExists);
        }
        let detail = if answer.text.is_empty() { "(첨부파일로 보완)" } else { answer.text.as_str() };
        history_entry(&mut tx, id, at, COMPLAINANT, HistoryAction::SupplementAnswered, detail).await?;
        attachments::link(&mut tx, id, &answer.attachments, at).await?;
        // The clock runs again if it stands still for the supplement (not for another reason).
        let waiting: Option<String> =
            sqlx::query_scalar("SELECT reason FROM case_pauses WHERE case_id = $1 AND ended_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if status == CaseStatus::Paused && waiting.as_deref() == Some(PauseReason::DocumentSupplement.as_str()) {
            resume_in(&mut tx, id, COMPLAINANT, at, calendar).await?;
        }
        tx.commit().await?;
        self.case_by_id(id).await?.ok_or(StoreError::NotFound)
    }

    async fn case_supplements(&self, id: i64) -> StoreResult<Vec<SupplementRecord>> {
        type Row = (i64, String, String, String, i64, Option<String>, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, request, due_date, requested_by, requested_at, answer, answered_at \
             FROM supplement_requests WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(rid, request, due, by, requested_at, answer, answered_at)| {
                Ok(SupplementRecord {
                    id: rid,
                    request,
                    due_date: due.parse().map_err(|_| StoreError::Corrupt(format!("supplement due {due}")))?,
                    requested_by: by,
                    requested_at: time(requested_at)?,
                    answer,
                    answered_at: answered_at.map(time).transpose()?,
                })
            })
            .collect()
    }
}
