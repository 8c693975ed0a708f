//! The quarterly CCMS evaluation (KGS ch. 5 4): the VOC office opens a department's quarter
//! (prefilled with its figures), scores and comments it, writes the improvement plan and
//! submits it; the department's head acknowledges it. Readers: those who see every case, and a
//! head their own department's. Each step is in the audit log.

use app::api::{ErrorBody, EvaluationList, EvaluationView};
use app::domain::{
    AcknowledgeInput, AuditAction, EvaluationInput, EvaluationState, FieldError, FieldErrors, OpenEvaluationInput,
    previous_quarter, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::JsonBody;
use super::cases::require;
use super::json::{Path, Query};
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{EvaluationRecord, StoreError, User};
use crate::trail;

/// Whose evaluations the reader sees: every department's, or a head's own.
fn scope(user: &User) -> ApiResult<Option<i64>> {
    require(user.role.reads_training())?;
    Ok(if user.role.sees_all() { None } else { Some(user.department_id.unwrap_or(0)) })
}

/// The evaluation, when the reader may see it (404 otherwise: a head does not learn of others').
async fn readable(state: &AppState, user: &User, id: i64) -> ApiResult<EvaluationRecord> {
    let department = scope(user)?;
    let e = state.store.evaluation(id).await?.ok_or(ApiError::NotFound)?;
    if department.is_some_and(|d| d != e.department_id) {
        return Err(ApiError::NotFound);
    }
    Ok(e)
}

async fn audit(state: &AppState, user: &User, address: &str, action: AuditAction, e: &EvaluationView) -> ApiResult<()> {
    tracing::info!(by = %user.username, evaluation = e.id, state = %e.state, "evaluation step");
    trail::audit(
        state,
        &user.username,
        address,
        action,
        format!("evaluation:{}", e.id),
        None,
        serde_json::to_value(e).ok(),
    )
    .await?;
    Ok(())
}

async fn reread(state: &AppState, user: &User, id: i64) -> ApiResult<EvaluationView> {
    let e = state.store.evaluation(id).await?.ok_or(ApiError::NotFound)?;
    Ok(crate::evaluations::view(&e, user))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluationFilter {
    /// One year's; every year's when absent.
    #[serde(default)]
    #[param(minimum = 2000, maximum = 9999)]
    year: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/evaluations",
    tag = "evaluations",
    summary = "The quarterly CCMS evaluations in the reader's scope (a department head's own department), newest quarter first, with the quarter evaluated now",
    params(EvaluationFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the evaluations", body = EvaluationList),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not from 2000 to 9999", body = ErrorBody)
    )
)]
/// `GET /api/v1/evaluations?year=2026`
pub async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(f): Query<EvaluationFilter>,
) -> ApiResult<Json<EvaluationList>> {
    let department = scope(&user)?;
    if f.year.is_some_and(|y| !(app::domain::EVALUATION_FIRST_YEAR..=9999).contains(&y)) {
        let mut errs = FieldErrors::default();
        errs.add("year", FieldError::YearOutOfRange { first: app::domain::EVALUATION_FIRST_YEAR, last: 9999 });
        return Err(ApiError::Validation(errs));
    }
    let items = state.store.evaluations(f.year, department).await?;
    let (due_year, due_quarter) = previous_quarter(to_seoul(state.now()).date_naive());
    Ok(Json(EvaluationList {
        items: items.iter().map(|e| crate::evaluations::view(e, &user)).collect(),
        can_open: user.role.evaluates(),
        due_year,
        due_quarter,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/evaluations",
    tag = "evaluations",
    summary = "Open a department's evaluation of a quarter that has ended, prefilled with the quarter's figures (VOC manager, administrators)",
    request_body = OpenEvaluationInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "opened", body = EvaluationView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 409, description = "`evaluation_exists`: the department's quarter has one", body = ErrorBody),
        (status = 422, description = "an unknown department, a quarter not yet ended, a year out of range", body = ErrorBody)
    )
)]
/// `POST /api/v1/evaluations` `{department_id, year, quarter}`
pub async fn open(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<OpenEvaluationInput>,
) -> ApiResult<(StatusCode, Json<EvaluationView>)> {
    require(user.role.evaluates())?;
    let now = state.now();
    input.validate(to_seoul(now).date_naive()).map_err(ApiError::Validation)?;
    let figures =
        crate::evaluations::figures(state.store.as_ref(), input.department_id, input.year, input.quarter, now).await?;
    let figures = serde_json::to_string(&figures).map_err(|_| ApiError::Internal)?;
    let id =
        match state.store.open_evaluation(input.department_id, input.year, input.quarter, &figures, &user, now).await {
            Err(StoreError::AlreadyExists) => return Err(ApiError::EvaluationExists),
            Err(StoreError::UnknownDepartment) => {
                let mut errs = FieldErrors::default();
                errs.add("department_id", FieldError::UnknownDepartment);
                return Err(ApiError::Validation(errs));
            }
            r => r?,
        };
    let view = reread(&state, &user, id).await?;
    audit(&state, &user, &address, AuditAction::EvaluationOpened, &view).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get,
    path = "/api/v1/evaluations/{id}",
    tag = "evaluations",
    summary = "One evaluation, with what the reader may do with it",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the evaluation", body = EvaluationView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 404, description = "no such evaluation in the reader's scope", body = ErrorBody)
    )
)]
/// `GET /api/v1/evaluations/{id}`
pub async fn show(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<EvaluationView>> {
    let e = readable(&state, &user, id).await?;
    Ok(Json(crate::evaluations::view(&e, &user)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SaveMode {
    /// `true`: save and submit to the department's head (every item scored, the plan written).
    #[serde(default)]
    submit: Option<bool>,
}

#[utoipa::path(
    put,
    path = "/api/v1/evaluations/{id}",
    tag = "evaluations",
    summary = "Save a draft evaluation's scores (item → 1–5), comments, summary and improvement plan; with submit=true, also submit it to the department's head",
    params(("id" = i64, Path), SaveMode),
    request_body = EvaluationInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "saved (and submitted)", body = EvaluationView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such evaluation", body = ErrorBody),
        (status = 409, description = "`evaluation_not_at_step`: already submitted", body = ErrorBody),
        (status = 422, description = "an unknown item, a score out of 1–5, text too long; to submit, a missing score or plan", body = ErrorBody)
    )
)]
/// `PUT /api/v1/evaluations/{id}?submit=true`
pub async fn save(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    Query(mode): Query<SaveMode>,
    JsonBody(input): JsonBody<EvaluationInput>,
) -> ApiResult<Json<EvaluationView>> {
    require(user.role.evaluates())?;
    let e = readable(&state, &user, id).await?;
    if e.state != EvaluationState::Draft {
        return Err(ApiError::EvaluationNotAtStep { state: e.state });
    }
    let content = input.validate().map_err(ApiError::Validation)?;
    let submit = mode.submit.unwrap_or(false);
    let now = state.now();
    if submit {
        content.complete().map_err(ApiError::Validation)?;
    }
    let written = state.store.save_evaluation(id, &content, submit, &user, now).await?;
    let view = reread(&state, &user, id).await?;
    if !written {
        return Err(ApiError::EvaluationNotAtStep { state: view.state });
    }
    let action = if submit { AuditAction::EvaluationSubmitted } else { AuditAction::EvaluationSaved };
    audit(&state, &user, &address, action, &view).await?;
    Ok(Json(view))
}

#[utoipa::path(
    post,
    path = "/api/v1/evaluations/{id}/acknowledge",
    tag = "evaluations",
    summary = "The department's head acknowledges a submitted evaluation, with an optional note (administrators may too)",
    params(("id" = i64, Path)),
    request_body = AcknowledgeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "acknowledged", body = EvaluationView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the department's head or an administrator", body = ErrorBody),
        (status = 404, description = "no such evaluation in the reader's scope", body = ErrorBody),
        (status = 409, description = "`evaluation_not_at_step`: not submitted yet, or already acknowledged", body = ErrorBody),
        (status = 422, description = "the note is too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/evaluations/{id}/acknowledge` `{note}`
pub async fn acknowledge(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AcknowledgeInput>,
) -> ApiResult<Json<EvaluationView>> {
    let e = readable(&state, &user, id).await?;
    let note = input.validate().map_err(ApiError::Validation)?;
    if e.state != EvaluationState::Submitted {
        return Err(ApiError::EvaluationNotAtStep { state: e.state });
    }
    require(app::domain::evaluation_actions(user.role, user.department_id, e.department_id, e.state).acknowledge)?;
    let written = state.store.acknowledge_evaluation(id, note.as_deref(), &user, state.now()).await?;
    let view = reread(&state, &user, id).await?;
    if !written {
        return Err(ApiError::EvaluationNotAtStep { state: view.state });
    }
    audit(&state, &user, &address, AuditAction::EvaluationAcknowledged, &view).await?;
    Ok(Json(view))
}

fn file(kind: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, super::uploads::content_disposition("attachment", name)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn file_stem(v: &EvaluationView) -> String {
    format!("ccms-evaluation-{}-q{}-{}", v.year, v.quarter, v.department_id)
}

#[utoipa::path(
    get,
    path = "/api/v1/evaluations/{id}/evaluation.xlsx",
    tag = "evaluations",
    summary = "The evaluation as an XLSX workbook: figures, items, summary, plan and acknowledgement",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 404, description = "no such evaluation in the reader's scope", body = ErrorBody)
    )
)]
/// `GET /api/v1/evaluations/{id}/evaluation.xlsx`
pub async fn xlsx(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>) -> ApiResult<Response> {
    let v = crate::evaluations::view(&readable(&state, &user, id).await?, &user);
    let body = crate::evaluations::xlsx(&v).map_err(|e| ApiError::Export(e.to_string()))?;
    Ok(file(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{}.xlsx", file_stem(&v)),
        body,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/evaluations/{id}/evaluation.pdf",
    tag = "evaluations",
    summary = "The evaluation as an A4 PDF for the record, the Korean as text",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the PDF", content_type = "application/pdf", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 404, description = "no such evaluation in the reader's scope", body = ErrorBody),
        (status = 503, description = "`letter_unavailable`: the font is not installed", body = ErrorBody)
    )
)]
/// `GET /api/v1/evaluations/{id}/evaluation.pdf`
pub async fn pdf(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>) -> ApiResult<Response> {
    let v = crate::evaluations::view(&readable(&state, &user, id).await?, &user);
    let letters = state.letters.clone();
    let (blocks, title) = (crate::evaluations::blocks(&v, &letters.organisation), crate::evaluations::title(&v));
    let body = tokio::task::spawn_blocking(move || {
        let font = letters.font().map_err(ApiError::LetterUnavailable)?;
        crate::letter::render_blocks(blocks, &title, font).map_err(ApiError::Export)
    })
    .await
    .map_err(|_| ApiError::Internal)??;
    Ok(file("application/pdf", &format!("{}.pdf", file_stem(&v)), body))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, open))
        .routes(utoipa_axum::routes!(show, save))
        .routes(utoipa_axum::routes!(acknowledge))
        .routes(utoipa_axum::routes!(xlsx))
        .routes(utoipa_axum::routes!(pdf))
}
