//! The accountability logs: `GET /api/v1/audit-log` (administrators), and for the privacy
//! officer (개인정보 보호책임자) and administrators `GET /api/v1/privacy/access-log` and the
//! monthly reviews, `GET`/`POST /api/v1/privacy/reviews`.

use super::json::Query;
use app::api::ErrorBody;
use app::api::{AccessView, AuditView, Paged, PurgeRunView, RetentionView, ReviewInput, ReviewView};
use app::domain::{AccessKind, AuditAction, FieldError, FieldErrors, seoul_midnight, to_seoul};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;

use super::JsonBody;
use crate::AppState;
use crate::auth::{Admin, ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{AccessReview, NewReview, TrailFilter, User};

/// Rows per page, at most.
const MAX_PER_PAGE: i64 = 200;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrailQuery {
    /// The person (audit: who acted; access: who looked).
    user: Option<String>,
    /// Audit: one action (`user_created`, …).
    action: Option<String>,
    /// Access: a receipt number.
    case: Option<String>,
    /// `YYYY-MM-DD`, both days included.
    from: Option<String>,
    to: Option<String>,
    /// 1 or more.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

fn date(v: Option<&str>, field: &str, errs: &mut FieldErrors) -> Option<NaiveDate> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    errs.take(field, NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate))
}

/// The filter a query asks for; every refused field named at once.
async fn filter(state: &AppState, q: &TrailQuery) -> ApiResult<(TrailFilter, i64, i64)> {
    let mut errs = FieldErrors::default();
    let from = date(q.from.as_deref(), "from", &mut errs);
    let to = date(q.to.as_deref(), "to", &mut errs);
    let action = q.action.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if let Some(a) = action {
        errs.take("action", a.parse::<AuditAction>());
    }
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(50);
    if page < 1 {
        errs.add("page", FieldError::PageOutOfRange);
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        errs.add("per_page", FieldError::PageOutOfRange);
    }
    let case = q.case.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    // An unknown receipt number matches nothing (id 0), rather than everything.
    let case_id = match case {
        Some(no) => Some(state.store.case_id_by_receipt(no).await?.unwrap_or(0)),
        None => None,
    };
    let filter = TrailFilter {
        actor: q.user.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_lowercase),
        action: action.map(str::to_owned),
        case_id,
        from: from.map(seoul_midnight),
        to: to.and_then(|d| d.succ_opt()).map(seoul_midnight),
        limit: per_page,
        offset: (page - 1) * per_page,
    };
    Ok((filter, page, per_page))
}

#[utoipa::path(
    get,
    path = "/api/v1/audit-log",
    tag = "trails",
    summary = "The audit log of administration and sign-ins, newest first (administrators)",
    params(TrailQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "one page", body = Paged<AuditView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 422, description = "a bad date, action or page, named", body = ErrorBody)
    )
)]
/// `GET /api/v1/audit-log?user&action&from&to&page&per_page` (administrators): newest first.
pub async fn audit_log(
    State(state): State<AppState>,
    _admin: Admin,
    Query(q): Query<TrailQuery>,
) -> ApiResult<Json<Paged<AuditView>>> {
    let (f, page, per_page) = filter(&state, &q).await?;
    let (total, rows) = state.store.audit_log(&f).await?;
    let items = rows
        .into_iter()
        .map(|e| {
            let action_text = e.action.parse::<AuditAction>().map_or_else(|_| e.action.clone(), |a| a.ko().to_owned());
            AuditView {
                id: e.id,
                at: to_seoul(e.at),
                actor: e.actor,
                address: e.address,
                action: e.action,
                action_text,
                target: e.target,
                before: e.before,
                after: e.after,
            }
        })
        .collect();
    Ok(Json(Paged { total, page, per_page, items }))
}

/// The privacy officer and administrators read the access log and keep its reviews.
fn privacy_reader(user: &User) -> ApiResult<()> {
    if user.role.reviews_privacy() { Ok(()) } else { Err(ApiError::NotPermitted) }
}

#[utoipa::path(
    get,
    path = "/api/v1/privacy/access-log",
    tag = "trails",
    summary = "Every view of personal data (attachments, exports, contacts shown), newest first (privacy officer, administrators)",
    params(TrailQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "one page", body = Paged<AccessView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the privacy officer or an administrator", body = ErrorBody),
        (status = 422, description = "a bad date or page, named", body = ErrorBody)
    )
)]
/// `GET /api/v1/privacy/access-log?user&case&from&to&page&per_page`: every view of personal
/// data, newest first.
pub async fn access_log(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<TrailQuery>,
) -> ApiResult<Json<Paged<AccessView>>> {
    privacy_reader(&user)?;
    let (f, page, per_page) = filter(&state, &q).await?;
    let (total, rows) = state.store.access_log(&f).await?;
    let items = rows
        .into_iter()
        .map(|e| {
            let what_text = e.what.parse::<AccessKind>().map_or_else(|_| e.what.clone(), |k| k.ko().to_owned());
            AccessView {
                id: e.id,
                at: to_seoul(e.at),
                username: e.username,
                address: e.address,
                case_id: e.case_id,
                receipt_no: e.receipt_no,
                what: e.what,
                what_text,
                purpose: e.purpose,
                detail: e.detail,
            }
        })
        .collect();
    Ok(Json(Paged { total, page, per_page, items }))
}

fn review_view(r: AccessReview) -> ReviewView {
    ReviewView {
        id: r.id,
        reviewed_at: to_seoul(r.reviewed_at),
        reviewer: r.reviewer,
        period_from: r.period_from,
        period_to: r.period_to,
        findings: r.findings,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/privacy/reviews",
    tag = "trails",
    summary = "The reviews of the access log on record (privacy officer, administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "newest first", body = Vec<ReviewView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the privacy officer or an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/privacy/reviews`: the reviews on record, newest first.
pub async fn reviews(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<Vec<ReviewView>>> {
    privacy_reader(&user)?;
    Ok(Json(state.store.access_reviews().await?.into_iter().map(review_view).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/privacy/reviews",
    tag = "trails",
    summary = "Record a review of the access log (privacy officer, administrators)",
    request_body = ReviewInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "recorded", body = ReviewView),
        (status = 400, description = "malformed body", body = ErrorBody),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the privacy officer or an administrator", body = ErrorBody),
        (status = 422, description = "period_from, period_to or findings missing or invalid, named", body = ErrorBody)
    )
)]
/// `POST /api/v1/privacy/reviews` `{period_from, period_to, findings}` → 201: the record of
/// a review of the access log (who, when, which period, what was found).
pub async fn add_review(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<ReviewInput>,
) -> ApiResult<(StatusCode, Json<ReviewView>)> {
    privacy_reader(&user)?;
    let mut errs = FieldErrors::default();
    let from = date(Some(&input.period_from), "period_from", &mut errs);
    let to = date(Some(&input.period_to), "period_to", &mut errs);
    if input.period_from.trim().is_empty() {
        errs.add("period_from", FieldError::Required);
    }
    if input.period_to.trim().is_empty() {
        errs.add("period_to", FieldError::Required);
    }
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errs.add("period_to", FieldError::EndBeforeStart);
    }
    let findings = input.findings.trim();
    if findings.is_empty() {
        errs.add("findings", FieldError::Required);
    }
    let (Some(period_from), Some(period_to)) = (from, to) else { return Err(ApiError::Validation(errs)) };
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let review = NewReview {
        at: state.now(),
        reviewer: user.username.clone(),
        period_from,
        period_to,
        findings: findings.to_owned(),
    };
    let saved = state.store.add_access_review(&review).await?;
    let after = serde_json::json!({"period_from": saved.period_from, "period_to": saved.period_to});
    crate::trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::AccessReviewed,
        format!("review:{}", saved.id),
        None,
        Some(after),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(review_view(saved))))
}

fn run_view(r: crate::store::PurgeRun) -> PurgeRunView {
    PurgeRunView {
        id: r.id,
        ran_at: to_seoul(r.ran_at),
        ran_by: r.ran_by,
        retention_days: r.retention_days,
        cases: r.cases,
        oldest_closed_at: r.oldest_closed_at.map(to_seoul),
        newest_closed_at: r.newest_closed_at.map(to_seoul),
    }
}

async fn retention_view(state: &AppState, reader: &User) -> ApiResult<RetentionView> {
    let cutoff = crate::workflow::retention::cutoff(state);
    let preview = state.store.retention_preview(cutoff).await?;
    Ok(RetentionView {
        retention_years: state.retention_years,
        cutoff: to_seoul(cutoff),
        due_cases: preview.cases,
        oldest_closed_at: preview.oldest_closed_at.map(to_seoul),
        newest_closed_at: preview.newest_closed_at.map(to_seoul),
        runs: state.store.purge_runs().await?.into_iter().map(run_view).collect(),
        may_run: reader.role.configures(),
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/privacy/retention",
    tag = "trails",
    summary = "The retention purge: how many closed cases are past the retention period and every run (privacy officer, administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "preview and runs", body = RetentionView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the privacy officer or an administrator", body = ErrorBody)
    )
)]
/// `GET /api/v1/privacy/retention`: what the next purge would destroy (how many cases,
/// closed from when to when) and every run so far (privacy officer, administrators).
pub async fn retention(State(state): State<AppState>, Staff(user): Staff) -> ApiResult<Json<RetentionView>> {
    privacy_reader(&user)?;
    Ok(Json(retention_view(&state, &user).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/privacy/retention/run",
    tag = "trails",
    summary = "Destroy now the personal data of cases past the retention period (administrators; the scheduled job does it anyway)",
    security(("session" = [])),
    responses(
        (status = 200, description = "the state after the run", body = RetentionView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody)
    )
)]
/// `POST /api/v1/privacy/retention/run` (administrators): purges now what the scheduled job
/// would purge tonight; answers with the state after it.
pub async fn run_retention(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ClientAddr(address): ClientAddr,
) -> ApiResult<Json<RetentionView>> {
    let purged = crate::workflow::retention::purge(&state, &admin.username).await?;
    let after = serde_json::json!({"cases": purged});
    crate::trail::audit(
        &state,
        &admin.username,
        &address,
        AuditAction::PersonalDataPurged,
        "retention",
        None,
        Some(after),
    )
    .await?;
    Ok(Json(retention_view(&state, &admin).await?))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(audit_log))
        .routes(utoipa_axum::routes!(access_log))
        .routes(utoipa_axum::routes!(reviews, add_review))
        .routes(utoipa_axum::routes!(retention))
        .routes(utoipa_axum::routes!(run_retention))
}
