//! The officers' lifecycle steps: routing, assignment, drafts and approval, reopening,
//! internal notes, and the case history. Every step checks role and visibility on the server.

use app::api::{AssignInput, HistoryEntry, RouteInput, StaffCaseView, TextInput};
use app::domain::{AnswerInput, CaseStatus, FieldError, FieldErrors, Role};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::JsonBody;
use super::cases::{history_view, require, staff_reply, visible_case};
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};

fn text(field: &str, v: &str, required: bool) -> ApiResult<String> {
    let t = v.trim();
    let mut errs = FieldErrors::default();
    if required && t.is_empty() {
        errs.add(field, FieldError::Required);
    } else if t.chars().count() > 2000 {
        errs.add(field, FieldError::TooLong { max: 2000 });
    }
    if errs.is_empty() { Ok(t.to_owned()) } else { Err(ApiError::Validation(errs)) }
}

/// An id given as a number or a numeric string.
fn id_of(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// The active department named by id (number or numeric string) or code, as the forms and
/// the API send it.
pub async fn active_department(state: &AppState, v: &serde_json::Value) -> ApiResult<Option<crate::store::Department>> {
    let code = v.as_str().map(str::trim);
    Ok(state
        .store
        .departments()
        .await?
        .into_iter()
        .find(|d| d.active && (Some(d.id) == id_of(v) || code == Some(d.code.as_str()))))
}

/// `POST /api/v1/cases/{id}/route` `{department, reason}`: designate or transfer.
pub async fn route(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<RouteInput>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.routes())?;
    let department = active_department(&state, &input.department).await?.ok_or_else(|| {
        let mut e = FieldErrors::default();
        e.add("department", FieldError::UnknownDepartment);
        ApiError::Validation(e)
    })?;
    let reason = text("reason", &input.reason, false)?;
    let case = state.store.route_case(id, department.id, &reason, &user, state.now()).await?;
    tracing::info!(receipt_no = %case.receipt_no, department = %department.name, by = %user.username, "case routed");
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/assign` `{user}`: a handler of the case's department.
pub async fn assign(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AssignInput>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(matches!(user.role, Role::Admin | Role::VocManager | Role::DepartmentHead))?;
    let unknown = || {
        let mut e = FieldErrors::default();
        e.add("user", FieldError::UnknownUser);
        ApiError::Validation(e)
    };
    let assignee = match id_of(&input.user) {
        Some(uid) => state.store.user_by_id(uid).await?.ok_or_else(unknown)?,
        None => {
            let name = input.user.as_str().unwrap_or_default().trim().to_owned();
            state.store.users().await?.into_iter().find(|u| u.username == name).ok_or_else(unknown)?
        }
    };
    if !assignee.role.works_cases() {
        return Err(unknown());
    }
    let case = state.store.assign_case(id, &assignee, &user, state.now()).await?;
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/draft` `{decision, result, basis, appeal}`: the handler's answer
/// goes to the department head.
pub async fn draft(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let case = visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    if case.department_id.is_none() {
        // Nobody could approve it: route first.
        return Err(ApiError::Store(crate::store::StoreError::InvalidTransition {
            from: case.status,
            to: CaseStatus::AwaitingApproval,
        }));
    }
    let (decision, valid) = input.validate_with_decision().map_err(ApiError::Validation)?;
    let case = state.store.draft_answer(id, decision, &valid, &user, state.now()).await?;
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/approve` `{note?}`: the head approves; the case closes and the
/// result notice is due.
pub async fn approve(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.approves())?;
    // The body is optional: an approval needs no words.
    let input: TextInput = if body.iter().all(u8::is_ascii_whitespace) {
        TextInput::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::MalformedBody(e.to_string()))?
    };
    let note = text("note", &input.note, false)?;
    let case = state.store.review_answer(id, true, &note, &user, state.now()).await?;
    tracing::info!(receipt_no = %case.receipt_no, by = %user.username, "answer approved; case closed");
    state.publish("closed", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/return` `{reason}`: back to the handler with the head's note.
pub async fn return_draft(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.approves())?;
    let note = text("reason", &input.note, true)?;
    let case = state.store.review_answer(id, false, &note, &user, state.now()).await?;
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/reopen` `{reason}`: re-investigation by the VOC manager.
pub async fn reopen(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.reopens())?;
    let reason = text("reason", &input.note, true)?;
    let case = state.store.reopen_case(id, &reason, &user, state.now()).await?;
    state.publish("created", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `POST /api/v1/cases/{id}/notes` `{body}`: an internal note, never shown to the complainant.
pub async fn add_note(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<(StatusCode, Json<StaffCaseView>)> {
    let case = visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    let body = text("body", &input.note, true)?;
    state.store.add_note(id, &body, &user, state.now()).await?;
    Ok((StatusCode::CREATED, staff_reply(&state, &case, &user).await?))
}

/// `POST /api/v1/cases/{id}/unreachable` `{note}`: the complainant's contact data are
/// unusable. A paused case resumes (waiting for someone who cannot be reached is pointless);
/// once the deadline passes, the job in `jobs.rs` closes it as deemed withdrawn.
pub async fn mark_unreachable(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let case = visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    let note = text("note", &input.note, true)?;
    if case.status == CaseStatus::Paused {
        let calendar = state.store.calendar().await?;
        state.store.resume_case(id, &user, state.now(), &calendar).await?;
    }
    let case = state.store.set_unreachable(id, Some(&note), &user, state.now()).await?;
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `DELETE /api/v1/cases/{id}/unreachable`: contact is back; the case is no longer deemed
/// withdrawn at its deadline.
pub async fn clear_unreachable(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    let case = state.store.set_unreachable(id, None, &user, state.now()).await?;
    state.publish("updated", &case).await;
    staff_reply(&state, &case, &user).await
}

/// `GET /api/v1/cases/{id}/history`: who did what, when, from what to what.
pub async fn history(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<HistoryEntry>>> {
    visible_case(&state, &user, id).await?;
    Ok(Json(state.store.history(id).await?.into_iter().map(history_view).collect()))
}

/// `POST /api/v1/cases/{id}/close` `{reason, note}`: the VOC manager closes a case that is
/// not a complaint (private-law claim, court or investigation, identity unverified, false).
pub async fn close_not_complaint(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::api::CloseInput>,
) -> ApiResult<Json<StaffCaseView>> {
    visible_case(&state, &user, id).await?;
    require(user.role.reopens())?;
    let mut errs = FieldErrors::default();
    let reason = errs.take("reason", input.reason.parse::<app::domain::NotComplaintReason>());
    let note = input.note.trim();
    if note.is_empty() {
        errs.add("note", FieldError::Required);
    }
    let Some(reason) = reason.filter(|_| errs.is_empty()) else { return Err(ApiError::Validation(errs)) };
    let case = state.store.close_not_complaint(id, reason.as_str(), note, &user, state.now()).await?;
    state.publish("closed", &case).await;
    staff_reply(&state, &case, &user).await
}
