//! The panel members' roster: one row per member, corrected in place until their personal
//! data is destroyed (a guarded write: `purged_at IS NULL`), and the retention sweep that
//! destroys it a year after the term.

use app::domain::{Email, PersonName, PhoneNumber, ValidPanelMember};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{AnyQuery, SqlStore, secs, time};
use crate::store::{PanelMemberRecord, PanelStore, StoreError, StoreResult, User};

#[derive(FromRow)]
struct MemberRow {
    id: i64,
    panel: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    affiliation: String,
    term_from: String,
    term_to: String,
    consented_on: String,
    recorded_by: String,
    recorded_at: i64,
    updated_by: Option<String>,
    updated_at: Option<i64>,
    purged_at: Option<i64>,
    sessions: i64,
}

impl TryFrom<MemberRow> for PanelMemberRecord {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("panel member {}: {what}", r.id));
        let day = |s: &str, what: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(what));
        Ok(Self {
            id: r.id,
            member: ValidPanelMember {
                panel: r.panel.parse().map_err(|_| corrupt("panel"))?,
                name: PersonName::parse(&r.name).map_err(|_| corrupt("name"))?,
                phone: r.phone.as_deref().map(PhoneNumber::parse).transpose().map_err(|_| corrupt("phone"))?,
                email: r.email.as_deref().map(Email::parse).transpose().map_err(|_| corrupt("email"))?,
                affiliation: r.affiliation.clone(),
                term_from: day(&r.term_from, "term_from")?,
                term_to: day(&r.term_to, "term_to")?,
                consented_on: day(&r.consented_on, "consented_on")?,
            },
            sessions: r.sessions,
            recorded_by: r.recorded_by,
            recorded_at: time(r.recorded_at)?,
            updated_by: r.updated_by,
            updated_at: r.updated_at.map(time).transpose()?,
            purged_at: r.purged_at.map(time).transpose()?,
        })
    }
}

const MEMBERS: &str = "SELECT m.id, m.panel, m.name, m.phone, m.email, m.affiliation, m.term_from, m.term_to, \
     m.consented_on, m.recorded_by, m.recorded_at, m.updated_by, m.updated_at, m.purged_at, \
     (SELECT count(*) FROM ccm_activity_members a WHERE a.member_id = m.id) AS sessions FROM panel_members m";

/// Binds a member's eight columns in the order both writes name them ($1–$8).
fn bind_member<'q>(q: AnyQuery<'q>, m: &'q ValidPanelMember) -> AnyQuery<'q> {
    q.bind(m.panel.as_str())
        .bind(m.name.as_str())
        .bind(m.phone.as_ref().map(PhoneNumber::digits))
        .bind(m.email.as_ref().map(Email::as_str))
        .bind(&m.affiliation)
        .bind(m.term_from.to_string())
        .bind(m.term_to.to_string())
        .bind(m.consented_on.to_string())
}

#[async_trait]
impl PanelStore for SqlStore {
    async fn add_member(&self, m: &ValidPanelMember, by: &User, at: DateTime<Utc>) -> StoreResult<i64> {
        let q = sqlx::query(
            "INSERT INTO panel_members (panel, name, phone, email, affiliation, term_from, term_to, consented_on, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        );
        let row = bind_member(q, m).bind(&by.username).bind(secs(at)).fetch_one(&self.pool).await?;
        Ok(sqlx::Row::try_get(&row, 0)?)
    }

    async fn update_member(&self, id: i64, m: &ValidPanelMember, by: &User, at: DateTime<Utc>) -> StoreResult<bool> {
        let q = sqlx::query(
            "UPDATE panel_members SET panel = $1, name = $2, phone = $3, email = $4, affiliation = $5, term_from = $6, \
             term_to = $7, consented_on = $8, updated_by = $9, updated_at = $10 WHERE id = $11 AND purged_at IS NULL",
        );
        let r = bind_member(q, m).bind(&by.username).bind(secs(at)).bind(id).execute(&self.pool).await?;
        Ok(r.rows_affected() == 1)
    }

    async fn members(&self) -> StoreResult<Vec<PanelMemberRecord>> {
        sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(format!("{MEMBERS} ORDER BY m.term_to DESC, m.id")))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(PanelMemberRecord::try_from)
            .collect()
    }

    async fn member(&self, id: i64) -> StoreResult<Option<PanelMemberRecord>> {
        sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(format!("{MEMBERS} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(PanelMemberRecord::try_from)
            .transpose()
    }

    async fn purge_members(&self, ended_before: NaiveDate, at: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let due: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM panel_members WHERE purged_at IS NULL AND term_to < $1 ORDER BY id")
                .bind(ended_before.to_string())
                .fetch_all(&mut *tx)
                .await?;
        for (id, name) in &due {
            // The masked name stays, so that the sessions they attended still read whole.
            let masked = PersonName::parse(name).map(|n| n.masked()).unwrap_or_else(|_| "*".into());
            sqlx::query(
                "UPDATE panel_members SET name = $1, phone = NULL, email = NULL, purged_at = $2 \
                 WHERE id = $3 AND purged_at IS NULL",
            )
            .bind(masked)
            .bind(secs(at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(u64::try_from(due.len()).unwrap_or(u64::MAX))
    }
}
