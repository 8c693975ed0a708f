//! Departments and routing rules, as administrators change them.

use app::domain::VocKind;
use async_trait::async_trait;

use chrono::{DateTime, Utc};

use super::{SqlStore, is_unique_violation, secs};
use crate::store::{
    AdminStore, Catalogue, CatalogueEntry, Department, ProfileOutcome, RoutingRule, Store, StoreError, StoreResult,
};

#[async_trait]
impl AdminStore for SqlStore {
    async fn catalogue(&self, list: Catalogue) -> StoreResult<Vec<CatalogueEntry>> {
        let (parent, public) = if list == Catalogue::Categories { ("parent", "public") } else { ("NULL", "0") };
        let rows: Vec<(String, String, String, Option<String>, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT code, name_ko, name_en, {parent}, active, {public} FROM {} ORDER BY sort, code",
                list.table()
            )))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(code, name_ko, name_en, parent, active, public)| CatalogueEntry {
                code,
                name_ko,
                name_en,
                parent,
                active: active != 0,
                public: public != 0,
            })
            .collect())
    }

    async fn create_entry(&self, list: Catalogue, e: &app::domain::ValidEntry) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if let Some(p) = e.parent.as_deref().filter(|_| list == Catalogue::Categories) {
            let top: Option<i64> = sqlx::query_scalar("SELECT 1 FROM categories WHERE code = $1 AND parent IS NULL")
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?;
            if top.is_none() {
                return Err(StoreError::UnknownCategory);
            }
        }
        let table = list.table();
        let sort: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT coalesce(max(sort), 0) + 1 FROM {table}")))
                .fetch_one(&mut *tx)
                .await?;
        let r = if list == Catalogue::Categories {
            sqlx::query(
                "INSERT INTO categories (code, name_ko, name_en, parent, sort, public) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&e.code)
            .bind(&e.name_ko)
            .bind(&e.name_en)
            .bind(e.parent.as_deref())
            .bind(sort)
            .bind(i64::from(e.public))
            .execute(&mut *tx)
            .await
        } else {
            sqlx::query("INSERT INTO facilities (code, name_ko, name_en, sort) VALUES ($1, $2, $3, $4)")
                .bind(&e.code)
                .bind(&e.name_ko)
                .bind(&e.name_en)
                .bind(sort)
                .execute(&mut *tx)
                .await
        };
        match r {
            Err(err) if is_unique_violation(&err) => return Err(StoreError::AlreadyExists),
            r => r?,
        };
        tx.commit().await?;
        Ok(())
    }

    async fn update_entry(
        &self,
        list: Catalogue,
        code: &str,
        name_ko: Option<&str>,
        name_en: Option<&str>,
        active: Option<bool>,
        public: Option<bool>,
    ) -> StoreResult<()> {
        // Only a category is chosen by complainants; a facility has no such column.
        let categories = list == Catalogue::Categories;
        let set_public = if categories { ", public = coalesce($5, public)" } else { "" };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {} SET name_ko = coalesce($1, name_ko), name_en = coalesce($2, name_en), \
             active = coalesce($3, active){set_public} WHERE code = $4",
            list.table()
        )))
        .bind(name_ko)
        .bind(name_en)
        .bind(active.map(i64::from))
        .bind(code);
        if categories {
            q = q.bind(public.map(i64::from));
        }
        let r = q.execute(&self.pool).await?;
        if r.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn apply_profile_once(
        &self,
        profile: &crate::profile::ProfileData,
        at: DateTime<Utc>,
    ) -> StoreResult<ProfileOutcome> {
        let mut tx = self.write().await?;
        let done: Option<i64> = sqlx::query_scalar("SELECT 1 FROM seeds WHERE name = $1")
            .bind(profile.name)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            return Ok(ProfileOutcome::AlreadyApplied);
        }
        let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(&mut *tx).await?;
        let staff: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE department_id IS NOT NULL")
            .fetch_one(&mut *tx)
            .await?;
        if cases > 0 || staff > 0 {
            return Ok(ProfileOutcome::InUse(format!("{cases} cases and {staff} staff members in departments")));
        }
        for table in ["routing_rules", "departments", "facilities"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *tx).await?;
        }
        for (code, name, lead) in profile.departments {
            sqlx::query("INSERT INTO departments (code, name, is_lead) VALUES ($1, $2, $3)")
                .bind(*code)
                .bind(*name)
                .bind(i64::from(*lead))
                .execute(&mut *tx)
                .await?;
        }
        for (sort, (code, ko, en)) in (1i64..).zip(profile.facilities) {
            sqlx::query("INSERT INTO facilities (code, name_ko, name_en, sort) VALUES ($1, $2, $3, $4)")
                .bind(*code)
                .bind(*ko)
                .bind(*en)
                .bind(sort)
                .execute(&mut *tx)
                .await?;
        }
        // Nothing refers to the seeded categories yet (no cases; the rules went above).
        sqlx::query("DELETE FROM categories WHERE parent IS NOT NULL").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM categories").execute(&mut *tx).await?;
        for (sort, (code, ko, en, parent)) in (1i64..).zip(profile.categories) {
            sqlx::query(
                "INSERT INTO categories (code, name_ko, name_en, parent, sort, public) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(*code)
            .bind(*ko)
            .bind(*en)
            .bind(*parent)
            .bind(sort)
            .bind(i64::from(profile.public_categories))
            .execute(&mut *tx)
            .await?;
        }
        for (priority, kind, facility, category, department) in profile.rules {
            sqlx::query(
                "INSERT INTO routing_rules (priority, kind, facility, category, department_id) \
                 SELECT $1, $2, $3, $4, id FROM departments WHERE code = $5",
            )
            .bind(*priority)
            .bind(*kind)
            .bind(*facility)
            .bind(*category)
            .bind(*department)
            .execute(&mut *tx)
            .await?;
        }
        for (kind, days) in profile.business_days {
            sqlx::query("UPDATE deadline_policies SET business_days = $1 WHERE kind = $2")
                .bind(*days)
                .bind(*kind)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM survey_items").execute(&mut *tx).await?;
        for (sort, item) in (1i64..).zip(profile.survey_items) {
            sqlx::query("INSERT INTO survey_items (item, sort) VALUES ($1, $2)")
                .bind(*item)
                .bind(sort)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO seeds (name, applied_at) VALUES ($1, $2)")
            .bind(profile.name)
            .bind(secs(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.config_changed().await;
        Ok(ProfileOutcome::Applied)
    }

    async fn create_department(&self, code: &str, name: &str) -> StoreResult<Department> {
        let r: Result<i64, sqlx::Error> =
            sqlx::query_scalar("INSERT INTO departments (code, name) VALUES ($1, $2) RETURNING id")
                .bind(code)
                .bind(name)
                .fetch_one(&self.pool)
                .await;
        let id = match r {
            Err(e) if is_unique_violation(&e) => return Err(StoreError::AlreadyExists),
            r => r?,
        };
        self.department(id).await
    }

    async fn update_department(&self, id: i64, name: Option<&str>, active: Option<bool>) -> StoreResult<Department> {
        let r = sqlx::query(
            "UPDATE departments SET name = coalesce($1, name), active = coalesce($2, active) WHERE id = $3",
        )
        .bind(name)
        .bind(active.map(i64::from))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.department(id).await
    }

    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>> {
        let rows: Vec<(i64, i64, Option<String>, Option<String>, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT r.id, r.priority, r.kind, r.facility, r.category, r.department_id, d.name \
             FROM routing_rules r JOIN departments d ON d.id = r.department_id WHERE r.active = 1 \
             ORDER BY r.priority, r.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, priority, kind, facility, category, department_id, department_name)| {
                let kind = kind
                    .map(|k| k.parse::<VocKind>().map_err(|_| StoreError::Corrupt(format!("routing rule {id} kind"))))
                    .transpose()?;
                Ok(RoutingRule { id, priority, kind, facility, category, department_id, department_name })
            })
            .collect()
    }

    async fn create_routing_rule(
        &self,
        priority: i64,
        kind: Option<VocKind>,
        facility: Option<&str>,
        category: Option<&str>,
        department_id: i64,
    ) -> StoreResult<RoutingRule> {
        let exists = |sql: &'static str, v: String| {
            let pool = &self.pool;
            async move { sqlx::query_scalar::<_, i64>(sql).bind(v).fetch_optional(pool).await }
        };
        if let Some(f) = facility {
            exists("SELECT 1 FROM facilities WHERE code = $1", f.to_owned())
                .await?
                .ok_or(StoreError::UnknownFacility)?;
        }
        if let Some(c) = category {
            exists("SELECT 1 FROM categories WHERE code = $1", c.to_owned())
                .await?
                .ok_or(StoreError::UnknownCategory)?;
        }
        let active: Option<i64> = sqlx::query_scalar("SELECT active FROM departments WHERE id = $1")
            .bind(department_id)
            .fetch_optional(&self.pool)
            .await?;
        if active != Some(1) {
            return Err(StoreError::UnknownDepartment);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO routing_rules (priority, kind, facility, category, department_id) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(priority)
        .bind(kind.map(VocKind::as_str))
        .bind(facility)
        .bind(category)
        .bind(department_id)
        .fetch_one(&self.pool)
        .await?;
        self.routing_rules().await?.into_iter().find(|r| r.id == id).ok_or(StoreError::NotFound)
    }

    async fn retire_routing_rule(&self, id: i64) -> StoreResult<()> {
        let r = sqlx::query("UPDATE routing_rules SET active = 0 WHERE id = $1 AND active = 1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if r.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}

impl SqlStore {
    async fn department(&self, id: i64) -> StoreResult<Department> {
        self.departments().await?.into_iter().find(|d| d.id == id).ok_or(StoreError::NotFound)
    }
}
