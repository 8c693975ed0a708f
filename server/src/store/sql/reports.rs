//! Period reports as aggregates over one index range, and the handling time recorded at
//! closure that they average.

use app::domain::{BusinessCalendar, Pause};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, FromRow, Transaction};

use super::{SqlStore, secs, time};
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
struct ScanRow {
    kind: String,
    channel: String,
    category: Option<String>,
    facility: Option<String>,
    department_id: Option<i64>,
    assignee_id: Option<i64>,
    received_at: i64,
    status: String,
    due_at: i64,
    closed_at: Option<i64>,
    handling_secs: Option<i64>,
    consent_sms: i64,
    consent_email: i64,
}

type GroupKey = (String, String, Option<String>, Option<String>, Option<i64>, Option<i64>, i32);

/// `YYYY-MM` of a Seoul month number `year * 12 + month0`.
fn month_text(m: i32) -> String {
    format!("{:04}-{:02}", m / 12, m % 12 + 1)
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn report_groups(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<(Vec<ReportGroup>, Option<f64>)> {
        use chrono::Datelike;
        use futures::TryStreamExt;
        // One range scan of a covering index, aggregated here: a many-column GROUP BY would
        // sort every row in a temporary b-tree, several times slower on SQLite.
        let mut rows = sqlx::query_as::<_, ScanRow>(
            "SELECT kind, channel, category, facility, department_id, assignee_id, received_at, status, due_at, \
             closed_at, handling_secs, consent_sms, consent_email \
             FROM cases WHERE received_at >= $1 AND received_at < $2",
        )
        .bind(secs(from))
        .bind(secs(to))
        .fetch(&self.pool);
        let now = secs(now);
        let mut groups: std::collections::HashMap<GroupKey, ReportGroup> = std::collections::HashMap::new();
        let mut handling: Vec<i64> = Vec::new();
        // Month boundaries change rarely in a scan in receipt order: remember the last one.
        let mut month_cache: (i64, i64, i32) = (i64::MAX, i64::MIN, 0);
        while let Some(r) = rows.try_next().await? {
            let month = if (month_cache.0..month_cache.1).contains(&r.received_at) {
                month_cache.2
            } else {
                let local = app::domain::to_seoul(time(r.received_at)?);
                let m = local.year() * 12 + i32::try_from(local.month0()).unwrap_or(0);
                let first = |y: i32, m0: u32| {
                    chrono::NaiveDate::from_ymd_opt(y, m0 + 1, 1)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map_or(0, |d| d.and_utc().timestamp() - 9 * 3600)
                };
                let start = first(local.year(), local.month0());
                let end = if local.month0() == 11 { first(local.year() + 1, 0) } else { first(local.year(), local.month0() + 1) };
                month_cache = (start, end, m);
                m
            };
            let closed = r.status == "closed";
            let open = r.status != "closed" && r.status != "withdrawn";
            let key = (r.kind, r.channel, r.category, r.facility, r.department_id, r.assignee_id, month);
            let g = groups.entry(key).or_insert_with_key(|k| ReportGroup {
                kind: k.0.clone(),
                channel: k.1.clone(),
                category: k.2.clone(),
                facility: k.3.clone(),
                department_id: k.4,
                assignee_id: k.5,
                month: month_text(k.6),
                received: 0,
                processed: 0,
                open: 0,
                overdue: 0,
                on_time: 0,
                invited: 0,
                handling_sum: 0,
                handling_n: 0,
            });
            g.received += 1;
            if closed {
                g.processed += 1;
                if r.closed_at.is_some_and(|c| c <= r.due_at) {
                    g.on_time += 1;
                }
                // Consent to a channel is accepted only with its contact data (NewCaseInput::validate).
                if r.consent_sms != 0 || r.consent_email != 0 {
                    g.invited += 1;
                }
                if let Some(h) = r.handling_secs {
                    g.handling_sum += h;
                    g.handling_n += 1;
                    handling.push(h);
                }
            }
            if open {
                g.open += 1;
                if r.status != "paused" && r.due_at < now {
                    g.overdue += 1;
                }
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let median = match handling.len() {
            0 => None,
            n => {
                let mid = n / 2;
                let (_, upper, _) = handling.select_nth_unstable(mid);
                let upper = *upper;
                if n % 2 == 1 {
                    Some(upper as f64)
                } else {
                    let lower = handling[..mid].iter().copied().max().unwrap_or(upper);
                    Some((lower + upper) as f64 / 2.0)
                }
            }
        };
        Ok((groups.into_values().collect(), median))
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
