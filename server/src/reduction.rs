//! The annual complaint reduction plans: each department's plan for a year with its result
//! quarter by quarter, computed from the report counters as of a Seoul day, in the reader's
//! scope (everyone, or a head's own department).

use std::collections::BTreeMap;

use app::api::{CountLine, ReductionOverview, ReductionPlanView};
use app::domain::{REDUCTION_FIRST_YEAR, quarter_results, reduction_actions, to_seoul};
use chrono::{Datelike, NaiveDate};

use crate::store::{ReductionPlanRecord, Store, StoreResult, User};

/// How many of the year before's categories a plan shows.
const FREQUENT: usize = 5;

/// Every active department's plan for `year` (or its figures without one) that `user` may read:
/// `department` narrows to one.
pub async fn overview(
    store: &dyn Store,
    year: i32,
    today: NaiveDate,
    user: &User,
    department: Option<i64>,
) -> StoreResult<ReductionOverview> {
    let mut plans: BTreeMap<i64, ReductionPlanRecord> =
        store.reduction_plans(year).await?.into_iter().map(|p| (p.department_id, p)).collect();
    let (before, now) = (store.complaints_per_quarter(year - 1).await?, store.complaints_per_quarter(year).await?);
    let names: BTreeMap<String, String> = store.category_names().await?.into_iter().collect();
    let mut frequent: BTreeMap<i64, Vec<CountLine>> = BTreeMap::new();
    for (d, category, count) in store.categories_of_year(year - 1).await? {
        let label = names.get(&category).cloned().unwrap_or(category);
        frequent.entry(d).or_default().push(CountLine { label, department: None, count });
    }
    let mut departments = store.departments().await?;
    // A retired department keeps a plan it had.
    departments.retain(|d| (d.active || plans.contains_key(&d.id)) && department.is_none_or(|x| x == d.id));
    let views = departments
        .into_iter()
        .map(|d| {
            let plan = plans.remove(&d.id);
            let baseline = before.get(&d.id).copied().unwrap_or_default();
            let actual = now.get(&d.id).copied().unwrap_or_default();
            let mut top = frequent.remove(&d.id).unwrap_or_default();
            top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            top.truncate(FREQUENT);
            let seoul = |t| to_seoul(t);
            ReductionPlanView {
                department_id: d.id,
                department: d.name,
                year,
                state: plan.as_ref().map(|p| p.state),
                state_label: plan.as_ref().map_or("계획 없음", |p| p.state.ko()).to_owned(),
                baseline: baseline.iter().sum(),
                year_target: plan.as_ref().map(|p| p.content.year_target()),
                actual: actual.iter().sum(),
                quarters: quarter_results(
                    year,
                    today,
                    baseline,
                    actual,
                    plan.as_ref().map(|p| p.content.quarter_targets),
                ),
                measures: plan.as_ref().map(|p| p.content.measures.clone()).unwrap_or_default(),
                analysis: plan.as_ref().map(|p| p.content.analysis.clone()).unwrap_or_default(),
                frequent: top,
                saved_by: plan.as_ref().map(|p| p.saved_by.clone()),
                saved_at: plan.as_ref().map(|p| seoul(p.saved_at)),
                reported_by: plan.as_ref().and_then(|p| p.reported_by.clone()),
                reported_at: plan.as_ref().and_then(|p| p.reported_at.map(seoul)),
                actions: reduction_actions(user.role, plan.as_ref().map(|p| p.state)),
            }
        })
        .collect();
    Ok(ReductionOverview { year, first_year: REDUCTION_FIRST_YEAR, last_year: today.year() + 1, plans: views })
}
