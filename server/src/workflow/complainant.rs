//! The complainant's own steps on their case, taken with its tracking link (the handler has
//! checked the link): withdraw it, change what it says while it is open, or answer a
//! supplement asked of them; and, with its survey link, answer the survey. Each is one store transaction; the store refuses a case that is
//! no longer open (409).

use app::domain::{CaseStatus, Content, HistoryAction};

use super::{Change, Event};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::store::{Also, CaseRecord, StoreError};

/// Who the history names for the complainant's own steps.
const COMPLAINANT: &str = "민원인";

/// Records the complainant's survey response, once per case (409). A dissatisfied one opens
/// a follow-up for the VOC manager, due in three business days, in the same transaction.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn answer_survey(state: &AppState, case: &CaseRecord, survey: &app::domain::ValidSurvey) -> ApiResult<()> {
    use app::domain::{FOLLOW_UP_BUSINESS_DAYS, business_days};
    let at = state.now();
    let follow_up_due = if survey.dissatisfied(state.survey_follow_up_at_most) {
        let calendar = state.store.calendar().await?;
        Some(calendar.add(at, business_days(calendar.hours(), FOLLOW_UP_BUSINESS_DAYS)))
    } else {
        None
    };
    let mut tx = state.store.change_case(case.id).await?;
    match tx.insert_survey(survey, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::SurveyAlreadyAnswered),
        r => r?,
    }
    tx.history(at, COMPLAINANT, HistoryAction::SurveyAnswered, "", (None, None)).await?;
    if let Some(due) = follow_up_due {
        tx.open_survey_follow_up(survey, at, due).await?;
        tx.history(at, "시스템", HistoryAction::SurveyFollowUpOpened, "", (None, None)).await?;
    }
    tx.commit_unchanged().await?;
    tracing::info!(receipt_no = %case.receipt_no, follow_up = follow_up_due.is_some(), "survey answered");
    Ok(())
}

/// Withdraws the case: it ends as withdrawn, never deleted, and any pause ends with it.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn withdraw(state: &AppState, case: CaseRecord) -> ApiResult<Change> {
    let mut tx = state.store.change_case(case.id).await?;
    let from = tx.status_for(CaseStatus::Withdrawn).await?;
    let (action, also) = (HistoryAction::Withdrawn, Also::CloseBecause("withdrawn"));
    tx.move_to(from, CaseStatus::Withdrawn, state.now(), COMPLAINANT, action, "", also).await?;
    let case = tx.commit().await?;
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
    let (calendar, at) = (state.store.calendar().await?, state.now());
    let mut tx = state.store.change_case(case.id).await?;
    let status = tx.open_status().await?;
    // Every request still open is answered by this one answer.
    match tx.answer_supplements(&answer.text, at).await {
        Err(crate::store::StoreError::AlreadyExists) => return Err(crate::error::ApiError::NoSupplementAsked),
        other => other?,
    }
    let detail = if answer.text.is_empty() { "(첨부파일로 보완)" } else { answer.text.as_str() };
    tx.history(at, COMPLAINANT, HistoryAction::SupplementAnswered, detail, (None, None)).await?;
    let attached = tx.attach(&answer.attachments, at).await?;
    if !attached.is_empty() {
        tx.history(at, COMPLAINANT, HistoryAction::Attached, &attached.join(", "), (None, None)).await?;
    }
    // The clock runs again if it stands still for the supplement (not for another reason).
    if status == CaseStatus::Paused && tx.open_pause().await? == Some(app::domain::PauseReason::DocumentSupplement) {
        super::resume_clock(&mut tx, COMPLAINANT, at, &calendar).await?;
    }
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, files = answer.attachments.len(), "supplement answered");
    Ok(Change::updated(case))
}

/// The case whose result answers `case`: its original, if it was merged into one.
pub async fn original_of(state: &AppState, case: &CaseRecord) -> ApiResult<Option<CaseRecord>> {
    match &case.merged_into {
        Some((id, _)) => Ok(state.store.case_by_id(*id).await?),
        None => Ok(None),
    }
}

/// When the survey of `case` opened: when the case answering it (`original`, for a merged
/// duplicate) closed; `None` while that is not closed.
pub fn survey_opened(case: &CaseRecord, original: Option<&CaseRecord>) -> Option<chrono::DateTime<chrono::Utc>> {
    let answered = original.unwrap_or(case);
    answered.closed_at.filter(|_| answered.status == app::domain::CaseStatus::Closed)
}

/// Until which day `case`'s result may be appealed on `today`, or why it may not.
pub fn appeal_window_of(
    case: &CaseRecord,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, app::domain::AppealRefusal> {
    let result = case
        .answer
        .as_ref()
        .filter(|_| case.status == app::domain::CaseStatus::Closed)
        .map(|a| (a.decision, app::domain::to_seoul(a.answered_at).date_naive()));
    app::domain::appeal_window(result, case.appealed_by.is_some(), today)
}

/// Appeals the case's result (이의신청): a new case of the appeal kind, in the department that
/// decided the original, with the original's contacts and consents and the complainant's
/// reasons; they get its receipt notice and tracking link. Returns the appeal and its raw
/// tracking token.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn appeal(state: &AppState, case: CaseRecord, reasons: &str) -> ApiResult<(CaseRecord, String)> {
    use crate::error::ApiError;
    use app::domain::{AppealRefusal, Content, Email, PersonName, PhoneNumber, ValidNewCase, VocKind};
    let today = app::domain::to_seoul(state.now()).date_naive();
    appeal_window_of(&case, today).map_err(|r| match r {
        AppealRefusal::NothingToAppeal => ApiError::NothingToAppeal,
        AppealRefusal::TooLate { last_day } => ApiError::AppealTooLate { last_day },
        AppealRefusal::AlreadyAppealed => ApiError::AlreadyAppealed,
    })?;
    let content = Content::parse(&app::domain::appeal_content(&case.receipt_no, reasons)).map_err(|e| {
        let mut errs = app::domain::FieldErrors::default();
        errs.add("reasons", e);
        ApiError::Validation(errs)
    })?;
    let input = ValidNewCase {
        kind: VocKind::Appeal,
        channel: app::domain::Channel::Homepage,
        facility: case.facility.clone(),
        category: case.category.clone(),
        content,
        // As stored when the original was filed: they were valid then.
        name: case.name.as_deref().and_then(|n| PersonName::parse(n).ok()),
        phone: case.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok()),
        email: case.email.as_deref().and_then(|e| Email::parse(e).ok()),
        address: case.address.as_deref().and_then(|a| app::domain::PostalAddress::parse(a).ok()),
        reply_by: case.reply_by,
        consent: case.consent,
        received_at: None,
        agency: None,
        lang: case.lang,
        attachments: Vec::new(),
    };
    let new = crate::store::NewCase { appeal_of: Some(case.id), ..super::received(state, input).await? };
    let appeal = match super::filing::file(state, &new).await {
        // Two appeals at once: the unique index lets one in.
        Err(ApiError::Store(crate::store::StoreError::Db(e))) if crate::store::is_unique_violation(&e) => {
            return Err(ApiError::AlreadyAppealed);
        }
        other => other?,
    };
    tracing::info!(receipt_no = %appeal.receipt_no, original = %case.receipt_no, "appeal filed");
    Ok((appeal, new.tracking_token))
}

/// The complainant's answer to a proposed second extension: agreeing extends the period by
/// the proposal (in the name of the staff member who proposed it, the consent recorded as
/// given on the tracking page now); declining is recorded for the handler.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn answer_extension(state: &AppState, case: CaseRecord, agree: bool) -> ApiResult<Change> {
    use crate::error::ApiError;
    let proposal = state.store.extension_proposal(case.id).await?.filter(|p| p.answer.is_none());
    let Some(p) = proposal else { return Err(ApiError::NoExtensionProposal) };
    if !agree {
        let mut tx = state.store.change_case(case.id).await?;
        tx.open_status().await?;
        match tx.answer_proposal(p.id, false, state.now()).await {
            Err(crate::store::StoreError::AlreadyExists) => return Err(ApiError::NoExtensionProposal),
            other => other?,
        }
        tx.history(state.now(), COMPLAINANT, HistoryAction::ExtensionDeclined, "", (None, None)).await?;
        return Ok(Change { case: tx.commit().await?, event: Event::Updated });
    }
    let input = app::domain::ExtensionInput {
        reason: p.reason.clone(),
        due_date: p.due_date.to_string(),
        consent: Some(app::domain::ExtensionConsentInput { via: "tracking_page".into(), at: String::new() }),
    };
    let valid = super::validate_extension(state, &case, &input).await?;
    let tx = state.store.change_case(case.id).await?;
    let was = (case.due_at, case.extensions);
    let case = super::extend_period(state, tx, &valid, was, &p.proposed_by, Some(p.id)).await?;
    tracing::info!(receipt_no = %case.receipt_no, "second extension agreed on the tracking page");
    Ok(Change::updated(case))
}

/// Replaces what the case says; the history keeps the old wording beside the new.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn amend(state: &AppState, case: CaseRecord, content: &Content) -> ApiResult<Change> {
    let mut tx = state.store.change_case(case.id).await?;
    let status = tx.open_status().await?;
    let old = tx.content().await?;
    tx.set_content(content.as_str(), status).await?;
    let change = (Some(old.as_str()), Some(content.as_str()));
    tx.history(state.now(), COMPLAINANT, HistoryAction::Amended, "", change).await?;
    let case = tx.commit().await?;
    Ok(Change::updated(case))
}

/// The written result notice (결과 통지서) of `case` as PDF: the result that answers it (its
/// original's, for a merged duplicate), once that case is closed with an approved answer.
/// Laid out off the async threads; the font is read on the first letter.
#[tracing::instrument(skip_all, fields(case = case.id))]
pub async fn result_letter(state: &AppState, case: &CaseRecord) -> ApiResult<(String, Vec<u8>)> {
    use crate::error::ApiError;
    let original = original_of(state, case).await?;
    let answered = original.as_ref().unwrap_or(case);
    let answer = answered
        .answer
        .as_ref()
        .filter(|_| answered.status == app::domain::CaseStatus::Closed)
        .ok_or(ApiError::NoResultYet)?;
    let today = app::domain::to_seoul(state.now()).date_naive();
    let letters = state.letters.clone();
    let letter = app::domain::ResultLetter {
        organisation: letters.organisation.clone(),
        receipt_no: case.receipt_no.clone(),
        complainant: case.name.clone(),
        co_complainants: state.store.complainants_of(case.id).await?.into_iter().filter_map(|p| p.name).collect(),
        kind: case.kind,
        received_on: app::domain::to_seoul(case.received_at).date_naive(),
        facility: case.facility_name.clone(),
        content: case.content.clone(),
        decision: answer.decision,
        result: answer.result.clone(),
        basis: answer.basis.clone(),
        appeal: answer.appeal.clone(),
        appeal_until: appeal_window_of(answered, today).ok().filter(|_| case.appealed_by.is_none()),
        department: answered.department_name.clone(),
        handler: answered.assignee_name.clone(),
        contact: letters.contact.clone(),
        answered_on: app::domain::to_seoul(answer.answered_at).date_naive(),
    };
    let name = letter.file_name();
    let pdf = tokio::task::spawn_blocking(move || {
        let font = letters.font().map_err(ApiError::LetterUnavailable)?;
        crate::letter::render(&letter, font).map_err(ApiError::Export)
    })
    .await
    .map_err(|_| ApiError::Internal)??;
    tracing::info!(receipt_no = %case.receipt_no, bytes = pdf.len(), "result letter made");
    Ok((name, pdf))
}
