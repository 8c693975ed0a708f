//! Notices: a case's notices and their delivery, the handler's interim notice, the
//! administrators' templates and dead-letter list.

use super::json::{Path, Query};
use app::api::ErrorBody;
use app::api::{InterimInput, NoticeView, OutboxChannelView, StaffCaseView, TemplateInput, TemplateView};
use app::domain::{
    CaseAction, DeliveryState, Email, FieldError, FieldErrors, Lang, NoticeChannel, NoticeKind, PhoneNumber,
    check_template, to_seoul,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::JsonBody;
use super::cases::visible_case;
use crate::AppState;
use crate::auth::{Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{NoticeRecord, TemplateRecord};
use crate::trail;
use crate::workflow::{self, Step};
use app::domain::AuditAction;

/// A recipient as staff may see it.
fn masked(channel: NoticeChannel, recipient: &str) -> String {
    match channel {
        NoticeChannel::Email => Email::parse(recipient).map(|e| e.masked()).unwrap_or_else(|_| "***".into()),
        NoticeChannel::Sms => PhoneNumber::parse(recipient).map(|p| p.masked()).unwrap_or_else(|_| "***".into()),
    }
}

pub fn notice_view(n: NoticeRecord, configured: &[NoticeChannel]) -> NoticeView {
    let channel_configured = configured.contains(&n.channel);
    let state_text = match n.state {
        DeliveryState::Pending if !channel_configured => {
            format!("{} ({} 발송 설정 없음)", n.state.ko(), n.channel.ko())
        }
        s => s.ko().to_owned(),
    };
    NoticeView {
        id: n.id,
        message_id: n.message_id,
        case_id: n.case_id,
        receipt_no: n.receipt_no,
        notice: n.notice,
        notice_text: n.notice.ko().to_owned(),
        channel: n.channel,
        recipient: masked(n.channel, &n.recipient),
        subject: n.subject,
        state: n.state,
        state_text,
        channel_configured,
        attempts: n.attempts,
        // A mail server's refusal often quotes the address: staff see it masked.
        last_error: n.last_error.map(|e| app::domain::mask_personal_data(&e, &[])),
        created_at: to_seoul(n.created_at),
        sent_at: n.sent_at.map(to_seoul),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/notices",
    tag = "notices",
    summary = "Every notice of a case and its delivery state",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "oldest first", body = Vec<NoticeView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{id}/notices`: every notice of a case and its delivery state.
pub async fn of_case(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<NoticeView>>> {
    visible_case(&state, &user, id).await?;
    let notices = state.store.case_notices(id).await?;
    Ok(Json(notices.into_iter().map(|n| notice_view(n, &state.delivery_channels)).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/interim",
    tag = "notices",
    summary = "Send the complainant an interim (delay) notice with its reason; recorded in the history",
    params(("id" = i64, Path)),
    request_body = InterimInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the case", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "this role does not work cases", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "the case is closed", body = ErrorBody),
        (status = 422, description = "reason or date refused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/interim` `{reason, expected_date}`: the delay notice.
pub async fn interim(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<InterimInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Interim).await?;
    let mut errs = FieldErrors::default();
    let reason = input.reason.trim();
    if reason.chars().count() < 5 {
        errs.add("reason", FieldError::TooShort { min: 5 });
    } else if reason.chars().count() > 1000 {
        errs.add("reason", FieldError::TooLong { max: 1000 });
    }
    let expected = match input.expected_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => errs.take(
            "expected_date",
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate),
        ),
    };
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    super::handling::reply(&state, &user, workflow::interim(step, reason, expected).await?).await
}

fn template_view(t: TemplateRecord) -> TemplateView {
    TemplateView {
        notice: t.notice,
        notice_text: t.notice.ko().to_owned(),
        lang: t.lang,
        subject: t.subject,
        body: t.body,
        variables: t.notice.variables().iter().map(|v| (*v).to_owned()).collect(),
        customized: t.customized,
        updated_at: t.updated_at.map(to_seoul),
        updated_by: t.updated_by,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/notice-templates",
    tag = "notices",
    summary = "Every notice's wording in Korean and English, with its variables (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "templates", body = Vec<TemplateView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/notice-templates`
pub async fn templates(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<Vec<TemplateView>>> {
    Ok(Json(state.store.templates().await?.into_iter().map(template_view).collect()))
}

fn template_key(notice: &str, lang: &str) -> ApiResult<(NoticeKind, Lang)> {
    let mut errs = FieldErrors::default();
    let notice = errs.take("notice", notice.parse::<NoticeKind>());
    let lang = errs.take("lang", lang.parse::<Lang>());
    match (notice, lang) {
        (Some(n), Some(l)) => Ok((n, l)),
        _ => Err(ApiError::Validation(errs)),
    }
}

#[utoipa::path(
    put,
    path = "/api/v1/notice-templates/{notice}/{lang}",
    tag = "notices",
    summary = "Change a notice's wording; a variable the notice lacks is refused by name",
    params(("notice" = app::domain::NoticeKind, Path), ("lang" = app::domain::Lang, Path)),
    request_body = TemplateInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "saved", body = TemplateView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "unknown notice, language or variable", body = ErrorBody)
    )
)]
/// `PUT /api/v1/notice-templates/{notice}/{lang}` `{subject, body}`: refused (422) if it
/// names a variable the notice does not have.
pub async fn put_template(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path((notice, lang)): Path<(String, String)>,
    JsonBody(input): JsonBody<TemplateInput>,
) -> ApiResult<Json<TemplateView>> {
    let (notice, lang) = template_key(&notice, &lang)?;
    let mut errs = FieldErrors::default();
    for (field, text, max) in [("subject", input.subject.trim(), 200), ("body", input.body.trim(), 4000)] {
        if text.is_empty() {
            errs.add(field, FieldError::Required);
        } else if text.chars().count() > max {
            errs.add(field, FieldError::TooLong { max });
        } else {
            errs.take(field, check_template(notice, text));
        }
    }
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let record = TemplateRecord {
        notice,
        lang,
        subject: input.subject.trim().to_owned(),
        body: input.body.trim().to_owned(),
        customized: true,
        updated_at: None,
        updated_by: None,
    };
    let before = state.store.templates().await?.into_iter().find(|t| t.notice == notice && t.lang == lang);
    state.store.put_template(&record, &admin, state.now()).await?;
    tracing::info!(by = %admin.username, notice = %notice, lang = lang.as_str(), "notice template changed");
    let before = before.map(|t| serde_json::json!({"subject": t.subject, "body": t.body}));
    let after = serde_json::json!({"subject": record.subject, "body": record.body});
    let target = format!("template:{notice}/{}", lang.as_str());
    trail::audit(&state, &admin.username, &address, AuditAction::TemplateChanged, target, before, Some(after)).await?;
    let saved = state.store.templates().await?.into_iter().find(|t| t.notice == notice && t.lang == lang);
    saved.map(|t| Json(template_view(t))).ok_or(ApiError::NotFound)
}

#[utoipa::path(
    delete,
    path = "/api/v1/notice-templates/{notice}/{lang}",
    tag = "notices",
    summary = "Back to the built-in wording",
    params(("notice" = app::domain::NoticeKind, Path), ("lang" = app::domain::Lang, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "unknown notice or language", body = ErrorBody)
    )
)]
/// `DELETE /api/v1/notice-templates/{notice}/{lang}`: back to the built-in wording.
pub async fn reset_template(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path((notice, lang)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (notice, lang) = template_key(&notice, &lang)?;
    state.store.reset_template(notice, lang).await?;
    let target = format!("template:{notice}/{}", lang.as_str());
    trail::audit(&state, &admin.username, &address, AuditAction::TemplateReset, target, None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    #[serde(default)]
    state: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/outbox",
    tag = "notices",
    summary = "Notices in one delivery state, newest first (default: dead letters) (administrators)",
    params(OutboxQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "notices", body = Vec<NoticeView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "unknown state", body = ErrorBody)
    )
)]
/// `GET /api/v1/outbox?state=dead|pending|sent` (default `dead`): the dead-letter list.
pub async fn outbox(
    State(state): State<AppState>,
    _admin: Admin,
    Query(q): Query<OutboxQuery>,
) -> ApiResult<Json<Vec<NoticeView>>> {
    let wanted = match q.state.as_deref() {
        None | Some("") => DeliveryState::Dead,
        Some(s) => s.parse().map_err(|e| {
            let mut errs = FieldErrors::default();
            errs.add("state", e);
            ApiError::Validation(errs)
        })?,
    };
    let notices = state.store.notices_in_state(wanted, 500).await?;
    Ok(Json(notices.into_iter().map(|n| notice_view(n, &state.delivery_channels)).collect()))
}

#[utoipa::path(
    get,
    path = "/api/v1/outbox/summary",
    tag = "notices",
    summary = "Each channel: whether this server can send on it, and how many notices wait, went, failed or were held back (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "e-mail and text messages, each", body = Vec<OutboxChannelView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/outbox/summary`: whether each channel can send, and what waits on it.
pub async fn outbox_summary(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<Vec<OutboxChannelView>>> {
    let depth = state.store.outbox_depth().await?;
    let views = NoticeChannel::ALL
        .into_iter()
        .map(|channel| {
            let of = |s: DeliveryState| depth.iter().find(|d| d.channel == channel && d.state == s);
            let count = |s: DeliveryState| of(s).map_or(0, |d| d.count);
            let configured = state.delivery_channels.contains(&channel);
            let pending = count(DeliveryState::Pending);
            OutboxChannelView {
                channel,
                channel_text: channel.ko().to_owned(),
                configured,
                pending,
                sent: count(DeliveryState::Sent),
                dead: count(DeliveryState::Dead),
                withheld: count(DeliveryState::Withheld),
                oldest_pending_at: of(DeliveryState::Pending).and_then(|d| d.oldest).map(to_seoul),
                note: (!configured).then(|| channel.unsent_note(pending)),
            }
        })
        .collect();
    Ok(Json(views))
}

#[utoipa::path(
    post,
    path = "/api/v1/outbox/{id}/retry",
    tag = "notices",
    summary = "Queue a dead notice again with its attempts reset (administrators)",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 204, description = "queued"),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 404, description = "no dead notice with this id", body = ErrorBody)
    )
)]
/// `POST /api/v1/outbox/{id}/retry`: a dead notice goes back in the queue, attempts reset.
pub async fn retry(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    if state.store.retry_notice(id).await? {
        tracing::info!(by = %admin.username, id, "dead notice queued again");
        let target = format!("notice:{id}");
        trail::audit(&state, &admin.username, &address, AuditAction::NoticeResent, target, None, None).await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(of_case))
        .routes(utoipa_axum::routes!(interim))
        .routes(utoipa_axum::routes!(templates))
        .routes(utoipa_axum::routes!(put_template, reset_template))
        .routes(utoipa_axum::routes!(outbox))
        .routes(utoipa_axum::routes!(outbox_summary))
        .routes(utoipa_axum::routes!(retry))
}
