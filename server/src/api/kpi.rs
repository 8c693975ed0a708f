//! The CCM indicators: targets per year (administrators), actual against target by month and
//! department (those who see every case), and the public statistics (no sign-in).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::json::{Path, Query};
use app::api::{ErrorBody, KpiDashboard, KpiTargetsView, PublicStatistics};
use app::domain::{AuditAction, KpiTargets, KpiTargetsInput, parse_year, to_seoul};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Datelike, Utc};
use serde::Deserialize;

use super::JsonBody;
use super::cases::require;
use crate::AppState;
use crate::auth::{Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::StoreError;
use crate::trail;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year; this one when absent.
    #[serde(default)]
    pub year: Option<String>,
}

fn this_year(state: &AppState) -> i32 {
    to_seoul(state.now()).year()
}

pub(super) fn year_of(state: &AppState, raw: Option<&str>) -> ApiResult<i32> {
    parse_year(raw, this_year(state)).map_err(ApiError::Validation)
}

fn targets_view(year: i32, t: &KpiTargets) -> KpiTargetsView {
    let named = |m: &std::collections::BTreeMap<app::domain::Kpi, f64>| {
        m.iter().map(|(k, v)| (k.as_str().to_owned(), *v)).collect::<std::collections::BTreeMap<_, _>>()
    };
    KpiTargetsView {
        year,
        overall: named(&t.overall),
        departments: t.departments.iter().map(|(d, m)| (d.to_string(), named(m))).collect(),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/kpi",
    tag = "kpi",
    summary = "Every CCM indicator of a year so far against its target, by month and by department, each with its state (met, near, missed)",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "the dashboard", body = KpiDashboard),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not a year from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/kpi?year=2026`
pub async fn dashboard(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<KpiDashboard>> {
    require(user.role.sees_all())?;
    let year = year_of(&state, q.year.as_deref())?;
    Ok(Json(crate::kpi::dashboard(state.store.as_ref(), year, state.now(), user.role.configures()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/kpi/targets/{year}",
    tag = "kpi",
    summary = "A year's KPI targets: the organisation's and each department's, indicator → target",
    params(("year" = String, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the targets (empty maps when none are set)", body = KpiTargetsView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not a year from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/kpi/targets/{year}`
pub async fn targets(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(year): Path<String>,
) -> ApiResult<Json<KpiTargetsView>> {
    require(user.role.sees_all())?;
    let year = year_of(&state, Some(&year))?;
    Ok(Json(targets_view(year, &state.store.kpi_targets(year).await?)))
}

#[utoipa::path(
    put,
    path = "/api/v1/kpi/targets/{year}",
    tag = "kpi",
    summary = "Set a year's KPI targets (administrators): indicator → target, and under departments (by id) a department's own; the body replaces the year's targets",
    params(("year" = String, Path)),
    request_body = KpiTargetsInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the targets now", body = KpiTargetsView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "an unknown indicator or department, a target out of its range, or a bad year", body = ErrorBody)
    )
)]
/// `PUT /api/v1/kpi/targets/{year}` `{"deadline_compliance": 0.95, "departments": {"3": {…}}}`
pub async fn set_targets(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientAddr(address): ClientAddr,
    Path(year): Path<String>,
    JsonBody(input): JsonBody<KpiTargetsInput>,
) -> ApiResult<Json<KpiTargetsView>> {
    let year = year_of(&state, Some(&year))?;
    let targets = input.validate().map_err(ApiError::Validation)?;
    let before = targets_view(year, &state.store.kpi_targets(year).await?);
    match state.store.set_kpi_targets(year, &targets, &user, state.now()).await {
        Err(StoreError::UnknownDepartment) => {
            let mut errs = app::domain::FieldErrors::default();
            errs.add("departments", app::domain::FieldError::UnknownDepartment);
            return Err(ApiError::Validation(errs));
        }
        r => r?,
    }
    let after = targets_view(year, &targets);
    tracing::info!(by = %user.username, year, targets = after.overall.len(), "KPI targets set");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::KpiTargetsSet,
        format!("kpi:{year}"),
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    )
    .await?;
    Ok(Json(after))
}

/// How long the public figures are served from memory before they are counted again.
const STATISTICS_FRESH_SECS: i64 = 600;

/// The public statistics per year, counted at most once per [`STATISTICS_FRESH_SECS`] on
/// this instance: anyone may ask, and a year's figures read a whole year of cases.
#[derive(Clone, Default)]
pub struct StatisticsCache(Arc<Mutex<HashMap<i32, Counted>>>);

/// When a year's figures were counted, and what they were.
type Counted = (DateTime<Utc>, PublicStatistics);

impl StatisticsCache {
    fn fresh(&self, year: i32, now: DateTime<Utc>) -> Option<PublicStatistics> {
        let cache = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache
            .get(&year)
            .filter(|(at, _)| *at <= now && (now - *at).num_seconds() < STATISTICS_FRESH_SECS)
            .map(|(_, s)| s.clone())
    }

    fn keep(&self, year: i32, now: DateTime<Utc>, s: &PublicStatistics) {
        let mut cache = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.insert(year, (now, s.clone()));
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/statistics",
    tag = "kpi",
    summary = "Public statistics (no sign-in): per month of a year, cases received and processed, deadline compliance, mean handling time in business days, overall satisfaction and improvements made — no personal data, no free text; counted at most every ten minutes",
    params(YearQuery),
    responses(
        (status = 200, description = "the figures", body = PublicStatistics),
        (status = 422, description = "the year is not a year from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/statistics?year=2026`
pub async fn statistics(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<PublicStatistics>> {
    let year = year_of(&state, q.year.as_deref())?;
    let now = state.now();
    if let Some(s) = state.statistics.fresh(year, now) {
        return Ok(Json(s));
    }
    let s = crate::kpi::statistics(state.store.as_ref(), year, now).await?;
    state.statistics.keep(year, now, &s);
    Ok(Json(s))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(dashboard))
        .routes(utoipa_axum::routes!(targets, set_targets))
        .routes(utoipa_axum::routes!(statistics))
}
