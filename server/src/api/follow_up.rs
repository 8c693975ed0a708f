//! Follow-up (SPEC lifecycle 10 and 11, FAQ): the staff member a case concerns, compensation,
//! institutional improvement requests to department heads, and the public FAQ.

use super::json::Path;
use app::api::ErrorBody;
use app::api::{CompensationView, FaqView, ImprovementView, StaffCaseView, StaffConcernedView};
use app::domain::{
    CompensationInput, FaqInput, FieldError, FieldErrors, GrievanceInput, GrievanceStage, ImprovementInput,
    ImprovementReportInput, Role, StaffInput, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};

use super::JsonBody;
use super::cases::{department_scope, require, staff_reply, visible_case};
use super::handling::active_department;
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::store::{CompensationRecord, FaqRecord, ImprovementRecord, StaffRecord, User};
use crate::workflow;

/// A 422 naming one field.
fn one_field(field: &str, e: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add(field, e);
    ApiError::Validation(errs)
}

pub fn staff_concerned_view(s: StaffRecord) -> StaffConcernedView {
    StaffConcernedView {
        staff_name: s.staff_name,
        department_id: s.department_id,
        department_name: s.department_name,
        cause_label: s.cause.map(|c| c.ko().to_owned()),
        cause: s.cause,
        cs_training: s.cs_training,
        set_by: s.set_by,
        set_at: to_seoul(s.set_at),
    }
}

pub fn compensation_view(c: CompensationRecord) -> CompensationView {
    CompensationView {
        id: c.id,
        case_id: c.case_id,
        receipt_no: c.receipt_no,
        department_name: c.department_name,
        reason_label: c.reason.ko().to_owned(),
        reason: c.reason,
        item: c.item,
        amount: c.amount,
        note: c.note,
        recorded_by: c.recorded_by,
        recorded_at: to_seoul(c.recorded_at),
    }
}

/// The request as `viewer` sees it, with what they may do with it (`None`: a report or a case
/// view, where nothing is offered).
pub fn improvement_view(i: ImprovementRecord, now: DateTime<Utc>, viewer: Option<&User>) -> ImprovementView {
    let overdue = i.reported_at.is_none() && now >= i.due_at;
    let actions = viewer.map_or_else(Default::default, |u| {
        let asked = u.department_id == Some(i.department_id);
        app::domain::improvement_actions(u.role, asked, i.reported_at.is_some(), i.original_due_at.is_some(), overdue)
    });
    ImprovementView {
        actions,
        id: i.id,
        case_id: i.case_id,
        receipt_no: i.receipt_no,
        department_id: i.department_id,
        department_name: i.department_name,
        title: i.title,
        body: i.body,
        requested_by: i.requested_by,
        requested_at: to_seoul(i.requested_at),
        due_date: to_seoul(i.due_at - chrono::Duration::seconds(1)).date_naive(),
        overdue,
        outcome_label: i.outcome.map(|o| o.ko().to_owned()),
        outcome: i.outcome,
        report: i.report,
        reported_by: i.reported_by,
        reported_at: i.reported_at.map(to_seoul),
        original_due_date: i.original_due_at.map(|d| to_seoul(d - chrono::Duration::seconds(1)).date_naive()),
        extension_reason: i.extension_reason,
    }
}

pub fn faq_view(f: FaqRecord) -> FaqView {
    FaqView { id: f.id, kind: f.kind, question: f.question, answer: f.answer, published_at: to_seoul(f.published_at) }
}

#[utoipa::path(
    put,
    path = "/api/v1/cases/{id}/staff",
    tag = "follow_up",
    summary = "Records (or replaces) the staff member the case concerns: praise, or a complaint with its cause",
    params(("id" = i64, Path)),
    request_body = StaffInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not (executives, receivers)", body = ErrorBody),
        (status = 404, description = "no such case, or another department's", body = ErrorBody),
        (status = 422, description = "refused fields: staff_name, cause (required, unknown_cause, no_cause_for_praise), department", body = ErrorBody)
    )
)]
/// `PUT /api/v1/cases/{id}/staff` `{staff_name, department?, cause?, cs_training?}`: the staff
/// member the case concerns. Allowed on closed cases too: follow-up often comes after.
pub async fn set_staff(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<StaffInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let case = visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    let valid = input.validate(case.kind);
    let mut errs = valid.as_ref().err().cloned().unwrap_or_default();
    let department = match input.department.as_ref().filter(|v| !v.is_null() && v.as_str() != Some("")) {
        None => case.department_id,
        Some(v) => match active_department(&state, v).await? {
            Some(d) => Some(d.id),
            None => {
                errs.add("department", FieldError::UnknownDepartment);
                None
            }
        },
    };
    let (Ok(valid), true) = (valid, errs.is_empty()) else {
        return Err(ApiError::Validation(errs));
    };
    let change = crate::workflow::follow_up::record_staff(&state, &user, &case, &valid, department).await?;
    super::handling::reply(&state, &user, change).await
}

/// Records compensation: the VOC manager, or the head of the case's department.
fn compensates(user: &User, department: Option<i64>) -> bool {
    user.role.routes()
        || (user.role == Role::DepartmentHead && department.is_some() && user.department_id == department)
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/compensations",
    tag = "follow_up",
    summary = "Records compensation given (VOC manager, or the head of the case's department)",
    params(("id" = i64, Path)),
    request_body = CompensationInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the case with its compensation", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or another department's", body = ErrorBody),
        (status = 422, description = "refused fields: reason, amount (1–1,000,000 KRW), item, note", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/compensations` `{reason, amount?, item?, note?}`.
pub async fn add_compensation(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CompensationInput>,
) -> ApiResult<(StatusCode, Json<StaffCaseView>)> {
    let case = visible_case(&state, &user, id).await?;
    require(compensates(&user, case.department_id))?;
    let valid = input.validate_with(&state.compensation).map_err(ApiError::Validation)?;
    let change = crate::workflow::follow_up::compensate(&state, &user, &case, &valid).await?;
    change.publish(&state).await;
    Ok((StatusCode::CREATED, staff_reply(&state, &change.case, &user).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/improvements",
    tag = "follow_up",
    summary = "Institutional improvement requests: all for the VOC manager, administrators and executives; a department's own for its staff. Unreported first, soonest due first",
    security(("session" = [])),
    responses(
        (status = 200, description = "the requests", body = Vec<ImprovementView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody)
    )
)]
/// `GET /api/v1/improvements`: every request for the VOC manager, administrators and
/// executives; a department's own for its handlers and head.
pub async fn improvements(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<Vec<ImprovementView>>> {
    let department = department_scope(&user)?;
    let now = state.now();
    let list = state.store.improvements(department).await?;
    Ok(Json(list.into_iter().map(|i| improvement_view(i, now, Some(&user))).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/improvements",
    tag = "follow_up",
    summary = "Asks a department head for an institutional improvement, due three months on (VOC manager)",
    request_body = ImprovementInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the request", body = ImprovementView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields: department, title, body, receipt_no (unknown_case)", body = ErrorBody)
    )
)]
/// `POST /api/v1/improvements` `{department, title, body, receipt_no?}` (VOC manager): due
/// three months on, at the end of that day.
pub async fn create_improvement(
    State(state): State<AppState>,
    Staff(user): Staff,
    JsonBody(input): JsonBody<ImprovementInput>,
) -> ApiResult<(StatusCode, Json<ImprovementView>)> {
    require(user.role.routes())?;
    let mut errs = FieldErrors::default();
    let valid = input.validate().map_err(|e| errs = e).ok();
    let department = if errs.get("department").is_some() {
        None
    } else {
        let d = active_department(&state, &input.department).await?;
        if d.is_none() {
            errs.add("department", FieldError::UnknownDepartment);
        }
        d
    };
    let case_id = match valid.as_ref().and_then(|v| v.receipt_no) {
        None => None,
        Some(r) => {
            let id = state.store.case_id_by_receipt(&r.to_string()).await?;
            if id.is_none() {
                errs.add("receipt_no", FieldError::UnknownCase);
            }
            id
        }
    };
    let (Some(valid), Some(department), true) = (valid, department, errs.is_empty()) else {
        return Err(ApiError::Validation(errs));
    };
    let i = workflow::improvements::request(&state, &user, case_id, department.id, &valid).await?;
    let now = state.now();
    tracing::info!(id = i.id, to = %i.department_name, by = %user.username, "improvement requested");
    if let Some(case) = match case_id {
        Some(c) => state.store.case_by_id(c).await?,
        None => None,
    } {
        state.publish("updated", &case).await;
    }
    Ok((StatusCode::CREATED, Json(improvement_view(i, now, Some(&user)))))
}

#[utoipa::path(
    post,
    path = "/api/v1/improvements/{id}/report",
    tag = "follow_up",
    summary = "The asked department head's report: implemented, or declined with reasons; once",
    params(("id" = i64, Path)),
    request_body = ImprovementReportInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the reported request", body = ImprovementView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the asked department's head", body = ErrorBody),
        (status = 404, description = "no such request, or another department's", body = ErrorBody),
        (status = 409, description = "already reported (improvement_reported)", body = ErrorBody),
        (status = 422, description = "refused fields: outcome, report", body = ErrorBody)
    )
)]
/// `POST /api/v1/improvements/{id}/report` `{outcome, report}`: the asked department's head
/// reports what was done, or why not; once.
pub async fn report_improvement(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ImprovementReportInput>,
) -> ApiResult<Json<ImprovementView>> {
    let own = |i: &ImprovementRecord| user.department_id == Some(i.department_id);
    let i = state.store.improvement(id).await?.filter(|i| user.role.sees_all() || own(i)).ok_or(ApiError::NotFound)?;
    require(app::domain::answers_improvement(user.role, own(&i)))?;
    let (outcome, report) = input.validate().map_err(ApiError::Validation)?;
    let i = workflow::improvements::report(&state, &user, id, outcome, &report).await?;
    let now = state.now();
    tracing::info!(id = i.id, outcome = outcome.as_str(), by = %user.username, "improvement reported");
    Ok(Json(improvement_view(i, now, Some(&user))))
}

#[utoipa::path(
    post,
    path = "/api/v1/improvements/{id}/extend",
    tag = "follow_up",
    summary = "The asked department head extends an improvement request once, with a reason, before its due day has passed: at most three months more",
    params(("id" = i64, Path)),
    request_body = app::domain::ImprovementExtensionInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the extended request, with its day before and the reason", body = ImprovementView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the asked department's head", body = ErrorBody),
        (status = 404, description = "no such request, or another department's", body = ErrorBody),
        (status = 409, description = "`improvement_reported`: reported on already; `improvement_extended`: extended once already; `period_passed`: its due day has passed", body = ErrorBody),
        (status = 422, description = "refused fields: reason, due_date (not later than the current day, or more than three months on)", body = ErrorBody)
    )
)]
/// `POST /api/v1/improvements/{id}/extend` `{reason, due_date}`: the asked department's head
/// moves the due day once, within its period, by at most three months.
pub async fn extend_improvement(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<app::domain::ImprovementExtensionInput>,
) -> ApiResult<Json<ImprovementView>> {
    let own = |i: &ImprovementRecord| user.department_id == Some(i.department_id);
    let i = state.store.improvement(id).await?.filter(|i| user.role.sees_all() || own(i)).ok_or(ApiError::NotFound)?;
    require(app::domain::answers_improvement(user.role, own(&i)))?;
    let now = state.now();
    if i.reported_at.is_some() {
        return Err(ApiError::ImprovementReported);
    }
    if i.original_due_at.is_some() {
        return Err(ApiError::ImprovementExtended);
    }
    if now >= i.due_at {
        return Err(ApiError::PeriodPassed);
    }
    let due_day = to_seoul(i.due_at - chrono::Duration::seconds(1)).date_naive();
    let (reason, day) = input.validate(due_day).map_err(ApiError::Validation)?;
    // Due at the close of business of the new day, as the three months were (a holiday
    // moves it to the next working day).
    let due_at = state.store.calendar().await?.close_at_or_after(app::domain::seoul_midnight(day));
    let i = workflow::improvements::extend(&state, &user, id, &reason, due_at).await?;
    tracing::info!(id = i.id, due = %day, by = %user.username, "improvement extended");
    if let Some(case) = match i.case_id {
        Some(c) => state.store.case_by_id(c).await?,
        None => None,
    } {
        state.publish("updated", &case).await;
    }
    Ok(Json(improvement_view(i, now, Some(&user))))
}

#[utoipa::path(
    get,
    path = "/api/v1/faq",
    tag = "follow_up",
    summary = "The public FAQ: published entries, newest first; no sign-in, no personal data",
    responses(
        (status = 200, description = "the entries", body = Vec<FaqView>)
    )
)]
/// `GET /api/v1/faq`: the published entries, newest first; public.
pub async fn faq(State(state): State<AppState>) -> ApiResult<Json<Vec<FaqView>>> {
    Ok(Json(state.store.faq().await?.into_iter().map(faq_view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/faq",
    tag = "follow_up",
    summary = "Publishes a closed, answered case as an FAQ entry (VOC manager); only with the complainant's consent, and texts without personal data",
    request_body = FaqInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the entry", body = FaqView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such case", body = ErrorBody),
        (status = 409, description = "no_publish_consent, faq_needs_answer (not closed with an answer) or faq_published", body = ErrorBody),
        (status = 422, description = "refused fields: question, answer (required, too_long, personal_data)", body = ErrorBody)
    )
)]
/// `POST /api/v1/faq` `{case_id, question, answer}` (VOC manager): publishes a closed,
/// answered case whose complainant consented, its texts free of personal data.
pub async fn publish_faq(
    State(state): State<AppState>,
    Staff(user): Staff,
    JsonBody(input): JsonBody<FaqInput>,
) -> ApiResult<(StatusCode, Json<FaqView>)> {
    require(user.role.routes())?;
    let case = state.store.case_by_id(input.case_id).await?.ok_or(ApiError::NotFound)?;
    let (change, entry) = crate::workflow::follow_up::publish_faq(&state, &user, &case, &input).await?;
    change.publish(&state).await;
    Ok((StatusCode::CREATED, Json(faq_view(entry))))
}

#[utoipa::path(
    delete,
    path = "/api/v1/faq/{id}",
    tag = "follow_up",
    summary = "Takes an entry off the homepage; it stays on record",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "withdrawn"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such published entry", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/faq/{id}` (VOC manager): takes an entry off the homepage.
pub async fn withdraw_faq(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    require(user.role.routes())?;
    crate::workflow::follow_up::withdraw_faq(&state, &user, id).await?.publish(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/grievance",
    tag = "follow_up",
    summary = "Records one stage of the grievance process, each once and in order: investigation → deliberation → improvement; audit referral after investigation",
    params(("id" = i64, Path)),
    request_body = GrievanceInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case with its stages", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or another department's", body = ErrorBody),
        (status = 409, description = "not_grievance, grievance_order (names the stage needed first), grievance_stage_done", body = ErrorBody),
        (status = 422, description = "refused fields: stage, note", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/grievance` `{stage, note}`: one stage of the grievance process,
/// each once and in order (investigation → deliberation → improvement; audit referral after
/// investigation).
pub async fn grievance_step(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<GrievanceInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let case = visible_case(&state, &user, id).await?;
    require(user.role.works_cases())?;
    let step = input.validate().map_err(ApiError::Validation)?;
    // Where an improvement request or an audit referral goes: the department named, else the
    // case's own (improvement) or the one coded `audit` (referral).
    let named = match input.department.as_ref().filter(|v| !v.is_null() && v.as_str() != Some("")) {
        Some(v) => {
            let d = active_department(&state, v).await?;
            Some(d.ok_or_else(|| one_field("department", FieldError::UnknownDepartment))?)
        }
        None => None,
    };
    let department = match step.stage {
        GrievanceStage::Improvement => match named {
            Some(d) => Some(d),
            None => state.store.departments().await?.into_iter().find(|d| Some(d.id) == case.department_id),
        },
        GrievanceStage::AuditReferral => match named {
            Some(d) => Some(d),
            None => state.store.departments().await?.into_iter().find(|d| d.active && d.code == "audit"),
        },
        _ => None,
    };
    if matches!(step.stage, GrievanceStage::Improvement | GrievanceStage::AuditReferral) && department.is_none() {
        return Err(one_field("department", FieldError::Required));
    }
    let change = workflow::grievance_step(&state, &user, case, &step, department).await?;
    state.publish("updated", &change.case).await;
    staff_reply(&state, &change.case, &user).await
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(set_staff))
        .routes(utoipa_axum::routes!(grievance_step))
        .routes(utoipa_axum::routes!(add_compensation))
        .routes(utoipa_axum::routes!(improvements, create_improvement))
        .routes(utoipa_axum::routes!(report_improvement))
        .routes(utoipa_axum::routes!(extend_improvement))
        .routes(utoipa_axum::routes!(faq, publish_faq))
        .routes(utoipa_axum::routes!(withdraw_faq))
}
