//! The CCM activities: an activity and its items in one transaction; an item reported done by
//! one guarded write.

use std::collections::BTreeMap;

use app::domain::{ValidActivity, ValidActivityItem};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{AnyQuery, SqlStore, known_department, secs, time};
use crate::store::{ActivityItemRecord, ActivityRecord, ActivityStore, StoreError, StoreResult, User};

#[derive(FromRow)]
struct ActivityRow {
    id: i64,
    kind: String,
    title: String,
    held_on: String,
    place: String,
    participants: String,
    summary: String,
    department_id: Option<i64>,
    recorded_by: String,
    recorded_at: i64,
}

#[derive(FromRow)]
struct ItemRow {
    id: i64,
    activity_id: i64,
    topic: String,
    decision: String,
    owner_department_id: Option<i64>,
    due_on: Option<String>,
    done_by: Option<String>,
    done_at: Option<i64>,
    result: Option<String>,
}

fn day(s: &str, what: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("{what}: day {s:?}")))
}

impl TryFrom<ItemRow> for ActivityItemRecord {
    type Error = StoreError;
    fn try_from(r: ItemRow) -> StoreResult<Self> {
        Ok(Self {
            id: r.id,
            activity_id: r.activity_id,
            item: ValidActivityItem {
                id: Some(r.id),
                topic: r.topic,
                decision: r.decision,
                owner_department_id: r.owner_department_id,
                due_on: r.due_on.as_deref().map(|d| day(d, &format!("ccm item {}", r.id))).transpose()?,
            },
            done_by: r.done_by,
            done_at: r.done_at.map(time).transpose()?,
            result: r.result,
        })
    }
}

fn record(r: ActivityRow, items: Vec<ActivityItemRecord>, member_ids: Vec<i64>) -> StoreResult<ActivityRecord> {
    let what = format!("ccm activity {}", r.id);
    Ok(ActivityRecord {
        id: r.id,
        content: ValidActivity {
            kind: r.kind.parse().map_err(|_| StoreError::Corrupt(format!("{what}: kind")))?,
            title: r.title,
            held_on: day(&r.held_on, &what)?,
            place: r.place,
            participants: r.participants,
            summary: r.summary,
            department_id: r.department_id,
            items: items.iter().map(|i| i.item.clone()).collect(),
            member_ids,
        },
        recorded_by: r.recorded_by,
        recorded_at: time(r.recorded_at)?,
        items,
    })
}

const ACTIVITIES: &str = "SELECT id, kind, title, held_on, place, participants, summary, department_id, recorded_by, \
     recorded_at FROM ccm_activities";
const ITEMS: &str = "SELECT id, activity_id, topic, decision, owner_department_id, due_on, done_by, done_at, result \
     FROM ccm_items";

impl SqlStore {
    /// The activities of `rows` with their items and members present, read in two queries.
    async fn with_items(
        &self,
        rows: Vec<ActivityRow>,
        filter: &str,
        bind: Option<i64>,
    ) -> StoreResult<Vec<ActivityRecord>> {
        let mut q = sqlx::query_as::<_, ItemRow>(sqlx::AssertSqlSafe(format!(
            "{ITEMS} {filter} ORDER BY activity_id, position"
        )));
        if let Some(b) = bind {
            q = q.bind(b);
        }
        let mut items: BTreeMap<i64, Vec<ActivityItemRecord>> = BTreeMap::new();
        for row in q.fetch_all(&self.pool).await? {
            items.entry(row.activity_id).or_default().push(row.try_into()?);
        }
        let mut q = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT activity_id, member_id FROM ccm_activity_members {filter} ORDER BY activity_id, member_id"
        )));
        if let Some(b) = bind {
            q = q.bind(b);
        }
        let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (activity, member) in q.fetch_all(&self.pool).await? {
            members.entry(activity).or_default().push(member);
        }
        rows.into_iter()
            .map(|r| {
                let mine = items.remove(&r.id).unwrap_or_default();
                let present = members.remove(&r.id).unwrap_or_default();
                record(r, mine, present)
            })
            .collect()
    }
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Binds an activity's seven columns in the order both writes name them ($1–$7).
fn bind_activity<'q>(q: AnyQuery<'q>, a: &'q ValidActivity) -> AnyQuery<'q> {
    q.bind(a.kind.as_str())
        .bind(&a.title)
        .bind(a.held_on.to_string())
        .bind(&a.place)
        .bind(&a.participants)
        .bind(&a.summary)
        .bind(a.department_id)
}

/// [`StoreError::UnknownDepartment`] unless the activity's and its items' departments exist.
async fn known_departments(tx: &mut Tx, a: &ValidActivity) -> StoreResult<()> {
    let departments = a.department_id.into_iter().chain(a.items.iter().filter_map(|i| i.owner_department_id));
    for d in departments {
        known_department(&mut **tx, d).await?;
    }
    Ok(())
}

fn position(p: usize) -> i64 {
    i64::try_from(p).unwrap_or(i64::MAX)
}

async fn insert_item(tx: &mut Tx, activity: i64, at: usize, item: &ValidActivityItem) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO ccm_items (activity_id, position, topic, decision, owner_department_id, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(activity)
    .bind(position(at))
    .bind(&item.topic)
    .bind(&item.decision)
    .bind(item.owner_department_id)
    .bind(item.due_on.map(|d| d.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_members(tx: &mut Tx, activity: i64, members: &[i64]) -> StoreResult<()> {
    for member in members {
        sqlx::query("INSERT INTO ccm_activity_members (activity_id, member_id) VALUES ($1, $2)")
            .bind(activity)
            .bind(member)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl ActivityStore for SqlStore {
    async fn record_activity(&self, a: &ValidActivity, by: &User, at: DateTime<Utc>) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        known_departments(&mut tx, a).await?;
        let q = sqlx::query(
            "INSERT INTO ccm_activities (kind, title, held_on, place, participants, summary, department_id, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        );
        let row = bind_activity(q, a).bind(&by.username).bind(secs(at)).fetch_one(&mut *tx).await?;
        let id: i64 = sqlx::Row::try_get(&row, 0)?;
        for (position, item) in a.items.iter().enumerate() {
            insert_item(&mut tx, id, position, item).await?;
        }
        insert_members(&mut tx, id, &a.member_ids).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_activity(&self, id: i64, a: &ValidActivity) -> StoreResult<()> {
        let mut tx = self.write().await?;
        known_departments(&mut tx, a).await?;
        let q = sqlx::query(
            "UPDATE ccm_activities SET kind = $1, title = $2, held_on = $3, place = $4, participants = $5, \
             summary = $6, department_id = $7 WHERE id = $8",
        );
        let r = bind_activity(q, a).bind(id).execute(&mut *tx).await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let stored: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, done_at FROM ccm_items WHERE activity_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let kept: Vec<i64> = a.items.iter().filter_map(|i| i.id).collect();
        for (item, done_at) in stored.iter().filter(|(item, _)| !kept.contains(item)) {
            if done_at.is_some() {
                return Err(StoreError::AlreadyExists);
            }
            sqlx::query("DELETE FROM ccm_items WHERE id = $1 AND done_at IS NULL").bind(item).execute(&mut *tx).await?;
        }
        // Out of the way of (activity_id, position) while the kept items take their new places.
        sqlx::query("UPDATE ccm_items SET position = -1 - position WHERE activity_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (at, item) in a.items.iter().enumerate() {
            let Some(item_id) = item.id else {
                insert_item(&mut tx, id, at, item).await?;
                continue;
            };
            let open = sqlx::query(
                "UPDATE ccm_items SET position = $1, topic = $2, decision = $3, owner_department_id = $4, due_on = $5 \
                 WHERE id = $6 AND activity_id = $7 AND done_at IS NULL",
            )
            .bind(position(at))
            .bind(&item.topic)
            .bind(&item.decision)
            .bind(item.owner_department_id)
            .bind(item.due_on.map(|d| d.to_string()))
            .bind(item_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if open.rows_affected() == 0 {
                // Reported done: what the department acted on stays; the decision may be reworded.
                sqlx::query("UPDATE ccm_items SET position = $1, decision = $2 WHERE id = $3 AND activity_id = $4")
                    .bind(position(at))
                    .bind(&item.decision)
                    .bind(item_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        sqlx::query("DELETE FROM ccm_activity_members WHERE activity_id = $1").bind(id).execute(&mut *tx).await?;
        insert_members(&mut tx, id, &a.member_ids).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn activities(&self) -> StoreResult<Vec<ActivityRecord>> {
        let rows: Vec<ActivityRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{ACTIVITIES} ORDER BY held_on DESC, id DESC")))
                .fetch_all(&self.pool)
                .await?;
        self.with_items(rows, "", None).await
    }

    async fn activity(&self, id: i64) -> StoreResult<Option<ActivityRecord>> {
        let rows: Vec<ActivityRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{ACTIVITIES} WHERE id = $1")))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(self.with_items(rows, "WHERE activity_id = $1", Some(id)).await?.pop())
    }

    async fn activity_item(&self, id: i64) -> StoreResult<Option<ActivityItemRecord>> {
        sqlx::query_as::<_, ItemRow>(sqlx::AssertSqlSafe(format!("{ITEMS} WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(ActivityItemRecord::try_from)
            .transpose()
    }

    async fn report_action(&self, id: i64, result: &str, by: &User, at: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE ccm_items SET done_by = $1, done_at = $2, result = $3 \
             WHERE id = $4 AND done_at IS NULL AND owner_department_id IS NOT NULL",
        )
        .bind(&by.username)
        .bind(secs(at))
        .bind(result)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
