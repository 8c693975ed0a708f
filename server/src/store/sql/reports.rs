//! Period reports as aggregates over one index range, and the handling time recorded at
//! closure that they average.

use app::domain::{BusinessCalendar, Pause};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::{Backend, HOURS_SQL, SqlStore, hours_of, secs, time};
use crate::store::{ReportGroup, ReportStore, StoreError, StoreResult};

/// The business calendar as the transaction sees it.
async fn calendar_in(tx: &mut Transaction<'static, Any>) -> StoreResult<BusinessCalendar> {
    let hours = hours_of(sqlx::query_as(HOURS_SQL).fetch_one(&mut **tx).await?)?;
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
    /// Consented to SMS or e-mail notices.
    consented: bool,
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
        // The rows of the period come back as a few long texts, one per chunk of the period,
        // read on parallel connections: decoding a quarter of a million rows one by one through
        // sqlx's `Any` driver costs about 9 µs each, the texts a small fraction of that. Every
        // column read is in the `cases_report` index, so no chunk touches the table.
        const UNIT: char = '\u{1f}';
        const RECORD: char = '\u{1e}';
        let (sep, agg, text) = match self.backend {
            Backend::Sqlite => ("char(31)", "group_concat", "char(30)"),
            Backend::Postgres => ("chr(31)", "string_agg", "chr(30)"),
        };
        let cols = [
            "kind",
            "channel",
            "coalesce(category, '')",
            "coalesce(facility, '')",
            "coalesce(CAST(department_id AS TEXT), '')",
            "coalesce(CAST(assignee_id AS TEXT), '')",
            "CAST(received_at AS TEXT)",
            "status",
            "CAST(due_at AS TEXT)",
            "coalesce(CAST(closed_at AS TEXT), '')",
            "coalesce(CAST(handling_secs AS TEXT), '')",
            "CAST(consent_sms + consent_email AS TEXT)",
        ]
        .join(&format!(" || {sep} || "));
        let sql = format!("SELECT {agg}({cols}, {text}) FROM cases WHERE received_at >= $1 AND received_at < $2");
        const CHUNKS: i64 = 4;
        let (a, b) = (secs(from), secs(to).max(secs(from)));
        let step = ((b - a) / CHUNKS).max(1);
        let bounds: Vec<(i64, i64)> =
            (0..CHUNKS).map(|i| (a + i * step, if i == CHUNKS - 1 { b } else { a + (i + 1) * step })).collect();
        let texts = futures::future::try_join_all(bounds.iter().map(|(lo, hi)| {
            sqlx::query_scalar::<_, Option<String>>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(*lo)
                .bind(*hi)
                .fetch_one(&self.pool)
        }))
        .await?;
        let corrupt = |line: &str| StoreError::Corrupt(format!("report row {line:?}"));
        let opt_int = |v: &str| if v.is_empty() { Ok(None) } else { v.parse::<i64>().map(Some) };
        let opt_text = |v: &str| if v.is_empty() { None } else { Some(v.to_owned()) };
        let mut rows = Vec::new();
        for text in texts.iter().flatten() {
            for line in text.split(RECORD) {
                let f: Vec<&str> = line.split(UNIT).collect();
                let [
                    kind,
                    channel,
                    category,
                    facility,
                    dept,
                    assignee,
                    received,
                    status,
                    due,
                    closed,
                    handling,
                    consent,
                ] = f[..]
                else {
                    return Err(corrupt(line));
                };
                let int = |v: &str| v.parse::<i64>().map_err(|_| corrupt(line));
                rows.push(ScanRow {
                    kind: kind.to_owned(),
                    channel: channel.to_owned(),
                    category: opt_text(category),
                    facility: opt_text(facility),
                    department_id: opt_int(dept).map_err(|_| corrupt(line))?,
                    assignee_id: opt_int(assignee).map_err(|_| corrupt(line))?,
                    received_at: int(received)?,
                    status: status.to_owned(),
                    due_at: int(due)?,
                    closed_at: opt_int(closed).map_err(|_| corrupt(line))?,
                    handling_secs: opt_int(handling).map_err(|_| corrupt(line))?,
                    consented: int(consent)? > 0,
                });
            }
        }
        let now = secs(now);
        let mut groups: std::collections::HashMap<GroupKey, ReportGroup> = std::collections::HashMap::new();
        let mut handling: Vec<i64> = Vec::new();
        // Month boundaries change rarely in a scan in receipt order: remember the last one.
        let mut month_cache: (i64, i64, i32) = (i64::MAX, i64::MIN, 0);
        for r in rows {
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
                let end = if local.month0() == 11 {
                    first(local.year() + 1, 0)
                } else {
                    first(local.year(), local.month0() + 1)
                };
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
                if r.consented {
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
