//! Follow-up on cases: the staff member concerned, compensation, institutional improvement
//! requests and the public FAQ. Every change that touches a case is in its history, written
//! in the same transaction.

use app::domain::HistoryAction;
use app::domain::{
    CompensationReason, GrievanceOpinion, GrievanceStage, ImprovementOutcome, StaffCause, ValidImprovement, VocKind,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::parts::{Part, first, rows};
use super::{SqlStore, done_or_missing, history_change, secs, time};
use crate::store::{
    CompensationRecord, FaqRecord, FollowUpStore, GrievanceRecord, ImprovementRecord, StaffMention, StaffRecord,
    StoreError, StoreResult, User,
};

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}"))
}

#[derive(serde::Deserialize)]
pub(super) struct StaffRow {
    case_id: i64,
    staff_name: String,
    department_id: Option<i64>,
    department_name: Option<String>,
    cause: Option<String>,
    cs_training: i64,
    set_by: String,
    set_at: i64,
}

#[derive(FromRow)]
struct MentionRow {
    staff_name: String,
    department_id: Option<i64>,
    kind: String,
    cause: Option<String>,
    receipt_no: String,
    received_at: i64,
}

#[derive(FromRow, serde::Deserialize)]
pub(super) struct CompensationRow {
    id: i64,
    case_id: i64,
    receipt_no: String,
    department_name: Option<String>,
    reason: String,
    item: String,
    amount: i64,
    note: String,
    recorded_by: String,
    recorded_at: i64,
}

impl TryFrom<CompensationRow> for CompensationRecord {
    type Error = StoreError;
    fn try_from(r: CompensationRow) -> StoreResult<Self> {
        Ok(Self {
            reason: CompensationReason::parse(&r.reason).map_err(|_| corrupt("compensation", r.id))?,
            recorded_at: time(r.recorded_at)?,
            id: r.id,
            case_id: r.case_id,
            receipt_no: r.receipt_no,
            department_name: r.department_name,
            item: r.item,
            amount: r.amount,
            note: r.note,
            recorded_by: r.recorded_by,
        })
    }
}

const COMPENSATIONS: &str = "SELECT p.id, p.case_id, c.receipt_no, d.name AS department_name, p.reason, p.item, \
     p.amount, p.note, p.recorded_by, p.recorded_at \
     FROM compensations p JOIN cases c ON c.id = p.case_id LEFT JOIN departments d ON d.id = c.department_id";

#[derive(FromRow, serde::Deserialize)]
pub(super) struct ImprovementRow {
    id: i64,
    case_id: Option<i64>,
    receipt_no: Option<String>,
    department_id: i64,
    department_name: String,
    title: String,
    body: String,
    requested_by: String,
    requested_at: i64,
    due_at: i64,
    outcome: Option<String>,
    report: Option<String>,
    reported_by: Option<String>,
    reported_at: Option<i64>,
    original_due_at: Option<i64>,
    extension_reason: Option<String>,
}

impl TryFrom<ImprovementRow> for ImprovementRecord {
    type Error = StoreError;
    fn try_from(r: ImprovementRow) -> StoreResult<Self> {
        Ok(Self {
            outcome: r
                .outcome
                .as_deref()
                .map(ImprovementOutcome::parse)
                .transpose()
                .map_err(|_| corrupt("improvement", r.id))?,
            requested_at: time(r.requested_at)?,
            due_at: time(r.due_at)?,
            reported_at: r.reported_at.map(time).transpose()?,
            original_due_at: r.original_due_at.map(time).transpose()?,
            extension_reason: r.extension_reason,
            id: r.id,
            case_id: r.case_id,
            receipt_no: r.receipt_no,
            department_id: r.department_id,
            department_name: r.department_name,
            title: r.title,
            body: r.body,
            requested_by: r.requested_by,
            report: r.report,
            reported_by: r.reported_by,
        })
    }
}

/// Asks active `department_id` for an improvement inside `tx` (`UnknownDepartment`
/// otherwise); returns the request's id and the department's name.
pub(super) async fn improvement_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    case_id: Option<i64>,
    department_id: i64,
    (title, body): (&str, &str),
    due_at: DateTime<Utc>,
    by: &User,
    at: DateTime<Utc>,
) -> StoreResult<(i64, String)> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM departments WHERE id = $1 AND active = 1")
        .bind(department_id)
        .fetch_optional(&mut **tx)
        .await?;
    let name = name.ok_or(StoreError::UnknownDepartment)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO improvement_requests (case_id, department_id, title, body, requested_by, requested_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(department_id)
    .bind(title)
    .bind(body)
    .bind(&by.username)
    .bind(secs(at))
    .bind(secs(due_at))
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, name))
}

/// One write transaction on institutional improvement requests, with the data-access pieces
/// the steps in `crate::workflow::improvements` compose; the steps word the history.
pub struct ImprovementTx {
    store: SqlStore,
    tx: sqlx::Transaction<'static, sqlx::Any>,
}

impl ImprovementTx {
    /// A new request to active `department` (`UnknownDepartment` otherwise), about `case` if
    /// any; its id and the department's name.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert(
        &mut self,
        case: Option<i64>,
        department: i64,
        request: &ValidImprovement,
        due_at: DateTime<Utc>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<(i64, String)> {
        improvement_in(&mut self.tx, case, department, (&request.title, &request.body), due_at, by, at).await
    }

    /// The head's report on request `id`; the case it is about, if any. `AlreadyExists` once
    /// one is in.
    pub async fn report(
        &mut self,
        id: i64,
        outcome: ImprovementOutcome,
        report: &str,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        // The first report wins; a second is refused.
        let case_id: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE improvement_requests SET outcome = $1, report = $2, reported_by = $3, reported_at = $4 \
             WHERE id = $5 AND reported_at IS NULL RETURNING case_id",
        )
        .bind(outcome.as_str())
        .bind(report)
        .bind(&by.username)
        .bind(secs(at))
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await?;
        self.changed(id, case_id).await
    }

    /// The one extension of unreported request `id` to `due_at`; the case it is about, if
    /// any. `AlreadyExists` if it was extended or reported on already.
    pub async fn extend(
        &mut self,
        id: i64,
        reason: &str,
        due_at: DateTime<Utc>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let case_id: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE improvement_requests SET original_due_at = due_at, due_at = $1, extension_reason = $2, \
             extended_by = $3, extended_at = $4 WHERE id = $5 AND extended_at IS NULL AND reported_at IS NULL \
             RETURNING case_id",
        )
        .bind(secs(due_at))
        .bind(reason)
        .bind(&by.username)
        .bind(secs(at))
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await?;
        self.changed(id, case_id).await
    }

    /// The case of request `id` that a guarded `UPDATE … RETURNING case_id` changed; when it
    /// changed nothing, `AlreadyExists` or `NotFound`.
    async fn changed(&mut self, id: i64, case_id: Option<Option<i64>>) -> StoreResult<Option<i64>> {
        match case_id {
            Some(case_id) => Ok(case_id),
            None => Err(done_or_missing(&mut self.tx, "improvement_requests", id).await),
        }
    }

    /// A history entry on case `case`; `change` is what a field was and became.
    pub async fn history(
        &mut self,
        case: i64,
        at: DateTime<Utc>,
        actor: &str,
        action: HistoryAction,
        detail: &str,
        change: (Option<&str>, Option<&str>),
    ) -> StoreResult<()> {
        history_change(&mut self.tx, case, at, actor, action, detail, change.0, change.1).await
    }

    /// Commits the change and reads request `id` as it now stands.
    pub async fn commit(self, id: i64) -> StoreResult<ImprovementRecord> {
        self.tx.commit().await?;
        self.store.improvement(id).await?.ok_or(StoreError::NotFound)
    }
}

const IMPROVEMENTS: &str = "SELECT i.id, i.case_id, c.receipt_no, i.department_id, d.name AS department_name, \
     i.title, i.body, i.requested_by, i.requested_at, i.due_at, i.outcome, i.report, i.reported_by, i.reported_at, \
     i.original_due_at, i.extension_reason FROM improvement_requests i JOIN departments d ON d.id = i.department_id LEFT JOIN cases c ON c.id = i.case_id";
/// Unreported first, soonest due first; then the reported ones, latest first.
const IMPROVEMENT_ORDER: &str =
    "ORDER BY CASE WHEN i.reported_at IS NULL THEN 0 ELSE 1 END, i.due_at, i.reported_at DESC, i.id";

#[derive(FromRow, serde::Deserialize)]
pub(super) struct FaqRow {
    id: i64,
    case_id: i64,
    kind: String,
    question: String,
    answer: String,
    published_by: String,
    published_at: i64,
}

impl TryFrom<FaqRow> for FaqRecord {
    type Error = StoreError;
    fn try_from(r: FaqRow) -> StoreResult<Self> {
        Ok(Self {
            kind: r.kind.parse::<VocKind>().map_err(|_| corrupt("faq", r.id))?,
            published_at: time(r.published_at)?,
            id: r.id,
            case_id: r.case_id,
            question: r.question,
            answer: r.answer,
            published_by: r.published_by,
        })
    }
}

const FAQ: &str = "SELECT f.id, f.case_id, c.kind, f.question, f.answer, f.published_by, f.published_at \
     FROM faq_entries f JOIN cases c ON c.id = f.case_id WHERE f.withdrawn_at IS NULL";

/// The member of staff a case names, if any.
pub(super) fn staff() -> Part {
    Part::new(
        "SELECT s.case_id, s.staff_name, s.department_id, d.name AS department_name, s.cause, s.cs_training, \
         s.set_by, s.set_at FROM case_staff s LEFT JOIN departments d ON d.id = s.department_id \
         WHERE s.case_id = $1",
        "s.case_id",
    )
}

pub(super) fn staff_record(r: StaffRow) -> StoreResult<StaffRecord> {
    Ok(StaffRecord {
        cause: r.cause.as_deref().map(StaffCause::parse).transpose().map_err(|_| corrupt("staff", r.case_id))?,
        set_at: time(r.set_at)?,
        case_id: r.case_id,
        staff_name: r.staff_name,
        department_id: r.department_id,
        department_name: r.department_name,
        cs_training: r.cs_training != 0,
        set_by: r.set_by,
    })
}

/// A case's compensations, in the order recorded.
pub(super) fn compensations() -> Part {
    Part::new(format!("{COMPENSATIONS} WHERE p.case_id = $1"), "p.id")
}

/// The improvement requests raised from a case, oldest first.
pub(super) fn improvements() -> Part {
    Part::new(format!("{IMPROVEMENTS} WHERE i.case_id = $1"), "i.id")
}

/// The FAQ entry published from a case, if it stands.
pub(super) fn faq() -> Part {
    Part::new(format!("{FAQ} AND f.case_id = $1"), "f.id")
}

/// The grievance stages of a case, in order.
pub(super) fn grievance() -> Part {
    Part::new(
        "SELECT g.stage, g.note, g.actor, g.at, g.opinion, g.improvement_id, d.name FROM grievance_steps g \
         LEFT JOIN departments d ON d.id = g.department_id WHERE g.case_id = $1",
        "g.id",
    )
}

type GrievanceRow = (String, String, String, i64, Option<String>, Option<i64>, Option<String>);

pub(super) fn grievance_step(
    (stage, note, actor, at, opinion, improvement_id, department_name): GrievanceRow,
) -> StoreResult<GrievanceRecord> {
    let bad = || StoreError::Corrupt(format!("grievance stage {stage:?}"));
    Ok(GrievanceRecord {
        stage: GrievanceStage::parse(&stage).map_err(|_| bad())?,
        opinion: opinion.as_deref().map(GrievanceOpinion::parse).transpose().map_err(|_| bad())?,
        note,
        actor,
        at: time(at)?,
        improvement_id,
        department_name,
    })
}

fn all<R, T: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> StoreResult<Vec<T>> {
    rows.into_iter().map(T::try_from).collect()
}

#[async_trait]
impl FollowUpStore for SqlStore {
    async fn case_id_by_receipt(&self, receipt_no: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM cases WHERE receipt_no = $1")
            .bind(receipt_no)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn staff_mentions(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> StoreResult<Vec<StaffMention>> {
        // Few cases name a member of staff: the scan starts from `case_staff`.
        let rows: Vec<MentionRow> = sqlx::query_as(
            "SELECT s.staff_name, COALESCE(s.department_id, c.department_id) AS department_id, c.kind, s.cause, \
             c.receipt_no, c.received_at FROM case_staff s JOIN cases c ON c.id = s.case_id \
             WHERE c.received_at >= $1 AND c.received_at < $2 AND c.status <> 'withdrawn' ORDER BY c.received_at",
        )
        .bind(secs(start))
        .bind(secs(end))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(StaffMention {
                    kind: r
                        .kind
                        .parse::<VocKind>()
                        .map_err(|_| StoreError::Corrupt(format!("case {}", r.receipt_no)))?,
                    cause: r.cause.as_deref().and_then(|c| StaffCause::parse(c).ok()),
                    received_at: time(r.received_at)?,
                    staff_name: r.staff_name,
                    department_id: r.department_id,
                    receipt_no: r.receipt_no,
                })
            })
            .collect()
    }

    async fn compensations_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> StoreResult<Vec<CompensationRecord>> {
        all::<CompensationRow, _>(
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{COMPENSATIONS} WHERE p.recorded_at >= $1 AND p.recorded_at < $2 ORDER BY p.recorded_at, p.id"
            )))
            .bind(secs(start))
            .bind(secs(end))
            .fetch_all(&self.pool)
            .await?,
        )
    }

    async fn change_improvements(&self) -> StoreResult<ImprovementTx> {
        Ok(ImprovementTx { store: self.clone(), tx: self.write().await? })
    }

    async fn improvement(&self, id: i64) -> StoreResult<Option<ImprovementRecord>> {
        let row: Option<ImprovementRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{IMPROVEMENTS} WHERE i.id = $1")))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(ImprovementRecord::try_from).transpose()
    }

    async fn improvements(&self, department: Option<i64>) -> StoreResult<Vec<ImprovementRecord>> {
        let rows: Vec<ImprovementRow> = match department {
            Some(d) => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{IMPROVEMENTS} WHERE i.department_id = $1 {IMPROVEMENT_ORDER}"
                )))
                .bind(d)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!("{IMPROVEMENTS} {IMPROVEMENT_ORDER}")))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        all(rows)
    }

    async fn faq(&self) -> StoreResult<Vec<FaqRecord>> {
        all::<FaqRow, _>(
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{FAQ} ORDER BY f.published_at DESC, f.id DESC")))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn grievance_steps(&self, case_id: i64) -> StoreResult<Vec<GrievanceRecord>> {
        rows(&self.part_json(&grievance(), case_id).await?, grievance_step)
    }

    async fn published_faq(&self, id: i64) -> StoreResult<Option<FaqRecord>> {
        let row: Option<FaqRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{FAQ} AND f.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(FaqRecord::try_from).transpose()
    }

    async fn case_faq(&self, case_id: i64) -> StoreResult<Option<FaqRecord>> {
        first::<FaqRow, _>(&self.part_json(&faq(), case_id).await?, FaqRecord::try_from)
    }
}

#[cfg(test)]
mod tests {
    use super::super::parts::fields::check;

    #[test]
    fn row_structs_read_the_columns_in_order() {
        check::<super::StaffRow>(&super::staff());
        check::<super::CompensationRow>(&super::compensations());
        check::<super::ImprovementRow>(&super::improvements());
        check::<super::FaqRow>(&super::faq());
    }
}
