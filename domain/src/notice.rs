//! Notices: what the complainant and staff are told, in which words.
//!
//! A template is plain text with named variables such as `{receipt_no}`; `{{` and `}}` stand
//! for literal braces. Each notice has a fixed set of variables, so an administrator's edit
//! that names one the notice cannot fill is refused before it is saved, and rendering never
//! meets an unknown name.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;

/// The wording version of the privacy notice and consents the forms show; stored with every
/// case so that what a complainant agreed to can be shown later.
pub const CONSENT_WORDING_VERSION: &str = "2026-11-v1";

/// Who a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Complainant,
    Staff,
}

/// How a notice travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    Email,
    Sms,
}

impl NoticeChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }
    pub const ALL: [Self; 2] = [Self::Email, Self::Sms];

    pub fn ko(self) -> &'static str {
        match self {
            Self::Email => "이메일",
            Self::Sms => "문자",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Email => "E-mail",
            Self::Sms => "Text message",
        }
    }

    /// The setting that gives this server a way out on the channel.
    pub fn setting(self) -> &'static str {
        match self {
            Self::Email => "VOC_SMTP_URL",
            Self::Sms => "VOC_SMS_URL",
        }
    }

    /// Said plainly where notices wait on a channel this server cannot send on: what waits,
    /// and what makes them go.
    pub fn unsent_note(self, waiting: i64) -> String {
        format!(
            "{} 발송이 설정되지 않았습니다. {}건이 보내지지 않고 기다리고 있으며, {}을(를) 설정하면 차례로 보냅니다.",
            self.ko(),
            waiting,
            self.setting()
        )
    }
}

impl FromStr for NoticeChannel {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "email" => Ok(Self::Email),
            "sms" => Ok(Self::Sms),
            _ => Err(FieldError::UnknownChannel),
        }
    }
}

/// Where a notice stands: waiting (or retrying), delivered, or given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Sent,
    Dead,
    /// Not sent on purpose: the recipient had its daily number of acknowledgements already
    /// (a filing form cannot be used to flood someone's phone or mailbox).
    Withheld,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 4] = [Self::Pending, Self::Sent, Self::Dead, Self::Withheld];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Dead => "dead",
            Self::Withheld => "withheld",
        }
    }
    pub fn ko(self) -> &'static str {
        match self {
            Self::Pending => "발송 대기",
            Self::Sent => "발송 완료",
            Self::Dead => "발송 실패",
            Self::Withheld => "발송 보류",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Self::Pending => "Waiting to be sent",
            Self::Sent => "Sent",
            Self::Dead => "Could not be delivered",
            Self::Withheld => "Held back",
        }
    }
}

impl FromStr for DeliveryState {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "pending" => Ok(Self::Pending),
            "sent" => Ok(Self::Sent),
            "dead" => Ok(Self::Dead),
            "withheld" => Ok(Self::Withheld),
            _ => Err(FieldError::UnknownItem),
        }
    }
}

/// Every notice the system sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 접수 안내.
    Receipt,
    /// 중간 경과(처리 지연) 안내.
    Interim,
    /// 처리기간 연장 안내.
    Extension,
    /// 연장 동의 요청: a second extension waits for the complainant's consent.
    ExtensionConsent,
    /// 타 기관 이송 안내.
    TransferOut,
    /// 보완 요구: what the case lacks and the day to answer by.
    Supplement,
    /// 반려 안내: the asked supplement never came.
    ReturnedUnsupplemented,
    /// 중복 민원 병합 안내: handled with its original, whose result follows.
    Merged,
    /// 반복 민원 종결 안내 (제23조), citing the earlier answers.
    RepeatedClosure,
    /// 특이민원 종결 안내: a filing that consists of abuse.
    AbusiveClosure,
    /// 처리 결과 통지.
    Result,
    /// 만족도 조사 안내.
    SurveyInvite,
    /// 자료 요청 회신 기한 알림 (to the asked department).
    MaterialReminder,
    /// 처리 기한 임박 (to the handler and the VOC manager).
    DueSoon,
    /// 처리 기한 경과.
    Overdue,
    /// 긴급 민원 (to executives).
    Urgent,
    /// 중대 민원 지정 (to executives and the VOC manager).
    Serious,
    /// 문자 발송 한도 도달 (to administrators): the hourly SMS ceiling held messages back.
    SmsCeiling,
    /// 제도개선 요청 회신 기한 알림 (to the asked department's head).
    ImprovementReminder,
    /// 고충민원 감사 의뢰 (to the audit department).
    AuditReferral,
    /// CCM 후속조치 기한 알림 (to the owning department's head; the VOC managers once late).
    ActionReminder,
    /// 정기 VOC 보고서 (to executives: the organisation's; to department heads: their
    /// department's), the month's or quarter's figures with the workbook attached.
    PeriodReport,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 22] = [
        Self::Receipt,
        Self::Interim,
        Self::Extension,
        Self::ExtensionConsent,
        Self::TransferOut,
        Self::Supplement,
        Self::ReturnedUnsupplemented,
        Self::Merged,
        Self::RepeatedClosure,
        Self::AbusiveClosure,
        Self::Result,
        Self::SurveyInvite,
        Self::MaterialReminder,
        Self::DueSoon,
        Self::Overdue,
        Self::Urgent,
        Self::Serious,
        Self::SmsCeiling,
        Self::ImprovementReminder,
        Self::AuditReferral,
        Self::ActionReminder,
        Self::PeriodReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Receipt => "receipt",
            Self::Interim => "interim",
            Self::Extension => "extension",
            Self::ExtensionConsent => "extension_consent",
            Self::TransferOut => "transfer_out",
            Self::Supplement => "supplement",
            Self::ReturnedUnsupplemented => "returned_unsupplemented",
            Self::Merged => "merged",
            Self::RepeatedClosure => "repeated_closure",
            Self::AbusiveClosure => "abusive_closure",
            Self::Result => "result",
            Self::SurveyInvite => "survey_invite",
            Self::MaterialReminder => "material_reminder",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
            Self::Urgent => "urgent",
            Self::Serious => "serious",
            Self::SmsCeiling => "sms_ceiling",
            Self::ImprovementReminder => "improvement_reminder",
            Self::AuditReferral => "audit_referral",
            Self::ActionReminder => "action_reminder",
            Self::PeriodReport => "period_report",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Receipt => "접수 안내",
            Self::Interim => "중간 경과 안내",
            Self::Extension => "처리기간 연장 안내",
            Self::ExtensionConsent => "연장 동의 요청",
            Self::TransferOut => "타 기관 이송 안내",
            Self::Supplement => "보완 요구",
            Self::ReturnedUnsupplemented => "반려 안내(보완 없음)",
            Self::Merged => "중복 민원 병합 안내",
            Self::RepeatedClosure => "반복 민원 종결 안내",
            Self::AbusiveClosure => "특이민원 종결 안내",
            Self::Result => "처리 결과 통지",
            Self::SurveyInvite => "만족도 조사 안내",
            Self::MaterialReminder => "자료 요청 기한 알림",
            Self::DueSoon => "처리 기한 임박 알림",
            Self::Overdue => "처리 기한 경과 알림",
            Self::Urgent => "긴급 민원 보고",
            Self::Serious => "중대 민원 보고",
            Self::SmsCeiling => "문자 발송 한도 도달",
            Self::ImprovementReminder => "제도개선 회신 기한 알림",
            Self::AuditReferral => "고충민원 감사 의뢰",
            Self::ActionReminder => "CCM 후속조치 기한 알림",
            Self::PeriodReport => "정기 VOC 보고서",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Receipt => "Receipt acknowledgement",
            Self::Interim => "Interim (delay) notice",
            Self::Extension => "Extension notice",
            Self::ExtensionConsent => "Extension consent request",
            Self::TransferOut => "Transfer to another agency",
            Self::Supplement => "Supplement request",
            Self::ReturnedUnsupplemented => "Returned (no supplement)",
            Self::Merged => "Merged with its original",
            Self::RepeatedClosure => "Closed as repeated",
            Self::AbusiveClosure => "Closed: abusive filing",
            Self::Result => "Result notice",
            Self::SurveyInvite => "Survey invitation",
            Self::MaterialReminder => "Material request reminder",
            Self::DueSoon => "Deadline near",
            Self::Overdue => "Deadline passed",
            Self::Urgent => "Urgent case",
            Self::Serious => "Serious case",
            Self::SmsCeiling => "SMS ceiling reached",
            Self::ImprovementReminder => "Improvement report due",
            Self::AuditReferral => "Grievance referred to audit",
            Self::ActionReminder => "CCM follow-up due",
            Self::PeriodReport => "Periodic VOC report",
        }
    }

    pub fn audience(self) -> Audience {
        match self {
            Self::Receipt
            | Self::Interim
            | Self::Extension
            | Self::ExtensionConsent
            | Self::TransferOut
            | Self::Supplement
            | Self::ReturnedUnsupplemented
            | Self::Merged
            | Self::RepeatedClosure
            | Self::AbusiveClosure
            | Self::Result
            | Self::SurveyInvite => Audience::Complainant,
            Self::MaterialReminder
            | Self::DueSoon
            | Self::Overdue
            | Self::Urgent
            | Self::Serious
            | Self::SmsCeiling
            | Self::ImprovementReminder
            | Self::AuditReferral
            | Self::ActionReminder
            | Self::PeriodReport => Audience::Staff,
        }
    }

    /// The variables a template of this notice may use.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Self::Receipt => &["receipt_no", "kind", "received_at", "due_at", "tracking_url", "name"],
            Self::Interim => &["receipt_no", "reason", "expected_at", "tracking_url", "name"],
            Self::Extension => &["receipt_no", "reason", "due_at", "previous_due_at", "tracking_url", "name"],
            Self::TransferOut => &["receipt_no", "agency", "reason", "tracking_url", "name"],
            Self::ExtensionConsent => &["receipt_no", "reason", "due_date", "due_at", "tracking_url", "name"],
            Self::Supplement => &["receipt_no", "request", "due_date", "tracking_url", "name"],
            Self::ReturnedUnsupplemented => &["receipt_no", "request", "due_date", "reason", "tracking_url", "name"],
            Self::Merged => &["receipt_no", "original", "tracking_url", "name"],
            Self::RepeatedClosure => &["receipt_no", "cited", "reason", "tracking_url", "name"],
            Self::AbusiveClosure => &["receipt_no", "reason", "tracking_url", "name"],
            Self::Result => &["receipt_no", "decision", "result", "basis", "appeal", "tracking_url", "name"],
            Self::SurveyInvite => &["receipt_no", "survey_url", "expires_at", "name"],
            Self::MaterialReminder => &["receipt_no", "case_url", "due_at", "department", "request"],
            Self::DueSoon => &["receipt_no", "case_url", "due_at", "department", "kind"],
            Self::Overdue => &["receipt_no", "case_url", "due_at", "department", "kind"],
            Self::Urgent => &["receipt_no", "case_url", "kind", "facility", "content"],
            Self::Serious => &["receipt_no", "case_url", "kind", "facility", "reason", "note"],
            Self::SmsCeiling => &["limit", "held", "until"],
            Self::ImprovementReminder => &["title", "department", "due_at", "stage", "improvements_url"],
            Self::AuditReferral => &["receipt_no", "case_url", "department", "note"],
            Self::ActionReminder => &["topic", "activity", "department", "due_at", "stage", "activities_url"],
            Self::PeriodReport => &["period", "scope", "summary", "reports_url"],
        }
    }

    /// The built-in wording (`subject`, `body`), used until an administrator changes it.
    pub fn default_template(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Self::Receipt, Lang::Ko) => (
                "[고객의 소리] 접수되었습니다 ({receipt_no})",
                "{name}님의 {kind}이(가) 접수되었습니다.\n접수번호: {receipt_no}\n접수 시각: {received_at}\n처리 기한: {due_at}\n진행 상황: {tracking_url}",
            ),
            (Self::Receipt, Lang::En) => (
                "[Voice of the Customer] Received ({receipt_no})",
                "Dear {name}, your {kind} has been received.\nReceipt number: {receipt_no}\nReceived: {received_at}\nAnswer due: {due_at}\nFollow it here: {tracking_url}",
            ),
            (Self::Interim, Lang::Ko) => (
                "[고객의 소리] 처리 지연 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원의 처리가 늦어지고 있습니다.\n사유: {reason}\n처리 예정: {expected_at}\n진행 상황: {tracking_url}",
            ),
            (Self::Interim, Lang::En) => (
                "[Voice of the Customer] Delay notice ({receipt_no})",
                "Dear {name}, the handling of {receipt_no} is taking longer.\nReason: {reason}\nExpected by: {expected_at}\nFollow it here: {tracking_url}",
            ),
            (Self::Extension, Lang::Ko) => (
                "[고객의 소리] 처리기간 연장 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원의 처리기간을 연장합니다.\n연장 사유: {reason}\n처리 완료 예정: {due_at} (종전 기한 {previous_due_at})\n진행 상황: {tracking_url}",
            ),
            (Self::Extension, Lang::En) => (
                "[Voice of the Customer] Period extended ({receipt_no})",
                "Dear {name}, the period for handling {receipt_no} has been extended.\nReason: {reason}\nNow due: {due_at} (previously {previous_due_at})\nFollow it here: {tracking_url}",
            ),
            (Self::ExtensionConsent, Lang::Ko) => (
                "[고객의 소리] 처리기간 연장 동의 요청 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원의 처리기간을 한 번 더 연장하려면 동의가 필요합니다.\n연장 사유: {reason}\n새 처리기한: {due_date} (지금 기한 {due_at})\n진행 조회 화면에서 동의하시거나 동의하지 않으실 수 있습니다.\n{tracking_url}",
            ),
            (Self::ExtensionConsent, Lang::En) => (
                "[Voice of the Customer] May we take longer? ({receipt_no})",
                "Dear {name}, extending the period of {receipt_no} a second time needs your consent.\nReason: {reason}\nNew due day: {due_date} (now due {due_at})\nAgree or decline on the tracking page.\n{tracking_url}",
            ),
            (Self::TransferOut, Lang::Ko) => (
                "[고객의 소리] 소관 기관 이송 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원은 {agency}의 소관이어서 그 기관으로 이송했습니다.\n이송 사유: {reason}\n이후 처리는 {agency}에 문의하시거나 국민신문고(www.epeople.go.kr)에서 확인하실 수 있습니다.\n자세히 보기: {tracking_url}",
            ),
            (Self::TransferOut, Lang::En) => (
                "[Voice of the Customer] Sent to the responsible agency ({receipt_no})",
                "Dear {name}, {receipt_no} is a matter for {agency}, so we have sent it there.\nReason: {reason}\nFollow it with {agency} or on e-People (www.epeople.go.kr).\nDetails: {tracking_url}",
            ),
            (Self::Supplement, Lang::Ko) => (
                "[고객의 소리] 보완 요청 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원을 처리하려면 보완이 필요합니다.\n보완할 내용: {request}\n보완 기한: {due_date}까지\n아래 진행 조회 화면에서 내용을 적거나 파일을 붙여 보내 주세요. 보완하실 때까지 처리기간은 멈춥니다.\n{tracking_url}",
            ),
            (Self::Supplement, Lang::En) => (
                "[Voice of the Customer] Something is needed ({receipt_no})",
                "Dear {name}, to handle {receipt_no} we need something more from you.\nWhat: {request}\nBy: {due_date}\nPlease answer with text or files on the tracking page below. The handling period stands still until you do.\n{tracking_url}",
            ),
            (Self::ReturnedUnsupplemented, Lang::Ko) => (
                "[고객의 소리] 민원 반려 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원은 요청한 보완({request})이 기한({due_date})까지 없어 반려합니다.\n사유: {reason}\n보완할 내용을 갖추어 다시 신청하실 수 있습니다.\n{tracking_url}",
            ),
            (Self::ReturnedUnsupplemented, Lang::En) => (
                "[Voice of the Customer] Returned ({receipt_no})",
                "Dear {name}, {receipt_no} is returned: what we asked for ({request}) did not arrive by {due_date}.\nReason: {reason}\nYou may file again with it.\n{tracking_url}",
            ),
            (Self::Merged, Lang::Ko) => (
                "[고객의 소리] 중복 민원 병합 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원은 같은 내용으로 먼저 접수된 민원 {original}과 함께 처리합니다.\n그 민원의 처리 결과를 이 연락처로 알려 드립니다.\n{tracking_url}",
            ),
            (Self::Merged, Lang::En) => (
                "[Voice of the Customer] Handled together ({receipt_no})",
                "Dear {name}, {receipt_no} says what {original}, filed earlier, says; we handle them together and will send you its result.\n{tracking_url}",
            ),
            (Self::RepeatedClosure, Lang::Ko) => (
                "[고객의 소리] 반복 민원 종결 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원은 같은 내용으로 세 번 이상 접수되어 이미 {cited}에서 답변드렸습니다.\n새로운 이유가 없어 민원 처리에 관한 법률 제23조에 따라 종결합니다.\n사유: {reason}\n{tracking_url}",
            ),
            (Self::RepeatedClosure, Lang::En) => (
                "[Voice of the Customer] Closed as repeated ({receipt_no})",
                "Dear {name}, {receipt_no} repeats a matter filed three or more times and answered in {cited}.\nWith no new grounds it is closed under article 23 of the Civil Petitions Act.\nReason: {reason}\n{tracking_url}",
            ),
            (Self::AbusiveClosure, Lang::Ko) => (
                "[고객의 소리] 민원 종결 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no}은(는) 폭언·욕설 등으로만 이루어져 민원으로 처리할 수 없어 종결합니다.\n사유: {reason}\n요구하실 내용을 다시 적어 주시면 처리해 드립니다.\n{tracking_url}",
            ),
            (Self::AbusiveClosure, Lang::En) => (
                "[Voice of the Customer] Closed ({receipt_no})",
                "Dear {name}, {receipt_no} consists of abuse and cannot be handled as a request, so it is closed.\nReason: {reason}\nIf you write what you are asking for, we will handle it.\n{tracking_url}",
            ),
            (Self::Result, Lang::Ko) => (
                "[고객의 소리] 처리 결과 안내 ({receipt_no})",
                "{name}님, 접수번호 {receipt_no} 민원의 처리 결과를 알려 드립니다.\n수용여부: {decision}\n처리 결과: {result}\n처리 근거: {basis}\n이의신청 방법: {appeal}\n자세히 보기: {tracking_url}",
            ),
            (Self::Result, Lang::En) => (
                "[Voice of the Customer] Result ({receipt_no})",
                "Dear {name}, here is the result of {receipt_no}.\nDecision: {decision}\nResult: {result}\nBasis: {basis}\nHow to appeal: {appeal}\nDetails: {tracking_url}",
            ),
            (Self::SurveyInvite, Lang::Ko) => (
                "[고객의 소리] 만족도 조사 ({receipt_no})",
                "{name}님, 민원 처리에 얼마나 만족하셨는지 알려 주세요 ({expires_at}까지): {survey_url}",
            ),
            (Self::SurveyInvite, Lang::En) => (
                "[Voice of the Customer] How did we do? ({receipt_no})",
                "Dear {name}, please tell us how satisfied you are (until {expires_at}): {survey_url}",
            ),
            (Self::MaterialReminder, Lang::Ko) => (
                "[VOC] 자료 요청 회신 기한 ({receipt_no})",
                "{department}에 요청된 자료의 회신 기한은 {due_at}입니다.\n요청: {request}\n{case_url}",
            ),
            (Self::MaterialReminder, Lang::En) => (
                "[VOC] Material request due ({receipt_no})",
                "The material asked of {department} is due {due_at}.\nRequest: {request}\n{case_url}",
            ),
            (Self::DueSoon, Lang::Ko) => (
                "[VOC] 처리 기한 임박 ({receipt_no})",
                "{department}의 {kind} {receipt_no}의 처리 기한({due_at})이 다가옵니다.\n{case_url}",
            ),
            (Self::DueSoon, Lang::En) => {
                ("[VOC] Deadline near ({receipt_no})", "{department}: {kind} {receipt_no} is due {due_at}.\n{case_url}")
            }
            (Self::Overdue, Lang::Ko) => (
                "[VOC] 처리 기한 경과 ({receipt_no})",
                "{department}의 {kind} {receipt_no}이(가) 처리 기한({due_at})을 넘겼습니다.\n{case_url}",
            ),
            (Self::Overdue, Lang::En) => (
                "[VOC] Deadline passed ({receipt_no})",
                "{department}: {kind} {receipt_no} passed its deadline ({due_at}).\n{case_url}",
            ),
            (Self::Urgent, Lang::Ko) => (
                "[VOC 긴급] {receipt_no} {facility}",
                "긴급 민원이 접수되었습니다.\n유형: {kind}\n시설: {facility}\n내용: {content}\n{case_url}",
            ),
            (Self::Urgent, Lang::En) => (
                "[VOC urgent] {receipt_no} {facility}",
                "An urgent case was received.\nKind: {kind}\nFacility: {facility}\nContent: {content}\n{case_url}",
            ),
            (Self::Serious, Lang::Ko) => (
                "[VOC 중대] {receipt_no} {reason}",
                "중대 민원으로 지정되었습니다.\n사유: {reason}\n내용: {note}\n유형: {kind}\n시설: {facility}\n{case_url}",
            ),
            (Self::Serious, Lang::En) => (
                "[VOC serious] {receipt_no} {reason}",
                "A case was marked serious.\nWhy: {reason}\nWhat: {note}\nKind: {kind}\nFacility: {facility}\n{case_url}",
            ),
            (Self::SmsCeiling, Lang::Ko) => (
                "[VOC] 문자 발송 한도 도달",
                "최근 한 시간 동안 문자 {limit}건을 보내 시간당 한도에 닿았습니다. 기다리는 문자 {held}건은 {until} 무렵부터 차례로 나갑니다.\n접수가 갑자기 늘었다면 악용일 수 있으니 감사 기록과 접수 현황을 확인해 주세요. 한도는 VOC_SMS_PER_HOUR 로 정합니다.",
            ),
            (Self::ImprovementReminder, Lang::Ko) => (
                "[VOC] 제도개선 회신 기한 알림: {title}",
                "{department}에 요청된 제도개선 \"{title}\"의 회신 기한은 {due_at}입니다 ({stage}).\n개선 결과나 불수용 사유를 회신해 주세요. 기한 안에 마치기 어려우면 사유를 적어 한 번 연장할 수 있습니다.\n{improvements_url}",
            ),
            (Self::ImprovementReminder, Lang::En) => (
                "[VOC] Improvement report due: {title}",
                "The improvement \"{title}\" asked of {department} is due {due_at} ({stage}).\nReport what was done or why not; it may be extended once, with a reason.\n{improvements_url}",
            ),
            (Self::ActionReminder, Lang::Ko) => (
                "[VOC] CCM 후속조치 기한 알림: {topic}",
                "{activity}의 후속조치 \"{topic}\"(담당: {department})의 기한은 {due_at}입니다 ({stage}).\n조치한 결과를 CCM 활동 화면에서 완료 보고해 주세요.\n{activities_url}",
            ),
            (Self::ActionReminder, Lang::En) => (
                "[VOC] CCM follow-up due: {topic}",
                "The follow-up \"{topic}\" that {department} took on at {activity} is due {due_at} ({stage}).\nReport what was done on the CCM activities page.\n{activities_url}",
            ),
            (Self::AuditReferral, Lang::Ko) => (
                "[VOC] 고충민원 감사 의뢰 ({receipt_no})",
                "고충민원 {receipt_no}의 조사에서 위법·부당한 처분이 확인되어 감사를 의뢰합니다.\n조사 부서: {department}\n의뢰 내용: {note}\n{case_url}",
            ),
            (Self::AuditReferral, Lang::En) => (
                "[VOC] Grievance referred to audit ({receipt_no})",
                "The investigation of grievance {receipt_no} found an unlawful or unfair action; it is referred to audit.\nInvestigated by: {department}\nReferral: {note}\n{case_url}",
            ),
            (Self::PeriodReport, Lang::Ko) => (
                "[VOC] {period} 고객의 소리 보고서 ({scope})",
                "{period} {scope}의 고객의 소리 처리 현황입니다. 표 전체는 첨부한 엑셀 파일에 있습니다.\n\n{summary}\n\n자세히 보기: {reports_url}",
            ),
            (Self::PeriodReport, Lang::En) => (
                "[VOC] Report for {period} ({scope})",
                "How VOC was handled in {period} ({scope}). Every table is in the attached workbook.\n\n{summary}\n\nMore: {reports_url}",
            ),
            (Self::SmsCeiling, Lang::En) => (
                "[VOC] SMS ceiling reached",
                "{limit} text messages went out in the last hour, the hourly ceiling. {held} waiting messages go from about {until}.\nA sudden surge of filings may be abuse: check the audit log and the filings. VOC_SMS_PER_HOUR sets the ceiling.",
            ),
        }
    }
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NoticeKind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::UnknownNotice)
    }
}

/// The language a complainant is written to in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ko => "ko",
            Self::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "ko" => Ok(Self::Ko),
            "en" => Ok(Self::En),
            _ => Err(FieldError::UnknownLang),
        }
    }
}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Brace(char),
    Var(&'a str),
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, FieldError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push(Piece::Brace('{'));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}").or_else(|| tail.strip_prefix('}')) {
            out.push(Piece::Brace('}'));
            rest = after;
        } else {
            let end = tail.find('}').ok_or(FieldError::UnclosedVariable)?;
            let name = tail[1..end].trim();
            out.push(Piece::Var(name));
            rest = &tail[end + 1..];
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Checks that `template` names only variables of `kind`.
pub fn check_template(kind: NoticeKind, template: &str) -> Result<(), FieldError> {
    check_variables(template, kind.variables())
}

/// Checks that `template` is well formed and names only the variables `allowed`; an unknown
/// one is refused by name.
pub fn check_variables(template: &str, allowed: &[&str]) -> Result<(), FieldError> {
    for p in pieces(template)? {
        if let Piece::Var(name) = p
            && !allowed.contains(&name)
        {
            return Err(FieldError::UnknownVariable { name: name.to_owned() });
        }
    }
    Ok(())
}

/// Fills a checked template; a variable without a value renders as empty.
pub fn render(template: &str, values: &BTreeMap<&str, String>) -> Result<String, FieldError> {
    let mut out = String::with_capacity(template.len() + 64);
    for p in pieces(template)? {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Brace(c) => out.push(c),
            Piece::Var(name) => out.push_str(values.get(name).map_or("", String::as_str)),
        }
    }
    Ok(out)
}

impl NoticeKind {
    /// The text message of a notice to a complainant: built in, short, and never holding what
    /// the filer typed (the name, the complaint) — an SMS is sent from the organisation's
    /// registered number, so its words must all be the organisation's. A receipt fits one
    /// SMS (90 bytes); the others carry the tracking link and go as LMS. Administrators'
    /// wording edits apply to e-mail. Staff notices go by e-mail only: `None`.
    pub fn sms_template(self, lang: Lang) -> Option<&'static str> {
        Some(match (self, lang) {
            (Self::Receipt, Lang::Ko) => {
                "[고객의 소리] 민원이 접수되었습니다. 접수번호 {receipt_no}, 처리기한 {due_short}"
            }
            (Self::Receipt, Lang::En) => "[VOC] Received: {receipt_no}. Answer due {due_short}.",
            (Self::Interim, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원 처리가 늦어집니다. 처리 예정 {expected_at}. {tracking_url}"
            }
            (Self::Interim, Lang::En) => {
                "[VOC] {receipt_no} is taking longer; expected by {expected_at}. {tracking_url}"
            }
            (Self::Extension, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원의 처리기간이 {due_at}까지 연장되었습니다. 사유는 여기에서: {tracking_url}"
            }
            (Self::Extension, Lang::En) => "[VOC] {receipt_no} is now due {due_at}; the reason is here: {tracking_url}",
            (Self::ExtensionConsent, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원의 처리기간 연장에 동의를 구합니다: {tracking_url}"
            }
            (Self::ExtensionConsent, Lang::En) => "[VOC] May we extend {receipt_no} again? Answer here: {tracking_url}",
            (Self::TransferOut, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원을 소관 기관({agency})으로 이송했습니다. {tracking_url}"
            }
            (Self::TransferOut, Lang::En) => {
                "[VOC] {receipt_no} was sent to {agency}, which handles it. {tracking_url}"
            }
            (Self::Supplement, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원에 보완이 필요합니다. {due_date}까지: {tracking_url}"
            }
            (Self::Supplement, Lang::En) => "[VOC] {receipt_no} needs something from you by {due_date}: {tracking_url}",
            (Self::ReturnedUnsupplemented, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원은 보완이 없어 반려되었습니다. {tracking_url}"
            }
            (Self::ReturnedUnsupplemented, Lang::En) => {
                "[VOC] {receipt_no} was returned: the supplement did not arrive. {tracking_url}"
            }
            (Self::Merged, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원은 같은 내용의 {original} 민원과 함께 처리합니다. {tracking_url}"
            }
            (Self::Merged, Lang::En) => "[VOC] {receipt_no} is handled together with {original}. {tracking_url}",
            (Self::RepeatedClosure, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원은 반복 민원으로 종결되었습니다(민원처리법 제23조). {tracking_url}"
            }
            (Self::RepeatedClosure, Lang::En) => {
                "[VOC] {receipt_no} was closed as repeated (Civil Petitions Act art. 23). {tracking_url}"
            }
            (Self::AbusiveClosure, Lang::Ko) => {
                "[고객의 소리] {receipt_no} 민원은 종결되었습니다. 사유: {tracking_url}"
            }
            (Self::AbusiveClosure, Lang::En) => "[VOC] {receipt_no} was closed; the reason is here: {tracking_url}",
            (Self::Result, Lang::Ko) => "[고객의 소리] {receipt_no} 민원의 처리 결과가 나왔습니다. {tracking_url}",
            (Self::Result, Lang::En) => "[VOC] The result of {receipt_no} is ready. {tracking_url}",
            (Self::SurveyInvite, Lang::Ko) => "[고객의 소리] {receipt_no} 만족도 조사({expires_at}까지): {survey_url}",
            (Self::SurveyInvite, Lang::En) => "[VOC] {receipt_no}: how did we do? (until {expires_at}) {survey_url}",
            _ => return None,
        })
    }
}

/// The length of a text message as Korean carriers count it: a byte for ASCII, two for
/// anything else (EUC-KR).
pub fn sms_bytes(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Over 90 bytes a text goes as LMS (long message), not SMS.
pub const SMS_MAX_BYTES: usize = 90;

pub fn is_long_message(text: &str) -> bool {
    sms_bytes(text) > SMS_MAX_BYTES
}

/// The choices between the two languages.
impl Lang {
    pub fn other(self) -> Self {
        match self {
            Self::Ko => Self::En,
            Self::En => Self::Ko,
        }
    }

    /// One of a pair the domain already holds in both languages (kind and status names).
    pub fn pick<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Ko => ko,
            Self::En => en,
        }
    }

    /// An error from the domain or the server: Korean with the English after it, or English
    /// alone for someone who chose English.
    pub fn message(self, ko: &str, en: &str) -> String {
        match self {
            Self::Ko if en.is_empty() => ko.to_owned(),
            Self::Ko => format!("{ko} ({en})"),
            Self::En if en.is_empty() => ko.to_owned(),
            Self::En => en.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn every_default_template_uses_only_its_own_variables() {
        for kind in NoticeKind::ALL {
            for lang in Lang::ALL {
                let (subject, body) = kind.default_template(lang);
                assert_eq!(check_template(kind, subject), Ok(()), "{kind} {lang:?} subject");
                assert_eq!(check_template(kind, body), Ok(()), "{kind} {lang:?} body");
            }
        }
    }

    #[test]
    fn text_messages_never_carry_what_the_filer_typed_and_a_receipt_fits_one_sms() {
        for kind in NoticeKind::ALL {
            for lang in Lang::ALL {
                let Some(text) = kind.sms_template(lang) else {
                    assert_eq!(kind.audience(), Audience::Staff, "{kind}: complainants get a text");
                    continue;
                };
                assert!(!text.contains("{name}") && !text.contains("{content}"), "{kind} {lang:?}: {text}");
            }
        }
        let v = values(&[("receipt_no", "VOC-2026-123456"), ("due_short", "12/31 17:30")]);
        for lang in Lang::ALL {
            let text = render(NoticeKind::Receipt.sms_template(lang).unwrap(), &v).unwrap();
            assert!(!is_long_message(&text), "{lang:?}: {} bytes: {text}", sms_bytes(&text));
        }
    }

    #[test]
    fn variables_are_filled_and_braces_escape() {
        let v = values(&[("receipt_no", "VOC-2026-000001"), ("name", "홍길동")]);
        assert_eq!(render("{name}님 {receipt_no} {{x}}", &v).unwrap(), "홍길동님 VOC-2026-000001 {x}");
        assert_eq!(render("{ name }", &v).unwrap(), "홍길동");
        assert_eq!(render("{kind}", &v).unwrap(), "");
    }

    #[test]
    fn unknown_and_unclosed_variables_are_refused_by_name() {
        assert_eq!(
            check_template(NoticeKind::Receipt, "{receipt_no} {password}"),
            Err(FieldError::UnknownVariable { name: "password".into() })
        );
        assert_eq!(check_template(NoticeKind::Receipt, "{receipt_no"), Err(FieldError::UnclosedVariable));
        // A staff notice cannot reach the complainant's tracking link, and the reverse.
        assert!(check_template(NoticeKind::Receipt, "{case_url}").is_err());
        assert!(check_template(NoticeKind::Overdue, "{tracking_url}").is_err());
    }

    #[test]
    fn korean_text_over_ninety_bytes_is_a_long_message() {
        assert_eq!(sms_bytes("abc"), 3);
        assert_eq!(sms_bytes("가나다"), 6);
        assert!(!is_long_message(&"가".repeat(45)));
        assert!(is_long_message(&"가".repeat(46)));
        assert!(!is_long_message(&"a".repeat(90)));
        assert!(is_long_message(&"a".repeat(91)));
    }

    #[test]
    fn notices_and_languages_parse_from_their_names() {
        for k in NoticeKind::ALL {
            assert_eq!(k.as_str().parse::<NoticeKind>(), Ok(k));
        }
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert!("bogus".parse::<NoticeKind>().is_err());
    }
}
