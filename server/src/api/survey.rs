//! The satisfaction survey (by the link in the result notice) and the VOC manager's
//! follow-up of dissatisfied responses (불만족 민원 추가 답변).

use super::json::{Path, Query};
use app::api::ErrorBody;
use app::api::{SurveyFollowUpView, SurveyForm, SurveyItemView};
use app::domain::{BusinessCalendar, CaseStatus, SurveyFollowUpInput, SurveyInput, to_seoul};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::JsonBody;
use super::cases::require;
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::store::{CaseRecord, SurveyFollowUpRecord, User};

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
/// `GET /api/v1/surveys/{token}`: the items the organisation asks, and whether this case has answered.
pub async fn form(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Json<SurveyForm>> {
    let case = closed_case(&state, &token).await?;
    let submitted = state.store.survey_submitted(case.id).await?;
    Ok(Json(SurveyForm {
        receipt_no: case.receipt_no,
        items: state
            .store
            .survey_items()
            .await?
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
    let valid = input.validate(&state.store.survey_items().await?).map_err(ApiError::Validation)?;
    crate::workflow::complainant::answer_survey(&state, &case, &valid).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "status": "recorded" }))))
}

fn follow_up_view(
    f: SurveyFollowUpRecord,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    viewer: &User,
) -> SurveyFollowUpView {
    let done = f.done_at.is_some();
    SurveyFollowUpView {
        remaining_secs: calendar.between(now, f.due_at),
        overdue: !done && now > f.due_at,
        on_time: f.done_at.map(|d| d <= f.due_at),
        can_complete: !done && viewer.role.follows_up_surveys(),
        contact_label: f.contact.map(|c| c.ko().to_owned()),
        id: f.id,
        case_id: f.case_id,
        receipt_no: f.receipt_no,
        kind: f.kind,
        department: f.department_name,
        overall: f.overall,
        result: f.result,
        comment: f.comment,
        opened_at: to_seoul(f.opened_at),
        due_at: to_seoul(f.due_at),
        done_at: f.done_at.map(to_seoul),
        done_by: f.done_by,
        contact: f.contact,
        note: f.note,
        reopened: f.reopened,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpFilter {
    /// `open` for the open ones only; `all` (or none) for the open ones and the latest 500 done.
    #[serde(default)]
    #[param(pattern = "^(open|all)?$")]
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/survey-follow-ups",
    tag = "survey",
    summary = "Follow-ups of dissatisfied survey responses (불만족 민원 추가 답변): open ones soonest due first, then the latest done, each with its case and business-time clock",
    params(FollowUpFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the follow-ups", body = Vec<SurveyFollowUpView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive or an administrator", body = ErrorBody),
        (status = 422, description = "status is neither open nor all", body = ErrorBody)
    )
)]
/// `GET /api/v1/survey-follow-ups?status=open|all`
pub async fn follow_ups(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(filter): Query<FollowUpFilter>,
) -> ApiResult<Json<Vec<SurveyFollowUpView>>> {
    require(user.role.sees_all())?;
    // Exactly the document's pattern: `open`, `all` or nothing.
    let open_only = match filter.status.as_deref() {
        None | Some("" | "all") => false,
        Some("open") => true,
        Some(_) => {
            let mut errs = app::domain::FieldErrors::default();
            errs.add("status", app::domain::FieldError::UnknownStatus);
            return Err(ApiError::Validation(errs));
        }
    };
    let (calendar, now) = (state.store.calendar().await?, state.now());
    let list = state.store.survey_follow_ups(open_only).await?;
    Ok(Json(list.into_iter().map(|f| follow_up_view(f, &calendar, now, &user)).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/survey-follow-ups/{id}/done",
    tag = "survey",
    summary = "Record what was done about a dissatisfied response: how the complainant was reached and what was said; reopen sends the case back to work in the same step",
    params(("id" = i64, Path)),
    request_body = SurveyFollowUpInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "recorded", body = SurveyFollowUpView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such follow-up", body = ErrorBody),
        (status = 409, description = "already recorded, or the case to reopen is no longer closed", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/survey-follow-ups/{id}/done` `{contact, note, reopen}`
pub async fn complete_follow_up(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<SurveyFollowUpInput>,
) -> ApiResult<Json<SurveyFollowUpView>> {
    require(user.role.follows_up_surveys())?;
    let found = state.store.survey_follow_up(id).await?.ok_or(ApiError::NotFound)?;
    if found.done_at.is_some() {
        return Err(ApiError::FollowUpDone);
    }
    let done = input.validate().map_err(ApiError::Validation)?;
    let now = state.now();
    let reopened = crate::workflow::scheduled::complete_follow_up(&state, &user, id, found.case_id, &done).await?;
    if let Some(change) = reopened {
        change.publish(&state).await;
    }
    let f = state.store.survey_follow_up(id).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(follow_up = id, receipt_no = %f.receipt_no, reopened = f.reopened, "survey follow-up recorded");
    let calendar = state.store.calendar().await?;
    Ok(Json(follow_up_view(f, &calendar, now, &user)))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(form, submit))
        .routes(utoipa_axum::routes!(follow_ups))
        .routes(utoipa_axum::routes!(complete_follow_up))
}
