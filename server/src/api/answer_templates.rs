//! Answer templates (답변 서식): administrators keep them; the draft and direct answer forms
//! offer those that fit the case, filled from it.

use std::collections::BTreeMap;

use app::api::{AnswerTemplateView, AnswerTemplatesView, ErrorBody, FilledTemplateView};
use app::domain::{
    ANSWER_VARIABLES, AnswerTemplateInput, AuditAction, CaseAction, FieldError, FieldErrors, ValidAnswerTemplate,
    render, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::JsonBody;
use super::json::Path;
use crate::AppState;
use crate::auth::{Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{AnswerTemplateRecord, CaseRecord, Catalogue};
use crate::trail;

fn view(r: AnswerTemplateRecord) -> AnswerTemplateView {
    let t = r.template;
    AnswerTemplateView {
        id: r.id,
        kind: t.kind,
        category: t.category,
        title: t.title,
        result: t.result,
        basis: t.basis,
        appeal: t.appeal,
        updated_by: r.updated_by,
        updated_at: to_seoul(r.updated_at),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/answer-templates",
    tag = "answer-templates",
    summary = "Every answer template and the variables they may use (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "by title", body = AnswerTemplatesView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/answer-templates`
pub async fn list(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<AnswerTemplatesView>> {
    let templates = state.store.answer_templates().await?.into_iter().map(view).collect();
    Ok(Json(AnswerTemplatesView { variables: ANSWER_VARIABLES.iter().map(|v| (*v).to_owned()).collect(), templates }))
}

/// The template as sent, its category one of the catalogue's.
async fn valid(state: &AppState, input: &AnswerTemplateInput) -> ApiResult<ValidAnswerTemplate> {
    let t = input.validate().map_err(ApiError::Validation)?;
    if let Some(c) = &t.category {
        let known = state.store.catalogue(Catalogue::Categories).await?;
        if !known.iter().any(|k| &k.code == c) {
            let mut errs = FieldErrors::default();
            errs.add("category", FieldError::UnknownCategory);
            return Err(ApiError::Validation(errs));
        }
    }
    Ok(t)
}

#[utoipa::path(
    post,
    path = "/api/v1/answer-templates",
    tag = "answer-templates",
    summary = "Add an answer template; an unknown variable is refused by name (administrators)",
    request_body = AnswerTemplateInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "added", body = AnswerTemplateView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "an unknown kind, category or variable, or a text missing or too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/answer-templates`
pub async fn add(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<AnswerTemplateInput>,
) -> ApiResult<(StatusCode, Json<AnswerTemplateView>)> {
    let t = valid(&state, &input).await?;
    let saved = state.store.save_answer_template(None, &t, &admin.username, state.now()).await?;
    let after = serde_json::json!({"title": t.title});
    let target = format!("answer_template:{}", saved.id);
    trail::audit(&state, &admin.username, &address, AuditAction::AnswerTemplateSaved, target, None, Some(after))
        .await?;
    Ok((StatusCode::CREATED, Json(view(saved))))
}

#[utoipa::path(
    put,
    path = "/api/v1/answer-templates/{id}",
    tag = "answer-templates",
    summary = "Change an answer template (administrators)",
    params(("id" = i64, Path)),
    request_body = AnswerTemplateInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "saved", body = AnswerTemplateView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such template", body = ErrorBody),
        (status = 422, description = "an unknown kind, category or variable, or a text missing or too long", body = ErrorBody)
    )
)]
/// `PUT /api/v1/answer-templates/{id}`
pub async fn change(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AnswerTemplateInput>,
) -> ApiResult<Json<AnswerTemplateView>> {
    let t = valid(&state, &input).await?;
    let saved = state.store.save_answer_template(Some(id), &t, &admin.username, state.now()).await?;
    let after = serde_json::json!({"title": t.title});
    let target = format!("answer_template:{id}");
    trail::audit(&state, &admin.username, &address, AuditAction::AnswerTemplateSaved, target, None, Some(after))
        .await?;
    Ok(Json(view(saved)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/answer-templates/{id}",
    tag = "answer-templates",
    summary = "Remove an answer template (administrators); answers written from it stay",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "removed"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such template", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/answer-templates/{id}`
pub async fn remove(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    if !state.store.delete_answer_template(id).await? {
        return Err(ApiError::NotFound);
    }
    let target = format!("answer_template:{id}");
    trail::audit(&state, &admin.username, &address, AuditAction::AnswerTemplateDeleted, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The values a template's variables take on `case`.
fn values(
    case: &CaseRecord,
    category_name: Option<String>,
    today: chrono::NaiveDate,
) -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    v.insert("receipt_no", case.receipt_no.clone());
    v.insert("name", case.name.clone().unwrap_or_else(|| "민원인".into()));
    v.insert("kind", case.kind.ko().to_owned());
    v.insert("facility", case.facility_name.clone().unwrap_or_default());
    v.insert("category", category_name.unwrap_or_default());
    v.insert("department", case.department_name.clone().unwrap_or_default());
    v.insert("received_date", to_seoul(case.received_at).format("%Y-%m-%d").to_string());
    v.insert("today", today.format("%Y-%m-%d").to_string());
    v
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/answer-templates",
    tag = "answer-templates",
    summary = "The answer templates that fit the case's kind and category, filled from the case (whoever may draft or answer it)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "by title", body = Vec<FilledTemplateView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`not_permitted`: this person may not draft or answer it", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: the case is not being worked", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{id}/answer-templates`
pub async fn for_case(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<FilledTemplateView>>> {
    // Whoever may answer it at once, or else draft it.
    let step = match crate::workflow::Step::begin(&state, &user, id, CaseAction::Answer).await {
        Err(ApiError::NeedsApproval | ApiError::NotPermitted) => {
            crate::workflow::Step::begin(&state, &user, id, CaseAction::Draft).await?
        }
        other => other?,
    };
    let case = step.case;
    let categories = state.store.catalogue(Catalogue::Categories).await?;
    let category_name =
        case.category.as_ref().and_then(|c| categories.iter().find(|k| &k.code == c)).map(|k| k.name_ko.clone());
    let values = values(&case, category_name, to_seoul(state.now()).date_naive());
    let fill = |t: &str| render(t, &values).map_err(|_| ApiError::Internal);
    let mut out = Vec::new();
    for r in state.store.answer_templates().await? {
        let t = &r.template;
        if ValidAnswerTemplate::fits(t.kind, t.category.as_deref(), case.kind, case.category.as_deref()) {
            out.push(FilledTemplateView {
                id: r.id,
                title: t.title.clone(),
                result: fill(&t.result)?,
                basis: fill(&t.basis)?,
                appeal: fill(&t.appeal)?,
            });
        }
    }
    Ok(Json(out))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, add))
        .routes(utoipa_axum::routes!(change, remove))
        .routes(utoipa_axum::routes!(for_case))
}
