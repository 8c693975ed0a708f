//! The live queue in SQL: the open cases a user may see, filtered, counted per view, sorted
//! and paged by the database, by the rules of `app::queue` (views, order), which the browser
//! applies to the rows it is shown.
//!
//! Every query reads the open cases only (`status NOT IN ('closed', 'withdrawn')`), with the
//! open pause beside each (`case_pauses_one_open` holds at most one per case), so the cost
//! grows with the open cases, not with every case ever filed.

use app::domain::CaseScope;
use app::queue::{FacetRow, QueueCounts, QueueFacets, QueueView};
use async_trait::async_trait;

use super::{Backend, SearchArg, SearchWhere, SqlStore, secs};
use crate::store::{CaseRecord, QueueLook, QueueStore, StoreResult};

const OPEN: &str = "FROM cases c LEFT JOIN case_pauses op ON op.case_id = c.id AND op.ended_at IS NULL";

/// The look's conditions (open, in scope, the filters, the words) as a `WHERE`; `None` when
/// the scope admits nothing.
fn base(look: &QueueLook<'_>, backend: Backend) -> Option<SearchWhere> {
    use SearchArg::{Int, Text};
    let mut w = SearchWhere::default();
    w.conditions.push("c.status NOT IN ('closed', 'withdrawn')".into());
    if !scope(&mut w, look.scope) {
        return None;
    }
    let f = look.filter;
    w.columns(f.status, f.kind, f.channel, f.facility.as_deref(), f.category.as_deref());
    match f.department {
        Some(Some(d)) => w.add("c.department_id = {}", Int(d)),
        Some(None) => w.conditions.push("c.department_id IS NULL".into()),
        None => {}
    }
    if let Some(t) = &f.text {
        // `%`, `_` and the escape itself match only themselves.
        let escaped = t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let lower = if backend == Backend::Postgres { "lower(c.content)" } else { "c.content" };
        w.add(
            &format!("(lower(c.receipt_no) LIKE {{}} ESCAPE '\\' OR {lower} LIKE {{}} ESCAPE '\\')"),
            Text(format!("%{escaped}%")),
        );
    }
    Some(w)
}

/// Narrows `w` to the scope; false when it admits nothing.
fn scope(w: &mut SearchWhere, scope: CaseScope) -> bool {
    match scope {
        CaseScope::All => {}
        CaseScope::Department(d) => w.add("c.department_id = {}", SearchArg::Int(d)),
        CaseScope::RegisteredBy(u) => w.add("c.registered_by = {}", SearchArg::Int(u)),
        CaseScope::Nothing => return false,
    }
    true
}

/// The condition of one view, its values bound into `w` (`app::queue::QueueView::keeps` in
/// SQL).
fn view(w: &mut SearchWhere, v: QueueView, look: &QueueLook<'_>) -> String {
    use SearchArg::Int;
    let mut bind = |value: i64| {
        w.args.push(Int(value));
        format!("${}", w.args.len())
    };
    match v {
        QueueView::All => "1 = 1".into(),
        QueueView::Mine => format!("c.assignee_id = {}", bind(look.me.id)),
        QueueView::Department => match look.me.department {
            Some(d) => format!("c.department_id = {}", bind(d)),
            None => "1 = 0".into(),
        },
        QueueView::Unrouted => "c.department_id IS NULL".into(),
        QueueView::DueSoon if look.soon.is_empty() => "1 = 0".into(),
        QueueView::DueSoon => {
            let now = bind(secs(look.now));
            let arms: String = look
                .soon
                .iter()
                .map(|(span, latest)| format!(" WHEN {} THEN {}", bind(*span), bind(secs(*latest))))
                .collect();
            format!("(c.status <> 'paused' AND c.due_at >= {now} AND c.due_at <= CASE c.due_soon_secs{arms} END)")
        }
        QueueView::Overdue => format!("c.due_at < COALESCE(op.started_at, {})", bind(secs(look.now))),
        QueueView::Paused => "c.status = 'paused'".into(),
    }
}

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    args: &'q [SearchArg],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    for a in args {
        q = match a {
            SearchArg::Int(v) => q.bind(*v),
            SearchArg::Text(v) => q.bind(v.as_str()),
        };
    }
    q
}

#[async_trait]
impl QueueStore for SqlStore {
    async fn queue_spans(&self) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT due_soon_secs FROM cases WHERE status NOT IN ('closed', 'withdrawn') ORDER BY due_soon_secs",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    async fn queue_counts(&self, look: &QueueLook<'_>) -> StoreResult<QueueCounts> {
        let Some(mut w) = base(look, self.backend) else {
            return Ok(QueueCounts::default());
        };
        let sums: Vec<String> = QueueView::ALL
            .into_iter()
            .map(|v| format!("COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0)", view(&mut w, v, look)))
            .collect();
        let sql = format!("SELECT {} {OPEN} {}", sums.join(", "), w.sql());
        #[allow(clippy::type_complexity)]
        let row: (i64, i64, i64, i64, i64, i64, i64) =
            bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args).fetch_one(&self.pool).await?;
        let mut counts = QueueCounts::default();
        for (v, n) in QueueView::ALL.into_iter().zip([row.0, row.1, row.2, row.3, row.4, row.5, row.6]) {
            counts.set(v, n);
        }
        Ok(counts)
    }

    async fn queue_page(&self, look: &QueueLook<'_>) -> StoreResult<Vec<CaseRecord>> {
        let Some(mut w) = base(look, self.backend) else {
            return Ok(Vec::new());
        };
        let chosen = view(&mut w, look.filter.view, look);
        w.conditions.push(chosen);
        w.args.push(SearchArg::Int(secs(look.now)));
        let now = w.args.len();
        // `QueueItem::queue_key`: serious, overdue, urgent, running before paused, deadline.
        let sql = format!(
            "SELECT c.id {OPEN} {} ORDER BY (c.serious_reason IS NULL), (c.due_at >= COALESCE(op.started_at, ${now})), \
             (c.kind <> 'urgent'), (c.status = 'paused'), c.due_at, c.id LIMIT {} OFFSET {}",
            w.sql(),
            look.filter.per_page,
            look.filter.offset()
        );
        let ids: Vec<(i64,)> =
            bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args).fetch_all(&self.pool).await?;
        let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        self.cases_in_order(&ids).await
    }

    async fn queue_facets(&self, in_scope: CaseScope) -> StoreResult<QueueFacets> {
        let mut w = SearchWhere::default();
        w.conditions.push("c.status NOT IN ('closed', 'withdrawn')".into());
        if !scope(&mut w, in_scope) {
            return Ok(QueueFacets::default());
        }
        // One pass: the few combinations of the three, named.
        let sql = format!(
            "SELECT c.facility, f.name_ko, c.category, k.name_ko, c.department_id, d.name FROM cases c \
             LEFT JOIN facilities f ON f.code = c.facility LEFT JOIN categories k ON k.code = c.category \
             LEFT JOIN departments d ON d.id = c.department_id {} \
             GROUP BY c.facility, f.name_ko, c.category, k.name_ko, c.department_id, d.name",
            w.sql()
        );
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
        )> = bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args).fetch_all(&self.pool).await?;
        Ok(QueueFacets::of(rows.into_iter().map(
            |(facility, facility_name, category, category_name, department, name)| FacetRow {
                facility: facility.map(|code| (code, facility_name)),
                category: category.map(|code| (code, category_name)),
                department: department.map(|id| (id, name)),
            },
        )))
    }
}
