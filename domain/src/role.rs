//! Who may do what. The server checks every call against these; the pages use them only to
//! hide what would be refused anyway.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 관리자: users, departments, routing, calendar — and everything else.
    Admin,
    /// VOC 통합관리자: routes, watches every deadline, reopens, closes non-complaints.
    VocManager,
    /// 처리담당자: works the department's cases.
    Handler,
    /// 처리부서장: approves or returns the department's answers, assigns handlers.
    DepartmentHead,
    /// 접수자: registers VOC on the complainant's behalf; answers inquiries on the spot.
    Receiver,
    /// CCO / 임원: reads everything, changes nothing.
    Executive,
    /// 개인정보 보호책임자: reads the personal-data access log and records its reviews; sees
    /// no case.
    PrivacyOfficer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Self::Admin,
        Self::VocManager,
        Self::Handler,
        Self::DepartmentHead,
        Self::Receiver,
        Self::Executive,
        Self::PrivacyOfficer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::VocManager => "voc_manager",
            Self::Handler => "handler",
            Self::DepartmentHead => "department_head",
            Self::Receiver => "receiver",
            Self::Executive => "executive",
            Self::PrivacyOfficer => "privacy_officer",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Admin => "관리자",
            Self::VocManager => "VOC 통합관리자",
            Self::Handler => "처리담당자",
            Self::DepartmentHead => "처리부서장",
            Self::Receiver => "접수자",
            Self::Executive => "임원(열람)",
            Self::PrivacyOfficer => "개인정보 보호책임자",
        }
    }

    /// Sees every case, not only its department's.
    pub fn sees_all(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager | Self::Executive)
    }
    /// Changes nothing.
    pub fn read_only(self) -> bool {
        matches!(self, Self::Executive)
    }
    /// Designates and changes the handling department.
    pub fn routes(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Sends a closed case back for re-investigation; closes non-complaints.
    pub fn reopens(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Reads the period report of their own department (its head).
    pub fn reads_own_department_report(self) -> bool {
        self == Self::DepartmentHead
    }
    /// Follows dissatisfied survey responses up (불만족 민원 추가 답변).
    pub fn follows_up_surveys(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Keeps the training records: courses, sessions, attendance (혁신안전팀, the VOC office).
    pub fn manages_training(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Reads who has done their training: everyone's, or a head their own department's.
    pub fn reads_training(self) -> bool {
        self.sees_all() || self == Self::DepartmentHead
    }
    /// Writes the quarterly CCMS evaluations (KGS ch. 5 4): the VOC office.
    pub fn evaluates(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Keeps the analysis settings (the recurring causes' stop-words): the VOC office.
    pub fn keeps_analysis(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Keeps the good-practice library and the awards: shares or declines proposals, records
    /// awards (the VOC office).
    pub fn keeps_practices(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Records the CCM activities (committee meetings, panel sessions, inspections) and their
    /// follow-ups (the VOC office).
    pub fn records_activities(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager)
    }
    /// Reads the CCM records shared with all staff — the good-practice library, the awards,
    /// the activities: every staff member but the privacy officer, who sees no case.
    pub fn reads_ccm_records(self) -> bool {
        self != Self::PrivacyOfficer
    }
    /// Approves or returns a drafted answer.
    pub fn approves(self) -> bool {
        matches!(self, Self::Admin | Self::DepartmentHead)
    }
    /// Works a visible case: notes, pauses, drafts, assignment within the department.
    pub fn works_cases(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager | Self::Handler | Self::DepartmentHead)
    }
    /// Answers and closes in one step, without a head's approval: kinds that need no
    /// department confirmation (inquiries on the spot), or the VOC manager's own answer.
    pub fn answers_directly(self) -> bool {
        matches!(self, Self::Admin | Self::VocManager | Self::Receiver)
    }
    /// Reads the personal-data access log and records its reviews.
    pub fn reviews_privacy(self) -> bool {
        matches!(self, Self::Admin | Self::PrivacyOfficer)
    }
    /// Must sign in with a second factor where `VOC_STAFF_2FA=required`: PIPA's safety
    /// standard asks it of every account that reaches personal data, and each role does —
    /// cases and their complainants' contacts, or (the privacy officer) the access log of who
    /// saw them, from where.
    pub fn needs_second_factor(self) -> bool {
        match self {
            Self::Admin
            | Self::VocManager
            | Self::Handler
            | Self::DepartmentHead
            | Self::Receiver
            | Self::Executive
            | Self::PrivacyOfficer => true,
        }
    }
    /// Manages users, departments, routing rules and the calendar.
    pub fn configures(self) -> bool {
        matches!(self, Self::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(FieldError::UnknownRole)
    }
}

/// A page of the staff menu. Each role's menu holds the pages whose data the server gives
/// that role ([`Role::sees_page`]), so nobody is shown a form the server would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffPage {
    Queue,
    Cases,
    Materials,
    Improvements,
    SurveyFollowUps,
    Register,
    Kpi,
    Evaluations,
    ReductionPlans,
    Training,
    Practices,
    Awards,
    Activities,
    Panel,
    Reports,
    Calendar,
    Notices,
    AnswerTemplates,
    Users,
    Departments,
    Kiosks,
    Audit,
    Privacy,
    Account,
}

impl StaffPage {
    /// In menu order.
    pub const ALL: [StaffPage; 24] = [
        Self::Queue,
        Self::Cases,
        Self::Materials,
        Self::Improvements,
        Self::SurveyFollowUps,
        Self::Register,
        Self::Reports,
        Self::Kpi,
        Self::Evaluations,
        Self::ReductionPlans,
        Self::Training,
        Self::Practices,
        Self::Awards,
        Self::Activities,
        Self::Panel,
        Self::Calendar,
        Self::Notices,
        Self::AnswerTemplates,
        Self::Users,
        Self::Departments,
        Self::Kiosks,
        Self::Audit,
        Self::Privacy,
        Self::Account,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Self::Queue => "/queue",
            Self::Cases => "/cases",
            Self::Materials => "/materials",
            Self::Improvements => "/improvements",
            Self::SurveyFollowUps => "/survey-follow-ups",
            Self::Kpi => "/kpi",
            Self::Training => "/training",
            Self::Evaluations => "/evaluations",
            Self::ReductionPlans => "/reduction-plans",
            Self::Practices => "/good-practices",
            Self::Awards => "/awards",
            Self::Activities => "/ccm-activities",
            Self::Panel => "/panel-members",
            Self::Register => "/cases/new",
            Self::Reports => "/reports",
            Self::Calendar => "/admin/calendar",
            Self::Notices => "/admin/notices",
            Self::AnswerTemplates => "/admin/answer-templates",
            Self::Users => "/admin/users",
            Self::Departments => "/admin/departments",
            Self::Kiosks => "/admin/kiosks",
            Self::Audit => "/admin/audit",
            Self::Privacy => "/privacy",
            Self::Account => "/account",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Queue => "실시간 처리함",
            Self::Cases => "민원 찾기",
            Self::Materials => "자료 요청",
            Self::Improvements => "제도개선",
            Self::SurveyFollowUps => "추가 답변",
            Self::Kpi => "성과지표",
            Self::Training => "교육 이수",
            Self::Evaluations => "분기 평가",
            Self::ReductionPlans => "감축계획",
            Self::Practices => "우수사례",
            Self::Awards => "포상",
            Self::Activities => "CCM 활동",
            Self::Panel => "평가단·모니터단",
            Self::Register => "민원 등록",
            Self::Reports => "분석",
            Self::Calendar => "기한·공휴일",
            Self::Notices => "알림",
            Self::AnswerTemplates => "답변 서식",
            Self::Users => "사용자",
            Self::Departments => "부서·배정",
            Self::Kiosks => "키오스크",
            Self::Audit => "감사 기록",
            Self::Privacy => "개인정보 열람 기록",
            Self::Account => "내 계정",
        }
    }
}

impl Role {
    /// Whether `page` is in this role's menu: the same role methods the server's guards ask.
    pub fn sees_page(self, page: StaffPage) -> bool {
        match page {
            StaffPage::Queue => self != Self::PrivacyOfficer,
            // Whoever sees cases finds them, closed ones too (`CaseScope`).
            StaffPage::Cases => self != Self::PrivacyOfficer,
            // The department scope of material requests and improvement requests.
            StaffPage::Materials | StaffPage::Improvements => {
                self.sees_all() || matches!(self, Self::Handler | Self::DepartmentHead)
            }
            StaffPage::Register => !self.read_only() && self != Self::PrivacyOfficer,
            StaffPage::Reports => self.sees_all() || self.reads_own_department_report(),
            StaffPage::SurveyFollowUps | StaffPage::Kpi => self.sees_all(),
            // Who reads training records reads the evaluations: everyone's, or a head their own.
            StaffPage::Training | StaffPage::Evaluations | StaffPage::ReductionPlans => self.reads_training(),
            StaffPage::Practices | StaffPage::Awards | StaffPage::Activities => self.reads_ccm_records(),
            // The roster holds citizens' personal data: the VOC office that runs the panel.
            StaffPage::Panel => self.records_activities(),
            StaffPage::Departments => self.routes(),
            StaffPage::Calendar
            | StaffPage::Notices
            | StaffPage::AnswerTemplates
            | StaffPage::Users
            | StaffPage::Kiosks
            | StaffPage::Audit => self.configures(),
            StaffPage::Privacy => self.reviews_privacy(),
            StaffPage::Account => true,
        }
    }

    /// The pages of this role's menu, in order.
    pub fn menu(self) -> Vec<StaffPage> {
        StaffPage::ALL.into_iter().filter(|p| self.sees_page(*p)).collect()
    }
}

/// Whether a user may see a case: those who see everything; handlers and heads of the
/// case's department; a receiver, the cases they registered. Everyone else gets a 404.
pub fn can_see_case(
    role: Role,
    user_id: i64,
    user_department: Option<i64>,
    case_department: Option<i64>,
    registered_by: Option<i64>,
) -> bool {
    super::CaseScope::of(role, user_id, user_department).admits(case_department, registered_by)
}

/// 수용여부: the department head's decision on facts and regulations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accepted,
    PartlyAccepted,
    NotAccepted,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Self::Accepted, Self::PartlyAccepted, Self::NotAccepted];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::PartlyAccepted => "partly_accepted",
            Self::NotAccepted => "not_accepted",
        }
    }
    pub fn ko(self) -> &'static str {
        match self {
            Self::Accepted => "수용",
            Self::PartlyAccepted => "일부수용",
            Self::NotAccepted => "불수용",
        }
    }
}

impl FromStr for Decision {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|d| d.as_str() == s.trim()).ok_or(FieldError::UnknownDecision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_their_powers_follow_the_spec() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("boss".parse::<Role>(), Err(FieldError::UnknownRole));
        let who = |f: fn(Role) -> bool| Role::ALL.into_iter().filter(|r| f(*r)).collect::<Vec<_>>();
        assert_eq!(who(Role::routes), vec![Role::Admin, Role::VocManager]);
        assert_eq!(who(Role::reopens), vec![Role::Admin, Role::VocManager]);
        assert_eq!(who(Role::follows_up_surveys), vec![Role::Admin, Role::VocManager]);
        assert_eq!(who(Role::approves), vec![Role::Admin, Role::DepartmentHead]);
        assert_eq!(who(Role::configures), vec![Role::Admin]);
        assert_eq!(who(Role::read_only), vec![Role::Executive]);
        assert_eq!(who(Role::sees_all), vec![Role::Admin, Role::VocManager, Role::Executive]);
        assert!(!Role::Executive.works_cases() && !Role::Receiver.works_cases());
    }

    #[test]
    fn handlers_see_their_department_and_receivers_their_registrations() {
        assert!(can_see_case(Role::Handler, 7, Some(2), Some(2), None));
        assert!(!can_see_case(Role::Handler, 7, Some(2), Some(3), None));
        assert!(!can_see_case(Role::Handler, 7, Some(2), None, None), "unrouted cases are the VOC manager's");
        assert!(!can_see_case(Role::DepartmentHead, 7, None, None, None));
        assert!(can_see_case(Role::Receiver, 7, None, Some(3), Some(7)));
        assert!(!can_see_case(Role::Receiver, 7, None, Some(3), Some(8)));
        assert!(can_see_case(Role::Executive, 7, None, None, None));
    }

    #[test]
    fn each_role_is_shown_the_pages_it_may_use() {
        let menu = |r: Role| r.menu().into_iter().map(StaffPage::path).collect::<Vec<_>>();
        assert_eq!(menu(Role::Admin).len(), StaffPage::ALL.len());
        assert_eq!(menu(Role::PrivacyOfficer), ["/privacy", "/account"]);
        assert_eq!(
            menu(Role::Executive),
            [
                "/queue",
                "/cases",
                "/materials",
                "/improvements",
                "/survey-follow-ups",
                "/reports",
                "/kpi",
                "/evaluations",
                "/reduction-plans",
                "/training",
                "/good-practices",
                "/awards",
                "/ccm-activities",
                "/account"
            ]
        );
        assert_eq!(
            menu(Role::Receiver),
            ["/queue", "/cases", "/cases/new", "/good-practices", "/awards", "/ccm-activities", "/account"]
        );
        assert_eq!(
            menu(Role::Handler),
            [
                "/queue",
                "/cases",
                "/materials",
                "/improvements",
                "/cases/new",
                "/good-practices",
                "/awards",
                "/ccm-activities",
                "/account"
            ]
        );
        assert!(menu(Role::VocManager).contains(&"/admin/departments"));
        assert!(!menu(Role::VocManager).contains(&"/admin/users"));
    }

    #[test]
    fn decisions_have_korean_names() {
        assert_eq!("partly_accepted".parse::<Decision>().unwrap().ko(), "일부수용");
        assert_eq!("maybe".parse::<Decision>(), Err(FieldError::UnknownDecision));
    }
}
