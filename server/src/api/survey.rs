use super::json::Path;
use app::api::ErrorBody;
use app::api::{SurveyForm, SurveyItemView};
use app::domain::{CaseStatus, SURVEY_ITEMS, SurveyInput};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::JsonBody;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::store::CaseRecord;

async fn closed_case(state: &AppState, token: &str) -> ApiResult<CaseRecord> {
    let case = state.store.case_by_survey_token(token.trim()).await?.ok_or(ApiError::NotFound)?;
    if case.status != CaseStatus::Closed {
        return Err(ApiError::SurveyNotOpen);
    }
    // A merged duplicate's survey opens with its original's result.
    let original = crate::workflow::complainant::original_of(state, &case).await?;
    let Some(opened) = crate::workflow::complainant::survey_opened(&case, original.as_ref()) else {
        return Err(ApiError::SurveyNotOpen);
    };
    // The invitation promises `survey_days` from closure; after that the survey is closed.
    let days = state.survey_days;
    if state.now() > opened + chrono::Duration::days(days) {
        return Err(ApiError::SurveyExpired { days });
    }
    Ok(case)
}

#[utoipa::path(
    get,
    path = "/api/v1/surveys/{token}",
    tag = "survey",
    summary = "The satisfaction survey of a closed case",
    params(("token" = String, Path)),
    responses(
        (status = 200, description = "the form", body = SurveyForm),
        (status = 404, description = "unknown token", body = ErrorBody),
        (status = 409, description = "the case is not closed yet", body = ErrorBody),
        (status = 410, description = "the survey closed 14 days after the case did", body = ErrorBody)
    )
)]
/// `GET /api/v1/surveys/{token}`: the seven items, and whether this case has answered.
pub async fn form(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Json<SurveyForm>> {
    let case = closed_case(&state, &token).await?;
    let submitted = state.store.survey_submitted(case.id).await?;
    Ok(Json(SurveyForm {
        receipt_no: case.receipt_no,
        items: SURVEY_ITEMS
            .iter()
            .map(|i| SurveyItemView { id: i.id.into(), text: i.ko.into(), text_en: i.en.into() })
            .collect(),
        scale: (1, 5),
        submitted,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/surveys/{token}",
    tag = "survey",
    summary = "Answer the survey (once per case)",
    params(("token" = String, Path)),
    request_body = SurveyInput,
    responses(
        (status = 201, description = "recorded", body = serde_json::Value),
        (status = 404, description = "unknown token", body = ErrorBody),
        (status = 409, description = "already answered, or not closed yet", body = ErrorBody),
        (status = 410, description = "the survey closed 14 days after the case did", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/surveys/{token}` → 201; a second response for the same case → 409.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    JsonBody(input): JsonBody<SurveyInput>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let case = closed_case(&state, &token).await?;
    if state.store.survey_submitted(case.id).await? {
        return Err(ApiError::SurveyAlreadyAnswered);
    }
    let valid = input.validate().map_err(ApiError::Validation)?;
    state.store.submit_survey(case.id, &valid, state.now()).await?;
    tracing::info!(receipt_no = %case.receipt_no, "survey answered");
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "status": "recorded" }))))
}
