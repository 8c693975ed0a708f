//! Training records (교육관리): the year's courses, sessions, staff and requirements for those
//! who read them (everyone's, or a head their own department's); who is overdue; and courses
//! and sessions kept by the VOC office (the VOC manager and administrators), each change in the
//! audit log.

use app::api::{CourseView, ErrorBody, SessionView, TrainingOverdue, TrainingOverview};
use app::domain::{AuditAction, CourseInput, FieldError, FieldErrors, SessionInput, TrainingState};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;

use super::JsonBody;
use super::cases::require;
use super::json::{Path, Query};
use super::kpi::YearQuery;
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{SessionRefusal, User};
use crate::trail;

fn today(state: &AppState) -> NaiveDate {
    app::domain::to_seoul(state.now()).date_naive()
}

/// Whose records the reader sees: everyone's, or a head's own department's.
fn scope(user: &User) -> ApiResult<Option<i64>> {
    require(user.role.reads_training())?;
    if user.role.sees_all() {
        Ok(None)
    } else {
        // A head of no department reads no one's records.
        Ok(Some(user.department_id.unwrap_or(0)))
    }
}

fn refused(field: &str, e: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add(field, e);
    ApiError::Validation(errs)
}

#[utoipa::path(
    get,
    path = "/api/v1/training",
    tag = "training",
    summary = "A year's training records: courses, sessions with attendance, staff, and every requirement (mandatory courses per role, CS referrals from cases) with its state, and completion per department — a department head's own department only",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "the records", body = TrainingOverview),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not a year from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/training?year=2026`
pub async fn overview(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<TrainingOverview>> {
    let department = scope(&user)?;
    let year = super::kpi::year_of(&state, q.year.as_deref())?;
    let o =
        crate::training::overview(state.store.as_ref(), year, today(&state), department, user.role.manages_training())
            .await?;
    Ok(Json(o))
}

#[utoipa::path(
    get,
    path = "/api/v1/training/overdue",
    tag = "training",
    summary = "Who is overdue with their training in a year: mandatory courses past their day and CS referrals past 90 days, longest overdue first — a department head's own department only",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "the overdue requirements", body = TrainingOverdue),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, a department head or an administrator", body = ErrorBody),
        (status = 422, description = "the year is not a year from 2000 to next year", body = ErrorBody)
    )
)]
/// `GET /api/v1/training/overdue?year=2026`
pub async fn overdue(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<TrainingOverdue>> {
    let department = scope(&user)?;
    let year = super::kpi::year_of(&state, q.year.as_deref())?;
    let as_of = today(&state);
    let facts = state.store.training_facts().await?;
    let (all, _) = crate::training::dues(&facts, year, as_of, department);
    let items = all.into_iter().filter(|d| d.state == TrainingState::Overdue).collect();
    Ok(Json(TrainingOverdue { year, as_of, items }))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/courses",
    tag = "training",
    summary = "Add a training course: title, kind (cs, privacy, voc_handling, other), hours, the roles that must complete it every year and the day (MM-DD) it is due by",
    request_body = CourseInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "added", body = CourseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/training/courses`
pub async fn create_course(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<CourseInput>,
) -> ApiResult<(axum::http::StatusCode, Json<CourseView>)> {
    require(user.role.manages_training())?;
    let course = input.validate().map_err(ApiError::Validation)?;
    let saved = crate::training::course_view(&state.store.save_course(None, &course, &user, state.now()).await?);
    audit_course(&state, &user, &address, None, &saved).await?;
    Ok((axum::http::StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(
    put,
    path = "/api/v1/training/courses/{id}",
    tag = "training",
    summary = "Change a training course (a retired one, active false, is required of no one and keeps its sessions)",
    params(("id" = i64, Path)),
    request_body = CourseInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "changed", body = CourseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such course", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `PUT /api/v1/training/courses/{id}`
pub async fn update_course(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CourseInput>,
) -> ApiResult<Json<CourseView>> {
    require(user.role.manages_training())?;
    let course = input.validate().map_err(ApiError::Validation)?;
    let before = state.store.training_courses().await?.into_iter().find(|c| c.id == id).ok_or(ApiError::NotFound)?;
    let saved = crate::training::course_view(&state.store.save_course(Some(id), &course, &user, state.now()).await?);
    audit_course(&state, &user, &address, Some(&crate::training::course_view(&before)), &saved).await?;
    Ok(Json(saved))
}

async fn audit_course(
    state: &AppState,
    user: &User,
    address: &str,
    before: Option<&CourseView>,
    after: &CourseView,
) -> ApiResult<()> {
    tracing::info!(by = %user.username, course = after.id, "training course saved");
    trail::audit(
        state,
        &user.username,
        address,
        AuditAction::TrainingCourseSaved,
        format!("training_course:{}", after.id),
        before.and_then(|b| serde_json::to_value(b).ok()),
        serde_json::to_value(after).ok(),
    )
    .await?;
    Ok(())
}

async fn save_session(
    state: &AppState,
    user: &User,
    address: &str,
    id: Option<i64>,
    input: &SessionInput,
) -> ApiResult<SessionView> {
    require(user.role.manages_training())?;
    let session = input.validate(today(state)).map_err(ApiError::Validation)?;
    let saved = match state.store.save_session(id, &session, user, state.now()).await? {
        Ok(s) => s,
        Err(SessionRefusal::UnknownCourse) => return Err(refused("course_id", FieldError::UnknownCourse)),
        Err(SessionRefusal::UnknownUser) => return Err(refused("attendees", FieldError::UnknownUser)),
    };
    let courses = state.store.training_courses().await?;
    let view = crate::training::session_view(&saved, &courses);
    tracing::info!(by = %user.username, session = view.id, attendees = view.attendees.len(), "training session saved");
    trail::audit(
        state,
        &user.username,
        address,
        AuditAction::TrainingSessionSaved,
        format!("training_session:{}", view.id),
        None,
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok(view)
}

#[utoipa::path(
    post,
    path = "/api/v1/training/sessions",
    tag = "training",
    summary = "Record a session of a course held on a day (today or earlier) and the staff (user ids) who attended; attending fulfils the year's mandatory course and, for a CS course, any earlier CS referral",
    request_body = SessionInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "recorded", body = SessionView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields: an unknown course or attendee, a day to come", body = ErrorBody)
    )
)]
/// `POST /api/v1/training/sessions`
pub async fn create_session(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<SessionInput>,
) -> ApiResult<(axum::http::StatusCode, Json<SessionView>)> {
    let view = save_session(&state, &user, &address, None, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    put,
    path = "/api/v1/training/sessions/{id}",
    tag = "training",
    summary = "Correct a recorded session: its course, day, place and attendance (replaced as a whole)",
    params(("id" = i64, Path)),
    request_body = SessionInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "corrected", body = SessionView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such session", body = ErrorBody),
        (status = 422, description = "refused fields: an unknown course or attendee, a day to come", body = ErrorBody)
    )
)]
/// `PUT /api/v1/training/sessions/{id}`
pub async fn update_session(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<SessionInput>,
) -> ApiResult<Json<SessionView>> {
    Ok(Json(save_session(&state, &user, &address, Some(id), &input).await?))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(overview))
        .routes(utoipa_axum::routes!(overdue))
        .routes(utoipa_axum::routes!(create_course))
        .routes(utoipa_axum::routes!(update_course))
        .routes(utoipa_axum::routes!(create_session))
        .routes(utoipa_axum::routes!(update_session))
}
