//! Administrators configure departments and routing rules; the VOC manager reads the rules.

use super::json::Path;
use app::api::ErrorBody;
use app::api::{
    CatalogueEntryView, DepartmentChange, DepartmentInput, DepartmentView, RoutingRuleInput, RoutingRuleView,
};
use app::domain::{CatalogueInput, FieldError, FieldErrors, VocKind};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::JsonBody;
use super::cases::require;
use super::handling::active_department;
use crate::AppState;
use crate::auth::{Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{Department, RoutingRule, StoreError};
use crate::trail;
use app::domain::AuditAction;

fn department_view(d: Department) -> DepartmentView {
    DepartmentView { id: d.id, code: d.code, name: d.name, is_lead: d.is_lead, active: d.active }
}

fn rule_view(r: RoutingRule) -> RoutingRuleView {
    RoutingRuleView {
        id: r.id,
        priority: r.priority,
        kind: r.kind,
        facility: r.facility,
        category: r.category,
        department_id: r.department_id,
        department_name: r.department_name,
    }
}

fn department_name(v: &str, errs: &mut FieldErrors) -> Option<String> {
    let name = v.trim();
    if name.is_empty() {
        errs.add("name", FieldError::Required);
        None
    } else if name.chars().count() > 50 {
        errs.add("name", FieldError::TooLong { max: 50 });
        None
    } else {
        Some(name.to_owned())
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/departments",
    tag = "config_admin",
    summary = "Add a department (administrators)",
    request_body = DepartmentInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the department", body = DepartmentView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 422, description = "refused fields: code (invalid_code, code_taken), name", body = ErrorBody)
    )
)]
/// `POST /api/v1/departments` `{code, name}` → 201 (administrators).
pub async fn create_department(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<DepartmentInput>,
) -> ApiResult<(StatusCode, Json<DepartmentView>)> {
    let mut errs = FieldErrors::default();
    let code = errs.take("code", app::domain::parse_code(&input.code));
    let name = department_name(&input.name, &mut errs);
    let (Some(code), Some(name), true) = (code, name, errs.is_empty()) else {
        return Err(ApiError::Validation(errs));
    };
    let d = match state.store.create_department(&code, &name).await {
        Err(StoreError::AlreadyExists) => {
            errs.add("code", FieldError::CodeTaken);
            return Err(ApiError::Validation(errs));
        }
        r => r?,
    };
    tracing::info!(by = %admin.username, code = %d.code, "department created");
    let after = serde_json::to_value(department_view(d.clone())).ok();
    let target = format!("department:{}", d.code);
    trail::audit(&state, &admin.username, &address, AuditAction::DepartmentCreated, target, None, after).await?;
    Ok((StatusCode::CREATED, Json(department_view(d))))
}

#[utoipa::path(
    put,
    path = "/api/v1/departments/{id}",
    tag = "config_admin",
    summary = "Rename, retire or restore a department (administrators)",
    params(("id" = i64, Path)),
    request_body = DepartmentChange,
    security(("session" = [])),
    responses(
        (status = 200, description = "the department", body = DepartmentView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such department", body = ErrorBody),
        (status = 422, description = "refused fields: name", body = ErrorBody)
    )
)]
/// `PUT /api/v1/departments/{id}` `{name?, active?}`: rename, retire or restore.
pub async fn update_department(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<DepartmentChange>,
) -> ApiResult<Json<DepartmentView>> {
    let mut errs = FieldErrors::default();
    let name = if input.name.trim().is_empty() { None } else { department_name(&input.name, &mut errs) };
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let before = state.store.departments().await?.into_iter().find(|d| d.id == id);
    let d = state.store.update_department(id, name.as_deref(), input.active).await?;
    tracing::info!(by = %admin.username, code = %d.code, active = d.active, "department changed");
    let before = before.and_then(|b| serde_json::to_value(department_view(b)).ok());
    let after = serde_json::to_value(department_view(d.clone())).ok();
    let target = format!("department:{}", d.code);
    trail::audit(&state, &admin.username, &address, AuditAction::DepartmentChanged, target, before, after).await?;
    Ok(Json(department_view(d)))
}

#[utoipa::path(
    get,
    path = "/api/v1/routing-rules",
    tag = "config_admin",
    summary = "The active routing rules in the order they are tried (administrators, VOC manager)",
    security(("session" = [])),
    responses(
        (status = 200, description = "the rules", body = Vec<RoutingRuleView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody)
    )
)]
/// `GET /api/v1/routing-rules`: the active rules in the order they are tried (administrators
/// and the VOC manager).
pub async fn rules(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<Vec<RoutingRuleView>>> {
    require(user.role.routes())?;
    Ok(Json(state.store.routing_rules().await?.into_iter().map(rule_view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/routing-rules",
    tag = "config_admin",
    summary = "Add a routing rule (administrators); empty kind, facility or category match anything",
    request_body = RoutingRuleInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the rule", body = RoutingRuleView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 422, description = "refused fields: priority, kind, facility, category, department", body = ErrorBody)
    )
)]
/// `POST /api/v1/routing-rules` `{priority?, kind?, facility?, category?, department}` → 201.
pub async fn create_rule(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<RoutingRuleInput>,
) -> ApiResult<(StatusCode, Json<RoutingRuleView>)> {
    let mut errs = FieldErrors::default();
    let priority = input.priority.unwrap_or(100);
    if priority < 1 {
        errs.add("priority", FieldError::NumberTooSmall { min: 1 });
    } else if priority > 1000 {
        errs.add("priority", FieldError::NumberTooLarge { max: 1000 });
    }
    let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let kind = match given(&input.kind) {
        None => None,
        Some(k) => errs.take("kind", k.parse::<VocKind>().map_err(|_| FieldError::UnknownKind)),
    };
    // Retired departments are refused here, before the store's own check.
    let empty = input.department.is_null() || input.department.as_str().is_some_and(|s| s.trim().is_empty());
    let department = if empty { None } else { active_department(&state, &input.department).await?.map(|d| d.id) };
    if department.is_none() {
        errs.add("department", if empty { FieldError::Required } else { FieldError::UnknownDepartment });
    }
    let (facility, category) = (given(&input.facility), given(&input.category));
    // A rule naming a facility that does not exist would never match: refused by name.
    if let Some(f) = &facility
        && !state.store.facilities().await?.iter().any(|x| &x.code == f)
    {
        errs.add("facility", FieldError::UnknownFacility);
    }
    let Some(department) = department.filter(|_| errs.is_empty()) else { return Err(ApiError::Validation(errs)) };
    let rule =
        state.store.create_routing_rule(priority, kind, facility.as_deref(), category.as_deref(), department).await?;
    tracing::info!(by = %admin.username, rule = rule.id, department = %rule.department_name, "routing rule added");
    let after = serde_json::to_value(rule_view(rule.clone())).ok();
    let target = format!("routing_rule:{}", rule.id);
    trail::audit(&state, &admin.username, &address, AuditAction::RuleCreated, target, None, after).await?;
    Ok((StatusCode::CREATED, Json(rule_view(rule))))
}

#[utoipa::path(
    delete,
    path = "/api/v1/routing-rules/{id}",
    tag = "config_admin",
    summary = "Retire a routing rule (kept on record, no longer tried)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "retired"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such active rule", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/routing-rules/{id}` → 204: the rule is retired (kept, no longer tried).
pub async fn retire_rule(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.store.retire_routing_rule(id).await?;
    tracing::info!(by = %admin.username, rule = id, "routing rule retired");
    let target = format!("routing_rule:{id}");
    trail::audit(&state, &admin.username, &address, AuditAction::RuleRetired, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn catalogue_of(list: &str) -> ApiResult<crate::store::Catalogue> {
    crate::store::Catalogue::parse(list).ok_or(ApiError::NotFound)
}

#[utoipa::path(
    get,
    path = "/api/v1/catalogue/{list}",
    tag = "config_admin",
    summary = "Every facility or category, retired ones too (administrators)",
    params(("list" = String, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "the entries in display order", body = Vec<CatalogueEntryView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such list", body = ErrorBody)
    )
)]
/// `GET /api/v1/catalogue/{facilities|categories}`: every entry, retired ones too
/// (administrators).
pub async fn catalogue(
    State(state): State<AppState>,
    _admin: Admin,
    Path(list): Path<String>,
) -> ApiResult<Json<Vec<CatalogueEntryView>>> {
    let entries = state.store.catalogue(catalogue_of(&list)?).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| CatalogueEntryView {
                code: e.code,
                name_ko: e.name_ko,
                name_en: e.name_en,
                parent: e.parent,
                active: e.active,
                public: e.public,
            })
            .collect(),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/catalogue/{list}",
    tag = "config_admin",
    summary = "Adds a facility or category at the end of the list (administrators)",
    params(("list" = String, Path)),
    request_body = CatalogueInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "added"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such list", body = ErrorBody),
        (status = 422, description = "refused fields: code (invalid_code, code_taken), name_ko, name_en, parent (unknown_category: not a top-level category)", body = ErrorBody)
    )
)]
/// `POST /api/v1/catalogue/{list}` `{code, name_ko, name_en, parent?}` → 201 (administrators).
pub async fn create_entry(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(list): Path<String>,
    JsonBody(input): JsonBody<CatalogueInput>,
) -> ApiResult<StatusCode> {
    let list = catalogue_of(&list)?;
    let entry = input.validate_new().map_err(ApiError::Validation)?;
    let refused = |field: &str, e: FieldError| {
        let mut errs = FieldErrors::default();
        errs.add(field, e);
        ApiError::Validation(errs)
    };
    match state.store.create_entry(list, &entry).await {
        Err(StoreError::AlreadyExists) => return Err(refused("code", FieldError::CodeTaken)),
        Err(StoreError::UnknownCategory) => return Err(refused("parent", FieldError::UnknownCategory)),
        r => r?,
    }
    tracing::info!(by = %admin.username, list = list.table(), code = %entry.code, "catalogue entry added");
    let target = format!("{}:{}", list.table(), entry.code);
    let after = serde_json::to_value(&input).ok();
    trail::audit(&state, &admin.username, &address, AuditAction::CatalogueEntryCreated, target, None, after).await?;
    Ok(StatusCode::CREATED)
}

#[utoipa::path(
    put,
    path = "/api/v1/catalogue/{list}/{code}",
    tag = "config_admin",
    summary = "Renames, retires or restores a facility or category; filed cases keep their code (administrators)",
    params(("list" = String, Path), ("code" = String, Path)),
    request_body = CatalogueInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "changed"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such list or code", body = ErrorBody),
        (status = 422, description = "refused fields: name_ko, name_en", body = ErrorBody)
    )
)]
/// `PUT /api/v1/catalogue/{list}/{code}` `{name_ko?, name_en?, active?}`: rename, retire or
/// restore (administrators). Cases keep the code they were filed with.
pub async fn update_entry(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path((list, code)): Path<(String, String)>,
    JsonBody(input): JsonBody<CatalogueInput>,
) -> ApiResult<StatusCode> {
    let list = catalogue_of(&list)?;
    let (ko, en) = input.validate_update().map_err(ApiError::Validation)?;
    state.store.update_entry(list, &code, ko.as_deref(), en.as_deref(), input.active, input.public).await?;
    tracing::info!(by = %admin.username, list = list.table(), %code, "catalogue entry changed");
    let target = format!("{}:{code}", list.table());
    let after = serde_json::to_value(&input).ok();
    trail::audit(&state, &admin.username, &address, AuditAction::CatalogueEntryChanged, target, None, after).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(update_department))
        .routes(utoipa_axum::routes!(rules, create_rule))
        .routes(utoipa_axum::routes!(catalogue, create_entry))
        .routes(utoipa_axum::routes!(update_entry))
        .routes(utoipa_axum::routes!(retire_rule))
}
