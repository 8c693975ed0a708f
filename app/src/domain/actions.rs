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
}

/// Each action on a case and whether this person may take it now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Ask another department for material.
    pub request_material: bool,
    /// Record or clear that the complainant cannot be reached.
    pub unreachable: bool,
    /// Leave an internal note.
    pub note: bool,
    /// Stop the clock.
    pub pause: bool,
    /// Restart the clock.
    pub resume: bool,
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
    CaseActions {
        route: open && role.routes(),
        assign: open && case.routed && matches!(role, Role::Admin | Role::VocManager | Role::DepartmentHead),
        approve: status == CaseStatus::AwaitingApproval && role.approves(),
        draft: workable && works && case.routed,
        answer: workable && may_answer(role, case.needs_confirmation),
        reopen: status == CaseStatus::Closed && role.reopens(),
        close_not_complaint: status.can_become(CaseStatus::Closed) && role.reopens(),
        interim: open && works,
        request_material: open && works && case.routed,
        unreachable: open && works,
        note: works,
        pause: works && status.can_become(CaseStatus::Paused),
        resume: works && status == CaseStatus::Paused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: CaseStatus, needs_confirmation: bool) -> CaseFacts {
        CaseFacts { status, routed: true, needs_confirmation }
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
}
