//! The complainant's own steps on their case, taken with its tracking link (the handler has
//! checked the link): withdraw it, change what it says while it is open, or answer a
//! supplement asked of them. Each is one store transaction; the store refuses a case that is
//! no longer open (409).

use app::domain::Content;

use super::{Change, Event};
use crate::AppState;
use crate::error::ApiResult;
use crate::store::CaseRecord;

/// Withdraws the case: it ends as withdrawn, never deleted, and any pause ends with it.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn withdraw(state: &AppState, case: CaseRecord) -> ApiResult<Change> {
    let case = state.store.withdraw_case(case.id, state.now()).await?;
    tracing::info!(receipt_no = %case.receipt_no, "withdrawn by the complainant");
    Ok(Change { case, event: Event::Closed })
}

/// Answers the supplement asked for: the answer and its files join the case, and a clock
/// stopped for it runs again. The handler's queue hears of it at once.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn answer_supplement(
    state: &AppState,
    case: CaseRecord,
    answer: &app::domain::ValidSupplementAnswer,
) -> ApiResult<Change> {
    let calendar = state.store.calendar().await?;
    let case = match state.store.answer_supplement(case.id, answer, state.now(), &calendar).await {
        Err(crate::store::StoreError::AlreadyExists) => return Err(crate::error::ApiError::NoSupplementAsked),
        other => other?,
    };
    tracing::info!(receipt_no = %case.receipt_no, files = answer.attachments.len(), "supplement answered");
    Ok(Change::updated(case))
}

/// Replaces what the case says; the history keeps the old wording beside the new.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn amend(state: &AppState, case: CaseRecord, content: &Content) -> ApiResult<Change> {
    let case = state.store.amend_case(case.id, content.as_str(), state.now()).await?;
    Ok(Change::updated(case))
}
