//! The retention purge: the personal data of cases closed before the retention period are
//! destroyed in one transaction per run; the anonymised case, who did what when, and the
//! report counters stay (no column the counters read changes).

use app::domain::HistoryAction;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{SqlStore, history_entry, secs, time};
use crate::store::{PurgeRun, RetentionPreview, RetentionStore, StoreResult};

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

/// A case whose personal data is due for destruction, with what identifies its complainant.
#[derive(Debug, Clone)]
pub struct DueCase {
    pub id: i64,
    closed_at: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Its attachments' file names: they can be personal too ("홍길동_신분증.jpg").
    pub files: Vec<String>,
}

/// One transaction of the retention purge, with the data-access pieces the step in
/// `crate::workflow::retention` composes; the step decides what is masked and words the
/// history.
pub struct PurgeTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
}

impl PurgeTx {
    /// Up to `limit` cases closed before `before` whose personal data is still kept, the
    /// longest closed first.
    pub async fn due(&mut self, before: DateTime<Utc>, limit: i64) -> StoreResult<Vec<DueCase>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, i64, Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, closed_at, name, phone, email FROM cases WHERE {DUE} ORDER BY closed_at, id LIMIT $2"
            )))
            .bind(secs(before))
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await?;
        let mut due = Vec::with_capacity(rows.len());
        for (id, closed_at, name, phone, email) in rows {
            let files = sqlx::query_scalar("SELECT file_name FROM attachments WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *self.tx)
                .await?;
            due.push(DueCase { id, closed_at, name, phone, email, files });
        }
        Ok(due)
    }

    /// Destroys `case`'s personal data, if it is still due (closed before `before`, not
    /// purged): its contacts, attachments and links go; its content and the complainant's
    /// supplements become `left`; every text staff wrote about it passes through `mask`.
    /// `false` when it was no longer due.
    pub async fn destroy(
        &mut self,
        case: &DueCase,
        before: DateTime<Utc>,
        left: &str,
        mask: &(dyn Fn(&str) -> String + Sync),
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let (id, tx) = (case.id, &mut *self.tx);
        // The case first: the history guard lets a purged case's entries lose their text.
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE cases SET name = NULL, phone = NULL, email = NULL, phone_key = NULL, email_key = NULL, address = NULL, \
             content = $3, unreachable_note = NULL, \
             interim_reason = NULL, \
             purged_at = $2 WHERE id = $4 AND {DUE}"
        )))
        .bind(secs(before))
        .bind(secs(at))
        .bind(left)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Ok(false);
        }
        // Text staff wrote stays, with the complainant's name and contacts masked out.
        let texts: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, result, basis, appeal FROM answers WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        for (answer, result, basis, appeal) in texts {
            sqlx::query("UPDATE answers SET result = $1, basis = $2, appeal = $3 WHERE id = $4")
                .bind(mask(&result))
                .bind(mask(&basis))
                .bind(mask(&appeal))
                .bind(answer)
                .execute(&mut *tx)
                .await?;
        }
        mask_texts(tx, ("case_notes", "body", ""), id, mask).await?;
        mask_texts(tx, ("case_contacts", "summary", ""), id, mask).await?;
        let asked: Vec<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT id, question, answer FROM material_requests WHERE case_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        for (m, question, answer) in asked {
            sqlx::query("UPDATE material_requests SET question = $1, answer = $2 WHERE id = $3")
                .bind(mask(&question))
                .bind(answer.as_deref().map(mask))
                .bind(m)
                .execute(&mut *tx)
                .await?;
        }
        // What the complainant sent as a supplement is theirs: it goes like the content.
        sqlx::query("UPDATE supplement_requests SET answer = $1 WHERE case_id = $2 AND answer IS NOT NULL")
            .bind(left)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        mask_texts(tx, ("supplement_requests", "request", ""), id, mask).await?;
        // Incidents recorded on this case were tied to the person by its contacts, gone
        // above; their notes are masked.
        mask_texts(tx, ("conduct_incidents", "note", ""), id, mask).await?;
        // Co-complainants go with the representative; that there were so many stays.
        sqlx::query("UPDATE case_complainants SET name = NULL, phone = NULL, email = NULL WHERE case_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE survey_responses SET comment = NULL WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
        // What the manager noted on a follow-up may name the person; how and when stays.
        sqlx::query("UPDATE survey_follow_ups SET note = NULL WHERE case_id = $1").bind(id).execute(&mut *tx).await?;
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
        mask_texts(tx, ("case_history", "detail", ", before_value = NULL, after_value = NULL"), id, mask).await?;
        Ok(true)
    }

    /// A history entry on case `case`.
    pub async fn history(
        &mut self,
        case: i64,
        at: DateTime<Utc>,
        actor: &str,
        action: HistoryAction,
        detail: &str,
    ) -> StoreResult<()> {
        history_entry(&mut self.tx, case, at, actor, action, detail).await
    }

    /// Records the run over `due` (the cases taken, destroyed or not) and commits.
    pub async fn commit(
        mut self,
        due: &[DueCase],
        retention_days: i64,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<PurgeRun> {
        let row: RunRow = sqlx::query_as(
            "INSERT INTO purge_runs (ran_at, ran_by, retention_days, cases, oldest_closed_at, newest_closed_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, ran_at, ran_by, retention_days, cases, oldest_closed_at, newest_closed_at",
        )
        .bind(secs(at))
        .bind(by)
        .bind(retention_days)
        .bind(i64::try_from(due.len()).unwrap_or(i64::MAX))
        .bind(due.first().map(|d| d.closed_at))
        .bind(due.last().map(|d| d.closed_at))
        .fetch_one(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        run(row)
    }
}

/// Rewrites one text column of every row of `table` about case `case` through `mask`;
/// `also` sets more columns of the row (`, before_value = NULL`). Names are this module's
/// constants, never input.
async fn mask_texts(
    tx: &mut sqlx::AnyConnection,
    (table, column, also): (&str, &str, &str),
    case: i64,
    mask: &(dyn Fn(&str) -> String + Sync),
) -> StoreResult<()> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT id, {column} FROM {table} WHERE case_id = $1")))
            .bind(case)
            .fetch_all(&mut *tx)
            .await?;
    let update = format!("UPDATE {table} SET {column} = $1{also} WHERE id = $2");
    for (id, text) in rows {
        sqlx::query(sqlx::AssertSqlSafe(update.clone())).bind(mask(&text)).bind(id).execute(&mut *tx).await?;
    }
    Ok(())
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

    async fn start_purge(&self) -> StoreResult<PurgeTx> {
        Ok(PurgeTx { tx: self.write().await? })
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
