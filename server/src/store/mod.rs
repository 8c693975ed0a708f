//! The store: every SQL statement of the product sits behind [`Store`], so that a second
//! backend (PostgreSQL) can join without touching handlers or pages.

pub mod copy;
mod sql;

use app::domain::{
    Budget, BusinessCalendar, BusinessHours, CaseStatus, Channel, CompensationReason, Consent, ConsentVia,
    DeadlinePolicy, Decision, DeliveryState, GrievanceStage, ImprovementOutcome, Lang, NoticeChannel, NoticeKind,
    Pause, PauseReason, Role, SeriousReason, StaffCause, ValidNewCase, VocKind,
};
use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

pub(crate) use sql::is_unique_violation;
pub(crate) use sql::sqlite_path;
pub use sql::{
    Also, Backend, CaseTx, DueCase, Elsewhere, Entry, Filed, ImprovementTx, NewReferral, Placement, PurgeTx, SqlStore,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("the case is {from}; it cannot become {to}")]
    InvalidTransition { from: CaseStatus, to: CaseStatus },
    #[error("already exists")]
    AlreadyExists,
    #[error("unknown facility")]
    UnknownFacility,
    #[error("unknown category")]
    UnknownCategory,
    #[error("unknown department")]
    UnknownDepartment,
    #[error("unknown user, or not of the case's department")]
    UnknownUser,
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// An attachment handle that is unknown, expired or already filed with another case.
    #[error("unknown upload")]
    UnknownUpload,
    /// This `Idempotency-Key` already made case `0` from the same request.
    #[error("idempotent replay of case {0}")]
    Replay(i64),
    /// This `Idempotency-Key` was used for a different request.
    #[error("idempotency key reused for another request")]
    KeyReused,
    /// The contacts were hashed with another key than the one configured.
    #[error("{0}")]
    ContactKey(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The PostgreSQL NOTIFY channel that carries case events between instances.
pub const EVENTS_CHANNEL: &str = "voc_case_events";

/// The NOTIFY payload on [`EVENTS_CHANNEL`] that tells every instance the business calendar
/// or the deadline policies changed: each forgets the copy it keeps ([`Store::forget_config`]).
pub const CONFIG_CHANGED: &str = r#"{"config":"changed"}"#;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facility {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub result: String,
    pub basis: String,
    pub appeal: String,
    pub answered_at: DateTime<Utc>,
    pub decision: app::domain::Decision,
}

/// What a complainant's link to a case opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// The tracking page (`/track/{receipt_no}?token=`).
    Track,
    /// The satisfaction survey (`/survey/{token}`), nothing else of the case.
    Survey,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Track => "track",
            Self::Survey => "survey",
        }
    }
}

/// A case as stored, with its current (latest) answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub facility: Option<String>,
    pub facility_name: Option<String>,
    pub category: Option<String>,
    pub content: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// A postal address, for an answer by post.
    pub address: Option<String>,
    /// How the complainant asked to be answered.
    pub reply_by: Option<app::domain::ReplyMeans>,
    pub consent: Consent,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub answer: Option<Answer>,
    /// The business time it was given at receipt (and by extensions), and whether its
    /// deadline is a close.
    pub budget: Budget,
    /// The due before its first extension; `None` if never extended.
    pub original_due_at: Option<DateTime<Utc>>,
    /// How many times its period was extended.
    pub extensions: u32,
    /// The agency it was sent to (이송), if it was.
    pub transferred_to: Option<String>,
    /// The original a duplicate was merged into (its id and receipt number).
    pub merged_into: Option<(i64, String)>,
    /// The case an appeal contests, and the appeal made against this case (id, receipt number).
    pub appeal_of: Option<(i64, String)>,
    pub appealed_by: Option<(i64, String)>,
    /// What the complainant reads of a closure that cites something (the earlier answers of a
    /// repeated complaint).
    pub closure_note: Option<String>,
    /// Marked serious (중대 민원): why, what, and when.
    pub serious: Option<(SeriousReason, String, DateTime<Utc>)>,
    pub due_soon_secs: i64,
    pub interim_due_at: Option<DateTime<Utc>>,
    /// The latest interim (delay) notice sent: when, why, and the day expected.
    pub interim: Option<InterimRecord>,
    pub pauses: Vec<PauseRecord>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub registered_by: Option<i64>,
    /// Why it was closed without an answer (`withdrawn`, or a not-a-complaint reason).
    pub closure_reason: Option<String>,
    pub agency: Option<String>,
    pub agency_ref: Option<String>,
    /// The language the complainant is written to in.
    pub lang: app::domain::Lang,
    /// When the consents were given, and the wording version shown then.
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_version: Option<String>,
    /// Staff found the contact data unusable: past its deadline the case is deemed withdrawn.
    pub unreachable_at: Option<DateTime<Utc>>,
    pub unreachable_note: Option<String>,
}

/// An interim (delay) notice as the complainant was told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterimRecord {
    pub sent_at: DateTime<Utc>,
    pub reason: String,
    pub expected_on: Option<chrono::NaiveDate>,
}

impl CaseRecord {
    /// Name, phone and e-mail as staff see them: masked (`홍*동`, `010-****-5678`,
    /// `ho***@example.com`); a value that no longer parses shows as stars, never in full.
    pub fn masked_contacts(&self) -> [Option<String>; 3] {
        app::domain::masked_contacts(self.name.as_deref(), self.phone.as_deref(), self.email.as_deref())
    }

    /// Whether `user` may see this case at all (others get 404, as if it did not exist).
    pub fn visible_to(&self, user: &User) -> bool {
        app::domain::can_see_case(user.role, user.id, user.department_id, self.department_id, self.registered_by)
    }

    /// The pauses as the engine counts them.
    pub fn engine_pauses(&self) -> Vec<Pause> {
        self.pauses.iter().map(|p| Pause { start: p.started_at, end: p.ended_at }).collect()
    }
    pub fn open_pause(&self) -> Option<&PauseRecord> {
        self.pauses.iter().find(|p| p.ended_at.is_none())
    }
}

/// The period a case gets from its receipt under its kind's policy: what a kind correction
/// writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPeriod {
    pub due_at: DateTime<Utc>,
    pub budget: Budget,
    pub due_soon_secs: i64,
    pub interim_due_at: Option<DateTime<Utc>>,
}

/// Which of the complainant's other cases a case view lists: those `scope` lets the reader
/// see, matched by the case's phone number and/or e-mail address as stored.
#[derive(Debug, Clone, Copy)]
pub struct PersonMatch {
    pub scope: app::domain::CaseScope,
    pub phone: bool,
    pub email: bool,
}

/// Another case of the same complainant, as the case view lists it.
#[derive(Debug, Clone)]
pub struct PersonCase {
    pub id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub content: String,
}

/// The lists a case is shown with (`Store::case_parts`), each as its own read would answer.
#[derive(Debug, Clone, Default)]
pub struct CaseParts {
    pub history: Vec<HistoryRecord>,
    pub answers: Vec<AnswerRecord>,
    pub notes: Vec<NoteRecord>,
    pub materials: Vec<MaterialRecord>,
    pub staff: Option<StaffRecord>,
    pub compensations: Vec<CompensationRecord>,
    pub improvements: Vec<ImprovementRecord>,
    pub faq: Option<FaqRecord>,
    pub practice: Option<PracticeRecord>,
    pub grievance: Vec<GrievanceRecord>,
    pub attachments: Vec<AttachmentRecord>,
    pub extensions: Vec<ExtensionRecord>,
    pub supplements: Vec<SupplementRecord>,
    pub links: Vec<LinkRecord>,
    /// The latest extension proposal.
    pub proposal: Option<ProposalRecord>,
    pub complainants: Vec<PartyRecord>,
    pub contacts: Vec<ContactRecord>,
    pub notices: Vec<NoticeRecord>,
    /// The members of the case's department, active or not.
    pub department_users: Vec<User>,
    /// The conduct incidents of the person who filed it, on this case and their others
    /// (matched by the hashes of its contacts), newest first, at most 50.
    pub incidents: Vec<IncidentRecord>,
    /// The complainant's other cases ([`PersonMatch`]), newest first, at most
    /// `SEARCH_PER_PAGE_MAX` + 1 (one more tells that there are more).
    pub person_cases: Vec<PersonCase>,
}

/// One extension of a case's period (처리기간 연장).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionRecord {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    pub old_due_at: DateTime<Utc>,
    pub new_due_at: DateTime<Utc>,
    pub consent: Option<(ConsentVia, DateTime<Utc>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseRecord {
    pub reason: PauseReason,
    pub note: String,
    pub started_at: DateTime<Utc>,
    pub started_by: String,
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: chrono::NaiveDate,
    pub name_ko: String,
    pub name_en: String,
}

/// A case to insert: the parsed input plus what the server decided.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub input: ValidNewCase,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub budget: Budget,
    pub due_soon_secs: i64,
    pub interim_due_at: Option<DateTime<Utc>>,
    pub tracking_token: String,
    /// When the system took it in (history time); `received_at` may be earlier.
    pub created_at: DateTime<Utc>,
    /// Who registered it: a staff member, or `None` for the complainant themself.
    pub actor: Option<User>,
    /// The request's `Idempotency-Key` and the fingerprint of its body.
    pub idempotency: Option<(String, String)>,
    /// The case an appeal contests: the appeal goes to its department.
    pub appeal_of: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub active: bool,
    /// Where staff alerts go.
    pub email: Option<String>,
    /// The password is one someone else knows (the generated first one): until its owner
    /// changes it, the account may do nothing else.
    pub must_change_password: bool,
    /// Signs in with a code from an authenticator app as well as the password.
    pub two_factor: bool,
}

/// A live session: whose, and whether the second factor is still to come (the password was
/// right; until a code follows, the session opens nothing but the code's form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub second_factor_pending: bool,
}

/// A person's authenticator secrets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TotpState {
    /// The confirmed secret: codes from it sign in.
    pub secret: Option<String>,
    /// One being set up, until a code from it confirms it.
    pub pending: Option<String>,
    /// The last time step a code was accepted for; no code of it or earlier works again.
    pub last_step: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub password_hash: String,
    pub email: Option<String>,
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub is_lead: bool,
    pub active: bool,
}

/// A routing rule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub id: i64,
    pub priority: i64,
    pub kind: Option<VocKind>,
    pub facility: Option<String>,
    pub category: Option<String>,
    pub department_id: i64,
    pub department_name: String,
}

/// Every answer a case was given or drafted, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRecord {
    pub decision: Decision,
    pub result: String,
    pub basis: String,
    pub appeal: String,
    /// `draft`, `approved` or `returned`.
    pub state: String,
    pub drafted_by: Option<String>,
    pub approved_by: Option<String>,
    pub review_note: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRecord {
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// An answer template as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerTemplateRecord {
    pub id: i64,
    pub template: app::domain::ValidAnswerTemplate,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A contact staff made with the complainant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub means: app::domain::ContactMeans,
    pub outcome: app::domain::ContactOutcome,
    pub summary: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// How long a session lives: since its last use, and at most since its start.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: chrono::Duration,
    pub absolute: chrono::Duration,
}

/// A message the worker has claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: String,
    pub notice: NoticeKind,
    pub channel: NoticeChannel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Including this one.
    pub attempts: i64,
    /// A file sent with an e-mail: its name and bytes (the periodic report's workbook).
    pub attachment: Option<(String, Vec<u8>)>,
}

/// A notice as staff see it on a case or in the dead-letter list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRecord {
    pub id: i64,
    pub message_id: String,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub notice: NoticeKind,
    pub channel: NoticeChannel,
    pub recipient: String,
    pub subject: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The notices of one channel in one delivery state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxDepth {
    pub channel: NoticeChannel,
    pub state: DeliveryState,
    pub count: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<DateTime<Utc>>,
}

/// The wording of a notice in one language: the administrator's, or the built-in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    pub notice: NoticeKind,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
    pub customized: bool,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

/// How a delivery attempt ended, as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Try again at this wall-clock time.
    Retry {
        error: String,
        at: DateTime<Utc>,
    },
    /// Given up: a permanent refusal or too many attempts.
    Dead {
        error: String,
    },
}

/// The transactional outbox and the notices' wording.
#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Takes up to `limit` due messages on `channels` for `lease` (wall clock), counting an
    /// attempt; another worker sees them again only once the lease has run out.
    async fn claim_outbox(
        &self,
        channels: &[NoticeChannel],
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>>;
    /// Records the end of an attempt by `worker` (ignored if its lease was lost).
    async fn finish_delivery(&self, id: i64, worker: &str, outcome: &Delivery, now: DateTime<Utc>) -> StoreResult<()>;
    async fn case_notices(&self, case_id: i64) -> StoreResult<Vec<NoticeRecord>>;
    /// Notices in one state, newest first.
    async fn notices_in_state(&self, state: DeliveryState, limit: i64) -> StoreResult<Vec<NoticeRecord>>;
    /// How many notices wait, went, failed or were held back, by channel (only what exists),
    /// with the oldest of each.
    async fn outbox_depth(&self) -> StoreResult<Vec<OutboxDepth>>;
    /// Text messages sent since `since` (wall clock), and those waiting to go now.
    async fn sms_counts(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> StoreResult<(i64, i64)>;
    /// The wording of `notice` in `lang`: the administrator's, or else the notice's own.
    async fn notice_wording(&self, notice: NoticeKind, lang: Lang) -> StoreResult<(String, String)>;
    /// Queues rendered staff alerts about no case, each with `attachment` if any (the periodic
    /// report's workbook); one already queued under its dedupe key is not queued again.
    /// Returns how many were new.
    async fn queue_alerts(
        &self,
        messages: &[crate::notify::compose::Message],
        attachment: Option<(&str, &[u8])>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;
    /// Whether the staff notice `key` was already enqueued for `recipient`.
    async fn alert_enqueued(&self, notice: NoticeKind, key: &str, recipient: &str) -> StoreResult<bool>;
    /// Puts a dead notice back in the queue; `false` if there was none such.
    async fn retry_notice(&self, id: i64) -> StoreResult<bool>;
    /// Every notice in every language, as it will be rendered.
    async fn templates(&self) -> StoreResult<Vec<TemplateRecord>>;
    async fn put_template(&self, t: &TemplateRecord, by: &User, at: DateTime<Utc>) -> StoreResult<()>;
    /// Back to the built-in wording; `true` if there was an edit.
    async fn reset_template(&self, notice: NoticeKind, lang: Lang) -> StoreResult<bool>;
    /// The case's latest extension proposal.
    async fn extension_proposal(&self, id: i64) -> StoreResult<Option<ProposalRecord>>;
    /// A case's extensions, oldest first.
    async fn case_extensions(&self, id: i64) -> StoreResult<Vec<ExtensionRecord>>;
}

/// A dimension reports are broken down by; `All` holds the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportDim {
    All,
    Kind,
    Channel,
    Category,
    Facility,
    Department,
    Handler,
}

impl ReportDim {
    pub const ALL: [ReportDim; 7] = [
        ReportDim::All,
        ReportDim::Kind,
        ReportDim::Channel,
        ReportDim::Category,
        ReportDim::Facility,
        ReportDim::Department,
        ReportDim::Handler,
    ];

    /// The name the `report_counts` table stores.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportDim::All => "all",
            ReportDim::Kind => "kind",
            ReportDim::Channel => "channel",
            ReportDim::Category => "category",
            ReportDim::Facility => "facility",
            ReportDim::Department => "department",
            ReportDim::Handler => "handler",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Case counts of one value of one report dimension, from the cases received in one month
/// of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportGroup {
    pub dim: ReportDim,
    /// The dimension's value (a code or an id); empty when the case has none.
    pub key: String,
    /// `YYYY-MM` of receipt, Seoul.
    pub month: String,
    pub received: i64,
    /// Closed (answered or closed as not a complaint).
    pub processed: i64,
    pub open: i64,
    /// Open, not paused, past the deadline now.
    pub overdue: i64,
    /// Closed by the deadline.
    pub on_time: i64,
    /// Closed with a consented notice channel: invited to the survey.
    pub invited: i64,
    /// Sum and count of business seconds from receipt to closure of closed cases.
    pub handling_sum: i64,
    pub handling_n: i64,
    /// Of the processed, those the Act leaves out of compliance (sent to another agency,
    /// returned for want of a supplement, closed as abuse), and how many of them by the due.
    pub excluded: i64,
    pub excluded_on_time: i64,
}

/// A material request with what its two departments need to see of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialRecord {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    /// The case's facility; the asked department sees no more of the case than this, its
    /// kind and receipt number.
    pub facility_name: Option<String>,
    pub case_department_id: Option<i64>,
    pub from_department: Option<String>,
    /// The asked department.
    pub department_id: i64,
    pub department_name: String,
    pub question: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Configuration administrators change: departments and routing rules.
#[async_trait]
pub trait AdminStore: Send + Sync + 'static {
    /// `AlreadyExists` when the code is taken.
    async fn create_department(&self, code: &str, name: &str) -> StoreResult<Department>;
    async fn update_department(&self, id: i64, name: Option<&str>, active: Option<bool>) -> StoreResult<Department>;
    /// Active rules in the order they are tried.
    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>>;
    /// `UnknownDepartment`, `UnknownFacility` or `UnknownCategory` when a reference is wrong.
    async fn create_routing_rule(
        &self,
        priority: i64,
        kind: Option<VocKind>,
        facility: Option<&str>,
        category: Option<&str>,
        department_id: i64,
    ) -> StoreResult<RoutingRule>;
    /// Retires a rule (kept for the record, no longer tried).
    async fn retire_routing_rule(&self, id: i64) -> StoreResult<()>;
    /// Replaces the seeded departments, facilities and routing rules with `profile`'s and sets
    /// its deadlines, in one transaction, once; only while no case and no staff member in a
    /// department exist.
    async fn apply_profile_once(
        &self,
        profile: &crate::profile::ProfileData,
        at: DateTime<Utc>,
    ) -> StoreResult<ProfileOutcome>;
    /// Every entry of a list, retired ones too, in display order.
    async fn catalogue(&self, list: Catalogue) -> StoreResult<Vec<CatalogueEntry>>;
    /// Adds an entry at the end of the list; `AlreadyExists` for a taken code,
    /// `UnknownCategory` for a parent that is not a top-level category.
    async fn create_entry(&self, list: Catalogue, entry: &app::domain::ValidEntry) -> StoreResult<()>;
    /// Renames, retires or restores an entry, and offers a category to complainants or stops
    /// (`public`; ignored for a facility); `NotFound` for an unknown code.
    async fn update_entry(
        &self,
        list: Catalogue,
        code: &str,
        name_ko: Option<&str>,
        name_en: Option<&str>,
        active: Option<bool>,
        public: Option<bool>,
    ) -> StoreResult<()>;
}

/// The configuration lists that administrators keep by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalogue {
    Facilities,
    Categories,
}

impl Catalogue {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "facilities" => Some(Self::Facilities),
            "categories" => Some(Self::Categories),
            _ => None,
        }
    }
    pub fn table(self) -> &'static str {
        match self {
            Self::Facilities => "facilities",
            Self::Categories => "categories",
        }
    }
}

/// One facility or category, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    pub parent: Option<String>,
    pub active: bool,
    /// A category complainants choose themselves (always `false` for a facility).
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileOutcome {
    Applied,
    AlreadyApplied,
    /// The database is in use (what was found, in words): nothing was changed.
    InUse(String),
}

/// Material requests between departments.
#[async_trait]
pub trait MaterialStore: Send + Sync + 'static {
    async fn material(&self, id: i64) -> StoreResult<Option<MaterialRecord>>;
    /// Requests to `department` (to every department when `None`): every unanswered one,
    /// and those answered since `since`.
    async fn department_materials(
        &self,
        department: Option<i64>,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<MaterialRecord>>;
}

/// A second extension proposed to the complainant, and their answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRecord {
    pub id: i64,
    pub reason: String,
    pub due_date: chrono::NaiveDate,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    /// `agreed` or `declined`.
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Another case linked to a case, read from either end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub other_id: i64,
    pub receipt_no: String,
    pub relation: app::domain::LinkRelation,
    pub by: String,
    pub at: DateTime<Utc>,
    pub status: CaseStatus,
    /// It has an approved answer.
    pub answered: bool,
}

/// Abusive conduct recorded on a complainant (특이민원).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRecord {
    /// The case where it happened.
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: app::domain::ConductKind,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Links between cases, merging duplicates, and closing repeated complaints.
#[async_trait]
pub trait LinkStore: Send + Sync + 'static {
    /// The cases linked to a case, made on it or on them, oldest link first.
    async fn case_links(&self, case_id: i64) -> StoreResult<Vec<LinkRecord>>;
    /// Incidents recorded in `[start, end)`.
    async fn incident_count(&self, start: DateTime<Utc>, end: DateTime<Utc>, scope: ReportScope) -> StoreResult<i64>;
}

/// A co-complainant of a multi-person complaint (다수인관련민원), as stored (phone as digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRecord {
    pub id: i64,
    /// `None` once the retention purge has cleared it.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub consent_sms: bool,
    pub consent_email: bool,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// Multi-person complaints: co-complainants beside the representative who filed.
#[async_trait]
pub trait PartyStore: Send + Sync + 'static {
    /// The case's co-complainants, in the order they were added.
    async fn complainants_of(&self, id: i64) -> StoreResult<Vec<PartyRecord>>;
    /// Cases received in `[start, end)` with co-complainants, and how many co-complainants
    /// they carry together.
    async fn multi_person_counts(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<(i64, i64)>;
}

/// A supplement asked of the complainant (보완 요구) and their answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementRecord {
    pub id: i64,
    pub request: String,
    /// The last day to answer (Seoul).
    pub due_date: chrono::NaiveDate,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Supplement requests to the complainant: each step one transaction with the case's pause,
/// history and notices.
#[async_trait]
pub trait SupplementStore: Send + Sync + 'static {
    /// A case's requests, oldest first.
    async fn case_supplements(&self, case_id: i64) -> StoreResult<Vec<SupplementRecord>>;
}

/// The staff member a case concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub case_id: i64,
    pub staff_name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub cause: Option<StaffCause>,
    pub cs_training: bool,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// A staff member named on a case, as the reports read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMention {
    pub staff_name: String,
    pub department_id: Option<i64>,
    pub kind: VocKind,
    pub cause: Option<StaffCause>,
    pub receipt_no: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompensationRecord {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub department_name: Option<String>,
    pub reason: CompensationReason,
    pub item: String,
    pub amount: i64,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImprovementRecord {
    pub id: i64,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub body: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    /// The first moment past the due day (Seoul midnight after it).
    pub due_at: DateTime<Utc>,
    pub outcome: Option<ImprovementOutcome>,
    pub report: Option<String>,
    pub reported_by: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
    /// The due before its one extension, and why it was extended.
    pub original_due_at: Option<DateTime<Utc>>,
    pub extension_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqRecord {
    pub id: i64,
    pub case_id: i64,
    pub kind: VocKind,
    pub question: String,
    pub answer: String,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
}

/// One recorded stage of the grievance process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrievanceRecord {
    pub stage: GrievanceStage,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The deliberation's opinion.
    pub opinion: Option<app::domain::GrievanceOpinion>,
    /// The improvement request the improvement stage opened.
    pub improvement_id: Option<i64>,
    /// Where the improvement request or the audit referral went.
    pub department_name: Option<String>,
}

/// Follow-up: staff concerned, compensation, improvement requests and the public FAQ. Each
/// change to a case is written to its history in the same transaction.
#[async_trait]
pub trait FollowUpStore: Send + Sync + 'static {
    /// The case with this receipt number.
    async fn case_id_by_receipt(&self, receipt_no: &str) -> StoreResult<Option<i64>>;
    /// Staff named on the cases received in `[start, end)`.
    async fn staff_mentions(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> StoreResult<Vec<StaffMention>>;

    /// Compensation recorded in `[start, end)`.
    async fn compensations_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> StoreResult<Vec<CompensationRecord>>;

    /// A write transaction on improvement requests, for the steps in
    /// `crate::workflow::improvements`: nothing is written until its commit.
    async fn change_improvements(&self) -> StoreResult<ImprovementTx>;
    async fn improvement(&self, id: i64) -> StoreResult<Option<ImprovementRecord>>;
    /// Requests to `department` (all when `None`): unreported first, soonest due first.
    async fn improvements(&self, department: Option<i64>) -> StoreResult<Vec<ImprovementRecord>>;

    /// Published entries, newest first.
    async fn faq(&self) -> StoreResult<Vec<FaqRecord>>;
    /// FAQ entry `id` while it is published.
    async fn published_faq(&self, id: i64) -> StoreResult<Option<FaqRecord>>;
    async fn case_faq(&self, case_id: i64) -> StoreResult<Option<FaqRecord>>;

    /// The recorded stages, in the order they were recorded.
    async fn grievance_steps(&self, case_id: i64) -> StoreResult<Vec<GrievanceRecord>>;
}

/// Survey answers of a group of cases: how many responses, and per item the sum of scores
/// and how many scored it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveySums {
    pub responses: i64,
    pub items: std::collections::BTreeMap<String, (i64, i64)>,
}

impl SurveySums {
    /// Adds a counter row: item `''` counts responses.
    pub fn add(&mut self, item: &str, total: i64, n: i64) {
        if item.is_empty() {
            self.responses += n;
        } else {
            let e = self.items.entry(item.to_owned()).or_default();
            e.0 += total;
            e.1 += n;
        }
    }
}

/// Survey answers of a period: the totals, and the same per value of each report dimension
/// (`All` keyed by month, `YYYY-MM`; an empty key for a case without the value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyTotals {
    pub all: SurveySums,
    pub groups: std::collections::BTreeMap<(ReportDim, String), SurveySums>,
}

/// The extension figures of a report period (see [`ReportStore::extension_totals`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExtensionTotals {
    pub extended: i64,
    pub on_time: i64,
    pub on_time_original: i64,
    pub open_past_original: i64,
}

/// The cases of a report period closed without being handled here: transferred (이송),
/// returned for want of a supplement (반려), or closed as abusive (특이민원) (see [`ReportStore::transfer_totals`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransferTotals {
    pub transferred: i64,
    pub returned: i64,
    /// Closed because the filing consists of abuse (특이민원).
    pub abusive: i64,
}

/// A dissatisfied survey response's follow-up (불만족 민원 추가 답변), with what the VOC
/// manager needs to see of its case and the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyFollowUpRecord {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub department_name: Option<String>,
    pub overall: i64,
    pub result: i64,
    pub comment: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub contact: Option<app::domain::FollowUpContact>,
    pub note: Option<String>,
    pub reopened: bool,
}

/// A survey response's comment with what its reader needs of the case, and the case's
/// contacts so that they can be masked in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyCommentRecord {
    pub case_id: i64,
    pub receipt_no: String,
    pub kind: VocKind,
    pub department_name: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub scores: Vec<(String, u8)>,
    pub comment: String,
    pub known: Vec<String>,
}

/// The follow-ups opened in a report period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUpTotals {
    pub opened: i64,
    pub done: i64,
    /// Done by their due.
    pub done_on_time: i64,
    /// Not done and past their due now.
    pub overdue: i64,
}

/// Survey follow-ups: the dissatisfied responses the VOC manager answers again.
#[async_trait]
pub trait SurveyStore: Send + Sync + 'static {
    /// The survey's items as the organisation asks them, in order (a profile setting).
    async fn survey_items(&self) -> StoreResult<Vec<app::domain::SurveyItem>>;
    /// Open ones soonest due first, then (unless `open_only`) the latest 500 done ones.
    async fn survey_follow_ups(&self, open_only: bool) -> StoreResult<Vec<SurveyFollowUpRecord>>;
    async fn survey_follow_up(&self, id: i64) -> StoreResult<Option<SurveyFollowUpRecord>>;
    /// The comments of the responses given in `[start, end)` to the scope's cases, newest
    /// first, at most `limit`.
    async fn survey_comments(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
        limit: i64,
    ) -> StoreResult<Vec<SurveyCommentRecord>>;
    /// The follow-ups opened in `[start, end)`, as of `now`, of the scope's cases.
    async fn follow_up_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<FollowUpTotals>;
}

/// What the KPIs read of a period beyond the report counters, per month of receipt
/// (`YYYY-MM`, Seoul) and department (its id; 0 for none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KpiFacts {
    /// Survey item → (sum of scores, answers); item `""` counts the responses.
    pub survey: BTreeMap<(String, i64), BTreeMap<String, (i64, i64)>>,
    /// Answered cases (the decision of their approved answer), and of them those accepted in
    /// whole or in part.
    pub answers: BTreeMap<(String, i64), (i64, i64)>,
    pub cases: BTreeMap<(String, i64), KpiCaseCounts>,
    /// Survey follow-ups opened per month, and those done by their due.
    pub follow_ups: BTreeMap<String, (i64, i64)>,
}

/// Counts of a month's and department's cases for the KPIs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KpiCaseCounts {
    /// Praise received (the kind).
    pub praise: i64,
    /// Cases still open when their interim notice fell due (as of now), and of them those
    /// whose interim notice went out by then.
    pub interim_due: i64,
    pub interim_on_time: i64,
    /// Filings linked as repeating an earlier complaint (반복 민원).
    pub repeats: i64,
}

impl KpiCaseCounts {
    /// Another month's or department's counts added to these.
    pub fn add(&mut self, o: &KpiCaseCounts) {
        self.praise += o.praise;
        self.interim_due += o.interim_due;
        self.interim_on_time += o.interim_on_time;
        self.repeats += o.repeats;
    }
}

/// KPI targets and the facts their actual figures come from.
#[async_trait]
pub trait KpiStore: Send + Sync + 'static {
    async fn kpi_targets(&self, year: i32) -> StoreResult<app::domain::KpiTargets>;
    /// Replaces the year's targets in one transaction.
    async fn set_kpi_targets(
        &self,
        year: i32,
        targets: &app::domain::KpiTargets,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The facts of the cases received on the Seoul days `from..=to`, as of `now`.
    async fn kpi_facts(&self, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> StoreResult<KpiFacts>;
}

/// A training course as stored, with the roles that must complete it every year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRecord {
    pub id: i64,
    pub course: app::domain::ValidCourse,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

/// A session of a course, held on a day, and who attended (user ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: i64,
    pub course_id: i64,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    pub attendees: Vec<i64>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A CS-training referral from a case, with what the requirements and pages show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRecord {
    pub referral: app::domain::Referral,
    pub receipt_no: String,
    pub staff_name: String,
}

/// A member of staff as the training records name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeRecord {
    pub trainee: app::domain::Trainee,
    pub name: String,
    pub username: String,
    pub department_name: Option<String>,
}

/// Everything the training requirements are computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainingFacts {
    pub courses: Vec<CourseRecord>,
    /// Active accounts.
    pub trainees: Vec<TraineeRecord>,
    /// Every attendance, each with its session's course, kind and day.
    pub attended: Vec<app::domain::Attended>,
    pub referrals: Vec<ReferralRecord>,
    /// Every department's id and name.
    pub departments: Vec<(i64, String)>,
}

/// Training records: courses, sessions with attendance, and CS referrals (written with the
/// case's staff record by `crate::workflow::follow_up::record_staff`).
#[async_trait]
pub trait TrainingStore: Send + Sync + 'static {
    async fn training_facts(&self) -> StoreResult<TrainingFacts>;
    /// Every course, with its mandatory roles.
    async fn training_courses(&self) -> StoreResult<Vec<CourseRecord>>;
    /// The sessions held in `year`, newest first.
    async fn training_sessions(&self, year: i32) -> StoreResult<Vec<SessionRecord>>;
    /// Adds a course (`id` none) or replaces one; [`StoreError::NotFound`] for an unknown id.
    async fn save_course(
        &self,
        id: Option<i64>,
        course: &app::domain::ValidCourse,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<CourseRecord>;
    /// Records a session (`id` none) or replaces one and its attendance, in one transaction.
    /// [`StoreError::NotFound`] for an unknown session; an unknown course or attendee is a
    /// [`SessionRefusal`] and writes nothing.
    async fn save_session(
        &self,
        id: Option<i64>,
        session: &app::domain::ValidSession,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<SessionRecord, SessionRefusal>>;
}

/// A quarterly evaluation as stored. `figures` is the JSON of the quarter's figures as they
/// were when it was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRecord {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub year: i32,
    pub quarter: u8,
    pub figures: String,
    pub content: app::domain::ValidEvaluation,
    pub state: app::domain::EvaluationState,
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledgement: Option<String>,
}

/// A department's annual complaint reduction plan as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReductionPlanRecord {
    pub department_id: i64,
    pub year: i32,
    pub content: app::domain::ValidReductionPlan,
    pub state: app::domain::ReductionState,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
    pub reported_by: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
}

/// The annual complaint reduction plans, and the complaint counts they are measured by (from
/// the report counters).
#[async_trait]
pub trait ReductionStore: Send + Sync + 'static {
    async fn reduction_plans(&self, year: i32) -> StoreResult<Vec<ReductionPlanRecord>>;
    /// Writes a department's plan for the year unless it was reported (then `false`), and
    /// with `report` reports it in the same write. [`StoreError::UnknownDepartment`] for an
    /// unknown department.
    async fn save_reduction_plan(
        &self,
        department_id: i64,
        year: i32,
        content: &app::domain::ValidReductionPlan,
        report: bool,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Complaints received per department and quarter of `year` (Seoul days of receipt).
    async fn complaints_per_quarter(&self, year: i32) -> StoreResult<BTreeMap<i64, [i64; 4]>>;
    /// VOC received per department and category code in `year`, every kind.
    async fn categories_of_year(&self, year: i32) -> StoreResult<Vec<(i64, String, i64)>>;
}

/// A good-practice library entry as stored, with its case's receipt number and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeRecord {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub case_kind: app::domain::VocKind,
    pub department_id: Option<i64>,
    pub content: app::domain::ValidPractice,
    pub state: app::domain::PracticeState,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
}

/// An award as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardRecord {
    pub id: i64,
    pub content: app::domain::ValidAward,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The good-practice library and the awards.
#[async_trait]
pub trait PracticeStore: Send + Sync + 'static {
    /// Every entry, newest first.
    async fn practices(&self) -> StoreResult<Vec<PracticeRecord>>;
    async fn practice(&self, id: i64) -> StoreResult<Option<PracticeRecord>>;
    /// [`StoreError::UnknownDepartment`] for an unknown department.
    async fn record_award(&self, award: &app::domain::ValidAward, by: &User, at: DateTime<Utc>) -> StoreResult<i64>;
    /// The awards for `year`'s work, in the order recorded.
    async fn awards(&self, year: i32) -> StoreResult<Vec<AwardRecord>>;
    async fn award(&self, id: i64) -> StoreResult<Option<AwardRecord>>;
    /// `false` when there is no such award.
    async fn delete_award(&self, id: i64) -> StoreResult<bool>;
}

/// A CCM activity item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityItemRecord {
    pub id: i64,
    pub activity_id: i64,
    pub item: app::domain::ValidActivityItem,
    pub done_by: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
}

/// A CCM activity as stored, with its items in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub id: i64,
    pub content: app::domain::ValidActivity,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub items: Vec<ActivityItemRecord>,
}

/// A panel member as stored; after the retention sweep the name is masked and the contacts
/// are gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelMemberRecord {
    pub id: i64,
    pub member: app::domain::ValidPanelMember,
    /// Panel sessions attended.
    pub sessions: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub purged_at: Option<DateTime<Utc>>,
}

/// The citizen panel and customer monitors' roster.
#[async_trait]
pub trait PanelStore: Send + Sync + 'static {
    async fn add_member(
        &self,
        member: &app::domain::ValidPanelMember,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Corrects a member; `false` when their personal data was destroyed (or no such member).
    async fn update_member(
        &self,
        id: i64,
        member: &app::domain::ValidPanelMember,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Every member, the latest term first.
    async fn members(&self) -> StoreResult<Vec<PanelMemberRecord>>;
    async fn member(&self, id: i64) -> StoreResult<Option<PanelMemberRecord>>;
    /// Destroys the personal data of the members whose term ended before `ended_before`
    /// (the name is masked, the contacts go), in one transaction; how many.
    async fn purge_members(&self, ended_before: chrono::NaiveDate, at: DateTime<Utc>) -> StoreResult<u64>;
}

/// The CCM activities and their follow-ups.
#[async_trait]
pub trait ActivityStore: Send + Sync + 'static {
    /// Records an activity with its items in one transaction; [`StoreError::UnknownDepartment`]
    /// when it or an item names an unknown department.
    async fn record_activity(
        &self,
        activity: &app::domain::ValidActivity,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Corrects an activity in one transaction: its fields; its items in the order given
    /// (kept by `id`, a reported item's decision only; new ones added; stored ones left out
    /// removed); the members present. [`StoreError::UnknownDepartment`] as when recording;
    /// [`StoreError::AlreadyExists`] when an item to remove was reported done meanwhile.
    async fn update_activity(&self, id: i64, activity: &app::domain::ValidActivity) -> StoreResult<()>;
    /// Every activity with its items, the latest held first.
    async fn activities(&self) -> StoreResult<Vec<ActivityRecord>>;
    async fn activity(&self, id: i64) -> StoreResult<Option<ActivityRecord>>;
    async fn activity_item(&self, id: i64) -> StoreResult<Option<ActivityItemRecord>>;
    /// Reports an item done with what was done; `false` when it was reported already.
    async fn report_action(&self, id: i64, result: &str, by: &User, at: DateTime<Utc>) -> StoreResult<bool>;
}

/// The quarterly CCMS evaluations. Each step is one conditional write: it happens only from
/// the state it starts from, and says `false` when the evaluation was elsewhere.
#[async_trait]
pub trait EvaluationStore: Send + Sync + 'static {
    /// Opens one; [`StoreError::AlreadyExists`] when the department's quarter has one,
    /// [`StoreError::UnknownDepartment`] for an unknown department.
    async fn open_evaluation(
        &self,
        department_id: i64,
        year: i32,
        quarter: u8,
        figures: &str,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn evaluation(&self, id: i64) -> StoreResult<Option<EvaluationRecord>>;
    /// Newest quarter first; `year` and `department` narrow the list.
    async fn evaluations(&self, year: Option<i32>, department: Option<i64>) -> StoreResult<Vec<EvaluationRecord>>;
    /// Saves a draft's content, and with `submit` submits it in the same write.
    async fn save_evaluation(
        &self,
        id: i64,
        content: &app::domain::ValidEvaluation,
        submit: bool,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn acknowledge_evaluation(
        &self,
        id: i64,
        note: Option<&str>,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

/// Why a session was not recorded, beyond the input's own checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRefusal {
    UnknownCourse,
    /// An attendee who is no account.
    UnknownUser,
}

/// Whose cases a report counts: the organisation's, or one department's (its head's report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    All,
    Department(i64),
}

impl ReportScope {
    /// The condition a query over `cases` (aliased `alias`) adds for this scope; the id is a
    /// number, never text from outside. The unary `+` keeps the planner on the index the
    /// organisation's query uses (a small partial one), filtering its few rows by department,
    /// instead of reading all the department's cases through `cases_department_handling`.
    pub(crate) fn on(self, alias: &str) -> String {
        match self {
            Self::All => String::new(),
            Self::Department(d) => format!(" AND +{alias}department_id = {d}"),
        }
    }

    /// The rows of the per-dimension counters (`report_counts`, `report_survey_dims`) that
    /// hold the scope's figures: the organisation's dimensions, or a department's own
    /// `department` row and its crossed `dept_*` rows (key `<id>:<value>`).
    pub(crate) fn counter_rows(self) -> String {
        match self {
            Self::All => "substr(dim, 1, 5) <> 'dept_'".to_owned(),
            Self::Department(d) => {
                format!("((dim = 'department' AND key = '{d}') OR (substr(dim, 1, 5) = 'dept_' AND key LIKE '{d}:%'))")
            }
        }
    }

    /// [`Self::on`] for the query that should read the department's own index (the median).
    pub(crate) fn on_indexed(self, alias: &str) -> String {
        match self {
            Self::All => String::new(),
            Self::Department(d) => format!(" AND {alias}department_id = {d}"),
        }
    }
}

/// What the period reports read.
#[async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// Counts of the cases received on the Seoul days `from..=to`, per dimension value and
    /// month, as of `now`; and the median handling time (business seconds) of the closed ones.
    async fn report_groups(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<(Vec<ReportGroup>, Option<f64>)>;
    /// Of the extended cases received in `[start, end)`: how many, how many closed by their
    /// (extended) due, how many closed by their original due, and how many open ones are
    /// past their original due but not their extended one at `now`.
    async fn extension_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<ExtensionTotals>;
    /// The cases received in `[start, end)` sent to another agency (이송) or returned for want
    /// of a supplement (반려), and how many of them closed by their due.
    async fn transfer_totals(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
    ) -> StoreResult<TransferTotals>;
    /// The survey answers of the cases received on the Seoul days `from..=to`.
    async fn survey_totals(&self, from: NaiveDate, to: NaiveDate, scope: ReportScope) -> StoreResult<SurveyTotals>;
    async fn staff_names(&self) -> StoreResult<Vec<(i64, String)>>;
    async fn category_names(&self) -> StoreResult<Vec<(String, String)>>;
    /// Cases received on the Seoul days `from..=to` per value of each of `dims`, from the
    /// counters (the scope's rows).
    async fn received_by(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: ReportScope,
        dims: &[ReportDim],
    ) -> StoreResult<Vec<(ReportDim, String, i64)>>;
    /// The category and content of the newest `limit` cases received in `[start, end)` in the
    /// scope, praise left out.
    async fn complaint_texts(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        scope: ReportScope,
        limit: i64,
    ) -> StoreResult<Vec<(Option<String>, String)>>;
    /// The recurring causes' stop-words.
    async fn stop_words(&self) -> StoreResult<Vec<String>>;
    /// Replaces the stop-words, in one transaction.
    async fn set_stop_words(&self, words: &app::domain::recurring::StopWords) -> StoreResult<()>;
}

/// A file attached to a case (or uploaded and waiting for it); the bytes are read apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: String,
    pub case_id: Option<i64>,
    pub file_name: String,
    pub media_kind: app::domain::MediaKind,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

#[async_trait]
pub trait AttachmentStore: Send + Sync + 'static {
    /// Keeps an accepted upload (metadata already stripped) under the random handle `id`.
    async fn save_upload(
        &self,
        id: &str,
        file_name: &str,
        kind: app::domain::MediaKind,
        data: &[u8],
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn attachments_of(&self, case_id: i64) -> StoreResult<Vec<AttachmentRecord>>;
    /// One attachment of the case, with its bytes.
    async fn attachment(&self, case_id: i64, id: &str) -> StoreResult<Option<(AttachmentRecord, Vec<u8>)>>;
    /// Deletes uploads never filed with a case within a day; returns how many.
    async fn purge_unlinked_uploads(&self, now: DateTime<Utc>) -> StoreResult<u64>;
}

#[async_trait]
pub trait Store:
    OutboxStore
    + ReportStore
    + SurveyStore
    + KpiStore
    + TrainingStore
    + EvaluationStore
    + ReductionStore
    + PracticeStore
    + ActivityStore
    + PanelStore
    + MaterialStore
    + SupplementStore
    + LinkStore
    + PartyStore
    + AdminStore
    + FollowUpStore
    + AttachmentStore
    + TrailStore
    + RetentionStore
    + TwoFactorStore
    + KioskStore
    + QueueStore
    + Send
    + Sync
    + 'static
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Connections the pool holds now, and how many of them are idle.
    fn pool_use(&self) -> (u32, usize);
    /// The database engine's version string.
    async fn engine_version(&self) -> StoreResult<String>;

    async fn facilities(&self) -> StoreResult<Vec<Facility>>;

    /// Inserts a case with the next receipt number of its year, in the department an appeal's
    /// original or the routing rules name, with its attachments and idempotency key, in a
    /// transaction left open for the filing step (`crate::workflow::filing`) to complete.
    /// A retry of a filing that was made is `Replay`; codes not offered are `UnknownFacility`
    /// and `UnknownCategory`.
    async fn insert_case(&self, new: &NewCase) -> StoreResult<Filed>;
    async fn case_by_id(&self, id: i64) -> StoreResult<Option<CaseRecord>>;
    /// The case with receipt number `receipt`, in one read.
    async fn case_by_receipt(&self, receipt: &app::domain::ReceiptNo) -> StoreResult<Option<CaseRecord>>;
    /// The case with its supplement requests, in one statement: what a workflow step
    /// decides its permission from.
    async fn case_to_act_on(&self, id: i64) -> StoreResult<Option<(CaseRecord, Vec<SupplementRecord>)>>;
    /// The case whose receipt number *and* one of its tracking tokens both match (the
    /// receipt's, or one minted later for a notice or a lookup).
    async fn case_by_receipt_and_token(&self, receipt_no: &str, token: &str) -> StoreResult<Option<CaseRecord>>;
    /// The case a survey token was minted for (expiry is the survey's rule, not this one's).
    async fn case_by_survey_token(&self, token: &str) -> StoreResult<Option<CaseRecord>>;
    /// A new token for a link to the case, kept only as its hash; the raw token is returned
    /// once, for the link being made now.
    async fn mint_case_token(
        &self,
        case_id: i64,
        purpose: TokenPurpose,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<String>;
    /// Every open case, soonest deadline first.
    async fn open_cases(&self) -> StoreResult<Vec<CaseRecord>>;
    /// One page of the cases in `scope` that match `search`, and how many match in all.
    /// Their pauses are not loaded.
    async fn search_cases(
        &self,
        search: &app::domain::CaseSearch,
        scope: app::domain::CaseScope,
    ) -> StoreResult<(i64, Vec<CaseRecord>)>;
    /// How many cases were received in `[from, to)`, and (if at most `limit`) those cases in
    /// order of receipt.
    async fn cases_received(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<(i64, Vec<CaseRecord>)>;
    async fn history(&self, case_id: i64) -> StoreResult<Vec<HistoryRecord>>;
    /// Every list the case view shows of case `case_id`, read together in one statement;
    /// `person` says which of the complainant's other cases it lists.
    async fn case_parts(&self, case_id: i64, person: PersonMatch) -> StoreResult<CaseParts>;
    /// One write transaction on case `id`, for a workflow step to compose its change in
    /// (`crate::workflow`): nothing is written until [`CaseTx::commit`].
    async fn change_case(&self, id: i64) -> StoreResult<CaseTx>;
    /// Every answer template, by title.
    async fn answer_templates(&self) -> StoreResult<Vec<AnswerTemplateRecord>>;
    /// Adds a template (`id` `None`) or replaces one; `NotFound` for an unknown id.
    async fn save_answer_template(
        &self,
        id: Option<i64>,
        template: &app::domain::ValidAnswerTemplate,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<AnswerTemplateRecord>;
    /// Removes a template; `false` when there was none.
    async fn delete_answer_template(&self, id: i64) -> StoreResult<bool>;
    /// Ids of the open, unpaused cases marked unreachable whose deadline is before `at`.
    async fn unreachable_past_due(&self, at: DateTime<Utc>) -> StoreResult<Vec<i64>>;

    async fn departments(&self) -> StoreResult<Vec<Department>>;
    async fn users(&self) -> StoreResult<Vec<User>>;
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>>;
    /// Disables or enables an account; disabling ends its sessions.
    async fn set_user_active(&self, id: i64, active: bool) -> StoreResult<()>;
    async fn set_user_email(&self, id: i64, email: Option<&str>) -> StoreResult<()>;
    /// A new password hash (an administrator's reset); every session of the account ends.
    async fn set_password(&self, id: i64, password_hash: &str) -> StoreResult<()>;
    /// The owner's new password: the change-me mark goes, and every other session of the
    /// account ends (the one it was changed from stays).
    async fn change_own_password(&self, id: i64, password_hash: &str, keep_session: &str) -> StoreResult<()>;
    /// Ends every session of an account ("log out everywhere").
    async fn delete_sessions_of(&self, user_id: i64) -> StoreResult<()>;
    /// Adds one hit to `bucket` at `now` (Unix seconds); a window older than `window_secs`
    /// starts afresh. Returns the count and the window's start: one atomic statement, so
    /// concurrent callers on any instance each get a different count.
    async fn count_hit(&self, bucket: &str, now: i64, window_secs: i64) -> StoreResult<(i64, i64)>;
    /// The case an `Idempotency-Key` already made from the same request (same fingerprint).
    async fn replay_of(&self, key: &str, fingerprint: &str) -> StoreResult<Option<i64>>;
    /// Takes one hit back (an attempt reserved before a check that then succeeded).
    async fn uncount_hit(&self, bucket: &str, window_start: i64) -> StoreResult<()>;
    /// Forgets every window of `bucket` (an administrator unlocks an account).
    async fn clear_counter(&self, bucket: &str) -> StoreResult<()>;
    /// Deletes the buckets whose window started before `before`; returns how many.
    async fn purge_counters(&self, before: i64) -> StoreResult<u64>;
    /// Whether a session is live, without marking it used (an open event stream asks this
    /// every few seconds and must not keep an idle session alive).
    async fn session_alive(&self, token_hash: &str, now: DateTime<Utc>, limits: SessionLimits) -> StoreResult<bool>;

    async fn survey_submitted(&self, case_id: i64) -> StoreResult<bool>;

    async fn user_count(&self) -> StoreResult<i64>;
    async fn create_user(&self, user: &NewUser, at: DateTime<Utc>) -> StoreResult<User>;
    /// An active user and their password hash.
    async fn user_for_login(&self, username: &str) -> StoreResult<Option<(User, String)>>;

    /// A new session; `second_factor_pending` when a code must still follow the password.
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        at: DateTime<Utc>,
        second_factor_pending: bool,
    ) -> StoreResult<()>;
    /// A live session, marking it used now; expired sessions are removed.
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    async fn business_hours(&self) -> StoreResult<BusinessHours>;
    /// Holidays, of one year or all, by date.
    async fn holidays(&self, year: Option<i32>) -> StoreResult<Vec<Holiday>>;
    /// Adds or renames a holiday; `true` when it was new.
    async fn put_holiday(&self, holiday: &Holiday) -> StoreResult<bool>;
    /// `true` when there was such a holiday.
    async fn delete_holiday(&self, date: chrono::NaiveDate) -> StoreResult<bool>;
    /// An import in one transaction: adds `upserts` or renames their dates (an existing
    /// English name stays), and removes `removals`.
    async fn import_holidays(&self, upserts: &[Holiday], removals: &[chrono::NaiveDate]) -> StoreResult<()>;
    /// Inserts `holidays` under the seed `name` unless that seed was applied before.
    async fn seed_holidays_once(&self, name: &str, holidays: &[Holiday], at: DateTime<Utc>) -> StoreResult<bool>;
    async fn policies(&self) -> StoreResult<Vec<DeadlinePolicy>>;
    async fn put_policy(&self, policy: &DeadlinePolicy) -> StoreResult<()>;

    /// Sends `payload` to every app instance through the database (PostgreSQL NOTIFY on
    /// [`EVENTS_CHANNEL`]); `false` where the backend has no such thing (SQLite: one instance).
    async fn notify(&self, payload: &str) -> StoreResult<bool>;

    /// The business calendar as configured now.
    async fn calendar(&self) -> StoreResult<BusinessCalendar>;

    /// Forgets the calendar and policies this instance keeps in memory: another instance
    /// changed them (or may have, while the event listener was away).
    fn forget_config(&self);
}

/// A new entry of the audit log: who did what to which thing, from where, before and after.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub address: String,
    pub action: app::domain::AuditAction,
    pub target: String,
    /// JSON of the thing before and after, where it has a state.
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A view of personal data that is not masked.
#[derive(Debug, Clone)]
pub struct NewAccess {
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub address: String,
    pub case_id: Option<i64>,
    pub what: app::domain::AccessKind,
    pub purpose: String,
    /// What exactly: a file name, an export's period.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub address: String,
    pub case_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub what: String,
    pub purpose: String,
    pub detail: String,
}

/// The privacy officer's review of the access log for a period.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub at: DateTime<Utc>,
    pub reviewer: String,
    pub period_from: chrono::NaiveDate,
    pub period_to: chrono::NaiveDate,
    pub findings: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReview {
    pub id: i64,
    pub reviewed_at: DateTime<Utc>,
    pub reviewer: String,
    pub period_from: String,
    pub period_to: String,
    pub findings: String,
}

/// Which entries of a log, newest first: by person (audit: actor; access: username), by
/// action or case, in `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct TrailFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub case_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

#[async_trait]
pub trait TrailStore: Send + Sync + 'static {
    async fn append_audit(&self, entry: &NewAudit) -> StoreResult<()>;
    /// The total that match and one page of them.
    async fn audit_log(&self, filter: &TrailFilter) -> StoreResult<(i64, Vec<AuditEntry>)>;
    async fn append_access(&self, entry: &NewAccess) -> StoreResult<()>;
    async fn access_log(&self, filter: &TrailFilter) -> StoreResult<(i64, Vec<AccessEntry>)>;
    async fn add_access_review(&self, review: &NewReview) -> StoreResult<AccessReview>;
    async fn access_reviews(&self) -> StoreResult<Vec<AccessReview>>;
}

/// What the next purge would take: how many cases, closed from when to when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPreview {
    pub cases: i64,
    pub oldest_closed_at: Option<DateTime<Utc>>,
    pub newest_closed_at: Option<DateTime<Utc>>,
}

/// One run of the purge, on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeRun {
    pub id: i64,
    pub ran_at: DateTime<Utc>,
    /// `system` (the scheduled job) or the administrator's username.
    pub ran_by: String,
    pub retention_days: i64,
    pub cases: i64,
    pub oldest_closed_at: Option<DateTime<Utc>>,
    pub newest_closed_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait RetentionStore: Send + Sync + 'static {
    /// The cases closed before `before` whose personal data is still kept.
    async fn retention_preview(&self, before: DateTime<Utc>) -> StoreResult<RetentionPreview>;
    /// Opens the retention purge's transaction (`crate::workflow::retention` composes it).
    async fn start_purge(&self) -> StoreResult<PurgeTx>;
    /// The last 100 runs, newest first.
    async fn purge_runs(&self) -> StoreResult<Vec<PurgeRun>>;
    /// Idempotency keys older than `before` (a retry comes within minutes, not days).
    async fn purge_idempotency_keys(&self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Links (survey links) whose window ended before `before`: they open nothing any more.
    async fn purge_expired_tokens(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

#[async_trait]
pub trait TwoFactorStore: Send + Sync + 'static {
    async fn totp_state(&self, user_id: i64) -> StoreResult<TotpState>;
    /// Keeps `secret` as the one being set up, replacing an unconfirmed earlier one.
    async fn begin_totp(&self, user_id: i64, secret: &str) -> StoreResult<()>;
    /// Makes the secret being set up the person's own, if it is still `secret`; marks `step`
    /// used and replaces the recovery codes with `code_hashes` — in one transaction.
    /// `false` when another set-up replaced it meanwhile.
    async fn confirm_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Accepts time step `step` unless it or a later one was: each code works once.
    async fn use_totp_step(&self, user_id: i64, step: i64) -> StoreResult<bool>;
    /// Uses up an unused recovery code of the person; `false` if there is none such.
    async fn use_recovery_code(&self, user_id: i64, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Replaces every recovery code of the person.
    async fn replace_recovery_codes(&self, user_id: i64, code_hashes: &[String]) -> StoreResult<()>;
    /// How many unused recovery codes the person has.
    async fn recovery_codes_left(&self, user_id: i64) -> StoreResult<i64>;
    /// Replaces a session whose second factor was pending with a full one under a new token
    /// (a token seen before the code is never the one that works after it); `false` when the
    /// old one is gone.
    async fn complete_session(&self, pending_hash: &str, new_hash: &str, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Forgets the person's second factor and recovery codes and ends their sessions (an
    /// administrator's reset for a lost phone); `false` when there is no such user.
    async fn reset_two_factor(&self, user_id: i64) -> StoreResult<bool>;
}

/// A registered kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskKey {
    pub id: i64,
    /// The facility the kiosk stands in (its filings' facility unless the visitor picks another).
    pub facility: String,
    /// The administrator's name for the device ("레일바이크 매표소 1번").
    pub label: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What one look at the live queue asks of the database: the parsed query, whose cases the
/// user may see, who asks ("mine", "my department"), when, and for each warning span the
/// open cases carry, the latest deadline that counts as due soon at `now`
/// (computed with the business calendar: see `api::cases::queue`).
#[derive(Debug, Clone)]
pub struct QueueLook<'a> {
    pub filter: &'a app::queue::QueueFilter,
    pub scope: app::domain::CaseScope,
    pub me: app::queue::QueueMe,
    pub now: DateTime<Utc>,
    pub soon: Vec<(i64, DateTime<Utc>)>,
}

#[async_trait]
pub trait QueueStore: Send + Sync + 'static {
    /// The distinct warning spans (`due_soon_secs`) of the open cases.
    async fn queue_spans(&self) -> StoreResult<Vec<i64>>;
    /// How many open cases each view holds with the look's filters and words.
    async fn queue_counts(&self, look: &QueueLook<'_>) -> StoreResult<app::queue::QueueCounts>;
    /// The look's page of its view, in queue order, with pauses.
    async fn queue_page(&self, look: &QueueLook<'_>) -> StoreResult<Vec<CaseRecord>>;
    /// The facilities, categories and departments of the open cases in `scope`.
    async fn queue_facets(&self, scope: app::domain::CaseScope) -> StoreResult<app::queue::QueueFacets>;
}

#[async_trait]
pub trait KioskStore: Send + Sync + 'static {
    /// Records a new key (only its hash); [`StoreError::UnknownFacility`] for no such facility.
    async fn create_kiosk_key(
        &self,
        key_hash: &str,
        facility: &str,
        label: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<KioskKey>;
    /// Every key, revoked ones too, newest first.
    async fn kiosk_keys(&self) -> StoreResult<Vec<KioskKey>>;
    /// The key with this hash, revoked or not.
    async fn kiosk_by_key(&self, key_hash: &str) -> StoreResult<Option<KioskKey>>;
    /// Revokes a key; the key as it was before, `None` when there is no such key.
    async fn revoke_kiosk_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<Option<KioskKey>>;
    /// Notes that the kiosk filed something now (at most once a minute is written).
    async fn touch_kiosk(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
}
