//! The officers' lifecycle steps over HTTP: routing, assignment, drafts and approval,
//! reopening, internal notes, and the case history. Each handler begins the step (visibility
//! and permission, in `workflow`), parses the body, runs the step and publishes its change.

use super::json::Path;
use app::api::ErrorBody;
use app::api::{AssignInput, HistoryEntry, RouteInput, StaffCaseView, TextInput};
use app::domain::{AnswerInput, CaseAction, FieldError, FieldErrors};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::JsonBody;
use super::cases::{history_view, staff_reply, visible_case};
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::store::User;
use crate::workflow::{self, Change, Step};

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

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/route",
    tag = "handling",
    summary = "Designate or transfer the handling department (VOC manager)",
    params(("id" = i64, Path)),
    request_body = RouteInput,
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/route` `{department, reason}`: designate or transfer.
pub async fn route(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<RouteInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Route).await?;
    let department = active_department(&state, &input.department).await?.ok_or_else(|| {
        let mut e = FieldErrors::default();
        e.add("department", FieldError::UnknownDepartment);
        ApiError::Validation(e)
    })?;
    let reason = text("reason", &input.reason, false)?;
    reply(&state, &user, workflow::route(step, &department, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/assign",
    tag = "handling",
    summary = "Assign a handler of the case's department (head, VOC manager)",
    params(("id" = i64, Path)),
    request_body = AssignInput,
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/assign` `{user}`: a handler of the case's department, by id or
/// login id.
pub async fn assign(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AssignInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Assign).await?;
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
    reply(&state, &user, workflow::assign(step, &assignee).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/draft",
    tag = "handling",
    summary = "Draft the answer with the decision; the case awaits the head's approval",
    params(("id" = i64, Path)),
    request_body = AnswerInput,
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/draft` `{decision, result, basis, appeal}`: the handler's answer
/// goes to the department head.
pub async fn draft(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Draft).await?;
    let (decision, valid) = input.validate_with_decision().map_err(ApiError::Validation)?;
    reply(&state, &user, workflow::draft(step, decision, &valid).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/approve",
    tag = "handling",
    summary = "Approve the draft (department head): the case closes",
    params(("id" = i64, Path)),
    request_body(content = Option<TextInput>, description = "an optional note; the body may be empty"),
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/approve` `{note?}`: the head approves; the case closes and the
/// result notice is due.
pub async fn approve(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Approve).await?;
    // The body is optional: an approval needs no words. Empty or `null` (as the document
    // says, and as the typed client sends `None`) is no note.
    let input: Option<TextInput> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::MalformedBody(e.to_string()))?
    };
    let input = input.unwrap_or_default();
    let note = text("note", &input.note, false)?;
    reply(&state, &user, workflow::approve(step, &note).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/return",
    tag = "handling",
    summary = "Return the draft to the handler with a reason (department head)",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/return` `{reason}`: back to the handler with the head's note.
pub async fn return_draft(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Approve).await?;
    let reason = text("reason", &input.note, true)?;
    reply(&state, &user, workflow::return_draft(step, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/reopen",
    tag = "handling",
    summary = "Send a closed case back for re-investigation (VOC manager)",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(super::doc::CaseStepAnswers)
)]
/// `POST /api/v1/cases/{id}/reopen` `{reason}`: re-investigation by the VOC manager.
pub async fn reopen(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Reopen).await?;
    let reason = text("reason", &input.note, true)?;
    reply(&state, &user, workflow::reopen(step, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/notes",
    tag = "handling",
    summary = "Add an internal note",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the case", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or not visible to this user", body = ErrorBody),
        (status = 409, description = "not possible in the current status", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/notes` `{body}`: an internal note, never shown to the complainant.
pub async fn add_note(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<(StatusCode, Json<StaffCaseView>)> {
    let step = Step::begin(&state, &user, id, CaseAction::Note).await?;
    let body = text("body", &input.note, true)?;
    Ok((StatusCode::CREATED, reply(&state, &user, workflow::add_note(step, &body).await?).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/unreachable",
    tag = "handling",
    summary = "Record that the complainant cannot be reached (a paused case resumes); once its deadline passes the case is closed as deemed withdrawn",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or not visible to this user", body = ErrorBody),
        (status = 409, description = "the case is closed or withdrawn", body = ErrorBody),
        (status = 422, description = "refused fields: note", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/unreachable` `{note}`: the complainant's contact data are
/// unusable. A paused case resumes in the same transaction (waiting for someone who cannot be
/// reached is pointless); once the deadline passes, the job in `jobs.rs` closes it as deemed
/// withdrawn.
pub async fn mark_unreachable(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Unreachable).await?;
    let note = text("note", &input.note, true)?;
    reply(&state, &user, workflow::set_unreachable(step, Some(&note)).await?).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/cases/{id}/unreachable",
    tag = "handling",
    summary = "Contact is back: the case is no longer deemed withdrawn at its deadline",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the case", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or not visible to this user", body = ErrorBody),
        (status = 409, description = "the case is closed or withdrawn", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/cases/{id}/unreachable`: contact is back; the case is no longer deemed
/// withdrawn at its deadline.
pub async fn clear_unreachable(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Unreachable).await?;
    reply(&state, &user, workflow::set_unreachable(step, None).await?).await
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/history",
    tag = "handling",
    summary = "The case's history: who, when, what, before and after",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "entries, oldest first", body = Vec<HistoryEntry>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{id}/history`: who did what, when, from what to what.
pub async fn history(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<HistoryEntry>>> {
    visible_case(&state, &user, id).await?;
    Ok(Json(state.store.history(id).await?.into_iter().map(history_view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/close",
    tag = "handling",
    summary = "Close as not a complaint, with the reason (VOC manager)",
    params(("id" = i64, Path)),
    request_body = app::api::CloseInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "closed", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager", body = ErrorBody),
        (status = 404, description = "no such case", body = ErrorBody),
        (status = 409, description = "not possible in the current status", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/close` `{reason, note}`: the VOC manager closes a case that is
/// not a complaint (private-law claim, court or investigation, identity unverified, false).
pub async fn close_not_complaint(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::api::CloseInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::CloseNotComplaint).await?;
    let mut errs = FieldErrors::default();
    let reason = errs.take("reason", input.reason.parse::<app::domain::NotComplaintReason>());
    let note = input.note.trim();
    if note.is_empty() {
        errs.add("note", FieldError::Required);
    }
    let Some(reason) = reason.filter(|_| errs.is_empty()) else { return Err(ApiError::Validation(errs)) };
    reply(&state, &user, workflow::close_not_complaint(step, reason, note).await?).await
}

/// Publishes a committed step and answers with the case as `user` now sees it.
pub async fn reply(state: &AppState, user: &User, change: Change) -> ApiResult<Json<StaffCaseView>> {
    change.publish(state).await;
    staff_reply(state, &change.case, user).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/extend",
    tag = "cases",
    summary = "Extend the period (처리기간 연장): once within it, a second time only with the complainant's consent; the complainant is told at once",
    params(("id" = i64, Path)),
    request_body = app::domain::ExtensionInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with its new due", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed or paused, its period has ended (`period_passed`), it was extended twice (`no_more_extensions`), or someone extended it meanwhile", body = ErrorBody),
        (status = 422, description = "reason, due day or consent refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/extend` `{reason, due_date, consent?: {via, at}}`
pub async fn extend(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::ExtensionInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Extend).await?;
    reply(&state, &user, workflow::extend(step, &input).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/classify",
    tag = "handling",
    summary = "Correct the case's record (분류 수정): kind, category, facility, channel, with the reason; a new kind gives the case that kind's period from its receipt, an unrouted open case is routed by the rules it now meets, and the reports follow (VOC manager, administrators; a department head for the department's cases)",
    params(("id" = i64, Path)),
    request_body = app::domain::ClassifyInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case as corrected, both records and any new due in its history", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`not_permitted`: not the VOC office or the department's head", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody),
        (status = 409, description = "`concurrent_change`: someone corrected it meanwhile", body = ErrorBody),
        (status = 422, description = "an unknown kind, channel, facility or category, a kind that may not change (`kind_fixed`), an external-agency channel, nothing to change, or no reason", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/classify` `{kind?, category?, facility?, channel?, reason}`
pub async fn classify(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::ClassifyInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Classify).await?;
    reply(&state, &user, workflow::classify(step, &input).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/contacts",
    tag = "handling",
    summary = "Record a call or visit with the complainant (민원인 연락 기록): a result told counts as the result notice; a withdrawal the complainant confirmed closes the case as withdrawn (whoever may call them back)",
    params(("id" = i64, Path)),
    request_body = app::domain::ContactLogInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with the contact in its log and history (closed, for a withdrawal)", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`not_permitted`: not the case's handler, its head, the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: a withdrawal of a case already closed", body = ErrorBody),
        (status = 422, description = "an unknown means or outcome, no summary, a result told before the answer is approved (`no_result_yet`), or a withdrawal not confirmed (`withdrawal_unconfirmed`)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/contacts` `{means, outcome, summary, confirmed}`
pub async fn record_contact(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::ContactLogInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, input.action()).await?;
    reply(&state, &user, workflow::record_contact(step, &input).await?).await
}

/// The other case a link or merge names by receipt number, as `user` may see it, and not
/// case `this` itself; else a 422 on `field`.
async fn named_case(
    state: &AppState,
    user: &User,
    field: &str,
    receipt: &app::domain::ReceiptNo,
    this: i64,
) -> ApiResult<crate::store::CaseRecord> {
    let found = super::cases::visible_case_by_receipt(state, user, receipt).await?;
    let refuse = |e: FieldError| {
        let mut errs = FieldErrors::default();
        errs.add(field, e);
        ApiError::Validation(errs)
    };
    match found {
        None => Err(refuse(FieldError::UnknownCase)),
        Some(c) if c.id == this => Err(refuse(FieldError::SameCase)),
        Some(c) => Ok(c),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/links",
    tag = "cases",
    summary = "Link the case to another (related, duplicate, repeat); both histories record who linked them",
    params(("id" = i64, Path)),
    request_body = app::domain::LinkInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with its links", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 422, description = "an unknown relation, or no case you may see has that receipt number (`unknown_case`), or it is this case (`same_case`)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/links` `{other, relation}`
pub async fn link(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::LinkInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Link).await?;
    let (other, relation) = input.validate().map_err(ApiError::Validation)?;
    let other = named_case(&state, &user, "other", &other, id).await?;
    reply(&state, &user, workflow::link(step, &other, relation).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/merge",
    tag = "cases",
    summary = "Close this duplicate into its open original (병합): its complainant is told, and receives the original's result and survey",
    params(("id" = i64, Path)),
    request_body = app::domain::MergeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the duplicate, closed as merged", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "this case is closed or awaiting approval", body = ErrorBody),
        (status = 422, description = "no open case you may see has that receipt number (`unknown_case`, `merge_target_closed`), or it is this case (`same_case`)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/merge` `{into}`
pub async fn merge(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::MergeInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Merge).await?;
    let into = input.validate().map_err(ApiError::Validation)?;
    let into = named_case(&state, &user, "into", &into, id).await?;
    if !into.status.is_open() {
        return Err(workflow::merge_target_closed());
    }
    reply(&state, &user, workflow::merge(step, &into).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/close-repeated",
    tag = "cases",
    summary = "Close a repeated complaint (민원처리법 제23조, VOC manager): only with two or more earlier filings of the same matter linked and two or more of them answered; the notice cites those answers",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, closed as repeated", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "only the VOC manager and administrators", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed or awaiting approval, or its linked history falls short (`not_repeated`, naming the counts)", body = ErrorBody),
        (status = 422, description = "the reason is missing or too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/close-repeated` `{reason}`
pub async fn close_repeated(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::CloseRepeated).await?;
    let reason = text("reason", &input.note, true)?;
    reply(&state, &user, workflow::close_repeated(step, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/incidents",
    tag = "cases",
    summary = "Record abusive conduct by the complainant (특이민원): it shows on each of their cases (same phone number or e-mail)",
    params(("id" = i64, Path)),
    request_body = app::domain::IncidentInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with the incidents on its complainant", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 422, description = "unknown kind, or what happened is missing", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/incidents` `{kind, note}`
pub async fn record_incident(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::IncidentInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::RecordIncident).await?;
    let (kind, note) = input.validate().map_err(ApiError::Validation)?;
    reply(&state, &user, workflow::record_incident(step, kind, &note).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/complainants",
    tag = "cases",
    summary = "Add a co-complainant to a multi-person complaint (다수인관련민원): told of the receipt and of everything after, on the channels they consented to",
    params(("id" = i64, Path)),
    request_body = app::domain::CoComplainantInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with its co-complainants", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: the case is closed", body = ErrorBody),
        (status = 422, description = "name missing, a contact malformed, a consent without its contact, or 50 co-complainants already", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/complainants` `{name, phone?, email?, consent}`
pub async fn add_complainant(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::CoComplainantInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Complainants).await?;
    reply(&state, &user, workflow::add_complainant(step, &input).await?).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/cases/{id}/complainants/{party}",
    tag = "cases",
    summary = "Remove a co-complainant from a multi-person complaint",
    params(("id" = i64, Path), ("party" = i64, Path, description = "the co-complainant's id in the case view")),
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with its remaining co-complainants", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case or co-complainant, or not yours to see", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: the case is closed", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/cases/{id}/complainants/{party}`
pub async fn remove_complainant(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((id, party)): Path<(i64, i64)>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Complainants).await?;
    reply(&state, &user, workflow::remove_complainant(step, party).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/close-abusive",
    tag = "cases",
    summary = "Close a filing that consists of abuse (특이민원, VOC manager): recorded as an incident, the complainant told why",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, closed as abusive", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "only the VOC manager and administrators", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed or awaiting approval", body = ErrorBody),
        (status = 422, description = "the reason is missing or too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/close-abusive` `{reason}`
pub async fn close_abusive(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::CloseAbusive).await?;
    let reason = text("reason", &input.note, true)?;
    reply(&state, &user, workflow::close_abusive(step, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/supplement",
    tag = "cases",
    summary = "Ask the complainant for a supplement (보완 요구) by a day: the clock stops at once and the complainant is told what and by when",
    params(("id" = i64, Path)),
    request_body = app::domain::SupplementInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, paused for the supplement", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed, awaiting approval, already paused, or not yet routed", body = ErrorBody),
        (status = 422, description = "request or due day refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/supplement` `{request, due_date}`
pub async fn request_supplement(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::SupplementInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::RequestSupplement).await?;
    reply(&state, &user, workflow::request_supplement(step, &input).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/return-unsupplemented",
    tag = "cases",
    summary = "Return (반려) a case whose supplement did not come by its day; the complainant is told why",
    params(("id" = i64, Path)),
    request_body = TextInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, closed as returned", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "no supplement is unanswered past its day, or the case is closed or awaiting approval", body = ErrorBody),
        (status = 422, description = "the reason is missing or too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/return-unsupplemented` `{reason}`
pub async fn return_unsupplemented(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TextInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::ReturnUnsupplemented).await?;
    let reason = text("reason", &input.note, true)?;
    reply(&state, &user, workflow::return_unsupplemented(step, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/extension-proposal",
    tag = "cases",
    summary = "Ask the complainant to agree to a second extension (reason and new due day); they answer with a button on the tracking page",
    params(("id" = i64, Path)),
    request_body = app::domain::ExtensionInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with the proposal", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the first extension needs no consent (`consent_not_needed`), the period has ended, two extensions were made, or the case is closed or paused", body = ErrorBody),
        (status = 422, description = "reason or due day refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/extension-proposal` `{reason, due_date}`
pub async fn propose_extension(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::ExtensionInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Extend).await?;
    reply(&state, &user, workflow::propose_extension(step, &input).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/transfer-out",
    tag = "cases",
    summary = "Send the case to the agency it belongs to (이송, VOC manager): it closes as transferred and the complainant is told where it went",
    params(("id" = i64, Path)),
    request_body = app::domain::TransferInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, closed as transferred", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "only the VOC manager transfers cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed already", body = ErrorBody),
        (status = 422, description = "agency or reason refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/transfer-out` `{agency, reason}`
pub async fn transfer_out(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::TransferInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::TransferOut).await?;
    let (agency, reason) = input.validate().map_err(ApiError::Validation)?;
    reply(&state, &user, workflow::transfer_out(step, &agency, &reason).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/serious",
    tag = "cases",
    summary = "Mark the case serious (중대 민원: health, safety, large damage, media): it heads every queue and the executives are alerted",
    params(("id" = i64, Path)),
    request_body = app::domain::SeriousInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, marked", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed", body = ErrorBody),
        (status = 422, description = "reason or note refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/serious` `{reason, note}`
pub async fn mark_serious(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::SeriousInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Serious).await?;
    let (reason, note) = input.validate().map_err(ApiError::Validation)?;
    reply(&state, &user, workflow::set_serious(step, Some((reason, &note))).await?).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/cases/{id}/serious",
    tag = "cases",
    summary = "Clear the case's serious mark",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the case, no longer marked", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/cases/{id}/serious`
pub async fn clear_serious(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Serious).await?;
    reply(&state, &user, workflow::set_serious(step, None).await?).await
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(route))
        .routes(utoipa_axum::routes!(assign))
        .routes(utoipa_axum::routes!(draft))
        .routes(utoipa_axum::routes!(approve))
        .routes(utoipa_axum::routes!(return_draft))
        .routes(utoipa_axum::routes!(reopen))
        .routes(utoipa_axum::routes!(add_note))
        .routes(utoipa_axum::routes!(extend))
        .routes(utoipa_axum::routes!(transfer_out))
        .routes(utoipa_axum::routes!(request_supplement))
        .routes(utoipa_axum::routes!(return_unsupplemented))
        .routes(utoipa_axum::routes!(propose_extension))
        .routes(utoipa_axum::routes!(record_incident))
        .routes(utoipa_axum::routes!(add_complainant))
        .routes(utoipa_axum::routes!(remove_complainant))
        .routes(utoipa_axum::routes!(close_abusive))
        .routes(utoipa_axum::routes!(link))
        .routes(utoipa_axum::routes!(merge))
        .routes(utoipa_axum::routes!(close_repeated))
        .routes(utoipa_axum::routes!(mark_serious, clear_serious))
        .routes(utoipa_axum::routes!(history))
        .routes(utoipa_axum::routes!(mark_unreachable, clear_unreachable))
        .routes(utoipa_axum::routes!(close_not_complaint))
        .routes(utoipa_axum::routes!(classify))
        .routes(utoipa_axum::routes!(record_contact))
}
