//! Survey follow-ups (불만족 민원 추가 답변) as they are read. A dissatisfied response opens
//! one in the transaction that stores it, and the VOC manager records what was done (and may
//! send the case back to work): both are workflow steps over `CaseTx`.

use app::domain::{FollowUpContact, VocKind};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, secs, time};
use crate::store::{
    FollowUpTotals, ReportScope, StoreError, StoreResult, SurveyCommentRecord, SurveyFollowUpRecord, SurveyStore,
};

#[derive(FromRow)]
struct Row {
    id: i64,
    case_id: i64,
    receipt_no: String,
    kind: String,
    department_name: Option<String>,
    overall: i64,
    result: i64,
    comment: Option<String>,
    opened_at: i64,
    due_at: i64,
    done_at: Option<i64>,
    done_by: Option<String>,
    contact: Option<String>,
    note: Option<String>,
    reopened: i64,
}

impl TryFrom<Row> for SurveyFollowUpRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("survey follow-up {}: {what}", r.id));
        Ok(Self {
            kind: r.kind.parse::<VocKind>().map_err(|_| corrupt("kind"))?,
            contact: r
                .contact
                .as_deref()
                .map(str::parse::<FollowUpContact>)
                .transpose()
                .map_err(|_| corrupt("contact"))?,
            opened_at: time(r.opened_at)?,
            due_at: time(r.due_at)?,
            done_at: r.done_at.map(time).transpose()?,
            id: r.id,
            case_id: r.case_id,
            receipt_no: r.receipt_no,
            department_name: r.department_name,
            overall: r.overall,
            result: r.result,
            comment: r.comment,
            done_by: r.done_by,
            note: r.note,
            reopened: r.reopened != 0,
        })
    }
}

const FOLLOW_UPS: &str = "SELECT f.id, f.case_id, c.receipt_no, c.kind, d.name AS department_name, f.overall, \
     f.result, s.comment, f.opened_at, f.due_at, f.done_at, f.done_by, f.contact, f.note, f.reopened \
     FROM survey_follow_ups f JOIN cases c ON c.id = f.case_id \
     LEFT JOIN survey_responses s ON s.case_id = f.case_id LEFT JOIN departments d ON d.id = c.department_id";

fn all(rows: Vec<Row>) -> StoreResult<Vec<SurveyFollowUpRecord>> {
    rows.into_iter().map(SurveyFollowUpRecord::try_from).collect()
}

#[async_trait]
impl SurveyStore for SqlStore {
    async fn survey_items(&self) -> StoreResult<Vec<app::domain::SurveyItem>> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT item FROM survey_items ORDER BY sort").fetch_all(&self.pool).await?;
        ids.iter()
            .map(|id| app::domain::survey_item(id).ok_or_else(|| StoreError::Corrupt(format!("survey item {id:?}"))))
            .collect()
    }

    async fn survey_follow_ups(&self, open_only: bool) -> StoreResult<Vec<SurveyFollowUpRecord>> {
        let open: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{FOLLOW_UPS} WHERE f.done_at IS NULL ORDER BY f.due_at, f.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut list = all(open)?;
        if !open_only {
            let done: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{FOLLOW_UPS} WHERE f.done_at IS NOT NULL ORDER BY f.done_at DESC, f.id DESC LIMIT 500"
            )))
            .fetch_all(&self.pool)
            .await?;
            list.extend(all(done)?);
        }
        Ok(list)
    }

    async fn survey_follow_up(&self, id: i64) -> StoreResult<Option<SurveyFollowUpRecord>> {
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{FOLLOW_UPS} WHERE f.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(SurveyFollowUpRecord::try_from).transpose()
    }

    async fn survey_comments(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
        limit: i64,
    ) -> StoreResult<Vec<SurveyCommentRecord>> {
        type Row =
            (i64, String, String, Option<String>, i64, String, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT c.id, c.receipt_no, c.kind, d.name, s.submitted_at, s.scores, s.comment, c.name, c.phone, c.email \
             FROM survey_responses s JOIN cases c ON c.id = s.case_id LEFT JOIN departments d ON d.id = c.department_id \
             WHERE s.comment IS NOT NULL AND s.submitted_at >= $1 AND s.submitted_at < $2{} \
             ORDER BY s.submitted_at DESC, c.id DESC LIMIT $3",
            scope.on("c.")
        )))
        .bind(secs(start))
        .bind(secs(end))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(case_id, receipt_no, kind, department_name, at, scores, comment, name, phone, email)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("survey response of case {case_id}: {what}"));
                Ok(SurveyCommentRecord {
                    kind: kind.parse::<VocKind>().map_err(|_| corrupt("kind"))?,
                    scores: serde_json::from_str(&scores).map_err(|_| corrupt("scores"))?,
                    submitted_at: time(at)?,
                    known: [name, phone, email].into_iter().flatten().collect(),
                    case_id,
                    receipt_no,
                    department_name,
                    comment,
                })
            })
            .collect()
    }

    async fn follow_up_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<FollowUpTotals> {
        let (opened, done, on_time, overdue): (i64, Option<i64>, Option<i64>, Option<i64>) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT count(*), \
                 CAST(sum(CASE WHEN f.done_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(sum(CASE WHEN f.done_at <= f.due_at THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(sum(CASE WHEN f.done_at IS NULL AND f.due_at < $3 THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM survey_follow_ups f JOIN cases c ON c.id = f.case_id \
                 WHERE f.opened_at >= $1 AND f.opened_at < $2{}",
                scope.on("c.")
            )))
            .bind(secs(start))
            .bind(secs(end))
            .bind(secs(now))
            .fetch_one(&self.pool)
            .await?;
        Ok(FollowUpTotals {
            opened,
            done: done.unwrap_or(0),
            done_on_time: on_time.unwrap_or(0),
            overdue: overdue.unwrap_or(0),
        })
    }
}
