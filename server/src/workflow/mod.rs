//! The lifecycle steps people take on a case, one function per use case: filing in `filing`,
//! the officers' in `handling`, the complainant's (by tracking link) in `complainant`, the CCM follow-up
//! recorded on a case in `follow_up`, the scheduled jobs' in `scheduled`, the retention purge in
//! `retention`.
//!
//! Every step has the same shape:
//!
//! 1. [`Step::begin`] loads the case the person may see (404 otherwise) and asks the domain
//!    ([`app::domain::check_action`]) whether they may take this action on it now: 403 when
//!    their role never may, 409 when the case's state stands in the way.
//! 2. The step parses what the person sent with the domain's validation (422).
//! 3. The step makes its whole change in one transaction ([`crate::store::CaseTx`], opened
//!    by `Step::change`): it re-reads the status inside it (or moves from the status
//!    `Step::begin` read, `guarded` naming the status a concurrent change left), moves the
//!    case through the one guarded move, writes its rows and typed history
//!    ([`app::domain::HistoryAction`]) and enqueues notices (`notices`), then commits. The transaction's pieces are data access only: what is
//!    written, and its wording, is the step's.
//! 4. The step returns a [`Change`]; the handler publishes it after the commit and answers
//!    with the case view.
//!
//! Handlers parse the request and call a step; they hold no rules. See ARCHITECTURE.md, "How
//! to add a lifecycle step".

pub mod complainant;
pub mod filing;
pub mod follow_up;
mod handling;
pub mod improvements;
pub mod notices;
pub mod retention;
pub mod scheduled;

pub use handling::*;

use app::domain::{CaseAction, CaseFacts, CaseStatus, Refusal, check_action};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::store::{CaseRecord, CaseTx, StoreError, StoreResult, User};

/// What a committed step did to a case, for the handler to publish.
#[derive(Debug)]
pub struct Change {
    pub case: CaseRecord,
    pub event: Event,
}

/// How the open queues hear of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The case is new in the queue, or back in it (reopened).
    Created,
    /// Something about an open case changed.
    Updated,
    /// The case left the queue.
    Closed,
    /// Nothing a queue shows changed (an internal note): nobody is told.
    Quiet,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Closed => "closed",
            Self::Quiet => "quiet",
        }
    }
}

impl Change {
    fn updated(case: CaseRecord) -> Self {
        Self { case, event: Event::Updated }
    }

    fn closed(case: CaseRecord) -> Self {
        Self { case, event: Event::Closed }
    }

    /// Tells every open queue, on every instance, about this committed change.
    pub async fn publish(&self, state: &AppState) {
        if self.event != Event::Quiet {
            state.publish(self.event.as_str(), &self.case).await;
        }
    }
}

/// A case a person may take one action on now: what [`Step::begin`] establishes before any
/// step changes anything.
pub struct Step<'a> {
    pub state: &'a AppState,
    pub user: &'a User,
    pub case: CaseRecord,
}

impl<'a> Step<'a> {
    /// Loads case `id` as `user` sees it and checks that they may take `action` on it now.
    pub async fn begin(state: &'a AppState, user: &'a User, id: i64, action: CaseAction) -> ApiResult<Self> {
        let (case, supplements) = match state.store.case_to_act_on(id).await? {
            Some((c, s)) if c.visible_to(user) => (c, s),
            _ => return Err(ApiError::NotFound),
        };
        let policy = policy_of(state, case.kind).await?;
        let facts = facts_from(state, user, &case, &policy, &supplements);
        check_action(user.role, facts, action).map_err(|why| refused(why, &case, action))?;
        Ok(Self { state, user, case })
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.now()
    }

    /// Opens the one write transaction the step makes its change in. A change another
    /// request committed since [`Step::begin`] is seen there: a step re-reads the status, or
    /// moves only from the status it read. A closing move counts the handling time from the
    /// clock [`Step::begin`] read, guarded against a pause started or ended since.
    async fn change(&self) -> ApiResult<CaseTx> {
        let tx = self.state.store.change_case(self.case.id).await?;
        Ok(tx.with_clock_read(self.case.received_at, self.case.engine_pauses()))
    }
}

/// Restarts a paused case's clock in `tx`: the open pause ends and the deadline moves by the
/// paused business time under `calendar`; the history says from when to when.
async fn resume_clock(
    tx: &mut CaseTx,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
    calendar: &app::domain::BusinessCalendar,
) -> ApiResult<()> {
    use app::domain::{CaseStatus, seoul_minutes};
    let from = tx.status_for(CaseStatus::InProgress).await?;
    if from != CaseStatus::Paused {
        return Err(invalid(from, CaseStatus::InProgress));
    }
    tx.end_pause(by, at).await?;
    let (received, budget, old_due, pauses) = tx.clock().await?;
    let due = calendar.deadline(received, budget, &pauses).unwrap_or(old_due);
    let detail = format!("처리기한 {} → {}", seoul_minutes(old_due), seoul_minutes(due));
    let (action, also) = (app::domain::HistoryAction::Resumed, crate::store::Also::Due(due.timestamp()));
    Ok(tx.move_to(from, CaseStatus::InProgress, at, by, action, &detail, also).await?)
}

/// The 409 of a case in status `from` that cannot become `to`.
fn invalid(from: app::domain::CaseStatus, to: app::domain::CaseStatus) -> ApiError {
    ApiError::Store(StoreError::InvalidTransition { from, to })
}

impl Step<'_> {
    /// The status [`Step::begin`] read, checked that it may become `to` (409 otherwise), for
    /// a step that moves from it without reading the status again in its transaction: its
    /// move goes through [`guarded`].
    fn status_for(&self, to: CaseStatus) -> ApiResult<CaseStatus> {
        let from = self.case.status;
        if from.can_become(to) { Ok(from) } else { Err(invalid(from, to)) }
    }
}

/// A guarded move from `read`, the status the step read before its transaction (no second
/// read inside it): when another change moved the case first, the 409 names the status it
/// has now.
async fn guarded(moved: StoreResult<()>, tx: &mut CaseTx, read: CaseStatus, to: CaseStatus) -> ApiResult<()> {
    match moved {
        Err(StoreError::InvalidTransition { .. }) => Err(moved_meanwhile(tx, read, to).await),
        other => Ok(other?),
    }
}

/// Why a guarded write found the case other than the step read it: 409 naming the status
/// it has now, or a concurrent change if that is still the one read.
async fn moved_meanwhile(tx: &mut CaseTx, read: CaseStatus, to: CaseStatus) -> ApiError {
    match tx.placement().await {
        Ok(now) if now.status != read => invalid(now.status, to),
        Ok(_) => ApiError::ConcurrentChange,
        Err(e) => e.into(),
    }
}

/// The facts of `case` that decide what `user` may do with it, from the kind's current policy
/// and the case's supplement requests.
pub fn facts_from(
    state: &AppState,
    user: &User,
    case: &CaseRecord,
    policy: &app::domain::DeadlinePolicy,
    supplements: &[crate::store::SupplementRecord],
) -> CaseFacts {
    let today = app::domain::to_seoul(state.now()).date_naive();
    CaseFacts {
        status: case.status,
        routed: case.department_id.is_some(),
        needs_confirmation: policy.needs_confirmation,
        supplement_overdue: supplements
            .iter()
            .any(|s| s.answered_at.is_none() && app::domain::supplement_overdue(s.due_date, today)),
        assigned_elsewhere: case.assignee_id.is_some_and(|a| a != user.id),
    }
}

/// A case as received now under its kind's policy (budget, due, interim and due-soon
/// times, a fresh tracking token), filed by the complainant; the caller names any staff
/// member who registered it.
pub async fn received(state: &AppState, input: app::domain::ValidNewCase) -> ApiResult<crate::store::NewCase> {
    let now = state.now();
    let received_at = input.received_at.unwrap_or(now);
    let calendar = state.store.calendar().await?;
    let policy = policy_of(state, input.kind).await?;
    let period = period(&calendar, &policy, received_at, &[]);
    Ok(crate::store::NewCase {
        due_at: period.due_at,
        budget: period.budget,
        due_soon_secs: period.due_soon_secs,
        interim_due_at: period.interim_due_at,
        received_at,
        created_at: now,
        tracking_token: crate::auth::random_token(),
        actor: None,
        input,
        idempotency: None,
        appeal_of: None,
    })
}

/// The period of a case received at `received_at` under `policy`, its clock stopped by the
/// ended `pauses`: its due time, business-time budget, due-soon threshold and interim-notice due.
pub fn period(
    calendar: &app::domain::BusinessCalendar,
    policy: &app::domain::DeadlinePolicy,
    received_at: chrono::DateTime<chrono::Utc>,
    pauses: &[app::domain::Pause],
) -> crate::store::NewPeriod {
    use app::domain::{business_days, business_hours};
    let budget = calendar.budget(received_at, policy.period_unit, policy.business_days);
    crate::store::NewPeriod {
        due_at: calendar.deadline(received_at, budget, pauses).unwrap_or(received_at),
        budget,
        due_soon_secs: business_hours(i64::from(policy.due_soon_hours)),
        interim_due_at: (policy.interim_notice_days > 0)
            .then(|| calendar.add(received_at, business_days(calendar.hours(), policy.interim_notice_days))),
    }
}

/// The deadline policy of a kind, as configured.
pub async fn policy_of(state: &AppState, kind: app::domain::VocKind) -> ApiResult<app::domain::DeadlinePolicy> {
    Ok(state
        .store
        .policies()
        .await?
        .into_iter()
        .find(|p| p.kind == kind)
        .unwrap_or_else(|| app::domain::DeadlinePolicy::default_for(kind)))
}

/// The extension form's rules for `case` now under its kind's `policy`: whether the next
/// extension needs consent, and the latest day it may give (none when no extension may be
/// made now).
pub fn extension_options(
    state: &AppState,
    case: &CaseRecord,
    calendar: &app::domain::BusinessCalendar,
    policy: &app::domain::DeadlinePolicy,
) -> app::api::ExtensionOptions {
    let open = case.extensions < app::domain::MAX_EXTENSIONS && state.now() < case.due_at && case.status.is_open();
    let last = app::domain::extension_limit(calendar, case.due_at, policy.period_unit, policy.business_days);
    app::api::ExtensionOptions {
        needs_consent: app::domain::extension_needs_consent(case.extensions),
        last_day: open.then(|| app::domain::to_seoul(last).date_naive()),
    }
}

/// Extends an open case's period in `tx` (it was due at `was.0` after `was.1` extensions): by
/// `by`, the staff member who extends or proposed it; `proposal` is the complainant's agreed
/// proposal, answered in the same transaction. The complainant is told at once. A concurrent
/// extension or answer is a 409, as is a case closed meanwhile (its status is read only
/// then).
async fn extend_period(
    state: &AppState,
    mut tx: CaseTx,
    extension: &app::domain::ValidExtension,
    was: (chrono::DateTime<chrono::Utc>, u32),
    by: &str,
    proposal: Option<i64>,
) -> ApiResult<CaseRecord> {
    let at = state.now();
    if let Some(p) = proposal {
        match tx.answer_proposal(p, true, at).await {
            Err(StoreError::AlreadyExists) => return Err(not_extended(&mut tx).await),
            other => other?,
        }
    }
    let (old_due, old_count) = was;
    match tx.extend(extension, old_due, old_count, by, at).await {
        Err(StoreError::AlreadyExists) => return Err(not_extended(&mut tx).await),
        other => other?,
    }
    let seoul = app::domain::seoul_minutes;
    let consent =
        extension.consent.map(|(v, t)| format!(" (민원인 동의: {} {})", v.ko(), seoul(t))).unwrap_or_default();
    let detail = format!("처리기한 {} → {}: {}{consent}", seoul(old_due), seoul(extension.new_due), extension.reason);
    tx.history(at, by, app::domain::HistoryAction::Extended, &detail, (None, None)).await?;
    let extra = [("reason", extension.reason.clone()), ("previous_due_at", seoul(old_due))];
    notices::enqueue(
        &state.public_url,
        &mut tx,
        app::domain::NoticeKind::Extension,
        &(old_count + 1).to_string(),
        &extra,
        &[],
        at,
    )
    .await?;
    Ok(tx.commit().await?)
}

/// Why an extension's guarded write found nothing to change: the case closed meanwhile
/// (409 naming its status), else another extension or answer came first.
async fn not_extended(tx: &mut CaseTx) -> ApiError {
    match tx.open_status().await {
        Ok(_) => ApiError::ConcurrentChange,
        Err(e) => e.into(),
    }
}

fn refused(why: Refusal, case: &CaseRecord, action: CaseAction) -> ApiError {
    match why {
        Refusal::Role => ApiError::NotPermitted,
        Refusal::NeedsApproval => ApiError::NeedsApproval,
        Refusal::State => {
            ApiError::Store(StoreError::InvalidTransition { from: case.status, to: target(case.status, action) })
        }
    }
}

/// The status an action would move a case to, for the 409 that says it cannot.
fn target(from: app::domain::CaseStatus, action: CaseAction) -> app::domain::CaseStatus {
    use app::domain::CaseStatus as S;
    match action {
        CaseAction::Answer | CaseAction::Approve | CaseAction::CloseNotComplaint | CaseAction::ReturnUnsupplemented => {
            S::Closed
        }
        CaseAction::RequestSupplement => S::Paused,
        CaseAction::Draft => S::AwaitingApproval,
        CaseAction::Pause => S::Paused,
        CaseAction::Reopen | CaseAction::Resume => S::InProgress,
        CaseAction::WithdrawOnBehalf => S::Withdrawn,
        _ => from,
    }
}
