use app::api::{LoginInput, Me, PasswordChangeInput};
use app::domain::{FieldError, FieldErrors};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse};

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::{throttle, trail};
use app::domain::AuditAction;

/// `POST /api/v1/session` → 204 and the session cookie. At most 5 password checks per
/// account, and 20 per address, in 15 minutes — counted before the check, so a burst cannot
/// race past them; a correct password gives its count back. Past the limit: 429 with
/// `Retry-After` (the rest of the window), and no password is checked.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<LoginInput>,
) -> ApiResult<impl IntoResponse> {
    let username = input.username.trim().to_lowercase();
    let checks = throttle::signin_checks(&username, &address);
    let held = match throttle::take(state.store.as_ref(), state.now(), &checks).await? {
        Ok(held) => held,
        Err(refused) => {
            tracing::warn!(user = %username, %address, "sign-in refused: too many attempts");
            let target = format!("user:{username}");
            trail::audit(&state, &username, &address, AuditAction::SignInRefused, target, None, None).await?;
            return Err(ApiError::TooManyAttempts { retry_after_secs: refused.retry_after_secs });
        }
    };
    let found = state.store.user_for_login(&username).await?;
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if !auth::verify_password(input.password, hash).await {
        tracing::warn!(user = %username, %address, "sign-in failed");
        let target = format!("user:{username}");
        trail::audit(&state, &username, &address, AuditAction::SignInFailed, target, None, None).await?;
        return Err(match throttle::full(&held, state.now()) {
            Some(r) => ApiError::TooManyAttempts { retry_after_secs: r.retry_after_secs },
            None => ApiError::BadCredentials,
        });
    }
    let user = user.ok_or(ApiError::BadCredentials)?;
    throttle::give_back(state.store.as_ref(), held).await?;
    let token = auth::random_token();
    state.store.create_session(&auth::token_hash(&token), user.id, state.now()).await?;
    tracing::info!(user = %user.username, "signed in");
    let target = format!("user:{}", user.username);
    trail::audit(&state, &user.username, &address, AuditAction::SignedIn, target, None, None).await?;
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, state.cookies.session(&token))])))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct LogoutQuery {
    #[serde(default)]
    everywhere: Option<String>,
}

/// `DELETE /api/v1/session` → 204; the cookie is cleared whether or not it was live.
/// `?everywhere=true` ends every session of the account, on every device.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<LogoutQuery>,
) -> ApiResult<impl IntoResponse> {
    if let Some(token) = auth::session_token(&headers) {
        let hash = auth::token_hash(&token);
        let everywhere = q.everywhere.as_deref().is_some_and(|v| v == "true" || v == "1");
        match state.store.session_user(&hash, state.now(), state.session_limits).await? {
            Some(user) if everywhere => state.store.delete_sessions_of(user.id).await?,
            _ => state.store.delete_session(&hash).await?,
        }
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, state.cookies.clear())])))
}

/// `GET /api/v1/session` → who is signed in.
pub async fn me(Staff(user): Staff) -> Json<Me> {
    Json(Me {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        department_id: user.department_id,
        department_name: user.department_name,
        must_change_password: user.must_change_password,
    })
}

/// `POST /api/v1/session/password` `{current, new}` → 204: the signed-in person's own new
/// password. The current one is checked within the sign-in limits; the new one must be
/// strong and different. Every other session of the account ends; this one stays.
pub async fn change_password(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(input): JsonBody<PasswordChangeInput>,
) -> ApiResult<StatusCode> {
    let mut errs = FieldErrors::default();
    if input.current.is_empty() {
        errs.add("current", FieldError::Required);
    }
    if let Err(e) = auth::check_new_password(&input.new, &[&user.username, &user.display_name]) {
        errs.add("new", e);
    } else if input.new == input.current {
        errs.add("new", FieldError::SamePassword);
    }
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let checks = throttle::signin_checks(&user.username, &address);
    let held = match throttle::take(state.store.as_ref(), state.now(), &checks).await? {
        Ok(held) => held,
        Err(r) => return Err(ApiError::TooManyAttempts { retry_after_secs: r.retry_after_secs }),
    };
    let stored = state.store.user_for_login(&user.username).await?.map(|(_, hash)| hash);
    if !auth::verify_password(input.current, stored).await {
        errs.add("current", FieldError::WrongPassword);
        return Err(ApiError::Validation(errs));
    }
    throttle::give_back(state.store.as_ref(), held).await?;
    let token = auth::session_token(&headers).unwrap_or_default();
    let hash = auth::hash_password(input.new).await;
    state.store.change_own_password(user.id, &hash, &auth::token_hash(&token)).await?;
    tracing::info!(user = %user.username, "password changed by its owner");
    let target = format!("user:{}", user.username);
    trail::audit(&state, &user.username, &address, AuditAction::PasswordChanged, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
