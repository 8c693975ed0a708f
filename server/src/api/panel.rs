//! The citizen panel and customer monitors' roster (주민참여평가단, 고객모니터단), kept by the
//! VOC office: members appointed and corrected (audited), read with names and contacts
//! masked, and unmasked one member at a time for a stated purpose, which the access log keeps
//! before anything leaves the server. The retention sweep
//! ([`crate::jobs::purge_panel_members`]) destroys a member's personal data a year after the term.

use app::api::{ErrorBody, MemberRef, PanelContactView, PanelMemberView, PanelRoster};
use app::domain::{
    AccessKind, AuditAction, CONTACT_PURPOSES, ContactPurposeInput, Email, MemberState, PanelMemberInput, PhoneNumber,
    kept_until, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;

use super::JsonBody;
use super::cases::require;
use super::json::Path;
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{PanelMemberRecord, User};
use crate::trail;

/// As activities name a member: masked, with the group and term.
pub fn member_ref(r: &PanelMemberRecord) -> MemberRef {
    let m = &r.member;
    MemberRef {
        id: r.id,
        name: m.name.masked(),
        panel: m.panel,
        panel_label: m.panel.ko().into(),
        term_from: m.term_from,
        term_to: m.term_to,
    }
}

fn member_view(r: PanelMemberRecord, today: NaiveDate) -> PanelMemberView {
    let m = r.member;
    let state = MemberState::of(m.term_from, m.term_to, r.purged_at.is_some(), today);
    PanelMemberView {
        id: r.id,
        panel: m.panel,
        panel_label: m.panel.ko().into(),
        // After the sweep the stored name is the mask, which masks to itself.
        name: m.name.masked(),
        phone: m.phone.as_ref().map(PhoneNumber::masked),
        email: m.email.as_ref().map(Email::masked),
        affiliation: m.affiliation,
        term_from: m.term_from,
        term_to: m.term_to,
        consented_on: m.consented_on,
        kept_until: kept_until(m.term_to),
        state,
        state_label: state.ko().into(),
        sessions: r.sessions,
        recorded_by: r.recorded_by,
        recorded_at: to_seoul(r.recorded_at),
        updated_by: r.updated_by,
        updated_at: r.updated_at.map(to_seoul),
    }
}

fn today(state: &AppState) -> NaiveDate {
    to_seoul(state.now()).date_naive()
}

#[utoipa::path(
    get,
    path = "/api/v1/panel-members",
    tag = "evaluations",
    summary = "The citizen panel and customer monitors' roster, serving members first, names and contacts masked (VOC manager, administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "the roster", body = PanelRoster),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/panel-members`
pub async fn list(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<PanelRoster>> {
    require(user.role.records_activities())?;
    let today = today(&state);
    let mut members: Vec<PanelMemberView> =
        state.store.members().await?.into_iter().map(|r| member_view(r, today)).collect();
    members.sort_by_key(|m| (m.state != MemberState::Serving, m.state == MemberState::Purged));
    let serving = i64::try_from(members.iter().filter(|m| m.state == MemberState::Serving).count()).unwrap_or(0);
    Ok(Json(PanelRoster { members, serving, purposes: CONTACT_PURPOSES.iter().map(|&p| p.to_owned()).collect() }))
}

async fn saved(
    state: &AppState,
    user: &User,
    address: &str,
    id: i64,
    before: Option<&PanelMemberView>,
) -> ApiResult<PanelMemberView> {
    let view = member_view(state.store.member(id).await?.ok_or(ApiError::NotFound)?, today(state));
    // The audit entry holds the masked record: the log is read by more people than the roster.
    trail::audit(
        state,
        &user.username,
        address,
        AuditAction::PanelMemberSaved,
        format!("panel_member:{id}"),
        before.and_then(|b| serde_json::to_value(b).ok()),
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok(view)
}

#[utoipa::path(
    post,
    path = "/api/v1/panel-members",
    tag = "evaluations",
    summary = "Appoint a member of the citizen panel or the customer monitors, with the day they consented to the collection of their personal data (VOC manager, administrators)",
    request_body = PanelMemberInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "appointed", body = PanelMemberView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields: panel, name, phone, email, affiliation (too_long, personal_data), term_from, term_to (end_before_start, period_too_long: at most three years), consented_on (privacy_consent_needed, date_in_future)", body = ErrorBody)
    )
)]
/// `POST /api/v1/panel-members`
pub async fn create(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<PanelMemberInput>,
) -> ApiResult<(StatusCode, Json<PanelMemberView>)> {
    require(user.role.records_activities())?;
    let member = input.validate(today(&state)).map_err(ApiError::Validation)?;
    let id = state.store.add_member(&member, &user, state.now()).await?;
    tracing::info!(id, by = %user.username, panel = %member.panel, "panel member appointed");
    Ok((StatusCode::CREATED, Json(saved(&state, &user, &address, id, None).await?)))
}

#[utoipa::path(
    put,
    path = "/api/v1/panel-members/{id}",
    tag = "evaluations",
    summary = "Correct a member's record; a term ended early is a corrected term_to (VOC manager, administrators)",
    params(("id" = i64, Path)),
    request_body = PanelMemberInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "corrected", body = PanelMemberView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such member", body = ErrorBody),
        (status = 409, description = "`member_purged`: their personal data was destroyed after the retention period", body = ErrorBody),
        (status = 422, description = "refused fields, as when appointing", body = ErrorBody)
    )
)]
/// `PUT /api/v1/panel-members/{id}`
pub async fn update(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PanelMemberInput>,
) -> ApiResult<Json<PanelMemberView>> {
    require(user.role.records_activities())?;
    let before = state.store.member(id).await?.ok_or(ApiError::NotFound)?;
    if before.purged_at.is_some() {
        return Err(ApiError::MemberPurged);
    }
    let member = input.validate(today(&state)).map_err(ApiError::Validation)?;
    if !state.store.update_member(id, &member, &user, state.now()).await? {
        // Destroyed between the read and the write.
        return Err(ApiError::MemberPurged);
    }
    let before = member_view(before, today(&state));
    tracing::info!(id, by = %user.username, "panel member corrected");
    Ok(Json(saved(&state, &user, &address, id, Some(&before)).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/panel-members/{id}/contact",
    tag = "evaluations",
    summary = "A member's name and contacts in full, for a stated purpose that the personal-data access log keeps (VOC manager, administrators)",
    params(("id" = i64, Path)),
    request_body = ContactPurposeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the contacts; the view is logged", body = PanelContactView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such member", body = ErrorBody),
        (status = 409, description = "`member_purged`: their personal data was destroyed after the retention period", body = ErrorBody),
        (status = 422, description = "no purpose, or one over 200 characters or holding contacts", body = ErrorBody)
    )
)]
/// `POST /api/v1/panel-members/{id}/contact` `{purpose}`
pub async fn contact(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ContactPurposeInput>,
) -> ApiResult<Json<PanelContactView>> {
    require(user.role.records_activities())?;
    let purpose = input.validate().map_err(ApiError::Validation)?;
    let r = state.store.member(id).await?.ok_or(ApiError::NotFound)?;
    if r.purged_at.is_some() {
        return Err(ApiError::MemberPurged);
    }
    // No record, no disclosure.
    let detail = format!("panel_member:{id} {}", r.member.name.masked());
    trail::access_for(&state, &user, &address, None, AccessKind::PanelContact, &purpose, detail).await?;
    tracing::info!(id, by = %user.username, "panel member's contacts shown");
    let m = r.member;
    Ok(Json(PanelContactView {
        id,
        name: m.name.as_str().to_owned(),
        phone: m.phone.map(|p| p.to_string()),
        email: m.email.map(String::from),
    }))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(update))
        .routes(utoipa_axum::routes!(contact))
}
