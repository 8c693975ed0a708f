//! Institutional improvement requests (제도개선): the VOC manager asks a department, its head
//! reports what was done (or why not), or extends the request once. A request may arise from
//! a case; then each step is in the case's history, written in the same transaction.

use app::domain::{HistoryAction, ImprovementOutcome, ValidImprovement};
use chrono::{DateTime, Utc};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::store::{ImprovementRecord, StoreError, User};

/// The history's words for a request's title, or an extension's reason, with the report's
/// due day `due_at`.
pub fn with_due(text: &str, due_at: DateTime<Utc>) -> String {
    format!("{text} (보고 기한 {})", app::domain::improvement_last_day(due_at))
}

/// Asks active `department` for an improvement, about case `case` if any: due three months
/// on, at the close of business of that day.
#[tracing::instrument(skip_all, fields(department))]
pub async fn request(
    state: &AppState,
    user: &User,
    case: Option<i64>,
    department: i64,
    request: &ValidImprovement,
) -> ApiResult<ImprovementRecord> {
    let at = state.now();
    let due_at = app::domain::improvement_due(&state.store.calendar().await?, at);
    let mut tx = state.store.change_improvements().await?;
    let (id, name) = tx.insert(case, department, request, due_at, user, at).await?;
    if let Some(case) = case {
        let detail = with_due(&request.title, due_at);
        tx.history(case, at, &user.username, HistoryAction::ImprovementRequested, &detail, (None, Some(&name))).await?;
    }
    Ok(tx.commit(id).await?)
}

/// The asked head's report on request `id`: implemented, or declined with reasons; once
/// (409 `improvement_reported` after).
#[tracing::instrument(skip_all, fields(id))]
pub async fn report(
    state: &AppState,
    user: &User,
    id: i64,
    outcome: ImprovementOutcome,
    report: &str,
) -> ApiResult<ImprovementRecord> {
    let at = state.now();
    let mut tx = state.store.change_improvements().await?;
    let case = match tx.report(id, outcome, report, user, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::ImprovementReported),
        r => r?,
    };
    if let Some(case) = case {
        let change = (None, Some(outcome.ko()));
        tx.history(case, at, &user.username, HistoryAction::ImprovementReported, report, change).await?;
    }
    Ok(tx.commit(id).await?)
}

/// The asked head moves request `id`'s due to `due_at`, once, for `reason` (409
/// `improvement_extended` after).
#[tracing::instrument(skip_all, fields(id))]
pub async fn extend(
    state: &AppState,
    user: &User,
    id: i64,
    reason: &str,
    due_at: DateTime<Utc>,
) -> ApiResult<ImprovementRecord> {
    let at = state.now();
    let mut tx = state.store.change_improvements().await?;
    let case = match tx.extend(id, reason, due_at, user, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::ImprovementExtended),
        r => r?,
    };
    if let Some(case) = case {
        let detail = with_due(reason, due_at);
        tx.history(case, at, &user.username, HistoryAction::ImprovementExtended, &detail, (None, None)).await?;
    }
    Ok(tx.commit(id).await?)
}
