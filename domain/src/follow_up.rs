//! Follow-up on cases (SPEC lifecycle 10 and 11, reports, FAQ): the staff member a case
//! concerns and the cause, compensation, institutional improvement requests and answers
//! published as the public FAQ.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{BusinessCalendar, FieldError, FieldErrors, PeriodUnit, VocKind, reply_text};

/// Longest staff name, item or FAQ question, in characters.
pub const SHORT_MAX: usize = 100;
/// Compensation in goods when nothing else is said (SPEC lifecycle 10).
pub const DEFAULT_COMPENSATION_KRW: i64 = 10_000;
pub const DEFAULT_COMPENSATION_ITEM: &str = "상품권";
/// The largest compensation one record takes.
pub const MAX_COMPENSATION_KRW: i64 = 1_000_000;
/// A department head reports on an improvement request within this many months.
pub const IMPROVEMENT_MONTHS: u32 = 3;
/// Complaints for the same cause within a year that flag a staff member.
pub const STAFF_FLAG_THRESHOLD: i64 = 3;

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $err:expr, { $($v:ident => $code:literal, $ko:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$v),+];
            pub fn as_str(self) -> &'static str { match self { $(Self::$v => $code),+ } }
            pub fn ko(self) -> &'static str { match self { $(Self::$v => $ko),+ } }
            pub fn en(self) -> &'static str { match self { $(Self::$v => $en),+ } }
            /// Parses the wire code, or names the field error.
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                match s.trim() { $($code => Ok(Self::$v),)+ _ => Err($err) }
            }
        }
    };
}

code_enum!(
    /// Why a complaint about a staff member arose; a staff member with
    /// [`STAFF_FLAG_THRESHOLD`] complaints for one cause in a year is flagged.
    StaffCause, FieldError::UnknownCause, {
        Rudeness => "rudeness", "불친절", "Rudeness";
        WrongInformation => "wrong_information", "안내 오류", "Wrong information";
        Inexperience => "inexperience", "업무 미숙", "Inexperience";
        Delay => "delay", "처리 지연", "Delay";
        Other => "other", "기타", "Other";
    }
);

code_enum!(
    /// Why compensation was given: the grounds of both manuals (KGS 4.3 나: a visit or
    /// inconvenience caused by our error, confirmed rudeness; Mungyeong 4.3.2: the period
    /// not kept or no interim contact, a second visit for the same matter).
    CompensationReason, FieldError::UnknownCompensationReason, {
        RepeatVisit => "repeat_visit", "기관 과실로 재방문", "Repeat visit caused by us";
        Rudeness => "rudeness", "불친절 신고 확인", "Confirmed rudeness report";
        Inconvenience => "inconvenience", "업무 처리 잘못으로 인한 불편", "Inconvenience caused by our error";
        LateHandling => "late_handling", "처리기간 미준수", "Handling period not kept";
        MissingInterimNotice => "missing_interim_notice", "중간 연락 누락", "No interim contact while it was due";
    }
);

/// The amount each compensation ground gives when none is named: the manuals' 10,000 KRW in
/// goods unless configured otherwise (`VOC_COMPENSATION_KRW`, e.g. `rudeness=20000`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompensationDefaults(std::collections::BTreeMap<CompensationReason, i64>);

impl Default for CompensationDefaults {
    fn default() -> Self {
        Self(CompensationReason::ALL.iter().map(|r| (*r, DEFAULT_COMPENSATION_KRW)).collect())
    }
}

impl CompensationDefaults {
    pub fn amount(&self, reason: CompensationReason) -> i64 {
        self.0.get(&reason).copied().unwrap_or(DEFAULT_COMPENSATION_KRW)
    }

    /// `reason=amount` pairs separated by commas; the grounds not named keep 10,000 KRW.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut d = Self::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (reason, amount) = pair.split_once('=').ok_or_else(|| format!("{pair:?} is not reason=amount"))?;
            let reason =
                CompensationReason::parse(reason).map_err(|_| format!("{reason:?} is not a compensation ground"))?;
            let amount = amount
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|a| (1..=MAX_COMPENSATION_KRW).contains(a))
                .ok_or_else(|| format!("{amount:?} is not an amount from 1 to {MAX_COMPENSATION_KRW} KRW"))?;
            d.0.insert(reason, amount);
        }
        Ok(d)
    }
}

code_enum!(
    /// What a department head reports on an improvement request.
    ImprovementOutcome, FieldError::UnknownOutcome, {
        Implemented => "implemented", "개선 완료", "Implemented";
        Declined => "declined", "불수용(사유 회신)", "Declined, with reasons";
    }
);

code_enum!(
    /// The grievance process (고충민원, CCM 4.3.1 5): investigation of the department's action,
    /// deliberation (correction or improvement opinion), institutional improvement; unlawful
    /// or unfair findings are referred to audit.
    GrievanceStage, FieldError::UnknownStage, {
        Investigation => "investigation", "조사", "Investigation";
        Deliberation => "deliberation", "심의", "Deliberation";
        Improvement => "improvement", "제도개선", "Institutional improvement";
        AuditReferral => "audit_referral", "감사 의뢰", "Referred to audit";
    }
);

code_enum!(
    /// What the grievance deliberation (심의) concluded.
    GrievanceOpinion, FieldError::UnknownOpinion, {
        Correction => "correction", "시정 권고", "Correction recommended";
        Improvement => "improvement", "제도개선 의견 표명", "Institutional improvement proposed";
        Dismissed => "dismissed", "기각 (위법·부당 없음)", "Dismissed (nothing unlawful or unfair)";
    }
);

impl GrievanceStage {
    /// The stage that must be on record first.
    pub fn requires(self) -> Option<Self> {
        match self {
            Self::Investigation => None,
            Self::Deliberation | Self::AuditReferral => Some(Self::Investigation),
            Self::Improvement => Some(Self::Deliberation),
        }
    }
}

/// `POST /api/v1/cases/{id}/grievance` `{stage, note, opinion?, department?}`: one step of
/// the grievance process. The deliberation states its opinion; the improvement stage opens an
/// improvement request to a department (the case's unless named); an audit referral goes to
/// the audit department (the one with the code `audit` unless named).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceInput {
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub note: String,
    /// A [`GrievanceOpinion`] code: required at deliberation, refused at other stages.
    #[serde(default)]
    pub opinion: Option<String>,
    /// A department id or code, for the improvement stage and the audit referral only.
    #[serde(default)]
    pub department: Option<serde_json::Value>,
}

/// A grievance step that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidGrievanceStep {
    pub stage: GrievanceStage,
    pub note: String,
    pub opinion: Option<GrievanceOpinion>,
}

impl GrievanceInput {
    pub fn validate(&self) -> Result<ValidGrievanceStep, FieldErrors> {
        let mut errs = FieldErrors::default();
        let stage = errs.take("stage", GrievanceStage::parse(&self.stage));
        let note = errs.take("note", reply_text(&self.note));
        let given = self.opinion.as_deref().map(str::trim).filter(|o| !o.is_empty());
        let opinion = match (stage, given) {
            (Some(GrievanceStage::Deliberation), None) => errs.take("opinion", Err(FieldError::Required)),
            (Some(GrievanceStage::Deliberation), Some(o)) => errs.take("opinion", GrievanceOpinion::parse(o)),
            (Some(_), Some(_)) => errs.take("opinion", Err(FieldError::NotAtThisStage)),
            _ => None,
        };
        let department = self.department.as_ref().is_some_and(|d| match d {
            serde_json::Value::Null => false,
            serde_json::Value::String(s) => !s.trim().is_empty(),
            _ => true,
        });
        if department && !matches!(stage, Some(GrievanceStage::Improvement | GrievanceStage::AuditReferral) | None) {
            errs.add("department", FieldError::NotAtThisStage);
        }
        match (stage, note) {
            (Some(stage), Some(note)) if errs.is_empty() => Ok(ValidGrievanceStep { stage, note, opinion }),
            _ => Err(errs),
        }
    }
}

/// What a person may do with an improvement request now, computed here once: the server
/// authorises with it and the page shows only these forms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementActions {
    /// Report what was done, or why not (once).
    #[serde(default)]
    pub report: bool,
    /// Extend the due day once, before it has passed.
    #[serde(default)]
    pub extend: bool,
}

/// Whether `role` answers for an improvement request asked of its department (`asked`):
/// the department's head.
pub fn answers_improvement(role: crate::Role, asked: bool) -> bool {
    role == crate::Role::DepartmentHead && asked
}

/// What `role` may do with a request asked (or not) of its department, in its state.
pub fn improvement_actions(
    role: crate::Role,
    asked: bool,
    reported: bool,
    extended: bool,
    overdue: bool,
) -> ImprovementActions {
    let head = answers_improvement(role, asked) && !reported;
    ImprovementActions { report: head, extend: head && !extended && !overdue }
}

/// `POST /api/v1/improvements/{id}/extend` `{reason, due_date}`: the asked department's one
/// extension of an improvement request, before its due day has passed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementExtensionInput {
    #[serde(default)]
    pub reason: String,
    /// The new last day (`YYYY-MM-DD`): after the current one, at most three months later.
    #[serde(default)]
    pub due_date: String,
}

impl ImprovementExtensionInput {
    /// Checks the reason and the new day against the current last day `due_day`; returns the
    /// reason and the new last day.
    pub fn validate(&self, due_day: chrono::NaiveDate) -> Result<(String, chrono::NaiveDate), FieldErrors> {
        let mut errs = FieldErrors::default();
        let reason = errs.take("reason", crate::case::bounded_text(&self.reason, 5, 1000));
        let limit = due_day.checked_add_months(chrono::Months::new(IMPROVEMENT_MONTHS)).unwrap_or(due_day);
        let day = match self.due_date.trim() {
            "" => errs.take("due_date", Err(FieldError::Required)),
            d => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => errs.take("due_date", Err(FieldError::InvalidDate)),
                Ok(day) if day <= due_day => {
                    errs.take("due_date", Err(FieldError::NotLaterThanDue { due: due_day.to_string() }))
                }
                Ok(day) if day > limit => {
                    errs.take("due_date", Err(FieldError::ExtensionTooLong { last: limit.to_string() }))
                }
                Ok(day) => Some(day),
            },
        };
        match (reason, day) {
            (Some(r), Some(d)) if errs.is_empty() => Ok((r, d)),
            _ => Err(errs),
        }
    }
}

fn short_text(v: &str, required: bool) -> Result<String, FieldError> {
    let t = v.trim();
    if t.is_empty() && required {
        Err(FieldError::Required)
    } else if t.chars().count() > SHORT_MAX {
        Err(FieldError::TooLong { max: SHORT_MAX })
    } else {
        Ok(t.to_owned())
    }
}

/// `PUT /api/v1/cases/{id}/staff`: the staff member a case concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInput {
    #[serde(default)]
    pub staff_name: String,
    /// The staff member's department (id or code); the case's department when empty.
    #[serde(default)]
    pub department: Option<serde_json::Value>,
    /// A [`StaffCause`] code; required unless the case is praise, refused if it is.
    #[serde(default)]
    pub cause: Option<String>,
    /// Referred for CS training.
    #[serde(default)]
    pub cs_training: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStaff {
    pub staff_name: String,
    pub cause: Option<StaffCause>,
    pub cs_training: bool,
}

impl ValidStaff {
    /// How the staff line reads in the case's history: the name, the cause, the referral.
    pub fn history_text(&self) -> String {
        let mut t = self.staff_name.clone();
        if let Some(c) = self.cause {
            t.push_str(&format!(" ({})", c.ko()));
        }
        if self.cs_training {
            t.push_str(" · CS 교육 대상");
        }
        t
    }
}

/// Whom a CS training referral of `named` staff goes to, from the active accounts that carry
/// the name as display name or login (`accounts`: id and department, oldest first): the one
/// such account, looked for within `department` first when one of them is there; a name two
/// accounts share, or none, stays a name (no account). Answers the account and the
/// department the referral counts under: `department`, else the account's own.
pub fn referral_account(accounts: &[(i64, Option<i64>)], department: Option<i64>) -> (Option<i64>, Option<i64>) {
    let within: Vec<&(i64, Option<i64>)> = match department {
        Some(d) if accounts.iter().any(|(_, ad)| *ad == Some(d)) => {
            accounts.iter().filter(|(_, ad)| *ad == Some(d)).collect()
        }
        _ => accounts.iter().collect(),
    };
    let account = match within.as_slice() {
        [(id, _)] => Some(*id),
        _ => None,
    };
    let department = department.or_else(|| within.first().and_then(|(_, d)| *d).filter(|_| account.is_some()));
    (account, department)
}

impl StaffInput {
    pub fn validate(&self, kind: VocKind) -> Result<ValidStaff, FieldErrors> {
        let mut errs = FieldErrors::default();
        let staff_name = errs.take("staff_name", short_text(&self.staff_name, true));
        let cause = self.cause.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let cause = match (kind, cause) {
            (VocKind::Praise, None) => None,
            (VocKind::Praise, Some(_)) => {
                errs.add("cause", FieldError::NoCauseForPraise);
                None
            }
            (_, None) => {
                errs.add("cause", FieldError::Required);
                None
            }
            (_, Some(c)) => errs.take("cause", StaffCause::parse(c)),
        };
        match staff_name {
            Some(staff_name) if errs.is_empty() => {
                Ok(ValidStaff { staff_name, cause, cs_training: self.cs_training && kind != VocKind::Praise })
            }
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/cases/{id}/compensations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationInput {
    #[serde(default)]
    pub reason: String,
    /// KRW; the ground's default amount ([`CompensationDefaults`]) when absent.
    #[serde(default)]
    pub amount: Option<i64>,
    /// What was given; [`DEFAULT_COMPENSATION_ITEM`] when empty.
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCompensation {
    pub reason: CompensationReason,
    pub amount: i64,
    pub item: String,
    pub note: String,
}

impl CompensationInput {
    pub fn validate(&self) -> Result<ValidCompensation, FieldErrors> {
        self.validate_with(&CompensationDefaults::default())
    }

    /// [`Self::validate`] with the configured amount of each ground.
    pub fn validate_with(&self, defaults: &CompensationDefaults) -> Result<ValidCompensation, FieldErrors> {
        let mut errs = FieldErrors::default();
        let reason = errs.take("reason", CompensationReason::parse(&self.reason));
        let default = reason.map_or(DEFAULT_COMPENSATION_KRW, |r| defaults.amount(r));
        let amount = match self.amount.unwrap_or(default) {
            a if a < 1 => Err(FieldError::NumberTooSmall { min: 1 }),
            a if a > MAX_COMPENSATION_KRW => Err(FieldError::NumberTooLarge { max: MAX_COMPENSATION_KRW }),
            a => Ok(a),
        };
        let amount = errs.take("amount", amount);
        let item = errs.take("item", short_text(&self.item, false));
        let note =
            if self.note.trim().is_empty() { Some(String::new()) } else { errs.take("note", reply_text(&self.note)) };
        match (reason, amount, item, note) {
            (Some(reason), Some(amount), Some(item), Some(note)) if errs.is_empty() => Ok(ValidCompensation {
                reason,
                amount,
                item: if item.is_empty() { DEFAULT_COMPENSATION_ITEM.to_owned() } else { item },
                note,
            }),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/improvements`: the VOC manager asks a department head for a change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementInput {
    /// A department id or code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub department: serde_json::Value,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub body: String,
    /// The case that prompted it, by receipt number; optional.
    #[serde(default)]
    pub receipt_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidImprovement {
    pub title: String,
    pub body: String,
    pub receipt_no: Option<super::ReceiptNo>,
}

impl ImprovementInput {
    /// Checks the texts and the receipt number's form; the department and the case are the
    /// server's to resolve (an empty department is refused here).
    pub fn validate(&self) -> Result<ValidImprovement, FieldErrors> {
        let mut errs = FieldErrors::default();
        let empty = match &self.department {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            errs.add("department", FieldError::Required);
        }
        let title = errs.take("title", short_text(&self.title, true));
        let body = errs.take("body", reply_text(&self.body));
        let receipt_no = match self.receipt_no.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(r) => errs.take("receipt_no", r.parse::<super::ReceiptNo>().map_err(|_| FieldError::UnknownCase)),
        };
        match (title, body) {
            (Some(title), Some(body)) if errs.is_empty() => Ok(ValidImprovement { title, body, receipt_no }),
            _ => Err(errs),
        }
    }
}

/// When a report on an improvement requested at `requested` is due: three months by the
/// calendar, the first day included (민원처리법 제19조③ with 민법 제159~161조), at the close of
/// business; a last day on a Saturday or holiday moves to the next working day.
pub fn improvement_due(calendar: &BusinessCalendar, requested: DateTime<Utc>) -> DateTime<Utc> {
    calendar.period_end(requested, PeriodUnit::Months, IMPROVEMENT_MONTHS)
}

/// The last day a report due at `due_at` may come on, as the history and notices name it: a
/// due at the close of business or the midnight after it falls on that day.
pub fn improvement_last_day(due_at: DateTime<Utc>) -> chrono::NaiveDate {
    crate::to_seoul(due_at - chrono::Duration::seconds(1)).date_naive()
}

/// `POST /api/v1/improvements/{id}/report`: the head's report, once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementReportInput {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub report: String,
}

impl ImprovementReportInput {
    pub fn validate(&self) -> Result<(ImprovementOutcome, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let outcome = errs.take("outcome", ImprovementOutcome::parse(&self.outcome));
        let report = errs.take("report", reply_text(&self.report));
        match (outcome, report) {
            (Some(o), Some(r)) => Ok((o, r)),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/faq`: a closed case's question and answer, rewritten for the public.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqInput {
    #[serde(default)]
    pub case_id: i64,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub answer: String,
}

impl FaqInput {
    /// Checks both texts; `known` are the complainant's own name, phone and e-mail, which
    /// must not appear either.
    pub fn validate(&self, known: &[&str]) -> Result<(String, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut text = |field: &str, v: &str| {
            let t = errs.take(field, reply_text(v))?;
            match personal_data(&t, known) {
                Some(what) => {
                    errs.add(field, FieldError::PersonalData { what });
                    None
                }
                None => Some(t),
            }
        };
        let question = text("question", &self.question);
        let answer = text("answer", &self.answer);
        match (question, answer) {
            (Some(q), Some(a)) => Ok((q, a)),
            _ => Err(errs),
        }
    }
}

/// A text others will read, trimmed: refused when `required` and empty, longer than `max`
/// characters, or holding personal data of `known` (see [`personal_data`]).
pub(crate) fn shared_text(
    errs: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
    known: &[&str],
) -> String {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errs.add(field, FieldError::Required);
        }
    } else if value.chars().count() > max {
        errs.add(field, FieldError::TooLong { max });
    } else if let Some(what) = personal_data(value, known) {
        errs.add(field, FieldError::PersonalData { what });
    }
    value.to_owned()
}

/// What kind of personal data `text` seems to hold, if any: an e-mail address, a resident
/// registration number (6 + 7 digits), a phone number (9 or more digits starting with 0,
/// separators allowed), or one of the `known` values (the complainant's name, phone, e-mail).
/// Errs on the side of refusing: the VOC manager rewrites the text, nothing leaks.
pub fn personal_data(text: &str, known: &[&str]) -> Option<&'static str> {
    personal_spans(text, known).into_iter().next().map(|(_, kind)| kind)
}

/// The text left where a complaint (or a supplement its complainant sent) was, once its
/// personal data is destroyed after the retention period.
pub const PURGED_TEXT: &str = "(보존기간이 지나 파기됨 · destroyed after the retention period)";

/// `text` with what [`personal_data`] finds masked: `ho***@example.com`, `010-****-5678`,
/// `900101-*******`, `홍*동` — for readers who need the text but not the person (an asked
/// department, a delivery error shown to staff).
pub fn mask_personal_data(text: &str, known: &[&str]) -> String {
    let mut spans = personal_spans(text, known);
    spans.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, kind) in spans {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        let found = &text[range.clone()];
        match kind {
            "email" => {
                let (local, domain) = found.rsplit_once('@').unwrap_or((found, ""));
                let keep: String = local.chars().take(2).collect();
                out.push_str(&format!("{keep}***@{domain}"));
            }
            "rrn" => {
                let mut digits = 0;
                out.extend(found.chars().map(|c| {
                    digits += usize::from(c.is_ascii_digit());
                    if c.is_ascii_digit() && digits > 6 { '*' } else { c }
                }));
            }
            "phone" => {
                let total = found.chars().filter(char::is_ascii_digit).count();
                let mut digits = 0;
                out.extend(found.chars().map(|c| {
                    digits += usize::from(c.is_ascii_digit());
                    if c.is_ascii_digit() && digits > 3 && digits <= total - 4 { '*' } else { c }
                }));
            }
            _ => {
                let mut chars = found.chars();
                out.extend(chars.next());
                out.extend(chars.map(|_| '*'));
            }
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where personal data stands in `text` (byte ranges) and of which kind.
fn personal_spans(text: &str, known: &[&str]) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let digits_of = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let mut spans = Vec::new();
    // E-mail addresses: words with a user, an '@' and a dotted host, less the punctuation
    // around them (`<hong@example.com>:` in a mail server's refusal).
    let mut pos = 0;
    for word in text.split_whitespace() {
        let start = pos + text[pos..].find(word).unwrap_or(0);
        pos = start + word.len();
        let trimmed = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '@'));
        if let Some((user, host)) = trimmed.split_once('@')
            && !user.is_empty()
            && host.contains('.')
        {
            let offset = word.find(trimmed).unwrap_or(0);
            spans.push((start + offset..start + offset + trimmed.len(), "email"));
        }
    }
    // Runs of digits joined by '-', '.' or single spaces.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len()
            && (chars[end].1.is_ascii_digit()
                || (matches!(chars[end].1, '-' | '.' | ' ')
                    && chars.get(end + 1).is_some_and(|(_, c)| c.is_ascii_digit())))
        {
            end += 1;
        }
        let (from, to) = (chars[start].0, chars.get(end).map_or(text.len(), |(b, _)| *b));
        let run = &text[from..to];
        let digits = digits_of(run);
        let groups: Vec<&str> = run.split(['-', '.', ' ']).collect();
        let inside_email = spans.iter().any(|(r, _)| r.start <= from && to <= r.end);
        if !inside_email {
            if digits.len() == 13 && groups.len() == 2 && groups[0].len() == 6 {
                spans.push((from..to, "rrn"));
            } else if digits.len() >= 9 && digits.len() <= 12 && digits.starts_with('0') {
                spans.push((from..to, "phone"));
            }
        }
        i = end;
    }
    let lower = text.to_lowercase();
    let text_digits = digits_of(text);
    for k in known.iter().map(|k| k.trim()).filter(|k| k.chars().count() >= 2) {
        let kd = digits_of(k);
        if kd.len() >= 8 && text_digits.contains(&kd) && !spans.iter().any(|(_, kind)| *kind == "phone") {
            spans.push((0..0, "phone"));
        }
        if kd.len() < 8 {
            // Same length in lower case for the scripts personal names are written in.
            let key = k.to_lowercase();
            if let Some(at) = lower.find(&key).filter(|_| lower.len() == text.len()) {
                spans.push((at..at + key.len(), if k.contains('@') { "email" } else { "name" }));
            } else if lower.contains(&key) {
                spans.push((0..0, if k.contains('@') { "email" } else { "name" }));
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::{StaffCause, ValidStaff, referral_account};

    #[test]
    fn a_referral_goes_to_the_one_account_of_the_name_within_the_department_first() {
        // One account of the name: it, and its department when the record names none.
        assert_eq!(referral_account(&[(7, Some(3))], None), (Some(7), Some(3)));
        assert_eq!(referral_account(&[(7, Some(3))], Some(2)), (Some(7), Some(2)));
        // Two share it: within the named department the one there is meant.
        assert_eq!(referral_account(&[(7, Some(3)), (9, Some(2))], Some(2)), (Some(9), Some(2)));
        // Two share it and the record names no department (or neither's): a name only.
        assert_eq!(referral_account(&[(7, Some(3)), (9, Some(2))], None), (None, None));
        assert_eq!(referral_account(&[(7, Some(3)), (9, Some(2))], Some(5)), (None, Some(5)));
        // Nobody carries it.
        assert_eq!(referral_account(&[], Some(2)), (None, Some(2)));
        assert_eq!(referral_account(&[], None), (None, None));
    }

    #[test]
    fn the_staff_line_names_the_cause_and_the_referral() {
        let staff = ValidStaff { staff_name: "김직원".into(), cause: Some(StaffCause::Rudeness), cs_training: true };
        assert_eq!(staff.history_text(), format!("김직원 ({}) · CS 교육 대상", StaffCause::Rudeness.ko()));
        let praise = ValidStaff { staff_name: "이친절".into(), cause: None, cs_training: false };
        assert_eq!(praise.history_text(), "이친절");
    }
    #[test]
    fn a_deliberation_states_its_opinion_and_only_it_does() {
        let step = |stage: &str, opinion: Option<&str>, department: Option<serde_json::Value>| GrievanceInput {
            stage: stage.into(),
            note: "조사 결과 안내 절차가 규정과 달랐습니다".into(),
            opinion: opinion.map(Into::into),
            department,
        };
        let v = step("deliberation", Some("improvement"), None).validate().unwrap();
        assert_eq!((v.stage, v.opinion), (GrievanceStage::Deliberation, Some(GrievanceOpinion::Improvement)));
        let code = |i: GrievanceInput, f: &str| i.validate().unwrap_err().get(f).map(|m| m.code.clone());
        assert_eq!(code(step("deliberation", None, None), "opinion").as_deref(), Some("required"));
        assert_eq!(code(step("deliberation", Some("maybe"), None), "opinion").as_deref(), Some("unknown_opinion"));
        assert_eq!(
            code(step("investigation", Some("correction"), None), "opinion").as_deref(),
            Some("not_at_this_stage")
        );
        let dept = Some(serde_json::json!("audit"));
        assert_eq!(code(step("investigation", None, dept.clone()), "department").as_deref(), Some("not_at_this_stage"));
        assert!(step("audit_referral", None, dept.clone()).validate().is_ok());
        assert!(step("improvement", None, dept).validate().is_ok());
        assert!(step("improvement", None, Some(serde_json::json!(""))).validate().is_ok(), "blank is none");
    }

    #[test]
    fn an_improvement_is_extended_to_a_later_day_at_most_three_months_on() {
        let due = chrono::NaiveDate::from_ymd_opt(2027, 2, 26).unwrap();
        let ext = |reason: &str, day: &str| ImprovementExtensionInput { reason: reason.into(), due_date: day.into() };
        assert_eq!(
            ext("예산 편성 뒤에 시행합니다", "2027-05-26").validate(due),
            Ok(("예산 편성 뒤에 시행합니다".into(), chrono::NaiveDate::from_ymd_opt(2027, 5, 26).unwrap()))
        );
        let code = |i: ImprovementExtensionInput, f: &str| i.validate(due).unwrap_err().get(f).map(|m| m.code.clone());
        assert_eq!(code(ext("예산 편성 뒤에", "2027-05-27"), "due_date").as_deref(), Some("extension_too_long"));
        assert_eq!(code(ext("예산 편성 뒤에", "2027-02-26"), "due_date").as_deref(), Some("not_later_than_due"));
        assert_eq!(code(ext("예산 편성 뒤에", "다음 달"), "due_date").as_deref(), Some("invalid_date"));
        assert_eq!(code(ext("", "2027-03-02"), "reason").as_deref(), Some("required"));
    }

    use super::*;

    fn codes(errs: &FieldErrors) -> Vec<(&str, &str)> {
        errs.codes()
    }

    #[test]
    fn personal_data_in_free_text_is_masked_and_the_rest_kept() {
        assert_eq!(
            mask_personal_data("550 5.1.1 <hong.gildong@example.com>: no such user", &[]),
            "550 5.1.1 <ho***@example.com>: no such user"
        );
        assert_eq!(mask_personal_data("연락처 010-1234-5678로 전화", &[]), "연락처 010-****-5678로 전화");
        assert_eq!(mask_personal_data("주민번호 900101-1234567 입니다", &[]), "주민번호 900101-******* 입니다");
        assert_eq!(mask_personal_data("홍길동 고객의 요청", &["홍길동"]), "홍** 고객의 요청");
        assert_eq!(mask_personal_data("2026년 3월 5일 12시 레일바이크", &[]), "2026년 3월 5일 12시 레일바이크");
        assert_eq!(personal_data("메일 a.b@c.kr 로", &[]), Some("email"));
    }

    #[test]
    fn a_complaint_needs_a_cause_and_praise_refuses_one() {
        let input = StaffInput { staff_name: " 김친절 ".into(), ..StaffInput::default() };
        assert_eq!(codes(&input.validate(VocKind::Complaint).unwrap_err()), [("cause", "required")]);
        let praise = input.validate(VocKind::Praise).unwrap();
        assert_eq!((praise.staff_name.as_str(), praise.cause), ("김친절", None));
        let with_cause = StaffInput { cause: Some("rudeness".into()), cs_training: true, ..input.clone() };
        assert_eq!(codes(&with_cause.validate(VocKind::Praise).unwrap_err()), [("cause", "no_cause_for_praise")]);
        let v = with_cause.validate(VocKind::Complaint).unwrap();
        assert_eq!((v.cause, v.cs_training), (Some(StaffCause::Rudeness), true));
        let bad = StaffInput { staff_name: String::new(), cause: Some("moody".into()), ..input };
        assert_eq!(
            codes(&bad.validate(VocKind::Complaint).unwrap_err()),
            [("cause", "unknown_cause"), ("staff_name", "required")]
        );
    }

    #[test]
    fn compensation_defaults_to_ten_thousand_won_in_goods() {
        let v = CompensationInput { reason: "repeat_visit".into(), ..CompensationInput::default() }.validate().unwrap();
        assert_eq!((v.amount, v.item.as_str()), (10_000, "상품권"));
        let bad = CompensationInput { reason: "gift".into(), amount: Some(0), ..CompensationInput::default() };
        assert_eq!(
            codes(&bad.validate().unwrap_err()),
            [("amount", "number_too_small"), ("reason", "unknown_compensation_reason")]
        );
        let big =
            CompensationInput { reason: "rudeness".into(), amount: Some(2_000_000), ..CompensationInput::default() };
        assert_eq!(codes(&big.validate().unwrap_err()), [("amount", "number_too_large")]);
    }

    #[test]
    fn each_ground_has_its_configured_default_amount() {
        assert_eq!(CompensationReason::ALL.len(), 5, "both manuals' grounds");
        let d = CompensationDefaults::parse("late_handling=5000, rudeness = 20000").unwrap();
        let given = |reason: &str| {
            CompensationInput { reason: reason.into(), ..CompensationInput::default() }
                .validate_with(&d)
                .unwrap()
                .amount
        };
        assert_eq!(
            (given("late_handling"), given("rudeness"), given("missing_interim_notice")),
            (5_000, 20_000, 10_000)
        );
        // A named amount wins over the default.
        let named =
            CompensationInput { reason: "inconvenience".into(), amount: Some(3_000), ..CompensationInput::default() };
        assert_eq!(named.validate_with(&d).unwrap().amount, 3_000);
        for bad in ["gift=100", "rudeness", "rudeness=0", "rudeness=2000000", "rudeness=lots"] {
            assert!(CompensationDefaults::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CompensationDefaults::parse("").unwrap(), CompensationDefaults::default());
    }

    #[test]
    fn improvements_are_due_three_calendar_months_on_the_first_day_included() {
        let cal = crate::BusinessCalendar::new(crate::BusinessHours::default(), crate::korean_public_holiday_dates());
        let due = |y, m, day| {
            let at = crate::seoul_midnight(chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap())
                + chrono::Duration::hours(10);
            crate::to_seoul(improvement_due(&cal, at)).format("%Y-%m-%d %H:%M").to_string()
        };
        assert_eq!(due(2026, 11, 23), "2027-02-22 18:00", "the day before the same date");
        assert_eq!(due(2026, 11, 30), "2027-03-02 18:00", "28 February is a Sunday, 1 March 삼일절");
        assert_eq!(due(2027, 11, 30), "2028-02-29 18:00", "leap year");
        assert_eq!(due(2026, 6, 1), "2026-08-31 18:00");
        assert_eq!(due(2026, 12, 31), "2027-03-30 18:00", "across the year end");
    }

    #[test]
    fn a_report_due_at_closing_or_the_midnight_after_is_due_that_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 2, 22).unwrap();
        let midnight_after = crate::seoul_midnight(day.succ_opt().unwrap());
        assert_eq!(improvement_last_day(midnight_after), day);
        assert_eq!(improvement_last_day(midnight_after - chrono::Duration::hours(6)), day, "18:00");
        assert_eq!(improvement_last_day(midnight_after + chrono::Duration::seconds(1)), day.succ_opt().unwrap());
    }

    #[test]
    fn an_improvement_request_needs_a_department_title_and_body() {
        let errs = ImprovementInput { receipt_no: Some("nonsense".into()), ..ImprovementInput::default() }
            .validate()
            .unwrap_err();
        assert_eq!(
            codes(&errs),
            [("body", "required"), ("department", "required"), ("receipt_no", "unknown_case"), ("title", "required")]
        );
        let report = ImprovementReportInput { outcome: "done".into(), report: "x".into() }.validate().unwrap_err();
        assert_eq!(codes(&report), [("outcome", "unknown_outcome")]);
    }

    #[test]
    fn grievance_stages_come_in_order() {
        use GrievanceStage as G;
        assert_eq!(G::Investigation.requires(), None);
        assert_eq!(G::Deliberation.requires(), Some(G::Investigation));
        assert_eq!(G::AuditReferral.requires(), Some(G::Investigation));
        assert_eq!(G::Improvement.requires(), Some(G::Deliberation));
        let errs =
            GrievanceInput { stage: "trial".into(), note: " ".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(codes(&errs), [("note", "required"), ("stage", "unknown_stage")]);
    }

    #[test]
    fn personal_data_is_found_in_its_usual_forms() {
        let none: &[&str] = &[];
        assert_eq!(personal_data("연락처 010-1234-5678 로 주세요", none), Some("phone"));
        assert_eq!(personal_data("054.550.1234", none), Some("phone"));
        assert_eq!(personal_data("01012345678", none), Some("phone"));
        assert_eq!(personal_data("메일 kim@example.com 주세요", none), Some("email"));
        assert_eq!(personal_data("900101-1234567", none), Some("rrn"));
        assert_eq!(personal_data("2026-11-23 접수, 요금 10,000원, 3번 출구", none), None);
        assert_eq!(personal_data("접수번호 VOC-2026-000123 건", none), None);
        let known = ["홍길동", "010-9999-8888", "hong@example.org"];
        assert_eq!(personal_data("홍길동 고객님께서 문의하신", &known), Some("name"));
        assert_eq!(personal_data("HONG@EXAMPLE.ORG", &known), Some("email"));
        assert_eq!(personal_data("고객님께서 문의하신 운영시간은", &known), None);
        let faq =
            FaqInput { case_id: 1, question: "운영시간이 궁금합니다".into(), answer: "010 9999 8888".into() };
        assert_eq!(codes(&faq.validate(&known).unwrap_err()), [("answer", "personal_data")]);
    }
}
