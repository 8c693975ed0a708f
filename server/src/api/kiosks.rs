//! Registered kiosks. An administrator issues a key for the tablet in one facility
//! (`/admin/kiosks`), shown once; the tablet registers with it and from then on sends it (a
//! long-lived HttpOnly cookie, or `X-Kiosk-Key` from a kiosk app). Its filings, uploads and
//! lookups count against its own, higher limits instead of its address's; a revoked key stops
//! the tablet with 403 `kiosk_key_revoked`.

use super::json::Path;
use app::api::ErrorBody;
use app::api::{IssuedKioskKey, KioskDeviceInput, KioskDeviceView, KioskKeyView, NewKioskKeyInput};
use app::domain::{AuditAction, FieldError, FieldErrors, to_seoul};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse};
use serde_json::json;

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, Admin, ClientAddr, Kiosk};
use crate::error::{ApiError, ApiResult};
use crate::store::{KioskKey, StoreError};
use crate::trail;

/// The longest name of a kiosk.
const MAX_LABEL: usize = 60;

fn view(k: KioskKey) -> KioskKeyView {
    KioskKeyView {
        id: k.id,
        facility: k.facility,
        label: k.label,
        created_by: k.created_by,
        created_at: to_seoul(k.created_at),
        revoked_at: k.revoked_at.map(to_seoul),
        last_used_at: k.last_used_at.map(to_seoul),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/kiosk-keys",
    tag = "kiosks",
    summary = "Every registered kiosk, revoked ones too, newest first (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "the kiosks", body = Vec<KioskKeyView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody)
    )
)]
/// `GET /api/v1/kiosk-keys`: every kiosk, revoked ones too, newest first (administrators).
pub async fn list(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<Vec<KioskKeyView>>> {
    Ok(Json(state.store.kiosk_keys().await?.into_iter().map(view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/kiosk-keys",
    tag = "kiosks",
    summary = "Issue a key for the kiosk tablet in one facility (administrators)",
    request_body = NewKioskKeyInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "the kiosk and its key, shown once", body = IssuedKioskKey),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 422, description = "`label`: required or too long; `facility`: required or `unknown_facility`", body = ErrorBody)
    )
)]
/// `POST /api/v1/kiosk-keys` `{facility, label}` → 201 with the key, shown this once.
pub async fn issue(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<NewKioskKeyInput>,
) -> ApiResult<(StatusCode, Json<IssuedKioskKey>)> {
    let mut errs = FieldErrors::default();
    let label = input.label.trim();
    if label.is_empty() {
        errs.add("label", FieldError::Required);
    } else if label.chars().count() > MAX_LABEL {
        errs.add("label", FieldError::TooLong { max: MAX_LABEL });
    }
    let facility = input.facility.trim();
    if facility.is_empty() {
        errs.add("facility", FieldError::Required);
    }
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let secret = auth::random_token();
    let kiosk = match state
        .store
        .create_kiosk_key(&auth::token_hash(&secret), facility, label, &admin.username, state.now())
        .await
    {
        Err(StoreError::UnknownFacility) => {
            errs.add("facility", FieldError::UnknownFacility);
            return Err(ApiError::Validation(errs));
        }
        r => r?,
    };
    tracing::info!(by = %admin.username, kiosk = kiosk.id, facility = %kiosk.facility, "kiosk key issued");
    let after = json!({"facility": kiosk.facility, "label": kiosk.label});
    let target = format!("kiosk:{}", kiosk.id);
    trail::audit(&state, &admin.username, &address, AuditAction::KioskKeyIssued, target, None, Some(after)).await?;
    Ok((StatusCode::CREATED, Json(IssuedKioskKey { kiosk: view(kiosk), secret })))
}

#[utoipa::path(
    delete,
    path = "/api/v1/kiosk-keys/{id}",
    tag = "kiosks",
    summary = "Revoke a kiosk's key: the tablet stops at its next request (administrators)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "revoked (also when it was already)"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "administrators only", body = ErrorBody),
        (status = 404, description = "no such kiosk", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/kiosk-keys/{id}` → 204: the tablet stops at its next request.
pub async fn revoke(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let before = state.store.revoke_kiosk_key(id, state.now()).await?.ok_or(ApiError::NotFound)?;
    if before.revoked_at.is_none() {
        tracing::info!(by = %admin.username, kiosk = id, "kiosk key revoked");
        let was = json!({"facility": before.facility, "label": before.label});
        let target = format!("kiosk:{id}");
        trail::audit(&state, &admin.username, &address, AuditAction::KioskKeyRevoked, target, Some(was), None).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/kiosk/device",
    tag = "kiosks",
    summary = "Register this browser as the kiosk a key was issued for; sets the long-lived HttpOnly kiosk cookie",
    request_body = KioskDeviceInput,
    responses(
        (status = 200, description = "registered; `Set-Cookie` carries the kiosk cookie", body = KioskDeviceView),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 422, description = "`key`: required or `unknown_kiosk_key` (wrong or revoked)", body = ErrorBody)
    )
)]
/// `POST /api/v1/kiosk/device` `{key}` → 200 and the kiosk cookie: this browser is the kiosk
/// the key was issued for.
pub async fn register(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<KioskDeviceInput>,
) -> ApiResult<impl IntoResponse> {
    let key = input.key.trim();
    let found = match key {
        "" => None,
        key => state.store.kiosk_by_key(&auth::token_hash(key)).await?.filter(|k| k.revoked_at.is_none()),
    };
    let Some(kiosk) = found else {
        let mut errs = FieldErrors::default();
        errs.add("key", if key.is_empty() { FieldError::Required } else { FieldError::UnknownKioskKey });
        return Err(ApiError::Validation(errs));
    };
    tracing::info!(kiosk = kiosk.id, facility = %kiosk.facility, "kiosk registered on a device");
    let cookie = state.cookies.kiosk(key);
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie)]),
        Json(KioskDeviceView { facility: kiosk.facility, label: kiosk.label }),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/kiosk/device",
    tag = "kiosks",
    summary = "Which registered kiosk this browser is (its kiosk cookie or `X-Kiosk-Key`)",
    responses(
        (status = 200, description = "the kiosk", body = KioskDeviceView),
        (status = 403, description = "`kiosk_key_revoked`", body = ErrorBody),
        (status = 404, description = "not a registered kiosk", body = ErrorBody)
    )
)]
/// `GET /api/v1/kiosk/device` → which registered kiosk this browser is; 404 when it is none,
/// 403 `kiosk_key_revoked` when its registration was withdrawn.
pub async fn device(Kiosk(kiosk): Kiosk) -> ApiResult<Json<KioskDeviceView>> {
    let kiosk = kiosk.ok_or(ApiError::NotFound)?;
    Ok(Json(KioskDeviceView { facility: kiosk.facility, label: kiosk.label }))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, issue))
        .routes(utoipa_axum::routes!(revoke))
        .routes(utoipa_axum::routes!(device, register))
}
