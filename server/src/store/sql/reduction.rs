//! The annual complaint reduction plans: targets and measures are JSON, read back through the
//! domain's types; the complaint counts come from the report counters of migrations 0008 and
//! 0037, never from the cases.

use std::collections::BTreeMap;

use app::domain::{ReductionState, ValidReductionPlan};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, secs, time};
use crate::store::{ReductionPlanRecord, ReductionStore, StoreError, StoreResult, User};

#[derive(FromRow)]
struct Row {
    department_id: i64,
    year: i64,
    quarter_targets: String,
    measures: String,
    analysis: String,
    state: String,
    saved_by: String,
    saved_at: i64,
    reported_by: Option<String>,
    reported_at: Option<i64>,
}

impl TryFrom<Row> for ReductionPlanRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Self> {
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("reduction plan {}/{}: {what}", r.department_id, r.year));
        Ok(Self {
            department_id: r.department_id,
            year: i32::try_from(r.year).map_err(|_| corrupt("year"))?,
            content: ValidReductionPlan {
                quarter_targets: serde_json::from_str(&r.quarter_targets).map_err(|_| corrupt("targets"))?,
                measures: serde_json::from_str(&r.measures).map_err(|_| corrupt("measures"))?,
                analysis: r.analysis,
            },
            state: r.state.parse().map_err(|_| corrupt("state"))?,
            saved_by: r.saved_by,
            saved_at: time(r.saved_at)?,
            reported_by: r.reported_by,
            reported_at: r.reported_at.map(time).transpose()?,
        })
    }
}

/// The department of a crossed counter key (`3:complaint`); none for a case without one.
fn department_of(key: &str) -> Option<(i64, &str)> {
    let (d, rest) = key.split_once(':')?;
    Some((d.parse().ok()?, rest))
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn year_days(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

#[async_trait]
impl ReductionStore for SqlStore {
    async fn reduction_plans(&self, year: i32) -> StoreResult<Vec<ReductionPlanRecord>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT department_id, year, quarter_targets, measures, analysis, state, saved_by, saved_at, \
             reported_by, reported_at FROM reduction_plans WHERE year = $1 ORDER BY department_id",
        )
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ReductionPlanRecord::try_from).collect()
    }

    async fn save_reduction_plan(
        &self,
        department_id: i64,
        year: i32,
        content: &ValidReductionPlan,
        report: bool,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        super::known_department(&self.pool, department_id).await?;
        let state = if report { ReductionState::Reported } else { ReductionState::Draft };
        // One write: inserted, or replaced while still a draft; a reported plan stays as it was.
        let done = sqlx::query(
            "INSERT INTO reduction_plans (department_id, year, quarter_targets, measures, analysis, state, saved_by, \
             saved_at, reported_by, reported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 = 1 THEN $7 END, CASE WHEN $9 = 1 THEN $8 END) \
             ON CONFLICT (department_id, year) DO UPDATE SET quarter_targets = excluded.quarter_targets, \
             measures = excluded.measures, analysis = excluded.analysis, state = excluded.state, \
             saved_by = excluded.saved_by, saved_at = excluded.saved_at, reported_by = excluded.reported_by, \
             reported_at = excluded.reported_at WHERE reduction_plans.state = 'draft'",
        )
        .bind(department_id)
        .bind(i64::from(year))
        .bind(json(&content.quarter_targets))
        .bind(json(&content.measures))
        .bind(&content.analysis)
        .bind(state.as_str())
        .bind(&by.username)
        .bind(secs(at))
        .bind(i64::from(report))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn complaints_per_quarter(&self, year: i32) -> StoreResult<BTreeMap<i64, [i64; 4]>> {
        let (from, to) = year_days(year);
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT key, substr(day, 6, 2), CAST(sum(received) AS BIGINT) FROM report_counts \
             WHERE day >= $1 AND day <= $2 AND dim = 'dept_kind' AND key LIKE '%:complaint' \
             GROUP BY key, substr(day, 6, 2)",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut out: BTreeMap<i64, [i64; 4]> = BTreeMap::new();
        for (key, month, n) in rows {
            let month: usize = month.parse().map_err(|_| StoreError::Corrupt(format!("report day month {month:?}")))?;
            if let (Some((department, _)), 1..=12) = (department_of(&key), month) {
                out.entry(department).or_default()[(month - 1) / 3] += n;
            }
        }
        Ok(out)
    }

    async fn categories_of_year(&self, year: i32) -> StoreResult<Vec<(i64, String, i64)>> {
        let (from, to) = year_days(year);
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT key, CAST(sum(received) AS BIGINT) FROM report_counts \
             WHERE day >= $1 AND day <= $2 AND dim = 'dept_category' GROUP BY key",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|(key, n)| {
                let (department, category) = department_of(key)?;
                (!category.is_empty() && *n > 0).then(|| (department, category.to_owned(), *n))
            })
            .collect())
    }
}
