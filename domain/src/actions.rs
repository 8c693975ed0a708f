//! What a signed-in person may do with one case, computed once from their role, the case and
//! the editable deadline policy. The server authorises with it; the staff case view carries
//! it, so the case page shows exactly the permitted actions and never re-derives them.

use serde::{Deserialize, Serialize};

use super::{CaseStatus, Role};

/// The facts of a case that decide what may be done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub status: CaseStatus,
    /// A handling department is designated.
    pub routed: bool,
    /// The kind's policy asks for the department head's confirmation of an answer.
    pub needs_confirmation: bool,
    /// A supplement asked of the complainant is unanswered past its day.
    pub supplement_overdue: bool,
    /// It is assigned to a handler other than the person asking.
    pub assigned_elsewhere: bool,
}

/// Each action on a case and whether this person may take it now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseActions {
    /// Designate or change the handling department.
    pub route: bool,
    /// Assign a handler within the department.
    pub assign: bool,
    /// Approve or return the drafted answer.
    pub approve: bool,
    /// Draft an answer for the head's approval.
    pub draft: bool,
    /// Answer and close at once.
    pub answer: bool,
    /// Send a closed case back for re-investigation.
    pub reopen: bool,
    /// Close as not a complaint (민원 아님).
    pub close_not_complaint: bool,
    /// Tell the complainant of a delay.
    pub interim: bool,
    /// Extend the period (처리기간 연장), within it.
    pub extend: bool,
    /// Send the case to the agency it belongs to (이송), closing it here.
    pub transfer_out: bool,
    /// Mark the case serious (중대 민원) or clear the mark.
    pub serious: bool,
    /// Ask another department for material.
    pub request_material: bool,
    /// Ask the complainant for a supplement (보완 요구); the clock stops until the answer.
    pub request_supplement: bool,
    /// Return (반려) the case: the supplement asked for is past its day unanswered.
    pub return_unsupplemented: bool,
    /// Record or clear that the complainant cannot be reached.
    pub unreachable: bool,
    /// Link the case to another (related, duplicate, repeat).
    #[serde(default)]
    pub link: bool,
    /// Close this duplicate into its original (병합).
    #[serde(default)]
    pub merge: bool,
    /// Close as a repeated complaint (민원처리법 제23조), where its linked history allows.
    #[serde(default)]
    pub close_repeated: bool,
    /// Record abusive conduct by the complainant (특이민원).
    #[serde(default)]
    pub record_incident: bool,
    /// Close a filing that consists of abuse, with notice.
    #[serde(default)]
    pub close_abusive: bool,
    /// Add and remove co-complainants (다수인관련민원) while the case is open.
    #[serde(default)]
    pub complainants: bool,
    /// Propose the closed case for the good-practice library (우수사례).
    #[serde(default)]
    pub propose_practice: bool,
    /// Leave an internal note.
    pub note: bool,
    /// Stop the clock.
    pub pause: bool,
    /// Restart the clock.
    pub resume: bool,
    /// See the complainant's name and contacts in full to call them back, for a stated purpose
    /// the personal-data access log keeps: the case's handler (any of its department's while
    /// none is assigned), its department head, the VOC manager and administrators.
    #[serde(default)]
    pub show_contact: bool,
    /// Correct the record: kind, category, facility, channel (the VOC office; the department's
    /// head for its cases), open or closed.
    #[serde(default)]
    pub classify: bool,
    /// Record a call or visit with the complainant (a result told counts as the result
    /// notice): whoever may call them back.
    #[serde(default)]
    pub record_contact: bool,
    /// Record a withdrawal the complainant asked for by phone or in person, closing the case.
    #[serde(default)]
    pub withdraw_on_behalf: bool,
}

/// One action on a case, to ask [`CaseActions::allows`] or [`check_action`] about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    Route,
    Assign,
    Approve,
    Draft,
    Answer,
    Reopen,
    CloseNotComplaint,
    Interim,
    Extend,
    TransferOut,
    Serious,
    RequestMaterial,
    RequestSupplement,
    ReturnUnsupplemented,
    Unreachable,
    Link,
    Merge,
    CloseRepeated,
    RecordIncident,
    CloseAbusive,
    Complainants,
    ProposePractice,
    Note,
    Pause,
    Resume,
    ShowContact,
    Classify,
    RecordContact,
    WithdrawOnBehalf,
}

impl CaseActions {
    /// Whether this person may take `action` now.
    pub fn allows(self, action: CaseAction) -> bool {
        match action {
            CaseAction::Route => self.route,
            CaseAction::Assign => self.assign,
            CaseAction::Approve => self.approve,
            CaseAction::Draft => self.draft,
            CaseAction::Answer => self.answer,
            CaseAction::Reopen => self.reopen,
            CaseAction::CloseNotComplaint => self.close_not_complaint,
            CaseAction::Interim => self.interim,
            CaseAction::Extend => self.extend,
            CaseAction::TransferOut => self.transfer_out,
            CaseAction::Serious => self.serious,
            CaseAction::RequestMaterial => self.request_material,
            CaseAction::RequestSupplement => self.request_supplement,
            CaseAction::ReturnUnsupplemented => self.return_unsupplemented,
            CaseAction::Unreachable => self.unreachable,
            CaseAction::Link => self.link,
            CaseAction::Merge => self.merge,
            CaseAction::CloseRepeated => self.close_repeated,
            CaseAction::RecordIncident => self.record_incident,
            CaseAction::CloseAbusive => self.close_abusive,
            CaseAction::Complainants => self.complainants,
            CaseAction::ProposePractice => self.propose_practice,
            CaseAction::Note => self.note,
            CaseAction::Pause => self.pause,
            CaseAction::Resume => self.resume,
            CaseAction::ShowContact => self.show_contact,
            CaseAction::Classify => self.classify,
            CaseAction::RecordContact => self.record_contact,
            CaseAction::WithdrawOnBehalf => self.withdraw_on_behalf,
        }
    }
}

/// Why an action on a case is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may not take it on this case in any state.
    Role,
    /// The role may answer once the department head approves: it drafts instead.
    NeedsApproval,
    /// Not in the case's current state (closed, awaiting approval, not yet routed, …).
    State,
}

/// Whether `role` may take `action` on a case with these facts now, and if not, why: the one
/// check every lifecycle step makes before it changes anything.
pub fn check_action(role: Role, case: CaseFacts, action: CaseAction) -> Result<(), Refusal> {
    if case_actions(role, case).allows(action) {
        return Ok(());
    }
    let some_state = CaseStatus::ALL.into_iter().any(|status| {
        [(true, true), (true, false), (false, true), (false, false)].into_iter().any(|(routed, supplement_overdue)| {
            case_actions(role, CaseFacts { status, routed, supplement_overdue, ..case }).allows(action)
        })
    });
    Err(if some_state {
        Refusal::State
    } else if action == CaseAction::Answer && (role.works_cases() || role == Role::Receiver) {
        Refusal::NeedsApproval
    } else {
        Refusal::Role
    })
}

/// Whether `role` may answer a case of a kind with this confirmation rule and close it at once:
/// the roles that answer directly, except a receiver where the department must confirm; any
/// case worker where it need not.
pub fn may_answer(role: Role, needs_confirmation: bool) -> bool {
    (role.answers_directly() && !(role == Role::Receiver && needs_confirmation))
        || (role.works_cases() && !needs_confirmation)
}

/// What `role` may do with a case it can see (see [`super::can_see_case`]).
pub fn case_actions(role: Role, case: CaseFacts) -> CaseActions {
    let status = case.status;
    let open = status.is_open();
    let workable = matches!(status, CaseStatus::Received | CaseStatus::InProgress);
    let works = role.works_cases();
    // Who may call the complainant back may record the call.
    let show_contact = match role {
        Role::Admin | Role::VocManager => true,
        Role::DepartmentHead => case.routed,
        Role::Handler => case.routed && !case.assigned_elsewhere,
        _ => false,
    };
    CaseActions {
        route: open && role.routes(),
        assign: open && case.routed && matches!(role, Role::Admin | Role::VocManager | Role::DepartmentHead),
        approve: status == CaseStatus::AwaitingApproval && role.approves(),
        draft: workable && works && case.routed,
        answer: workable && may_answer(role, case.needs_confirmation),
        reopen: status == CaseStatus::Closed && role.reopens(),
        close_not_complaint: status.can_become(CaseStatus::Closed) && role.reopens(),
        interim: open && works,
        transfer_out: open && matches!(role, Role::Admin | Role::VocManager),
        serious: open && works,
        extend: works && matches!(status, CaseStatus::Received | CaseStatus::InProgress | CaseStatus::AwaitingApproval),
        request_material: open && works && case.routed,
        request_supplement: works && case.routed && status.can_become(CaseStatus::Paused),
        return_unsupplemented: works && case.supplement_overdue && status.can_become(CaseStatus::Closed),
        unreachable: open && works,
        link: works,
        merge: works && status.can_become(CaseStatus::Closed),
        close_repeated: status.can_become(CaseStatus::Closed) && role.reopens(),
        record_incident: works,
        close_abusive: status.can_become(CaseStatus::Closed) && role.reopens(),
        complainants: open && works,
        propose_practice: status == CaseStatus::Closed && works,
        note: works,
        pause: works && status.can_become(CaseStatus::Paused),
        resume: works && status == CaseStatus::Paused,
        show_contact,
        classify: role.routes() || (role == Role::DepartmentHead && case.routed),
        record_contact: show_contact,
        withdraw_on_behalf: show_contact && status.can_become(CaseStatus::Withdrawn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: CaseStatus, needs_confirmation: bool) -> CaseFacts {
        CaseFacts { status, routed: true, needs_confirmation, supplement_overdue: false, assigned_elsewhere: false }
    }

    #[test]
    fn answering_at_once_follows_the_editable_confirmation_policy() {
        // A handler answers an inquiry at once only while its policy needs no confirmation.
        assert!(case_actions(Role::Handler, facts(CaseStatus::InProgress, false)).answer);
        assert!(!case_actions(Role::Handler, facts(CaseStatus::InProgress, true)).answer);
        // An administrator changed the complaint policy to need none: handlers answer at once.
        assert!(case_actions(Role::Handler, facts(CaseStatus::Received, false)).answer);
        assert!(case_actions(Role::VocManager, facts(CaseStatus::Received, true)).answer);
        assert!(!case_actions(Role::Receiver, facts(CaseStatus::Received, true)).answer);
        assert!(case_actions(Role::Receiver, facts(CaseStatus::Received, false)).answer);
        assert!(!case_actions(Role::Executive, facts(CaseStatus::Received, false)).answer);
        assert!(!case_actions(Role::Admin, facts(CaseStatus::Closed, false)).answer);
    }

    #[test]
    fn a_reader_may_do_nothing_and_a_closed_case_only_reopens() {
        assert_eq!(case_actions(Role::Executive, facts(CaseStatus::InProgress, false)), CaseActions::default());
        let closed = case_actions(Role::VocManager, facts(CaseStatus::Closed, true));
        assert!(closed.reopen && closed.note && !closed.draft && !closed.route && !closed.pause);
        let unrouted = case_actions(Role::Handler, CaseFacts { routed: false, ..facts(CaseStatus::Received, true) });
        assert!(!unrouted.draft && !unrouted.request_material && !unrouted.assign);
        let head = case_actions(Role::DepartmentHead, facts(CaseStatus::AwaitingApproval, true));
        assert!(head.approve && head.assign && !head.route);
    }

    #[test]
    fn a_refusal_says_whether_the_role_or_the_state_stands_in_the_way() {
        let open = facts(CaseStatus::InProgress, true);
        assert_eq!(check_action(Role::Handler, open, CaseAction::Draft), Ok(()));
        assert_eq!(check_action(Role::Handler, open, CaseAction::Approve), Err(Refusal::Role));
        assert_eq!(check_action(Role::DepartmentHead, open, CaseAction::Approve), Err(Refusal::State));
        assert_eq!(check_action(Role::Handler, open, CaseAction::Answer), Err(Refusal::NeedsApproval));
        assert_eq!(check_action(Role::Executive, open, CaseAction::Answer), Err(Refusal::Role));
        let closed = facts(CaseStatus::Closed, false);
        assert_eq!(check_action(Role::Handler, closed, CaseAction::Answer), Err(Refusal::State));
        let unrouted = CaseFacts { routed: false, ..open };
        assert_eq!(check_action(Role::Handler, unrouted, CaseAction::Draft), Err(Refusal::State));
        assert_eq!(check_action(Role::VocManager, closed, CaseAction::Reopen), Ok(()));
    }

    #[test]
    fn a_supplement_is_asked_of_a_running_case_and_its_silence_may_return_it() {
        let open = facts(CaseStatus::InProgress, true);
        assert!(case_actions(Role::Handler, open).request_supplement);
        let paused = facts(CaseStatus::Paused, true);
        assert!(!case_actions(Role::Handler, paused).request_supplement, "one pause at a time");
        assert_eq!(check_action(Role::Handler, paused, CaseAction::ReturnUnsupplemented), Err(Refusal::State));
        let overdue = CaseFacts { supplement_overdue: true, ..paused };
        assert_eq!(check_action(Role::Handler, overdue, CaseAction::ReturnUnsupplemented), Ok(()));
        assert_eq!(check_action(Role::Executive, overdue, CaseAction::ReturnUnsupplemented), Err(Refusal::Role));
        let closed = CaseFacts { supplement_overdue: true, ..facts(CaseStatus::Closed, true) };
        assert!(!case_actions(Role::VocManager, closed).return_unsupplemented);
    }

    #[test]
    fn the_people_working_a_case_may_call_its_complainant_back_open_or_closed() {
        for status in [CaseStatus::InProgress, CaseStatus::Closed, CaseStatus::Withdrawn] {
            let case = facts(status, true);
            for role in [Role::Admin, Role::VocManager, Role::DepartmentHead, Role::Handler] {
                assert_eq!(check_action(role, case, CaseAction::ShowContact), Ok(()), "{role:?} {status:?}");
            }
            for role in [Role::Executive, Role::Receiver, Role::PrivacyOfficer] {
                assert_eq!(check_action(role, case, CaseAction::ShowContact), Err(Refusal::Role), "{role:?}");
            }
        }
        // Another handler's case is theirs to call; the head and the VOC office may still.
        let theirs = CaseFacts { assigned_elsewhere: true, ..facts(CaseStatus::InProgress, true) };
        assert_eq!(check_action(Role::Handler, theirs, CaseAction::ShowContact), Err(Refusal::Role));
        assert!(case_actions(Role::DepartmentHead, theirs).show_contact);
        // No department yet: the VOC office's alone.
        let unrouted = CaseFacts { routed: false, ..facts(CaseStatus::Received, true) };
        assert!(!case_actions(Role::Handler, unrouted).show_contact);
        assert!(case_actions(Role::VocManager, unrouted).show_contact);
    }

    #[test]
    fn the_voc_office_and_the_departments_head_correct_the_record() {
        for status in [CaseStatus::Received, CaseStatus::Closed] {
            let case = facts(status, true);
            for role in [Role::Admin, Role::VocManager, Role::DepartmentHead] {
                assert_eq!(check_action(role, case, CaseAction::Classify), Ok(()), "{role:?} {status:?}");
            }
            for role in [Role::Handler, Role::Receiver, Role::Executive, Role::PrivacyOfficer] {
                assert_eq!(check_action(role, case, CaseAction::Classify), Err(Refusal::Role), "{role:?}");
            }
        }
        let unrouted = CaseFacts { routed: false, ..facts(CaseStatus::Received, true) };
        assert!(case_actions(Role::VocManager, unrouted).classify);
    }
}
