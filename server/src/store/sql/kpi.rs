//! KPI targets, and the facts of a period the KPIs read beyond the report counters. Each
//! query groups in the database by department and Seoul day of receipt (an integer both
//! backends compute alike); the days become months here.

use app::domain::{Kpi, KpiTargets, seoul_midnight};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{SqlStore, secs};
use crate::store::{KpiCaseCounts, KpiFacts, KpiStore, StoreError, StoreResult, User};

/// Targets are stored in millionths: whole numbers, alike on both backends and in `copy-db`.
const MICRO: f64 = 1_000_000.0;

/// Seoul is nine hours ahead of UTC, all year.
const SEOUL_OFFSET: i64 = 9 * 3600;

/// `YYYY-MM` of a Seoul day number (days since 1970-01-01, Seoul).
fn month_of_day(day: i64) -> String {
    let date = DateTime::from_timestamp(day * 86_400, 0).map(|t| t.date_naive()).unwrap_or_default();
    date.format("%Y-%m").to_string()
}

#[async_trait]
impl KpiStore for SqlStore {
    async fn kpi_targets(&self, year: i32) -> StoreResult<KpiTargets> {
        let rows: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT department_id, kpi, target_micro FROM kpi_targets WHERE year = $1")
                .bind(i64::from(year))
                .fetch_all(&self.pool)
                .await?;
        let mut t = KpiTargets::default();
        for (department, kpi, micro) in rows {
            let kpi: Kpi = kpi.parse().map_err(|_| StoreError::Corrupt(format!("kpi target {kpi:?}")))?;
            #[allow(clippy::cast_precision_loss)]
            let target = micro as f64 / MICRO;
            if department == 0 {
                t.overall.insert(kpi, target);
            } else {
                t.departments.entry(department).or_default().insert(kpi, target);
            }
        }
        Ok(t)
    }

    async fn set_kpi_targets(&self, year: i32, targets: &KpiTargets, by: &User, at: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        for department in targets.departments.keys() {
            super::known_department(&mut *tx, *department).await?;
        }
        sqlx::query("DELETE FROM kpi_targets WHERE year = $1").bind(i64::from(year)).execute(&mut *tx).await?;
        let mut all: Vec<(i64, Kpi, f64)> = targets.overall.iter().map(|(k, v)| (0, *k, *v)).collect();
        for (d, t) in &targets.departments {
            all.extend(t.iter().map(|(k, v)| (*d, *k, *v)));
        }
        for (department, kpi, target) in all {
            sqlx::query(
                "INSERT INTO kpi_targets (year, department_id, kpi, target_micro, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(i64::from(year))
            .bind(department)
            .bind(kpi.as_str())
            // Targets are checked to their ranges (at most a million), so this cannot overflow.
            .bind((target * MICRO).round() as i64)
            .bind(&by.username)
            .bind(secs(at))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn kpi_facts(&self, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> StoreResult<KpiFacts> {
        let (start, end) = (secs(seoul_midnight(from)), secs(seoul_midnight(to.succ_opt().unwrap_or(to))));
        let mut facts = KpiFacts::default();

        // Survey answers per department (0: none), from the counters migration 0042's triggers
        // keep.
        let survey: Vec<(String, i64, String, i64, i64)> = sqlx::query_as(
            "SELECT substr(day, 1, 7), CASE WHEN key = '' THEN 0 ELSE CAST(key AS BIGINT) END, item, \
             CAST(sum(total) AS BIGINT), CAST(sum(n) AS BIGINT) FROM report_survey_dims \
             WHERE day >= $1 AND day <= $2 AND dim = 'department' GROUP BY substr(day, 1, 7), key, item",
        )
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.pool)
        .await?;
        for (month, department, item, total, n) in survey {
            facts.survey.entry((month, department)).or_default().insert(item, (total, n));
        }

        // Praise, interim notices and answers' decisions, in one pass of the `cases_kpi` index.
        type Row = (Option<i64>, i64, i64, i64, i64, i64, i64);
        let cases: Vec<Row> = sqlx::query_as(
            "SELECT department_id, (received_at + $3) / 86400, \
             CAST(sum(CASE WHEN kind = 'praise' THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(sum(CASE WHEN interim_due_at <= $4 AND status <> 'withdrawn' \
                  AND (closed_at IS NULL OR closed_at > interim_due_at) THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(sum(CASE WHEN interim_due_at <= $4 AND status <> 'withdrawn' \
                  AND (closed_at IS NULL OR closed_at > interim_due_at) AND interim_sent_at <= interim_due_at \
                  THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(sum(CASE WHEN decision IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(sum(CASE WHEN decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END) AS BIGINT) \
             FROM cases WHERE received_at >= $1 AND received_at < $2 \
             GROUP BY 1, 2",
        )
        .bind(start)
        .bind(end)
        .bind(SEOUL_OFFSET)
        .bind(secs(now))
        .fetch_all(&self.pool)
        .await?;
        for (department, day, praise, interim_due, interim_on_time, decided, accepted) in cases {
            let key = (month_of_day(day), department.unwrap_or(0));
            let e = facts.cases.entry(key.clone()).or_default();
            e.praise += praise;
            e.interim_due += interim_due;
            e.interim_on_time += interim_on_time;
            if decided > 0 {
                let a = facts.answers.entry(key).or_default();
                (a.0, a.1) = (a.0 + decided, a.1 + accepted);
            }
        }

        // Filings linked as repeats of an earlier complaint.
        let repeats: Vec<(Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT c.department_id, (c.received_at + $3) / 86400, CAST(count(DISTINCT c.id) AS BIGINT) \
             FROM case_links l JOIN cases c ON c.id = l.case_id \
             WHERE l.relation = 'repeat' AND c.received_at >= $1 AND c.received_at < $2 \
             GROUP BY 1, 2",
        )
        .bind(start)
        .bind(end)
        .bind(SEOUL_OFFSET)
        .fetch_all(&self.pool)
        .await?;
        for (department, day, n) in repeats {
            facts
                .cases
                .entry((month_of_day(day), department.unwrap_or(0)))
                .or_insert_with(KpiCaseCounts::default)
                .repeats += n;
        }

        // Survey follow-ups by the month they opened.
        let follow_ups: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT (opened_at + $3) / 86400, CAST(count(*) AS BIGINT), \
             CAST(sum(CASE WHEN done_at <= due_at THEN 1 ELSE 0 END) AS BIGINT) \
             FROM survey_follow_ups WHERE opened_at >= $1 AND opened_at < $2 GROUP BY 1",
        )
        .bind(start)
        .bind(end)
        .bind(SEOUL_OFFSET)
        .fetch_all(&self.pool)
        .await?;
        for (day, n, on_time) in follow_ups {
            let e = facts.follow_ups.entry(month_of_day(day)).or_default();
            (e.0, e.1) = (e.0 + n, e.1 + on_time);
        }
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_seoul_day_number_names_its_month() {
        // 2026-03-31 and 2026-04-01, Seoul.
        let day = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .signed_duration_since(chrono::NaiveDate::default())
                .num_days()
        };
        assert_eq!(super::month_of_day(day(2026, 3, 31)), "2026-03");
        assert_eq!(super::month_of_day(day(2026, 4, 1)), "2026-04");
        // A case received at 00:30 Seoul on 1 April is 15:30 UTC on 31 March.
        let received =
            crate::store::sql::secs(app::domain::seoul_midnight(chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()))
                + 1800;
        assert_eq!(super::month_of_day((received + super::SEOUL_OFFSET) / 86400), "2026-04");
    }
}
