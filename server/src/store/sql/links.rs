//! Links between cases (related, duplicate, repeat) and conduct incidents, as the case view
//! and the reports read them. Linking, merging and closing a repeated complaint (제23조) are
//! workflow steps (`crate::workflow`) over `CaseTx`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::parts::{Part, rows};
use super::{SqlStore, secs, time};
use crate::store::{IncidentRecord, LinkRecord, LinkStore, ReportScope, StoreError, StoreResult};

/// A case's links, both ends: those made on it and those made on others naming it.
pub(super) fn part() -> Part {
    Part::new(
        "SELECT o.id, o.receipt_no, l.relation, l.by_user, l.at, o.status, \
         CAST((SELECT count(*) FROM answers a WHERE a.case_id = o.id AND a.state = 'approved') AS BIGINT) \
         FROM case_links l JOIN cases o ON o.id = CASE WHEN l.case_id = $1 THEN l.other_id ELSE l.case_id END \
         WHERE l.case_id = $1 OR l.other_id = $1",
        "l.at, l.id",
    )
}

type Row = (i64, String, String, String, i64, String, i64);

pub(super) fn link((id, receipt_no, relation, by, at, status, answers): Row) -> StoreResult<LinkRecord> {
    Ok(LinkRecord {
        other_id: id,
        receipt_no,
        relation: relation.parse().map_err(|_| StoreError::Corrupt(format!("link relation {relation}")))?,
        by,
        at: time(at)?,
        status: status.parse().map_err(|_| StoreError::Corrupt(format!("case status {status}")))?,
        answered: answers > 0,
    })
}

/// The conduct incidents of the person who filed a case, newest first, at most 50: those
/// recorded on it and on their other cases, found by the hashes of its contacts (gone after
/// retention).
pub(super) fn incidents() -> Part {
    Part::new(
        "SELECT i.case_id, c.receipt_no, i.kind, i.note, i.by_user, i.at FROM conduct_incidents i \
         JOIN cases c ON c.id = i.case_id \
         WHERE i.case_id IN (SELECT $1 UNION \
         SELECT o.id FROM cases o WHERE o.phone_key = (SELECT k.phone_key FROM cases k WHERE k.id = $1) UNION \
         SELECT o.id FROM cases o WHERE o.email_key = (SELECT k.email_key FROM cases k WHERE k.id = $1))",
        "i.at DESC, i.id DESC",
    )
    .limit(50)
}

type IncidentRow = (i64, String, String, String, String, i64);

pub(super) fn incident((case_id, receipt_no, kind, note, by, at): IncidentRow) -> StoreResult<IncidentRecord> {
    Ok(IncidentRecord {
        case_id,
        receipt_no,
        kind: kind.parse().map_err(|_| StoreError::Corrupt(format!("conduct kind {kind}")))?,
        note,
        by,
        at: time(at)?,
    })
}

#[async_trait]
impl LinkStore for SqlStore {
    async fn case_links(&self, case_id: i64) -> StoreResult<Vec<LinkRecord>> {
        rows(&self.part_json(&part(), case_id).await?, link)
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
