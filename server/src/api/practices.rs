//! The good-practice library (우수사례) and the awards (포상). A department proposes one of its
//! closed cases from the case page; the VOC office shares it with every staff member or
//! declines it with a reason (its own proposals are shared at once); every staff member but
//! the privacy officer reads the library and the awards. The VOC office records the awards,
//! with the candidates the year's praise and shared entries suggest. Awards are audited;
//! library steps are in the case's history.

use std::collections::BTreeMap;

use app::api::{AwardView, AwardsOverview, CandidateView, ErrorBody, PracticeChoice, PracticeLibrary, PracticeView};
use app::domain::{
    AWARD_FIRST_YEAR, AuditAction, AwardInput, AwardKind, CaseAction, FieldError, FieldErrors, PracticeDecisionInput,
    PracticeInput, PracticeKind, PracticeState, Recipient, VocKind, award_candidates, practice_actions,
    practice_visible, seoul_midnight, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::JsonBody;
use super::cases::require;
use super::json::{Path, Query};
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{AwardRecord, PracticeRecord, StoreError, User};
use crate::trail;
use crate::workflow::Step;

/// Department names by id.
async fn department_names(state: &AppState) -> ApiResult<BTreeMap<i64, String>> {
    Ok(state.store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect())
}

fn practice_view(p: PracticeRecord, user: &User, departments: &BTreeMap<i64, String>) -> PracticeView {
    PracticeView {
        id: p.id,
        case_id: p.case_id,
        receipt_no: p.receipt_no,
        case_kind: p.case_kind,
        case_kind_label: p.case_kind.ko().into(),
        department_id: p.department_id,
        department: p.department_id.and_then(|d| departments.get(&d).cloned()),
        kind: p.content.kind,
        kind_label: p.content.kind.ko().into(),
        title: p.content.title,
        situation: p.content.situation,
        action: p.content.action,
        lesson: p.content.lesson,
        staff_name: p.content.staff_name,
        state: p.state,
        state_label: p.state.ko().into(),
        proposed_by: p.proposed_by,
        proposed_at: to_seoul(p.proposed_at),
        decided_by: p.decided_by,
        decided_at: p.decided_at.map(to_seoul),
        decline_reason: p.decline_reason,
        actions: practice_actions(user.role, p.state),
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryFilter {
    /// `good` or `lesson`.
    #[serde(default)]
    kind: Option<PracticeKind>,
    /// `proposed`, `shared` or `declined`.
    #[serde(default)]
    state: Option<PracticeState>,
    #[serde(default)]
    department: Option<i64>,
    /// Words in the title or the texts.
    #[serde(default)]
    #[param(max_length = 100)]
    q: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/good-practices",
    tag = "evaluations",
    summary = "The good-practice library: shared entries for every staff member, and proposals and declined entries for the VOC office and the department they came from; newest first",
    params(LibraryFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the entries", body = PracticeLibrary),
        (status = 400, description = "a filter that is not one of its values", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the privacy officer, who sees no case", body = ErrorBody),
        (status = 422, description = "the words are longer than 100 characters", body = ErrorBody)
    )
)]
/// `GET /api/v1/good-practices?kind=&state=&department=&q=`
pub async fn library(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(f): Query<LibraryFilter>,
) -> ApiResult<Json<PracticeLibrary>> {
    require(user.role.reads_ccm_records())?;
    let words = f.q.as_deref().map(str::trim).unwrap_or_default().to_lowercase();
    if words.chars().count() > 100 {
        let mut errs = FieldErrors::default();
        errs.add("q", FieldError::TooLong { max: 100 });
        return Err(ApiError::Validation(errs));
    }
    let departments = department_names(&state).await?;
    let seen: Vec<PracticeRecord> = state
        .store
        .practices()
        .await?
        .into_iter()
        .filter(|p| practice_visible(user.role, user.department_id, p.state, p.department_id))
        .collect();
    let waiting = i64::try_from(seen.iter().filter(|p| p.state == PracticeState::Proposed).count()).unwrap_or(0);
    let items = seen
        .into_iter()
        .filter(|p| f.kind.is_none_or(|k| p.content.kind == k))
        .filter(|p| f.state.is_none_or(|s| p.state == s))
        .filter(|p| f.department.is_none_or(|d| p.department_id == Some(d)))
        .filter(|p| {
            let c = &p.content;
            words.is_empty()
                || [&c.title, &c.situation, &c.action, &c.lesson].iter().any(|t| t.to_lowercase().contains(&words))
        })
        .map(|p| practice_view(p, &user, &departments))
        .collect();
    Ok(Json(PracticeLibrary { items, waiting }))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/practice",
    tag = "evaluations",
    summary = "Propose a closed case for the good-practice library (its department's staff, the VOC office); the VOC office's own proposal is shared at once",
    params(("id" = i64, Path)),
    request_body = PracticeInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "proposed (or shared)", body = PracticeView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 404, description = "no such case, or another department's", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: the case is not closed; `practice_exists`: it has an entry that is not declined", body = ErrorBody),
        (status = 422, description = "refused fields: kind, title, situation, action, lesson (required, too_long, personal_data), staff_name", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/practice`
pub async fn propose(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PracticeInput>,
) -> ApiResult<(StatusCode, Json<PracticeView>)> {
    let step = Step::begin(&state, &user, id, CaseAction::ProposePractice).await?;
    let case = &step.case;
    let known: Vec<&str> = [&case.name, &case.phone, &case.email].into_iter().flatten().map(String::as_str).collect();
    let valid = input.validate(&known).map_err(ApiError::Validation)?;
    let (change, practice_id) = crate::workflow::follow_up::propose_practice(step, &valid).await?;
    change.publish(&state).await;
    let p = state.store.practice(practice_id).await?.ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(practice_view(p, &user, &department_names(&state).await?))))
}

#[utoipa::path(
    post,
    path = "/api/v1/good-practices/{id}/decision",
    tag = "evaluations",
    summary = "Share a proposal with every staff member, or decline it with a reason (VOC manager, administrators)",
    params(("id" = i64, Path)),
    request_body = PracticeDecisionInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "decided", body = PracticeView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such entry", body = ErrorBody),
        (status = 409, description = "`practice_decided`: shared or declined already", body = ErrorBody),
        (status = 422, description = "no reason to decline, or one over 500 characters", body = ErrorBody)
    )
)]
/// `POST /api/v1/good-practices/{id}/decision` `{share, reason}`
pub async fn decide(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PracticeDecisionInput>,
) -> ApiResult<Json<PracticeView>> {
    require(user.role.keeps_practices())?;
    let before = state.store.practice(id).await?.ok_or(ApiError::NotFound)?;
    let decline = input.validate().map_err(ApiError::Validation)?;
    crate::workflow::follow_up::decide_practice(&state, &user, &before, decline.as_deref()).await?;
    let p = state.store.practice(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(practice_view(p, &user, &department_names(&state).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardYear {
    /// The year whose work the awards reward; this year when absent.
    #[serde(default)]
    #[param(minimum = 2000, maximum = 9999)]
    year: Option<i32>,
}

fn award_view(a: AwardRecord, departments: &BTreeMap<i64, String>, titles: &BTreeMap<i64, String>) -> AwardView {
    let c = a.content;
    AwardView {
        id: a.id,
        year: c.year,
        kind: c.kind,
        kind_label: c.kind.ko().into(),
        staff_name: c.staff_name,
        department_id: c.department_id,
        department: c.department_id.and_then(|d| departments.get(&d).cloned()),
        honour: c.honour,
        reward: c.reward,
        grounds: c.grounds,
        practice_id: c.practice_id,
        practice_title: c.practice_id.and_then(|p| titles.get(&p).cloned()),
        awarded_on: c.awarded_on,
        recorded_by: a.recorded_by,
        recorded_at: to_seoul(a.recorded_at),
    }
}

/// The Seoul year an instant falls in.
fn year_of(t: chrono::DateTime<chrono::Utc>) -> i32 {
    to_seoul(t).year()
}

#[utoipa::path(
    get,
    path = "/api/v1/awards",
    tag = "evaluations",
    summary = "The awards for a year's work (CS 우수직원, CS 우수부서); for the VOC office also the candidates the year's praise and shared good practices suggest",
    params(AwardYear),
    security(("session" = [])),
    responses(
        (status = 200, description = "the awards", body = AwardsOverview),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the privacy officer, who sees no case", body = ErrorBody),
        (status = 422, description = "the year is not from 2000 to this year", body = ErrorBody)
    )
)]
/// `GET /api/v1/awards?year=2026`
pub async fn awards(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(f): Query<AwardYear>,
) -> ApiResult<Json<AwardsOverview>> {
    require(user.role.reads_ccm_records())?;
    let today = to_seoul(state.now()).date_naive();
    let year = f.year.unwrap_or(today.year());
    if !(AWARD_FIRST_YEAR..=today.year()).contains(&year) {
        let mut errs = FieldErrors::default();
        errs.add("year", FieldError::YearOutOfRange { first: AWARD_FIRST_YEAR, last: today.year() });
        return Err(ApiError::Validation(errs));
    }
    Ok(Json(overview(&state, &user, year, today).await?))
}

async fn overview(state: &AppState, user: &User, year: i32, today: NaiveDate) -> ApiResult<AwardsOverview> {
    let departments = department_names(state).await?;
    let practices = state.store.practices().await?;
    let titles: BTreeMap<i64, String> = practices.iter().map(|p| (p.id, p.content.title.clone())).collect();
    let records = state.store.awards(year).await?;
    let can_record = user.role.keeps_practices();
    let (mut candidates, mut choices) = (Vec::new(), Vec::new());
    if can_record {
        // The year's praise, by the day each case was received, and its shared entries, by the
        // day they were shared.
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(today);
        let praise: Vec<Recipient> = state
            .store
            .staff_mentions(seoul_midnight(from), seoul_midnight(to))
            .await?
            .into_iter()
            .filter(|m| m.kind == VocKind::Praise)
            .map(|m| (Some(m.staff_name), m.department_id))
            .collect();
        let shared: Vec<&PracticeRecord> = practices
            .iter()
            .filter(|p| p.state == PracticeState::Shared && p.decided_at.is_some_and(|t| year_of(t) == year))
            .collect();
        let on_record: Vec<Recipient> =
            shared.iter().map(|p| (p.content.staff_name.clone(), p.department_id)).collect();
        let awarded: Vec<(AwardKind, Recipient)> =
            records.iter().map(|a| (a.content.kind, (a.content.staff_name.clone(), a.content.department_id))).collect();
        candidates = award_candidates(&praise, &on_record, &awarded)
            .into_iter()
            .map(|c| CandidateView {
                kind_label: c.kind.ko().into(),
                department: c.department_id.and_then(|d| departments.get(&d).cloned()),
                kind: c.kind,
                staff_name: c.staff_name,
                department_id: c.department_id,
                praise: c.praise,
                practices: c.practices,
                awarded: c.awarded,
            })
            .collect();
        choices = shared
            .iter()
            .map(|p| PracticeChoice {
                id: p.id,
                title: p.content.title.clone(),
                staff_name: p.content.staff_name.clone(),
                department: p.department_id.and_then(|d| departments.get(&d).cloned()),
            })
            .collect();
    }
    Ok(AwardsOverview {
        year,
        first_year: AWARD_FIRST_YEAR,
        last_year: today.year(),
        awards: records.into_iter().map(|a| award_view(a, &departments, &titles)).collect(),
        candidates,
        practices: choices,
        can_record,
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/awards",
    tag = "evaluations",
    summary = "Record an award for a year's work to a staff member or a department (VOC manager, administrators)",
    request_body = AwardInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "recorded", body = AwardView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields: year (2000 to this year), kind, staff_name and department_id (as the kind needs them; unknown_department), honour, reward, grounds, practice_id (not a shared entry), awarded_on (a day not to come)", body = ErrorBody)
    )
)]
/// `POST /api/v1/awards`
pub async fn record_award(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<AwardInput>,
) -> ApiResult<(StatusCode, Json<AwardView>)> {
    require(user.role.keeps_practices())?;
    let today = to_seoul(state.now()).date_naive();
    let mut errs = FieldErrors::default();
    let valid = input.validate(today).map_err(|e| errs = e).ok();
    if let Some(id) = input.practice_id {
        let shared = state.store.practice(id).await?.is_some_and(|p| p.state == PracticeState::Shared);
        if !shared {
            errs.add("practice_id", FieldError::UnknownOption);
        }
    }
    let valid = match valid {
        Some(v) if errs.is_empty() => v,
        _ => return Err(ApiError::Validation(errs)),
    };
    let id = match state.store.record_award(&valid, &user, state.now()).await {
        Err(StoreError::UnknownDepartment) => {
            errs.add("department_id", FieldError::UnknownDepartment);
            return Err(ApiError::Validation(errs));
        }
        r => r?,
    };
    let record = state.store.award(id).await?.ok_or(ApiError::NotFound)?;
    let titles: BTreeMap<i64, String> =
        state.store.practices().await?.into_iter().map(|p| (p.id, p.content.title)).collect();
    let view = award_view(record, &department_names(&state).await?, &titles);
    tracing::info!(id, by = %user.username, year = valid.year, kind = %valid.kind, "award recorded");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::AwardRecorded,
        format!("award:{id}"),
        None,
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/awards/{id}",
    tag = "evaluations",
    summary = "Delete an award recorded in error (VOC manager, administrators); the audit log keeps what it was",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "deleted"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such award", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/awards/{id}`
pub async fn delete_award(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    require(user.role.keeps_practices())?;
    let record = state.store.award(id).await?.ok_or(ApiError::NotFound)?;
    let titles: BTreeMap<i64, String> =
        state.store.practices().await?.into_iter().map(|p| (p.id, p.content.title)).collect();
    let before = award_view(record, &department_names(&state).await?, &titles);
    if !state.store.delete_award(id).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(id, by = %user.username, "award deleted");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::AwardDeleted,
        format!("award:{id}"),
        serde_json::to_value(&before).ok(),
        None,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(library))
        .routes(utoipa_axum::routes!(propose))
        .routes(utoipa_axum::routes!(decide))
        .routes(utoipa_axum::routes!(awards, record_award))
        .routes(utoipa_axum::routes!(delete_award))
}
