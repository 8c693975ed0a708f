//! The good-practice library and the awards (Mungyeong manual: "VOC 평가결과가 우수한 부서 및
//! 직원에 대하여 포상", "우수(실패)사례를 … 전 직원과 공유"; the CS 우수직원 and CS 우수사업장
//! awards once a year). A department proposes one of its closed cases as a good practice or a
//! lesson learned; the VOC office shares it with every staff member or declines it with a
//! reason, and its own proposals are shared at once. Awards go to a staff member or a
//! department for a year's work; the year's praise and shared practices suggest the
//! candidates.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::follow_up::shared_text;
use super::labelled::labelled;
use super::{FieldError, FieldErrors, Role};

labelled! {
    /// What a library entry teaches.
    PracticeKind / UnknownOption {
        Good => "good", "우수사례", "Good practice";
        Lesson => "lesson", "개선 교훈(실패사례)", "Lesson from a failure";
    }
}

labelled! {
    /// Where an entry stands.
    PracticeState / UnknownStatus {
        Proposed => "proposed", "추천됨(검토 대기)", "Proposed, awaiting review";
        Shared => "shared", "전 직원 공유", "Shared with all staff";
        Declined => "declined", "채택하지 않음", "Declined";
    }
}

labelled! {
    /// Recipient an award goes to.
    AwardKind / UnknownOption {
        Staff => "staff", "CS 우수직원", "Outstanding staff member";
        Department => "department", "CS 우수부서", "Outstanding department";
    }
}

const MAX_TITLE: usize = 100;
const MAX_TEXT: usize = 2000;
const MAX_NAME: usize = 50;
const MAX_REASON: usize = 500;
const MAX_HONOUR: usize = 100;
const MAX_REWARD: usize = 200;
/// Awards are recorded for years from this one.
pub const AWARD_FIRST_YEAR: i32 = 2000;
/// The candidates listed per kind of award.
pub const CANDIDATES_SHOWN: usize = 10;

/// `POST /api/v1/cases/{id}/practice`: a closed case proposed for the library. The texts are
/// read by every staff member, so they hold no personal data of the complainant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeInput {
    /// `good` or `lesson`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub title: String,
    /// What happened (상황).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub situation: String,
    /// What was done (조치).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub action: String,
    /// What others can learn from it (시사점).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub lesson: String,
    /// The staff member it praises, if any (as staff are named on cases).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub staff_name: String,
}

/// A library entry's content, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPractice {
    pub kind: PracticeKind,
    pub title: String,
    pub situation: String,
    pub action: String,
    pub lesson: String,
    pub staff_name: Option<String>,
}

/// An optional text of at most `max` characters, trimmed; none when empty.
fn optional(errs: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max {
        errs.add(field, FieldError::TooLong { max });
    }
    (!value.is_empty()).then(|| value.to_owned())
}

impl PracticeInput {
    /// The entry, or every refused field at once. `known` are the complainant's name and
    /// contacts (unmasked on the server; the browser has only masks and passes none).
    pub fn validate(&self, known: &[&str]) -> Result<ValidPractice, FieldErrors> {
        let mut errs = FieldErrors::default();
        let kind = errs.take("kind", self.kind.parse::<PracticeKind>());
        let title = shared_text(&mut errs, "title", &self.title, MAX_TITLE, true, known);
        let situation = shared_text(&mut errs, "situation", &self.situation, MAX_TEXT, true, known);
        let action = shared_text(&mut errs, "action", &self.action, MAX_TEXT, true, known);
        let lesson = shared_text(&mut errs, "lesson", &self.lesson, MAX_TEXT, true, known);
        let staff_name = optional(&mut errs, "staff_name", &self.staff_name, MAX_NAME);
        match kind {
            Some(kind) if errs.is_empty() => Ok(ValidPractice { kind, title, situation, action, lesson, staff_name }),
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/good-practices/{id}/decision`: share a proposed entry, or decline it with a
/// reason the proposer reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeDecisionInput {
    pub share: bool,
    /// Needed to decline.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

impl PracticeDecisionInput {
    /// The decline reason (none when shared), or the refused field.
    pub fn validate(&self) -> Result<Option<String>, FieldErrors> {
        let mut errs = FieldErrors::default();
        let reason = optional(&mut errs, "reason", &self.reason, MAX_REASON);
        if !self.share && reason.is_none() {
            errs.add("reason", FieldError::Required);
        }
        if errs.is_empty() { Ok(if self.share { None } else { reason }) } else { Err(errs) }
    }
}

/// What a reader may do with a library entry: computed here once and sent to the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeActions {
    /// Share or decline it (a proposal; the VOC office).
    pub decide: bool,
}

/// What `role` may do with an entry in `state`.
pub fn practice_actions(role: Role, state: PracticeState) -> PracticeActions {
    PracticeActions { decide: state == PracticeState::Proposed && role.keeps_practices() }
}

/// Whether a reader sees an entry: a shared one everyone who reads the library; a proposal or a
/// declined one the VOC office, and the staff of the department it came from.
pub fn practice_visible(
    role: Role,
    user_department: Option<i64>,
    state: PracticeState,
    department: Option<i64>,
) -> bool {
    role.reads_ccm_records()
        && (state == PracticeState::Shared
            || role.keeps_practices()
            || (user_department.is_some() && user_department == department))
}

/// `POST /api/v1/awards`: an award for a year's work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardInput {
    /// The year whose work it rewards.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 9999))]
    pub year: i32,
    /// `staff` or `department`.
    #[serde(default)]
    pub kind: String,
    /// The staff member (a staff award).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub staff_name: String,
    /// The department: the awarded one, or the staff member's.
    #[serde(default)]
    pub department_id: Option<i64>,
    /// 포상훈격, e.g. "이사장 표창".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub honour: String,
    /// What comes with it, e.g. "문경사랑상품권 10만원".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reward: String,
    /// 공적: why.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub grounds: String,
    /// A shared library entry it rests on.
    #[serde(default)]
    pub practice_id: Option<i64>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub awarded_on: String,
}

/// An award, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAward {
    pub year: i32,
    pub kind: AwardKind,
    pub staff_name: Option<String>,
    pub department_id: Option<i64>,
    pub honour: String,
    pub reward: String,
    pub grounds: String,
    pub practice_id: Option<i64>,
    pub awarded_on: NaiveDate,
}

impl AwardInput {
    /// The award, or every refused field at once: a staff award names the person, a
    /// department award the department; the year is past or this one and the day not to come.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidAward, FieldErrors> {
        let mut errs = FieldErrors::default();
        if !(AWARD_FIRST_YEAR..=today.year()).contains(&self.year) {
            errs.add("year", FieldError::YearOutOfRange { first: AWARD_FIRST_YEAR, last: today.year() });
        }
        let kind = errs.take("kind", self.kind.parse::<AwardKind>());
        let staff_name = optional(&mut errs, "staff_name", &self.staff_name, MAX_NAME);
        match kind {
            Some(AwardKind::Staff) if staff_name.is_none() => errs.add("staff_name", FieldError::Required),
            Some(AwardKind::Department) if self.department_id.is_none() => {
                errs.add("department_id", FieldError::Required);
            }
            _ => {}
        }
        let honour = shared_text(&mut errs, "honour", &self.honour, MAX_HONOUR, true, &[]);
        let reward = optional(&mut errs, "reward", &self.reward, MAX_REWARD).unwrap_or_default();
        let grounds = shared_text(&mut errs, "grounds", &self.grounds, MAX_TEXT, true, &[]);
        let awarded_on = match NaiveDate::parse_from_str(self.awarded_on.trim(), "%Y-%m-%d") {
            Ok(d) if d > today => {
                errs.add("awarded_on", FieldError::DateInFuture);
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errs.add(
                    "awarded_on",
                    if self.awarded_on.trim().is_empty() { FieldError::Required } else { FieldError::InvalidDate },
                );
                None
            }
        };
        match (kind, awarded_on) {
            (Some(kind), Some(awarded_on)) if errs.is_empty() => Ok(ValidAward {
                year: self.year,
                kind,
                // A department award names no person.
                staff_name: if kind == AwardKind::Staff { staff_name } else { None },
                department_id: self.department_id,
                honour,
                reward,
                grounds,
                practice_id: self.practice_id,
                awarded_on,
            }),
            _ => Err(errs),
        }
    }
}

/// Someone the year's record suggests for an award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub kind: AwardKind,
    /// The staff member (a staff candidate).
    pub staff_name: Option<String>,
    pub department_id: Option<i64>,
    /// Praise (칭찬 VOC) naming them that year.
    pub praise: i64,
    /// Shared library entries that year (a staff candidate: those naming them).
    pub practices: i64,
    /// Already awarded that year.
    pub awarded: bool,
}

/// Recipient: a staff member's name with their department, or a department (no name).
pub type Recipient = (Option<String>, Option<i64>);

/// The candidates for the year's awards, most recognised first (praise and shared practices
/// together, then praise, then name), at most [`CANDIDATES_SHOWN`] of each kind. `praise` are
/// the staff named on the year's praise, once per case; `practices` the year's shared entries'
/// staff (if any) and departments; `awarded` the year's awards.
pub fn award_candidates(
    praise: &[Recipient],
    practices: &[Recipient],
    awarded: &[(AwardKind, Recipient)],
) -> Vec<Candidate> {
    let mut tally: BTreeMap<(AwardKind, Recipient), (i64, i64)> = BTreeMap::new();
    for (name, department) in praise {
        tally.entry((AwardKind::Staff, (Some(name.clone().unwrap_or_default()), *department))).or_default().0 += 1;
        tally.entry((AwardKind::Department, (None, *department))).or_default().0 += 1;
    }
    for (name, department) in practices {
        if let Some(name) = name {
            tally.entry((AwardKind::Staff, (Some(name.clone()), *department))).or_default().1 += 1;
        }
        tally.entry((AwardKind::Department, (None, *department))).or_default().1 += 1;
    }
    let mut out: Vec<Candidate> = tally
        .into_iter()
        // A department candidate needs a department; a staff candidate a name.
        .filter(|((kind, (name, department)), _)| match kind {
            AwardKind::Staff => name.as_deref().is_some_and(|n| !n.is_empty()),
            AwardKind::Department => department.is_some(),
        })
        .map(|((kind, (staff_name, department_id)), (praise, practices))| Candidate {
            awarded: awarded.iter().any(|(k, (n, d))| {
                *k == kind && *d == department_id && (kind == AwardKind::Department || *n == staff_name)
            }),
            kind,
            staff_name,
            department_id,
            praise,
            practices,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.kind.as_str(), -(a.praise + a.practices), -a.praise, &a.staff_name, a.department_id).cmp(&(
            b.kind.as_str(),
            -(b.praise + b.practices),
            -b.praise,
            &b.staff_name,
            b.department_id,
        ))
    });
    let mut shown: BTreeMap<AwardKind, usize> = BTreeMap::new();
    out.retain(|c| {
        let n = shown.entry(c.kind).or_default();
        *n += 1;
        *n <= CANDIDATES_SHOWN
    });
    out
}

impl PartialOrd for AwardKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AwardKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice() -> PracticeInput {
        PracticeInput {
            kind: "good".into(),
            title: " 휠체어 이용객 동행 안내 ".into(),
            situation: "휠체어 이용객이 레일바이크 승차장을 찾지 못했다.".into(),
            action: "직원이 승차장까지 동행하고 경사로 안내판을 설치했다.".into(),
            lesson: "이동 약자의 동선을 현장에서 다시 점검한다.".into(),
            staff_name: "김친절".into(),
        }
    }

    #[test]
    fn a_practice_needs_its_texts_and_holds_no_personal_data() {
        let p = practice().validate(&["홍길동", "010-1234-5678"]).unwrap();
        assert_eq!(
            (p.kind, p.title.as_str(), p.staff_name.as_deref()),
            (PracticeKind::Good, "휠체어 이용객 동행 안내", Some("김친절"))
        );
        let bad = PracticeInput {
            kind: "great".into(),
            title: String::new(),
            situation: "홍길동 님이 항의".into(),
            action: "010-1234-5678로 회신".into(),
            lesson: "가".repeat(2001),
            staff_name: String::new(),
        };
        assert_eq!(
            bad.validate(&["홍길동"]).unwrap_err().codes(),
            [
                ("action", "personal_data"),
                ("kind", "unknown_option"),
                ("lesson", "too_long"),
                ("situation", "personal_data"),
                ("title", "required")
            ]
        );
        let unnamed = PracticeInput { staff_name: "  ".into(), ..practice() }.validate(&[]).unwrap();
        assert_eq!(unnamed.staff_name, None);
    }

    #[test]
    fn declining_needs_a_reason_and_sharing_keeps_none() {
        assert_eq!(PracticeDecisionInput { share: true, reason: "좋음".into() }.validate(), Ok(None));
        assert_eq!(
            PracticeDecisionInput { share: false, reason: " 유사 사례 있음 ".into() }.validate(),
            Ok(Some("유사 사례 있음".into()))
        );
        let e = PracticeDecisionInput { share: false, reason: " ".into() }.validate().unwrap_err();
        assert_eq!(e.codes(), [("reason", "required")]);
    }

    #[test]
    fn who_sees_and_decides_an_entry() {
        use PracticeState::*;
        assert!(practice_visible(Role::Handler, Some(2), Shared, Some(3)));
        assert!(practice_visible(Role::Handler, Some(2), Proposed, Some(2)));
        assert!(!practice_visible(Role::Handler, Some(2), Proposed, Some(3)));
        assert!(!practice_visible(Role::Receiver, None, Declined, None), "no department is not every department");
        assert!(practice_visible(Role::VocManager, None, Declined, Some(3)));
        assert!(!practice_visible(Role::PrivacyOfficer, None, Shared, Some(3)));
        assert!(practice_actions(Role::VocManager, Proposed).decide);
        assert!(!practice_actions(Role::VocManager, Shared).decide);
        assert!(!practice_actions(Role::DepartmentHead, Proposed).decide);
        assert!(!practice_actions(Role::Executive, Proposed).decide);
    }

    fn award() -> AwardInput {
        AwardInput {
            year: 2026,
            kind: "staff".into(),
            staff_name: "김친절".into(),
            department_id: Some(2),
            honour: "이사장 표창".into(),
            reward: "문경사랑상품권 10만원".into(),
            grounds: "칭찬 민원 12건, 우수사례 2건".into(),
            practice_id: None,
            awarded_on: "2026-12-20".into(),
        }
    }

    #[test]
    fn an_award_names_whom_it_rewards_and_when() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        let a = award().validate(today).unwrap();
        assert_eq!(
            (a.kind, a.staff_name.as_deref(), a.awarded_on.to_string()),
            (AwardKind::Staff, Some("김친절"), "2026-12-20".into())
        );
        let dept = AwardInput { kind: "department".into(), ..award() }.validate(today).unwrap();
        assert_eq!(dept.staff_name, None, "a department award names no person");
        let bad = AwardInput {
            year: 2027,
            kind: "staff".into(),
            staff_name: String::new(),
            department_id: None,
            honour: String::new(),
            reward: String::new(),
            grounds: "x".into(),
            practice_id: None,
            awarded_on: "2026-12-29".into(),
        };
        assert_eq!(
            bad.validate(today).unwrap_err().codes(),
            [
                ("awarded_on", "date_in_future"),
                ("honour", "required"),
                ("staff_name", "required"),
                ("year", "year_out_of_range")
            ]
        );
        let no_dept =
            AwardInput { kind: "department".into(), department_id: None, awarded_on: "12/20".into(), ..award() };
        assert_eq!(
            no_dept.validate(today).unwrap_err().codes(),
            [("awarded_on", "invalid_date"), ("department_id", "required")]
        );
        assert_eq!(
            AwardInput { kind: "team".into(), ..award() }.validate(today).unwrap_err().codes(),
            [("kind", "unknown_option")]
        );
    }

    #[test]
    fn candidates_come_from_praise_and_shared_practices() {
        let who = |n: &str, d: i64| (Some(n.to_owned()), Some(d));
        let praise = [who("김친절", 2), who("김친절", 2), who("이성실", 3), who("박동행", 2)];
        let practices = [who("박동행", 2), (None, Some(3))];
        let awarded = [(AwardKind::Staff, who("이성실", 3))];
        let c = award_candidates(&praise, &practices, &awarded);
        let line = |c: &Candidate| (c.kind, c.staff_name.clone(), c.department_id, c.praise, c.practices, c.awarded);
        assert_eq!(
            c.iter().map(line).collect::<Vec<_>>(),
            [
                (AwardKind::Department, None, Some(2), 3, 1, false),
                (AwardKind::Department, None, Some(3), 1, 1, false),
                (AwardKind::Staff, Some("김친절".into()), Some(2), 2, 0, false),
                (AwardKind::Staff, Some("박동행".into()), Some(2), 1, 1, false),
                (AwardKind::Staff, Some("이성실".into()), Some(3), 1, 0, true),
            ]
        );
        let many: Vec<Recipient> = (0..15).map(|i| who(&format!("직원{i:02}"), 9)).collect();
        assert_eq!(
            award_candidates(&many, &[], &[]).iter().filter(|c| c.kind == AwardKind::Staff).count(),
            CANDIDATES_SHOWN
        );
    }
}
