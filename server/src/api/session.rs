use app::api::{LoginInput, Me};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;

use super::JsonBody;
use crate::auth::{self, Staff};
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// `POST /api/v1/session` → 204 and the session cookie.
pub async fn login(State(state): State<AppState>, JsonBody(input): JsonBody<LoginInput>) -> ApiResult<impl IntoResponse> {
    let found = state.store.user_for_login(input.username.trim()).await?;
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if !auth::verify_password(input.password, hash).await {
        return Err(ApiError::BadCredentials);
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

/// `DELETE /api/v1/session` → 204; the cookie is cleared whether or not it was live.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    if let Some(token) = auth::session_token(&headers) {
        state.store.delete_session(&auth::token_hash(&token)).await?;
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, auth::clear_cookie(state.secure_cookies))])))
}

/// `GET /api/v1/session` → who is signed in.
pub async fn me(Staff(user): Staff) -> Json<Me> {
    Json(Me { username: user.username, display_name: user.display_name, role: user.role })
}
