//! The business calendar: hours, holidays and per-kind deadline policies. Anyone may read
//! them (the queue runs its clocks in the browser); only administrators change them.

use super::json::{Path, Query};
use app::api::ErrorBody;
use app::api::{CalendarView, HolidayView};
use app::domain::{DeadlinePolicy, HolidayInput, PolicyInput, VocKind};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::JsonBody;
use crate::AppState;
use crate::auth::{Admin, ClientAddr};
use crate::error::{ApiError, ApiResult};
use crate::store::Holiday;
use crate::trail;
use app::domain::AuditAction;

fn view(h: Holiday) -> HolidayView {
    HolidayView { date: h.date, name: h.name_ko, name_en: h.name_en }
}

#[utoipa::path(
    get,
    path = "/api/v1/calendar",
    tag = "calendar",
    summary = "Business hours, all holidays and the deadline policies",
    responses(
        (status = 200, description = "the calendar", body = CalendarView)
    )
)]
/// `GET /api/v1/calendar`
pub async fn show(State(state): State<AppState>) -> ApiResult<Json<CalendarView>> {
    Ok(Json(CalendarView {
        hours: state.store.business_hours().await?,
        holidays: state.store.holidays(None).await?.into_iter().map(|h| h.date).collect(),
        policies: state.store.policies().await?,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// A year such as 2026; without it, every year.
    #[param(pattern = "^([0-9]{4})?$")]
    year: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/calendar/holidays",
    tag = "calendar",
    summary = "Holidays of a year (or all)",
    params(YearQuery),
    responses(
        (status = 200, description = "holidays by date", body = Vec<HolidayView>),
        (status = 422, description = "not a year", body = ErrorBody)
    )
)]
/// `GET /api/v1/calendar/holidays?year=2026`
pub async fn holidays(State(state): State<AppState>, Query(q): Query<YearQuery>) -> ApiResult<Json<Vec<HolidayView>>> {
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(y.parse::<i32>().ok().filter(|y| (1900..=2999).contains(y)).ok_or_else(|| {
            let mut errs = app::domain::FieldErrors::default();
            errs.add("year", app::domain::FieldError::InvalidDate);
            ApiError::Validation(errs)
        })?),
    };
    Ok(Json(state.store.holidays(year).await?.into_iter().map(view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/calendar/holidays",
    tag = "calendar",
    summary = "Add or rename a holiday (administrators)",
    request_body = HolidayInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "renamed", body = HolidayView),
        (status = 201, description = "added", body = HolidayView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/calendar/holidays` `{date, name, name_en}` → 201 new, 200 renamed.
pub async fn put_holiday(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<HolidayInput>,
) -> ApiResult<(StatusCode, Json<HolidayView>)> {
    let (date, name_ko, name_en) = input.validate().map_err(ApiError::Validation)?;
    let h = Holiday { date, name_ko, name_en };
    let created = state.store.put_holiday(&h).await?;
    tracing::info!(by = %user.username, %date, name = %h.name_ko, created, "holiday saved");
    let after = serde_json::to_value(view(h.clone())).ok();
    trail::audit(&state, &user.username, &address, AuditAction::HolidaySet, format!("holiday:{date}"), None, after)
        .await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(view(h))))
}

#[utoipa::path(
    delete,
    path = "/api/v1/calendar/holidays/{date}",
    tag = "calendar",
    summary = "Remove a holiday (administrators)",
    params(("date" = String, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "removed"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such holiday", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/calendar/holidays/{date}` → 204, or 404.
pub async fn delete_holiday(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientAddr(address): ClientAddr,
    Path(date): Path<String>,
) -> ApiResult<StatusCode> {
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| ApiError::NotFound)?;
    if state.store.delete_holiday(date).await? {
        tracing::info!(by = %user.username, %date, "holiday deleted");
        let target = format!("holiday:{date}");
        trail::audit(&state, &user.username, &address, AuditAction::HolidayRemoved, target, None, None).await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/calendar/policies",
    tag = "calendar",
    summary = "Deadline policy per kind",
    responses(
        (status = 200, description = "policies", body = Vec<DeadlinePolicy>)
    )
)]
/// `GET /api/v1/calendar/policies`
pub async fn policies(State(state): State<AppState>) -> ApiResult<Json<Vec<DeadlinePolicy>>> {
    Ok(Json(state.store.policies().await?))
}

#[utoipa::path(
    put,
    path = "/api/v1/calendar/policies/{kind}",
    tag = "calendar",
    summary = "Change a kind's policy (administrators); applies to cases received afterwards",
    params(("kind" = String, Path)),
    request_body = PolicyInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "saved", body = DeadlinePolicy),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such kind", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `PUT /api/v1/calendar/policies/{kind}`; applies to cases received from now on.
pub async fn put_policy(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientAddr(address): ClientAddr,
    Path(kind): Path<String>,
    JsonBody(input): JsonBody<PolicyInput>,
) -> ApiResult<Json<DeadlinePolicy>> {
    let kind: VocKind = kind.parse().map_err(|_| ApiError::NotFound)?;
    let policy = input.validate(kind).map_err(ApiError::Validation)?;
    let before = state.store.policies().await?.into_iter().find(|p| p.kind == kind);
    state.store.put_policy(&policy).await?;
    tracing::info!(by = %user.username, kind = %kind, days = policy.business_days, "deadline policy saved");
    let (before, after) = (before.and_then(|b| serde_json::to_value(b).ok()), serde_json::to_value(policy).ok());
    let target = format!("policy:{kind}");
    trail::audit(&state, &user.username, &address, AuditAction::PolicyChanged, target, before, after).await?;
    Ok(Json(policy))
}
