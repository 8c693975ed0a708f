//! The CCM activities (committee meetings, citizen panel sessions, inspections, telephone
//! monitoring) with their items and follow-ups. The VOC office records them; every staff
//! member but the privacy officer reads them; the owning department (or the VOC office)
//! reports a follow-up done. Recording and reporting are audited.

use std::collections::BTreeMap;

use app::api::{ActivitiesOverview, ActivityItemView, ActivityView, ErrorBody, MemberRef, OwedAction};
use app::domain::{
    ActionDoneInput, ActionState, ActivityInput, ActivityKind, AuditAction, FieldError, FieldErrors, StoredItem,
    ValidActivity, in_term, may_report_action, to_seoul,
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
use crate::store::{ActivityItemRecord, ActivityRecord, PanelMemberRecord, StoreError, User};
use crate::trail;

/// Activities are recorded for years from this one.
const FIRST_YEAR: i32 = 2000;

async fn department_names(state: &AppState) -> ApiResult<BTreeMap<i64, String>> {
    Ok(state.store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect())
}

fn item_view(
    i: ActivityItemRecord,
    user: &User,
    departments: &BTreeMap<i64, String>,
    today: NaiveDate,
) -> ActivityItemView {
    let owner = i.item.owner_department_id;
    let state = ActionState::of(owner, i.item.due_on, i.done_at.is_some(), today);
    ActivityItemView {
        id: i.id,
        topic: i.item.topic,
        decision: i.item.decision,
        owner_department_id: owner,
        owner: owner.and_then(|d| departments.get(&d).cloned()),
        due_on: i.item.due_on,
        state,
        state_label: format!("{} {}", state.mark(), state.ko()),
        done_by: i.done_by,
        done_at: i.done_at.map(to_seoul),
        result: i.result,
        may_report: i.done_at.is_none() && may_report_action(user.role, user.department_id, owner),
    }
}

fn activity_view(
    a: ActivityRecord,
    user: &User,
    departments: &BTreeMap<i64, String>,
    members: &BTreeMap<i64, MemberRef>,
    today: NaiveDate,
) -> ActivityView {
    let c = a.content;
    let present = c.member_ids.iter().filter_map(|m| members.get(m).cloned()).collect();
    ActivityView {
        id: a.id,
        kind: c.kind,
        kind_label: c.kind.ko().into(),
        title: c.title,
        held_on: c.held_on,
        place: c.place,
        participants: c.participants,
        summary: c.summary,
        department_id: c.department_id,
        department: c.department_id.and_then(|d| departments.get(&d).cloned()),
        recorded_by: a.recorded_by,
        recorded_at: to_seoul(a.recorded_at),
        items: a.items.into_iter().map(|i| item_view(i, user, departments, today)).collect(),
        members: present,
    }
}

/// Every panel member as activities name them (masked), by id.
async fn member_refs(state: &AppState) -> ApiResult<BTreeMap<i64, MemberRef>> {
    Ok(state.store.members().await?.iter().map(|m| (m.id, super::panel::member_ref(m))).collect())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityFilter {
    /// `committee`, `panel`, `inspection` or `phone_monitoring`.
    #[serde(default)]
    kind: Option<ActivityKind>,
    /// The year they were held; this year when absent.
    #[serde(default)]
    #[param(minimum = 2000, maximum = 9999)]
    year: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/ccm-activities",
    tag = "evaluations",
    summary = "The CCM activities of a year (committee meetings, citizen panel sessions, inspections, telephone monitoring) with their items, latest first, and the follow-ups the reader's department owes (the VOC office, executives and administrators: every department's), overdue first",
    params(ActivityFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the activities", body = ActivitiesOverview),
        (status = 400, description = "a kind that is not one of its values", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the privacy officer, who sees no case", body = ErrorBody),
        (status = 422, description = "the year is not from 2000 to this year", body = ErrorBody)
    )
)]
/// `GET /api/v1/ccm-activities?kind=&year=`
pub async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(f): Query<ActivityFilter>,
) -> ApiResult<Json<ActivitiesOverview>> {
    require(user.role.reads_ccm_records())?;
    let today = to_seoul(state.now()).date_naive();
    let year = f.year.unwrap_or(today.year());
    if !(FIRST_YEAR..=today.year()).contains(&year) {
        let mut errs = FieldErrors::default();
        errs.add("year", FieldError::YearOutOfRange { first: FIRST_YEAR, last: today.year() });
        return Err(ApiError::Validation(errs));
    }
    let departments = department_names(&state).await?;
    let roster = state.store.members().await?;
    let members = roster.iter().map(|m| (m.id, super::panel::member_ref(m))).collect();
    let all = state.store.activities().await?;
    let scope = |owner: Option<i64>| user.role.sees_all() || (owner.is_some() && owner == user.department_id);
    let mut owed: Vec<OwedAction> = all
        .iter()
        .flat_map(|a| {
            a.items
                .iter()
                .filter(|i| i.done_at.is_none() && i.item.owner_department_id.is_some())
                .filter(|i| scope(i.item.owner_department_id))
                .map(|i| OwedAction {
                    activity_id: a.id,
                    activity_title: a.content.title.clone(),
                    kind_label: a.content.kind.ko().into(),
                    held_on: a.content.held_on,
                    item: item_view(i.clone(), &user, &departments, today),
                })
        })
        .collect();
    owed.sort_by_key(|o| (o.item.state != ActionState::Overdue, o.item.due_on, o.item.id));
    let overdue = i64::try_from(owed.iter().filter(|o| o.item.state == ActionState::Overdue).count()).unwrap_or(0);
    let activities = all
        .into_iter()
        .filter(|a| a.content.held_on.year() == year && f.kind.is_none_or(|k| a.content.kind == k))
        .map(|a| activity_view(a, &user, &departments, &members, today))
        .collect();
    // Those who record pick who was present from the members whose data is kept.
    let choosable = if user.role.records_activities() {
        roster.iter().filter(|m| m.purged_at.is_none()).map(super::panel::member_ref).collect()
    } else {
        Vec::new()
    };
    Ok(Json(ActivitiesOverview {
        year,
        first_year: FIRST_YEAR,
        last_year: today.year(),
        activities,
        owed,
        overdue,
        can_record: user.role.records_activities(),
        members: choosable,
    }))
}

/// What recording and correcting both need: the input checked against the calendar, the
/// departments and the roster (and, when correcting, the `stored` items), with the names the
/// view shows; every refused field at once.
struct Checked {
    valid: ValidActivity,
    departments: BTreeMap<i64, String>,
    members: BTreeMap<i64, MemberRef>,
}

async fn check(state: &AppState, input: &ActivityInput, stored: Option<&[StoredItem]>) -> ApiResult<Checked> {
    let today = to_seoul(state.now()).date_naive();
    let departments = department_names(state).await?;
    let mut errs = FieldErrors::default();
    let valid = input.validate(today).map_err(|e| errs = e).ok();
    let unknown = |d: &Option<i64>| d.is_some_and(|d| !departments.contains_key(&d));
    if unknown(&input.department_id) {
        errs.add("department_id", FieldError::UnknownDepartment);
    }
    for (i, item) in input.items.iter().enumerate() {
        if unknown(&item.owner_department_id) {
            errs.add(&format!("items.{i}.owner_department_id"), FieldError::UnknownDepartment);
        }
    }
    // Who was present: members whose data is kept and who served on the day.
    let roster: BTreeMap<i64, PanelMemberRecord> =
        state.store.members().await?.into_iter().map(|m| (m.id, m)).collect();
    if let Some(v) = &valid {
        for id in &v.member_ids {
            match roster.get(id).filter(|m| m.purged_at.is_none()) {
                Some(m) if in_term(m.member.term_from, m.member.term_to, v.held_on) => {}
                Some(_) => errs.add("member_ids", FieldError::NotInTerm),
                None => errs.add("member_ids", FieldError::UnknownOption),
            }
        }
        if let Some(stored) = stored {
            errs.extend(v.check_correction(stored));
        }
    }
    let members = roster.iter().map(|(id, m)| (*id, super::panel::member_ref(m))).collect();
    match valid {
        Some(valid) if errs.is_empty() => Ok(Checked { valid, departments, members }),
        _ => Err(ApiError::Validation(errs)),
    }
}

/// A department retired between the check and the write.
fn retired(e: StoreError) -> ApiError {
    match e {
        StoreError::UnknownDepartment => {
            let mut errs = FieldErrors::default();
            errs.add("department_id", FieldError::UnknownDepartment);
            ApiError::Validation(errs)
        }
        e => e.into(),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/ccm-activities",
    tag = "evaluations",
    summary = "Record a CCM activity held, with its items and the follow-ups they need (VOC manager, administrators)",
    request_body = ActivityInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "recorded", body = ActivityView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "refused fields: kind, title, held_on (a day not to come), place, participants, summary (required, too_long, personal_data), department_id, items (at most 30), items.N.topic, items.N.decision, items.N.owner_department_id (unknown_department, or required with a due day), items.N.due_on (required with an owner, due_before_activity), member_ids (members_for_panel_only; unknown_option: no such member or their data destroyed; not_in_term: not serving on the day)", body = ErrorBody)
    )
)]
/// `POST /api/v1/ccm-activities`
pub async fn record(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<ActivityInput>,
) -> ApiResult<(StatusCode, Json<ActivityView>)> {
    require(user.role.records_activities())?;
    let Checked { valid, departments, members } = check(&state, &input, None).await?;
    let id = state.store.record_activity(&valid, &user, state.now()).await.map_err(retired)?;
    let record = state.store.activity(id).await?.ok_or(ApiError::NotFound)?;
    let view = activity_view(record, &user, &departments, &members, to_seoul(state.now()).date_naive());
    tracing::info!(id, by = %user.username, kind = %valid.kind, items = valid.items.len(), "CCM activity recorded");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::ActivityRecorded,
        format!("ccm_activity:{id}"),
        None,
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    put,
    path = "/api/v1/ccm-activities/{id}",
    tag = "evaluations",
    summary = "Correct a recorded CCM activity: its fields, items (each kept by its id; new ones without; a stored one left out is removed) and members present; a follow-up reported done keeps its topic, department and due day and stays (VOC manager, administrators)",
    params(("id" = i64, Path)),
    request_body = ActivityInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "corrected", body = ActivityView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 404, description = "no such activity", body = ErrorBody),
        (status = 409, description = "`action_reported`: an item left out was reported done meanwhile", body = ErrorBody),
        (status = 422, description = "refused fields as when recording, and items.N.id (unknown_option: not one of this activity's items, or twice), items.N.topic and items (item_reported: a follow-up reported done changed or left out)", body = ErrorBody)
    )
)]
/// `PUT /api/v1/ccm-activities/{id}`
pub async fn update(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ActivityInput>,
) -> ApiResult<Json<ActivityView>> {
    require(user.role.records_activities())?;
    let before = state.store.activity(id).await?.ok_or(ApiError::NotFound)?;
    let stored: Vec<StoredItem> =
        before.items.iter().map(|i| StoredItem { item: i.item.clone(), done: i.done_at.is_some() }).collect();
    let Checked { valid, departments, members } = check(&state, &input, Some(&stored)).await?;
    let today = to_seoul(state.now()).date_naive();
    match state.store.update_activity(id, &valid).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::ActionReported),
        r => r.map_err(retired)?,
    }
    let before = activity_view(before, &user, &departments, &members, today);
    let record = state.store.activity(id).await?.ok_or(ApiError::NotFound)?;
    let view = activity_view(record, &user, &departments, &members, today);
    tracing::info!(id, by = %user.username, items = valid.items.len(), "CCM activity corrected");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::ActivityCorrected,
        format!("ccm_activity:{id}"),
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&view).ok(),
    )
    .await?;
    Ok(Json(view))
}

#[utoipa::path(
    post,
    path = "/api/v1/ccm-actions/{id}/done",
    tag = "evaluations",
    summary = "Report a follow-up done with what was done (the owning department's handlers and head, the VOC manager, administrators); answers with its activity",
    params(("id" = i64, Path)),
    request_body = ActionDoneInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "reported", body = ActivityView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the owning department or the VOC office, or an item without a follow-up", body = ErrorBody),
        (status = 404, description = "no such item", body = ErrorBody),
        (status = 409, description = "`action_reported`: reported done already", body = ErrorBody),
        (status = 422, description = "no result, or one over 1000 characters or holding contacts", body = ErrorBody)
    )
)]
/// `POST /api/v1/ccm-actions/{id}/done` `{result}`
pub async fn report_done(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ActionDoneInput>,
) -> ApiResult<Json<ActivityView>> {
    let item = state.store.activity_item(id).await?.ok_or(ApiError::NotFound)?;
    require(may_report_action(user.role, user.department_id, item.item.owner_department_id))?;
    let result = input.validate().map_err(ApiError::Validation)?;
    if !state.store.report_action(id, &result, &user, state.now()).await? {
        return Err(ApiError::ActionReported);
    }
    tracing::info!(id, activity = item.activity_id, by = %user.username, "CCM follow-up reported done");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::ActionReported,
        format!("ccm_item:{id}"),
        None,
        Some(serde_json::json!({ "result": result })),
    )
    .await?;
    let today = to_seoul(state.now()).date_naive();
    let record = state.store.activity(item.activity_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(activity_view(record, &user, &department_names(&state).await?, &member_refs(&state).await?, today)))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, record))
        .routes(utoipa_axum::routes!(update))
        .routes(utoipa_axum::routes!(report_done))
}
