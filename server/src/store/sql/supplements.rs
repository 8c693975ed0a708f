//! Supplement requests (보완 요구): asked, answered and returned in one transaction each, with
//! the case's pause, history and the complainant's notices.

use app::domain::{BusinessCalendar, CaseStatus, HistoryAction, NoticeKind, PauseReason, ValidSupplementAnswer};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::notices::enqueue;
use super::{Also, SqlStore, attachments, history_entry, move_case, open_status, resume_in, secs, status_for, time};
use crate::store::{CaseRecord, Store, StoreError, StoreResult, SupplementRecord, SupplementStore, User};

/// Who the history names for the complainant's own steps.
const COMPLAINANT: &str = "민원인";

#[async_trait]
impl SupplementStore for SqlStore {
    async fn request_supplement(
        &self,
        id: i64,
        request: &str,
        due_date: NaiveDate,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<CaseRecord> {
        let mut tx = self.write().await?;
        let from = status_for(&mut tx, id, CaseStatus::Paused).await?;
        let reason = PauseReason::DocumentSupplement;
        sqlx::query(
            "INSERT INTO case_pauses (case_id, reason, note, started_at, started_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(reason.as_str())
        .bind(request)
        .bind(secs(at))
        .bind(&by.username)
        .execute(&mut *tx)
        .await?;
        let request_id: i64 = sqlx::query_scalar(
            "INSERT INTO supplement_requests (case_id, request, due_date, requested_by, requested_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id)
        .bind(request)
        .bind(due_date.to_string())
        .bind(&by.username)
        .bind(secs(at))
        .fetch_one(&mut *tx)
        .await?;
        let detail = format!("{due_date}까지 · {request}");
        let (to, action) = (CaseStatus::Paused, HistoryAction::SupplementRequested);
        move_case(&mut tx, id, from, to, at, &by.username, action, &detail, Also::Nothing).await?;
        let extra = [("request", request.to_owned()), ("due_date", due_date.to_string())];
        enqueue(&mut tx, self.links(), id, NoticeKind::Supplement, &request_id.to_string(), &extra, &[], at).await?;
        tx.commit().await?;
        self.case_by_id(id).await?.ok_or(StoreError::NotFound)
    }

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

    async fn return_unsupplemented(
        &self,
        id: i64,
        reason: &str,
        today: NaiveDate,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<CaseRecord> {
        let mut tx = self.write().await?;
        let from = status_for(&mut tx, id, CaseStatus::Closed).await?;
        // Only for a request whose day has passed unanswered, checked inside the transaction.
        let overdue: Option<(String, String)> = sqlx::query_as(
            "SELECT request, due_date FROM supplement_requests WHERE case_id = $1 AND answered_at IS NULL \
             AND due_date < $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .bind(today.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((request, due_date)) = overdue else {
            return Err(StoreError::InvalidTransition { from, to: CaseStatus::Closed });
        };
        let detail = format!("{due_date}까지 요청한 보완 없음 · {reason}");
        let (to, action) = (CaseStatus::Closed, HistoryAction::ReturnedUnsupplemented);
        move_case(&mut tx, id, from, to, at, &by.username, action, &detail, Also::CloseBecause(app::domain::RETURNED))
            .await?;
        // Never handled: out of the handling-time figures, like a transfer.
        sqlx::query("UPDATE cases SET handling_secs = NULL WHERE id = $1").bind(id).execute(&mut *tx).await?;
        let extra = [("request", request), ("due_date", due_date), ("reason", reason.to_owned())];
        enqueue(&mut tx, self.links(), id, NoticeKind::ReturnedUnsupplemented, "", &extra, &[], at).await?;
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
