//! Attachments: `POST /api/v1/uploads` takes one file before filing; staff read attached
//! files through `GET /api/v1/cases/{id}/attachments/{handle}`.

use super::json::Path;
use app::api::ErrorBody;
use app::api::UploadView;
use app::domain::{FieldError, FieldErrors, MAX_ATTACHMENT_BYTES};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::cases::visible_case;
use crate::AppState;
use crate::auth::{self, MaybeStaff, Staff};
use crate::error::{ApiError, ApiResult, Intake};

/// The request body may exceed one file by this much (multipart framing), so an oversized
/// file is read far enough to be told apart and named in the refusal.
pub const BODY_LIMIT: usize = MAX_ATTACHMENT_BYTES + 1024 * 1024;

/// The form `POST /api/v1/uploads` reads (it is parsed part by part, never as a whole; other
/// parts are ignored).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Describes the form in the OpenAPI document only.
pub struct UploadForm {
    /// The file: JPEG, PNG, HEIC or PDF by content, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

fn refused(e: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add("attachments", e);
    ApiError::Validation(errs)
}

#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    tag = "uploads",
    summary = "Uploads one file to attach when filing (≤ 10 MB; JPEG, PNG, HEIC or PDF by content; image metadata removed)",
    params(("X-Kiosk-Key" = Option<String>, Header, description = "a registered kiosk's key (the kiosk page sends its cookie instead): the kiosk's own limits instead of the address's")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "accepted; name its id in `attachments` when filing within 24 hours", body = UploadView),
        (status = 403, description = "`kiosk_key_revoked`: the kiosk's key was revoked", body = ErrorBody),
        (status = 422, description = "refused: type, size, empty or damaged image (field `attachments` names the file)", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many uploads from this address without a session in the last hour", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds until the limit's window ends")))
    )
)]
/// `POST /api/v1/uploads` (multipart, field `file`): 201 with the handle to file the case
/// with, or 422 naming the file and why it was refused (type by content, size, damage).
/// Without a session, uploads count against the client address's hourly limit.
pub async fn upload(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    auth::ClientAddr(address): auth::ClientAddr,
    auth::Kiosk(kiosk): auth::Kiosk,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<UploadView>)> {
    let mut form = form.map_err(|e| ApiError::MalformedBody(e.body_text()))?;
    if staff.is_none() {
        super::cases::public_intake(&state, Intake::Upload, &address, kiosk.as_ref()).await?;
    }
    let too_large = |name: &str| {
        refused(FieldError::FileTooLarge {
            name: app::domain::clean_file_name(name),
            max_mb: MAX_ATTACHMENT_BYTES / (1024 * 1024),
        })
    };
    while let Some(mut field) = form.next_field().await.map_err(|e| ApiError::MalformedBody(e.body_text()))? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut data = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    data.extend_from_slice(&chunk);
                    if data.len() > MAX_ATTACHMENT_BYTES {
                        return Err(too_large(&name));
                    }
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(&name)),
                Err(e) => return Err(ApiError::MalformedBody(e.body_text())),
            }
        }
        let accepted = crate::attachments::accept(&name, data).map_err(refused)?;
        let id = auth::random_token();
        state.store.save_upload(&id, &accepted.file_name, accepted.kind, &accepted.data, state.now()).await?;
        tracing::info!(kind = accepted.kind.as_str(), bytes = accepted.data.len(), "upload accepted");
        return Ok((
            StatusCode::CREATED,
            Json(UploadView {
                id,
                file_name: accepted.file_name,
                media_kind: accepted.kind,
                size_bytes: i64::try_from(accepted.data.len()).unwrap_or(i64::MAX),
            }),
        ));
    }
    let mut errs = FieldErrors::default();
    errs.add("attachments", FieldError::Required);
    Err(ApiError::Validation(errs))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/attachments/{handle}",
    tag = "uploads",
    summary = "A file attached to a case (staff who may see the case)",
    params(("id" = i64, Path), ("handle" = String, Path)),
    responses(
        (status = 200, description = "the file; images inline, PDFs as a download", content_type = "image/jpeg", body = String),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 404, description = "no such case or attachment, or not visible to this user", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{id}/attachments/{handle}`: the file, for staff who may see the case.
/// Images open in the browser; PDFs download, so no document runs in this origin.
pub async fn download(
    State(state): State<AppState>,
    Staff(user): Staff,
    auth::ClientAddr(address): auth::ClientAddr,
    Path((id, handle)): Path<(i64, String)>,
) -> ApiResult<Response> {
    let case = visible_case(&state, &user, id).await?;
    let (record, data) = state.store.attachment(case.id, &handle).await?.ok_or(ApiError::NotFound)?;
    // On record before a byte leaves: no record, no disclosure.
    let what = app::domain::AccessKind::Attachment;
    crate::trail::access(&state, &user, &address, Some(case.id), what, record.file_name.clone()).await?;
    let disposition = if record.media_kind.is_image() { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, record.media_kind.mime().to_owned()),
            (header::CONTENT_DISPOSITION, content_disposition(disposition, &record.file_name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        data,
    )
        .into_response())
}

/// A `Content-Disposition` value whose file name survives any script (RFC 6266 `filename*`).
pub fn content_disposition(disposition: &str, file_name: &str) -> String {
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    format!("{disposition}; filename*=UTF-8''{encoded}")
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    use utoipa_axum::router::OpenApiRouter;
    OpenApiRouter::new()
        .merge(
            OpenApiRouter::new()
                .routes(utoipa_axum::routes!(upload))
                .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .routes(utoipa_axum::routes!(download))
}
