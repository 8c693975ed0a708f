//! Attachments: `POST /api/v1/uploads` takes one file before filing; staff read attached
//! files through `GET /api/v1/cases/{id}/attachments/{handle}`.

use app::api::UploadView;
use app::domain::{FieldError, FieldErrors, MAX_ATTACHMENT_BYTES};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::cases::visible_case;
use crate::AppState;
use crate::auth::{self, MaybeStaff, Staff};
use crate::error::{ApiError, ApiResult, Intake};

/// The request body may exceed one file by this much (multipart framing), so an oversized
/// file is read far enough to be told apart and named in the refusal.
pub const BODY_LIMIT: usize = MAX_ATTACHMENT_BYTES + 1024 * 1024;

fn refused(e: FieldError) -> ApiError {
    let mut errs = FieldErrors::default();
    errs.add("attachments", e);
    ApiError::Validation(errs)
}

/// `POST /api/v1/uploads` (multipart, field `file`): 201 with the handle to file the case
/// with, or 422 naming the file and why it was refused (type by content, size, damage).
/// Without a session, uploads count against the client address's hourly limit.
pub async fn upload(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    auth::ClientAddr(address): auth::ClientAddr,
    auth::Kiosk(kiosk): auth::Kiosk,
    mut form: Multipart,
) -> ApiResult<(StatusCode, Json<UploadView>)> {
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
    let encoded: String = record
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, record.media_kind.mime().to_owned()),
            (header::CONTENT_DISPOSITION, format!("{disposition}; filename*=UTF-8''{encoded}")),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        data,
    )
        .into_response())
}
