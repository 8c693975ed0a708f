//! Period reports for the VOC manager, executives and administrators.

use super::json::{JsonBody, Query};
use app::api::ErrorBody;
use app::api::{RecurringReport, ReportSummary, StopWordsInput, SurveyCommentView};
use app::domain::{FieldError, FieldErrors, to_seoul};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::cases::require;
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::ReportScope;
use crate::trail;
use app::domain::recurring::StopWords;
use app::domain::{AccessKind, AuditAction};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    /// One department's figures (a department id); a department head always gets their own.
    #[serde(default)]
    department: Option<String>,
}

/// The period asked for; without one, this month so far.
fn period(p: &Period, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let mut errs = FieldErrors::default();
    let mut date = |field: &str, v: &Option<String>, default: NaiveDate| match v.as_deref().map(str::trim) {
        None | Some("") => Some(default),
        Some(s) => errs.take(field, NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate)),
    };
    let from = date("from", &p.from, today.with_day(1).unwrap_or(today));
    let to = date("to", &p.to, today);
    match (from, to) {
        (Some(f), Some(t)) if t < f => {
            errs.add("to", FieldError::EndBeforeStart);
            Err(ApiError::Validation(errs))
        }
        (Some(f), Some(t)) if (t - f).num_days() > 3660 => {
            errs.add("to", FieldError::PeriodTooLong { max_days: 3660 });
            Err(ApiError::Validation(errs))
        }
        (Some(f), Some(t)) if errs.is_empty() => Ok((f, t)),
        _ => Err(ApiError::Validation(errs)),
    }
}

/// Whose figures this person reads: whoever sees every case, the organisation's or the
/// department asked for; a department head, their own department's.
async fn scope(state: &AppState, user: &crate::store::User, p: &Period) -> ApiResult<ReportScope> {
    if user.role.sees_all() {
        let Some(raw) = p.department.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(ReportScope::All);
        };
        let known = state.store.departments().await?;
        match raw.parse::<i64>().ok().filter(|d| known.iter().any(|k| k.id == *d)) {
            Some(d) => Ok(ReportScope::Department(d)),
            None => {
                let mut errs = FieldErrors::default();
                errs.add("department", FieldError::UnknownDepartment);
                Err(ApiError::Validation(errs))
            }
        }
    } else if user.role.reads_own_department_report() {
        user.department_id.map(ReportScope::Department).ok_or(ApiError::NotPermitted)
    } else {
        Err(ApiError::NotPermitted)
    }
}

async fn build(state: &AppState, user: &crate::store::User, p: &Period) -> ApiResult<ReportSummary> {
    let scope = scope(state, user, p).await?;
    let now = state.now();
    let (from, to) = period(p, to_seoul(now).date_naive())?;
    let mut s = crate::reports::summary(state.store.as_ref(), from, to, now, scope).await?;
    if let ReportScope::Department(d) = scope {
        s.department = state.store.departments().await?.into_iter().find(|x| x.id == d).map(|x| x.name);
    }
    // The case lists stay with those who see every case.
    s.can_export_cases = user.role.sees_all();
    s.can_choose_department = user.role.sees_all();
    Ok(s)
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/summary",
    tag = "reports",
    summary = "Figures of the cases received in a period (a department head: their department's; others may ask for one department): counts, deadline compliance, business-time handling, tables by kind, channel, category, facility, department, handler and month, survey means and response rate, and the survey broken down by the same tables",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "the summary", body = ReportSummary),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, an administrator or a department head", body = ErrorBody),
        (status = 422, description = "a date is not YYYY-MM-DD, to is before from, or an unknown department", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD`
pub async fn summary(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(p): Query<Period>,
) -> ApiResult<Json<ReportSummary>> {
    Ok(Json(build(&state, &user, &p).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentFilter {
    /// Only responses whose overall or result satisfaction is at most this (1–5).
    #[serde(default)]
    at_most: Option<String>,
}

/// The most comments one list holds.
const COMMENTS_MAX: i64 = 500;

#[utoipa::path(
    get,
    path = "/api/v1/survey-comments",
    tag = "reports",
    summary = "What complainants wrote with their survey answers in a period (the organisation's, one department's, or a head's own), newest first, at most 500, personal data in the text masked",
    params(Period, CommentFilter),
    security(("session" = [])),
    responses(
        (status = 200, description = "the comments", body = Vec<SurveyCommentView>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, an administrator or a department head", body = ErrorBody),
        (status = 422, description = "a date is not YYYY-MM-DD, to is before from, an unknown department, or at_most is not 1–5", body = ErrorBody)
    )
)]
/// `GET /api/v1/survey-comments?from&to&department&at_most`
pub async fn survey_comments(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(p): Query<Period>,
    Query(f): Query<CommentFilter>,
) -> ApiResult<Json<Vec<SurveyCommentView>>> {
    let scope = scope(&state, &user, &p).await?;
    let (from, to) = period(&p, to_seoul(state.now()).date_naive())?;
    let at_most = match f.at_most.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<u8>() {
            Ok(n @ 1..=5) => Some(n),
            _ => {
                let mut errs = FieldErrors::default();
                errs.add("at_most", FieldError::ScoreOutOfRange);
                return Err(ApiError::Validation(errs));
            }
        },
    };
    let start = app::domain::seoul_midnight(from);
    let end = app::domain::seoul_midnight(to.succ_opt().unwrap_or(to));
    // Scores live in the response's JSON: with a filter, read further back before it applies.
    let read = if at_most.is_some() { COMMENTS_MAX * 10 } else { COMMENTS_MAX };
    let found = state.store.survey_comments(start, end, scope, read).await?;
    let score =
        |scores: &[(String, u8)], item: &str| scores.iter().find(|(i, _)| i == item).map_or(0, |(_, s)| i64::from(*s));
    Ok(Json(
        found
            .into_iter()
            .map(|c| {
                let known: Vec<&str> = c.known.iter().map(String::as_str).collect();
                SurveyCommentView {
                    overall: score(&c.scores, "overall"),
                    result: score(&c.scores, "result"),
                    comment: app::domain::mask_personal_data(&c.comment, &known),
                    case_id: c.case_id,
                    receipt_no: c.receipt_no,
                    kind: c.kind,
                    department: c.department_name,
                    submitted_at: to_seoul(c.submitted_at),
                }
            })
            .filter(|c| at_most.is_none_or(|n| c.overall.min(c.result) <= i64::from(n)))
            .take(usize::try_from(COMMENTS_MAX).unwrap_or(500))
            .collect(),
    ))
}

/// The most cases one export holds; a longer list asks for a shorter period.
pub const EXPORT_MAX_CASES: i64 = 100_000;

/// The period's cases for an export, refused when there are more than [`EXPORT_MAX_CASES`].
async fn export_cases(
    state: &AppState,
    user: &crate::store::User,
    p: &Period,
) -> ApiResult<(NaiveDate, NaiveDate, Vec<crate::store::CaseRecord>)> {
    require(user.role.sees_all())?;
    let (from, to) = period(p, to_seoul(state.now()).date_naive())?;
    let start = app::domain::seoul_midnight(from);
    let end = app::domain::seoul_midnight(to.succ_opt().unwrap_or(to));
    let (n, cases) = state.store.cases_received(start, end, EXPORT_MAX_CASES).await?;
    if n > EXPORT_MAX_CASES {
        let mut errs = FieldErrors::default();
        errs.add("to", FieldError::TooManyCases { count: n, max: EXPORT_MAX_CASES });
        return Err(ApiError::Validation(errs));
    }
    tracing::info!(by = %user.username, %from, %to, cases = n, "case list exported (masked)");
    Ok((from, to, cases))
}

pub(super) const CSV: &str = "text/csv; charset=utf-8";
pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) fn download(kind: &'static str, name: String, body: Vec<u8>) -> impl IntoResponse {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, kind.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/cases.csv",
    tag = "reports",
    summary = "The period's cases as CSV (UTF-8 with BOM): one row each, personal data masked, no complaint text; at most 100,000 (else 422 too_many_cases)",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive or an administrator", body = ErrorBody),
        (status = 422, description = "a date is not YYYY-MM-DD, or to is before from", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/cases.csv?from=…&to=…`: the period's cases, one row each, personal
/// data masked (nobody reads them in full from an export).
pub async fn cases_csv(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Query(p): Query<Period>,
) -> ApiResult<impl IntoResponse> {
    let (from, to, cases) = export_cases(&state, &user, &p).await?;
    let detail = format!("{from} ~ {to}, {}건", cases.len());
    trail::access(&state, &user, &address, None, AccessKind::CasesCsv, detail).await?;
    Ok(download(CSV, format!("voc-cases-{from}-{to}.csv"), crate::reports::cases_csv(&cases).into_bytes()))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/cases.xlsx",
    tag = "reports",
    summary = "The period's cases as a spreadsheet, the same rows as cases.csv: personal data masked, no complaint text",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 422, description = "refused fields: from, to (too_many_cases over 100,000)", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/cases.xlsx?from=…&to=…`: the same rows as a spreadsheet.
pub async fn cases_xlsx(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Query(p): Query<Period>,
) -> ApiResult<impl IntoResponse> {
    let (from, to, cases) = export_cases(&state, &user, &p).await?;
    let detail = format!("{from} ~ {to}, {}건", cases.len());
    trail::access(&state, &user, &address, None, AccessKind::CasesXlsx, detail).await?;
    let body = crate::reports::cases_xlsx(&cases).map_err(|e| ApiError::Export(e.to_string()))?;
    Ok(download(XLSX, format!("voc-cases-{from}-{to}.xlsx"), body))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/summary.xlsx",
    tag = "reports",
    summary = "Every table of the period report, a sheet each",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the role may not", body = ErrorBody),
        (status = 422, description = "refused fields: from, to", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/summary.xlsx?from=…&to=…`: every table of the summary, a sheet each.
pub async fn summary_xlsx(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Query(p): Query<Period>,
) -> ApiResult<impl IntoResponse> {
    let s = build(&state, &user, &p).await?;
    let detail = format!("{} ~ {}", s.from, s.to);
    trail::access(&state, &user, &address, None, AccessKind::SummaryXlsx, detail).await?;
    let body = crate::reports::summary_xlsx(&s).map_err(|e| ApiError::Export(e.to_string()))?;
    Ok(download(XLSX, format!("voc-report-{}-{}.xlsx", s.from, s.to), body))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/summary.csv",
    tag = "reports",
    summary = "The same figures as CSV (UTF-8 with BOM)",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, an administrator or a department head", body = ErrorBody),
        (status = 422, description = "a date is not YYYY-MM-DD, to is before from, or an unknown department", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/summary.csv?from=…&to=…`: every table of the summary.
pub async fn summary_csv(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Query(p): Query<Period>,
) -> ApiResult<impl IntoResponse> {
    let s = build(&state, &user, &p).await?;
    let detail = format!("{} ~ {}", s.from, s.to);
    trail::access(&state, &user, &address, None, AccessKind::SummaryCsv, detail).await?;
    Ok(download(CSV, format!("voc-report-{}-{}.csv", s.from, s.to), crate::reports::csv(&s).into_bytes()))
}

#[utoipa::path(
    get,
    path = "/api/v1/reports/recurring",
    tag = "reports",
    summary = "Recurring causes of a period (a department head: their department's): the categories, facilities and staff causes that grew most against the period before (as many whole months, else days), and the most frequent words and two-word phrases of the newest 5,000 complaint texts per period, overall and per frequent category, with their share before",
    params(Period),
    security(("session" = [])),
    responses(
        (status = 200, description = "the recurring causes", body = RecurringReport),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager, an executive, an administrator or a department head", body = ErrorBody),
        (status = 422, description = "a date is not YYYY-MM-DD, to is before from, or an unknown department", body = ErrorBody)
    )
)]
/// `GET /api/v1/reports/recurring?from&to&department`
pub async fn recurring(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(p): Query<Period>,
) -> ApiResult<Json<RecurringReport>> {
    let scope = scope(&state, &user, &p).await?;
    let (from, to) = period(&p, to_seoul(state.now()).date_naive())?;
    let mut r = crate::recurring::report(state.store.as_ref(), from, to, scope).await?;
    if let ReportScope::Department(d) = scope {
        r.department = state.store.departments().await?.into_iter().find(|x| x.id == d).map(|x| x.name);
    }
    r.can_edit_stop_words = user.role.keeps_analysis();
    Ok(Json(r))
}

#[utoipa::path(
    put,
    path = "/api/v1/reports/stop-words",
    tag = "reports",
    summary = "Replaces the stop-words left out of the recurring causes' term lists (separated by spaces, commas or line breaks; each at most 20 characters, at most 300); answers the words kept",
    request_body = StopWordsInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the stop-words now in force, sorted", body = Vec<String>),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not the VOC manager or an administrator", body = ErrorBody),
        (status = 422, description = "a word is too long, or too many", body = ErrorBody)
    )
)]
/// `PUT /api/v1/reports/stop-words`
pub async fn set_stop_words(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    JsonBody(input): JsonBody<StopWordsInput>,
) -> ApiResult<Json<Vec<String>>> {
    require(user.role.keeps_analysis())?;
    let words = StopWords::parse(&input.words).map_err(ApiError::Validation)?;
    state.store.set_stop_words(&words).await?;
    let kept: Vec<String> = words.words().map(str::to_owned).collect();
    tracing::info!(by = %user.username, words = kept.len(), "stop-words set");
    trail::audit(
        &state,
        &user.username,
        &address,
        AuditAction::StopWordsSet,
        "stop_words".to_owned(),
        None,
        serde_json::to_value(&kept).ok(),
    )
    .await?;
    Ok(Json(kept))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(summary))
        .routes(utoipa_axum::routes!(survey_comments))
        .routes(utoipa_axum::routes!(recurring))
        .routes(utoipa_axum::routes!(set_stop_words))
        .routes(utoipa_axum::routes!(summary_csv))
        .routes(utoipa_axum::routes!(cases_csv))
        .routes(utoipa_axum::routes!(cases_xlsx))
        .routes(utoipa_axum::routes!(summary_xlsx))
}
