use app::api::ErrorBody;
use app::api::{CodeInput, LoginInput, Me, PasswordChangeInput, RecoveryCodes, TotpSetup, TwoFactorStatus};
use app::domain::{FieldError, FieldErrors};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse};

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, ClientAddr, SignedIn, Staff};
use crate::error::{ApiError, ApiResult};
use crate::two_factor::{self, Code};
use crate::{throttle, trail};
use app::domain::AuditAction;

#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    summary = "Sign in",
    request_body = LoginInput,
    responses(
        (status = 204, description = "signed in; `voc_session` cookie set (HttpOnly, SameSite=Strict)"),
        (status = 401, description = "wrong username or password", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: five password checks for this account, or twenty from this address, in 15 minutes (counted before the check); the fifth failure already answers this", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds until the limit's window ends")))
    )
)]
/// `POST /api/v1/session` → 204 and the session cookie. For an account with two-step sign-in
/// the session waits for the code (`POST /api/v1/session/second-factor`) and opens nothing
/// else until then. At most 5 password checks per
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
    let pending = user.two_factor;
    state.store.create_session(&auth::token_hash(&token), user.id, state.now(), pending).await?;
    if pending {
        tracing::info!(user = %user.username, "password accepted; the second factor is next");
    } else {
        tracing::info!(user = %user.username, "signed in");
        let target = format!("user:{}", user.username);
        trail::audit(&state, &user.username, &address, AuditAction::SignedIn, target, None, None).await?;
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, state.cookies.session(&token))])))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogoutQuery {
    #[serde(default)]
    everywhere: Option<String>,
}

#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    summary = "Sign out",
    params(LogoutQuery),
    responses(
        (status = 204, description = "signed out; cookie cleared")
    )
)]
/// `DELETE /api/v1/session` → 204; the cookie is cleared whether or not it was live.
/// `?everywhere=true` ends every session of the account, on every device.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    super::json::Query(q): super::json::Query<LogoutQuery>,
) -> ApiResult<impl IntoResponse> {
    if let Some(token) = auth::session_token(&headers) {
        let hash = auth::token_hash(&token);
        let everywhere = q.everywhere.as_deref().is_some_and(|v| v == "true" || v == "1");
        match state.store.session_user(&hash, state.now(), state.session_limits).await? {
            Some(session) if everywhere => state.store.delete_sessions_of(session.user.id).await?,
            _ => state.store.delete_session(&hash).await?,
        }
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, state.cookies.clear())])))
}

#[utoipa::path(
    get,
    path = "/api/v1/session",
    tag = "session",
    summary = "Who is signed in",
    security(("session" = [])),
    responses(
        (status = 200, description = "the user", body = Me),
        (status = 401, description = "no session", body = ErrorBody)
    )
)]
/// `GET /api/v1/session` → who is signed in, and how far (a session whose second factor is
/// still to come answers too, with `two_factor.pending`).
pub async fn me(State(state): State<AppState>, SignedIn(session): SignedIn) -> ApiResult<Json<Me>> {
    let user = session.user;
    let two_factor = TwoFactorStatus {
        enrolled: user.two_factor,
        pending: session.second_factor_pending,
        required: state.two_factor.requires(user.role),
        recovery_codes_left: if user.two_factor { state.store.recovery_codes_left(user.id).await? } else { 0 },
    };
    Ok(Json(Me {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        department_id: user.department_id,
        department_name: user.department_name,
        must_change_password: user.must_change_password,
        two_factor,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session/password",
    tag = "session",
    summary = "Change one's own password (signed in); every other session of the account ends",
    request_body = PasswordChangeInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "changed"),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "`current`: required or `wrong_password`; `new`: `weak_password`, `guessable_password` or `same_password`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: the sign-in limits apply to the current password", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds")))
    )
)]
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
    let held = signin_attempt(&state, &user.username, &address).await?;
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

fn code_error(error: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add("code", error);
    ApiError::Validation(errs)
}

#[utoipa::path(
    post,
    path = "/api/v1/session/second-factor",
    tag = "session",
    summary = "Finish a sign-in whose password was right with a code from the authenticator app (each accepted once) or an unused recovery code; the session token is replaced",
    request_body = CodeInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "signed in; `Set-Cookie` carries the new session token (also when the session was complete already, without a cookie)"),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "`code`: `code_malformed` or `wrong_code` (wrong, or its time step used already)", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: codes count with passwords, 5 per account in 15 minutes", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds")))
    )
)]
/// `POST /api/v1/session/second-factor` `{code}` → 204 and a new session cookie: the code from
/// the authenticator app (each accepted once) or an unused recovery code completes a sign-in
/// whose password was right. Tries count with the password's, 5 per account in 15 minutes.
/// The waiting session's token is replaced, so one seen before the code never works after it.
pub async fn second_factor(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(input): JsonBody<CodeInput>,
) -> ApiResult<impl IntoResponse> {
    let user = session.user;
    let code = Code::parse(&input.code).ok_or_else(|| code_error(FieldError::CodeMalformed))?;
    if !session.second_factor_pending {
        return Ok((StatusCode::NO_CONTENT, AppendHeaders(Vec::new())));
    }
    let held = signin_attempt(&state, &user.username, &address).await?;
    let target = format!("user:{}", user.username);
    let accepted = match &code {
        Code::App(c) => fresh_app_code(&state, user.id, c).await?,
        Code::Recovery(c) => state.store.use_recovery_code(user.id, &two_factor::recovery_hash(c), state.now()).await?,
    };
    if !accepted {
        tracing::warn!(user = %user.username, %address, "second factor refused");
        trail::audit(&state, &user.username, &address, AuditAction::SecondFactorFailed, target, None, None).await?;
        return Err(match throttle::full(&held, state.now()) {
            Some(r) => ApiError::TooManyAttempts { retry_after_secs: r.retry_after_secs },
            None => code_error(FieldError::WrongCode),
        });
    }
    throttle::give_back(state.store.as_ref(), held).await?;
    let old = auth::token_hash(&auth::session_token(&headers).unwrap_or_default());
    let token = auth::random_token();
    if !state.store.complete_session(&old, &auth::token_hash(&token), state.now()).await? {
        return Err(ApiError::Unauthorized);
    }
    if matches!(code, Code::Recovery(_)) {
        let left = state.store.recovery_codes_left(user.id).await?;
        let after = serde_json::json!({"recovery_codes_left": left});
        let t = target.clone();
        trail::audit(&state, &user.username, &address, AuditAction::RecoveryCodeUsed, t, None, Some(after)).await?;
    }
    tracing::info!(user = %user.username, "signed in");
    trail::audit(&state, &user.username, &address, AuditAction::SignedIn, target, None, None).await?;
    Ok((StatusCode::NO_CONTENT, AppendHeaders(vec![(header::SET_COOKIE, state.cookies.session(&token))])))
}

/// Whether `code` is right for the person's app now and its time step was not used before
/// (the step is then used up: a code seen over a shoulder does not work twice).
async fn fresh_app_code(state: &AppState, user_id: i64, code: &str) -> ApiResult<bool> {
    let totp = state.store.totp_state(user_id).await?;
    let Some(step) = totp.secret.and_then(|secret| two_factor::check(&secret, code, state.now())) else {
        return Ok(false);
    };
    Ok(step > totp.last_step && state.store.use_totp_step(user_id, step).await?)
}

#[utoipa::path(
    post,
    path = "/api/v1/session/two-factor/setup",
    tag = "session",
    summary = "A new authenticator secret to scan; it counts once a code from it is confirmed",
    security(("session" = [])),
    responses(
        (status = 200, description = "the secret, its otpauth URI and QR code", body = TotpSetup),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`second_factor_required` or `password_change_required`: finish signing in first", body = ErrorBody),
        (status = 409, description = "`second_factor_enrolled`: an app is registered already (an administrator resets it)", body = ErrorBody)
    )
)]
/// `POST /api/v1/session/two-factor/setup` → 200 `{secret, otpauth_uri, qr_svg}`: a new
/// authenticator secret to scan. It counts only once a code from it is confirmed; a second
/// set-up replaces an unconfirmed first. 409 when an app is registered already.
pub async fn begin_two_factor(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Json<TotpSetup>> {
    let user = session.user;
    if user.two_factor {
        return Err(ApiError::SecondFactorEnrolled);
    }
    let secret = two_factor::new_secret();
    let otpauth_uri = two_factor::setup_uri(&secret, &user.username).ok_or(ApiError::Internal)?;
    let qr_svg = crate::qr::svg(&otpauth_uri).map_err(|_| ApiError::Internal)?;
    state.store.begin_totp(user.id, &secret).await?;
    Ok(Json(TotpSetup { secret, otpauth_uri, qr_svg }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session/two-factor",
    tag = "session",
    summary = "Register the app being set up with one of its codes; ten recovery codes come back",
    request_body = CodeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the recovery codes, shown this once", body = RecoveryCodes),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`second_factor_required` or `password_change_required`: finish signing in first", body = ErrorBody),
        (status = 409, description = "`second_factor_enrolled`", body = ErrorBody),
        (status = 422, description = "`code`: `code_malformed`, `wrong_code` or `no_totp_setup`", body = ErrorBody)
    )
)]
/// `POST /api/v1/session/two-factor` `{code}` → 200 `{codes}`: a code from the app being set
/// up registers it; ten recovery codes come back, shown this once.
pub async fn confirm_two_factor(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<CodeInput>,
) -> ApiResult<Json<RecoveryCodes>> {
    let user = session.user;
    if user.two_factor {
        return Err(ApiError::SecondFactorEnrolled);
    }
    let Some(Code::App(code)) = Code::parse(&input.code) else { return Err(code_error(FieldError::CodeMalformed)) };
    let Some(secret) = state.store.totp_state(user.id).await?.pending else {
        return Err(code_error(FieldError::NoTotpSetup));
    };
    let step = two_factor::check(&secret, &code, state.now()).ok_or_else(|| code_error(FieldError::WrongCode))?;
    let codes = two_factor::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| two_factor::recovery_hash(c)).collect();
    if !state.store.confirm_totp(user.id, &secret, step, &hashes, state.now()).await? {
        return Err(code_error(FieldError::NoTotpSetup));
    }
    tracing::info!(user = %user.username, "two-step sign-in set up");
    let target = format!("user:{}", user.username);
    trail::audit(&state, &user.username, &address, AuditAction::TwoFactorEnrolled, target, None, None).await?;
    Ok(Json(RecoveryCodes { codes }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session/two-factor/recovery-codes",
    tag = "session",
    summary = "Ten new recovery codes in place of the old ones, for a current code from the app",
    request_body = CodeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the new recovery codes, shown this once", body = RecoveryCodes),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the sign-in is not complete (`second_factor_required`, `password_change_required`, `second_factor_setup_required`)", body = ErrorBody),
        (status = 422, description = "`code`: `code_malformed`, `wrong_code` or `no_totp_setup` (no app registered)", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds")))
    )
)]
/// `POST /api/v1/session/two-factor/recovery-codes` `{code}` → 200 `{codes}`: ten new
/// recovery codes in place of the old ones, for a current code from the app.
pub async fn renew_recovery_codes(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<CodeInput>,
) -> ApiResult<Json<RecoveryCodes>> {
    if !user.two_factor {
        return Err(code_error(FieldError::NoTotpSetup));
    }
    let Some(Code::App(code)) = Code::parse(&input.code) else { return Err(code_error(FieldError::CodeMalformed)) };
    let held = signin_attempt(&state, &user.username, &address).await?;
    if !fresh_app_code(&state, user.id, &code).await? {
        return Err(code_error(FieldError::WrongCode));
    }
    throttle::give_back(state.store.as_ref(), held).await?;
    let codes = two_factor::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| two_factor::recovery_hash(c)).collect();
    state.store.replace_recovery_codes(user.id, &hashes).await?;
    let target = format!("user:{}", user.username);
    trail::audit(&state, &user.username, &address, AuditAction::RecoveryCodesRenewed, target, None, None).await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// Counts one attempt at a secret of `username`'s (password or code) from `address` before it
/// is checked; past the sign-in limits, 429 and nothing is checked.
async fn signin_attempt(state: &AppState, username: &str, address: &str) -> ApiResult<Vec<throttle::Held>> {
    let checks = throttle::signin_checks(username, address);
    match throttle::take(state.store.as_ref(), state.now(), &checks).await? {
        Ok(held) => Ok(held),
        Err(r) => Err(ApiError::TooManyAttempts { retry_after_secs: r.retry_after_secs }),
    }
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(login, logout, me))
        .routes(utoipa_axum::routes!(change_password))
        .routes(utoipa_axum::routes!(second_factor))
        .routes(utoipa_axum::routes!(begin_two_factor))
        .routes(utoipa_axum::routes!(confirm_two_factor))
        .routes(utoipa_axum::routes!(renew_recovery_codes))
}
