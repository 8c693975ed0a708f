//! Material requests: the handling department asks another one (`POST …/materials`), the
//! asked department sees it in its queue (`GET /api/v1/materials`) and replies
//! (`POST /api/v1/materials/{id}/answer`). Staff of other departments get 404, as for cases.

use super::json::Path;
use app::api::ErrorBody;
use app::api::{MaterialAnswerInput, MaterialView, StaffCaseView};
use app::domain::{
    CaseAction, FieldError, FieldErrors, MaterialInput, Role, mask_personal_data, reply_text, seoul_midnight, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};

use super::JsonBody;
use super::cases::{department_scope, require};
use super::handling::active_department;
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::store::{MaterialRecord, User};
use crate::workflow::{self, Step};

/// How long answered requests stay in the asked department's queue.
const ANSWERED_SHOWN_DAYS: i64 = 30;

pub fn material_view(m: MaterialRecord, now: DateTime<Utc>) -> MaterialView {
    MaterialView {
        id: m.id,
        case_id: m.case_id,
        receipt_no: m.receipt_no,
        kind: m.kind,
        facility: m.facility_name,
        from_department: m.from_department,
        department_id: m.department_id,
        department_name: m.department_name,
        // Whatever in the question looks like a phone number, e-mail address or resident
        // number is masked: the asked department needs the question, not the person.
        question: mask_personal_data(&m.question, &[]),
        requested_by: m.requested_by,
        requested_at: to_seoul(m.requested_at),
        overdue: m.answered_at.is_none() && m.due_at < now,
        due_at: to_seoul(m.due_at),
        answer: m.answer,
        answered_by: m.answered_by,
        answered_at: m.answered_at.map(to_seoul),
    }
}

/// Whether `user` answers for the asked department of `m`.
fn answers_for(user: &User, m: &MaterialRecord) -> bool {
    user.role.routes()
        || (matches!(user.role, Role::Handler | Role::DepartmentHead) && user.department_id == Some(m.department_id))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/materials",
    tag = "materials",
    summary = "Ask another department for material (handlers and heads of the case's department, the VOC manager)",
    params(("id" = i64, Path)),
    request_body = MaterialInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the case with its material requests", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or not visible to this user", body = ErrorBody),
        (status = 409, description = "the case is closed or withdrawn", body = ErrorBody),
        (status = 422, description = "refused fields: department (required, unknown_department, same_department), question, due_date (invalid_date, date_in_past)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/materials` `{department, question, due_date?}`: asks another
/// department; due at the close of `due_date`, or one business day from now.
pub async fn request(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<MaterialInput>,
) -> ApiResult<(StatusCode, Json<StaffCaseView>)> {
    let step = Step::begin(&state, &user, id, CaseAction::RequestMaterial).await?;
    let case_department = step.case.department_id;
    let now = state.now();
    let today = to_seoul(now).date_naive();
    let mut errs = FieldErrors::default();
    let valid = input.validate(today).map_err(|e| errs = e).ok();
    let department = if errs.get("department").is_some() {
        None
    } else {
        match active_department(&state, &input.department).await? {
            None => {
                errs.add("department", FieldError::UnknownDepartment);
                None
            }
            Some(d) if Some(d.id) == case_department => {
                errs.add("department", FieldError::SameDepartment);
                None
            }
            Some(d) => Some(d),
        }
    };
    let calendar = state.store.calendar().await?;
    let due_at = match valid.as_ref().and_then(|v| v.due_date) {
        None => calendar.add(now, calendar.hours().day_seconds()),
        Some(date) => {
            let due = seoul_midnight(date) + chrono::Duration::seconds(i64::from(calendar.hours().close));
            if due <= now {
                errs.add("due_date", FieldError::DateInPast);
            }
            due
        }
    };
    let (Some(valid), Some(department), true) = (valid, department, errs.is_empty()) else {
        return Err(ApiError::Validation(errs));
    };
    let (change, m) = workflow::request_material(step, &department, &valid.question, due_at).await?;
    crate::events::publish_material(&state, m.department_id).await;
    Ok((StatusCode::CREATED, super::handling::reply(&state, &user, change).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/materials",
    tag = "materials",
    summary = "Material requests to the user's department (all departments for the VOC manager, administrators, executives): unanswered first, then those answered in the last 30 days",
    security(("session" = [])),
    responses(
        (status = 200, description = "the requests", body = Vec<MaterialView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role has no queue", body = ErrorBody)
    )
)]
/// `GET /api/v1/materials`: requests to the user's department (every department for the
/// VOC manager, administrators and executives): the unanswered ones, then those answered in
/// the last 30 days.
pub async fn queue(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<Vec<MaterialView>>> {
    let department = department_scope(&user)?;
    let now = state.now();
    let since = now - chrono::Duration::days(ANSWERED_SHOWN_DAYS);
    let list = state.store.department_materials(department, since).await?;
    Ok(Json(list.into_iter().map(|m| material_view(m, now)).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/materials/{id}/answer",
    tag = "materials",
    summary = "The asked department's reply, once",
    params(("id" = i64, Path)),
    request_body = MaterialAnswerInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the answered request", body = MaterialView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not (executives)", body = ErrorBody),
        (status = 404, description = "no such request, or asked of another department", body = ErrorBody),
        (status = 409, description = "already answered (material_answered)", body = ErrorBody),
        (status = 422, description = "refused fields: answer", body = ErrorBody)
    )
)]
/// `POST /api/v1/materials/{id}/answer` `{answer}`: the asked department's reply, once.
pub async fn answer(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<MaterialAnswerInput>,
) -> ApiResult<Json<MaterialView>> {
    let m = state.store.material(id).await?.filter(|m| answers_for(&user, m) || user.role.sees_all());
    let m = m.ok_or(ApiError::NotFound)?;
    require(answers_for(&user, &m))?;
    let answer = reply_text(&input.answer).map_err(|e| {
        let mut errs = FieldErrors::default();
        errs.add("answer", e);
        ApiError::Validation(errs)
    })?;
    let (change, m) = workflow::answer_material(&state, &user, &m, &answer).await?;
    crate::events::publish_material(&state, m.department_id).await;
    change.publish(&state).await;
    Ok(Json(material_view(m, state.now())))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(request))
        .routes(utoipa_axum::routes!(queue))
        .routes(utoipa_axum::routes!(answer))
}
