//! The accountability logs: the audit log of administration, the access log of personal
//! data, and the reviews of it. Rows are only ever inserted (the database refuses UPDATE and
//! DELETE on all three tables).

use async_trait::async_trait;
use sqlx::FromRow;

use super::{SqlStore, secs, time};
use crate::store::{
    AccessEntry, AccessReview, AuditEntry, NewAccess, NewAudit, NewReview, StoreResult, TrailFilter, TrailStore,
};

#[derive(FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    address: String,
    action: String,
    target: String,
    before: Option<String>,
    after: Option<String>,
}

#[derive(FromRow)]
struct AccessRow {
    id: i64,
    at: i64,
    user_id: i64,
    username: String,
    address: String,
    case_id: Option<i64>,
    receipt_no: Option<String>,
    what: String,
    purpose: String,
    detail: String,
}

#[derive(FromRow)]
struct ReviewRow {
    id: i64,
    reviewed_at: i64,
    reviewer: String,
    period_from: String,
    period_to: String,
    findings: String,
}

fn review(r: ReviewRow) -> StoreResult<AccessReview> {
    Ok(AccessReview {
        id: r.id,
        reviewed_at: time(r.reviewed_at)?,
        reviewer: r.reviewer,
        period_from: r.period_from,
        period_to: r.period_to,
        findings: r.findings,
    })
}

/// `($1 IS NULL OR …)` filters: one statement whatever is filtered, the same on both engines.
const AUDIT_WHERE: &str = "WHERE ($1 IS NULL OR actor = $1) AND ($2 IS NULL OR action = $2) \
     AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)";
const ACCESS_WHERE: &str = "WHERE ($1 IS NULL OR a.username = $1) AND ($2 IS NULL OR a.case_id = $2) \
     AND ($3 IS NULL OR a.at >= $3) AND ($4 IS NULL OR a.at < $4)";

#[async_trait]
impl TrailStore for SqlStore {
    async fn append_audit(&self, e: &NewAudit) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, address, action, target, before, after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(secs(e.at))
        .bind(&e.actor)
        .bind(&e.address)
        .bind(e.action.as_str())
        .bind(&e.target)
        .bind(&e.before)
        .bind(&e.after)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, f: &TrailFilter) -> StoreResult<(i64, Vec<AuditEntry>)> {
        let (from, to) = (f.from.map(secs), f.to.map(secs));
        let total: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM audit_log {AUDIT_WHERE}")))
                .bind(&f.actor)
                .bind(&f.action)
                .bind(from)
                .bind(to)
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, at, actor, address, action, target, before, after FROM audit_log {AUDIT_WHERE} \
             ORDER BY id DESC LIMIT $5 OFFSET $6"
        )))
        .bind(&f.actor)
        .bind(&f.action)
        .bind(from)
        .bind(to)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.id,
                    at: time(r.at)?,
                    actor: r.actor,
                    address: r.address,
                    action: r.action,
                    target: r.target,
                    before: r.before,
                    after: r.after,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((total, items))
    }

    async fn append_access(&self, e: &NewAccess) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO access_log (at, user_id, username, address, case_id, what, purpose, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(secs(e.at))
        .bind(e.user_id)
        .bind(&e.username)
        .bind(&e.address)
        .bind(e.case_id)
        .bind(e.what.as_str())
        .bind(&e.purpose)
        .bind(&e.detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn access_log(&self, f: &TrailFilter) -> StoreResult<(i64, Vec<AccessEntry>)> {
        let (from, to) = (f.from.map(secs), f.to.map(secs));
        let total: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM access_log a {ACCESS_WHERE}")))
                .bind(&f.actor)
                .bind(f.case_id)
                .bind(from)
                .bind(to)
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<AccessRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT a.id, a.at, a.user_id, a.username, a.address, a.case_id, c.receipt_no, a.what, a.purpose, a.detail \
             FROM access_log a LEFT JOIN cases c ON c.id = a.case_id {ACCESS_WHERE} \
             ORDER BY a.id DESC LIMIT $5 OFFSET $6"
        )))
        .bind(&f.actor)
        .bind(f.case_id)
        .bind(from)
        .bind(to)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(AccessEntry {
                    id: r.id,
                    at: time(r.at)?,
                    user_id: r.user_id,
                    username: r.username,
                    address: r.address,
                    case_id: r.case_id,
                    receipt_no: r.receipt_no,
                    what: r.what,
                    purpose: r.purpose,
                    detail: r.detail,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((total, items))
    }

    async fn add_access_review(&self, r: &NewReview) -> StoreResult<AccessReview> {
        let row: ReviewRow = sqlx::query_as(
            "INSERT INTO access_reviews (reviewed_at, reviewer, period_from, period_to, findings) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id, reviewed_at, reviewer, period_from, period_to, findings",
        )
        .bind(secs(r.at))
        .bind(&r.reviewer)
        .bind(r.period_from.to_string())
        .bind(r.period_to.to_string())
        .bind(&r.findings)
        .fetch_one(&self.pool)
        .await?;
        review(row)
    }

    async fn access_reviews(&self) -> StoreResult<Vec<AccessReview>> {
        let rows: Vec<ReviewRow> = sqlx::query_as(
            "SELECT id, reviewed_at, reviewer, period_from, period_to, findings FROM access_reviews ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(review).collect()
    }
}
