//! The JSON API's bodies, shared by the axum handlers and the pages that call them (through
//! the typed client, [`crate::client`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::{
    BusinessCalendar, BusinessHours, CaseStatus, Channel, Clock, CompensationReason, Consent, DeadlinePolicy,
    FieldErrors, GrievanceStage, ImprovementOutcome, Pause, PauseReason, StaffCause, VocKind,
};

/// `POST /api/v1/cases` → 201.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedCase {
    pub id: i64,
    pub receipt_no: String,
    pub tracking_token: String,
    pub kind: VocKind,
    pub status: CaseStatus,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
}

impl CreatedCase {
    /// The complainant's link to follow the case.
    pub fn tracking_path(&self) -> String {
        tracking_path(&self.receipt_no, &self.tracking_token)
    }
}

pub fn tracking_path(receipt_no: &str, token: &str) -> String {
    format!("/track/{receipt_no}?token={token}")
}

/// One row of the officers' live queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub facility: Option<String>,
    pub facility_name: Option<String>,
    pub summary: String,
    pub received_at: DateTime<FixedOffset>,
    /// The deadline; while paused, the one that held when the pause began.
    pub due_at: DateTime<FixedOffset>,
    /// When the interim (delay) notice is due.
    pub interim_due_at: Option<DateTime<FixedOffset>>,
    /// Business seconds the case was given at receipt.
    pub budget_secs: i64,
    /// Whether its deadline falls at a close of business (a period counted in days or by
    /// the calendar, 민원처리법 제19조②③).
    #[serde(default)]
    pub due_at_close: bool,
    /// From how many business seconds left the case counts as due soon.
    pub due_soon_secs: i64,
    /// Its pauses, so the browser can run the clock with the same engine.
    #[serde(default)]
    pub pauses: Vec<Pause>,
    pub paused_reason: Option<PauseReason>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub registered_by: Option<i64>,
    #[serde(default)]
    pub category: Option<String>,
    /// The due before the period was first extended (처리기간 연장); absent if never.
    #[serde(default)]
    pub original_due_at: Option<DateTime<FixedOffset>>,
    /// Marked serious (중대 민원): it heads the queue.
    #[serde(default)]
    pub serious: Option<crate::domain::SeriousReason>,
}

/// One case found by `GET /api/v1/cases`: enough to recognise it and open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub facility_name: Option<String>,
    pub category: Option<String>,
    /// The start of the content.
    pub summary: String,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub department_name: Option<String>,
    pub assignee_name: Option<String>,
}

/// `POST /api/v1/cases/{id}/contact`: the complainant's name and contacts in full, for the
/// purpose the personal-data access log now holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseContactView {
    pub name: Option<String>,
    /// `010-1234-5678`, `02-123-4567`, `+12025550123`.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The postal address.
    pub address: Option<String>,
}

/// How many of a complainant's cases were filed of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: VocKind,
    pub count: i64,
}

/// What the same complainant filed (matched by the case's phone number or e-mail address), as
/// far as the reader may see: the counts beside the list of their other cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplainantSummary {
    /// The contacts matched by, masked (`010-****-5678`); empty for an anonymous case.
    pub matched_by: Vec<String>,
    /// How many other cases were found.
    pub others: i64,
    /// This person's cases filed in the last 365 days, this one included, by kind (most first).
    pub last_year: Vec<KindCount>,
    /// How many of their cases, this one included, are open now.
    pub open: i64,
    /// False when the person has more cases than were read: the counts are then lower bounds.
    pub complete: bool,
}

pub use crate::queue::{QueueCounts, QueueFacets, QueueFilter, QueueFilterInput, QueueOption, QueuePage, QueueView};

/// What the server pushes on `GET /api/v1/events` as `event: case`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    /// `created`, `updated` or `closed`.
    pub change: String,
    pub case: QueueItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub result: String,
    pub basis: String,
    pub appeal: String,
    pub answered_at: DateTime<FixedOffset>,
}

/// A case as staff see it (`GET /api/v1/cases/{id}`). Personal data are masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCaseView {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub facility: Option<String>,
    pub facility_name: Option<String>,
    pub category: Option<String>,
    pub content: String,
    pub name_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub email_masked: Option<String>,
    /// The postal address, province and city only (`경상북도 문경시 ***`).
    #[serde(default)]
    pub address_masked: Option<String>,
    /// How the complainant asked to be answered.
    #[serde(default)]
    pub reply_by: Option<crate::domain::ReplyMeans>,
    pub consent: Consent,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    pub answer: Option<AnswerView>,
    pub history: Vec<HistoryEntry>,
    pub interim_due_at: Option<DateTime<FixedOffset>>,
    pub budget_secs: i64,
    /// Whether its deadline falls at a close of business (a period counted in days).
    #[serde(default)]
    pub due_at_close: bool,
    pub pauses: Vec<PauseView>,
    /// The clock when this view was made.
    pub clock: Clock,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// Every answer, oldest first: drafts, returned ones, and those of earlier rounds.
    pub answers: Vec<AnswerRecordView>,
    pub notes: Vec<NoteView>,
    pub closure_reason: Option<String>,
    /// The transferring external agency and its reference number.
    pub agency: Option<String>,
    pub agency_ref: Option<String>,
    /// When the consents were given and the wording version the complainant saw.
    pub consent_at: Option<DateTime<FixedOffset>>,
    pub consent_version: Option<String>,
    pub lang: crate::domain::Lang,
    /// Material requests to other departments, oldest first.
    #[serde(default)]
    pub materials: Vec<MaterialView>,
    /// Staff found the contact data unusable (when, and what they tried): the case is deemed
    /// withdrawn once its deadline passes.
    #[serde(default)]
    pub unreachable_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub unreachable_note: Option<String>,
    /// The staff member the case concerns, once recorded.
    #[serde(default)]
    pub staff: Option<StaffConcernedView>,
    #[serde(default)]
    pub compensations: Vec<CompensationView>,
    /// Improvement requests this case prompted.
    #[serde(default)]
    pub improvements: Vec<ImprovementView>,
    /// The case's published FAQ entry, if any.
    #[serde(default)]
    pub faq: Option<FaqView>,
    /// The case's newest good-practice library entry, if any.
    #[serde(default)]
    pub practice: Option<CasePractice>,
    /// The grievance process's recorded stages (grievance cases only), in order.
    #[serde(default)]
    pub grievance: Vec<GrievanceStepView>,
    /// Files the complainant attached (images without their location data).
    #[serde(default)]
    pub attachments: Vec<AttachmentView>,
    /// The due before the period was first extended; absent if never.
    pub original_due_at: Option<DateTime<FixedOffset>>,
    /// Its extensions (처리기간 연장), oldest first.
    pub extensions: Vec<ExtensionView>,
    /// What the extension form needs: whether consent must be recorded, and the latest day.
    pub extension: ExtensionOptions,
    /// Marked serious (중대 민원), if it is.
    pub serious: Option<SeriousView>,
    /// Supplements asked of the complainant (보완 요구), oldest first.
    #[serde(default)]
    pub supplements: Vec<SupplementView>,
    /// Cases linked to this one (related, duplicate, repeat), from either end.
    #[serde(default)]
    pub links: Vec<LinkView>,
    /// Whether its linked history allows closing it as repeated (제23조), and why not.
    #[serde(default)]
    pub repeat: RepeatView,
    /// The same complainant's other cases (same phone number or e-mail) that this person may
    /// see, newest first: the warning that a filing may repeat one.
    #[serde(default)]
    pub earlier_cases: Vec<EarlierCaseView>,
    /// How many cases the same complainant filed in the last year, by kind, and how many are open.
    #[serde(default)]
    pub complainant: ComplainantSummary,
    /// The original's receipt number, if this duplicate was merged into it.
    #[serde(default)]
    pub merged_into: Option<String>,
    /// Abusive conduct recorded on this complainant (특이민원), on this case or their others,
    /// newest first.
    #[serde(default)]
    pub incidents: Vec<IncidentView>,
    /// The co-complainants of a multi-person complaint (다수인관련민원) beside the
    /// representative, masked like the representative's contacts.
    #[serde(default)]
    pub co_complainants: Vec<CoComplainantView>,
    /// The latest second extension proposed to the complainant and their answer.
    #[serde(default)]
    pub extension_proposal: Option<ProposalView>,
    /// The case this appeal (이의신청) contests.
    #[serde(default)]
    pub appeal_of: Option<CaseRef>,
    /// The appeal made against this case's result.
    #[serde(default)]
    pub appealed_by: Option<CaseRef>,
    /// What the signed-in person may do with this case now (computed once, on the server).
    #[serde(default)]
    pub actions: crate::domain::CaseActions,
    /// Whom the case may be assigned to, when this person may assign it: the active staff of
    /// its department who work cases, by name.
    #[serde(default)]
    pub assignable: Vec<AssigneeView>,
    /// The calls and visits staff recorded with the complainant, oldest first.
    #[serde(default)]
    pub contact_log: Vec<ContactLogView>,
    /// When and how the complainant was first told the result: a result notice that went, or
    /// a result told by phone or in person. `None` while nobody has told them.
    #[serde(default)]
    pub result_told: Option<ResultToldView>,
}

/// A call or visit staff recorded with the complainant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactLogView {
    pub means: crate::domain::ContactMeans,
    pub means_text: String,
    pub outcome: crate::domain::ContactOutcome,
    pub outcome_text: String,
    pub summary: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
}

/// How the complainant was told the result (결과 통지).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultToldView {
    /// `이메일`, `문자`, `전화`, `방문·면담`.
    pub how: String,
    pub at: DateTime<FixedOffset>,
}

/// A staff member a case may be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssigneeView {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub role: crate::domain::Role,
}

/// `POST /api/v1/lookup` → 200: where the complainant follows the case they proved is theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupView {
    pub tracking_path: String,
}

/// `POST /api/v1/uploads` → 201: an accepted file, to be named in `attachments` when filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadView {
    pub id: String,
    pub file_name: String,
    pub media_kind: crate::domain::MediaKind,
    pub size_bytes: i64,
}

/// A file attached to a case, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub media_kind: crate::domain::MediaKind,
    pub size_bytes: i64,
    /// Where staff download it.
    pub url: String,
}

/// One recorded stage of the grievance process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceStepView {
    pub stage: GrievanceStage,
    pub stage_label: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<FixedOffset>,
    /// The deliberation's opinion, as code and words.
    #[serde(default)]
    pub opinion: Option<crate::domain::GrievanceOpinion>,
    #[serde(default)]
    pub opinion_label: Option<String>,
    /// The improvement request the improvement stage opened.
    #[serde(default)]
    pub improvement_id: Option<i64>,
    /// Where the improvement request or the audit referral went.
    #[serde(default)]
    pub department_name: Option<String>,
}

/// `POST /api/v1/cases/{receipt_no}/amend?token=…`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmendInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub content: String,
}

/// `POST /api/v1/cases/{id}/close` (not a complaint)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseInput {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// Why and since when a case is serious.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriousView {
    pub reason: crate::domain::SeriousReason,
    pub reason_text: String,
    pub note: String,
    pub at: DateTime<FixedOffset>,
}

/// One extension of a case's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionView {
    pub at: DateTime<FixedOffset>,
    pub by: String,
    pub reason: String,
    pub old_due_at: DateTime<FixedOffset>,
    pub new_due_at: DateTime<FixedOffset>,
    pub consent_via: Option<crate::domain::ConsentVia>,
    /// How the consent was given, in words (`전화`).
    pub consent_via_text: Option<String>,
    pub consent_at: Option<DateTime<FixedOffset>>,
}

/// Another case, by id and receipt number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRef {
    pub id: i64,
    pub receipt_no: String,
}

/// Whether the complainant may appeal the result (이의신청), until when, or the appeal made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealView {
    /// The last day an appeal may be made; absent when none may be.
    pub last_day: Option<chrono::NaiveDate>,
    /// The appeal made, by its receipt number, and where to follow it.
    pub filed: Option<String>,
    pub filed_path: Option<String>,
}

/// Another case linked to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkView {
    pub id: i64,
    pub receipt_no: String,
    pub relation: crate::domain::LinkRelation,
    /// The relation in words (`반복 민원`).
    pub relation_text: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
    pub status: CaseStatus,
    /// It has an approved answer.
    pub answered: bool,
}

/// A case's standing under 제23조: its earlier filings of the same matter (linked as
/// duplicate or repeat) and their answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepeatView {
    pub filings: i64,
    pub answers: i64,
    /// Two or more of each: it may be closed as repeated, citing `cited`.
    pub closable: bool,
    pub cited: Vec<String>,
}

/// One of the same complainant's other cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarlierCaseView {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub status: CaseStatus,
    pub received_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub summary: String,
    /// Its text is much like this case's: perhaps the same matter.
    pub similar: bool,
    /// Already linked to this case.
    pub linked: bool,
}

/// A supplement asked of the complainant (보완 요구), and their answer once given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementView {
    /// What is asked for.
    pub request: String,
    /// The last day to answer.
    pub due_date: chrono::NaiveDate,
    pub requested_at: DateTime<FixedOffset>,
    /// The complainant's answer (empty when only files were sent).
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<FixedOffset>>,
    /// Unanswered past its day: staff may return the case.
    pub overdue: bool,
}

/// The extension form's rules for this case now, computed by the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionOptions {
    /// The next extension needs the complainant's consent (a second one).
    pub needs_consent: bool,
    /// The latest due day the next extension may give; absent when none may be made.
    pub last_day: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseView {
    pub reason: PauseReason,
    pub reason_text: String,
    pub note: String,
    pub started_at: DateTime<FixedOffset>,
    pub started_by: String,
    pub ended_at: Option<DateTime<FixedOffset>>,
    pub ended_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayView {
    pub date: chrono::NaiveDate,
    pub name: String,
    pub name_en: String,
}

/// `GET /api/v1/calendar`: everything the browser needs to run the clocks itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarView {
    pub hours: BusinessHours,
    pub holidays: Vec<chrono::NaiveDate>,
    pub policies: Vec<DeadlinePolicy>,
}

impl CalendarView {
    pub fn calendar(&self) -> BusinessCalendar {
        BusinessCalendar::new(self.hours, self.holidays.iter().copied())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    /// What was done, typed; `None` only for an entry whose stored wording no code matches.
    pub code: Option<crate::domain::HistoryAction>,
    /// What was done, in Korean (the stored wording where no code matches).
    pub action: String,
    /// What was done, in English.
    pub action_en: String,
    pub detail: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A case as its complainant sees it (`GET /api/v1/cases/{receipt_no}?token=…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCaseView {
    pub receipt_no: String,
    pub kind: VocKind,
    pub status: CaseStatus,
    pub facility_name: Option<String>,
    pub content: String,
    pub received_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    pub answer: Option<AnswerView>,
    /// The survey link, once the case is closed.
    pub survey_path: Option<String>,
    /// Why it ended without an answer (withdrawn, not a complaint).
    pub closure_reason: Option<String>,
    pub survey_submitted: bool,
    /// The due before the period was extended, and the latest extension's reason.
    #[serde(default)]
    pub original_due_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub extension_reason: Option<String>,
    /// Supplements asked of the complainant, oldest first: the last one unanswered is
    /// answered on the tracking page.
    #[serde(default)]
    pub supplements: Vec<SupplementView>,
    /// The appeal route: open until a day, or the appeal made.
    #[serde(default)]
    pub appeal: AppealView,
    /// A second extension waiting for the complainant's consent.
    #[serde(default)]
    pub extension_proposal: Option<ProposalView>,
    /// The latest interim (delay) notice: why the answer is late and the day expected.
    #[serde(default)]
    pub interim: Option<InterimView>,
    /// Every notice sent (or waiting to be sent) to the complainant's own phone or e-mail,
    /// oldest first.
    #[serde(default)]
    pub notices: Vec<PublicNoticeView>,
}

/// An interim (delay) notice as the complainant reads it on the tracking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterimView {
    pub reason: String,
    pub expected_on: Option<chrono::NaiveDate>,
    pub sent_at: DateTime<FixedOffset>,
}

/// A notice to the complainant as they read it: what, on which channel, whether it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicNoticeView {
    pub notice: crate::domain::NoticeKind,
    pub channel: crate::domain::NoticeChannel,
    pub state: crate::domain::DeliveryState,
    pub created_at: DateTime<FixedOffset>,
    pub sent_at: Option<DateTime<FixedOffset>>,
}

/// A co-complainant as staff see them: contacts masked, consents as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoComplainantView {
    pub id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub consent_sms: bool,
    pub consent_email: bool,
    pub added_by: String,
    pub added_at: DateTime<FixedOffset>,
}

/// Abusive conduct recorded on a complainant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentView {
    /// The case where it happened.
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: crate::domain::ConductKind,
    pub kind_text: String,
    pub note: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A second extension proposed to the complainant (연장 동의 요청).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalView {
    pub reason: String,
    /// The new due day asked for; due at its close of business.
    pub due_date: chrono::NaiveDate,
    pub proposed_at: DateTime<FixedOffset>,
    /// `agreed` or `declined`, once answered.
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<FixedOffset>>,
}

/// `POST /api/v1/cases/{receipt_no}/extension-consent?token=`: the complainant's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentAnswer {
    /// `true` agrees to the proposed extension, `false` declines it.
    pub agree: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyItemView {
    pub id: String,
    pub text: String,
    pub text_en: String,
}

/// `GET /api/v1/surveys/{token}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyForm {
    pub receipt_no: String,
    pub items: Vec<SurveyItemView>,
    pub scale: (u8, u8),
    pub submitted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacilityView {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
}

/// An active category (분류) as the forms offer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryView {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    /// The category it belongs under, if any.
    pub parent: Option<String>,
    /// Complainants choose it themselves on the homepage (the KGS profile's list).
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginInput {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    /// The password is one someone else knows: change it before anything else.
    #[serde(default)]
    pub must_change_password: bool,
    /// Where this person stands with two-step sign-in.
    #[serde(default)]
    pub two_factor: TwoFactorStatus,
}

/// Two-step sign-in as it stands for the signed-in person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorStatus {
    /// An authenticator app is registered.
    pub enrolled: bool,
    /// The password was right; the code is still to come (nothing else opens until it does).
    pub pending: bool,
    /// This account may not work without one (`VOC_STAFF_2FA=required`).
    pub required: bool,
    /// Unused recovery codes left.
    pub recovery_codes_left: i64,
}

impl TwoFactorStatus {
    /// Whether the account must register an authenticator app before it works.
    pub fn setup_needed(&self) -> bool {
        self.required && !self.enrolled
    }
}

/// `POST /api/v1/session/second-factor`, `/api/v1/session/two-factor`,
/// `/api/v1/session/two-factor/recovery-codes`: a six-digit code from the app (at sign-in a
/// recovery code too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeInput {
    /// Six digits from the authenticator app, or a recovery code (`xxxxx-xxxxx`); spaces and
    /// dashes are ignored.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, pattern = "^[0-9]{3} ?[0-9]{3}$|^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$")
    )]
    pub code: String,
}

/// `POST /api/v1/session/two-factor/setup`: what the authenticator app needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetup {
    /// The secret in base32, for typing in when the QR code cannot be scanned.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as SVG markup.
    pub qr_svg: String,
}

/// A registered kiosk (`GET /api/v1/kiosk-keys`); its key itself is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskKeyView {
    pub id: i64,
    pub facility: String,
    pub label: String,
    pub created_by: String,
    pub created_at: DateTime<FixedOffset>,
    pub revoked_at: Option<DateTime<FixedOffset>>,
    pub last_used_at: Option<DateTime<FixedOffset>>,
}

/// `POST /api/v1/kiosk-keys`: a key for the tablet in `facility`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewKioskKeyInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub facility: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub label: String,
}

/// A key just issued: `secret` is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedKioskKey {
    pub kiosk: KioskKeyView,
    pub secret: String,
}

/// `POST /api/v1/kiosk/device`: the tablet registers itself with its key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskDeviceInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub key: String,
}

/// `GET /api/v1/kiosk/device`: which registered kiosk this is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskDeviceView {
    pub facility: String,
    pub label: String,
}

/// New recovery codes, shown this once: each signs in one time in place of an app code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// `POST /api/v1/users/{id}/password`: an administrator sets a staff member's password (they
/// must change it at their next sign-in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordInput {
    #[serde(default)]
    pub password: String,
}

/// `POST /api/v1/session/password`: a staff member changes their own password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChangeInput {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new: String,
}

/// `GET /api/v1/departments`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub is_lead: bool,
    pub active: bool,
}

/// `POST /api/v1/departments`; `PUT /api/v1/departments/{id}` reads `name` and `active`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, pattern = "^[a-z0-9_]{2,32}$"))]
    pub code: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub name: String,
    #[serde(default)]
    pub active: Option<bool>,
}

/// One routing rule: the first active rule (lowest priority number) whose kind, facility and
/// category match (empty matches anything) names the department of a new case.
/// `PUT /api/v1/departments/{id}`: a new name (blank keeps the old one) and whether it is
/// active; a department's code never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentChange {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRuleView {
    pub id: i64,
    pub priority: i64,
    pub kind: Option<VocKind>,
    pub facility: Option<String>,
    pub category: Option<String>,
    pub department_id: i64,
    pub department_name: String,
}

/// `POST /api/v1/routing-rules`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRuleInput {
    #[serde(default)]
    pub priority: Option<i64>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub facility: String,
    #[serde(default)]
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub department: serde_json::Value,
}

/// A facility or category as administrators see it (`GET /api/v1/catalogue/{list}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueEntryView {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    pub parent: Option<String>,
    pub active: bool,
    /// A category complainants choose themselves on the homepage.
    #[serde(default)]
    pub public: bool,
}

/// A staff account as administrators see it (`GET /api/v1/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub active: bool,
    pub email: Option<String>,
    /// Signs in with an authenticator app too.
    #[serde(default)]
    pub two_factor: bool,
}

/// `POST /api/v1/users`; `department` is a department id (or its code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserInput {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub department: Option<serde_json::Value>,
    /// Where staff alerts (deadlines, urgent cases) go.
    #[serde(default)]
    pub email: Option<String>,
}

/// `PUT /api/v1/users/{id}/email` `{email}` (empty or null removes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserEmailInput {
    #[serde(default)]
    pub email: Option<String>,
}

/// A notice and where its delivery stands (`GET /api/v1/cases/{id}/notices`, `/api/v1/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeView {
    pub id: i64,
    pub message_id: String,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub notice: crate::domain::NoticeKind,
    pub notice_text: String,
    pub channel: crate::domain::NoticeChannel,
    /// Masked: `hong***@example.com`, `010-****-5678`.
    pub recipient: String,
    pub subject: String,
    pub state: crate::domain::DeliveryState,
    /// The state in words; a waiting notice on a channel this server cannot send on says so.
    pub state_text: String,
    /// Whether this server can send on the notice's channel at all (`VOC_SMTP_URL`,
    /// `VOC_SMS_URL`); a notice on one it cannot waits until it is set up.
    pub channel_configured: bool,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub sent_at: Option<DateTime<FixedOffset>>,
}

/// Where one channel's notices stand (`GET /api/v1/outbox/summary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxChannelView {
    pub channel: crate::domain::NoticeChannel,
    pub channel_text: String,
    /// Whether this server can send on it.
    pub configured: bool,
    pub pending: i64,
    pub sent: i64,
    pub dead: i64,
    pub withheld: i64,
    /// When the oldest waiting notice was queued.
    pub oldest_pending_at: Option<DateTime<FixedOffset>>,
    /// Said plainly when the channel cannot send: how many wait and what makes them go.
    pub note: Option<String>,
}

/// A notice's wording in one language (`GET /api/v1/notice-templates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateView {
    pub notice: crate::domain::NoticeKind,
    pub notice_text: String,
    pub lang: crate::domain::Lang,
    pub subject: String,
    pub body: String,
    /// The variables this notice may use.
    pub variables: Vec<String>,
    /// `false` while the built-in wording applies.
    pub customized: bool,
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub updated_by: Option<String>,
}

/// `PUT /api/v1/notice-templates/{notice}/{lang}`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub subject: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub body: String,
}

/// `POST /api/v1/cases/{id}/interim`: the delay notice's reason and the expected date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterimInput {
    #[serde(default)]
    pub reason: String,
    /// `YYYY-MM-DD`, optional.
    #[serde(default)]
    pub expected_date: Option<String>,
}

/// `POST /api/v1/cases/{id}/route`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RouteInput {
    pub department: serde_json::Value,
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/cases/{id}/assign`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignInput {
    pub user: serde_json::Value,
}

/// A material request between departments, as the case page and the asked department's
/// queue show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialView {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    /// The case's facility. The asked department sees the case's kind, facility and receipt
    /// number, never its text or the complainant's contacts.
    pub facility: Option<String>,
    /// The department handling the case, and the one asked.
    pub from_department: Option<String>,
    pub department_id: i64,
    pub department_name: String,
    pub question: String,
    pub requested_by: String,
    pub requested_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<FixedOffset>>,
    /// Unanswered past its due time, when the view was made.
    pub overdue: bool,
}

/// `POST /api/v1/materials/{id}/answer`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialAnswerInput {
    #[serde(default)]
    pub answer: String,
}

/// The staff member a case concerns (praised, or complained about) and the cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffConcernedView {
    pub staff_name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub cause: Option<StaffCause>,
    pub cause_label: Option<String>,
    pub cs_training: bool,
    pub set_by: String,
    pub set_at: DateTime<FixedOffset>,
}

/// One compensation given, on the case page and in the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationView {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub department_name: Option<String>,
    pub reason: CompensationReason,
    pub reason_label: String,
    pub item: String,
    /// KRW.
    pub amount: i64,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
}

/// An institutional improvement request (제도개선) and its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementView {
    pub id: i64,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub body: String,
    pub requested_by: String,
    pub requested_at: DateTime<FixedOffset>,
    /// The report is due by the end of this day (Seoul).
    pub due_date: chrono::NaiveDate,
    /// Unreported past its due day, when the view was made.
    pub overdue: bool,
    pub outcome: Option<ImprovementOutcome>,
    pub outcome_label: Option<String>,
    pub report: Option<String>,
    pub reported_by: Option<String>,
    pub reported_at: Option<DateTime<FixedOffset>>,
    /// The last day before its one extension, and why it was extended.
    #[serde(default)]
    pub original_due_date: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub extension_reason: Option<String>,
    /// What the viewer may do with it (nothing in reports and case views).
    #[serde(default)]
    pub actions: crate::domain::ImprovementActions,
}

impl ImprovementView {
    /// Its state in words: the reported outcome, or overdue, or in progress.
    pub fn state_ko(&self) -> String {
        match (&self.outcome_label, self.overdue) {
            (Some(label), _) => label.clone(),
            (None, true) => "기한 경과".into(),
            (None, false) => "진행 중".into(),
        }
    }
}

/// A dissatisfied survey response's follow-up (불만족 민원 추가 답변): the response, the
/// clock, and what the VOC manager did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyFollowUpView {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: crate::domain::VocKind,
    pub department: Option<String>,
    /// The response's overall and result satisfaction, 1–5.
    pub overall: i64,
    pub result: i64,
    /// What the complainant wrote with the response.
    pub comment: Option<String>,
    pub opened_at: DateTime<FixedOffset>,
    pub due_at: DateTime<FixedOffset>,
    /// Business seconds left to the due when the view was made; negative once past it.
    pub remaining_secs: i64,
    /// Not done and past the due.
    pub overdue: bool,
    pub done_at: Option<DateTime<FixedOffset>>,
    pub done_by: Option<String>,
    pub contact: Option<crate::domain::FollowUpContact>,
    pub contact_label: Option<String>,
    pub note: Option<String>,
    /// The case went back to work for it.
    pub reopened: bool,
    /// Done by its due (only once done).
    pub on_time: Option<bool>,
    /// Whether the viewer may record what was done now.
    pub can_complete: bool,
}

/// One figure of an indicator in one month (or the year), and how it stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiPoint {
    pub value: Option<f64>,
    pub state: crate::domain::KpiState,
}

/// An indicator of a year: its target, the year's figure and each month's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiLine {
    pub kpi: crate::domain::Kpi,
    pub label: String,
    pub measure: crate::domain::Measure,
    pub higher_is_better: bool,
    pub target: Option<f64>,
    /// The year so far.
    pub year: KpiPoint,
    /// In the order of [`KpiDashboard::months`].
    pub monthly: Vec<KpiPoint>,
}

/// One department's indicators against its targets (the organisation's where it has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiDepartment {
    pub id: i64,
    pub name: String,
    pub indicators: Vec<KpiLine>,
}

/// `GET /api/v1/kpi?year=`: every indicator, actual against target, by month and department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiDashboard {
    pub year: i32,
    /// `YYYY-MM`, January to this month (or December of a past year).
    pub months: Vec<String>,
    pub indicators: Vec<KpiLine>,
    pub departments: Vec<KpiDepartment>,
    /// Whether the viewer may set the targets.
    pub can_set_targets: bool,
}

/// A year's targets as set: the organisation's and each department's, indicator → target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiTargetsView {
    pub year: i32,
    pub overall: std::collections::BTreeMap<String, f64>,
    pub departments: std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>,
}

/// One month of the public statistics: no personal data, no free text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsMonth {
    /// `YYYY-MM`, or the year for the total.
    pub period: String,
    pub received: i64,
    pub processed: i64,
    /// Closed by the deadline of those due; none when nothing was due.
    pub compliance_rate: Option<f64>,
    /// Business days from receipt to closure, on average.
    pub mean_handling_days: Option<f64>,
    /// Mean overall satisfaction (1–5) and how many answered.
    pub satisfaction: Option<f64>,
    pub survey_responses: i64,
    /// Institutional improvements reported done in the month (제도개선 완료).
    pub improvements: i64,
}

/// `GET /api/v1/statistics?year=`: how the organisation handles VOC, month by month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStatistics {
    pub year: i32,
    pub months: Vec<StatisticsMonth>,
    pub total: StatisticsMonth,
    /// When the figures were counted.
    pub as_of: DateTime<FixedOffset>,
}

/// `GET /api/v1/procedure`: the complaint procedure as the public page states it, from the
/// live policies (no sign-in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProcedure {
    /// The hours in which periods run (weekdays that are not holidays).
    pub hours: BusinessHours,
    /// Each kind's period as it applies to requests received now: the filed kinds, then the
    /// appeal.
    pub kinds: Vec<DeadlinePolicy>,
    /// The procedure's fixed rules (appeal window, extensions, survey).
    pub rules: crate::domain::ProcedureRules,
}

/// A survey comment as report readers see it: personal data in the text masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyCommentView {
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: crate::domain::VocKind,
    pub department: Option<String>,
    pub submitted_at: DateTime<FixedOffset>,
    /// Overall and result satisfaction, 1–5.
    pub overall: i64,
    pub result: i64,
    pub comment: String,
}

/// One public FAQ entry (`GET /api/v1/faq`): no personal data, no receipt number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqView {
    pub id: i64,
    pub kind: VocKind,
    pub question: String,
    pub answer: String,
    pub published_at: DateTime<FixedOffset>,
}

/// A reason or note for return, reopen, notes and approval.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextInput {
    #[serde(default, alias = "reason", alias = "body")]
    pub note: String,
}

/// One answer of a case, drafts and returned ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerRecordView {
    pub decision: crate::domain::Decision,
    pub decision_text: String,
    pub result: String,
    pub basis: String,
    pub appeal: String,
    pub state: String,
    pub drafted_by: Option<String>,
    pub approved_by: Option<String>,
    pub review_note: Option<String>,
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteView {
    pub author: String,
    pub body: String,
    pub at: DateTime<FixedOffset>,
}

/// Every error body of the API: a code, a Korean and an English sentence, and for 422 the
/// refused fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    pub message_en: String,
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub fields: FieldErrors,
}

/// A failed call from the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The server answered with an error body.
    Api { status: u16, body: ErrorBody },
    /// The request never got an answer (network down, server restarting).
    Network(String),
}

impl CallError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::Network(_) => None,
        }
    }
    /// The API's error code (`validation`, `password_change_required`, …).
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => Some(body.error.as_str()),
            Self::Network(_) => None,
        }
    }
    pub fn fields(&self) -> FieldErrors {
        match self {
            Self::Api { body, .. } => body.fields.clone(),
            Self::Network(_) => FieldErrors::default(),
        }
    }
    /// The first refused field's own text if there is one, else [`Self::message`]: for a
    /// banner beside an inline control that has no message line of its own.
    pub fn first_message(&self) -> String {
        self.first_message_in(crate::i18n::Lang::Ko)
    }
    /// [`Self::first_message`] in the complainant's language.
    pub fn first_message_in(&self, lang: crate::i18n::Lang) -> String {
        self.fields().0.values().next().map_or_else(|| self.message_in(lang), |m| lang.message(&m.ko, &m.en))
    }
    /// One sentence for the person, Korean first.
    pub fn message(&self) -> String {
        self.message_in(crate::i18n::Lang::Ko)
    }
    /// One sentence in the complainant's language (Korean also names the English).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Self::Api { body, .. } if !body.message.is_empty() => lang.message(&body.message, &body.message_en),
            Self::Api { status, .. } => lang.message(
                &format!("서버 오류가 발생했습니다 (HTTP {status})."),
                &format!("The server failed (HTTP {status})."),
            ),
            Self::Network(_) => lang.message(
                "서버에 연결할 수 없습니다. 입력한 내용은 그대로 있으니 잠시 후 다시 시도해 주세요.",
                "Cannot reach the server; nothing you entered is lost.",
            ),
        }
    }
    /// The request never got an answer (offline, connection reset): it may or may not have
    /// arrived, so only a retry with the same idempotency key is safe.
    pub fn is_network(&self) -> bool {
        matches!(self, Self::Network(_))
    }
}

/// A fresh random key for an `Idempotency-Key` header ([`crate::client::Client::with_idempotency_key`]).
pub fn new_request_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("t-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()))
}

/// `POST /api/v1/uploads` with one file the person picked, as multipart form data: the one
/// operation outside the typed client's table (a form the browser builds from the file).
pub async fn upload(file: &web_sys::File) -> Result<UploadView, CallError> {
    let failed = |what: &str| CallError::Network(what.to_owned());
    let form = web_sys::FormData::new().map_err(|_| failed("FormData"))?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| failed("FormData.append"))?;
    let req = gloo_net::http::Request::post("/api/v1/uploads")
        .body(wasm_bindgen::JsValue::from(form))
        .map_err(|e| CallError::Network(e.to_string()))?;
    let resp = req.send().await.map_err(|e| CallError::Network(e.to_string()))?;
    let status = resp.status();
    let body = resp.text().await.map_err(|e| CallError::Network(e.to_string()))?;
    crate::client::decode(crate::client::Answer { status, body })
}

/// One line of a report table: the figures of one kind, channel, department, month, ….
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLine {
    /// The grouping value (`complaint`, a department id, `2026-03`, …); `-` for none.
    pub key: String,
    pub label: String,
    pub received: i64,
    pub processed: i64,
    pub open: i64,
    pub overdue: i64,
    /// Closed on time ÷ (closed + open past the deadline); 1 when nothing was due.
    pub compliance_rate: f64,
    /// Business hours from receipt to closure, over the closed cases.
    pub mean_handling_hours: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyItemMean {
    pub item: String,
    pub label: String,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyReport {
    pub responses: i64,
    /// Closed cases with a consented notice channel.
    pub invited: i64,
    pub response_rate: Option<f64>,
    pub items: Vec<SurveyItemMean>,
    /// Follow-ups of dissatisfied responses opened in the period (불만족 민원 추가 답변).
    #[serde(default)]
    pub follow_ups: FollowUpReport,
    /// The same figures per kind, channel, category, facility, department, handler and month.
    #[serde(default)]
    pub breakdown: Vec<SurveyBreakdown>,
}

/// Survey results broken down by one dimension of the report (`by_kind`, …, `monthly`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyBreakdown {
    /// The report table it matches: `by_kind`, `by_channel`, …, `monthly`.
    pub id: String,
    pub title: String,
    pub lines: Vec<SurveyLine>,
}

/// Survey results of one group: who was invited, who answered, and each item's mean.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyLine {
    /// The grouping value, as in the report table; `-` for none.
    pub key: String,
    pub label: String,
    /// Closed cases with a consented notice channel.
    pub invited: i64,
    pub responses: i64,
    /// Responses ÷ invited; none when none were invited.
    pub response_rate: Option<f64>,
    /// The mean score (1–5) of each item, in the order of [`SurveyReport::items`]; none when
    /// no one scored it.
    pub means: Vec<Option<f64>>,
}

/// The follow-ups of dissatisfied responses opened in a period: how many, how many done, and
/// the share done within their three business days (the ACRC's 추가 답변률).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpReport {
    pub opened: i64,
    pub done: i64,
    pub done_on_time: i64,
    /// Not done and past their due.
    pub overdue: i64,
    /// Done on time ÷ opened; none when none opened.
    pub on_time_rate: Option<f64>,
}

/// `GET /api/v1/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD`: the cases received in the
/// period (both days included), as of now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub received: i64,
    pub processed: i64,
    pub open: i64,
    pub overdue: i64,
    /// Against each case's due, extended or not.
    pub compliance_rate: f64,
    /// Cases whose period was extended (처리기간 연장).
    #[serde(default)]
    pub extended: i64,
    /// Cases sent to another agency (이송): counted in `processed`, left out of compliance.
    #[serde(default)]
    pub transferred: i64,
    /// Cases returned for want of a supplement (반려): counted in `processed`, left out of
    /// compliance.
    #[serde(default)]
    pub returned: i64,
    /// Filings closed because they consist of abuse (특이민원): counted in `processed`, left
    /// out of compliance.
    #[serde(default)]
    pub closed_abusive: i64,
    /// Abusive conduct recorded in the period (특이민원 행위).
    #[serde(default)]
    pub incidents: i64,
    /// Multi-person complaints received in the period, and their co-complainants together.
    #[serde(default)]
    pub multi_person_cases: i64,
    #[serde(default)]
    pub co_complainants: i64,
    /// The same rate against the dues before any extension.
    #[serde(default)]
    pub compliance_rate_original: f64,
    pub mean_handling_hours: Option<f64>,
    pub median_handling_hours: Option<f64>,
    pub by_kind: Vec<ReportLine>,
    pub by_channel: Vec<ReportLine>,
    pub by_category: Vec<ReportLine>,
    pub by_facility: Vec<ReportLine>,
    pub by_department: Vec<ReportLine>,
    pub by_handler: Vec<ReportLine>,
    pub monthly: Vec<ReportLine>,
    pub survey: SurveyReport,
    /// Praise received in the period, per staff member and per department.
    #[serde(default)]
    pub praise_by_staff: Vec<CountLine>,
    #[serde(default)]
    pub praise_by_department: Vec<CountLine>,
    /// Staff members with 3 or more complaints for one cause in the 12 months to `to`.
    #[serde(default)]
    pub staff_flags: Vec<StaffFlag>,
    /// Compensation recorded in the period, and its total in KRW.
    #[serde(default)]
    pub compensations: Vec<CompensationView>,
    #[serde(default)]
    pub compensation_total: i64,
    /// Improvement requests made in the period or still unreported at its end.
    #[serde(default)]
    pub improvements: Vec<ImprovementView>,
    /// Training completion per department in the year of `to`, as of `to` (or today, when
    /// earlier): mandatory courses done and overdue, CS referrals attended.
    #[serde(default)]
    pub training: Vec<DepartmentTrainingView>,
    /// The department these figures are of; none for the whole organisation.
    #[serde(default)]
    pub department: Option<String>,
    /// Whether the reader may download the period's case list (who sees every case).
    #[serde(default)]
    pub can_export_cases: bool,
    /// Whether the reader may ask for one department's figures (who sees every case; a
    /// department head always reads their own).
    #[serde(default)]
    pub can_choose_department: bool,
}

/// A name and a count: praise per staff member or department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountLine {
    pub label: String,
    /// The department, for a staff member's line.
    #[serde(default)]
    pub department: Option<String>,
    pub count: i64,
}

/// A staff member complained about [`crate::domain::STAFF_FLAG_THRESHOLD`] or more times
/// for one cause within 12 months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffFlag {
    pub staff_name: String,
    pub department: Option<String>,
    pub cause: StaffCause,
    pub cause_label: String,
    pub count: i64,
    pub receipts: Vec<String>,
}

impl ReportSummary {
    /// Every table with its Korean title, in display order.
    pub fn tables(&self) -> [(&'static str, &'static str, &Vec<ReportLine>); 7] {
        [
            ("by_kind", "유형별", &self.by_kind),
            ("by_channel", "접수경로별", &self.by_channel),
            ("by_category", "분류별", &self.by_category),
            ("by_facility", "시설별", &self.by_facility),
            ("by_department", "부서별", &self.by_department),
            ("by_handler", "담당자별", &self.by_handler),
            ("monthly", "월별 추이", &self.monthly),
        ]
    }
}

/// A department's annual complaint reduction plan (고객불만 감축계획) with its
/// quarter-by-quarter result; a department without a plan has its figures and no plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReductionPlanView {
    pub department_id: i64,
    pub department: String,
    pub year: i32,
    /// None: no plan written yet.
    pub state: Option<crate::domain::ReductionState>,
    pub state_label: String,
    /// Complaints received the year before.
    pub baseline: i64,
    /// The quarters' targets together; none without a plan.
    pub year_target: Option<u32>,
    /// Complaints received in the year so far.
    pub actual: i64,
    pub quarters: Vec<crate::domain::QuarterResult>,
    pub measures: Vec<crate::domain::PlanMeasure>,
    pub analysis: String,
    /// The year before's most frequent categories (every kind of VOC), most first.
    pub frequent: Vec<CountLine>,
    pub saved_by: Option<String>,
    pub saved_at: Option<DateTime<FixedOffset>>,
    pub reported_by: Option<String>,
    pub reported_at: Option<DateTime<FixedOffset>>,
    pub actions: crate::domain::ReductionActions,
}

/// `GET /api/v1/reduction-plans?year=`: every department's plan in the reader's scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReductionOverview {
    pub year: i32,
    /// The years a plan may be written for: from 2000 to next year.
    pub first_year: i32,
    pub last_year: i32,
    pub plans: Vec<ReductionPlanView>,
}

/// One page of a long list, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paged<T> {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<T>,
}

/// An entry of the audit log (`GET /api/v1/audit-log`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub action_text: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A view of personal data (`GET /api/v1/privacy/access-log`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessView {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub username: String,
    pub address: String,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub what: String,
    pub what_text: String,
    pub purpose: String,
    pub detail: String,
}

/// `POST /api/v1/privacy/reviews`: the record of a review of the access log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub period_from: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    pub period_to: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub findings: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    pub id: i64,
    pub reviewed_at: DateTime<FixedOffset>,
    pub reviewer: String,
    pub period_from: String,
    pub period_to: String,
    pub findings: String,
}

/// `GET /api/v1/privacy/retention`: the retention purge, ahead and behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionView {
    pub retention_years: i64,
    /// Cases closed before this lose their personal data.
    pub cutoff: DateTime<FixedOffset>,
    pub due_cases: i64,
    pub oldest_closed_at: Option<DateTime<FixedOffset>>,
    pub newest_closed_at: Option<DateTime<FixedOffset>>,
    pub runs: Vec<PurgeRunView>,
    /// The reader may run the purge now (administrators; the privacy officer reads).
    #[serde(default)]
    pub may_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurgeRunView {
    pub id: i64,
    pub ran_at: DateTime<FixedOffset>,
    pub ran_by: String,
    pub retention_days: i64,
    pub cases: i64,
    pub oldest_closed_at: Option<DateTime<FixedOffset>>,
    pub newest_closed_at: Option<DateTime<FixedOffset>>,
}

/// A training course (교육과정).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseView {
    pub id: i64,
    pub title: String,
    pub kind: crate::domain::TrainingKind,
    pub hours: f64,
    /// The roles that must complete the course every year (none: optional).
    pub mandatory_for: Vec<crate::domain::Role>,
    /// `MM-DD`: due by this day each year.
    pub due: String,
    pub active: bool,
}

/// A session of a course and who attended it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub held_on: chrono::NaiveDate,
    pub place: Option<String>,
    /// User ids.
    pub attendees: Vec<i64>,
    pub recorded_by: String,
}

/// A member of staff (an active account) as the training records list them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraineeView {
    pub user_id: i64,
    pub name: String,
    pub username: String,
    pub role: crate::domain::Role,
    pub department_id: Option<i64>,
    pub department: Option<String>,
}

/// One training requirement on one member of staff: a mandatory course of the year, or a
/// case's CS-training referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingDueView {
    /// None for a referral whose staff name matched no single account.
    pub user_id: Option<i64>,
    pub name: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub requirement: crate::domain::Requirement,
    /// The course's title, or for a referral the case's receipt number.
    pub what: String,
    pub due_on: chrono::NaiveDate,
    pub done_on: Option<chrono::NaiveDate>,
    pub state: crate::domain::TrainingState,
    /// Calendar days past the due day (0 unless overdue).
    pub days_overdue: i64,
}

/// A department's completion of its mandatory courses in a year, and its CS referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentTrainingView {
    /// None: staff of no department.
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub required: u32,
    pub done: u32,
    pub overdue: u32,
    /// Share of the required done; none when nothing is required.
    pub rate: Option<f64>,
    pub referrals: u32,
    pub referrals_done: u32,
}

/// `GET /api/v1/training?year=`: the year's training records in the reader's scope (a head's
/// own department), with what the reader may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingOverview {
    pub year: i32,
    /// The Seoul day the states are computed for.
    pub as_of: chrono::NaiveDate,
    /// May add and change courses and sessions.
    pub can_manage: bool,
    pub courses: Vec<CourseView>,
    pub sessions: Vec<SessionView>,
    pub staff: Vec<TraineeView>,
    pub requirements: Vec<TrainingDueView>,
    pub departments: Vec<DepartmentTrainingView>,
}

/// `GET /api/v1/training/overdue?year=`: who is overdue, longest overdue first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingOverdue {
    pub year: i32,
    pub as_of: chrono::NaiveDate,
    pub items: Vec<TrainingDueView>,
}

/// A department's figures for the quarter an evaluation is of, as they were when it was opened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationFigures {
    pub received: i64,
    pub processed: i64,
    pub overdue: i64,
    pub compliance_rate: f64,
    pub mean_handling_hours: Option<f64>,
    pub survey_responses: i64,
    /// Overall satisfaction, 1–5.
    pub satisfaction: Option<f64>,
    /// Dissatisfied responses followed up on time.
    pub follow_ups_on_time_rate: Option<f64>,
    pub praise: i64,
    pub improvements: i64,
    /// Mandatory training done, at the quarter's end.
    pub training_rate: Option<f64>,
}

/// One scored item of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationItemView {
    pub item: crate::domain::EvaluationItem,
    pub label: String,
    pub score: Option<u8>,
    pub comment: Option<String>,
}

/// A quarterly CCMS evaluation of one department, with what the reader may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationView {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub year: i32,
    pub quarter: u8,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub state: crate::domain::EvaluationState,
    pub state_label: String,
    pub figures: EvaluationFigures,
    pub items: Vec<EvaluationItemView>,
    /// The scores as a share of the most they could be, once every item is scored.
    pub total_percent: Option<f64>,
    pub summary: String,
    pub improvement_plan: String,
    pub opened_by: String,
    pub opened_at: DateTime<FixedOffset>,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<DateTime<FixedOffset>>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    pub acknowledgement: Option<String>,
    pub actions: crate::domain::EvaluationActions,
}

/// `GET /api/v1/evaluations`: the evaluations in the reader's scope, and whether they may open one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationList {
    pub items: Vec<EvaluationView>,
    /// May open evaluations (the VOC office).
    pub can_open: bool,
    /// The quarter evaluated now: the one before today's.
    pub due_year: i32,
    pub due_quarter: u8,
}

/// `GET /api/v1/reports/recurring`: what grew against the period before and the words the
/// complaints repeat (recurring causes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecurringReport {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The period compared with: as many whole months just before, else as many days.
    pub previous_from: chrono::NaiveDate,
    pub previous_to: chrono::NaiveDate,
    /// The one department read, if not the organisation.
    pub department: Option<String>,
    /// The categories, facilities and staff causes that grew most (all kinds of VOC but praise
    /// for the staff causes; every kind for categories and facilities, as the report tables).
    pub categories: Vec<RiserLine>,
    pub facilities: Vec<RiserLine>,
    pub staff_causes: Vec<RiserLine>,
    /// Words and two-word phrases of the complaint texts (every kind but praise): all of them
    /// first, then the categories with the most texts.
    pub terms: Vec<TermGroup>,
    /// The newest texts read per period, at most.
    pub texts_read_max: i64,
    /// The stop-words in force.
    pub stop_words: Vec<String>,
    /// Whether this reader may change the stop-words.
    pub can_edit_stop_words: bool,
}

/// One entry that grew against the period before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiserLine {
    /// The code (category, facility or cause); `-` for none.
    pub key: String,
    pub label: String,
    pub count: i64,
    pub previous: i64,
    /// count − previous, always above 0.
    pub added: i64,
    /// The growth in percent of the previous count; none when there was none before.
    pub growth_percent: Option<f64>,
}

/// The terms of one group of complaint texts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermGroup {
    /// `all`, a category code, or `-` for texts without a category.
    pub key: String,
    pub label: String,
    /// Texts read now and in the period before.
    pub texts: i64,
    pub previous_texts: i64,
    pub words: Vec<TermLine>,
    pub phrases: Vec<TermLine>,
}

/// A word or phrase: in how many of the texts read it appeared, now and before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermLine {
    pub term: String,
    pub texts: i64,
    pub previous_texts: i64,
    /// Share of the texts read that held it, 0–1.
    pub share: f64,
    /// The same share before; none when no text was read before.
    pub previous_share: Option<f64>,
}

/// `PUT /api/v1/reports/stop-words`: the words left out of the term lists, as typed
/// (separated by spaces, commas or line breaks).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StopWordsInput {
    pub words: String,
}

/// A good-practice library entry (우수사례 or a lesson learned) from a closed case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeView {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub case_kind: VocKind,
    pub case_kind_label: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub kind: crate::domain::PracticeKind,
    pub kind_label: String,
    pub title: String,
    pub situation: String,
    pub action: String,
    pub lesson: String,
    /// The staff member it praises, if any.
    pub staff_name: Option<String>,
    pub state: crate::domain::PracticeState,
    pub state_label: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<FixedOffset>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// Why it was declined.
    pub decline_reason: Option<String>,
    pub actions: crate::domain::PracticeActions,
}

/// `GET /api/v1/good-practices`: the entries the reader sees, newest first, and whether
/// they keep the library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeLibrary {
    pub items: Vec<PracticeView>,
    /// Proposals waiting for the VOC office's decision, among those the reader sees.
    pub waiting: i64,
}

/// An award (포상) for a year's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardView {
    pub id: i64,
    pub year: i32,
    pub kind: crate::domain::AwardKind,
    pub kind_label: String,
    pub staff_name: Option<String>,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub honour: String,
    pub reward: String,
    pub grounds: String,
    pub practice_id: Option<i64>,
    pub practice_title: Option<String>,
    pub awarded_on: chrono::NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
}

/// Someone the year's praise and shared practices suggest for an award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateView {
    pub kind: crate::domain::AwardKind,
    pub kind_label: String,
    pub staff_name: Option<String>,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    /// Praise naming them that year.
    pub praise: i64,
    /// Shared library entries that year.
    pub practices: i64,
    /// Already awarded that year.
    pub awarded: bool,
}

/// A shared library entry an award may rest on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeChoice {
    pub id: i64,
    pub title: String,
    pub staff_name: Option<String>,
    pub department: Option<String>,
}

/// `GET /api/v1/awards?year=`: the year's awards and, for the VOC office, the candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardsOverview {
    pub year: i32,
    /// The years awards may be recorded for: from 2000 to this year.
    pub first_year: i32,
    pub last_year: i32,
    pub awards: Vec<AwardView>,
    /// The VOC office only: who the year's record suggests, and the year's shared entries.
    pub candidates: Vec<CandidateView>,
    pub practices: Vec<PracticeChoice>,
    /// Records and deletes awards.
    pub can_record: bool,
}

/// Where a case stands in the good-practice library (the case page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePractice {
    pub id: i64,
    pub title: String,
    pub kind_label: String,
    pub state: crate::domain::PracticeState,
    pub state_label: String,
    pub decline_reason: Option<String>,
}

/// An agenda point, opinion or finding of a CCM activity, with its follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityItemView {
    pub id: i64,
    pub topic: String,
    pub decision: String,
    pub owner_department_id: Option<i64>,
    pub owner: Option<String>,
    pub due_on: Option<chrono::NaiveDate>,
    pub state: crate::domain::ActionState,
    /// The state in words, with a mark that carries it without colour (● ◐ ○ ·).
    pub state_label: String,
    pub done_by: Option<String>,
    pub done_at: Option<DateTime<FixedOffset>>,
    pub result: Option<String>,
    /// The reader may report it done now.
    pub may_report: bool,
}

/// A CCM activity: a committee meeting, panel session, inspection or monitoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityView {
    pub id: i64,
    pub kind: crate::domain::ActivityKind,
    pub kind_label: String,
    pub title: String,
    pub held_on: chrono::NaiveDate,
    pub place: String,
    pub participants: String,
    pub summary: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
    pub items: Vec<ActivityItemView>,
    /// The panel members present (a panel session), names masked.
    pub members: Vec<MemberRef>,
}

/// A panel member as activities name them: the name masked, the group and term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRef {
    pub id: i64,
    /// Masked: `김*경`.
    pub name: String,
    pub panel: crate::domain::PanelGroup,
    pub panel_label: String,
    pub term_from: chrono::NaiveDate,
    pub term_to: chrono::NaiveDate,
}

/// A member of the citizen panel or the customer monitors, as the VOC office sees the roster:
/// name and contacts masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelMemberView {
    pub id: i64,
    pub panel: crate::domain::PanelGroup,
    pub panel_label: String,
    /// Masked: `김*경`.
    pub name: String,
    /// Masked: `010-****-3333`; none when not given or destroyed.
    pub phone: Option<String>,
    /// Masked: `mu***@example.com`.
    pub email: Option<String>,
    pub affiliation: String,
    pub term_from: chrono::NaiveDate,
    pub term_to: chrono::NaiveDate,
    pub consented_on: chrono::NaiveDate,
    /// The name and contacts are destroyed after this day.
    pub kept_until: chrono::NaiveDate,
    pub state: crate::domain::MemberState,
    pub state_label: String,
    /// Panel sessions attended, every year.
    pub sessions: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/panel-members`: the roster, serving members first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelRoster {
    pub members: Vec<PanelMemberView>,
    /// Serving today.
    pub serving: i64,
    /// The purposes the page offers for showing contacts.
    pub purposes: Vec<String>,
}

/// `POST /api/v1/panel-members/{id}/contact`: the member's name and contacts in full, for the
/// purpose the access log now holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelContactView {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A follow-up still owed, with the activity it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwedAction {
    pub activity_id: i64,
    pub activity_title: String,
    pub kind_label: String,
    pub held_on: chrono::NaiveDate,
    pub item: ActivityItemView,
}

/// `GET /api/v1/ccm-activities?kind=&year=`: the activities of a year, latest first; the
/// follow-ups the reader's department owes (the VOC office: every department's), overdue
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivitiesOverview {
    pub year: i32,
    pub first_year: i32,
    pub last_year: i32,
    pub activities: Vec<ActivityView>,
    /// Every year's follow-ups still owed in the reader's scope.
    pub owed: Vec<OwedAction>,
    pub overdue: i64,
    /// Records activities.
    pub can_record: bool,
    /// For the record form (to those who record): the members whose personal data is kept,
    /// to mark who was present at a panel session held in their term.
    pub members: Vec<MemberRef>,
}

/// An answer template as administrators keep it (`GET /api/v1/answer-templates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerTemplateView {
    pub id: i64,
    /// The kind it is for; `None`: any.
    pub kind: Option<VocKind>,
    /// The category code it is for; `None`: any.
    pub category: Option<String>,
    pub title: String,
    pub result: String,
    pub basis: String,
    pub appeal: String,
    pub updated_by: String,
    pub updated_at: DateTime<FixedOffset>,
}

/// Every answer template and the variables they may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerTemplatesView {
    /// `receipt_no`, `name`, …: written `{receipt_no}` in a template.
    pub variables: Vec<String>,
    pub templates: Vec<AnswerTemplateView>,
}

/// A template that fits a case, its variables filled from the case
/// (`GET /api/v1/cases/{id}/answer-templates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilledTemplateView {
    pub id: i64,
    pub title: String,
    pub result: String,
    pub basis: String,
    pub appeal: String,
}
