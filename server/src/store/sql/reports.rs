//! Period reports from the per-day counters of migration 0008, and the business time each
//! case took (recorded by `CaseTx` as it closes) that they average.

use std::collections::HashMap;

use app::domain::seoul_midnight;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{SqlStore, secs, time};
use crate::store::{ReportDim, ReportGroup, ReportScope, ReportStore, StoreError, StoreResult, SurveyTotals};

/// The dimension a department's crossed counter row (`dept_kind`, key `3:complaint`) is read
/// as, and its value.
fn crossed(dim: &str, key: &str) -> Option<(ReportDim, String)> {
    let dim = ReportDim::parse(dim.strip_prefix("dept_")?)?;
    Some((dim, key.split_once(':')?.1.to_owned()))
}

/// `YYYY-MM` of a receipt time, Seoul.
/// The closures the Act leaves out of compliance, written exactly as migration 0034's partial
/// index `cases_left_out` is, so that the index serves the reports' queries. A reopened case
/// has no closure reason, so these are all closed.
const LEFT_OUT: &str = "closure_reason IN ('transferred', 'returned', 'abusive')";

/// The dimension values a case counts under, as the counters key them (migration 0008's
/// `case_report_rows`): codes, and ids as text; empty where the case has none.
fn dims_of(
    kind: String,
    channel: String,
    category: Option<String>,
    facility: Option<String>,
    department: Option<i64>,
    assignee: Option<i64>,
) -> [(ReportDim, String); 7] {
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    [
        (ReportDim::All, String::new()),
        (ReportDim::Kind, kind),
        (ReportDim::Channel, channel),
        (ReportDim::Category, category.unwrap_or_default()),
        (ReportDim::Facility, facility.unwrap_or_default()),
        (ReportDim::Department, id(department)),
        (ReportDim::Handler, id(assignee)),
    ]
}

fn month_of(received_at: i64) -> StoreResult<String> {
    Ok(app::domain::to_seoul(time(received_at)?).format("%Y-%m").to_string())
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn report_groups(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<(Vec<ReportGroup>, Option<f64>)> {
        // Everything but the overdue count comes from the per-day counters that the triggers
        // of migrations 0008 and 0037 keep: a few hundred rows per month, whatever the number
        // of cases. A department's are its `department` row (its totals) and its crossed rows.
        let which = scope.counter_rows();
        let counted: Vec<(String, String, String, i64, i64, i64, i64, i64, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT dim, key, substr(day, 1, 7), CAST(sum(received) AS BIGINT), CAST(sum(processed) AS BIGINT), \
                 CAST(sum(open) AS BIGINT), CAST(sum(on_time) AS BIGINT), CAST(sum(invited) AS BIGINT), \
                 CAST(sum(handling_sum) AS BIGINT), CAST(sum(handling_n) AS BIGINT) \
                 FROM report_counts WHERE day >= $1 AND day <= $2 AND {which} GROUP BY dim, key, substr(day, 1, 7)"
            )))
            .bind(from.format("%Y-%m-%d").to_string())
            .bind(to.format("%Y-%m-%d").to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut groups = Vec::with_capacity(counted.len());
        let mut handled = 0;
        for (dim, key, month, received, processed, open, on_time, invited, handling_sum, handling_n) in counted {
            let corrupt = || StoreError::Corrupt(format!("report dimension {dim:?}"));
            let mut read_as = vec![match scope {
                ReportScope::All => (ReportDim::parse(&dim).ok_or_else(corrupt)?, key),
                ReportScope::Department(_) if dim == "department" => (ReportDim::Department, key),
                ReportScope::Department(_) => crossed(&dim, &key).ok_or_else(corrupt)?,
            }];
            // A department's own row is also its totals.
            if scope != ReportScope::All && read_as[0].0 == ReportDim::Department {
                read_as.push((ReportDim::All, String::new()));
            }
            for (dim, key) in read_as {
                if dim == ReportDim::All {
                    handled += handling_n;
                }
                groups.push(ReportGroup {
                    dim,
                    key,
                    month: month.clone(),
                    received,
                    processed,
                    open,
                    overdue: 0,
                    on_time,
                    invited,
                    handling_sum,
                    handling_n,
                    excluded: 0,
                    excluded_on_time: 0,
                });
            }
        }

        // Overdue depends on the clock, so it is counted from the open cases themselves
        // (the partial index `cases_open` holds only those).
        let (start, end) = (secs(seoul_midnight(from)), secs(seoul_midnight(to.succ_opt().unwrap_or(to))));
        let late: Vec<(String, String, Option<String>, Option<String>, Option<i64>, Option<i64>, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT kind, channel, category, facility, department_id, assignee_id, received_at FROM cases \
                 WHERE received_at >= $1 AND received_at < $2 AND status NOT IN ('closed', 'withdrawn') \
                 AND status <> 'paused' AND due_at < $3{}",
                scope.on("")
            )))
            .bind(start)
            .bind(end)
            .bind(secs(now))
            .fetch_all(&self.pool)
            .await?;
        let mut overdue: HashMap<(ReportDim, String, String), i64> = HashMap::new();
        for (kind, channel, category, facility, department, assignee, received_at) in late {
            let month = month_of(received_at)?;
            for (dim, key) in dims_of(kind, channel, category, facility, department, assignee) {
                *overdue.entry((dim, key, month.clone())).or_default() += 1;
            }
        }
        for g in &mut groups {
            if let Some(n) = overdue.remove(&(g.dim, g.key.clone(), g.month.clone())) {
                g.overdue = n;
            }
        }
        // The counters always hold a group for an open case's values, so nothing is left here
        // unless a case changed between the two reads; it is still counted.
        groups.extend(overdue.into_iter().map(|((dim, key, month), n)| ReportGroup {
            dim,
            key,
            month,
            received: 0,
            processed: 0,
            open: 0,
            overdue: n,
            on_time: 0,
            invited: 0,
            handling_sum: 0,
            handling_n: 0,
            excluded: 0,
            excluded_on_time: 0,
        }));

        // What the Act leaves out of compliance, per dimension: cases sent to another agency,
        // returned, or closed as abuse (migration 0034's partial index holds only those).
        let mut left_out: HashMap<(ReportDim, String, String), (i64, i64)> = HashMap::new();
        type Row = (String, String, Option<String>, Option<String>, Option<i64>, Option<i64>, i64, i64);
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT kind, channel, category, facility, department_id, assignee_id, received_at, \
             CASE WHEN closed_at <= due_at THEN 1 ELSE 0 END FROM cases \
             WHERE {LEFT_OUT} AND received_at >= $1 AND received_at < $2{}",
            scope.on("")
        )))
        .bind(start)
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        for (kind, channel, category, facility, department, assignee, received_at, on_time) in rows {
            let month = month_of(received_at)?;
            for (dim, key) in dims_of(kind, channel, category, facility, department, assignee) {
                let e = left_out.entry((dim, key, month.clone())).or_default();
                (e.0, e.1) = (e.0 + 1, e.1 + on_time);
            }
        }
        for g in &mut groups {
            if let Some((n, on_time)) = left_out.remove(&(g.dim, g.key.clone(), g.month.clone())) {
                (g.excluded, g.excluded_on_time) = (n, on_time);
            }
        }

        // The exact median: the middle one or two of the period's closed handling times, read
        // in order from the `cases_handling` index.
        let median = if handled == 0 {
            None
        } else {
            let middle: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT handling_secs FROM cases WHERE status = 'closed' AND received_at >= $1 AND received_at < $2 \
                 AND handling_secs IS NOT NULL{} ORDER BY handling_secs LIMIT $3 OFFSET $4",
                scope.on_indexed("")
            )))
            .bind(start)
            .bind(end)
            .bind(2 - handled % 2)
            .bind((handled - 1) / 2)
            .fetch_all(&self.pool)
            .await?;
            #[allow(clippy::cast_precision_loss)]
            (!middle.is_empty()).then(|| middle.iter().sum::<i64>() as f64 / middle.len() as f64)
        };
        Ok((groups, median))
    }

    async fn extension_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<crate::store::ExtensionTotals> {
        // Extended cases are few; a partial index (migration 0024) finds them by receipt time.
        let (extended, on_time, on_time_original, open_past_original): (i64, Option<i64>, Option<i64>, Option<i64>) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT count(*), \
                 CAST(sum(CASE WHEN status = 'closed' AND closed_at <= due_at THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(sum(CASE WHEN status = 'closed' AND closed_at <= original_due_at THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(sum(CASE WHEN status NOT IN ('closed', 'withdrawn') AND original_due_at <= $3 AND due_at > $3 \
                          THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM cases WHERE original_due_at IS NOT NULL AND received_at >= $1 AND received_at < $2{}",
                scope.on("")
            )))
            .bind(secs(start))
            .bind(secs(end))
            .bind(secs(now))
            .fetch_one(&self.pool)
            .await?;
        Ok(crate::store::ExtensionTotals {
            extended,
            on_time: on_time.unwrap_or(0),
            on_time_original: on_time_original.unwrap_or(0),
            open_past_original: open_past_original.unwrap_or(0),
        })
    }

    async fn transfer_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<crate::store::TransferTotals> {
        let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT closure_reason, CAST(count(*) AS BIGINT) FROM cases \
             WHERE {LEFT_OUT} AND received_at >= $1 AND received_at < $2{} GROUP BY closure_reason",
            scope.on("")
        )))
        .bind(secs(start))
        .bind(secs(end))
        .fetch_all(&self.pool)
        .await?;
        let count = |reason: &str| rows.iter().find(|(r, _)| r == reason).map_or(0, |(_, n)| *n);
        Ok(crate::store::TransferTotals {
            transferred: count(app::domain::TRANSFERRED),
            returned: count(app::domain::RETURNED),
            abusive: count(app::domain::ABUSIVE),
        })
    }

    async fn survey_totals(&self, from: NaiveDate, to: NaiveDate, scope: ReportScope) -> StoreResult<SurveyTotals> {
        // Per month from the counters of migration 0008 (a department's from its own rows of
        // migration 0042), per dimension from those of migration 0042 (a department's: its own
        // row and its crossed rows).
        let monthly = match scope {
            ReportScope::All => "SELECT substr(day, 1, 7), item, CAST(sum(total) AS BIGINT), CAST(sum(n) AS BIGINT) \
                 FROM report_survey WHERE day >= $1 AND day <= $2 GROUP BY substr(day, 1, 7), item"
                .to_owned(),
            ReportScope::Department(d) => format!(
                "SELECT substr(day, 1, 7), item, CAST(sum(total) AS BIGINT), CAST(sum(n) AS BIGINT) \
                 FROM report_survey_dims WHERE day >= $1 AND day <= $2 AND dim = 'department' AND key = '{d}' \
                 GROUP BY substr(day, 1, 7), item"
            ),
        };
        let which = scope.counter_rows();
        let (from, to) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
        let months: Vec<(String, String, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(monthly)).bind(&from).bind(&to).fetch_all(&self.pool).await?;
        let dims: Vec<(String, String, String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT dim, key, item, CAST(sum(total) AS BIGINT), CAST(sum(n) AS BIGINT) FROM report_survey_dims \
             WHERE day >= $1 AND day <= $2 AND {which} GROUP BY dim, key, item"
        )))
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        let mut totals = SurveyTotals::default();
        for (month, item, total, n) in months {
            totals.all.add(&item, total, n);
            totals.groups.entry((ReportDim::All, month)).or_default().add(&item, total, n);
        }
        for (dim, key, item, total, n) in dims {
            let corrupt = || StoreError::Corrupt(format!("survey dimension {dim:?}"));
            let (dim, key) = match scope {
                ReportScope::Department(_) if dim != "department" => crossed(&dim, &key).ok_or_else(corrupt)?,
                _ => (ReportDim::parse(&dim).filter(|d| *d != ReportDim::All).ok_or_else(corrupt)?, key),
            };
            totals.groups.entry((dim, key)).or_default().add(&item, total, n);
        }
        Ok(totals)
    }

    async fn staff_names(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(sqlx::query_as("SELECT id, display_name FROM users").fetch_all(&self.pool).await?)
    }

    async fn category_names(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT code, name_ko FROM categories").fetch_all(&self.pool).await?)
    }

    async fn received_by(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: ReportScope,
        dims: &[ReportDim],
    ) -> StoreResult<Vec<(ReportDim, String, i64)>> {
        let which = scope.counter_rows();
        let counted: Vec<(String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT dim, key, CAST(sum(received) AS BIGINT) FROM report_counts \
             WHERE day >= $1 AND day <= $2 AND {which} GROUP BY dim, key"
        )))
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(counted
            .into_iter()
            .filter_map(|(dim, key, n)| {
                let read = match scope {
                    ReportScope::All => ReportDim::parse(&dim).map(|d| (d, key)),
                    ReportScope::Department(_) if dim == "department" => None,
                    ReportScope::Department(_) => crossed(&dim, &key),
                };
                read.filter(|(d, _)| dims.contains(d)).map(|(d, k)| (d, k, n))
            })
            .collect())
    }

    async fn complaint_texts(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
        limit: i64,
    ) -> StoreResult<Vec<(Option<String>, String)>> {
        // Newest first through `cases_received`; a department's are filtered on the way.
        let on = scope.on("");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT category, content FROM cases WHERE received_at >= $1 AND received_at < $2 \
             AND kind <> 'praise'{on} ORDER BY received_at DESC LIMIT $3"
        )))
        .bind(secs(start))
        .bind(secs(end))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn stop_words(&self) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT word FROM stop_words").fetch_all(&self.pool).await?)
    }

    async fn set_stop_words(&self, words: &app::domain::recurring::StopWords) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM stop_words").execute(&mut *tx).await?;
        for w in words.words() {
            sqlx::query("INSERT INTO stop_words (word) VALUES ($1)").bind(w).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_left_out_condition_names_every_reason_the_act_excludes() {
        for reason in [app::domain::TRANSFERRED, app::domain::RETURNED, app::domain::ABUSIVE] {
            assert!(super::LEFT_OUT.contains(&format!("'{reason}'")), "{reason}");
        }
    }
}
