//! Links between cases (related, duplicate, repeat), merging a duplicate into its original,
//! and closing a repeated complaint (제23조): each one transaction with history on the cases
//! it touches and the complainant's notice.

use app::domain::{CaseStatus, HistoryAction, LinkRelation, NoticeKind};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::notices::enqueue;
use super::{Also, SqlStore, history_entry, move_case, secs, status_for, time};
use crate::store::{
    CaseRecord, IncidentRecord, LinkRecord, LinkStore, ReportScope, Store, StoreError, StoreResult, User,
};

/// Records an incident on case `id`'s complainant inside `tx`, with its history entry.
pub(super) async fn incident_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    kind: app::domain::ConductKind,
    note: &str,
    by: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let r = sqlx::query(
        "INSERT INTO conduct_incidents (case_id, kind, note, by_user, at) \
         SELECT id, $1, $2, $3, $4 FROM cases WHERE id = $5",
    )
    .bind(kind.as_str())
    .bind(note)
    .bind(by)
    .bind(secs(at))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Err(StoreError::NotFound);
    }
    history_entry(tx, id, at, by, HistoryAction::IncidentRecorded, kind.ko()).await
}

/// Links `case_id` to `other_id` as `relation`, replacing any link the pair had (made on
/// either case), with a history entry on both.
async fn link_in(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    other_id: i64,
    relation: LinkRelation,
    by: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM case_links WHERE (case_id = $1 AND other_id = $2) OR (case_id = $2 AND other_id = $1)")
        .bind(case_id)
        .bind(other_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO case_links (case_id, other_id, relation, by_user, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(case_id)
        .bind(other_id)
        .bind(relation.as_str())
        .bind(by)
        .bind(secs(at))
        .execute(&mut **tx)
        .await?;
    for (this, that) in [(case_id, other_id), (other_id, case_id)] {
        let receipt: String = sqlx::query_scalar("SELECT receipt_no FROM cases WHERE id = $1")
            .bind(that)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let detail = format!("{} · {receipt}", relation.ko());
        history_entry(tx, this, at, by, HistoryAction::Linked, &detail).await?;
    }
    Ok(())
}

#[async_trait]
impl LinkStore for SqlStore {
    async fn link_cases(
        &self,
        case_id: i64,
        other_id: i64,
        relation: LinkRelation,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        link_in(&mut tx, case_id, other_id, relation, &by.username, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn case_links(&self, case_id: i64) -> StoreResult<Vec<LinkRecord>> {
        type Row = (i64, String, String, String, i64, String, i64);
        // Both ends: the links made on this case and those made on others naming it.
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT o.id, o.receipt_no, l.relation, l.by_user, l.at, o.status, \
             CAST((SELECT count(*) FROM answers a WHERE a.case_id = o.id AND a.state = 'approved') AS BIGINT) \
             FROM case_links l JOIN cases o ON o.id = CASE WHEN l.case_id = $1 THEN l.other_id ELSE l.case_id END \
             WHERE l.case_id = $1 OR l.other_id = $1 ORDER BY l.at, l.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, receipt_no, relation, by, at, status, answers)| {
                Ok(LinkRecord {
                    other_id: id,
                    receipt_no,
                    relation: relation.parse().map_err(|_| StoreError::Corrupt(format!("link relation {relation}")))?,
                    by,
                    at: time(at)?,
                    status: status.parse().map_err(|_| StoreError::Corrupt(format!("case status {status}")))?,
                    answered: answers > 0,
                })
            })
            .collect()
    }

    async fn merge_case(&self, id: i64, into: i64, by: &User, at: DateTime<Utc>) -> StoreResult<CaseRecord> {
        let mut tx = self.write().await?;
        let from = status_for(&mut tx, id, CaseStatus::Closed).await?;
        // The original must still be open, checked inside the transaction.
        let target: Option<(String, String)> = sqlx::query_as("SELECT status, receipt_no FROM cases WHERE id = $1")
            .bind(into)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((status, original)) = target else { return Err(StoreError::NotFound) };
        let status: CaseStatus = status.parse().map_err(|_| StoreError::Corrupt(format!("case status {status}")))?;
        if !status.is_open() {
            return Err(StoreError::AlreadyExists);
        }
        let by_name = by.username.as_str();
        link_in(&mut tx, id, into, LinkRelation::Duplicate, by_name, at).await?;
        let also = Also::CloseBecause(app::domain::MERGED);
        move_case(&mut tx, id, from, CaseStatus::Closed, at, by_name, HistoryAction::Merged, &original, also).await?;
        // Not handled on its own: out of the handling-time figures.
        sqlx::query("UPDATE cases SET merged_into = $1, handling_secs = NULL WHERE id = $2")
            .bind(into)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let duplicate: String =
            sqlx::query_scalar("SELECT receipt_no FROM cases WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        history_entry(&mut tx, into, at, by_name, HistoryAction::MergedIn, &duplicate).await?;
        enqueue(&mut tx, self.links(), id, NoticeKind::Merged, "", &[("original", original)], &[], at).await?;
        tx.commit().await?;
        self.case_by_id(id).await?.ok_or(StoreError::NotFound)
    }

    async fn record_incident(
        &self,
        id: i64,
        kind: app::domain::ConductKind,
        note: &str,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        incident_in(&mut tx, id, kind, note, &by.username, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn incidents_for(&self, case: &CaseRecord) -> StoreResult<Vec<IncidentRecord>> {
        type Row = (i64, String, String, String, String, i64);
        let rows: Vec<Row> = sqlx::query_as(
            // The person's cases by the hashes of this case's contacts (gone after retention).
            "SELECT i.case_id, c.receipt_no, i.kind, i.note, i.by_user, i.at FROM conduct_incidents i \
             JOIN cases c ON c.id = i.case_id \
             WHERE i.case_id IN (SELECT $1 UNION SELECT id FROM cases WHERE phone_key = $2 \
             UNION SELECT id FROM cases WHERE email_key = $3) ORDER BY i.at DESC, i.id DESC LIMIT 50",
        )
        .bind(case.id)
        .bind(case.phone.as_deref().map(|p| self.contact_key().phone(p)))
        .bind(case.email.as_deref().map(|e| self.contact_key().email(e)))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(case_id, receipt_no, kind, note, by, at)| {
                Ok(IncidentRecord {
                    case_id,
                    receipt_no,
                    kind: kind.parse().map_err(|_| StoreError::Corrupt(format!("conduct kind {kind}")))?,
                    note,
                    by,
                    at: time(at)?,
                })
            })
            .collect()
    }

    async fn incident_count(&self, start: DateTime<Utc>, end: DateTime<Utc>, scope: ReportScope) -> StoreResult<i64> {
        let sql = match scope {
            ReportScope::All => "SELECT count(*) FROM conduct_incidents WHERE at >= $1 AND at < $2".to_owned(),
            ReportScope::Department(_) => format!(
                "SELECT count(*) FROM conduct_incidents i JOIN cases c ON c.id = i.case_id \
                 WHERE i.at >= $1 AND i.at < $2{}",
                scope.on("c.")
            ),
        };
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(secs(start)).bind(secs(end)).fetch_one(&self.pool).await?)
    }
}
