//! [`CaseTx`]: one write transaction on one case, with the data-access pieces a workflow step
//! composes — read the status, move it through the one guarded move, write rows, history and
//! notices. The pieces hold no rules and no wording: the step in `crate::workflow` decides
//! what to write and says it; this module only knows the tables.

use std::str::FromStr;

use app::domain::{
    Budget, CaseStatus, ConductKind, Decision, HistoryAction, LinkRelation, NoticeKind, Pause, PauseReason,
    PracticeState, SeriousReason, StaffCause, ValidAnswer, ValidClassify, ValidCoComplainant, ValidExtension,
    ValidPractice, ValidStaff, ValidSurvey, VocKind,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Transaction};

use super::parts::{Part, rows};
use super::{
    Also, SqlStore, department_name, done_or_missing, executives_and_managers, history_change, insert_answer,
    is_unique_violation, move_case, move_status, notices, open_status, placeholders, rule_department, secs, status_for,
    still, time,
};
use crate::notify::compose::{Composed, NoticeFacts};
use crate::store::{CaseRecord, NewPeriod, PartyRecord, Store, StoreError, StoreResult, User};

/// Where a case sits now: its status, department and assignee, read inside the transaction.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub status: CaseStatus,
    pub department: Option<i64>,
    pub assignee: Option<i64>,
}

/// A CS training referral of the member of staff a case concerns.
#[derive(Debug, Clone, Copy)]
pub struct NewReferral<'a> {
    pub staff_name: &'a str,
    /// Their account, when the name is known as one.
    pub user: Option<i64>,
    pub department: Option<i64>,
    /// The day referred.
    pub on: NaiveDate,
    pub by: &'a str,
}

/// One history entry of a batch ([`CaseTx::histories`]).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The case it is on: `None` for the transaction's own.
    pub case: Option<i64>,
    pub actor: &'a str,
    pub action: HistoryAction,
    pub detail: &'a str,
    /// What a field was and became, where it records one.
    pub change: (Option<&'a str>, Option<&'a str>),
}

/// A draft answer waiting for the head's review.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: i64,
    pub decision: Decision,
    pub answer: ValidAnswer,
}

/// A case just inserted, in the transaction that files it: nothing of it is written until
/// its [`CaseTx::commit`].
pub struct Filed {
    pub tx: CaseTx,
    pub receipt_no: String,
    /// The department it went to (an appeal's is its original's; a filing's by the rules),
    /// if any.
    pub department: Option<String>,
    /// The case an appeal contests, and its receipt number.
    pub appeal_of: Option<(i64, String)>,
    /// The file names of the uploads filed with it.
    pub attached: Vec<String>,
}

/// One write transaction on case `id`. Nothing is written until [`CaseTx::commit`]; dropping
/// it rolls everything back.
pub struct CaseTx {
    store: SqlStore,
    tx: Transaction<'static, Any>,
    id: i64,
    /// The case's clock as the step read it before the transaction, if it did.
    clock_read: Option<ClockRead>,
}

/// When a case was received and its pauses, as read before its transaction.
struct ClockRead {
    received: DateTime<Utc>,
    pauses: Vec<Pause>,
}

/// On closing, the business time the case took, and how many pauses it was counted from
/// when they were read before the transaction (the move is guarded by that number).
#[derive(Debug, Clone, Copy)]
pub(super) struct Handling {
    pub secs: i64,
    pub pauses_read: Option<usize>,
}

impl CaseTx {
    pub(super) fn new(store: SqlStore, tx: Transaction<'static, Any>, id: i64) -> Self {
        Self { store, tx, id, clock_read: None }
    }

    /// The case's clock as the caller read it before this transaction (when it was received,
    /// every pause): a closing move counts the handling time from it rather than reading the
    /// clock again, and moves only while the case has exactly those pauses — one started or
    /// ended meanwhile fails the move as a status changed meanwhile would.
    #[must_use]
    pub fn with_clock_read(mut self, received: DateTime<Utc>, pauses: Vec<Pause>) -> Self {
        self.clock_read = Some(ClockRead { received, pauses });
        self
    }

    /// The case this transaction changes.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The case's status, checked that it may become `to` (409 otherwise).
    pub async fn status_for(&mut self, to: CaseStatus) -> StoreResult<CaseStatus> {
        status_for(&mut self.tx, self.id, to).await
    }

    /// The case's status, checked that the case is still open.
    pub async fn open_status(&mut self) -> StoreResult<CaseStatus> {
        open_status(&mut self.tx, self.id).await
    }

    /// The case's status, department and assignee.
    pub async fn placement(&mut self) -> StoreResult<Placement> {
        let row: Option<(String, Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT status, department_id, assignee_id FROM cases WHERE id = $1")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        let (status, department, assignee) = row.ok_or(StoreError::NotFound)?;
        let status = CaseStatus::from_str(&status).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Placement { status, department, assignee })
    }

    /// The guarded move from `from` to `to`, with the history entry that records it.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_to(
        &mut self,
        from: CaseStatus,
        to: CaseStatus,
        at: DateTime<Utc>,
        actor: &str,
        action: HistoryAction,
        detail: &str,
        also: Also<'_>,
    ) -> StoreResult<()> {
        // A case closed without being handled here has no handling time to count.
        let handling = if matches!(also, Also::CloseUnhandled(..)) { None } else { self.handling(to, at).await? };
        move_case(&mut self.tx, self.id, (from, to), at, actor, action, detail, also, handling).await
    }

    /// The guarded move alone, for a step whose history entry records something else.
    pub async fn move_status(&mut self, from: CaseStatus, to: CaseStatus, at: DateTime<Utc>) -> StoreResult<()> {
        let handling = self.handling(to, at).await?;
        move_status(&mut self.tx, self.id, (from, to), at, Also::Nothing, handling).await
    }

    /// On closing (`to`), the business time the case took, receipt to `at` less its pauses,
    /// which the reports average; the move keeps it. Counted from the clock read before the
    /// transaction where there is one, else from the clock read now.
    async fn handling(&mut self, to: CaseStatus, at: DateTime<Utc>) -> StoreResult<Option<Handling>> {
        if to != CaseStatus::Closed {
            return Ok(None);
        }
        let (received, pauses, pauses_read) = match self.clock_read.take() {
            Some(ClockRead { received, pauses }) => {
                let n = pauses.len();
                (received, pauses, Some(n))
            }
            None => {
                let (received, _, _, pauses) = self.clock().await?;
                (received, pauses, None)
            }
        };
        let calendar = self.store.calendar().await?;
        let took = calendar.between(received, at) - calendar.paused_between(&pauses, received, at);
        Ok(Some(Handling { secs: took.max(0), pauses_read }))
    }

    /// Ends the case's open pause.
    pub async fn end_pause(&mut self, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE case_pauses SET ended_at = $1, ended_by = $2 WHERE case_id = $3 AND ended_at IS NULL")
            .bind(secs(at))
            .bind(by)
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// What the case's deadline is counted from: when it was received, its business-time
    /// budget, its due time now and every pause of its clock.
    pub async fn clock(&mut self) -> StoreResult<(DateTime<Utc>, Budget, DateTime<Utc>, Vec<Pause>)> {
        let spans = Part::new("SELECT started_at, ended_at FROM case_pauses WHERE case_id = c.id", "started_at, id")
            .aggregate(self.store.backend)?;
        let (received, budget, to_close, due, spans): (i64, i64, i64, i64, String) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT c.received_at, c.budget_secs, c.due_at_close, c.due_at, {spans} FROM cases c WHERE c.id = $1"
            )))
            .bind(self.id)
            .fetch_one(&mut *self.tx)
            .await?;
        let pauses =
            rows(&spans, |(s, e): (i64, Option<i64>)| Ok(Pause { start: time(s)?, end: e.map(time).transpose()? }))?;
        Ok((time(received)?, Budget::new(budget, to_close != 0), time(due)?, pauses))
    }

    /// Several history entries at `at` in one statement, in the order given (filing writes
    /// two to four).
    pub async fn histories(&mut self, at: DateTime<Utc>, entries: &[Entry<'_>]) -> StoreResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO case_history (case_id, at, actor, action, detail, before_value, after_value) VALUES {}",
            placeholders(entries.len(), 7)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for e in entries {
            q = q
                .bind(e.case.unwrap_or(self.id))
                .bind(secs(at))
                .bind(e.actor)
                .bind(e.action.as_str())
                .bind(e.detail)
                .bind(e.change.0)
                .bind(e.change.1);
        }
        q.execute(&mut *self.tx).await?;
        Ok(())
    }

    /// A history entry; `change` is what a field was and became, where it records one.
    pub async fn history(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        action: HistoryAction,
        detail: &str,
        change: (Option<&str>, Option<&str>),
    ) -> StoreResult<()> {
        history_change(&mut self.tx, self.id, at, actor, action, detail, change.0, change.1).await
    }

    /// A new pause of the clock, open until the case resumes.
    pub async fn insert_pause(
        &mut self,
        reason: PauseReason,
        note: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_pauses (case_id, reason, note, started_at, started_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.id)
        .bind(reason.as_str())
        .bind(note)
        .bind(secs(at))
        .bind(by)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// An answer: approved at once by its author (`approved`), or a draft for the head.
    /// Answers its id.
    pub async fn insert_answer(
        &mut self,
        decision: Decision,
        answer: &ValidAnswer,
        by: &User,
        at: DateTime<Utc>,
        approved: bool,
    ) -> StoreResult<i64> {
        insert_answer(&mut self.tx, self.id, decision, answer, by, at, approved).await
    }

    /// Records the head's review of the case's pending draft (its latest): approved (the case
    /// takes its decision as it closes) or returned, with the head's note; answers the draft,
    /// or `None` when none is pending (reviewed meanwhile). One guarded write.
    pub async fn review_draft(
        &mut self,
        approve: bool,
        by: &User,
        note: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Draft>> {
        // `state = 'draft'` on the row itself too: PostgreSQL checks it again on a row another
        // transaction reviewed while this one waited for its lock.
        let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "UPDATE answers SET state = $1, approved_by = $2, review_note = $3, answered_at = $4 \
             WHERE id = (SELECT max(d.id) FROM answers d WHERE d.case_id = $5 AND d.state = 'draft') \
             AND state = 'draft' RETURNING id, decision, result, basis, appeal",
        )
        .bind(if approve { "approved" } else { "returned" })
        .bind(by.id)
        .bind(note)
        .bind(secs(at))
        .bind(self.id)
        .fetch_optional(&mut *self.tx)
        .await?;
        let Some((id, decision, result, basis, appeal)) = row else { return Ok(None) };
        let decision = decision.parse().map_err(|_| StoreError::Corrupt(format!("answer {id} decision")))?;
        Ok(Some(Draft { id, decision, answer: ValidAnswer { result, basis, appeal } }))
    }

    /// The name of department `id` (`None` for no department).
    pub async fn department_name(&mut self, id: Option<i64>) -> StoreResult<Option<String>> {
        department_name(&mut self.tx, id).await
    }

    /// The display name of user `id` (`None` for nobody).
    pub async fn user_name(&mut self, id: Option<i64>) -> StoreResult<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        Ok(sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// Puts the case in `department`'s hands; nobody there has it yet.
    pub async fn set_department(&mut self, department: i64) -> StoreResult<()> {
        sqlx::query("UPDATE cases SET department_id = $1, assignee_id = NULL WHERE id = $2")
            .bind(department)
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Gives the case to user `assignee`.
    pub async fn set_assignee(&mut self, assignee: i64) -> StoreResult<()> {
        sqlx::query("UPDATE cases SET assignee_id = $1 WHERE id = $2")
            .bind(assignee)
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// An internal note.
    pub async fn insert_note(&mut self, body: &str, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO case_notes (case_id, author, body, at) VALUES ($1, $2, $3, $4)")
            .bind(self.id)
            .bind(by)
            .bind(body)
            .bind(secs(at))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Marks the complainant unreachable since `at` with `note`, or (`None`) reachable again.
    pub async fn set_unreachable(&mut self, note: Option<&str>, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE cases SET unreachable_at = $1, unreachable_note = $2 WHERE id = $3")
            .bind(note.map(|_| secs(at)))
            .bind(note)
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// The facts notices about case `case` (this one, or a duplicate merged into it) may
    /// print, who hears them, and the administrator's wordings of `notices`, in one statement.
    pub async fn notice_facts(&mut self, case: i64, notices: &[NoticeKind]) -> StoreResult<NoticeFacts> {
        notices::case_facts(&mut self.tx, self.store.backend, case, notices).await
    }

    /// Queues rendered messages about case `case` with their link tokens (kept as hashes), in
    /// two statements; a message already queued under its dedupe key is not queued again.
    /// Returns how many were new.
    pub async fn queue(&mut self, case: i64, composed: &Composed, at: DateTime<Utc>) -> StoreResult<u64> {
        notices::queue(&mut self.tx, case, composed, at).await
    }

    /// Holds back the case's receipt notices to every recipient already sent `cap` receipts
    /// in the day before `at`, with `reason` on record; returns how many were held back.
    pub async fn withhold_receipts_over_cap(&mut self, cap: i64, reason: &str, at: DateTime<Utc>) -> StoreResult<u64> {
        notices::withhold_receipts_over_cap(&mut self.tx, self.id, (cap, reason), at).await
    }

    /// The alert addresses of the active executives and VOC managers.
    pub async fn executives_and_managers(&mut self) -> StoreResult<Vec<String>> {
        executives_and_managers(&mut self.tx).await
    }

    /// The note the complainant's tracking page shows beside a closure.
    pub async fn set_closure_note(&mut self, note: &str) -> StoreResult<()> {
        sqlx::query("UPDATE cases SET closure_note = $1 WHERE id = $2")
            .bind(note)
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Marks the case serious since `at` for `reason` with `note`, or (`None`) clears it.
    pub async fn set_serious(&mut self, serious: Option<(SeriousReason, &str)>, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE cases SET serious_reason = $1, serious_note = $2, serious_at = $3 WHERE id = $4")
            .bind(serious.map(|(r, _)| r.as_str()))
            .bind(serious.map(|(_, n)| n.to_owned()))
            .bind(serious.map(|_| secs(at)))
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// What the case says now.
    pub async fn content(&mut self) -> StoreResult<String> {
        let found: Option<String> = sqlx::query_scalar("SELECT content FROM cases WHERE id = $1")
            .bind(self.id)
            .fetch_optional(&mut *self.tx)
            .await?;
        found.ok_or(StoreError::NotFound)
    }

    /// Replaces what the case says, as long as it is still in `status`.
    pub async fn set_content(&mut self, content: &str, status: CaseStatus) -> StoreResult<()> {
        let changed = sqlx::query("UPDATE cases SET content = $1 WHERE id = $2 AND status = $3")
            .bind(content)
            .bind(self.id)
            .bind(status.as_str())
            .execute(&mut *self.tx)
            .await?;
        still(changed, status, status)
    }

    /// An abusive-conduct incident on the case's complainant.
    pub async fn incident(&mut self, kind: ConductKind, note: &str, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO conduct_incidents (case_id, kind, note, by_user, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(self.id)
            .bind(kind.as_str())
            .bind(note)
            .bind(by)
            .bind(secs(at))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Links the case to case `other` as `relation`, replacing any link the pair had (made
    /// on either case).
    pub async fn link(&mut self, other: i64, relation: LinkRelation, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM case_links WHERE (case_id = $1 AND other_id = $2) OR (case_id = $2 AND other_id = $1)",
        )
        .bind(self.id)
        .bind(other)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("INSERT INTO case_links (case_id, other_id, relation, by_user, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(self.id)
            .bind(other)
            .bind(relation.as_str())
            .bind(by)
            .bind(secs(at))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// The status and receipt number of case `other` (this case's, given its id).
    pub async fn status_of(&mut self, other: i64) -> StoreResult<(CaseStatus, String)> {
        let row: Option<(String, String)> = sqlx::query_as("SELECT status, receipt_no FROM cases WHERE id = $1")
            .bind(other)
            .fetch_optional(&mut *self.tx)
            .await?;
        let (status, receipt_no) = row.ok_or(StoreError::NotFound)?;
        Ok((CaseStatus::from_str(&status).map_err(|e| StoreError::Corrupt(e.to_string()))?, receipt_no))
    }

    /// A co-complainant beside the representative.
    pub async fn insert_complainant(
        &mut self,
        party: &ValidCoComplainant,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<PartyRecord> {
        super::parties::insert(&mut self.tx, self.id, party, by, at).await
    }

    /// Removes co-complainant `party`; returns their name as it was (`NotFound` when the case
    /// has no such co-complainant).
    pub async fn delete_complainant(&mut self, party: i64) -> StoreResult<Option<String>> {
        let name: Option<Option<String>> =
            sqlx::query_scalar("DELETE FROM case_complainants WHERE id = $1 AND case_id = $2 RETURNING name")
                .bind(party)
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        name.ok_or(StoreError::NotFound)
    }

    /// A supplement request due on `due_date`; returns its id.
    pub async fn insert_supplement_request(
        &mut self,
        request: &str,
        due_date: NaiveDate,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO supplement_requests (case_id, request, due_date, requested_by, requested_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(self.id)
        .bind(request)
        .bind(due_date.to_string())
        .bind(by)
        .bind(secs(at))
        .fetch_one(&mut *self.tx)
        .await?)
    }

    /// The latest supplement request still unanswered whose day is before `today`: its
    /// request and due day.
    pub async fn overdue_supplement(&mut self, today: NaiveDate) -> StoreResult<Option<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT request, due_date FROM supplement_requests WHERE case_id = $1 AND answered_at IS NULL \
             AND due_date < $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(self.id)
        .bind(today.to_string())
        .fetch_optional(&mut *self.tx)
        .await?)
    }

    /// Answers the case's unanswered extension proposal `proposal`: agreed or declined at
    /// `at`. `AlreadyExists` when it was answered (or replaced) meanwhile.
    pub async fn answer_proposal(&mut self, proposal: i64, agreed: bool, at: DateTime<Utc>) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE extension_proposals SET answer = $1, answered_at = $2 \
             WHERE id = $3 AND case_id = $4 AND answer IS NULL",
        )
        .bind(if agreed { "agreed" } else { "declined" })
        .bind(secs(at))
        .bind(proposal)
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        if r.rows_affected() == 1 { Ok(()) } else { Err(StoreError::AlreadyExists) }
    }

    /// A new extension proposal, standing in for any unanswered one; returns its id.
    pub async fn replace_proposal(
        &mut self,
        reason: &str,
        due_date: NaiveDate,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        sqlx::query("DELETE FROM extension_proposals WHERE case_id = $1 AND answer IS NULL")
            .bind(self.id)
            .execute(&mut *self.tx)
            .await?;
        Ok(sqlx::query_scalar(
            "INSERT INTO extension_proposals (case_id, reason, due_date, proposed_by, proposed_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(self.id)
        .bind(reason)
        .bind(due_date.to_string())
        .bind(by)
        .bind(secs(at))
        .fetch_one(&mut *self.tx)
        .await?)
    }

    /// Extends the open case's period to `extension`, as long as its due time and count of
    /// extensions are still `old_due` and `old_count` (`AlreadyExists` otherwise: a concurrent
    /// extension changes nothing), and records the extension.
    pub async fn extend(
        &mut self,
        extension: &ValidExtension,
        old_due: DateTime<Utc>,
        old_count: u32,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE cases SET due_at = $1, budget_secs = $2, due_at_close = 1, \
             original_due_at = COALESCE(original_due_at, $3), extensions = extensions + 1 \
             WHERE id = $4 AND due_at = $3 AND extensions = $5 AND status IN ('received', 'in_progress', 'awaiting_approval')",
        )
        .bind(secs(extension.new_due))
        .bind(extension.budget.secs)
        .bind(secs(old_due))
        .bind(self.id)
        .bind(i64::from(old_count))
        .execute(&mut *self.tx)
        .await?;
        if r.rows_affected() != 1 {
            return Err(StoreError::AlreadyExists);
        }
        let (via, consent_at) = extension.consent.map_or((None, None), |(v, t)| (Some(v.as_str()), Some(secs(t))));
        sqlx::query(
            "INSERT INTO case_extensions (case_id, at, by_user, reason, old_due_at, new_due_at, consent_via, consent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.id)
        .bind(secs(at))
        .bind(by)
        .bind(&extension.reason)
        .bind(secs(old_due))
        .bind(secs(extension.new_due))
        .bind(via)
        .bind(consent_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Records that the interim notice went at `at`, why, and the day the answer is expected.
    pub async fn set_interim(
        &mut self,
        reason: &str,
        expected: Option<NaiveDate>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE cases SET interim_sent_at = $1, interim_reason = $2, interim_expected_on = $3 WHERE id = $4",
        )
        .bind(secs(at))
        .bind(reason)
        .bind(expected.map(|d| d.to_string()))
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Answers every supplement request of the case still open with `text` at `at`;
    /// `AlreadyExists` when none is open.
    pub async fn answer_supplements(&mut self, text: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE supplement_requests SET answer = $1, answered_at = $2 WHERE case_id = $3 AND answered_at IS NULL",
        )
        .bind(text)
        .bind(secs(at))
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        if r.rows_affected() == 0 { Err(StoreError::AlreadyExists) } else { Ok(()) }
    }

    /// Joins the uploads `ids` (fresh, not yet on a case) to the case and returns their file
    /// names (`UnknownUpload` for one that is not there).
    pub async fn attach(&mut self, ids: &[String], at: DateTime<Utc>) -> StoreResult<Vec<String>> {
        super::attachments::link(&mut self.tx, self.id, ids, at).await
    }

    /// Why the case's clock stands still now, if it does.
    pub async fn open_pause(&mut self) -> StoreResult<Option<PauseReason>> {
        let reason: Option<String> =
            sqlx::query_scalar("SELECT reason FROM case_pauses WHERE case_id = $1 AND ended_at IS NULL")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        reason.map(|r| r.parse().map_err(|_| StoreError::Corrupt(format!("pause reason {r:?}")))).transpose()
    }

    /// A call or visit with the complainant.
    pub async fn insert_contact(
        &mut self,
        contact: &app::domain::ValidContactLog,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_contacts (case_id, means, outcome, summary, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.id)
        .bind(contact.means.as_str())
        .bind(contact.outcome.as_str())
        .bind(&contact.summary)
        .bind(by)
        .bind(secs(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The name of department `id` if it is active (retired ones are asked nothing new).
    pub async fn active_department_name(&mut self, id: i64) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT name FROM departments WHERE id = $1 AND active = 1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// A request to `department` for material by `due_at`; returns its id.
    pub async fn insert_material(
        &mut self,
        department: i64,
        question: &str,
        due_at: DateTime<Utc>,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO material_requests (case_id, department_id, question, requested_by, requested_at, due_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(self.id)
        .bind(department)
        .bind(question)
        .bind(by)
        .bind(secs(at))
        .bind(secs(due_at))
        .fetch_one(&mut *self.tx)
        .await?)
    }

    /// The reply to material request `request` of this case, if it is still unanswered: the
    /// first reply wins (`AlreadyExists` for a second, `NotFound` for no such request).
    pub async fn answer_material(
        &mut self,
        request: i64,
        answer: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE material_requests SET answer = $1, answered_by = $2, answered_at = $3 \
             WHERE id = $4 AND case_id = $5 AND answered_at IS NULL",
        )
        .bind(answer)
        .bind(by)
        .bind(secs(at))
        .bind(request)
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        self.once(r, "material_requests", request).await
    }

    /// The case's status, due time and since when its complainant is unreachable (if so).
    pub async fn due_and_unreachable(&mut self) -> StoreResult<(CaseStatus, DateTime<Utc>, Option<DateTime<Utc>>)> {
        let row: Option<(String, i64, Option<i64>)> =
            sqlx::query_as("SELECT status, due_at, unreachable_at FROM cases WHERE id = $1")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        let (status, due, unreachable) = row.ok_or(StoreError::NotFound)?;
        let status = CaseStatus::from_str(&status).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((status, time(due)?, unreachable.map(time).transpose()?))
    }

    /// Records survey follow-up `follow_up` of this case as done, if it is not yet: the first
    /// record wins (`AlreadyExists` for a second, `NotFound` for no such follow-up).
    pub async fn complete_follow_up(
        &mut self,
        follow_up: i64,
        done: &app::domain::ValidFollowUp,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE survey_follow_ups SET done_at = $1, done_by = $2, contact = $3, note = $4, reopened = $5 \
             WHERE id = $6 AND case_id = $7 AND done_at IS NULL",
        )
        .bind(secs(at))
        .bind(by)
        .bind(done.contact.as_str())
        .bind(&done.note)
        .bind(i64::from(done.reopen))
        .bind(follow_up)
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        self.once(r, "survey_follow_ups", follow_up).await
    }

    /// The member of staff the case concerns, if it names one.
    pub async fn staff(&mut self) -> StoreResult<Option<ValidStaff>> {
        let row: Option<(String, Option<String>, i64)> =
            sqlx::query_as("SELECT staff_name, cause, cs_training FROM case_staff WHERE case_id = $1")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        Ok(row.map(|(staff_name, cause, training)| ValidStaff {
            staff_name,
            cause: cause.as_deref().and_then(|c| StaffCause::parse(c).ok()),
            cs_training: training != 0,
        }))
    }

    /// Names `staff` (of `department`) as the member of staff the case concerns, in place of
    /// any named before.
    pub async fn replace_staff(
        &mut self,
        staff: &ValidStaff,
        department: Option<i64>,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM case_staff WHERE case_id = $1").bind(self.id).execute(&mut *self.tx).await?;
        sqlx::query(
            "INSERT INTO case_staff (case_id, staff_name, department_id, cause, cs_training, set_by, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.id)
        .bind(&staff.staff_name)
        .bind(department)
        .bind(staff.cause.map(StaffCause::as_str))
        .bind(i64::from(staff.cs_training))
        .bind(by)
        .bind(secs(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The case's CS training referral, if any: the name referred and the day.
    pub async fn referral(&mut self) -> StoreResult<Option<(String, NaiveDate)>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT staff_name, referred_on FROM training_referrals WHERE case_id = $1")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        row.map(|(name, on)| {
            let day = on.parse().map_err(|_| StoreError::Corrupt(format!("case {} referral day {on:?}", self.id)))?;
            Ok((name, day))
        })
        .transpose()
    }

    /// The active accounts whose display name or login is `name`: id and department, oldest
    /// first.
    pub async fn accounts_named(&mut self, name: &str) -> StoreResult<Vec<(i64, Option<i64>)>> {
        Ok(sqlx::query_as(
            "SELECT id, department_id FROM users WHERE active = 1 AND (display_name = $1 OR username = $1) ORDER BY id",
        )
        .bind(name)
        .fetch_all(&mut *self.tx)
        .await?)
    }

    /// The case's CS training referral is `referral` from now on (none withdraws it).
    pub async fn replace_referral(&mut self, referral: Option<&NewReferral<'_>>) -> StoreResult<()> {
        sqlx::query("DELETE FROM training_referrals WHERE case_id = $1").bind(self.id).execute(&mut *self.tx).await?;
        let Some(r) = referral else { return Ok(()) };
        sqlx::query(
            "INSERT INTO training_referrals (case_id, staff_name, user_id, department_id, referred_on, referred_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.id)
        .bind(r.staff_name)
        .bind(r.user)
        .bind(r.department)
        .bind(r.on.format("%Y-%m-%d").to_string())
        .bind(r.by)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Enters the case in the good-practice library, `shared` at once or proposed; answers its
    /// id. `AlreadyExists` while the case has a live entry (a partial unique index keeps one,
    /// on both backends and across instances).
    pub async fn insert_practice(
        &mut self,
        p: &ValidPractice,
        department: Option<i64>,
        shared: bool,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let state = if shared { PracticeState::Shared } else { PracticeState::Proposed };
        let r = sqlx::query_scalar(
            "INSERT INTO good_practices (case_id, department_id, kind, title, situation, action, lesson, staff_name, \
             state, proposed_by, proposed_at, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 = 1 THEN $10 END, \
             CASE WHEN $12 = 1 THEN $11 END) RETURNING id",
        )
        .bind(self.id)
        .bind(department)
        .bind(p.kind.as_str())
        .bind(&p.title)
        .bind(&p.situation)
        .bind(&p.action)
        .bind(&p.lesson)
        .bind(p.staff_name.as_deref())
        .bind(state.as_str())
        .bind(by)
        .bind(secs(at))
        .bind(i64::from(shared))
        .fetch_one(&mut *self.tx)
        .await;
        match r {
            Err(e) if is_unique_violation(&e) => Err(StoreError::AlreadyExists),
            r => Ok(r?),
        }
    }

    /// Shares proposal `id` of this case, or declines it with the reason; `false` when it is
    /// not a proposal (any more).
    pub async fn decide_practice(
        &mut self,
        id: i64,
        decline: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let state = if decline.is_some() { PracticeState::Declined } else { PracticeState::Shared };
        let r = sqlx::query(
            "UPDATE good_practices SET state = $1, decided_by = $2, decided_at = $3, decline_reason = $4 \
             WHERE id = $5 AND case_id = $6 AND state = 'proposed'",
        )
        .bind(state.as_str())
        .bind(by)
        .bind(secs(at))
        .bind(decline)
        .bind(id)
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Corrects the case's kind, category, facility and channel from `change.before` to
    /// `change.after`; `false` when the record no longer reads `before` (a concurrent
    /// correction), and then nothing changed.
    pub async fn reclassify(&mut self, change: &ValidClassify) -> StoreResult<bool> {
        let (before, after) = (&change.before, &change.after);
        let r = sqlx::query(
            "UPDATE cases SET kind = $1, category = $2, facility = $3, channel = $4 \
             WHERE id = $5 AND kind = $6 AND coalesce(category, '') = $7 AND coalesce(facility, '') = $8 AND channel = $9",
        )
        .bind(after.kind.as_str())
        .bind(&after.category)
        .bind(&after.facility)
        .bind(after.channel.as_str())
        .bind(self.id)
        .bind(before.kind.as_str())
        .bind(before.category.as_deref().unwrap_or(""))
        .bind(before.facility.as_deref().unwrap_or(""))
        .bind(before.channel.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The case's period from now on: its deadline, budget, reminder and interim times.
    pub async fn set_period(&mut self, p: &NewPeriod) -> StoreResult<()> {
        sqlx::query(
            "UPDATE cases SET due_at = $1, budget_secs = $2, due_at_close = $3, due_soon_secs = $4, \
             interim_due_at = $5 WHERE id = $6",
        )
        .bind(secs(p.due_at))
        .bind(p.budget.secs)
        .bind(i64::from(p.budget.to_close))
        .bind(p.due_soon_secs)
        .bind(p.interim_due_at.map(secs))
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The department (id and name) the first active routing rule that a case of `kind`,
    /// `facility` and `category` meets sends it to (rules in priority order).
    pub async fn rule_department(
        &mut self,
        kind: VocKind,
        facility: Option<&str>,
        category: Option<&str>,
    ) -> StoreResult<Option<(i64, String)>> {
        rule_department(&mut self.tx, kind, facility, category).await
    }

    /// The complainant's survey response; `AlreadyExists` once the case has one.
    pub async fn insert_survey(&mut self, survey: &ValidSurvey, at: DateTime<Utc>) -> StoreResult<()> {
        let scores = serde_json::to_string(&survey.scores).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let r = sqlx::query(
            "INSERT INTO survey_responses (case_id, scores, comment, submitted_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(self.id)
        .bind(scores)
        .bind(&survey.comment)
        .bind(secs(at))
        .execute(&mut *self.tx)
        .await;
        match r {
            Err(e) if is_unique_violation(&e) => Err(StoreError::AlreadyExists),
            r => Ok(r.map(|_| ())?),
        }
    }

    /// A follow-up of the dissatisfied `survey`, due at `due`, for the VOC manager.
    pub async fn open_survey_follow_up(
        &mut self,
        survey: &ValidSurvey,
        at: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> StoreResult<()> {
        let score = |item: &str| i64::from(survey.score(item).unwrap_or(0));
        sqlx::query(
            "INSERT INTO survey_follow_ups (case_id, opened_at, due_at, overall, result) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.id)
        .bind(secs(at))
        .bind(secs(due))
        .bind(score("overall"))
        .bind(score("result"))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// A compensation given to the complainant.
    pub async fn insert_compensation(
        &mut self,
        c: &app::domain::ValidCompensation,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO compensations (case_id, reason, item, amount, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.id)
        .bind(c.reason.as_str())
        .bind(&c.item)
        .bind(c.amount)
        .bind(&c.note)
        .bind(by)
        .bind(secs(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Publishes the case as a FAQ entry, unless one of it is published already
    /// (`AlreadyExists`).
    pub async fn insert_faq(&mut self, question: &str, answer: &str, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let live: Option<i64> =
            sqlx::query_scalar("SELECT id FROM faq_entries WHERE case_id = $1 AND withdrawn_at IS NULL")
                .bind(self.id)
                .fetch_optional(&mut *self.tx)
                .await?;
        if live.is_some() {
            return Err(StoreError::AlreadyExists);
        }
        sqlx::query(
            "INSERT INTO faq_entries (case_id, question, answer, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.id)
        .bind(question)
        .bind(answer)
        .bind(by)
        .bind(secs(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Takes the case's FAQ entry `entry` off the homepage (it stays on record); `NotFound`
    /// when it is not published (any more).
    pub async fn withdraw_faq(&mut self, entry: i64, by: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE faq_entries SET withdrawn_at = $1, withdrawn_by = $2 \
             WHERE id = $3 AND case_id = $4 AND withdrawn_at IS NULL",
        )
        .bind(secs(at))
        .bind(by)
        .bind(entry)
        .bind(self.id)
        .execute(&mut *self.tx)
        .await?;
        if r.rows_affected() == 1 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    /// An institutional improvement request to active `department` (`UnknownDepartment`
    /// otherwise) arising from this case, due at `due_at`; returns its id and the
    /// department's name.
    pub async fn insert_improvement(
        &mut self,
        department: i64,
        (title, body): (&str, &str),
        due_at: DateTime<Utc>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<(i64, String)> {
        super::follow_up::improvement_in(&mut self.tx, Some(self.id), department, (title, body), due_at, by, at).await
    }

    /// Grievance stage `step` of the case, done by `by` (`AlreadyExists` when that stage was
    /// recorded already), with the improvement request and department it concerns.
    pub async fn insert_grievance_step(
        &mut self,
        step: &app::domain::ValidGrievanceStep,
        (improvement, department): (Option<i64>, Option<i64>),
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let r = sqlx::query(
            "INSERT INTO grievance_steps (case_id, stage, note, actor, at, opinion, improvement_id, department_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.id)
        .bind(step.stage.as_str())
        .bind(&step.note)
        .bind(by)
        .bind(secs(at))
        .bind(step.opinion.map(|o| o.as_str()))
        .bind(improvement)
        .bind(department)
        .execute(&mut *self.tx)
        .await;
        match r {
            Err(e) if super::is_unique_violation(&e) => Err(StoreError::AlreadyExists),
            r => r.map(|_| ()).map_err(Into::into),
        }
    }

    /// `Ok` when a guarded `UPDATE … AND <not yet done>` of row `id` changed it; why it did not
    /// otherwise (`AlreadyExists`: done already; `NotFound`).
    async fn once(&mut self, r: sqlx::any::AnyQueryResult, table: &str, id: i64) -> StoreResult<()> {
        if r.rows_affected() == 1 { Ok(()) } else { Err(done_or_missing(&mut self.tx, table, id).await) }
    }

    /// Commits a change that leaves the case's own row as it was (a note, a link, an
    /// incident, a co-complainant): the caller's copy of the case stays true, so nothing is
    /// read back.
    pub async fn commit_unchanged(self) -> StoreResult<()> {
        Ok(self.tx.commit().await?)
    }

    /// Commits the whole change and reads the case as it now stands.
    pub async fn commit(self) -> StoreResult<CaseRecord> {
        self.tx.commit().await?;
        self.store.case_by_id(self.id).await?.ok_or(StoreError::NotFound)
    }
}
