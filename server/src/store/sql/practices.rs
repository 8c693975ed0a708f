//! The good-practice library as it is read, and the awards (plain rows). Proposing and
//! deciding an entry are workflow steps (`crate::workflow::follow_up`) over `CaseTx`.

use app::domain::{ValidAward, ValidPractice};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::parts::Part;
use super::{SqlStore, known_department, secs, time};
use crate::store::{AwardRecord, PracticeRecord, PracticeStore, StoreError, StoreResult, User};

#[derive(FromRow, serde::Deserialize)]
pub(super) struct PracticeRow {
    id: i64,
    case_id: i64,
    receipt_no: String,
    case_kind: String,
    department_id: Option<i64>,
    kind: String,
    title: String,
    situation: String,
    action: String,
    lesson: String,
    staff_name: Option<String>,
    state: String,
    proposed_by: String,
    proposed_at: i64,
    decided_by: Option<String>,
    decided_at: Option<i64>,
    decline_reason: Option<String>,
}

impl TryFrom<PracticeRow> for PracticeRecord {
    type Error = StoreError;
    fn try_from(r: PracticeRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("good practice {}: {what}", r.id));
        Ok(Self {
            id: r.id,
            case_id: r.case_id,
            case_kind: r.case_kind.parse().map_err(|_| corrupt("case kind"))?,
            department_id: r.department_id,
            content: ValidPractice {
                kind: r.kind.parse().map_err(|_| corrupt("kind"))?,
                title: r.title,
                situation: r.situation,
                action: r.action,
                lesson: r.lesson,
                staff_name: r.staff_name,
            },
            state: r.state.parse().map_err(|_| corrupt("state"))?,
            receipt_no: r.receipt_no,
            proposed_by: r.proposed_by,
            proposed_at: time(r.proposed_at)?,
            decided_by: r.decided_by,
            decided_at: r.decided_at.map(time).transpose()?,
            decline_reason: r.decline_reason,
        })
    }
}

const PRACTICES: &str = "SELECT p.id, p.case_id, c.receipt_no, c.kind AS case_kind, p.department_id, p.kind, p.title, \
     p.situation, p.action, p.lesson, p.staff_name, p.state, p.proposed_by, p.proposed_at, p.decided_by, \
     p.decided_at, p.decline_reason FROM good_practices p JOIN cases c ON c.id = p.case_id";

/// The good practice proposed from a case, latest first (the view reads the latest).
pub(super) fn part() -> Part {
    Part::new(format!("{PRACTICES} WHERE p.case_id = $1"), "p.id DESC")
}

#[derive(FromRow)]
struct AwardRow {
    id: i64,
    year: i64,
    kind: String,
    staff_name: Option<String>,
    department_id: Option<i64>,
    honour: String,
    reward: String,
    grounds: String,
    practice_id: Option<i64>,
    awarded_on: String,
    recorded_by: String,
    recorded_at: i64,
}

impl TryFrom<AwardRow> for AwardRecord {
    type Error = StoreError;
    fn try_from(r: AwardRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("award {}: {what}", r.id));
        Ok(Self {
            id: r.id,
            content: ValidAward {
                year: i32::try_from(r.year).map_err(|_| corrupt("year"))?,
                kind: r.kind.parse().map_err(|_| corrupt("kind"))?,
                staff_name: r.staff_name,
                department_id: r.department_id,
                honour: r.honour,
                reward: r.reward,
                grounds: r.grounds,
                practice_id: r.practice_id,
                awarded_on: NaiveDate::parse_from_str(&r.awarded_on, "%Y-%m-%d").map_err(|_| corrupt("day"))?,
            },
            recorded_by: r.recorded_by,
            recorded_at: time(r.recorded_at)?,
        })
    }
}

const AWARDS: &str = "SELECT id, year, kind, staff_name, department_id, honour, reward, grounds, practice_id, \
     awarded_on, recorded_by, recorded_at FROM awards";

fn records<R, T: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> StoreResult<Vec<T>> {
    rows.into_iter().map(T::try_from).collect()
}

#[async_trait]
impl PracticeStore for SqlStore {
    async fn practices(&self) -> StoreResult<Vec<PracticeRecord>> {
        records(
            sqlx::query_as::<_, PracticeRow>(sqlx::AssertSqlSafe(format!(
                "{PRACTICES} ORDER BY p.proposed_at DESC, p.id DESC"
            )))
            .fetch_all(&self.pool)
            .await?,
        )
    }

    async fn practice(&self, id: i64) -> StoreResult<Option<PracticeRecord>> {
        sqlx::query_as::<_, PracticeRow>(sqlx::AssertSqlSafe(format!("{PRACTICES} WHERE p.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(PracticeRecord::try_from)
            .transpose()
    }

    async fn record_award(&self, a: &ValidAward, by: &User, at: DateTime<Utc>) -> StoreResult<i64> {
        if let Some(d) = a.department_id {
            known_department(&self.pool, d).await?;
        }
        Ok(sqlx::query_scalar(
            "INSERT INTO awards (year, kind, staff_name, department_id, honour, reward, grounds, practice_id, \
             awarded_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(i64::from(a.year))
        .bind(a.kind.as_str())
        .bind(a.staff_name.as_deref())
        .bind(a.department_id)
        .bind(&a.honour)
        .bind(&a.reward)
        .bind(&a.grounds)
        .bind(a.practice_id)
        .bind(a.awarded_on.to_string())
        .bind(&by.username)
        .bind(secs(at))
        .fetch_one(&self.pool)
        .await?)
    }

    async fn awards(&self, year: i32) -> StoreResult<Vec<AwardRecord>> {
        records(
            sqlx::query_as::<_, AwardRow>(sqlx::AssertSqlSafe(format!("{AWARDS} WHERE year = $1 ORDER BY id")))
                .bind(i64::from(year))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn award(&self, id: i64) -> StoreResult<Option<AwardRecord>> {
        sqlx::query_as::<_, AwardRow>(sqlx::AssertSqlSafe(format!("{AWARDS} WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(AwardRecord::try_from)
            .transpose()
    }

    async fn delete_award(&self, id: i64) -> StoreResult<bool> {
        Ok(sqlx::query("DELETE FROM awards WHERE id = $1").bind(id).execute(&self.pool).await?.rows_affected() == 1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn practice_rows_read_the_columns_in_order() {
        super::super::parts::fields::check::<super::PracticeRow>(&super::part());
    }
}
