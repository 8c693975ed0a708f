//! The steps the scheduled jobs (`crate::jobs`) take on a case, in the name of the system,
//! and the VOC manager's answer to what a job raised: the follow-up of a low survey score.

use app::domain::{CaseStatus, HistoryAction};

use crate::AppState;
use crate::store::{Also, CaseRecord, StoreResult};

/// Who the history names for the system's own steps.
const SYSTEM: &str = "시스템";

/// Closes case `id` as deemed withdrawn if, checked again inside the transaction, its
/// complainant is still unreachable, its deadline has passed and its clock runs: a contact
/// resumed or a pause since the sweep read the case keeps it open (`None`).
#[tracing::instrument(skip(state))]
pub async fn deem_withdrawn(state: &AppState, id: i64) -> StoreResult<Option<CaseRecord>> {
    let at = state.now();
    let mut tx = state.store.change_case(id).await?;
    let (from, due, unreachable) = tx.due_and_unreachable().await?;
    let deemed =
        unreachable.is_some() && due < at && from != CaseStatus::Paused && from.can_become(CaseStatus::Withdrawn);
    if !deemed {
        return Ok(None);
    }
    let detail = format!("연락 불가로 처리기한({}) 경과", app::domain::seoul_minutes(due));
    let (action, also) = (HistoryAction::DeemedWithdrawn, Also::CloseBecause("deemed_withdrawn"));
    tx.move_to(from, CaseStatus::Withdrawn, at, SYSTEM, action, &detail, also).await?;
    Ok(Some(tx.commit().await?))
}

/// Records the VOC manager's follow-up of a low survey score (`follow_up`, on `case_id`):
/// how the complainant was reached and what was said; with `reopen`, the closed case goes
/// back to the queue for re-investigation in the same transaction (409 if it is no longer
/// closed). The first record wins.
#[tracing::instrument(skip(state, user, done))]
pub async fn complete_follow_up(
    state: &AppState,
    user: &crate::store::User,
    follow_up: i64,
    case_id: i64,
    done: &app::domain::ValidFollowUp,
) -> crate::error::ApiResult<Option<super::Change>> {
    use crate::error::ApiError;
    use crate::store::StoreError;
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(case_id).await?;
    match tx.complete_follow_up(follow_up, done, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::FollowUpDone),
        r => r?,
    }
    let detail = format!("{}: {}", done.contact.ko(), done.note);
    tx.history(at, by, HistoryAction::SurveyFollowedUp, &detail, (None, None)).await?;
    if !done.reopen {
        tx.commit().await?;
        return Ok(None);
    }
    let from = tx.status_for(CaseStatus::InProgress).await?;
    if from != CaseStatus::Closed {
        return Err(super::invalid(from, CaseStatus::InProgress));
    }
    tx.move_to(from, CaseStatus::InProgress, at, by, HistoryAction::Reopened, &done.note, Also::Reopen).await?;
    // Back in the queue: every open queue hears of it.
    Ok(Some(super::Change { case: tx.commit().await?, event: super::Event::Created }))
}
