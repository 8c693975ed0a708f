//! The retention purge: the personal data of cases closed before the retention period are
//! destroyed in one transaction per run; the anonymised case, who did what when, and the
//! report counters stay (no column the counters read changes).

use app::domain::HistoryAction;
use app::domain::mask_personal_data;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, history_entry, secs, time};
use crate::store::{PurgeRun, RetentionPreview, RetentionStore, StoreResult};

/// The text left where a complaint was.
pub const PURGED_TEXT: &str = "(보존기간이 지나 파기됨 · destroyed after the retention period)";

/// Cases done in one run at most; the next run takes the rest.
const BATCH: i64 = 500;

/// Closed (or withdrawn) before `before`, not purged yet. A case reopened since has no
/// `closed_at`, so it is never taken.
const DUE: &str =
    "closed_at IS NOT NULL AND closed_at < $1 AND purged_at IS NULL AND status IN ('closed', 'withdrawn')";

#[derive(FromRow)]
struct RunRow {
    id: i64,
    ran_at: i64,
    ran_by: String,
    retention_days: i64,
    cases: i64,
    oldest_closed_at: Option<i64>,
    newest_closed_at: Option<i64>,
}

fn run(r: RunRow) -> StoreResult<PurgeRun> {
    Ok(PurgeRun {
        id: r.id,
        ran_at: time(r.ran_at)?,
        ran_by: r.ran_by,
        retention_days: r.retention_days,
        cases: r.cases,
        oldest_closed_at: r.oldest_closed_at.map(time).transpose()?,
        newest_closed_at: r.newest_closed_at.map(time).transpose()?,
    })
}

#[async_trait]
impl RetentionStore for SqlStore {
    async fn retention_preview(&self, before: DateTime<Utc>) -> StoreResult<RetentionPreview> {
        let (cases, oldest, newest): (i64, Option<i64>, Option<i64>) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT count(*), min(closed_at), max(closed_at) FROM cases WHERE {DUE}"
        )))
        .bind(secs(before))
        .fetch_one(&self.pool)
        .await?;
        Ok(RetentionPreview {
            cases,
            oldest_closed_at: oldest.map(time).transpose()?,
            newest_closed_at: newest.map(time).transpose()?,
        })
    }

    async fn purge_personal_data(
        &self,
        before: DateTime<Utc>,
        retention_days: i64,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<PurgeRun>> {
        let mut tx = self.write().await?;
        #[allow(clippy::type_complexity)]
        let due: Vec<(i64, i64, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(
            format!("SELECT id, closed_at, name, phone, email FROM cases WHERE {DUE} ORDER BY closed_at, id LIMIT $2"),
        ))
        .bind(secs(before))
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if due.is_empty() {
            return Ok(None);
        }
        for (id, _, name, phone, email) in &due {
            // File names can be personal too ("홍길동_신분증.jpg"): masked wherever quoted.
            let files: Vec<String> = sqlx::query_scalar("SELECT file_name FROM attachments WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            let known: Vec<&str> =
                [name, phone, email].into_iter().flatten().chain(&files).map(String::as_str).collect();
            // The case first: the history guard lets a purged case's entries lose their text.
            let r = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE cases SET name = NULL, phone = NULL, email = NULL, phone_key = NULL, email_key = NULL, address = NULL, \
                 content = $3, unreachable_note = NULL, \
                 interim_reason = NULL, \
                 purged_at = $2 WHERE id = $4 AND {DUE}"
            )))
            .bind(secs(before))
            .bind(secs(at))
            .bind(PURGED_TEXT)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                continue;
            }
            // Text staff wrote stays, with the complainant's name and contacts masked out.
            let mask = |t: String| mask_personal_data(&t, &known);
            let texts: Vec<(i64, String, String, String)> =
                sqlx::query_as("SELECT id, result, basis, appeal FROM answers WHERE case_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for (answer, result, basis, appeal) in texts {
                sqlx::query("UPDATE answers SET result = $1, basis = $2, appeal = $3 WHERE id = $4")
                    .bind(mask(result))
                    .bind(mask(basis))
                    .bind(mask(appeal))
                    .bind(answer)
                    .execute(&mut *tx)
                    .await?;
            }
            let notes: Vec<(i64, String)> = sqlx::query_as("SELECT id, body FROM case_notes WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            for (note, body) in notes {
                sqlx::query("UPDATE case_notes SET body = $1 WHERE id = $2")
                    .bind(mask(body))
                    .bind(note)
                    .execute(&mut *tx)
                    .await?;
            }
            let contacts: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, summary FROM case_contacts WHERE case_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for (contact, summary) in contacts {
                sqlx::query("UPDATE case_contacts SET summary = $1 WHERE id = $2")
                    .bind(mask(summary))
                    .bind(contact)
                    .execute(&mut *tx)
                    .await?;
            }
            let asked: Vec<(i64, String, Option<String>)> =
                sqlx::query_as("SELECT id, question, answer FROM material_requests WHERE case_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for (m, question, answer) in asked {
                sqlx::query("UPDATE material_requests SET question = $1, answer = $2 WHERE id = $3")
                    .bind(mask(question))
                    .bind(answer.map(mask))
                    .bind(m)
                    .execute(&mut *tx)
                    .await?;
            }
            // What the complainant sent as a supplement is theirs: it goes like the content.
            sqlx::query("UPDATE supplement_requests SET answer = $1 WHERE case_id = $2 AND answer IS NOT NULL")
                .bind(PURGED_TEXT)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let requests: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, request FROM supplement_requests WHERE case_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for (r, request) in requests {
                sqlx::query("UPDATE supplement_requests SET request = $1 WHERE id = $2")
                    .bind(mask(request))
                    .bind(r)
                    .execute(&mut *tx)
                    .await?;
            }
            // Incidents recorded on this case were tied to the person by its contacts, gone
            // above; their notes are masked.
            let incidents: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, note FROM conduct_incidents WHERE case_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            for (i, note) in incidents {
                sqlx::query("UPDATE conduct_incidents SET note = $1 WHERE id = $2")
                    .bind(mask(note))
                    .bind(i)
                    .execute(&mut *tx)
                    .await?;
            }
            // Co-complainants go with the representative; that there were so many stays.
            sqlx::query("UPDATE case_complainants SET name = NULL, phone = NULL, email = NULL WHERE case_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE survey_responses SET comment = NULL WHERE case_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // What the manager noted on a follow-up may name the person; how and when stays.
            sqlx::query("UPDATE survey_follow_ups SET note = NULL WHERE case_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // Notices: what was sent and to whom goes; that it was sent, and when, stays.
            sqlx::query(
                "UPDATE outbox SET recipient = '-', subject = '-', body = '-', last_error = NULL, link_tokens = NULL, \
                 dedupe_key = 'purged:' || message_id WHERE case_id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM attachments WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
            // No link opens a purged case any more.
            sqlx::query("DELETE FROM case_tokens WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
            let history: Vec<(i64, String)> = sqlx::query_as("SELECT id, detail FROM case_history WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            for (entry, detail) in history {
                sqlx::query(
                    "UPDATE case_history SET detail = $1, before_value = NULL, after_value = NULL WHERE id = $2",
                )
                .bind(mask(detail))
                .bind(entry)
                .execute(&mut *tx)
                .await?;
            }
            history_entry(
                &mut tx,
                *id,
                at,
                by,
                HistoryAction::PersonalDataDestroyed,
                &format!("보존기간 {retention_days}일 경과"),
            )
            .await?;
        }
        let row: RunRow = sqlx::query_as(
            "INSERT INTO purge_runs (ran_at, ran_by, retention_days, cases, oldest_closed_at, newest_closed_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, ran_at, ran_by, retention_days, cases, oldest_closed_at, newest_closed_at",
        )
        .bind(secs(at))
        .bind(by)
        .bind(retention_days)
        .bind(i64::try_from(due.len()).unwrap_or(i64::MAX))
        .bind(due.first().map(|d| d.1))
        .bind(due.last().map(|d| d.1))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(run(row)?))
    }

    async fn purge_runs(&self) -> StoreResult<Vec<PurgeRun>> {
        let rows: Vec<RunRow> = sqlx::query_as(
            "SELECT id, ran_at, ran_by, retention_days, cases, oldest_closed_at, newest_closed_at FROM purge_runs \
             ORDER BY id DESC LIMIT 100",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(run).collect()
    }

    async fn purge_idempotency_keys(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(secs(before))
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    async fn purge_expired_tokens(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let r =
            sqlx::query("DELETE FROM case_tokens WHERE expires_at < $1").bind(secs(before)).execute(&self.pool).await?;
        Ok(r.rows_affected())
    }
}
