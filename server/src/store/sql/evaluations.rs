//! The quarterly CCMS evaluations: scores and comments are JSON objects keyed by item code,
//! read back through the domain's types.

use std::collections::BTreeMap;

use app::domain::{EvaluationItem, EvaluationState, ValidEvaluation};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, is_unique_violation, secs, time};
use crate::store::{EvaluationRecord, EvaluationStore, StoreError, StoreResult, User};

#[derive(FromRow)]
struct Row {
    id: i64,
    department_id: i64,
    department_name: String,
    year: i64,
    quarter: i64,
    figures: String,
    scores: String,
    comments: String,
    summary: String,
    improvement_plan: String,
    state: String,
    opened_by: String,
    opened_at: i64,
    submitted_by: Option<String>,
    submitted_at: Option<i64>,
    acknowledged_by: Option<String>,
    acknowledged_at: Option<i64>,
    acknowledgement: Option<String>,
}

const SELECT: &str = "SELECT e.id, e.department_id, d.name AS department_name, e.year, e.quarter, e.figures, \
     e.scores, e.comments, e.summary, e.improvement_plan, e.state, e.opened_by, e.opened_at, e.submitted_by, \
     e.submitted_at, e.acknowledged_by, e.acknowledged_at, e.acknowledgement \
     FROM evaluations e JOIN departments d ON d.id = e.department_id";

impl TryFrom<Row> for EvaluationRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("evaluation {}: {what}", r.id));
        let scores: BTreeMap<EvaluationItem, u8> = serde_json::from_str(&r.scores).map_err(|_| corrupt("scores"))?;
        let comments: BTreeMap<EvaluationItem, String> =
            serde_json::from_str(&r.comments).map_err(|_| corrupt("comments"))?;
        Ok(Self {
            id: r.id,
            department_id: r.department_id,
            department_name: r.department_name,
            year: i32::try_from(r.year).map_err(|_| corrupt("year"))?,
            quarter: u8::try_from(r.quarter).map_err(|_| corrupt("quarter"))?,
            figures: r.figures,
            content: ValidEvaluation { scores, comments, summary: r.summary, improvement_plan: r.improvement_plan },
            state: r.state.parse().map_err(|_| corrupt("state"))?,
            opened_by: r.opened_by,
            opened_at: time(r.opened_at)?,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at.map(time).transpose()?,
            acknowledged_by: r.acknowledged_by,
            acknowledged_at: r.acknowledged_at.map(time).transpose()?,
            acknowledgement: r.acknowledgement,
        })
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into())
}

#[async_trait]
impl EvaluationStore for SqlStore {
    async fn open_evaluation(
        &self,
        department_id: i64,
        year: i32,
        quarter: u8,
        figures: &str,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        super::known_department(&self.pool, department_id).await?;
        let r = sqlx::query_scalar(
            "INSERT INTO evaluations (department_id, year, quarter, figures, opened_by, opened_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(department_id)
        .bind(i64::from(year))
        .bind(i64::from(quarter))
        .bind(figures)
        .bind(&by.username)
        .bind(secs(at))
        .fetch_one(&self.pool)
        .await;
        match r {
            Ok(id) => Ok(id),
            Err(e) if is_unique_violation(&e) => Err(StoreError::AlreadyExists),
            Err(e) => Err(e.into()),
        }
    }

    async fn evaluation(&self, id: i64) -> StoreResult<Option<EvaluationRecord>> {
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(EvaluationRecord::try_from).transpose()
    }

    async fn evaluations(&self, year: Option<i32>, department: Option<i64>) -> StoreResult<Vec<EvaluationRecord>> {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE ($1 = 0 OR e.year = $1) AND ($2 = 0 OR e.department_id = $2) \
             ORDER BY e.year DESC, e.quarter DESC, d.id"
        )))
        .bind(year.map_or(0, i64::from))
        .bind(department.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(EvaluationRecord::try_from).collect()
    }

    async fn save_evaluation(
        &self,
        id: i64,
        content: &ValidEvaluation,
        submit: bool,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let to = if submit { EvaluationState::Submitted } else { EvaluationState::Draft };
        // Only from a draft: a submitted evaluation no longer changes.
        let done = sqlx::query(
            "UPDATE evaluations SET scores = $1, comments = $2, summary = $3, improvement_plan = $4, state = $5, \
             saved_by = $6, saved_at = $7, \
             submitted_by = CASE WHEN $8 = 1 THEN $6 ELSE submitted_by END, \
             submitted_at = CASE WHEN $8 = 1 THEN $7 ELSE submitted_at END \
             WHERE id = $9 AND state = 'draft'",
        )
        .bind(json(&content.scores))
        .bind(json(&content.comments))
        .bind(&content.summary)
        .bind(&content.improvement_plan)
        .bind(to.as_str())
        .bind(&by.username)
        .bind(secs(at))
        .bind(i64::from(submit))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn acknowledge_evaluation(
        &self,
        id: i64,
        note: Option<&str>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE evaluations SET state = 'acknowledged', acknowledged_by = $1, acknowledged_at = $2, \
             acknowledgement = $3 WHERE id = $4 AND state = 'submitted'",
        )
        .bind(&by.username)
        .bind(secs(at))
        .bind(note)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
