//! CCM follow-up recorded on a case: the member of staff it concerns (with their CS training
//! referral), compensation given to the complainant and the FAQ entry a closed case is
//! published as. Each is one transaction with its history entry.

use app::domain::HistoryAction;

use super::{Change, Event, Step};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::store::{CaseRecord, FaqRecord, NewReferral, StoreError, User};

/// Records compensation given for `case` (the permission was checked by the handler).
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn compensate(
    state: &AppState,
    user: &User,
    case: &CaseRecord,
    c: &app::domain::ValidCompensation,
) -> ApiResult<Change> {
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(case.id).await?;
    tx.insert_compensation(c, by, at).await?;
    let detail = format!("{} {}원 ({})", c.item, c.amount, c.reason.ko());
    tx.history(at, by, HistoryAction::Compensation, &detail, (None, None)).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, amount = c.amount, by, "compensation recorded");
    Ok(Change::updated(case))
}

/// Names the member of staff `case` concerns (of `department`), in place of any named before,
/// and refers them for CS training or withdraws the referral as `staff` says: a referral
/// goes to the one account known by the name (`domain::referral_account`) and keeps its
/// first day while it names the same person.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn record_staff(
    state: &AppState,
    user: &User,
    case: &CaseRecord,
    staff: &app::domain::ValidStaff,
    department: Option<i64>,
) -> ApiResult<Change> {
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(case.id).await?;
    let before = tx.staff().await?.map(|s| s.history_text());
    tx.replace_staff(staff, department, by, at).await?;
    let earlier = tx.referral().await?;
    let referral = if staff.cs_training {
        let accounts = tx.accounts_named(&staff.staff_name).await?;
        let (account, department) = app::domain::referral_account(&accounts, department);
        let on = match earlier {
            Some((name, on)) if name == staff.staff_name => on,
            _ => app::domain::to_seoul(at).date_naive(),
        };
        Some(NewReferral { staff_name: &staff.staff_name, user: account, department, on, by })
    } else {
        None
    };
    tx.replace_referral(referral.as_ref()).await?;
    let after = staff.history_text();
    tx.history(at, by, HistoryAction::StaffRecorded, "", (before.as_deref(), Some(&after))).await?;
    tx.commit_unchanged().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "staff concerned recorded");
    Ok(Change::updated(case.clone()))
}

/// Proposes the case of `step` for the good-practice library; the VOC office's own proposal
/// is shared at once. One live entry per case (409). Answers the entry's id.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn propose_practice(step: Step<'_>, p: &app::domain::ValidPractice) -> ApiResult<(Change, i64)> {
    let (by, at) = (step.user.username.as_str(), step.state.now());
    let shared = step.user.role.keeps_practices();
    let mut tx = step.state.store.change_case(step.case.id).await?;
    let id = match tx.insert_practice(p, step.case.department_id, shared, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::PracticeExists),
        r => r?,
    };
    let action = if shared { HistoryAction::PracticeShared } else { HistoryAction::PracticeProposed };
    tx.history(at, by, action, &p.title, (None, Some(p.kind.ko()))).await?;
    tx.commit_unchanged().await?;
    tracing::info!(receipt_no = %step.case.receipt_no, by, shared, "good practice proposed");
    Ok((Change::updated(step.case), id))
}

/// Shares a proposed library entry with every staff member, or declines it with the reason
/// (the permission was checked by the handler); 409 once it is decided.
#[tracing::instrument(skip_all, fields(entry = entry.id))]
pub async fn decide_practice(
    state: &AppState,
    user: &User,
    entry: &crate::store::PracticeRecord,
    decline: Option<&str>,
) -> ApiResult<()> {
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(entry.case_id).await?;
    if !tx.decide_practice(entry.id, decline, by, at).await? {
        return Err(ApiError::PracticeDecided);
    }
    let action = if decline.is_some() { HistoryAction::PracticeDeclined } else { HistoryAction::PracticeShared };
    tx.history(at, by, action, &entry.content.title, (None, decline)).await?;
    tx.commit_unchanged().await?;
    tracing::info!(receipt_no = %entry.receipt_no, by, shared = decline.is_none(), "good practice decided");
    Ok(())
}

/// Publishes `case` as a FAQ entry: only a closed, answered case whose complainant consented
/// to publication, once while its entry stands, its texts free of the complainant's
/// contacts (422).
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn publish_faq(
    state: &AppState,
    user: &User,
    case: &CaseRecord,
    input: &app::domain::FaqInput,
) -> ApiResult<(Change, FaqRecord)> {
    if !case.consent.publish {
        return Err(ApiError::NoPublishConsent);
    }
    if case.status != app::domain::CaseStatus::Closed || case.answer.is_none() {
        return Err(ApiError::FaqNeedsAnswer);
    }
    let known: Vec<&str> = [&case.name, &case.phone, &case.email].into_iter().flatten().map(String::as_str).collect();
    let (question, answer) = input.validate(&known).map_err(ApiError::Validation)?;
    let (question, answer) = (question.as_str(), answer.as_str());
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(case.id).await?;
    match tx.insert_faq(question, answer, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::FaqPublished),
        r => r?,
    }
    tx.history(at, by, HistoryAction::FaqPublished, question, (None, None)).await?;
    let case = tx.commit().await?;
    let entry = state.store.case_faq(case.id).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(receipt_no = %case.receipt_no, by, "published as FAQ");
    Ok((Change::updated(case), entry))
}

/// Takes published FAQ entry `id` off the homepage; it stays on record (404 when it is not
/// published).
#[tracing::instrument(skip(state, user))]
pub async fn withdraw_faq(state: &AppState, user: &User, id: i64) -> ApiResult<Change> {
    let entry = state.store.published_faq(id).await?.ok_or(ApiError::NotFound)?;
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(entry.case_id).await?;
    tx.withdraw_faq(id, by, at).await?;
    tx.history(at, by, HistoryAction::FaqWithdrawn, "", (None, None)).await?;
    let case = tx.commit().await?;
    tracing::info!(id, receipt_no = %case.receipt_no, by, "FAQ entry withdrawn");
    Ok(Change { case, event: Event::Quiet })
}
