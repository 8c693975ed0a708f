//! Material requests between departments: asked and answered in one transaction each with
//! the case history; reminders go through the outbox like every other notice.

use app::domain::HistoryAction;
use app::domain::{NoticeKind, VocKind, to_seoul};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::notices::enqueue;
use super::{SqlStore, done_or_missing, history_change, open_status, secs, time};
use crate::store::{MaterialRecord, MaterialStore, StoreError, StoreResult, User};

const SELECT: &str = "SELECT m.id, m.case_id, c.receipt_no, c.kind, f.name_ko AS facility_name, \
     c.department_id AS case_department_id, \
     cd.name AS from_department, m.department_id, d.name AS department_name, m.question, m.requested_by, \
     m.requested_at, m.due_at, m.answer, m.answered_by, m.answered_at \
     FROM material_requests m JOIN cases c ON c.id = m.case_id JOIN departments d ON d.id = m.department_id \
     LEFT JOIN departments cd ON cd.id = c.department_id LEFT JOIN facilities f ON f.code = c.facility";

#[derive(FromRow)]
struct Row {
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
    async fn request_material(
        &self,
        case_id: i64,
        department_id: i64,
        question: &str,
        due_at: DateTime<Utc>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<MaterialRecord> {
        let mut tx = self.write().await?;
        open_status(&mut tx, case_id).await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM departments WHERE id = $1 AND active = 1")
            .bind(department_id)
            .fetch_optional(&mut *tx)
            .await?;
        let name = name.ok_or(StoreError::UnknownDepartment)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO material_requests (case_id, department_id, question, requested_by, requested_at, due_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(case_id)
        .bind(department_id)
        .bind(question)
        .bind(&by.username)
        .bind(secs(at))
        .bind(secs(due_at))
        .fetch_one(&mut *tx)
        .await?;
        let due = to_seoul(due_at).format("%Y-%m-%d %H:%M").to_string();
        history_change(
            &mut tx,
            case_id,
            at,
            &by.username,
            HistoryAction::MaterialRequested,
            &format!("{question} (기한 {due})"),
            None,
            Some(&name),
        )
        .await?;
        tx.commit().await?;
        self.material(id).await?.ok_or(StoreError::NotFound)
    }

    async fn answer_material(
        &self,
        id: i64,
        answer: &str,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<MaterialRecord> {
        let mut tx = self.write().await?;
        // Only an unanswered request takes an answer: the first reply wins, a second is refused.
        let case_id: Option<i64> = sqlx::query_scalar(
            "UPDATE material_requests SET answer = $1, answered_by = $2, answered_at = $3 \
             WHERE id = $4 AND answered_at IS NULL RETURNING case_id",
        )
        .bind(answer)
        .bind(&by.username)
        .bind(secs(at))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(case_id) = case_id else {
            return Err(done_or_missing(&mut tx, "material_requests", id).await);
        };
        let department = by.department_name.clone().unwrap_or_else(|| by.role.ko().to_owned());
        history_change(
            &mut tx,
            case_id,
            at,
            &by.username,
            HistoryAction::MaterialAnswered,
            answer,
            None,
            Some(&department),
        )
        .await?;
        tx.commit().await?;
        self.material(id).await?.ok_or(StoreError::NotFound)
    }

    async fn material(&self, id: i64) -> StoreResult<Option<MaterialRecord>> {
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(MaterialRecord::try_from).transpose()
    }

    async fn case_materials(&self, case_id: i64) -> StoreResult<Vec<MaterialRecord>> {
        records(
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.case_id = $1 ORDER BY m.id")))
                .bind(case_id)
                .fetch_all(&self.pool)
                .await?,
        )
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

    async fn remind_material(
        &self,
        request: &MaterialRecord,
        stage: &str,
        recipients: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let extra = [
            ("due_at", to_seoul(request.due_at).format("%Y-%m-%d %H:%M").to_string()),
            ("department", request.department_name.clone()),
            ("request", app::domain::mask_personal_data(&request.question, &[]).chars().take(300).collect()),
            // The asked department cannot open the case itself: the link goes to its queue.
            ("case_url", format!("{}/materials#material-{}", self.public_url.trim_end_matches('/'), request.id)),
        ];
        let key = format!("{}:{stage}", request.id);
        let n =
            enqueue(&mut tx, self.links(), request.case_id, NoticeKind::MaterialReminder, &key, &extra, recipients, at)
                .await?;
        tx.commit().await?;
        Ok(n)
    }
}
