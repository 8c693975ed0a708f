//! The officers' steps on a case: route, assign, pause and resume, draft, approve or return,
//! answer, reopen, close as not a complaint, notes, and the complainant being unreachable.
//! Each takes a [`Step`] (the case, checked for this action) and what the handler parsed.

use app::domain::{CaseStatus, Decision, HistoryAction, NotComplaintReason, NoticeKind, PauseReason, ValidAnswer};

use super::{Change, Event, Step, guarded, invalid, moved_meanwhile, notices};
use crate::error::{ApiError, ApiResult};
use crate::store::{Also, CaseRecord, Department, Elsewhere, Entry, MaterialRecord, StoreError, User};

/// Designates the handling department, or transfers the case to another; nobody there has
/// it yet.
#[tracing::instrument(skip_all, fields(case = step.case.id, department = department.id))]
pub async fn route(step: Step<'_>, department: &Department, reason: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let now = tx.placement().await?;
    if !now.status.is_open() {
        return Err(invalid(now.status, now.status));
    }
    let old = tx.department_name(now.department).await?;
    let new = tx.department_name(Some(department.id)).await?.ok_or(StoreError::UnknownDepartment)?;
    tx.set_department(department.id).await?;
    let action = if now.department.is_some() { HistoryAction::Transferred } else { HistoryAction::Routed };
    tx.history(at, by, action, reason, (old.as_deref(), Some(&new))).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, department = %department.name, by, "case routed");
    Ok(Change::updated(case))
}

/// Gives the case to an active handler of its department; a received case is then in
/// progress, through the guarded move.
#[tracing::instrument(skip_all, fields(case = step.case.id, assignee = assignee.id))]
pub async fn assign(step: Step<'_>, assignee: &User) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let now = tx.placement().await?;
    if !now.status.is_open() {
        return Err(invalid(now.status, now.status));
    }
    if now.department.is_none() || now.department != assignee.department_id || !assignee.active {
        return Err(StoreError::UnknownUser.into());
    }
    let old = tx.user_name(now.assignee).await?;
    tx.set_assignee(assignee.id).await?;
    if now.status == CaseStatus::Received {
        tx.move_status(now.status, CaseStatus::InProgress, at).await?;
    }
    let change = (old.as_deref(), Some(assignee.display_name.as_str()));
    tx.history(at, by, HistoryAction::Assigned, "", change).await?;
    Ok(Change::updated(tx.commit().await?))
}

/// Stops the clock for one of the reasons the law allows.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn pause(step: Step<'_>, reason: PauseReason, note: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::Paused).await?;
    tx.insert_pause(reason, note, by, at).await?;
    let detail = format!("{} · {note}", reason.ko());
    tx.move_to(from, CaseStatus::Paused, at, by, HistoryAction::Paused, &detail, Also::Nothing).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, reason = %reason, "case paused");
    Ok(Change::updated(case))
}

/// Restarts the clock; the deadline moves by the paused business time.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn resume(step: Step<'_>) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let calendar = step.state.store.calendar().await?;
    let mut tx = step.change().await?;
    super::resume_clock(&mut tx, by, at, &calendar).await?;
    let case = tx.commit().await?;
    let due = app::domain::to_seoul(case.due_at);
    tracing::info!(receipt_no = %case.receipt_no, by, due_at = %due, "case resumed");
    Ok(Change::updated(case))
}

/// The handler's answer goes to the department head for approval. Drafting takes up a case
/// nobody has yet: received becomes in progress on the way.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn draft(step: Step<'_>, decision: Decision, answer: &ValidAnswer) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let user = step.user;
    let mut tx = step.change().await?;
    let mut from = tx.open_status().await?;
    if from == CaseStatus::Received {
        tx.move_status(from, CaseStatus::InProgress, at).await?;
        from = CaseStatus::InProgress;
    }
    tx.insert_answer(decision, answer, user, at, false).await?;
    let to = CaseStatus::AwaitingApproval;
    tx.move_to(from, to, at, by, HistoryAction::Drafted, decision.ko(), Also::Nothing).await?;
    Ok(Change::updated(tx.commit().await?))
}

/// The head approves the draft: the case closes and the result notice is due.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn approve(step: Step<'_>, note: &str) -> ApiResult<Change> {
    let case = review(step, true, note).await?;
    tracing::info!(receipt_no = %case.receipt_no, "answer approved; case closed");
    Ok(Change::closed(case))
}

/// The head sends the draft back to the handler with a reason.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn return_draft(step: Step<'_>, reason: &str) -> ApiResult<Change> {
    Ok(Change::updated(review(step, false, reason).await?))
}

/// The head's review of the pending draft: approved (the case closes, the result notice is
/// queued) or returned to the handler.
async fn review(step: Step<'_>, approve: bool, note: &str) -> ApiResult<CaseRecord> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let user = step.user;
    let (from, to) = (step.case.status, if approve { CaseStatus::Closed } else { CaseStatus::InProgress });
    if from != CaseStatus::AwaitingApproval {
        return Err(invalid(from, to));
    }
    let mut tx = step.change().await?;
    let Some(draft) = tx.review_draft(approve, user, note, at).await? else {
        return Err(moved_meanwhile(&mut tx, from, to).await);
    };
    let (action, also) =
        if approve { (HistoryAction::Approved, Also::Answered) } else { (HistoryAction::Returned, Also::Nothing) };
    let moved = tx.move_to(from, to, at, by, action, note, also).await;
    guarded(moved, &mut tx, from, to).await?;
    if approve {
        notices::enqueue_result(step.state, &mut tx, (draft.id, draft.decision, &draft.answer), at).await?;
    }
    Ok(tx.commit().await?)
}

/// Answers and closes at once (where the kind's policy needs no confirmation, or by the VOC
/// manager); the result notice is due.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn answer(step: Step<'_>, decision: Decision, answer: &ValidAnswer) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let user = step.user;
    let (from, to) = (step.status_for(CaseStatus::Closed)?, CaseStatus::Closed);
    let mut tx = step.change().await?;
    let id = tx.insert_answer(decision, answer, user, at, true).await?;
    let moved = tx.move_to(from, to, at, by, HistoryAction::Answered, decision.ko(), Also::Answered).await;
    guarded(moved, &mut tx, from, to).await?;
    notices::enqueue_result(step.state, &mut tx, (id, decision, answer), at).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "case answered and closed");
    Ok(Change::closed(case))
}

/// Sends a closed case back for re-investigation: it is in the queue again, and its answers
/// stay on record.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn reopen(step: Step<'_>, reason: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::InProgress).await?;
    if from != CaseStatus::Closed {
        return Err(invalid(from, CaseStatus::InProgress));
    }
    tx.move_to(from, CaseStatus::InProgress, at, by, HistoryAction::Reopened, reason, Also::Reopen).await?;
    Ok(Change { case: tx.commit().await?, event: Event::Created })
}

/// Closes a case that is not a complaint (private-law claim, court, identity, false); the
/// reason is kept on the case.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn close_not_complaint(step: Step<'_>, reason: NotComplaintReason, note: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::Closed).await?;
    let detail = format!("{} · {note}", app::domain::closure_text(reason.as_str()));
    let (action, also) = (HistoryAction::ClosedNotComplaint, Also::CloseBecause(reason.as_str()));
    tx.move_to(from, CaseStatus::Closed, at, by, action, &detail, also).await?;
    Ok(Change::closed(tx.commit().await?))
}

/// An internal note, never shown to the complainant.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn add_note(step: Step<'_>, body: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.insert_note(body, by, at).await?;
    tx.history(at, by, HistoryAction::Note, "", (None, None)).await?;
    tx.commit_unchanged().await?;
    Ok(Change { case: step.case, event: Event::Quiet })
}

/// Records that the complainant cannot be reached (`Some(note)`), or that they can again
/// (`None`); open cases only. Waiting for someone who cannot be reached is pointless, so
/// recording it resumes a paused case in the same transaction; once the deadline passes, the
/// job in `jobs.rs` closes the case as deemed withdrawn.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn set_unreachable(step: Step<'_>, note: Option<&str>) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let calendar = step.state.store.calendar().await?;
    let mut tx = step.change().await?;
    if tx.open_status().await? == CaseStatus::Paused && note.is_some() {
        super::resume_clock(&mut tx, by, at, &calendar).await?;
    }
    tx.set_unreachable(note, at).await?;
    match note {
        Some(note) => tx.history(at, by, HistoryAction::Unreachable, note, (None, None)).await?,
        None => tx.history(at, by, HistoryAction::Reachable, "", (None, None)).await?,
    }
    Ok(Change::updated(tx.commit().await?))
}

/// Extends the case's period (처리기간 연장): once within it, a second time only with the
/// complainant's consent; the complainant is told at once.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn extend(step: Step<'_>, input: &app::domain::ExtensionInput) -> ApiResult<Change> {
    // Consent on the tracking page is recorded by the complainant's own button only.
    if input.consent.as_ref().is_some_and(|c| c.via.parse() == Ok(app::domain::ConsentVia::TrackingPage)) {
        let mut errs = app::domain::FieldErrors::default();
        errs.add("consent.via", app::domain::FieldError::ConsentByButton);
        return Err(ApiError::Validation(errs));
    }
    let valid = validate_extension(step.state, &step.case, input).await?;
    let (old_due, old_count) = (step.case.due_at, step.case.extensions);
    let (state, by) = (step.state, step.user.username.as_str());
    let case = super::extend_period(state, step.change().await?, &valid, (old_due, old_count), by, None).await?;
    let due = app::domain::to_seoul(case.due_at);
    tracing::info!(receipt_no = %case.receipt_no, by = %step.user.username, due_at = %due, "period extended");
    Ok(Change::updated(case))
}

/// Checks an extension of `case` now under its kind's policy: the one rule for staff's
/// extensions and the complainant's agreement.
pub async fn validate_extension(
    state: &crate::AppState,
    case: &CaseRecord,
    input: &app::domain::ExtensionInput,
) -> ApiResult<app::domain::ValidExtension> {
    use app::domain::{ExtensionFacts, ExtensionRefusal};
    let calendar = state.store.calendar().await?;
    let policy = super::policy_of(state, case.kind).await?;
    let facts = ExtensionFacts {
        received_at: case.received_at,
        budget: case.budget,
        pauses: case.engine_pauses(),
        due_at: case.due_at,
        unit: policy.period_unit,
        length: policy.business_days,
        extensions: case.extensions,
    };
    input.validate(&calendar, &facts, state.now()).map_err(|r| match r {
        ExtensionRefusal::Fields(errs) => ApiError::Validation(errs),
        ExtensionRefusal::PeriodPassed => ApiError::PeriodPassed,
        ExtensionRefusal::NoMore => ApiError::NoMoreExtensions,
    })
}

/// Asks the complainant to agree to a second extension (reason and new due day): they answer
/// with a button on the tracking page, and agreeing extends the period.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn propose_extension(step: Step<'_>, input: &app::domain::ExtensionInput) -> ApiResult<Change> {
    if !app::domain::extension_needs_consent(step.case.extensions) {
        return Err(ApiError::ConsentNotNeeded);
    }
    let by_button = app::domain::ExtensionConsentInput { via: "tracking_page".into(), at: String::new() };
    let input = app::domain::ExtensionInput { consent: Some(by_button), ..input.clone() };
    let valid = validate_extension(step.state, &step.case, &input).await?;
    let day = app::domain::to_seoul(valid.new_due).date_naive();
    let (by, at) = (step.user.username.as_str(), step.now());
    let reason = valid.reason.as_str();
    let mut tx = step.change().await?;
    tx.open_status().await?;
    let proposal = tx.replace_proposal(reason, day, by, at).await?;
    tx.history(at, by, HistoryAction::ExtensionProposed, &format!("{day}까지: {reason}"), (None, None)).await?;
    let extra = [("reason", reason.to_owned()), ("due_date", day.to_string())];
    notices::enqueue(
        &step.state.public_url,
        &mut tx,
        NoticeKind::ExtensionConsent,
        &proposal.to_string(),
        &extra,
        &[],
        at,
    )
    .await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, due = %day, "extension proposed");
    Ok(Change::updated(case))
}

/// Marks the case serious (중대 민원) — it heads every queue and the executives are alerted —
/// or clears the mark.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn set_serious(step: Step<'_>, serious: Option<(app::domain::SeriousReason, &str)>) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.open_status().await?;
    tx.set_serious(serious, at).await?;
    match serious {
        Some((reason, note)) => {
            let detail = format!("{}: {note}", reason.ko());
            tx.history(at, by, HistoryAction::MarkedSerious, &detail, (None, None)).await?;
            let bosses = tx.executives_and_managers().await?;
            let extra = [("reason", reason.ko().to_owned()), ("note", note.to_owned())];
            notices::enqueue(
                &step.state.public_url,
                &mut tx,
                NoticeKind::Serious,
                &at.timestamp().to_string(),
                &extra,
                &bosses,
                at,
            )
            .await?;
        }
        None => tx.history(at, by, HistoryAction::SeriousCleared, "", (None, None)).await?,
    }
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, serious = serious.is_some(), "serious mark set");
    Ok(Change::updated(case))
}

/// Sends the case to the agency it belongs to (이송): it closes here, the complainant is told
/// where it went and how to follow it.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn transfer_out(step: Step<'_>, agency: &str, reason: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let (from, to) = (step.status_for(CaseStatus::Closed)?, CaseStatus::Closed);
    let mut tx = step.change().await?;
    let detail = format!("{agency}: {reason}");
    let also = Also::CloseUnhandled(app::domain::TRANSFERRED, Elsewhere::Agency(agency));
    let moved = tx.move_to(from, to, at, by, HistoryAction::TransferredOut, &detail, also).await;
    guarded(moved, &mut tx, from, to).await?;
    let extra = [("agency", agency.to_owned()), ("reason", reason.to_owned())];
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::TransferOut, "", &extra, &[], at).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, to = agency, by, "case transferred out");
    Ok(Change::closed(case))
}

/// Asks the complainant for a supplement (보완 요구) by a day: the clock stops at once and the
/// complainant is told what is missing and by when.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn request_supplement(step: Step<'_>, input: &app::domain::SupplementInput) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let today = app::domain::to_seoul(at).date_naive();
    let (request, due) = input.validate(today).map_err(ApiError::Validation)?;
    let (from, to) = (step.status_for(CaseStatus::Paused)?, CaseStatus::Paused);
    let mut tx = step.change().await?;
    tx.insert_pause(PauseReason::DocumentSupplement, &request, by, at).await?;
    let request_id = tx.insert_supplement_request(&request, due, by, at).await?;
    let detail = format!("{due}까지 · {request}");
    let moved = tx.move_to(from, to, at, by, HistoryAction::SupplementRequested, &detail, Also::Nothing).await;
    guarded(moved, &mut tx, from, to).await?;
    let extra = [("request", request.clone()), ("due_date", due.to_string())];
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::Supplement, &request_id.to_string(), &extra, &[], at)
        .await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, due = %due, "supplement requested");
    Ok(Change::updated(case))
}

/// Returns (반려) a case whose supplement did not come by its day, as the Act allows; the
/// complainant is told why and that they may file again.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn return_unsupplemented(step: Step<'_>, reason: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let today = app::domain::to_seoul(at).date_naive();
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::Closed).await?;
    // Only for a request whose day has passed unanswered, checked inside the transaction.
    let (request, due_date) = tx.overdue_supplement(today).await?.ok_or_else(|| invalid(from, CaseStatus::Closed))?;
    let detail = format!("{due_date}까지 요청한 보완 없음 · {reason}");
    let (action, also) =
        (HistoryAction::ReturnedUnsupplemented, Also::CloseUnhandled(app::domain::RETURNED, Elsewhere::Nowhere));
    tx.move_to(from, CaseStatus::Closed, at, by, action, &detail, also).await?;
    let extra = [("request", request), ("due_date", due_date), ("reason", reason.to_owned())];
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::ReturnedUnsupplemented, "", &extra, &[], at).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "returned without supplement");
    Ok(Change::closed(case))
}

/// Links the case to `other` (related, duplicate, repeat); both histories say who did.
#[tracing::instrument(skip_all, fields(case = step.case.id, other = other.id))]
pub async fn link(step: Step<'_>, other: &CaseRecord, relation: app::domain::LinkRelation) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.link(other.id, relation, by, at).await?;
    let (here, there) =
        (format!("{} · {}", relation.ko(), other.receipt_no), format!("{} · {}", relation.ko(), step.case.receipt_no));
    let linked = |case, detail| Entry { case, actor: by, action: HistoryAction::Linked, detail, change: (None, None) };
    tx.histories(at, &[linked(None, &here), linked(Some(other.id), &there)]).await?;
    tx.commit_unchanged().await?;
    Ok(Change { case: step.case, event: Event::Quiet })
}

/// Closes this duplicate into its open original: its complainant is told, and the
/// original's result and survey reach them too.
#[tracing::instrument(skip_all, fields(case = step.case.id, into = into.id))]
pub async fn merge(step: Step<'_>, into: &CaseRecord) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let duplicate = step.case.receipt_no.clone();
    let (from, to) = (step.status_for(CaseStatus::Closed)?, CaseStatus::Closed);
    let mut tx = step.change().await?;
    // The original must still be open, checked inside the transaction.
    let (status, original) = tx.status_of(into.id).await?;
    if !status.is_open() {
        return Err(merge_target_closed());
    }
    tx.link(into.id, app::domain::LinkRelation::Duplicate, by, at).await?;
    // Both cases say they are linked; the original, that the duplicate was merged into it
    // (this case's own entry comes with its move).
    let relation = app::domain::LinkRelation::Duplicate.ko();
    let (here, there) = (format!("{relation} · {original}"), format!("{relation} · {duplicate}"));
    let entry = |case, action, detail| Entry { case, actor: by, action, detail, change: (None, None) };
    tx.histories(
        at,
        &[
            entry(None, HistoryAction::Linked, &here),
            entry(Some(into.id), HistoryAction::Linked, &there),
            entry(Some(into.id), HistoryAction::MergedIn, &duplicate),
        ],
    )
    .await?;
    let also = Also::CloseUnhandled(app::domain::MERGED, Elsewhere::Case(into.id));
    let moved = tx.move_to(from, to, at, by, HistoryAction::Merged, &original, also).await;
    guarded(moved, &mut tx, from, to).await?;
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::Merged, "", &[("original", original)], &[], at)
        .await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, into = %into.receipt_no, by, "merged");
    Ok(Change::closed(case))
}

/// The 422 of a merge into a case that is no longer open.
pub fn merge_target_closed() -> ApiError {
    let mut errs = app::domain::FieldErrors::default();
    errs.add("into", app::domain::FieldError::MergeTargetClosed);
    ApiError::Validation(errs)
}

/// Closes a repeated complaint (민원처리법 제23조): only when its linked history holds two or
/// more earlier filings of the same matter and two or more answers, which the notice cites.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn close_repeated(step: Step<'_>, reason: &str) -> ApiResult<Change> {
    let links = step.state.store.case_links(step.case.id).await?;
    let cited = app::domain::repeat_closure(&earlier_filings(&links))
        .map_err(|n| ApiError::NotRepeated { filings: n.filings, answers: n.answers })?;
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::Closed).await?;
    let cited_text = cited.join(", ");
    let detail = format!("{cited_text} 답변 · {reason}");
    let (action, also) = (HistoryAction::ClosedRepeated, Also::CloseBecause(app::domain::REPEATED));
    tx.move_to(from, CaseStatus::Closed, at, by, action, &detail, also).await?;
    tx.set_closure_note(&app::domain::repeated_text(&cited)).await?;
    let extra = [("cited", cited_text), ("reason", reason.to_owned())];
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::RepeatedClosure, "", &extra, &[], at).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "closed as repeated");
    Ok(Change::closed(case))
}

/// Records abusive conduct (특이민원) on the case's complainant: it shows on each of their cases.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn record_incident(step: Step<'_>, kind: app::domain::ConductKind, note: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.incident(kind, note, by, at).await?;
    tx.history(at, by, HistoryAction::IncidentRecorded, kind.ko(), (None, None)).await?;
    tx.commit_unchanged().await?;
    let case = step.case;
    tracing::info!(receipt_no = %case.receipt_no, by, kind = %kind, "incident recorded");
    Ok(Change { case, event: Event::Quiet })
}

/// Records one stage of a grievance (고충민원), each once and in order, with what the stage does:
/// the deliberation's opinion on record; the improvement stage asks `department` for an
/// institutional improvement (three months by the calendar); the audit referral tells the
/// audit `department`'s staff by e-mail. One transaction.
#[tracing::instrument(skip_all, fields(case = case.id, stage = step.stage.as_str()))]
pub async fn grievance_step(
    state: &crate::AppState,
    user: &crate::store::User,
    case: CaseRecord,
    step: &app::domain::ValidGrievanceStep,
    department: Option<Department>,
) -> ApiResult<Change> {
    use app::domain::GrievanceStage;
    if case.kind != app::domain::VocKind::Grievance {
        return Err(ApiError::NotGrievance);
    }
    if case.status == app::domain::CaseStatus::Withdrawn {
        return Err(StoreError::InvalidTransition { from: case.status, to: case.status }.into());
    }
    let stage = step.stage;
    let done: Vec<_> = state.store.grievance_steps(case.id).await?.into_iter().map(|g| g.stage).collect();
    if done.contains(&stage) {
        return Err(ApiError::GrievanceStageDone { stage });
    }
    if let Some(needs) = stage.requires().filter(|n| !done.contains(n)) {
        return Err(ApiError::GrievanceOrder { needs });
    }
    let (by, at, note) = (user.username.as_str(), state.now(), step.note.as_str());
    let calendar = state.store.calendar().await?;
    let recipients: Vec<String> = match (stage, &department) {
        (GrievanceStage::AuditReferral, Some(d)) => state
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.department_id == Some(d.id))
            .filter_map(|u| u.email.filter(|e| !e.trim().is_empty()))
            .collect(),
        _ => Vec::new(),
    };
    let mut tx = state.store.change_case(case.id).await?;
    let concerns = match (stage, &department) {
        (GrievanceStage::Improvement, Some(d)) => {
            let title = format!("고충민원 {} 제도개선", case.receipt_no);
            let due_at = app::domain::improvement_due(&calendar, at);
            let (id, name) = tx.insert_improvement(d.id, (&title, note), due_at, user, at).await?;
            let detail = super::improvements::with_due(&title, due_at);
            tx.history(at, by, HistoryAction::ImprovementRequested, &detail, (None, Some(&name))).await?;
            (Some(id), Some(d.id))
        }
        (GrievanceStage::AuditReferral, Some(d)) => {
            let name = tx.department_name(Some(d.id)).await?.ok_or(StoreError::UnknownDepartment)?;
            let extra = [("note", app::domain::mask_personal_data(note, &[]))];
            notices::enqueue(&state.public_url, &mut tx, NoticeKind::AuditReferral, "", &extra, &recipients, at)
                .await?;
            tx.history(at, by, HistoryAction::AuditReferred, note, (None, Some(&name))).await?;
            (None, Some(d.id))
        }
        _ => (None, None),
    };
    match tx.insert_grievance_step(step, concerns, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::GrievanceStageDone { stage }),
        r => r?,
    }
    let detail = match step.opinion {
        Some(o) => format!("{} · {note}", o.ko()),
        None => note.to_owned(),
    };
    tx.history(at, by, HistoryAction::Grievance, &detail, (None, Some(stage.ko()))).await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, to = ?department.map(|d| d.name), "grievance stage recorded");
    Ok(Change::updated(case))
}

/// Adds a co-complainant to a multi-person complaint (다수인관련민원): from now on they hear
/// what the representative hears, and at once the receipt, on the channels they consented to.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn add_complainant(step: Step<'_>, input: &app::domain::CoComplainantInput) -> ApiResult<Change> {
    let already = step.state.store.complainants_of(step.case.id).await?.len();
    let party = input.validate(already).map_err(ApiError::Validation)?;
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.open_status().await?;
    let p = tx.insert_complainant(&party, by, at).await?;
    let text = app::domain::party_text(party.name.as_str());
    tx.history(at, by, HistoryAction::ComplainantAdded, &text, (None, None)).await?;
    // The receipt notice again: those who had it already are not sent it twice.
    notices::enqueue(&step.state.public_url, &mut tx, NoticeKind::Receipt, "", &[], &[], at).await?;
    tx.commit_unchanged().await?;
    let case = step.case;
    tracing::info!(receipt_no = %case.receipt_no, by, party = p.id, "co-complainant added");
    Ok(Change { case, event: Event::Quiet })
}

/// Removes a co-complainant; the history keeps their masked name.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn remove_complainant(step: Step<'_>, party: i64) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    tx.open_status().await?;
    let name = tx.delete_complainant(party).await?;
    let text = name.as_deref().map_or_else(|| "*".to_owned(), app::domain::party_text);
    tx.history(at, by, HistoryAction::ComplainantRemoved, &text, (None, None)).await?;
    tx.commit_unchanged().await?;
    let case = step.case;
    tracing::info!(receipt_no = %case.receipt_no, by, party, "co-complainant removed");
    Ok(Change { case, event: Event::Quiet })
}

/// Closes a filing that consists of abuse, recording it as an incident; the complainant is
/// told why and that a request written as one will be handled.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn close_abusive(step: Step<'_>, reason: &str) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let from = tx.status_for(CaseStatus::Closed).await?;
    let abuse = app::domain::ConductKind::Abuse;
    tx.incident(abuse, reason, by, at).await?;
    tx.history(at, by, HistoryAction::IncidentRecorded, abuse.ko(), (None, None)).await?;
    // Never handled as a request: out of the handling-time figures.
    let (action, also) = (HistoryAction::ClosedAbusive, Also::CloseUnhandled(app::domain::ABUSIVE, Elsewhere::Nowhere));
    tx.move_to(from, CaseStatus::Closed, at, by, action, reason, also).await?;
    notices::enqueue(
        &step.state.public_url,
        &mut tx,
        NoticeKind::AbusiveClosure,
        "",
        &[("reason", reason.to_owned())],
        &[],
        at,
    )
    .await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "closed as abusive");
    Ok(Change::closed(case))
}

/// The linked cases that are earlier filings of the same matter (duplicate or repeat).
pub fn earlier_filings(links: &[crate::store::LinkRecord]) -> Vec<app::domain::EarlierFiling> {
    use app::domain::LinkRelation;
    links
        .iter()
        .filter(|l| matches!(l.relation, LinkRelation::Duplicate | LinkRelation::Repeat))
        .map(|l| app::domain::EarlierFiling { receipt_no: l.receipt_no.clone(), answered: l.answered })
        .collect()
}

/// Tells the complainant that the answer will be late, why, and when to expect it.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn interim(step: Step<'_>, reason: &str, expected: Option<chrono::NaiveDate>) -> ApiResult<Change> {
    let (by, at) = (step.user.username.as_str(), step.now());
    let expected_text = expected.map_or_else(|| "-".to_owned(), |d| d.to_string());
    let mut tx = step.change().await?;
    tx.open_status().await?;
    let detail = format!("{reason} (처리 예정 {expected_text})");
    tx.history(at, by, HistoryAction::InterimNotice, &detail, (None, None)).await?;
    tx.set_interim(reason, expected, at).await?;
    let extra = [("reason", reason.to_owned()), ("expected_at", expected_text)];
    notices::enqueue(
        &step.state.public_url,
        &mut tx,
        NoticeKind::Interim,
        &at.timestamp().to_string(),
        &extra,
        &[],
        at,
    )
    .await?;
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, "interim notice queued");
    Ok(Change::updated(case))
}

/// Asks another department for material by `due_at`; the request lands in its queue.
#[tracing::instrument(skip_all, fields(case = step.case.id, department = department.id))]
pub async fn request_material(
    step: Step<'_>,
    department: &Department,
    question: &str,
    due_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<(Change, MaterialRecord)> {
    let (by, at, store) = (step.user.username.as_str(), step.now(), &step.state.store);
    let mut tx = step.change().await?;
    tx.open_status().await?;
    let name = tx.active_department_name(department.id).await?.ok_or(StoreError::UnknownDepartment)?;
    let id = tx.insert_material(department.id, question, due_at, by, at).await?;
    let detail = format!("{question} (기한 {})", app::domain::seoul_minutes(due_at));
    tx.history(at, by, HistoryAction::MaterialRequested, &detail, (None, Some(&name))).await?;
    let case = tx.commit().await?;
    let m = store.material(id).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(receipt_no = %m.receipt_no, to = %m.department_name, by, "material requested");
    Ok((Change::updated(case), m))
}

/// The asked department's reply to material request `m`, once: the first reply wins (409 for
/// a second). The case's history names the department that replied.
#[tracing::instrument(skip_all, fields(material = m.id))]
pub async fn answer_material(
    state: &crate::AppState,
    user: &User,
    m: &MaterialRecord,
    answer: &str,
) -> ApiResult<(Change, MaterialRecord)> {
    let (by, at) = (user.username.as_str(), state.now());
    let mut tx = state.store.change_case(m.case_id).await?;
    match tx.answer_material(m.id, answer, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(ApiError::MaterialAnswered),
        r => r?,
    }
    let department = user.department_name.clone().unwrap_or_else(|| user.role.ko().to_owned());
    tx.history(at, by, HistoryAction::MaterialAnswered, answer, (None, Some(&department))).await?;
    let case = tx.commit().await?;
    let m = state.store.material(m.id).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(receipt_no = %m.receipt_no, by, "material answered");
    Ok((Change::updated(case), m))
}

/// Records a call or visit with the complainant: what came of it and what was said. A result
/// told counts as the result notice (the case must be answered); a withdrawal the complainant
/// confirmed closes the case as withdrawn (the permission [`app::domain::ContactLogInput::action`]
/// names was checked by `step`).
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn record_contact(step: Step<'_>, input: &app::domain::ContactLogInput) -> ApiResult<Change> {
    let contact = input.validate(step.case.answer.is_some()).map_err(ApiError::Validation)?;
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    let withdrawal = contact.outcome == app::domain::ContactOutcome::Withdrawal;
    let from = if withdrawal { Some(tx.status_for(CaseStatus::Withdrawn).await?) } else { None };
    tx.insert_contact(&contact, by, at).await?;
    tx.history(at, by, HistoryAction::ContactRecorded, &contact.history_detail(), (None, None)).await?;
    if let Some(from) = from {
        let (action, also) = (HistoryAction::WithdrawnByPhone, Also::CloseBecause("withdrawn"));
        tx.move_to(from, CaseStatus::Withdrawn, at, by, action, "", also).await?;
    }
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by, outcome = %contact.outcome, "contact recorded");
    Ok(if case.status.is_open() { Change::updated(case) } else { Change::closed(case) })
}

/// Corrects the case's record (분류 수정): kind, category, facility, channel, with the reason.
/// A new kind gives the case that kind's period counted from its receipt (the clock's ended
/// pauses still stop it; an open one is counted when it ends, as on resuming); the report
/// counters follow the case. Codes must be active in the catalogue.
#[tracing::instrument(skip_all, fields(case = step.case.id))]
pub async fn classify(step: Step<'_>, input: &app::domain::ClassifyInput) -> ApiResult<Change> {
    use app::domain::{Classification, FieldError, FieldErrors, VocKind};

    use crate::store::Catalogue;
    let c = &step.case;
    let current =
        Classification { kind: c.kind, category: c.category.clone(), facility: c.facility.clone(), channel: c.channel };
    let fixed_kind = c.kind == VocKind::Appeal || c.extensions > 0;
    let valid = input.validate(&current, fixed_kind).map_err(ApiError::Validation)?;
    let store = &step.state.store;
    let (facilities, categories) =
        (store.catalogue(Catalogue::Facilities).await?, store.catalogue(Catalogue::Categories).await?);
    let mut errs = FieldErrors::default();
    for (field, list, before, after, refused) in [
        ("facility", &facilities, &current.facility, &valid.after.facility, FieldError::UnknownFacility),
        ("category", &categories, &current.category, &valid.after.category, FieldError::UnknownCategory),
    ] {
        if after != before && !list.iter().any(|e| e.active && Some(&e.code) == after.as_ref()) {
            errs.add(field, refused);
        }
    }
    if !errs.is_empty() {
        return Err(ApiError::Validation(errs));
    }
    let name = |list: &[crate::store::CatalogueEntry], code: &Option<String>| match code {
        Some(code) => list.iter().find(|e| &e.code == code).map_or_else(|| code.clone(), |e| e.name_ko.clone()),
        None => "없음".to_owned(),
    };
    let describe = |r: &Classification| {
        format!(
            "{} · {} · 시설 {} · 분류 {}",
            r.kind.ko(),
            r.channel.ko(),
            name(&facilities, &r.facility),
            name(&categories, &r.category)
        )
    };
    let period = if valid.kind_changed() {
        let calendar = store.calendar().await?;
        let policy = super::policy_of(step.state, valid.after.kind).await?;
        let ended: Vec<_> = c.engine_pauses().into_iter().filter(|p| p.end.is_some()).collect();
        Some(super::period(&calendar, &policy, c.received_at, &ended))
    } else {
        None
    };
    let described = (describe(&valid.before), describe(&valid.after));
    let (before, after) = (&valid.before, &valid.after);
    let (by, at) = (step.user.username.as_str(), step.now());
    let mut tx = step.change().await?;
    // Guarded: only the record as the step read it; a concurrent correction changes nothing.
    if !tx.reclassify(&valid).await? {
        return Err(ApiError::ConcurrentChange);
    }
    let reclassified = HistoryAction::Reclassified;
    tx.history(at, by, reclassified, &valid.reason, (Some(&described.0), Some(&described.1))).await?;
    let placement = tx.placement().await?;
    let open = placement.status.is_open();
    if let Some(p) = &period {
        let (_, _, old_due, _) = tx.clock().await?;
        tx.set_period(p).await?;
        let (old, new) = (app::domain::seoul_minutes(old_due), app::domain::seoul_minutes(p.due_at));
        let detail = format!("{} → {}", before.kind.ko(), after.kind.ko());
        tx.history(at, by, HistoryAction::DueRecomputed, &detail, (Some(&old), Some(&new))).await?;
    }
    // An open case without a department goes where the rules now send it.
    if open && placement.department.is_none() {
        let found = tx.rule_department(after.kind, after.facility.as_deref(), after.category.as_deref()).await?;
        if let Some((d, name)) = found {
            tx.set_department(d).await?;
            tx.history(at, "시스템", HistoryAction::AutoRouted, "", (None, Some(&name))).await?;
        }
    }
    // An open case that became urgent alerts the executives and the VOC manager, as a filing would.
    if open && after.kind == VocKind::Urgent && before.kind != VocKind::Urgent {
        let bosses = tx.executives_and_managers().await?;
        let key = format!("reclassified:{}", at.timestamp());
        notices::enqueue(&step.state.public_url, &mut tx, app::domain::NoticeKind::Urgent, &key, &[], &bosses, at)
            .await?;
    }
    let case = tx.commit().await?;
    tracing::info!(receipt_no = %case.receipt_no, by = %step.user.username, kind = %case.kind, "record corrected");
    Ok(Change::updated(case))
}
