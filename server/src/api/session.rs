use app::api::{LoginInput, Me};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse};

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};

/// `POST /api/v1/session` → 204 and the session cookie. After 5 failures for an account, or
/// 20 from one address, within 15 minutes: 429 with `Retry-After`.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<LoginInput>,
) -> ApiResult<impl IntoResponse> {
    let username = input.username.trim().to_lowercase();
    let now = state.now();
    let since = now - chrono::Duration::minutes(auth::THROTTLE_WINDOW_MINUTES);
    let throttled = |(by_user, by_address): (i64, i64)| {
        by_user >= auth::MAX_FAILURES_PER_ACCOUNT || by_address >= auth::MAX_FAILURES_PER_ADDRESS
    };
    let too_many = || ApiError::TooManyAttempts { retry_after_secs: auth::THROTTLE_WINDOW_MINUTES * 60 };
    if throttled(state.store.login_failures(&username, &address, since).await?) {
        return Err(too_many());
    }
    let found = state.store.user_for_login(&username).await?;
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if !auth::verify_password(input.password, hash).await {
        let counts = state.store.login_failed(&username, &address, now, since).await?;
        tracing::warn!(user = %username, %address, failures = counts.0, "sign-in failed");
        return Err(if throttled(counts) { too_many() } else { ApiError::BadCredentials });
    }
    let user = user.ok_or(ApiError::BadCredentials)?;
    let token = auth::random_token();
    state.store.create_session(&auth::token_hash(&token), user.id, state.now()).await?;
    tracing::info!(user = %user.username, "signed in");
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(header::SET_COOKIE, auth::session_cookie(&token, state.secure_cookies))]),
    ))
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
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, auth::clear_cookie(state.secure_cookies))])))
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
    })
}
