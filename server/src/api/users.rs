//! Staff accounts and departments (administrators), and the department list (all staff).

use super::json::Path;
use app::api::ErrorBody;
use app::api::{DepartmentView, NewUserInput, PasswordInput, UserEmailInput, UserView};
use app::domain::{Email, FieldError, FieldErrors, Role};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{NewUser, StoreError, User};
use crate::trail;
use app::domain::AuditAction;
use serde_json::json;

fn view(u: User) -> UserView {
    UserView {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        department_id: u.department_id,
        department_name: u.department_name,
        active: u.active,
        email: u.email,
        two_factor: u.two_factor,
    }
}

/// An optional e-mail address, checked.
fn optional_email(v: Option<&str>, errs: &mut FieldErrors) -> Option<String> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    errs.take("email", Email::parse(v)).map(|e| e.as_str().to_owned())
}

#[utoipa::path(
    get,
    path = "/api/v1/departments",
    tag = "users",
    summary = "Departments",
    security(("session" = [])),
    responses(
        (status = 200, description = "departments", body = Vec<DepartmentView>),
        (status = 401, description = "no session", body = ErrorBody)
    )
)]
/// `GET /api/v1/departments`
pub async fn departments(State(state): State<AppState>, _staff: Staff) -> ApiResult<Json<Vec<DepartmentView>>> {
    Ok(Json(
        state
            .store
            .departments()
            .await?
            .into_iter()
            .map(|d| DepartmentView { id: d.id, code: d.code, name: d.name, is_lead: d.is_lead, active: d.active })
            .collect(),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    summary = "Staff accounts (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "users", body = Vec<UserView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/users`
pub async fn list(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<Vec<UserView>>> {
    Ok(Json(state.store.users().await?.into_iter().map(view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    summary = "Create a staff account (administrators)",
    request_body = NewUserInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "created", body = UserView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "refused fields (e.g. username_taken)", body = ErrorBody)
    )
)]
/// `POST /api/v1/users` `{username, password, display_name, role, department}` → 201.
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<NewUserInput>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let mut errs = FieldErrors::default();
    let username = input.username.trim().to_lowercase();
    let username_ok = (3..=32).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !username_ok {
        errs.add("username", FieldError::InvalidUsername);
    }
    let display_name = input.display_name.trim();
    if let Err(e) = auth::check_new_password(&input.password, &[&username, display_name]) {
        errs.add("password", e);
    }
    if display_name.is_empty() {
        errs.add("display_name", FieldError::Required);
    }
    let role = errs.take("role", input.role.parse::<Role>());
    let departments = state.store.departments().await?;
    let department = match &input.department {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => {
            let by_id = v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
            let found = departments.iter().find(|d| Some(d.id) == by_id || v.as_str() == Some(d.code.as_str()));
            if found.is_none() {
                errs.add("department", FieldError::UnknownDepartment);
            }
            found.map(|d| d.id)
        }
    };
    if matches!(role, Some(Role::Handler | Role::DepartmentHead))
        && department.is_none()
        && errs.get("department").is_none()
    {
        errs.add("department", FieldError::Required);
    }
    let email = optional_email(input.email.as_deref(), &mut errs);
    let Some(role) = role.filter(|_| errs.is_empty()) else { return Err(ApiError::Validation(errs)) };
    let new = NewUser {
        username,
        display_name: display_name.to_owned(),
        role,
        department_id: department,
        password_hash: auth::hash_password(input.password).await,
        email,
        must_change_password: false,
    };
    let user = match state.store.create_user(&new, state.now()).await {
        Err(StoreError::AlreadyExists) => {
            let mut e = FieldErrors::default();
            e.add("username", FieldError::UsernameTaken);
            return Err(ApiError::Validation(e));
        }
        r => r?,
    };
    tracing::info!(by = %admin.username, user = %user.username, role = %user.role, "user created");
    let after = json!({"username": user.username, "display_name": user.display_name, "role": user.role,
                       "department_id": user.department_id});
    let target = format!("user:{}", user.username);
    trail::audit(&state, &admin.username, &address, AuditAction::UserCreated, target, None, Some(after)).await?;
    Ok((StatusCode::CREATED, Json(view(user))))
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/disable",
    tag = "users",
    summary = "Disable an account; its sessions end (administrators)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody)
    )
)]
/// `POST /api/v1/users/{id}/disable` and `…/enable`.
pub async fn disable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    if id == admin.id {
        return Err(ApiError::NotPermitted);
    }
    set_active(&state, &admin, &address, id, false).await
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/enable",
    tag = "users",
    summary = "Enable an account (administrators)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody)
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    set_active(&state, &admin, &address, id, true).await
}

async fn set_active(state: &AppState, admin: &User, address: &str, id: i64, active: bool) -> ApiResult<StatusCode> {
    let before = state.store.user_by_id(id).await?.ok_or(ApiError::NotFound)?;
    state.store.set_user_active(id, active).await?;
    let action = if active { AuditAction::UserEnabled } else { AuditAction::UserDisabled };
    let (was, now) = (json!({"active": before.active}), json!({"active": active}));
    trail::audit(state, &admin.username, address, action, format!("user:{}", before.username), Some(was), Some(now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/email",
    tag = "users",
    summary = "Set or remove a staff member's e-mail address for alerts (administrators)",
    params(("id" = i64, Path)),
    request_body = UserEmailInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody),
        (status = 422, description = "not an e-mail address", body = ErrorBody)
    )
)]
/// `PUT /api/v1/users/{id}/email` `{email}`: where this person's alerts go; empty removes it.
pub async fn set_email(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<UserEmailInput>,
) -> ApiResult<StatusCode> {
    let mut errs = FieldErrors::default();
    let email = optional_email(input.email.as_deref(), &mut errs);
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let before = state.store.user_by_id(id).await?.ok_or(ApiError::NotFound)?;
    state.store.set_user_email(id, email.as_deref()).await?;
    let (was, now) = (json!({"email": before.email}), json!({"email": email}));
    let target = format!("user:{}", before.username);
    trail::audit(&state, &admin.username, &address, AuditAction::UserEmailSet, target, Some(was), Some(now)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/password",
    tag = "users",
    summary = "Reset a password (administrators); every session of the account ends",
    params(("id" = i64, Path)),
    request_body = PasswordInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody),
        (status = 422, description = "weak password", body = ErrorBody)
    )
)]
/// `POST /api/v1/users/{id}/password` `{password}`: a reset by an administrator; every
/// session of that account ends.
pub async fn reset_password(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PasswordInput>,
) -> ApiResult<StatusCode> {
    let user = state.store.user_by_id(id).await?.ok_or(ApiError::NotFound)?;
    if let Err(error) = auth::check_new_password(&input.password, &[&user.username, &user.display_name]) {
        let mut e = FieldErrors::default();
        e.add("password", error);
        return Err(ApiError::Validation(e));
    }
    let hash = auth::hash_password(input.password).await;
    state.store.set_password(id, &hash).await?;
    unlock_account(&state, id).await?;
    let target = format!("user:{}", user.username);
    trail::audit(&state, &admin.username, &address, AuditAction::PasswordReset, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/unlock",
    tag = "users",
    summary = "Lift an account's sign-in lock after too many failed sign-ins (administrators; a password reset lifts it too)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody)
    )
)]
/// `POST /api/v1/users/{id}/unlock`: lifts the sign-in lock of an account that met its limit
/// of failed sign-ins (a password reset lifts it too).
pub async fn unlock(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let user = unlock_account(&state, id).await?;
    let target = format!("user:{}", user.username);
    trail::audit(&state, &admin.username, &address, AuditAction::UserUnlocked, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/api/v1/users/{id}/two-factor",
    tag = "users",
    summary = "Forget a person's authenticator app and recovery codes (a lost phone) and end their sessions (administrators)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "reset"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such user", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/users/{id}/two-factor`: forgets the person's authenticator app and
/// recovery codes (a lost or changed phone) and ends their sessions; where two-step sign-in is
/// required they register a new app at their next sign-in.
pub async fn reset_two_factor(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let user = state.store.user_by_id(id).await?.ok_or(ApiError::NotFound)?;
    state.store.reset_two_factor(id).await?;
    tracing::info!(by = %admin.username, user = %user.username, "two-step sign-in reset");
    let (was, now) = (json!({"two_factor": user.two_factor}), json!({"two_factor": false}));
    let target = format!("user:{}", user.username);
    trail::audit(&state, &admin.username, &address, AuditAction::TwoFactorReset, target, Some(was), Some(now)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unlock_account(state: &AppState, id: i64) -> ApiResult<User> {
    let user = state.store.user_by_id(id).await?.ok_or(ApiError::NotFound)?;
    state.store.clear_counter(&crate::throttle::signin_account(&user.username)).await?;
    tracing::info!(user = %user.username, "sign-in lock lifted");
    Ok(user)
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(departments, super::config_admin::create_department))
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(disable))
        .routes(utoipa_axum::routes!(enable))
        .routes(utoipa_axum::routes!(reset_password))
        .routes(utoipa_axum::routes!(unlock))
        .routes(utoipa_axum::routes!(set_email))
        .routes(utoipa_axum::routes!(reset_two_factor))
}
