use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// For an optional text field: absent is `None`, a string is `Some`, and `null` is refused
/// like any other wrong type (the contract does not say the field may be null).
pub(crate) fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

/// Why one field of a form was refused. Each variant has a Korean and an English text;
/// the Korean one is shown first everywhere.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("required")]
    Required,
    #[error("too short")]
    TooShort { min: usize },
    #[error("too long")]
    TooLong { max: usize },
    #[error("unknown kind")]
    UnknownKind,
    #[error("unknown channel")]
    UnknownChannel,
    #[error("channel needs staff")]
    ChannelNeedsStaff,
    #[error("unknown facility")]
    UnknownFacility,
    #[error("unknown category")]
    UnknownCategory,
    #[error("invalid phone")]
    PhoneInvalid,
    #[error("invalid e-mail")]
    EmailInvalid,
    #[error("phone needed for sms")]
    PhoneNeededForSms,
    #[error("e-mail needed")]
    EmailNeededForEmail,
    #[error("score out of range")]
    ScoreOutOfRange,
    #[error("unknown item")]
    /// Not one of the values offered (a survey item, a notice kind, a queue view, a sort order, …).
    UnknownItem,
    #[error("invalid time")]
    InvalidTime,
    #[error("time in the future")]
    TimeInFuture,
    #[error("invalid date")]
    InvalidDate,
    #[error("number too small")]
    NumberTooSmall { min: i64 },
    #[error("number too large")]
    NumberTooLarge { max: i64 },
    #[error("unknown pause reason")]
    UnknownPauseReason,
    #[error("unknown period unit")]
    UnknownPeriodUnit,
    #[error("unknown role")]
    UnknownRole,
    #[error("unknown decision")]
    UnknownDecision,
    #[error("unknown department")]
    UnknownDepartment,
    #[error("unknown user")]
    UnknownUser,
    #[error("username taken")]
    UsernameTaken,
    #[error("weak password")]
    WeakPassword,
    #[error("guessable password")]
    GuessablePassword,
    #[error("same password")]
    SamePassword,
    #[error("wrong current password")]
    WrongPassword,
    #[error("passwords differ")]
    PasswordsDiffer,
    #[error("malformed second-factor code")]
    CodeMalformed,
    #[error("wrong second-factor code")]
    WrongCode,
    #[error("no authenticator being set up")]
    NoTotpSetup,
    #[error("unknown kiosk key")]
    UnknownKioskKey,
    #[error("page out of range")]
    PageOutOfRange,
    #[error("invalid username")]
    InvalidUsername,
    #[error("unknown closure reason")]
    UnknownClosureReason,
    #[error("unknown template variable")]
    UnknownVariable { name: String },
    #[error("unclosed template variable")]
    UnclosedVariable,
    #[error("unknown notice")]
    UnknownNotice,
    #[error("unknown language")]
    UnknownLang,
    #[error("end before start")]
    EndBeforeStart,
    #[error("period too long")]
    PeriodTooLong { max_days: i64 },
    #[error("date in the past")]
    DateInPast,
    #[error("same department")]
    SameDepartment,
    #[error("unknown status")]
    UnknownStatus,
    #[error("too many cases")]
    TooManyCases { count: i64, max: i64 },
    #[error("invalid code")]
    InvalidCode,
    #[error("code taken")]
    CodeTaken,
    #[error("unknown case")]
    UnknownCase,
    #[error("unknown cause")]
    UnknownCause,
    #[error("no cause for praise")]
    NoCauseForPraise,
    #[error("unknown compensation reason")]
    UnknownCompensationReason,
    #[error("unknown outcome")]
    UnknownOutcome,
    #[error("unknown follow-up contact")]
    UnknownFollowUpContact,
    #[error("unknown indicator")]
    UnknownKpi,
    #[error("target out of range")]
    TargetOutOfRange,
    #[error("not a number")]
    NotANumber,
    #[error("year out of range")]
    YearOutOfRange { first: i32, last: i32 },
    #[error("unknown grievance stage")]
    UnknownStage,
    #[error("unknown grievance opinion")]
    UnknownOpinion,
    #[error("not at this stage")]
    NotAtThisStage,
    #[error("personal data in text")]
    PersonalData { what: &'static str },
    #[error("too many files")]
    TooManyFiles { max: usize },
    #[error("too many co-complainants")]
    TooManyComplainants { max: usize },
    #[error("file too large")]
    FileTooLarge { name: String, max_mb: usize },
    #[error("empty file")]
    FileEmpty { name: String },
    #[error("file type not accepted")]
    FileType { name: String },
    #[error("image metadata could not be removed")]
    FileUnreadable { name: String },
    #[error("upload not found")]
    UploadNotFound,
    #[error("invalid receipt number")]
    ReceiptNoInvalid,
    #[error("not an iCalendar file")]
    NotICalendar,
    #[error("calendar file too large")]
    CalendarTooLarge { max_kb: usize },
    #[error("too many holidays in one file")]
    TooManyHolidays { max: usize },
    #[error("calendar address unreachable")]
    CalendarUnreachable { reason: String },
    #[error("invalid address")]
    UrlInvalid,
    #[error("both a file and an address")]
    OneSourceOnly,
    #[error("not a business day")]
    NotBusinessDay,
    #[error("not later than the current due")]
    NotLaterThanDue { due: String },
    #[error("extension longer than the period")]
    ExtensionTooLong { last: String },
    #[error("complainant's consent needed")]
    ConsentNeeded,
    #[error("unknown way of consent")]
    UnknownConsentVia,
    #[error("unknown serious reason")]
    UnknownSeriousReason,
    #[error("unknown link relation")]
    UnknownRelation,
    #[error("the same case")]
    SameCase,
    #[error("the case to merge into is closed")]
    MergeTargetClosed,
    #[error("an appeal is made from a result")]
    AppealNotFiled,
    #[error("consent on the tracking page is the complainant's own button")]
    ConsentByButton,
    #[error("unknown kind of conduct")]
    UnknownConductKind,
    #[error("unknown kind of training")]
    UnknownTrainingKind,
    #[error("unknown course")]
    UnknownCourse,
    #[error("date in the future")]
    DateInFuture,
    #[error("not a month and day")]
    InvalidMonthDay,
    #[error("quarter not ended")]
    QuarterNotEnded,
    #[error("not a quarter")]
    QuarterOutOfRange,
    #[error("unknown evaluation item")]
    UnknownEvaluationItem,
    #[error("hours out of range")]
    HoursOutOfRange,
    #[error("quarter targets not four")]
    QuarterTargets,
    #[error("reduction target out of range")]
    ReductionTargetOutOfRange { max: u32 },
    #[error("too many measures")]
    TooManyMeasures { max: usize },
    #[error("too many stop-words")]
    TooManyStopWords { max: usize },
    #[error("not one of the listed values")]
    UnknownOption,
    #[error("due before the activity")]
    DueBeforeActivity,
    #[error("too many items")]
    TooManyItems { max: usize },
    #[error("no consent to collect personal data")]
    PrivacyConsentNeeded,
    #[error("a member outside their term")]
    NotInTerm,
    #[error("members take part in panel sessions only")]
    MembersForPanelOnly,
    #[error("a follow-up reported done stays as it was")]
    ItemReported,
    #[error("the kind of an extended case or an appeal stays")]
    KindFixed,
    #[error("nothing to change")]
    NothingChanged,
    #[error("a channel that needs the external agency's details")]
    ChannelNeedsAgency,
    #[error("text messages go to mobile numbers only")]
    SmsNeedsMobile,
    #[error("a postal address needed for an answer by post")]
    AddressNeededForPost,
    #[error("a phone number needed for an answer by phone")]
    PhoneNeededForCall,
    #[error("an answer by text or e-mail needs that channel's consent")]
    ReplyNeedsConsent,
    #[error("no result to tell yet")]
    NoResultYet,
    #[error("too many cases found to export")]
    TooManyFound { max: i64 },
    #[error("a withdrawal needs the complainant's confirmation")]
    WithdrawalUnconfirmed,
}

impl FieldError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooShort { .. } => "too_short",
            Self::TooLong { .. } => "too_long",
            Self::UnknownKind => "unknown_kind",
            Self::UnknownChannel => "unknown_channel",
            Self::ChannelNeedsStaff => "channel_needs_staff",
            Self::UnknownFacility => "unknown_facility",
            Self::UnknownCategory => "unknown_category",
            Self::PhoneInvalid => "phone_invalid",
            Self::EmailInvalid => "email_invalid",
            Self::PhoneNeededForSms => "phone_needed_for_sms",
            Self::EmailNeededForEmail => "email_needed_for_email",
            Self::ScoreOutOfRange => "score_out_of_range",
            Self::UnknownItem => "unknown_item",
            Self::InvalidTime => "invalid_time",
            Self::TimeInFuture => "time_in_future",
            Self::InvalidDate => "invalid_date",
            Self::NumberTooSmall { .. } => "number_too_small",
            Self::NumberTooLarge { .. } => "number_too_large",
            Self::UnknownPauseReason => "unknown_pause_reason",
            Self::UnknownPeriodUnit => "unknown_period_unit",
            Self::UnknownRole => "unknown_role",
            Self::UnknownDecision => "unknown_decision",
            Self::UnknownDepartment => "unknown_department",
            Self::UnknownUser => "unknown_user",
            Self::UsernameTaken => "username_taken",
            Self::WeakPassword => "weak_password",
            Self::GuessablePassword => "guessable_password",
            Self::SamePassword => "same_password",
            Self::WrongPassword => "wrong_password",
            Self::PasswordsDiffer => "passwords_differ",
            Self::CodeMalformed => "code_malformed",
            Self::WrongCode => "wrong_code",
            Self::NoTotpSetup => "no_totp_setup",
            Self::UnknownKioskKey => "unknown_kiosk_key",
            Self::PageOutOfRange => "page_out_of_range",
            Self::InvalidUsername => "invalid_username",
            Self::UnknownClosureReason => "unknown_closure_reason",
            Self::UnknownVariable { .. } => "unknown_variable",
            Self::UnclosedVariable => "unclosed_variable",
            Self::UnknownNotice => "unknown_notice",
            Self::UnknownLang => "unknown_lang",
            Self::EndBeforeStart => "end_before_start",
            Self::PeriodTooLong { .. } => "period_too_long",
            Self::DateInPast => "date_in_past",
            Self::SameDepartment => "same_department",
            Self::UnknownStatus => "unknown_status",
            Self::TooManyCases { .. } => "too_many_cases",
            Self::InvalidCode => "invalid_code",
            Self::CodeTaken => "code_taken",
            Self::UnknownCase => "unknown_case",
            Self::UnknownCause => "unknown_cause",
            Self::NoCauseForPraise => "no_cause_for_praise",
            Self::UnknownCompensationReason => "unknown_compensation_reason",
            Self::UnknownOutcome => "unknown_outcome",
            Self::UnknownFollowUpContact => "unknown_follow_up_contact",
            Self::UnknownKpi => "unknown_kpi",
            Self::TargetOutOfRange => "target_out_of_range",
            Self::NotANumber => "not_a_number",
            Self::YearOutOfRange { .. } => "year_out_of_range",
            Self::UnknownStage => "unknown_stage",
            Self::UnknownOpinion => "unknown_opinion",
            Self::NotAtThisStage => "not_at_this_stage",
            Self::PersonalData { .. } => "personal_data",
            Self::TooManyFiles { .. } => "too_many_files",
            Self::TooManyComplainants { .. } => "too_many_complainants",
            Self::FileTooLarge { .. } => "file_too_large",
            Self::FileEmpty { .. } => "file_empty",
            Self::FileType { .. } => "file_type",
            Self::FileUnreadable { .. } => "file_unreadable",
            Self::UploadNotFound => "upload_not_found",
            Self::ReceiptNoInvalid => "receipt_no_invalid",
            Self::NotICalendar => "not_icalendar",
            Self::CalendarTooLarge { .. } => "calendar_too_large",
            Self::TooManyHolidays { .. } => "too_many_holidays",
            Self::CalendarUnreachable { .. } => "calendar_unreachable",
            Self::UrlInvalid => "url_invalid",
            Self::OneSourceOnly => "one_source_only",
            Self::NotBusinessDay => "not_business_day",
            Self::NotLaterThanDue { .. } => "not_later_than_due",
            Self::ExtensionTooLong { .. } => "extension_too_long",
            Self::ConsentNeeded => "consent_needed",
            Self::UnknownConsentVia => "unknown_consent_via",
            Self::UnknownSeriousReason => "unknown_serious_reason",
            Self::UnknownRelation => "unknown_relation",
            Self::SameCase => "same_case",
            Self::MergeTargetClosed => "merge_target_closed",
            Self::AppealNotFiled => "appeal_not_filed",
            Self::ConsentByButton => "consent_by_button",
            Self::UnknownConductKind => "unknown_conduct_kind",
            Self::UnknownTrainingKind => "unknown_training_kind",
            Self::UnknownCourse => "unknown_course",
            Self::DateInFuture => "date_in_future",
            Self::InvalidMonthDay => "invalid_month_day",
            Self::QuarterNotEnded => "quarter_not_ended",
            Self::QuarterOutOfRange => "quarter_out_of_range",
            Self::UnknownEvaluationItem => "unknown_evaluation_item",
            Self::HoursOutOfRange => "hours_out_of_range",
            Self::QuarterTargets => "quarter_targets",
            Self::ReductionTargetOutOfRange { .. } => "reduction_target_out_of_range",
            Self::TooManyMeasures { .. } => "too_many_measures",
            Self::TooManyStopWords { .. } => "too_many_stop_words",
            Self::UnknownOption => "unknown_option",
            Self::DueBeforeActivity => "due_before_activity",
            Self::TooManyItems { .. } => "too_many_items",
            Self::PrivacyConsentNeeded => "privacy_consent_needed",
            Self::NotInTerm => "not_in_term",
            Self::MembersForPanelOnly => "members_for_panel_only",
            Self::ItemReported => "item_reported",
            Self::KindFixed => "kind_fixed",
            Self::NothingChanged => "nothing_changed",
            Self::ChannelNeedsAgency => "channel_needs_agency",
            Self::SmsNeedsMobile => "sms_needs_mobile",
            Self::AddressNeededForPost => "address_needed_for_post",
            Self::PhoneNeededForCall => "phone_needed_for_call",
            Self::ReplyNeedsConsent => "reply_needs_consent",
            Self::NoResultYet => "no_result_yet",
            Self::TooManyFound { .. } => "too_many_found",
            Self::WithdrawalUnconfirmed => "withdrawal_unconfirmed",
        }
    }

    pub fn ko(&self) -> String {
        match self {
            Self::Required => "필수 입력 항목입니다.".into(),
            Self::TooShort { min } => format!("{min}자 이상 입력해 주세요."),
            Self::TooLong { max } => format!("{max}자 이하로 입력해 주세요."),
            Self::UnknownKind => "민원 유형을 선택해 주세요.".into(),
            Self::UnknownChannel => "알 수 없는 접수 경로입니다.".into(),
            Self::ChannelNeedsStaff => "이 접수 경로는 직원만 등록할 수 있습니다.".into(),
            Self::UnknownFacility => "알 수 없는 시설입니다. 목록에서 선택해 주세요.".into(),
            Self::UnknownCategory => "알 수 없는 분류입니다.".into(),
            Self::PhoneInvalid => {
                "전화번호 형식이 올바르지 않습니다. 예: 휴대전화 010-1234-5678, 일반전화 02-123-4567, 해외 +1 202 555 0123".into()
            }
            Self::EmailInvalid => "이메일 주소 형식이 올바르지 않습니다. 예: name@example.com".into(),
            Self::PhoneNeededForSms => "문자 알림을 받으려면 휴대전화 번호를 입력해 주세요.".into(),
            Self::EmailNeededForEmail => "이메일 알림을 받으려면 이메일 주소를 입력해 주세요.".into(),
            Self::ScoreOutOfRange => "1점부터 5점 중에서 골라 주세요.".into(),
            Self::UnknownItem => "고를 수 있는 항목이 아닙니다.".into(),
            Self::InvalidTime => "시각 형식이 올바르지 않습니다. 예: 2026-11-27T17:30:00+09:00".into(),
            Self::TimeInFuture => "접수 시각은 현재보다 늦을 수 없습니다.".into(),
            Self::InvalidDate => "날짜 형식이 올바르지 않습니다. 예: 2026-12-31".into(),
            Self::NumberTooSmall { min } => format!("{min} 이상이어야 합니다."),
            Self::NumberTooLarge { max } => format!("{max} 이하여야 합니다."),
            Self::UnknownPauseReason => "처리 중지 사유를 목록에서 골라 주세요.".into(),
            Self::UnknownPeriodUnit => "기간 계산 단위를 목록에서 골라 주세요.".into(),
            Self::UnknownRole => "역할을 목록에서 골라 주세요.".into(),
            Self::UnknownDecision => "수용여부(수용·일부수용·불수용)를 골라 주세요.".into(),
            Self::UnknownDepartment => "알 수 없는 부서입니다.".into(),
            Self::UnknownUser => "알 수 없는 사용자이거나 이 부서의 직원이 아닙니다.".into(),
            Self::UsernameTaken => "이미 쓰이는 아이디입니다.".into(),
            Self::WeakPassword => "비밀번호는 10자 이상이어야 합니다.".into(),
            Self::GuessablePassword => {
                "흔히 쓰이거나 이름·아이디로 추측하기 쉬운 비밀번호입니다. 서로 관계없는 단어 서너 개를 이어 붙여 보세요."
                    .into()
            }
            Self::SamePassword => "지금 쓰는 비밀번호와 다른 비밀번호를 골라 주세요.".into(),
            Self::WrongPassword => "지금 비밀번호가 맞지 않습니다.".into(),
            Self::PasswordsDiffer => "새 비밀번호와 확인이 다릅니다. 같은 비밀번호를 두 번 입력해 주세요.".into(),
            Self::CodeMalformed => {
                "인증 앱의 숫자 6자리나 복구 코드(xxxxx-xxxxx)를 입력해 주세요.".into()
            }
            Self::WrongCode => {
                "인증 코드가 맞지 않거나 이미 쓰였습니다. 앱에 새로 뜬 숫자를 입력해 주세요. 휴대전화의 시각이 맞는지도 확인해 주세요."
                    .into()
            }
            Self::NoTotpSetup => "먼저 '설정 시작'을 눌러 QR 코드를 받아 주세요.".into(),
            Self::UnknownKioskKey => {
                "맞지 않거나 취소된 키오스크 키입니다. 관리자 화면에서 발급받은 키를 그대로 입력해 주세요.".into()
            }
            Self::PageOutOfRange => "쪽 번호는 1 이상, 한 쪽의 줄 수는 1~200입니다.".into(),
            Self::InvalidUsername => "아이디는 영문 소문자·숫자·._- 로 3~32자입니다.".into(),
            Self::UnknownClosureReason => "민원 아님 사유를 목록에서 골라 주세요.".into(),
            Self::UnknownVariable { name } => format!("이 알림에서 쓸 수 없는 변수입니다: {{{name}}}"),
            Self::UnclosedVariable => "변수 이름을 닫는 '}'가 없습니다.".into(),
            Self::UnknownNotice => "알 수 없는 알림 종류입니다.".into(),
            Self::UnknownLang => "언어는 ko 또는 en 입니다.".into(),
            Self::EndBeforeStart => "끝 날짜가 시작 날짜보다 앞섭니다.".into(),
            Self::PeriodTooLong { max_days } => format!("기간은 {max_days}일 이내로 정해 주세요."),
            Self::DateInPast => "오늘이나 그 뒤의 날짜를 골라 주세요.".into(),
            Self::SameDepartment => "민원을 맡은 부서가 아닌 다른 부서를 골라 주세요.".into(),
            Self::UnknownStatus => "알 수 없는 처리 상태입니다.".into(),
            Self::TooManyCases { count, max } => {
                format!("이 기간의 민원이 {count}건입니다. 한 번에 {max}건까지 내려받을 수 있으니 기간을 줄여 주세요.")
            }
            Self::InvalidCode => "코드는 영문 소문자·숫자·_ 로 2~32자입니다.".into(),
            Self::CodeTaken => "이미 쓰이는 코드입니다.".into(),
            Self::UnknownCase => "찾을 수 없는 접수번호입니다. 예: VOC-2026-000123".into(),
            Self::UnknownCause => "원인을 목록에서 골라 주세요.".into(),
            Self::NoCauseForPraise => "칭찬 민원에는 원인을 적지 않습니다.".into(),
            Self::UnknownCompensationReason => "보상 사유를 목록에서 골라 주세요.".into(),
            Self::UnknownOutcome => "조치 결과(개선 완료·불수용)를 골라 주세요.".into(),
            Self::UnknownFollowUpContact => "연락 방법(전화·방문·서면·연락되지 않음)을 골라 주세요.".into(),
            Self::UnknownKpi => "목록에 없는 성과지표입니다.".into(),
            Self::TargetOutOfRange => {
                "목표값이 범위를 벗어났습니다: 비율은 0–1, 처리일수는 0–365, 만족도는 1–5, 건수는 0 이상의 정수입니다."
                    .into()
            }
            Self::NotANumber => "숫자로 입력해 주세요.".into(),
            Self::YearOutOfRange { first, last } => format!("연도는 {first}년부터 {last}년 사이로 정해 주세요."),
            Self::UnknownStage => "고충 처리 단계(조사·심의·제도개선·감사 의뢰)를 골라 주세요.".into(),
            Self::UnknownOpinion => "심의 의견(시정 권고·제도개선 의견 표명·기각)을 골라 주세요.".into(),
            Self::NotAtThisStage => "이 단계에서는 적지 않습니다.".into(),
            Self::PersonalData { what } => {
                let ko = match *what {
                    "phone" => "전화번호",
                    "email" => "이메일 주소",
                    "rrn" => "주민등록번호",
                    "name" => "민원인 성명",
                    _ => "개인정보",
                };
                format!("공개할 글에 {ko}로 보이는 내용이 있습니다. 지우거나 바꿔 주세요.")
            }
            Self::TooManyFiles { max } => format!("파일은 {max}개까지 첨부할 수 있습니다."),
            Self::TooManyComplainants { max } => {
                format!("공동 민원인은 {max}명까지 등록할 수 있습니다. 더 많으면 연명부를 첨부해 주세요.")
            }
            Self::FileTooLarge { name, max_mb } => {
                format!("'{name}' 파일이 너무 큽니다. 파일 하나는 {max_mb}MB까지 첨부할 수 있습니다.")
            }
            Self::FileEmpty { name } => format!("'{name}' 파일이 비어 있습니다."),
            Self::FileType { name } => {
                format!(
                    "'{name}'은(는) 받을 수 없는 형식입니다. 사진(JPEG, PNG, HEIC)이나 PDF 문서만 첨부할 수 있습니다."
                )
            }
            Self::FileUnreadable { name } => {
                format!(
                    "'{name}' 사진이 손상되어 위치 정보를 지울 수 없으므로 받지 않았습니다. 다른 사진을 올려 주세요."
                )
            }
            Self::UploadNotFound => "첨부파일을 찾을 수 없습니다. 파일을 다시 올려 주세요.".into(),
            Self::ReceiptNoInvalid => "접수번호는 VOC-2026-000123 같은 형식입니다. 접수증을 확인해 주세요.".into(),
            Self::NotICalendar => {
                "iCalendar(.ics) 형식이 아니거나 일정이 하나도 없습니다. 공휴일 달력의 .ics 파일이나 주소인지 확인해 주세요."
                    .into()
            }
            Self::CalendarTooLarge { max_kb } => format!("달력 파일은 {max_kb} KB까지 가져올 수 있습니다."),
            Self::TooManyHolidays { max } => format!("한 번에 가져올 수 있는 공휴일은 {max}일까지입니다."),
            Self::CalendarUnreachable { reason } => format!("달력 주소에서 파일을 받지 못했습니다 ({reason})."),
            Self::UrlInvalid => "http:// 또는 https:// 로 시작하는 주소를 적어 주세요.".into(),
            Self::OneSourceOnly => "파일과 주소 중 하나만 주세요.".into(),
            Self::NotBusinessDay => "토요일·일요일·공휴일이 아닌 근무일을 골라 주세요.".into(),
            Self::NotLaterThanDue { due } => format!("지금 처리기한({due})보다 뒤의 날을 골라 주세요."),
            Self::ExtensionTooLong { last } => {
                format!("연장은 원래 처리기간만큼까지입니다. {last}까지의 근무일을 골라 주세요.")
            }
            Self::ConsentNeeded => {
                "두 번째 연장에는 민원인의 동의가 필요합니다. 동의 방법과 시각을 기록해 주세요.".into()
            }
            Self::UnknownConsentVia => "동의 방법을 목록에서 골라 주세요.".into(),
            Self::UnknownSeriousReason => "중대 민원의 사유를 목록에서 골라 주세요.".into(),
            Self::UnknownRelation => "관계를 목록(관련, 중복, 반복)에서 골라 주세요.".into(),
            Self::SameCase => "이 민원 자신은 고를 수 없습니다. 다른 민원의 접수번호를 적어 주세요.".into(),
            Self::MergeTargetClosed => {
                "이미 종결된 민원에는 병합할 수 없습니다. 관계를 '반복'으로 연결하고 답변해 주세요.".into()
            }
            Self::AppealNotFiled => {
                "이의신청은 처리 결과를 받은 민원의 진행 조회 화면에서 할 수 있습니다. 다른 유형을 골라 주세요.".into()
            }
            Self::ConsentByButton => {
                "진행 조회 화면의 동의는 민원인이 직접 버튼으로 합니다. '동의 요청 보내기'를 써 주세요.".into()
            }
            Self::UnknownConductKind => "행위 유형을 목록에서 골라 주세요.".into(),
            Self::UnknownTrainingKind => "교육 분야를 목록에서 골라 주세요.".into(),
            Self::UnknownCourse => "목록에 없는 교육과정입니다.".into(),
            Self::DateInFuture => "아직 오지 않은 날짜는 기록할 수 없습니다.".into(),
            Self::InvalidMonthDay => "월-일 형식으로 적어 주세요. 예: 12-31 (2월 29일은 쓸 수 없습니다)".into(),
            Self::QuarterNotEnded => "끝나지 않은 분기는 평가할 수 없습니다. 지난 분기를 고르세요.".into(),
            Self::QuarterOutOfRange => "분기는 1부터 4 중에서 고릅니다.".into(),
            Self::UnknownEvaluationItem => "평가 항목 목록에 없는 항목입니다.".into(),
            Self::HoursOutOfRange => "교육 시간은 0.1시간부터 400시간까지, 숫자로 적습니다. 예: 1.5".into(),
            Self::QuarterTargets => "1분기부터 4분기까지 네 분기의 목표를 모두 적습니다.".into(),
            Self::ReductionTargetOutOfRange { max } => {
                format!("분기 목표는 0부터 {max}까지의 정수(불만 건수)로 적습니다.")
            }
            Self::TooManyMeasures { max } => format!("대책은 {max}개까지 적을 수 있습니다."),
            Self::TooManyStopWords { max } => format!("불용어는 {max}개까지 둘 수 있습니다."),
            Self::UnknownOption => "목록에 있는 값 가운데 하나를 골라 주세요.".into(),
            Self::DueBeforeActivity => "후속조치 기한은 회의·점검 날짜와 같거나 그 뒤여야 합니다.".into(),
            Self::TooManyItems { max } => format!("안건·지적사항은 {max}개까지 적을 수 있습니다."),
            Self::PrivacyConsentNeeded => {
                "개인정보 수집·이용 동의를 받은 날을 적어야 등록할 수 있습니다(개인정보 보호법 제15조).".into()
            }
            Self::NotInTerm => "그 날 위촉 기간이 아닌 위원은 참석자로 고를 수 없습니다.".into(),
            Self::MembersForPanelOnly => "참석 위원은 주민참여평가단·고객모니터단 활동에만 고를 수 있습니다.".into(),
            Self::ItemReported => {
                "완료 보고된 후속조치는 내용·담당 부서·기한을 고치거나 뺄 수 없습니다(결정 문구만 고칠 수 있습니다).".into()
            }
            Self::KindFixed => "처리기간을 연장한 민원과 이의신청은 유형을 바꿀 수 없습니다.".into(),
            Self::NothingChanged => "바꿀 항목을 하나 이상 지금과 다르게 골라 주세요.".into(),
            Self::ChannelNeedsAgency => {
                "타 기관 이송 접수는 기관과 문서번호를 함께 등록해야 하므로 여기서 바꿀 수 없습니다.".into()
            }
            Self::SmsNeedsMobile => {
                "문자(SMS)는 휴대전화 번호로만 받을 수 있습니다. 휴대전화 번호를 적거나, 문자 수신 동의를 풀고 이메일·우편·전화 중에서 골라 주세요.".into()
            }
            Self::AddressNeededForPost => "우편으로 답변을 받으려면 주소를 입력해 주세요.".into(),
            Self::PhoneNeededForCall => "전화로 답변을 받으려면 전화번호를 입력해 주세요.".into(),
            Self::ReplyNeedsConsent => {
                "문자나 이메일로 답변을 받으려면 아래에서 그 방법의 알림 수신에도 동의해 주세요.".into()
            }
            Self::NoResultYet => "답변이 확정(승인)된 뒤에 결과 안내를 기록할 수 있습니다.".into(),
            Self::TooManyFound { max } => {
                format!("찾은 민원이 {max}건을 넘습니다. 기간이나 조건을 좁혀 {max}건 이하로 내려받아 주세요.")
            }
            Self::WithdrawalUnconfirmed => "민원인 본인에게 취하 의사를 확인했는지 표시해 주세요.".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Self::Required => "This field is required.".into(),
            Self::TooShort { min } => format!("Please enter at least {min} characters."),
            Self::TooLong { max } => format!("Please enter at most {max} characters."),
            Self::UnknownKind => "Please choose a kind of request.".into(),
            Self::UnknownChannel => "Unknown channel.".into(),
            Self::ChannelNeedsStaff => "Only staff may register this channel.".into(),
            Self::UnknownFacility => "Unknown facility; please choose one from the list.".into(),
            Self::UnknownCategory => "Unknown category.".into(),
            Self::PhoneInvalid => {
                "Not a phone number, e.g. mobile 010-1234-5678, landline 02-123-4567, abroad +1 202 555 0123.".into()
            }
            Self::EmailInvalid => "Not an e-mail address, e.g. name@example.com.".into(),
            Self::PhoneNeededForSms => "Enter a mobile number to receive text messages.".into(),
            Self::EmailNeededForEmail => "Enter an e-mail address to receive e-mail.".into(),
            Self::ScoreOutOfRange => "Choose a score from 1 to 5.".into(),
            Self::UnknownItem => "Not one of the items one may choose.".into(),
            Self::InvalidTime => "Not an RFC 3339 time, e.g. 2026-11-27T17:30:00+09:00.".into(),
            Self::TimeInFuture => "The receipt time cannot be in the future.".into(),
            Self::InvalidDate => "Not a date, e.g. 2026-12-31.".into(),
            Self::NumberTooSmall { min } => format!("Must be at least {min}."),
            Self::NumberTooLarge { max } => format!("Must be at most {max}."),
            Self::UnknownPauseReason => "Choose a pause reason from the list.".into(),
            Self::UnknownPeriodUnit => "Choose how the period is counted from the list.".into(),
            Self::UnknownRole => "Choose a role from the list.".into(),
            Self::UnknownDecision => "Choose accepted, partly accepted or not accepted.".into(),
            Self::UnknownDepartment => "Unknown department.".into(),
            Self::UnknownUser => "Unknown user, or not a member of this department.".into(),
            Self::UsernameTaken => "This username is taken.".into(),
            Self::WeakPassword => "Passwords need at least 10 characters.".into(),
            Self::GuessablePassword => {
                "This password is common or easy to guess from your name or username; try three or four unrelated words together."
                    .into()
            }
            Self::SamePassword => "Choose a password other than the one you have now.".into(),
            Self::WrongPassword => "Your current password is not right.".into(),
            Self::PasswordsDiffer => "The two new passwords differ; type the same one twice.".into(),
            Self::CodeMalformed => "Enter the six digits from your authenticator app, or a recovery code (xxxxx-xxxxx).".into(),
            Self::WrongCode => {
                "The code is not right or was used already; enter the app's newest code, and check that the phone's clock is right."
                    .into()
            }
            Self::NoTotpSetup => "Press 'Start set-up' first to get the QR code.".into(),
            Self::UnknownKioskKey => "This kiosk key is wrong or revoked; enter the key as the administrator page issued it.".into(),
            Self::PageOutOfRange => "Pages start at 1, with 1–200 rows each.".into(),
            Self::InvalidUsername => "Usernames are 3–32 of a–z, 0–9, '.', '_' and '-'.".into(),
            Self::UnknownClosureReason => "Choose a reason from the list.".into(),
            Self::UnknownVariable { name } => format!("This notice has no variable {{{name}}}."),
            Self::UnclosedVariable => "A variable name is missing its closing '}'.".into(),
            Self::UnknownNotice => "Unknown notice.".into(),
            Self::UnknownLang => "The language is ko or en.".into(),
            Self::EndBeforeStart => "The end date is before the start date.".into(),
            Self::PeriodTooLong { max_days } => format!("Choose a period of at most {max_days} days."),
            Self::DateInPast => "Choose today or a later date.".into(),
            Self::SameDepartment => "Choose a department other than the one handling the case.".into(),
            Self::UnknownStatus => "Unknown status.".into(),
            Self::TooManyCases { count, max } => {
                format!("This period holds {count} cases; one export takes at most {max}, so choose a shorter period.")
            }
            Self::InvalidCode => "Codes are 2–32 of a–z, 0–9 and '_'.".into(),
            Self::CodeTaken => "This code is taken.".into(),
            Self::UnknownCase => "No case has this receipt number, e.g. VOC-2026-000123.".into(),
            Self::UnknownCause => "Choose a cause from the list.".into(),
            Self::NoCauseForPraise => "Praise has no cause.".into(),
            Self::UnknownCompensationReason => "Choose a compensation reason from the list.".into(),
            Self::UnknownOutcome => "Choose implemented or declined.".into(),
            Self::UnknownFollowUpContact => "Choose how the complainant was contacted: call, visit, written or unreachable.".into(),
            Self::UnknownKpi => "This indicator is not on the list.".into(),
            Self::TargetOutOfRange => {
                "The target is out of range: rates 0–1, days 0–365, satisfaction 1–5, counts whole numbers from 0."
                    .into()
            }
            Self::NotANumber => "Enter a number.".into(),
            Self::YearOutOfRange { first, last } => format!("Choose a year from {first} to {last}."),
            Self::UnknownStage => "Choose investigation, deliberation, improvement or audit referral.".into(),
            Self::UnknownOpinion => "Choose the deliberation's opinion: correction, improvement or dismissed.".into(),
            Self::NotAtThisStage => "Not given at this stage.".into(),
            Self::PersonalData { what } => {
                let en = match *what {
                    "phone" => "a phone number",
                    "email" => "an e-mail address",
                    "rrn" => "a resident registration number",
                    "name" => "the complainant's name",
                    _ => "personal data",
                };
                format!("The text to publish seems to contain {en}; please remove or replace it.")
            }
            Self::TooManyFiles { max } => format!("You can attach at most {max} files."),
            Self::TooManyComplainants { max } => {
                format!("At most {max} co-complainants can be added; attach a list of signatories for more.")
            }
            Self::FileTooLarge { name, max_mb } => {
                format!("'{name}' is too large; each file may be up to {max_mb} MB.")
            }
            Self::FileEmpty { name } => format!("'{name}' is empty."),
            Self::FileType { name } => {
                format!("'{name}' is not an accepted type; attach photos (JPEG, PNG, HEIC) or PDF documents only.")
            }
            Self::FileUnreadable { name } => {
                format!("'{name}' is damaged, so its location data could not be removed; it was not accepted.")
            }
            Self::UploadNotFound => "An attachment could not be found; please upload the file again.".into(),
            Self::ReceiptNoInvalid => "A receipt number looks like VOC-2026-000123; please check your receipt.".into(),
            Self::NotICalendar => {
                "This is not an iCalendar (.ics) file, or it has no events; check the holiday calendar's file or address."
                    .into()
            }
            Self::CalendarTooLarge { max_kb } => format!("A calendar file may be at most {max_kb} KB."),
            Self::TooManyHolidays { max } => format!("At most {max} holidays can be imported at once."),
            Self::CalendarUnreachable { reason } => format!("The calendar could not be fetched from that address ({reason})."),
            Self::UrlInvalid => "Give an address that starts with http:// or https://.".into(),
            Self::OneSourceOnly => "Give either a file or an address, not both.".into(),
            Self::NotBusinessDay => "Choose a working day (not a Saturday, Sunday or public holiday).".into(),
            Self::NotLaterThanDue { due } => format!("Choose a day after the current due ({due})."),
            Self::ExtensionTooLong { last } => {
                format!("An extension may add at most the original period; choose a working day up to {last}.")
            }
            Self::ConsentNeeded => {
                "A second extension needs the complainant's consent; record how and when it was given.".into()
            }
            Self::UnknownConsentVia => "Choose how the consent was given from the list.".into(),
            Self::UnknownSeriousReason => "Choose why the case is serious from the list.".into(),
            Self::UnknownRelation => "Choose the relation from the list (related, duplicate, repeat).".into(),
            Self::SameCase => "Not this case itself: give another case's receipt number.".into(),
            Self::MergeTargetClosed => {
                "A closed case cannot take a merge; link this one as a repeat and answer it.".into()
            }
            Self::AppealNotFiled => {
                "An appeal is made from the tracking page of a case with a result; choose another kind.".into()
            }
            Self::ConsentByButton => {
                "Consent on the tracking page is the complainant's own button; send them a consent request.".into()
            }
            Self::UnknownConductKind => "Choose the kind of conduct from the list.".into(),
            Self::UnknownTrainingKind => "Choose the kind of training from the list.".into(),
            Self::UnknownCourse => "This course is not on the list.".into(),
            Self::DateInFuture => "A date still to come cannot be recorded.".into(),
            Self::InvalidMonthDay => "Write a month and day, e.g. 12-31 (29 February cannot be used).".into(),
            Self::QuarterNotEnded => "A quarter is evaluated once it has ended; choose a past quarter.".into(),
            Self::QuarterOutOfRange => "Choose a quarter from 1 to 4.".into(),
            Self::UnknownEvaluationItem => "This is not one of the evaluation items.".into(),
            Self::HoursOutOfRange => "Hours are a number from 0.1 to 400, e.g. 1.5.".into(),
            Self::QuarterTargets => "Give a target for each of the four quarters.".into(),
            Self::ReductionTargetOutOfRange { max } => {
                format!("A quarter's target is a whole number of complaints from 0 to {max}.")
            }
            Self::TooManyMeasures { max } => format!("At most {max} measures."),
            Self::TooManyStopWords { max } => format!("At most {max} stop-words."),
            Self::UnknownOption => "Choose one of the listed values.".into(),
            Self::DueBeforeActivity => "A follow-up's due day is on or after the day of the meeting or inspection.".into(),
            Self::TooManyItems { max } => format!("At most {max} agenda items or findings."),
            Self::PrivacyConsentNeeded => {
                "Record the day the member consented to the collection of personal data (PIPA art. 15).".into()
            }
            Self::NotInTerm => "A member outside their term on that day cannot be chosen as present.".into(),
            Self::MembersForPanelOnly => "Members are chosen as present for panel and monitor sessions only.".into(),
            Self::ItemReported => {
                "A follow-up reported done keeps its topic, department and due day and stays (its decision may be reworded).".into()
            }
            Self::KindFixed => "The kind of an extended case or of an appeal cannot change.".into(),
            Self::NothingChanged => "Choose at least one value different from the current one.".into(),
            Self::ChannelNeedsAgency => {
                "A case from an external agency is registered with the agency and its reference; it cannot be changed here.".into()
            }
            Self::SmsNeedsMobile => {
                "Text messages reach mobile numbers only: give a mobile number, or untick text messages and choose e-mail, post or phone.".into()
            }
            Self::AddressNeededForPost => "Enter a postal address to be answered by post.".into(),
            Self::PhoneNeededForCall => "Enter a phone number to be answered by phone.".into(),
            Self::ReplyNeedsConsent => "To be answered by text or e-mail, also consent to notices on that channel below.".into(),
            Self::NoResultYet => "A result can be recorded as told once the answer is approved.".into(),
            Self::TooManyFound { max } => {
                format!("More than {max} cases found: narrow the period or the filters to download at most {max}.")
            }
            Self::WithdrawalUnconfirmed => "Confirm that the complainant themselves asked to withdraw.".into(),
        }
    }
}

/// One refused field as it travels over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldMessage {
    pub code: String,
    pub ko: String,
    pub en: String,
}

impl From<&FieldError> for FieldMessage {
    fn from(e: &FieldError) -> Self {
        Self { code: e.code().into(), ko: e.ko(), en: e.en() }
    }
}

/// Every refused field of one form, by field name. Empty means the form is fine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FieldErrors(pub BTreeMap<String, FieldMessage>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, error: FieldError) {
        self.0.entry(field.to_owned()).or_insert_with(|| FieldMessage::from(&error));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Adds `other`'s refusals; a field refused already keeps its first message.
    pub fn extend(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.0.entry(field).or_insert(message);
        }
    }
    /// Each refused field and its code, in field order.
    pub fn codes(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.code.as_str())).collect()
    }
    pub fn get(&self, field: &str) -> Option<&FieldMessage> {
        self.0.get(field)
    }
    /// Takes the value of a parse, noting its error under `field`.
    pub fn take<T>(&mut self, field: &str, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }
}
