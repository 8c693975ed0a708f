//! Material requests between departments as their queue and the case view read them, and
//! their reminders (through the outbox like every other notice). Asking and answering are
//! workflow steps (`crate::workflow`) over `CaseTx`.

use app::domain::VocKind;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::parts::Part;
use super::{SqlStore, secs, time};
use crate::store::{MaterialRecord, MaterialStore, StoreError, StoreResult};

const SELECT: &str = "SELECT m.id, m.case_id, c.receipt_no, c.kind, f.name_ko AS facility_name, \
     c.department_id AS case_department_id, \
     cd.name AS from_department, m.department_id, d.name AS department_name, m.question, m.requested_by, \
     m.requested_at, m.due_at, m.answer, m.answered_by, m.answered_at \
     FROM material_requests m JOIN cases c ON c.id = m.case_id JOIN departments d ON d.id = m.department_id \
     LEFT JOIN departments cd ON cd.id = c.department_id LEFT JOIN facilities f ON f.code = c.facility";

/// A case's material requests, oldest first.
pub(super) fn part() -> Part {
    Part::new(format!("{SELECT} WHERE m.case_id = $1"), "m.id")
}

#[derive(FromRow, serde::Deserialize)]
pub(super) struct Row {
    id: i64,
    case_id: i64,
    receipt_no: String,
    kind: String,
    facility_name: Option<String>,
    case_department_id: Option<i64>,
    from_department: Option<String>,
    department_id: i64,
    department_name: String,
    question: String,
    requested_by: String,
    requested_at: i64,
    due_at: i64,
    answer: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<i64>,
}

impl TryFrom<Row> for MaterialRecord {
    type Error = StoreError;

    fn try_from(r: Row) -> StoreResult<Self> {
        Ok(MaterialRecord {
            id: r.id,
            case_id: r.case_id,
            receipt_no: r.receipt_no,
            kind: r.kind.parse::<VocKind>().map_err(|_| StoreError::Corrupt(format!("case {} kind", r.case_id)))?,
            facility_name: r.facility_name,
            case_department_id: r.case_department_id,
            from_department: r.from_department,
            department_id: r.department_id,
            department_name: r.department_name,
            question: r.question,
            requested_by: r.requested_by,
            requested_at: time(r.requested_at)?,
            due_at: time(r.due_at)?,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at.map(time).transpose()?,
        })
    }
}

fn records(rows: Vec<Row>) -> StoreResult<Vec<MaterialRecord>> {
    rows.into_iter().map(MaterialRecord::try_from).collect()
}

#[async_trait]
impl MaterialStore for SqlStore {
    async fn material(&self, id: i64) -> StoreResult<Option<MaterialRecord>> {
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(MaterialRecord::try_from).transpose()
    }

    async fn department_materials(
        &self,
        department: Option<i64>,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<MaterialRecord>> {
        // Unanswered ones first, soonest due first; then those answered since `since`.
        let order = "ORDER BY CASE WHEN m.answered_at IS NULL THEN 0 ELSE 1 END, m.due_at, m.id";
        let filter = "(m.answered_at IS NULL OR m.answered_at >= $1)";
        let rows = match department {
            Some(d) => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE {filter} AND m.department_id = $2 {order}")))
                    .bind(secs(since))
                    .bind(d)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE {filter} {order}")))
                    .bind(secs(since))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        records(rows)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn material_rows_read_the_columns_in_order() {
        super::super::parts::fields::check::<super::Row>(&super::part());
    }
}
