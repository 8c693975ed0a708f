//! The annual complaint reduction plans (KGS ch. 2 ⑥): the VOC office writes each
//! department's plan for a year (a target per quarter, measures against the frequent
//! complaints, the analysis) and reports it to management, after which it is fixed; every
//! reader sees each quarter's complaints against the target and the year before. Readers:
//! those who see every case, and a head their own department's. Each change is audited.

use app::api::{ErrorBody, ReductionOverview, ReductionPlanView};
use app::domain::{AuditAction, ReductionPlanInput, ReductionState, plan_year, to_seoul};
use axum::Json;
use axum::extract::State;
use chrono::Datelike;
use serde::Deserialize;

use super::JsonBody;
use super::cases::require;
use super::json::{Path, Query};
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{StoreError, User};
use crate::trail;

/// Whose plans the reader sees: every department's, or a head's own.
fn scope(user: &User) -> ApiResult<Option<i64>> {
    require(user.role.reads_training())?;
    Ok(if user.role.sees_all() { None } else { Some(user.department_id.unwrap_or(0)) })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearFilter {
    /// The plan year; this year when absent.
    #[serde(default)]
    #[param(minimum = 2000, maximum = 9999)]
    year: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/reduction-plans",
    tag = "evaluations",
    summary = "Each department's complaint reduction plan for a year (a department head: their own) with the complaints of each quarter against its target and the year before, and the year before's most frequent categories",
    params(YearFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the plans", body = ReductionOverview),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/reduction-plans?year=2027`
pub async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(f): Query<YearFilter>,
) -> ApiResult<Json<ReductionOverview>> {
    let department = scope(&user)?;
    let today = to_seoul(state.now()).date_naive();
    let year = plan_year(f.year.unwrap_or(today.year()), today).map_err(ApiError::Validation)?;
    Ok(Json(crate::reduction::overview(state.store.as_ref(), year, today, &user, department).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SaveMode {
    /// `true`: save and report it to management (the analysis and a measure written); it is
    /// then fixed.
    #[serde(default)]
    report: Option<bool>,
}

#[utoipa::path(
    put,
    path = "/api/v1/reduction-plans/{year}/{department}",
    tag = "evaluations",
    summary = "Write or change a department's complaint reduction plan for a year: four quarterly targets, the measures and the analysis; with report=true, also report it to management (VOC manager, administrators)",
    params(("year" = i32, Path, minimum = 2000, maximum = 9999), ("department" = i64, Path), SaveMode),
    request_body = ReductionPlanInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "saved (and reported)", body = ReductionPlanView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such department", body = ErrorBody),
        (status = 409, description = "`reduction_plan_reported`: reported already, so fixed", body = ErrorBody),
        (status = 422, description = "not four targets, a target out of 0–100000, a measure without its issue, action, owner or date, text too long, a year out of 2000 to next year; to report, no analysis or no measure", body = ErrorBody)
    )
)]
/// `PUT /api/v1/reduction-plans/{year}/{department}?report=true`
pub async fn save(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path((year, department)): Path<(i32, i64)>,
    Query(mode): Query<SaveMode>,
    JsonBody(input): JsonBody<ReductionPlanInput>,
) -> ApiResult<Json<ReductionPlanView>> {
    require(user.role.evaluates())?;
    let now = state.now();
    let today = to_seoul(now).date_naive();
    let report = mode.report.unwrap_or(false);
    let (year, content) = match (plan_year(year, today), input.validate(report)) {
        (Ok(y), Ok(c)) => (y, c),
        (y, c) => {
            let mut errs = y.err().unwrap_or_default();
            errs.0.extend(c.err().unwrap_or_default().0);
            return Err(ApiError::Validation(errs));
        }
    };
    let written = match state.store.save_reduction_plan(department, year, &content, report, &user, now).await {
        Err(StoreError::UnknownDepartment) => return Err(ApiError::NotFound),
        r => r?,
    };
    if !written {
        return Err(ApiError::ReductionPlanReported);
    }
    let view = crate::reduction::overview(state.store.as_ref(), year, today, &user, Some(department))
        .await?
        .plans
        .pop()
        .ok_or(ApiError::NotFound)?;
    let action = if view.state == Some(ReductionState::Reported) {
        AuditAction::ReductionPlanReported
    } else {
        AuditAction::ReductionPlanSaved
    };
    tracing::info!(by = %user.username, department, year, report, "reduction plan saved");
    trail::audit(
        &state,
        &user.username,
        &address,
        action,
        format!("reduction_plan:{year}:{department}"),
        None,
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok(Json(view))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(list)).routes(utoipa_axum::routes!(save))
}
