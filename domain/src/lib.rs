//! The complaint domain, shared by the browser and the server.
//!
//! Every value that crosses a trust boundary is parsed here once into a type that cannot
//! hold an invalid value ("parse, don't validate"). The same functions give the kiosk its
//! instant field messages and the server its authoritative 422 answers.

mod actions;
mod activity;
mod answer_template;
mod appeal;
mod attachment;
mod business_time;
mod case;
mod catalogue;
mod classify;
mod closure;
mod conduct;
mod contact;
mod contact_log;
mod error;
mod evaluation;
mod extension;
mod follow_up;
mod history;
mod holidays;
mod ical;
mod kind;
mod kpi;
mod labelled;
mod letter;
mod links;
mod local_path;
mod lookup;
mod material;
mod notice;
mod panel;
mod parties;
mod policy;
mod practice;
mod procedure;
mod receipt;
pub mod recurring;
mod reduction;
mod report_period;
mod role;
mod search;
mod serious;
mod status;
mod supplement;
mod survey;
mod time;
mod trail;
mod training;

pub use actions::{CaseAction, CaseActions, CaseFacts, Refusal, case_actions, check_action, may_answer};
pub use activity::{
    ActionDoneInput, ActionState, ActivityInput, ActivityItemInput, ActivityKind, MAX_ACTIVITY_ITEMS, StoredItem,
    ValidActivity, ValidActivityItem, may_report_action,
};
pub use answer_template::{ANSWER_VARIABLES, AnswerTemplateInput, TEMPLATE_TITLE_MAX, ValidAnswerTemplate};
pub use appeal::{APPEAL_DAYS, AppealInput, AppealRefusal, appeal_content, appeal_window};
pub use attachment::{MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MediaKind, check_size, clean_file_name};
pub use business_time::{
    BadHours, Budget, BusinessCalendar, BusinessHours, Clock, IMMEDIATE_SECS, Pause, PeriodUnit, business_days,
    business_hours, format_business,
};
pub use case::{
    AnswerInput, Consent, Content, MAX_TEXT, MIN_CONTENT, NewCaseInput, PersonName, ValidAnswer, ValidNewCase,
};
pub use catalogue::{CatalogueInput, ValidEntry, parse_code};
pub use classify::{CLASSIFY_REASON_MAX, Classification, ClassifyInput, ValidClassify};
pub use closure::{NotComplaintReason, TRANSFERRED, TransferInput, closure_text, transfer_text};
pub use conduct::{ABUSIVE, ConductKind, IncidentInput};
pub use contact::{Email, MAX_ADDRESS, PhoneNumber, PostalAddress, ReplyMeans, masked_address, masked_contacts};
pub use contact_log::{CONTACT_SUMMARY_MAX, ContactLogInput, ContactMeans, ContactOutcome, ValidContactLog};
pub use error::{FieldError, FieldErrors};
pub use evaluation::{
    AcknowledgeInput, EVALUATION_FIRST_YEAR, EvaluationActions, EvaluationInput, EvaluationItem, EvaluationState,
    OpenEvaluationInput, SCORE_MAX, ValidEvaluation, evaluation_actions, previous_quarter, quarter_days,
};
pub use extension::{
    ConsentVia, ExtensionConsentInput, ExtensionFacts, ExtensionInput, ExtensionRefusal, MAX_EXTENSIONS,
    ValidExtension, extension_limit, extension_needs_consent,
};
pub use follow_up::{
    CompensationDefaults, CompensationInput, CompensationReason, DEFAULT_COMPENSATION_ITEM, DEFAULT_COMPENSATION_KRW,
    FaqInput, GrievanceInput, GrievanceOpinion, GrievanceStage, IMPROVEMENT_MONTHS, ImprovementActions,
    ImprovementExtensionInput, ImprovementInput, ImprovementOutcome, ImprovementReportInput, PURGED_TEXT,
    STAFF_FLAG_THRESHOLD, StaffCause, StaffInput, ValidCompensation, ValidGrievanceStep, ValidImprovement, ValidStaff,
    answers_improvement, improvement_actions, improvement_due, improvement_last_day, mask_personal_data, personal_data,
    referral_account,
};
pub use history::HistoryAction;
pub use holidays::{HOLIDAYS_ADDED_IN_2026, KOREAN_PUBLIC_HOLIDAYS, korean_public_holiday_dates};
pub use ical::{
    HolidayDiff, HolidayImportInput, ImportDay, ImportRename, ImportSource, MAX_ICAL_BYTES, ParsedCalendar,
    diff_holidays, parse_ical,
};
pub use kind::{Channel, VocKind};
pub use kpi::{KPI_FIRST_YEAR, Kpi, KpiState, KpiTargets, KpiTargetsInput, Measure, judge, parse_year};
pub use letter::{LETTER_SUMMARY_CHARS, LETTER_TITLE, LetterBlock, ResultLetter, wrap};
pub use links::{
    EarlierFiling, LinkInput, LinkRelation, MERGED, MergeInput, NotRepeated, REPEAT_MIN_ANSWERS, REPEAT_MIN_EARLIER,
    REPEATED, RepeatStanding, SIMILAR_TEXT, merged_text, repeat_closure, repeated_text, text_similarity,
};
pub use local_path::local_path;
pub use lookup::{Contact, LookupInput, ValidLookup};
pub use material::{MATERIAL_MAX, MaterialInput, ValidMaterial, reply_text};
pub use notice::{
    Audience, CONSENT_WORDING_VERSION, DeliveryState, Lang, NoticeChannel, NoticeKind, SMS_MAX_BYTES, check_template,
    check_variables, is_long_message, render, sms_bytes,
};
pub use panel::{
    CONTACT_PURPOSES, ContactPurposeInput, KEPT_AFTER_TERM_DAYS, MAX_TERM_DAYS, MemberState, PanelGroup,
    PanelMemberInput, ValidPanelMember, in_term, kept_until,
};
pub use parties::{CoComplainantInput, MAX_CO_COMPLAINANTS, ValidCoComplainant, party_text};
pub use policy::{DeadlinePolicy, HolidayInput, PauseInput, PauseReason, PolicyInput};
pub use practice::{
    AWARD_FIRST_YEAR, AwardInput, AwardKind, CANDIDATES_SHOWN, Candidate, PracticeActions, PracticeDecisionInput,
    PracticeInput, PracticeKind, PracticeState, Recipient, ValidAward, ValidPractice, award_candidates,
    practice_actions, practice_visible,
};
pub use procedure::{ProcedureRules, counting_phrase, handling_phrase, hours_phrase, period_phrase, procedure_kinds};
pub use receipt::ReceiptNo;
pub use reduction::{
    MAX_MEASURES, MeasureInput, PlanMeasure, QuarterOutcome, QuarterResult, REDUCTION_FIRST_YEAR, REDUCTION_TARGET_MAX,
    ReductionActions, ReductionPlanInput, ReductionState, ValidReductionPlan, plan_year, quarter_results,
    reduction_actions,
};
pub use report_period::{ReportPeriod, due_report_periods};
pub use role::{Decision, Role, StaffPage, can_see_case};
pub use search::{
    CALL_BACK_PURPOSES, CaseScope, CaseSearch, CaseSearchInput, DepartmentFilter, HISTORY_DAYS, HISTORY_SHOWN,
    SEARCH_COUNT_MAX, SEARCH_PAGE_MAX, SEARCH_PER_PAGE_MAX, SEARCH_TEXT_MAX, SearchSort, filed_recently_by_kind,
    page_number,
};
pub use serious::{SeriousInput, SeriousReason};
pub use status::CaseStatus;
pub use supplement::{
    RETURNED, SUPPLEMENT_MAX_DAYS, SupplementAnswerInput, SupplementInput, ValidSupplementAnswer, supplement_overdue,
};
pub use survey::{
    FOLLOW_UP_AT_MOST, FOLLOW_UP_BUSINESS_DAYS, FOLLOW_UP_ITEMS, FollowUpContact, SURVEY_ITEMS, SURVEY_VALID_DAYS,
    SurveyFollowUpInput, SurveyInput, SurveyItem, ValidFollowUp, ValidSurvey, survey_item,
};
pub use time::{format_remaining, seoul, seoul_midnight, seoul_minutes, to_seoul};
pub use trail::{AccessKind, AuditAction};
pub use training::{
    Attended, Completion, Course, CourseInput, DEFAULT_DUE, Due, MAX_ATTENDEES, REFERRAL_DAYS, Referral, Requirement,
    SessionInput, Trainee, TrainingKind, TrainingState, ValidCourse, ValidSession, completion, due_in, parse_month_day,
    requirements,
};
