//! The business calendar: hours, holidays and per-kind deadline policies. Anyone may read
//! them (the queue runs its clocks in the browser); only administrators change them.

use super::json::{Path, Query};
use app::api::ErrorBody;
use app::api::{CalendarView, HolidayView, PublicProcedure};
use app::domain::{
    DeadlinePolicy, FieldError, FieldErrors, HolidayDiff, HolidayImportInput, HolidayInput, ImportSource,
    MAX_ICAL_BYTES, ParsedCalendar, PolicyInput, VocKind, diff_holidays, parse_ical,
};
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

#[utoipa::path(
    get,
    path = "/api/v1/procedure",
    tag = "calendar",
    summary = "The complaint procedure for the public page (no sign-in): each kind's period as it applies now, the business hours in which periods run, and the fixed rules (appeal window, extensions, survey)",
    responses(
        (status = 200, description = "the procedure", body = PublicProcedure)
    )
)]
/// `GET /api/v1/procedure`
pub async fn procedure(State(state): State<AppState>) -> ApiResult<Json<PublicProcedure>> {
    Ok(Json(PublicProcedure {
        hours: state.store.business_hours().await?,
        kinds: app::domain::procedure_kinds(&state.store.policies().await?),
        rules: app::domain::ProcedureRules::with_follow_up_at_most(state.survey_follow_up_at_most),
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

/// One refused field of an import.
fn refused(field: &str, e: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add(field, e);
    ApiError::Validation(errs)
}

/// Fetches a calendar: at most [`MAX_ICAL_BYTES`], within 15 seconds.
async fn fetch_calendar(url: &str) -> Result<String, FieldError> {
    let unreachable = |reason: String| FieldError::CalendarUnreachable { reason };
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .map_err(|e| unreachable(e.to_string()))?;
    let mut resp = client.get(url).send().await.map_err(|e| {
        unreachable(if e.is_timeout() {
            "응답 없음 / timed out".into()
        } else {
            "연결 실패 / connection failed".into()
        })
    })?;
    if !resp.status().is_success() {
        return Err(unreachable(format!("HTTP {}", resp.status().as_u16())));
    }
    let too_large = FieldError::CalendarTooLarge { max_kb: MAX_ICAL_BYTES / 1000 };
    if resp.content_length().is_some_and(|n| n > MAX_ICAL_BYTES as u64) {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|_| unreachable("전송 중단 / transfer broken".into()))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_ICAL_BYTES {
            return Err(too_large);
        }
    }
    String::from_utf8(body).map_err(|_| FieldError::NotICalendar)
}

/// Reads the import's calendar and compares it with the table.
async fn import_diff(state: &AppState, input: &HolidayImportInput) -> ApiResult<(ParsedCalendar, HolidayDiff)> {
    let source = input.source().map_err(ApiError::Validation)?;
    let (field, text) = match source {
        ImportSource::Text(t) => ("ics", t),
        ImportSource::Url(u) => ("url", fetch_calendar(&u).await.map_err(|e| refused("url", e))?),
    };
    let parsed = parse_ical(&text).map_err(|e| refused(field, e))?;
    let table: Vec<(chrono::NaiveDate, String)> =
        state.store.holidays(None).await?.into_iter().map(|h| (h.date, h.name_ko)).collect();
    let diff = diff_holidays(&table, &parsed);
    Ok((parsed, diff))
}

#[utoipa::path(
    post,
    path = "/api/v1/calendar/holidays/import/preview",
    tag = "calendar",
    summary = "What importing an iCalendar file or address would add, rename and (if asked) remove; changes nothing",
    request_body = HolidayImportInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the changes an import would make", body = HolidayDiff),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "no file or address, not a calendar, too large, or the address unreachable", body = ErrorBody)
    )
)]
/// `POST /api/v1/calendar/holidays/import/preview` `{ics | url}`
pub async fn import_preview(
    State(state): State<AppState>,
    Admin(_user): Admin,
    JsonBody(input): JsonBody<HolidayImportInput>,
) -> ApiResult<Json<HolidayDiff>> {
    Ok(Json(import_diff(&state, &input).await?.1))
}

#[utoipa::path(
    post,
    path = "/api/v1/calendar/holidays/import",
    tag = "calendar",
    summary = "Import holidays from an iCalendar file or address: adds and renames, and removes the days it lacks when asked",
    request_body = HolidayImportInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "what was changed", body = HolidayDiff),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "no file or address, not a calendar, too large, or the address unreachable", body = ErrorBody)
    )
)]
/// `POST /api/v1/calendar/holidays/import` `{ics | url, remove_missing}`: one transaction.
pub async fn import(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<HolidayImportInput>,
) -> ApiResult<Json<HolidayDiff>> {
    let (_, mut diff) = import_diff(&state, &input).await?;
    let upserts: Vec<Holiday> = diff
        .add
        .iter()
        .map(|a| Holiday { date: a.date, name_ko: a.name.clone(), name_en: String::new() })
        .chain(diff.rename.iter().map(|r| Holiday { date: r.date, name_ko: r.to.clone(), name_en: String::new() }))
        .collect();
    let removals: Vec<chrono::NaiveDate> =
        if input.remove_missing { diff.missing.iter().map(|m| m.date).collect() } else { Vec::new() };
    state.store.import_holidays(&upserts, &removals).await?;
    diff.missing_removed = input.remove_missing;
    tracing::info!(
        by = %user.username, added = diff.add.len(), renamed = diff.rename.len(), removed = removals.len(),
        "holidays imported"
    );
    let after = serde_json::json!({
        "years": [diff.first_year, diff.last_year],
        "added": diff.add.len(), "renamed": diff.rename.len(), "removed": removals.len(),
        "source": input.url.as_deref().map_or("file", |_| "url"),
    });
    let target = format!("holidays:{}-{}", diff.first_year, diff.last_year);
    trail::audit(&state, &user.username, &address, AuditAction::HolidaysImported, target, None, Some(after)).await?;
    Ok(Json(diff))
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

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(show))
        .routes(utoipa_axum::routes!(holidays, put_holiday))
        .routes(utoipa_axum::routes!(delete_holiday))
        .routes(utoipa_axum::routes!(import_preview))
        .routes(utoipa_axum::routes!(import))
        .routes(utoipa_axum::routes!(policies))
        .routes(utoipa_axum::routes!(procedure))
        .routes(utoipa_axum::routes!(put_policy))
}
