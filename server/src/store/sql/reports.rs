//! Period reports as aggregates over one index range, and the handling time recorded at
//! closure that they average.

use app::domain::{BusinessCalendar, Pause};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, FromRow, Transaction};

use super::{Backend, SqlStore, secs, time};
use crate::store::{ReportGroup, ReportStore, StoreError, StoreResult};

/// The business calendar as the transaction sees it.
async fn calendar_in(tx: &mut Transaction<'static, Any>) -> StoreResult<BusinessCalendar> {
    let (open, bs, be, close): (i64, i64, i64, i64) =
        sqlx::query_as("SELECT open, break_start, break_end, close FROM business_hours WHERE id = 1")
            .fetch_one(&mut **tx)
            .await?;
    let u = |v: i64| u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("business hour {v}")));
    let hours = app::domain::BusinessHours::new(u(open)?, u(bs)?, u(be)?, u(close)?)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let dates: Vec<String> = sqlx::query_scalar("SELECT date FROM holidays").fetch_all(&mut **tx).await?;
    let dates = dates.iter().filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    Ok(BusinessCalendar::new(hours, dates))
}

/// Fixes the business time a case took, receipt to `at` less its pauses, as it closes.
pub(super) async fn record_handling(tx: &mut Transaction<'static, Any>, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
    let received: i64 =
        sqlx::query_scalar("SELECT received_at FROM cases WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    let pauses: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT started_at, ended_at FROM case_pauses WHERE case_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let pauses = pauses
        .into_iter()
        .map(|(s, e)| Ok(Pause { start: time(s)?, end: e.map(time).transpose()? }))
        .collect::<StoreResult<Vec<_>>>()?;
    let calendar = calendar_in(tx).await?;
    let received = time(received)?;
    let took = calendar.between(received, at) - calendar.paused_between(&pauses, received, at);
    sqlx::query("UPDATE cases SET handling_secs = $1 WHERE id = $2")
        .bind(took.max(0))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct GroupRow {
    kind: String,
    channel: String,
    category: Option<String>,
    facility: Option<String>,
    department_id: Option<i64>,
    assignee_id: Option<i64>,
    month: String,
    received: i64,
    processed: i64,
    open: i64,
    overdue: i64,
    on_time: i64,
    invited: i64,
    handling_sum: Option<i64>,
    handling_n: i64,
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn report_groups(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ReportGroup>> {
        // The Seoul month of receipt (UTC+9, no daylight saving).
        let month = match self.backend {
            Backend::Sqlite => "strftime('%Y-%m', c.received_at + 32400, 'unixepoch')",
            Backend::Postgres => "to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM')",
        };
        let sql = format!(
            "SELECT c.kind, c.channel, c.category, c.facility, c.department_id, c.assignee_id, {month} AS month, \
             count(*) AS received, \
             sum(CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END) AS processed, \
             sum(CASE WHEN c.status NOT IN ('closed', 'withdrawn') THEN 1 ELSE 0 END) AS open, \
             sum(CASE WHEN c.status NOT IN ('closed', 'withdrawn', 'paused') AND c.due_at < $3 THEN 1 ELSE 0 END) \
               AS overdue, \
             sum(CASE WHEN c.status = 'closed' AND c.closed_at <= c.due_at THEN 1 ELSE 0 END) AS on_time, \
             sum(CASE WHEN c.status = 'closed' AND ((c.consent_sms = 1 AND c.phone IS NOT NULL) \
               OR (c.consent_email = 1 AND c.email IS NOT NULL)) THEN 1 ELSE 0 END) AS invited, \
             CAST(sum(CASE WHEN c.status = 'closed' THEN c.handling_secs END) AS BIGINT) AS handling_sum, \
             count(CASE WHEN c.status = 'closed' THEN c.handling_secs END) AS handling_n \
             FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2 \
             GROUP BY c.kind, c.channel, c.category, c.facility, c.department_id, c.assignee_id, {month}"
        );
        let rows: Vec<GroupRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(secs(from))
            .bind(secs(to))
            .bind(secs(now))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| ReportGroup {
                kind: r.kind,
                channel: r.channel,
                category: r.category,
                facility: r.facility,
                department_id: r.department_id,
                assignee_id: r.assignee_id,
                month: r.month,
                received: r.received,
                processed: r.processed,
                open: r.open,
                overdue: r.overdue,
                on_time: r.on_time,
                invited: r.invited,
                handling_sum: r.handling_sum.unwrap_or(0),
                handling_n: r.handling_n,
            })
            .collect())
    }

    async fn handling_median(&self, from: DateTime<Utc>, to: DateTime<Utc>, n: i64) -> StoreResult<Option<f64>> {
        if n <= 0 {
            return Ok(None);
        }
        let (offset, take) = if n % 2 == 1 { (n / 2, 1) } else { (n / 2 - 1, 2) };
        let mid: Vec<i64> = sqlx::query_scalar(
            "SELECT handling_secs FROM cases WHERE received_at >= $1 AND received_at < $2 AND status = 'closed' \
             AND handling_secs IS NOT NULL ORDER BY handling_secs LIMIT $3 OFFSET $4",
        )
        .bind(secs(from))
        .bind(secs(to))
        .bind(take)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        #[allow(clippy::cast_precision_loss)]
        Ok((!mid.is_empty()).then(|| mid.iter().sum::<i64>() as f64 / mid.len() as f64))
    }

    async fn survey_scores(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<Vec<Vec<(String, u8)>>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT s.scores FROM survey_responses s JOIN cases c ON c.id = s.case_id \
             WHERE c.received_at >= $1 AND c.received_at < $2",
        )
        .bind(secs(from))
        .bind(secs(to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| serde_json::from_str(r).map_err(|e| StoreError::Corrupt(format!("survey: {e}")))).collect()
    }

    async fn staff_names(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(sqlx::query_as("SELECT id, display_name FROM users").fetch_all(&self.pool).await?)
    }

    async fn category_names(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT code, name_ko FROM categories").fetch_all(&self.pool).await?)
    }
}
